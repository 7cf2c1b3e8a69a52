"""Journeys in headless Debian Chromium, with an axe-core scan of every page (WCAG 2.2 A and AA)."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, sign_in, watch_console
from localoffer.accounts.tests.factories import TEST_PASSWORD
from localoffer.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    ("council:home", "Social care and short breaks for children and young people with SEND"),
    ("teams:contact-us", "Contact us"),
    ("council:accessibility", "Accessibility statement"),
    ("council:privacy", "Privacy notice"),
    ("accounts:sign-in", "Sign in"),
    ("accounts:session-expired", "You have been signed out"),
    ("accounts:sign-out", "You have signed out"),
]


@pytest.mark.parametrize(("name", "heading"), PUBLIC_PAGES)
def test_public_pages_are_accessible(
    page: Any, live_server: Any, medway: None, name: str, heading: str
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse(name))
    expect(page.get_by_role("heading", level=1).first).to_have_text(heading, use_inner_text=True)
    assert (
        page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily").lower().startswith("arial")
    )
    assert_accessible(page)
    assert not errors, errors


def test_not_found_page_is_accessible(page: Any, live_server: Any, db: Any) -> None:
    page.goto(live_server.url + "/no-such-page/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found", use_inner_text=True)
    assert_accessible(page)


def test_sign_in_errors_are_summarised_and_accessible(
    page: Any, live_server: Any, users: dict[str, Any]
) -> None:
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.get_by_label("User name").fill(users[Role.PARENT_CARER].username)
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter your password", use_inner_text=True)
    expect(page.get_by_label("User name")).to_have_value(users[Role.PARENT_CARER].username)
    expect(page).to_have_title(re.compile("^" + re.escape("Error: ")))
    assert_accessible(page)


def test_a_parent_signs_in_and_opens_their_childs_record(
    page: Any, live_server: Any, users: dict[str, Any], child: Any
) -> None:
    errors = watch_console(page)
    sign_in(page, live_server.url, users[Role.PARENT_CARER].username)
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="Your family's records").click()
    assert_accessible(page)
    page.get_by_role("link", name=f"{child.first_name} {child.last_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{child.first_name} {child.last_name}", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out", use_inner_text=True)
    assert not errors, errors


def test_duty_worker_finds_a_child_gives_a_reason_and_the_manager_sees_it(
    page: Any, live_server: Any, users: dict[str, Any], child: Any
) -> None:
    sign_in(page, live_server.url, users[Role.DUTY_WORKER].username)
    page.goto(live_server.url + reverse("people:child-list"))
    page.get_by_role("button", name="Search").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the child's name or date of birth", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("Name").fill(child.last_name)
    page.get_by_role("button", name="Search").click()
    page.get_by_role("link", name=f"{child.first_name} {child.last_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Why are you opening this record?", use_inner_text=True
    )
    page.get_by_role("button", name="Open the record").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select why you are opening this record", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("Responding to a concern about the child's safety").check()
    page.get_by_role("button", name="Open the record").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{child.first_name} {child.last_name}", use_inner_text=True
    )
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, users[Role.MANAGER].username)
    page.get_by_role("link", name="Audit trail").click()
    page.get_by_label("Child identifier").fill(str(child.id))
    page.get_by_label("What they did").select_option("view")
    page.get_by_role("button", name="Search the audit trail").click()
    table = page.locator("table")
    expect(table).to_contain_text(users[Role.DUTY_WORKER].username, use_inner_text=True)
    expect(table).to_contain_text("Responding to a concern about the child's safety", use_inner_text=True)
    assert_accessible(page)


@pytest.mark.parametrize("role", Role.values)
def test_every_roles_account_page_is_accessible(
    page: Any, live_server: Any, users: dict[str, Any], role: str
) -> None:
    sign_in(page, live_server.url, users[role].username)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account", use_inner_text=True)
    assert_accessible(page)


def test_staff_second_factor_setup_page_is_accessible(
    page: Any, live_server: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.STAFF_TWO_FACTOR = True
    page.goto(live_server.url + reverse("accounts:sign-in"))
    page.get_by_label("User name").fill(users[Role.SOCIAL_WORKER].username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + reverse("accounts:two-factor") + "**")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Set up your authenticator app", use_inner_text=True
    )
    expect(page.get_by_role("img", name="QR code for your authenticator app")).to_be_visible()
    assert_accessible(page)


def test_everything_works_without_javascript(
    browser: Any, live_server: Any, users: dict[str, Any], child: Any
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        sign_in(page, live_server.url, users[Role.SOCIAL_WORKER].username)
        page.get_by_role("link", name="Children and young people").click()
        page.get_by_role("link", name=f"{child.first_name} {child.last_name}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"{child.first_name} {child.last_name}", use_inner_text=True
        )
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You have signed out", use_inner_text=True)
    finally:
        context.close()


def test_warns_before_the_session_ends_and_lets_people_stay(
    page: Any, live_server: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.SESSION_COOKIE_AGE = 122  # the warning opens two minutes before the end: about now
    errors = watch_console(page)
    sign_in(page, live_server.url, users[Role.PARENT_CARER].username)
    dialog = page.get_by_role("alertdialog")
    dialog.wait_for(state="visible", timeout=10_000)
    expect(dialog).to_contain_text("You will be signed out soon", use_inner_text=True)
    assert page.evaluate("document.activeElement.textContent") == "Stay signed in"
    assert_accessible(page)
    with page.expect_response(lambda r: r.url.endswith(reverse("accounts:keep-alive"))) as kept:
        dialog.get_by_role("button", name="Stay signed in").click()
    assert kept.value.status == 204
    assert not errors, errors


def test_a_parent_finds_support_by_words_and_filters_without_javascript(
    browser: Any, live_server: Any, offer: None
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("council:home"))
        page.get_by_label("Search the Local Offer").fill("holliday club")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.get_by_role("heading", level=2, name="found")).to_contain_text(
            "found", use_inner_text=True
        )
        expect(page.locator("main")).to_contain_text("a word like “holliday” is in its name")
        page.get_by_label("Age of the child or young person").fill("8")
        page.get_by_role("button", name="Apply filters").click()
        first = page.locator(".lo-result").first
        expect(first).to_contain_text("Next step", use_inner_text=True)
        first.get_by_role("link").click()
        expect(page.get_by_role("heading", level=2, name="How to get it")).to_be_visible()
    finally:
        context.close()


@pytest.mark.parametrize(
    "query",
    [{}, {"q": "overnight", "age": "10"}, {"age": "forty"}, {"needs": ["send"], "when": ["overnight"]}],
)
def test_local_offer_search_is_accessible(
    page: Any, live_server: Any, offer: None, query: dict[str, Any]
) -> None:
    from urllib.parse import urlencode

    errors = watch_console(page)
    page.goto(live_server.url + reverse("directory:search") + "?" + urlencode(query, doseq=True))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Find support in the Local Offer", use_inner_text=True
    )
    assert_accessible(page)
    assert not errors, errors


def test_a_service_page_is_accessible(page: Any, live_server: Any, offer: None) -> None:
    page.goto(live_server.url + reverse("directory:service", kwargs={"slug": "short-breaks-grant"}))
    assert_accessible(page)


def test_guided_route_with_a_safety_worry_shows_what_to_do_first(
    page: Any, live_server: Any, offer: None, medway: None
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("directory:guide"))
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the age of the child or young person", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("How old is the child or young person?").fill("9")
    with page.expect_navigation():
        page.get_by_role("button", name="Continue").click()
    assert_accessible(page)
    page.get_by_label("I am worried a child or young person may be unsafe or at risk of harm").check()
    page.get_by_label("They get Disability Living Allowance (DLA)").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Show support").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the kinds of help you are looking for"
    )
    assert_accessible(page)
    page.get_by_label("A break for the carer").check()
    page.get_by_role("button", name="Show support").click()
    first_region = page.locator("main > *").first
    expect(first_region).to_contain_text("If a child is in immediate danger, call 999.", use_inner_text=True)
    expect(first_region).to_contain_text("01634 334 466", use_inner_text=True)
    expect(page.get_by_role("heading", level=2, name="Anyone can use these")).to_be_visible()
    assert_accessible(page)
    assert not errors, errors


def test_a_family_shortlists_services_and_the_pages_are_accessible(
    page: Any, live_server: Any, offer: None
) -> None:
    errors = watch_console(page)
    page.goto(live_server.url + reverse("directory:service", kwargs={"slug": "short-breaks-grant"}))
    page.get_by_role("button", name="Add to your shortlist").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Added to your shortlist.", use_inner_text=True
    )
    page.get_by_role("link", name="See your shortlist").click()
    expect(page.get_by_role("heading", level=2, name="Short breaks grant")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send to my email").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your email address", use_inner_text=True
    )
    assert_accessible(page)
    assert not errors, errors


def test_a_provider_proposes_and_an_editor_approves_in_the_browser(
    page: Any, live_server: Any, users: dict[str, Any], offer: None
) -> None:
    from localoffer.directory.models import Organization

    provider = users[Role.PROVIDER_STAFF]
    provider.provider = Organization.objects.get(slug="rocc")
    provider.save()
    errors = watch_console(page)
    sign_in(page, live_server.url, provider.username)
    with page.expect_navigation():
        page.get_by_role("link", name="Local Offer listings").click()
    assert_accessible(page)
    with page.expect_navigation():
        page.get_by_role("link", name="ROCC holiday clubs").click()
    assert_accessible(page)
    page.get_by_label("Capacity").fill("Up to 160 children each school holiday")
    page.get_by_role("button", name="Send the change to an editor").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "An editor will check your change", use_inner_text=True
    )
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_server.url, users[Role.LOCAL_OFFER_EDITOR].username)
    with page.expect_navigation():
        page.get_by_role("link", name="Changes waiting for an editor").click()
    assert_accessible(page)
    page.get_by_role("link", name="Decide on the change to ROCC holiday clubs").click()
    expect(page.locator("table")).to_contain_text(
        "Up to 160 children each school holiday", use_inner_text=True
    )
    page.get_by_role("button", name="Save your decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select whether to approve the change", use_inner_text=True
    )
    assert_accessible(page)
    page.get_by_label("Approve the change").check()
    page.get_by_role("button", name="Save your decision").click()
    page.goto(live_server.url + reverse("directory:new-listing"))
    page.get_by_role("button", name="Add the listing").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select the provider that runs the service", use_inner_text=True
    )
    assert_accessible(page)
    page.goto(live_server.url + reverse("directory:service", kwargs={"slug": "rocc-holiday-clubs"}))
    expect(page.locator("main")).to_contain_text("Up to 160 children each school holiday")
    assert not errors, errors
