"""The places journeys in headless Chromium, at phone and desktop widths, with axe on every page: a parent asks
for nights at Parklands (and sees an error the GOV.UK way first), the commissioner runs the allocation and
publishes it after its confirmation page, the parent accepts the offer, Parklands' staff record the stay, and
the manager reads utilisation and cost. Each person starts from their home page and follows links only."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.casework import services as casework
from localoffer.core.roles import Role
from localoffer.people.models import Relationship
from localoffer.people.services import family_link_create, involvement_start
from localoffer.places.models import Booking, BookingStatus, Setting
from localoffer.places.services import (
    care_info_set,
    entitlement_grant,
    provider_membership_set,
    stay_book,
    window_create,
)
from localoffer.places.tests.helpers import a_child, staffed
from localoffer.teams.models import Team

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
WIDTHS = [390, 1280]


def _look(page: Any, name: str, width: int) -> None:
    assert_accessible(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide}px wide on a {width}px screen"
    folder = os.environ.get("LOCALOFFER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"places-{name}-{width}.png"), full_page=True)


@pytest.fixture
def person(browser: Any, live_server: Any) -> Iterator[Any]:
    """A fresh browser for each person in the journey, signed in from the sign-in page to their home page."""
    contexts: list[Any] = []

    def open_as(username: str, width: int) -> Any:
        context = browser.new_context(locale="en-GB", timezone_id="Europe/London")
        contexts.append(context)
        tab = context.new_page()
        tab.set_viewport_size({"width": width, "height": 900})
        sign_in(tab, live_server.url, username)
        return tab

    yield open_as
    for context in contexts:
        context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_request_allocate_accept_record_and_read_utilisation(
    person: Any, users: dict[str, Any], medway_places: dict[str, Setting], width: int
) -> None:
    parklands = medway_places["parklands"]
    today = timezone.localdate()
    first = today + dt.timedelta(days=3)
    staffed(parklands, first=today, last=first + dt.timedelta(days=10), staff=2)
    window = window_create(
        setting=parklands,
        title="Holiday nights",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=1),
        first_day=first,
        last_day=first + dt.timedelta(days=6),
    )
    robin = a_child(age_on=first, age=11, first_name="Robin", last_name="Example")
    family_link_create(child=robin, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    involvement_start(child=robin, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=today)
    for year in {first.year - 1, first.year}:
        entitlement_grant(child=robin, setting=parklands, year=year, by=None)
    care_info_set(child=robin, by=None, medication="Melatonin at 7pm", who_collects="Pat, their parent")
    staff = users[Role.PROVIDER_STAFF]
    provider_membership_set(user=staff, setting=parklands)

    # The parent asks for two nights, forgetting how many first.
    parent = person(users[Role.PARENT_CARER].username, width)
    errors = watch_console(parent)
    parent.get_by_role("link", name="Short breaks places").click()
    expect(parent.get_by_role("heading", level=1)).to_have_text("Short breaks places: requests and offers")
    _look(parent, "mine-empty", width)
    parent.get_by_role("link", name=f"Ask for nights at Parklands short breaks home, {window.title}").click()
    _look(parent, "request", width)
    parent.get_by_label("Robin Example").check()
    parent.locator("[name=first_day_day]").fill(str(first.day))
    parent.locator("[name=first_day_month]").fill(str(first.month))
    parent.locator("[name=first_day_year]").fill(str(first.year))
    parent.get_by_role("group", name="Would other nights").get_by_label("No").check()
    parent.get_by_role("group", name="How are you managing?").get_by_label("High").check()
    parent.get_by_role("group", name="Without a break").get_by_label("Possible").check()
    parent.get_by_role("group", name="Does the child live in Medway?").get_by_label("Yes").check()
    parent.get_by_role("group", name="Does the family already have other support?").get_by_label("No").check()
    parent.get_by_role("button", name="Send the request").click()
    expect(parent.locator(".govuk-error-summary")).to_contain_text("Enter how many nights")
    expect(parent.get_by_label("Robin Example")).to_be_checked()  # nothing chosen is lost
    _look(parent, "request-error", width)
    parent.get_by_label("How many nights?").fill("2")
    parent.get_by_role("button", name="Send the request").click()
    expect(parent.locator(".govuk-notification-banner--success")).to_contain_text("is saved")
    _look(parent, "mine-requested", width)

    # The commissioner runs the allocation, reads each child's reason, and publishes after checking.
    commissioner = person(users[Role.COMMISSIONER].username, width)
    commissioner.get_by_role("link", name="Allocating places").click()
    _look(commissioner, "windows", width)
    commissioner.get_by_role("link", name=f"Parklands short breaks home: {window.title}").click()
    _look(commissioner, "window", width)
    commissioner.get_by_label("Version 1 (published)").check()
    commissioner.get_by_label("The allocation, to publish").check()
    commissioner.get_by_label("Lottery seed (optional)").fill("20261202")
    commissioner.get_by_role("button", name="Run").click()
    expect(commissioner.locator("table")).to_contain_text("Offered the 2 nights")
    _look(commissioner, "run", width)
    commissioner.get_by_role("link", name="Check and publish this allocation").click()
    _look(commissioner, "publish-confirm", width)
    commissioner.get_by_role("button", name="Confirm and publish the allocation").click()
    expect(commissioner.locator(".govuk-notification-banner--success")).to_contain_text("1 offers made")

    # The parent reads why, and accepts.
    parent.reload()  # the parent looks at their requests again
    expect(parent.locator(".govuk-summary-card")).to_contain_text("Priority: ")
    _look(parent, "mine-offered", width)
    parent.get_by_role("link", name="Answer the offer").click()
    _look(parent, "offer", width)
    parent.get_by_label("Yes, accept the offer").check()
    parent.get_by_role("button", name="Send your answer").click()
    expect(parent.locator(".govuk-notification-banner--success")).to_contain_text("Robin's nights are booked")
    assert Booking.objects.filter(child=robin, status=BookingStatus.BOOKED).count() == 2

    # Parklands' staff find the night, read the care information, and record the stay.
    provider = person(staff.username, width)
    provider.get_by_role("link", name="Your setting").click()
    if first.month != today.month:
        provider.get_by_role("link", name="Next month").click()
    _look(provider, "calendar", width)
    provider.get_by_role("link", name=first.strftime("%A %-d %B")).click()
    expect(provider.locator(".govuk-summary-card")).to_contain_text("Melatonin at 7pm")
    _look(provider, "day", width)
    provider.get_by_role("link", name="Record attendance for Robin").click()
    provider.get_by_label("Missed (the child did not come)").check()
    provider.get_by_role("button", name="Save attendance").click()
    expect(provider.locator(".govuk-error-summary")).to_contain_text("Say why")
    _look(provider, "attendance-error", width)
    provider.get_by_role("radio", name="Delivered").check()
    provider.get_by_role("button", name="Save attendance").click()
    expect(provider.locator(".govuk-summary-card")).to_contain_text("Delivered")
    provider.get_by_role("link", name="Back to").click()
    provider.get_by_role("link", name="What you are owed and paid").click()
    expect(provider.locator("dl")).to_contain_text("£600")
    _look(provider, "money", width)

    # The manager reads utilisation and cost, its chart beside the table.
    manager = person(users[Role.MANAGER].username, width)
    manager.get_by_role("link", name="Places: utilisation and cost").click()
    expect(manager.locator("h2").first).to_have_text("Parklands after school club")
    expect(manager.locator("figure svg").first).to_be_visible()
    _look(manager, "utilisation", width)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_finds_how_places_are_given_from_the_home_page(
    page: Any, live_server: Any, medway_places: dict[str, Setting], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Nights at Parklands and holiday places").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Short breaks places: how they are given", use_inner_text=True
    )
    expect(page.get_by_role("heading", name="The settings")).to_be_visible()
    expect(page.locator("#priority")).to_contain_text("The priority (version", use_inner_text=True)
    _look(page, "index", width)


def _fill_date(page: Any, name: str, day: dt.date) -> None:
    page.locator(f"[name={name}_day]").fill(str(day.day))
    page.locator(f"[name={name}_month]").fill(str(day.month))
    page.locator(f"[name={name}_year]").fill(str(day.year))


def _capacity_row(page: Any, day: dt.date) -> Any:
    return page.locator("#capacity tbody tr", has_text=day.strftime("%A %-d %B"))


@pytest.mark.parametrize("width", WIDTHS)
def test_the_commissioner_sets_the_staff_on_shift_and_a_bed_out_of_service_and_sees_capacity_change(
    person: Any, users: dict[str, Any], medway_places: dict[str, Setting], width: int
) -> None:
    today = timezone.localdate()
    night = today.replace(day=1) + dt.timedelta(days=40)  # in the month after next's first days
    night = night.replace(day=3)
    commissioner = person(users[Role.COMMISSIONER].username, width)
    errors = watch_console(commissioner)
    commissioner.get_by_role("link", name="Allocating places").click()
    commissioner.get_by_role("link", name="Parklands short breaks home: staff and capacity").click()
    expect(commissioner.get_by_role("heading", level=1)).to_contain_text("Staff on shift and capacity")
    _look(commissioner, "capacity-empty", width)

    # The staff on shift for a week, forgetting how many first.
    commissioner.get_by_role("link", name="Set the staff on shift").click()
    _fill_date(commissioner, "first_day", night)
    _fill_date(commissioner, "last_day", night + dt.timedelta(days=6))
    commissioner.get_by_role("button", name="Save the staff on shift").click()
    expect(commissioner.locator(".govuk-error-summary")).to_contain_text("Enter how many staff are on shift")
    expect(commissioner.locator("[name=first_day_day]")).to_have_value(
        str(night.day)
    )  # nothing typed is lost
    _look(commissioner, "roster-error", width)
    commissioner.get_by_label("Staff on shift").fill("2")
    commissioner.get_by_role("button", name="Save the staff on shift").click()
    expect(commissioner.locator(".govuk-notification-banner--success")).to_contain_text(
        "2 staff on shift on 7 opening nights"
    )
    expect(_capacity_row(commissioner, night)).to_contain_text("4 of 5")
    _look(commissioner, "capacity-staffed", width)

    # Bed 1's hoist breaks for a night.
    commissioner.get_by_role("link", name="Record out of service").click()
    commissioner.get_by_label("Bed 1", exact=True).check()
    _fill_date(commissioner, "starts_on", night)
    _fill_date(commissioner, "ends_on", night)
    commissioner.get_by_role("button", name="Record out of service").click()
    expect(commissioner.locator(".govuk-error-summary")).to_contain_text("Say why it is out of service")
    expect(commissioner.get_by_label("Bed 1", exact=True)).to_be_checked()
    _look(commissioner, "out-of-service-error", width)
    commissioner.get_by_label("Why?").fill("Broken hoist")
    commissioner.get_by_role("button", name="Record out of service").click()
    expect(commissioner.locator(".govuk-notification-banner--success")).to_contain_text(
        "Bed 1 is out of service"
    )
    expect(_capacity_row(commissioner, night)).to_contain_text("4 of 4")
    expect(_capacity_row(commissioner, night)).to_contain_text("Bed 1 out of service: Broken hoist")
    expect(commissioner.locator("table").first).to_contain_text("Broken hoist")
    _look(commissioner, "capacity-out-of-service", width)

    # And a window for the holiday.
    commissioner.get_by_role("link", name="Back to allocating places").click()
    commissioner.get_by_role("link", name="Open a request window").click()
    commissioner.get_by_label("Parklands short breaks home").check()
    commissioner.get_by_label("Name of the window").fill("Christmas holidays 2026")
    _fill_date(commissioner, "first_day", night)
    _fill_date(commissioner, "last_day", night + dt.timedelta(days=6))
    _fill_date(commissioner, "opens_on", today)
    _fill_date(commissioner, "closes_on", night)
    commissioner.get_by_role("button", name="Open the window").click()
    expect(commissioner.locator(".govuk-error-summary")).to_contain_text(
        "Requests must close before the first day"
    )
    expect(commissioner.get_by_label("Name of the window")).to_have_value("Christmas holidays 2026")
    _look(commissioner, "window-new-error", width)
    _fill_date(commissioner, "closes_on", today + dt.timedelta(days=7))
    commissioner.get_by_role("button", name="Open the window").click()
    expect(commissioner.locator(".govuk-notification-banner--success")).to_contain_text(
        "Christmas holidays 2026 at Parklands short breaks home is open for requests"
    )
    expect(commissioner.get_by_role("heading", level=1)).to_have_text("Christmas holidays 2026")
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_social_worker_asks_for_nights_for_a_child_from_their_record(
    person: Any, users: dict[str, Any], medway_places: dict[str, Setting], width: int
) -> None:
    parklands = medway_places["parklands"]
    today = timezone.localdate()
    first = today + dt.timedelta(days=14)
    window = window_create(
        setting=parklands,
        title="Christmas holidays",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=7),
        first_day=first,
        last_day=first + dt.timedelta(days=10),
    )
    sam = a_child(age_on=first, age=12, first_name="Sam", last_name="Example")
    involvement_start(child=sam, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=today)

    worker = person(users[Role.SOCIAL_WORKER].username, width)
    errors = watch_console(worker)
    worker.get_by_role("link", name="Children and young people").click()
    worker.get_by_role("link", name="Sam Example").click()
    expect(worker.locator("#places")).to_have_text("Short breaks places")
    _look(worker, "child-record", width)
    worker.get_by_role(
        "link", name=f"Ask for nights at Parklands short breaks home for Sam, {window.title}"
    ).click()
    expect(worker.get_by_label("Sam Example")).to_be_checked()
    expect(worker.locator(".govuk-inset-text")).to_contain_text("record what you know of their need")
    _look(worker, "worker-request", width)
    _fill_date(worker, "first_day", first)
    worker.get_by_label("How many nights?").fill("3")
    worker.get_by_role("group", name="Would other nights").get_by_label("Yes").check()
    worker.get_by_role("group", name="Level of need").get_by_label("Level 3").check()
    worker.get_by_role("group", name="Carer strain").get_by_label("High").check()
    worker.get_by_role("group", name="Risk of family breakdown").get_by_label("Significant").check()
    worker.get_by_role("group", name="Does the child live in Medway?").get_by_label("Yes").check()
    worker.get_by_role("group", name="Does the family already have other support?").get_by_label("No").check()
    worker.get_by_role("button", name="Send the request").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text("member of staff of their own")
    expect(worker.get_by_role("group", name="Level of need").get_by_label("Level 3")).to_be_checked()
    _look(worker, "worker-request-error", width)
    worker.get_by_role("group", name="member of staff of their own").get_by_label("No").check()
    worker.get_by_role("button", name="Send the request").click()
    expect(worker.locator(".govuk-notification-banner--success")).to_contain_text("for Sam is saved")
    expect(worker.locator(".govuk-summary-card")).to_contain_text("Sam Example: Parklands short breaks home")
    _look(worker, "worker-requested", width)
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_a_social_worker_is_not_asked_again_what_the_childs_authorised_assessment_records(
    person: Any, users: dict[str, Any], medway_places: dict[str, Setting], width: int
) -> None:
    today = timezone.localdate()
    first = today + dt.timedelta(days=14)
    window = window_create(
        setting=medway_places["parklands"],
        title="Christmas holidays",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=7),
        first_day=first,
        last_day=first + dt.timedelta(days=10),
    )
    sam = a_child(age_on=first, age=12, first_name="Sam", last_name="Example")
    involvement_start(child=sam, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=today)
    social_worker, manager = users[Role.SOCIAL_WORKER], users[Role.MANAGER]
    manager.team = social_worker.team
    manager.save()
    assessment = casework.assessment_open(child=sam, team=social_worker.team, by=social_worker)
    casework.assessment_save(
        assessment=assessment,
        by=social_worker,
        child_needs="Needs waking night care",
        factors=["5A"],
        outcome="support_plan",
        recommended_support="Overnight short breaks",
        need_level=3,
        carer_strain="high",
        breakdown_risk="significant",
    )
    casework.assessment_submit(assessment=assessment, by=social_worker)
    casework.assessment_authorise(assessment=assessment, by=manager, on=dt.date(2026, 11, 2))

    worker = person(social_worker.username, width)
    errors = watch_console(worker)
    worker.get_by_role("link", name="Children and young people").click()
    worker.get_by_role("link", name="Sam Example").click()
    worker.get_by_role(
        "link", name=f"Ask for nights at Parklands short breaks home for Sam, {window.title}"
    ).click()
    expect(worker.locator("main")).to_contain_text("From the assessment authorised on 2 November 2026")
    expect(worker.locator(".govuk-summary-list")).to_contain_text(
        "High: the family may not be able to carry on"
    )
    expect(worker.get_by_role("group", name="Level of need")).to_have_count(0)
    _look(worker, "worker-request-from-assessment", width)
    _fill_date(worker, "first_day", first)
    worker.get_by_label("How many nights?").fill("3")
    worker.get_by_role("group", name="Would other nights").get_by_label("Yes").check()
    worker.get_by_role("group", name="Does the child live in Medway?").get_by_label("Yes").check()
    worker.get_by_role("group", name="Does the family already have other support?").get_by_label("No").check()
    worker.get_by_role("group", name="member of staff of their own").get_by_label("No").check()
    worker.get_by_role("button", name="Send the request").click()
    expect(worker.locator(".govuk-notification-banner--success")).to_contain_text("for Sam is saved")
    assert errors == []


@pytest.mark.parametrize("width", WIDTHS)
def test_parklands_staff_record_a_childs_arrival_and_going_home(
    person: Any, users: dict[str, Any], medway_places: dict[str, Setting], width: int
) -> None:
    parklands = medway_places["parklands"]
    today = timezone.localdate()
    staffed(parklands, first=today, last=today + dt.timedelta(days=2), staff=2)
    robin = a_child(age_on=today, age=11, first_name="Robin", last_name="Example")
    for year in {today.year - 1, today.year}:
        entitlement_grant(child=robin, setting=parklands, year=year, by=None)
    stay_book(child=robin, setting=parklands, first_day=today, days=2, by=None)
    staff = users[Role.PROVIDER_STAFF]
    provider_membership_set(user=staff, setting=parklands)

    provider = person(staff.username, width)
    errors = watch_console(provider)
    provider.get_by_role("link", name="Your setting").click()
    provider.get_by_role("link", name=today.strftime("%A %-d %B")).click()
    card = provider.locator(".govuk-summary-card", has_text="Robin Example")
    expect(card).to_contain_text("Arrived")
    _look(provider, "day-before-arrival", width)
    provider.get_by_role("button", name="Record arrival now for Robin").click()
    expect(provider.locator(".govuk-notification-banner--success")).to_contain_text("Robin arrived at")
    expect(provider.get_by_role("button", name="Record arrival now for Robin")).to_have_count(0)
    _look(provider, "day-arrived", width)
    provider.get_by_role("button", name="Record going home now for Robin").click()
    expect(provider.locator(".govuk-notification-banner--success")).to_contain_text("Robin went home at")
    expect(provider.get_by_role("button", name="Record going home now for Robin")).to_have_count(0)
    _look(provider, "day-went-home", width)
    assert errors == []
