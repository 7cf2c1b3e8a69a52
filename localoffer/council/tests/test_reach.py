"""Every listing gives a family a person to reach, on the page and in the Open Referral UK output, and the
online form that starts its route, with the phone number beside it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.urls import reverse

from localoffer.council.medway import offer as medway_offer
from localoffer.directory.guide import Answers, guide_options
from localoffer.directory.models import Location, Service, ServiceAtLocation
from localoffer.directory.tests.test_api import valid, validators  # noqa: F401 (a fixture)

pytestmark = pytest.mark.usefixtures("offer")
LIVE = [s["key"] for s in medway_offer.SERVICES if s.get("status", "active") == "active"]


def page(client: Any, slug: str) -> str:
    response = client.get(reverse("directory:service", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_every_listing_gives_a_phone_number_to_reach_a_person(client: Any) -> None:
    without = [slug for slug in LIVE if 'href="tel:+44' not in page(client, slug)]
    assert not without, f"no phone number on {without}"


def test_every_listing_in_the_api_has_a_contact_with_a_phone(
    client: Any,
    validators: Any,  # noqa: F811
) -> None:
    for service in Service.objects.filter(slug__in=LIVE):
        document = client.get(f"/api/oruk/services/{service.id}").json()
        valid(validators["service"], document)
        phones = [
            phone["number"] for contact in document.get("contacts", []) for phone in contact.get("phones", [])
        ]
        assert phones, f"{service.slug} has no contact phone in the API"


def test_a_hub_helpline_shows_its_published_hours_on_the_page_and_in_the_api(client: Any) -> None:
    html = page(client, "early-help-gillingham")
    assert "Gillingham Children and Family Hub" in html
    assert "Monday to Thursday: 8am to 5pm" in html
    assert "Friday: 8am to 4:30pm" in html
    service = Service.objects.get(slug="early-help-gillingham")
    document = client.get(f"/api/oruk/services/{service.id}").json()
    rules = {(s["byday"], s["opens_at"], s["closes_at"]) for s in document["schedules"]}
    assert rules == {("MO,TU,WE,TH", "08:00", "17:00"), ("FR", "08:00", "16:30")}
    assert document["contacts"][0]["phones"][0]["number"] == "01634 338 877"


def test_an_approved_email_website_and_address_are_shown_and_published(
    client: Any,
    validators: Any,  # noqa: F811
) -> None:
    service = Service.objects.get(slug="rocc-holiday-clubs")
    service.email = "bookings@rocc.example"
    service.url = "https://rocc.example/holiday-clubs"
    service.save()
    location = Location.objects.create(
        name="Rivermead School", address_1="Forge Lane", city="Gillingham", postal_code="ME7 1UG"
    )
    ServiceAtLocation.objects.create(service=service, location=location)
    html = page(client, service.slug)
    assert 'href="mailto:bookings@rocc.example"' in html
    assert 'href="https://rocc.example/holiday-clubs"' in html
    assert "Rivermead School, Forge Lane, Gillingham, ME7 1UG" in html
    document = client.get(f"/api/oruk/services/{service.id}").json()
    valid(validators["service"], document)
    assert document["email"] == "bookings@rocc.example"
    assert document["url"] == "https://rocc.example/holiday-clubs"
    assert any(c.get("email") == "bookings@rocc.example" for c in document["contacts"])
    address = document["service_at_locations"][0]["location"]["addresses"][0]
    assert (address["address_1"], address["postal_code"], address["country"]) == (
        "Forge Lane",
        "ME7 1UG",
        "GB",
    )


def test_the_grant_listing_says_each_amount_once_and_each_heading_once(client: Any) -> None:
    html = page(client, "short-breaks-grant")
    assert "£500 £500" not in html
    assert "£500 a year" in html
    assert html.count(">Level of need<") == 1
    assert html.count("How to get it") == 1


def test_the_grant_listing_links_to_the_online_application_with_the_phone_beside_it(client: Any) -> None:
    html = page(client, "short-breaks-grant")
    assert "send the" not in html.lower()
    link = re.search(
        r'<a [^>]*href="([^"]+)"[^>]*>Apply online for short breaks</a>\s*<p[^>]*>Or call ([^<]+)<a', html
    )
    assert link, "no online application link"
    assert link.group(1) == reverse("referrals:apply-short-breaks")
    assert "Short breaks and the Self Directed Support Team" in link.group(2)


def test_the_early_help_listing_links_its_online_form(client: Any) -> None:
    html = page(client, "early-help")
    assert f'href="{reverse("referrals:apply-early-help")}"' in html
    for hub in ("01634 338 833", "01634 338 877", "01634 335 533", "01634 337 733"):
        assert hub in html


def test_the_guided_route_leaves_out_planned_services_and_links_the_application(client: Any) -> None:
    answers = Answers(age=12, situation=frozenset({"diagnosis"}), help=frozenset({"things-to-do", "money"}))
    listed = [o.service for options in guide_options(answers).values() for o in options]
    assert listed
    assert not [s.name for s in listed if s.planned]
    assert Service.objects.filter(planned=True, slug="rocc-term-time-provision").exists()
    html = client.get(
        reverse("directory:guide-results"), {"age": "12", "situation": "diagnosis", "help": "money"}
    ).content.decode()
    assert "send the" not in html.lower()
    assert f'href="{reverse("referrals:apply-short-breaks")}"' in html
    assert "01634 331 351" in html


def test_planned_services_are_marked_in_the_search(client: Any) -> None:
    html = client.get(reverse("directory:search"), {"q": "ROCC"}).content.decode()
    assert "Planned, not running yet" in html
