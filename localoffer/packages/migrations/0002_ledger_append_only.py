"""The direct payment ledger is append-only in the database too: triggers refuse UPDATE, DELETE and TRUNCATE."""

from django.db import migrations

from localoffer.audit import triggers

LEDGER_TABLES = [
    "packages_instalment",
    "packages_directpaymentrun",
    "packages_runstep",
    "packages_runline",
    "packages_runlinehold",
    "packages_instalmentpaid",
]


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.append_only_install(schema_editor.connection, LEDGER_TABLES)


def remove(apps, schema_editor):  # type: ignore[no-untyped-def]
    triggers.append_only_remove(schema_editor.connection, LEDGER_TABLES)


class Migration(migrations.Migration):
    dependencies = [("packages", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
