"""Benchmark: packages and direct payments at national size: a payment run over about 1.5 million
instalments a year for 200,000 children, its export, and the whole-package report, in one process.

Run from the repository root:

    .venv/bin/python bench/packages.py [--size 200000] [--extra-direct-payments 0.55]
    scripts/with-postgres .venv/bin/python bench/packages.py --size 200000

Uses DATABASE_URL if set (as scripts/with-postgres does), otherwise a new SQLite file in a temporary folder
that is removed afterwards. Migrates, loads Medway's reference data, generates --size children with the
grant's caseload (`council.grant_caseload`) and their packages (`council.package_caseload`); with
--extra-direct-payments 0.55 about 115,000 children have a regular direct payment, 13 instalments a year
each (about 1.5 million). Then times: the database's upkeep after the bulk load (`VACUUM ANALYZE`, what autovacuum
does in the background), writing a run of every instalment due (`run_prepare`), the upkeep again, checking
it (count and total), streaming its finance file to a null sink (`run_csv_lines`; on PostgreSQL also
untraced, written by the database and by Python's csv writer), the caseload report
(`caseload_summary`, once traced, then five more times untraced) and the strategy's finding. Prints each time
and the peak memory (tracemalloc, Python allocations) of each step; figures go in issue notes, no test asserts
them.
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
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _measure(label: str, step: Callable[[], Any]) -> Any:
    tracemalloc.start()
    started = time.perf_counter()
    result = step()
    seconds = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label}: {seconds:.2f} s, peak Python memory {peak / 1_048_576:.1f} MiB")
    return result


def _settle() -> None:
    """What autovacuum does in the background after a bulk write, done at once and timed apart: a council's
    payment run is prepared weeks after its instalments were written, and its file is sent after it is checked and
    approved by a second person. Without it, the first reader of 1.5 million rows just written pays for marking each
    one as committed, and the figures measure that instead of the run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=200_000)
    parser.add_argument("--extra-direct-payments", type=float, default=0.55)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-packages-")
    try:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ.setdefault("LOCALOFFER_ENVIRONMENT", "local")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localoffer.settings")
        sys.path.insert(0, str(ROOT))
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.utils import timezone

        from localoffer.accounts.models import User
        from localoffer.core.roles import Role
        from localoffer.council.grant_caseload import caseload_generate
        from localoffer.council.package_caseload import packages_caseload_generate
        from localoffer.grants.services import current_policy
        from localoffer.packages.selectors import caseload_summary, grant_and_direct_payment_finding
        from localoffer.packages.services import run_csv_lines, run_prepare, run_totals

        call_command("migrate", "--no-input", verbosity=0)
        call_command("load_medway", stdout=open(os.devnull, "w"))  # noqa: SIM115
        policy = current_policy()
        assert policy is not None
        today = timezone.localdate()
        started = time.perf_counter()
        made = caseload_generate(policy=policy, size=arguments.size, today=today)
        packages = packages_caseload_generate(
            today=today.replace(month=3, day=31)
            if today.month <= 3
            else today.replace(year=today.year + 1, month=3, day=31),
            extra_direct_payment_share=arguments.extra_direct_payments,
        )
        print(f"database: {connection.vendor}")
        print(
            f"caseload: {made.children} children, {packages.packages} packages, {packages.direct_payments} "
            f"direct payments, {packages.instalments} instalments, generated in {time.perf_counter() - started:.1f} s"
        )
        _measure("the database's upkeep after the bulk load (VACUUM ANALYZE, autovacuum's work)", _settle)
        preparer = User.objects.create(username="bench-preparer", role=Role.SDS_COORDINATOR)
        run = _measure(
            "payment run (every instalment due this year)",
            lambda: run_prepare(due_by=today.replace(year=today.year + 1), by=preparer),
        )
        _measure("the database's upkeep after the run's 1.5 million lines (VACUUM ANALYZE)", _settle)
        count, total = _measure("run count and control total", lambda: run_totals(run))
        print(f"  {count} instalments, £{total / 100:,.2f}")

        def export() -> int:
            written = 0
            for chunk in run_csv_lines(run=run):
                written += len(chunk)
            return written

        size = _measure("finance file, streamed", export)
        print(f"  {size / 1_048_576:.1f} MiB written")
        if connection.vendor == "postgresql":
            # Untraced (tracemalloc slows the Python side of each line), both ways the file can be written: by
            # the database (what PostgreSQL uses) and by Python's csv writer (what SQLite uses), same bytes.
            from localoffer.packages.services import _run_csv_lines_copied, _run_csv_lines_written

            for label, lines in (
                ("the database's COPY", _run_csv_lines_copied),
                ("Python's csv writer", _run_csv_lines_written),
            ):
                started = time.perf_counter()
                written = sum(len(chunk) for chunk in lines(run))
                print(
                    f"finance file, untraced, by {label}: {time.perf_counter() - started:.2f} s, {written} characters"
                )
        summary = _measure("whole-package report (caseload summary)", lambda: caseload_summary(today=today))
        print(
            f"  {summary.multiple_routes_count} children on more than one route, {summary.breaches_count} double funded"
        )
        # One reading is at the mercy of what ran just before it (the file's 1.5 million lines went through the
        # database's cache): the report is read five more times, untraced, as managers would open it, each printed.
        seconds = []
        for _ in range(5):
            started = time.perf_counter()
            caseload_summary(today=today)
            seconds.append(time.perf_counter() - started)
        print(
            "whole-package report, five more times, untraced: "
            + ", ".join(f"{value:.2f}" for value in seconds)
            + f" s (median {statistics.median(seconds):.2f} s, slowest {max(seconds):.2f} s)"
        )
        finding = _measure("strategy's finding", lambda: grant_and_direct_payment_finding(today=today))
        print(
            f"  {finding.with_direct_payment} of {finding.grant_families} grant families ({finding.share:.1%}) "
            f"also have a direct payment; grant to them £{finding.grant_pence_to_them / 100:,.0f}"
        )
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
