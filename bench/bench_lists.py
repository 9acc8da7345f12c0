"""Every list at province scale (issue 13 item 4): page 1 and page 1,000 of each list.

    python bench/bench_lists.py                      # gonghui_bench_province, read only
    python bench/bench_lists.py --db lists4 --keep   # the small demo, in database lists4
    python bench/bench_lists.py --only rights --runs 11

Goal: every list page and every list API answers its first page and its 1,000th page in
< 200 ms p95, as the province's staff and as a county's (demo accounts `province` and
`heping`, 和平区总工会).

The lists are found, not listed: every page of the URLconf without an argument in its
path (as tests/test_outsiders.py walks them) that serves a `core.lists.ListSpec`, and
every API GET route without an id in its path that answers the page envelope
(`core.api.PageOutput`). Page 1,000 is reached as a user or a program reaches it:

* a page whose sort pages by key (`core.lists.keyset_key`): `?after=` the cursor of the
  49,950th row (found before timing, by an OFFSET over the same rows the page lists);
* a page whose sort does not: `?page=1000` (an OFFSET of 49,950 rows) — the list that
  needs a keyset-able sort and its index;
* an API route that pages by key (`core.keyset.KeysetPagination`): `after=` the id of
  the 49,950th row in id order; one that does not: the deepest offset it allows
  (`offset=9950`, core.api.MAX_PAGE_OFFSET), marked "offset".

A list with fewer rows than that is timed at its last page by the same means (the depth
column says which). Each URL is asked once to warm up, then `--runs` times; prints the
median, the p95, the queries of the last run, the status, the limit, the load average
(the machine is shared: figures move with it) and, for pages, whether the default sort
pages by key and reads ids first.

Nothing is written: the requests run in one transaction rolled back at the end, the
session is a signed cookie and logging in does not write `last_login`. Without `--keep`
(or when the database does not exist) `--db NAME` builds the small demo in the database
NAME first; the default database, gonghui_bench_province, is never built
nor written here (bench/province.py builds it).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
import warnings
from typing import Any

import psycopg

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PROVINCE_DB = "gonghui_bench_province"
LIMIT_MS = 200
DEPTH = 1000  # the page asked for
ACTORS = {"province": "province staff", "heping": "county staff (和平区)"}


def setup(db: str, keep: bool) -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if db == PROVINCE_DB:
            if not exists:
                sys.exit(f"{db} does not exist: build it with bench/province.py first")
            keep = True
        elif exists and not keep:
            conn.execute(f"DROP DATABASE {db}")
        if not exists or not keep:
            conn.execute(f"CREATE DATABASE {db}")
            keep = False
    os.environ["DATABASE_URL"] = SERVER.rsplit("/", 1)[0] + "/" + db
    # the key the database was built with (bench/province.py keeps it there)
    os.environ.setdefault(
        "GONGHUI_DATA_DIR", "/tmp/gonghui-bench" if db == PROVINCE_DB else f"/tmp/{db}"
    )
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    import django

    django.setup()
    if keep:
        return
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo")
    print(f"small demo built in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def load() -> str:
    """The 1-minute load average (2 cores shared with other work: figures move with it)."""
    return f"{os.getloadavg()[0]:.1f}"


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(client: Any, url: str, runs: int) -> tuple[list[float], int, int]:
    """Milliseconds of each run, the SQL queries of the last one, its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates, translations, the planner's caches
    ms = []
    status = queries = 0
    for _ in range(runs):
        with CaptureQueriesContext(connection) as captured:
            t = time.perf_counter()
            response = client.get(url)
            ms.append((time.perf_counter() - t) * 1000)
        status, queries = response.status_code, len(captured)
    return ms, queries, status


class Seen:
    """What a request listed: the ListSpec and its sorted rows (a page), or the rows a
    paginator was given (an API route)."""

    def __init__(self) -> None:
        self.spec: Any = None
        self.qs: Any = None
        self.params: Any = None
        self.api_qs: Any = None
        self.keyset_api = False

    def watch(self) -> None:
        from gonghui.core import keyset, lists

        seen = self
        queryset, paginate = lists.ListSpec.queryset, keyset.KeysetPagination.paginate_queryset

        def spec_queryset(spec: Any, actor: Any, filters: Any) -> Any:
            qs = queryset(spec, actor, filters)
            if seen.spec is None:
                seen.spec, seen.qs, seen.params = spec, qs, dict(filters)
            return qs

        def keyset_paginate(self: Any, qs: Any, pagination: Any, **kw: Any) -> Any:
            seen.api_qs, seen.keyset_api = qs, True
            return paginate(self, qs, pagination, **kw)

        lists.ListSpec.queryset = spec_queryset  # type: ignore[method-assign]
        keyset.KeysetPagination.paginate_queryset = keyset_paginate  # type: ignore[method-assign]

    def reset(self) -> None:
        self.__init__()  # type: ignore[misc]


def pages_and_routes() -> tuple[list[str], list[str]]:
    from django.urls import URLPattern, URLResolver, get_resolver

    from gonghui.core.api import api

    def walk(patterns: Any, prefix: str = "") -> Any:
        for p in patterns:
            if isinstance(p, URLResolver):
                yield from walk(p.url_patterns, prefix + str(p.pattern))
            elif isinstance(p, URLPattern):
                route = prefix + str(p.pattern)
                if (
                    "<" not in route
                    and "(?P" not in route
                    and not route.startswith(("api/", "admin/", "static/", "media/"))
                ):
                    yield "/" + route.lstrip("^").rstrip("$")

    pages = sorted(set(walk(get_resolver().url_patterns)))  # imports the URLconf: the routers
    routes = set()
    for prefix, router in api._routers:
        for path, view in router.path_operations.items():
            full = "/" + (prefix.strip("/") + "/" + path.lstrip("/")).strip("/")
            if "{" not in full and any("GET" in op.methods for op in view.operations):
                routes.add(full)
    return pages, sorted(routes)


def rows_up_to(qs: Any) -> int:
    """The rows of `qs`, counted up to one past page DEPTH's first row (a count of ten
    million members is not needed to find page 1,000, and takes seconds)."""
    from gonghui.core.lists import PAGE_SIZE

    bound = (DEPTH - 1) * PAGE_SIZE + 1
    return qs.order_by()[:bound].count()


def shown(rows: int) -> str:
    from gonghui.core.lists import PAGE_SIZE

    return f"≥{rows:,}" if rows > (DEPTH - 1) * PAGE_SIZE else f"{rows:,}"


def deep_page_url(url: str, seen: Seen, rows: int) -> tuple[str, str, bool]:
    """The URL of page DEPTH of the list page `url` (or its last), how deep it is, and
    whether it goes by key."""
    from gonghui.core.lists import PAGE_SIZE, cursor_of, keyset_key

    want = (DEPTH - 1) * PAGE_SIZE
    key = keyset_key(seen.qs.model, seen.spec.sort_of(seen.params))
    sep = "&" if "?" in url else "?"
    last = max(rows - 1, 0) // PAGE_SIZE * PAGE_SIZE  # the first row of the last page
    if key is not None:
        at = min(want, last) - 1  # the last row of the page before
        if at < 0:
            return url, "p1", True
        obj = seen.qs[at]
        from django.http import QueryDict

        q = QueryDict(mutable=True)
        q["after"] = cursor_of(obj, key)
        return f"{url}{sep}{q.urlencode()}", f"p{at // PAGE_SIZE + 2}", True
    page = min(DEPTH, last // PAGE_SIZE + 1)
    if page == 1:
        return url, "p1", False
    return f"{url}{sep}page={page}", f"p{page}#", False


def count_costs(actor: Any, runs: int) -> None:
    """The member register's count, as it was counted (COUNT over up to 10,001 rows, then
    the planner when that reached the limit) and as it is (the planner first, a count
    only below the limit): p95 of `runs` each."""
    from django.db import connections

    from gonghui.core import lists
    from gonghui.members.lists import MEMBERS

    qs = MEMBERS.queryset(actor, MEMBERS.read(QueryDictEmpty()))

    def before() -> tuple[int, bool]:
        limit = lists.EXACT_COUNT_LIMIT
        counted = qs.order_by()[: limit + 1].count()
        if counted <= limit:
            return counted, False
        return max(lists.planner_rows(qs), counted), True

    for name, how in (("count, then the planner", before), ("the planner first", None)):
        ms = []
        for _ in range(runs):
            t = time.perf_counter()
            result = how() if how else lists.bounded_count(qs)
            ms.append((time.perf_counter() - t) * 1000)
        assert connections[qs.db].vendor == "postgresql"
        print(
            f"  register count, {name:<26} {statistics.median(ms):7.1f}ms {p95(ms):7.1f}ms "
            f"-> {result[0]:,}{' (estimated)' if result[1] else ''}  load {load()}",
            flush=True,
        )


def QueryDictEmpty() -> Any:
    from django.http import QueryDict

    return QueryDict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=PROVINCE_DB)
    parser.add_argument("--keep", action="store_true", help="reuse a database built before")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", default="", help="only URLs containing this text")
    parser.add_argument("--actor", choices=sorted(ACTORS), action="append")
    args = parser.parse_args()
    db = args.db
    setup(db, args.keep)
    from django.contrib.auth import user_logged_in
    from django.contrib.auth.models import update_last_login
    from django.db import connection, transaction
    from django.test import Client, override_settings

    import gonghui.wsgi  # noqa: F401  # gc.freeze() as a server worker does (bench_dashboards)
    from gonghui.accounts.models import User
    from gonghui.core.api import MAX_PAGE_OFFSET
    from gonghui.core.lists import PAGE_SIZE, planner_rows
    from gonghui.members.models import Membership
    from gonghui.orgs.models import Organization

    logging.getLogger("django.request").setLevel(logging.ERROR)  # 405s of POST-only pages
    warnings.filterwarnings("ignore", message="No directory at")
    user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
    seen = Seen()
    seen.watch()
    pages, routes = pages_and_routes()
    pages = [u for u in pages if args.only in u]
    routes = [r for r in routes if args.only in "/api/v1" + r]
    print(
        f"{db}: about {planner_rows(Membership.objects.all()):,} memberships, "
        f"{planner_rows(Organization.objects.all()):,} organizations (the planner's "
        f"estimates); PostgreSQL {connection.pg_version}; "
        f"{args.runs} runs each; load average {load()}",
        flush=True,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT coalesce(last_analyze, last_autoanalyze) FROM pg_stat_user_tables "
            "WHERE relname = 'members_membership'"
        )
        analyzed = cursor.fetchone()
    if not analyzed or analyzed[0] is None:
        # A database still being built: no statistics, so plans no built one would get
        # (a province page 1 took > 27 s so, 2026-12-01). Build it to the end first.
        sys.exit("members_membership was never analyzed: is the database still being built?")
    failed = 0
    misses: list[str] = []
    header = (
        f"  {'list':<46} {'depth':>6} {'median':>8} {'p95':>8} {'limit':>6} {'SQL':>4} "
        f"{'st':>3}  {'load':>4}  note"
    )
    with override_settings(
        SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
        ALLOWED_HOSTS=["*"],
    ):
        with transaction.atomic():
            for username in args.actor or list(ACTORS):
                actor = User.objects.get(username=username)
                client = Client(
                    raise_request_exception=False,
                    HTTP_ACCEPT_LANGUAGE="zh-hans",
                    HTTP_HOST="localhost",
                )
                client.force_login(actor)
                print(f"\n{ACTORS[username]} ({username})\n{header}", flush=True)

                def row(
                    name: str, depth: str, url: str, note: str, client=client, username=username
                ) -> None:
                    nonlocal failed
                    ms, queries, status = timed(client, url, args.runs)
                    ok = p95(ms) < LIMIT_MS and status == 200
                    if not ok:
                        failed += 1
                        misses.append(f"{username} {name} {depth} ({status}, p95 {p95(ms):.0f} ms)")
                    print(
                        f"  {name[:46]:<46} {depth:>6} {statistics.median(ms):6.1f}ms "
                        f"{p95(ms):6.1f}ms {LIMIT_MS:4d}ms {queries:4d} {status:3d}  "
                        f"{load():>4}  {'' if ok else 'MISSES '}{note}",
                        flush=True,
                    )

                if not args.only or args.only in "/members/":
                    count_costs(actor, args.runs)
                for url in pages:
                    seen.reset()
                    first = client.get(url)
                    if first.status_code != 200 or seen.spec is None:
                        continue
                    spec = seen.spec
                    rows = rows_up_to(seen.qs)
                    deep, depth, by_key = deep_page_url(url, seen, rows)
                    shape = (
                        f"{spec.name}: {shown(rows)} rows; sort {spec.sort_of(seen.params).order_by}"
                        f"{' by key' if by_key else ' NOT by key'}"
                        f"{', ids first' if spec.ids_first else ''}"
                    )
                    row(url, "p1", url, shape)
                    if deep != url:
                        row(url, depth, deep, "by key" if by_key else "OFFSET")
                for route in routes:
                    seen.reset()
                    path = f"/api/v1{route}?limit={PAGE_SIZE}"
                    first = client.get(path)
                    body = (
                        first.json()
                        if first.headers.get("Content-Type", "").startswith("application/json")
                        else None
                    )
                    if first.status_code != 200 or not (
                        isinstance(body, dict) and "items" in body and "count" in body
                    ):
                        continue
                    row(f"API {route}", "p1", path, f"count {body['count']}")
                    probe = client.get(f"{path}&after=0")
                    if seen.keyset_api and probe.status_code == 200:
                        ids = seen.api_qs.order_by("pk").values_list("pk", flat=True)
                        n = rows_up_to(seen.api_qs)
                        last = max(n - 1, 0) // PAGE_SIZE * PAGE_SIZE
                        at = min((DEPTH - 1) * PAGE_SIZE, last) - 1
                        if at >= 0:
                            row(
                                f"API {route}",
                                f"p{at // PAGE_SIZE + 2}",
                                f"{path}&after={ids[at]}",
                                "by key",
                            )
                    else:
                        deepest = (MAX_PAGE_OFFSET // PAGE_SIZE - 1) * PAGE_SIZE
                        count = body["count"] or 0
                        offset = min(deepest, max(count - 1, 0) // PAGE_SIZE * PAGE_SIZE)
                        if offset == 0:
                            continue
                        row(f"API {route}", f"o{offset}", f"{path}&offset={offset}", "offset")
            transaction.set_rollback(True)
    print(f"\n{failed} over the limit (load average {load()})")
    for line in misses:
        print(f"  {line}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
