from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from localoffer.teams.models import Team


@pytest.mark.usefixtures("medway")
def test_contact_page_lists_every_team_with_its_number(client: Any) -> None:
    page = client.get(reverse("teams:contact-us")).content.decode()
    teams = list(Team.objects.all())
    assert len(teams) > 10
    for team in teams:
        assert team.name.replace("'", "&#x27;") in page
        if team.phone:
            assert team.phone in page
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
