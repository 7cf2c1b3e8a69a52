"""Demo places: Parklands and ROCC staffed for the next two months, a request window open now, the demo
provider accounts at their settings, and Alex's nights and care information, so the journeys can be walked
with `make run`. Never loaded in production; every name is made up."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.people.models import Child
from localoffer.places.models import RequestWindow, Setting
from localoffer.places.services import (
    care_info_set,
    entitlement_grant,
    provider_membership_set,
    roster_fill,
    window_create,
    year_of,
)


def places_demo_load(users: dict[str, User]) -> None:
    settings = {setting.slug: setting for setting in Setting.objects.all()}
    if not settings or RequestWindow.objects.exists():
        return
    today = timezone.localdate()
    parklands, rocc = settings["parklands"], settings["rocc-holidays"]
    if "parklands" in users:
        provider_membership_set(user=users["parklands"], setting=parklands)
    if "provider" in users:
        provider_membership_set(user=users["provider"], setting=rocc)
    # Two staff a night at Parklands: 4 of its 5 beds (recruitment is what limits it).
    roster_fill(setting=parklands, first=today, last=today + dt.timedelta(days=60), staff_on_shift=2, by=None)
    roster_fill(setting=rocc, first=today, last=today + dt.timedelta(days=60), staff_on_shift=50, by=None)
    first = today + dt.timedelta(days=20)
    window_create(
        setting=parklands,
        title=f"Nights from {first:%-d %B %Y}",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=14),
        first_day=first,
        last_day=first + dt.timedelta(days=13),
    )
    alex = Child.objects.filter(first_name="Alex", last_name="Example").first()
    if alex is not None:
        for year in {year_of(today), year_of(first)}:
            entitlement_grant(child=alex, setting=parklands, year=year, by=None)
        care_info_set(
            child=alex,
            by=None,
            medication="Melatonin, 2mg at 7pm (in the labelled box)",
            communication="Uses Makaton and a picture board; give time to answer",
            personal_care="Needs help to wash and dress; hoist for the bath",
            who_collects="Pat Parent, or their sister Jo Example (password: lighthouse)",
        )


# A year of Parklands' past nights, so utilisation and cost show history: two staff a night (4 of the 5 beds),
# two children a night in the week and three at weekends, each child at most 24 nights, in stays of two nights.
HISTORY_DAYS = 365
HISTORY_CHILDREN = 38  # the strategy: 38 children served because of staffing


def places_history_load(*, today: dt.date | None = None) -> int:
    """Past stays at Parklands with their attendance, for the children with Parklands nights in their package
    (then other caseload children of Parklands' ages). Returns how many stays; nothing if there is history
    already or no children. Written in bulk to stay fast: these are past, already-delivered nights."""
    from localoffer.packages.models import Element
    from localoffer.places.models import Attendance, Booking, RosterDay, Stay

    today = today or timezone.localdate()
    parklands = Setting.objects.filter(slug="parklands").first()
    first = today - dt.timedelta(days=HISTORY_DAYS)
    if parklands is None or Stay.objects.filter(setting=parklands, first_day__lt=today).exists():
        return 0
    youngest = _years_before(today, parklands.minimum_age)
    oldest = _years_before(today, parklands.maximum_age)
    of_age = Child.objects.filter(date_of_birth__lte=youngest, date_of_birth__gt=oldest)
    with_nights = set(
        Element.objects.filter(kind="parklands_nights").values_list("package__child_id", flat=True)
    )
    ordered = sorted(
        of_age, key=lambda child: (child.id not in with_nights, child.last_name, child.first_name)
    )
    children = ordered[:HISTORY_CHILDREN]
    if not children:
        return 0
    RosterDay.objects.bulk_create(
        [
            RosterDay(setting=parklands, day=first + dt.timedelta(days=offset), staff_on_shift=2)
            for offset in range(HISTORY_DAYS)
        ],
        ignore_conflicts=True,
    )
    beds = list(parklands.units.order_by("order")[:3])
    nights: dict[Any, int] = dict.fromkeys((child.id for child in children), 0)
    stays: list[Stay] = []
    bookings: list[Booking] = []
    turn = 0
    for offset in range(0, HISTORY_DAYS - 1, 2):
        night = first + dt.timedelta(days=offset)
        for bed in beds[: 3 if night.weekday() >= 4 else 2]:
            child = children[turn % len(children)]
            turn += 1
            if nights[child.id] + 2 > (parklands.nights_a_year or 24):
                continue
            nights[child.id] += 2
            arrived = timezone.make_aware(dt.datetime.combine(night, dt.time(16, 30)))
            stay = Stay(
                child=child,
                setting=parklands,
                first_day=night,
                last_day=night + dt.timedelta(days=1),
                arrived_at=arrived,
                departed_at=arrived + dt.timedelta(hours=40),
            )
            stays.append(stay)
            for day in (night, night + dt.timedelta(days=1)):
                missed = len(bookings) % 29 == 7
                bookings.append(
                    Booking(
                        stay=stay,
                        unit=bed,
                        child=child,
                        day=day,
                        attendance=Attendance.MISSED if missed else Attendance.DELIVERED,
                        attendance_reason="Unwell, the family rang in the morning" if missed else "",
                    )
                )
    Stay.objects.bulk_create(stays)
    Booking.objects.bulk_create(bookings)
    return len(stays)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)
