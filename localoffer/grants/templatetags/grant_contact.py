"""`{% short_breaks_team as team %}`: the short breaks team's record, for its number on a page."""

from __future__ import annotations

from django import template

from localoffer.grants.contact import short_breaks_team as _short_breaks_team
from localoffer.teams.models import Team

register = template.Library()


@register.simple_tag
def short_breaks_team() -> Team | None:
    return _short_breaks_team()
