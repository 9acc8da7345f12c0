"""The case list of a province with 1,000,000 rights cases: its first page and a deep page.

    python bench/bench_rights.py                # PostgreSQL at DATABASE_URL (default below)
    python bench/bench_rights.py --cases 200000
    python bench/bench_rights.py --db bench_rights --keep   # build once, time again later

It creates a fresh database (gonghui_bench_rights_<pid>, or --db, on the PostgreSQL server
of DATABASE_URL), migrates it, writes a province of 14 cities, 100 counties and 2,000
grassroots unions with --cases cases spread over them and over three years, and times
what the list page does (rights.lists.CASES through core.lists: the count for the pager,
then one page of 50 rows with their unions and handlers) as the province's staff, newest
first, for page 1 and page 2,000, and for a county's staff. Goal (issue 16): each under
200 ms. "page by key" is the staff page since core.lists pages by key (page 1 numbered,
deeper pages reached by 下一页 with `?after=`); --offset also times the numbered page by
OFFSET that the page used before; --explain prints the plans of the page's queries.
"page (client)" and "API (client)" time the whole request through Django's test client
(middleware, view, template; no network): GET /rights/ (page 1, then `?after=`) and
GET /api/v1/rights/cases (`after`). --keep leaves the database in place and, when it
already holds cases, reuses it (new migrations are applied; --cases is then ignored).
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
from bench_nearest import drop_database, machine  # noqa: E402

GOAL_MS = 200.0
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def create_database(url: str, name: str, keep: bool) -> tuple[str, str]:
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
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (keep and exists):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    return f"{url.rsplit('/', 1)[0]}/{name}", name


def _org(name, kind, parent):
    from gonghui.orgs.models import Organization

    org = Organization.objects.create(name=name, kind=kind, path="/0/", parent=parent)
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    return org


def build(cases: int, rng: random.Random):
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.core import crypto
    from gonghui.core.bulk import insert_rows

    province = _org("辽宁省总工会", "provincial", None)
    unions, counties = [], []
    for c in range(14):
        city = _org(f"第{c + 1}市总工会", "city", province)
        for k in range(7 if c < 2 else 7 - (c % 2)):
            county = _org(f"第{c + 1}市第{k + 1}区总工会", "county", city)
            counties.append(county)
    counties = counties[:100]
    for county in counties:
        for g in range(20):
            unions.append(_org(f"{county.name}第{g + 1}基层工会", "grassroots", county).pk)
    unions += [c.pk for c in counties]
    staff = User.objects.create(username="province")
    staff.roles.create(kind="staff", organization=province)
    county_staff = User.objects.create(username="county")
    county_staff.roles.create(kind="staff", organization=counties[0])
    secret = crypto.encrypt("拖欠三个月工资")
    kinds = ["wage_arrears", "dismissal", "injury", "social_insurance", "overtime", "gig_platform"]
    start = date(2020, 1, 1)

    from gonghui.orgs.models import Organization

    paths = dict(Organization.objects.values_list("pk", "path"))

    def rows():
        for _n in range(cases):
            opened = start + timedelta(days=rng.randint(0, 1090))
            closed = rng.random() < 0.9
            union = rng.choice(unions)
            yield (
                union,
                paths[union],
                "职工",
                "",
                "",
                "某公司",
                rng.choice(kinds),
                "hotline",
                secret,
                1,
                100_000,
                50_000 if closed else 0,
                "mediation",
                "closed" if closed else "open",
                "mediated" if closed else "",
                "",
                opened,
                opened + timedelta(days=30),
                opened + timedelta(days=10) if closed else None,
                staff.pk,
                staff.pk,
                opened,
                opened,
            )

    columns = [
        "union_id",
        "union_path",
        "worker_name",
        "phone_cipher",
        "phone_last4",
        "employer",
        "kind",
        "channel",
        "description_cipher",
        "workers_involved",
        "amount_claimed",
        "amount_recovered",
        "stage",
        "status",
        "outcome",
        "outcome_note",
        "opened_on",
        "deadline",
        "closed_on",
        "opened_by_id",
        "handler_id",
        "created_at",
        "updated_at",
    ]
    insert_rows("rights_rightscase", columns, rows())
    with connection.cursor() as cursor:
        # What autovacuum does to a table after a load: statistics, and the visibility map
        # an index-only walk (the page's ids, core.lists.ids_first) needs to skip the heap.
        cursor.execute("VACUUM ANALYZE")
    return User.objects.get(pk=staff.pk), User.objects.get(pk=county_staff.pk)


def _cases(actor):
    from gonghui.rights.lists import CASES

    return CASES.queryset(
        actor, CASES.filters.model_validate({}).model_dump() | {"sort": "-opened"}
    )


def page(actor, number: int):
    """What the list page runs: core.lists' queryset, the pager's count (bounded:
    core.lists.Paginator, exact up to EXACT_COUNT_LIMIT rows, then the planner's
    estimate), one page."""
    from gonghui.core.lists import PAGE_SIZE, Paginator
    from gonghui.rights.lists import CASES

    p = Paginator(_cases(actor), PAGE_SIZE).get_page(number)
    return CASES.page_rows(p.object_list)


def key_page(actor, number: int):
    """What GET /api/v1/rights/cases?after=… runs (core.keyset.KeysetPagination): the
    page `number` of 50 rows by key, `after` being the key the previous page returned."""
    from gonghui.core.keyset import KeysetPagination

    after = _after(actor, number)
    pager = KeysetPagination()
    out = pager.paginate_queryset(
        _cases(actor), pager.Input(limit=50, offset=0, after=after), request=None
    )
    return out["items"]


_AFTER: dict[tuple[int, int], int] = {}
_CURSOR: dict[tuple[int, int], str] = {}


def staff_page(actor, number: int):
    """What the staff page /rights/ runs since it pages by key (core.lists): page 1 is a
    numbered page (the bounded count, 50 rows, the cursor of 下一页); page `number` > 1 is
    the page a user reaches by 下一页, `?after=` the cursor of the previous page's last
    row (found once, untimed)."""
    from gonghui.core import lists
    from gonghui.rights.lists import CASES

    key = lists.keyset_key(_cases(actor).model, CASES.sorts["-opened"])
    assert key is not None
    if number == 1:
        p = lists.Paginator(_cases(actor), lists.PAGE_SIZE, ids_first=CASES.ids_first)
        rows = list(p.get_page(1).object_list)
    else:
        after = _cursor(actor, number, key)
        rows = lists.key_page(_cases(actor), key, after=after, by_ids=CASES.ids_first).object_list
    if rows:
        lists.cursor_of(rows[-1], key)  # the 下一页 link
    return CASES.page_rows(rows)


_CLIENTS: dict = {}


def _client(actor):
    from django.test import Client

    if actor.pk not in _CLIENTS:
        client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_HOST="localhost")
        client.force_login(actor)
        _CLIENTS[actor.pk] = client
    return _CLIENTS[actor.pk]


def client_page(actor, number: int):
    """GET /rights/ as the staff member's browser asks it: page 1, or the page reached by
    下一页 (`?after=` the cursor of the previous page's last row)."""
    from gonghui.core import lists
    from gonghui.rights.lists import CASES

    url = "/rights/"
    if number > 1:
        key = lists.keyset_key(_cases(actor).model, CASES.sorts["-opened"])
        url += f"?after={_cursor(actor, number, key)}"
    response = _client(actor).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content


def client_api(actor, number: int):
    """GET /api/v1/rights/cases?after=… with the staff member's session."""
    url = "/api/v1/rights/cases"
    if number > 1:
        url += f"?after={_after(actor, number)}"
    response = _client(actor).get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.json()["items"]


def _cursor(actor, number: int, key) -> str:
    from gonghui.core import lists

    if (actor.pk, number) not in _CURSOR:
        last = _cases(actor)[(number - 1) * lists.PAGE_SIZE - 1]
        _CURSOR[actor.pk, number] = lists.cursor_of(last, key)
    return _CURSOR[actor.pk, number]


def explain(actor, number: int) -> str:
    """PostgreSQL's plan (EXPLAIN ANALYZE, BUFFERS) of the page's row query."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core import lists
    from gonghui.rights.lists import CASES
    from gonghui.rights.models import RightsCase

    key = lists.keyset_key(_cases(actor).model, CASES.sorts["-opened"])
    qs = _cases(actor)
    if number > 1:
        from gonghui.core.keyset import decode_cursor

        value, pk = decode_cursor(_cursor(actor, number, key), key[0])
        qs = qs.filter(lists._beyond(key[0], value, pk, lower=True))
    page = lists.ids_first(qs, 0, lists.PAGE_SIZE + 1) if CASES.ids_first else qs
    sql, params = page[: lists.PAGE_SIZE + 1].query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
        if number == 1:  # the numbered first page counts; a page by key does not
            # The count's SQL as Django sends it (select_related's joins are not in it).
            with CaptureQueriesContext(connection) as counted:
                lists.bounded_count(_cases(actor))
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + counted.captured_queries[0]["sql"])
            plan += "\n-- the pager's bounded count:\n" + "\n".join(r[0] for r in cursor.fetchall())
        if CASES.ids_first:
            sql, params = qs[: lists.PAGE_SIZE + 1].query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan += "\n-- the same rows read directly (not ids first):\n" + "\n".join(
                r[0] for r in cursor.fetchall()
            )
        if number == 1:
            # The same page as it was before the union's path was kept on the case row:
            # the scope filter through a join to the unions.
            path = actor.visible_paths()[0]
            before = (
                RightsCase.objects.filter(union__path__startswith=path)
                .select_related("union", "handler")
                .order_by("-opened_on", "-id")
            )
            sql, params = before[: lists.PAGE_SIZE + 1].query.sql_with_params()
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan += "\n-- before: the scope through a join to the unions:\n" + "\n".join(
                r[0] for r in cursor.fetchall()
            )
    return plan


def _after(actor, number: int) -> int:
    """The `after` a client holds when it asks for page `number` (found once, untimed)."""
    key = (actor.pk, number)
    if key not in _AFTER:
        ids = _cases(actor).order_by("pk").values_list("pk", flat=True)
        _AFTER[key] = ids[(number - 1) * 50 - 1] if number > 1 else 0
    return _AFTER[key]


def run(args) -> int:
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.rights.models import RightsCase

    rng = random.Random(args.seed)
    t = time.perf_counter()
    if args.keep and RightsCase.objects.exists():
        province_staff = User.objects.get(username="province")
        county_staff = User.objects.get(username="county")
        built = "reused"
    else:
        province_staff, county_staff = build(args.cases, rng)
        built = f"built in {time.perf_counter() - t:.0f} s"
    cases = RightsCase.objects.count()
    if args.build_only:
        print(f"{cases:,} cases, {built}")
        return 0
    print(
        f"\nrights case list: {cases:,} cases, {built}; PostgreSQL {connection.pg_version}; "
        f"{machine()}; load average {os.getloadavg()[0]:.1f}"
    )
    print(
        f"{'how':<15}{'actor':<16}{'page':>6}{'median ms':>11}{'p95 ms':>9}"
        f"   goal: < {GOAL_MS:.0f} ms"
    )
    worst = 0.0
    # Pages as deep at a smaller run as the sizes allow (2,000 and 100 at 1 M cases).
    deep = min(2000, cases // 50 // 2)
    county_deep = max(2, min(100, cases // 10_000))
    if args.explain:
        for label, actor, number in [
            ("province staff", province_staff, 1),
            ("county staff", county_staff, 1),
            ("county staff", county_staff, county_deep),
        ]:
            print(f"\n-- {label}, page {number}:\n{explain(actor, number)}\n", flush=True)
    hows = [
        ("page (client)", client_page),
        ("API (client)", client_api),
        ("page by key", staff_page),
        ("API by key", key_page),
    ]
    if args.offset:
        hows.insert(0, ("page (offset)", page))
    for how, run_page in hows:
        for label, actor, number in [
            ("province staff", province_staff, 1),
            ("province staff", province_staff, deep),
            ("county staff", county_staff, 1),
            ("county staff", county_staff, county_deep),
        ]:
            run_page(actor, number)  # warm the cache as a page in use is
            times = []
            for _n in range(args.repeat):
                t = time.perf_counter()
                rows = run_page(actor, number)
                times.append((time.perf_counter() - t) * 1000)
                assert rows, (label, number)
            med = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            worst = max(worst, med)
            print(f"{how:<15}{label:<16}{number:>6}{med:>11.1f}{p95:>9.1f}", flush=True)
    print(f"load average {os.getloadavg()[0]:.1f}")
    print(f"worst median {worst:.1f} ms: {'meets' if worst < GOAL_MS else 'MISSES'} the goal")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument(
        "--offset", action="store_true", help="also time the numbered page by OFFSET"
    )
    parser.add_argument("--explain", action="store_true", help="print the plans first")
    parser.add_argument(
        "--build-only", action="store_true", help="build (with --keep: for a later run), no timing"
    )
    parser.add_argument("--db", default=f"gonghui_bench_rights_{os.getpid()}")
    parser.add_argument(
        "--keep", action="store_true", help="keep the database; reuse it if it holds cases"
    )
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    workdir = tempfile.mkdtemp(prefix="gonghui-bench-")
    os.environ["GONGHUI_DATA_DIR"] = workdir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        parser.error("DATABASE_URL must name a PostgreSQL server")
    bench_url, name = create_database(url, args.db, args.keep)
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
        if not args.keep:
            drop_database(url, name)
        subprocess.run(["rm", "-rf", workdir], check=False)


if __name__ == "__main__":
    sys.exit(main())
