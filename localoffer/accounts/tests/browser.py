"""What every browser journey uses: an axe-core scan (WCAG 2.2 A and AA), the console's errors, and signing in."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from localoffer.accounts.tests.factories import TEST_PASSWORD

AXE_PATH = Path(__file__).resolve().parents[3] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]


def assert_accessible(page: Any) -> None:
    violations = _scan_loaded(page)
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in violations
    ]
    assert not problems, f"{page.url}: " + "; ".join(problems)


def _scan_loaded(page: Any, attempts: int = 3) -> list[dict[str, Any]]:
    """Scan the page once it has loaded. A click on a link may still be loading the next page when the scan is asked
    for; if that page commits during the scan, the old document goes away under axe (seen in CI: "Cannot read
    properties of null (reading 'documentElement')"), and the scan waits for the new page and scans it."""
    for attempt in range(1, attempts + 1):
        page.wait_for_load_state("load")
        try:
            return _scan(page)
        except PlaywrightError:
            if attempt == attempts:
                raise
    raise AssertionError("attempts must be at least 1")


def _scan(page: Any) -> list[dict[str, Any]]:
    # Evaluated through the browser's debugging protocol, so the page's own CSP stays strict.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_PATH.read_text())
    # Only the violations are asked for and sent back: axe then keeps no list of every node that passed,
    # which halves the time of a scan (measured) and finds the same violations.
    violations: list[dict[str, Any]] = page.evaluate(
        "async (tags) => (await axe.run(document,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})).violations",
        WCAG_TAGS,
    )
    return violations


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
