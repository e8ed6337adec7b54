"""The shared cache's table (rate limits, API throttles), made by `migrate`.

Haven keeps Django's database cache: every application node reads and writes the same
table, so a rate limit holds across nodes without another server to run. Its table is not a
model, so Django would make it only with a separate `createcachetable`; this migration runs
that command's logic instead, so that `migrate` is the whole database setup. It creates only
tables that are missing, so a database that already has one is left as it is.
"""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        # Reversing keeps the table: it holds only expendable cache entries.
        migrations.RunPython(create_cache_tables, migrations.RunPython.noop, elidable=False),
    ]
