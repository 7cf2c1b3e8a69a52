"""Journeys through the grant in headless Chromium, with an axe scan of each page (WCAG 2.2 AA)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.grants.services import case_create
from localoffer.grants.tests.helpers import with_short_breaks_team
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_parent_checks_eligibility_one_question_a_page(
    page: Any, live_server: Any, offer: None, policy: Any
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("grants:policy"))
    expect(page.get_by_role("heading", level=1)).to_have_text("The short breaks grant", use_inner_text=True)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Check if your child could get the grant").click()
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the child's age in years", use_inner_text=True
    )
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    assert_accessible(page)
    page.get_by_label("How old is the child or young person?").fill("9")
    page.get_by_role("button", name="Continue").click()
    for answer in (
        "Yes",  # Medway
        "Yes",  # diagnosis
        "Yes, the middle rate",
        "Moderate impact on the family",
        "Possible risk of family breakdown",
        "No",  # other short breaks
    ):
        assert_accessible(page)
        page.get_by_label(answer, exact=True).check()
        page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your child is likely to get the short breaks grant", use_inner_text=True
    )
    expect(page.locator(".govuk-panel")).to_contain_text("Level 2: £750 a year", use_inner_text=True)
    assert_accessible(page)
    assert not errors, errors


def test_a_coordinator_evaluates_and_decides_and_the_parent_reads_the_letter(
    page: Any, live_server: Any, users: dict[str, Any], policy: Any
) -> None:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    child: Any = ChildFactory(first_name="Robin", last_name="Example", date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=child, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    with_short_breaks_team(child)
    case = case_create(child=child)
    errors = watch_console(page)
    sign_in(page, live_server.url, users[Role.SDS_COORDINATOR].username)
    with page.expect_navigation():
        page.get_by_role("link", name="Short breaks grant cases").click()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    page.get_by_role("button", name="Save and see the recommended level").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the impact on the family", use_inner_text=True
    )
    assert_accessible(page)
    page.locator("#id_has_diagnosis_0").check()
    page.locator("#id_dla_rate_3").check()
    page.locator("#id_lives_in_medway_0").check()
    page.get_by_label("Autism", exact=True).check()
    page.get_by_label("Significant or major impact on the family").check()
    page.get_by_label("Possible risk of family breakdown").check()
    page.get_by_label("What the parents or carers need from a break").fill("Weekends to rest")
    page.get_by_label("How the grant would meet the child's needs").fill("Holiday club places")
    page.get_by_label("Onto a prepaid card").check()
    page.get_by_role("button", name="Save and see the recommended level").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Level 3", use_inner_text=True)
    assert_accessible(page)
    page.get_by_label("Approve the level").check()
    page.get_by_role("button", name="Make the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your short breaks grant decision", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, live_server.url, users[Role.PARENT_CARER].username)
    with page.expect_navigation():
        page.get_by_role("link", name="Short breaks grant decisions").click()
    assert_accessible(page)
    page.get_by_role("link", name="Robin Example: approved").click()
    expect(page.locator(".lo-letter")).to_contain_text("£1,000", use_inner_text=True)
    assert_accessible(page)
    assert not errors, errors


def test_manager_pages_are_accessible(
    page: Any, live_server: Any, users: dict[str, Any], offer: None, policy: Any, grant_caseload: Any
) -> None:
    from localoffer.grants.statement import statement_draft_create, statement_publish

    grant_caseload(policy=policy, size=120, today=dt.date.today())
    statement_publish(statement=statement_draft_create(by=None), by=None)
    sign_in(page, live_server.url, users[Role.MANAGER].username)
    for name in (
        "grants:policy-manage",
        "grants:budget",
        "grants:payments",
        "grants:statement-manage",
        "grants:statement",
    ):
        page.goto(live_server.url + reverse(name))
        assert_accessible(page)
    page.goto(live_server.url + reverse("grants:policy-manage"))
    page.get_by_role("link", name="What if version 2 applied today").click()
    assert "Priority access to the universal offer instead of money" in page.inner_text("main")
    assert_accessible(page)
