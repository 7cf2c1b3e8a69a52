"""A child's package of care: every element from every route, costed per year from the rate card, authorised
within an approval limit (and after panel where the policy says so); direct payment agreements whose schedules
write instalments on an append-only ledger; payment runs with checks, approval and holds; personal assistants;
the family's monitoring returns and surplus recovery. Money is integer pence throughout.

The ledger tables (`Instalment`, `DirectPaymentRun`, `RunStep`, `RunLine`, `RunLineHold`, `InstalmentPaid`)
extend the grant's `AppendOnly` rows and are also refused change or deletion by database triggers
(`packages/triggers.py`), as the audit trail is.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited
from localoffer.grants.models import AppendOnly

WEEKS_A_YEAR = 52


class Ratio(models.TextChoices):
    ONE_TO_THREE = "1:3", "1:3 (one worker to three children)"
    ONE_TO_TWO = "1:2", "1:2 (one worker to two children)"
    ONE_TO_ONE = "1:1", "1:1 (one worker to one child)"
    TWO_TO_ONE = "2:1", "2:1 (two workers to one child)"


class RateService(models.TextChoices):
    MEDWAY_GO = "medway_go", "Medway Go"
    ROCC = "rocc", "ROCC"
    PA_FLOATING = "pa_floating", "Personal assistant or floating support"
    PARKLANDS = "parklands", "Parklands"


class Rate(models.Model):
    """One line of the rate card: the staff cost of a 7-hour session for a service at a ratio, from a date.

    The sources give a range for some (a PA costs £138.25 to £245 at 1:1); the element is costed at the
    `standard` figure a commissioner sets (loaded as the top of the range) unless the worker records another
    within the range."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    service = models.CharField(max_length=20, choices=RateService.choices)
    ratio = models.CharField(max_length=3, choices=Ratio.choices)
    unit = models.CharField(max_length=40, default="7-hour session")
    low_pence = models.PositiveIntegerField()
    high_pence = models.PositiveIntegerField()
    standard_pence = models.PositiveIntegerField()
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "ratio", "-effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["service", "ratio", "effective_from"], name="one_rate_per_start"),
            models.CheckConstraint(
                condition=models.Q(low_pence__lte=models.F("standard_pence"))
                & models.Q(standard_pence__lte=models.F("high_pence")),
                name="rate_standard_within_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_service_display()} {self.ratio}"

    def applies_on(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


class ApprovalLimit(models.Model):
    """The yearly cost a manager may authorise on their own (delegated authority)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="approval_limit"
    )
    limit_pence = models.PositiveBigIntegerField()

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Approval limit of {self.user}"


class PackagesPolicy(models.Model):
    """The council's rules for packages and direct payments, as data with the date they apply from."""

    effective_from = models.DateField(unique=True)
    suspension_stops_payments_after_weeks = models.PositiveSmallIntegerField(default=4)
    surplus_threshold_weeks = models.PositiveSmallIntegerField(default=8)
    repay_within_days = models.PositiveSmallIntegerField(default=14)
    first_review_weeks = models.PositiveSmallIntegerField(default=12)
    floating_support_needs_panel = models.BooleanField(default=True)
    grant_stops_with_other_short_breaks = models.BooleanField(default=True)
    source = models.TextField(blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name_plural = "packages policies"

    def __str__(self) -> str:
        return f"Packages policy from {self.effective_from:%d %B %Y}"


class LevelOfNeed(models.TextChoices):
    TARGETED = "targeted", "Targeted"
    SPECIALIST = "specialist", "Specialist"


class PackageStatus(models.TextChoices):
    DRAFT = "draft", "Being set up"
    AUTHORISED = "authorised", "Authorised"


@audited(child=lambda package: package.child_id)
class Package(models.Model):
    """A child's package of care. Authorised as a whole, before anything in it is paid.

    Where it needs panel (floating support), it is put on casework's panel agenda (`panel_case`) and is
    authorised only after that panel approves; the decision is casework's, and part of the child's chronology."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.OneToOneField("people.Child", on_delete=models.PROTECT, related_name="package")
    level_of_need = models.CharField(
        max_length=20, choices=LevelOfNeed.choices, default=LevelOfNeed.SPECIALIST
    )
    status = models.CharField(max_length=20, choices=PackageStatus.choices, default=PackageStatus.DRAFT)
    next_review_on = models.DateField(null=True, blank=True)
    authorised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorised_at = models.DateTimeField(null=True, blank=True)
    authorised_yearly_pence = models.PositiveBigIntegerField(null=True, blank=True)
    # The case put on casework's panel agenda (issue 14): the package is authorised only after its decision.
    panel_case = models.ForeignKey(
        "casework.PanelCase", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Package of care for {self.child}"

    @property
    def is_authorised(self) -> bool:
        return self.status == PackageStatus.AUTHORISED


class ElementKind(models.TextChoices):
    GRANT = "grant", "Short breaks grant"
    DIRECT_PAYMENT = "direct_payment", "Direct payment"
    FLOATING_SUPPORT = "floating_support", "Floating support"
    PARKLANDS_NIGHTS = "parklands_nights", "Parklands overnight short breaks"
    PARKLANDS_CLUB = "parklands_club", "Parklands after school club"
    COMMISSIONED_PLACE = "commissioned_place", "Commissioned place (for example ROCC)"
    PERSONAL_ASSISTANT = "personal_assistant", "Personal assistant"
    EQUIPMENT = "equipment", "Equipment"


# The routes of short breaks other than the grant: when one is current, the grant should stop (s7.2).
OTHER_SHORT_BREAK_ROUTES = frozenset(
    {
        ElementKind.DIRECT_PAYMENT,
        ElementKind.FLOATING_SUPPORT,
        ElementKind.PARKLANDS_NIGHTS,
        ElementKind.PARKLANDS_CLUB,
        ElementKind.COMMISSIONED_PLACE,
        ElementKind.PERSONAL_ASSISTANT,
    }
)


class CostPeriod(models.TextChoices):
    ONE_OFF = "one_off", "One-off"
    HOURLY = "hourly", "Per hour"
    SESSION = "session", "Per session"
    NIGHT = "night", "Per night"
    WEEKLY = "weekly", "Per week"


class Funder(models.TextChoices):
    COUNCIL = "council", "Medway Council: short breaks budget"
    ICB = "icb", "Integrated care board contribution"
    FAMILY = "family", "The family"


class ElementStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    SUSPENDED = "suspended", "Suspended"
    ENDED = "ended", "Ended"
    CANCELLED = "cancelled", "Cancelled"


class SuspensionReason(models.TextChoices):
    HOSPITAL = "hospital", "In hospital"
    ABROAD = "abroad", "Out of the country"
    RESIDENTIAL_SCHOOL = "residential_school", "At a 38-week residential school"
    OTHER = "other", "Another reason"


@audited(child=lambda element: element.package.child_id)
class Element(models.Model):
    """One funded element of a package: its kind, dates, cost period and quantity, ratio, funder and status.

    The yearly cost is the unit cost times the units a year (hours, sessions, nights or weeks; 1 if one-off)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    package = models.ForeignKey(Package, on_delete=models.PROTECT, related_name="elements")
    kind = models.CharField(max_length=30, choices=ElementKind.choices)
    description = models.CharField(max_length=200, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    cost_period = models.CharField(max_length=10, choices=CostPeriod.choices)
    units_a_year = models.PositiveIntegerField()
    ratio = models.CharField(max_length=3, choices=Ratio.choices, blank=True)
    rate = models.ForeignKey(Rate, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    unit_cost_pence = models.PositiveIntegerField()
    funder = models.CharField(max_length=10, choices=Funder.choices, default=Funder.COUNCIL)
    status = models.CharField(max_length=10, choices=ElementStatus.choices, default=ElementStatus.ACTIVE)
    status_reason = models.TextField(blank=True)
    suspension_reason = models.CharField(max_length=20, choices=SuspensionReason.choices, blank=True)
    suspended_on = models.DateField(null=True, blank=True)
    notice_given_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["starts_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="element_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def yearly_pence(self) -> int:
        return self.unit_cost_pence * self.units_a_year

    @property
    def is_live(self) -> bool:
        return self.status in (ElementStatus.ACTIVE, ElementStatus.SUSPENDED)

    def is_current(self, day: dt.date) -> bool:
        return self.is_live and self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)


class AgreementKind(models.TextChoices):
    ONE_OFF = "one_off", "One-off payment"
    REGULAR = "regular", "Regular payments"


class Route(models.TextChoices):
    MANAGED_ACCOUNT = "managed_account", "A managed account"
    PREPAID_CARD = "prepaid_card", "A prepaid card"
    OWN_BANK_ACCOUNT = "own_bank_account", "The family's own bank account"


@audited(child=lambda agreement: agreement.element.package.child_id)
class Agreement(models.Model):
    """A direct payment agreement after a social care assessment: one-off, or regular and paid in advance
    every so many weeks (4 unless set otherwise), by the route the family chose, with a second route the
    council can switch to (a card provider can fail)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    element = models.OneToOneField(Element, on_delete=models.PROTECT, related_name="agreement")
    kind = models.CharField(max_length=10, choices=AgreementKind.choices)
    assessed_on = models.DateField()
    weekly_pence = models.PositiveIntegerField(null=True, blank=True)
    one_off_pence = models.PositiveIntegerField(null=True, blank=True)
    every_weeks = models.PositiveSmallIntegerField(default=4)
    first_payment_on = models.DateField()
    route = models.CharField(max_length=20, choices=Route.choices)
    fallback_route = models.CharField(max_length=20, choices=Route.choices)
    card_chosen_by_family = models.BooleanField(default=False)
    card_provider = models.CharField(
        max_length=100, blank=True, help_text="The prepaid card's provider, where either route is a card."
    )
    family_contribution_weekly_pence = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(route=models.F("fallback_route")), name="fallback_route_differs"
            ),
            models.CheckConstraint(
                condition=~models.Q(route="prepaid_card") | models.Q(card_chosen_by_family=True),
                name="prepaid_card_only_by_choice",
            ),
            models.CheckConstraint(condition=models.Q(every_weeks__gte=1), name="every_weeks_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} by {self.get_route_display().lower()}"

    @property
    def is_regular(self) -> bool:
        return self.kind == AgreementKind.REGULAR

    @property
    def instalment_pence(self) -> int:
        if self.is_regular:
            return (self.weekly_pence or 0) * self.every_weeks
        return self.one_off_pence or 0


@audited(child=lambda item: item.agreement.element.package.child_id)
class Instalment(AppendOnly):
    """One entry on the direct payment ledger. A schedule writes one per due date (the database refuses a
    second for the same date); a correction is a new entry naming the one it corrects, never an edit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="instalments")
    due_on = models.DateField()
    amount_pence = models.IntegerField()
    route = models.CharField(max_length=20, choices=Route.choices)
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="corrections"
    )
    reason = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["due_on", "created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "due_on"],
                condition=models.Q(corrects__isnull=True),
                name="one_scheduled_instalment_a_date",
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=False) | models.Q(amount_pence__gt=0),
                name="scheduled_instalment_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(corrects__isnull=True) | ~models.Q(reason=""),
                name="correction_has_reason",
            ),
            models.CheckConstraint(condition=~models.Q(amount_pence=0), name="instalment_not_zero"),
        ]
        indexes = [models.Index(fields=["due_on"], name="instalment_due_idx")]

    def __str__(self) -> str:
        return f"Instalment {self.reference}"


class DirectPaymentRun(AppendOnly):
    """A run of direct payment instalments for the finance system, prepared by one person. Its checks,
    approval and sending are `RunStep` rows; items held out of it are `RunLineHold` rows."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveIntegerField(unique=True)
    due_by = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    prepared_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Direct payment run {self.number}"


class Step(models.TextChoices):
    CHECKED = "checked", "Checked"
    APPROVED = "approved", "Approved"
    SENT = "sent", "Sent"


class RunStep(AppendOnly):
    """A run checked, approved or sent: each once, with who, when, and the count and total it was for."""

    run = models.ForeignKey(DirectPaymentRun, on_delete=models.PROTECT, related_name="steps")
    step = models.CharField(max_length=10, choices=Step.choices)
    count = models.PositiveIntegerField()
    total_pence = models.BigIntegerField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["at"]
        constraints = [models.UniqueConstraint(fields=["run", "step"], name="each_run_step_once")]


class RunLine(AppendOnly):
    # No index of its own: the unique (run, instalment) index below starts with the run and serves every look-up
    # by run. A second index was one more to write for each of a run's 1.5 million lines.
    run = models.ForeignKey(DirectPaymentRun, on_delete=models.PROTECT, related_name="lines", db_index=False)
    instalment = models.ForeignKey(Instalment, on_delete=models.PROTECT, related_name="run_lines")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["run", "instalment"], name="instalment_once_a_run")]


class RunLineHold(AppendOnly):
    """An instalment held out of a run, with the reason: it waits for the next run."""

    line = models.OneToOneField(RunLine, on_delete=models.PROTECT, related_name="hold")
    reason = models.CharField(max_length=300)
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class InstalmentPaid(AppendOnly):
    """The finance system's word that an instalment was paid: one at most, refused twice by the database."""

    instalment = models.OneToOneField(Instalment, on_delete=models.PROTECT, related_name="paid")
    paid_on = models.DateField()
    finance_reference = models.CharField(max_length=50)
    recorded_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")


class Employment(models.TextChoices):
    EMPLOYED = "employed", "Employed by the family"
    SELF_EMPLOYED = "self_employed", "Self-employed"


@audited(child=lambda pa: pa.agreement.element.package.child_id)
class PersonalAssistant(models.Model):
    """A personal assistant paid from a direct payment, and the checks that fall due."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="assistants")
    name = models.CharField(max_length=200)
    employment = models.CharField(max_length=20, choices=Employment.choices)
    # Employed: contract, hours, leave, HMRC, payroll and insurance through the self-directed support team.
    contracted_hours_a_week = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    contract_signed_on = models.DateField(null=True, blank=True)
    hmrc_employer_reference = models.CharField(max_length=20, blank=True)
    payroll_through_sds = models.BooleanField(default=False)
    # Self-employed: the written agreement.
    charges = models.CharField(max_length=200, blank=True)
    support_times = models.CharField(max_length=200, blank=True)
    notice = models.CharField(max_length=200, blank=True)
    # Checks
    dbs_checked_on = models.DateField(null=True, blank=True)
    insurance_renews_on = models.DateField(null=True, blank=True)
    right_to_work_checked_on = models.DateField(null=True, blank=True)
    close_relative_in_household = models.BooleanField(default=False)
    close_relative_reason = models.TextField(blank=True)
    cqc_registered = models.BooleanField(null=True, blank=True)
    provides_personal_care = models.BooleanField(default=False)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(close_relative_in_household=False) | ~models.Q(close_relative_reason=""),
                name="close_relative_needs_reason",
            )
        ]

    def __str__(self) -> str:
        return self.name


@audited(child=lambda item: item.agreement.element.package.child_id)
class MonitoringReturn(models.Model):
    """What the family (or the managed account provider) sends each period: the balance and the spending."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="returns")
    period_ends_on = models.DateField()
    balance_pence = models.IntegerField()
    spent_pence = models.PositiveIntegerField()
    spending = models.TextField(help_text="What was spent against the plan's outcomes.")
    provider = models.CharField(max_length=200, blank=True)
    provider_gives_personal_care = models.BooleanField(default=False)
    provider_cqc_registered = models.BooleanField(null=True, blank=True)
    cqc_flag = models.BooleanField(default=False)
    surplus_pence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_ends_on"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "period_ends_on"], name="one_return_a_period")
        ]

    def __str__(self) -> str:
        return f"Return to {self.period_ends_on:%-d %B %Y}"


class RecoveryMethod(models.TextChoices):
    REPAY = "repay", "The family repays it"
    REDUCE = "reduce", "Future instalments are reduced"


@audited(child=lambda item: item.agreement.element.package.child_id)
class SurplusRecovery(models.Model):
    """A surplus above the policy's threshold recovered with notice, the family's own contribution apart."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    agreement = models.ForeignKey(Agreement, on_delete=models.PROTECT, related_name="recoveries")
    monitoring_return = models.OneToOneField(
        MonitoringReturn, on_delete=models.PROTECT, related_name="recovery"
    )
    threshold_pence = models.PositiveIntegerField()
    family_contribution_pence = models.PositiveIntegerField()
    amount_pence = models.PositiveIntegerField()
    method = models.CharField(max_length=10, choices=RecoveryMethod.choices)
    notice_given_on = models.DateField()
    recover_by = models.DateField()
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Recovery of {self.amount_pence} pence"
