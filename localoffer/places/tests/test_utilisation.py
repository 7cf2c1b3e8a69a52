"""Utilisation and cost from the data: the strategy's £600 a night with the home full and £1,000 with two beds
empty, the effect of one more member of staff, and what providers are owed and paid."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest

from localoffer.places.models import Attendance, ProviderPayment, Setting
from localoffer.places.reports import utilisation_csv
from localoffer.places.selectors import setting_money, utilisation
from localoffer.places.services import attendance_record, entitlement_grant, stay_book
from localoffer.places.tests.helpers import a_child, staffed

pytestmark = pytest.mark.django_db
JULY = dt.date(2027, 7, 1)


def _fill(parklands: Setting, children: int, first: dt.date, nights: int) -> list[Any]:
    stays = []
    for _ in range(children):
        child = a_child(age_on=first)
        entitlement_grant(child=child, setting=parklands, year=2027, by=None)
        stays.append(stay_book(child=child, setting=parklands, first_day=first, days=nights, by=None))
    return stays


def test_a_night_costs_600_full_and_1000_with_two_beds_empty(parklands: Setting) -> None:
    staffed(parklands, first=JULY, last=dt.date(2027, 7, 10), staff=3)  # all 5 beds staffed
    _fill(parklands, 5, JULY, 5)  # full on 1 to 5 July
    _fill(parklands, 3, dt.date(2027, 7, 6), 5)  # two beds empty on 6 to 10 July
    full = utilisation(first_month=JULY, months=1, settings=[parklands])[0]
    assert (full.days_open, full.staffed, full.booked) == (10, 50, 40)
    assert full.cost_pence == 10 * 300_000
    # Each half on its own: the same home, the same cost a night, fewer children to share it.
    staffed(parklands, first=dt.date(2027, 8, 1), last=dt.date(2027, 8, 5), staff=3)
    _fill(parklands, 5, dt.date(2027, 8, 1), 5)
    staffed(parklands, first=dt.date(2027, 9, 1), last=dt.date(2027, 9, 5), staff=3)
    _fill(parklands, 3, dt.date(2027, 9, 1), 5)
    august, september = utilisation(first_month=dt.date(2027, 8, 1), months=2, settings=[parklands])
    assert august.cost_per_occupied_pence == 60_000  # £600
    assert september.cost_per_occupied_pence == 100_000  # £1,000 with two beds empty
    assert september.cost_per_available_pence == 60_000
    assert september.empty_per_day == 2.0


def test_one_more_member_of_staff_opens_two_more_beds(parklands: Setting) -> None:
    staffed(parklands, first=JULY, last=dt.date(2027, 7, 31), staff=1)  # two beds a night
    row = utilisation(first_month=JULY, months=1, settings=[parklands])[0]
    assert (row.staffed, row.staffed_with_one_more, row.unit_days) == (62, 124, 155)
    rows = list(csv.DictReader(io.StringIO(utilisation_csv([row]))))
    assert rows[0]["staffed"] == "62"
    assert rows[0]["cost_per_available_pounds"] == f"{31 * 3000 / 62:.2f}"


def test_the_provider_is_owed_for_delivered_missed_and_late_cancelled_nights(
    parklands: Setting, users: dict[str, Any]
) -> None:
    staffed(parklands, first=JULY, last=dt.date(2027, 7, 3), staff=3)
    stays = _fill(parklands, 3, JULY, 1)
    staff = users["provider_staff"]
    outcomes = [
        (Attendance.DELIVERED, ""),
        (Attendance.MISSED, "Unwell"),
        (Attendance.NOT_GO_AHEAD, "Power cut"),
    ]
    for stay, (attendance, reason) in zip(stays, outcomes, strict=True):
        attendance_record(booking=stay.bookings.get(), attendance=attendance, reason=reason, by=staff)
    ProviderPayment.objects.create(
        setting=parklands, paid_on=dt.date(2027, 8, 1), amount_pence=60_000, covers="July"
    )
    money = setting_money(setting=parklands)
    assert (money.owed_pence, money.paid_pence, money.outstanding_pence) == (120_000, 60_000, 60_000)
    with pytest.raises(Exception, match="Say why"):
        attendance_record(booking=stays[0].bookings.get(), attendance=Attendance.MISSED, reason=" ", by=staff)
