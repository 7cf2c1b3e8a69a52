"""Who may do casework with a child: the practitioners and managers of a team working with the child now
(its involvement, people.Involvement), and duty for the safeguarding work it starts. Deny by default."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from localoffer.core.roles import CASEWORK_ROLES, Role
from localoffer.people.models import Child
from localoffer.people.record import RecordRead

CASEWORK_STAFF = frozenset({*CASEWORK_ROLES, Role.MANAGER, Role.DUTY_WORKER})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and getattr(user, "is_active", False))


def _casework_staff(user: Any) -> bool:
    return _signed_in(user) and getattr(user, "role", "") in CASEWORK_STAFF and bool(user.team_id)


def team_works_with(user: Any, child: Child) -> bool:
    if not _casework_staff(user):
        return False
    today = timezone.localdate()
    return child.involvements.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today), team_id=user.team_id, started_on__lte=today
    ).exists()


def may_do_casework(user: Any, child: Child) -> bool:
    return team_works_with(user, child)


def may_do_casework_on_record(record: RecordRead) -> bool:
    """`may_do_casework` for the reader of the child's record page, from the involvements the page has read
    (the same decision, without asking the database again)."""
    return _casework_staff(record.user) and record.team_works_with_child


def is_manager(user: Any) -> bool:
    return _signed_in(user) and getattr(user, "role", "") == Role.MANAGER and bool(user.team_id)


def may_correct_note(user: Any, note: Any) -> bool:
    """A case note is corrected by who wrote it, or by the manager of their team, while their team works with
    the child. The earlier wording is always kept (CaseNoteCorrection)."""
    if not may_do_casework(user, note.child):
        return False
    if user.pk == note.author_id:
        return True
    return is_manager(user) and user.team_id == getattr(note.author, "team_id", None)
