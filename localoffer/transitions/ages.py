"""What each age asks for (issue 15, from seeds 000 and 001), and how far ahead it is flagged."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# How far ahead of each age a young person is listed.
AHEAD_MONTHS = 6


@dataclass(frozen=True)
class Milestone:
    age: int
    title: str
    needs: str
    handover: bool = False  # done only once the next service has accepted


MILESTONES: dict[int, Milestone] = {
    m.age: m
    for m in (
        Milestone(14, "Preparing for adulthood", "A transition plan begins."),
        Milestone(
            16,
            "Leaving care and planning for adulthood",
            "A child in care moves to the Leaving Care 16 plus team with a personal adviser allocated, or the "
            "reason to stay with their social worker is recorded. The 0 to 25 team starts planning for adulthood.",
        ),
        Milestone(
            17,
            "Adult services",
            "An adult services worker is allocated and the Care Act transition assessment requested.",
        ),
        Milestone(
            18,
            "Becoming an adult",
            "Supported living (after a needs assessment) and adult care options. Consent changes: the young "
            "person decides who may see their record.",
        ),
        Milestone(
            25,
            "Transfer to adult social services",
            "A co-ordinated transfer to adult social services, with the handover recorded. The 0 to 25 team "
            "stays allocated until adult social services accept.",
            handover=True,
        ),
    )
}


def birthday(born: dt.date, age: int) -> dt.date:
    """The day a person born on `born` turns `age` (29 February birthdays fall on 28 February)."""
    try:
        return born.replace(year=born.year + age)
    except ValueError:
        return born.replace(year=born.year + age, day=28)


def months_before(day: dt.date, months: int) -> dt.date:
    month = day.month - months
    year = day.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, candidate_day)
        except ValueError:
            continue
    raise ValueError(day)
