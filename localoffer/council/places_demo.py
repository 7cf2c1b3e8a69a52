"""Demo places: Parklands and ROCC staffed for the next two months, a request window open now, the demo
provider accounts at their settings, and Alex's nights and care information, so the journeys can be walked
with `make run`. Never loaded in production; every name is made up."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from localoffer.accounts.models import User
from localoffer.people.models import Child
from localoffer.places.models import RequestWindow, Setting
from localoffer.places.services import (
    care_info_set,
    entitlement_grant,
    provider_membership_set,
    roster_fill,
    window_create,
    year_of,
)


def places_demo_load(users: dict[str, User]) -> None:
    settings = {setting.slug: setting for setting in Setting.objects.all()}
    if not settings or RequestWindow.objects.exists():
        return
    today = timezone.localdate()
    parklands, rocc = settings["parklands"], settings["rocc-holidays"]
    if "parklands" in users:
        provider_membership_set(user=users["parklands"], setting=parklands)
    if "provider" in users:
        provider_membership_set(user=users["provider"], setting=rocc)
    # Two staff a night at Parklands: 4 of its 5 beds (recruitment is what limits it).
    roster_fill(setting=parklands, first=today, last=today + dt.timedelta(days=60), staff_on_shift=2, by=None)
    roster_fill(setting=rocc, first=today, last=today + dt.timedelta(days=60), staff_on_shift=50, by=None)
    first = today + dt.timedelta(days=20)
    window_create(
        setting=parklands,
        title=f"Nights from {first:%-d %B %Y}",
        opens_on=today - dt.timedelta(days=7),
        closes_on=today + dt.timedelta(days=14),
        first_day=first,
        last_day=first + dt.timedelta(days=13),
    )
    alex = Child.objects.filter(first_name="Alex", last_name="Example").first()
    if alex is not None:
        for year in {year_of(today), year_of(first)}:
            entitlement_grant(child=alex, setting=parklands, year=year, by=None)
        care_info_set(
            child=alex,
            by=None,
            medication="Melatonin, 2mg at 7pm (in the labelled box)",
            communication="Uses Makaton and a picture board; give time to answer",
            personal_care="Needs help to wash and dress; hoist for the bath",
            who_collects="Pat Parent, or their sister Jo Example (password: lighthouse)",
        )
