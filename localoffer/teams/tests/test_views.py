from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from localoffer.teams.medway import TEAMS
from localoffer.teams.models import Team


@pytest.mark.usefixtures("medway")
def test_contact_page_lists_every_team_with_its_number(client: Any) -> None:
    page = client.get(reverse("teams:contact-us")).content.decode()
    for entry in TEAMS:
        assert entry["name"].replace("'", "&#x27;") in page
        if entry["phone"]:
            assert entry["phone"] in page
    assert "01634 334 466" in page
    assert "If a child is in immediate danger, call 999" in page


@pytest.mark.usefixtures("medway")
def test_contact_page_says_whether_each_phone_line_is_open(client: Any) -> None:
    page = client.get(reverse("teams:contact-us")).content.decode()
    with_phone = Team.objects.exclude(phone="").count()
    assert page.count("Open now</strong>") + page.count("Closed now</strong>") == with_phone


@pytest.mark.usefixtures("medway")
def test_default_hours_are_shown_as_a_default(client: Any) -> None:
    page = client.get(reverse("teams:contact-us")).content.decode()
    assert "This team has not published its own" in page


def test_loading_medway_twice_changes_nothing(medway: None) -> None:
    from localoffer.audit.models import AuditEvent
    from localoffer.teams.services import medway_teams_load

    before = (Team.objects.count(), AuditEvent.objects.count())
    medway_teams_load()
    assert (Team.objects.count(), AuditEvent.objects.count()) == before
