"""Staff journeys through the grant in headless Chromium, at phone and desktop widths, with axe on every page:
the coordinator finds a case by search from their home page and sees decision errors the GOV.UK way; the
manager checks and confirms a payment run, reads the budget chart, and edits a draft's start date."""

from __future__ import annotations

import datetime as dt
import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.grants.models import BudgetYear, PaymentRun
from localoffer.grants.services import case_create
from localoffer.grants.tests.helpers import an_approved_case, an_evaluated_case, with_short_breaks_team
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("policy")]


@pytest.fixture
def child(child: Any) -> Any:
    """The shared child, aged 11 so that the grant's age rule never decides a test by chance."""
    child.date_of_birth = dt.date(2015, 3, 27)
    child.save()
    return child


WIDTHS = [390, 1280]


def _look(page: Any, name: str, width: int) -> None:
    """axe on the page; a screenshot too when LOCALOFFER_SHOTS names a folder (for people to look at)."""
    assert_accessible(page)
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert wide <= width, f"{page.url} is {wide}px wide on a {width}px screen"
    folder = os.environ.get("LOCALOFFER_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_finds_a_case_by_search_from_their_home_page(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    robin: Any = ChildFactory(first_name="Robin", last_name="Example", date_of_birth=dt.date(2015, 3, 27))
    with_short_breaks_team(robin)
    for number in range(3):
        other: Any = ChildFactory(first_name=f"Other{number}", last_name="Child")
        with_short_breaks_team(other)
        case_create(child=other)
    case = an_evaluated_case(robin)
    errors = watch_console(page)

    sign_in(page, live_server.url, users[Role.SDS_COORDINATOR].username)
    page.get_by_role("link", name="Short breaks grant cases").click()
    page.get_by_role("link", name="Evaluated, awaiting decision").click()
    _look(page, "case-list", width)
    page.get_by_label("Search by reference, child's name or date of birth").fill("27/3/2015")
    page.get_by_role("button", name="Search").click()
    expect(page.locator("caption")).to_contain_text("matching “27/3/2015”", use_inner_text=True)
    expect(page.get_by_role("link", name=case.reference)).to_have_count(1)
    expect(page.locator("table")).not_to_contain_text("Other0", use_inner_text=True)
    _look(page, "case-search", width)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Robin Example", use_inner_text=True)

    # A decline with no reasons: the error summary, the inline error, and the choice kept.
    page.get_by_label("Decline").check()
    page.get_by_role("button", name="Make the decision").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Give the reasons for declining", use_inner_text=True)
    expect(page.locator("#id_reasons-error")).to_be_visible()
    expect(page.get_by_label("Decline")).to_be_checked()
    _look(page, "case-decision-error", width)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_the_manager_confirms_a_payment_run_and_reads_the_budget(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    child: Any = ChildFactory(date_of_birth=dt.date(2015, 3, 27))  # within the grant's ages
    case = an_approved_case(child)
    BudgetYear.objects.update_or_create(start_year=case.award.budget_year, defaults={"amount_pence": 10_000})
    errors = watch_console(page)

    sign_in(page, live_server.url, users[Role.MANAGER].username)
    page.get_by_role("link", name="Short breaks grant payments").click()
    _look(page, "payments", width)
    page.get_by_role("button", name="Make a payment run").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check the payment run before you make it", use_inner_text=True
    )
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        f"£{case.award.amount_pence // 100:,}", use_inner_text=True
    )
    _look(page, "payment-run-confirm", width)
    assert not PaymentRun.objects.exists()
    page.get_by_role("button", name="Confirm and make the payment run").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Payment run 1: 1 payments", use_inner_text=True
    )
    assert PaymentRun.objects.get().count == 1

    page.goto(live_server.url + reverse("accounts:dashboard"))  # back to the manager's home page
    page.get_by_role("link", name="Short breaks grant budget").click()
    chart = page.locator(".lo-chart svg")
    box = chart.bounding_box()
    assert box is not None
    assert box["width"] <= width
    assert box["height"] > 100  # drawn, not collapsed
    expect(page.locator(".govuk-warning-text")).to_contain_text("over budget", use_inner_text=True)
    _look(page, "budget", width)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_the_manager_saves_a_draft_without_retyping_its_start_date(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, users[Role.MANAGER].username)
    page.get_by_role("link", name="Short breaks grant policy").click()
    page.get_by_role("link", name="Edit version 2").click()
    expect(page.get_by_label("Year", exact=True)).to_have_value(re.compile(r"^\d+$"))
    _look(page, "policy-edit", width)
    page.get_by_role("button", name="Save and preview the effect").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What if", use_inner_text=True)
    _look(page, "whatif", width)


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_checks_the_days_renewal_emails_before_they_go(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    from django.utils import timezone

    from localoffer.grants.models import Renewal

    page.set_viewport_size({"width": width, "height": 900})
    child: Any = ChildFactory(date_of_birth=dt.date(2015, 3, 27))  # within the grant's ages
    award = an_approved_case(child).award
    award.ends_on = timezone.localdate() + dt.timedelta(days=20)
    award.save()
    sign_in(page, live_server.url, users[Role.SDS_COORDINATOR].username)
    page.get_by_role("link", name="Short breaks grant renewals").click()
    _look(page, "renewals", width)
    page.get_by_role("button", name="Run today's invitations, reminders and lapses now").click()
    expect(page.locator(".govuk-summary-list")).to_contain_text(
        "1 award ending within six weeks", use_inner_text=True
    )
    _look(page, "renewals-confirm", width)
    page.get_by_role("link", name="Cancel").click()
    assert not Renewal.objects.exists()
    page.get_by_role("button", name="Run today's invitations, reminders and lapses now").click()
    page.get_by_role("button", name="Confirm and send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 invited", use_inner_text=True)
    assert Renewal.objects.filter(award=award).exists()
