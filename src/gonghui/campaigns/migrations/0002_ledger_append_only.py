"""The ledger's postings and entries refuse UPDATE, DELETE, REPLACE (SQLite) and TRUNCATE
(PostgreSQL) in the database itself, like the audit tables: a correction is a new
posting. Account balances stay writable (the posting engine keeps them under a row lock);
the reconciliation recomputes them from the entries and shows any difference."""

from django.db import migrations

from gonghui.core import append_only

LEDGER_TABLES = ["campaigns_posting", "campaigns_entry"]


class Migration(migrations.Migration):
    dependencies = [("campaigns", "0001_initial"), ("core", "0003_append_only_replace")]
    operations = [
        migrations.RunPython(lambda apps, se: append_only.install(se.connection, LEDGER_TABLES),
                             lambda apps, se: append_only.uninstall(se.connection,
                                                                    LEDGER_TABLES)),
    ]
