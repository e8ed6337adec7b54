"""Each report's judicial district (security issue 18, item 4: screening data is read in
its district, not statewide). Reports already kept are placed by the rule of
services.district_for, written here against the historical models: the district of the
police agency the report is routed to, else of the town's municipal police, else of the
lodging business, else of any active agency in the town. A report that cannot be placed
stays without a district: the statewide roles see it and route it."""

import django.db.models.deletion
from django.db import migrations, models


def place_reports(apps, schema_editor):
    Agency = apps.get_model("directory", "Agency")
    Report = apps.get_model("screening", "Report")
    placed_agencies = Agency.objects.filter(is_active=True, district__isnull=False).order_by("pk")
    for report in Report.objects.filter(district__isnull=True).select_related(
        "routed_agency", "lodging"
    ):
        district_id = None
        if report.routed_agency and report.routed_agency.district_id:
            district_id = report.routed_agency.district_id
        town = report.town.strip()
        if district_id is None and town:
            police = placed_agencies.filter(kind="municipal_police", town__iexact=town).first()
            district_id = police.district_id if police else None
        if district_id is None and report.lodging and report.lodging.district_id:
            district_id = report.lodging.district_id
        if district_id is None and town:
            anyone = placed_agencies.filter(town__iexact=town).first()
            district_id = anyone.district_id if anyone else None
        if district_id is not None:
            Report.objects.filter(pk=report.pk).update(district_id=district_id)


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_agency_name_index"),
        ("screening", "0002_instruments"),
    ]

    operations = [
        migrations.AddField(
            model_name="report",
            name="district",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="directory.district",
            ),
        ),
        migrations.RunPython(place_reports, migrations.RunPython.noop),
    ]
