"""Database triggers that make the audit tables and the ledger append-only.

Installed by migrations (core 0002 and 0003 for the audit tables, campaigns 0002 for the
ledger's postings and entries). The test suite lifts them all for its own flushes
(tests/conftest.py) and checks them in tests/core/test_audit.py and
tests/campaigns/test_ledger_guard.py.

PostgreSQL: one statement trigger refuses UPDATE, DELETE and TRUNCATE (an
INSERT ... ON CONFLICT DO UPDATE fires it too).
SQLite: triggers refuse UPDATE and DELETE, and a third refuses an INSERT whose primary key
is already taken: `INSERT OR REPLACE` deletes the row it conflicts with, and SQLite fires
no DELETE trigger for that unless `recursive_triggers` is on, which a client holding the
file need not set. The guarded tables have no unique key but the primary key, so that is
the only conflict a REPLACE can resolve by deleting.
"""

AUDIT_TABLES = ["core_auditevent", "core_sensitiveread"]
LEDGER_TABLES = ["campaigns_posting", "campaigns_entry"]
TABLES = AUDIT_TABLES + LEDGER_TABLES

_SQLITE_GUARDS = {
    "update": "BEFORE UPDATE ON {t}",
    "delete": "BEFORE DELETE ON {t}",
    "replace": "BEFORE INSERT ON {t} WHEN EXISTS (SELECT 1 FROM {t} WHERE id = NEW.id)",
}


def install(connection, tables=TABLES) -> None:
    """Guard `tables`; safe to repeat (a guard already there is replaced)."""
    uninstall(connection, tables)
    vendor = connection.vendor
    cursor = connection.cursor()
    if vendor == "postgresql":
        cursor.execute("""
            CREATE OR REPLACE FUNCTION gonghui_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'rows of % are append-only', TG_TABLE_NAME; END;
            $$ LANGUAGE plpgsql""")
    for table in tables:
        if vendor == "postgresql":
            cursor.execute(f"""
                CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
                ON {table} FOR EACH STATEMENT EXECUTE FUNCTION gonghui_append_only()""")
        elif vendor == "sqlite":
            for name, when in _SQLITE_GUARDS.items():
                cursor.execute(f"""
                    CREATE TRIGGER {table}_no_{name} {when.format(t=table)}
                    BEGIN SELECT RAISE(ABORT, 'rows of {table} are append-only'); END""")


def uninstall(connection, tables=TABLES) -> None:
    vendor = connection.vendor
    cursor = connection.cursor()
    for table in tables:
        if vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif vendor == "sqlite":
            for name in _SQLITE_GUARDS:
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{name}")
