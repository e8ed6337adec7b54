"""Add `key_id`, the audit row's HMAC key. Existing rows keep an empty key id: they were
hashed with plain SHA-256 and verify as such ("legacy" rows).

Written by hand: Django adds a NOT NULL column on SQLite by copying the table into a new
one, which would silently drop the append-only triggers of 0002. `ALTER TABLE ... ADD
COLUMN` rewrites no row on either database, so the triggers stay and never fire.
"""

from django.db import migrations, models

TABLE = "audit_auditevent"


def add_column(apps, schema_editor):
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN key_id varchar(32) DEFAULT '' NOT NULL", params=None
    )
    if schema_editor.connection.vendor == "postgresql":
        # Django writes the value itself; SQLite cannot drop a default, PostgreSQL can.
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN key_id DROP DEFAULT", params=None)


def drop_column(apps, schema_editor):
    schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN key_id", params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0010_action_registry")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="auditevent",
                    name="key_id",
                    field=models.CharField(blank=True, default="", max_length=32),
                )
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        )
    ]
