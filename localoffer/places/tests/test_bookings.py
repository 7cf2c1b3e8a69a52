"""Capacity follows the staff on shift; bookings never overbook; the legal limits hold at booking."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import IntegrityError, transaction

from localoffer.places.capacity import capacity_on, staff_to_open
from localoffer.places.models import Booking, BookingStatus, Setting, Stay
from localoffer.places.services import (
    BookingRefused,
    NoPlaceLeft,
    entitlement_balance,
    entitlement_grant,
    out_of_service_record,
    roster_set,
    stay_book,
    stay_cancel,
    waiting_join,
)
from localoffer.places.tests.helpers import a_child, staffed

pytestmark = [pytest.mark.sqlite, pytest.mark.django_db]
NIGHT = dt.date(2027, 7, 26)


def test_open_beds_follow_the_staff_on_shift(parklands: Setting) -> None:
    assert capacity_on(parklands, NIGHT).open_count == 0  # nobody rostered, nothing open
    assert capacity_on(parklands, NIGHT).closed_reason == "no staff rostered"
    roster_set(setting=parklands, day=NIGHT, staff_on_shift=1, by=None)
    assert capacity_on(parklands, NIGHT).open_count == 2  # one member of staff at 1 to 2
    roster_set(setting=parklands, day=NIGHT, staff_on_shift=2, by=None)
    assert capacity_on(parklands, NIGHT).open_count == 4
    roster_set(setting=parklands, day=NIGHT, staff_on_shift=9, by=None)
    assert capacity_on(parklands, NIGHT).open_count == 5  # no more beds than the home has
    assert staff_to_open(parklands, 5) == 3


def test_out_of_service_beds_and_nights_close_with_their_reason(parklands: Setting) -> None:
    staffed(parklands, first=NIGHT, last=NIGHT + dt.timedelta(days=1), staff=3)
    bed = parklands.units.get(order=1)
    out_of_service_record(
        setting=parklands, unit=bed, starts_on=NIGHT, ends_on=NIGHT, reason="Hoist being repaired", by=None
    )
    out_of_service_record(
        setting=parklands,
        unit=None,
        starts_on=NIGHT + dt.timedelta(days=1),
        ends_on=NIGHT + dt.timedelta(days=1),
        reason="Fire safety inspection",
        by=None,
    )
    tonight = capacity_on(parklands, NIGHT)
    assert tonight.open_count == 4
    assert bed not in tonight.open_units
    tomorrow = capacity_on(parklands, NIGHT + dt.timedelta(days=1))
    assert (tomorrow.open_count, tomorrow.closed_reason) == (0, "Fire safety inspection")


def test_the_database_refuses_a_second_child_in_one_bed_on_one_night(parklands: Setting) -> None:
    staffed(parklands, first=NIGHT, last=NIGHT, staff=3)
    first, second = a_child(), a_child()
    for child in (first, second):
        entitlement_grant(child=child, setting=parklands, year=2027, by=None)
    stay = stay_book(child=first, setting=parklands, first_day=NIGHT, days=1, by=None)
    booking = stay.bookings.get()
    other_stay = Stay.objects.create(child=second, setting=parklands, first_day=NIGHT, last_day=NIGHT)
    with pytest.raises(IntegrityError), transaction.atomic():
        # Straight to the database, past every check in Python: the unique index still refuses it.
        Booking.objects.create(stay=other_stay, unit=booking.unit, child=second, day=NIGHT)
    # A released booking no longer holds its bed.
    Booking.objects.filter(pk=booking.pk).update(status=BookingStatus.RELEASED)
    Booking.objects.create(stay=other_stay, unit=booking.unit, child=second, day=NIGHT)


def test_the_last_bed_goes_once_and_the_next_child_is_offered_the_waiting_list(
    parklands: Setting, users: dict[str, Any]
) -> None:
    staffed(parklands, first=NIGHT, last=NIGHT, staff=1)  # two beds open
    children = [a_child() for _ in range(3)]
    for child in children:
        entitlement_grant(child=child, setting=parklands, year=2027, by=None)
    stay_book(child=children[0], setting=parklands, first_day=NIGHT, days=1, by=None)
    stay_book(child=children[1], setting=parklands, first_day=NIGHT, days=1, by=None)
    with pytest.raises(NoPlaceLeft) as refused:
        stay_book(child=children[2], setting=parklands, first_day=NIGHT, days=1, by=None)
    assert "waiting list" in refused.value.messages[0]
    entry = waiting_join(
        child=children[2], setting=parklands, first_day=NIGHT, days=1, by=users["sds_coordinator"]
    )
    assert entry.position == 1
    assert Booking.objects.filter(day=NIGHT, status=BookingStatus.BOOKED).count() == 2


def test_the_entitlement_is_a_ledger_of_24_nights(parklands: Setting) -> None:
    child = a_child()
    entitlement_grant(child=child, setting=parklands, year=2027, by=None)
    staffed(parklands, first=NIGHT, last=NIGHT + dt.timedelta(days=30), staff=3)
    stay = stay_book(child=child, setting=parklands, first_day=NIGHT, days=3, by=None)
    assert entitlement_balance(child=child, setting=parklands, year=2027) == 21
    late = stay_cancel(stay=stay, by=None, today=NIGHT - dt.timedelta(days=10))
    assert not late
    assert entitlement_balance(child=child, setting=parklands, year=2027) == 24  # given back in time
    stay = stay_book(child=child, setting=parklands, first_day=NIGHT, days=2, by=None)
    assert stay_cancel(stay=stay, by=None, today=NIGHT - dt.timedelta(days=1))  # too late: still used
    assert entitlement_balance(child=child, setting=parklands, year=2027) == 22
    stay_book(child=child, setting=parklands, first_day=NIGHT + dt.timedelta(days=3), days=17, by=None)
    with pytest.raises(BookingRefused, match="has 5 of their nights left"):
        stay_book(child=child, setting=parklands, first_day=NIGHT + dt.timedelta(days=22), days=6, by=None)


def test_no_single_stay_over_17_days_even_made_of_two_bookings(parklands: Setting) -> None:
    child = a_child()
    entitlement_grant(child=child, setting=parklands, year=2027, by=None, nights=60)
    staffed(parklands, first=NIGHT, last=NIGHT + dt.timedelta(days=40), staff=3)
    with pytest.raises(BookingRefused, match="at most 17 days"):
        stay_book(child=child, setting=parklands, first_day=NIGHT, days=18, by=None)
    stay_book(child=child, setting=parklands, first_day=NIGHT, days=10, by=None)
    with pytest.raises(BookingRefused, match="a stay of 18 days"):
        stay_book(child=child, setting=parklands, first_day=NIGHT + dt.timedelta(days=10), days=8, by=None)
    stay_book(child=child, setting=parklands, first_day=NIGHT + dt.timedelta(days=11), days=7, by=None)


def test_no_more_than_75_days_in_any_12_months(parklands: Setting) -> None:
    child = a_child(age=9)
    start = dt.date(2027, 4, 5)
    entitlement_grant(child=child, setting=parklands, year=2027, by=None, nights=120)
    staffed(parklands, first=start, last=start + dt.timedelta(days=200), staff=3)
    for stay_number in range(5):  # 5 stays of 15 nights, a week home between: 75 days
        stay_book(
            child=child,
            setting=parklands,
            first_day=start + dt.timedelta(days=22 * stay_number),
            days=15,
            by=None,
        )
    with pytest.raises(BookingRefused, match="at most 75 days of short breaks in any 12 months"):
        stay_book(child=child, setting=parklands, first_day=start + dt.timedelta(days=120), days=1, by=None)


def test_refuses_a_child_outside_the_settings_ages(parklands: Setting) -> None:
    staffed(parklands, first=NIGHT, last=NIGHT, staff=3)
    with pytest.raises(BookingRefused, match="aged 5 to 18"):
        stay_book(child=a_child(age=19), setting=parklands, first_day=NIGHT, days=1, by=None)
