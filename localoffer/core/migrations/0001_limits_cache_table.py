"""The table the `limits` cache keeps its counts in (core/cache.py), made with the database, not by hand."""

from django.conf import settings
from django.core.management import call_command
from django.db import migrations


def _table() -> str:
    return settings.CACHES["limits"]["LOCATION"]


def create(apps, schema_editor):
    call_command("createcachetable", _table(), database=schema_editor.connection.alias, verbosity=0)


def drop(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(_table())}")


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create, drop)]
