"""Database triggers that make the audit tables append-only.

Installed by migration core.0002. The test suite lifts them for its own flushes
(tests/conftest.py) and checks them in tests/core/test_audit.py.
"""

TABLES = ["core_auditevent", "core_sensitiveread"]


def install(connection) -> None:
    vendor = connection.vendor
    cursor = connection.cursor()
    if vendor == "postgresql":
        cursor.execute("""
            CREATE OR REPLACE FUNCTION gonghui_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit rows are append-only' USING DETAIL = TG_TABLE_NAME; END;
            $$ LANGUAGE plpgsql""")
    for table in TABLES:
        if vendor == "postgresql":
            cursor.execute(f"""
                CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
                ON {table} FOR EACH STATEMENT EXECUTE FUNCTION gonghui_append_only()""")
        elif vendor == "sqlite":
            for op in ("UPDATE", "DELETE"):
                cursor.execute(f"""
                    CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
                    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""")


def uninstall(connection) -> None:
    vendor = connection.vendor
    cursor = connection.cursor()
    for table in TABLES:
        if vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif vendor == "sqlite":
            for op in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
