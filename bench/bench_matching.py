"""Matching a job seeker to posts among 100,000 open posts: median and p95 latency.

    python bench/bench_matching.py                 # PostgreSQL at DATABASE_URL (default below)
    python bench/bench_matching.py --sqlite        # a temporary SQLite file instead

It creates a fresh database (gonghui_bench_matching_<pid> on the PostgreSQL server of
DATABASE_URL), migrates it, writes the posts of one province (a provincial federation and
its 14 city federations, every county of Liaoning as a place of work, 13 trades, pay
ranges of 2,000–10,000 yuan a month, nine in ten open), then matches random seekers
(one to three trades; a city, a county or anywhere in the province; a lowest pay) through
gonghui.employment.selectors.match_posts, the code path of the API's
GET /api/v1/employment/seekers/{id}/matches after its scoped look-up. A sample is checked
against a brute-force filter and sort of every open post in Python. Prints the figures and
drops the database.

Goal (issue 15): a seeker matched among 100,000 open posts in under 50 ms.
"""

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_nearest import drop_database, machine, percentile  # noqa: E402

GOAL_MS = 50.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"
COLUMNS = [
    "id",
    "union_id",
    "exhibitor_id",
    "employer_name",
    "title",
    "trade",
    "region_id",
    "pay_min",
    "pay_max",
    "headcount",
    "opened_on",
    "is_open",
    "created_by_id",
    "created_at",
]


def fill(n: int, rng: random.Random):
    from django.db import connection
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.core.bulk import insert_rows, reset_sequence
    from gonghui.employment.models import Post, Trade
    from gonghui.orgs.models import Organization, Region

    user = User.objects.create(username="bench")
    province = Organization.objects.create(
        name="辽宁省总工会", kind="provincial", path="/1/", region_id="210000"
    )
    cities = [
        Organization.objects.create(
            name=f"{r.name}总工会", kind="city", parent=province, path=f"/1/{i + 2}/", depth=1,
            region=r,
        )
        for i, r in enumerate(Region.objects.filter(code__startswith="21", level="city").order_by("code"))
    ]  # fmt: skip
    counties = list(
        Region.objects.filter(code__startswith="21", level="county").values_list("code", flat=True)
    )
    unions = [province.pk, *(c.pk for c in cities)]
    trades = Trade.values
    now = timezone.now()
    start = date(2022, 1, 1)

    n_open = n
    n += n // 10  # and a tenth as many closed posts beside them

    def rows():
        for i in range(1, n + 1):
            low = rng.randrange(200_000, 800_000, 10_000)
            yield (
                i,
                rng.choice(unions),
                None,
                f"企业{i}",
                f"岗位{i}",
                rng.choice(trades),
                rng.choice(counties),
                low,
                low + rng.randrange(0, 300_000, 10_000),
                rng.randint(1, 30),
                start + timedelta(days=rng.randint(0, 364)),
                i <= n_open,
                user.pk,
                now,
            )

    insert_rows(Post._meta.db_table, COLUMNS, rows())
    reset_sequence(Post)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return cities, counties


def seekers(count: int, cities, counties, rng: random.Random):
    from gonghui.employment.models import Seeker, Trade

    out = []
    for _ in range(count):
        city = rng.choice(cities)
        where = rng.random()
        region = (
            city.region_id
            if where < 0.5
            else rng.choice([c for c in counties if c.startswith(city.region_id[:4])] or counties)
            if where < 0.8
            else None
        )
        out.append(
            Seeker(
                union=city,
                name="求职者",
                group="changing_post",
                trades=rng.sample(Trade.values, rng.randint(1, 3)),
                region_id=region,
                pay_min=rng.choice([0, 300_000, 450_000, 600_000, 800_000]),
                registered_on=date(2022, 3, 1),
            )
        )
    return out


def brute_force(posts, seeker, limit):
    from gonghui.employment.selectors import region_prefix

    prefix = region_prefix(seeker.region_id) if seeker.region_id else ""
    found = [
        p
        for p in posts
        if (not seeker.trades or p[1] in seeker.trades)
        and p[2].startswith(prefix)
        and p[3] >= seeker.pay_min
    ]
    found.sort(key=lambda p: (-p[3], -p[4].toordinal(), -p[0]))
    return [p[0] for p in found[:limit]]


def run(args) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.employment import selectors
    from gonghui.employment.models import Post

    rng = random.Random(args.seed)
    t0 = time.perf_counter()
    cities, counties = fill(args.posts, rng)
    open_posts = Post.objects.filter(is_open=True).count()
    print(
        f"database: {connection.vendor}; {Post.objects.count():,} posts ({open_posts:,} open) written in "
        f"{time.perf_counter() - t0:.1f} s"
    )
    people = seekers(args.queries + 50, cities, counties, rng)
    for seeker in people[:50]:  # warm the connection, the plan and the caches
        selectors.match_posts(seeker)
    times, answers = [], []
    with CaptureQueriesContext(connection) as captured:
        for seeker in people[50:]:
            start = time.perf_counter()
            found = selectors.match_posts(seeker)
            times.append((time.perf_counter() - start) * 1000)
            answers.append((seeker, [p.pk for p in found]))
    per_match = len(captured) / len(times)
    median, p95 = statistics.median(times), percentile(times, 95)
    empty = sum(1 for _s, ids in answers if not ids)

    rows = list(
        Post.objects.filter(is_open=True).values_list(
            "pk", "trade", "region_id", "pay_max", "opened_on"
        )
    )
    mismatches, brute_times = 0, []
    for seeker, ids in answers[: args.brute]:
        start = time.perf_counter()
        reference = brute_force(rows, seeker, selectors.MATCH_LIMIT)
        brute_times.append((time.perf_counter() - start) * 1000)
        mismatches += reference != ids

    print(f"machine: {machine()}; load average {os.getloadavg()[0]:.1f} at the end")
    print(
        f"match a seeker (1-3 trades, a city, a county or the province, a lowest pay; top "
        f"{selectors.MATCH_LIMIT}) among {open_posts:,} open posts, {len(times)} seekers:"
    )
    print(
        f"  median {median:.2f} ms, p95 {p95:.2f} ms, max {max(times):.2f} ms "
        f"(goal: under {GOAL_MS:.0f} ms: {'met' if p95 < GOAL_MS else 'NOT MET'} at p95)"
    )
    print(f"  {per_match:.2f} SQL queries per match; {empty} seekers matched no post")
    print(
        f"brute force in Python over the open posts already in memory ({len(brute_times)} "
        f"seekers): median {statistics.median(brute_times):.1f} ms"
    )
    print(
        f"answers equal to the brute force: {len(brute_times) - mismatches} of {len(brute_times)}"
    )
    if args.slowest:
        ranked = sorted(zip(times, answers, strict=True), key=lambda t: -t[0])[: args.slowest]
        for ms, (seeker, _ids) in ranked:
            print(
                f"  slow: {ms:.1f} ms trades={seeker.trades} region={seeker.region_id} "
                f"pay_min={seeker.pay_min}"
            )
        print(selectors.match_query(ranked[0][1][0]).explain(analyze=True))
    return 0 if mismatches == 0 else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file")
    parser.add_argument("--posts", type=int, default=100_000, help="open posts")
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--brute", type=int, default=30, help="seekers checked by brute force")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--slowest", type=int, default=0, help="show the N slowest, explain one")
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
        bench_url, name = create_database_named(url, f"gonghui_bench_matching_{os.getpid()}")
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


def create_database_named(url: str, name: str) -> tuple[str, str]:
    import dj_database_url
    import psycopg

    cfg = dj_database_url.parse(url)
    conninfo = {
        "host": cfg["HOST"] or None,
        "port": cfg["PORT"] or None,
        "user": cfg["USER"] or None,
        "password": cfg["PASSWORD"] or None,
        "dbname": cfg["NAME"],
    }
    with psycopg.connect(**{k: v for k, v in conninfo.items() if v}, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    return f"{url.rsplit('/', 1)[0]}/{name}", name


if __name__ == "__main__":
    sys.exit(main())
