from django.db import migrations, models


class Migration(migrations.Migration):
    """Number each attempt at writing a recording's parts. Recordings already stored keep
    NULL (their chunks are in the single-pass format); new ones start at 0."""

    dependencies = [("interviews", "0002_interview_list_indexes")]

    operations = [
        migrations.AddField(
            model_name="recording",
            name="seal_attempts",
            field=models.PositiveIntegerField(null=True),
        ),
        migrations.AlterField(
            model_name="recording",
            name="seal_attempts",
            field=models.PositiveIntegerField(default=0, null=True),
        ),
    ]
