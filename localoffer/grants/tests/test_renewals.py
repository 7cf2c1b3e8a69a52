from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from localoffer.core.roles import Role
from localoffer.grants.models import AwardStatus, CaseKind, RenewalStatus
from localoffer.grants.renewals import (
    circumstance_changes,
    renewal_respond,
    renewals_run,
    spending_return_create,
)
from localoffer.grants.services import TransitionNotAllowed
from localoffer.grants.tests.helpers import an_approved_case
from localoffer.people.tests.factories import ChildFactory

# Every grant record stands on a published policy: Medway's, loaded by the `policy` fixture.
pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("policy")]


@pytest.fixture
def award(users: dict[str, Any]) -> Any:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    parent = users[Role.PARENT_CARER]
    parent.email = "parent@example.com"
    parent.save(update_fields=["email"])
    child: Any = ChildFactory(date_of_birth=dt.date(2015, 3, 27), postcode="ME4 4AA")
    family_link_create(child=child, user=parent, relationship=Relationship.PARENT)
    return an_approved_case(child).award


def test_family_is_invited_reminded_and_the_award_lapses_with_notice(
    award: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ends = award.ends_on
    with django_capture_on_commit_callbacks(execute=True):
        assert renewals_run(today=ends - dt.timedelta(days=60)).invited == 0
        assert renewals_run(today=ends - dt.timedelta(days=42)).invited == 1
        assert renewals_run(today=ends - dt.timedelta(days=41)).invited == 0  # invited once
        assert renewals_run(today=ends - dt.timedelta(days=28)).reminded == 1
        assert renewals_run(today=ends + dt.timedelta(days=1)).lapsed == 1
    award.refresh_from_db()
    assert award.status == AwardStatus.ENDED
    assert award.renewal.status == RenewalStatus.LAPSED
    subjects = [message.subject for message in mail.outbox]
    assert subjects[0] == "Your short breaks grant: time to ask for the annual review"
    assert subjects[1].startswith("Reminder: your short breaks grant ends on")
    assert subjects[2] == "Your short breaks grant has ended"


def test_answering_the_invitation_opens_a_renewal_case_once(award: Any, users: dict[str, Any]) -> None:
    renewals_run(today=award.ends_on - dt.timedelta(days=42))
    renewal = renewal_respond(renewal=award.renewal, by=users[Role.PARENT_CARER])
    assert renewal.status == RenewalStatus.ANSWERED
    assert renewal.case is not None
    assert renewal.case.kind == CaseKind.RENEWAL
    with pytest.raises(TransitionNotAllowed):
        renewal_respond(renewal=renewal, by=users[Role.PARENT_CARER])
    assert renewals_run(today=award.ends_on + dt.timedelta(days=1)).lapsed == 0


def test_changes_of_circumstance_are_caught(award: Any) -> None:
    from localoffer.people.models import Child

    assert circumstance_changes(today=dt.date(2026, 11, 23)) == []
    Child.objects.filter(pk=award.child_id).update(postcode="CT1 1AA")
    assert [c.what for c in circumstance_changes(today=dt.date(2026, 11, 23))] == [
        "Postcode CT1 1AA is outside Medway"
    ]
    Child.objects.filter(pk=award.child_id).update(postcode="ME4 4AA", date_of_birth=dt.date(2008, 1, 1))
    assert [c.what for c in circumstance_changes(today=dt.date(2026, 11, 23))] == ["Turned 18"]


def test_spending_outside_the_inclusion_criteria_is_flagged(award: Any) -> None:
    machine = spending_return_create(
        award=award,
        category="Household goods and appliances",
        description="A washing machine",
        amount_pence=39_900,
        spent_on=dt.date(2026, 12, 1),
        by=None,
    )
    assert machine.flagged
    assert machine.flag_reason == "The grant cannot pay for household goods and appliances."
    swimming = spending_return_create(
        award=award,
        category="Lessons and courses for the child",
        description="Swimming lessons",
        amount_pence=6_000,
        spent_on=dt.date(2026, 12, 1),
        by=None,
    )
    assert not swimming.flagged
    with pytest.raises(ValidationError):
        spending_return_create(
            award=award,
            category="Made up",
            description="x",
            amount_pence=1,
            spent_on=dt.date(2026, 12, 1),
            by=None,
        )


def test_family_records_spending_and_the_coordinator_sees_the_flag(
    client: Any, users: dict[str, Any], award: Any
) -> None:
    from localoffer.grants.tests.helpers import with_short_breaks_team

    with_short_breaks_team(award.child)
    client.force_login(users[Role.PARENT_CARER])
    url = reverse("grants:spending", args=[award.id])
    form = {
        "category": "Leisure passes or tickets for the whole family",
        "description": "Family passes to the leisure centre",
        "amount": "twelve",
        "spent_on": "1/12/2026",
    }
    page = client.post(url, form).content.decode()
    assert "Enter the cost in pounds, like 45 or 12.50" in page
    assert "Family passes to the leisure centre" in page
    response = client.post(url, {**form, "amount": "120.50"}, follow=True)
    assert "A coordinator will contact you about it." in response.content.decode()
    client.force_login(users[Role.SDS_COORDINATOR])
    page = client.get(reverse("grants:spending-flagged")).content.decode()
    assert "Family passes to the leisure centre" in page
    assert "£120.50" in page
