"""Staff journeys in the browser, from the worker's home page by links and buttons alone, at phone and
desktop widths, with an axe-core scan of every page: duty matches a worry to a child from a free-text name,
takes an outcome and finds the referral again; a social worker accepts a referral and follows it to what it
opened and to the child's record."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.people.tests.factories import ChildFactory
from localoffer.referrals.models import Referral, Route
from localoffer.referrals.tests.helpers import a_safety_concern, a_submitted_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]


def _look(page: Any, name: str, width: int) -> None:
    """Check the page with axe; keep a screenshot when SCREENSHOTS_DIR is set (to look at what changed)."""
    assert_accessible(page)
    folder = os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


def _go_home(page: Any) -> None:
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()
    page.get_by_role("link", name="Your account").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_duty_matches_a_worry_from_its_free_text_name_decides_and_finds_it_again(
    page: Any, live_server: Any, users: dict[str, Any], offer: None, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    amara: Any = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2017, 5, 4))
    ChildFactory(first_name="Amara", last_name="Smith", date_of_birth=dt.date(2011, 2, 1))
    concern = a_safety_concern(child_name="Amara Okafor", child_age="9", referrer_kind="other")
    reference = str(concern.reference)

    sign_in(page, live_server.url, users[Role.DUTY_WORKER].username)
    _look(page, "duty-home", width)
    page.get_by_role("link", name="Referrals for your team").click()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text(reference)
    expect(first_row.locator("td").nth(1)).to_have_text("9")  # the age the worry gave
    _look(page, "queue", width)

    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A worry about a child's safety")
    expect(page.locator("main")).to_contain_text(
        "Someone else (a relative, neighbour or member of the public)"
    )
    _look(page, "triage-worry", width)
    # Matched from the name as typed: both Amaras are offered, the one with both names first.
    choices = page.locator("input[name='child']")
    expect(choices).to_have_count(3)
    page.get_by_label("Amara Okafor, born 4 May 2017, ME4 1AA").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("linked to the child's record")
    expect(page.locator("main")).to_contain_text("Amara Okafor, born 4 May 2017")

    # Signposting with no service chosen: the error summary, the error beside the field, the choice kept.
    page.get_by_label("Signpost to services in the Local Offer").check()
    page.get_by_role("button", name="Record the outcome").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Choose the services in the Local Offer you are signposting to")
    expect(page.get_by_label("Signpost to services in the Local Offer")).to_be_checked()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    _look(page, "triage-error", width)
    summary.get_by_role("link").first.click()
    service = page.locator("input[name='services']").first
    service.check()
    page.get_by_label("Why").fill("Family support first; call us again if anything changes.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome recorded: Signposted")
    _look(page, "triage-decided", width)

    # Found again, after triage: by reference, then by the child's name.
    page.get_by_role("link", name="Find another referral").click()
    _look(page, "find", width)
    page.get_by_label("Reference or child's name").fill(reference.lower().replace("-", " "))
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.locator("#results-heading")).to_have_text("1 referral found")
    expect(page.locator("main")).to_contain_text("Signposted to other support")
    _look(page, "find-by-reference", width)
    page.get_by_label("Reference or child's name").fill("Amara Okafor")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("link", name=reference)).to_be_visible()
    expect(page.locator("main")).to_contain_text("Amara Okafor, born 4 May 2017")
    # The filters (the GOV.UK filter pattern, without JavaScript): only what has been signposted.
    page.get_by_label("Reference or child's name").fill("")
    page.get_by_text("Filter results").click()
    page.get_by_label("Signposted", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("link", name="Remove filter: Signposted")).to_be_visible()
    expect(page.locator("#results-heading")).to_have_text("1 referral found")
    _look(page, "find-filtered", width)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("A worry about a child's safety")

    # And the child, by name, from the home page.
    _go_home(page)
    page.get_by_role("link", name="Children and young people").click()
    page.get_by_label("Name").fill("okafor")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_role("link", name="Amara Okafor")).to_be_visible()
    _look(page, "child-search", width)
    assert amara.referrals.get() == Referral.objects.get(pk=concern.pk)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_a_social_worker_accepts_and_follows_the_referral_to_what_it_opened(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    reference = str(referral.reference)

    sign_in(page, live_server.url, users[Role.SOCIAL_WORKER].username)
    page.get_by_role("link", name="Referrals for your team").click()
    page.get_by_role("link", name=reference).click()
    # Accepting before the child has a record is refused, with the way to put it right.
    page.get_by_label("Accept: open the team's work with the child").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Match the referral to the child's record")
    expect(page.locator("#id_outcome-error")).to_be_visible()
    _look(page, "accept-refused", width)
    # No record yet: a new one, from what the family told us.
    expect(page.get_by_label("First name")).to_have_value("Amara")
    expect(page.get_by_label("Day")).to_have_value("27")
    page.get_by_label("None of these: create a new record").check()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("A new record was created")
    page.get_by_label("Accept: open the team's work with the child").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome recorded: Accepted")
    opened = page.get_by_role("link", name="work with Amara")
    expect(opened).to_be_visible()
    _look(page, "accepted", width)

    opened.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara Okafor")
    expect(page.locator("#teams + table")).to_contain_text(str(referral.team.name if referral.team else ""))
    expect(page.locator("#referrals + table")).to_contain_text(reference)
    _look(page, "child-record", width)
    page.get_by_role("link", name=reference, exact=True).click()
    expect(page.locator("main")).to_contain_text("Accepted: an assessment has been opened")
    assert not errors, errors
