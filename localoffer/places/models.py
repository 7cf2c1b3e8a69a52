"""Commissioned places and nights: settings and their units, the staff on shift, what is out of service,
each child's entitlement, the bookings (one child in one unit on one day, held by the database), request
windows, published priorities, allocation runs with their lottery seed, offers and the waiting list."""

from __future__ import annotations

import datetime as dt
import uuid
from fractions import Fraction

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from localoffer.audit.registry import audited
from localoffer.core.vocabulary import BreakdownRisk, CarerStrain, NeedLevel  # shared with casework


class SettingKind(models.TextChoices):
    OVERNIGHT = "overnight", "Overnight short breaks"
    DAY = "day", "Day sessions"


class Setting(models.Model):
    """A place where commissioned short breaks happen: Parklands' beds, a ROCC holiday club, work experience."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    provider_name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=SettingKind.choices)
    unit_noun = models.CharField(max_length=30, help_text="What one unit is called: bed, place.")
    day_noun = models.CharField(max_length=30, help_text="What one day is called: night, session.")
    minimum_age = models.PositiveSmallIntegerField()
    maximum_age = models.PositiveSmallIntegerField()
    open_weekdays = models.JSONField(default=list, help_text="Monday is 0.")
    description = models.TextField()
    # A child's entitlement a year (Parklands: 24 nights), or none where places are not rationed by child.
    nights_a_year = models.PositiveSmallIntegerField(null=True, blank=True)
    # Cancelling with fewer than this many days' notice is late: the night counts as used, the provider is paid.
    notice_days = models.PositiveSmallIntegerField(default=0)
    # What it costs to open one day (staff on shift, building): the cost per occupied night follows from it.
    day_cost_pence = models.PositiveIntegerField()
    # What the council pays the provider for each night or session delivered (or cancelled late).
    price_pence = models.PositiveIntegerField()
    children_served_strategy = models.PositiveIntegerField(null=True, blank=True)
    source = models.CharField(max_length=300)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_overnight(self) -> bool:
        return self.kind == SettingKind.OVERNIGHT


class Unit(models.Model):
    """One bed or place, and the staff it needs: `staff` to `children` (1 to 2 is half a member of staff)."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="units")
    name = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField()
    ratio_staff = models.PositiveSmallIntegerField(default=1)
    ratio_children = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["setting", "order"]
        constraints = [
            models.UniqueConstraint(fields=["setting", "order"], name="one_unit_per_order"),
            models.CheckConstraint(
                condition=Q(ratio_staff__gte=1, ratio_children__gte=1), name="unit_ratio_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.setting}: {self.name}"

    @property
    def staff_needed(self) -> Fraction:
        return Fraction(self.ratio_staff, self.ratio_children)


class RosterDay(models.Model):
    """How many staff are rostered on a day (or night shift) at a setting: what opens its units."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="roster")
    day = models.DateField()
    staff_on_shift = models.PositiveSmallIntegerField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["setting", "day"]
        constraints = [models.UniqueConstraint(fields=["setting", "day"], name="one_roster_per_setting_day")]

    def __str__(self) -> str:
        return f"{self.setting} {self.day}: {self.staff_on_shift} staff"


class OutOfService(models.Model):
    """A unit (or, with no unit, the whole setting) that cannot be used from one day to another, and why."""

    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="out_of_service")
    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=200)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="out_of_service_dates"
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit or self.setting} out of service {self.starts_on} to {self.ends_on}: {self.reason}"


class ProviderMembership(models.Model):
    """Which setting a provider staff account works at: they see that setting and nothing of any other."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="place_setting"
    )
    setting = models.ForeignKey(Setting, on_delete=models.CASCADE, related_name="staff_accounts")

    def __str__(self) -> str:
        return f"{self.user} at {self.setting}"


@audited(child=lambda care: care.child_id)
class CareInfo(models.Model):
    """The essential care information a setting's staff need for a child booked with them."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="care_info")
    medication = models.TextField(blank=True)
    communication = models.TextField(blank=True)
    personal_care = models.TextField(blank=True)
    who_collects = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"Care information for {self.child}"


@audited(child=lambda entry: entry.child_id)
class EntitlementEntry(models.Model):
    """One line of a child's ledger of nights at a setting for a year (April to March): a grant of nights (+),
    a night booked (-), a night given back on a cancellation in time (+). The balance is the sum."""

    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(help_text="The year the April to March year starts in.")
    nights = models.SmallIntegerField()
    reason = models.CharField(max_length=200)
    booking = models.ForeignKey("Booking", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "id"]
        indexes = [models.Index(fields=["child", "setting", "year"], name="entitlement_child_year_idx")]

    def __str__(self) -> str:
        return f"{self.nights:+d} for {self.child}: {self.reason}"


class BookingStatus(models.TextChoices):
    HELD = "held", "Held for an offer"
    BOOKED = "booked", "Booked"
    RELEASED = "released", "Released"
    CANCELLED = "cancelled", "Cancelled"


# The statuses in which a booking holds its unit: the database lets only one such booking per unit and day.
HOLDING = (BookingStatus.HELD, BookingStatus.BOOKED)


class Attendance(models.TextChoices):
    DELIVERED = "delivered", "Delivered"
    MISSED = "missed", "Missed (the child did not come)"
    CANCELLED_LATE = "cancelled_late", "Cancelled late"
    NOT_GO_AHEAD = "not_go_ahead", "Could not go ahead"


# What the provider is paid for.
PAID_ATTENDANCE = (Attendance.DELIVERED, Attendance.CANCELLED_LATE, Attendance.MISSED)


class LegalBasis(models.TextChoices):
    SECTION_20_V3 = "V3", "Section 20, a series of short breaks, each stay recorded (V3)"
    SECTION_20_V4 = "V4", "Section 20, a series of short breaks under one agreement (V4)"
    SECTION_17 = "s17", "Section 17, a child in need (not looked after)"


@audited(child=lambda stay: stay.child_id)
class Stay(models.Model):
    """A child's consecutive nights (or one session) at a setting: for overnight care, one episode."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="place_stays")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="stays")
    first_day = models.DateField()
    last_day = models.DateField()
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    legal_basis = models.CharField(max_length=4, choices=LegalBasis.choices, default=LegalBasis.SECTION_20_V3)
    arrived_at = models.DateTimeField(null=True, blank=True)
    departed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="stay_dates")
        ]

    def __str__(self) -> str:
        return f"{self.child} at {self.setting} from {self.first_day:%d %B %Y}"

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def ends_on(self) -> dt.date:
        """The day the child goes home: the morning after the last night, or the session's own day."""
        return self.last_day + dt.timedelta(days=1) if self.setting.is_overnight else self.last_day


@audited(child=lambda booking: booking.child_id)
class Booking(models.Model):
    """One unit for one night or session, for one child. Two bookings holding one unit on one day cannot
    both exist: the partial unique index below refuses the second, whatever the code above it does."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    stay = models.ForeignKey(Stay, on_delete=models.PROTECT, related_name="bookings")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="bookings")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="place_bookings")
    day = models.DateField()
    status = models.CharField(max_length=20, choices=BookingStatus.choices, default=BookingStatus.BOOKED)
    attendance = models.CharField(max_length=20, choices=Attendance.choices, blank=True)
    attendance_reason = models.CharField(max_length=300, blank=True)
    attendance_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cancelled_late = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "unit__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "day"], condition=Q(status__in=HOLDING), name="one_child_per_unit_and_day"
            ),
            models.UniqueConstraint(
                fields=["child", "day"], condition=Q(status__in=HOLDING), name="one_place_per_child_and_day"
            ),
        ]
        indexes = [models.Index(fields=["day", "status"], name="booking_day_status_idx")]

    def __str__(self) -> str:
        return f"{self.child} in {self.unit.name} on {self.day:%d %B %Y}"


class PriorityStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PriorityVersion(models.Model):
    """The published rules that order requests: points for each factor, the width of a band, and Medway first.
    Requests are ordered by Medway residence, then band (highest first), then the run's lottery."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    number = models.PositiveSmallIntegerField(unique=True)
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=20, choices=PriorityStatus.choices, default=PriorityStatus.DRAFT)
    points = models.JSONField(help_text="factor -> {value: points}; see places/priority.py")
    band_width = models.PositiveSmallIntegerField(default=20)
    medway_first = models.BooleanField(default=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Priority version {self.number}: {self.title}"


class WindowStatus(models.TextChoices):
    OPEN = "open", "Open for requests"
    CLOSED = "closed", "Closed, waiting for the allocation"
    PUBLISHED = "published", "Allocation published"


class RequestWindow(models.Model):
    """The time families and workers may ask for places in a holiday or season, and the days it covers."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="windows")
    title = models.CharField(max_length=120)
    opens_on = models.DateField()
    closes_on = models.DateField()
    first_day = models.DateField()
    last_day = models.DateField()
    status = models.CharField(max_length=20, choices=WindowStatus.choices, default=WindowStatus.OPEN)

    class Meta:
        ordering = ["first_day"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="window_request_dates"
            ),
            models.CheckConstraint(condition=Q(last_day__gte=models.F("first_day")), name="window_days"),
        ]

    def __str__(self) -> str:
        return f"{self.setting}: {self.title}"


class NeedSource(models.TextChoices):
    ASSESSMENT = "assessment", "From the child's authorised child and family assessment"
    WORKER = "worker", "Recorded by the child's worker on the request"
    GRANT = "grant", "From the child's short breaks grant evaluation"
    FAMILY = "family", "Told us by the family, to be checked by the child's worker"


class RequestStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    OFFERED = "offered", "Offered"
    WAITING = "waiting", "On the waiting list"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Offer expired"
    WITHDRAWN = "withdrawn", "Withdrawn"


@audited(child=lambda request: request.child_id)
class PlaceRequest(models.Model):
    """A family's or worker's request for days in a window, with what the priority weighs."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    reference = models.CharField(max_length=20, unique=True)
    window = models.ForeignKey(RequestWindow, on_delete=models.PROTECT, related_name="requests")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="place_requests")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    first_day = models.DateField()
    days = models.PositiveSmallIntegerField()
    flexible = models.BooleanField(default=False, help_text="Other days in the window will do.")
    preferences = models.TextField(blank=True)
    # What the priority weighs
    need_level = models.PositiveSmallIntegerField(choices=NeedLevel.choices)
    carer_strain = models.CharField(max_length=20, choices=CarerStrain.choices)
    breakdown_risk = models.CharField(max_length=20, choices=BreakdownRisk.choices)
    need_source = models.CharField(max_length=20, choices=NeedSource.choices)
    # The authorised child and family assessment the need was taken from (NeedSource.ASSESSMENT).
    assessment = models.ForeignKey(
        "casework.Assessment", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lives_in_medway = models.BooleanField()
    last_break_on = models.DateField(null=True, blank=True)
    has_other_support = models.BooleanField(default=False)
    # Compatibility for overnight care
    needs_one_to_one = models.BooleanField(default=False, help_text="Needs a member of staff of their own.")
    not_with = models.ManyToManyField("people.Child", blank=True, related_name="+")
    status = models.CharField(max_length=20, choices=RequestStatus.choices, default=RequestStatus.REQUESTED)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["created_at", "reference"]
        constraints = [
            models.UniqueConstraint(fields=["window", "child"], name="one_request_per_child_and_window"),
            models.CheckConstraint(condition=Q(days__gte=1), name="request_days_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} for {self.child}"

    @property
    def last_day(self) -> dt.date:
        return self.first_day + dt.timedelta(days=self.days - 1)

    @property
    def need_source_words(self) -> str:
        """Where what the priority weighs came from, naming the assessment when there is one."""
        if self.need_source == NeedSource.ASSESSMENT and self.assessment is not None:
            authorised = self.assessment.authorised_on
            return "from the child's child and family assessment" + (
                f" authorised on {authorised:%-d %B %Y}" if authorised else ""
            )
        return self.get_need_source_display()[0].lower() + self.get_need_source_display()[1:]


class AllocationRun(models.Model):
    """One run of the allocation for a window under a priority version and a seed. A what-if is never
    published; a published run's seed and priority are public, so anyone can run it again."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    window = models.ForeignKey(RequestWindow, on_delete=models.PROTECT, related_name="runs")
    priority = models.ForeignKey(PriorityVersion, on_delete=models.PROTECT, related_name="runs")
    seed = models.CharField(max_length=40)
    is_whatif = models.BooleanField(default=False)
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    run_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    fingerprint = models.CharField(max_length=64, help_text="A digest of every decision, to compare re-runs.")

    class Meta:
        ordering = ["-run_at"]

    def __str__(self) -> str:
        return f"{self.window} run with seed {self.seed}"


class Decision(models.Model):
    """What one request got in one run, and why in plain words."""

    run = models.ForeignKey(AllocationRun, on_delete=models.CASCADE, related_name="decisions")
    request = models.ForeignKey(PlaceRequest, on_delete=models.CASCADE, related_name="decisions")
    points = models.PositiveSmallIntegerField()
    band = models.PositiveSmallIntegerField()
    lottery = models.CharField(max_length=64)
    position = models.PositiveIntegerField(help_text="Order in the run, 1 first.")
    offered_first_day = models.DateField(null=True, blank=True)
    offered_days = models.PositiveSmallIntegerField(default=0)
    waiting_position = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField()

    class Meta:
        ordering = ["run", "position"]
        constraints = [models.UniqueConstraint(fields=["run", "request"], name="one_decision_per_request")]

    def __str__(self) -> str:
        return f"{self.request}: {self.reason[:60]}"


class OfferStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    EXPIRED = "expired", "Expired"


@audited(child=lambda offer: offer.request.child_id)
class Offer(models.Model):
    """Days held for a child until the deadline: accepted, they are booked; declined or expired, they go to
    the next child on the waiting list."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    request = models.ForeignKey(PlaceRequest, on_delete=models.PROTECT, related_name="offers")
    stay = models.OneToOneField(Stay, on_delete=models.PROTECT, related_name="offer")
    made_on = models.DateField()
    respond_by = models.DateField()
    status = models.CharField(max_length=20, choices=OfferStatus.choices, default=OfferStatus.OPEN)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-made_on"]

    def __str__(self) -> str:
        return f"Offer to {self.request.child} of {self.stay.days} from {self.stay.first_day:%d %B %Y}"


@audited(child=lambda entry: entry.child_id)
class WaitingEntry(models.Model):
    """A child waiting for days at a setting: from an allocation (with its request) or a booking refused
    because the last unit had gone. Places given back are offered to the first entry they fit."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="waiting")
    child = models.ForeignKey("people.Child", on_delete=models.PROTECT, related_name="+")
    request = models.OneToOneField(
        PlaceRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="waiting_entry"
    )
    first_day = models.DateField()
    days = models.PositiveSmallIntegerField()
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(auto_now_add=True)
    position = models.PositiveIntegerField(help_text="The order places given back are offered in.")
    offered = models.BooleanField(default=False)

    class Meta:
        ordering = ["setting", "position"]

    def __str__(self) -> str:
        return f"{self.child} waiting for {self.setting} from {self.first_day:%d %B %Y}"


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Not known"


@audited(child=lambda details: details.child_id)
class ReturnDetails(models.Model):
    """What the SSDA903 header needs that the child's record does not hold yet: sex and ethnicity (the DfE's
    codes; NOBT while not yet obtained)."""

    child = models.OneToOneField("people.Child", on_delete=models.CASCADE, related_name="return_details")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    ethnicity = models.CharField(max_length=4, default="NOBT")

    def __str__(self) -> str:
        return f"Return details for {self.child}"


class ProviderPayment(models.Model):
    """A payment the council made to a setting's provider."""

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="payments")
    paid_on = models.DateField()
    amount_pence = models.PositiveIntegerField()
    covers = models.CharField(max_length=120)

    class Meta:
        ordering = ["-paid_on"]

    def __str__(self) -> str:
        return f"{self.setting} paid {self.paid_on}"
