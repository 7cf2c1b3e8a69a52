"""Casework in the browser, from each person's home page by links and buttons alone, at phone and desktop
widths, with axe on every page: the social worker accepts a referral and assesses (a time-out in the middle
loses nothing), the team manager authorises, the plan justifies its funded support, the review at 4 months
changes it side by side, a package goes to panel; duty starts a section 47 enquiry on its clock."""

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
from localoffer.referrals.models import Route
from localoffer.referrals.tests.helpers import a_submitted_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]


def _look(page: Any, name: str, width: int) -> None:
    assert_accessible(page)
    folder = os.environ.get("LOCALOFFER_SHOTS") or os.environ.get("SCREENSHOTS_DIR")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"casework-{name}-{width}.png"), full_page=True)


def _menu(page: Any) -> None:
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible():
        menu.click()


def _go_home(page: Any) -> None:
    _menu(page)
    page.get_by_role("link", name="Your account").click()


def _sign_out(page: Any) -> None:
    _menu(page)
    page.get_by_role("button", name="Sign out").click()


@pytest.mark.parametrize("width", WIDTHS)
def test_from_referral_to_assessment_authorised_plan_review_and_panel(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    referral = a_submitted_referral(user=users[Role.PARENT_CARER], route=Route.DISABILITY_TEAM)
    base = live_server.url

    # The social worker accepts the referral: an assessment opens, and the referral links to it.
    sign_in(page, base, worker.username)
    page.get_by_role("link", name="Referrals for your team").click()
    page.get_by_role("link", name=str(referral.reference)).click()
    page.get_by_label("None of these: create a new record").check()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Accept: open the team's work with the child").check()
    page.get_by_role("button", name="Record the outcome").click()
    page.get_by_role("link", name="Child and family assessment, due").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Child and family assessment")
    expect(page.locator("main")).to_contain_text("45 working days")
    _look(page, "assessment", width)

    # What the referral said is offered; the session times out while the worker types; nothing is lost.
    page.get_by_role("link", name="Change the needs").click()
    needs = page.get_by_label("The child's needs")
    expect(needs).to_contain_text("Help with moving and handling at home.")
    typed = "Two carers for every transfer; wakes four times a night."
    needs.fill(typed)
    page.get_by_label("The carer's needs").fill("Mother has not slept through for a year.")
    page.context.clear_cookies(name="localoffer_session")  # the session has timed out (its cookie gone)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_label("User name")).to_be_visible()
    page.get_by_label("User name").fill(worker.username)
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator("#draft-restored")).to_be_visible()
    expect(page.get_by_label("The child's needs")).to_have_value(typed)
    _look(page, "assessment-restored", width)
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_label("Physical disability or illness: child").check()
    page.get_by_label("Support through a support plan").check()
    page.get_by_label("The support you recommend").fill("Overnight short breaks and a sitting service.")
    # What the short breaks places priority weighs is asked here; a step without it says so and keeps the rest.
    page.get_by_label("Level 3").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select how the family is managing with caring"
    )
    expect(page.get_by_label("Level 3")).to_be_checked()
    expect(page.get_by_label("The support you recommend")).to_have_value(
        "Overnight short breaks and a sitting service."
    )
    _look(page, "assessment-outcome-error", width)
    page.get_by_label("High: the family may not be able to carry on").check()
    page.get_by_label("Significant risk of family breakdown").check()
    _look(page, "assessment-outcome", width)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator("main")).to_contain_text("High: the family may not be able to carry on")
    page.get_by_role("button", name="Send to your manager to authorise").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Sent to your manager")
    _sign_out(page)

    # The team manager authorises it from their list.
    sign_in(page, base, manager.username)
    page.get_by_role("link", name="Your team's casework").click()
    _look(page, "team", width)
    page.get_by_role("link", name="Child and family assessment for Amara Okafor").click()
    page.get_by_role("link", name="Authorise or send back").click()
    page.get_by_label("Authorise the assessment").check()
    page.get_by_role("button", name="Record your decision").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assessment authorised")
    _sign_out(page)

    # The worker plans: funded support is refused without how it meets the need, and keeps what was typed.
    sign_in(page, base, worker.username)
    page.get_by_role("link", name="Children and young people").click()
    page.get_by_role("link", name="Amara Okafor").click()
    _look(page, "record", width)
    page.get_by_role("link", name="Start a plan").click()
    page.get_by_label("Child in need plan").check()
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_label("The outcome for the child").fill("Amara sleeps and her mother rests")
    page.get_by_label("The support for it").fill("A night sitter twice a week")
    page.get_by_label("The council pays for this support").check()
    page.get_by_label("Cost a year, in pounds").fill("4,160")
    page.get_by_role("button", name="Add the support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say how this funded support meets the need")
    expect(page.get_by_label("The support for it")).to_have_value("A night sitter twice a week")
    _look(page, "plan-error", width)
    page.get_by_label("How it meets the assessed need").fill("The assessment found the night-time care need.")
    page.get_by_role("button", name="Add the support").click()
    expect(page.locator("#support ~ .govuk-summary-card")).to_contain_text("£4,160")
    _sign_out(page)

    sign_in(page, base, manager.username)
    page.get_by_role("link", name="Your team's casework").click()
    page.get_by_role("link", name="Child in need plan for Amara Okafor").click()
    page.get_by_role("button", name="Authorise the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("first review is scheduled")
    _look(page, "plan-authorised", width)
    _sign_out(page)

    # The review at 4 months changes the support; the change shows side by side.
    sign_in(page, base, worker.username)
    page.get_by_role("link", name="Your casework").click()
    _look(page, "my-work", width)
    page.get_by_role("link", name="Review 1 of the child in need plan").click()
    held = dt.date.today()
    page.get_by_label("Day", exact=True).fill(str(held.day))
    page.get_by_label("Month", exact=True).fill(str(held.month))
    page.get_by_label("Year", exact=True).fill(str(held.year))
    page.get_by_label("What the review found").fill("Sleeping better; a third night would help.")
    page.get_by_label("The support", exact=True).fill("A night sitter three times a week")
    page.get_by_label("Cost a year, in pounds").fill("6,240")
    page.get_by_role("button", name="Record the review").click()
    expect(page.locator("table")).to_contain_text("Changed")
    expect(page.locator("table")).to_contain_text("£6,240")
    _look(page, "review", width)

    # Overnight breaks go to panel before they can be authorised.
    page.get_by_role("link", name="Back to the plan").click()
    page.get_by_role("link", name="Back to Amara's record").click()
    page.get_by_role("link", name="Start a plan").click()
    page.get_by_label("Support plan", exact=True).check()
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_label("The outcome for the child").fill("Amara has time away with friends")
    page.get_by_label("The support for it").fill("Parklands, two nights a month")
    page.get_by_label("The council pays for this support").check()
    page.get_by_label("Cost a year, in pounds").fill("12000")
    page.get_by_label("How it meets the assessed need").fill(
        "Meets the carer's need for rest the assessment found."
    )
    page.get_by_label("Overnight short breaks").check()
    page.get_by_label("Legal basis of the overnight breaks").select_option("s20_reg48")
    page.get_by_label("Why this legal basis").fill("A planned series of short breaks")
    page.get_by_role("button", name="Add the support").click()
    page.get_by_role("link", name="Put the plan to panel").click()
    page.get_by_label("What are you asking the panel to agree?").fill("Two nights a month at Parklands")
    page.get_by_role("button", name="Put it to the next panel").click()
    expect(page.locator("main")).to_contain_text("Waiting for the panel's decision")
    _sign_out(page)

    sign_in(page, base, manager.username)
    page.get_by_role("link", name="Your team's casework").click()
    page.get_by_role("link", name="Panels").click()
    page.get_by_label("Day", exact=True).fill("14")
    page.get_by_label("Month", exact=True).fill("12")
    page.get_by_label("Year", exact=True).fill(str(dt.date.today().year + 1))
    page.get_by_role("button", name="Set up the panel").click()
    expect(page.locator("main")).to_contain_text("Two nights a month at Parklands")
    _look(page, "panel", width)
    page.get_by_role("link", name="Record the decision for Amara Okafor").click()
    page.get_by_label("Approved", exact=True).check()
    page.get_by_label("The panel's reasons").fill("Meets the carer's need; review at 3 months.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("main")).to_contain_text("Decision: Approved")
    page.get_by_role("link", name="The support plan for Amara").click()
    page.get_by_role("button", name="Authorise the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("first review is scheduled")
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_duty_starts_a_section_47_enquiry_on_its_15_working_day_clock(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    ChildFactory(first_name="Kai", last_name="Brennan", date_of_birth=dt.date(2016, 2, 3))
    sign_in(page, live_server.url, users[Role.DUTY_WORKER].username)
    page.get_by_role("link", name="Duty", exact=True).click()
    _look(page, "duty", width)
    _go_home(page)
    page.get_by_role("link", name="Children and young people").click()
    page.get_by_label("Name").fill("brennan")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name="Kai Brennan").click()
    page.get_by_label("Responding to a concern about the child's safety").check()
    page.get_by_role("button", name="Open the record").click()
    page.get_by_role("link", name="Start a section 47 enquiry").click()
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("12")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_role("button", name="Start the enquiry").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("conference due by 22 December 2026")
    _look(page, "section47", width)
    _go_home(page)
    page.get_by_role("link", name="Duty", exact=True).click()
    expect(page.locator("#enquiries ~ ul")).to_contain_text("Kai Brennan")
    assert not errors, errors


def _a_child_the_team_works_with() -> Any:
    from localoffer.people.services import involvement_start
    from localoffer.teams.models import Team

    child: Any = ChildFactory(first_name="Leo", last_name="Marsh", date_of_birth=dt.date(2015, 5, 6))
    involvement_start(
        child=child, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=dt.date(2025, 1, 6)
    )
    return child


@pytest.mark.parametrize("width", WIDTHS)
def test_a_worker_corrects_a_case_note_and_the_earlier_wording_is_kept(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    _a_child_the_team_works_with()
    worker = users[Role.SOCIAL_WORKER]
    sign_in(page, live_server.url, worker.username)
    page.get_by_role("link", name="Children and young people").click()
    page.get_by_role("link", name="Leo Marsh").click()
    page.get_by_role("link", name="Add a case note").first.click()
    page.get_by_label("Visit").check()
    page.get_by_label("Day", exact=True).fill("30")
    page.get_by_label("Month", exact=True).fill("11")
    page.get_by_label("Year", exact=True).fill("2026")
    page.get_by_label("What happened").fill("Saw Leo at home with his father.")
    page.get_by_label("What was agreed").fill("A sitter on Tuesdays")
    page.get_by_role("button", name="Save the case note").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Case note saved")
    page.get_by_role("link", name=re.compile("^See the note")).click()
    page.get_by_role("link", name="Correct this note").click()
    agreed = page.get_by_label("What was agreed")
    agreed.fill("A sitter on Thursdays")
    page.get_by_role("button", name="Save the correction").click()
    # No reason given: refused, with the summary and the field's own message, and what was typed kept.
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you are correcting the note")
    expect(page.get_by_label("What was agreed")).to_have_value("A sitter on Thursdays")
    _look(page, "note-correct-error", width)
    page.get_by_label("Why you are correcting it").fill("The day agreed was wrong")
    page.get_by_role("button", name="Save the correction").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("earlier wording is kept")
    expect(page.locator("#version-2")).to_contain_text("A sitter on Thursdays")
    expect(page.locator("#version-2")).to_contain_text("The day agreed was wrong")
    expect(page.locator("#version-1")).to_contain_text("A sitter on Tuesdays")
    expect(page.locator("#version-1")).to_contain_text(f"written by {worker.get_full_name()}")
    _look(page, "note-history", width)
    page.get_by_role("link", name="Back to Leo's record").click()
    expect(page.locator("#chronology-entries")).to_contain_text(
        f"Visit (corrected by {worker.get_full_name()}"
    )
    _look(page, "record-corrected-note", width)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_a_draft_plans_support_is_changed_until_it_is_authorised(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    _a_child_the_team_works_with()
    base = live_server.url
    sign_in(page, base, users[Role.SOCIAL_WORKER].username)
    page.get_by_role("link", name="Children and young people").click()
    page.get_by_role("link", name="Leo Marsh").click()
    page.get_by_role("link", name="Start a plan").click()
    page.get_by_label("Child in need plan").check()
    page.get_by_role("button", name="Start the plan").click()
    page.get_by_label("The outcome for the child").fill("Leo's father rests")
    page.get_by_label("The support for it").fill("A sitter")
    page.get_by_role("button", name="Add the support").click()
    page.get_by_role("link", name="Change support 1").click()
    _look(page, "line-change", width)
    page.get_by_label("The support for it").fill("A night sitter twice a week")
    page.get_by_label("The council pays for this support").check()
    page.get_by_label("Cost a year, in pounds").fill("4,160")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say how this funded support meets the need")
    expect(page.locator("#id_justification-error")).to_contain_text("Say how this funded support")
    expect(page.get_by_label("The support for it")).to_have_value("A night sitter twice a week")
    expect(page.get_by_label("Cost a year, in pounds")).to_have_value("4,160")
    _look(page, "line-change-error", width)
    page.get_by_label("How it meets the assessed need").fill("The assessment found the night-time care need.")
    page.get_by_role("button", name="Save the change").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Support changed")
    expect(page.locator("#support ~ .govuk-summary-card")).to_contain_text("£4,160")
    expect(page.locator("#support ~ .govuk-summary-card")).to_contain_text("A night sitter twice a week")
    _sign_out(page)

    sign_in(page, base, users[Role.MANAGER].username)
    page.get_by_role("link", name="Your team's casework").click()
    page.get_by_role("link", name="Child in need plan for Leo Marsh").click()
    page.get_by_role("button", name="Authorise the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("first review is scheduled")
    # Authorised: no more changes here; they go through its review.
    expect(page.get_by_role("link", name="Change support 1")).to_have_count(0)
    expect(page.locator("#change-at-review")).to_contain_text("its support changes at its review")
    _look(page, "plan-authorised-change-at-review", width)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_a_long_list_shows_the_most_urgent_and_see_all_pages_the_rest(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    from localoffer.casework import services
    from localoffer.casework.models import AssessmentKind
    from localoffer.core.working_days import add_working_days

    page.set_viewport_size({"width": width, "height": 900})
    errors = watch_console(page)
    worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    for n in range(27):  # overdue, a working day apart: Child00 the most overdue
        child: Any = ChildFactory(first_name=f"Child{n:02d}", last_name="Long")
        services.assessment_open(
            child=child,
            team=worker.team,
            by=worker,
            kind=AssessmentKind.CARER,
            carer_name=f"Carer {n}",
            started_on=add_working_days(dt.date(2025, 1, 6), n),
        )
    base = live_server.url
    sign_in(page, base, worker.username)
    page.get_by_role("link", name="Your casework").click()
    expect(page.get_by_role("heading", name="Overdue (27)")).to_be_visible()
    expect(page.locator("#assessments ~ table").first.locator("tbody tr")).to_have_count(10)
    _look(page, "my-work-long", width)
    page.get_by_role("link", name="See all 27").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your assessments: overdue (27)")
    expect(page.locator("tbody tr")).to_have_count(25)
    expect(page.locator("tbody tr").first).to_contain_text("Child00 Long")
    _look(page, "my-work-overdue-1", width)
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_text("Page 2 of 2")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody tr").last).to_contain_text("Child26 Long")
    _look(page, "my-work-overdue-2", width)
    page.get_by_role("link", name="Back to your casework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your casework")
    _sign_out(page)

    sign_in(page, base, manager.username)
    page.get_by_role("link", name="Your team's casework").click()
    expect(page.get_by_role("heading", name="Overdue (27)")).to_be_visible()
    page.get_by_role("link", name="See all 27").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("The team's open assessments: overdue (27)")
    expect(page.locator("tbody tr")).to_have_count(25)
    _look(page, "team-overdue-1", width)
    page.get_by_role("link", name="Back to your team's casework").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your team's casework")
    assert not errors, errors
