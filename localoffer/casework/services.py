"""Writes of casework. Each is keyword-only, in a transaction, and records who (audit and history)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
from localoffer.casework.access import may_correct_note
from localoffer.casework.models import (
    ASSESSMENT_NEED_MESSAGES,
    AbuseCategory,
    Assessment,
    AssessmentFactor,
    AssessmentKind,
    AssessmentOutcome,
    AssessmentStatus,
    CaseNote,
    CaseNoteCorrection,
    ChildProtectionPlan,
    CINEpisode,
    ClosureReason,
    Draft,
    LegalBasis,
    Panel,
    PanelCase,
    PanelDecision,
    PanelOutcome,
    PlanStatus,
    PlanType,
    ReferralSource,
    Review,
    ReviewStatus,
    Section47Enquiry,
    SupportLine,
    SupportPlan,
)
from localoffer.casework.schedule import MEDWAY_SUPPORT_PLAN, SECTION_20_SHORT_BREAKS, ReviewSchedule
from localoffer.core.roles import Role
from localoffer.core.transitions import StatusChangeNotAllowed, Transitions
from localoffer.people.models import Child, Involvement
from localoffer.people.services import involvement_start
from localoffer.teams.models import Team

ASSESSMENT_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    AssessmentStatus.IN_PROGRESS: frozenset({AssessmentStatus.AWAITING_AUTHORISATION}),
    AssessmentStatus.AWAITING_AUTHORISATION: frozenset({AssessmentStatus.IN_PROGRESS}),
    AssessmentStatus.AUTHORISED: frozenset({AssessmentStatus.AWAITING_AUTHORISATION}),
}
ASSESSMENT_STATUSES = Transitions(
    choices=AssessmentStatus, allowed_previous=ASSESSMENT_ALLOWED_PREVIOUS, noun="an assessment"
)
PLAN_ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    PlanStatus.DRAFT: frozenset({PlanStatus.AWAITING_PANEL}),
    PlanStatus.AWAITING_PANEL: frozenset({PlanStatus.DRAFT}),
    PlanStatus.OPEN: frozenset({PlanStatus.DRAFT}),
    PlanStatus.CLOSED: frozenset({PlanStatus.DRAFT, PlanStatus.OPEN}),
}
PLAN_STATUSES = Transitions(choices=PlanStatus, allowed_previous=PLAN_ALLOWED_PREVIOUS, noun="a plan")


def _today() -> dt.date:
    return timezone.localdate()


def _save(obj: Any, by: User | None) -> None:
    obj._history_user = by
    with audit_context(actor=by) if by is not None else _nothing():
        obj.save()


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None


# Drafts ---------------------------------------------------------------------------------------------------


@transaction.atomic
def draft_save(
    *, user: User, key: str, title: str, url: str, data: dict[str, Any], child: Child | None = None
) -> Draft:
    """Keep what the person has typed so far on one form (replacing what was kept before)."""
    cleaned = {str(name): value for name, value in data.items() if name != "csrfmiddlewaretoken"}
    draft, _ = Draft.objects.update_or_create(
        user=user, key=key, defaults={"title": title[:200], "url": url[:300], "data": cleaned, "child": child}
    )
    return draft


def draft_discard(*, user: User, key: str) -> None:
    Draft.objects.filter(user=user, key=key).delete()


# Case notes -----------------------------------------------------------------------------------------------


@transaction.atomic
def case_note_add(
    *, child: Child, by: User, kind: str, happened_on: dt.date, summary: str, who: str = "", agreed: str = ""
) -> CaseNote:
    note = CaseNote(
        child=child,
        kind=kind,
        happened_on=happened_on,
        who=who.strip(),
        summary=summary.strip(),
        agreed=agreed.strip(),
        author=by,
    )
    note.full_clean()
    _save(note, by)
    return note


class NothingChanged(ValidationError):
    pass


@transaction.atomic
def case_note_correct(
    *,
    note: CaseNote,
    by: User,
    reason: str,
    kind: str,
    happened_on: dt.date,
    summary: str,
    who: str = "",
    agreed: str = "",
) -> CaseNote:
    """Correct a case note (its author, or their team's manager). Nothing is overwritten unseen: the wording
    before is kept as a correction with who corrected it, when and why, and the note shows it was corrected."""
    current = CaseNote.objects.select_for_update().select_related("child", "author").get(pk=note.pk)
    if not may_correct_note(by, current):
        raise PermissionDenied("Only who wrote the note, or their manager, can correct it")
    if not reason.strip():
        raise ValidationError({"reason": "Say why you are correcting the note"})
    corrected = {
        "kind": kind,
        "happened_on": happened_on,
        "who": who.strip(),
        "summary": summary.strip(),
        "agreed": agreed.strip(),
    }
    if all(getattr(current, name) == value for name, value in corrected.items()):
        raise NothingChanged("You have not changed the note: change what was wrong, or go back")
    now = timezone.now()
    earlier = CaseNoteCorrection(
        note=current,
        corrected_by=by,
        corrected_at=now,
        reason=reason.strip(),
        **{name: getattr(current, name) for name in corrected},
    )
    for name, value in corrected.items():
        setattr(current, name, value)
    current.corrected_at, current.corrected_by = now, by
    current.full_clean()
    _save(earlier, by)
    _save(current, by)
    return current


# Children in need episodes --------------------------------------------------------------------------------

_SOURCE_BY_REFERRER = {
    "parent_carer": ReferralSource.S1A,
    "young_person": ReferralSource.S1C,
    "professional": ReferralSource.S8,
    "other": ReferralSource.S1D,
}


def _episode_for(child: Child, *, referral: Any = None, on: dt.date, by: User | None) -> CINEpisode:
    """The child's open children in need episode, or a new one from the referral (its date and source)."""
    episode = (
        CINEpisode.objects.filter(child=child, closed_on__isnull=True).order_by("-referral_date").first()
    )
    if episode is not None:
        return episode
    referral_date = on
    source = ReferralSource.S5A
    if referral is not None:
        if referral.submitted_at:
            referral_date = timezone.localtime(referral.submitted_at).date()
        source = _SOURCE_BY_REFERRER.get(referral.referrer_kind, ReferralSource.S10)
        if referral.partner_id:
            source = ReferralSource.S5C
    episode = CINEpisode(
        child=child,
        referral=referral,
        referral_date=referral_date,
        referral_source=source,
        primary_need=child.main_need,
    )
    _save(episode, by)
    return episode


def episode_close(*, episode: CINEpisode, on: dt.date, reason: str, by: User | None) -> CINEpisode:
    episode.closed_on = on
    episode.closure_reason = reason
    episode.full_clean()
    _save(episode, by)
    return episode


# Assessments ----------------------------------------------------------------------------------------------


class AssessmentAlreadyOpen(ValidationError):
    pass


@transaction.atomic
def assessment_open(
    *,
    child: Child,
    team: Team,
    by: User,
    started_on: dt.date | None = None,
    worker: User | None = None,
    referral: Any = None,
    kind: str = AssessmentKind.CHILD_AND_FAMILY,
    carer_name: str = "",
) -> Assessment:
    """Open an assessment on the 45-working-day clock. A child has one open child and family assessment at a
    time (CIN rule 8863Q); a carer's assessment is the carer's own, beside it."""
    if kind == AssessmentKind.CARER and not carer_name.strip():
        raise ValidationError({"carer_name": "Enter the name of the carer being assessed"})
    if (
        kind == AssessmentKind.CHILD_AND_FAMILY
        and Assessment.objects.select_for_update()
        .filter(child=child, kind=kind)
        .exclude(status=AssessmentStatus.AUTHORISED)
        .exists()
    ):
        raise AssessmentAlreadyOpen(
            f"{child.first_name} already has a child and family assessment open: carry on with that one",
            code="already_open",
        )
    started_on = started_on or _today()
    episode = (
        _episode_for(child, referral=referral, on=started_on, by=by)
        if kind == AssessmentKind.CHILD_AND_FAMILY
        else None
    )
    assessment = Assessment(
        child=child,
        kind=kind,
        carer_name=carer_name.strip(),
        team=team,
        worker=worker or by,
        referral=referral,
        episode=episode,
        started_on=started_on,
    )
    earlier = (
        Assessment.objects.filter(child=child, kind=kind, status=AssessmentStatus.AUTHORISED)
        .order_by("-authorised_on")
        .first()
    )
    # Nothing typed twice: the last authorised assessment's words are offered to change.
    if earlier is not None:
        assessment.child_needs = earlier.child_needs
        assessment.carer_needs = earlier.carer_needs
        assessment.family_needs = earlier.family_needs
    elif referral is not None:
        assessment.child_needs = referral_told(referral)
    _save(assessment, by)
    return assessment


def referral_told(referral: Any) -> str:
    """What the referral said about the child, as words a worker can start from."""
    lines = []
    for name, value in (referral.answers or {}).items():
        if isinstance(value, str) and len(value) > 15 and "@" not in value and name not in ("contact_phone",):
            lines.append(f"{name.replace('_', ' ').capitalize()}: {value}")
    return "\n".join(lines)


def _locked_assessment(assessment: Assessment) -> Assessment:
    return Assessment.objects.select_for_update().get(pk=assessment.pk)


ASSESSMENT_FIELDS = (
    "child_needs",
    "carer_needs",
    "family_needs",
    "factors",
    "outcome",
    "recommended_support",
    "need_level",
    "carer_strain",
    "breakdown_risk",
)


@transaction.atomic
def assessment_save(*, assessment: Assessment, by: User, **values: Any) -> Assessment:
    """Keep what the worker wrote on one step. Only while the assessment is in progress."""
    current = _locked_assessment(assessment)
    if current.status != AssessmentStatus.IN_PROGRESS:
        raise StatusChangeNotAllowed(
            "This assessment has been sent for authorisation: it cannot be changed now."
        )
    for name, value in values.items():
        if name not in ASSESSMENT_FIELDS:
            raise TypeError(name)
        setattr(current, name, list(value) if name == "factors" else value)
    _save(current, by)
    return current


def assessment_missing(assessment: Assessment) -> list[tuple[str, str]]:
    """What must be there before a manager can authorise it: (step, message)."""
    missing = []
    if not assessment.child_needs.strip():
        missing.append(("needs", "Describe the child's needs"))
    if assessment.kind == AssessmentKind.CARER and not assessment.carer_needs.strip():
        missing.append(("needs", "Describe the carer's needs"))
    if assessment.kind == AssessmentKind.CHILD_AND_FAMILY:
        if not assessment.factors:
            missing.append(("outcome", "Choose the factors identified, or 'No factors identified'"))
        elif AssessmentFactor.F21 in assessment.factors and len(assessment.factors) > 1:
            missing.append(("outcome", "Choose 'No factors identified' on its own, or only the factors"))
    if not assessment.outcome:
        missing.append(("outcome", "Choose the outcome of the assessment"))
    if assessment.kind == AssessmentKind.CHILD_AND_FAMILY:
        # What the places priority weighs (docs/decisions/0023): asked with the outcome.
        missing.extend(
            ("outcome", message)
            for name, message in ASSESSMENT_NEED_MESSAGES.items()
            if getattr(assessment, name) in (None, "")
        )
    if assessment.outcome in (AssessmentOutcome.CIN_PLAN, AssessmentOutcome.SUPPORT_PLAN) and not (
        assessment.recommended_support.strip()
    ):
        missing.append(("outcome", "Describe the support you recommend"))
    return missing


@transaction.atomic
def assessment_submit(*, assessment: Assessment, by: User) -> Assessment:
    current = _locked_assessment(assessment)
    missing = assessment_missing(current)
    if missing:
        raise ValidationError([message for _, message in missing], code="incomplete")
    ASSESSMENT_STATUSES.check(current=current.status, new=AssessmentStatus.AWAITING_AUTHORISATION)
    current.status = AssessmentStatus.AWAITING_AUTHORISATION
    current.completed_on = _today()
    current.returned_reason = ""
    _save(current, by)
    return current


def _is_team_manager(user: User, team_id: Any) -> bool:
    return getattr(user, "role", "") == Role.MANAGER and user.team_id is not None and user.team_id == team_id


@transaction.atomic
def assessment_authorise(*, assessment: Assessment, by: User, on: dt.date | None = None) -> Assessment:
    """The team's manager authorises the assessment. An outcome that ends the work closes the CIN episode."""
    current = _locked_assessment(assessment)
    if not _is_team_manager(by, current.team_id):
        raise PermissionDenied("Only the team's manager can authorise its assessments")
    ASSESSMENT_STATUSES.check(current=current.status, new=AssessmentStatus.AUTHORISED)
    current.status = AssessmentStatus.AUTHORISED
    current.authorised_by = by
    current.authorised_on = on or _today()
    _save(current, by)
    closing = {
        AssessmentOutcome.NO_FURTHER_ACTION: ClosureReason.RC8,
        AssessmentOutcome.EARLY_HELP: ClosureReason.RC9,
    }.get(AssessmentOutcome(current.outcome) if current.outcome else None)  # type: ignore[arg-type]
    if closing and current.episode is not None and not current.episode.plans.exists():
        episode_close(episode=current.episode, on=current.authorised_on, reason=closing, by=by)
    return current


@transaction.atomic
def assessment_return(*, assessment: Assessment, by: User, reason: str) -> Assessment:
    current = _locked_assessment(assessment)
    if not _is_team_manager(by, current.team_id):
        raise PermissionDenied("Only the team's manager can return its assessments")
    if not reason.strip():
        raise ValidationError({"reason": "Say what needs to change before you can authorise it"})
    ASSESSMENT_STATUSES.check(current=current.status, new=AssessmentStatus.IN_PROGRESS)
    current.status = AssessmentStatus.IN_PROGRESS
    current.completed_on = None
    current.returned_reason = reason.strip()
    _save(current, by)
    return current


# Plans ----------------------------------------------------------------------------------------------------


class PlanAlreadyOpen(ValidationError):
    pass


@transaction.atomic
def plan_create(
    *, child: Child, plan_type: str, by: User, team: Team, assessment: Assessment | None = None
) -> SupportPlan:
    """A new plan of one type. Only one open plan of a type at a time (a CIN plan: CIN rule 4004)."""
    if SupportPlan.objects.filter(
        child=child, plan_type=plan_type, status__in=["draft", "awaiting_panel", "open"]
    ).exists():
        raise PlanAlreadyOpen(
            {
                "plan_type": f"{child.first_name} already has an open {PlanType(plan_type).label.lower()}: change that one"
            }
        )
    if assessment is None:
        assessment = (
            Assessment.objects.filter(child=child, status=AssessmentStatus.AUTHORISED)
            .order_by("-authorised_on")
            .first()
        )
    plan = SupportPlan(
        child=child,
        plan_type=plan_type,
        assessment=assessment,
        team=team,
        created_by=by,
        episode=assessment.episode if assessment is not None and plan_type == PlanType.CIN else None,
    )
    try:
        with transaction.atomic():
            _save(plan, by)
    except IntegrityError:
        raise PlanAlreadyOpen({"plan_type": "There is already an open plan of this type"}) from None
    return plan


def line_needs_panel(line: SupportLine) -> bool:
    """Overnight short breaks (Parklands and the like) go to panel, as does funded support above the policy's
    yearly amount for a decision by the team (settings.CASEWORK_PANEL_THRESHOLD_PENCE)."""
    threshold = getattr(settings, "CASEWORK_PANEL_THRESHOLD_PENCE", 1_000_000)
    return line.funded and (line.overnight or line.yearly_cost_pence > threshold)


@transaction.atomic
def support_line_add(
    *,
    plan: SupportPlan,
    by: User,
    outcome: str,
    support: str,
    funded: bool = False,
    yearly_cost_pence: int = 0,
    justification: str = "",
    overnight: bool = False,
    legal_basis: str = "",
    legal_basis_reason: str = "",
    nights_per_year: int | None = None,
) -> SupportLine:
    plan = _plan_to_change(plan)
    line = SupportLine(plan=plan)
    _line_fill(
        line,
        outcome=outcome,
        support=support,
        funded=funded,
        yearly_cost_pence=yearly_cost_pence,
        justification=justification,
        overnight=overnight,
        legal_basis=legal_basis,
        legal_basis_reason=legal_basis_reason,
        nights_per_year=nights_per_year,
    )
    _save(line, by)
    _plan_changed(plan, by)
    return line


EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT,)  # a draft, or one the panel sent back (it is a draft again)


def plan_may_change(plan: SupportPlan) -> bool:
    """Its outcomes and support change freely while it is a draft (or the panel sent it back); while the panel
    has it they wait; once authorised, they change at its review."""
    return plan.status in EDITABLE_PLAN_STATUSES


def _plan_to_change(plan: SupportPlan) -> SupportPlan:
    current = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if current.status == PlanStatus.AWAITING_PANEL:
        raise StatusChangeNotAllowed(
            "The plan is waiting for the panel: it cannot be changed until it decides."
        )
    if not plan_may_change(current):
        raise StatusChangeNotAllowed("This plan has been authorised: change its support at its review.")
    return current


def _plan_changed(plan: SupportPlan, by: User) -> None:
    """A change after the panel approved the plan is not what the panel approved: it goes to panel again."""
    if not plan.changed_since_panel and _panel_approval(plan) is not None:
        plan.changed_since_panel = True
        _save(plan, by)


@transaction.atomic
def support_line_change(
    *,
    line: SupportLine,
    by: User,
    outcome: str,
    support: str,
    funded: bool = False,
    yearly_cost_pence: int = 0,
    justification: str = "",
    overnight: bool = False,
    legal_basis: str = "",
    legal_basis_reason: str = "",
    nights_per_year: int | None = None,
) -> SupportLine:
    """Change one outcome and its support (and its justification) while the plan is a draft or was sent back.
    An authorised plan's support changes at its review (review_hold)."""
    plan = _plan_to_change(line.plan)
    current = SupportLine.objects.select_for_update().get(pk=line.pk, plan=plan)
    _line_fill(
        current,
        outcome=outcome,
        support=support,
        funded=funded,
        yearly_cost_pence=yearly_cost_pence,
        justification=justification,
        overnight=overnight,
        legal_basis=legal_basis,
        legal_basis_reason=legal_basis_reason,
        nights_per_year=nights_per_year,
    )
    _save(current, by)
    _plan_changed(plan, by)
    return current


@transaction.atomic
def support_line_remove(*, line: SupportLine, by: User) -> SupportPlan:
    """Take an outcome and its support out of a draft plan (or one sent back). Its history keeps it."""
    plan = _plan_to_change(line.plan)
    current = SupportLine.objects.select_for_update().get(pk=line.pk, plan=plan)
    current._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        current.delete()
    _plan_changed(plan, by)
    return plan


def _line_fill(line: SupportLine, **values: Any) -> None:
    for name, value in values.items():
        setattr(line, name, value.strip() if isinstance(value, str) else value)
    if line.funded and not line.justification:
        raise ValidationError(
            {"justification": "Say how this funded support meets the need the assessment found"}
        )
    if line.overnight:
        if line.legal_basis not in LegalBasis.values:
            raise ValidationError({"legal_basis": "Choose the legal basis of the overnight short breaks"})
        if not line.legal_basis_reason:
            raise ValidationError({"legal_basis_reason": "Give the reason for this legal basis"})
    else:
        line.legal_basis, line.legal_basis_reason, line.nights_per_year = "", "", None
    if not line.funded:
        line.yearly_cost_pence = 0
    line.needs_panel = line_needs_panel(line)
    line.full_clean(exclude=["plan"])


def plan_problems(plan: SupportPlan) -> list[str]:
    problems = []
    lines = list(plan.lines.all())
    if not lines:
        problems.append("Add at least one outcome and the support for it")
    for number, line in enumerate(lines, start=1):
        problems.extend(f"Support {number}: {problem}" for problem in line.missing)
    return problems


def plan_needs_panel(plan: SupportPlan) -> bool:
    return any(line.needs_panel for line in plan.lines.all())


def _panel_latest(plan: SupportPlan) -> PanelDecision | None:
    """The panel's latest decision on the plan, leaving out deferrals (the case waits for the next panel)."""
    return (
        PanelDecision.objects.filter(case__plan=plan)
        .exclude(outcome=PanelOutcome.DEFERRED)
        .order_by("-decided_on", "-recorded_at")
        .first()
    )


def _panel_approval(plan: SupportPlan) -> PanelDecision | None:
    latest = _panel_latest(plan)
    return latest if latest is not None and latest.approves else None


def plan_panel_approval(plan: SupportPlan) -> PanelDecision | None:
    """The panel's approval of the plan as it stands: its latest decision, when that approved it and the
    support has not changed since."""
    if plan.changed_since_panel:
        return None
    return _panel_approval(plan)


def plan_panel_sent_back(plan: SupportPlan) -> PanelDecision | None:
    """The panel's latest decision when it did not approve the plan, so the plan came back to be changed."""
    latest = _panel_latest(plan)
    return latest if latest is not None and not latest.approves else None


def plan_schedule(plan: SupportPlan) -> ReviewSchedule:
    section_20 = plan.lines.filter(
        overnight=True, legal_basis__in=[LegalBasis.SECTION_20_REG_48, LegalBasis.SECTION_20_FULL]
    ).exists()
    return SECTION_20_SHORT_BREAKS if section_20 else MEDWAY_SUPPORT_PLAN


@transaction.atomic
def plan_authorise(*, plan: SupportPlan, by: User, starts_on: dt.date | None = None) -> SupportPlan:
    """The team's manager authorises the plan: every funded line justified, every overnight break's legal basis
    recorded, and, where the plan needs panel, the panel's approval first. The first review is then scheduled."""
    current = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    if not _is_team_manager(by, current.team_id):
        raise PermissionDenied("Only the team's manager can authorise its plans")
    problems = plan_problems(current)
    if problems:
        raise ValidationError(problems, code="incomplete")
    if plan_needs_panel(current) and plan_panel_approval(current) is None:
        raise ValidationError(
            "This plan needs the panel's approval before it can be authorised: put it to panel",
            code="needs_panel",
        )
    PLAN_STATUSES.check(current=current.status, new=PlanStatus.OPEN)
    current.status = PlanStatus.OPEN
    current.authorised_by = by
    current.authorised_on = _today()
    current.starts_on = starts_on or _today()
    _save(current, by)
    _review_schedule_next(current, previous=None, by=by)
    return current


def _review_schedule_next(plan: SupportPlan, *, previous: Review | None, by: User | None) -> Review:
    number = (previous.number + 1) if previous else 1
    assert plan.starts_on is not None
    review = Review(
        plan=plan, previous=previous, number=number, due_on=plan_schedule(plan).due(plan.starts_on, number)
    )
    _save(review, by)
    return review


@transaction.atomic
def plan_close(*, plan: SupportPlan, by: User, on: dt.date | None = None) -> SupportPlan:
    current = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    PLAN_STATUSES.check(current=current.status, new=PlanStatus.CLOSED)
    current.status = PlanStatus.CLOSED
    current.ends_on = on or _today()
    _save(current, by)
    Review.objects.filter(plan=current, status=ReviewStatus.DUE).delete()
    return current


# Reviews --------------------------------------------------------------------------------------------------


@transaction.atomic
def review_hold(
    *,
    review: Review,
    by: User,
    held_on: dt.date,
    summary: str,
    views: str = "",
    changes: dict[str, dict[str, Any]] | None = None,
) -> Review:
    """Hold a review: what the child and family said, what it found, and any change to the support (each
    change keeps its justification). The plan before and after are kept, and the next review scheduled."""
    current = Review.objects.select_for_update().select_related("plan").get(pk=review.pk)
    if current.status != ReviewStatus.DUE:
        raise StatusChangeNotAllowed("This review has already been held.")
    if not summary.strip():
        raise ValidationError({"summary": "Say what the review found"})
    plan = current.plan
    lines = {str(line.id): line for line in plan.lines.all()}
    current.before = [line.snapshot() for line in lines.values()]
    for line_id, values in (changes or {}).items():
        line = lines[line_id]
        merged = {**line.snapshot(), **values}
        merged.pop("id", None)
        _line_fill(
            line,
            outcome=merged["outcome"],
            support=merged["support"],
            funded=merged["funded"],
            yearly_cost_pence=int(merged["yearly_cost_pence"] or 0),
            justification=merged["justification"],
            overnight=merged["overnight"],
            legal_basis=merged["legal_basis"],
            legal_basis_reason=values.get("legal_basis_reason", line.legal_basis_reason),
        )
        _save(line, by)
    plan.refresh_from_db()
    current.after = [line.snapshot() for line in plan.lines.all()]
    current.status = ReviewStatus.HELD
    current.held_on = held_on
    current.summary = summary.strip()
    current.views = views.strip()
    current.held_by = by
    _save(current, by)
    _review_schedule_next(plan, previous=current, by=by)
    return current


def review_changes(review: Review) -> list[dict[str, Any]]:
    """Each support line before and after the review, side by side, with what changed."""
    before = {item["id"]: item for item in review.before}
    rows = []
    for after in review.after:
        earlier = before.get(after["id"], {})
        changed = sorted(name for name in after if name != "id" and earlier.get(name) != after.get(name))
        rows.append({"before": earlier, "after": after, "changed": changed})
    return rows


# Panels ---------------------------------------------------------------------------------------------------


@transaction.atomic
def plan_to_panel(*, plan: SupportPlan, by: User, asking_for: str) -> PanelCase:
    current = SupportPlan.objects.select_for_update().get(pk=plan.pk)
    problems = plan_problems(current)
    if problems:
        raise ValidationError(problems, code="incomplete")
    if not asking_for.strip():
        raise ValidationError({"asking_for": "Say what you are asking the panel to agree"})
    PLAN_STATUSES.check(current=current.status, new=PlanStatus.AWAITING_PANEL)
    current.status = PlanStatus.AWAITING_PANEL
    current.changed_since_panel = False
    _save(current, by)
    case = PanelCase(
        child=current.child, plan=current, asking_for=asking_for.strip(), put_by=by, put_on=_today()
    )
    _save(case, by)
    return case


@transaction.atomic
def panel_case_put_without_plan(*, child: Child, by: User, asking_for: str) -> PanelCase:
    """Put a case to panel that no support plan carries (a care package's floating support, issue 13): it
    waits for the next panel of a team working with the child, like a plan's case, and its decision is part
    of the child's chronology."""
    if not asking_for.strip():
        raise ValidationError({"asking_for": "Say what you are asking the panel to agree"})
    case = PanelCase(child=child, plan=None, asking_for=asking_for.strip(), put_by=by, put_on=_today())
    _save(case, by)
    return case


@transaction.atomic
def panel_create(*, team: Team, meets_on: dt.date, by: User, name: str = "Resource panel") -> Panel:
    """A panel meeting; its agenda is every case waiting for a decision that no earlier panel has taken."""
    panel = Panel(team=team, meets_on=meets_on, name=name.strip() or "Resource panel")
    panel.full_clean()
    panel.save()
    waiting = PanelCase.objects.filter(
        panel__isnull=True, decision__isnull=True, child__involvements__team=team
    )
    for case in waiting.distinct():
        case.panel = panel
        _save(case, by)
    return panel


@transaction.atomic
def panel_decide(
    *, case: PanelCase, by: User, outcome: str, reasons: str, on: dt.date | None = None
) -> PanelDecision:
    """Record the panel's decision on a case, with its reasons. An approved plan goes back to its manager to
    authorise; a deferred case waits for the next panel; a plan not approved goes back to be changed."""
    current = PanelCase.objects.select_for_update().get(pk=case.pk)
    if current.decided:
        raise StatusChangeNotAllowed("The panel has already decided this case.")
    if outcome not in PanelOutcome.values:
        raise ValidationError({"outcome": "Choose the panel's decision"})
    if not reasons.strip():
        raise ValidationError({"reasons": "Give the panel's reasons"})
    on = on or (current.panel.meets_on if current.panel else _today())
    if outcome == PanelOutcome.DEFERRED:
        again = PanelCase(
            child=current.child, plan=current.plan, asking_for=current.asking_for, put_by=by, put_on=on
        )
        _save(again, by)
    decision = PanelDecision(
        case=current, outcome=outcome, reasons=reasons.strip(), decided_on=on, recorded_by=by
    )
    _save(decision, by)
    plan = current.plan
    if plan is not None and outcome != PanelOutcome.DEFERRED and plan.status == PlanStatus.AWAITING_PANEL:
        plan.status = PlanStatus.DRAFT
        _save(plan, by)
    return decision


# Duty: section 47 and child protection plans ---------------------------------------------------------------


def _duty_involved(child: Child, by: User) -> None:
    if (
        by.team_id
        and not Involvement.objects.filter(child=child, team_id=by.team_id, ended_on__isnull=True).exists()
    ):
        with audit_context(actor=by):
            involvement_start(child=child, team=by.team, started_on=_today(), lead_worker=by)  # type: ignore[arg-type]


@transaction.atomic
def section47_start(*, child: Child, by: User, started_on: dt.date) -> Section47Enquiry:
    """Start a section 47 enquiry; the initial conference is due within 15 working days (CIN rule 8675Q)."""
    _duty_involved(child, by)
    enquiry = Section47Enquiry(
        child=child, started_on=started_on, started_by=by, episode=_episode_for(child, on=started_on, by=by)
    )
    _save(enquiry, by)
    return enquiry


@transaction.atomic
def section47_conference(
    *, enquiry: Section47Enquiry, by: User, icpc_on: dt.date | None, not_required: bool = False
) -> Section47Enquiry:
    if not_required:
        enquiry.icpc_on, enquiry.icpc_not_required = None, True
    else:
        if icpc_on is None:
            raise ValidationError({"icpc_on": "Enter the date of the initial child protection conference"})
        if icpc_on < enquiry.started_on:
            raise ValidationError({"icpc_on": "The conference must be on or after the enquiry's start"})
        if icpc_on.weekday() >= 5:
            raise ValidationError(
                {"icpc_on": "A conference is never held at a weekend (CIN rule 8870Q): check the date"}
            )
        enquiry.icpc_on, enquiry.icpc_not_required = icpc_on, False
    _save(enquiry, by)
    return enquiry


@transaction.atomic
def cp_plan_start(*, child: Child, by: User, starts_on: dt.date, category: str) -> ChildProtectionPlan:
    """A child protection plan. A CIN plan may not run beside it (CIN rules 4001, 4016): an open CIN plan
    ends the day before."""
    if category not in AbuseCategory.values:
        raise ValidationError({"category": "Choose the category of abuse"})
    if ChildProtectionPlan.objects.filter(child=child, ends_on__isnull=True).exists():
        raise ValidationError({"starts_on": f"{child.first_name} already has an open child protection plan"})
    _duty_involved(child, by)
    for plan in SupportPlan.objects.filter(child=child, plan_type=PlanType.CIN, status=PlanStatus.OPEN):
        plan_close(plan=plan, by=by, on=starts_on - dt.timedelta(days=1))
    cp = ChildProtectionPlan(
        child=child,
        starts_on=starts_on,
        initial_category=category,
        latest_category=category,
        episode=_episode_for(child, on=starts_on, by=by),
    )
    _save(cp, by)
    return cp


@transaction.atomic
def cp_plan_end(*, plan: ChildProtectionPlan, by: User, ends_on: dt.date) -> ChildProtectionPlan:
    if ends_on < plan.starts_on:
        raise ValidationError({"ends_on": "The plan must end on or after it started"})
    plan.ends_on = ends_on
    _save(plan, by)
    return plan


# Opened by a referral ---------------------------------------------------------------------------------------


def assessment_open_for_referral(*, referral: Any, by: User) -> Assessment | None:
    """An accepted referral for assessment (the 0 to 25 disability team's, a carer's assessment request, a worry
    that duty accepts) opens the assessment, assigned to who accepted it or was given it."""
    from localoffer.referrals.models import Route

    if referral.child is None or referral.team is None:
        return None
    kind = {
        Route.DISABILITY_TEAM: AssessmentKind.CHILD_AND_FAMILY,
        Route.SAFETY_CONCERN: AssessmentKind.CHILD_AND_FAMILY,
        Route.CARERS_ASSESSMENT: AssessmentKind.CARER,
    }.get(referral.route)
    if kind is None:
        return None
    if kind == AssessmentKind.CHILD_AND_FAMILY:
        existing = (
            Assessment.objects.filter(child=referral.child, kind=kind)
            .exclude(status=AssessmentStatus.AUTHORISED)
            .first()
        )
        if existing is not None:
            return existing
    carer = ""
    if kind == AssessmentKind.CARER:
        answers = referral.answers or {}
        carer = str(answers.get("carer_name") or answers.get("your_name") or "The carer who asked").strip()
    return assessment_open(
        child=referral.child,
        team=referral.team,
        by=by,
        worker=referral.assigned_to or by,
        referral=referral,
        kind=kind,
        carer_name=carer,
    )
