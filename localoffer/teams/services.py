from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction

from localoffer.teams.models import ClosureDay, OpeningPeriod, Team


@transaction.atomic
def team_upsert(*, slug: str, hours: list[tuple[int, str, str]], **fields: Any) -> Team:
    """Create or bring up to date one team and its weekly opening hours. Saves only what changed."""
    team = Team.objects.filter(slug=slug).first()
    if team is None:
        team = Team(slug=slug, **fields)
        team.full_clean()
        team.save()
    else:
        changed = {name: value for name, value in fields.items() if getattr(team, name) != value}
        if changed:
            for name, value in changed.items():
                setattr(team, name, value)
            team.full_clean()
            team.save()
    wanted = {
        (day, dt.time.fromisoformat(opens), dt.time.fromisoformat(closes)) for day, opens, closes in hours
    }
    existing = {(p.weekday, p.opens, p.closes): p for p in team.opening_periods.all()}
    for key, period in existing.items():
        if key not in wanted:
            period.delete()
    for day, opens, closes in sorted(wanted - set(existing)):
        OpeningPeriod.objects.create(team=team, weekday=day, opens=opens, closes=closes)
    return team


@transaction.atomic
def closure_day_upsert(*, date: dt.date, name: str) -> ClosureDay:
    closure, created = ClosureDay.objects.get_or_create(date=date, defaults={"name": name})
    if not created and closure.name != name:
        closure.name = name
        closure.save()
    return closure


def teams_load(*, teams: Iterable[dict[str, Any]], closure_days: Iterable[tuple[dt.date, str]]) -> int:
    """Load a council's teams, hubs, helplines and the days they are closed (bank holidays). Safe to run
    again: it keeps what is there. Returns how many teams were given."""
    count = 0
    for entry in teams:
        team_upsert(**entry)
        count += 1
    for date, name in closure_days:
        closure_day_upsert(date=date, name=name)
    return count
