"""Audit tables refuse UPDATE and DELETE in the database itself, whatever the code does."""

from django.db import migrations

from gonghui.core import append_only


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [
        migrations.RunPython(lambda apps, se: append_only.install(se.connection),
                             lambda apps, se: append_only.uninstall(se.connection)),
    ]
