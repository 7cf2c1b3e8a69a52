"""Recording transitions. Nothing lapses by age: a handover is done only when the next service accepts, and
until then the young person's worker stays allocated (their team's involvement is never ended by age)."""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
from localoffer.people.models import Child, Involvement, Relationship
from localoffer.people.services import involvement_start
from localoffer.teams.models import Team
from localoffer.transitions.ages import AHEAD_MONTHS, MILESTONES, birthday, months_before
from localoffer.transitions.models import SharingChoice, Transition, TransitionStatus

LEAVING_CARE_TEAM = "leaving-care-16-plus-team"
DISABILITY_TEAM = "0-to-25-disability-team"


@transaction.atomic
def transition_record(
    *,
    child: Child,
    age: int,
    by: User,
    what_was_done: str = "",
    in_care: bool | None = None,
    next_worker: str = "",
    reason_to_stay: str = "",
    requested_on: dt.date | None = None,
    accepted_on: dt.date | None = None,
    today: dt.date | None = None,
) -> Transition:
    """What was done for `child` at `age`: checked against what that age asks for (ages.MILESTONES)."""
    today = today or timezone.localdate()
    milestone = MILESTONES.get(age)
    if milestone is None:
        raise ValidationError("That is not an age with a transition.", code="unknown_age")
    due = birthday(child.date_of_birth, age)
    if today < months_before(due, AHEAD_MONTHS):
        raise ValidationError(
            f"{child.first_name} turns {age} on {due:%-d %B %Y}: record this from {AHEAD_MONTHS} months before.",
            code="too_early",
        )
    errors: dict[str, str] = {}
    what_was_done, next_worker, reason_to_stay = (
        what_was_done.strip(),
        next_worker.strip(),
        reason_to_stay.strip(),
    )
    if age == 16:
        if in_care is None:
            errors["in_care"] = f"Select whether {child.first_name} is in care"
        elif in_care and not (next_worker or reason_to_stay):
            errors["next_worker"] = (
                "Enter the leaving care personal adviser, or the reason to stay with the social worker"
            )
    if age == 17:
        if not next_worker:
            errors["next_worker"] = "Enter the adult services worker allocated"
        if requested_on is None:
            errors["requested_on"] = "Enter the date the Care Act transition assessment was requested"
    if age == 25:
        if requested_on is None:
            errors["requested_on"] = "Enter the date the handover to adult social services was asked for"
        if accepted_on is not None and requested_on is not None and accepted_on < requested_on:
            errors["accepted_on"] = "The date adult social services accepted must be on or after the request"
    for name, day in (("requested_on", requested_on), ("accepted_on", accepted_on)):
        if day is not None and day > today:
            errors[name] = "The date must be today or in the past"
    if not what_was_done and age in (14, 16, 18):
        errors["what_was_done"] = "Enter what was done"
    if errors:
        raise ValidationError(errors)
    waiting = milestone.handover and accepted_on is None
    record = Transition.objects.filter(child=child, age=age).first() or Transition(child=child, age=age)
    record.status = TransitionStatus.WAITING if waiting else TransitionStatus.DONE
    record.what_was_done = what_was_done
    record.in_care = in_care
    record.next_worker = next_worker
    record.reason_to_stay = reason_to_stay
    record.requested_on = requested_on
    record.accepted_on = accepted_on
    record.done_on = None if waiting else today
    record.by = by
    record._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        record.save()
    if age == 16 and in_care and next_worker:
        _leaving_care_involved(child, today, by)
    if age == 25 and accepted_on is not None:
        _handed_over(child, accepted_on, by)
    return record


def _leaving_care_involved(child: Child, today: dt.date, by: User) -> None:
    """A personal adviser allocated: the leaving care team works with the young person, alongside their
    social worker (who is not taken off)."""
    team = Team.objects.filter(slug=LEAVING_CARE_TEAM).first()
    if team is None or child.involvements.filter(team=team, ended_on__isnull=True).exists():
        return
    with audit_context(actor=by):
        involvement_start(child=child, team=team, started_on=today)


def _handed_over(child: Child, accepted_on: dt.date, by: User) -> None:
    """Adult social services accepted: only now does the 0 to 25 team's involvement end, on that day."""
    for involvement in Involvement.objects.filter(
        child=child, team__slug=DISABILITY_TEAM, ended_on__isnull=True
    ):
        involvement.ended_on = max(accepted_on, involvement.started_on)
        involvement._history_user = by  # type: ignore[attr-defined]
        with audit_context(actor=by) if by is not None else nullcontext():
            involvement.save()


ADULT_AGE = 18


def own_records(user: User) -> list[Child]:
    """The young person's own records (their account's link to the record as the young person)."""
    return list(Child.objects.filter(family_links__user=user, family_links__relationship=Relationship.SELF))


@transaction.atomic
def sharing_choose(*, child: Child, choices: dict[Any, bool], by: User, today: dt.date | None = None) -> None:
    """The young person, aged 18 or over, decides for each family member's account whether it may see their
    record. Nobody else makes this choice."""
    today = today or timezone.localdate()
    if child.pk not in {record.pk for record in own_records(by)}:
        raise ValidationError("Only the young person can choose who may see their record.", code="not_theirs")
    if child.age_on(today) < ADULT_AGE:
        raise ValidationError(
            f"From {ADULT_AGE} you decide who in your family may see your record.", code="under_18"
        )
    members = {link.user_id: link.user for link in child.family_links.exclude(relationship=Relationship.SELF)}
    for user_id, may_see in choices.items():
        if user_id not in members:
            raise ValidationError("Choose only people linked to your record.", code="not_family")
        choice = SharingChoice.objects.filter(child=child, family_member_id=user_id).first() or SharingChoice(
            child=child, family_member_id=user_id
        )
        choice.may_see = may_see
        choice.decided_by = by
        choice._history_user = by  # type: ignore[attr-defined]
        with audit_context(actor=by):
            choice.save()


def withheld_from(user: Any) -> set[Any]:
    """The records withheld from a family member's account by the young person's choice (people.access)."""
    return set(
        SharingChoice.objects.filter(family_member_id=getattr(user, "pk", None), may_see=False).values_list(
            "child_id", flat=True
        )
    )
