"""Benchmark: allocating one holiday at national size, and booking the last units of a night under load.

Run from the repository root:

    .venv/bin/python bench/places.py [--requests 20000 --places 5000 --clients 20]
    scripts/with-postgres .venv/bin/python bench/places.py

1. The allocation (`places.priority.allocate`, the pure function every run uses) of --requests requests over
   a holiday of 10 days with --places places a day, every request flexible so the search for other days runs
   too: time and peak memory (tracemalloc), and the same run again with the same seed (same fingerprint).
2. Booking throughput: --clients threads each book the next of 100 children into a night with the
   last 20 units free (`stay_book`, the database's unique index deciding), until every child has an answer;
   against the same clients requesting the trivial health view (`/health/live/`, Django's test client) in
   the same run. Uses DATABASE_URL if set (as scripts/with-postgres does), otherwise a new SQLite file in a
   temporary folder. Prints figures; no test asserts them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def allocation(requests: int, places: int) -> None:
    from localoffer.places import priority

    rng = random.Random(1)
    first = dt.date(2027, 7, 26)
    days = [first + dt.timedelta(days=offset) for offset in range(10)]
    asked = [
        priority.Asked(
            key=f"PLC-{number:06d}",
            child=str(number),
            first_day=rng.choice(days[:8]),
            days=rng.choice([1, 2, 3]),
            need_level=rng.choice([1, 2, 3]),
            carer_strain=rng.choice(["low", "moderate", "high"]),
            breakdown_risk=rng.choice(["minimal", "possible", "significant"]),
            lives_in_medway=rng.random() < 0.9,
            last_break_on=rng.choice([None, first - dt.timedelta(days=rng.randint(10, 400))]),
            has_other_support=rng.random() < 0.3,
            flexible=True,
        )
        for number in range(requests)
    ]
    rules = priority.Rules(
        points={
            "need_level": {"1": 10, "2": 20, "3": 30},
            "carer_strain": {"low": 0, "moderate": 10, "high": 20},
            "breakdown_risk": {"minimal": 0, "possible": 15, "significant": 30},
            "months_since_last_break": {"per_month": 1, "most": 12, "never": 12},
            "other_support": {"yes": -10, "no": 0},
        }
    )
    capacity = dict.fromkeys(days, places)
    began = time.perf_counter()
    outcomes = priority.allocate(
        asked, capacity=capacity, rules=rules, seed="48213907", today=first, overnight=True
    )
    seconds = time.perf_counter() - began
    tracemalloc.start()  # a second run for memory: tracing slows Python down several times
    again = priority.allocate(
        asked, capacity=capacity, rules=rules, seed="48213907", today=first, overnight=True
    )
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    offered = sum(1 for outcome in outcomes if outcome.days)
    print(
        f"allocation: {requests} requests over {places} places a night for 10 nights: {seconds:.2f} s, "
        f"peak {peak / 1_000_000:.1f} MB; {offered} offered, {requests - offered} on the waiting list; "
        f"same seed, same result: {priority.fingerprint(outcomes) == priority.fingerprint(again)}"
    )


def booking(clients: int) -> None:
    from django.db import connection
    from django.test import Client

    from localoffer.council.services import medway_places_load
    from localoffer.people.models import Child
    from localoffer.places.models import Booking, BookingStatus, Setting, Stay, Unit
    from localoffer.places.services import NoPlaceLeft, roster_set, stay_book

    medway_places_load()
    setting = Setting.objects.get(slug="rocc-holidays")  # 250 places
    night = dt.date(2027, 8, 2)
    roster_set(setting=setting, day=night, staff_on_shift=84, by=None)
    units = list(Unit.objects.filter(setting=setting).order_by("order"))
    children = [
        Child.objects.create(first_name="Bench", last_name=str(n), date_of_birth=dt.date(2015, 1, 1))
        for n in range(len(units) - 20 + 100)
    ]
    for unit, child in zip(units[:-20], children, strict=False):  # all but the last 20 units booked
        stay = Stay.objects.create(child=child, setting=setting, first_day=night, last_day=night)
        Booking.objects.create(stay=stay, unit=unit, child=child, day=night)
    waiting = children[len(units) - 20 :]
    queue = list(waiting)
    lock = threading.Lock()
    answers = {"booked": 0, "full": 0}

    def book() -> None:
        try:
            while True:
                with lock:
                    if not queue:
                        return
                    child = queue.pop()
                try:
                    stay_book(child=child, setting=setting, first_day=night, days=1, by=None)
                    outcome = "booked"
                except NoPlaceLeft:
                    outcome = "full"
                with lock:
                    answers[outcome] += 1
        finally:
            connection.close()

    began = time.perf_counter()
    threads = [threading.Thread(target=book) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    booking_seconds = time.perf_counter() - began
    held = Booking.objects.filter(unit__setting=setting, day=night, status=BookingStatus.BOOKED).count()

    served = [0]

    def trivial(deadline: float) -> None:
        client = Client()
        try:
            while time.perf_counter() < deadline:
                client.get("/health/live/")
                with lock:
                    served[0] += 1
        finally:
            connection.close()

    deadline = time.perf_counter() + 3
    threads = [threading.Thread(target=trivial, args=(deadline,)) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(
        f"booking ({connection.vendor}): {len(waiting)} children for the last 20 of {len(units)} places, {clients} "
        f"clients: {answers['booked']} booked, {answers['full']} told full, in {booking_seconds:.2f} s "
        f"({len(waiting) / booking_seconds:.0f} answers a second); {held} of {len(units)} booked, never more"
    )
    print(f"trivial view, same clients, same run: {served[0] / 3:.0f} requests a second")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--places", type=int, default=500, help="places a night, for 10 nights")
    parser.add_argument("--clients", type=int, default=20)
    arguments = parser.parse_args()
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    folder = tempfile.mkdtemp(prefix="bench-places-")
    try:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ.setdefault("LOCALOFFER_ENVIRONMENT", "local")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command

        allocation(arguments.requests, arguments.places)
        call_command("migrate", verbosity=0, interactive=False)
        booking(arguments.clients)
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
