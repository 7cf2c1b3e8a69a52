"""Benchmark: the short breaks grant at national size: generating the caseload, the what-if model and the
budget, in one process.

Run from the repository root:

    .venv/bin/python bench/grants.py [--size 200000]
    scripts/with-postgres .venv/bin/python bench/grants.py --size 200000

Uses DATABASE_URL if set (as scripts/with-postgres does), otherwise a new SQLite file in a temporary folder
that is removed afterwards. Migrates, loads Medway's reference data and the grant policy, generates --size
children (`council.grant_caseload.caseload_generate`, bulk inserts), then times the strategy's £250 proposal applied
to every active award (`whatif_run`) and this year's budget summary. Prints each time in seconds; figures go
in issue notes, no test asserts them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--size", type=int, default=200_000)
    arguments = parser.parse_args()
    folder = tempfile.mkdtemp(prefix="bench-grants-")
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

        from localoffer.council.grant_caseload import caseload_generate
        from localoffer.grants.models import PolicyStatus, PolicyVersion, budget_year_of
        from localoffer.grants.selectors import budget_summary
        from localoffer.grants.services import current_policy
        from localoffer.grants.whatif import whatif_run

        call_command("migrate", "--no-input", verbosity=0)
        call_command("load_medway", stdout=open(os.devnull, "w"))  # noqa: SIM115
        policy = current_policy()
        assert policy is not None
        today = timezone.localdate()
        made = caseload_generate(policy=policy, size=arguments.size, today=today)
        proposal = PolicyVersion.objects.filter(status=PolicyStatus.DRAFT).order_by("number").first()
        assert proposal is not None
        started = time.perf_counter()
        result = whatif_run(draft=proposal, today=today)
        whatif_seconds = time.perf_counter() - started
        started = time.perf_counter()
        budget_summary(start_year=budget_year_of(today), today=today)
        budget_seconds = time.perf_counter() - started
        print(f"database: {connection.vendor}")
        print(
            f"caseload: {made.children} children, {made.renewals} awards, generated in {made.seconds:.1f} s"
        )
        print(
            f"what-if (£250 proposal): {result.children} awards assessed in {whatif_seconds:.1f} s, "
            f"saving £{result.saving_pence / 100:,.0f}"
        )
        print(f"budget summary: {budget_seconds:.2f} s")
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
