from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from localoffer.teams.models import ClosureDay, Team
from localoffer.teams.opening import OpeningStatus, Period, describe_hours, opening_status


@dataclass(frozen=True)
class TeamContact:
    team: Team
    hours: list[str]
    status: OpeningStatus
    status_text: str


def team_contacts(*, now: dt.datetime | None = None) -> list[TeamContact]:
    """Every team with its hours and whether it is open at `now`, in the order the contact page shows them."""
    now = now or timezone.now()
    closures = list(
        ClosureDay.objects.filter(date__gte=now.date() - dt.timedelta(days=1)).values_list("date", flat=True)
    )
    contacts = []
    for team in Team.objects.prefetch_related("opening_periods"):
        periods = [Period(p.weekday, p.opens, p.closes) for p in team.opening_periods.all()]
        status = opening_status(periods, closures if team.closed_on_bank_holidays else [], now)
        contacts.append(TeamContact(team, describe_hours(periods), status, status.describe(now)))
    return contacts


def safeguarding_team() -> Team | None:
    return Team.objects.filter(takes_safeguarding_concerns=True).order_by("display_order").first()


def team_by_slug(slug: str) -> Team | None:
    """A team's record (its phone number, its hours) by its slug, or None if the council has not loaded it."""
    return Team.objects.filter(slug=slug).first()


def team_contact(*, team: Team, now: dt.datetime | None = None) -> TeamContact:
    """One team's hours and whether it is open at `now`, as the contact page gives them."""
    now = now or timezone.now()
    closures = list(
        ClosureDay.objects.filter(date__gte=now.date() - dt.timedelta(days=1)).values_list("date", flat=True)
    )
    periods = [Period(p.weekday, p.opens, p.closes) for p in team.opening_periods.all()]
    status = opening_status(periods, closures if team.closed_on_bank_holidays else [], now)
    return TeamContact(team, describe_hours(periods), status, status.describe(now))
