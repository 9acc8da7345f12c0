"""Audit rows and sensitive reads name their organization by id beside its path, so that
scoped reads follow an organization that moves (orgs.services.org_move) while org_path
keeps where it stood. Rows written before get the id from their path, the only change
ever made to them: the append-only guards are lifted for it inside this migration's
transaction and put back."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from gonghui.core import append_only

AUDIT_TABLES = ["core_auditevent", "core_sensitiveread"]


def fill_org(apps, schema_editor):
    connection = schema_editor.connection
    organizations = apps.get_model("orgs", "Organization").objects
    append_only.uninstall(connection, AUDIT_TABLES)
    for name in ("AuditEvent", "SensitiveRead"):
        rows = apps.get_model("core", name).objects.exclude(org_path="")
        # Most paths are still their organization's: one statement.
        rows.update(
            org_id=Subquery(organizations.filter(path=OuterRef("org_path")).values("pk")[:1])
        )
        # A path an organization no longer has (it moved before this migration) still
        # ends with its id: "/1/5/23/" -> 23.
        stale = rows.filter(org_id=None).values_list("org_path", flat=True).distinct()
        for path in list(stale):
            last = path.rstrip("/").rpartition("/")[2]
            if last.isdigit():
                rows.filter(org_path=path).update(org_id=int(last))
    append_only.install(connection, AUDIT_TABLES)


def guard_again(apps, schema_editor):
    # Undoing this migration on SQLite rebuilds the tables, which drops their triggers.
    append_only.install(schema_editor.connection, AUDIT_TABLES)


def org_field():
    return models.ForeignKey(
        blank=True,
        db_constraint=False,
        null=True,
        on_delete=django.db.models.deletion.DO_NOTHING,
        related_name="+",
        to="orgs.organization",
        verbose_name="organization",
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_append_only_replace"),
        ("orgs", "0003_organization_takes_in"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, guard_again),
        migrations.AddField(model_name="auditevent", name="org", field=org_field()),
        migrations.AddField(model_name="sensitiveread", name="org", field=org_field()),
        migrations.RunPython(fill_org, migrations.RunPython.noop),
    ]
