from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse


@pytest.mark.usefixtures("medway")
def test_home_page_routes_people_by_need_and_puts_safety_first(client: Any) -> None:
    page = client.get(reverse("council:home")).content.decode()
    assert "If a child is in immediate danger, call 999" in page
    assert page.index("call 999") < page.index("What do you need help with?")
    assert "01634 334 466" in page
    for need in (
        "A short break for my child and for me",
        "Support from the 0 to 25 disability team",
        "Early help",
    ):
        assert need in page


def test_pages_carry_the_councils_branding_and_no_crown(client: Any, db: Any) -> None:
    page = client.get(reverse("council:home")).content.decode()
    assert "Medway Council" in page
    assert "crown" not in page.lower()
    assert "GDS Transport" not in page


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("council:accessibility", "Web Content Accessibility Guidelines (WCAG) version 2.2"),
        ("council:privacy", "Health and disability information is special category data"),
    ],
)
def test_statements_are_published(client: Any, db: Any, name: str, expected: str) -> None:
    assert expected in client.get(reverse(name)).content.decode()


def test_security_headers_and_a_nonce_on_every_page(client: Any, db: Any) -> None:
    response = client.get(reverse("council:home"))
    policy = response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"' in response.content.decode()
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_pages_for_signed_in_people_are_never_cached(client: Any, users: dict[str, Any]) -> None:
    client.force_login(users["parent_carer"])
    assert "no-store" in client.get(reverse("accounts:dashboard"))["Cache-Control"]


def test_not_found_page_helps(client: Any, db: Any) -> None:
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_health_checks(client: Any, db: Any) -> None:
    assert client.get(reverse("core:health-live")).content == b"OK"
    assert client.get(reverse("core:health-ready")).content == b"OK"
