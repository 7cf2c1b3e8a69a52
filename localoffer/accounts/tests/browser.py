"""What every browser journey uses: an axe-core scan (WCAG 2.2 A and AA), the console's errors, and signing in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse

from localoffer.accounts.tests.factories import TEST_PASSWORD

AXE_PATH = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def assert_accessible(page: Any) -> None:
    # Evaluated through the browser's debugging protocol, so the page's own CSP stays strict.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text())
    # Only the violations are asked for and sent back: axe then keeps no list of every node that passed,
    # which halves the time of a scan (measured) and finds the same violations.
    violations = page.evaluate(
        "async (tags) => (await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations",
        WCAG_TAGS,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not problems, f"{page.url}: " + "; ".join(problems)


def watch_console(page: Any) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return errors


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("accounts:sign-in"))
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + reverse("accounts:dashboard"))
