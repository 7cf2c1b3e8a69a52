from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from localoffer.core.permissions import require_permission
from localoffer.people.chronology import chronology_kinds
from localoffer.people.forms import CharacteristicsForm, ChildSearchForm, FamilyMemberForm, PurposeForm
from localoffer.people.selectors import (
    PurposeRequired,
    child_get_for_user,
    child_list_for_user,
    child_record,
    child_search,
)
from localoffer.people.services import CHARACTERISTICS, child_characteristics_update, family_member_add

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
    kinds = chronology_kinds()
    chosen = [kind for kind in request.GET.getlist("kind") if kind in dict(kinds)]
    try:
        record = child_record(user=request.user, child_id=child_id, purpose=purpose, kinds=chosen)
    except PurposeRequired:
        return redirect("people:child-purpose", child_id=child_id)
    return render(
        request,
        "people/child_detail.html",
        {
            "child": record.child,
            "age": record.age,
            "family_links": record.family_links,
            "family_members": record.family_members,
            "involvements": record.involvements,
            "purpose": purpose,
            "sections": record.sections,
            "chronology": record.chronology,
            "chronology_kinds": kinds,
            "chronology_chosen": chosen,
            "may_edit": record.may_edit,
        },
    )


def _user(request: HttpRequest) -> Any:
    return request.user


def _child_to_edit(request: HttpRequest, child_id: uuid.UUID) -> Any:
    purpose = request.session.get(_PURPOSE_KEY.format(child_id), "")
    child = child_get_for_user(user=request.user, child_id=child_id, purpose=purpose)
    if not request.user.has_perm("people.edit_child", child):
        raise PermissionDenied("You cannot change this child's record")
    return child


@login_required
def child_edit(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    """Who the child is (the characteristics the returns need), changed by the practitioners working with them."""
    try:
        child = _child_to_edit(request, child_id)
    except PurposeRequired:
        return redirect("people:child-purpose", child_id=child_id)
    initial = {name: getattr(child, name) for name in CHARACTERISTICS}
    form = CharacteristicsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            child_characteristics_update(child=child, by=_user(request), **form.cleaned_data)
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, f"{child.first_name}'s details are saved")
            return redirect("people:child-detail", child_id=child.id)
    return render(request, "people/child_edit.html", {"child": child, "form": form})


@login_required
def family_member_new(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    try:
        child = _child_to_edit(request, child_id)
    except PurposeRequired:
        return redirect("people:child-purpose", child_id=child_id)
    form = FamilyMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        member = family_member_add(child=child, by=_user(request), **form.cleaned_data)
        messages.success(request, f"{member.name} is added to {child.first_name}'s family network")
        return redirect(reverse("people:child-detail", kwargs={"child_id": child.id}) + "#family")
    return render(request, "people/family_member_new.html", {"child": child, "form": form})


@require_permission("people.list_children")
def child_purpose(request: HttpRequest, child_id: uuid.UUID) -> HttpResponse:
    form = PurposeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        request.session[_PURPOSE_KEY.format(child_id)] = form.purpose_text()
        return redirect("people:child-detail", child_id=child_id)
    return render(request, "people/child_purpose.html", {"form": form, "child_id": child_id})
