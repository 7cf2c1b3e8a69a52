"""The one place that decides who may see a child's record. Every view and selector goes through it.

Deny by default: a person sees a child's record only through a relationship the council has recorded
(their own family, their own record as a young person, their team working with the child), or, for
the few roles that must be able to look anyone up (duty workers answering a concern, managers), after
saying why, which the audit trail keeps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from localoffer.core.roles import CASEWORK_ROLES, FAMILY_ROLES, PURPOSE_REQUIRED_ROLES
from localoffer.people.models import Child, Involvement


@dataclass(frozen=True)
class ChildAccess:
    allowed: bool
    needs_purpose: bool = False
    reason: str = ""


DENIED = ChildAccess(allowed=False, reason="no recorded relationship with this child")
WITHHELD = ChildAccess(allowed=False, reason="the young person has chosen not to share their record")

# Apps above people may withhold a record from a family member's account (transitions: a young person aged 18
# or over decides who in the family may see their record). Each function gives, for a family account, the
# ids of the children whose records are withheld from it. Registered in the app's AppConfig.ready().
_FAMILY_WITHHOLDS: dict[str, Callable[[Any], set[Any]]] = {}


def family_withhold_register(key: str, withheld: Callable[[Any], set[Any]]) -> None:
    _FAMILY_WITHHOLDS[key] = withheld


def _withheld_from(user: Any) -> set[Any]:
    hidden: set[Any] = set()
    for withheld in _FAMILY_WITHHOLDS.values():
        hidden |= withheld(user)
    return hidden


def child_access(
    user: Any,
    child: Child,
    *,
    today: dt.date | None = None,
    involvements: Iterable[Involvement] | None = None,
) -> ChildAccess:
    """`involvements`, when the caller has read them (every one of the child's, as the record page does), answer
    whether the person's team works with the child without asking the database again."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return DENIED
    role = getattr(user, "role", "")
    if role in FAMILY_ROLES:
        if child.family_links.filter(user=user).exists():
            if child.pk in _withheld_from(user):
                return WITHHELD
            return ChildAccess(allowed=True, reason="family")
        return DENIED
    if role in CASEWORK_ROLES:
        if user.team_id and _team_involved(
            child, team_id=user.team_id, today=today, involvements=involvements
        ):
            return ChildAccess(allowed=True, reason="their team is working with the child")
        return DENIED
    if role in PURPOSE_REQUIRED_ROLES:
        return ChildAccess(
            allowed=True, needs_purpose=True, reason="role may look up any child, with a purpose"
        )
    return DENIED


def children_visible_to(user: Any, *, today: dt.date | None = None) -> QuerySet[Child]:
    """The children whose records `user` may open without stating a purpose: their caseload or family."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return Child.objects.none()
    role = getattr(user, "role", "")
    if role in FAMILY_ROLES:
        return Child.objects.filter(family_links__user=user).exclude(pk__in=_withheld_from(user)).distinct()
    if role in CASEWORK_ROLES and user.team_id:
        today = today or timezone.localdate()
        return Child.objects.filter(
            Q(involvements__ended_on__isnull=True) | Q(involvements__ended_on__gte=today),
            involvements__team_id=user.team_id,
            involvements__started_on__lte=today,
        ).distinct()
    return Child.objects.none()


def children_findable_by(user: Any, *, today: dt.date | None = None) -> QuerySet[Child]:
    """The children a search by `user` may find: any child for the roles that may look anyone up (opening one
    then asks why), otherwise only those whose records they may open (their caseload)."""
    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return Child.objects.none()
    if getattr(user, "role", "") in PURPOSE_REQUIRED_ROLES:
        return Child.objects.all()
    if getattr(user, "role", "") in FAMILY_ROLES:
        return Child.objects.none()
    return children_visible_to(user, today=today)


def involved_on(involvements: Iterable[Involvement], *, team_id: Any, today: dt.date) -> bool:
    """Whether the team has an involvement open on `today` among these (the child's, already read): the same
    test as `_active_involvements`, made in Python."""
    return any(
        involvement.team_id == team_id
        and involvement.started_on <= today
        and (involvement.ended_on is None or involvement.ended_on >= today)
        for involvement in involvements
    )


def _team_involved(
    child: Child, *, team_id: Any, today: dt.date | None, involvements: Iterable[Involvement] | None
) -> bool:
    if involvements is not None:
        return involved_on(involvements, team_id=team_id, today=today or timezone.localdate())
    return _active_involvements(child, today).filter(team_id=team_id).exists()


def may_edit_record(user: Any, access: ChildAccess) -> bool:
    """Who may change who the child is and their family network, given their access to the record: the
    practitioners working with the child, and duty and managers once they have said why they opened it."""
    return getattr(user, "role", "") in (CASEWORK_ROLES | PURPOSE_REQUIRED_ROLES) and access.allowed


def _active_involvements(child: Child, today: dt.date | None) -> QuerySet[Any]:
    today = today or timezone.localdate()
    return child.involvements.filter(started_on__lte=today).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
