"""The short breaks grant: the published policy, each child's evaluation and award, the payment ledger,
the budget, and the short breaks services statement.

The policy is data (`PolicyVersion` and its `PolicyLevel`s). The public checker, the coordinator's
recommendation, the what-if model and the statement all read the same version; every decision and every
payment records the version it was made under. Money is integer pence throughout.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited

# The grant's words that the family's application (below the grant) also asks: one spelling, in core.
from localoffer.core.vocabulary import DLA_CARE_ORDER as DLA_ORDER
from localoffer.core.vocabulary import DlaCareRate as DlaRate
from localoffer.core.vocabulary import GrantPaymentMethod as PaymentMethod

__all__ = ["DLA_ORDER", "DlaRate", "PaymentMethod"]


class PolicyStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class CriteriaRule(models.TextChoices):
    BOTH = "both", "A diagnosed disability and Disability Living Allowance"
    EITHER = "either", "A diagnosed disability or Disability Living Allowance"


class RenewalMode(models.TextChoices):
    REVIEW = "review", "An annual review of the award"
    REAPPLY = "reapply", "Reapplying each year"


class PolicyVersion(models.Model):
    """One version of the grant's policy. Drafted, then published (which supersedes the one before)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True)
    title = models.CharField(max_length=200)
    summary = models.TextField(blank=True, help_text="What this version changes, in plain words.")
    status = models.CharField(max_length=20, choices=PolicyStatus.choices, default=PolicyStatus.DRAFT)
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    # Eligibility
    criteria_rule = models.CharField(max_length=10, choices=CriteriaRule.choices)
    minimum_dla_rate = models.CharField(
        max_length=10,
        choices=DlaRate.choices,
        default=DlaRate.LOWEST,
        help_text="The lowest DLA care rate that counts, where DLA is one of the criteria.",
    )
    minimum_age = models.PositiveSmallIntegerField(default=0)
    maximum_age = models.PositiveSmallIntegerField(default=17)
    requires_medway_residence = models.BooleanField(default=True)
    disability_definition = models.TextField()
    # What the money may and may not buy: lists of {"label": ..., "examples": ...}
    inclusions = models.JSONField(default=list)
    exclusions = models.JSONField(default=list)
    renewal_mode = models.CharField(max_length=10, choices=RenewalMode.choices)
    stops_with_other_short_breaks = models.BooleanField(
        default=False,
        help_text="The grant stops when the family gets short breaks through another route "
        "(a direct payment, floating support, Parklands nights or a commissioned place).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"],
                condition=models.Q(status="published"),
                name="one_published_grant_policy",
            ),
            models.CheckConstraint(
                condition=models.Q(minimum_age__lte=models.F("maximum_age")), name="policy_ages_in_order"
            ),
        ]

    def __str__(self) -> str:
        return f"Version {self.number}: {self.title}"

    @property
    def is_draft(self) -> bool:
        return self.status == PolicyStatus.DRAFT

    @property
    def is_superseded(self) -> bool:
        return self.status == PolicyStatus.SUPERSEDED

    @property
    def renews_by_reapplying(self) -> bool:
        return self.renewal_mode == RenewalMode.REAPPLY

    def ordered_levels(self) -> list[PolicyLevel]:
        return sorted(self.levels.all(), key=lambda level: level.number)


class PolicyLevel(models.Model):
    """A level of the grant. A level may pay nothing and give priority access to the universal offer."""

    policy = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="levels")
    number = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    description = models.TextField(help_text="The impact on the family and risk of breakdown it is for.")
    amount_pence = models.PositiveIntegerField()
    universal_offer_priority = models.BooleanField(
        default=False, help_text="Instead of money, priority access to the universal offer."
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="one_level_number_per_policy"),
            models.CheckConstraint(condition=models.Q(number__gte=1, number__lte=3), name="level_1_to_3"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def pays_money(self) -> bool:
        return self.amount_pence > 0


class BudgetYear(models.Model):
    """The grant's budget for one financial year (April to March), named by the year it starts."""

    start_year = models.PositiveSmallIntegerField(unique=True)
    amount_pence = models.PositiveBigIntegerField()

    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_year"]

    def __str__(self) -> str:
        return f"{self.start_year}/{str(self.start_year + 1)[-2:]}"

    @property
    def starts_on(self) -> dt.date:
        return dt.date(self.start_year, 4, 1)

    @property
    def ends_on(self) -> dt.date:
        return dt.date(self.start_year + 1, 3, 31)


def award_ends_on(starts_on: dt.date) -> dt.date:
    """An award lasts a year: to the day before the same date next year (28 February for 29 February)."""
    if starts_on.month == 2 and starts_on.day == 29:
        return dt.date(starts_on.year + 1, 2, 28)
    return starts_on.replace(year=starts_on.year + 1) - dt.timedelta(days=1)


def budget_year_of(day: dt.date) -> int:
    """The financial year (by its starting year) a day falls in: 1 April to 31 March."""
    return day.year if day.month >= 4 else day.year - 1


class SupportKind(models.TextChoices):
    DIRECT_PAYMENT = "direct_payment", "Direct payment from the 0 to 25 disability team"
    FLOATING_SUPPORT = "floating_support", "Floating support"
    PARKLANDS_NIGHTS = "parklands_nights", "Overnight short breaks at Parklands"
    COMMISSIONED_PLACE = "commissioned_place", "A commissioned place (for example ROCC)"


@audited(child=lambda support: support.child_id)
class OtherSupport(models.Model):
    """Short breaks a child gets through another route: part of the family's whole package."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.CASCADE, related_name="other_support")
    kind = models.CharField(max_length=30, choices=SupportKind.choices)
    detail = models.CharField(max_length=200, blank=True)
    weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    nights_a_year = models.PositiveSmallIntegerField(null=True, blank=True)
    started_on = models.DateField()
    ended_on = models.DateField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "-started_on"]

    def __str__(self) -> str:
        return self.get_kind_display()

    def is_current(self, day: dt.date) -> bool:
        return self.started_on <= day and (self.ended_on is None or self.ended_on >= day)


class CaseKind(models.TextChoices):
    NEW = "new", "New application"
    RENEWAL = "renewal", "Renewal"


class CaseStatus(models.TextChoices):
    AWAITING = "awaiting", "Awaiting evaluation"
    EVALUATED = "evaluated", "Evaluated, awaiting decision"
    APPROVED = "approved", "Approved"
    DECLINED = "declined", "Declined"


class Impact(models.TextChoices):
    LITTLE = "little", "Little or no impact on the family"
    MODERATE = "moderate", "Moderate impact on the family"
    SIGNIFICANT = "significant", "Significant or major impact on the family"


class BreakdownRisk(models.TextChoices):
    MINIMAL = "minimal", "Minimal risk of family breakdown"
    POSSIBLE = "possible", "Possible risk of family breakdown"
    SIGNIFICANT = "significant", "Significant risk of family breakdown"


class PrimaryNeed(models.TextChoices):
    """The child's main need, in the categories the strategy reports for EHC plans (s4)."""

    AUTISM = "autism", "Autism"
    SLCN = "slcn", "Speech, language and communication needs"
    SEMH = "semh", "Social, emotional and mental health"
    MLD = "mld", "Moderate learning difficulty"
    SLD = "sld", "Severe learning difficulty"
    PHYSICAL = "physical", "Physical disability"
    HEARING = "hearing", "Hearing impairment"
    VISUAL = "visual", "Visual impairment"
    OTHER = "other", "Another need"


@audited(child=lambda case: case.child_id)
class GrantCase(models.Model):
    """One application or renewal for one child, from evaluation to decision.

    An accepted short breaks referral becomes a case, with what the family told us filled in; the coordinator's structured conversation fills in the answers, the policy recommends a level,
    and the decision records the policy version it was made under."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="grant_cases")
    # The family's application, where the case came from one (cases from before the online form have none).
    referral = models.OneToOneField(
        "referrals.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="grant_case"
    )
    kind = models.CharField(max_length=10, choices=CaseKind.choices, default=CaseKind.NEW)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.AWAITING)
    received_on = models.DateField()
    # The structured conversation
    has_diagnosis = models.BooleanField(null=True, blank=True)
    dla_rate = models.CharField(max_length=10, choices=DlaRate.choices, blank=True)
    lives_in_medway = models.BooleanField(null=True, blank=True)
    primary_need = models.CharField(max_length=20, choices=PrimaryNeed.choices, blank=True)
    impact = models.CharField(max_length=20, choices=Impact.choices, blank=True)
    breakdown_risk = models.CharField(max_length=20, choices=BreakdownRisk.choices, blank=True)
    carer_needs = models.TextField(blank=True)
    how_it_helps = models.TextField(blank=True)
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices, blank=True)
    # The recommendation, and the coordinator's level (different only with a reason)
    recommended_level = models.PositiveSmallIntegerField(null=True, blank=True)
    recommendation_reasons = models.JSONField(default=list, blank=True)
    chosen_level = models.PositiveSmallIntegerField(null=True, blank=True)
    change_reason = models.TextField(blank=True)
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    evaluated_at = models.DateTimeField(null=True, blank=True)
    # The decision
    policy = models.ForeignKey(
        PolicyVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    decision_reasons = models.TextField(blank=True)
    signposts = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["received_on", "reference"]
        indexes = [models.Index(fields=["status", "received_on"], name="grant_case_queue_idx")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_kind_display().lower()})"

    @property
    def is_awaiting(self) -> bool:
        return self.status == CaseStatus.AWAITING

    @property
    def is_evaluated(self) -> bool:
        return self.status == CaseStatus.EVALUATED

    @property
    def is_approved(self) -> bool:
        return self.status == CaseStatus.APPROVED

    @property
    def is_decided(self) -> bool:
        return self.status in (CaseStatus.APPROVED, CaseStatus.DECLINED)


class AwardStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    ENDED = "ended", "Ended"


@audited(child=lambda award: award.child_id)
class Award(models.Model):
    """An approved grant: one level, one amount, for one year, under one policy version."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    case = models.OneToOneField(GrantCase, on_delete=models.PROTECT, related_name="award")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="grant_awards")
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="awards")
    level = models.PositiveSmallIntegerField()
    amount_pence = models.PositiveIntegerField()
    payment_method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    budget_year = models.PositiveSmallIntegerField(db_index=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    status = models.CharField(max_length=10, choices=AwardStatus.choices, default=AwardStatus.ACTIVE)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gt=models.F("starts_on")), name="award_dates"),
        ]

    def __str__(self) -> str:
        return f"Level {self.level} award, {self.starts_on:%d %B %Y}"

    @property
    def has_ended(self) -> bool:
        return self.status == AwardStatus.ENDED


class AppendOnly(models.Model):
    """A ledger row: written once, never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise PermissionError(f"{type(self).__name__} rows are append-only and cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise PermissionError(f"{type(self).__name__} rows are append-only and cannot be deleted.")


class PaymentRun(AppendOnly):
    """A batch of payment instructions exported to the finance system, with its control total."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField()
    control_total_pence = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Payment run {self.number}"


@audited(child=lambda instruction: instruction.child_id)
class PaymentInstruction(AppendOnly):
    """One instruction to pay one award. The unique award makes a second payment impossible."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="payment")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    budget_year = models.PositiveSmallIntegerField(db_index=True)
    amount_pence = models.PositiveIntegerField()
    method = models.CharField(max_length=20, choices=PaymentMethod.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount_pence__gt=0), name="payment_positive")
        ]

    def __str__(self) -> str:
        return f"Payment {self.reference}"


class PaymentRunLine(AppendOnly):
    """An instruction included in a run. An instruction goes in one run only."""

    run = models.ForeignKey(PaymentRun, on_delete=models.PROTECT, related_name="lines")
    instruction = models.OneToOneField(PaymentInstruction, on_delete=models.PROTECT, related_name="run_line")

    def __str__(self) -> str:
        return f"{self.instruction} in {self.run}"


class PaymentConfirmation(AppendOnly):
    """The finance system's word that an instruction was paid, from its return file."""

    instruction = models.OneToOneField(
        PaymentInstruction, on_delete=models.PROTECT, related_name="confirmation"
    )
    paid_on = models.DateField()
    finance_reference = models.CharField(max_length=50)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.instruction} paid {self.paid_on}"


class StatementStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"


class Statement(models.Model):
    """A version of the short breaks services statement, generated from the Local Offer and the policy.

    `content` is a snapshot, so a published version reads the same for ever."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True)
    status = models.CharField(max_length=20, choices=StatementStatus.choices, default=StatementStatus.DRAFT)
    policy = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="statements")
    content = models.JSONField()
    changes = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_on = models.DateField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["status"], condition=models.Q(status="published"), name="one_published_statement"
            )
        ]

    def __str__(self) -> str:
        return f"Short breaks services statement, version {self.number}"

    @property
    def is_current(self) -> bool:
        return self.status == StatementStatus.PUBLISHED


class RenewalStatus(models.TextChoices):
    INVITED = "invited", "Invited"
    REMINDED = "reminded", "Reminded"
    ANSWERED = "answered", "Answered"
    LAPSED = "lapsed", "Lapsed"


@audited(child=lambda renewal: renewal.award.child_id)
class Renewal(models.Model):
    """Before an award's year ends the family is invited to review or reapply (as the policy says); a
    reminder follows; an unanswered invitation lapses at the year's end, with notice."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="renewal")
    mode = models.CharField(max_length=10, choices=RenewalMode.choices)
    status = models.CharField(max_length=10, choices=RenewalStatus.choices, default=RenewalStatus.INVITED)
    invited_on = models.DateField()
    reminded_on = models.DateField(null=True, blank=True)
    answered_on = models.DateField(null=True, blank=True)
    lapsed_on = models.DateField(null=True, blank=True)
    case = models.OneToOneField(
        GrantCase, null=True, blank=True, on_delete=models.PROTECT, related_name="renewal_of"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["invited_on"]

    def __str__(self) -> str:
        return f"Renewal of {self.award}"

    @property
    def awaits_answer(self) -> bool:
        return self.status in (RenewalStatus.INVITED, RenewalStatus.REMINDED)

    @property
    def is_answered(self) -> bool:
        return self.status == RenewalStatus.ANSWERED

    @property
    def has_lapsed(self) -> bool:
        return self.status == RenewalStatus.LAPSED

    @property
    def is_reapply(self) -> bool:
        return self.mode == RenewalMode.REAPPLY


@audited(child=lambda item: item.award.child_id)
class SpendingReturn(models.Model):
    """What the family bought with the grant. Spending in a category the policy excludes is flagged."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    award = models.ForeignKey(Award, on_delete=models.PROTECT, related_name="spending")
    category = models.CharField(max_length=200)
    description = models.CharField(max_length=300)
    amount_pence = models.PositiveIntegerField()
    spent_on = models.DateField()
    flagged = models.BooleanField(default=False)
    flag_reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-spent_on"]
        indexes = [models.Index(fields=["flagged", "spent_on"], name="spending_flagged_idx")]

    def __str__(self) -> str:
        return f"{self.category} on {self.spent_on}"
