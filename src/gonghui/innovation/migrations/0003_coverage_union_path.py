"""The union's path on each five-small report, so the scope filter of the list (and its
count) needs no join to the organizations (issue 13 item 4; bench/RESULTS.md, "Province
lists, third pass")."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    coverage = apps.get_model("innovation", "Coverage")
    org = apps.get_model("orgs", "Organization")
    path = org.objects.filter(pk=OuterRef("union_id")).values("path")[:1]
    coverage.objects.filter(union_path="").update(union_path=Subquery(path))


class Migration(migrations.Migration):
    dependencies = [
        ("innovation", "0002_studio_members_alliances_assessments"),
        ("orgs", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="coverage",
            name="union_path",
            field=models.CharField(
                default="", editable=False, max_length=255, verbose_name="union's path"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="coverage",
            index=models.Index(
                fields=["union_path", "reported_on", "id"],
                name="innovation_coverage_path_idx",
                opclasses=["varchar_pattern_ops", "date_ops", "int8_ops"],
            ),
        ),
    ]
