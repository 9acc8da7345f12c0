"""Database triggers that make the audit tables append-only.

Installed by migration core.0002. The test suite lifts them for its own flushes
(tests/conftest.py) and checks them in tests/core/test_audit.py.
"""

TABLES = ["core_auditevent", "core_sensitiveread"]


def install(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute("""
            CREATE OR REPLACE FUNCTION gonghui_append_only() RETURNS trigger AS $$
            BEGIN RAISE EXCEPTION 'audit rows are append-only (%%)', TG_TABLE_NAME; END;
            $$ LANGUAGE plpgsql""")
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"""
                CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE
                ON {table} FOR EACH STATEMENT EXECUTE FUNCTION gonghui_append_only()""")
        elif vendor == "sqlite":
            for op in ("UPDATE", "DELETE"):
                schema_editor.execute(f"""
                    CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table}
                    BEGIN SELECT RAISE(ABORT, 'audit rows are append-only'); END""")


def uninstall(schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    for table in TABLES:
        if vendor == "postgresql":
            schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")
        elif vendor == "sqlite":
            for op in ("update", "delete"):
                schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_{op}")
