"""The allocation of a window's places by a published priority, as a pure function anyone can re-run.

Each request gets points from the priority's table (level of need, carer strain, risk of breakdown, months
since the child's last break, other support the family already has). Points make a band (points divided by
the band's width). Requests are taken in order: Medway children first (when the priority says so), then the
highest band, then within a band by the lottery: the SHA-256 of "seed:reference", lowest first. The seed is
published with the run, so the order, and so every offer, can be worked out again by anyone from the list of
references. Taken in that order, each request is offered the days it asked for where places are left (for
overnight care the whole stay, or with `flexible` the nearest stay of the same length in the window; for day
sessions, each day that has a place). Compatibility for overnight care: a child who needs a member of staff of
their own takes two places' staffing, and a child is never put on a night with a child they must not stay with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

ONE_TO_ONE_PLACES = 2

FACTOR_LABELS = {
    "need_level": "level of need",
    "carer_strain": "carer strain",
    "breakdown_risk": "risk of family breakdown",
    "months_since_last_break": "time since the last break",
    "other_support": "other support the family has",
}


@dataclass(frozen=True)
class Asked:
    """A request as the allocation sees it."""

    key: str  # the request's reference: public, in the lottery
    child: str
    first_day: dt.date
    days: int
    need_level: int
    carer_strain: str
    breakdown_risk: str
    lives_in_medway: bool
    last_break_on: dt.date | None = None
    has_other_support: bool = False
    flexible: bool = False
    needs_one_to_one: bool = False
    not_with: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Rules:
    points: Mapping[str, Any]
    band_width: int = 20
    medway_first: bool = True
    label: str = ""


@dataclass
class Outcome:
    key: str
    points: int
    band: int
    lottery: str
    position: int = 0
    first_day: dt.date | None = None
    days: int = 0
    offered: list[dt.date] = field(default_factory=list)
    waiting_position: int | None = None
    reason: str = ""


def long_date(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def months_between(earlier: dt.date, later: dt.date) -> int:
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    return max(0, months - (1 if later.day < earlier.day else 0))


def points_for(asked: Asked, rules: Rules, *, today: dt.date) -> tuple[int, list[str]]:
    """The request's points and, for the reason, each factor's part in words."""
    table = rules.points
    parts: list[tuple[str, int]] = []
    parts.append((f"level {asked.need_level} need", int(table["need_level"].get(str(asked.need_level), 0))))
    parts.append(
        (f"{asked.carer_strain} carer strain", int(table["carer_strain"].get(asked.carer_strain, 0)))
    )
    parts.append(
        (
            f"{asked.breakdown_risk} risk of breakdown",
            int(table["breakdown_risk"].get(asked.breakdown_risk, 0)),
        )
    )
    months_rule = table["months_since_last_break"]
    if asked.last_break_on is None:
        parts.append(("no break before", int(months_rule["never"])))
    else:
        months = months_between(asked.last_break_on, today)
        given = min(int(months_rule["most"]), months * int(months_rule["per_month"]))
        parts.append((f"{months} months since the last break", given))
    other = int(table["other_support"]["yes" if asked.has_other_support else "no"])
    if asked.has_other_support:
        parts.append(("other support already", other))
    total = max(0, sum(value for _, value in parts))
    return total, [f"{words} ({value:+d})" for words, value in parts if value or words.startswith("level")]


def lottery(seed: str, key: str) -> str:
    return hashlib.sha256(f"{seed}:{key}".encode()).hexdigest()


def order(requests: Iterable[Asked], rules: Rules, *, seed: str, today: dt.date) -> list[Outcome]:
    """Every request with its points, band and lottery draw, in the order places are given."""
    scored = []
    for asked in requests:
        points, _ = points_for(asked, rules, today=today)
        outcome = Outcome(
            key=asked.key,
            points=points,
            band=points // rules.band_width + 1,
            lottery=lottery(seed, asked.key),
        )
        medway = asked.lives_in_medway if rules.medway_first else True
        scored.append(((not medway, -outcome.band, outcome.lottery), asked, outcome))
    scored.sort(key=lambda item: item[0])
    outcomes = []
    for position, (_, _, outcome) in enumerate(scored, start=1):
        outcome.position = position
        outcomes.append(outcome)
    return outcomes


def _days(first: dt.date, count: int) -> list[dt.date]:
    return [first + dt.timedelta(days=offset) for offset in range(count)]


class _Blocks:
    """The days of a stay, and the other starts nearest a wanted one, worked out once per run."""

    def __init__(self, window: list[dt.date]) -> None:
        self.window = window
        self._blocks: dict[tuple[dt.date, int], list[dt.date]] = {}
        self._starts: dict[dt.date, list[dt.date]] = {}

    def days(self, first: dt.date, count: int) -> list[dt.date]:
        key = (first, count)
        if key not in self._blocks:
            self._blocks[key] = _days(first, count)
        return self._blocks[key]

    def starts_near(self, first: dt.date) -> list[dt.date]:
        if first not in self._starts:
            self._starts[first] = sorted(
                (day for day in self.window if day != first), key=lambda day: (abs((day - first).days), day)
            )
        return self._starts[first]


def allocate(
    requests: list[Asked],
    *,
    capacity: Mapping[dt.date, int],
    rules: Rules,
    seed: str,
    today: dt.date,
    overnight: bool,
    day_noun: str = "night",
) -> list[Outcome]:
    """Offer places in priority order. `capacity` is the places open on each day of the window (the staff on
    shift decide it). Returns one outcome per request, in priority order, each with its reason in words."""
    by_key = {asked.key: asked for asked in requests}
    # Who must not stay with whom, both ways: a set per child, checked against a night's set of children.
    apart: dict[str, set[str]] = {}
    for asked in requests:
        for other in asked.not_with:
            apart.setdefault(asked.child, set()).add(other)
            apart.setdefault(other, set()).add(asked.child)
    left = dict(capacity)
    window = sorted(capacity)
    blocks = _Blocks(window)
    open_days = {day for day, places in left.items() if places > 0}
    staying: dict[dt.date, set[str]] = {day: set() for day in window}
    outcomes = order(requests, rules, seed=seed, today=today)
    in_band: dict[int, int] = {}
    band_sizes: dict[int, int] = {}
    for outcome in outcomes:
        band_sizes[outcome.band] = band_sizes.get(outcome.band, 0) + 1
    waiting = 0
    for outcome in outcomes:
        asked = by_key[outcome.key]
        in_band[outcome.band] = in_band.get(outcome.band, 0) + 1
        places = ONE_TO_ONE_PLACES if asked.needs_one_to_one else 1

        def fits(day: dt.date, asked: Asked = asked, places: int = places) -> bool:
            if day not in open_days or left[day] < places:
                return False
            kept_apart = apart.get(asked.child)
            return not (kept_apart and not kept_apart.isdisjoint(staying[day]))

        chosen: list[dt.date] = []
        if not open_days:
            pass  # every place is given: the rest wait, in order
        elif overnight:
            wanted = blocks.days(asked.first_day, asked.days)
            chosen = wanted if all(fits(day) for day in wanted) else []
            if not chosen and asked.flexible:
                for start in blocks.starts_near(asked.first_day):
                    block = blocks.days(start, asked.days)
                    if all(fits(day) for day in block):
                        chosen = block
                        break
        else:
            chosen = [day for day in blocks.days(asked.first_day, asked.days) if fits(day)]
        for day in chosen:
            left[day] -= places
            staying[day].add(asked.child)
            if left[day] <= 0:
                open_days.discard(day)
        outcome.offered = chosen
        if chosen:
            outcome.first_day, outcome.days = chosen[0], len(chosen)
        else:
            waiting += 1
            outcome.waiting_position = waiting
        outcome.reason = _reason(
            asked,
            outcome,
            rules,
            today=today,
            draw=in_band[outcome.band],
            of=band_sizes[outcome.band],
            seed=seed,
            day_noun=day_noun,
            places=places,
        )
    return outcomes


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _reason(
    asked: Asked,
    outcome: Outcome,
    rules: Rules,
    *,
    today: dt.date,
    draw: int,
    of: int,
    seed: str,
    day_noun: str,
    places: int,
) -> str:
    _, parts = points_for(asked, rules, today=today)
    asked_for = f"{_plural(asked.days, day_noun)} from {long_date(asked.first_day)}"
    where = "lives in Medway" if asked.lives_in_medway else "lives outside Medway"
    first = (
        " Medway children are considered first." if rules.medway_first and not asked.lives_in_medway else ""
    )
    order_words = (
        f"Priority: {outcome.points} points ({', '.join(parts)}), band {outcome.band}; {where}.{first} "
        f"Within band {outcome.band}, drawn {draw} of {of} by the lottery with seed {seed}."
    )
    if asked.needs_one_to_one:
        order_words += f" Needs a member of staff of their own, so takes the staffing of {places} places."
    if outcome.offered and outcome.days == asked.days and outcome.first_day == asked.first_day:
        return f"Offered the {asked_for} asked for. {order_words}"
    if outcome.offered:
        return (
            f"Asked for {asked_for}; offered {_plural(outcome.days, day_noun)} from "
            f"{long_date(outcome.offered[0])}, because the other days were full with children before them. "
            f"{order_words}"
        )
    return (
        f"Asked for {asked_for}; not offered, because those days were full with children before them"
        f"{' and no other stay of that length in the holiday had room' if asked.flexible else ''}. "
        f"Number {outcome.waiting_position} on the waiting list: places given back are offered in that order. "
        f"{order_words}"
    )


def fingerprint(outcomes: Iterable[Outcome]) -> str:
    digest = hashlib.sha256()
    for outcome in outcomes:
        digest.update(f"{outcome.key}|{outcome.position}|{outcome.first_day}|{outcome.days}\n".encode())
    return digest.hexdigest()
