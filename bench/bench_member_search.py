"""Member search at province scale: latency of the register's first page, and the
register's pages by key.

    python bench/bench_member_search.py [--queries 300] [--keep] [--members N] [--explain]

Without --members: builds (or, with --keep, reuses) the province-scale database of
bench/province.py (about 200,000 grassroots unions and 10 million members; an hour).
With --members N: a database of its own, `gonghui_bench_lists_members_<N>`, holding the
demo province's organizations and accounts (200,000 unions) and about N members spread
over them (members.demo.add_members), nothing else: 1,000,000 members build in minutes.

Times `MEMBERS.queryset(actor, {"q": q})[:20]` — the query the register page and the API
run under the default sort (a search in the order of the index it walks, members.lists)
— for searches by name, full pinyin, initials, member number and ID number, as a
province staff member and as a county's staff. Goal (issue 13 item 1): median < 20 ms,
p95 < 60 ms. Then the register as province staff by key (core.lists.key_page): its first
page and its 1,000th page (the cursor of the 49,950th row): p95 < 200 ms (issue 13 item 4).
--explain prints EXPLAIN ANALYZE of one search of each kind and of both pages.
"""

import argparse
import os
import random
import statistics
import sys
import time

import province


def setup_members(members: int, keep: bool) -> None:
    """The demo province's organizations and accounts, and about `members` members."""
    import psycopg

    db = f"gonghui_bench_lists_members_{members}"
    server = province.SERVER
    with psycopg.connect(server, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if exists and not keep:
            conn.execute(f"DROP DATABASE {db}")
        if not exists or not keep:
            conn.execute(f"CREATE DATABASE {db}")
            keep = False
    os.environ["DATABASE_URL"] = server.rsplit("/", 1)[0] + "/" + db
    os.environ.setdefault("GONGHUI_DATA_DIR", "/tmp/gonghui-bench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from gonghui.accounts import demo as accounts_demo
    from gonghui.members import demo as members_demo
    from gonghui.members.models import Membership
    from gonghui.orgs.models import Organization, OrgKind

    if keep and Membership.objects.exists():
        return
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    accounts_demo.build("province")
    unions = Organization.objects.filter(kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT]).count()
    built = members_demo.add_members(per_union=max(1, round(members / unions)))
    print(f"{unions:,} unions, {built:,} members built in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def explain(qs) -> str:
    from django.db import connection

    sql, params = qs.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="reuse a database built before")
    parser.add_argument("--members", type=int, help="a smaller province of about N members")
    parser.add_argument("--explain", action="store_true")
    args = parser.parse_args()

    if args.members:
        setup_members(args.members, args.keep)
    else:
        province.setup(args.keep)
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.core import crypto
    from gonghui.core.lists import PAGE_SIZE, cursor_of, key_page, keyset_key
    from gonghui.members.lists import MEMBERS
    from gonghui.members.models import Membership, Person
    from gonghui.orgs.models import Organization, OrgKind

    def search(actor, q):
        return MEMBERS.queryset(actor, {"q": q})

    members = Membership.objects.count()
    rng = random.Random(1)
    province_staff = User.objects.get(username="province")
    county = rng.choice(list(Organization.objects.filter(kind=OrgKind.COUNTY)))
    county_staff, _ = User.objects.get_or_create(username="bench-county")
    county_staff.roles.get_or_create(kind="staff", organization=county)
    county_staff = User.objects.get(pk=county_staff.pk)

    # Search terms drawn from real rows, so every query has answers to find.
    max_id = Person.objects.order_by("-pk").values_list("pk", flat=True).first()
    sample = []
    while len(sample) < args.queries:
        p = Person.objects.filter(pk=rng.randint(1, max_id)).first()
        if p:
            sample.append(p)
    local = list(
        Membership.objects.filter(union__path__startswith=county.path).select_related("person")[
            : args.queries
        ]
    )

    def terms(kind, people):
        for p in people:
            person = p.person if isinstance(p, Membership) else p
            if kind == "name (2 characters)":
                yield person.name[:2]
            elif kind == "full pinyin prefix":
                yield person.name_pinyin[:6]
            elif kind == "initials":
                yield person.name_initials
            elif kind == "member number":
                yield (p if isinstance(p, Membership) else person.memberships.first()).number
            else:
                yield crypto.decrypt(person.id_cipher)

    kinds = ["name (2 characters)", "full pinyin prefix", "initials", "member number", "ID number"]
    print(
        f"\nmember search, {members:,} members, PostgreSQL {connection.pg_version}, "
        f"{args.queries} queries each, first page of 20"
    )
    print(
        f"{'actor':<16}{'search by':<24}{'median ms':>10}{'p95 ms':>9}"
        "   goal: median < 20 ms, p95 < 60 ms"
    )
    misses = []
    for actor, label, people in [
        (province_staff, "province staff", sample),
        (county_staff, "county staff", local),
    ]:
        for kind in kinds:
            times = []
            for q in terms(kind, people):
                t = time.perf_counter()
                rows = list(search(actor, q)[:20])
                times.append((time.perf_counter() - t) * 1000)
                assert rows or actor is county_staff, (kind, q)
            med = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            if med >= 20 or p95 >= 60:
                misses.append(f"{label} {kind}")
            print(f"{label:<16}{kind:<24}{med:>10.2f}{p95:>9.2f}", flush=True)
            if args.explain:
                q = next(terms(kind, people))
                print(f"-- EXPLAIN {label}, q={q!r}\n{explain(search(actor, q)[:20])}\n")
    print("searches: " + (f"MISS {', '.join(misses)}" if misses else "all meet the goal"))

    # The register as province staff, by key: first page, and the 1,000th page.
    qs = MEMBERS.queryset(province_staff, {})
    key = keyset_key(qs.model, MEMBERS.sort_of({}))
    assert key is not None, "the register's default sort must page by key"
    deep_row = qs[999 * PAGE_SIZE - 1]
    deep = cursor_of(deep_row, key)
    print(f"\nregister by key, province staff, {PAGE_SIZE} rows   goal: p95 < 200 ms")
    for label, cursor in [("page 1", ""), ("page 1,000 (after=)", deep)]:
        times = []
        for _i in range(30):
            t = time.perf_counter()
            if cursor:
                rows = key_page(MEMBERS.queryset(province_staff, {}), key, after=cursor)
            else:  # the first page: numbered, as the page shows it (with its count)
                from gonghui.core.lists import Paginator

                page = Paginator(MEMBERS.queryset(province_staff, {}), PAGE_SIZE).page(1)
                rows = list(page.object_list)
                page.paginator.count  # noqa: B018 (the pager's count)
            times.append((time.perf_counter() - t) * 1000)
        med = statistics.median(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        verdict = "meets" if p95 < 200 else "MISSES"
        print(f"{label:<24}median {med:>8.2f} ms  p95 {p95:>8.2f} ms  {verdict}", flush=True)
    if args.explain:
        from django.db.models import Q

        name = key.path
        value = getattr(deep_row.person, key[0].attname)
        after = Q(**{f"{name}__gte": value}) & (Q(**{f"{name}__gt": value}) | Q(pk__gt=deep_row.pk))
        print(f"-- EXPLAIN page 1\n{explain(MEMBERS.queryset(province_staff, {})[:PAGE_SIZE])}")
        print(f"-- EXPLAIN page 1,000 by key\n{explain(qs.filter(after)[: PAGE_SIZE + 1])}")
    sys.exit(0)


if __name__ == "__main__":
    main()
