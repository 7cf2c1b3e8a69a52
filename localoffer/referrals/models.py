"""Asking for help: applications and referrals, the team each reaches, and every decision made about it.

A `Referral` starts as a draft its author fills in one page at a time (saved on the server as they go), and
becomes a submitted referral exactly once, with a reference like MED-4821-KQ. A worry about a child's
safety is never a draft: it is submitted in one go and reaches the duty team at once. The status changes
only through `referral_status_change` (services.py), which checks the allowed previous states; every
decision is kept as a `ReferralDecision` with who made it, when and why.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import uuid
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited
from localoffer.core.vocabulary import DlaCareRate, GrantPaymentMethod


class Route(models.TextChoices):
    SHORT_BREAKS_GRANT = "short_breaks_grant", "Short breaks grant application"
    EARLY_HELP = "early_help", "Early help referral"
    DISABILITY_TEAM = "disability_team", "0 to 25 disability team referral"
    SAFETY_CONCERN = "safety_concern", "A worry about a child's safety"
    CARERS_ASSESSMENT = "carers_assessment", "Carer's assessment request"
    SUPPORTED_LIVING = "supported_living", "Supported living enquiry"


class Status(models.TextChoices):
    DRAFT = "draft", "Not sent yet"
    SUBMITTED = "submitted", "Received"
    IN_TRIAGE = "in_triage", "Being looked at"
    ACCEPTED = "accepted", "Accepted: an assessment has been opened"
    SIGNPOSTED = "signposted", "Signposted to other support"
    NO_FURTHER_ACTION = "no_further_action", "No further action"


OUTCOME_STATUSES = (Status.ACCEPTED, Status.SIGNPOSTED, Status.NO_FURTHER_ACTION)
OPEN_STATUSES = (Status.SUBMITTED, Status.IN_TRIAGE)


class ReferrerKind(models.TextChoices):
    PARENT_CARER = "parent_carer", "A parent or carer"
    YOUNG_PERSON = "young_person", "The young person"
    PROFESSIONAL = "professional", "A professional"
    OTHER = "other", "Someone else (a relative, neighbour or member of the public)"


# The DLA care rate and the grant's payment methods: the grant's words, asked here, spelt once in core.
CareRate = DlaCareRate
PaymentMethod = GrantPaymentMethod


class MobilityRate(models.TextChoices):
    NONE = "none", "None"
    LOWER = "lower", "Lower rate"
    HIGHER = "higher", "Higher rate"


@audited(child=lambda referral: referral.child_id)
class Referral(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=14, unique=True, null=True, blank=True, editable=False)
    route = models.CharField(max_length=30, choices=Route.choices)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    team = models.ForeignKey(
        "teams.Team", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    urgent = models.BooleanField(default=False, help_text="A safety concern: ahead of all other work.")
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals_made",
    )
    referrer_kind = models.CharField(max_length=20, choices=ReferrerKind.choices, blank=True)
    contact_email = models.EmailField(blank=True)
    # Who the referral is about, as told; matched to a child's record by a worker, never silently.
    subject_first_name = models.CharField(max_length=100, blank=True)
    subject_last_name = models.CharField(max_length=100, blank=True)
    subject_date_of_birth = models.DateField(null=True, blank=True)
    subject_postcode = models.CharField(max_length=10, blank=True)
    child = models.ForeignKey(
        "people.Child", null=True, blank=True, on_delete=models.PROTECT, related_name="referrals"
    )
    # Consent: a professional's referral records the parent's (or young person's) consent, or, for a
    # safety concern only, why it goes ahead without it.
    consent_given = models.BooleanField(null=True, blank=True)
    no_consent_reason = models.TextField(blank=True)
    # Each route's answers, page by page, as the forms cleaned them (dates as ISO strings).
    answers = models.JSONField(default=dict, blank=True)
    current_step = models.CharField(max_length=40, blank=True)
    # The pages answered in this draft: a draft is sent only after its person has been through every page,
    # even when earlier answers were offered to them.
    steps_done = models.JSONField(default=list, blank=True)
    # One submission, whatever the double clicks, refreshes and retries.
    idempotency_key = models.CharField(max_length=100, unique=True, null=True, blank=True, editable=False)
    # What was sent with that key, so a retry with the same key and different content is refused.
    submission_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    partner = models.ForeignKey(
        "referrals.PartnerOrganisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    outcome_reason = models.TextField(blank=True)
    signposted_services = models.ManyToManyField("directory.Service", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    due_at = models.DateTimeField(
        null=True, blank=True, help_text="When triage is due, by the route's target."
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-urgent", "submitted_at", "created_at"]
        indexes = [
            models.Index(fields=["team", "status", "urgent", "submitted_at"], name="referral_queue_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(reference__isnull=False),
                name="referral_submitted_has_reference",
            ),
            models.CheckConstraint(
                condition=~models.Q(route="safety_concern", status="draft"),
                name="referral_safety_concern_never_draft",
            ),
        ]

    def __str__(self) -> str:
        # No personal details: this is what the audit trail copies.
        return f"{self.reference or 'Draft'}: {self.get_route_display()}"

    @property
    def subject_name(self) -> str:
        return f"{self.subject_first_name} {self.subject_last_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def told_name(self) -> str:
        """The child's name as told: the form's first and last names, or a worry's one free-text name."""
        return self.subject_name or " ".join(str(self.answers.get("child_name") or "").split())

    @property
    def told_date_of_birth(self) -> dt.date | None:
        """The date of birth as told: the form's, or one a worry gave in words (like 27/3/2015)."""
        if self.subject_date_of_birth is not None:
            return self.subject_date_of_birth
        # Worries sent before the date input gave the date of birth, or the age, in one box of words.
        return told_date(str(self.answers.get("child_age_or_date_of_birth") or ""))

    @property
    def told_age(self) -> int | None:
        """An age a worry gave instead of a date of birth ("9", "about 9", "9 years old")."""
        return told_age(
            str(self.answers.get("child_age") or self.answers.get("child_age_or_date_of_birth") or "")
        )

    def subject_age_on(self, day: dt.date) -> int | None:
        born = self.told_date_of_birth
        if born is not None:
            return day.year - born.year - ((day.month, day.day) < (born.month, born.day))
        return self.told_age


_TOLD_DATE_FORMATS = ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%d %m %Y", "%Y-%m-%d", "%d %B %Y", "%d %b %Y")


def told_date(text: str) -> dt.date | None:
    cleaned = " ".join(text.strip().split())
    for form in _TOLD_DATE_FORMATS:
        try:
            return dt.datetime.strptime(cleaned, form).date()
        except ValueError:
            continue
    return None


def told_age(text: str) -> int | None:
    numbers = re.findall(r"\d+", text)
    if len(numbers) != 1 or told_date(text) is not None:
        return None
    age = int(numbers[0])
    return age if age <= 25 else None


@audited(child=lambda details: details.referral.child_id)
class ShortBreaksDetails(models.Model):
    """A short breaks grant application's answers, in the columns the grant evaluation reads."""

    referral = models.OneToOneField(Referral, on_delete=models.CASCADE, related_name="short_breaks")
    diagnosis = models.TextField()
    dla_care_rate = models.CharField(max_length=10, choices=CareRate.choices)
    dla_mobility_rate = models.CharField(max_length=10, choices=MobilityRate.choices)
    impact_on_family = models.TextField()
    risk_of_breakdown = models.TextField()
    carers_needs = models.TextField()
    breaks_wanted = models.TextField()
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    is_renewal = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "short breaks details"

    def __str__(self) -> str:
        return f"Short breaks answers for {self.referral}"

    @property
    def receives_dla(self) -> bool:
        return self.dla_care_rate != CareRate.NONE or self.dla_mobility_rate != MobilityRate.NONE


class DecisionKind(models.TextChoices):
    SUBMITTED = "submitted", "Submitted"
    ASSIGNED = "assigned", "Assigned"
    MATCHED = "matched", "Matched to a child's record"
    CHILD_CREATED = "child_created", "New child's record created"
    ACCEPTED = "accepted", "Accepted"
    SIGNPOSTED = "signposted", "Signposted"
    NO_FURTHER_ACTION = "no_further_action", "No further action"
    DOCUMENT_ADDED = "document_added", "Document sent after the referral"
    INFORMATION_ADDED = "information_added", "More information sent"


@audited(child=lambda decision: decision.referral.child_id)
class ReferralDecision(models.Model):
    """One decision about a referral: who, when, and why. Never changed afterwards."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(max_length=20, choices=DecisionKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.referral})"


@audited(child=lambda opened: opened.referral.child_id)
class OpenedWork(models.Model):
    """What accepting a referral opened: the team's involvement with the child, a grant evaluation. Written by
    the app that opened it (through `referral_opened_record`), so the referral links to it without knowing the
    app: an app above referrals gives the name of its own page for it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="opened")
    title = models.CharField(max_length=200, help_text="What it is, as staff would say it.")
    reference = models.CharField(max_length=40, blank=True)
    url_name = models.CharField(max_length=100, help_text="The page to follow, as a URL name.")
    url_kwargs = models.JSONField(default=dict, blank=True)
    fragment = models.CharField(max_length=40, blank=True, help_text="A part of that page, if any.")
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["opened_at"]
        verbose_name_plural = "opened work"

    def __str__(self) -> str:
        return f"{self.title} for {self.referral}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        url = reverse(self.url_name, kwargs=self.url_kwargs)
        return f"{url}#{self.fragment}" if self.fragment else url


@audited(child=lambda sent: sent.referral.child_id)
class SentWith(models.Model):
    """A record a practitioner's referral was sent with (the family's early help record, for a step up to
    social care), so the receiving team reads it there and nobody types it again. Written by the app that
    holds the record, through `referral_send_from_practitioner`, with the name of its own page for it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="sent_with")
    title = models.CharField(max_length=200, help_text="What it is, as staff would say it.")
    reference = models.CharField(max_length=40, blank=True)
    url_name = models.CharField(max_length=100, help_text="The page to follow, as a URL name.")
    url_kwargs = models.JSONField(default=dict, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at"]
        verbose_name_plural = "sent with"

    def __str__(self) -> str:
        return f"{self.title} sent with {self.referral}"

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse(self.url_name, kwargs=self.url_kwargs)


def private_storage() -> Any:
    """Files kept outside the web root (settings.PRIVATE_UPLOADS_ROOT), never given a public address."""
    return PrivateStorage()


class PrivateStorage(FileSystemStorage):
    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_UPLOADS_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Evidence has no public address; it is served by the evidence page after a check.")


class EvidenceKind(models.TextChoices):
    DLA_AWARD = "dla_award", "Disability Living Allowance award letter"
    DIAGNOSIS = "diagnosis", "Diagnosis letter"


@audited(child=lambda evidence: evidence.referral.child_id)
class Evidence(models.Model):
    """A document sent with a referral. Checked for type and size; read only by people who may see the referral."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(upload_to="evidence/%Y/%m/", storage=private_storage, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.referral}"


@audited()
class PartnerOrganisation(models.Model):
    """A school, health service or council system that sends referrals through the partner API."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=200, unique=True)
    contact_email = models.EmailField(
        blank=True, help_text="Who to tell about the API (changes, a key revoked)."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@audited()
class PartnerKey(models.Model):
    """An API key issued to a partner organisation. Only a hash of the secret is kept; it is shown once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    organisation = models.ForeignKey(PartnerOrganisation, on_delete=models.PROTECT, related_name="keys")
    prefix = models.CharField(max_length=12, unique=True, help_text="The key's public start, to find it.")
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.prefix}… for {self.organisation}"


@audited(child=lambda link: link.referral.child_id)
class ReturnLink(models.Model):
    """A link emailed to someone without an account: it opens one draft (save and come back later), or,
    once sent, that application's page, where documents can still be added. Only a hash of the token is
    kept; the link stops working at `expires_at`."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="return_links")
    token_hash = models.CharField(max_length=64, unique=True)
    email = models.EmailField()
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Return link for {self.referral}"
