from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.usefixtures("policy")


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


def _links(page: str) -> dict[str, str]:
    """Each link on the page: its words (tags removed) to where it goes."""
    import re

    return {
        re.sub(r"<[^>]+>", "", text).strip(): href
        for href, text in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', page, flags=re.S)
    }


@pytest.mark.usefixtures("medway", "offer")
def test_home_page_links_to_every_route_checker_statement_and_the_local_offer(client: Any) -> None:

    from localoffer.grants.statement import statement_draft_create, statement_publish

    statement_publish(statement=statement_draft_create(by=None), by=None)  # as an editor publishes it
    page = client.get(reverse("council:home")).content.decode()
    hrefs = set(_links(page).values())
    for name in (
        "referrals:index",
        "referrals:apply-short-breaks",
        "referrals:apply-disability-team",
        "referrals:apply-early-help",
        "referrals:apply-carers-assessment",
        "referrals:apply-supported-living",
        "referrals:safety-start",
        "grants:policy",
        "grants:checker",
        "grants:statement",
        "directory:search",
        "directory:guide",
        "accounts:account-create",
        "accounts:sign-in",
    ):
        assert reverse(name) in hrefs, name
    for href in hrefs:
        if href.startswith("/") and not href.startswith("/static/"):
            assert client.get(href).status_code == 200, href


@pytest.mark.usefixtures("medway", "offer")
@pytest.mark.parametrize(
    ("card", "goes_to", "next_step", "phone"),
    [
        (
            "A short break for my child and for me",
            "grants:policy",
            "Apply for a short breaks grant online",
            "01634 331 351",
        ),
        (
            "Support from the 0 to 25 disability team",
            "referrals:apply-disability-team",
            "refer online to the 0 to 25 disability team",
            "01634 334 466",
        ),
        (
            "Early help for our family",
            "referrals:apply-early-help",
            "ask for early help online",
            "01634 338 877",
        ),
        (
            "Direct payments and personal assistants",
            "directory:service",
            "refer online to the 0 to 25 disability team",
            "01634 331 351",
        ),
        (
            "Equipment and adaptations at home",
            "directory:service",
            "refer online to the 0 to 25 disability team",
            "01634 338 500",
        ),
        (
            "Support for me as a carer",
            "referrals:apply-carers-assessment",
            "ask for a carer's assessment online",
            "01634 338 500",
        ),
        (
            "Supported living from 18",
            "referrals:apply-supported-living",
            "ask about supported living online",
            "01634 334 466",
        ),
        (
            "I am worried about a child's safety",
            "referrals:safety-start",
            "tell us about a worry online",
            "01634 334 466",
        ),
    ],
)
def test_each_need_goes_to_its_page_with_the_next_step_and_the_phone_beside_it(
    client: Any, card: str, goes_to: str, next_step: str, phone: str
) -> None:
    import html

    page = html.unescape(client.get(reverse("council:home")).content.decode())
    start = page.index(f">{card}</a>")
    body = page[page.rindex('<li class="lo-card">', 0, start) : page.index("</li>\n  <li", start)]
    heading_href = body.split('href="')[1].split('"')[0]
    if goes_to == "directory:service":
        assert heading_href.startswith("/local-offer/")
    else:
        assert heading_href == reverse(goes_to)
    assert "/contact-us/" not in body
    links = _links(body)
    assert next_step in links
    assert links[next_step].startswith(("/ask-for-help/", "/short-breaks/"))
    assert phone in body
    assert f'href="tel:+44{phone.replace(" ", "")[1:]}"' in body


def test_the_home_pages_phone_numbers_are_the_teams_own(client: Any, db: Any) -> None:
    import re

    from localoffer.council.medway.teams import TEAMS

    page = client.get(reverse("council:home")).content.decode()
    known = {team["phone"] for team in TEAMS if team["phone"]}
    shown = set(re.findall(r"01634 \d{3} \d{3}", page))
    assert shown
    assert shown <= known, shown - known


def test_a_signed_in_family_member_opening_the_admin_site_is_told_once(
    client: Any, users: dict[str, Any]
) -> None:
    client.force_login(users["parent_carer"])
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert len(response.redirect_chain) == 1
    page = response.content.decode()
    assert "You cannot use the administration site" in page
    assert f'href="{reverse("accounts:dashboard")}"' in page


def test_someone_not_signed_in_opening_the_admin_site_is_asked_to_sign_in(client: Any, db: Any) -> None:
    response = client.get("/admin/", follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == f"{reverse('accounts:sign-in')}?next=/admin/"
