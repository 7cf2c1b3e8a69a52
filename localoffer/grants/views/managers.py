"""Managers' pages (and the coordinators' payments): policy versions and the what-if model, payment runs with
a confirmation page, the finance system's return files, the budget, and the statement."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from localoffer.core.money import pounds
from localoffer.core.permissions import require_permission
from localoffer.grants import selectors, statement
from localoffer.grants.charts import budget_chart_svg
from localoffer.grants.forms import BudgetForm, BudgetYearForm, LevelForm, PolicyForm, ReturnFileForm
from localoffer.grants.services import (
    ReturnFileRejected,
    TransitionNotAllowed,
    budget_set,
    current_policy,
    payment_return_import,
    payment_run_create,
    payment_run_csv,
    policy_draft_create,
    policy_publish,
    policy_update,
)
from localoffer.grants.views._common import posted, published_policy, refusal_text
from localoffer.grants.whatif import whatif_csv, whatif_run


@require_permission("grants.manage_policy")
def policy_manage(request: HttpRequest) -> HttpResponse:
    return render(request, "grants/policy_manage.html", {"versions": selectors.policy_versions()})


@require_permission("grants.manage_policy")
@require_POST
def policy_draft_new(request: HttpRequest) -> HttpResponse:
    draft = policy_draft_create(from_policy=published_policy(), by=request.user)
    messages.success(request, f"Version {draft.number} drafted from the published policy.")
    return redirect("grants:policy-edit", policy_id=draft.id)


@require_permission("grants.manage_policy")
@require_http_methods(["GET", "POST"])
def policy_edit(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    policy = selectors.policy_get(policy_id=policy_id)
    if not policy.is_draft:
        messages.error(request, "A published version cannot change. Draft a new version instead.")
        return redirect("grants:policy-manage")
    form = PolicyForm(posted(request), instance=selectors.policy_get(policy_id=policy_id))
    level_forms = [(level, LevelForm.for_level(level, posted(request))) for level in policy.ordered_levels()]
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
    policy = selectors.policy_get(policy_id=policy_id)
    try:
        policy_publish(policy=policy, by=request.user)
    except ValidationError as refused:
        messages.error(request, refusal_text(refused))
        return redirect("grants:whatif", policy_id=policy.id)
    messages.success(request, f"Version {policy.number} is published and the checker now uses it.")
    return redirect("grants:policy")


@require_permission("grants.view_whatif")
def whatif(request: HttpRequest, policy_id: uuid.UUID) -> HttpResponse:
    draft = selectors.policy_get(policy_id=policy_id)
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
    draft = selectors.policy_get(policy_id=policy_id)
    response = HttpResponse(
        whatif_csv(whatif_run(draft=draft, today=timezone.localdate())), content_type="text/csv"
    )
    response["Content-Disposition"] = f'attachment; filename="what-if-policy-version-{draft.number}.csv"'
    return response


@require_permission("grants.run_payments")
@require_http_methods(["GET", "POST"])
def payments(request: HttpRequest) -> HttpResponse:
    form = ReturnFileForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = payment_return_import(text=form.text(), by=request.user)
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
            "waiting": selectors.payment_run_plan().count,
            "runs": selectors.payment_runs(),
        },
    )


@require_permission("grants.run_payments")
@require_http_methods(["GET", "POST"])
def payment_run_new(request: HttpRequest) -> HttpResponse:
    """GET: what the run will send (how many payments, how much), to confirm or cancel. POST: the run."""
    if request.method == "GET":
        return render(request, "grants/payment_run_confirm.html", {"plan": selectors.payment_run_plan()})
    try:
        run = payment_run_create(by=request.user)
    except ValidationError as refused:
        messages.error(request, refusal_text(refused))
    else:
        messages.success(
            request,
            f"Payment run {run.number}: {run.count} payments, {pounds(run.control_total_pence)} in all.",
        )
    return redirect("grants:payments")


@require_permission("grants.run_payments")
def payment_run_download(request: HttpRequest, number: int) -> HttpResponse:
    run = selectors.payment_run_get(number=number)
    response = HttpResponse(payment_run_csv(run=run), content_type="text/csv")
    response["Content-Disposition"] = f'attachment; filename="short-breaks-payment-run-{run.number}.csv"'
    return response


@require_permission("grants.view_budget")
@require_http_methods(["GET", "POST"])
def budget(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = BudgetYearForm.year_from(request.GET, today=today)
    may_set = request.user.has_perm("grants.manage_policy")
    if request.method == "POST" and not may_set:
        raise PermissionDenied
    form = BudgetForm(posted(request)) if may_set else None
    if form is not None and form.is_valid():
        budget_set(start_year=year, amount_pence=form.amount_pence, by=request.user)
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
                draft = selectors.statement_draft_get(statement_id=request.POST.get("statement"))
                published = statement.statement_publish(statement=draft, by=request.user)
                messages.success(
                    request, f"Version {published.number} is published. Earlier versions stay available."
                )
            else:
                messages.error(request, "Choose to draft or to publish.")
        except (ValidationError, TransitionNotAllowed) as refused:
            messages.error(request, refusal_text(refused))
        return redirect("grants:statement-manage")
    return render(
        request,
        "grants/statement_manage.html",
        {"draft": selectors.statement_draft(), "versions": selectors.statement_versions()},
    )
