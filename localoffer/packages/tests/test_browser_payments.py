"""The coordinator's payment journeys in headless Chromium at phone and desktop widths, with axe on every
page, from their home page: switching one payee to the second route, switching every payee of a card
provider that has stopped after a confirmation page, and correcting and reversing a payment on the ledger."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from playwright.sync_api import expect

from localoffer.core.roles import Role
from localoffer.packages.services import (
    agreement_create,
    approval_limit_set,
    element_add,
    package_authorise,
    package_open,
    schedule_generate,
)
from localoffer.packages.tests.helpers import START
from localoffer.packages.tests.test_browser import _as, _look
from localoffer.people.models import Relationship
from localoffer.people.services import family_link_create, involvement_start
from localoffer.people.tests.factories import ChildFactory
from localoffer.teams.models import Team

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("rate_card"),
]
WIDTHS = [390, 1280]


def _on_a_card(child: Any, manager: Any, *, provider: str = "Prepay Cards Ltd") -> Any:
    involvement_start(
        child=child,
        team=Team.objects.get(slug="short-breaks-and-self-directed-support"),
        started_on=dt.date(2024, 1, 8),
    )
    package = package_open(child=child, level_of_need="specialist", by=None)
    element = element_add(
        package=package,
        kind="direct_payment",
        starts_on=START,
        ends_on=None,
        cost_period="weekly",
        units_a_year=52,
        ratio="",
        funder="council",
        unit_cost_pence=12_000,
        by=None,
    )
    agreement = agreement_create(
        element=element,
        kind="regular",
        assessed_on=START,
        first_payment_on=START,
        route="prepaid_card",
        fallback_route="own_bank_account",
        card_chosen_by_family=True,
        card_provider=provider,
        weekly_pence=12_000,
        by=None,
    )
    package_authorise(package=package, by=manager)
    schedule_generate(agreement=agreement, through=START, by=None)
    return agreement


def _home(page: Any) -> None:
    """Back to their home page through the header: at phone width, through its Menu button first."""
    menu = page.get_by_role("button", name="Menu")
    if menu.is_visible() and menu.get_attribute("aria-expanded") != "true":
        menu.click()
    page.get_by_role("link", name=re.compile("^Your account")).click()
    expect(page.get_by_role("link", name="Children and young people")).to_be_visible()


def _to_package(page: Any, child: Any) -> None:
    page.get_by_role("link", name="Children and young people").click()
    page.get_by_role("link", name=f"{child.first_name} {child.last_name}").click()
    page.get_by_role("link", name=f"Package of care for {child.first_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{child.first_name} {child.last_name}")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_switches_a_payee_then_every_payee_of_a_stopped_card_provider(
    browser: Any, live_server: Any, users: dict[str, Any], child: Any, width: int
) -> None:
    manager = users[Role.MANAGER]
    approval_limit_set(user=manager, limit_pence=2_000_000, by=None)
    _on_a_card(child, manager)
    others: list[Any] = [ChildFactory(first_name=name, last_name="Baker") for name in ("Ada", "Ben")]
    for other in others:
        family_link_create(child=other, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
        _on_a_card(other, manager)

    coordinator = _as(browser, live_server.url, users[Role.SDS_COORDINATOR], width)
    _to_package(coordinator, child)
    expect(coordinator.locator("main")).to_contain_text("A prepaid card (Prepay Cards Ltd)")
    _look(coordinator, "package-with-payments", width)
    coordinator.get_by_role("link", name=re.compile("^Switch to the second route")).click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Switch to the second route")
    coordinator.get_by_role("button", name="Switch the route").click()
    expect(coordinator.locator(".govuk-error-summary")).to_contain_text("Enter why the route is switched")
    _look(coordinator, "switch-error", width)
    coordinator.get_by_label("Why is the route switched?").fill("The family's card was frozen")
    coordinator.get_by_role("button", name="Switch the route").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "Switched: paid by the family's own bank account from the next instalment"
    )
    coordinator.get_by_role("link", name="History of the agreement").click()
    expect(coordinator.locator("main")).to_contain_text("Why: The family's card was frozen")
    expect(coordinator.get_by_role("table").first).to_contain_text("The family's own bank account")
    _look(coordinator, "agreement-history", width)

    # The card provider stops: every payee it still pays is switched at once, after a confirmation page.
    _home(coordinator)
    coordinator.get_by_role("link", name="Switch a card provider's payees").click()
    coordinator.get_by_role("button", name="Continue").click()
    expect(coordinator.locator(".govuk-error-summary")).to_contain_text(
        "Choose the card provider that has stopped"
    )
    coordinator.get_by_label("Prepay Cards Ltd (2 payees)").check()
    coordinator.get_by_label("Why are its payees switched?").fill("Prepay Cards Ltd has stopped trading")
    _look(coordinator, "provider-switch", width)
    coordinator.get_by_role("button", name="Continue").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Check before you switch 2 payees of Prepay Cards Ltd"
    )
    families = coordinator.get_by_role("table", name="The families")
    expect(families).to_contain_text("Ada Baker")
    expect(families).to_contain_text("Ben Baker")
    expect(families.locator("tbody tr")).to_have_count(2)
    _look(coordinator, "provider-check", width)
    coordinator.get_by_role("button", name="Switch all 2 and tell the families").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(
        "2 payees of Prepay Cards Ltd switched to their second route"
    )
    coordinator.get_by_role("link", name="Switch a card provider's payees to their second route").click()
    expect(coordinator.locator("main")).to_contain_text("No one is paid by a prepaid card now.")
    coordinator.context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_coordinator_corrects_then_reverses_a_payment_beside_the_entry(
    browser: Any, live_server: Any, users: dict[str, Any], child: Any, width: int
) -> None:
    manager = users[Role.MANAGER]
    approval_limit_set(user=manager, limit_pence=2_000_000, by=None)
    agreement = _on_a_card(child, manager)
    reference = agreement.instalments.get().reference

    coordinator = _as(browser, live_server.url, users[Role.SDS_COORDINATOR], width)
    _to_package(coordinator, child)
    coordinator.get_by_role("link", name="Payments on the ledger").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text("Payments on the ledger")
    coordinator.get_by_role("link", name=f"Correct or reverse {reference}").click()
    coordinator.get_by_label("Correct the amount").check()
    coordinator.get_by_role("button", name="Continue").click()
    expect(coordinator.locator(".govuk-error-summary")).to_contain_text("Enter why the payment is corrected")
    expect(coordinator.get_by_label("Correct the amount")).to_be_checked()
    _look(coordinator, "correct-error", width)
    coordinator.get_by_label("Take back", exact=True).check()
    coordinator.get_by_label("By how much (when correcting)").fill("80")
    coordinator.get_by_label("Why?", exact=True).fill("Two weeks in hospital")
    coordinator.get_by_role("button", name="Continue").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Check the correction before it is written"
    )
    expect(coordinator.locator("dl")).to_contain_text("-£80")
    _look(coordinator, "correct-check", width)
    coordinator.get_by_role("button", name="Write the correction to the ledger").click()
    expect(coordinator.locator(".govuk-notification-banner")).to_contain_text(f"against {reference}")
    row = coordinator.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Two weeks in hospital")
    expect(row).to_contain_text("£400")

    coordinator.get_by_role("link", name=f"Correct or reverse {reference}").click()
    coordinator.get_by_label("Reverse it: take back what is left of it").check()
    coordinator.get_by_label("Why?", exact=True).fill("Paid to a frozen card")
    coordinator.get_by_role("button", name="Continue").click()
    expect(coordinator.get_by_role("heading", level=1)).to_have_text(
        "Check the reversal before it is written"
    )
    expect(coordinator.locator("dl")).to_contain_text("-£400")
    coordinator.get_by_role("button", name="Write the reversal to the ledger").click()
    row = coordinator.get_by_role("row", name=re.compile(reference))
    expect(row).to_contain_text("Reversed")
    expect(row).to_contain_text("Paid to a frozen card")
    expect(coordinator.get_by_role("link", name=f"Correct or reverse {reference}")).to_have_count(0)
    _look(coordinator, "ledger", width)
    coordinator.context.close()
