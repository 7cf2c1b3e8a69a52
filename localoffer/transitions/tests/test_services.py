"""Transitions: alerts ahead of each age, nothing lapsing by age, and the young person's say from 18."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from localoffer.core.roles import Role
from localoffer.people.access import child_access, children_visible_to
from localoffer.people.models import Relationship
from localoffer.people.services import family_link_create, involvement_start
from localoffer.people.tests.factories import ChildFactory
from localoffer.teams.models import Team
from localoffer.transitions import selectors, services
from localoffer.transitions.ages import birthday
from localoffer.transitions.models import TransitionStatus

pytestmark = pytest.mark.django_db


def _young_person(age: int, *, days_to_birthday: int, users: dict[str, Any]) -> Any:
    """On the 0 to 25 team's caseload, turning `age` in `days_to_birthday` days (negative: already past)."""
    today = timezone.localdate()
    turns_on = today + dt.timedelta(days=days_to_birthday)
    child: Any = ChildFactory(date_of_birth=birthday(turns_on, -age))
    involvement_start(
        child=child,
        team=Team.objects.get(slug="0-to-25-disability-team"),
        started_on=today - dt.timedelta(days=400),
        lead_worker=users[Role.SOCIAL_WORKER],
    )
    return child


def test_lists_young_people_within_six_months_of_an_age_and_those_past_due(users: dict[str, Any]) -> None:
    worker = users[Role.SOCIAL_WORKER]
    soon = _young_person(16, days_to_birthday=60, users=users)
    later = _young_person(16, days_to_birthday=200, users=users)
    late = _young_person(17, days_to_birthday=-10, users=users)
    lists = selectors.transitions_due(user=worker)
    assert [item.child for item in lists.coming[16]] == [soon]
    assert later not in [item.child for items in lists.coming.values() for item in items]
    assert (late, 17) in [(item.child, item.milestone.age) for item in lists.past_due]
    # Done, it leaves the lists.
    services.transition_record(
        child=late, age=17, by=worker, next_worker="Ann Adult", requested_on=timezone.localdate()
    )
    lists = selectors.transitions_due(user=worker)
    assert (late, 17) not in [(item.child, item.milestone.age) for item in lists.past_due]


def test_sixteen_in_care_needs_a_personal_adviser_or_the_reason_to_stay(users: dict[str, Any]) -> None:
    worker = users[Role.SOCIAL_WORKER]
    child = _young_person(16, days_to_birthday=30, users=users)
    with pytest.raises(ValidationError) as refused:
        services.transition_record(
            child=child, age=16, by=worker, in_care=True, what_was_done="Planning started"
        )
    assert "personal adviser" in str(refused.value)
    services.transition_record(
        child=child,
        age=16,
        by=worker,
        in_care=True,
        next_worker="Pat Adviser",
        what_was_done="Planning started",
    )
    teams = set(child.involvements.filter(ended_on__isnull=True).values_list("team__slug", flat=True))
    # The leaving care team joins; the social worker is not taken off.
    assert teams == {"0-to-25-disability-team", "leaving-care-16-plus-team"}


def test_too_early_to_record_is_refused(users: dict[str, Any]) -> None:
    child = _young_person(14, days_to_birthday=300, users=users)
    with pytest.raises(ValidationError, match="record this from 6 months before"):
        services.transition_record(child=child, age=14, by=users[Role.SOCIAL_WORKER], what_was_done="A plan")


def test_at_twenty_five_the_team_stays_until_adult_social_services_accept(users: dict[str, Any]) -> None:
    worker = users[Role.SOCIAL_WORKER]
    child = _young_person(25, days_to_birthday=-5, users=users)
    today = timezone.localdate()
    record = services.transition_record(
        child=child,
        age=25,
        by=worker,
        requested_on=today - dt.timedelta(days=30),
        what_was_done="Care plan sent",
    )
    assert record.status == TransitionStatus.WAITING
    assert child in children_visible_to(worker)  # nothing lapses by age
    due = selectors.transitions_due(user=worker).past_due
    waiting = [item for item in due if item.child == child and item.milestone.age == 25]
    assert waiting[0].waiting
    services.transition_record(
        child=child,
        age=25,
        by=worker,
        requested_on=today - dt.timedelta(days=30),
        accepted_on=today,
        next_worker="Alex Adult",
        what_was_done="Care plan sent",
    )
    assert child.involvements.get().ended_on == today
    assert child not in children_visible_to(worker, today=today + dt.timedelta(days=1))  # from tomorrow


def test_from_eighteen_the_young_person_decides_who_in_the_family_sees_the_record(
    users: dict[str, Any],
) -> None:
    young, parent = users[Role.YOUNG_PERSON], users[Role.PARENT_CARER]
    child: Any = ChildFactory(date_of_birth=birthday(timezone.localdate(), -17) + dt.timedelta(days=30))
    family_link_create(child=child, user=young, relationship=Relationship.SELF)
    family_link_create(child=child, user=parent, relationship=Relationship.PARENT)
    with pytest.raises(ValidationError, match="From 18"):
        services.sharing_choose(child=child, choices={parent.pk: False}, by=young)
    with pytest.raises(ValidationError, match="Only the young person"):
        services.sharing_choose(
            child=child,
            choices={parent.pk: False},
            by=parent,
            today=timezone.localdate() + dt.timedelta(days=400),
        )
    services.sharing_choose(
        child=child, choices={parent.pk: False}, by=young, today=timezone.localdate() + dt.timedelta(days=400)
    )
    assert not child_access(parent, child).allowed
    assert child not in children_visible_to(parent)
    assert child_access(young, child).allowed
    services.sharing_choose(
        child=child, choices={parent.pk: True}, by=young, today=timezone.localdate() + dt.timedelta(days=400)
    )
    assert child_access(parent, child).allowed
