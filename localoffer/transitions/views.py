from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from localoffer.core.permissions import require_permission
from localoffer.people.selectors import child_get_for_user
from localoffer.transitions import selectors, services
from localoffer.transitions.ages import MILESTONES, birthday
from localoffer.transitions.forms import SharingForm, TransitionForm


@require_permission("transitions.manage")
def due(request: HttpRequest) -> HttpResponse:
    lists = selectors.transitions_due(user=request.user)
    return render(
        request,
        "transitions/due.html",
        {
            "lists": lists,
            "coming": [(MILESTONES[age], items) for age, items in lists.coming.items()],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("transitions.manage")
def record(request: HttpRequest, child_id: uuid.UUID, age: int) -> HttpResponse:
    milestone = MILESTONES.get(age)
    if milestone is None:
        raise Http404("No transition at that age")
    child = child_get_for_user(user=request.user, child_id=child_id)
    existing = selectors.transition_recorded(child=child, age=age)
    initial = {}
    if existing is not None:
        initial = {
            "in_care": {True: "yes", False: "no"}.get(existing.in_care, ""),  # type: ignore[arg-type]
            "next_worker": existing.next_worker,
            "reason_to_stay": existing.reason_to_stay,
            "requested_on": existing.requested_on,
            "accepted_on": existing.accepted_on,
            "what_was_done": existing.what_was_done,
        }
    form = TransitionForm(request.POST or None, age=age, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.transition_record(child=child, age=age, by=request.user, **form.values())  # type: ignore[arg-type]
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for name, problems in error.error_dict.items():
                    for problem in problems:
                        form.add_error(name if name in form.fields else None, problem.messages[0])
            else:
                form.add_error(None, error.messages[0])
        else:
            messages.success(
                request,
                f"{milestone.title} recorded for {child}: {saved.get_status_display().lower()}",
            )
            return redirect("transitions:due")
    return render(
        request,
        "transitions/record.html",
        {
            "child": child,
            "milestone": milestone,
            "on": birthday(child.date_of_birth, age),
            "form": form,
            "existing": existing,
            "involvements": selectors.open_involvements(child=child),
        },
    )


@require_http_methods(["GET", "POST"])
@require_permission("transitions.choose_sharing")
def sharing(request: HttpRequest) -> HttpResponse:
    """The young person's own record: from 18 they choose who in the family may see it."""
    user = request.user
    records = services.own_records(user)  # type: ignore[arg-type]
    child = records[0] if records else None
    today = timezone.localdate()
    if child is None or child.age_on(today) < services.ADULT_AGE:
        return render(
            request,
            "transitions/sharing.html",
            {"child": child, "form": None, "team": selectors.disability_team()},
        )
    members, current = selectors.sharing_choices(child=child)
    form = SharingForm(request.POST or None, members=members, current=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.sharing_choose(child=child, choices=form.choices(), by=user)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error.messages[0])
        else:
            messages.success(
                request, "Your choices are saved: only the people you said yes to can see your record"
            )
            return redirect("transitions:sharing")
    return render(request, "transitions/sharing.html", {"child": child, "form": form})
