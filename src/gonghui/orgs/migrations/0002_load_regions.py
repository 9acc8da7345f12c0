"""Load GB/T 2260 divisions from python-stdnum's table (see gonghui.orgs.regions)."""

from django.db import migrations


def load(apps, schema_editor):
    from gonghui.orgs.regions import region_rows

    Region = apps.get_model("orgs", "Region")
    Region.objects.bulk_create(region_rows(Region), batch_size=1000)


def unload(apps, schema_editor):
    apps.get_model("orgs", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
