"""Feedback journeys in headless Chromium, with an axe-core scan (WCAG 2.2 A and AA) of every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.core.roles import Role
from localoffer.feedback.models import Comment, ListingReport
from localoffer.feedback.tests.helpers import a_comment, a_listing_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REFERENCE = re.compile(r"LO-\d{4}-[A-Z]{2}")
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


def test_a_member_of_the_public_reports_a_problem_from_a_service_page_and_gets_a_reference(
    page: Any, live_server: Any, offer: None
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("directory:service", kwargs={"slug": "short-breaks-grant"}))
    page.get_by_role("link", name="Report a problem with this listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report a problem with this listing", use_inner_text=True
    )
    assert_accessible(page)

    page.get_by_label("Tell us more").fill("The phone number rings out.")
    page.get_by_label("Email address (optional)").fill("sam-at-example.com")
    page.get_by_role("button", name="Send report").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Select what is wrong with the listing", use_inner_text=True)
    expect(summary).to_contain_text(EMAIL_FORMAT, use_inner_text=True)
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    expect(page.get_by_label("Tell us more")).to_have_value("The phone number rings out.")
    expect(page.get_by_label("Email address (optional)")).to_have_value("sam-at-example.com")
    assert_accessible(page)

    page.get_by_label("The phone number is wrong").check()
    page.get_by_label("Email address (optional)").fill("sam@example.com")
    page.get_by_role("button", name="Send report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Problem reported", use_inner_text=True)
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference)
    report = ListingReport.objects.get(reference=reference)
    assert (report.service.slug, report.kind) == ("short-breaks-grant", "wrong_phone")
    assert_accessible(page)
    assert not errors, errors


def test_an_editor_answers_a_comment_and_publishes_it_and_the_public_sees_it(
    page: Any, live_server: Any, users: dict[str, Any], offer: None
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("feedback:comment"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Comment on the Local Offer", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("Something is missing from the Local Offer").check()
    page.get_by_label("Your comment").fill("There is nothing about swimming for autistic children.")
    page.get_by_label("Yes, you can publish my comment without my name").check()
    page.get_by_label("Your name (optional)").fill("Alex Morgan")
    page.get_by_role("button", name="Send comment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Comment sent", use_inner_text=True)
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert REFERENCE.fullmatch(reference)
    assert_accessible(page)

    sign_in(page, live_server.url, users[Role.LOCAL_OFFER_EDITOR].username)
    page.goto(live_server.url + reverse("feedback:queue"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Feedback on the Local Offer", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(reference, use_inner_text=True)
    assert_accessible(page)
    page.get_by_role("button", name="Save response").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the council's response", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("The council's response").fill("We have added the Splash sessions at the pool.")
    page.get_by_label("Publish the comment and this response").check()
    page.get_by_role("button", name="Save response").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"Response saved and published for {reference}.", use_inner_text=True
    )
    assert_accessible(page)
    assert Comment.objects.get(reference=reference).published
    page.get_by_role("button", name="Sign out").click()

    page.goto(live_server.url + reverse("feedback:you-said-we-did"))
    expect(page.get_by_role("heading", level=1)).to_have_text("You said, we did", use_inner_text=True)
    text = page.locator("main")
    expect(text).to_contain_text(
        "There is nothing about swimming for autistic children.", use_inner_text=True
    )
    expect(text).to_contain_text("We have added the Splash sessions at the pool.", use_inner_text=True)
    expect(text).not_to_contain_text("Alex Morgan", use_inner_text=True)
    assert_accessible(page)
    assert not errors, errors


def test_an_editor_changes_a_reports_status_and_a_manager_can_look(
    page: Any, live_server: Any, users: dict[str, Any], offer: None
) -> None:
    from localoffer.directory.models import Service

    report = a_listing_report(service=Service.objects.get(slug="short-breaks-grant"))
    sign_in(page, live_server.url, users[Role.LOCAL_OFFER_EDITOR].username)
    page.goto(live_server.url + reverse("feedback:queue"))
    page.get_by_role("link", name=report.reference).click()
    page.get_by_label("In progress").check()
    page.get_by_role("button", name="Save status").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        f"{report.reference} is now in progress.", use_inner_text=True
    )
    assert_accessible(page)
    page.goto(live_server.url + reverse("feedback:queue") + "?show=closed")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, users[Role.MANAGER].username)
    page.goto(live_server.url + reverse("feedback:report-detail", kwargs={"report_id": report.id}))
    expect(page.get_by_role("heading", level=1)).to_have_text(report.reference, use_inner_text=True)
    expect(page.get_by_role("button", name="Save status")).to_have_count(0)
    assert_accessible(page)


def test_feedback_works_without_javascript(
    browser: Any, live_server: Any, users: dict[str, Any], offer: None
) -> None:
    comment = a_comment(consent_to_publish=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("feedback:report", kwargs={"slug": "short-breaks-grant"}))
        page.get_by_label("The service has closed").check()
        page.get_by_label("Tell us more").fill("It closed at Easter.")
        page.get_by_role("button", name="Send report").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Problem reported", use_inner_text=True)

        sign_in(page, live_server.url, users[Role.LOCAL_OFFER_EDITOR].username)
        page.goto(live_server.url + reverse("feedback:comment-detail", kwargs={"comment_id": comment.id}))
        page.get_by_label("The council's response").fill("Added.")
        page.get_by_label("Publish the comment and this response").check()
        page.get_by_role("button", name="Save response").click()
        page.goto(live_server.url + reverse("feedback:you-said-we-did"))
        expect(page.locator("main")).to_contain_text("Added.", use_inner_text=True)
    finally:
        context.close()


def test_you_said_we_did_with_nothing_published_yet_is_accessible(
    page: Any, live_server: Any, db: Any
) -> None:
    page.goto(live_server.url + reverse("feedback:you-said-we-did"))
    expect(page.locator("main")).to_contain_text("There are no published comments yet.", use_inner_text=True)
    assert_accessible(page)
