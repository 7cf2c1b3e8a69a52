from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from localoffer.directory.geo import (
    NotAMedwayPostcode,
    areas_within,
    district_of,
    miles_between,
    services_near,
)
from localoffer.directory.models import Location, Service, ServiceAtLocation
from localoffer.directory.selectors import DirectoryCriteria, directory_search, public_services


def near(postcode: str, miles: float) -> set[str]:
    return set(services_near(public_services(), district_of(postcode), miles).values_list("slug", flat=True))


def test_reads_full_postcodes_and_districts() -> None:
    assert district_of("me4 4tr").name == "Chatham"
    assert district_of("ME7").name == "Gillingham"


@pytest.mark.parametrize(
    ("text", "message"),
    [("SW1A 1AA", "in the correct format"), ("ME15 6AA", "Medway postcode"), ("ME6 5AA", "Medway postcode")],
)
def test_refuses_postcodes_outside_medway(text: str, message: str) -> None:
    with pytest.raises(NotAMedwayPostcode, match=message):
        district_of(text)


def test_distances_are_plausible() -> None:
    chatham, rainham = district_of("ME4"), district_of("ME8")
    miles = miles_between(chatham.latitude, chatham.longitude, rainham.latitude, rainham.longitude)
    assert 3 < miles < 7
    assert areas_within(chatham, 1) == {"chatham"}


@pytest.mark.usefixtures("offer")
def test_near_a_postcode_keeps_medway_wide_and_nearby_services_only() -> None:
    near_strood = near("ME2 1AA", 1)
    assert "early-help-strood" in near_strood
    assert "early-help-gillingham" not in near_strood
    assert "short-breaks-grant" in near_strood  # offered across Medway


@pytest.mark.usefixtures("offer")
def test_a_located_service_is_found_by_distance(client: Any) -> None:
    service = Service.objects.get(slug="dragons-retreat-overnight-care")
    place = ServiceAtLocation.objects.create(
        service=service,
        location=Location.objects.create(name="Near Rainham", latitude=51.361, longitude=0.612),
    )
    assert service.slug in {
        r.service.slug for r in directory_search(criteria=DirectoryCriteria(postcode="ME8", miles=1)).results
    }
    assert service.slug not in {
        r.service.slug for r in directory_search(criteria=DirectoryCriteria(postcode="ME2", miles=1)).results
    }
    body = client.get("/api/oruk/service_at_locations", {"postcode": "ME8 0AA", "proximity": 1000}).json()
    assert [item["id"] for item in body["contents"]] == [str(place.id)]
    assert (
        client.get("/api/oruk/service_at_locations", {"postcode": "ME2 1AA", "proximity": 1000}).json()[
            "contents"
        ]
        == []
    )
    ids = {
        item["id"]
        for item in client.get(
            "/api/oruk/services", {"postcode": "ME8", "proximity": 1000, "per_page": 200}
        ).json()["contents"]
    }
    assert str(service.id) in ids


@pytest.mark.usefixtures("offer")
def test_a_postcode_outside_medway_is_explained(client: Any) -> None:
    page = client.get(reverse("directory:search"), {"postcode": "ME15 6AA"}).content.decode()
    assert "Enter a Medway postcode" in page
    assert 'value="ME15 6AA"' in page
    response = client.get("/api/oruk/service_at_locations", {"postcode": "nowhere"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "postcode"]
