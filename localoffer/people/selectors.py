"""Reading children's records. Every read of one child's record goes through `child_get_for_user`,
which asks the access decision and writes the audit event, whether access is given or refused."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.people.access import (
    ChildAccess,
    child_access,
    children_findable_by,
    children_visible_to,
    may_edit_record,
)
from localoffer.people.chronology import ChronologyEntry, chronology_for
from localoffer.people.models import Child, FamilyLink, FamilyMember, Involvement
from localoffer.people.record import record_read
from localoffer.people.sections import ShownSection, sections_for


class PurposeRequired(Exception):
    """The person may open this record, but must first say why."""


def _child_found(child_id: uuid.UUID) -> Child:
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child with that identifier")
    return child


def _opened(*, user: Any, child: Child, access: ChildAccess, purpose: str) -> None:
    """The access decision applied and audited: the refusal, or (once a purpose is given where one is needed)
    the view."""
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=child, detail=access.reason, actor=user)
        raise PermissionDenied("You cannot see this child's record")
    if access.needs_purpose and not purpose.strip():
        raise PurposeRequired
    audit_record(action=Action.VIEW, obj=child, purpose=purpose.strip(), detail=access.reason, actor=user)


def child_get_for_user(*, user: Any, child_id: uuid.UUID, purpose: str = "") -> Child:
    child = _child_found(child_id)
    _opened(user=user, child=child, access=child_access(user, child), purpose=purpose)
    return child


@dataclass(frozen=True)
class ChildRecord:
    """The child's record page, as the person opening it may see it."""

    child: Child
    age: int
    family_links: list[FamilyLink]
    family_members: list[FamilyMember]
    involvements: tuple[Involvement, ...]
    sections: list[ShownSection]
    chronology: list[ChronologyEntry]
    may_edit: bool


def child_record(
    *, user: Any, child_id: uuid.UUID, purpose: str = "", kinds: Iterable[str] = ()
) -> ChildRecord:
    """The whole record page: the child fetched, the access decided once (from the child's involvements, read
    once) and audited as `child_get_for_user` does, then every app's section and the chronology (of `kinds`
    only, if any), each given that one reading of the record (record.RecordRead) and its decision."""
    child = _child_found(child_id)
    record = record_read(user=user, child=child)
    _opened(user=user, child=child, access=record.access, purpose=purpose)
    return ChildRecord(
        child=child,
        age=child.age_on(record.today),
        family_links=list(child.family_links.select_related("user")),
        family_members=list(child.family_members.all()),
        involvements=record.involvements,
        sections=sections_for(record=record),
        chronology=chronology_for(record=record, kinds=kinds),
        # As user.has_perm("people.edit_child", child) decides (people.rules), from the decision made above;
        # an active superuser has every permission there.
        may_edit=bool(getattr(user, "is_active", False) and getattr(user, "is_superuser", False))
        or may_edit_record(user, record.access),
    )


def child_list_for_user(*, user: Any) -> QuerySet[Child]:
    return children_visible_to(user).order_by("last_name", "first_name")


# A search takes at most this many words: more would only narrow it further, and the cost stays bounded.
SEARCH_MAX_WORDS = 6


def name_words(name: str) -> list[str]:
    return name.split()[:SEARCH_MAX_WORDS]


def child_search(*, user: Any, name: str, date_of_birth: dt.date | None) -> QuerySet[Child]:
    """Find children by name and date of birth, among those `user` may find (people.access). Audited.

    Every word must be part of the first or the last name. The condition is one flat AND of ORs, so its cost
    grows with the number of words, not with its power (issue 12: nesting querysets doubled it each word)."""
    condition = Q()
    for word in name_words(name):
        condition &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    if date_of_birth:
        condition &= Q(date_of_birth=date_of_birth)
    audit_record(
        action=Action.SEARCH,
        actor=user,
        object_type="people.child",
        detail=f"name={name!r} date_of_birth={date_of_birth or ''}"[:500],
    )
    return children_findable_by(user).filter(condition).order_by("last_name", "first_name")[:50]
