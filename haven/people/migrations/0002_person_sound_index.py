from django.db import migrations, models

# PostgreSQL compares text by the database's linguistic collation, so its ordinary index on
# sort_name cannot serve `LIKE 'smith j%'` (people/selectors._prefix_range uses LIKE there).
# A pattern-ops index can. SQLite's binary collation needs nothing more.
PATTERN_INDEX = (
    "CREATE INDEX IF NOT EXISTS person_sort_name_pattern "
    "ON people_person (sort_name varchar_pattern_ops)"
)


def add_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PATTERN_INDEX)


def drop_pattern_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS person_sort_name_pattern")


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="person",
            index=models.Index(fields=["last_phonetic", "first_phonetic"], name="person_sound"),
        ),
        migrations.RunPython(add_pattern_index, drop_pattern_index),
    ]
