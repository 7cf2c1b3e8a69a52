"""When things are due: the statutory clocks in working days, and the reviews of a plan on the policy's schedule.

Medway's support plans are reviewed at 4 months, 10 months, then annually (seed 003, section 7.4). Short breaks
given under section 20 are reviewed first within 3 months of the first break, then at least every 6 months
(Care Planning Regulations 2010, regulation 48; DOMAIN.md)."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

from localoffer.core.working_days import add_working_days

NEARLY_DUE_WORKING_DAYS = 5


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReviewSchedule:
    """The months after the plan's start of the first reviews, then how often after the last of them."""

    name: str
    first_months: tuple[int, ...]
    then_every_months: int

    def due(self, starts_on: dt.date, number: int) -> dt.date:
        """The date review `number` (1 for the first) is due."""
        if number <= len(self.first_months):
            return add_months(starts_on, self.first_months[number - 1])
        extra = number - len(self.first_months)
        return add_months(starts_on, self.first_months[-1] + extra * self.then_every_months)


MEDWAY_SUPPORT_PLAN = ReviewSchedule("Support plan: 4 months, 10 months, then every year", (4, 10), 12)
SECTION_20_SHORT_BREAKS = ReviewSchedule(
    "Short breaks under section 20: 3 months, then every 6 months", (3,), 6
)


class DueState:
    OVERDUE = "overdue"
    NEARLY_DUE = "nearly_due"
    ON_TRACK = "on_track"

    LABELS = {OVERDUE: "Overdue", NEARLY_DUE: "Nearly due", ON_TRACK: "Due"}


def due_state(due_on: dt.date, today: dt.date) -> str:
    """Overdue after its day; nearly due within 5 working days of it; otherwise just due."""
    if today > due_on:
        return DueState.OVERDUE
    if due_on < _not_nearly_due_from(today):
        return DueState.NEARLY_DUE
    return DueState.ON_TRACK


def due_state_bounds(today: dt.date) -> dict[str, tuple[dt.date | None, dt.date | None]]:
    """Each state as the due dates it holds, from (inclusive) and before (exclusive), None where open: what
    `due_state` decides for one date, as ranges a database index can answer for a whole list."""
    nearly_until = _not_nearly_due_from(today)
    return {
        DueState.OVERDUE: (None, today),
        DueState.NEARLY_DUE: (today, nearly_until),
        DueState.ON_TRACK: (nearly_until, None),
    }


@lru_cache(maxsize=8)
def _not_nearly_due_from(today: dt.date) -> dt.date:
    """The first day more than NEARLY_DUE_WORKING_DAYS working days after `today`, worked out once a day rather
    than by counting the working days up to each due date (a list page has hundreds, months ahead)."""
    return add_working_days(today, NEARLY_DUE_WORKING_DAYS + 1)
