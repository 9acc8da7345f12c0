"""Load GB/T 2260 divisions from python-stdnum's table (see gonghui.orgs.regions)."""

from django.db import migrations


def load(apps, schema_editor):
    from gonghui.orgs.regions import load_divisions

    Region = apps.get_model("orgs", "Region")
    divisions = load_divisions()
    codes = {d.code for d in divisions}
    rows = []
    for d in divisions:
        parent = d.parent_code
        if parent and parent not in codes:  # counties of a municipality: under the province
            parent = d.code[:2] + "0000"
        rows.append(Region(code=d.code, name=d.name, level=d.level,
                           parent_id=parent if parent in codes else None))
    # Parents first, so the foreign keys hold on insert.
    order = {"province": 0, "city": 1, "county": 2}
    Region.objects.bulk_create(sorted(rows, key=lambda r: order[r.level]), batch_size=1000)


def unload(apps, schema_editor):
    apps.get_model("orgs", "Region").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("orgs", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
