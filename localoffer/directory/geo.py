"""Distance from a Medway postcode, without any service outside this machine.

A postcode is placed at the centre of its district. Medway's districts are ME1 to ME8 (ME6 is not in
Medway); their centres below are approximate (general geography, not from the council's sources), which
is good to within a mile or two: enough to say what is near. A council that needs street-level distance
loads Ordnance Survey or postcodes.io data into the same table.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Cast

from localoffer.directory.models import Service, ServiceAtLocation
from localoffer.directory.search import service_ids_with_terms

MILES_PER_DEGREE = 69.17
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class District:
    code: str
    name: str
    latitude: float
    longitude: float
    area: str  # the Local Offer's area term


DISTRICTS = {
    d.code: d
    for d in [
        District("ME1", "Rochester", 51.378, 0.502, "rochester"),
        District("ME2", "Strood", 51.398, 0.478, "strood"),
        District("ME3", "Hoo Peninsula", 51.435, 0.560, "hoo-peninsula"),
        District("ME4", "Chatham", 51.375, 0.530, "chatham"),
        District("ME5", "Walderslade and Lordswood", 51.340, 0.530, "walderslade-lordswood"),
        District("ME7", "Gillingham", 51.383, 0.560, "gillingham"),
        District("ME8", "Rainham", 51.360, 0.610, "rainham"),
    ]
}
_POSTCODE = re.compile(r"^(ME\d{1,2})(\s*\d[A-Z]{2})?$")


class NotAMedwayPostcode(ValueError):
    pass


def district_of(postcode: str) -> District:
    """The district of a full Medway postcode ("ME4 4TR") or of a district alone ("ME4")."""
    text = re.sub(r"\s+", " ", postcode.strip().upper())
    match = _POSTCODE.match(text)
    if match is None:
        raise NotAMedwayPostcode("Enter a postcode in the correct format, like ME4 4TR")
    district = DISTRICTS.get(match.group(1))
    if district is None:
        raise NotAMedwayPostcode("Enter a Medway postcode: they start ME1, ME2, ME3, ME4, ME5, ME7 or ME8")
    return district


def miles_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in miles."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 3958.8 * 2 * math.asin(math.sqrt(a))


def areas_within(district: District, miles: float) -> set[str]:
    return {
        d.area
        for d in DISTRICTS.values()
        if miles_between(district.latitude, district.longitude, d.latitude, d.longitude) <= miles
    }


def _distance_squared(latitude: float, longitude: float) -> Any:
    """Squared miles to a location, by a flat-earth approximation both SQLite and PostgreSQL compute."""
    scale = math.cos(math.radians(latitude))
    dy = (F("location__latitude") - Value(latitude)) * Value(MILES_PER_DEGREE)
    dx = (F("location__longitude") - Value(longitude)) * Value(MILES_PER_DEGREE * scale)
    return Cast(dx * dx + dy * dy, FloatField())


def _within(
    links: QuerySet[ServiceAtLocation], latitude: float, longitude: float, miles: float
) -> QuerySet[ServiceAtLocation]:
    box = miles / MILES_PER_DEGREE
    wide = box / math.cos(math.radians(latitude))
    return (
        links.filter(
            location__latitude__range=(latitude - box, latitude + box),
            location__longitude__range=(longitude - wide, longitude + wide),
        )
        .annotate(distance_squared=_distance_squared(latitude, longitude))
        .filter(distance_squared__lte=miles * miles)
    )


def services_near(services: QuerySet[Service], district: District, miles: float) -> QuerySet[Service]:
    """Services offered across Medway, in an area within `miles`, or at a location within `miles`."""
    located = _within(
        ServiceAtLocation.objects.filter(service=OuterRef("pk")), district.latitude, district.longitude, miles
    )
    areas = areas_within(district, miles) | {"medway"}
    return services.filter(Q(Exists(located)) | Q(id__in=service_ids_with_terms("areas", areas)))


def links_near(
    links: QuerySet[ServiceAtLocation], district: District, metres: float
) -> QuerySet[ServiceAtLocation]:
    return _within(links, district.latitude, district.longitude, metres / METRES_PER_MILE)
