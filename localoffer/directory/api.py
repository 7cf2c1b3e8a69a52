"""The Local Offer as an Open Referral UK 3.0 API, at /api/oruk/: open, no key, read-only.

Optional fields are left out rather than sent as null; identifiers are UUIDs; lists carry ORUK's paging
fields. Extensions to the standard's filters: `age` (services for a child of that age), and `postcode` with
`proximity` on /services as well as /service_at_locations (services offered across Medway count as near).
"""

from __future__ import annotations

import datetime as dt
import math
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError

from localoffer.directory.geo import (
    METRES_PER_MILE,
    District,
    NotAMedwayPostcode,
    district_of,
    links_near,
    services_near,
)
from localoffer.directory.models import (
    Organization,
    Service,
    ServiceAtLocation,
    ServiceAttribute,
    Taxonomy,
    TaxonomyTerm,
)
from localoffer.directory.search import counted_slice, filter_age, parse_query, ranked_slice
from localoffer.directory.selectors import public_services
from localoffer.teams.models import Team
from localoffer.teams.opening import Period, describe_hours

api = NinjaAPI(
    title="Local Offer: Open Referral UK",
    version="HSDS-UK-3.0",
    description="The council's Local Offer directory of services for children and young people with SEND, "
    "published as Open Referral UK 3.0. Open to anyone, no key.",
    urls_namespace="oruk",
    docs_url=None,
)
PROFILE = "https://openreferraluk.org/specifications/3.0"
MAX_PER_PAGE = 200


class ApiDetails(Schema):
    version: str
    profile: str
    openapi_url: str


class TaxonomyOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    version: str | None = None


class TaxonomyTermOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    parent_id: uuid.UUID | None = None
    taxonomy: str | None = None
    taxonomy_id: uuid.UUID | None = None
    term: str | None = None


class AttributeOut(Schema):
    id: uuid.UUID
    link_id: uuid.UUID
    link_type: str = "service"
    taxonomy_term_id: uuid.UUID
    taxonomy_term: TaxonomyTermOut | None = None


class OrganizationOut(Schema):
    id: uuid.UUID
    name: str
    description: str
    email: str | None = None
    website: str | None = None


class CostOptionOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID
    option: str | None = None
    amount: float | None = None
    amount_description: str | None = None


class AddressOut(Schema):
    id: uuid.UUID
    location_id: uuid.UUID | None = None
    address_1: str
    city: str
    state_province: str
    postal_code: str
    country: str
    address_type: str


class LocationOut(Schema):
    id: uuid.UUID
    location_type: str
    name: str | None = None
    description: str | None = None
    latitude: float | None = None
    longitude: float | None = None
    addresses: list[AddressOut] | None = None


class PhoneOut(Schema):
    id: uuid.UUID
    contact_id: uuid.UUID | None = None
    number: str
    description: str | None = None


class ContactOut(Schema):
    """ORUK's contact, with its phones and email nested as HSDS 3.0 nests them (ORUK's phone names its
    contact_id but the contact schema lists no phones; extra properties are allowed)."""

    id: uuid.UUID
    service_id: uuid.UUID | None = None
    name: str | None = None
    title: str | None = None
    email: str | None = None
    phones: list[PhoneOut] | None = None


class ScheduleOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    freq: str | None = None
    byday: str | None = None
    opens_at: str | None = None
    closes_at: str | None = None
    description: str | None = None


class ServiceAtLocationOut(Schema):
    id: uuid.UUID
    service_id: uuid.UUID | None = None
    location_id: uuid.UUID | None = None
    location: LocationOut | None = None


class ServiceOut(Schema):
    id: uuid.UUID
    organization_id: uuid.UUID | None = None
    name: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    status: str
    fees: str | None = None
    minimum_age: int | None = None
    maximum_age: int | None = None
    assured_date: str | None = None
    alert: str | None = None
    last_modified: dt.datetime | None = None
    organization: OrganizationOut | None = None
    contacts: list[ContactOut] | None = None
    schedules: list[ScheduleOut] | None = None
    cost_options: list[CostOptionOut] | None = None
    service_at_locations: list[ServiceAtLocationOut] | None = None
    attributes: list[AttributeOut] | None = None


class Page(Schema):
    total_items: int
    total_pages: int
    page_number: int
    size: int
    first_page: bool
    last_page: bool
    empty: bool


class ServicePage(Page):
    contents: list[ServiceOut]


class OrganizationPage(Page):
    contents: list[OrganizationOut]


class TaxonomyPage(Page):
    contents: list[TaxonomyOut]


class TaxonomyTermPage(Page):
    contents: list[TaxonomyTermOut]


class ServiceAtLocationPage(Page):
    contents: list[ServiceAtLocationOut]


class NotFoundOut(Schema):
    detail: str = Field(description="What was not found, for example 'Not Found'")


class ProblemOut(Schema):
    loc: list[str | int] = Field(description="Where the problem is, for example ['query', 'page']")
    msg: str = Field(description="What is wrong, and how to put it right")
    type: str


class ValidationErrorOut(Schema):
    detail: list[ProblemOut]


LIST_ERRORS = {422: ValidationErrorOut}
ITEM_ERRORS = {404: NotFoundOut, 422: ValidationErrorOut}


class Paging(Schema):
    page: int = Field(1, ge=1, description="Page number, from 1")
    per_page: int = Field(50, ge=1, le=MAX_PER_PAGE, description=f"Items a page, 1 to {MAX_PER_PAGE}")


class ServiceFilters(Paging):
    search: str | None = Field(None, max_length=200, description="Words to search for")
    taxonomy_term_id: uuid.UUID | None = None
    taxonomy_id: uuid.UUID | None = None
    organization_id: uuid.UUID | None = None
    modified_after: str | None = Field(
        None,
        max_length=40,
        description="Only services changed after this moment: an RFC 3339 date-time, like 2026-11-23T09:00:00Z",
        json_schema_extra={"format": "date-time"},
    )
    minimal: bool = False
    full: bool = False
    age: int | None = Field(None, ge=0, le=120, description="Extension: services for a child of this age")
    postcode: str | None = Field(
        None, max_length=10, description="A Medway postcode, to find what is near it"
    )
    proximity: int | None = Field(None, ge=1, le=100_000, description="Metres from the postcode's centre")


def _page(
    queryset: QuerySet[Any],
    paging: Paging,
    item: Any,
    prepare: Any = None,
    rows_of: Callable[[int, int], tuple[list[Any], int]] | None = None,
) -> dict[str, Any]:
    """One page of `queryset` as ORUK pages them; `rows_of(start, size)`, where given, reads the page and the
    total instead (a keyword search, `ranked_slice`)."""
    start = (paging.page - 1) * paging.per_page
    rows, total = (rows_of or partial(counted_slice, queryset))(start, paging.per_page)
    if prepare is not None:
        prepare(rows)
    pages = max(1, math.ceil(total / paging.per_page))
    contents = [item(obj) for obj in rows]
    return {
        "total_items": total,
        "total_pages": pages,
        "page_number": paging.page,
        "size": len(contents),
        "first_page": paging.page == 1,
        "last_page": paging.page >= pages,
        "empty": not contents,
        "contents": contents,
    }


def _blank_to_none(value: str) -> str | None:
    return value or None


def term_out(term: TaxonomyTerm) -> dict[str, Any]:
    return {
        "id": term.id,
        "name": term.name,
        "description": term.description or term.name,
        "parent_id": term.parent_id,
        "taxonomy": term.taxonomy.slug,
        "taxonomy_id": term.taxonomy_id,
        "term": term.code,
    }


def organization_out(organization: Organization) -> dict[str, Any]:
    return {
        "id": organization.id,
        "name": organization.name,
        "description": organization.description,
        "email": _blank_to_none(organization.email),
        "website": _blank_to_none(organization.website),
    }


def service_out(service: Service, *, full: bool = False, minimal: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": service.id,
        "name": service.name,
        "status": service.status,
        "last_modified": service.last_modified,
    }
    if minimal:
        return data
    data |= {
        "organization_id": service.organization_id,
        "description": service.description,
        "url": _blank_to_none(service.url),
        "email": _blank_to_none(service.email),
        "fees": _blank_to_none(service.fees),
        "minimum_age": service.minimum_age,
        "maximum_age": service.maximum_age,
        "assured_date": service.assured_date.isoformat() if service.assured_date else None,
        "alert": _blank_to_none(
            service.closed_message or ("Planned: this service is not running yet." if service.planned else "")
        ),
        "attributes": [
            {
                "id": attribute.id,
                "link_id": service.id,
                "link_type": "service",
                "taxonomy_term_id": attribute.term_id,
                "taxonomy_term": term_out(attribute.term) if full else None,
            }
            for attribute in _attributes(service)
        ],
    }
    if full:
        data |= {
            "organization": organization_out(service.organization),
            "contacts": _contacts_out(service),
            "schedules": _schedules_out(service),
            "cost_options": [
                {
                    "id": cost.id,
                    "service_id": service.id,
                    "option": cost.option,
                    "amount": cost.amount_pence / 100 if cost.amount_pence is not None else None,
                    "amount_description": _blank_to_none(cost.amount_description),
                }
                for cost in service.cost_options.all()
            ],
            "service_at_locations": [
                _service_at_location_out(sal) for sal in service.service_at_locations.all()
            ],
        }
    return data


ICAL_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _contacts_out(service: Service) -> list[dict[str, Any]]:
    """The listing's own contact where it has a phone or email, and each council team that handles its
    route, with the team's phone and opening hours. Their keys are derived from the service's, so they stay
    the same from one request to the next."""
    contacts = []
    team_phones = {team.phone for team in service.contact_teams.all()}
    own_phone = service.phone if service.phone not in team_phones else ""
    if own_phone or service.email:
        contact_id = uuid.uuid5(service.id, "contact")
        contacts.append(
            {
                "id": contact_id,
                "service_id": service.id,
                "name": service.name,
                "email": _blank_to_none(service.email),
                "phones": [
                    {"id": uuid.uuid5(contact_id, "phone"), "contact_id": contact_id, "number": own_phone}
                ]
                if own_phone
                else None,
            }
        )
    for team in service.contact_teams.all():
        contact_id = uuid.uuid5(service.id, f"team:{team.id}")
        hours = "; ".join(describe_hours(_periods(team)))
        contacts.append(
            {
                "id": contact_id,
                "service_id": service.id,
                "name": team.name,
                "title": team.get_kind_display(),
                "phones": [
                    {
                        "id": uuid.uuid5(contact_id, "phone"),
                        "contact_id": contact_id,
                        "number": team.phone,
                        "description": _blank_to_none(hours),
                    }
                ]
                if team.phone
                else None,
            }
        )
    return contacts


def _periods(team: Any) -> list[Period]:
    return [Period(p.weekday, p.opens, p.closes) for p in team.opening_periods.all()]


def _schedules_out(service: Service) -> list[dict[str, Any]]:
    """When each team that handles the listing's route answers: one weekly RFC 5545 rule for each set of
    days with the same hours."""
    schedules = []
    for team in service.contact_teams.all():
        by_hours: dict[tuple[str, str], list[int]] = {}
        for period in sorted(_periods(team), key=lambda p: p.weekday):
            by_hours.setdefault((f"{period.opens:%H:%M}", f"{period.closes:%H:%M}"), []).append(
                period.weekday
            )
        for (opens, closes), days in by_hours.items():
            schedules.append(
                {
                    "id": uuid.uuid5(service.id, f"schedule:{team.id}:{opens}:{closes}"),
                    "service_id": service.id,
                    "freq": "WEEKLY",
                    "byday": ",".join(ICAL_DAYS[day] for day in days),
                    "opens_at": opens,
                    "closes_at": closes,
                    "description": f"{team.name}: {', '.join(describe_hours(_periods(team)))}",
                }
            )
    return schedules


def _addresses_out(location: Any) -> list[dict[str, Any]] | None:
    if not (location.address_1 or location.postal_code):
        return None
    return [
        {
            "id": uuid.uuid5(location.id, "address"),
            "location_id": location.id,
            "address_1": location.address_1,
            "city": location.city,
            "state_province": "Kent",  # Medway is a unitary authority in the county of Kent
            "postal_code": location.postal_code,
            "country": "GB",
            "address_type": "physical" if location.location_type == "physical" else location.location_type,
        }
    ]


def _service_at_location_out(link: ServiceAtLocation) -> dict[str, Any]:
    location = link.location
    return {
        "id": link.id,
        "service_id": link.service_id,
        "location_id": link.location_id,
        "location": {
            "id": location.id,
            "location_type": location.location_type,
            "name": location.name,
            "description": _blank_to_none(location.description),
            "latitude": location.latitude,
            "longitude": location.longitude,
            "addresses": _addresses_out(location),
        },
    }


@dataclass(frozen=True)
class _AttributeKeys:
    id: uuid.UUID
    term_id: uuid.UUID
    term: None = None


def _attributes(service: Service) -> Any:
    keys = getattr(service, "attribute_keys", None)
    return keys if keys is not None else service.attributes.all()


def _attribute_keys_attach(services: list[Service]) -> None:
    """For a page of services not fully nested: their attributes' keys, in one look-up of keys."""
    keys: dict[Any, list[_AttributeKeys]] = {service.id: [] for service in services}
    for attribute_id, service_id, term_id in ServiceAttribute.objects.filter(
        service_id__in=list(keys)
    ).values_list("id", "service_id", "term_id"):
        keys[service_id].append(_AttributeKeys(attribute_id, term_id))
    for service in services:
        service.attribute_keys = keys[service.id]  # type: ignore[attr-defined]


def _services(*, full: bool = True) -> QuerySet[Service]:
    """Public services with what their representation needs: terms and places only when fully nested."""
    services = public_services().select_related("organization")
    if not full:
        return services
    return services.prefetch_related(
        Prefetch("attributes", queryset=ServiceAttribute.objects.select_related("term__taxonomy")),
        "cost_options",
        Prefetch("service_at_locations", queryset=ServiceAtLocation.objects.select_related("location")),
        Prefetch(
            "contact_teams",
            queryset=Team.objects.order_by("display_order", "name").prefetch_related("opening_periods"),
        ),
    )


@api.get("/", response=ApiDetails, summary="About this API")
def api_details(request: HttpRequest) -> dict[str, str]:
    return {
        "version": "HSDS-UK-3.0",
        "profile": PROFILE,
        "openapi_url": request.build_absolute_uri(reverse("oruk:openapi-json")),
    }


@api.get(
    "/services",
    response={200: ServicePage, **LIST_ERRORS},
    exclude_none=True,
    summary="Services, filtered and paged",
)
def service_list(request: HttpRequest, filters: Query[ServiceFilters]) -> dict[str, Any]:
    services = _services(full=filters.full)
    if filters.taxonomy_term_id:
        services = services.filter(
            id__in=ServiceAttribute.objects.filter(term_id=filters.taxonomy_term_id).values("service_id")
        )
    if filters.taxonomy_id:
        services = services.filter(
            id__in=ServiceAttribute.objects.filter(term__taxonomy_id=filters.taxonomy_id).values("service_id")
        )
    if filters.organization_id:
        services = services.filter(organization_id=filters.organization_id)
    if filters.modified_after is not None:
        services = services.filter(last_modified__gt=_moment(filters.modified_after))
    if filters.age is not None:
        services = filter_age(services, filters.age)
    if filters.postcode:
        district = _district(filters.postcode)
        services = services_near(services, district, (filters.proximity or 5000) / METRES_PER_MILE)
    query = parse_query(filters.search or "")
    return _page(
        services.order_by("name", "id"),
        filters,
        lambda s: service_out(s, full=filters.full, minimal=filters.minimal),
        prepare=None if filters.full else _attribute_keys_attach,
        rows_of=partial(ranked_slice, services, query) if query else None,
    )


@api.get(
    "/services/{service_id}",
    response={200: ServiceOut, **ITEM_ERRORS},
    exclude_none=True,
    summary="One service, fully nested",
)
def service_detail(request: HttpRequest, service_id: uuid.UUID) -> dict[str, Any]:
    return service_out(get_object_or_404(_services(), id=service_id), full=True)


@api.get("/organizations", response={200: OrganizationPage, **LIST_ERRORS}, exclude_none=True)
def organization_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    return _page(Organization.objects.order_by("name", "id"), paging, organization_out)


@api.get(
    "/organizations/{organization_id}", response={200: OrganizationOut, **ITEM_ERRORS}, exclude_none=True
)
def organization_detail(request: HttpRequest, organization_id: uuid.UUID) -> dict[str, Any]:
    return organization_out(get_object_or_404(Organization, id=organization_id))


@api.get("/taxonomies", response={200: TaxonomyPage, **LIST_ERRORS}, exclude_none=True)
def taxonomy_list(request: HttpRequest, paging: Query[Paging]) -> dict[str, Any]:
    return _page(Taxonomy.objects.order_by("name", "id"), paging, _taxonomy_out)


@api.get("/taxonomies/{taxonomy_id}", response={200: TaxonomyOut, **ITEM_ERRORS}, exclude_none=True)
def taxonomy_detail(request: HttpRequest, taxonomy_id: uuid.UUID) -> dict[str, Any]:
    return _taxonomy_out(get_object_or_404(Taxonomy, id=taxonomy_id))


def _taxonomy_out(taxonomy: Taxonomy) -> dict[str, Any]:
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": taxonomy.version,
    }


class TermFilters(Paging):
    taxonomy_id: uuid.UUID | None = None


@api.get("/taxonomy_terms", response={200: TaxonomyTermPage, **LIST_ERRORS}, exclude_none=True)
def taxonomy_term_list(request: HttpRequest, filters: Query[TermFilters]) -> dict[str, Any]:
    terms = TaxonomyTerm.objects.select_related("taxonomy").order_by("taxonomy__slug", "position", "id")
    if filters.taxonomy_id:
        terms = terms.filter(taxonomy_id=filters.taxonomy_id)
    return _page(terms, filters, term_out)


@api.get("/taxonomy_terms/{term_id}", response={200: TaxonomyTermOut, **ITEM_ERRORS}, exclude_none=True)
def taxonomy_term_detail(request: HttpRequest, term_id: uuid.UUID) -> dict[str, Any]:
    return term_out(get_object_or_404(TaxonomyTerm.objects.select_related("taxonomy"), id=term_id))


class PlaceFilters(Paging):
    postcode: str | None = Field(None, max_length=10, description="A Medway postcode")
    proximity: int | None = Field(None, ge=1, le=100_000, description="Metres from the postcode's centre")


@api.get("/service_at_locations", response={200: ServiceAtLocationPage, **LIST_ERRORS}, exclude_none=True)
def service_at_location_list(request: HttpRequest, filters: Query[PlaceFilters]) -> dict[str, Any]:
    links = ServiceAtLocation.objects.filter(service__in=public_services()).select_related("location")
    if filters.postcode:
        links = links_near(links, _district(filters.postcode), filters.proximity or 5000)
    return _page(links.order_by("id"), filters, _service_at_location_out)


def _moment(text: str) -> dt.datetime:
    """An RFC 3339 date-time in UTC; moments beyond the calendar's ends are held at its ends."""
    try:
        if not re.fullmatch(
            r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})?", text
        ):
            raise ValueError
        moment = dt.datetime.fromisoformat(text.replace("z", "Z"))
    except ValueError:
        raise ValidationError(
            [
                {
                    "loc": ["query", "modified_after"],
                    "msg": "Enter a date and time like 2026-11-23T09:00:00Z",
                    "type": "value_error",
                }
            ]
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:
        edge = dt.datetime.min if moment.year < 5000 else dt.datetime.max
        return edge.replace(tzinfo=dt.UTC)


def _district(postcode: str) -> District:
    try:
        return district_of(postcode)
    except NotAMedwayPostcode as error:
        raise ValidationError(
            [{"loc": ["query", "postcode"], "msg": str(error), "type": "value_error"}]
        ) from None


@api.get(
    "/service_at_locations/{link_id}", response={200: ServiceAtLocationOut, **ITEM_ERRORS}, exclude_none=True
)
def service_at_location_detail(request: HttpRequest, link_id: uuid.UUID) -> dict[str, Any]:
    links = ServiceAtLocation.objects.filter(service__in=public_services()).select_related("location")
    return _service_at_location_out(get_object_or_404(links, id=link_id))
