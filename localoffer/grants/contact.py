"""How a family reaches the short breaks team: its number comes from its `Team` record (teams app), never
from text written into a page or a message."""

from __future__ import annotations

from localoffer.referrals.routes import SDS_TEAM
from localoffer.teams.models import Team
from localoffer.teams.selectors import team_by_slug


def short_breaks_team() -> Team | None:
    return team_by_slug(SDS_TEAM)


def short_breaks_call() -> str:
    """For messages: "call the short breaks team on <number>", or how to reach it when no number is held."""
    team = short_breaks_team()
    if team is not None and team.phone:
        return f"call the short breaks team on {team.phone}"
    return "contact the short breaks team through the council's Contact us page"
