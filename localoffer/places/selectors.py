"""Reading places, scoped to the person asking; reads of a child's places are audited."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet, Sum
from django.http import Http404

from localoffer.audit.models import Action
from localoffer.audit.services import audit_record
from localoffer.people.access import children_visible_to
from localoffer.people.models import Child
from localoffer.places.access import may_answer_offer
from localoffer.places.capacity import capacity_between, days_between, staffed_units
from localoffer.places.models import (
    HOLDING,
    PAID_ATTENDANCE,
    AllocationRun,
    Booking,
    BookingStatus,
    CareInfo,
    Decision,
    Offer,
    OutOfService,
    PlaceRequest,
    PriorityStatus,
    PriorityVersion,
    ProviderPayment,
    RequestWindow,
    Setting,
    Stay,
    Unit,
    WindowStatus,
)


def settings_all() -> QuerySet[Setting]:
    return Setting.objects.all()


def published_priority() -> PriorityVersion | None:
    return PriorityVersion.objects.filter(status=PriorityStatus.PUBLISHED).order_by("-number").first()


def priorities() -> QuerySet[PriorityVersion]:
    return PriorityVersion.objects.all()


def open_windows(*, today: dt.date) -> QuerySet[RequestWindow]:
    return RequestWindow.objects.filter(
        status=WindowStatus.OPEN, opens_on__lte=today, closes_on__gte=today
    ).select_related("setting")


def setting_get(*, slug: str) -> Setting:
    setting = Setting.objects.filter(slug=slug).first()
    if setting is None:
        raise Http404("No such setting")
    return setting


def units_of(*, setting: Setting) -> list[Unit]:
    return list(setting.units.order_by("order"))


def out_of_service_between(*, setting: Setting, first: dt.date, last: dt.date) -> list[OutOfService]:
    return list(
        OutOfService.objects.filter(setting=setting, starts_on__lte=last, ends_on__gte=first)
        .select_related("unit", "recorded_by")
        .order_by("starts_on", "unit__order")
    )


def windows_all() -> QuerySet[RequestWindow]:
    return RequestWindow.objects.select_related("setting").order_by("-first_day")


def window_get(*, window_id: uuid.UUID) -> RequestWindow:
    window = RequestWindow.objects.select_related("setting").filter(pk=window_id).first()
    if window is None:
        raise Http404("No such request window")
    return window


def window_requests(*, window: RequestWindow, by: Any) -> list[PlaceRequest]:
    requests = list(window.requests.select_related("child").order_by("created_at"))
    audit_record(
        action=Action.SEARCH, object_type="places.placerequest", detail=f"requests for {window}", actor=by
    )
    return requests


def children_to_ask_for(*, user: Any) -> QuerySet[Child]:
    return children_visible_to(user)


@dataclass
class ChildPlaces:
    requests: list[PlaceRequest]
    windows: list[RequestWindow]


def child_places(*, child: Child, user: Any, today: dt.date) -> ChildPlaces:
    """One child's places requests, for the child's record page (already opened through the access decision),
    and the windows open now that someone who may ask for places can ask in. Each request read is audited."""
    requests = list(  # through the child, so that each request's child is this one (audit_record names it)
        child.place_requests.select_related("window__setting", "assessment").order_by("-created_at")
    )
    for request in requests:
        audit_record(action=Action.VIEW, obj=request, detail="on the child's record", actor=user)
    asked = {request.window_id for request in requests}
    windows = [window for window in open_windows(today=today) if window.id not in asked]
    return ChildPlaces(requests, windows)


@dataclass
class RequestView:
    request: PlaceRequest
    decision: Decision | None
    offers: list[Offer]


def requests_for(*, user: Any) -> list[RequestView]:
    """The requests and offers of the children `user` may see, each with its published decision."""
    children = children_visible_to(user)
    requests = list(
        PlaceRequest.objects.filter(child__in=children)
        .select_related("child", "window__setting")
        .prefetch_related("offers__stay")
        .order_by("-created_at")
    )
    decisions = {
        decision.request_id: decision
        for decision in Decision.objects.filter(
            request__in=requests, run__published_at__isnull=False
        ).select_related("run")
    }
    for request in requests:
        audit_record(action=Action.VIEW, obj=request, detail="their places requests", actor=user)
    return [
        RequestView(request, decisions.get(request.id), sorted(request.offers.all(), key=lambda o: o.made_on))
        for request in requests
    ]


def offer_get(*, user: Any, offer_id: uuid.UUID) -> Offer:
    offer = (
        Offer.objects.select_related("request__child", "stay__setting", "request__window")
        .filter(pk=offer_id)
        .first()
    )
    if offer is None:
        raise Http404("No such offer")
    if not may_answer_offer(user, offer):
        audit_record(action=Action.VIEW_DENIED, obj=offer, detail="not their child", actor=user)
        raise PermissionDenied
    audit_record(action=Action.VIEW, obj=offer, actor=user)
    return offer


def run_get(*, run_id: uuid.UUID, by: Any) -> AllocationRun:
    run = (
        AllocationRun.objects.select_related("window__setting", "priority", "run_by")
        .filter(pk=run_id)
        .first()
    )
    if run is None:
        raise Http404("No such allocation run")
    audit_record(action=Action.VIEW, obj=run, actor=by)
    return run


@dataclass
class RunRow:
    decision: Decision
    compared: Decision | None = None

    @property
    def changed(self) -> bool:
        return self.compared is not None and (
            self.compared.offered_first_day != self.decision.offered_first_day
            or self.compared.offered_days != self.decision.offered_days
        )


def run_rows(*, run: AllocationRun) -> tuple[list[RunRow], AllocationRun | None]:
    """A run's decisions in order and, for a what-if, the latest run under the published priority beside it."""
    decisions = list(run.decisions.select_related("request__child").order_by("position"))
    compared_run = None
    if run.is_whatif:
        compared_run = (
            AllocationRun.objects.filter(window=run.window, is_whatif=False)
            .exclude(pk=run.pk)
            .order_by("-run_at")
            .first()
        )
    compared = (
        {decision.request_id: decision for decision in compared_run.decisions.all()} if compared_run else {}
    )
    return [RunRow(decision, compared.get(decision.request_id)) for decision in decisions], compared_run


def window_runs(*, window: RequestWindow) -> QuerySet[AllocationRun]:
    return window.runs.select_related("priority").order_by("-run_at")


# --- The provider's own setting ---------------------------------------------------------------------


@dataclass
class CalendarDay:
    day: dt.date
    open_units: int
    in_service: int
    staff: int
    booked: int
    closed_reason: str
    units_out: list[str] = field(default_factory=list)  # "Bed 1: broken hoist"


def setting_calendar(*, setting: Setting, first: dt.date, last: dt.date) -> list[CalendarDay]:
    capacity = capacity_between(setting, first, last)
    booked: dict[dt.date, int] = defaultdict(int)
    for day in Booking.objects.filter(
        unit__setting=setting, day__gte=first, day__lte=last, status__in=HOLDING
    ).values_list("day", flat=True):
        booked[day] += 1
    units_out: dict[dt.date, list[str]] = defaultdict(list)
    for period in out_of_service_between(setting=setting, first=first, last=last):
        if period.unit is not None:
            for day in days_between(max(period.starts_on, first), min(period.ends_on, last)):
                units_out[day].append(f"{period.unit.name} out of service: {period.reason}")
    return [
        CalendarDay(
            day,
            cap.open_count,
            len(cap.in_service),
            cap.staff_on_shift,
            booked[day],
            cap.closed_reason,
            units_out[day] if not cap.closed_reason or cap.in_service else [],
        )
        for day, cap in capacity.items()
    ]


@dataclass
class BookedChild:
    booking: Booking
    care: CareInfo | None


def setting_day(*, user: Any, setting: Setting, day: dt.date) -> list[BookedChild]:
    """The children booked at the provider's own setting on a day, with the care information staff need.
    Each child's information read is audited."""
    bookings = list(
        Booking.objects.filter(unit__setting=setting, day=day, status=BookingStatus.BOOKED)
        .select_related("child", "unit", "stay")
        .order_by("unit__order")
    )
    care = {info.child_id: info for info in CareInfo.objects.filter(child__in=[b.child_id for b in bookings])}
    for booking in bookings:
        audit_record(action=Action.VIEW, obj=booking, detail=f"booked at {setting} on {day}", actor=user)
    return [BookedChild(booking, care.get(booking.child_id)) for booking in bookings]


def booking_at_setting(*, setting: Setting, booking_id: uuid.UUID) -> Booking:
    booking = (
        Booking.objects.select_related("stay", "child").filter(pk=booking_id, unit__setting=setting).first()
    )
    if booking is None:
        raise Http404("No such booking at your setting")
    return booking


def stay_at_setting(*, setting: Setting, stay_id: uuid.UUID) -> Stay:
    stay = Stay.objects.select_related("child").filter(pk=stay_id, setting=setting).first()
    if stay is None:
        raise Http404("No such stay at your setting")
    return stay


@dataclass
class MoneyMonth:
    month: dt.date
    delivered: int
    chargeable: int
    owed_pence: int


@dataclass
class Money:
    months: list[MoneyMonth]
    owed_pence: int
    paid_pence: int
    payments: list[ProviderPayment] = field(default_factory=list)

    @property
    def outstanding_pence(self) -> int:
        return self.owed_pence - self.paid_pence


def setting_money(*, setting: Setting) -> Money:
    """What the council owes the setting's provider (each night or session delivered, missed, or cancelled
    late, at the setting's price) and what it has paid."""
    months: dict[dt.date, MoneyMonth] = {}
    for day, attendance in Booking.objects.filter(
        unit__setting=setting, attendance__in=PAID_ATTENDANCE
    ).values_list("day", "attendance"):
        month = day.replace(day=1)
        row = months.setdefault(month, MoneyMonth(month, 0, 0, 0))
        row.chargeable += 1
        row.delivered += attendance == "delivered"
        row.owed_pence += setting.price_pence
    payments = list(ProviderPayment.objects.filter(setting=setting))
    paid = ProviderPayment.objects.filter(setting=setting).aggregate(total=Sum("amount_pence"))["total"] or 0
    ordered = [months[month] for month in sorted(months)]
    return Money(ordered, sum(row.owed_pence for row in ordered), int(paid), payments)


# --- Utilisation and cost -----------------------------------------------------------------------------


@dataclass
class UtilisationRow:
    setting: Setting
    month: dt.date
    days_open: int = 0
    unit_days: int = 0  # units in service on opening days
    staffed: int = 0  # of those, open because staff were on shift
    booked: int = 0
    used: int = 0  # delivered
    cost_pence: int = 0
    children: int = 0
    staffed_with_one_more: int = 0

    @property
    def cost_per_available_pence(self) -> int | None:
        return self.cost_pence // self.staffed if self.staffed else None

    @property
    def cost_per_occupied_pence(self) -> int | None:
        return self.cost_pence // self.booked if self.booked else None

    @property
    def empty_per_day(self) -> float:
        return (self.staffed - self.booked) / self.days_open if self.days_open else 0.0


def _month_end(month: dt.date) -> dt.date:
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return following - dt.timedelta(days=1)


def utilisation(
    *, first_month: dt.date, months: int, settings: list[Setting] | None = None
) -> list[UtilisationRow]:
    """By setting and month: units in service, staffed, booked and used; the cost of the days the setting
    opened (its day cost on each day a unit was staffed) per available and per occupied unit; children
    served; and what one more member of staff on each opening day would have opened."""
    rows = []
    chosen = settings if settings is not None else list(Setting.objects.all())
    first = first_month.replace(day=1)
    months_starts = [first]
    for _ in range(months - 1):
        months_starts.append(_month_end(months_starts[-1]) + dt.timedelta(days=1))
    last = _month_end(months_starts[-1])
    for setting in chosen:
        # One pass per setting over the whole period: three queries for capacity, one for bookings.
        capacity = capacity_between(setting, first, last)
        booked_by_day: dict[dt.date, int] = defaultdict(int)
        used: dict[dt.date, int] = defaultdict(int)
        children: dict[dt.date, set[Any]] = defaultdict(set)
        for day, child_id, attendance in Booking.objects.filter(
            unit__setting=setting, day__gte=first, day__lte=last, status=BookingStatus.BOOKED
        ).values_list("day", "child_id", "attendance"):
            booked_by_day[day] += 1
            month = day.replace(day=1)
            children[month].add(child_id)
            used[month] += attendance == "delivered"
        for month in months_starts:
            row = UtilisationRow(setting, month, used=used[month], children=len(children[month]))
            for day in days_between(month, _month_end(month)):
                cap = capacity[day]
                if not cap.in_service:
                    continue
                row.unit_days += len(cap.in_service)
                row.staffed += cap.open_count
                if cap.open_count:
                    row.days_open += 1
                    row.cost_pence += setting.day_cost_pence
                row.booked += (
                    min(booked_by_day[day], cap.open_count) if cap.open_count else booked_by_day[day]
                )
                row.staffed_with_one_more += len(staffed_units(cap.in_service, cap.staff_on_shift + 1))
            rows.append(row)
    return rows


def children_served(*, setting: Setting, first: dt.date, last: dt.date) -> int:
    return (
        Booking.objects.filter(
            unit__setting=setting, day__gte=first, day__lte=last, status=BookingStatus.BOOKED
        )
        .values("child")
        .distinct()
        .count()
    )


def month_days(month: dt.date) -> list[dt.date]:
    return days_between(month, _month_end(month))
