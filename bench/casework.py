"""Benchmark: casework at national size, in one process: the worker's, the team manager's and duty's lists and
a child's record (with its chronology) against the trivial view, and the CIN census export.

Run from the repository root:

    .venv/bin/python bench/casework.py [--children 200000] [--requests 50]
    scripts/with-postgres .venv/bin/python bench/casework.py --children 200000
    scripts/with-postgres .venv/bin/python bench/casework.py --children 20000 --only census

Uses DATABASE_URL if set (as scripts/with-postgres does), otherwise a new SQLite file in a temporary folder
that is removed afterwards. Migrates, loads Medway's teams, generates --children children with episodes,
authorised assessments, CIN plans, section 47 enquiries and CP plans (`casework.tests.caseload`, as the
census tests use, in bulk), a review due on every open plan, and the social worker an open carer's
assessment and a note on 1 in 100 of them,
then (unless --only census) times --requests requests of each page through Django's test client (p50 and p95, and each p95 as a
multiple of the trivial view's), and (unless --only pages) the census export: its seconds untraced, then a
second run under tracemalloc for the peak memory (tracing slows Python several times over, so its time is
printed apart), then the census dry run (the problems it lists and its seconds).
Figures go in issue notes; no test asserts them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--children", type=int, default=200_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument(
        "--only",
        choices=["pages", "census"],
        help="time only the pages or only the census export (the caseload is generated either way)",
    )
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-casework-")
    try:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ.setdefault("LOCALOFFER_ENVIRONMENT", "local")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        # The real settings as a local machine runs them (manifest static files), with the collected static
        # files kept in the temporary folder rather than var/.
        static_root = Path(folder) / "static"
        (Path(folder) / "bench_settings.py").write_text(
            f"from localoffer.settings import *  # noqa: F403\n\nSTATIC_ROOT = {str(static_root)!r}\n"
        )
        os.environ["DJANGO_SETTINGS_MODULE"] = "bench_settings"
        sys.path.insert(0, str(ROOT))
        sys.path.insert(0, folder)
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from localoffer.accounts.services import user_create
        from localoffer.casework import services
        from localoffer.casework.census import census_xml
        from localoffer.casework.models import PlanStatus, Review, SupportPlan
        from localoffer.casework.schedule import MEDWAY_SUPPORT_PLAN
        from localoffer.casework.tests.caseload import cin_caseload_generate
        from localoffer.core.roles import Role
        from localoffer.council.services import medway_teams_load
        from localoffer.people.models import Involvement
        from localoffer.teams.models import Team

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        medway_teams_load()
        team = Team.objects.get(slug="0-to-25-disability-team")
        duty_team = Team.objects.get(slug="childrens-advice-and-duty-service")
        worker = user_create(
            username="bench.worker",
            password="bench-password-1",
            role=Role.SOCIAL_WORKER,
            team=team,
            first_name="B",
            last_name="W",
            check_password=False,
        )
        manager = user_create(
            username="bench.manager",
            password="bench-password-1",
            role=Role.MANAGER,
            team=team,
            first_name="B",
            last_name="M",
            check_password=False,
        )
        duty = user_create(
            username="bench.duty",
            password="bench-password-1",
            role=Role.DUTY_WORKER,
            team=duty_team,
            first_name="B",
            last_name="D",
            check_password=False,
        )
        started = time.perf_counter()
        children = []
        for start in range(0, arguments.children, 5_000):
            children += cin_caseload_generate(
                size=min(5_000, arguments.children - start), team=team, worker=worker, seed=start
            )
        today = timezone.localdate()
        Involvement.objects.bulk_create(
            [Involvement(child=child, team=team, started_on=today, lead_worker=worker) for child in children],
            batch_size=5_000,
        )
        # Every open plan has its next review due (4 months from its start), as on a real caseload.
        open_plans = SupportPlan.objects.filter(status=PlanStatus.OPEN, starts_on__isnull=False).values_list(
            "id", "starts_on"
        )
        batch = []
        for plan_id, starts_on in open_plans.iterator(chunk_size=5_000):
            assert starts_on is not None
            batch.append(Review(plan_id=plan_id, number=1, due_on=MEDWAY_SUPPORT_PLAN.due(starts_on, 1)))
            if len(batch) == 5_000:
                Review.objects.bulk_create(batch)
                batch = []
        Review.objects.bulk_create(batch)
        for child in children[::100]:
            services.assessment_open(child=child, team=team, by=worker, kind="carer", carer_name="A carer")
            services.case_note_add(child=child, by=worker, kind="visit", happened_on=today, summary="A visit")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "ANALYZE"
                )  # as autovacuum would, before anyone opens a list: the planner's figures
        print(
            f"generated {len(children)} children ({Review.objects.count()} reviews due) "
            f"in {time.perf_counter() - started:.1f} s"
        )

        if arguments.only != "census" and _pages(arguments.requests, worker, manager, duty, children):
            return 1
        if arguments.only != "pages":
            _census(census_xml, len(children))
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _pages(requests: int, worker: Any, manager: Any, duty: Any, children: list[Any]) -> bool:
    """Times each page; True if one did not answer 200."""
    from django.test import Client
    from django.urls import reverse

    pages = {
        "trivial view": (worker, reverse("core:health-live")),
        "worker's list": (worker, reverse("casework:my-work")),
        "team manager's list": (manager, reverse("casework:team")),
        "duty's list": (duty, reverse("casework:duty")),
        "child's record+chronology": (
            worker,
            reverse("people:child-detail", kwargs={"child_id": children[0].id}),
        ),
    }
    results = {}
    for name, (user, url) in pages.items():
        client = Client()
        client.force_login(user)
        client.get(url)
        times = []
        for _ in range(requests):
            began = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - began) * 1000)
            if response.status_code != 200:
                print(f"{name}: {url} answered {response.status_code}")
                return True
        results[name] = (statistics.median(times), _percentile(times, 0.95))
    trivial = results["trivial view"][1]
    print(f"{'page':24} {'p50 ms':>8} {'p95 ms':>8} {'p95 x trivial':>14}")
    for name, (p50, p95) in results.items():
        print(f"{name:24} {p50:8.1f} {p95:8.1f} {p95 / trivial:14.1f}")
    return False


def _census(census_xml: Any, children: int) -> None:
    """The export timed on its own, then run again under tracemalloc for its peak (tracing slows it)."""
    began = time.perf_counter()
    size = sum(len(piece) for piece in census_xml(2026))
    seconds = time.perf_counter() - began
    tracemalloc.start()
    began = time.perf_counter()
    sum(len(piece) for piece in census_xml(2026))
    traced = time.perf_counter() - began
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"CIN census for {children} children: {size / 1e6:.1f} MB of XML in {seconds:.1f} s, peak {peak / 1e6:.1f} MB"
        f" (a second run under tracemalloc, for the peak, took {traced:.1f} s)"
    )
    from localoffer.casework.census import census_dry_run

    began = time.perf_counter()
    problems = census_dry_run(2026)
    print(
        f"CIN census dry run for {children} children: {len(problems)} problems listed in {time.perf_counter() - began:.1f} s"
    )


if __name__ == "__main__":
    raise SystemExit(main())
