"""What casework adds to the child's record page (people/sections.py): the work open now, with what to do
next, and the case notes."""

from __future__ import annotations

from typing import Any

from localoffer.casework.access import may_do_casework
from localoffer.casework.models import AssessmentStatus, PlanStatus, ReviewStatus
from localoffer.casework.schedule import DueState, due_state
from localoffer.core.roles import STAFF_ROLES
from localoffer.people.models import Child
from localoffer.people.sections import RecordSection, section_register


def child_casework(child: Child, user: Any) -> dict[str, Any]:
    from django.utils import timezone

    if not may_do_casework(user, child):
        return {
            "child": child,
            "allowed": False,
            "staff": getattr(user, "role", "") in STAFF_ROLES,
            "may_safeguard": user.has_perm("casework.safeguarding"),
        }
    today = timezone.localdate()
    assessments = list(child.assessments.select_related("worker").order_by("-started_on"))
    plans = list(child.support_plans.prefetch_related("lines", "reviews").order_by("-created_at"))
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
        "enquiries": list(child.section47_enquiries.all()),
        "cp_plans": list(child.cp_plans.all()),
        "panel_cases": list(child.panel_cases.select_related("panel", "decision")),
        "may_safeguard": user.has_perm("casework.safeguarding"),
    }


def child_notes(child: Child, user: Any) -> dict[str, Any]:
    if not may_do_casework(user, child):
        return {"child": child, "allowed": False}
    return {"child": child, "allowed": True, "notes": list(child.case_notes.select_related("author")[:20])}


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
