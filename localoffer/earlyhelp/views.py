"""Early help pages: each parses, calls one service or selector, and renders."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from localoffer.core.permissions import require_permission
from localoffer.earlyhelp import selectors, services
from localoffer.earlyhelp.forms import (
    AssessmentForm,
    CloseForm,
    FamilyMemberForm,
    FeedbackForm,
    LeadForm,
    PeriodForm,
    PlanActionForm,
    ProgressForm,
    StepDownForm,
    StepUpForm,
    TeamMemberForm,
)
from localoffer.earlyhelp.models import Heading, Rating
from localoffer.people.selectors import PurposeRequired, child_get_for_user


def _refused(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal, beside the field it is about (or above the form), keeping what was entered."""
    if hasattr(error, "error_dict"):
        for name, problems in error.error_dict.items():
            target = name if name in form.fields else None
            for problem in problems:
                form.add_error(target, problem.messages[0])
    else:
        form.add_error(None, error.messages[0])


def _back(episode_id: uuid.UUID, part: str = "") -> HttpResponse:
    response = redirect("earlyhelp:episode", episode_id=episode_id)
    if part:
        response["Location"] += f"#{part}"
    return response


@require_permission("earlyhelp.see_caseload")
def caseload(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    hubs = list(selectors.hubs())
    chosen = request.GET.get("hub", "")
    hub = next((h for h in hubs if h.slug == chosen), None)
    if not chosen and user.team_id:
        hub = next((h for h in hubs if h.pk == user.team_id), None)
    result = selectors.caseload(user=user, hub=hub)
    return render(
        request,
        "earlyhelp/caseload.html",
        {
            "caseload": result,
            "hubs": hubs if user.role == "manager" else [],
            "chosen": hub.slug if hub else "",
            "today": timezone.localdate(),
            "may_see_outcomes": user.has_perm("earlyhelp.see_outcomes"),
        },
    )


def _latest_progress(episode: Any) -> list[dict[str, Any]]:
    """The latest rating under each heading the family has needed help with (never a row of "not a worry")."""
    latest: dict[str, Any] = {}
    needed: set[str] = set()
    for entry in episode.progress.all():
        latest[entry.heading] = entry
        if entry.rating != Rating.NOT_A_CONCERN:
            needed.add(entry.heading)
    return [{"label": h.label, "entry": latest[h.value]} for h in Heading if h.value in needed]


@require_permission("earlyhelp.open_record")
def episode(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    record, access = selectors.episode_get_for_user(user=request.user, episode_id=episode_id)
    return render(
        request,
        "earlyhelp/episode.html",
        {
            "episode": record,
            "may_work": access.may_work and record.is_open,
            "members": record.family.members.select_related("child", "account"),
            "assessment": getattr(record, "assessment", None),
            "actions": record.actions.all(),
            "team_around": record.team_around.all(),
            "progress": _latest_progress(record),
            "progress_entries": record.progress.select_related("by").order_by("-recorded_on", "-created_at"),
            "feedback": record.feedback.select_related("by"),
            "step_ups": record.step_ups.select_related("referral", "referral__team"),
            "today": timezone.localdate(),
        },
    )


def _work_page(
    request: HttpRequest,
    episode_id: uuid.UUID,
    form_class: Any,
    template: str,
    save: Any,
    part: str,
    done: str,
    form_kwargs: Any = None,
    initial: Any = None,
    extra: Any = None,
) -> HttpResponse:
    record = selectors.episode_get_for_work(user=request.user, episode_id=episode_id)
    kwargs = form_kwargs(record) if callable(form_kwargs) else (form_kwargs or {})
    form = form_class(
        request.POST or None, initial=initial(record) if callable(initial) else initial, **kwargs
    )
    if request.method == "POST" and form.is_valid():
        try:
            save(record, form, request.user)
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, done)
            return _back(record.id, part)
    context = {"episode": record, "form": form}
    if callable(extra):
        context.update(extra(record))
    return render(request, template, context)


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def lead(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: LeadForm, by: Any) -> None:
        chosen = next(u for u in services.lead_candidates(record) if str(u.pk) == form.cleaned_data["lead"])
        services.lead_choose(episode=record, lead=chosen, with_family=form.cleaned_data["with_family"], by=by)

    return _work_page(
        request,
        episode_id,
        LeadForm,
        "earlyhelp/lead.html",
        save,
        "lead",
        "Lead practitioner chosen",
        form_kwargs=lambda record: {"candidates": services.lead_candidates(record)},
        initial=lambda record: {
            "lead": str(record.lead_practitioner_id or ""),
            "with_family": record.lead_chosen_with_family,
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def assessment(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: AssessmentForm, by: Any) -> None:
        services.assessment_record(episode=record, by=by, **form.cleaned_data)

    def initial(record: Any) -> dict[str, Any]:
        existing = getattr(record, "assessment", None)
        if existing is None:
            return {"completed_on": timezone.localdate()}
        return {name: getattr(existing, name) for name in AssessmentForm.base_fields}

    return _work_page(
        request,
        episode_id,
        AssessmentForm,
        "earlyhelp/assessment.html",
        save,
        "assessment",
        "Family assessment saved",
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def plan_add(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: PlanActionForm, by: Any) -> None:
        services.plan_action_add(episode=record, by=by, **form.cleaned_data)

    return _work_page(
        request,
        episode_id,
        PlanActionForm,
        "earlyhelp/plan_add.html",
        save,
        "plan",
        "Action added to the plan",
    )


@require_POST
@require_permission("earlyhelp.see_caseload")
def action_done(request: HttpRequest, episode_id: uuid.UUID, action_id: uuid.UUID) -> HttpResponse:
    record = selectors.episode_get_for_work(user=request.user, episode_id=episode_id)
    item = selectors.plan_action_get(episode=record, action_id=action_id)
    try:
        services.plan_action_done(action=item, done_on=timezone.localdate(), by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Action marked as done")
    return _back(record.id, "plan")


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def team_add(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: TeamMemberForm, by: Any) -> None:
        services.team_member_add(episode=record, by=by, **form.cleaned_data)

    return _work_page(
        request,
        episode_id,
        TeamMemberForm,
        "earlyhelp/team_add.html",
        save,
        "team",
        "Added to the team around the family",
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def member_add(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: FamilyMemberForm, by: Any) -> None:
        services.family_member_add(family=record.family, by=by, **form.cleaned_data)

    return _work_page(
        request,
        episode_id,
        FamilyMemberForm,
        "earlyhelp/member_add.html",
        save,
        "family",
        "Added to the household",
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def progress(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: ProgressForm, by: Any) -> None:
        services.progress_record(
            episode=record,
            key_point=form.cleaned_data["key_point"],
            recorded_on=form.cleaned_data["recorded_on"],
            next_review_on=form.cleaned_data["next_review_on"],
            ratings=form.ratings(),
            by=by,
        )

    return _work_page(
        request,
        episode_id,
        ProgressForm,
        "earlyhelp/progress.html",
        save,
        "progress",
        "Progress recorded",
        initial=lambda record: {"recorded_on": timezone.localdate()},
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def step_up(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def children(record: Any) -> list[Any]:
        return [m.child for m in record.family.members.select_related("child") if m.child is not None]

    def save(record: Any, form: StepUpForm, by: Any) -> None:
        child = next(c for c in children(record) if str(c.pk) == form.cleaned_data["child"])
        made = services.step_up(
            episode=record,
            to=form.cleaned_data["to"],
            child=child,
            reason=form.cleaned_data["reason"],
            consent_given=form.cleaned_data["consent"] == "yes",
            no_consent_reason=form.cleaned_data["no_consent_reason"],
            by=by,
        )
        messages.success(
            request,
            f"Referral {made.referral.reference} sent to {made.referral.team}, with this early help record",
        )

    return _work_page(
        request,
        episode_id,
        StepUpForm,
        "earlyhelp/step_up.html",
        save,
        "step-up",
        "The lead stays with the family until social care accepts the referral",
        form_kwargs=lambda record: {"children": children(record)},
        extra=lambda record: {"summary": services.step_up_summary(record)},
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_caseload")
def close(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    def save(record: Any, form: CloseForm, by: Any) -> None:
        services.episode_close(episode=record, by=by, **form.cleaned_data)

    return _work_page(
        request,
        episode_id,
        CloseForm,
        "earlyhelp/close.html",
        save,
        "",
        "Early help closed",
        initial={"closed_on": timezone.localdate()},
    )


@require_permission("earlyhelp.see_own_family")
def family(request: HttpRequest) -> HttpResponse:
    return render(
        request, "earlyhelp/family.html", {"episodes": selectors.family_episodes(user=request.user)}
    )


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.see_own_family")
def feedback(request: HttpRequest, episode_id: uuid.UUID) -> HttpResponse:
    record = selectors.episode_get_for_family(user=request.user, episode_id=episode_id)
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.feedback_give(episode=record, by=request.user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, "Thank you: your lead practitioner will see what you said")
            return redirect("earlyhelp:family")
    return render(request, "earlyhelp/feedback.html", {"episode": record, "form": form})


def _period(request: HttpRequest) -> tuple[PeriodForm, dt.date, dt.date]:
    today = timezone.localdate()
    start_default = dt.date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    form = PeriodForm(request.GET or None, initial={"start": start_default, "end": today})
    if form.is_bound and form.is_valid():
        return form, form.cleaned_data["start"], form.cleaned_data["end"]
    return form, start_default, today


@require_permission("earlyhelp.see_outcomes")
def outcomes(request: HttpRequest) -> HttpResponse:
    form, start, end = _period(request)
    report = selectors.outcome_return(user=request.user, start=start, end=end)
    return render(
        request,
        "earlyhelp/outcomes.html",
        {"form": form, "report": report, "query": request.GET.urlencode()},
    )


@require_permission("earlyhelp.see_outcomes")
def outcomes_csv(request: HttpRequest) -> HttpResponse:
    _form, start, end = _period(request)
    report = selectors.outcome_return(user=request.user, start=start, end=end)
    response = HttpResponse(selectors.outcome_return_csv(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="early-help-outcomes-{start}-to-{end}.csv"'
    return response


@require_http_methods(["GET", "POST"])
@require_permission("earlyhelp.step_down")
def step_down(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    try:
        child = child_get_for_user(user=request.user, child_id=child_id)
    except PurposeRequired:
        return redirect("people:child-purpose", child_id=child_id)
    hubs = list(selectors.hubs())
    form = StepDownForm(request.POST or None, hubs=hubs)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.step_down(
                child=child,
                hub=next(h for h in hubs if str(h.pk) == form.cleaned_data["hub"]),
                reason=form.cleaned_data["reason"],
                consent_given=form.cleaned_data["consent"] == "yes",
                no_consent_reason=form.cleaned_data["no_consent_reason"],
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            _refused(form, error)
        else:
            messages.success(request, f"Referral {referral.reference} sent to {referral.team}")
            return redirect("people:child-detail", child_id=child.id)
    return render(request, "earlyhelp/step_down.html", {"child": child, "form": form})
