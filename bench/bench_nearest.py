"""Nearest 10 among 100,000 positions: median and p95 latency, and a brute-force scan.

    python bench/bench_nearest.py                 # PostgreSQL at DATABASE_URL (default below)
    python bench/bench_nearest.py --sqlite        # a temporary SQLite file instead

It creates a fresh database (gonghui_bench_nearest_<pid> on the PostgreSQL server of
DATABASE_URL), migrates it, writes the positions spread over Liaoning (about 150,000 km²,
so the density of a province-scale demo), runs the queries through
gonghui.stations.selectors.nearest exactly as the API does, checks a sample against a
brute-force distance sort of every position, prints the figures and drops the database.

Goal (issue 6): median under 5 ms for the nearest 10 among 100,000 positions.
"""

import argparse
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

GOAL_MEDIAN_MS = 5.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
LIAONING = (38.8, 43.4, 119.0, 125.7)  # lat, lat, lng, lng


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    mem = next(
        (
            int(line.split()[1])
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    return (
        f"{os.cpu_count()} CPU ({cpu}), {mem / 1024 / 1024:.0f} GiB RAM, "
        f"Python {platform.python_version()}, {date.today().isoformat()}"
    )


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def create_database(url: str) -> tuple[str, str]:
    """A fresh PostgreSQL database beside the one in url; returns (its url, its name)."""
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    name = f"gonghui_bench_nearest_{os.getpid()}"
    conninfo = dict(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname=cfg["NAME"],
    )
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    base = url.rsplit("/", 1)[0]
    return f"{base}/{name}", name


def drop_database(url: str, name: str) -> None:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    conninfo = dict(
        host=cfg["HOST"] or None,
        port=cfg["PORT"] or None,
        user=cfg["USER"] or None,
        password=cfg["PASSWORD"] or None,
        dbname=cfg["NAME"],
    )
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def fill(n: int, rng: random.Random) -> None:
    from django.db import connection
    from django.utils import timezone

    from gonghui.core.bulk import insert_rows, reset_sequence
    from gonghui.orgs.models import Organization
    from gonghui.stations.demo import AMENITY_COLUMNS, COLUMNS
    from gonghui.stations.models import Station

    province = Organization.objects.create(name="辽宁省总工会", kind="provincial", path="/1/")
    now = timezone.now()
    rows = []
    for i in range(1, n + 1):
        lat = rng.uniform(LIAONING[0], LIAONING[1])
        lng = rng.uniform(LIAONING[2], LIAONING[3])
        status = "open" if rng.random() < 0.95 else rng.choice(["suspended", "closed"])
        amenities = [rng.random() < p for p in (0.9, 0.5, 0.9, 0.4, 0.6, 0.2, 0.5)]
        hours = (
            '["08:00-20:00","08:00-20:00","08:00-20:00","08:00-20:00","08:00-20:00",'
            '"09:00-17:00",""]'
            if rng.random() < 0.5
            else '["00:00-24:00"' + ',"00:00-24:00"' * 6 + "]"
        )
        rows.append(
            (
                i,
                f"驿站{i}",
                "outdoor",
                province.pk,
                f"某路{i}号",
                None,
                lat,
                lng,
                hours,
                "[]",
                *amenities,
                "",
                "",
                status,
                1,
                now,
                now,
            )
        )
    insert_rows(Station._meta.db_table, COLUMNS, rows)
    reset_sequence(Station)
    assert len(AMENITY_COLUMNS) == 7
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Station._meta.db_table}")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def run(args) -> int:
    from django.db import connection

    from gonghui.stations import selectors

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    fill(args.positions, rng)
    print(
        f"database: {connection.vendor} {connection.pg_version if connection.vendor == 'postgresql' else ''}".rstrip()
        + f"; {args.positions:,} positions written in {time.perf_counter() - t0:.1f} s"
    )

    def point():
        return rng.uniform(LIAONING[0] + 0.2, LIAONING[1] - 0.2), rng.uniform(
            LIAONING[2] + 0.2, LIAONING[3] - 0.2
        )

    for _ in range(50):  # warm the connection, the plan and the caches
        selectors.nearest(*point(), 10)

    def measure(count, **filters):
        times, answers = [], []
        for _ in range(count):
            lat, lng = point()
            start = time.perf_counter()
            found = selectors.nearest(lat, lng, 10, **filters)
            times.append((time.perf_counter() - start) * 1000)
            answers.append(((lat, lng), [f.station.pk for f in found]))
        return times, answers

    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        times, answers = measure(args.queries)
    per_search = len(captured) / args.queries
    trips = []
    with connection.cursor() as cursor:
        for _ in range(args.queries):
            start = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchall()
            trips.append((time.perf_counter() - start) * 1000)
    median, p95 = statistics.median(times), percentile(times, 95)
    filtered, _ = measure(max(args.queries // 3, 1), amenities=["first_aid"], open_now=True)

    brute_times, mismatches = [], 0
    for (lat, lng), ids in answers[: args.brute]:
        start = time.perf_counter()
        reference = selectors.nearest_brute_force(lat, lng, 10)
        brute_times.append((time.perf_counter() - start) * 1000)
        mismatches += [pk for _d, pk in reference] != ids
    brute_median = statistics.median(brute_times)

    sql_times = []
    if connection.vendor == "postgresql":  # the whole table, exact distance, in the database
        sql = (
            "SELECT id FROM stations_station WHERE status = 'open' ORDER BY "
            "asin(sqrt(power(sin(radians(lat - %s) / 2), 2) + cos(radians(%s)) * "
            "cos(radians(lat)) * power(sin(radians(lng - %s) / 2), 2))), id LIMIT 10"
        )
        with connection.cursor() as cursor:
            for (lat, lng), _ids in answers[: args.brute]:
                start = time.perf_counter()
                cursor.execute(sql, [lat, lat, lng])
                cursor.fetchall()
                sql_times.append((time.perf_counter() - start) * 1000)

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"nearest 10 among {args.positions:,} positions, {args.queries} random queries:")
    print(
        f"  median {median:.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms "
        f"(goal: median under {GOAL_MEDIAN_MS:.0f} ms: "
        f"{'met' if median < GOAL_MEDIAN_MS else 'NOT MET'})"
    )
    print(
        f"  {per_search:.2f} SQL queries per search; one round trip (SELECT 1) takes "
        f"{statistics.median(trips):.2f} ms median here"
    )
    print(
        f"  with a rare amenity and 'open now' ({len(filtered)} queries): median "
        f"{statistics.median(filtered):.2f} ms, p95 {percentile(filtered, 95):.2f} ms"
    )
    print(
        f"brute force in Python (every open position read, exact distance, sorted; "
        f"{len(brute_times)} queries): "
        f"median {brute_median:.1f} ms; ratio {brute_median / median:.0f}x slower"
    )
    if sql_times:
        sql_median = statistics.median(sql_times)
        print(
            f"brute-force scan in SQL (every row, haversine, ORDER BY ... LIMIT 10; "
            f"{len(sql_times)} queries): median {sql_median:.1f} ms; ratio "
            f"{sql_median / median:.0f}x slower"
        )
    print(
        f"answers equal to the brute force: {len(brute_times) - mismatches} of {len(brute_times)}"
    )
    return 0 if mismatches == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file")
    parser.add_argument("--positions", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--brute", type=int, default=30, help="queries checked by brute force")
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    workdir = tempfile.mkdtemp(prefix="gonghui-bench-")
    os.environ["GONGHUI_DATA_DIR"] = workdir  # secrets of this throwaway instance
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    created = None
    if args.sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir}/bench.sqlite3"
    else:
        url = os.environ.get("DATABASE_URL") or DEFAULT_URL
        if not url.startswith("postgres"):
            parser.error("DATABASE_URL must name a PostgreSQL server, or pass --sqlite")
        bench_url, name = create_database(url)
        created = (url, name)
        os.environ["DATABASE_URL"] = bench_url
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        return run(args)
    finally:
        from django.db import connections

        connections.close_all()
        if created:
            drop_database(*created)
        subprocess.run(["rm", "-rf", workdir], check=False)


if __name__ == "__main__":
    sys.exit(main())
