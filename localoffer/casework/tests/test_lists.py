"""The worker's and the team manager's lists: each state (overdue, nearly due, due) shows its most urgent rows
and how many there are, and "See all" pages through the rest, most urgent first."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse

from localoffer.casework import selectors, services
from localoffer.casework.models import AssessmentKind
from localoffer.casework.schedule import DueState, due_state, due_state_bounds
from localoffer.core.roles import Role
from localoffer.core.working_days import add_working_days
from localoffer.people.tests.factories import ChildFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


def _carers_assessments(worker: Any, started: list[dt.date]) -> list[Any]:
    children: list[Any] = [ChildFactory(first_name=f"Child{n:02d}") for n in range(len(started))]
    return [
        services.assessment_open(
            child=children[n],
            team=worker.team,
            by=worker,
            kind=AssessmentKind.CARER,
            carer_name=f"Carer {n}",
            started_on=on,
        )
        for n, on in enumerate(started)
    ]


def _rows(body: str) -> list[str]:
    """The children named in each table row, in order."""
    return re.findall(r'<tr class="govuk-table__row"><td class="govuk-table__cell">(Child\d\d)', body)


def test_every_date_falls_in_the_state_the_bounds_give_it() -> None:
    bounds = due_state_bounds(TODAY)
    for offset in range(-40, 80):
        day = TODAY + dt.timedelta(days=offset)
        (state,) = [
            name
            for name, (since, before) in bounds.items()
            if (since is None or day >= since) and (before is None or day < before)
        ]
        assert state == due_state(day, TODAY), day


def test_a_count_past_the_cap_says_more_than() -> None:
    group = selectors.DueGroup(
        list_name="reviews", state=DueState.OVERDUE, count=selectors.COUNT_CAP + 1, items=[]
    )
    assert group.count_text == "more than 1,000"
    exact = selectors.DueGroup(list_name="reviews", state=DueState.OVERDUE, count=999, items=[])
    assert exact.count_text == "999"


def test_the_home_list_shows_the_ten_most_urgent_with_the_true_count_and_pages_the_rest(
    client: Any, users: Any
) -> None:
    worker = users[Role.SOCIAL_WORKER]
    # 27 overdue (started a working day apart, the earliest the most overdue) and 2 due well ahead.
    overdue = _carers_assessments(worker, [add_working_days(dt.date(2025, 1, 6), n) for n in range(27)])
    _carers_assessments(worker, [dt.date.today(), dt.date.today()])
    client.force_login(worker)

    home = client.get(reverse("casework:my-work")).content.decode()
    assert "Overdue (27)" in home
    assert "Due (2)" in home
    assert _rows(home)[:10] == [f"Child{n:02d}" for n in range(10)]  # most overdue first, ten of them
    assert len(_rows(home)) == 12  # ten overdue and both of the others
    see_all = re.search(r'href="(\?list=assessments&amp;state=overdue)">See all 27', home)
    assert see_all, "the overdue state links to all 27"
    assert "state=on_track" not in home  # every due one is already shown

    first = client.get(reverse("casework:my-work") + see_all.group(1).replace("&amp;", "&")).content.decode()
    assert "Your assessments: overdue (27)" in first
    assert _rows(first) == [f"Child{n:02d}" for n in range(25)]
    assert "Page 1 of 2" in first
    following = re.search(r'href="\?([^"]*page=2)" rel="next"', first)
    assert following
    second = client.get(reverse("casework:my-work") + "?" + following.group(1).replace("&amp;", "&"))
    assert _rows(second.content.decode()) == ["Child25", "Child26"]
    assert str(overdue[26].id) in second.content.decode()  # each row links to its assessment


def test_the_team_list_pages_the_teams_assessments_and_ignores_a_list_it_does_not_have(
    client: Any, users: Any
) -> None:
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    _carers_assessments(worker, [dt.date(2025, 3, 3) + dt.timedelta(days=n) for n in range(12)])
    client.force_login(manager)

    home = client.get(reverse("casework:team")).content.decode()
    assert "Overdue (12)" in home
    assert len(_rows(home)) == 10
    assert 'href="?list=assessments&amp;state=overdue">See all 12' in home

    listed = client.get(
        reverse("casework:team"), {"list": "assessments", "state": "overdue"}
    ).content.decode()
    assert "The team&#x27;s open assessments: overdue (12)" in listed
    assert len(_rows(listed)) == 12
    assert "Back to your team&#x27;s casework" in listed
    # An address the page does not offer shows the lists, not an error.
    unknown = client.get(reverse("casework:team"), {"list": "reviews", "state": "late"})
    assert unknown.status_code == 200
    assert "Overdue (12)" in unknown.content.decode()
