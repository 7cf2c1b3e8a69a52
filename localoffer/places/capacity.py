"""Open capacity, worked out from the data: a unit is open on a day when it is not out of service, the
setting opens that weekday, and the staff on shift cover it. Units open in their order while the staff they
need add up to no more than the staff rostered (two staff open four beds at one to two). No roster, no staff,
nothing open: recruitment is what limits a setting, and this shows it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from fractions import Fraction

from localoffer.places.models import OutOfService, RosterDay, Setting, Unit


@dataclass(frozen=True)
class DayCapacity:
    day: dt.date
    in_service: list[Unit]
    staff_on_shift: int
    open_units: list[Unit]
    closed_reason: str = ""

    @property
    def open_count(self) -> int:
        return len(self.open_units)


def days_between(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range((last - first).days + 1)]


def staffed_units(units: list[Unit], staff: int) -> list[Unit]:
    """The units `staff` people can open, in order."""
    opened, needed = [], Fraction(0)
    for unit in units:
        if needed + unit.staff_needed > staff:
            break
        needed += unit.staff_needed
        opened.append(unit)
    return opened


def capacity_between(setting: Setting, first: dt.date, last: dt.date) -> dict[dt.date, DayCapacity]:
    """Each day's capacity from `first` to `last`, in three queries whatever the number of days."""
    units = list(Unit.objects.filter(setting=setting).order_by("order"))
    roster = {
        entry.day: entry.staff_on_shift
        for entry in RosterDay.objects.filter(setting=setting, day__gte=first, day__lte=last)
    }
    periods = list(OutOfService.objects.filter(setting=setting, starts_on__lte=last, ends_on__gte=first))
    closed_units: dict[dt.date, set[int]] = defaultdict(set)
    closed_all: dict[dt.date, str] = {}
    for period in periods:
        for day in days_between(max(period.starts_on, first), min(period.ends_on, last)):
            if period.unit_id is None:
                closed_all[day] = period.reason
            else:
                closed_units[day].add(period.unit_id)
    result = {}
    for day in days_between(first, last):
        staff = roster.get(day, 0)
        if day in closed_all:
            result[day] = DayCapacity(day, [], staff, [], closed_all[day])
            continue
        if day.weekday() not in setting.open_weekdays:
            result[day] = DayCapacity(day, [], staff, [], "not an opening day")
            continue
        in_service = [unit for unit in units if unit.id not in closed_units[day]]
        result[day] = DayCapacity(
            day, in_service, staff, staffed_units(in_service, staff), "" if staff else "no staff rostered"
        )
    return result


def capacity_on(setting: Setting, day: dt.date) -> DayCapacity:
    return capacity_between(setting, day, day)[day]


def staff_to_open(setting: Setting, units_wanted: int) -> int:
    """How many staff it takes to open the first `units_wanted` units: the effect of recruiting."""
    needed = sum(
        (unit.staff_needed for unit in Unit.objects.filter(setting=setting).order_by("order")[:units_wanted]),
        Fraction(0),
    )
    return int(needed) if needed.denominator == 1 else int(needed) + 1
