"""What the public tells the council about the Local Offer, and what the council says back.

The SEND Regulations 2014 (regulation 56) require a local authority to publish comments about its Local
Offer and its response to them. Problems with one listing are `ListingReport`s, handled by the Local Offer
editors; comments on the Local Offer as a whole are `Comment`s, answered by an editor and, when the person
agreed, published anonymously with the council's response on the "You said, we did" page.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited

TEXT_LIMIT = 2000


class ReportKind(models.TextChoices):
    WRONG_PHONE = "wrong_phone", "The phone number is wrong"
    CLOSED = "closed", "The service has closed"
    OTHER = "other", "Something else is wrong"


class ReportStatus(models.TextChoices):
    NEW = "new", "New"
    IN_PROGRESS = "in_progress", "In progress"
    RESOLVED = "resolved", "Resolved"
    NO_ACTION = "no_action", "No action"


OPEN_REPORT_STATUSES = (ReportStatus.NEW, ReportStatus.IN_PROGRESS)


class CommentTopic(models.TextChoices):
    MISSING = "missing", "Something is missing from the Local Offer"
    HARD_TO_FIND = "hard_to_find", "Something was hard to find"
    OTHER = "other", "Something else"


class CommentStatus(models.TextChoices):
    NEW = "new", "New"
    RESPONDED = "responded", "Responded"


@audited()
class ListingReport(models.Model):
    """Someone telling us a listing is wrong: a phone number, a service that has closed, or something else."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, editable=False)
    service = models.ForeignKey("directory.Service", on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    description = models.TextField(validators=[MaxLengthValidator(TEXT_LIMIT)])
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.NEW)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="listing_report_queue_idx")]

    def __str__(self) -> str:
        # No personal details: this is what the audit trail copies.
        return f"{self.reference}: problem with a listing"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REPORT_STATUSES


@audited()
class Comment(models.Model):
    """A comment on the Local Offer as a whole, the council's response, and whether both are published."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=12, unique=True, editable=False)
    topic = models.CharField(max_length=20, choices=CommentTopic.choices)
    text = models.TextField(validators=[MaxLengthValidator(TEXT_LIMIT)])
    contact_name = models.CharField(max_length=100, blank=True)
    contact_email = models.EmailField(blank=True)
    consent_to_publish = models.BooleanField(
        default=False, help_text="The person agreed to the comment being published without their name."
    )
    status = models.CharField(max_length=20, choices=CommentStatus.choices, default=CommentStatus.NEW)
    response = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    published = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "created_at"], name="comment_queue_idx"),
            models.Index(fields=["published", "created_at"], name="comment_published_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(published=False)
                | (
                    models.Q(consent_to_publish=True)
                    & ~models.Q(response="")
                    & models.Q(responded_at__isnull=False)
                ),
                name="comment_published_only_with_consent_and_response",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference}: comment on the Local Offer"

    @property
    def is_open(self) -> bool:
        return self.status == CommentStatus.NEW
