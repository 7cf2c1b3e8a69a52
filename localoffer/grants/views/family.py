"""A family's pages: their decision letters, their awards with renewals, and spending returns. The letter is
also read by the coordinator (the child access decision, through `decided_case_get_for_user`)."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from localoffer.core.permissions import require_permission
from localoffer.grants import letters, selectors
from localoffer.grants import renewals as renewal_services
from localoffer.grants.forms import SpendingForm
from localoffer.grants.views._common import posted, refusal_text


@login_required
def letter(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.decided_case_get_for_user(user=request.user, case_id=case_id)
    return render(request, "grants/letter.html", letters.letter_context(case))


@login_required
def letter_pdf(request: HttpRequest, case_id: uuid.UUID) -> HttpResponse:
    case = selectors.decided_case_get_for_user(user=request.user, case_id=case_id)
    response = HttpResponse(letters.letter_pdf(case=case), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="short-breaks-grant-decision-{case.reference}.pdf"'
    )
    return response


@login_required
def my_decisions(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "grants/my_decisions.html",
        {
            "awards": selectors.awards_for_family(user=request.user),
            "cases": selectors.decisions_for_family(user=request.user),
        },
    )


@require_permission("grants.see_own_decisions")
@require_POST
def renewal_respond_view(request: HttpRequest, renewal_id: uuid.UUID) -> HttpResponse:
    renewal = selectors.renewal_get_for_user(user=request.user, renewal_id=renewal_id)
    try:
        renewal_services.renewal_respond(renewal=renewal, by=request.user)
    except ValidationError as refused:
        messages.error(request, refusal_text(refused))
    else:
        messages.success(request, "Thank you. A coordinator will contact you about the renewal.")
    return redirect("grants:my-decisions")


@require_permission("grants.see_own_decisions")
@require_http_methods(["GET", "POST"])
def spending(request: HttpRequest, award_id: uuid.UUID) -> HttpResponse:
    award = selectors.award_get_for_user(user=request.user, award_id=award_id)
    form = SpendingForm(posted(request), categories=renewal_services.spending_categories(award))
    if form.is_valid():
        try:
            item = renewal_services.spending_return_create(award=award, by=request.user, **form.values())
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
        {"award": award, "form": form, "items": selectors.spending_of(award=award)},
    )
