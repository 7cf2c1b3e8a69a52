"""Early help journeys in the browser, from each person's home page by links and buttons alone, at phone and
desktop widths, with an axe-core scan of every page: the hub's practitioner accepts a referral, chooses the
lead with the family, does the assessment and plan, records progress and steps up to the 0 to 25 team; the
hub manager finds a plan overdue for review, closes early help and downloads the outcome evidence; the
family sees who their lead is and says how it is going."""

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
from localoffer.earlyhelp import services
from localoffer.earlyhelp.models import Episode, EpisodeStatus
from localoffer.earlyhelp.tests.helpers import an_open_episode, days_ago
from localoffer.referrals.models import Referral, Route
from localoffer.referrals.tests.helpers import a_submitted_referral

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


@pytest.mark.parametrize("width", WIDTHS)
def test_the_hub_accepts_a_referral_chooses_the_lead_plans_and_steps_up(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    partner = users[Role.PARTNER_PRACTITIONER]
    partner.organisation = "Luton Junior School"
    partner.save()
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.EARLY_HELP, area="Chatham")
    reference = str(referral.reference)
    today = dt.date.today()

    sign_in(page, live_server.url, users[Role.EARLY_HELP_PRACTITIONER].username)
    _look(page, "eh-home", width)
    page.get_by_role("link", name="Referrals for your team").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_label("None of these: create a new record").check()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Accept: open the team's work with the child").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Outcome recorded: Accepted")
    page.get_by_role("link", name="Early help for The Okafor family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Okafor family")
    expect(page.locator("#lead + dd, #lead")).to_contain_text("Not chosen yet")
    _look(page, "eh-episode-new", width)

    # The lead, chosen with the family: saying nothing of the family's say is refused, the choice kept.
    page.get_by_role("link", name="Choose the lead practitioner").click()
    page.get_by_label(f"{partner}, Luton Junior School").check()
    page.get_by_role("button", name="Save the lead practitioner").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what the family said about who should be their lead"
    )
    expect(page.get_by_label(f"{partner}, Luton Junior School")).to_be_checked()
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    _look(page, "eh-lead-error", width)
    page.get_by_label("What the family said about who should be their lead").fill(
        "Mum asked for Amara's teacher: Amara trusts her."
    )
    page.get_by_role("button", name="Save the lead practitioner").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Lead practitioner chosen")
    expect(page.locator("main")).to_contain_text(f"{partner}, Luton Junior School")

    page.get_by_role("link", name="Do the family assessment").click()
    page.get_by_label("What is going well, in the family's words").fill("We laugh a lot together.")
    page.get_by_label("What is going well, in your words").fill("Warm, close relationships.")
    page.get_by_label("The worries, in the family's words").fill("Amara will not go to school.")
    page.get_by_label("The worries, in your words").fill("Attendance is 62% this term.")
    page.get_by_label("What the family wants to change").fill("Amara at school every day.")
    _look(page, "eh-assessment", width)
    page.get_by_role("button", name="Save the assessment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Family assessment saved")

    page.get_by_role("link", name="Add an action to the plan").click()
    page.get_by_label("What will be done").fill("Walk to school together each morning")
    page.get_by_label("Who will do it").fill("Mum")
    _date(page, "By when", today + dt.timedelta(days=14))
    page.get_by_label("Getting a good education (school attendance)").check()
    page.get_by_role("button", name="Add the action").click()
    expect(page.locator("#plan + table")).to_contain_text("Walk to school together each morning")

    page.get_by_role("link", name="Add someone to the team around the family").click()
    page.get_by_label("Name", exact=True).fill("Jo Nurse")
    page.get_by_label("Agency").fill("Health visiting")
    page.get_by_label("What they do with the family").fill("Sleep routines for the baby")
    page.get_by_role("button", name="Add to the team").click()
    expect(page.locator("#team + table")).to_contain_text("Health visiting")

    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("At the start (after the family assessment)").check()
    page.get_by_role("group", name="Getting a good education (school attendance)").get_by_label(
        "No change yet"
    ).check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the date of the plan's next review")
    _look(page, "eh-progress-error", width)
    _date(page, "Next review of the plan", today + dt.timedelta(days=42))
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator("#progress + table")).to_contain_text("No change yet")
    _look(page, "eh-episode-planned", width)

    # Step up: the record goes with the referral; nothing is typed again.
    page.get_by_role("link", name="Step up to the 0 to 25 team or duty").click()
    expect(page.locator("main")).to_contain_text("Amara will not go to school.")
    page.get_by_label("The 0 to 25 disability team").check()
    page.get_by_label("Amara Okafor, born 27 March 2015").check()
    page.get_by_label("Why the family needs social care now").fill("A diagnosis of autism; needs assessment.")
    page.get_by_label("Yes").check()
    _look(page, "eh-step-up", width)
    page.get_by_role("button", name="Send the referral").click()
    sent = page.locator(".govuk-notification-banner", has_text="sent to 0 to 25 disability team")
    expect(sent).to_contain_text("with this early help record")
    expect(page.locator("main")).to_contain_text("The lead stays with the family until social care accepts")
    step_up = page.locator("#step-up + p")
    expect(step_up).to_contain_text("Received")
    step_up.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("0 to 25 disability team referral sent")
    expect(page.locator("main")).to_contain_text("Attendance is 62% this term.")
    step_up_reference = str(Referral.objects.get(route=Route.DISABILITY_TEAM).reference)

    # The 0 to 25 team reads the early help record with the referral, and follows it to the record itself.
    page.context.clear_cookies()  # another person, at their own computer
    sign_in(page, live_server.url, users[Role.SOCIAL_WORKER].username)
    page.get_by_role("link", name="Referrals for your team").click()
    page.get_by_role("link", name=step_up_reference).click()
    expect(page.locator("main")).to_contain_text("Walk to school together each morning (owner: Mum")
    _look(page, "eh-step-up-received", width)
    page.get_by_role("link", name="Early help record of The Okafor family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The Okafor family")
    expect(page.get_by_role("link", name="Record progress")).to_have_count(0)  # read only
    _look(page, "eh-episode-read-only", width)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_the_hub_manager_finds_an_overdue_plan_closes_early_help_and_gets_the_evidence(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    manager = users[Role.MANAGER]
    manager.team = users[Role.EARLY_HELP_PRACTITIONER].team
    manager.save()
    episode = an_open_episode(users)
    Episode.objects.filter(pk=episode.pk).update(opened_on=days_ago(120), review_due_on=days_ago(3))
    services.progress_record(
        episode=episode,
        key_point="start",
        recorded_on=days_ago(100),
        ratings={"school_attendance": ("no_change", "")},
        next_review_on=days_ago(3),
        by=users[Role.EARLY_HELP_PRACTITIONER],
    )

    sign_in(page, live_server.url, manager.username)
    page.get_by_role("link", name="Early help families").click()
    overdue = page.locator("#overdue + table")
    expect(overdue).to_contain_text("The Okafor family")
    expect(overdue).to_contain_text("Overdue")
    _look(page, "eh-caseload", width)
    page.get_by_label("Hub").select_option(label="Strood Children and Family Hub")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("main")).to_contain_text("No family has early help open in Strood")
    page.get_by_label("Hub").select_option(label="Chatham All Saints Children and Family Hub")
    page.get_by_role("button", name="Show").click()
    overdue.get_by_role("link", name="The Okafor family").click()

    page.get_by_role("link", name="Record progress").click()
    page.get_by_label("At closure").check()
    page.get_by_role("group", name="Getting a good education (school attendance)").get_by_label(
        "Outcome achieved and sustained"
    ).check()
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the evidence for getting a good education (school attendance)"
    )
    expect(
        page.get_by_role("group", name="Getting a good education (school attendance)").get_by_label(
            "Outcome achieved and sustained"
        )
    ).to_be_checked()
    page.get_by_label("Evidence for getting a good education (school attendance)").fill(
        "Attendance 97% for two terms"
    )
    page.get_by_role("button", name="Record progress").click()
    expect(page.locator("#progress + table")).to_contain_text("Outcome achieved and sustained")

    page.get_by_role("link", name="Close early help").click()
    page.get_by_label("The family's aims were met", exact=True).check()
    page.get_by_label("Yes: the change has lasted").check()
    page.get_by_label("Summary for the family's record").fill("Amara is back at school every day.")
    _look(page, "eh-close", width)
    page.get_by_role("button", name="Close early help").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Early help closed")
    expect(page.locator("main")).to_contain_text("The family's aims were met. Lasted: Yes")
    _look(page, "eh-episode-closed", width)

    page.get_by_role("link", name="Back to early help families").click()
    page.get_by_role("link", name="Outcome evidence for a period").click()
    _date(page, "From", days_ago(30))
    _date(page, "To", dt.date.today())
    page.get_by_role("button", name="Show the period").click()
    school = page.locator("#outcomes-table tr", has_text="school attendance")
    expect(school.locator("td").nth(1)).to_have_text("1")
    expect(page.locator("main")).to_contain_text("Attendance 97% for two terms")
    _look(page, "eh-outcomes", width)
    with page.expect_download() as download:
        page.get_by_role("link", name="Download as CSV").click()
    text = Path(download.value.path()).read_text()
    assert "Attendance 97% for two terms" in text
    assert Episode.objects.get(pk=episode.pk).status == EpisodeStatus.CLOSED
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_the_family_sees_its_lead_and_says_how_it_is_going(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    episode = an_open_episode(users)
    parent = users[Role.PARENT_CARER]
    services.family_member_add(
        family=episode.family, name=str(parent), relationship="Mum", account=parent, by=None
    )
    services.lead_choose(
        episode=episode,
        lead=users[Role.EARLY_HELP_PRACTITIONER],
        with_family="Mum chose the hub worker she met",
        by=users[Role.EARLY_HELP_PRACTITIONER],
    )

    sign_in(page, live_server.url, parent.username)
    page.get_by_role("link", name="Your family's early help").click()
    expect(page.locator("main")).to_contain_text(str(users[Role.EARLY_HELP_PRACTITIONER]))
    _look(page, "eh-family", width)
    page.get_by_role("link", name="Tell us how it is going").click()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select how it is going")
    _look(page, "eh-feedback-error", width)
    page.get_by_label("Some of it is helping").check()
    page.get_by_label("Anything you want to tell us about it, or about your lead person").fill(
        "Mornings are better."
    )
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("your lead practitioner will see")
    assert episode.feedback.get().comments == "Mornings are better."
    assert not errors, errors
