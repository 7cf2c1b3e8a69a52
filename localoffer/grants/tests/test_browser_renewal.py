"""Renewal end to end in the browser: an award near the end of its year, the invitations sent from the
renewals page, the family answering on its decisions page, and the renewal case in the coordinator's list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.grants.models import CaseKind, CaseStatus, Renewal, RenewalStatus
from localoffer.grants.services import case_decide
from localoffer.grants.tests.helpers import an_evaluated_case
from localoffer.people.tests.factories import ChildFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("policy")]


def test_a_coordinator_invites_the_family_answers_and_the_renewal_case_opens(
    page: Any, live_server: Any, users: dict[str, Any]
) -> None:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    parent, coordinator = users[Role.PARENT_CARER], users[Role.SDS_COORDINATOR]
    child: Any = ChildFactory(first_name="Robin", last_name="Example", date_of_birth=dt.date(2015, 3, 27))
    family_link_create(child=child, user=parent, relationship=Relationship.PARENT)
    # Decided 340 days ago: the award's year ends in about three weeks, inside the six weeks' invitation.
    decided_on = timezone.localdate() - dt.timedelta(days=340)
    case = case_decide(
        case=an_evaluated_case(child),
        approve=True,
        reasons="",
        signposts="",
        by=coordinator,
        today=decided_on,
    )
    award = case.award
    ends = f"{award.ends_on.day} {award.ends_on:%B %Y}"
    errors = watch_console(page)

    # The coordinator sends the day's invitations from the renewals page.
    sign_in(page, live_server.url, coordinator.username)
    with page.expect_navigation():
        page.get_by_role("link", name="Short breaks grant renewals").click()
    assert_accessible(page)
    page.get_by_role("button", name="Run today's invitations, reminders and lapses now").click()
    page.get_by_role("button", name="Confirm and send").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("1 invited", use_inner_text=True)
    invited = page.get_by_role("row", name="Invited")
    expect(invited.locator("td")).to_have_text("1", use_inner_text=True)
    assert_accessible(page)
    renewal = Renewal.objects.get(award=award)
    assert renewal.status == RenewalStatus.INVITED
    page.get_by_role("button", name="Sign out").click()

    # The family sees what the invitation asks, by when, and answers it.
    sign_in(page, live_server.url, parent.username)
    page.get_by_role("link", name="Short breaks grant decisions").click()
    card = page.locator(".govuk-summary-card", has_text="Robin Example: Level")
    expect(card).to_contain_text(f"ask for the annual review by {ends}", use_inner_text=True)
    assert_accessible(page)
    card.get_by_role("button", name="Ask for the review for Robin Example").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "A coordinator will contact you about the renewal", use_inner_text=True
    )
    renewal.refresh_from_db()
    assert renewal.status == RenewalStatus.ANSWERED
    assert renewal.case is not None
    renewal_case = renewal.case
    assert renewal_case.kind == CaseKind.RENEWAL
    assert renewal_case.status == CaseStatus.AWAITING
    card = page.locator(".govuk-summary-card", has_text="Robin Example: Level")
    expect(card).to_contain_text(f"(reference {renewal_case.reference})", use_inner_text=True)
    expect(card.get_by_role("button")).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # The renewal case waits in the coordinator's list, and opens.
    sign_in(page, live_server.url, coordinator.username)
    page.get_by_role("link", name="Short breaks grant cases").click()
    row = page.get_by_role("row", name=renewal_case.reference)
    expect(row).to_contain_text("Renewal", use_inner_text=True)
    row.get_by_role("link", name=renewal_case.reference).click()
    expect(page.locator(".govuk-caption-l")).to_contain_text(
        f"{renewal_case.reference} · Renewal · Awaiting evaluation", use_inner_text=True
    )
    assert_accessible(page)
    assert not errors, errors
