"""Station names sorted by pinyin (issue 12 item 8): the column, filled for the stations
already on file."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from gonghui.orgs.models import pinyin_key

    Station = apps.get_model("stations", "Station")
    batch = []
    for station in Station.objects.only("id", "name").iterator(chunk_size=2000):
        station.name_pinyin = pinyin_key(station.name)
        batch.append(station)
        if len(batch) >= 2000:
            Station.objects.bulk_update(batch, ["name_pinyin"])
            batch = []
    Station.objects.bulk_update(batch, ["name_pinyin"])


class Migration(migrations.Migration):
    dependencies = [
        ("stations", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="station",
            name="name_pinyin",
            field=models.CharField(
                default="", editable=False, max_length=400, verbose_name="pinyin"
            ),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
