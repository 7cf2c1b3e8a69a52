"""Reading children's records. Every read of one child's record goes through `child_get_for_user`,
which asks the access decision and writes the audit event, whether access is given or refused."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.people.access import child_access, children_findable_by, children_visible_to
from localoffer.people.models import Child


class PurposeRequired(Exception):
    """The person may open this record, but must first say why."""


def child_get_for_user(*, user: Any, child_id: uuid.UUID, purpose: str = "") -> Child:
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child with that identifier")
    access = child_access(user, child)
    if not access.allowed:
        audit_record(action=Action.VIEW_DENIED, obj=child, detail=access.reason, actor=user)
        raise PermissionDenied("You cannot see this child's record")
    if access.needs_purpose and not purpose.strip():
        raise PurposeRequired
    audit_record(action=Action.VIEW, obj=child, purpose=purpose.strip(), detail=access.reason, actor=user)
    return child


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
