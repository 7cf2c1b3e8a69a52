"""Database triggers that make the audit table append-only, for SQLite and PostgreSQL.

The migration installs them. Only the test suite removes them, for the moment it empties the
database between tests that commit for real (browser tests); see the project's conftest.
"""

from __future__ import annotations

from typing import Any

INSTALL = {
    "sqlite": [
        """CREATE TRIGGER IF NOT EXISTS audit_event_no_update BEFORE UPDATE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
        """CREATE TRIGGER IF NOT EXISTS audit_event_no_delete BEFORE DELETE ON audit_auditevent
           BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    ],
    "postgresql": [
        """CREATE OR REPLACE FUNCTION audit_event_refuse_change() RETURNS trigger AS $$
           BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
        """CREATE OR REPLACE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON audit_auditevent
           FOR EACH ROW EXECUTE FUNCTION audit_event_refuse_change()""",
        """CREATE OR REPLACE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_auditevent
           FOR EACH STATEMENT EXECUTE FUNCTION audit_event_refuse_change()""",
    ],
}
REMOVE = {
    "sqlite": [
        "DROP TRIGGER IF EXISTS audit_event_no_update",
        "DROP TRIGGER IF EXISTS audit_event_no_delete",
    ],
    "postgresql": [
        "DROP TRIGGER IF EXISTS audit_event_no_update_or_delete ON audit_auditevent",
        "DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_auditevent",
    ],
}


def install(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in INSTALL.get(connection.vendor, []):
            cursor.execute(statement)
    append_only_install(connection, _registered_present(connection))


def remove(connection: Any) -> None:
    with connection.cursor() as cursor:
        for statement in REMOVE.get(connection.vendor, []):
            cursor.execute(statement)
    append_only_remove(connection, _registered_present(connection))


# Other append-only tables (ledgers) guarded the same way. An app names its tables in its AppConfig.ready()
# (`append_only_register`) and installs the guards in a migration (`append_only_install`); `install` and
# `remove` above also cover those tables that exist, so the test suite's emptying lifts and restores them too.
_APPEND_ONLY: set[str] = set()


def append_only_register(*tables: str) -> None:
    _APPEND_ONLY.update(tables)


def _statements(table: str, vendor: str, *, installing: bool) -> list[str]:
    if vendor == "sqlite":
        if not installing:
            return [f"DROP TRIGGER IF EXISTS {table}_no_update", f"DROP TRIGGER IF EXISTS {table}_no_delete"]
        return [
            f"""CREATE TRIGGER IF NOT EXISTS {table}_no_update BEFORE UPDATE ON {table}
               BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END""",
            f"""CREATE TRIGGER IF NOT EXISTS {table}_no_delete BEFORE DELETE ON {table}
               BEGIN SELECT RAISE(ABORT, '{table} rows are append-only'); END""",
        ]
    if vendor == "postgresql":
        if not installing:
            return [
                f"DROP TRIGGER IF EXISTS {table}_no_update_or_delete ON {table}",
                f"DROP TRIGGER IF EXISTS {table}_no_truncate ON {table}",
            ]
        return [
            """CREATE OR REPLACE FUNCTION ledger_refuse_change() RETURNS trigger AS $$
               BEGIN RAISE EXCEPTION '% rows are append-only', TG_TABLE_NAME; END; $$ LANGUAGE plpgsql""",
            f"""CREATE OR REPLACE TRIGGER {table}_no_update_or_delete BEFORE UPDATE OR DELETE ON {table}
               FOR EACH ROW EXECUTE FUNCTION ledger_refuse_change()""",
            f"""CREATE OR REPLACE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
               FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse_change()""",
        ]
    return []


def append_only_install(connection: Any, tables: list[str] | set[str]) -> None:
    with connection.cursor() as cursor:
        for table in sorted(tables):
            for statement in _statements(table, connection.vendor, installing=True):
                cursor.execute(statement)


def append_only_remove(connection: Any, tables: list[str] | set[str]) -> None:
    with connection.cursor() as cursor:
        for table in sorted(tables):
            for statement in _statements(table, connection.vendor, installing=False):
                cursor.execute(statement)


def _registered_present(connection: Any) -> set[str]:
    return _APPEND_ONLY & set(connection.introspection.table_names())
