"""200 requests at once for the last bed of a night: exactly one is booked, the database refuses the rest,
and each of the others is told at once that the night is full and offered the waiting list.

Needs real concurrent transactions, so runs on PostgreSQL (`scripts/with-postgres`)."""

from __future__ import annotations

import datetime as dt
import threading
import time

import pytest
from django.db import connection

from localoffer.places.models import Booking, BookingStatus, Setting
from localoffer.places.services import NoPlaceLeft, entitlement_grant, stay_book
from localoffer.places.tests.helpers import a_child, staffed

pytestmark = pytest.mark.django_db(transaction=True)
NIGHT = dt.date(2027, 8, 2)
CLIENTS = 200


def test_200_requests_for_the_last_bed_book_exactly_one(parklands: Setting) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrent transactions are tested on PostgreSQL (scripts/with-postgres)")
    staffed(parklands, first=NIGHT, last=NIGHT, staff=1)  # two beds open tonight
    first = a_child()
    entitlement_grant(child=first, setting=parklands, year=2027, by=None)
    stay_book(child=first, setting=parklands, first_day=NIGHT, days=1, by=None)  # one bed left
    children = [a_child() for _ in range(CLIENTS)]
    for child in children:
        entitlement_grant(child=child, setting=parklands, year=2027, by=None)
    start = threading.Barrier(CLIENTS, timeout=60)
    outcomes: list[tuple[str, float, str]] = []
    lock = threading.Lock()

    def ask(child: object) -> None:
        try:
            start.wait()
            began = time.perf_counter()
            try:
                stay_book(child=child, setting=parklands, first_day=NIGHT, days=1, by=None)  # type: ignore[arg-type]
                result, message = "booked", ""
            except NoPlaceLeft as refused:
                result, message = "full", refused.messages[0]
            with lock:
                outcomes.append((result, time.perf_counter() - began, message))
        finally:
            connection.close()

    threads = [threading.Thread(target=ask, args=(child,)) for child in children]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    results = [result for result, _, _ in outcomes]
    assert results.count("booked") == 1
    assert results.count("full") == CLIENTS - 1
    assert Booking.objects.filter(day=NIGHT, status=BookingStatus.BOOKED).count() == 2
    # Told at once: nobody waits on a queue of retries; each refusal names the next step.
    slowest = max(seconds for _, seconds, _ in outcomes)
    assert slowest < 30, f"the slowest answer took {slowest:.1f}s"
    assert all("waiting list" in message for result, _, message in outcomes if result == "full")
