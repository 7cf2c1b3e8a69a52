from __future__ import annotations

import uuid
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from localoffer.core.http import safe_next
from localoffer.core.limits import limit_reached, limit_response
from localoffer.core.permissions import require_permission
from localoffer.directory import guide
from localoffer.directory.forms import (
    DecisionForm,
    DirectorySearchForm,
    ListingForm,
    NewListingForm,
    ShortlistEmailForm,
)
from localoffer.directory.models import ListingChange, Service
from localoffer.directory.selectors import (
    DirectoryCriteria,
    change_rows,
    directory_search,
    filter_counts,
    listing_reach,
    listing_versions,
    listings_for_manager,
    pending_changes,
    pending_changes_count,
    service_get_public,
)
from localoffer.directory.services import (
    ListingChangeRefused,
    listing_change_decide,
    listing_change_propose,
    service_create,
    service_edit,
)
from localoffer.directory.shortlist import (
    shortlist_add,
    shortlist_email,
    shortlist_remove,
    shortlist_services,
)
from localoffer.teams.selectors import safeguarding_team


def directory(request: HttpRequest) -> HttpResponse:
    form = DirectorySearchForm(request.GET or None)
    found = None
    if not form.is_bound or form.is_valid():
        criteria = form.criteria() if form.is_bound else DirectoryCriteria()
        found = directory_search(criteria=criteria, page_number=request.GET.get("page"))
        form.show_counts(filter_counts(criteria=criteria, found=found))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "directory/search.html",
        {"form": form, "found": found, "query": query.urlencode(), "chosen": form.chosen_count()},
    )


def service_detail(request: HttpRequest, slug: str) -> HttpResponse:
    service = service_get_public(slug=slug)
    if service is None:
        raise Http404("No such service in the Local Offer")
    terms: dict[str, list[str]] = {}
    routes: list[str] = []
    for term in service.terms.all():
        if term.taxonomy.slug == "access-routes":
            routes.append(term.name)  # shown once, under "How to get it"
        elif term.taxonomy.slug != "level-of-need":  # the level has its own row
            terms.setdefault(term.taxonomy.name, []).append(term.name)
    return render(
        request,
        "directory/service.html",
        {"service": service, "terms": terms, "routes": routes, "reach": listing_reach(service=service)},
    )


def guide_start(request: HttpRequest) -> HttpResponse:
    return render(request, "directory/guide_start.html")


def guide_question(request: HttpRequest, question: str) -> HttpResponse:
    """One question of the guided route. Its answer, and those before it, travel in the address."""
    if question not in guide.QUESTIONS:
        raise Http404("No such question")
    submitted = request.GET.get("answered") == question
    checked = guide.read_answers(request.GET, up_to=question)
    errors = {k: v for k, v in checked.errors.items() if k == question} if submitted else {}
    if submitted and not errors:
        query = _answers_query(request, without=("answered",))
        position = guide.QUESTIONS.index(question)
        if position + 1 < len(guide.QUESTIONS):
            return redirect(
                f"{reverse('directory:guide-question', args=[guide.QUESTIONS[position + 1]])}?{query}"
            )
        return redirect(f"{reverse('directory:guide-results')}?{query}")
    previous = guide.QUESTIONS[: guide.QUESTIONS.index(question)]
    back = (
        f"{reverse('directory:guide-question', args=[previous[-1]])}?{_answers_query(request, without=('answered',))}"
        if previous
        else reverse("directory:guide")
    )
    return render(
        request,
        f"directory/guide_{question}.html",
        {
            "question": question,
            "errors": errors,
            "answers": checked.answers,
            "raw_age": request.GET.get("age", ""),
            "carried": [(k, v) for k in guide.QUESTIONS if k != question for v in request.GET.getlist(k)],
            "situations": guide.SITUATIONS.items(),
            "helps": guide.HELP.items(),
            "back": back,
        },
    )


def guide_results(request: HttpRequest) -> HttpResponse:
    checked = guide.read_answers(request.GET, up_to="help")
    if checked.errors:
        first = next(q for q in guide.QUESTIONS if q in checked.errors)
        return redirect(f"{reverse('directory:guide-question', args=[first])}?{_answers_query(request)}")
    return render(
        request,
        "directory/guide_results.html",
        {
            "answers": checked.answers,
            "options": guide.guide_options(checked.answers),
            "safeguarding": safeguarding_team(),
            "change_query": _answers_query(request),
            "help_labels": [guide.HELP[h] for h in sorted(checked.answers.help)],
            "options_per_level": guide.OPTIONS_PER_LEVEL,
            "search_query": urlencode(
                [("age", checked.answers.age), *(("help-types", h) for h in sorted(checked.answers.help))]
            ),
        },
    )


def _answers_query(request: HttpRequest, without: tuple[str, ...] = ()) -> str:
    query = request.GET.copy()
    for key in without:
        query.pop(key, None)
    return query.urlencode()


def shortlist(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "directory/shortlist.html",
        {"services": shortlist_services(request.session), "form": ShortlistEmailForm()},
    )


@require_POST
def shortlist_add_view(request: HttpRequest) -> HttpResponse:
    slug = request.POST.get("slug", "")
    if shortlist_add(session=request.session, slug=slug):
        messages.success(request, "Added to your shortlist.")
    else:
        messages.error(
            request, "We could not add that service: it is no longer listed, or your shortlist is full."
        )
    return redirect(_safe_next(request, reverse("directory:shortlist")))


@require_POST
def shortlist_remove_view(request: HttpRequest) -> HttpResponse:
    shortlist_remove(session=request.session, slug=request.POST.get("slug", ""))
    messages.success(request, "Removed from your shortlist.")
    return redirect("directory:shortlist")


@require_POST
def shortlist_email_view(request: HttpRequest) -> HttpResponse:
    form = ShortlistEmailForm(request.POST)
    if not shortlist_services(request.session):
        messages.error(
            request, "Your shortlist is empty, so there is nothing to send. Add services to it first."
        )
        return redirect("directory:shortlist")
    if not form.is_valid():
        return render(
            request,
            "directory/shortlist.html",
            {"services": shortlist_services(request.session), "form": form},
        )
    limit = limit_reached(request, action="shortlist-email", target=form.cleaned_data["email"])
    if limit is not None:
        context = {"services": shortlist_services(request.session), "form": form}
        return limit_response(request, "directory/shortlist.html", context, limit=limit)
    count = shortlist_email(
        session=request.session,
        email=form.cleaned_data["email"],
        site=request.build_absolute_uri("/").rstrip("/"),
    )
    messages.success(
        request, f"We have sent your shortlist of {count} service{'s' if count != 1 else ''} to your email."
    )
    return redirect("directory:shortlist")


def _safe_next(request: HttpRequest, default: str) -> str:
    return safe_next(request, request.POST.get("next", ""), default)


@require_permission("directory.see_own_listings")
def manage_listings(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    overdue_only = request.GET.get("overdue") == "1"
    return render(
        request,
        "directory/manage_list.html",
        {
            "listings": listings_for_manager(user=user, overdue_only=overdue_only),
            "overdue_only": overdue_only,
            "pending": pending_changes_count(user=user),
            "is_editor": user.has_perm("directory.manage_listings"),
            "today": timezone.localdate(),
        },
    )


@login_required
def manage_listing(request: HttpRequest, slug: str) -> HttpResponse:
    service = get_object_or_404(Service, slug=slug)
    user: Any = request.user
    if not user.has_perm("directory.edit_listing", service):
        raise PermissionDenied
    is_editor = user.has_perm("directory.manage_listings")
    form = ListingForm(
        request.POST or None, instance=service, can_mark_checked=is_editor, can_change_terms=is_editor
    )
    if request.method == "POST" and form.is_valid():
        try:
            if is_editor:
                service_edit(
                    service=service,
                    changes=form.changes(),
                    checked=form.cleaned_data.get("checked", False),
                    actor=user,
                    terms=form.terms(),
                )
                messages.success(request, "The listing has been saved.")
            else:
                listing_change_propose(service=service, changes=form.changes(), actor=user)
                messages.success(
                    request, "Thank you. An editor will check your change before it is published."
                )
            return redirect("directory:manage")
        except ListingChangeRefused as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            form.add_error(None, error)
    return render(
        request,
        "directory/manage_listing.html",
        {
            "service": service,
            "form": form,
            "is_editor": is_editor,
            "versions": listing_versions(service=service),
        },
    )


@require_permission("directory.manage_listings")
def change_queue(request: HttpRequest) -> HttpResponse:
    return render(
        request, "directory/change_queue.html", {"changes": pending_changes(), "form": DecisionForm()}
    )


@require_permission("directory.manage_listings")
def change_decide(request: HttpRequest, change_id: uuid.UUID) -> HttpResponse:
    change = get_object_or_404(ListingChange, pk=change_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            listing_change_decide(
                change=change,
                approve=form.cleaned_data["decision"] == "approve",
                reason=form.cleaned_data["reason"],
                actor=request.user,
            )
            messages.success(request, f"Your decision on {change.service.name} has been saved.")
            return redirect("directory:queue")
        except ListingChangeRefused as error:
            form.add_error(None, str(error))
    return render(
        request, "directory/change_decide.html", {"change": change, "rows": change_rows(change), "form": form}
    )


@require_permission("directory.manage_listings")
def new_listing(request: HttpRequest) -> HttpResponse:
    form = NewListingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = service_create(
                organization=form.cleaned_data["organization"],
                level=form.cleaned_data["level"],
                fields=form.changes(),
                terms=form.terms() or {},
                actor=request.user,
            )
            messages.success(request, f"{service.name} has been added to the Local Offer.")
            return redirect("directory:manage")
        except ValidationError as error:
            form.add_error(None, error)
    return render(request, "directory/new_listing.html", {"form": form})
