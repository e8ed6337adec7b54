from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        # Tokens issued before scopes could already write; they keep that. New tokens
        # always name their scope (no default).
        migrations.AddField(
            model_name="apitoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("read_write", "Read and write")],
                default="read_write",
                max_length=10,
            ),
            preserve_default=False,
        ),
    ]
