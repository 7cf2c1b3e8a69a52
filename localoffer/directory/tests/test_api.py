"""The Open Referral UK API: every response validates against the published ORUK 3.0 schemas, offline."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from jsonschema import Draft202012Validator
from referencing import Registry

from localoffer.directory.models import Organization, Service, Taxonomy, TaxonomyTerm

pytestmark = [pytest.mark.sqlite, pytest.mark.usefixtures("offer")]
SCHEMA_PREFIX = "https://openreferraluk.org/specifications/3.0/schema/"


def _schema_dir() -> Path | None:
    candidates = [
        os.environ.get("LOCALOFFER_ORUK_SCHEMAS"),
        settings.BASE_DIR.parent / "shared/standards/oruk/3.0/schema",
    ]
    for candidate in candidates:
        if candidate and Path(candidate, "service.json").exists():
            return Path(candidate)
    return None


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    folder = _schema_dir()
    if folder is None:
        message = (
            "The published ORUK 3.0 schemas were not found: set LOCALOFFER_ORUK_SCHEMAS to a folder holding "
            "service.json and the rest, or put the shared standards beside the project"
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from referencing.jsonschema import DRAFT202012

    schemas = {path.stem: json.loads(path.read_text()) for path in folder.glob("*.json")}
    registry: Registry = Registry().with_resources(
        (SCHEMA_PREFIX + name + ".json", DRAFT202012.create_resource(schema))
        for name, schema in schemas.items()
    )
    return {
        name: Draft202012Validator(
            schema, registry=registry, format_checker=Draft202012Validator.FORMAT_CHECKER
        )
        for name, schema in schemas.items()
    }


def valid(validator: Draft202012Validator, document: Any) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(document)]
    assert not errors, errors[:5]


def no_nulls(document: Any) -> None:
    if isinstance(document, dict):
        for key, value in document.items():
            assert value is not None, f"{key} is null: optional fields must be left out"
            no_nulls(value)
    elif isinstance(document, list):
        for item in document:
            no_nulls(item)


LISTS = {
    "/api/oruk/services": ("service_list", "service"),
    "/api/oruk/organizations": ("organization_list", "organization"),
    "/api/oruk/taxonomies": ("taxonomy_list", "taxonomy"),
    "/api/oruk/taxonomy_terms": ("taxonomy_term_list", "taxonomy_term"),
    "/api/oruk/service_at_locations": ("service_at_location_list", "service_at_location"),
}


def test_api_details(client: Any, validators: dict[str, Draft202012Validator]) -> None:
    assert list(validators["service"].iter_errors({"id": "not-a-uuid"})), "the validator must be able to fail"
    response = client.get("/api/oruk/")
    valid(validators["api_details"], response.json())
    assert response.json()["version"] == "HSDS-UK-3.0"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.get(response.json()["openapi_url"]).json()["openapi"].startswith("3.1")


@pytest.mark.parametrize("url", sorted(LISTS))
def test_first_middle_and_last_pages_and_every_item_validate(
    client: Any, validators: dict[str, Draft202012Validator], url: str
) -> None:
    list_schema, item_schema = LISTS[url]
    first = client.get(url, {"per_page": 3}).json()
    pages = {1, max(1, first["total_pages"] // 2), first["total_pages"]}
    for number in sorted(pages):
        page = client.get(url, {"per_page": 3, "page": number}).json()
        valid(validators[list_schema], page)
        no_nulls(page)
        assert page["page_number"] == number
        assert page["first_page"] == (number == 1)
        assert page["last_page"] == (number == first["total_pages"])
        for item in page["contents"]:
            valid(validators[item_schema], item)
            detail = client.get(f"{url}/{item['id']}")
            assert detail.status_code == 200
            valid(validators[item_schema], detail.json())
            no_nulls(detail.json())


def test_a_full_service_validates_with_its_nested_parts(
    client: Any, validators: dict[str, Draft202012Validator]
) -> None:
    grant = Service.objects.get(slug="short-breaks-grant")
    document = client.get(f"/api/oruk/services/{grant.id}").json()
    valid(validators["service"], document)
    assert document["organization"]["name"] == grant.organization.name
    assert sorted(c["amount"] for c in document["cost_options"]) == [500, 750, 1000]
    assert document["attributes"][0]["taxonomy_term"]["name"]


def _ids(client: Any, **params: Any) -> set[str]:
    body = client.get("/api/oruk/services", {"per_page": 200, **params}).json()
    return {item["id"] for item in body["contents"]}


def test_each_filter_really_filters(client: Any) -> None:
    shine = Service.objects.get(name__icontains="Shine")
    everything = _ids(client)
    assert str(shine.id) in _ids(client, search="Shine")
    assert str(shine.id) in _ids(client, age=12)
    assert str(shine.id) not in _ids(client, age=6)
    term = TaxonomyTerm.objects.get(taxonomy__slug="level-of-need", code=shine.level)
    assert str(shine.id) in _ids(client, taxonomy_term_id=term.id)
    other = TaxonomyTerm.objects.get(taxonomy__slug="level-of-need", code="specialist")
    assert str(shine.id) not in _ids(client, taxonomy_term_id=other.id)
    assert _ids(client, taxonomy_id=Taxonomy.objects.get(slug="level-of-need").id) == everything
    assert str(shine.id) in _ids(client, organization_id=shine.organization_id)
    stranger = Organization.objects.exclude(id=shine.organization_id).first()
    assert stranger is not None
    assert str(shine.id) not in _ids(client, organization_id=stranger.id)
    assert _ids(client, modified_after="2999-01-01T00:00:00Z") == set()


@pytest.mark.parametrize(
    "params",
    [
        {"page": 0},
        {"per_page": 1000},
        {"age": "old"},
        {"taxonomy_term_id": "not-a-uuid"},
        {"modified_after": "soon"},
    ],
)
def test_bad_input_gets_a_field_level_error(client: Any, params: dict[str, Any]) -> None:
    response = client.get("/api/oruk/services", params)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == next(iter(params))


def test_an_unknown_service_is_404(client: Any) -> None:
    assert client.get("/api/oruk/services/00000000-0000-4000-8000-000000000000").status_code == 404


def test_the_openapi_documents_each_error_and_the_errors_match_it(client: Any) -> None:
    """A client can rely on the published document: every endpoint says how it refuses bad input (422),
    every single-item endpoint how it says "not found" (404), and the real answers have those shapes."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    spec = client.get("/api/oruk/openapi.json").json()
    registry = Registry().with_resource(
        "urn:spec", Resource.from_contents(spec, default_specification=DRAFT202012)
    )

    def validator_for(path: str, status: str) -> Any:
        schema = spec["paths"][path]["get"]["responses"][status]["content"]["application/json"]["schema"]
        return Draft202012Validator({"$ref": "urn:spec" + schema["$ref"]}, registry=registry)

    for path, operations in spec["paths"].items():
        if path == "/api/oruk/":
            continue
        assert "422" in operations["get"]["responses"], path
        if "{" in path:
            assert "404" in operations["get"]["responses"], path
    missing = client.get("/api/oruk/services/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    validator_for("/api/oruk/services/{service_id}", "404").validate(missing.json())
    refused = client.get("/api/oruk/services", {"page": 0})
    assert refused.status_code == 422
    validator_for("/api/oruk/services", "422").validate(refused.json())
    bad_id = client.get("/api/oruk/taxonomies/not-a-uuid")
    assert bad_id.status_code == 422
    validator_for("/api/oruk/taxonomies/{taxonomy_id}", "422").validate(bad_id.json())
