"""What casework adds to the child's record page (people/sections.py): the work open now, with what to do
next, and the case notes. Both read casework's one read of the record (record.casework_read), which the
chronology's sources share."""

from __future__ import annotations

from typing import Any

from localoffer.casework.models import AssessmentStatus, PlanStatus, ReviewStatus
from localoffer.casework.record import casework_read
from localoffer.casework.schedule import DueState, due_state
from localoffer.core.roles import STAFF_ROLES
from localoffer.people.record import RecordRead
from localoffer.people.sections import RecordSection, section_register

NOTES_SHOWN = 20  # the newest; the chronology has every one


def child_casework(record: RecordRead) -> dict[str, Any]:
    child, user = record.child, record.user
    work = casework_read(record)
    if not work.allowed:
        return {
            "child": child,
            "allowed": False,
            "staff": getattr(user, "role", "") in STAFF_ROLES,
            "may_safeguard": user.has_perm("casework.safeguarding"),
        }
    today = record.today
    assessments = sorted(work.assessments, key=lambda a: a.started_on, reverse=True)
    plans = work.plans  # newest first
    for assessment in assessments:
        assessment.due_state_label = (  # type: ignore[attr-defined]
            DueState.LABELS[due_state(assessment.due_on, today)] if assessment.is_open else ""
        )
    reviews_due = [
        review
        for plan in plans
        if plan.status == PlanStatus.OPEN
        for review in plan.reviews.all()
        if review.status == ReviewStatus.DUE
    ]
    return {
        "child": child,
        "allowed": True,
        "assessments": assessments,
        "open_assessment": next(
            (
                a
                for a in assessments
                if a.status != AssessmentStatus.AUTHORISED and a.kind == "child_and_family"
            ),
            None,
        ),
        "plans": plans,
        "reviews_due": reviews_due,
        "enquiries": work.enquiries,
        "cp_plans": work.cp_plans,
        "panel_cases": work.panel_cases,
        "may_safeguard": user.has_perm("casework.safeguarding"),
    }


def child_notes(record: RecordRead) -> dict[str, Any]:
    work = casework_read(record)
    if not work.allowed:
        return {"child": record.child, "allowed": False}
    return {"child": record.child, "allowed": True, "notes": work.notes[:NOTES_SHOWN]}


def register_sections() -> None:
    section_register(
        RecordSection(
            key="casework",
            title="Casework",
            template="casework/_child_casework.html",
            context=child_casework,
            order=20,
        )
    )
    section_register(
        RecordSection(
            key="case-notes",
            title="Case notes",
            template="casework/_child_notes.html",
            context=child_notes,
            order=21,
        )
    )
