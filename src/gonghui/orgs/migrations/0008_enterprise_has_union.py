from django.db import migrations, models


def fill(apps, schema_editor):
    """has_union from the unions as they stand (orgs.models.refresh_has_union's UPDATE)."""
    Enterprise = apps.get_model("orgs", "Enterprise")
    Organization = apps.get_model("orgs", "Organization")
    active = Organization.objects.filter(enterprise_id=models.OuterRef("pk"), is_active=True)
    Enterprise.objects.update(has_union=models.Exists(active))


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0007_organization_depth_sort_key_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="enterprise",
            name="has_union",
            field=models.BooleanField(default=False, editable=False, verbose_name="has a union"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="enterprise",
            index=models.Index(
                condition=models.Q(("has_union", False)),
                fields=["employees", "id"],
                name="orgs_ent_without_union",
            ),
        ),
    ]
