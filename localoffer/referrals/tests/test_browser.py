"""Journeys in the browser, from the public page to the right team's queue to an outcome the family sees,
with an axe-core scan of every page."""

from __future__ import annotations

import datetime as dt
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
        fields = page.locator(f"[name='{name}']")
        if fields.count() == 0:
            continue
        kind = fields.first.get_attribute("type")
        if kind in ("radio", "checkbox"):
            for item in value if isinstance(value, list) else [value]:
                page.locator(f"[name='{name}'][value='{item}']").check()
        elif name == "date_of_birth":
            fields.first.fill(dt.date.fromisoformat(value).strftime("%d/%m/%Y"))
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
    page.get_by_role("link", name=START[route]).click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    first = True
    for _ in range(15):
        if page.get_by_role("heading", level=1).inner_text() == "Check your answers before sending":
            break
        if first:  # the first page, sent empty: the error summary, accessible
            page.get_by_role("button", name="Continue").click()
            assert page.locator(".govuk-error-summary").count() == 1
            assert_accessible(page)
            first = False
        _fill(page, answers)
        assert_accessible(page)
        page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_role("button", name="Accept and send").click()
    referral = Referral.objects.get(route=route, submitted_by=parent)
    assert referral.status == Status.SUBMITTED
    assert referral.reference in page.locator(".govuk-panel").inner_text()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, users[WORKER[route]].username)
    page.get_by_role("link", name="Referrals for your team").click()
    assert_accessible(page)
    page.get_by_role("link", name=str(referral.reference)).click()
    assert_accessible(page)
    if route in (Route.SHORT_BREAKS_GRANT, Route.DISABILITY_TEAM):  # the routes that ask for a letter
        assert page.get_by_role("link", name="Diagnosis letter: letter.pdf").count() == 1
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
    assert str(referral.reference) not in page.content()  # no longer waiting in the queue
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, parent.username)
    page.get_by_role("link", name="Your applications and referrals").click()
    assert "Accepted: an assessment has been opened" in page.locator("table").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name=str(referral.reference)).click()
    assert "The team will contact you to arrange an assessment." in page.content()
    assert_accessible(page)
    assert not errors, errors


def test_a_worry_about_a_child_reaches_duty_ahead_of_everything(
    page: Any, live_server: Any, users: dict[str, Any]
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("referrals:index"))
    page.get_by_role("link", name="Tell us you are worried about a child's safety").click()
    assert "call 999 now" in page.locator(".govuk-warning-text").inner_text()
    assert "01634 334 466" in page.content()
    assert_accessible(page)
    page.get_by_role("button", name="Tell us about your worry").click()
    page.get_by_role("button", name="Send to the duty team now").click()
    summary = page.locator(".govuk-error-summary").inner_text()
    assert "Enter what you are worried about" in summary
    assert_accessible(page)
    page.get_by_label("Someone else (a relative, neighbour or member of the public)").check()
    page.get_by_label("What are you worried about?").fill("A child left alone at night, crying.")
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Send to the duty team now").click()
    assert "Enter why the family does not know" in page.locator(".govuk-error-summary").inner_text()
    assert (
        page.get_by_label("What are you worried about?").input_value()
        == "A child left alone at night, crying."
    )
    page.get_by_label("If the family does not know: why not?").fill("I am a neighbour and afraid to ask.")
    page.get_by_role("button", name="Send to the duty team now").click()
    concern = Referral.objects.get(route=Route.SAFETY_CONCERN)
    assert concern.reference in page.locator(".govuk-panel").inner_text()
    assert_accessible(page)

    sign_in(page, live_server.url, users[Role.DUTY_WORKER].username)
    assert "1 worry about a child's safety waiting" in page.locator(".govuk-notification-banner").inner_text()
    assert_accessible(page)
    page.get_by_role("link", name="Open the duty queue").click()
    first_row = page.locator("tbody tr").first.inner_text()
    assert concern.reference in first_row
    assert "Urgent" in first_row
    assert_accessible(page)
    page.get_by_role("link", name=str(concern.reference)).click()
    assert "A child left alone at night, crying." in page.content()
    assert_accessible(page)
    assert not errors, errors
