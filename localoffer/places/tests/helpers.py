"""Settings staffed for tests, and children of the right ages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from localoffer.people.tests.factories import ChildFactory
from localoffer.places.models import Setting
from localoffer.places.services import roster_fill

SUMMER_START = dt.date(2027, 7, 26)


def staffed(setting: Setting, *, first: dt.date, last: dt.date, staff: int) -> Setting:
    roster_fill(setting=setting, first=first, last=last, staff_on_shift=staff, by=None)
    return setting


def a_child(age_on: dt.date = SUMMER_START, age: int = 10, **fields: Any) -> Any:
    return ChildFactory(date_of_birth=dt.date(age_on.year - age, 1, 15), **fields)


def a_window_open_now(setting: Setting, *, title: str, today: dt.date) -> tuple[Any, dt.date]:
    """A window open since yesterday and for 10 days more, for the 10 nights from 30 days on, with the setting
    staffed (3 on shift) for those 30 days: the window and its first night."""
    from localoffer.places.services import window_create

    first = today + dt.timedelta(days=30)
    staffed(setting, first=first, last=first + dt.timedelta(days=30), staff=3)
    window = window_create(
        setting=setting,
        title=title,
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        first_day=first,
        last_day=first + dt.timedelta(days=9),
    )
    return window, first


def a_workers_request(*, window: Any, child: Any, by: Any, first: dt.date, today: dt.date) -> Any:
    """A social worker's request for 2 nights from `first`, at need level 3 with high carer strain."""
    from localoffer.places.models import NeedSource
    from localoffer.places.services import place_request_create

    return place_request_create(
        window=window,
        child=child,
        by=by,
        first_day=first,
        days=2,
        need_level=3,
        carer_strain="high",
        breakdown_risk="possible",
        need_source=NeedSource.WORKER,
        lives_in_medway=True,
        today=today,
    )


def places_context(users: dict[str, Any], settings: dict[str, Setting]) -> dict[str, Any]:
    """Everything the access matrix needs for the places pages: the fixture's provider staff work at
    Parklands, a second provider account at ROCC's holiday club; an open window with an allocation published,
    whose offer is to the parent's child (worked with by the 0 to 25 disability team), and a booked night."""
    from django.utils import timezone

    from localoffer.accounts.tests.factories import UserFactory
    from localoffer.core.roles import Role
    from localoffer.people.models import Relationship
    from localoffer.people.services import family_link_create, involvement_start
    from localoffer.places.models import NeedSource, PriorityVersion
    from localoffer.places.services import (
        allocation_publish,
        allocation_run,
        entitlement_grant,
        place_request_create,
        provider_membership_set,
        stay_book,
        window_create,
    )
    from localoffer.teams.models import Team

    parklands = settings["parklands"]
    provider_membership_set(user=users[Role.PROVIDER_STAFF], setting=parklands)
    other: Any = UserFactory(role=Role.PROVIDER_STAFF, organisation="ROCC")
    provider_membership_set(user=other, setting=settings["rocc-holidays"])
    today = timezone.localdate()
    window, first = a_window_open_now(parklands, title="Matrix holiday", today=today)
    child = a_child(age_on=first, age=10)
    family_link_create(child=child, user=users[Role.PARENT_CARER], relationship=Relationship.PARENT)
    involvement_start(child=child, team=Team.objects.get(slug="0-to-25-disability-team"), started_on=today)
    for year in {first.year - 1, first.year}:
        entitlement_grant(child=child, setting=parklands, year=year, by=None)
    request = a_workers_request(
        window=window, child=child, by=users[Role.SOCIAL_WORKER], first=first, today=today
    )
    run = allocation_run(
        window=window,
        priority=PriorityVersion.objects.get(number=1),
        by=users[Role.COMMISSIONER],
        today=today,
    )
    # The matrix's run stays unpublished (its publish page is a confirmation); a second window's run publishes.
    booked = stay_book(
        child=child, setting=parklands, first_day=first + dt.timedelta(days=20), days=1, by=None
    )
    other_window = window_create(
        setting=parklands,
        title="Matrix half term",
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=10),
        first_day=first + dt.timedelta(days=10),
        last_day=first + dt.timedelta(days=15),
    )
    offered = place_request_create(
        window=other_window,
        child=child,
        by=users[Role.SOCIAL_WORKER],
        first_day=first + dt.timedelta(days=10),
        days=1,
        need_level=3,
        carer_strain="high",
        breakdown_risk="possible",
        need_source=NeedSource.WORKER,
        lives_in_medway=True,
        today=today,
    )
    published = allocation_run(
        window=other_window,
        priority=PriorityVersion.objects.get(number=1),
        by=users[Role.COMMISSIONER],
        today=today,
    )
    allocation_publish(run=published, by=users[Role.COMMISSIONER], today=today)
    return {
        "other_provider": other,
        "place_window": window,
        "place_run": run,
        "place_offer": offered.offers.get(),
        "place_booking": booked.bookings.get(),
        "place_day": booked.first_day.isoformat(),
        "place_request": request,
    }
