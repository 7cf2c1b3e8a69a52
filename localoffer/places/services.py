"""Writing places: capacity, entitlements, bookings, requests, allocation runs, offers and attendance.

No booking can put two children in one unit on one day: the partial unique index on Booking refuses it,
so concurrent requests for the last bed end with exactly one booking, and the others are told at once
(`NoPlaceLeft`, which offers the waiting list). The legal limits on short breaks in a children's home are
checked at booking under a lock on the child: no stay over 17 days, no more than 75 days in any 12 months.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.core.references import save_with_free_reference
from localoffer.core.transitions import Transitions
from localoffer.core.working_days import add_working_days
from localoffer.grants.contact import short_breaks_call
from localoffer.people.models import Child
from localoffer.places import priority as rules_of
from localoffer.places.capacity import capacity_between, days_between
from localoffer.places.models import (
    HOLDING,
    AllocationRun,
    Attendance,
    Booking,
    BookingStatus,
    CareInfo,
    Decision,
    EntitlementEntry,
    LegalBasis,
    NeedSource,
    Offer,
    OfferStatus,
    OutOfService,
    PlaceRequest,
    PriorityStatus,
    PriorityVersion,
    ProviderMembership,
    RequestStatus,
    RequestWindow,
    RosterDay,
    Setting,
    SettingKind,
    Stay,
    Unit,
    WaitingEntry,
    WindowStatus,
)

LONGEST_STAY_DAYS = 17
MOST_DAYS_IN_12_MONTHS = 75
OFFER_WORKING_DAYS = 5

OFFER_STATUSES = Transitions(
    choices=OfferStatus,
    allowed_previous={
        OfferStatus.OPEN: frozenset(),
        OfferStatus.ACCEPTED: frozenset({OfferStatus.OPEN}),
        OfferStatus.DECLINED: frozenset({OfferStatus.OPEN}),
        OfferStatus.EXPIRED: frozenset({OfferStatus.OPEN}),
    },
    noun="an offer",
)


class BookingRefused(ValidationError):
    """A booking the rules do not allow, with what to do instead."""


class NoPlaceLeft(BookingRefused):
    """Every open unit is taken on one of the days: the waiting list is the next step."""

    def __init__(self, day: dt.date, setting: Setting) -> None:
        super().__init__(
            f"There is no {setting.unit_noun} left at {setting.name} on {day:%-d %B %Y}: every open "
            f"{setting.unit_noun} is booked. You can add the child to the waiting list; places given back "
            "are offered in the waiting list's order.",
            code="no_place_left",
        )
        self.day = day
        self.setting = setting


# --- Settings and capacity ---------------------------------------------------------------------------


@transaction.atomic
def settings_load(*, settings_data: Iterable[dict[str, Any]]) -> int:
    """Create or update the council's settings and their units from its data module. Returns how many."""
    count = 0
    for data in settings_data:
        fields = {key: value for key, value in data.items() if key not in {"slug", "units"}}
        setting, created = Setting.objects.update_or_create(slug=data["slug"], defaults=fields)
        units = [
            Unit(
                setting=setting,
                order=order,
                name=unit["name"],
                ratio_staff=unit.get("ratio_staff", 1),
                ratio_children=unit.get("ratio_children", 1),
            )
            for order, unit in enumerate(data["units"], start=1)
        ]
        if created:
            Unit.objects.bulk_create(units)
        else:
            for unit in units:
                Unit.objects.update_or_create(
                    setting=setting,
                    order=unit.order,
                    defaults={
                        "name": unit.name,
                        "ratio_staff": unit.ratio_staff,
                        "ratio_children": unit.ratio_children,
                    },
                )
            Unit.objects.filter(setting=setting, order__gt=len(units), bookings__isnull=True).delete()
        count += 1
    return count


@transaction.atomic
def roster_set(*, setting: Setting, day: dt.date, staff_on_shift: int, by: User | None) -> RosterDay:
    entry, _ = RosterDay.objects.update_or_create(
        setting=setting, day=day, defaults={"staff_on_shift": staff_on_shift, "recorded_by": by}
    )
    audit_record(action=Action.CHANGE, obj=entry, changed_fields=["staff_on_shift"], actor=by)
    return entry


@transaction.atomic
def roster_fill(
    *, setting: Setting, first: dt.date, last: dt.date, staff_on_shift: int, by: User | None
) -> int:
    """The same number of staff on every opening day from `first` to `last`."""
    if last < first:
        raise ValidationError("The last day must be the same as or after the first day.", code="dates")
    days = [day for day in days_between(first, last) if day.weekday() in setting.open_weekdays]
    for day in days:
        RosterDay.objects.update_or_create(
            setting=setting, day=day, defaults={"staff_on_shift": staff_on_shift, "recorded_by": by}
        )
    if by is not None:
        audit_record(
            action=Action.CHANGE,
            obj=setting,
            changed_fields=["roster"],
            detail=f"{staff_on_shift} staff on shift on {len(days)} opening days from {first} to {last}",
            actor=by,
        )
    return len(days)


@transaction.atomic
def out_of_service_record(
    *, setting: Setting, unit: Unit | None, starts_on: dt.date, ends_on: dt.date, reason: str, by: User | None
) -> OutOfService:
    if not reason.strip():
        raise ValidationError("Say why it is out of service.", code="reason")
    if unit is not None and unit.setting_id != setting.pk:
        raise ValidationError(f"{unit.name} is not at {setting.name}.", code="unit")
    period = OutOfService(
        setting=setting,
        unit=unit,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason.strip(),
        recorded_by=by,
    )
    period.full_clean()
    period.save()
    audit_record(action=Action.CREATE, obj=period, actor=by)
    return period


@transaction.atomic
def provider_membership_set(*, user: User, setting: Setting) -> ProviderMembership:
    membership, _ = ProviderMembership.objects.update_or_create(user=user, defaults={"setting": setting})
    return membership


@transaction.atomic
def care_info_set(*, child: Child, by: User | None, **fields: str) -> CareInfo:
    info, _ = CareInfo.objects.get_or_create(child=child)
    for name in ("medication", "communication", "personal_care", "who_collects"):
        if name in fields:
            setattr(info, name, fields[name].strip())
    info.updated_by = by
    info.save()
    audit_record(action=Action.CHANGE, obj=info, changed_fields=sorted(fields), actor=by)
    return info


# --- Entitlement ----------------------------------------------------------------------------------------


def year_of(day: dt.date) -> int:
    """The year an April-to-March year starts in."""
    return day.year if day.month >= 4 else day.year - 1


def entitlement_balance(*, child: Child, setting: Setting, year: int) -> int:
    total = EntitlementEntry.objects.filter(child=child, setting=setting, year=year).aggregate(
        total=Sum("nights")
    )
    return int(total["total"] or 0)


@transaction.atomic
def entitlement_grant(
    *, child: Child, setting: Setting, year: int, by: User | None, nights: int | None = None, reason: str = ""
) -> EntitlementEntry:
    """A year's nights for a child: the setting's standard (Parklands: 24) unless another number is given."""
    granted = nights if nights is not None else setting.nights_a_year
    if not granted:
        raise ValidationError(f"{setting.name} does not ration nights by child.", code="no_entitlement")
    return EntitlementEntry.objects.create(
        child=child,
        setting=setting,
        year=year,
        nights=granted,
        reason=reason or f"{granted} nights for {year} to {year + 1}",
        recorded_by=by,
    )


# --- Bookings ---------------------------------------------------------------------------------------------


def _check_limits(
    *, child: Child, setting: Setting, days: list[dt.date], ignore_stay: Stay | None = None
) -> None:
    """The law on short breaks in a children's home (Children's Homes Regulations 2015 reg 52; Care Planning
    Regulations 2010 reg 48): no single stay over 17 days and no more than 75 days in any 12 months."""
    first, last = days[0], days[-1]
    taken = Booking.objects.filter(
        child=child, status__in=HOLDING, stay__setting__kind=SettingKind.OVERNIGHT
    ).filter(day__gte=first - dt.timedelta(days=365), day__lte=last + dt.timedelta(days=365))
    if ignore_stay is not None:
        taken = taken.exclude(stay=ignore_stay)
    nights = set(taken.values_list("day", flat=True))
    if nights & set(days):
        raise BookingRefused(f"{child} is already booked on one of these nights.", code="already_booked")
    # The stay this makes, with any stay ending the night before or starting the night after.
    start, end = first, last
    while start - dt.timedelta(days=1) in nights:
        start -= dt.timedelta(days=1)
    while end + dt.timedelta(days=1) in nights:
        end += dt.timedelta(days=1)
    length = (end - start).days + 1
    if length > LONGEST_STAY_DAYS:
        raise BookingRefused(
            f"A single stay can be at most {LONGEST_STAY_DAYS} days; this would make a stay of {length} days "
            f"from {start:%-d %B %Y}. Book at most {LONGEST_STAY_DAYS} days, with the child home in between.",
            code="stay_too_long",
        )
    every = sorted(nights | set(days))
    for day in days:
        # Every 12-month period (365 days) that holds this night.
        for window_start in (day - dt.timedelta(days=364), day):
            window_end = window_start + dt.timedelta(days=364)
            count = sum(1 for night in every if window_start <= night <= window_end)
            if count > MOST_DAYS_IN_12_MONTHS:
                raise BookingRefused(
                    f"A child can have at most {MOST_DAYS_IN_12_MONTHS} days of short breaks in any 12 months; "
                    f"this would make {count} between {window_start:%-d %B %Y} and {window_end:%-d %B %Y}.",
                    code="too_many_days",
                )


def _check_entitlement(*, child: Child, setting: Setting, days: list[dt.date]) -> None:
    if not setting.nights_a_year:
        return
    by_year: dict[int, int] = {}
    for day in days:
        by_year[year_of(day)] = by_year.get(year_of(day), 0) + 1
    for year, wanted in by_year.items():
        left = entitlement_balance(child=child, setting=setting, year=year)
        if wanted > left:
            raise BookingRefused(
                f"{child} has {left} of their nights left at {setting.name} for April {year} to March "
                f"{year + 1}, and this asks for {wanted}. Book fewer nights, or record more nights for the "
                "child first.",
                code="no_entitlement_left",
            )


def _free_units(setting: Setting, days: list[dt.date]) -> dict[dt.date, list[Unit]]:
    capacity = capacity_between(setting, days[0], days[-1])
    taken: dict[dt.date, set[int]] = {day: set() for day in days}
    for day, unit_id in Booking.objects.filter(
        unit__setting=setting, day__in=days, status__in=HOLDING
    ).values_list("day", "unit_id"):
        taken[day].add(unit_id)
    return {day: [unit for unit in capacity[day].open_units if unit.id not in taken[day]] for day in days}


def _book_days(
    *, stay: Stay, child: Child, setting: Setting, days: list[dt.date], status: str, attempts: int = 50
) -> list[Booking]:
    """Insert one booking a day, each in a unit open and free that day, the same unit throughout if one is.
    A concurrent writer taking the unit first makes the insert fail on the unique index; the days are then
    looked at again, and when nothing is free the child is told at once."""
    for _ in range(attempts):
        free = _free_units(setting, days)
        for day in days:
            if not free[day]:
                raise NoPlaceLeft(day, setting)
        common = set.intersection(*({unit.id for unit in units} for units in free.values()))
        chosen = {
            day: next(unit for unit in units if unit.id in common) if common else units[0]
            for day, units in free.items()
        }
        try:
            with transaction.atomic():
                return [
                    Booking.objects.create(stay=stay, unit=chosen[day], child=child, day=day, status=status)
                    for day in days
                ]
        except IntegrityError:
            if Booking.objects.filter(child=child, day__in=days, status__in=HOLDING).exists():
                raise BookingRefused(
                    f"{child} is already booked on one of these days.", code="already_booked"
                ) from None
            continue
    raise NoPlaceLeft(days[0], setting)


@transaction.atomic
def stay_book(
    *,
    child: Child,
    setting: Setting,
    first_day: dt.date,
    days: int,
    by: User | None,
    status: str = BookingStatus.BOOKED,
    legal_basis: str = LegalBasis.SECTION_20_V3,
) -> Stay:
    """Book `days` consecutive nights (or sessions) for a child. Refuses, with the reason and what to do,
    a child outside the setting's ages, a stay or year over the legal limits, nights beyond the child's
    entitlement, and a day with no unit left (`NoPlaceLeft`: offer the waiting list)."""
    if days < 1:
        raise BookingRefused("Book at least one day.", code="days")
    wanted = days_between(first_day, first_day + dt.timedelta(days=days - 1))
    age = child.age_on(first_day)
    if not setting.minimum_age <= age <= setting.maximum_age:
        raise BookingRefused(
            f"{setting.name} is for children aged {setting.minimum_age} to {setting.maximum_age}; {child} will "
            f"be {age}.",
            code="age",
        )
    Child.objects.select_for_update().filter(pk=child.pk).first()  # one child's bookings one at a time
    if setting.is_overnight:
        _check_limits(child=child, setting=setting, days=wanted)
    _check_entitlement(child=child, setting=setting, days=wanted)
    stay = Stay.objects.create(
        child=child,
        setting=setting,
        first_day=wanted[0],
        last_day=wanted[-1],
        status=status,
        legal_basis=legal_basis if setting.is_overnight else LegalBasis.SECTION_17,
        created_by=by,
    )
    bookings = _book_days(stay=stay, child=child, setting=setting, days=wanted, status=status)
    if setting.nights_a_year:
        for booking in bookings:
            EntitlementEntry.objects.create(
                child=child,
                setting=setting,
                year=year_of(booking.day),
                nights=-1,
                reason=f"{setting.day_noun.capitalize()} of {booking.day:%-d %B %Y} booked",
                booking=booking,
                recorded_by=by,
            )
    audit_record(action=Action.CREATE, obj=stay, actor=by)
    return stay


def _release(*, stay: Stay, status: str, by: User | None, refund: bool) -> None:
    bookings = list(stay.bookings.filter(status__in=HOLDING))
    Booking.objects.filter(pk__in=[booking.pk for booking in bookings]).update(status=status)
    stay.status = status
    stay.save(update_fields=["status"])
    if refund and stay.setting.nights_a_year:
        for booking in bookings:
            EntitlementEntry.objects.create(
                child=stay.child,
                setting=stay.setting,
                year=year_of(booking.day),
                nights=1,
                reason=f"{stay.setting.day_noun.capitalize()} of {booking.day:%-d %B %Y} given back",
                booking=booking,
                recorded_by=by,
            )


@transaction.atomic
def stay_cancel(*, stay: Stay, by: User | None, today: dt.date) -> bool:
    """Cancel a booked stay. With less notice than the setting asks, the cancellation is late: the nights
    still count as used and the provider is paid. Returns whether it was late. The days go to the waiting list."""
    stay = Stay.objects.select_for_update().get(pk=stay.pk)
    if stay.status != BookingStatus.BOOKED:
        raise BookingRefused("Only a booked stay can be cancelled.", code="not_booked")
    late = (stay.first_day - today).days < stay.setting.notice_days
    if late:
        stay.bookings.filter(status=BookingStatus.BOOKED).update(
            cancelled_late=True, attendance=Attendance.CANCELLED_LATE
        )
    _release(stay=stay, status=BookingStatus.CANCELLED, by=by, refund=not late)
    audit_record(action=Action.CHANGE, obj=stay, changed_fields=["status"], detail="cancelled", actor=by)
    _offer_given_back(setting=stay.setting, by=by, today=today)
    return late


@transaction.atomic
def waiting_join(
    *,
    child: Child,
    setting: Setting,
    first_day: dt.date,
    days: int,
    by: User,
    request: PlaceRequest | None = None,
) -> WaitingEntry:
    last = WaitingEntry.objects.filter(setting=setting).aggregate(last=Max("position"))["last"] or 0
    entry = WaitingEntry.objects.create(
        setting=setting,
        child=child,
        request=request,
        first_day=first_day,
        days=days,
        added_by=by,
        position=last + 1,
    )
    audit_record(action=Action.CREATE, obj=entry, actor=by)
    return entry


@transaction.atomic
def attendance_record(*, booking: Booking, attendance: str, reason: str, by: User) -> Booking:
    if attendance not in Attendance.values:
        raise ValidationError("Choose what happened.", code="attendance")
    if attendance != Attendance.DELIVERED and not reason.strip():
        raise ValidationError("Say why, in a few words.", code="reason")
    booking = Booking.objects.select_for_update().get(pk=booking.pk)
    booking.attendance, booking.attendance_reason, booking.attendance_by = attendance, reason.strip(), by
    booking.save(update_fields=["attendance", "attendance_reason", "attendance_by"])
    audit_record(action=Action.CHANGE, obj=booking, changed_fields=["attendance"], actor=by)
    return booking


@transaction.atomic
def stay_arrival_record(*, stay: Stay, by: User, arrived: bool, at: dt.datetime | None = None) -> Stay:
    """Record that the child arrived for the stay, or went home. Each is recorded once; a departure needs
    the arrival first, and only a booked stay has either."""
    stay = Stay.objects.select_for_update().select_related("child").get(pk=stay.pk)
    name = stay.child.first_name
    if stay.status != BookingStatus.BOOKED:
        raise ValidationError(
            f"{name}'s stay is not booked, so there is no arrival to record.", code="status"
        )
    if arrived and stay.arrived_at is not None:
        raise ValidationError(
            f"{name}'s arrival is already recorded: {timezone.localtime(stay.arrived_at):%-d %B %Y at %H:%M}.",
            code="arrived",
        )
    if not arrived and stay.arrived_at is None:
        raise ValidationError(f"Record {name}'s arrival before their departure.", code="not_arrived")
    if not arrived and stay.departed_at is not None:
        raise ValidationError(
            f"{name}'s departure is already recorded: "
            f"{timezone.localtime(stay.departed_at):%-d %B %Y at %H:%M}.",
            code="departed",
        )
    field = "arrived_at" if arrived else "departed_at"
    setattr(stay, field, at or timezone.now())
    stay.save(update_fields=[field])
    audit_record(action=Action.CHANGE, obj=stay, changed_fields=[field], actor=by)
    return stay


# --- Requests and allocation --------------------------------------------------------------------------


@transaction.atomic
def window_create(
    *,
    setting: Setting,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    first_day: dt.date,
    last_day: dt.date,
    by: User | None = None,
) -> RequestWindow:
    """Open a window for requests: families and workers may ask from `opens_on` to `closes_on` for days from
    `first_day` to `last_day`. Requests close before the first day, so the allocation can be run first."""
    if closes_on >= first_day:
        raise ValidationError(
            "Requests must close before the first day the window covers, so places can be given first.",
            code="closes_late",
        )
    window = RequestWindow(
        setting=setting,
        title=title.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
        first_day=first_day,
        last_day=last_day,
    )
    window.full_clean()
    window.save()
    if by is not None:
        audit_record(action=Action.CREATE, obj=window, actor=by)
    return window


NEED_FIELDS = ("need_level", "carer_strain", "breakdown_risk")


@dataclass(frozen=True)
class FoundNeed:
    """What the priority weighs for a child, and where it came from (a NeedSource). `assessment` is the
    child's latest authorised child and family assessment, if any. `on_assessment` says the assessment itself
    records the three values, so nobody is asked them again; an assessment recorded before it asked them has
    its worker record them on the first request after it is authorised, and later requests take them from
    there."""

    source: str
    values: dict[str, Any] = field(default_factory=dict)
    assessment: Any = None
    on_assessment: bool = False


def latest_authorised_assessment(child: Child) -> Any:
    from localoffer.casework.models import Assessment, AssessmentKind, AssessmentStatus

    return (
        Assessment.objects.filter(
            child=child, kind=AssessmentKind.CHILD_AND_FAMILY, status=AssessmentStatus.AUTHORISED
        )
        .order_by("-authorised_on", "-created_at")
        .first()
    )


def need_for(child: Child) -> FoundNeed:
    """The level of need, carer strain and risk of breakdown for a request: from the child's latest authorised
    child and family assessment, as it records them; for an assessment recorded before it asked them, as its
    worker recorded them from it on an earlier request; else from the latest evaluated short breaks grant
    case; else nothing (the family tells us, and the child's worker checks)."""
    assessment = latest_authorised_assessment(child)
    if assessment is not None:
        recorded = {name: getattr(assessment, name) for name in NEED_FIELDS}
        if all(value not in (None, "") for value in recorded.values()):
            return FoundNeed(NeedSource.ASSESSMENT, recorded, assessment, on_assessment=True)
        earlier = (
            PlaceRequest.objects.filter(child=child, assessment=assessment, need_source=NeedSource.ASSESSMENT)
            .order_by("-created_at")
            .first()
        )
        if earlier is not None:
            return FoundNeed(
                NeedSource.ASSESSMENT, {name: getattr(earlier, name) for name in NEED_FIELDS}, assessment
            )
    found = need_from_grant(child)
    if found:
        return FoundNeed(NeedSource.GRANT, found, assessment)
    return FoundNeed(NeedSource.FAMILY, {}, assessment)


def need_from_grant(child: Child) -> dict[str, Any]:
    """The level of need and risk of breakdown from the child's latest evaluated short breaks grant case, and
    the family's impact as carer strain. Empty if there is none."""
    from localoffer.grants.models import GrantCase

    case = (
        GrantCase.objects.filter(child=child)
        .exclude(chosen_level__isnull=True, recommended_level__isnull=True)
        .order_by("-received_on")
        .first()
    )
    if case is None:
        return {}
    strain = {"little": "low", "moderate": "moderate", "significant": "high"}.get(case.impact, "")
    found: dict[str, Any] = {"need_level": case.chosen_level or case.recommended_level}
    if strain:
        found["carer_strain"] = strain
    if case.breakdown_risk:
        found["breakdown_risk"] = case.breakdown_risk
    if case.lives_in_medway is not None:
        found["lives_in_medway"] = case.lives_in_medway
    return found


@transaction.atomic
def place_request_create(
    *,
    window: RequestWindow,
    child: Child,
    by: User,
    first_day: dt.date,
    days: int,
    need_level: int,
    carer_strain: str,
    breakdown_risk: str,
    need_source: str,
    lives_in_medway: bool,
    today: dt.date,
    flexible: bool = False,
    preferences: str = "",
    last_break_on: dt.date | None = None,
    has_other_support: bool = False,
    needs_one_to_one: bool = False,
    not_with: Iterable[Child] = (),
    assessment: Any = None,
) -> PlaceRequest:
    if window.status != WindowStatus.OPEN or not window.opens_on <= today <= window.closes_on:
        raise ValidationError(f"Requests for {window.title} are not open.", code="window_closed")
    last = first_day + dt.timedelta(days=days - 1)
    if first_day < window.first_day or last > window.last_day:
        raise ValidationError(
            f"Ask for days between {window.first_day:%-d %B %Y} and {window.last_day:%-d %B %Y}.", code="days"
        )
    if PlaceRequest.objects.filter(window=window, child=child).exists():
        raise ValidationError(f"{child} already has a request for {window.title}.", code="duplicate")
    request = PlaceRequest(
        window=window,
        child=child,
        requested_by=by,
        first_day=first_day,
        days=days,
        flexible=flexible,
        preferences=preferences.strip(),
        need_level=need_level,
        carer_strain=carer_strain,
        breakdown_risk=breakdown_risk,
        need_source=need_source,
        assessment=assessment,
        lives_in_medway=lives_in_medway,
        last_break_on=last_break_on,
        has_other_support=has_other_support,
        needs_one_to_one=needs_one_to_one,
    )
    save_with_free_reference(
        request,
        prefix="PLC",
        taken=lambda candidate: PlaceRequest.objects.filter(reference=candidate).exists(),
    )
    if not_with:
        request.not_with.set(list(not_with))
    audit_record(action=Action.CREATE, obj=request, actor=by)
    return request


def rules_for(version: PriorityVersion) -> rules_of.Rules:
    return rules_of.Rules(
        points=version.points,
        band_width=version.band_width,
        medway_first=version.medway_first,
        label=str(version),
    )


def asked_from(request: PlaceRequest) -> rules_of.Asked:
    return rules_of.Asked(
        key=request.reference,
        child=str(request.child_id),
        first_day=request.first_day,
        days=request.days,
        need_level=request.need_level,
        carer_strain=request.carer_strain,
        breakdown_risk=request.breakdown_risk,
        lives_in_medway=request.lives_in_medway,
        last_break_on=request.last_break_on,
        has_other_support=request.has_other_support,
        flexible=request.flexible,
        needs_one_to_one=request.needs_one_to_one,
        not_with=frozenset(str(pk) for pk in request.not_with.values_list("pk", flat=True)),
    )


def window_capacity(window: RequestWindow) -> dict[dt.date, int]:
    """The places free on each day of the window: open units less those already booked outside it."""
    days = days_between(window.first_day, window.last_day)
    free = _free_units(window.setting, days)
    return {
        day: len(units)
        for day, units in free.items()
        if units or day.weekday() in window.setting.open_weekdays
    }


def new_seed() -> str:
    return f"{secrets.randbelow(10**8):08d}"


@transaction.atomic
def allocation_run(
    *,
    window: RequestWindow,
    priority: PriorityVersion,
    by: User,
    today: dt.date,
    seed: str = "",
    whatif: bool = False,
) -> AllocationRun:
    """Run the allocation and keep every decision with its reason. A what-if may use a draft priority; a run
    to publish needs the published one. The same requests, capacity, priority and seed give the same run."""
    if not whatif and priority.status != PriorityStatus.PUBLISHED:
        raise ValidationError(
            "Only a published priority can be used for an allocation to publish.", code="draft"
        )
    if window.status == WindowStatus.PUBLISHED:
        raise ValidationError(f"The allocation for {window.title} is already published.", code="published")
    requests = list(
        PlaceRequest.objects.filter(window=window, status=RequestStatus.REQUESTED).prefetch_related(
            "not_with"
        )
    )
    seed = seed or new_seed()
    outcomes = rules_of.allocate(
        [asked_from(request) for request in requests],
        capacity=window_capacity(window),
        rules=rules_for(priority),
        seed=seed,
        today=today,
        overnight=window.setting.is_overnight,
        day_noun=window.setting.day_noun,
    )
    run = AllocationRun.objects.create(
        window=window,
        priority=priority,
        seed=seed,
        is_whatif=whatif,
        run_by=by,
        fingerprint=rules_of.fingerprint(outcomes),
    )
    by_reference = {request.reference: request for request in requests}
    Decision.objects.bulk_create(
        [
            Decision(
                run=run,
                request=by_reference[outcome.key],
                points=outcome.points,
                band=outcome.band,
                lottery=outcome.lottery,
                position=outcome.position,
                offered_first_day=outcome.first_day,
                offered_days=outcome.days,
                waiting_position=outcome.waiting_position,
                reason=outcome.reason,
            )
            for outcome in outcomes
        ]
    )
    return run


@transaction.atomic
def allocation_publish(*, run: AllocationRun, by: User, today: dt.date) -> int:
    """Publish a run: hold each offered stay for its child until the deadline (5 working days), put the rest
    on the waiting list in the run's order, and close the window. Returns how many offers were made."""
    run = AllocationRun.objects.select_for_update().get(pk=run.pk)
    window = RequestWindow.objects.select_for_update().get(pk=run.window_id)
    if run.is_whatif:
        raise ValidationError("A what-if is never published: run the allocation with the published priority.")
    if window.status == WindowStatus.PUBLISHED:
        raise ValidationError(f"The allocation for {window.title} is already published.", code="published")
    made = 0
    for decision in run.decisions.select_related("request__child").order_by("position"):
        request = decision.request
        if decision.offered_first_day is None:
            request.status = RequestStatus.WAITING
            request.save(update_fields=["status"])
            waiting_join(
                child=request.child,
                setting=window.setting,
                first_day=request.first_day,
                days=request.days,
                by=by,
                request=request,
            )
            continue
        try:
            with transaction.atomic():
                _offer_make(
                    request=request,
                    setting=window.setting,
                    first_day=decision.offered_first_day,
                    days=decision.offered_days,
                    by=by,
                    today=today,
                )
            made += 1
        except BookingRefused as refused:
            decision.reason += f" The offer could not be held: {' '.join(refused.messages)}"
            decision.save(update_fields=["reason"])
            request.status = RequestStatus.WAITING
            request.save(update_fields=["status"])
    run.published_at = timezone.now()
    run.save(update_fields=["published_at"])
    window.status = WindowStatus.PUBLISHED
    window.save(update_fields=["status"])
    audit_record(action=Action.CHANGE, obj=run, changed_fields=["published_at"], actor=by)
    return made


def _offer_make(
    *, request: PlaceRequest, setting: Setting, first_day: dt.date, days: int, by: User | None, today: dt.date
) -> Offer:
    stay = stay_book(
        child=request.child, setting=setting, first_day=first_day, days=days, by=by, status=BookingStatus.HELD
    )
    offer = Offer.objects.create(
        request=request, stay=stay, made_on=today, respond_by=add_working_days(today, OFFER_WORKING_DAYS)
    )
    request.status = RequestStatus.OFFERED
    request.save(update_fields=["status"])
    return offer


@transaction.atomic
def offer_answer(*, offer: Offer, accept: bool, by: User, today: dt.date) -> Offer:
    """The family (or worker) accepts or declines. Declined days are offered to the waiting list."""
    offer = Offer.objects.select_for_update().select_related("stay__setting", "request").get(pk=offer.pk)
    new = OfferStatus.ACCEPTED if accept else OfferStatus.DECLINED
    if offer.status == OfferStatus.OPEN and today > offer.respond_by:
        raise ValidationError(
            f"This offer ended on {offer.respond_by:%-d %B %Y}. You can {short_breaks_call()}.",
            code="expired",
        )
    OFFER_STATUSES.check(current=offer.status, new=new)
    offer.status, offer.answered_by, offer.answered_at = new, by, timezone.now()
    offer.save(update_fields=["status", "answered_by", "answered_at"])
    if accept:
        offer.stay.bookings.filter(status=BookingStatus.HELD).update(status=BookingStatus.BOOKED)
        offer.stay.status = BookingStatus.BOOKED
        offer.stay.save(update_fields=["status"])
        offer.request.status = RequestStatus.ACCEPTED
    else:
        _release(stay=offer.stay, status=BookingStatus.RELEASED, by=by, refund=True)
        offer.request.status = RequestStatus.DECLINED
    offer.request.save(update_fields=["status"])
    audit_record(action=Action.CHANGE, obj=offer, changed_fields=["status"], actor=by)
    if not accept:
        _offer_given_back(setting=offer.stay.setting, by=by, today=today)
    return offer


@transaction.atomic
def offers_expire(*, today: dt.date, by: User | None = None) -> int:
    """Offers past their deadline lapse and their days go to the waiting list."""
    expired = 0
    for offer in Offer.objects.select_for_update().filter(status=OfferStatus.OPEN, respond_by__lt=today):
        offer.status = OfferStatus.EXPIRED
        offer.save(update_fields=["status"])
        _release(stay=offer.stay, status=BookingStatus.RELEASED, by=by, refund=True)
        offer.request.status = RequestStatus.EXPIRED
        offer.request.save(update_fields=["status"])
        _offer_given_back(setting=offer.stay.setting, by=by, today=today)
        expired += 1
    return expired


def _offer_given_back(*, setting: Setting, by: User | None, today: dt.date) -> list[Offer]:
    """Places given back go to the waiting list in its order: each entry whose days now fit gets an offer."""
    made = []
    for entry in WaitingEntry.objects.filter(
        setting=setting, offered=False, first_day__gte=today
    ).select_related("request", "child"):
        if entry.request is None:
            continue  # a family waiting outside a window is called by the team, who book with them
        try:
            with transaction.atomic():
                made.append(
                    _offer_make(
                        request=entry.request,
                        setting=setting,
                        first_day=entry.first_day,
                        days=entry.days,
                        by=by,
                        today=today,
                    )
                )
                entry.offered = True
                entry.save(update_fields=["offered"])
        except BookingRefused:
            continue
    return made


@transaction.atomic
def priority_publish(*, version: PriorityVersion, by: User) -> PriorityVersion:
    version = PriorityVersion.objects.select_for_update().get(pk=version.pk)
    version.status, version.published_at = PriorityStatus.PUBLISHED, timezone.now()
    version.save(update_fields=["status", "published_at"])
    audit_record(action=Action.CHANGE, obj=version, changed_fields=["status"], actor=by)
    return version


@transaction.atomic
def priorities_load(*, versions: Iterable[dict[str, Any]]) -> int:
    count = 0
    for data in versions:
        PriorityVersion.objects.update_or_create(
            number=data["number"],
            defaults={
                "title": data["title"],
                "points": data["points"],
                "band_width": data["band_width"],
                "medway_first": data["medway_first"],
                "status": data["status"],
                "published_at": timezone.now() if data["status"] == PriorityStatus.PUBLISHED else None,
            },
        )
        count += 1
    return count
