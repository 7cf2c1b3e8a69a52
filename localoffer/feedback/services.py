"""Writing feedback. Every change goes through these functions; the models' audit records who made it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
from localoffer.core.references import save_with_free_reference
from localoffer.core.transitions import StatusChangeNotAllowed as StatusChangeNotAllowed
from localoffer.core.transitions import Transitions
from localoffer.directory.models import Service
from localoffer.feedback.models import (
    Comment,
    CommentStatus,
    ListingReport,
    ReportStatus,
)

# Which status a report may move to, from which statuses. A report never goes back to "new"; a closed one
# (resolved, or no action) can be reopened as "in progress".
ALLOWED_PREVIOUS: dict[str, frozenset[str]] = {
    ReportStatus.NEW: frozenset(),
    ReportStatus.IN_PROGRESS: frozenset({ReportStatus.NEW, ReportStatus.RESOLVED, ReportStatus.NO_ACTION}),
    ReportStatus.RESOLVED: frozenset({ReportStatus.NEW, ReportStatus.IN_PROGRESS}),
    ReportStatus.NO_ACTION: frozenset({ReportStatus.NEW, ReportStatus.IN_PROGRESS}),
}

STATUSES = Transitions(choices=ReportStatus, allowed_previous=ALLOWED_PREVIOUS, noun="a report")


class PublishNotAllowed(ValidationError):
    """The comment cannot be published: the person did not agree, or there is no response yet."""


def next_statuses(current: str) -> list[str]:
    """The statuses a report in `current` may move to, in the order they are offered."""
    return STATUSES.next_statuses(current)


def _reference_taken(reference: str) -> bool:
    return (
        ListingReport.objects.filter(reference=reference).exists()
        or Comment.objects.filter(reference=reference).exists()
    )


def _save_with_new_reference(record: ListingReport | Comment) -> None:
    """Give a new record a short reference, like LO-4821-KQ, unique across reports and comments, and save it.

    About 5.7 million references exist; a clash is retried, and the unique index catches a race."""
    save_with_free_reference(record, prefix="LO", taken=_reference_taken)


@transaction.atomic
def listing_report_create(
    *, service: Service, kind: str, description: str, contact_name: str = "", contact_email: str = ""
) -> ListingReport:
    report = ListingReport(
        service=service,
        kind=kind,
        description=description.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    report.full_clean(exclude=["reference"])
    _save_with_new_reference(report)
    return report


@transaction.atomic
def listing_report_status_change(*, report: ListingReport, status: str, by: User) -> ListingReport:
    """Move a report to a new status, only from a status that allows it (see ALLOWED_PREVIOUS)."""
    current = ListingReport.objects.select_for_update().get(pk=report.pk)
    STATUSES.check(current=current.status, new=status)
    current.status = status
    current._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        current.save()
    report.refresh_from_db()
    return report


@transaction.atomic
def comment_create(
    *,
    topic: str,
    text: str,
    consent_to_publish: bool,
    contact_name: str = "",
    contact_email: str = "",
) -> Comment:
    comment = Comment(
        topic=topic,
        text=text.strip(),
        consent_to_publish=consent_to_publish,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
    )
    comment.full_clean(exclude=["reference"])
    _save_with_new_reference(comment)
    return comment


@transaction.atomic
def comment_respond(*, comment: Comment, response: str, by: User) -> Comment:
    """Record the council's response (or a corrected one). A published comment stays published."""
    response = response.strip()
    if not response:
        raise ValidationError({"response": "Enter the council's response"}, code="required")
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    if current.response == response and current.status == CommentStatus.RESPONDED:
        return comment
    current.response = response
    current.responded_by = by
    current.responded_at = timezone.now()
    current.status = CommentStatus.RESPONDED
    current.full_clean(exclude=["reference"])
    current._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        current.save()
    comment.refresh_from_db()
    return comment


@transaction.atomic
def comment_publish(*, comment: Comment, by: User) -> Comment:
    """Publish a comment and its response on "You said, we did": only if the person agreed, and once there
    is a response."""
    current = Comment.objects.select_for_update().get(pk=comment.pk)
    if not current.consent_to_publish:
        raise PublishNotAllowed(
            "This comment cannot be published: the person did not agree to it being published.",
            code="no_consent",
        )
    if not current.response or current.responded_at is None:
        raise PublishNotAllowed("Respond to the comment before you publish it.", code="no_response")
    if current.published:
        return comment
    current.published = True
    current._history_user = by  # type: ignore[attr-defined]
    with audit_context(actor=by):
        current.save()
    comment.refresh_from_db()
    return comment
