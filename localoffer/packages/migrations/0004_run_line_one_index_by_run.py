"""A run's lines keep one index that starts with the run: the unique (run, instalment) one. The foreign key's own
index on the run is dropped (one index fewer to write for each of a run's 1.5 million lines).

The index is dropped by name rather than by `AlterField`, which on SQLite copies the table into a new one and
would lose the triggers that keep the ledger append-only (migration 0002)."""

import django.db.models.deletion
from django.db import migrations, models

INDEX = "packages_runline_run_id_b5f5a9b1"


class Migration(migrations.Migration):
    dependencies = [("packages", "0003_panel_through_casework_and_card_provider")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="runline",
                    name="run",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="lines",
                        to="packages.directpaymentrun",
                    ),
                ),
            ],
            database_operations=[
                migrations.RunSQL(
                    f"DROP INDEX {INDEX}",
                    reverse_sql=f'CREATE INDEX {INDEX} ON "packages_runline" ("run_id")',
                ),
            ],
        ),
    ]
