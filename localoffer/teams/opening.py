"""Whether a team is open at a moment, and when it next opens. Pure functions over plain values."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
WEEKDAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]


@dataclass(frozen=True)
class Period:
    weekday: int  # 0 is Monday
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class OpeningStatus:
    open_now: bool
    closes_at: dt.datetime | None = None
    next_opens_at: dt.datetime | None = None

    def describe(self, now: dt.datetime) -> str:
        if self.open_now and self.closes_at:
            return f"Open now, until {_time(self.closes_at)} today"
        if self.next_opens_at is None:
            return "Closed"
        return f"Closed now. Opens {_when(self.next_opens_at, now.astimezone(LONDON))}"


def opening_status(
    periods: Iterable[Period], closed_dates: Iterable[dt.date], now: dt.datetime, *, search_days: int = 21
) -> OpeningStatus:
    """Open or closed at `now` (any time zone; the council's hours are in Europe/London)."""
    local_now = now.astimezone(LONDON)
    by_day: dict[int, list[Period]] = {}
    for period in periods:
        by_day.setdefault(period.weekday, []).append(period)
    for day_periods in by_day.values():
        day_periods.sort(key=lambda p: p.opens)
    closed = set(closed_dates)
    today = local_now.date()
    if today not in closed:
        for period in by_day.get(today.weekday(), []):
            opens = _at(today, period.opens)
            closes = _at(today, period.closes)
            if opens <= local_now < closes:
                return OpeningStatus(open_now=True, closes_at=closes)
    for offset in range(search_days + 1):
        day = today + dt.timedelta(days=offset)
        if day in closed:
            continue
        for period in by_day.get(day.weekday(), []):
            opens = _at(day, period.opens)
            if opens > local_now:
                return OpeningStatus(open_now=False, next_opens_at=opens)
    return OpeningStatus(open_now=False)


def _at(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=LONDON)


def _time(moment: dt.datetime) -> str:
    text = moment.strftime("%I:%M%p").lstrip("0").lower()
    return text.replace(":00", "")


def _when(moment: dt.datetime, now: dt.datetime) -> str:
    if moment.date() == now.date():
        return f"today at {_time(moment)}"
    if moment.date() == now.date() + dt.timedelta(days=1):
        return f"tomorrow at {_time(moment)}"
    return f"{WEEKDAY_NAMES[moment.weekday()]} {moment.day} {moment:%B} at {_time(moment)}"


def describe_hours(periods: Iterable[Period]) -> list[str]:
    """Opening hours as lines a person reads: 'Monday to Thursday: 8am to 5pm', 'Friday: 8am to 4:30pm'."""
    by_day: dict[int, list[Period]] = {}
    for period in periods:
        by_day.setdefault(period.weekday, []).append(period)
    day_texts: list[tuple[int, str]] = []
    for weekday in range(7):
        day_periods = sorted(by_day.get(weekday, []), key=lambda p: p.opens)
        text = (
            ", ".join(
                f"{_time(_at(dt.date(2024, 1, 1), p.opens))} to {_time(_at(dt.date(2024, 1, 1), p.closes))}"
                for p in day_periods
            )
            if day_periods
            else "closed"
        )
        day_texts.append((weekday, text))
    lines: list[str] = []
    start = 0
    while start < 7:
        end = start
        while end + 1 < 7 and day_texts[end + 1][1] == day_texts[start][1]:
            end += 1
        if start == end:
            days = WEEKDAY_NAMES[start]
        else:
            joiner = "and" if end == start + 1 else "to"
            days = f"{WEEKDAY_NAMES[start]} {joiner} {WEEKDAY_NAMES[end]}"
        lines.append(f"{days}: {day_texts[start][1]}")
        start = end + 1
    return lines


def describe_moment(moment: dt.datetime, now: dt.datetime) -> str:
    """When something happens, as a person reads it: 'today at 9am', 'tomorrow at 9am', 'Monday 7 December at 9am'."""
    return _when(moment.astimezone(LONDON), now.astimezone(LONDON))
