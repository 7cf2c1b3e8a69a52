"""Reads of casework, scoped to the person and audited: opening any casework record about a child is a read
of the child's record, and is recorded as one."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db.models import Model, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.casework.access import may_correct_note, may_do_casework
from localoffer.casework.models import (
    Assessment,
    AssessmentStatus,
    CaseNote,
    CaseNoteCorrection,
    ChildProtectionPlan,
    Draft,
    Panel,
    PanelCase,
    PlanStatus,
    Review,
    ReviewStatus,
    Section47Enquiry,
    SupportLine,
    SupportPlan,
)
from localoffer.casework.schedule import DueState, due_state, due_state_bounds
from localoffer.core.working_days import add_working_days
from localoffer.people.models import Child
from localoffer.referrals.models import OPEN_STATUSES, Referral
from localoffer.referrals.selectors import team_queue


def _opened(user: Any, obj: Model, child: Child, what: str) -> None:
    if not may_do_casework(user, child):
        audit_record(
            action=Action.VIEW_DENIED,
            obj=child,
            detail=f"{what}: team not working with the child",
            actor=user,
        )
        raise PermissionDenied("Your team is not working with this child")
    audit_record(action=Action.VIEW, obj=child, detail=f"{what} {obj.pk}", actor=user)


def child_for_casework(*, user: Any, child_id: uuid.UUID, what: str) -> Child:
    child = Child.objects.filter(pk=child_id).first()
    if child is None:
        raise Http404("No child with that identifier")
    _opened(user, child, child, what)
    return child


def assessment_get(*, user: Any, assessment_id: uuid.UUID) -> Assessment:
    assessment = (
        Assessment.objects.select_related("child", "referral", "worker", "team")
        .filter(pk=assessment_id)
        .first()
    )
    if assessment is None:
        raise Http404("No such assessment")
    _opened(user, assessment, assessment.child, "assessment")
    return assessment


def note_get(*, user: Any, note_id: uuid.UUID) -> CaseNote:
    note = CaseNote.objects.select_related("child", "author", "corrected_by").filter(pk=note_id).first()
    if note is None:
        raise Http404("No such case note")
    _opened(user, note, note.child, "case note")
    return note


def note_get_to_correct(*, user: Any, note_id: uuid.UUID) -> CaseNote:
    """The note, for who may correct it (its author, or their team's manager); anyone else is refused."""
    note = note_get(user=user, note_id=note_id)
    if not may_correct_note(user, note):
        audit_record(
            action=Action.VIEW_DENIED,
            obj=note.child,
            detail=f"correct case note {note.pk}: not its author or their manager",
            actor=user,
        )
        raise PermissionDenied("Only who wrote the note, or their manager, can correct it")
    return note


@dataclass(frozen=True)
class NoteVersion:
    """One wording of a case note: who wrote it, when, why (for a correction), and whether it stands now."""

    number: int
    written_by: Any
    written_at: dt.datetime
    reason: str
    kind_label: str
    happened_on: dt.date
    who: str
    summary: str
    agreed: str
    current: bool


def note_versions(note: CaseNote) -> list[NoteVersion]:
    """The note's wordings, newest first: the one that stands, then each it replaced, back to the first."""
    corrections = list(note.corrections.select_related("corrected_by").order_by("corrected_at"))
    writers = [(note.author, note.created_at, "")] + [
        (c.corrected_by, c.corrected_at, c.reason) for c in corrections
    ]
    wordings: list[CaseNote | CaseNoteCorrection] = [*corrections, note]
    versions = [
        NoteVersion(
            number=number,
            written_by=writer,
            written_at=at,
            reason=reason,
            kind_label=wording.get_kind_display(),
            happened_on=wording.happened_on,
            who=wording.who,
            summary=wording.summary,
            agreed=wording.agreed,
            current=number == len(wordings),
        )
        for number, ((writer, at, reason), wording) in enumerate(zip(writers, wordings, strict=True), start=1)
    ]
    return versions[::-1]


def line_get(*, user: Any, plan_id: uuid.UUID, line_id: uuid.UUID) -> SupportLine:
    line = SupportLine.objects.select_related("plan__child").filter(pk=line_id, plan_id=plan_id).first()
    if line is None:
        raise Http404("No such support in this plan")
    _opened(user, line.plan, line.plan.child, "support plan")
    return line


def plan_get(*, user: Any, plan_id: uuid.UUID) -> SupportPlan:
    plan = SupportPlan.objects.select_related("child", "assessment").filter(pk=plan_id).first()
    if plan is None:
        raise Http404("No such plan")
    _opened(user, plan, plan.child, "support plan")
    return plan


def review_get(*, user: Any, review_id: uuid.UUID) -> Review:
    review = Review.objects.select_related("plan__child", "previous").filter(pk=review_id).first()
    if review is None:
        raise Http404("No such review")
    _opened(user, review, review.plan.child, "review")
    return review


def section47_get(*, user: Any, enquiry_id: uuid.UUID) -> Section47Enquiry:
    enquiry = Section47Enquiry.objects.select_related("child").filter(pk=enquiry_id).first()
    if enquiry is None:
        raise Http404("No such enquiry")
    _opened(user, enquiry, enquiry.child, "section 47 enquiry")
    return enquiry


def panel_get(*, user: Any, panel_id: uuid.UUID) -> Panel:
    panel = Panel.objects.filter(pk=panel_id, team_id=user.team_id).first()
    if panel is None:
        raise Http404("No such panel for your team")
    for case in panel.cases.all():
        audit_record(action=Action.VIEW, obj=case.child, detail=f"panel agenda {panel.pk}", actor=user)
    return panel


def panel_case_get(*, user: Any, case_id: uuid.UUID) -> PanelCase:
    case = PanelCase.objects.select_related("child", "panel", "plan").filter(pk=case_id).first()
    if case is None or case.panel is None or case.panel.team_id != user.team_id:
        raise Http404("No such case on your team's panels")
    audit_record(action=Action.VIEW, obj=case.child, detail=f"panel case {case.pk}", actor=user)
    return case


# Lists ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DueItem:
    due_on: dt.date
    state: str
    title: str
    child: Child
    url: str

    @property
    def state_label(self) -> str:
        return DueState.LABELS[self.state]


# Open ones named, not "not authorised": the (worker|team, status, due_on) indexes then serve the lists without
# reading every authorised assessment (the bench: a sequential scan of 200,000 rows otherwise).
OPEN_ASSESSMENT_STATUSES = (AssessmentStatus.IN_PROGRESS, AssessmentStatus.AWAITING_AUTHORISATION)
LIST_LIMIT = 200  # a list of what waits (to authorise, sent back) shows at most this many, oldest first
# A home list shows each state's most urgent few and how many there are; "See all" pages through the rest. A
# worker with a normal caseload sees everything on the home page; one with hundreds is not handed a page of
# hundreds of rows to scroll on a phone (nor the server the time to draw them).
HOME_ROWS = 10
PAGE_ROWS = 25
COUNT_CAP = 1_000  # counted exactly up to here, "more than 1,000" past it: never a count over every row
# What the lists show of each row (not every column: a list of hundreds spent most of its time loading
# timestamps and JSON it never showed).
_ASSESSMENT_LISTED = ("id", "kind", "status", "due_on", "returned_reason")
_CHILD_NAMED = ("child__id", "child__first_name", "child__last_name")
DUE_LISTS = ("assessments", "reviews")


@dataclass(frozen=True)
class DueGroup:
    """One state of one list (the worker's overdue reviews, say): how many, and the most urgent of them."""

    list_name: str  # "assessments" or "reviews": the list's name in a "See all" address
    state: str
    count: int  # exact up to COUNT_CAP; COUNT_CAP + 1 means more than that
    items: list[DueItem]

    @property
    def label(self) -> str:
        return DueState.LABELS[self.state]

    @property
    def count_text(self) -> str:
        return f"more than {COUNT_CAP:,}" if self.count > COUNT_CAP else f"{self.count:,}"

    @property
    def more(self) -> bool:
        return self.count > len(self.items)


def _in_state(rows: QuerySet[Any], state: str, today: dt.date, field: str = "due_on") -> QuerySet[Any]:
    since, before = due_state_bounds(today)[state]
    where = Q()
    if since is not None:
        where &= Q(**{f"{field}__gte": since})
    if before is not None:
        where &= Q(**{f"{field}__lt": before})
    return rows.filter(where)


def _groups(list_name: str, rows: QuerySet[Any], *, today: dt.date, item: Any) -> list[DueGroup]:
    """Overdue, nearly due and due, in that order: each state's first HOME_ROWS rows (most urgent first) and its
    count, which is only asked of the database when the state has more rows than are shown."""
    groups = []
    for state in (DueState.OVERDUE, DueState.NEARLY_DUE, DueState.ON_TRACK):
        in_state = _in_state(rows, state, today)
        items = [item(row, today) for row in in_state[:HOME_ROWS]]
        count = len(items) if len(items) < HOME_ROWS else in_state.order_by()[: COUNT_CAP + 1].count()
        groups.append(DueGroup(list_name=list_name, state=state, count=count, items=items))
    return groups


def _page(rows: QuerySet[Any], *, state: str, today: dt.date, item: Any, page: str | None) -> Page[Any]:
    found = Paginator(_in_state(rows, state, today), PAGE_ROWS).get_page(page)
    found.object_list = [item(row, today) for row in found.object_list]
    return found


def _assessment_url(assessment: Assessment) -> str:
    from django.urls import reverse

    return reverse("casework:assessment", kwargs={"assessment_id": assessment.id})


def _review_url(review: Review) -> str:
    from django.urls import reverse

    return reverse("casework:review", kwargs={"review_id": review.id})


def _worker_assessments(user: Any) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(worker=user, status__in=OPEN_ASSESSMENT_STATUSES)
        .select_related("child")
        .only(*_ASSESSMENT_LISTED, *_CHILD_NAMED)
        .order_by("due_on", "id")
    )


def _worker_reviews(user: Any) -> QuerySet[Review]:
    return (
        Review.objects.filter(plan__created_by=user, status=ReviewStatus.DUE, plan__status=PlanStatus.OPEN)
        .select_related("plan__child")
        .only("id", "number", "due_on", "plan__plan_type", *(f"plan__{field}" for field in _CHILD_NAMED))
        .order_by("due_on", "id")
    )


def _assessment_item(a: Assessment, today: dt.date, *, name_the_worker: bool = False) -> DueItem:
    """A row of an assessments list: the worker's own say where the assessment stands, the team's who has it."""
    return DueItem(
        due_on=a.due_on,
        state=due_state(a.due_on, today),
        title=(
            f"{a.get_kind_display()}: {a.worker or 'not allocated'}"
            if name_the_worker
            else f"{a.get_kind_display()} ({a.get_status_display().lower()})"
        ),
        child=a.child,
        url=_assessment_url(a),
    )


def _team_assessment_item(a: Assessment, today: dt.date) -> DueItem:
    return _assessment_item(a, today, name_the_worker=True)


def _review_item(r: Review, today: dt.date) -> DueItem:
    return DueItem(
        due_on=r.due_on,
        state=due_state(r.due_on, today),
        title=f"Review {r.number} of the {r.plan.get_plan_type_display().lower()}",
        child=r.plan.child,
        url=_review_url(r),
    )


def my_work(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The worker's home list: their assessments and reviews, overdue, nearly due and due; their drafts."""
    today = today or timezone.localdate()
    return {
        "assessment_groups": _groups(
            "assessments", _worker_assessments(user), today=today, item=_assessment_item
        ),
        "review_groups": _groups("reviews", _worker_reviews(user), today=today, item=_review_item),
        "drafts": list(Draft.objects.filter(user=user)[:50]),
        "returned": list(
            Assessment.objects.filter(worker=user, status=AssessmentStatus.IN_PROGRESS)
            .exclude(returned_reason="")
            .select_related("child")
            .only(*_ASSESSMENT_LISTED, *_CHILD_NAMED)
            .order_by("due_on", "id")[:LIST_LIMIT]
        ),
    }


def my_work_page(
    *, user: Any, list_name: str, state: str, page: str | None, today: dt.date | None = None
) -> Page[Any]:
    """One state of one of the worker's lists (every overdue review, say), PAGE_ROWS a page, most urgent first."""
    today = today or timezone.localdate()
    if list_name == "assessments":
        return _page(_worker_assessments(user), state=state, today=today, item=_assessment_item, page=page)
    return _page(_worker_reviews(user), state=state, today=today, item=_review_item, page=page)


@dataclass(frozen=True)
class WaitingReferral:
    referral: Referral
    decision_due: dt.date
    state: str

    @property
    def state_label(self) -> str:
        return DueState.LABELS[self.state]


def referrals_waiting_decision(*, user: Any, today: dt.date | None = None) -> list[WaitingReferral]:
    """The team's open referrals on the 1-working-day decision clock, oldest first."""
    today = today or timezone.localdate()
    rows = []
    for referral in team_queue(user=user).filter(status__in=OPEN_STATUSES)[:LIST_LIMIT]:
        received = timezone.localtime(referral.submitted_at).date() if referral.submitted_at else today
        due = add_working_days(received, 1)
        rows.append(WaitingReferral(referral=referral, decision_due=due, state=due_state(due, today)))
    return sorted(rows, key=lambda row: row.decision_due)


def _team_assessments(user: Any) -> QuerySet[Assessment]:
    return (
        Assessment.objects.filter(team_id=user.team_id, status__in=OPEN_ASSESSMENT_STATUSES)
        .select_related("child", "worker")
        .only(*_ASSESSMENT_LISTED, "completed_on", *_CHILD_NAMED, "worker")
        .order_by("due_on", "id")
    )


def team_work(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    """The team manager's lists: the team's assessments by due state, what waits for them to authorise,
    plans waiting for panel, and referrals on the decision clock."""
    today = today or timezone.localdate()
    return {
        "assessment_groups": _groups(
            "assessments", _team_assessments(user), today=today, item=_team_assessment_item
        ),
        "to_authorise": list(
            _team_assessments(user).filter(status=AssessmentStatus.AWAITING_AUTHORISATION)[:LIST_LIMIT]
        ),
        "plans_to_authorise": list(
            SupportPlan.objects.filter(team_id=user.team_id, status=PlanStatus.DRAFT)
            .select_related("child")
            .order_by("created_at")[:LIST_LIMIT]
        ),
        "panel_waiting": PanelCase.objects.filter(
            panel__isnull=True, decision__isnull=True, plan__team_id=user.team_id
        ).count(),
        "referrals": referrals_waiting_decision(user=user, today=today),
    }


def team_work_page(*, user: Any, state: str, page: str | None, today: dt.date | None = None) -> Page[Any]:
    """One state of the team's open assessments, PAGE_ROWS a page, most urgent first."""
    today = today or timezone.localdate()
    return _page(_team_assessments(user), state=state, today=today, item=_team_assessment_item, page=page)


def duty_work(*, user: Any, today: dt.date | None = None) -> dict[str, Any]:
    today = today or timezone.localdate()
    enquiries = (
        Section47Enquiry.objects.filter(
            icpc_on__isnull=True, icpc_not_required=False, child__involvements__team_id=user.team_id
        )
        .select_related("child")
        .distinct()
        .order_by("icpc_target")[:LIST_LIMIT]
    )
    return {
        "referrals": referrals_waiting_decision(user=user, today=today),
        "enquiries": [
            {
                "enquiry": e,
                "state": due_state(e.icpc_target, today),
                "label": DueState.LABELS[due_state(e.icpc_target, today)],
            }
            for e in enquiries
        ],
        "cp_plans": list(
            ChildProtectionPlan.objects.filter(
                ends_on__isnull=True, child__involvements__team_id=user.team_id
            )
            .select_related("child")
            .distinct()[:LIST_LIMIT]
        ),
    }


def panels_for(*, user: Any) -> QuerySet[Panel]:
    return Panel.objects.filter(team_id=user.team_id).order_by("-meets_on")


def notes_for_child(child: Child) -> QuerySet[CaseNote]:
    return child.case_notes.select_related("author")


def draft_data(*, user: Any, key: str) -> dict[str, Any] | None:
    """What this person last typed on the page with this key, kept as they typed it (None when nothing)."""
    from localoffer.casework.models import Draft

    draft = Draft.objects.filter(user=user, key=key).first()
    return draft.data if draft else None


def panel_cases_waiting_count(*, user: Any) -> int:
    """How many cases of the person's team wait for a panel that has not yet been set up."""
    from localoffer.casework.models import PanelCase

    return PanelCase.objects.filter(panel__isnull=True, plan__team_id=user.team_id).count()
