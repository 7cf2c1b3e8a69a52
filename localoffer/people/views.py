from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from localoffer.core.permissions import require_permission
from localoffer.people.forms import ChildSearchForm, PurposeForm
from localoffer.people.sections import sections_for
from localoffer.people.selectors import PurposeRequired, child_get_for_user, child_list_for_user, child_search

_PURPOSE_KEY = "child-purpose:{}"


@require_permission("people.list_children")
def child_list(request: HttpRequest) -> HttpResponse:
    search_form = None
    results = None
    if request.user.has_perm("people.search_children"):
        search_form = ChildSearchForm(request.GET or None)
        if search_form.is_bound and search_form.is_valid():
            results = child_search(
                user=request.user,
                name=search_form.cleaned_data["name"],
                date_of_birth=search_form.cleaned_data["date_of_birth"],
            )
    return render(
        request,
        "people/child_list.html",
        {
            "children": child_list_for_user(user=request.user),
            "search_form": search_form,
            "form": search_form,  # for the page title's "Error: "
            "results": results,
            "may_look_up_anyone": request.user.has_perm("people.view_any_child_with_purpose"),
            "today": timezone.localdate(),
        },
    )


@login_required
def child_detail(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    purpose = request.session.get(_PURPOSE_KEY.format(child_id), "")
    try:
        child = child_get_for_user(user=request.user, child_id=child_id, purpose=purpose)
    except PurposeRequired:
        return redirect("people:child-purpose", child_id=child_id)
    return render(
        request,
        "people/child_detail.html",
        {
            "child": child,
            "age": child.age_on(timezone.localdate()),
            "family_links": child.family_links.select_related("user"),
            "involvements": child.involvements.select_related("team", "lead_worker"),
            "purpose": purpose,
            "sections": sections_for(child=child, user=request.user),
        },
    )


@require_permission("people.list_children")
def child_purpose(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[_PURPOSE_KEY.format(child_id)] = form.purpose_text()
        return redirect("people:child-detail", child_id=child_id)
    return render(request, "people/child_purpose.html", {"form": form, "child_id": child_id})
