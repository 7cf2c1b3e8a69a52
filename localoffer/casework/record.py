"""Casework's part of one reading of a child's record page (people/record.py): whether the reader may do
casework with the child, decided once, and each of casework's tables read once, the first time the section or
a chronology source asks. The section and the chronology sources (sections.py, chronology.py) share it."""

from __future__ import annotations

from functools import cached_property

from localoffer.casework.access import may_do_casework_on_record
from localoffer.casework.models import (
    Assessment,
    CaseNote,
    ChildProtectionPlan,
    PanelCase,
    Section47Enquiry,
    SupportPlan,
)
from localoffer.core.roles import PURPOSE_REQUIRED_ROLES
from localoffer.people.models import Child
from localoffer.people.record import RecordRead


class CaseworkRead:
    def __init__(self, *, child: Child, allowed: bool, may_see_entries: bool) -> None:
        self.child = child
        # The section's work and notes: the team working with the child (access.may_do_casework).
        self.allowed = allowed
        # The chronology's entries: that team, and the roles that may look up any child, having said why.
        self.may_see_entries = may_see_entries

    # Each is empty for a reader who may see none of it (deny by default), and read at most once.

    @cached_property
    def assessments(self) -> list[Assessment]:
        """In the model's order (due first); the section sorts its own."""
        if not self.may_see_entries:
            return []
        return list(self.child.assessments.select_related("worker", "authorised_by"))

    @cached_property
    def plans(self) -> list[SupportPlan]:
        """Newest first, each with its reviews."""
        if not self.may_see_entries:
            return []
        return list(self.child.support_plans.prefetch_related("reviews"))

    @cached_property
    def notes(self) -> list[CaseNote]:
        """Every note, newest first, with who wrote it and who corrected it."""
        if not self.may_see_entries:
            return []
        return list(self.child.case_notes.select_related("author", "corrected_by"))

    @cached_property
    def enquiries(self) -> list[Section47Enquiry]:
        if not self.may_see_entries:
            return []
        return list(self.child.section47_enquiries.all())

    @cached_property
    def cp_plans(self) -> list[ChildProtectionPlan]:
        if not self.may_see_entries:
            return []
        return list(self.child.cp_plans.all())

    @cached_property
    def panel_cases(self) -> list[PanelCase]:
        if not self.may_see_entries:
            return []
        return list(self.child.panel_cases.select_related("panel", "decision"))


def _read(record: RecordRead) -> CaseworkRead:
    allowed = may_do_casework_on_record(record)
    return CaseworkRead(
        child=record.child,
        allowed=allowed,
        may_see_entries=allowed or getattr(record.user, "role", "") in PURPOSE_REQUIRED_ROLES,
    )


def casework_read(record: RecordRead) -> CaseworkRead:
    """Casework's part of this reading of the record, read (and its access decided) once for the reading."""
    return record.shared("casework", _read)
