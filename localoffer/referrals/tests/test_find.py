"""Staff find any referral they may see, long after triage: by reference, the child's name or date of birth,
when it was received, its status and what it is. Every search is audited."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from localoffer.audit.models import Action, AuditEvent
from localoffer.core.roles import Role
from localoffer.referrals import services
from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.selectors import ReferralQuery, reference_typed, referral_search
from localoffer.referrals.tests.helpers import a_draft, a_safety_concern, a_submitted_referral

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


def _refs(user: Any, **query: Any) -> set[str]:
    return {r.reference for r in referral_search(user=user, query=ReferralQuery(**query)) if r.reference}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("MED-1234-AB", "MED-1234-AB"),
        ("med 1234 ab", "MED-1234-AB"),
        ("MED1234AB", "MED-1234-AB"),
        (" 1234-ab ", "MED-1234-AB"),
        ("1234", "MED-1234-"),
        ("Amara", None),
        ("12345", None),
    ],
)
def test_a_reference_is_read_as_people_type_it(typed: str, stored: str | None) -> None:
    assert reference_typed(typed) == stored


def test_finds_a_referral_by_its_reference_after_an_outcome(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER])
    other = a_submitted_referral(user=users[Role.PARENT_CARER], first_name="Zed")
    services.referral_record_outcome(
        referral=referral, outcome=Status.NO_FURTHER_ACTION, reason="Moved", by=sds
    )
    assert referral.reference is not None
    assert _refs(sds, text=referral.reference.lower().replace("-", " ")) == {referral.reference}
    assert other.reference not in _refs(sds, text=referral.reference)


def test_finds_by_the_childs_name_as_told_or_on_the_record(users: dict[str, Any], child: Any) -> None:
    duty = users[Role.DUTY_WORKER]
    told = a_safety_concern(child_name="Amara Okafor")
    matched = a_safety_concern(key="k2", child_name="A girl called Bee")
    services.referral_match_child(referral=matched, child=child, by=duty, name=child.first_name)
    unrelated = a_safety_concern(key="k3", child_name="Someone Else")
    assert _refs(duty, text="amara okafor") == {told.reference}
    assert _refs(duty, text="okafor") == {told.reference}
    assert _refs(duty, text=f"{child.first_name} {child.last_name}") == {matched.reference}
    assert unrelated.reference not in _refs(duty, text="amara")


def test_finds_by_date_of_birth_and_date_received(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    amara = a_submitted_referral(user=users[Role.PARENT_CARER])  # born 27 March 2015
    riley = a_submitted_referral(
        user=users[Role.PARENT_CARER], first_name="Riley", date_of_birth="2012-01-20"
    )
    Referral.objects.filter(pk=riley.pk).update(submitted_at=timezone.now() - dt.timedelta(days=40))
    assert _refs(sds, date_of_birth=dt.date(2015, 3, 27)) == {amara.reference}
    today = timezone.localdate()
    assert _refs(sds, received_from=today - dt.timedelta(days=1)) == {amara.reference}
    assert _refs(sds, received_to=today - dt.timedelta(days=30)) == {riley.reference}


def test_a_worrys_date_of_birth_is_found(users: dict[str, Any]) -> None:
    concern = a_safety_concern(child_date_of_birth=dt.date(2015, 3, 27))
    assert _refs(users[Role.DUTY_WORKER], date_of_birth=dt.date(2015, 3, 27)) == {concern.reference}


def test_lists_only_what_the_worker_may_see_and_never_a_draft(users: dict[str, Any]) -> None:
    parent = users[Role.PARENT_CARER]
    grant = a_submitted_referral(user=parent)
    disability = a_submitted_referral(user=parent, route=Route.DISABILITY_TEAM)
    a_draft(user=parent, route=Route.EARLY_HELP)
    concern = a_safety_concern()
    assert _refs(users[Role.SDS_COORDINATOR]) == {grant.reference}
    assert _refs(users[Role.SOCIAL_WORKER]) == {disability.reference}
    assert _refs(users[Role.DUTY_WORKER]) == {concern.reference}
    assert not referral_search(user=users[Role.SDS_COORDINATOR], query=ReferralQuery()).filter(
        status=Status.DRAFT
    )


def test_filters_by_status_and_route(users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    waiting = a_submitted_referral(user=users[Role.PARENT_CARER])
    closed = a_submitted_referral(user=users[Role.PARENT_CARER], first_name="Zed")
    services.referral_record_outcome(referral=closed, outcome=Status.NO_FURTHER_ACTION, reason="x", by=sds)
    assert _refs(sds, statuses=("no_further_action",)) == {closed.reference}
    assert _refs(sds, statuses=("submitted",)) == {waiting.reference}
    assert _refs(sds, routes=(Route.DISABILITY_TEAM,)) == set()


def test_every_search_is_audited_with_what_was_looked_for(users: dict[str, Any]) -> None:
    list(referral_search(user=users[Role.DUTY_WORKER], query=ReferralQuery(text="Amara")))
    event = AuditEvent.objects.get(action=Action.SEARCH, object_type="referrals.referral")
    assert event.actor == users[Role.DUTY_WORKER]
    assert "Amara" in event.detail


def test_the_find_page_lists_past_triage_with_filters_to_remove(client: Any, users: dict[str, Any]) -> None:
    sds = users[Role.SDS_COORDINATOR]
    waiting = a_submitted_referral(user=users[Role.PARENT_CARER])
    accepted = a_submitted_referral(user=users[Role.PARENT_CARER], first_name="Zed")
    services.referral_create_child(referral=accepted, by=sds)
    services.referral_record_outcome(referral=accepted, outcome=Status.ACCEPTED, reason="", by=sds)
    client.force_login(sds)
    queue = client.get(reverse("referrals:queue")).content.decode()
    assert "Referrals already triaged" in queue
    link = re.search(r'href="([^"]+)">Referrals already triaged', queue)
    assert link is not None
    page = client.get(html.unescape(link.group(1))).content.decode()
    assert accepted.reference in page
    assert waiting.reference not in page
    assert "Remove filter" in page
    assert "Accepted" in page
    assert "Zed Okafor, born 27 March 2015" in page


def test_bad_dates_on_the_find_page_are_explained_and_kept(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(
        reverse("referrals:find"),
        {"q": "Amara", "received_from_day": "1", "received_from_month": "13", "received_from_year": "2026"},
    ).content.decode()
    assert "Received from must be a real date" in page
    assert 'class="govuk-error-summary"' in page
    assert 'value="13"' in page
    assert 'value="Amara"' in page
