"""The real migrations, applied to an empty database, give what the tests run on.

The test databases are made from the models (settings: TEST MIGRATE False) and filled
with the rows the migrations put in by their own functions (conftest's SEEDS): running
the ~60 migrations takes ~30 s of CPU on SQLite and more on PostgreSQL, per database, and
CI made five. This checks, on each engine, that an installation's database (migrated)
and the tests' (made from the models) have the same tables, columns, constraints and
indexes, and the same rows. `makemigrations --check` (CI) holds the migrations to the
models; this holds what they do to a database to what the models make.
"""

import json
import os
import re
import subprocess
import sys

import pytest
from django.db import connection

from .conftest import ROOT, seed


def _schema_and_rows(conn) -> tuple[dict, dict]:
    """Every table's columns and constraints (indexes among them), and its row count."""
    intro = conn.introspection
    schema, rows = {}, {}
    with conn.cursor() as cursor:
        tables = sorted(t.name for t in intro.get_table_list(cursor) if t.type == "t")
        for table in tables:
            if table == "django_migrations":  # the migrations' own bookkeeping
                continue
            columns = {c.name: tuple(c[1:]) for c in intro.get_table_description(cursor, table)}
            constraints = sorted(
                (_name(name), tuple(c["columns"]), *(c.get(k) for k in KEYS))
                for name, c in intro.get_constraints(cursor, table).items()
            )
            schema[table] = {"columns": columns, "constraints": constraints}
            cursor.execute(f"SELECT count(*) FROM {conn.ops.quote_name(table)}")
            rows[table] = cursor.fetchone()[0]
    return schema, rows


KEYS = ("primary_key", "unique", "foreign_key", "check", "index", "type", "orders")
# SQLite's introspection numbers the constraints it finds without a name in the order of
# the table's definition (fk_0, __unnamed_constraint_1__): they are compared by what they
# constrain.
UNNAMED = re.compile(r"fk_\d+|__unnamed_constraint_\d+__|__primary__")


def _name(name: str) -> str:
    return "" if UNNAMED.fullmatch(name) else name


# Differences that are Django's own, with the reason they do not matter.
KNOWN = {
    # PostgreSQL: auth's migration made the id of Group.permissions' table a bigint, its
    # model (auth's AutoField) makes an integer. Nothing of ours refers to those rows.
    "auth_group_permissions.id",
}


def _differences(migrated: dict, made: dict) -> list[str]:
    out = [f"only in the migrated database: {t}" for t in sorted(migrated.keys() - made.keys())]
    out += [f"only in the tests' database: {t}" for t in sorted(made.keys() - migrated.keys())]
    for table in sorted(migrated.keys() & made.keys()):
        old, new = migrated[table]["columns"], made[table]["columns"]
        out += [
            f"{table}.{c}: migrated {old.get(c)}, tests' {new.get(c)}"
            for c in sorted(old.keys() | new.keys())
            if old.get(c) != new.get(c) and f"{table}.{c}" not in KNOWN
        ]
        old, new = migrated[table]["constraints"], made[table]["constraints"]
        out += [f"{table}: only migrated: {c}" for c in old if c not in new]
        out += [f"{table}: only the tests': {c}" for c in new if c not in old]
    return out


INTROSPECT = (
    "import json, django; django.setup(); from django.db import connection; "
    "from tests.test_migrations import _schema_and_rows; "
    "print(json.dumps(_schema_and_rows(connection)))"
)


def _gonghui_python(env: dict, *args: str) -> str:
    env = {**env, "DJANGO_SETTINGS_MODULE": "gonghui.settings"}
    done = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    )
    return done.stdout


@pytest.fixture
def migrated_database(tmp_path, copy_migrated):
    """The schema and rows of an empty database of the tests' engine that the migrations
    made, read by a process of its own (this one's connections are the test's)."""
    env = {**os.environ, "GONGHUI_DATA_DIR": str(tmp_path / "data")}
    if connection.vendor == "sqlite":
        copy_migrated(tmp_path / "data")
        yield json.loads(_gonghui_python(env, "-c", INTROSPECT))
        return
    import psycopg

    settings_dict = connection.settings_dict
    name = f"{settings_dict['NAME']}_migrated"
    server = {
        "host": settings_dict["HOST"],
        "port": settings_dict["PORT"] or 5432,
        "user": settings_dict["USER"],
        "password": settings_dict["PASSWORD"] or None,
        "dbname": "postgres",
        "autocommit": True,
    }
    with psycopg.connect(**server) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        _gonghui_python(env, "-m", "gonghui.cli", "migrate", "-v0")
        yield json.loads(_gonghui_python(env, "-c", INTROSPECT))
    finally:
        with psycopg.connect(**server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


def test_the_migrations_make_the_tests_database(db, migrated_database):
    seed()  # as the suite starts (a transactional test before this one emptied the tables)
    migrated_schema, migrated_rows = migrated_database
    schema, rows = json.loads(json.dumps(_schema_and_rows(connection)))  # as the other's
    assert not _differences(migrated_schema, schema), "\n".join(
        _differences(migrated_schema, schema)
    )
    # The rows the migrations put in (the regions; content types and permissions come
    # after any migrate) are the rows the tests start with: a migration that fills a
    # table needs its function in conftest's SEEDS.
    filled = {t: n for t, n in migrated_rows.items() if n}
    assert filled == {t: n for t, n in rows.items() if n}
    assert filled.get("orgs_region", 0) > 3000  # the check compares something
