"""A parent of an autistic nine-year-old in Gillingham, from the home page to a person to call and the
online application, by links and buttons only, on a phone and on a desktop, with axe on every page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from localoffer.accounts.tests.browser import assert_accessible, watch_console

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def open_find_support(page: Any) -> None:
    """The service navigation's "Find support", behind "Menu" on a phone."""
    link = page.get_by_role("link", name="Find support", exact=True)
    if not link.is_visible():
        page.get_by_role("button", name="Menu").click()
    link.click()


@pytest.mark.parametrize("width", [390, 1280])
def test_a_parent_of_an_autistic_nine_year_old_in_gillingham_finds_who_to_call_and_how_to_apply(
    browser: Any, live_server: Any, offer: None, width: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 844}, locale="en-GB", timezone_id="Europe/London"
    )
    page = context.new_page()
    errors = watch_console(page)
    try:
        page.goto(live_server.url + "/")
        assert_accessible(page)
        open_find_support(page)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Find support in the Local Offer", use_inner_text=True
        )
        assert_accessible(page)

        page.get_by_label("Search the Local Offer").fill("autism")
        with page.expect_navigation():
            page.get_by_role("button", name="Search", exact=True).click()
        assert_accessible(page)
        results = page.locator(".lo-result")
        expect(results.first).to_be_visible()  # at least one result, once the results page has come
        age = page.get_by_label("Age of the child or young person")
        if width == 390:
            # Results first: the first result starts on the first screen, the filters wait behind a control.
            assert results.first.bounding_box()["y"] < 844
            expect(age).to_be_hidden()
            page.get_by_text("Filter results").click()
        expect(age).to_be_visible()
        age.fill("9")
        gillingham = page.get_by_label(re.compile(r"^Gillingham \(\d+\)$"))
        gillingham.check()
        with page.expect_navigation():
            page.get_by_role("button", name="Apply filters").click()
        assert_accessible(page)
        # A count of at least one service found, once the filtered page has come.
        expect(page.get_by_role("heading", level=2, name=re.compile("found"))).to_have_text(
            re.compile(r"^[1-9][\d,]* "), use_inner_text=True
        )
        expect(page.locator("main")).to_contain_text("area: All of Medway, which takes in Gillingham")

        page.locator(".lo-result").get_by_role("link", name="Short breaks grant").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Short breaks grant", use_inner_text=True)
        assert_accessible(page)
        expect(page.get_by_role("heading", level=2, name="Contact")).to_be_visible()
        call = page.locator("a[href^='tel:']").first
        expect(call).to_be_visible()
        expect(call).to_have_text("01634 331 351", use_inner_text=True)
        apply = page.get_by_role("link", name="Apply online for short breaks")
        expect(apply).to_be_visible()
        apply.click()
        expect(page).to_have_url(re.compile(re.escape(reverse("referrals:apply-short-breaks")) + "$"))
        assert_accessible(page)
        assert not errors, errors
    finally:
        context.close()


def test_the_search_works_without_javascript_on_a_phone(browser: Any, live_server: Any, offer: None) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(live_server.url + reverse("directory:search"))
        page.get_by_label("Search the Local Offer").fill("hollyday")
        page.get_by_role("button", name="Search", exact=True).click()
        expect(page.locator(".lo-result").first).to_be_visible()
        page.get_by_text("Filter results").click()
        page.get_by_label(re.compile(r"^Rainham \(\d+\)$")).check()
        page.get_by_role("button", name="Apply filters").click()
        expect(page.locator("main")).to_contain_text("Filter results (1 chosen)")
        expect(page.locator(".lo-result").first).to_be_visible()
        filtered = page.url
    finally:
        context.close()
    # axe needs JavaScript to run: the same filtered page, scanned in a tab that has it, at the same width.
    scanning = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        tab = scanning.new_page()
        tab.goto(filtered)
        assert_accessible(tab)
    finally:
        scanning.close()
