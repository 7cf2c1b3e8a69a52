"""Benchmark: the project's migrations, forwards from nothing, back to zero and forwards again.

Run from the repository root:

    .venv/bin/python bench/migrations.py              # a new SQLite file in a temporary folder
    scripts/with-postgres .venv/bin/python bench/migrations.py   # the throwaway cluster's database

It does what `core/tests/test_migrations.py` does, timed: every migration applied to an empty database,
then the project's own apps migrated back to zero, then forwards again. It prints each step's seconds and
how many models Django rendered on the way (each operation re-renders the models related to the one it
changes; the user model is related to nearly all), so that a change to the migrations or the models can be
measured before it lands. No test asserts these figures. The temporary folder is always removed.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory(prefix="localoffer-bench-migrations-") as folder:
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{folder}/bench.sqlite3")
        os.environ["DJANGO_SETTINGS_MODULE"] = "localoffer.settings_test"
        import django

        django.setup()
        from django.apps import apps
        from django.apps.registry import Apps
        from django.db import connection
        from django.db.migrations import state
        from django.db.migrations.executor import MigrationExecutor

        rendered = 0
        render = state.ModelState.render

        def counted(self: state.ModelState, registry: Apps) -> Any:
            nonlocal rendered
            rendered += 1
            return render(self, registry)

        state.ModelState.render = counted  # type: ignore[method-assign,assignment]
        project = sorted(c.label for c in apps.get_app_configs() if c.name.startswith("localoffer."))
        leaves = MigrationExecutor(connection).loader.graph.leaf_nodes()
        steps = [
            ("forwards from nothing", lambda: MigrationExecutor(connection).migrate(leaves)),
            (
                "back to zero (project apps)",
                lambda: MigrationExecutor(connection).migrate([(a, None) for a in project]),
            ),
            ("forwards again", lambda: MigrationExecutor(connection).migrate(leaves)),
        ]
        print(
            f"database: {connection.vendor} {connection.display_name}; {len(project)} apps, "
            f"{sum(1 for key in MigrationExecutor(connection).loader.graph.nodes if key[0] in project)} "
            "project migrations"
        )
        print(f"{'step':<30} {'seconds':>8} {'models rendered':>16}")
        for name, step in steps:
            rendered, began = 0, time.perf_counter()
            step()
            print(f"{name:<30} {time.perf_counter() - began:8.1f} {rendered:16,}", flush=True)
        connection.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
