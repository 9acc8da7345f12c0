"""The union's path on each rights case, so the scope filter of the case list needs no
join (issue 16, bench/bench_rights.py --explain)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    case = apps.get_model("rights", "RightsCase")
    org = apps.get_model("orgs", "Organization")
    path = org.objects.filter(pk=OuterRef("union_id")).values("path")[:1]
    case.objects.filter(union_path="").update(union_path=Subquery(path))


class Migration(migrations.Migration):
    dependencies = [
        ("rights", "0005_democracy"),
    ]

    operations = [
        migrations.AddField(
            model_name="rightscase",
            name="union_path",
            field=models.CharField(
                default="", editable=False, max_length=255, verbose_name="union's path"
            ),
            preserve_default=False,
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="rightscase",
            index=models.Index(
                fields=["union_path", "opened_on", "id"],
                name="rights_case_path_idx",
                opclasses=["varchar_pattern_ops", "date_ops", "int8_ops"],
            ),
        ),
    ]
