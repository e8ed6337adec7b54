"""Seed the role matrix with the defaults in haven/access/defaults.py."""

from django.db import migrations

# A frozen copy would drift from defaults.py; the defaults are plain data, safe to import.
from haven.access.defaults import DEFAULT_MATRIX


def seed(apps, schema_editor):
    Entry = apps.get_model("access", "RoleMatrixEntry")
    existing = set(Entry.objects.values_list("discipline", "section"))
    Entry.objects.bulk_create(
        Entry(discipline=d, section=s, level=level)
        for (d, s), level in DEFAULT_MATRIX.items()
        if (d, s) not in existing
    )


class Migration(migrations.Migration):
    dependencies = [("access", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
