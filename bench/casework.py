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
then (unless --only census) times the pages two ways:

- in this process, --requests requests of each page through Django's test client, one after another (p50 and
  p95, and each p95 as a multiple of the trivial view's);
- served by the production server (gunicorn, --workers x --threads, on a loopback port, the same database),
  --concurrency clients at once (default 20, the issue's figure), each with its own keep-alive connection
  and the session cookie of the person whose page it is, for --seconds per page after --warm-up; then each
  page again with one client for --single-seconds (its p50 is the server's time without queueing). The
  trivial view is asked without a cookie, as in the other benchmarks; "signed-in trivial view" is the same
  view with the worker's cookie (the session read and saved on every request: what any signed-in page
  costs before its own work).

and (unless --only pages) the census export: its seconds untraced, then a second run under tracemalloc for
the peak memory (tracing slows Python several times over, so its time is printed apart), then the census dry
run (the problems it lists and its seconds). Figures go in issue notes; no test asserts them.
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

from home_page import (  # noqa: E402  (this folder, as bench/directory.py imports it)
    BenchError,
    Server,
    TargetResult,
    add_load_arguments,
    check_load_arguments,
    free_loopback_port,
    get,
    gunicorn_command,
    server_environment,
    venv_tool,
)
from home_page import load as load_clients  # noqa: E402


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
    add_load_arguments(parser, concurrency=20)
    parser.add_argument(
        "--single-seconds", type=float, default=3.0, help="each page again with one client (default 3)"
    )
    arguments = parser.parse_args()
    check_load_arguments(parser, arguments)
    if arguments.single_seconds <= 0:
        parser.error("--single-seconds must be above 0")
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

        if arguments.only != "census":
            if _pages(arguments.requests, worker, manager, duty, children):
                return 1
            if _served(arguments, Path(folder), worker, manager, duty, children):
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


def _served(arguments: Any, folder: Path, worker: Any, manager: Any, duty: Any, children: list[Any]) -> bool:
    """The pages under --concurrency clients on gunicorn, then one client; True if a request failed."""
    from django.conf import settings
    from django.db import connections
    from django.test import Client
    from django.urls import reverse

    cookies = {}
    for user in (worker, manager, duty):
        client = Client()
        client.force_login(user)  # a real session in the database, as signing in makes
        cookies[user.pk] = {
            "Cookie": f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
        }
    pages: list[tuple[str, str, dict[str, str] | None]] = [
        ("trivial view", reverse("core:health-live"), None),
        ("signed-in trivial view", reverse("core:health-live"), cookies[worker.pk]),
        ("worker's list", reverse("casework:my-work"), cookies[worker.pk]),
        ("team manager's list", reverse("casework:team"), cookies[manager.pk]),
        ("duty's list", reverse("casework:duty"), cookies[duty.pk]),
        (
            "child's record+chronology",
            reverse("people:child-detail", kwargs={"child_id": children[0].id}),
            cookies[worker.pk],
        ),
    ]
    connections.close_all()  # the server's workers open their own
    env = dict(os.environ)
    server_environment(env, folder)
    port = free_loopback_port()
    command = gunicorn_command(venv_tool("gunicorn"), port, arguments)
    server = Server(command, env, folder / "server.log")
    try:
        server.wait_until_live(port)
        for name, path, headers in pages:
            status, _ = get(port, path, headers)
            if status != 200:
                print(f"{name}: {path} answered {status} from the server")
                return True
        many: dict[str, TargetResult] = {}
        one: dict[str, TargetResult] = {}
        for name, path, headers in pages:
            if arguments.warm_up > 0:
                load_clients(port, path, arguments.warm_up, arguments.concurrency, server, headers=headers)
            many[name] = load_clients(
                port, path, arguments.seconds, arguments.concurrency, server, headers=headers
            )
            one[name] = load_clients(port, path, arguments.single_seconds, 1, server, headers=headers)
            if not server.alive():
                print(
                    "the server died; its log:\n"
                    + (folder / "server.log").read_text(errors="replace")[-3000:]
                )
                return True
    except BenchError as error:
        print(f"bench: {error}")
        return True
    finally:
        server.stop()
    trivial = many["trivial view"]
    print(
        f"served by gunicorn ({arguments.workers} workers x {arguments.threads} threads), "
        f"{arguments.concurrency} clients for {arguments.seconds:g} s a page, then one client for "
        f"{arguments.single_seconds:g} s:"
    )
    header = (
        "page",
        "requests",
        "errors",
        "req/s",
        "p50 ms",
        "p95 ms",
        "p95 x trivial",
        "trivial req/s / req/s",
        "1-client p50 ms",
    )
    rows = [header]
    for name, result in many.items():
        rows.append(
            (
                name,
                str(result.requests),
                str(result.errors),
                f"{result.per_second:.1f}",
                f"{result.percentile_ms(50):.1f}",
                f"{result.percentile_ms(95):.1f}",
                f"{result.percentile_ms(95) / trivial.percentile_ms(95):.1f}",
                f"{trivial.per_second / result.per_second:.1f}" if result.per_second else "n/a",
                f"{one[name].percentile_ms(50):.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(header))]
    for row in rows:
        print(
            "  ".join([row[0].ljust(widths[0]), *(cell.rjust(widths[i]) for i, cell in enumerate(row) if i)])
        )
    failed = [name for name, result in [*many.items(), *one.items()] if result.errors]
    for name in failed:
        print(
            f"{name}: {many[name].errors + one[name].errors} requests failed: {many[name].error_samples + one[name].error_samples}"
        )
    return bool(failed)


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
