from __future__ import annotations

from typing import Any

import pytest

from localoffer.places.models import Setting


@pytest.fixture
def places(medway_places: dict[str, Any]) -> dict[str, Setting]:
    """Medway's settings, units and priorities, as `load_medway` loads them (nobody rostered yet)."""
    return medway_places


@pytest.fixture
def parklands(places: dict[str, Setting]) -> Setting:
    return places["parklands"]
