"""The grant end to end in the browser: a family's online application, accepted by the short breaks team,
evaluated and decided by a coordinator, paid in a payment run, and the decision read by the family."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.grants.models import Award, GrantCase, PaymentInstruction, PaymentRunLine
from localoffer.referrals.models import Referral, Status
from localoffer.referrals.tests.helpers import a_submitted_referral

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_application_from_the_family_to_a_paid_award(
    page: Any, live_server: Any, users: dict[str, Any], policy: Any
) -> None:
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create

    parent, coordinator = users[Role.PARENT_CARER], users[Role.SDS_COORDINATOR]
    application = a_submitted_referral(user=parent)  # the online form itself: referrals/tests/test_browser.py
    errors = watch_console(page)

    # The short breaks team: a new record for the child, then accepted, which opens the evaluation.
    sign_in(page, live_server.url, coordinator.username)
    page.get_by_role("link", name="Referrals for your team").click()
    page.get_by_role("link", name=str(application.reference)).click()
    page.get_by_label("None of these: create a new record").check()
    page.get_by_role("button", name="Confirm").click()
    page.get_by_label("Accept: open the grant evaluation and the team's work with the child").check()
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Outcome recorded: Accepted", use_inner_text=True
    )
    case = GrantCase.objects.get(referral=application)
    with page.expect_navigation():
        page.get_by_role("link", name=f"Short breaks grant evaluation ({case.reference})").click()
    assert_accessible(page)

    # The structured conversation: what the family said is already there; the coordinator judges the rest.
    expect(page.locator("input[name='payment_method'][value='prepaid_card']")).to_be_checked()
    expect(page.locator("input[name='dla_rate'][value='middle']")).to_be_checked()
    page.locator("input[name='lives_in_medway'][value='yes']").check()
    page.get_by_label("Autism", exact=True).check()
    page.get_by_label("Significant or major impact on the family").check()
    page.get_by_label("Significant risk of family breakdown").check()
    page.get_by_role("button", name="Save and see the recommended level").click()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Level", use_inner_text=True)
    assert_accessible(page)
    page.get_by_label("Approve the level").check()
    page.get_by_role("button", name="Make the decision").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your short breaks grant decision", use_inner_text=True
    )
    award = Award.objects.get(case=case)
    assert PaymentInstruction.objects.filter(award=award).count() == 1

    # The payment run for the finance system, from the coordinator's home page.
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Short breaks grant payments").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Make a payment run").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Confirm and make the payment run").click()
    assert_accessible(page)
    assert PaymentRunLine.objects.filter(instruction__award=award).count() == 1
    page.get_by_role("button", name="Sign out").click()

    # The family: the application accepted, and (once the worker has confirmed the parent's link to the
    # child's new record) the decision letter.
    family_link_create(child=case.child, user=parent, relationship=Relationship.PARENT)
    sign_in(page, live_server.url, parent.username)
    page.get_by_role("link", name="Your applications and referrals").click()
    expect(page.locator("table")).to_contain_text("Accepted", use_inner_text=True)
    page.get_by_role("link", name="Your account").click()
    page.get_by_role("link", name="Short breaks grant decisions").click()
    page.get_by_role("link", name=f"{case.child}: approved").click()
    expect(page.locator(".lo-letter")).to_contain_text(f"£{award.amount_pence // 100:,}", use_inner_text=True)
    assert_accessible(page)
    assert Referral.objects.get(pk=application.pk).status == Status.ACCEPTED
    assert not errors, errors
