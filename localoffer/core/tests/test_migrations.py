"""Every migration of the project's apps can be undone and done again, on each database the suite runs on
(SQLite and PostgreSQL). Third-party apps are left alone: some of their migrations are not reversible."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.sqlite

PROJECT_APPS = sorted(
    config.label for config in apps.get_app_configs() if config.name.startswith("localoffer.")
)


def _project_tables() -> set[str]:
    return {
        model._meta.db_table
        for label in PROJECT_APPS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if model._meta.managed  # an unmanaged model's table is the migration's own (SQLite's full-text index)
    }


@pytest.mark.django_db(transaction=True)
def test_every_app_of_the_project_migrates_to_zero_and_forwards_again() -> None:
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    assert _project_tables() <= set(connection.introspection.table_names())

    executor.migrate([(label, None) for label in PROJECT_APPS])

    executor.loader.build_graph()
    assert not {key for key in executor.loader.applied_migrations if key[0] in PROJECT_APPS}
    assert not _project_tables() & set(connection.introspection.table_names())

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    executor.loader.build_graph()
    assert set(executor.loader.applied_migrations) == set(executor.loader.graph.nodes)
    assert _project_tables() <= set(connection.introspection.table_names())
