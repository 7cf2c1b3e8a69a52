"""A new family creates an account from the home page, and anyone resets a forgotten password, in headless
Chromium at phone and desktop widths, with an axe-core scan of every page."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from localoffer.accounts.models import User
from localoffer.accounts.tests.browser import assert_accessible, watch_console
from localoffer.accounts.tests.factories import UserFactory
from localoffer.core.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = [390, 1280]
PASSWORD = "a long and unusual passphrase"
# Where screenshots of each page go, when asked for (LOCALOFFER_SHOTS=folder).
SHOTS = os.environ.get("LOCALOFFER_SHOTS", "")


def _look(page: Any, name: str, width: int) -> None:
    """Every page: an accessibility scan, and a screenshot when asked for."""
    assert_accessible(page)
    if SHOTS:
        Path(SHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=f"{SHOTS}/{name}-{width}.png", full_page=True)


def _emailed_link(to: str, part: str) -> str:
    """The link in the newest email to `to`: opening it is what the person does from their inbox."""
    body = next(str(m.body) for m in reversed(mail.outbox) if m.to == [to])
    found = re.search(rf"(https?://\S*{part}\S*)", body)
    assert found, body
    return found.group(1)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_new_parent_creates_an_account_from_the_home_page_and_signs_in(
    page: Any, live_server: Any, medway: None, width: int
) -> None:
    errors = watch_console(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    _look(page, "home", width)
    page.get_by_role("link", name="Create an account", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account", use_inner_text=True)
    _look(page, "account-create", width)
    page.get_by_label("Email address").fill("priya.shah@example")
    page.get_by_role("button", name="Continue").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text(
        "Select whether you are a parent or carer, or a young person", use_inner_text=True
    )
    expect(summary).to_contain_text(
        "Enter an email address in the correct format, like name@example.com", use_inner_text=True
    )
    expect(page.get_by_label("Email address")).to_have_value("priya.shah@example")
    expect(page).to_have_title(re.compile("^" + re.escape("Error: Create an account")))
    _look(page, "account-create-errors", width)
    page.get_by_label("I am a parent or carer").check()
    page.get_by_label("First name").fill("Priya")
    page.get_by_label("Last name").fill("Shah")
    page.get_by_label("Email address").fill("Priya.Shah@example.com")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email", use_inner_text=True)
    expect(page.locator("main")).to_contain_text("priya.shah@example.com", use_inner_text=True)
    _look(page, "account-create-sent", width)

    page.goto(_emailed_link("priya.shah@example.com", "/account/create/link/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a password", use_inner_text=True)
    _look(page, "account-choose-password", width)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD + " again")
    page.get_by_role("button", name="Create your account").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The passwords do not match", use_inner_text=True
    )
    _look(page, "account-choose-password-errors", width)
    page.get_by_label("Create a password").fill(PASSWORD)
    page.get_by_label("Confirm your password").fill(PASSWORD)
    page.get_by_role("button", name="Create your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your account has been created", use_inner_text=True
    )
    _look(page, "account-created", width)
    assert User.objects.get(username="priya.shah@example.com").email_verified_at is not None

    page.locator("main").get_by_role("link", name="Sign in").click()
    _look(page, "sign-in", width)
    page.get_by_label("User name or email address").fill("priya.shah@example.com")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account", use_inner_text=True)
    expect(page.get_by_role("link", name="Your applications and referrals")).to_be_visible()
    _look(page, "account-home", width)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_a_parent_who_forgot_their_password_resets_it_and_signs_in(
    page: Any, live_server: Any, medway: None, width: int
) -> None:
    UserFactory(username="pat", email="pat@example.com", role=Role.PARENT_CARER)
    errors = watch_console(page)
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_role("link", name="Forgotten your password?").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Reset your password", use_inner_text=True)
    _look(page, "password-reset", width)
    page.get_by_role("button", name="Send the link").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter your email address", use_inner_text=True
    )
    _look(page, "password-reset-errors", width)
    page.get_by_label("Email address").fill("pat@example.com")
    page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email", use_inner_text=True)
    _look(page, "password-reset-sent", width)

    page.goto(_emailed_link("pat@example.com", "/account/password/reset/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password", use_inner_text=True)
    _look(page, "password-reset-choose", width)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm your new password").fill(PASSWORD)
    page.get_by_role("button", name="Change your password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your password has been changed", use_inner_text=True
    )
    _look(page, "password-reset-complete", width)
    page.locator("main").get_by_role("link", name="Sign in").click()
    page.get_by_label("User name or email address").fill("pat")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account", use_inner_text=True)
    assert not errors, errors


@pytest.mark.parametrize("width", WIDTHS)
def test_a_family_member_who_opens_the_admin_site_is_told_once_and_sent_home(
    page: Any, live_server: Any, users: dict[str, Any], width: int
) -> None:
    from localoffer.accounts.tests.browser import sign_in

    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server.url, users[Role.PARENT_CARER].username)
    response = page.goto(live_server.url + "/admin/")  # typed, as the person in the issue did
    assert response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You cannot use the administration site", use_inner_text=True
    )
    _look(page, "admin-refused", width)
    page.locator("main").get_by_role("link", name="Go to your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account", use_inner_text=True)


@pytest.mark.parametrize("width", WIDTHS)
def test_a_used_or_unknown_account_link_says_what_to_do(
    page: Any, live_server: Any, db: Any, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(live_server.url + "/account/create/link/no-such-link/")  # an old email's link
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "This link has stopped working", use_inner_text=True
    )
    _look(page, "account-link-not-valid", width)
    page.get_by_role("link", name="ask for a new link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account", use_inner_text=True)
