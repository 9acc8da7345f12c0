"""The keeper's path on each enterprise, so a subtree's enterprises need no join to the
organizations: the democracy coverage's grouped count and a county's page of enterprises
by name (issue 13 item 4; bench/RESULTS.md, "Every list at province scale")."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Enterprise = apps.get_model("orgs", "Enterprise")
    Organization = apps.get_model("orgs", "Organization")
    path = Organization.objects.filter(pk=OuterRef("keeper_id")).values("path")[:1]
    Enterprise.objects.update(keeper_path=Subquery(path))


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0008_enterprise_has_union"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="keeper_path",
            field=models.CharField(
                default="", editable=False, max_length=255, verbose_name="keeping union's path"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["keeper_path"],
                name="orgs_ent_keeper_path",
                opclasses=["varchar_pattern_ops"],
            ),
        ),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                fields=["name_pinyin", "id", "keeper_path"], name="orgs_ent_pinyin_keeper"
            ),
        ),
    ]
