"""The demo's year of Parklands history: every month of the past year has nights booked and used, no child
goes over their 24 nights, and no bed holds two children on one night."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from localoffer.council.places_demo import places_history_load
from localoffer.people.tests.factories import ChildFactory
from localoffer.places.models import Booking, Stay
from localoffer.places.selectors import utilisation

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]
TODAY = dt.date(2026, 12, 2)


def test_the_demo_gives_parklands_a_year_of_nights_booked_and_used(medway_places: dict[str, Any]) -> None:
    for number in range(40):
        ChildFactory(date_of_birth=dt.date(2010 + number % 10, 1 + number % 12, 10))
    stays = places_history_load(today=TODAY)
    assert stays > 300
    rows = utilisation(first_month=dt.date(2025, 12, 1), months=12, settings=[medway_places["parklands"]])
    assert all(row.booked > 0 and row.used > 0 for row in rows), [(row.month, row.booked) for row in rows]
    assert all(row.staffed >= row.booked for row in rows)
    nights = {}
    for child_id in Stay.objects.values_list("child_id", flat=True).distinct():
        nights[child_id] = Booking.objects.filter(child_id=child_id).count()
    assert max(nights.values()) <= 24
    assert len(nights) == 38
    assert places_history_load(today=TODAY) == 0  # once only
