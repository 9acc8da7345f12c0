"""On SQLite the audit tables also refuse INSERT OR REPLACE over an existing row (it
deletes the old row without firing the DELETE trigger). Installing again is safe: the
guards of 0002 are replaced by the same ones plus this."""

from django.db import migrations

from gonghui.core import append_only

AUDIT_TABLES = ["core_auditevent", "core_sensitiveread"]


class Migration(migrations.Migration):
    dependencies = [("core", "0002_append_only")]
    operations = [
        migrations.RunPython(lambda apps, se: append_only.install(se.connection, AUDIT_TABLES),
                             migrations.RunPython.noop),
    ]
