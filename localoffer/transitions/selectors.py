"""Reading transitions: the young people on the person's caseload within six months of each age, and any
transition past due (the age reached, not yet done). Audited as a search of children's records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.people.access import children_visible_to
from localoffer.people.models import Child
from localoffer.transitions.ages import AHEAD_MONTHS, MILESTONES, Milestone, birthday, months_before
from localoffer.transitions.models import Transition, TransitionStatus

# Past 25 and 26 nothing more is due: the last transition is the transfer to adult social services.
LAST_AGE = 26


@dataclass(frozen=True)
class Due:
    child: Child
    milestone: Milestone
    on: dt.date
    record: Transition | None

    @property
    def waiting(self) -> bool:
        return self.record is not None and self.record.status == TransitionStatus.WAITING


@dataclass
class Lists:
    coming: dict[int, list[Due]]
    past_due: list[Due]


def transitions_due(*, user: Any, today: dt.date | None = None) -> Lists:
    today = today or timezone.localdate()
    horizon = today
    children = list(
        children_visible_to(user, today=today).filter(date_of_birth__gt=birthday(today, -LAST_AGE))
    )
    done = {(t.child_id, t.age): t for t in Transition.objects.filter(child__in=[c.pk for c in children])}
    coming: dict[int, list[Due]] = {age: [] for age in MILESTONES}
    past_due: list[Due] = []
    for child in children:
        for age, milestone in MILESTONES.items():
            record = done.get((child.pk, age))
            if record is not None and record.status == TransitionStatus.DONE:
                continue
            on = birthday(child.date_of_birth, age)
            item = Due(child=child, milestone=milestone, on=on, record=record)
            if on <= horizon:
                past_due.append(item)
            elif months_before(on, AHEAD_MONTHS) <= today:
                coming[age].append(item)
    audit_record(
        action=Action.SEARCH,
        actor=user,
        object_type="people.child",
        detail=f"transitions due on {today.isoformat()}",
    )
    for items in coming.values():
        items.sort(key=lambda item: item.on)
    past_due.sort(key=lambda item: item.on)
    return Lists(coming=coming, past_due=past_due)


def transition_recorded(*, child: Any, age: int) -> Transition | None:
    """What has been recorded of this child's transition at this age, if anything (the child already fetched
    for the person, and audited)."""
    return Transition.objects.filter(child=child, age=age).first()


def open_involvements(*, child: Any) -> Any:
    """The teams working with the child now, with their lead workers (the record page lists them)."""
    return child.involvements.filter(ended_on__isnull=True).select_related("team", "lead_worker")


def sharing_choices(*, child: Any) -> tuple[list[Any], dict[Any, bool]]:
    """The young person's family members with accounts, and which of them they have said may see the record."""
    from localoffer.transitions.models import SharingChoice

    members = [link.user for link in child.family_links.exclude(relationship="self").select_related("user")]
    current = dict(SharingChoice.objects.filter(child=child).values_list("family_member_id", "may_see"))
    return members, current


def disability_team() -> Any:
    """The 0 to 25 disability team's record, for its number on a page (never typed into the page)."""
    from localoffer.referrals.routes import DISABILITY_TEAM
    from localoffer.teams.selectors import team_by_slug

    return team_by_slug(DISABILITY_TEAM)
