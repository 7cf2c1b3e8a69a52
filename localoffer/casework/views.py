from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from localoffer.casework import census, selectors, services
from localoffer.casework.access import is_manager, may_correct_note, may_do_casework
from localoffer.casework.forms import (
    AssessmentNeedsForm,
    AssessmentOutcomeForm,
    AuthoriseForm,
    CarerAssessmentForm,
    CaseNoteCorrectForm,
    CaseNoteForm,
    CensusForm,
    ConferenceForm,
    CPPlanForm,
    PanelDecisionForm,
    PanelNewForm,
    PanelPutForm,
    PlanNewForm,
    ReviewForm,
    ReviewLineForm,
    Section47Form,
    SupportLineForm,
)
from localoffer.casework.models import AssessmentKind, AssessmentStatus, PlanStatus, ReviewStatus
from localoffer.casework.schedule import DueState
from localoffer.core.permissions import require_permission
from localoffer.people.selectors import PurposeRequired, child_get_for_user

TYPED_KEY = "casework-typed-before-sign-in"


def keeps_typing(view: Any) -> Any:
    """Like login_required, but what someone sends after their session timed out is not lost: it is kept in
    this browser's session through signing in again, and offered back on the same page as their draft (the
    page then checks, as always, that they may work on that child). Without JavaScript, this is what keeps it."""
    from functools import wraps

    from django.contrib.auth.views import redirect_to_login

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not _me(request).is_authenticated:
            if request.method == "POST":
                request.session[TYPED_KEY] = {
                    "path": request.path,
                    "data": {
                        name: _value(request.POST, name)
                        for name in request.POST
                        if name != "csrfmiddlewaretoken"
                    },
                }
            return redirect_to_login(request.get_full_path())
        typed = request.session.get(TYPED_KEY)
        if typed and request.method == "GET" and typed.get("path") == request.path:
            del request.session[TYPED_KEY]
            services.draft_save(
                user=_me(request),
                key=request.path[:120],
                title="What you were typing when you were signed out",
                url=request.path,
                data=typed["data"],
            )
        return view(request, *args, **kwargs)

    return wrapped


def _me(request: HttpRequest) -> Any:
    """The signed-in person (every view here is behind sign-in)."""
    return request.user


def _value(data: Any, name: str) -> Any:
    values = data.getlist(name)
    return values if len(values) > 1 else data.get(name)


def _errors_to(form: Any, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def _draft(request: HttpRequest, key: str) -> dict[str, Any] | None:
    return selectors.draft_data(user=_me(request), key=key)


def _bound(form_class: Any, request: HttpRequest, key: str, **kwargs: Any) -> tuple[Any, bool]:
    """The form as posted, or as the person left it (their draft), or empty."""
    if request.method == "POST":
        return form_class(request.POST, **kwargs), False
    data = _draft(request, key)
    if data:
        return form_class(data, **kwargs), True
    return form_class(**kwargs), False


def _keep(request: HttpRequest, *, key: str, title: str, child: Any) -> None:
    """A step that could not be saved yet (an error to put right) is kept as the person's draft."""
    services.draft_save(
        user=_me(request),
        key=key,
        title=title,
        url=request.path,
        data={name: _value(request.POST, name) for name in request.POST},
        child=child,
    )


# Home lists -----------------------------------------------------------------------------------------------


@require_permission("casework.see_own_work")
def my_work(request: HttpRequest) -> HttpResponse:
    """The worker's lists; with `?list=reviews&state=overdue` (a "See all" link), that one state paged."""
    list_name, state = request.GET.get("list", ""), request.GET.get("state", "")
    if list_name in selectors.DUE_LISTS and state in DueState.LABELS:
        found = selectors.my_work_page(
            user=_me(request), list_name=list_name, state=state, page=request.GET.get("page")
        )
        what = "Your assessments" if list_name == "assessments" else "Reviews of your plans"
        return _due_list(
            request,
            found,
            what=what,
            state=state,
            back=reverse("casework:my-work"),
            back_text="your casework",
        )
    return render(request, "casework/my_work.html", selectors.my_work(user=_me(request)))


@require_permission("casework.see_team_work")
def team_work(request: HttpRequest) -> HttpResponse:
    """The team manager's lists; with `?list=assessments&state=overdue`, that one state of the team's
    assessments paged."""
    state = request.GET.get("state", "")
    if request.GET.get("list") == "assessments" and state in DueState.LABELS:
        found = selectors.team_work_page(user=_me(request), state=state, page=request.GET.get("page"))
        return _due_list(
            request,
            found,
            what="The team's open assessments",
            state=state,
            back=reverse("casework:team"),
            back_text="your team's casework",
        )
    return render(request, "casework/team_work.html", selectors.team_work(user=_me(request)))


def _due_list(
    request: HttpRequest, found: Any, *, what: str, state: str, back: str, back_text: str
) -> HttpResponse:
    return render(
        request,
        "casework/due_list.html",
        {
            "page": found,
            "what": what,
            "label": DueState.LABELS[state],
            "query": urlencode({"list": request.GET.get("list", ""), "state": state}),
            "back": back,
            "back_text": back_text,
        },
    )


@require_permission("casework.see_duty_work")
def duty_work(request: HttpRequest) -> HttpResponse:
    return render(request, "casework/duty_work.html", selectors.duty_work(user=_me(request)))


@require_POST
@require_permission("casework.keep_drafts")
def autosave(request: HttpRequest) -> HttpResponse:
    """What the page's script sends as the person types: kept as their draft of that form."""
    key = request.POST.get("draft_key", "")
    url = request.POST.get("draft_url", "")
    if not key or not url.startswith("/casework/") or len(key) > 120:
        return JsonResponse({"saved": False}, status=400)
    data = {name: _value(request.POST, name) for name in request.POST if not name.startswith("draft_")}
    services.draft_save(
        user=_me(request), key=key, title=request.POST.get("draft_title", "A draft")[:200], url=url, data=data
    )
    return JsonResponse({"saved": True, "at": timezone.localtime().strftime("%H:%M")})


# Case notes -----------------------------------------------------------------------------------------------


@keeps_typing
def note_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    child = selectors.child_for_casework(user=_me(request), child_id=child_id, what="case note")
    key = request.path  # a draft is the page it was typed on
    form, restored = _bound(CaseNoteForm, request, key)
    if request.method == "POST":
        if form.is_valid():
            services.case_note_add(child=child, by=_me(request), **form.cleaned_data)
            services.draft_discard(user=_me(request), key=key)
            messages.success(request, "Case note saved")
            return redirect(reverse("people:child-detail", kwargs={"child_id": child.id}) + "#case-notes")
        _keep(request, key=key, title=f"A case note about {child.first_name}", child=child)
    return render(
        request,
        "casework/note_new.html",
        {"child": child, "form": form, "restored": restored, "draft_key": key},
    )


@login_required
def note(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    """A case note and its history: the wording that stands, and each earlier one with who and when."""
    item = selectors.note_get(user=_me(request), note_id=note_id)
    return render(
        request,
        "casework/note.html",
        {
            "note": item,
            "child": item.child,
            "versions": selectors.note_versions(item),
            "may_correct": may_correct_note(_me(request), item),
        },
    )


@keeps_typing
def note_correct(request: HttpRequest, note_id: uuid.UUID) -> HttpResponse:
    item = selectors.note_get_to_correct(user=_me(request), note_id=note_id)
    key = request.path
    initial = {name: getattr(item, name) for name in ("kind", "happened_on", "who", "summary", "agreed")}
    form, restored = _bound(CaseNoteCorrectForm, request, key, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.case_note_correct(note=item, by=_me(request), **form.cleaned_data)
            except ValidationError as error:
                _errors_to(form, error)
            else:
                services.draft_discard(user=_me(request), key=key)
                messages.success(request, "Case note corrected; the earlier wording is kept in its history")
                return redirect("casework:note", note_id=item.id)
        _keep(
            request,
            key=key,
            title=f"A correction of a case note about {item.child.first_name}",
            child=item.child,
        )
    return render(
        request,
        "casework/note_correct.html",
        {"note": item, "child": item.child, "form": form, "restored": restored, "draft_key": key},
    )


# Assessments ----------------------------------------------------------------------------------------------

STEPS: dict[str, type[Form]] = {"needs": AssessmentNeedsForm, "outcome": AssessmentOutcomeForm}


@login_required
def assessment(request: HttpRequest, assessment_id: uuid.UUID) -> HttpResponse:
    """The assessment as it stands: its clock, its steps, and what is still to do (check answers)."""
    item = selectors.assessment_get(user=_me(request), assessment_id=assessment_id)
    missing = services.assessment_missing(item)
    return render(
        request,
        "casework/assessment.html",
        {
            "assessment": item,
            "child": item.child,
            "missing": missing,
            "may_edit": item.status == AssessmentStatus.IN_PROGRESS,
            "may_authorise": item.status == AssessmentStatus.AWAITING_AUTHORISATION
            and is_manager(_me(request))
            and _me(request).team_id == item.team_id,
            "today": timezone.localdate(),
            "from_referral": services.referral_told(item.referral) if item.referral else "",
        },
    )


@keeps_typing
def assessment_step(request: HttpRequest, assessment_id: uuid.UUID, step: str) -> HttpResponse:
    item = selectors.assessment_get(user=_me(request), assessment_id=assessment_id)
    form_class = STEPS.get(step)
    if form_class is None:
        from django.http import Http404

        raise Http404("No such step")
    if item.status != AssessmentStatus.IN_PROGRESS:
        messages.info(request, "This assessment has been sent for authorisation and cannot be changed now")
        return redirect("casework:assessment", assessment_id=item.id)
    key = request.path
    initial = {name: getattr(item, name) for name in form_class.base_fields}
    extra = {"asks_need": item.kind == AssessmentKind.CHILD_AND_FAMILY} if step == "outcome" else {}
    form, restored = _bound(form_class, request, key, initial=initial, **extra)
    if request.method == "POST":
        if form.is_valid():
            services.assessment_save(assessment=item, by=_me(request), **form.cleaned_data)
            services.draft_discard(user=_me(request), key=key)
            messages.success(request, "Saved")
            if step == "needs":
                return redirect("casework:assessment-step", assessment_id=item.id, step="outcome")
            return redirect("casework:assessment", assessment_id=item.id)
        _keep(
            request, key=key, title=f"{item.get_kind_display()} for {item.child.first_name}", child=item.child
        )
    return render(
        request,
        f"casework/assessment_{step}.html",
        {
            "assessment": item,
            "child": item.child,
            "form": form,
            "restored": restored,
            "draft_key": key,
            "from_referral": services.referral_told(item.referral) if item.referral else "",
        },
    )


@require_POST
@login_required
def assessment_submit(request: HttpRequest, assessment_id: uuid.UUID) -> HttpResponse:
    item = selectors.assessment_get(user=_me(request), assessment_id=assessment_id)
    try:
        services.assessment_submit(assessment=item, by=_me(request))
    except ValidationError as error:
        messages.error(request, "The assessment is not ready: " + "; ".join(error.messages))
    else:
        messages.success(request, "Sent to your manager to authorise")
    return redirect("casework:assessment", assessment_id=item.id)


@login_required
def assessment_authorise(request: HttpRequest, assessment_id: uuid.UUID) -> HttpResponse:
    item = selectors.assessment_get(user=_me(request), assessment_id=assessment_id)
    if not (is_manager(_me(request)) and _me(request).team_id == item.team_id):
        raise PermissionDenied("Only the team's manager authorises its assessments")
    form = AuthoriseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "authorise":
                services.assessment_authorise(assessment=item, by=_me(request))
                messages.success(request, "Assessment authorised")
            else:
                services.assessment_return(
                    assessment=item, by=_me(request), reason=form.cleaned_data["reason"]
                )
                messages.success(request, "Sent back to the worker")
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return redirect("casework:assessment", assessment_id=item.id)
    return render(
        request, "casework/assessment_authorise.html", {"assessment": item, "child": item.child, "form": form}
    )


@login_required
def carer_assessment_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    child = selectors.child_for_casework(user=_me(request), child_id=child_id, what="carer's assessment")
    form = CarerAssessmentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = services.assessment_open(
            child=child,
            team=_me(request).team,
            by=_me(request),
            kind=AssessmentKind.CARER,
            carer_name=form.cleaned_data["carer_name"],
        )
        return redirect("casework:assessment-step", assessment_id=item.id, step="needs")
    return render(request, "casework/carer_assessment_new.html", {"child": child, "form": form})


# Plans ----------------------------------------------------------------------------------------------------


@login_required
def plan_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    child = selectors.child_for_casework(user=_me(request), child_id=child_id, what="new plan")
    form = PlanNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                child=child, plan_type=form.cleaned_data["plan_type"], by=_me(request), team=_me(request).team
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            return redirect("casework:plan", plan_id=plan.id)
    return render(request, "casework/plan_new.html", {"child": child, "form": form})


@keeps_typing
def plan(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    item = selectors.plan_get(user=_me(request), plan_id=plan_id)
    key = request.path
    lines = list(item.lines.all())
    # Nothing typed twice: a plan's first support starts from what its assessment recommended.
    offered = item.assessment.recommended_support if item.assessment and not lines else ""
    line_form, restored = _bound(
        SupportLineForm, request, key, initial={"support": offered} if offered else {}
    )
    if request.method == "POST":
        if line_form.is_valid():
            data = line_form.cleaned_data
            try:
                services.support_line_add(plan=item, by=_me(request), **_line_values(data))
            except ValidationError as error:
                _errors_to(line_form, error)
            else:
                services.draft_discard(user=_me(request), key=key)
                messages.success(request, "Support added to the plan")
                return redirect(reverse("casework:plan", kwargs={"plan_id": item.id}) + "#support")
        if line_form.errors:
            _keep(request, key=key, title=f"Support in {item.child.first_name}'s plan", child=item.child)
    return render(
        request,
        "casework/plan.html",
        {
            "plan": item,
            "child": item.child,
            "lines": lines,
            "form": line_form,
            "restored": restored,
            "draft_key": key,
            "problems": services.plan_problems(item),
            "needs_panel": services.plan_needs_panel(item),
            "approval": services.plan_panel_approval(item),
            "sent_back": services.plan_panel_sent_back(item),
            "may_change": services.plan_may_change(item),
            "may_authorise": item.status == PlanStatus.DRAFT
            and is_manager(_me(request))
            and _me(request).team_id == item.team_id,
            "panel_form": PanelPutForm(),
            "reviews": list(item.reviews.all()),
            "PlanStatus": PlanStatus,
        },
    )


def _line_values(data: dict[str, Any]) -> dict[str, Any]:
    return {
        "outcome": data["outcome"],
        "support": data["support"],
        "funded": data["funded"],
        "yearly_cost_pence": data["yearly_cost"],
        "justification": data["justification"],
        "overnight": data["overnight"],
        "legal_basis": data["legal_basis"],
        "legal_basis_reason": data["legal_basis_reason"],
    }


@keeps_typing
def line_change(request: HttpRequest, plan_id: uuid.UUID, line_id: uuid.UUID) -> HttpResponse:
    """Change an outcome and its support while the plan is a draft, or the panel sent it back."""
    line = selectors.line_get(user=_me(request), plan_id=plan_id, line_id=line_id)
    plan_ = line.plan
    if not services.plan_may_change(plan_):
        messages.info(
            request,
            "This plan is waiting for the panel: it cannot be changed now"
            if plan_.status == PlanStatus.AWAITING_PANEL
            else "This plan has been authorised: change its support at its next review",
        )
        return redirect("casework:plan", plan_id=plan_.id)
    key = request.path
    initial = {
        "outcome": line.outcome,
        "support": line.support,
        "funded": line.funded,
        "yearly_cost": f"{line.yearly_cost_pence / 100:.2f}" if line.funded else "",
        "justification": line.justification,
        "overnight": line.overnight,
        "legal_basis": line.legal_basis,
        "legal_basis_reason": line.legal_basis_reason,
    }
    form, restored = _bound(SupportLineForm, request, key, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.support_line_change(line=line, by=_me(request), **_line_values(form.cleaned_data))
            except ValidationError as error:
                _errors_to(form, error)
            else:
                services.draft_discard(user=_me(request), key=key)
                messages.success(request, "Support changed")
                return redirect(reverse("casework:plan", kwargs={"plan_id": plan_.id}) + "#support")
        _keep(request, key=key, title=f"A change to {plan_.child.first_name}'s plan", child=plan_.child)
    number = next((n for n, other in enumerate(plan_.lines.all(), start=1) if other.pk == line.pk), 1)
    return render(
        request,
        "casework/line_change.html",
        {
            "plan": plan_,
            "child": plan_.child,
            "line": line,
            "number": number,
            "form": form,
            "restored": restored,
            "draft_key": key,
        },
    )


@login_required
def line_remove(request: HttpRequest, plan_id: uuid.UUID, line_id: uuid.UUID) -> HttpResponse:
    """Ask, then take an outcome and its support out of a draft plan."""
    line = selectors.line_get(user=_me(request), plan_id=plan_id, line_id=line_id)
    plan_ = line.plan
    if not services.plan_may_change(plan_):
        messages.info(request, "This plan cannot be changed now")
        return redirect("casework:plan", plan_id=plan_.id)
    if request.method == "POST":
        services.support_line_remove(line=line, by=_me(request))
        messages.success(request, "Support removed from the plan")
        return redirect(reverse("casework:plan", kwargs={"plan_id": plan_.id}) + "#support")
    return render(request, "casework/line_remove.html", {"plan": plan_, "child": plan_.child, "line": line})


@require_POST
@login_required
def plan_authorise(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    item = selectors.plan_get(user=_me(request), plan_id=plan_id)
    try:
        services.plan_authorise(plan=item, by=_me(request))
    except ValidationError as error:
        messages.error(request, "The plan cannot be authorised yet: " + "; ".join(error.messages))
    else:
        messages.success(request, "Plan authorised; its first review is scheduled")
    return redirect("casework:plan", plan_id=item.id)


@login_required
def plan_panel(request: HttpRequest, plan_id: uuid.UUID) -> HttpResponse:
    item = selectors.plan_get(user=_me(request), plan_id=plan_id)
    form = PanelPutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_to_panel(plan=item, by=_me(request), asking_for=form.cleaned_data["asking_for"])
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "The plan is waiting for the next panel")
            return redirect("casework:plan", plan_id=item.id)
    return render(request, "casework/plan_panel.html", {"plan": item, "child": item.child, "form": form})


# Reviews --------------------------------------------------------------------------------------------------


@keeps_typing
def review(request: HttpRequest, review_id: uuid.UUID) -> HttpResponse:
    item = selectors.review_get(user=_me(request), review_id=review_id)
    plan_ = item.plan
    lines = list(plan_.lines.all())
    key = request.path
    held = item.status == ReviewStatus.HELD
    data: Any = request.POST if request.method == "POST" else _draft(request, key)
    restored = request.method != "POST" and bool(data)
    form = ReviewForm(data or None)
    line_forms = [
        (
            line,
            ReviewLineForm(
                data or None,
                prefix=str(line.id),
                initial={
                    "support": line.support,
                    "yearly_cost": f"{line.yearly_cost_pence / 100:.2f}",
                    "justification": line.justification,
                },
            ),
        )
        for line in lines
    ]
    if request.method == "POST" and not held:
        valid = form.is_valid() & all([f.is_valid() for _, f in line_forms])
        if valid:
            changes = {}
            for line, f in line_forms:
                values = {
                    "support": f.cleaned_data["support"],
                    "yearly_cost_pence": f.cleaned_data["yearly_cost"] if line.funded else 0,
                    "justification": f.cleaned_data["justification"],
                }
                if any(line.snapshot()[name] != value for name, value in values.items()):
                    changes[str(line.id)] = values
            try:
                services.review_hold(review=item, by=_me(request), changes=changes, **form.cleaned_data)
            except ValidationError as error:
                _errors_to(form, error)
            else:
                services.draft_discard(user=_me(request), key=key)
                messages.success(request, "Review recorded; the next one is scheduled")
                return redirect("casework:review", review_id=item.id)
        _keep(request, key=key, title=f"Review {item.number} for {plan_.child.first_name}", child=plan_.child)
    return render(
        request,
        "casework/review.html",
        {
            "review": item,
            "plan": plan_,
            "child": plan_.child,
            "form": form,
            "line_forms": line_forms,
            "held": held,
            "changes": services.review_changes(item) if held else [],
            "previous_changes": services.review_changes(item.previous) if item.previous else [],
            "restored": restored,
            "draft_key": key,
        },
    )


# Panels ---------------------------------------------------------------------------------------------------


@require_permission("casework.run_panels")
def panels(request: HttpRequest) -> HttpResponse:
    form = PanelNewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        panel = services.panel_create(
            team=_me(request).team, meets_on=form.cleaned_data["meets_on"], by=_me(request)
        )
        messages.success(request, f"Panel set up with {panel.cases.count()} cases on its agenda")
        return redirect("casework:panel", panel_id=panel.id)
    waiting = selectors.panel_cases_waiting_count(user=_me(request))
    return render(
        request,
        "casework/panels.html",
        {"form": form, "panels": selectors.panels_for(user=_me(request)), "waiting": waiting},
    )


@require_permission("casework.run_panels")
def panel(request: HttpRequest, panel_id: uuid.UUID) -> HttpResponse:
    item = selectors.panel_get(user=_me(request), panel_id=panel_id)
    cases = list(item.cases.select_related("child", "plan", "decision").prefetch_related("plan__lines"))
    return render(
        request,
        "casework/panel.html",
        {"panel": item, "cases": [(case, PanelDecisionForm(prefix=str(case.id))) for case in cases]},
    )


@require_permission("casework.run_panels")
def panel_decide(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.panel_case_get(user=_me(request), case_id=case_id)
    form = PanelDecisionForm(request.POST or None, prefix=str(case.id))
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_decide(case=case, by=_me(request), **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, f"Decision recorded for {case.child.first_name} {case.child.last_name}")
            return redirect("casework:panel", panel_id=case.panel_id)
    return render(request, "casework/panel_decide.html", {"case": case, "form": form})


# Duty -----------------------------------------------------------------------------------------------------


@require_permission("casework.safeguarding")
def section47_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    purpose = request.session.get(f"child-purpose:{child_id}", "")
    try:
        child = child_get_for_user(user=_me(request), child_id=child_id, purpose=purpose)
    except PurposeRequired:
        return redirect("people:child-purpose", child_id=child_id)
    form = Section47Form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        enquiry = services.section47_start(
            child=child, by=_me(request), started_on=form.cleaned_data["started_on"]
        )
        messages.success(
            request, f"Section 47 enquiry started: conference due by {enquiry.icpc_target:%-d %B %Y}"
        )
        return redirect("casework:section47", enquiry_id=enquiry.id)
    return render(request, "casework/section47_new.html", {"child": child, "form": form})


@login_required
def section47(request: HttpRequest, enquiry_id: uuid.UUID) -> HttpResponse:
    enquiry = selectors.section47_get(user=_me(request), enquiry_id=enquiry_id)
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.section47_conference(
                enquiry=enquiry,
                by=_me(request),
                icpc_on=form.cleaned_data["icpc_on"],
                not_required=form.cleaned_data["not_required"],
            )
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "Conference recorded")
            return redirect("casework:section47", enquiry_id=enquiry.id)
    return render(
        request, "casework/section47.html", {"enquiry": enquiry, "child": enquiry.child, "form": form}
    )


@require_permission("casework.safeguarding")
def cp_plan_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    child = selectors.child_for_casework(user=_me(request), child_id=child_id, what="child protection plan")
    form = CPPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cp_plan_start(child=child, by=_me(request), **form.cleaned_data)
        except ValidationError as error:
            _errors_to(form, error)
        else:
            messages.success(request, "Child protection plan recorded")
            return redirect(reverse("people:child-detail", kwargs={"child_id": child.id}) + "#casework")
    return render(request, "casework/cp_plan_new.html", {"child": child, "form": form})


# The Children in Need census ------------------------------------------------------------------------------


@require_permission("casework.census")
def census_page(request: HttpRequest) -> HttpResponse:
    form = CensusForm(request.GET or None)
    problems = None
    year = None
    if form.is_bound and form.is_valid():
        year = form.cleaned_data["year"]
        problems = census.census_dry_run(year)
    return render(request, "casework/census.html", {"form": form, "problems": problems, "year": year})


@require_permission("casework.census")
def census_download(request: HttpRequest, year: int) -> Any:
    if not 2013 <= year <= 2100:
        from django.http import Http404

        raise Http404("No census for that year")
    response = StreamingHttpResponse(census.census_xml(year), content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="cin-census-{year}.xml"'
    return response


__all__ = ["may_do_casework"]
