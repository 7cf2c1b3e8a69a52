"""Writing feedback. Every change goes through these functions; the models' audit records who made it."""

from __future__ import annotations

import secrets
import string

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.context import audit_context
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

# Letters that cannot be mistaken for a digit, read aloud over the phone: no I or O.
_REFERENCE_LETTERS = "".join(letter for letter in string.ascii_uppercase if letter not in "IO")
_REFERENCE_ATTEMPTS = 20


class StatusChangeNotAllowed(ValidationError):
    """The report cannot move to that status from the one it is in."""


class PublishNotAllowed(ValidationError):
    """The comment cannot be published: the person did not agree, or there is no response yet."""


def next_statuses(current: str) -> list[str]:
    """The statuses a report in `current` may move to, in the order they are offered."""
    return [status for status in ReportStatus.values if current in ALLOWED_PREVIOUS[status]]


def _reference_candidate() -> str:
    digits = "".join(secrets.choice(string.digits) for _ in range(4))
    letters = "".join(secrets.choice(_REFERENCE_LETTERS) for _ in range(2))
    return f"LO-{digits}-{letters}"


def _reference_taken(reference: str) -> bool:
    return (
        ListingReport.objects.filter(reference=reference).exists()
        or Comment.objects.filter(reference=reference).exists()
    )


def _save_with_new_reference(record: ListingReport | Comment) -> None:
    """Give a new record a short reference, like LO-4821-KQ, unique across reports and comments, and save it.

    About 5.7 million references exist; a clash is retried, and the unique index catches a race."""
    for _ in range(_REFERENCE_ATTEMPTS):
        record.reference = _reference_candidate()
        if _reference_taken(record.reference):
            continue
        try:
            with transaction.atomic():
                record.save()
        except IntegrityError:
            if not _reference_taken(record.reference):
                raise
            record._state.adding = True
            continue
        return
    raise RuntimeError("Could not find a free feedback reference; widen the reference format.")


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
    if status not in ReportStatus.values:
        raise StatusChangeNotAllowed(f"{status!r} is not a status a report can have.", code="unknown_status")
    current = ListingReport.objects.select_for_update().get(pk=report.pk)
    if current.status not in ALLOWED_PREVIOUS[status]:
        raise StatusChangeNotAllowed(
            f"A report that is {current.get_status_display().lower()} cannot be changed to "
            f"{ReportStatus(status).label.lower()}.",
            code="transition_not_allowed",
        )
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
