"""The commissioner sets the staff on shift, records what is out of service and opens request windows; the open
capacity on the calendar follows. Provider staff record a child's arrival and going home, once each, in order."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from localoffer.core.roles import Role
from localoffer.places.capacity import capacity_on
from localoffer.places.models import OutOfService, RequestWindow, RosterDay, Setting
from localoffer.places.services import (
    entitlement_grant,
    provider_membership_set,
    stay_arrival_record,
    stay_book,
    window_create,
)
from localoffer.places.tests.helpers import a_child, staffed

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]


def _date(name: str, day: dt.date) -> dict[str, str]:
    return {f"{name}_day": str(day.day), f"{name}_month": str(day.month), f"{name}_year": str(day.year)}


def test_the_commissioner_sets_staff_on_shift_for_a_range_and_the_open_beds_follow(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    client.force_login(users[Role.COMMISSIONER])
    first = dt.date(2027, 8, 2)
    response = client.post(
        reverse("places:capacity-roster", args=[parklands.slug]),
        {
            **_date("first_day", first),
            **_date("last_day", first + dt.timedelta(days=6)),
            "staff_on_shift": "1",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("?month=2027-08")
    assert RosterDay.objects.filter(setting=parklands).count() == 7
    assert capacity_on(parklands, first).open_count == 2  # one member of staff at 1 to 2
    page = client.get(response["Location"])
    assert "1 staff on shift on 7 opening nights from 2 August 2027 to 8 August 2027" in page.content.decode()


def test_refuses_a_roster_whose_last_day_is_before_its_first_keeping_what_was_typed(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    client.force_login(users[Role.MANAGER])
    response = client.post(
        reverse("places:capacity-roster", args=[parklands.slug]),
        {
            **_date("first_day", dt.date(2027, 8, 9)),
            **_date("last_day", dt.date(2027, 8, 2)),
            "staff_on_shift": "3",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "The last day must be the same as or after the first day" in body
    assert 'value="3"' in body
    assert not RosterDay.objects.exists()


def test_a_bed_out_of_service_closes_it_with_its_reason_on_the_calendar(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    night = dt.date(2027, 8, 3)
    staffed(parklands, first=night, last=night, staff=3)
    bed = parklands.units.get(order=1)
    client.force_login(users[Role.COMMISSIONER])
    response = client.post(
        reverse("places:capacity-out-of-service", args=[parklands.slug]),
        {
            "what": str(bed.id),
            **_date("starts_on", night),
            **_date("ends_on", night),
            "reason": "Broken hoist",
        },
    )
    assert response.status_code == 302
    assert capacity_on(parklands, night).open_count == 4
    page = client.get(response["Location"]).content.decode()
    assert "Broken hoist" in page
    assert f"{bed.name} is out of service from 3 August 2027 to 3 August 2027" in page


def test_the_whole_setting_out_of_service_closes_every_bed_and_says_why(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    night = dt.date(2027, 8, 3)
    staffed(parklands, first=night, last=night, staff=3)
    client.force_login(users[Role.COMMISSIONER])
    client.post(
        reverse("places:capacity-out-of-service", args=[parklands.slug]),
        {"what": "all", **_date("starts_on", night), **_date("ends_on", night), "reason": "Fire inspection"},
    )
    assert OutOfService.objects.get().unit is None
    assert (capacity_on(parklands, night).open_count, capacity_on(parklands, night).closed_reason) == (
        0,
        "Fire inspection",
    )


def test_refuses_out_of_service_without_a_reason(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    client.force_login(users[Role.COMMISSIONER])
    night = dt.date(2027, 8, 3)
    response = client.post(
        reverse("places:capacity-out-of-service", args=[parklands.slug]),
        {"what": "all", **_date("starts_on", night), **_date("ends_on", night), "reason": ""},
    )
    assert "Say why it is out of service" in response.content.decode()
    assert 'value="all" checked' in response.content.decode()
    assert not OutOfService.objects.exists()


def test_the_commissioner_opens_a_window_for_a_holiday(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    client.force_login(users[Role.COMMISSIONER])
    today = timezone.localdate()
    response = client.post(
        reverse("places:window-new"),
        {
            "setting": str(parklands.id),
            "title": "Christmas holidays 2026",
            **_date("first_day", today + dt.timedelta(days=20)),
            **_date("last_day", today + dt.timedelta(days=33)),
            **_date("opens_on", today),
            **_date("closes_on", today + dt.timedelta(days=10)),
        },
    )
    window = RequestWindow.objects.get()
    assert response["Location"] == reverse("places:window", args=[window.id])
    assert (window.title, window.setting, window.closes_on) == (
        "Christmas holidays 2026",
        parklands,
        today + dt.timedelta(days=10),
    )


def test_refuses_a_window_whose_requests_close_after_it_starts(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    client.force_login(users[Role.COMMISSIONER])
    today = timezone.localdate()
    response = client.post(
        reverse("places:window-new"),
        {
            "setting": str(parklands.id),
            "title": "Too late",
            **_date("first_day", today + dt.timedelta(days=5)),
            **_date("last_day", today + dt.timedelta(days=9)),
            **_date("opens_on", today),
            **_date("closes_on", today + dt.timedelta(days=6)),
        },
    )
    assert "Requests must close before the first day the window covers" in response.content.decode()
    assert 'value="Too late"' in response.content.decode()
    assert not RequestWindow.objects.exists()
    with pytest.raises(ValidationError):
        window_create(
            setting=parklands,
            title="Too late",
            opens_on=today,
            closes_on=today + dt.timedelta(days=6),
            first_day=today + dt.timedelta(days=5),
            last_day=today + dt.timedelta(days=9),
        )


def _booked_stay(users: dict[str, Any], parklands: Setting) -> Any:
    today = timezone.localdate()
    staffed(parklands, first=today, last=today + dt.timedelta(days=3), staff=2)
    child = a_child(age_on=today, age=10)
    for year in {today.year - 1, today.year}:
        entitlement_grant(child=child, setting=parklands, year=year, by=None)
    provider_membership_set(user=users[Role.PROVIDER_STAFF], setting=parklands)
    return stay_book(child=child, setting=parklands, first_day=today, days=2, by=None)


def test_provider_staff_record_arrival_then_going_home(
    client: Any, users: dict[str, Any], parklands: Setting
) -> None:
    stay = _booked_stay(users, parklands)
    client.force_login(users[Role.PROVIDER_STAFF])
    url = reverse("places:stay-movement", args=[stay.id])
    day = stay.first_day.isoformat()
    client.post(url, {"what": "departed", "day": day})
    stay.refresh_from_db()
    assert stay.departed_at is None  # not before the arrival
    response = client.post(url, {"what": "arrived", "day": day}, follow=True)
    assert f"{stay.child.first_name} arrived at" in response.content.decode()
    response = client.post(url, {"what": "departed", "day": day}, follow=True)
    assert f"{stay.child.first_name} went home at" in response.content.decode()
    stay.refresh_from_db()
    assert stay.arrived_at is not None
    assert stay.departed_at is not None
    assert stay.departed_at >= stay.arrived_at


def test_refuses_recording_an_arrival_twice(users: dict[str, Any], parklands: Setting) -> None:
    stay = _booked_stay(users, parklands)
    stay_arrival_record(stay=stay, by=users[Role.PROVIDER_STAFF], arrived=True)
    with pytest.raises(ValidationError, match="already recorded"):
        stay_arrival_record(stay=stay, by=users[Role.PROVIDER_STAFF], arrived=True)


def test_refuses_another_settings_staff_a_parklands_stay(
    client: Any, users: dict[str, Any], places: dict[str, Setting]
) -> None:
    from localoffer.accounts.tests.factories import UserFactory

    stay = _booked_stay(users, places["parklands"])
    other: Any = UserFactory(role=Role.PROVIDER_STAFF)
    provider_membership_set(user=other, setting=places["rocc-holidays"])
    client.force_login(other)
    response = client.post(reverse("places:stay-movement", args=[stay.id]), {"what": "arrived"})
    assert response.status_code == 404
    stay.refresh_from_db()
    assert stay.arrived_at is None


def test_a_setting_with_many_places_is_chosen_from_a_list(
    client: Any, users: dict[str, Any], places: dict[str, Setting]
) -> None:
    client.force_login(users[Role.COMMISSIONER])
    page = client.get(reverse("places:capacity-out-of-service", args=["rocc-holidays"])).content.decode()
    assert '<select class="govuk-select"' in page
    assert "The whole of ROCC holiday club" in page
