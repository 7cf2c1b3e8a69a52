"""Medway's Local Offer as the sources give it: well formed, and loaded whole and only once."""

from __future__ import annotations

import re
from typing import Any

import pytest

from localoffer.audit.models import AuditEvent
from localoffer.council.medway.offer import (
    ACCESS_ROUTES,
    AREAS,
    FUNDING,
    HELP_TYPES,
    NEEDS,
    ORGANISATIONS,
    RATIOS,
    SERVICES,
    WHEN,
)
from localoffer.council.services import medway_offer_load
from localoffer.directory.models import IndexedWord, Service

pytestmark = pytest.mark.sqlite

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Every phone number the seeds give (seed 000).
SOURCE_PHONES = {
    "01634 331 351",
    "01634 334 466",
    "01634 338 500",
    "01634 338 833",
    "01634 338 877",
    "01634 335 533",
    "01634 337 733",
}
ORGANISATION_FIELDS = {"key", "name", "description", "kind", "source"}
REQUIRED = {"key", "organisation", "name", "description", "source", "level", "next_step", "quality"}
OPTIONAL = {
    "min_age",
    "max_age",
    "needs",
    "eligibility",
    "residency",
    "access_routes",
    "funding",
    "when",
    "ratios",
    "help_types",
    "areas",
    "phone",
    "capacity",
    "costs",
    "status",
    "teams",
    "online_route",
    "planned",
}
VOCABULARIES = {
    "needs": NEEDS,
    "access_routes": ACCESS_ROUTES,
    "funding": FUNDING,
    "when": WHEN,
    "ratios": RATIOS,
    "help_types": HELP_TYPES,
    "areas": AREAS,
}
ORGANISATION_KEYS = [organisation["key"] for organisation in ORGANISATIONS]


def test_every_organisation_and_service_has_its_own_key() -> None:
    assert len(ORGANISATION_KEYS) == len(set(ORGANISATION_KEYS))
    service_keys = [service["key"] for service in SERVICES]
    assert len(service_keys) == len(set(service_keys))


@pytest.mark.parametrize("organisation", ORGANISATIONS, ids=lambda organisation: organisation["key"])
def test_each_organisation_is_well_formed(organisation: dict[str, Any]) -> None:
    assert set(organisation) == ORGANISATION_FIELDS
    assert SLUG.match(organisation["key"])
    assert organisation["kind"] in {"council", "provider", "voluntary", "health"}
    assert all(isinstance(organisation[field], str) and organisation[field] for field in ORGANISATION_FIELDS)


@pytest.mark.parametrize("service", SERVICES, ids=lambda service: service["key"])
def test_each_service_is_well_formed_in_the_sources_words(service: dict[str, Any]) -> None:
    key = service["key"]
    assert set(service) >= REQUIRED, REQUIRED - set(service)
    assert set(service) <= REQUIRED | OPTIONAL, set(service) - REQUIRED - OPTIONAL
    assert all(value is not None for value in service.values())
    assert SLUG.match(key)
    assert service["organisation"] in ORGANISATION_KEYS
    assert service["level"] in {"universal", "targeted", "specialist"}
    assert service["quality"] in {"commissioned", "not-assured"}
    assert service.get("status", "active") in {"active", "inactive"}
    assert service.get("residency", "medway") in {"medway", "medway-first"}
    sentences = re.split(r"(?<=[.!?])\s+", service["description"].strip())
    assert 2 <= len(sentences) <= 4, len(sentences)
    for field, vocabulary in VOCABULARIES.items():
        codes = service.get(field, [])
        assert isinstance(codes, list), field
        assert len(codes) == len(set(codes)), field
        assert set(codes) <= set(vocabulary), (field, set(codes) - set(vocabulary))
    for field in ("min_age", "max_age"):
        if field in service:
            assert isinstance(service[field], int), field
            assert not isinstance(service[field], bool), field
    if "min_age" in service and "max_age" in service:
        assert service["min_age"] <= service["max_age"]
    if "phone" in service:
        assert service["phone"] in SOURCE_PHONES
    for number in re.findall(r"01634 \d{3} \d{3}", service["next_step"]):
        assert number in SOURCE_PHONES
    for cost in service.get("costs", []):
        assert set(cost) <= {"option", "amount_pence", "description"}
        assert cost["option"]
        assert cost["description"]
        if "amount_pence" in cost:
            assert isinstance(cost["amount_pence"], int)
            assert cost["amount_pence"] > 0


def test_every_organisation_runs_a_service() -> None:
    assert {service["organisation"] for service in SERVICES} == set(ORGANISATION_KEYS)


def test_loads_every_service_named_in_the_sources(offer: None) -> None:
    assert Service.objects.count() == len(SERVICES)
    grant = Service.objects.get(slug="short-breaks-grant")
    assert sorted(c.amount_pence or 0 for c in grant.cost_options.all()) == [50000, 75000, 100000]


def test_loading_again_changes_nothing(offer: None) -> None:
    before = (AuditEvent.objects.count(), IndexedWord.objects.count())
    medway_offer_load()
    assert (AuditEvent.objects.count(), IndexedWord.objects.count()) == before
