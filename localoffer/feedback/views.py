from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from localoffer.accounts.models import User
from localoffer.core.limits import limit_reached, limit_response
from localoffer.core.permissions import require_permission
from localoffer.directory.selectors import public_services
from localoffer.feedback.forms import CommentForm, CommentResponseForm, ListingReportForm, ReportStatusForm
from localoffer.feedback.models import ReportStatus
from localoffer.feedback.selectors import (
    comment_get,
    feedback_queue,
    listing_report_get,
    published_comments_page,
)
from localoffer.feedback.services import (
    StatusChangeNotAllowed,
    comment_create,
    comment_publish,
    comment_respond,
    listing_report_create,
    listing_report_status_change,
)

# What was just sent, so the confirmation page can show its reference (and survive a reload).
_SENT_KEY = "feedback-sent"


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _staff(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the views below are behind require_permission
    return user


@never_cache
@require_http_methods(["GET", "POST"])
def report_problem(request: HttpRequest, slug: str) -> HttpResponse:
    service = public_services().select_related("organization").filter(slug=slug).first()
    if service is None:
        raise Http404("No such service in the Local Offer")
    form = ListingReportForm(_posted(request))
    if form.is_valid():
        limit = limit_reached(request, action="listing-report", target=service.slug)
        if limit is not None:
            context = {"form": form, "service": service}
            return limit_response(request, "feedback/report_form.html", context, limit=limit)
        report = listing_report_create(service=service, **form.cleaned_data)
        request.session[_SENT_KEY] = {
            "what": "report",
            "reference": report.reference,
            "service_name": service.name,
            "service_slug": service.slug,
        }
        return redirect("feedback:sent")
    return render(request, "feedback/report_form.html", {"form": form, "service": service})


@never_cache
@require_http_methods(["GET", "POST"])
def comment(request: HttpRequest) -> HttpResponse:
    form = CommentForm(_posted(request))
    if form.is_valid():
        limit = limit_reached(request, action="comment")
        if limit is not None:
            return limit_response(request, "feedback/comment_form.html", {"form": form}, limit=limit)
        created = comment_create(**form.cleaned_data)
        request.session[_SENT_KEY] = {
            "what": "comment",
            "reference": created.reference,
            "consent_to_publish": created.consent_to_publish,
        }
        return redirect("feedback:sent")
    return render(request, "feedback/comment_form.html", {"form": form})


@never_cache
def sent(request: HttpRequest) -> HttpResponse:
    """The confirmation, with the reference. Nothing sent in this session: nothing to confirm."""
    details = request.session.get(_SENT_KEY)
    if not details:
        raise Http404("Nothing has been sent from this browser")
    return render(request, "feedback/sent.html", {"sent": details})


def you_said_we_did(request: HttpRequest) -> HttpResponse:
    page = published_comments_page(page_number=request.GET.get("page"))
    return render(request, "feedback/you_said_we_did.html", {"page": page})


@require_permission("feedback.view")
def queue(request: HttpRequest) -> HttpResponse:
    closed = request.GET.get("show") == "closed"
    return render(
        request,
        "feedback/queue.html",
        {"queue": feedback_queue(closed=closed), "closed": closed},
    )


@require_permission("feedback.view")
@require_http_methods(["GET", "POST"])
def report_detail(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    report = listing_report_get(report_id=report_id)
    may_manage = request.user.has_perm("feedback.manage")
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = ReportStatusForm(_posted(request), current=report.status) if may_manage else None
    if form is not None and form.is_valid():
        status = form.cleaned_data["status"]
        try:
            listing_report_status_change(report=report, status=status, by=_staff(request))
        except StatusChangeNotAllowed as refused:
            form.add_error("status", refused.messages[0])
        else:
            messages.success(request, f"{report.reference} is now {ReportStatus(status).label.lower()}.")
            return redirect("feedback:report-detail", report_id=report.id)
    return render(
        request,
        "feedback/report_detail.html",
        {
            "report": report,
            "form": form,
            "service_is_public": report.service.is_public_on(timezone.localdate()),
        },
    )


@require_permission("feedback.view")
@require_http_methods(["GET", "POST"])
def comment_detail(request: HttpRequest, comment_id: uuid.UUID) -> HttpResponse:
    item = comment_get(comment_id=comment_id)
    may_manage = request.user.has_perm("feedback.manage")
    if request.method == "POST" and not may_manage:
        raise PermissionDenied
    form = CommentResponseForm(_posted(request), comment=item) if may_manage else None
    if form is not None and form.is_valid():
        publish = form.cleaned_data.get("publish", False)
        try:
            with transaction.atomic():
                comment_respond(comment=item, response=form.cleaned_data["response"], by=_staff(request))
                if publish:
                    comment_publish(comment=item, by=_staff(request))
        except ValidationError as refused:
            item = comment_get(comment_id=comment_id)  # as it is in the database, after the rollback
            form.add_error(None, refused.messages[0])
        else:
            done = "Response saved and published" if publish else "Response saved"
            messages.success(request, f"{done} for {item.reference}.")
            return redirect("feedback:comment-detail", comment_id=item.id)
    return render(request, "feedback/comment_detail.html", {"comment": item, "form": form})
