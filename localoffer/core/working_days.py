"""Working days in England: Monday to Friday, less England's bank holidays (from the `holidays` library,
for any year, so no hand-made list goes out of date). Statutory clocks count in these: a decision on a
referral within 1 working day, a child and family assessment within 45, an offer's 5-day deadline."""

from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def add_working_days(start: date, days: int) -> date:
    """The working day `days` working days after `start` (the start itself is day 0, as the clocks count:
    an assessment started on a Monday with 1 working day is due on the Tuesday). `days` may be negative."""
    step = 1 if days >= 0 else -1
    day, left = start, abs(days)
    while left:
        day += timedelta(days=step)
        if is_working_day(day):
            left -= 1
    return day


def working_days_between(start: date, end: date) -> int:
    """How many working days after `start` `end` is (0 on the same day; negative if `end` is earlier):
    the inverse of `add_working_days` for a working-day `end`."""
    if end < start:
        return -working_days_between(end, start)
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count
