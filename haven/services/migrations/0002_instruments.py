"""The built-in instruments of the picklist. Ranges are the published total-score ranges
(TSCC: the posttraumatic stress subscale's raw score)."""

from django.db import migrations

BUILTIN = [
    ("TSCC", "Trauma Symptom Checklist for Children: posttraumatic stress (raw)", 0, 30),
    ("CPSS-5", "Child PTSD Symptom Scale for DSM-5: symptom severity", 0, 80),
    ("CATS", "Child and Adolescent Trauma Screen: symptom score", 0, 60),
]


def add(apps, schema_editor):
    Instrument = apps.get_model("services", "Instrument")
    for code, name, lo, hi in BUILTIN:
        Instrument.objects.get_or_create(
            cac=None, code=code, defaults={"name": name, "min_score": lo, "max_score": hi}
        )


def remove(apps, schema_editor):
    apps.get_model("services", "Instrument").objects.filter(
        cac=None, code__in=[b[0] for b in BUILTIN]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("services", "0001_initial")]
    operations = [migrations.RunPython(add, remove)]
