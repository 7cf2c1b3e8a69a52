"""Medway's commissioned settings as the strategy gives them (seed 003 s5.3, s5.5, s7.3)."""

from __future__ import annotations

from typing import Any

import pytest

from localoffer.places.capacity import staff_to_open

pytestmark = pytest.mark.django_db


def test_the_settings_carry_the_strategys_figures(medway_places: dict[str, Any]) -> None:
    parklands, rocc = medway_places["parklands"], medway_places["rocc-holidays"]
    assert (parklands.minimum_age, parklands.maximum_age, parklands.nights_a_year) == (5, 18, 24)
    assert parklands.children_served_strategy == 38
    assert rocc.children_served_strategy == 156
    assert rocc.units.count() == 250  # 150 places and the innovation grant's 100
    assert medway_places["rocc-term-time"].units.count() == 50
    assert medway_places["rocc-work-experience"].units.count() == 10
    # £600 a child a night with the home's 5 beds full: £3,000 a night.
    assert parklands.day_cost_pence == 5 * 60_000
    assert staff_to_open(parklands, 5) == 3
