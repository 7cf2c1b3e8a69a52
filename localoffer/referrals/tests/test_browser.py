"""Journeys in the browser, from the public page to the right team's queue to an outcome the family sees,
with an axe-core scan of every page."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.referrals.models import Referral, Route, Status
from localoffer.referrals.tests.helpers import ANSWERS, PDF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Who in the fixture's teams sees each route's referrals.
WORKER: dict[str, str] = {
    Route.SHORT_BREAKS_GRANT: Role.SDS_COORDINATOR,
    Route.DISABILITY_TEAM: Role.SOCIAL_WORKER,
    Route.EARLY_HELP: Role.EARLY_HELP_PRACTITIONER,
    Route.CARERS_ASSESSMENT: Role.SOCIAL_WORKER,
    Route.SUPPORTED_LIVING: Role.SOCIAL_WORKER,
}
START: dict[str, str] = {
    Route.SHORT_BREAKS_GRANT: "Apply for a short breaks grant",
    Route.DISABILITY_TEAM: "Refer to the 0 to 25 disability team",
    Route.EARLY_HELP: "Ask for early help",
    Route.CARERS_ASSESSMENT: "Ask for a carer's assessment",
    Route.SUPPORTED_LIVING: "Ask about supported living",
}


def _fill(page: Any, answers: dict[str, Any]) -> None:
    """Answer whatever this page asks, from `answers`, as a person would, and upload a letter if asked."""
    upload = page.locator("input[type='file']")
    if upload.count():
        upload.set_input_files({"name": "letter.pdf", "mimeType": "application/pdf", "buffer": PDF})
    for name, value in answers.items():
        if name == "date_of_birth" and page.locator("[name='date_of_birth_day']").count():
            born = dt.date.fromisoformat(value)  # the GOV.UK date input: three boxes
            page.get_by_label("Day").fill(str(born.day))
            page.get_by_label("Month").fill(str(born.month))
            page.get_by_label("Year").fill(str(born.year))
            continue
        fields = page.locator(f"[name='{name}']")
        if not fields.count():  # this page does not ask it (the page has loaded: expect_navigation)
            continue
        kind = fields.first.get_attribute("type")
        if kind in ("radio", "checkbox"):
            for item in value if isinstance(value, list) else [value]:
                page.locator(f"[name='{name}'][value='{item}']").check()
        else:
            fields.first.fill(str(value))


@pytest.mark.parametrize("route", list(WORKER))
def test_each_route_from_the_public_page_to_the_team_and_back_to_the_family(
    page: Any, live_server: Any, users: dict[str, Any], route: str
) -> None:
    errors = watch_console(page)
    answers = {**ANSWERS[route], "area": "Chatham"} if route == Route.EARLY_HELP else ANSWERS[route]
    parent = users[Role.PARENT_CARER]
    sign_in(page, live_server.url, parent.username)
    page.goto(live_server.url + reverse("referrals:index"))
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name=START[route]).click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    first = True
    for _ in range(15):
        if page.get_by_role("heading", level=1).inner_text() == "Check your answers before sending":
            break
        if first:  # the first page, sent empty: the error summary, accessible
            with page.expect_navigation():
                page.get_by_role("button", name="Continue").click()
            expect(page.locator(".govuk-error-summary")).to_have_count(1)
            assert_accessible(page)
            first = False
        _fill(page, answers)
        assert_accessible(page)
        with page.expect_navigation():  # the next page, loaded, before its fields are looked for
            page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()
    referral = Referral.objects.get(route=route, submitted_by=parent)
    assert referral.status == Status.SUBMITTED
    expect(page.locator(".govuk-panel")).to_contain_text(referral.reference, use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, users[WORKER[route]].username)
    with page.expect_navigation():
        page.get_by_role("link", name="Referrals for your team").click()
    assert_accessible(page)
    with page.expect_navigation():  # the referral's page, loaded, before it is scanned
        page.get_by_role("link", name=str(referral.reference)).click()
    assert_accessible(page)
    if route in (Route.SHORT_BREAKS_GRANT, Route.DISABILITY_TEAM):  # the routes that ask for a letter
        expect(page.get_by_role("link", name="Diagnosis letter: letter.pdf")).to_have_count(1)
    page.get_by_label("None of these: create a new record").check()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("No further action").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter why no further action is being taken")
    expect(page.get_by_label("No further action")).to_be_checked()
    assert_accessible(page)
    page.get_by_label("Accept: open the").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome recorded: Accepted")
    opened = page.get_by_role("link", name=f"work with {answers['first_name']}")
    expect(opened).to_be_visible()  # what accepting opened
    page.get_by_role("link", name="Back to the queue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Referrals waiting for your team")
    expect(page.get_by_role("link", name=str(referral.reference))).to_have_count(0)  # no longer waiting
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, parent.username)
    page.get_by_role("link", name="Your applications and referrals").click()
    expect(page.locator("table")).to_contain_text(
        "Accepted: an assessment has been opened", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("link", name=str(referral.reference)).click()
    expect(page.locator("main")).to_contain_text("The team will contact you to arrange an assessment.")
    assert_accessible(page)
    assert not errors, errors


def test_a_worry_about_a_child_reaches_duty_ahead_of_everything(
    page: Any, live_server: Any, users: dict[str, Any]
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("referrals:index"))
    page.get_by_role("link", name="Tell us you are worried about a child's safety").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text("call 999 now", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("01634 334 466")
    assert_accessible(page)
    page.get_by_role("button", name="Tell us about your worry").click()
    page.get_by_role("button", name="Send to the duty team now").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what you are worried about", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("Someone else (a relative, neighbour or member of the public)").check()
    page.get_by_label("What are you worried about?").fill("A child left alone at night, crying.")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send to the duty team now").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the family does not know", use_inner_text=True
    )
    expect(page.get_by_label("What are you worried about?")).to_have_value(
        "A child left alone at night, crying."
    )
    page.get_by_label("If the family does not know: why not?").fill("I am a neighbour and afraid to ask.")
    page.get_by_role("button", name="Send to the duty team now").click()
    concern = Referral.objects.get(route=Route.SAFETY_CONCERN)
    expect(page.locator(".govuk-panel")).to_contain_text(concern.reference, use_inner_text=True)
    assert_accessible(page)

    sign_in(page, live_server.url, users[Role.DUTY_WORKER].username)
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "1 worry about a child's safety waiting", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("link", name="Open the duty queue").click()
    first_row = page.locator("tbody tr").first
    expect(first_row).to_contain_text(concern.reference, use_inner_text=True)
    expect(first_row).to_contain_text("Urgent", use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("link", name=str(concern.reference)).click()
    expect(page.locator("main")).to_contain_text("A child left alone at night, crying.")
    assert_accessible(page)
    assert not errors, errors


def _shot(page: Any, name: str) -> None:
    """With SHOTS_DIR set, a screenshot of the page as it is, to look at (not a check)."""
    import os

    folder = os.environ.get("SHOTS_DIR")
    if folder:
        width = page.viewport_size["width"]
        page.screenshot(path=f"{folder}/{name}-{width}.png", full_page=True)


def _seen(page: Any, name: str) -> None:
    assert_accessible(page)
    _shot(page, name)


@pytest.mark.parametrize("width", [390, 1280])
def test_a_parent_with_no_account_applies_for_the_grant_saves_comes_back_by_email_and_sends(
    page: Any, browser: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    from localoffer.messaging.models import Message

    errors = watch_console(page)
    page.set_viewport_size({"width": width, "height": 900})
    answers = ANSWERS[Route.SHORT_BREAKS_GRANT]
    page.goto(live_server.url + "/")
    if width < 600:  # the service navigation folds behind "Menu" on a phone
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Ask for help").first.click()
    _seen(page, "ask-for-help")
    page.get_by_role("link", name=START[Route.SHORT_BREAKS_GRANT]).click()
    expect(page.locator("main")).to_contain_text("You do not need an account")
    _seen(page, "start")
    page.get_by_role("button", name="Start now").click()

    # The child's page, half filled, saved: a Canterbury postcode is kept as typed, to put right later.
    page.get_by_label("First name").fill("Amara")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2020")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter their last name", use_inner_text=True)
    expect(summary).to_contain_text("Date of birth must be a real date", use_inner_text=True)
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    expect(page).not_to_have_title(re.compile("Error: Error:"))
    _seen(page, "child-errors")
    page.get_by_label("Day").fill("27")
    page.get_by_label("Month").fill("3")
    page.get_by_label("Year").fill("2015")
    page.get_by_label("Postcode").fill("CT1 2AB")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("who live in Medway", use_inner_text=True)
    expect(page.get_by_role("link", name="find their local council on GOV.UK")).to_have_count(1)
    _seen(page, "child-outside-medway")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers are saved", use_inner_text=True)
    expect(page.locator("main")).to_contain_text(
        re.compile("last name", re.IGNORECASE), use_inner_text=True
    )  # what is still needed
    _seen(page, "save")
    page.get_by_label("Email address").fill("amara.parent@example.com")
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email", use_inner_text=True)
    _seen(page, "saved")

    # Later, on another device: the link in the email opens the draft where it was left.
    email = Message.objects.get(to="amara.parent@example.com", subject__contains="come back")
    link = next(word for word in email.body.split() if "/ask-for-help/return/" in word)
    later = browser.new_context(
        locale="en-GB", timezone_id="Europe/London", viewport={"width": width, "height": 900}
    )
    tab = later.new_page()
    tab.goto(link)  # what a person does when they click the link in their email
    expect(tab.get_by_label("First name")).to_have_value("Amara")
    expect(tab.get_by_label("Postcode")).to_have_value("CT1 2AB")
    tab.get_by_label("Last name").fill("Okafor")
    tab.get_by_label("Postcode").fill("ME7 1AA")
    tab.get_by_role("button", name="Continue").click()
    for _ in range(15):
        if tab.get_by_role("heading", level=1).inner_text() == "Check your answers before sending":
            break
        _fill(tab, answers)
        _seen(tab, "page-" + tab.url.rstrip("/").rsplit("/", 1)[-1])
        tab.get_by_role("button", name="Continue").click()
    expect(tab.locator(".govuk-summary-list")).to_contain_text("27 March 2015", use_inner_text=True)
    _seen(tab, "check")
    tab.get_by_role("button", name="Accept and send").click()
    referral = Referral.objects.get(route=Route.SHORT_BREAKS_GRANT)
    assert referral.status == Status.SUBMITTED
    assert referral.submitted_by is None
    expect(tab.locator(".govuk-panel")).to_contain_text(referral.reference, use_inner_text=True)
    _seen(tab, "sent")

    # A letter that came later: sent from the application's page.
    tab.get_by_role("link", name="Send a document").click()
    _seen(tab, "add-document")
    tab.get_by_role("button", name="Send the document").click()
    expect(tab.locator(".govuk-error-summary")).to_contain_text(
        "Select a file to upload", use_inner_text=True
    )
    tab.get_by_label("Diagnosis letter").check()
    tab.locator("input[type='file']").set_input_files(
        {"name": "new letter.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    tab.get_by_role("button", name="Send the document").click()
    expect(tab.locator(".govuk-notification-banner")).to_contain_text(
        "Your document was sent", use_inner_text=True
    )
    expect(tab.locator("main")).to_contain_text("new letter.pdf", use_inner_text=True)
    _seen(tab, "application")
    later.close()
    assert not errors, errors


@pytest.mark.parametrize("width", [390, 1280])
def test_the_safety_concern_pages_at_phone_and_desktop_widths(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    if width < 600:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Ask for help").first.click()
    page.get_by_role("link", name="Tell us you are worried about a child's safety").click()
    _seen(page, "safety-start")
    page.get_by_role("button", name="Tell us about your worry").click()
    page.get_by_label("A professional").check()
    page.get_by_label("What are you worried about?").fill("Bruises on the arm, twice this week.")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_role("button", name="Send to the duty team now").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give a phone number or an email address (at least one)", use_inner_text=True
    )
    expect(page.get_by_label("A professional")).to_be_checked()
    _seen(page, "safety-errors")
    page.get_by_label("Your phone number").fill("01634 000 000")
    page.get_by_role("button", name="Send to the duty team now").click()
    expect(page.locator("main")).to_contain_text("999", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("Opening hours", use_inner_text=True)
    _seen(page, "safety-sent")


@pytest.mark.parametrize("width", [390, 1280])
def test_a_family_applying_again_says_which_child_and_is_offered_earlier_answers(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create
    from localoffer.people.tests.factories import ChildFactory
    from localoffer.referrals.tests.helpers import a_submitted_referral

    parent = users[Role.PARENT_CARER]
    amara: Any = ChildFactory(first_name="Amara", last_name="Okafor", date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=amara, user=parent, relationship=Relationship.PARENT)
    earlier = a_submitted_referral(user=parent)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, parent.username)
    if width < 600:
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Ask for help").first.click()
    page.get_by_role("link", name=START[Route.SHORT_BREAKS_GRANT]).click()
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Which child is this for?", use_inner_text=True)
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select which child this is for", use_inner_text=True
    )
    _seen(page, "which-child-error")
    page.get_by_label("Amara Okafor, born 27 March 2015").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-warning-text")).to_contain_text(
        earlier.reference, use_inner_text=True
    )  # still open
    _seen(page, "earlier-answers")
    page.get_by_label("Yes, start with my earlier answers").check()
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "About the child or young person", use_inner_text=True
    )
    expect(page.get_by_label("First name")).to_have_value("Amara")
    pages = 0
    while page.get_by_role("heading", level=1).inner_text() != "Check your answers before sending":
        page.get_by_role("button", name="Continue").click()  # each page shown, its answers kept
        pages += 1
        assert pages < 15
    assert pages >= 9
    expect(page.locator(".govuk-warning-text")).to_contain_text(earlier.reference, use_inner_text=True)
    _seen(page, "check-again")
