"""Reading feedback: the editors' queue, one report or comment, and the published comments."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.timesince import timesince

from localoffer.feedback.models import (
    OPEN_REPORT_STATUSES,
    Comment,
    CommentStatus,
    ListingReport,
)

PUBLISHED_PAGE_SIZE = 20
CLOSED_SHOWN = 50


@dataclass(frozen=True)
class Waiting[T]:
    """A report or comment in the queue, with how long it has waited, in words."""

    item: T
    waited: str
    service_is_public: bool = False  # reports only: whether the service has a public page to link to


@dataclass(frozen=True)
class Queue:
    reports: list[Waiting[ListingReport]]
    comments: list[Waiting[Comment]]


def waited_text(since: dt.datetime, now: dt.datetime) -> str:
    """How long something has waited, to the largest whole unit: "Less than an hour", "3 hours", "2 weeks"."""
    if now - since < dt.timedelta(hours=1):
        return "Less than an hour"
    return timesince(since, now, depth=1).replace("\xa0", " ")


def feedback_queue(*, closed: bool = False, now: dt.datetime | None = None) -> Queue:
    """Open reports and comments (new and in progress), newest first; or the most recently closed ones."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    reports = ListingReport.objects.select_related("service").order_by("-created_at")
    comments = Comment.objects.order_by("-created_at")
    if closed:
        reports = reports.exclude(status__in=OPEN_REPORT_STATUSES)[:CLOSED_SHOWN]
        comments = comments.exclude(status=CommentStatus.NEW)[:CLOSED_SHOWN]
    else:
        reports = reports.filter(status__in=OPEN_REPORT_STATUSES)
        comments = comments.filter(status=CommentStatus.NEW)
    return Queue(
        reports=[
            Waiting(report, waited_text(report.created_at, now), report.service.is_public_on(today))
            for report in reports
        ],
        comments=[Waiting(comment, waited_text(comment.created_at, now)) for comment in comments],
    )


def listing_report_get(*, report_id: uuid.UUID) -> ListingReport:
    report = ListingReport.objects.select_related("service__organization").filter(pk=report_id).first()
    if report is None:
        raise Http404("No report with that identifier")
    return report


def comment_get(*, comment_id: uuid.UUID) -> Comment:
    comment = Comment.objects.select_related("responded_by").filter(pk=comment_id).first()
    if comment is None:
        raise Http404("No comment with that identifier")
    return comment


def published_comments() -> QuerySet[Comment]:
    return Comment.objects.filter(published=True).order_by("-created_at", "-id")


def published_comments_page(*, page_number: str | int | None = 1) -> Page:
    """One page of published comments with the council's responses, newest first, 20 a page."""
    return Paginator(published_comments(), PUBLISHED_PAGE_SIZE).get_page(page_number)
