"""Audit tables refuse UPDATE and DELETE in the database itself, whatever the code does."""

from django.db import migrations

from gonghui.core import append_only

# Named here, not taken from append_only.TABLES, which grew the ledger's tables later.
AUDIT_TABLES = ["core_auditevent", "core_sensitiveread"]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(lambda apps, se: append_only.install(se.connection, AUDIT_TABLES),
                             lambda apps, se: append_only.uninstall(se.connection, AUDIT_TABLES)),
    ]
