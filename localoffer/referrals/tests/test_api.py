from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from localoffer.referrals.models import PartnerKey, PartnerOrganisation, Referral, Status
from localoffer.referrals.services import partner_key_issue, partner_key_revoke

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]
URL = "/api/referrals/referrals"


@pytest.fixture
def key(medway: None) -> str:
    school = PartnerOrganisation.objects.create(name="Greenvale School")
    return partner_key_issue(organisation=school)[1]


def body(**changes: Any) -> dict[str, Any]:
    return {
        "route": "early_help",
        "referrer": {
            "name": "Ms Head",
            "email": "head@greenvale.example",
            "job_title": "Designated safeguarding lead",
        },
        "child": {
            "first_name": "Amara",
            "last_name": "Okafor",
            "date_of_birth": "2015-03-27",
            "postcode": "ME2 4AA",
        },
        "consent_given": True,
        "details": "The family are struggling with rent arrears.",
        "area": "Strood",
        **changes,
    }


def post(client: Any, key: str, data: dict[str, Any], idempotency: str = "request-0001") -> Any:
    return client.post(
        URL,
        data,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": idempotency},
    )


def test_a_partner_sends_a_referral_once_whatever_the_retries(client: Any, key: str) -> None:
    first = post(client, key, body())
    again = post(client, key, body())
    assert first.status_code == 201
    assert again.status_code == 200
    assert first.json()["reference"] == again.json()["reference"]
    assert first.json()["team"] == "Strood Children and Family Hub"
    referral = Referral.objects.get()
    assert referral.partner is not None
    assert referral.partner.name == "Greenvale School"
    assert referral.consent_given is True
    assert referral.child is None  # matched by a worker, never silently


def test_a_used_key_with_a_different_request_is_refused(client: Any, key: str) -> None:
    post(client, key, body())
    conflict = post(client, key, body(details="Something else"))
    assert conflict.status_code == 409
    assert Referral.objects.count() == 1


def test_refuses_without_a_valid_key(client: Any, key: str) -> None:
    assert post(client, "lo_nothing_here", body()).status_code == 401
    assert client.post(URL, body(), content_type="application/json").status_code == 401
    partner_key_revoke(key=PartnerKey.objects.get())
    assert post(client, key, body()).status_code == 401
    assert not Referral.objects.exists()


def test_only_a_hash_of_the_key_is_kept(key: str) -> None:
    stored = PartnerKey.objects.get()
    assert key.split("_", 2)[2] not in (stored.secret_hash, stored.prefix)


@pytest.mark.parametrize(
    ("changes", "loc", "message"),
    [
        ({"consent_given": False}, ["body", "payload", "consent_given"], "needs the consent"),
        ({"area": None}, ["body", "payload", "area"], "Choose the family's area"),
        (
            {
                "child": {
                    "first_name": "A",
                    "last_name": "B",
                    "date_of_birth": "2099-01-01",
                    "postcode": "ME2 4AA",
                }
            },
            ["body", "payload", "child", "date_of_birth"],
            "today or in the past",
        ),
        ({"details": "  "}, ["body", "payload", "details"], "Enter some visible text"),
        ({"details": "bad\x00byte"}, ["body", "payload", "details"], "without control characters"),
        (
            {
                "child": {
                    "first_name": "A",
                    "last_name": "B",
                    "date_of_birth": "2015-01-01",
                    "postcode": "12345",
                }
            },
            ["body", "payload", "child", "postcode"],
            "Enter a postcode like ME4 4TR",
        ),
        ({"route": "short_breaks_grant"}, ["body", "payload", "route"], "Input should be"),
    ],
)
def test_bad_input_gets_a_problem_for_the_field(
    client: Any, key: str, changes: dict[str, Any], loc: list[str], message: str
) -> None:
    response = post(client, key, body(**changes))
    assert response.status_code == 422
    problems = response.json()["detail"]
    assert any(p["loc"] == loc and message in p["msg"] for p in problems), problems
    assert not Referral.objects.exists()


def test_a_safety_concern_without_consent_needs_a_reason_and_goes_to_duty_first(
    client: Any, key: str
) -> None:
    refused = post(client, key, body(route="safety_concern", consent_given=False, area=None))
    assert refused.status_code == 422
    sent = post(
        client,
        key,
        body(
            route="safety_concern",
            consent_given=False,
            area=None,
            no_consent_reason="Could increase the risk",
        ),
        idempotency="request-0002",
    )
    assert sent.status_code == 201
    referral = Referral.objects.get()
    assert referral.urgent
    assert referral.team is not None
    assert referral.team.slug == "childrens-advice-and-duty-service"


def test_a_partner_sees_only_its_own_referrals(client: Any, key: str) -> None:
    created = post(client, key, body()).json()
    other = partner_key_issue(organisation=PartnerOrganisation.objects.create(name="Medway Health"))[1]
    mine = client.get(f"{URL}/{created['id']}", headers={"Authorization": f"Bearer {key}"})
    theirs = client.get(f"{URL}/{created['id']}", headers={"Authorization": f"Bearer {other}"})
    assert mine.status_code == 200
    assert mine.json()["status"] == Status.SUBMITTED
    from localoffer.audit.models import Action, AuditEvent

    read = AuditEvent.objects.get(action=Action.VIEW, object_id=created["id"])
    assert read.actor_name == "partner API: Greenvale School"
    assert theirs.status_code == 404


def test_the_command_issues_a_key_that_works(client: Any, medway: None) -> None:
    out = StringIO()
    call_command("issue_partner_key", "Medway Maritime Hospital", stdout=out)
    secret = out.getvalue().rsplit(": ", 1)[1].strip()
    assert post(client, secret, body()).status_code == 201


def test_the_published_openapi_documents_the_key_and_idempotency(client: Any) -> None:
    schema = client.get("/api/referrals/openapi.json").json()
    operation = schema["paths"]["/api/referrals/referrals"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in operation["parameters"])
    assert {"201", "200", "409", "422"} <= set(operation["responses"])
    assert "bearer" in str(schema["components"]["securitySchemes"]).lower()


def test_the_team_reads_a_partners_referral_in_plain_words(
    client: Any, key: str, users: dict[str, Any]
) -> None:
    from localoffer.core.roles import Role
    from localoffer.teams.models import Team

    created = post(client, key, body(area="Chatham")).json()
    worker = users[Role.EARLY_HELP_PRACTITIONER]
    assert worker.team == Team.objects.get(slug="chatham-all-saints-hub")
    client.force_login(worker)
    page = client.get(f"/referrals/{created['id']}/").content.decode()
    assert "The family are struggling with rent arrears." in page
    assert "Referrer: Name" in page
    assert "Ms Head" in page
