"""Medway's settings for tests, staffed and ready, and children of the right ages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localoffer.council.services import medway_places_load
from localoffer.people.tests.factories import ChildFactory
from localoffer.places.models import Setting
from localoffer.places.services import roster_fill

SUMMER_START = dt.date(2027, 7, 26)


def medway_settings() -> dict[str, Setting]:
    medway_places_load()
    return {setting.slug: setting for setting in Setting.objects.all()}


def staffed(setting: Setting, *, first: dt.date, last: dt.date, staff: int) -> Setting:
    roster_fill(setting=setting, first=first, last=last, staff_on_shift=staff, by=None)
    return setting


def a_child(age_on: dt.date = SUMMER_START, age: int = 10, **fields: Any) -> Any:
    return ChildFactory(date_of_birth=dt.date(age_on.year - age, 1, 15), **fields)
