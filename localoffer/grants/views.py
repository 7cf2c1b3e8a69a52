from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from localoffer.core.money import pounds
from localoffer.core.permissions import require_permission
from localoffer.grants import renewals as renewal_services
from localoffer.grants import selectors, statement
from localoffer.grants.charts import budget_chart_svg
from localoffer.grants.forms import (
    CHECKER_ORDER,
    CHECKER_QUESTIONS,
    BudgetForm,
    DecisionForm,
    EvaluationForm,
    LevelChoiceForm,
    LevelForm,
    PolicyForm,
    ReturnFileForm,
    SpendingForm,
    checker_answers,
    checker_form,
)
from localoffer.grants.models import (
    Award,
    CaseStatus,
    GrantCase,
    PaymentRun,
    PolicyStatus,
    PolicyVersion,
    Renewal,
    RenewalStatus,
    Statement,
    StatementStatus,
    budget_year_of,
)
from localoffer.grants.policy import Circumstances, assess
from localoffer.grants.services import (
    EvaluationAnswers,
    NoPublishedPolicy,
    ReturnFileRejected,
    TransitionNotAllowed,
    budget_set,
    case_decide,
    case_evaluate,
    current_policy,
    payment_return_import,
    payment_run_create,
    payment_run_csv,
    policy_draft_create,
    policy_publish,
    policy_update,
)
from localoffer.grants.whatif import whatif_csv, whatif_run
from localoffer.people.access import child_access, children_visible_to


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _published_policy() -> PolicyVersion:
    policy = current_policy()
    if policy is None:
        raise Http404("No grant policy is published yet")
    return policy


# --- Public: the policy and the checker --------------------------------------------------------------------


def policy_page(request: HttpRequest) -> HttpResponse:
    policy = _published_policy()
    return render(
        request,
        "grants/policy.html",
        {"policy": policy, "versions": selectors.published_policy_versions(), "current": True},
    )


def policy_version_page(request: HttpRequest, number: int) -> HttpResponse:
    policy = get_object_or_404(selectors.published_policy_versions(), number=number)
    return render(
        request,
        "grants/policy.html",
        {"policy": policy, "versions": selectors.published_policy_versions(), "current": False},
    )


def checker_start(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/checker_start.html", {"policy": _published_policy()})


def checker_question(request: HttpRequest, question: str) -> HttpResponse:
    if question not in CHECKER_QUESTIONS:
        raise Http404("No such question")
    position = CHECKER_ORDER.index(question)
    submitted = request.GET.get("answered") == question
    form = checker_form(question, request.GET if submitted or question in request.GET else None)
    if submitted and form.is_valid():
        query = _query(request, without=("answered",))
        if position + 1 < len(CHECKER_ORDER):
            return redirect(
                f"{reverse('grants:checker-question', args=[CHECKER_ORDER[position + 1]])}?{query}"
            )
        return redirect(f"{reverse('grants:checker-result')}?{query}")
    if not submitted:
        form = checker_form(question, None)
        form.initial = {question: request.GET.get(question, "")}
    back = (
        f"{reverse('grants:checker-question', args=[CHECKER_ORDER[position - 1]])}?{_query(request, without=('answered',))}"
        if position
        else reverse("grants:checker")
    )
    carried = [(k, v) for k in CHECKER_ORDER if k != question for v in request.GET.getlist(k)]
    return render(
        request,
        "grants/checker_question.html",
        {"form": form, "field": form[question], "question": question, "back": back, "carried": carried},
    )


def checker_result(request: HttpRequest) -> HttpResponse:
    answers, missing = checker_answers(request.GET)
    if missing is not None:
        return redirect(f"{reverse('grants:checker-question', args=[missing])}?{_query(request)}")
    policy = _published_policy()
    outcome = assess(
        policy,
        policy.ordered_levels(),
        Circumstances(
            age=answers["age"],
            has_diagnosis=answers["diagnosis"] == "yes",
            dla_rate=answers["dla"],
            lives_in_medway=answers["medway"] == "yes",
            impact=answers["impact"],
            breakdown_risk=answers["risk"],
            other_short_breaks=answers["other"] == "yes",
        ),
    )
    return render(
        request,
        "grants/checker_result.html",
        {"outcome": outcome, "policy": policy, "change_query": _query(request)},
    )


def _query(request: HttpRequest, without: tuple[str, ...] = ()) -> str:
    query = request.GET.copy()
    for key in without:
        query.pop(key, None)
    return query.urlencode()


# --- Managers: drafting, previewing and publishing policy ------------------------------------------------------


@require_permission("grants.manage_policy")
def policy_manage(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/policy_manage.html", {"versions": selectors.policy_versions()})


@require_permission("grants.manage_policy")
@require_POST
def policy_draft_new(request: HttpRequest) -> HttpResponse:
    draft = policy_draft_create(from_policy=_published_policy(), by=request.user)
    messages.success(request, f"Version {draft.number} drafted from the published policy.")
    return redirect("grants:policy-edit", policy_id=draft.id)


@require_permission("grants.manage_policy")
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    policy = get_object_or_404(PolicyVersion.objects.prefetch_related("levels"), pk=policy_id)
    if policy.status != PolicyStatus.DRAFT:
        messages.error(request, "A published version cannot change. Draft a new version instead.")
        return redirect("grants:policy-manage")
    form = PolicyForm(_posted(request), instance=PolicyVersion.objects.get(pk=policy.pk))
    level_forms = [(level, LevelForm.for_level(level, _posted(request))) for level in policy.ordered_levels()]
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for _, f in level_forms):
        try:
            policy_update(
                policy=policy,
                fields=form.policy_fields(),
                levels={level.number: f.level_values() for level, f in level_forms},
                by=request.user,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            messages.success(request, "Draft saved. Preview its effect before publishing.")
            return redirect("grants:whatif", policy_id=policy.id)
    return render(
        request, "grants/policy_edit.html", {"policy": policy, "form": form, "level_forms": level_forms}
    )


@require_permission("grants.manage_policy")
@require_POST
def policy_publish_view(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    policy = get_object_or_404(PolicyVersion, pk=policy_id)
    try:
        policy_publish(policy=policy, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
        return redirect("grants:whatif", policy_id=policy.id)
    messages.success(request, f"Version {policy.number} is published and the checker now uses it.")
    return redirect("grants:policy")


@require_permission("grants.view_whatif")
def whatif(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    draft = get_object_or_404(PolicyVersion.objects.prefetch_related("levels"), pk=policy_id)
    result = whatif_run(draft=draft, today=timezone.localdate())
    return render(
        request,
        "grants/whatif.html",
        {
            "draft": draft,
            "current": current_policy(),
            "result": result,
            "changed": result.changed_rows[:200],
            "may_publish": draft.is_draft and request.user.has_perm("grants.manage_policy"),
        },
    )


@require_permission("grants.view_whatif")
def whatif_download(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    draft = get_object_or_404(PolicyVersion.objects.prefetch_related("levels"), pk=policy_id)
    response = HttpResponse(
        whatif_csv(whatif_run(draft=draft, today=timezone.localdate())), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="what-if-policy-version-{draft.number}.csv"'
    return response


# --- Coordinators: evaluation and decision ---------------------------------------------------------------------


@require_permission("grants.evaluate")
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", CaseStatus.AWAITING)
    if status not in CaseStatus.values:
        status = CaseStatus.AWAITING
    from django.core.paginator import Paginator

    page = Paginator(selectors.case_queue(user=request.user, status=status), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request, "grants/case_list.html", {"page": page, "status": status, "statuses": CaseStatus.choices}
    )


def _whole_package(case: GrantCase) -> dict[str, Any]:
    today = timezone.localdate()
    policy = current_policy()
    other = selectors.other_support_current(case.child, today=today)
    awards = list(case.child.grant_awards.filter(ends_on__gte=today).select_related("payment"))
    return {
        "other_support": other,
        "awards": awards,
        "stops": bool(policy and policy.stops_with_other_short_breaks and other),
        "policy": policy,
    }


@require_permission("grants.evaluate")
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    policy = current_policy()
    levels = policy.ordered_levels() if policy else []

    # What is already known (from the family's application, or an earlier save) is filled in to confirm.
    def yes_no(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")

    known = {
        "has_diagnosis": yes_no(case.has_diagnosis),
        "dla_rate": case.dla_rate,
        "lives_in_medway": yes_no(case.lives_in_medway),
        "primary_need": case.primary_need,
        "impact": case.impact,
        "breakdown_risk": case.breakdown_risk,
        "carer_needs": case.carer_needs,
        "how_it_helps": case.how_it_helps,
        "payment_method": case.payment_method,
    }
    initial: dict[str, Any] = {name: value for name, value in known.items() if value}
    form = EvaluationForm(_posted(request), initial=initial)
    level_form = LevelChoiceForm(
        _posted(request),
        levels=levels,
        initial={"chosen_level": case.chosen_level, "change_reason": case.change_reason},
    )
    if request.method == "POST":
        if case.status not in (CaseStatus.AWAITING, CaseStatus.EVALUATED):
            raise PermissionDenied
        if form.is_valid() and level_form.is_valid():
            data = form.cleaned_data
            answers = EvaluationAnswers(
                has_diagnosis=data["has_diagnosis"] == "yes",
                dla_rate=data["dla_rate"],
                lives_in_medway=data["lives_in_medway"] == "yes",
                primary_need=data["primary_need"],
                impact=data["impact"],
                breakdown_risk=data["breakdown_risk"],
                carer_needs=data["carer_needs"],
                how_it_helps=data["how_it_helps"],
                payment_method=data["payment_method"],
            )
            chosen = level_form.cleaned_data.get("chosen_level")
            try:
                case_evaluate(
                    case=case,
                    answers=answers,
                    chosen_level=chosen if case.status == CaseStatus.EVALUATED and chosen else None,
                    change_reason=level_form.cleaned_data.get("change_reason", ""),
                    by=request.user,
                )
            except ValidationError as refused:
                for field, errors in refused.message_dict.items():
                    (level_form if field in level_form.fields else form).add_error(
                        field if field in level_form.fields or field in form.fields else None, errors
                    )
            except NoPublishedPolicy:
                form.add_error(None, "No grant policy is published, so no level can be recommended.")
            else:
                messages.success(request, "Evaluation saved. Check the recommended level, then decide.")
                return redirect("grants:case", case_id=case.id)
    return render(
        request,
        "grants/case_detail.html",
        {
            "case": case,
            "form": form,
            "level_form": level_form,
            "decision_form": DecisionForm(),
            "levels": levels,
            "age": case.child.age_on(timezone.localdate()),
            **_whole_package(case),
        },
    )


@require_permission("grants.evaluate")
@require_http_methods(["POST"])
def case_decide_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            case_decide(
                case=case,
                approve=form.cleaned_data["decision"] == "approve",
                reasons=form.cleaned_data["reasons"],
                signposts=form.cleaned_data["signposts"],
                by=request.user,
            )
        except (ValidationError, NoPublishedPolicy) as refused:
            messages.error(request, " ".join(getattr(refused, "messages", [str(refused)])))
        else:
            messages.success(request, "Decision made. The family has been sent a message about the letter.")
            return redirect("grants:letter", case_id=case.id)
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect("grants:case", case_id=case.id)


# --- The decision letter: the family and the coordinator -----------------------------------------------------


def _decided_case_for(request: HttpRequest, case_id: uuid.UUID) -> GrantCase:
    if not request.user.is_authenticated:
        raise PermissionDenied
    case = GrantCase.objects.select_related("child", "policy", "decided_by").filter(pk=case_id).first()
    if case is None or case.status not in (CaseStatus.APPROVED, CaseStatus.DECLINED):
        raise Http404("No decision to show")
    access = child_access(request.user, case.child)
    if not access.allowed or access.needs_purpose:
        raise PermissionDenied
    return selectors.case_get_for_user(user=request.user, case_id=case_id)


def _letter_context(case: GrantCase) -> dict[str, Any]:
    award = getattr(case, "award", None)
    level = None
    if award is not None and case.policy is not None:
        level = next((item for item in case.policy.ordered_levels() if item.number == award.level), None)
    return {"case": case, "award": award, "level": level}


def letter(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    case = _decided_case_for(request, case_id)
    return render(request, "grants/letter.html", _letter_context(case))


def letter_pdf(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login
    from weasyprint import HTML

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    case = _decided_case_for(request, case_id)
    html = render_to_string("grants/letter_pdf.html", _letter_context(case))
    response = HttpResponse(
        HTML(string=html).write_pdf(pdf_variant="pdf/ua-1"), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="short-breaks-grant-decision-{case.reference}.pdf"'
    )
    return response


def my_decisions(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return render(
        request,
        "grants/my_decisions.html",
        {
            "awards": selectors.awards_for_family(user=request.user),
            "cases": selectors.decisions_for_family(user=request.user),
        },
    )


# --- Payments and the budget -----------------------------------------------------------------------------------


@require_permission("grants.run_payments")
@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    form = ReturnFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            form.add_error("file", "The file must be a CSV file saved as UTF-8 text")
        else:
            try:
                count = payment_return_import(text=text, by=request.user)
            except ReturnFileRejected as refused:
                problems = refused.messages
                form.add_error(
                    "file",
                    "The return file has problems, so nothing in it was applied. Fix the lines listed and upload it again",
                )
            else:
                messages.success(request, f"{count} payments marked paid.")
                return redirect("grants:payments")
    return render(
        request,
        "grants/payments.html",
        {
            "form": form,
            "problems": problems,
            "waiting": selectors.unpaid_instructions().count(),
            "runs": PaymentRun.objects.select_related("created_by")[:24],
        },
    )


@require_permission("grants.run_payments")
@require_POST
def payment_run_new(request: HttpRequest) -> HttpResponse:
    try:
        run = payment_run_create(by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(
            request,
            f"Payment run {run.number}: {run.count} payments, {pounds(run.control_total_pence)} in all.",
        )
    return redirect("grants:payments")


@require_permission("grants.run_payments")
def payment_run_download(request: HttpRequest, number: int) -> HttpResponse:
    run = get_object_or_404(PaymentRun, number=number)
    response = HttpResponse(payment_run_csv(run=run), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="short-breaks-payment-run-{run.number}.csv"'
    return response


@require_permission("grants.view_budget")
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", budget_year_of(today)))
    except ValueError:
        year = budget_year_of(today)
    year = min(max(year, 2000), 2100)
    may_set = request.user.has_perm("grants.manage_policy")
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    form = BudgetForm(_posted(request)) if may_set else None
    if form is not None and form.is_valid():
        budget_set(start_year=year, amount_pence=form.cleaned_data["amount_pounds"] * 100, by=request.user)
        messages.success(request, "Budget saved.")
        return redirect(f"{reverse('grants:budget')}?year={year}")
    summary = selectors.budget_summary(start_year=year, today=today)
    return render(
        request,
        "grants/budget.html",
        {
            "summary": summary,
            "chart": budget_chart_svg(summary),
            "form": form,
            "previous": year - 1,
            "next": year + 1,
        },
    )


# --- The short breaks services statement -----------------------------------------------------------------------


def statement_page(request: HttpRequest) -> HttpResponse:
    current = statement.published_statement()
    if current is None:
        raise Http404("The statement has not been published yet")
    return _statement_render(request, current)


def statement_version(request: HttpRequest, number: int) -> HttpResponse:
    item = get_object_or_404(
        Statement, number=number, status__in=[StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED]
    )
    return _statement_render(request, item)


def _statement_render(request: HttpRequest, item: Statement) -> HttpResponse:
    return render(
        request,
        "grants/statement.html",
        {
            "statement": item,
            "content": item.content,
            "versions": Statement.objects.filter(
                status__in=[StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED]
            ).order_by("-number"),
        },
    )


def statement_pdf(request: HttpRequest, number: int) -> HttpResponse:
    item = get_object_or_404(
        Statement, number=number, status__in=[StatementStatus.PUBLISHED, StatementStatus.SUPERSEDED]
    )
    response = HttpResponse(statement.statement_pdf(statement=item), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="short-breaks-services-statement-{item.number}.pdf"'
    return response


@require_permission("grants.manage_statement")
@require_http_methods(["GET", "POST"])
def statement_manage(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "draft":
                statement.statement_draft_create(by=request.user)
                messages.success(request, "A new draft is ready: check what changed, then publish it.")
            elif action == "publish":
                draft = get_object_or_404(
                    Statement, pk=request.POST.get("statement"), status=StatementStatus.DRAFT
                )
                published = statement.statement_publish(statement=draft, by=request.user)
                messages.success(
                    request, f"Version {published.number} is published. Earlier versions stay available."
                )
            else:
                messages.error(request, "Choose to draft or to publish.")
        except (ValidationError, TransitionNotAllowed) as refused:
            messages.error(request, " ".join(refused.messages))
        return redirect("grants:statement-manage")
    return render(
        request,
        "grants/statement_manage.html",
        {
            "draft": Statement.objects.filter(status=StatementStatus.DRAFT).first(),
            "versions": Statement.objects.exclude(status=StatementStatus.DRAFT).order_by("-number"),
        },
    )


# --- Renewals and spending returns ---------------------------------------------------------------------------


@require_permission("grants.manage_renewals")
@require_http_methods(["GET", "POST"])
def renewals(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        done = renewal_services.renewals_run()
        messages.success(
            request, f"{done.invited} invited, {done.reminded} reminded, {done.lapsed} lapsed with notice."
        )
        return redirect("grants:renewals")
    counts = {label: Renewal.objects.filter(status=value).count() for value, label in RenewalStatus.choices}
    return render(
        request,
        "grants/renewals.html",
        {"counts": counts, "changes": renewal_services.circumstance_changes()},
    )


@require_permission("grants.see_own_decisions")
@require_POST
def renewal_respond_view(request: HttpRequest, renewal_id: uuid.UUID) -> HttpResponse:
    renewal = get_object_or_404(Renewal.objects.select_related("award__child"), pk=renewal_id)
    if not child_access(request.user, renewal.award.child).allowed:
        raise PermissionDenied
    try:
        renewal_services.renewal_respond(renewal=renewal, by=request.user)
    except ValidationError as refused:
        messages.error(request, " ".join(refused.messages))
    else:
        messages.success(request, "Thank you. A coordinator will contact you about the renewal.")
    return redirect("grants:my-decisions")


@require_permission("grants.see_own_decisions")
@require_http_methods(["GET", "POST"])
def spending(request: HttpRequest, award_id: uuid.UUID) -> HttpResponse:
    award = get_object_or_404(Award.objects.select_related("child", "policy"), pk=award_id)
    if not child_access(request.user, award.child).allowed:
        raise PermissionDenied
    form = SpendingForm(_posted(request), categories=renewal_services.spending_categories(award))
    if form.is_valid():
        try:
            item = renewal_services.spending_return_create(
                award=award,
                category=form.cleaned_data["category"],
                description=form.cleaned_data["description"],
                amount_pence=form.amount_pence,
                spent_on=form.cleaned_data["spent_on"],
                by=request.user,
            )
        except ValidationError as refused:
            form.add_error(None, refused)
        else:
            if item.flagged:
                messages.error(
                    request, f"Recorded. {item.flag_reason} A coordinator will contact you about it."
                )
            else:
                messages.success(request, "Recorded. Thank you.")
            return redirect("grants:spending", award_id=award.id)
    return render(
        request,
        "grants/spending.html",
        {"award": award, "form": form, "items": award.spending.all()},
    )


@require_permission("grants.evaluate")
def spending_flagged(request: HttpRequest) -> HttpResponse:
    from localoffer.grants.models import SpendingReturn

    items = (
        SpendingReturn.objects.filter(flagged=True, award__child__in=children_visible_to(request.user))
        .select_related("award__child")
        .order_by("-spent_on")[:200]
    )
    return render(request, "grants/spending_flagged.html", {"items": items})
