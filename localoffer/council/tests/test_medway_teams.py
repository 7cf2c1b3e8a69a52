from __future__ import annotations

from localoffer.audit.models import AuditEvent
from localoffer.council.medway.teams import TEAMS
from localoffer.council.services import medway_teams_load
from localoffer.teams.models import Team


def test_loads_every_team_hub_and_helpline(medway: None) -> None:
    assert Team.objects.count() == len(TEAMS)


def test_loading_medway_twice_changes_nothing(medway: None) -> None:
    before = (Team.objects.count(), AuditEvent.objects.count())
    medway_teams_load()
    assert (Team.objects.count(), AuditEvent.objects.count()) == before
