"""The packages' journeys in headless Chromium at phone and desktop widths, with axe on every page: the social
worker sets up a package with a direct payment and a personal assistant from their home page; the manager
authorises it from the caseload; the coordinator writes the instalments, prepares and checks a run, which
another approves, sends it and marks it paid from the finance return; the family sends a monitoring return;
the coordinator recovers the surplus; the family and the manager read the whole package."""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, watch_console
from localoffer.accounts.tests.factories import TEST_PASSWORD
from localoffer.core.roles import Role
from localoffer.packages.services import approval_limit_set
from localoffer.people.services import involvement_start
from localoffer.teams.models import Team

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("rate_card"),
]
WIDTHS = [390, 1280]


def _look(page: Any, name: str, width: int) -> None:
    assert_accessible(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide}px wide on a {width}px screen"
    folder = os.environ.get("LOCALOFFER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"packages-{name}-{width}.png"), full_page=True)


def _as(browser: Any, base: str, user: Any, width: int) -> Any:
    context = browser.new_context(
        locale="en-GB", timezone_id="Europe/London", viewport={"width": width, "height": 900}
    )
    page = context.new_page()
    # The expenditure chart is drawn by matplotlib, whose first import is slow on a busy machine.
    page.set_default_navigation_timeout(120_000)
    page.goto(base + reverse("accounts:sign-in"))
    page.get_by_label("User name").fill(user.username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + reverse("accounts:dashboard"))
    return page


def _date(page: Any, group: str, day: dt.date) -> None:
    fieldset = page.get_by_role("group", name=group)
    fieldset.get_by_label("Day").fill(str(day.day))
    fieldset.get_by_label("Month").fill(str(day.month))
    fieldset.get_by_label("Year").fill(str(day.year))


def _home(page: Any) -> None:
    """Back to their home page through the header: at phone width, through its Menu button first."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    page.get_by_role("link", name=re.compile("^Your account")).click()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_package_is_set_up_authorised_paid_monitored_and_read_whole(
    browser: Any, live_server: Any, users: dict[str, Any], child: Any, width: int
) -> None:
    base = live_server.url
    today = timezone.localdate()
    involvement_start(
        child=child,
        team=Team.objects.get(slug="short-breaks-and-self-directed-support"),
        started_on=dt.date(2024, 1, 8),
    )
    approval_limit_set(user=users[Role.MANAGER], limit_pence=2_000_000, by=None)
    name = f"{child.first_name} {child.last_name}"

    # The social worker sets up the package from their home page.
    worker = _as(browser, base, users[Role.SOCIAL_WORKER], width)
    errors = watch_console(worker)
    worker.get_by_role("link", name="Children and young people").click()
    worker.get_by_role("link", name=name).click()
    worker.get_by_role("link", name=f"Package of care for {child.first_name}").click()
    expect(worker.get_by_role("heading", level=1)).to_have_text(name)
    _look(worker, "empty", width)
    worker.get_by_role("button", name="Add support to the package").click()
    worker.get_by_label("Direct payment", exact=True).check()
    worker.get_by_role("button", name="Add to the package").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text("Enter start date")
    expect(worker.get_by_label("Direct payment", exact=True)).to_be_checked()
    _look(worker, "element-error", width)
    _date(worker, "Start date", today)
    worker.get_by_label("Per week").check()
    worker.get_by_label("How many hours, sessions, nights or weeks a year?").fill("52")
    worker.get_by_label("Cost of each unit").fill("120")
    worker.get_by_role("button", name="Add to the package").click()
    expect(worker.locator(".govuk-notification-banner")).to_contain_text("£6,240 a year")
    worker.get_by_role("link", name="Set up the direct payment agreement").click()
    _look(worker, "agreement", width)
    worker.get_by_label("Regular payments").check()
    _date(worker, "Date of the social care assessment", today - dt.timedelta(days=7))
    _date(worker, "Date of the first payment", today)
    worker.get_by_label("Weekly amount").fill("120")
    worker.get_by_role("group", name="How does the family want to be paid?").get_by_label(
        "A managed account"
    ).check()
    worker.get_by_role("group", name="Second route, if the first stops working").get_by_label(
        "A managed account"
    ).check()
    worker.get_by_role("button", name="Save the agreement").click()
    expect(worker.locator(".govuk-error-summary")).to_contain_text(
        "Choose a second route different from the first"
    )
    worker.get_by_role("group", name="Second route, if the first stops working").get_by_label(
        "The family's own bank account"
    ).check()
    worker.get_by_role("button", name="Save the agreement").click()
    expect(
        worker.get_by_role("heading", name="Regular payments: £120 a week, paid every 4 weeks in advance")
    ).to_be_visible()
    worker.get_by_role("link", name="Add a personal assistant").click()
    worker.get_by_label("Personal assistant's name").fill("Jo Helper")
    worker.get_by_label("Self-employed", exact=True).check()
    worker.get_by_label("Charges (self-employed)").fill("£15 an hour")
    worker.get_by_label("Support times (self-employed)").fill("Saturdays 10 to 4")
    worker.get_by_label("Notice (self-employed)").fill("Two weeks")
    worker.get_by_role("button", name="Save the personal assistant").click()
    expect(worker.get_by_role("cell", name="Jo Helper")).to_be_visible()
    expect(worker.locator("table").last).to_contain_text("DBS check not recorded")
    _look(worker, "set-up", width)
    assert not errors, errors
    worker.context.close()

    # The manager authorises it from the caseload.
    manager = _as(browser, base, users[Role.MANAGER], width)
    manager.get_by_role("link", name="Packages across the caseload").click()
    _look(manager, "caseload-before", width)
    manager.get_by_role("link", name=name).click()
    manager.get_by_role("button", name="Check and authorise the package").click()
    expect(manager.get_by_role("heading", level=1)).to_have_text("Check the package before you authorise it")
    _look(manager, "authorise", width)
    manager.get_by_role("button", name="Authorise the package").click()
    expect(manager.locator("dl").first).to_contain_text("Authorised by")

    # The coordinator writes the instalments, prepares and checks a run.
    coordinator = _as(browser, base, users[Role.SDS_COORDINATOR], width)
    coordinator.get_by_role("link", name="Direct payment runs").click()
    _date(coordinator, "Write the instalments due up to", today)
    coordinator.get_by_role("button", name="Write the instalments").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "1 instalments written to the ledger"
    )
    _date(coordinator, "Pay the instalments due by", today)
    coordinator.get_by_role("button", name="Prepare the run").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Direct payment run 1")
    _look(coordinator, "run-draft", width)
    coordinator.get_by_role("button", name="Confirm the run is checked").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "Run 1 checked: 1 payments, £480"
    )
    expect(coordinator.get_by_role("button", name="Approve the run")).to_be_visible()
    coordinator.get_by_role("button", name="Approve the run").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "Someone other than the person who prepared the run must approve it"
    )

    _home(manager)
    manager.get_by_role("link", name="Direct payment runs").click()
    manager.get_by_role("link", name="Run 1").click()
    manager.get_by_role("button", name="Approve the run").click()
    expect(manager.locator(".govuk-notification-banner")).to_contain_text("Run 1 approved: 1 payments, £480")
    manager.context.close()

    coordinator.reload()
    _look(coordinator, "run-approved", width)
    coordinator.get_by_role("button", name="Confirm and send the run").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("Run 1 sent: 1 payments, £480")
    with coordinator.expect_download() as download:
        coordinator.get_by_role("link", name="Download the finance file for run 1 (CSV)").click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert rows[-1][:3] == ["CONTROL", "48000", "1"]
    reference = rows[1][0]
    coordinator.get_by_role("link", name="Back to direct payment runs").click()
    answer = f"reference,amount_pence,paid_on,finance_reference\n{reference},48000,{today.isoformat()},FIN-1\nDP-NONE,1,{today.isoformat()},X\n"
    coordinator.get_by_label("The finance system's return file (CSV)").set_input_files(
        files=[{"name": "return.csv", "mimeType": "text/csv", "buffer": answer.encode()}]
    )
    coordinator.get_by_role("button", name="Upload and mark paid").click()
    expect(coordinator.locator(".govuk-inset-text")).to_contain_text(
        "no instalment has the reference 'DP-NONE'"
    )
    _look(coordinator, "return-rejected", width)
    coordinator.get_by_label("The finance system's return file (CSV)").set_input_files(
        files=[{"name": "return.csv", "mimeType": "text/csv", "buffer": answer.split("DP-NONE")[0].encode()}]
    )
    coordinator.get_by_role("button", name="Upload and mark paid").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text("1 instalments marked paid")

    # The family sends a monitoring return with a surplus.
    family = _as(browser, base, users[Role.PARENT_CARER], width)
    family.get_by_role("link", name="Your family's support").click()
    family.get_by_role("link", name=f"{name}: package of care").click()
    family.get_by_role("link", name="Send a monitoring return").click()
    _date(family, "Last day of the period", today)
    family.get_by_label("Balance at the end of the period").fill("1500")
    family.get_by_label("Spent in the period").fill("200")
    family.get_by_label("What was spent, against the plan's outcomes").fill("Saturday sessions with Jo.")
    family.get_by_role("button", name="Send the return").click()
    expect(family.locator(".govuk-notification-banner")).to_contain_text(
        "The balance is £540 above the threshold"
    )
    _look(family, "family-package", width)

    # The coordinator recovers the surplus from the child's record.
    _home(coordinator)
    coordinator.get_by_role("link", name="Children and young people").click()
    coordinator.get_by_role("link", name=name).click()
    coordinator.get_by_role("link", name=f"Package of care for {child.first_name}").click()
    coordinator.get_by_role("link", name="Recover the surplus").click()
    coordinator.get_by_label("Future instalments are reduced").check()
    _look(coordinator, "recover", width)
    coordinator.get_by_role("button", name="Start the recovery, with notice").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "Recovery of £540 started, with notice"
    )
    coordinator.context.close()

    # The family reads the whole package, and the manager the caseload.
    family.reload()
    expect(family.locator("main")).to_contain_text("Recovery of £540: future instalments are reduced")
    family.get_by_role("link", name="The whole family's package").click()
    expect(family.get_by_role("heading", level=1)).to_have_text("The family's whole package")
    expect(family.locator("main")).to_contain_text("£6,240 a year in all")
    _look(family, "family-whole", width)
    family.context.close()
    reader = _as(browser, base, users[Role.MANAGER], width)
    reader.get_by_role("link", name="Packages across the caseload").click()
    expect(reader.get_by_role("table", name="Totals by route")).to_contain_text("£6,240")
    _look(reader, "caseload", width)
    reader.get_by_role("link", name="Expenditure by service line").click(timeout=180_000)
    expect(reader.get_by_role("img", name=re.compile("Expenditure by service line"))).to_be_visible(
        timeout=60_000
    )
    _look(reader, "expenditure", width)
    reader.context.close()
