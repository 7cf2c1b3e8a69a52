"""The self-directed support coordinators' pages: the case lists with search, evaluation and decision,
flagged spending, and the daily renewals (with a confirmation page before any family is emailed)."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from localoffer.core.permissions import require_permission
from localoffer.grants import renewals as renewal_services
from localoffer.grants import selectors
from localoffer.grants.forms import CaseSearchForm, DecisionForm, EvaluationForm, LevelChoiceForm
from localoffer.grants.models import GrantCase
from localoffer.grants.services import NoPublishedPolicy, case_decide, case_evaluate, current_policy
from localoffer.grants.views._common import posted, refusal_text


@require_permission("grants.evaluate")
def case_list(request: HttpRequest) -> HttpResponse:
    search = CaseSearchForm(request.GET)
    status, text = search.values()
    page = Paginator(selectors.case_queue(user=request.user, status=status, search=text), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grants/case_list.html",
        {
            "page": page,
            "status": status,
            "statuses": search.status_choices(),
            "search": search,
            "text": text,
            "query": search.query(),
            "page_query": search.page_query(),
        },
    )


def _case_page(
    request: HttpRequest,
    case: GrantCase,
    *,
    form: EvaluationForm | None = None,
    level_form: LevelChoiceForm | None = None,
    decision_form: DecisionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    policy = current_policy()
    levels = policy.ordered_levels() if policy else []
    today = timezone.localdate()
    return render(
        request,
        "grants/case_detail.html",
        {
            "case": case,
            "form": form or EvaluationForm.for_case(case),
            "level_form": level_form or LevelChoiceForm.for_case(case, levels=levels),
            "decision_form": decision_form or DecisionForm(),
            "levels": levels,
            "age": case.child.age_on(today),
            **selectors.whole_package(case, today=today),
        },
        status=status,
    )


@require_permission("grants.evaluate")
@require_http_methods(["GET", "POST"])
def case_detail(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if request.method != "POST":
        return _case_page(request, case)
    if not case.is_awaiting and not case.is_evaluated:
        raise PermissionDenied
    policy = current_policy()
    form = EvaluationForm.for_case(case, posted(request))
    level_form = LevelChoiceForm.for_case(
        case, posted(request), levels=policy.ordered_levels() if policy else []
    )
    if form.is_valid() and level_form.is_valid():
        try:
            case_evaluate(
                case=case,
                answers=form.answers(),
                by=request.user,
                **level_form.values(case),
            )
        except ValidationError as refused:
            for field, errors in refused.message_dict.items():
                target = level_form if field in level_form.fields else form
                target.add_error(field if field in target.fields else None, errors)
        except NoPublishedPolicy:
            form.add_error(None, "No grant policy is published, so no level can be recommended.")
        else:
            messages.success(request, "Evaluation saved. Check the recommended level, then decide.")
            return redirect("grants:case", case_id=case.id)
    return _case_page(request, case, form=form, level_form=level_form)


@require_permission("grants.evaluate")
@require_http_methods(["POST"])
def case_decide_view(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            case_decide(case=case, by=request.user, **form.values())
        except ValidationError as refused:
            if hasattr(refused, "error_dict"):
                for field, errors in refused.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, refusal_text(refused))
        except NoPublishedPolicy as refused:
            form.add_error(None, refusal_text(refused))
        else:
            messages.success(request, "Decision made. The family has been sent a message about the letter.")
            return redirect("grants:letter", case_id=case.id)
    # The GOV.UK error summary and the inline error, with what was chosen kept.
    return _case_page(request, case, decision_form=form)


@require_permission("grants.evaluate")
def spending_flagged(request: HttpRequest) -> HttpResponse:
    return render(
        request, "grants/spending_flagged.html", {"items": selectors.flagged_spending(user=request.user)}
    )


@require_permission("grants.manage_renewals")
def renewals(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grants/renewals.html",
        {"counts": selectors.renewal_counts(), "changes": renewal_services.circumstance_changes()},
    )


@require_permission("grants.manage_renewals")
@require_http_methods(["GET", "POST"])
def renewals_run_view(request: HttpRequest) -> HttpResponse:
    """A confirmation page first (how many families, which emails), then today's run."""
    if request.method == "POST":
        done = renewal_services.renewals_run(by=request.user)
        messages.success(
            request, f"{done.invited} invited, {done.reminded} reminded, {done.lapsed} lapsed with notice."
        )
        return redirect("grants:renewals")
    context: dict[str, Any] = {"plan": renewal_services.renewals_plan()}
    return render(request, "grants/renewals_confirm.html", context)
