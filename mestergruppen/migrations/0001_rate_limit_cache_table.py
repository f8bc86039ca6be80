"""The table of the database cache that holds the rate-limit counters when no CACHE_URL is
set (settings.CACHES["rate_limits"]): made by the migration, so no deploy step can forget
`createcachetable`, and made whatever the cache in use, so switching from Redis back to it
later finds the table there."""

from django.core.management.commands.createcachetable import Command as CreateCacheTable
from django.db import migrations

TABLE = "rate_limit_cache"


def create_table(apps, schema_editor):
    command = CreateCacheTable()
    command.verbosity = 0
    command.create_table(schema_editor.connection.alias, TABLE, dry_run=False)


def drop_table(apps, schema_editor):
    schema_editor.execute(f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}")


class Migration(migrations.Migration):
    dependencies = []

    operations = [migrations.RunPython(create_table, drop_table, elidable=False)]
