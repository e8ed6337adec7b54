"""Connecticut's 13 judicial districts (Conn. Gen. Stat. § 51-344) and where the
Superior Court sits in each (§ 51-181(a)). Reference data, loaded once."""

from django.db import migrations
from django.utils.text import slugify

DISTRICTS = [
    ("Ansonia-Milford", ["Ansonia or Derby", "Milford"]),
    ("Danbury", ["Danbury"]),
    ("Fairfield", ["Bridgeport"]),
    ("Hartford", ["Hartford", "Manchester"]),
    ("Litchfield", ["Litchfield", "New Milford", "Winchester", "Torrington"]),
    ("Middlesex", ["Middletown"]),
    ("New Britain", ["New Britain", "Bristol"]),
    ("New Haven", ["New Haven", "Meriden"]),
    ("New London", ["Norwich", "New London"]),
    ("Stamford-Norwalk", ["Stamford"]),
    ("Tolland", ["Rockville"]),
    ("Waterbury", ["Waterbury"]),
    ("Windham", ["Putnam"]),
]


def load(apps, schema_editor):
    District = apps.get_model("directory", "District")
    for name, seats in DISTRICTS:
        District.objects.update_or_create(
            slug=slugify(name), defaults={"name": name, "court_seats": seats}
        )


def unload(apps, schema_editor):
    apps.get_model("directory", "District").objects.filter(
        slug__in=[slugify(name) for name, _ in DISTRICTS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
