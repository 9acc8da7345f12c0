"""The province-scale database the benchmarks share: `gonghui demo --scale province`
(about 200,000 grassroots unions, 10 million members, 100,000 service positions, aid,
campaigns, meetings) in the PostgreSQL database `gonghui_bench_province`. Built once;
later runs with --keep reuse it (building takes tens of minutes)."""

import os
import time

import psycopg

DB = "gonghui_bench_province"
SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _populated() -> bool:
    with psycopg.connect(SERVER.rsplit("/", 1)[0] + "/" + DB) as conn:
        exists = conn.execute("SELECT to_regclass('members_membership')").fetchone()[0]
        return bool(
            exists
            and conn.execute("SELECT EXISTS (SELECT 1 FROM members_membership)").fetchone()[0]
        )


def setup(keep: bool) -> None:
    """Point Django at the bench database, building the demo province when needed."""
    with psycopg.connect(SERVER, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DB]).fetchone()
        reuse = bool(exists) and keep and _populated()
        if exists and not reuse:
            conn.execute(f"DROP DATABASE {DB}")
        if not reuse:
            conn.execute(f"CREATE DATABASE {DB}")
    os.environ["DATABASE_URL"] = SERVER.rsplit("/", 1)[0] + "/" + DB
    os.environ.setdefault("GONGHUI_DATA_DIR", "/tmp/gonghui-bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    import django

    django.setup()
    if reuse:
        return
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", scale="province")
    print(f"demo province built in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
