from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.urls import reverse

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.tests.helpers import a_safety_concern, a_submitted_referral

pytestmark = pytest.mark.django_db

DOB = {"date_of_birth_day": "27", "date_of_birth_month": "3", "date_of_birth_year": "2015"}


def _start(client: Any, name: str = "referrals:apply-short-breaks") -> Referral:
    response = client.post(reverse(name))
    assert response.status_code == 302
    return Referral.objects.filter(status=Status.DRAFT).latest("created_at")


def test_anyone_can_start_without_an_account(client: Any, users: dict[str, Any]) -> None:
    response = client.post(reverse("referrals:apply-short-breaks"))
    draft = Referral.objects.get()
    assert draft.submitted_by is None
    assert response["Location"] == reverse("referrals:step", args=[draft.id, "child"])
    assert client.get(response["Location"]).status_code == 200


def test_short_breaks_application_end_to_end(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    parent = users[Role.PARENT_CARER]
    client.force_login(parent)
    draft = _start(client)
    pages = [
        (
            "child",
            {
                "first_name": "Amara",
                "last_name": "Okafor",
                **DOB,
                "postcode": "me44tr",
            },
        ),
        ("diagnosis", {"diagnosis": "Autism"}),
        ("diagnosis-letter", {}),
        ("dla", {"dla_care_rate": "higher", "dla_mobility_rate": "none"}),
        ("dla-letter", {}),
        ("impact", {"impact_on_family": "Hard", "risk_of_breakdown": "High"}),
        ("carers-needs", {"carers_needs": "Sleep"}),
        ("breaks", {"breaks_wanted": "Swimming"}),
        ("payment", {"payment_method": "managed_account"}),
        ("contact", {"contact_email": "amara.parent@example.com"}),
    ]
    for slug, data in pages:
        response = client.post(reverse("referrals:step", args=[draft.id, slug]), data)
        assert response.status_code == 302, (slug, response.content.decode()[:2000])
    check = client.get(reverse("referrals:check", args=[draft.id]))
    assert "ME4 4TR" in check.content.decode()
    assert "Into a managed account" in check.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(reverse("referrals:check", args=[draft.id]), follow=True)
        client.post(reverse("referrals:check", args=[draft.id]))  # a double click
    referral = Referral.objects.get(pk=draft.pk)
    page = sent.content.decode()
    assert referral.status == Status.SUBMITTED
    assert referral.reference in page
    assert "Short breaks and the Self Directed Support Team" in page
    assert len(mail.outbox) == 1
    assert referral.short_breaks.dla_care_rate == "higher"
    mine = client.get(reverse("referrals:mine")).content.decode()
    assert referral.reference in mine
    assert "Received" in mine


def test_a_validation_error_keeps_what_was_typed(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    response = client.post(
        reverse("referrals:step", args=[draft.id, "child"]),
        {
            "first_name": "Amara",
            "last_name": "",
            "date_of_birth_day": "31",
            "date_of_birth_month": "2",
            "date_of_birth_year": "2020",
            "postcode": "ME4 4TR",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter their last name" in page
    assert "Date of birth must be a real date" in page
    assert 'href="#id_date_of_birth_day"' in page  # the error summary's link: the date's first box
    assert 'value="Amara"' in page
    assert 'value="31"' in page
    assert 'value="2020"' in page
    assert page.count("Error: ") == 1  # in the title, once (inline errors say "Error:" to screen readers)


def test_save_and_come_back_resumes_where_they_were(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    client.post(
        reverse("referrals:step", args=[draft.id, "child"]),
        {"first_name": "Amara", "last_name": "Okafor", **DOB, "postcode": "ME4 4TR"},
    )
    saved = client.post(
        reverse("referrals:step", args=[draft.id, "diagnosis"]), {"diagnosis": "Autism", "later": "1"}
    )
    assert saved["Location"] == reverse("referrals:mine")
    again = client.post(reverse("referrals:apply-short-breaks"))
    # the next page not yet answered: the letter's page (optional, but shown to everyone)
    assert again["Location"] == reverse("referrals:step", args=[draft.id, "diagnosis-letter"])
    back = client.get(reverse("referrals:step", args=[draft.id, "diagnosis"])).content.decode()
    assert "Autism" in back


def test_a_draft_is_private_to_its_author(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    client.force_login(users[Role.YOUNG_PERSON])
    assert client.get(reverse("referrals:step", args=[draft.id, "child"])).status_code == 403
    assert AuditEvent.objects.filter(action=Action.VIEW_DENIED, object_id=str(draft.id)).exists()


def test_consent_page_only_for_professionals_and_refuses_no(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.REFERRING_PROFESSIONAL])
    draft = _start(client, "referrals:apply-disability-team")
    response = client.post(
        reverse("referrals:step", args=[draft.id, "who"]), {"referrer_kind": "professional"}
    )
    assert response["Location"] == reverse("referrals:step", args=[draft.id, "consent"])
    refused = client.post(reverse("referrals:step", args=[draft.id, "consent"]), {"consent": "no"})
    assert "Ask the parent or carer" in refused.content.decode()


def test_safety_concern_is_sent_once_and_shown_to_duty_first(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    form = client.get(reverse("referrals:safety-concern")).content.decode()
    assert "999" in form
    data = {
        "submission_key": "k-123",
        "referrer_kind": "other",
        "concern": "I heard shouting and a child crying every night.",
        "family_knows": "no",
        "no_consent_reason": "I am their neighbour.",
    }
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(reverse("referrals:safety-concern"), data, follow=True)
        client.post(reverse("referrals:safety-concern"), data)  # a refresh or double click
    concern = Referral.objects.get(route=Route.SAFETY_CONCERN)
    assert concern.reference in first.content.decode()
    assert any(m.to == ["duty@localhost"] for m in mail.outbox)
    client.force_login(users[Role.DUTY_WORKER])
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "1 worry about a child" in queue
    assert concern.reference in queue


def test_urgent_work_is_ahead_of_older_work_in_the_same_queue(users: dict[str, Any]) -> None:
    from localoffer.referrals.selectors import team_queue
    from localoffer.teams.models import Team

    older = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    Referral.objects.filter(pk=older.pk).update(
        team=Team.objects.get(slug="childrens-advice-and-duty-service")
    )
    concern = a_safety_concern()
    assert [item.pk for item in team_queue(user=users[Role.DUTY_WORKER])] == [concern.pk, older.pk]


def test_safety_concern_asks_why_the_family_does_not_know(client: Any, users: dict[str, Any]) -> None:
    response = client.post(
        reverse("referrals:safety-concern"),
        {"submission_key": "k", "referrer_kind": "other", "concern": "Worried", "family_knows": "no"},
    )
    assert "Enter why the family does not know" in response.content.decode()
    assert not Referral.objects.exists()


def test_queue_shows_only_the_teams_own_work_urgent_first(client: Any, users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    short_breaks = a_submitted_referral(user=parent)
    disability = a_submitted_referral(user=parent, route=Route.DISABILITY_TEAM)
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(reverse("referrals:queue")).content.decode()
    assert short_breaks.reference in page
    assert disability.reference not in page
    assert client.get(reverse("referrals:detail", args=[disability.id])).status_code == 403


def test_triage_assign_match_and_outcome_seen_by_the_family(
    client: Any, users: dict[str, Any], django_capture_on_commit_callbacks: Any
) -> None:
    parent = users[Role.PARENT_CARER]
    referral = a_submitted_referral(user=parent)
    worker = users[Role.SDS_COORDINATOR]
    client.force_login(worker)
    page = client.get(reverse("referrals:detail", args=[referral.id])).content.decode()
    assert "Autism spectrum condition" in page
    assert AuditEvent.objects.filter(action=Action.VIEW, object_id=str(referral.id), actor=worker).exists()
    client.post(reverse("referrals:assign", args=[referral.id]), {"worker": worker.pk})
    client.post(reverse("referrals:match", args=[referral.id]), {"child": "new"})
    missing_reason = client.post(
        reverse("referrals:outcome", args=[referral.id]), {"outcome": "no_further_action"}
    )
    assert "Enter why no further action is being taken" in missing_reason.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("referrals:outcome", args=[referral.id]), {"outcome": "accepted", "reason": ""})
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED
    assert referral.assigned_to == worker
    assert referral.child is not None
    assert [d.kind for d in referral.decisions.all()] == [
        "submitted",
        "assigned",
        "child_created",
        "accepted",
    ]
    client.force_login(parent)
    family = client.get(reverse("referrals:detail", args=[referral.id])).content.decode()
    assert "Accepted: an assessment has been opened" in family
    assert "The team will contact you to arrange an assessment." in family
    assert f"An update on {referral.reference}" in family


def test_duty_sees_a_safety_concern_but_not_other_teams_work(client: Any, users: dict[str, Any]) -> None:
    concern = a_safety_concern()
    grant = a_submitted_referral(user=users[Role.PARENT_CARER])
    client.force_login(users[Role.DUTY_WORKER])
    assert client.get(reverse("referrals:detail", args=[concern.id])).status_code == 200
    assert client.get(reverse("referrals:detail", args=[grant.id])).status_code == 403


def test_duty_dashboard_alerts_to_a_waiting_safety_concern(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.DUTY_WORKER])
    assert "about a child's safety waiting" not in client.get(reverse("accounts:dashboard")).content.decode()
    a_safety_concern()
    page = client.get(reverse("accounts:dashboard")).content.decode()
    assert "1 worry about a child's safety waiting" in page
    client.force_login(users[Role.SDS_COORDINATOR])
    assert "safety waiting" not in client.get(reverse("accounts:dashboard")).content.decode()


def test_duty_reads_a_safety_concern_in_plain_words(client: Any, users: dict[str, Any]) -> None:
    concern = a_safety_concern()
    client.force_login(users[Role.DUTY_WORKER])
    page = client.get(reverse("referrals:detail", args=[concern.id])).content.decode()
    assert "What are you worried about?" in page
    assert "Bruises on the arm, twice this week." in page
    assert "submission_key" not in page


def test_check_answers_says_which_pages_still_need_answers(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.PARENT_CARER])
    draft = _start(client)
    response = client.post(reverse("referrals:check", args=[draft.id]))
    page = response.content.decode()
    assert "Answer the questions about how the grant is paid before you send" in page
    assert Referral.objects.get(pk=draft.pk).status == Status.DRAFT
