import django.utils.timezone
from django.db import migrations, models


def _last_used_when_made(apps, schema_editor):
    # Images stored before this field was recorded count as used when they were drawn.
    RenderedImage = apps.get_model("diagrams", "RenderedImage")
    RenderedImage.objects.update(last_used_at=models.F("created_at"))


class Migration(migrations.Migration):
    dependencies = [
        ("diagrams", "0008_rendered_image"),
    ]

    operations = [
        migrations.AddField(
            model_name="renderedimage",
            name="last_used_at",
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now),
        ),
        migrations.RunPython(_last_used_when_made, migrations.RunPython.noop),
    ]
