"""One reading of a child's record page: who is reading which record, on which day, and what the page's
selector has already read and decided for them, once, for every section (sections.py) and chronology source
(chronology.py) to use.

Each app's section and chronology sources read the same tables: `RecordRead.shared` gives them one read per
app, made the first time one of them asks, for this reading only. A `RecordRead` lives for one request; it
is never kept on a model or between requests, so no access decision in it can go stale.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar, cast

from django.utils import timezone

from localoffer.people.access import ChildAccess, child_access, involved_on
from localoffer.people.models import Child, Involvement

T = TypeVar("T")


@dataclass(frozen=True)
class RecordRead:
    child: Child
    user: Any
    today: dt.date
    # Every involvement of the child (open and ended), newest first, with its team and lead worker: the record
    # lists them, the chronology shows them, and whether the reader's team works with the child is read from
    # them, so that no section asks the database again.
    involvements: tuple[Involvement, ...]
    access: ChildAccess  # people.access.child_access for this reader, made from `involvements`
    _shared: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def team_works_with_child(self) -> bool:
        """Whether the reader's team has an involvement with the child open today."""
        team_id = getattr(self.user, "team_id", None)
        return bool(team_id) and involved_on(self.involvements, team_id=team_id, today=self.today)

    def shared(self, key: str, read: Callable[[RecordRead], T]) -> T:
        """An app's one read of its part of this record (`key` names the app), shared by its section and its
        chronology sources: `read` runs the first time one of them asks, and its answer is kept for this
        reading only."""
        if key not in self._shared:
            self._shared[key] = read(self)
        return cast(T, self._shared[key])


def record_read(*, user: Any, child: Child, today: dt.date | None = None) -> RecordRead:
    """The child's involvements read once, and the access decision made from them. Nothing is audited here:
    the selector that opens the record (selectors.child_record) audits the read, or the refusal."""
    today = today or timezone.localdate()
    involvements = tuple(child.involvements.select_related("team", "lead_worker"))
    return RecordRead(
        child=child,
        user=user,
        today=today,
        involvements=involvements,
        access=child_access(user, child, today=today, involvements=involvements),
    )
