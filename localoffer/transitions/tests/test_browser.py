"""Transitions in the browser, from the social worker's home page by links and buttons alone, at phone and
desktop widths, with axe on every page: young people turning 16, 18 and 25, the handover at 25 held until
adult social services accept; and a young person of 18 choosing who in the family may see their record."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.people.access import child_access
from localoffer.people.models import Relationship
from localoffer.people.services import child_create, family_link_create, involvement_start
from localoffer.teams.models import Team
from localoffer.transitions.ages import birthday

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]


def _look(page: Any, name: str, width: int) -> None:
    assert_accessible(page)
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def _date(page: Any, legend: str, day: dt.date) -> None:
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _on_caseload(first: str, last: str, age: int, days: int, users: dict[str, Any]) -> Any:
    today = timezone.localdate()
    child = child_create(
        first_name=first, last_name=last, date_of_birth=birthday(today + dt.timedelta(days=days), -age)
    )
    involvement_start(
        child=child,
        team=Team.objects.get(slug="0-to-25-disability-team"),
        started_on=today - dt.timedelta(days=300),
        lead_worker=users[Role.SOCIAL_WORKER],
    )
    return child


@pytest.mark.parametrize("width", WIDTHS)
def test_the_social_worker_sees_young_people_turning_16_18_and_25_through(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    _on_caseload("Kai", "Sixteen", 16, 60, users)
    _on_caseload("Eve", "Eighteen", 18, 30, users)
    tom = _on_caseload("Tom", "Twentyfive", 25, -5, users)
    today = timezone.localdate()

    sign_in(page, live_server.url, users[Role.SOCIAL_WORKER].username)
    page.get_by_role("link", name="Transitions").click()
    expect(page.locator("#age-16 ~ table").first).to_contain_text("Kai Sixteen")
    _look(page, "tr-due", width)

    # 16, in care: a personal adviser or the reason to stay, or it is refused with the way to put it right.
    page.locator("#age-16 + p + table").get_by_role("link", name="Kai Sixteen").click()
    page.get_by_label("Yes").check()
    page.get_by_label("Planning for adulthood: what the 0 to 25 team has started").fill("First meeting held.")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the leaving care personal adviser")
    expect(page.get_by_label("Yes")).to_be_checked()
    _look(page, "tr-16-error", width)
    page.get_by_label("Leaving care personal adviser allocated").fill("Pat Adviser")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded for Kai Sixteen: done")

    page.locator("#age-18 + p + table").get_by_role("link", name="Eve Eighteen").click()
    expect(page.locator("main")).to_contain_text("the young person decides who may see their record")
    page.get_by_label("Supported living and adult care options discussed").fill(
        "Supported living after a needs assessment; Eve wants to stay at home for now."
    )
    _look(page, "tr-18", width)
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded for Eve Eighteen: done")

    # 25: the handover asked for; the team stays allocated until adult social services accept.
    page.locator("#past-due + table tr", has_text="At 25").get_by_role("link").click()
    expect(page.locator("main")).to_contain_text("0 to 25 Disability Team: ")
    _date(page, "Date the handover was asked for", today - dt.timedelta(days=20))
    page.get_by_label("The handover: what adult social services were given").fill(
        "Care plan and assessments."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "waiting for the next service to accept"
    )
    row = page.locator("#past-due + table tr", has_text="At 25")
    expect(row).to_contain_text("Waiting for the next service to accept")
    _look(page, "tr-25-waiting", width)
    row.get_by_role("link").click()
    _date(page, "Date adult social services accepted", today)
    page.get_by_label("Adult social services worker (if known)").fill("Alex Adult")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("recorded for Tom Twentyfive: done")
    expect(page.locator("#past-due + table")).not_to_contain_text("At 25")
    assert tom.involvements.get().ended_on == today
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_a_young_person_of_18_chooses_who_in_the_family_may_see_their_record(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    young, parent = users[Role.YOUNG_PERSON], users[Role.PARENT_CARER]
    record = child_create(first_name="Sam", last_name="Adult", date_of_birth=dt.date(2006, 7, 14))
    family_link_create(child=record, user=young, relationship=Relationship.SELF)
    family_link_create(child=record, user=parent, relationship=Relationship.PARENT)

    sign_in(page, live_server.url, young.username)
    page.get_by_role("link", name="Who may see your record").click()
    question = page.get_by_role("group", name=f"May {parent} see your record?")
    question.get_by_label("No").check()
    _look(page, "tr-sharing", width)
    page.get_by_role("button", name="Save my choices").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("only the people you said yes to")
    expect(
        page.get_by_role("group", name=f"May {parent} see your record?").get_by_label("No")
    ).to_be_checked()
    page.get_by_role("link", name="your record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Adult")
    assert not child_access(parent, record).allowed
    assert not errors, errors
