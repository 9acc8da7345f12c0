"""The full figure set of a province for a closed year, at `province` scale.

    python bench/bench_figures.py [--keep] [--year 2022] [--runs 7]

On the province-scale database of bench/province.py: counts the roll-ups of the year (the
nightly background job; its time is printed), then times what a dashboard or the annual
summary asks for — `reports.selectors.figure_values` for the province and the year — and,
in the same run, the same aggregates as bare SQL: each figure's own query compiled by the
ORM and run as `SELECT count(*)` / `sum(...)` over it, with no roll-ups. Checks that both
give the same numbers. Goal (issue 5): median under 1 s.

    python bench/bench_figures.py --keep --year 2022 --stocks [--skip-refresh]

The stocks (figures that are not `additive`: members, unions, positions … on the period's
last day) of the province for the closed year, each counted live and timed, the slowest
first, beside the same values read from the roll-ups (when the year has them), and what
one step of the nightly job costs for the slowest (its grouped count over the whole tree).
`uptime`'s load average is printed beside each figure: the machine is shared.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date

import province


def load() -> str:
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def backend_cpu() -> float | None:
    """CPU seconds (user + system) of this connection's PostgreSQL backend so far, from
    /proc: what the database did, whatever the load. None when the server runs elsewhere."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def stocks(top, actor, period) -> None:
    """Each stock of the province for the closed year, live and from the roll-ups."""
    from gonghui.core.figures import REGISTRY
    from gonghui.reports import rollups, selectors

    figures = [f for f in REGISTRY.values() if not f.additive]
    print(f"\n{len(figures)} stocks of {top.name}, {period.start.year} ({load()})", flush=True)
    live: dict[str, tuple[float, int]] = {}
    started = time.perf_counter()
    for f in figures:
        t = time.perf_counter()
        value = f.value(top.path, period)
        live[f.key] = (time.perf_counter() - t, value)
    total = time.perf_counter() - started
    kept = rollups.stored([top.pk], period, [f.key for f in figures])
    served_ms = 0.0
    if kept:  # (without roll-ups the dashboard counts them all live, as above)
        t = time.perf_counter()
        assert len(selectors.values_of([top], figures, [period])) == len(figures)
        served_ms = (time.perf_counter() - t) * 1000
    slow = sorted(live.items(), key=lambda kv: -kv[1][0])
    for key, (seconds, value) in slow[:12]:
        print(f"  {key:<48} live {seconds * 1000:9.1f} ms  value {value:>12,}")
    print(f"  all {len(figures)} counted live one by one: {total:.1f} s  ({load()})")
    print(
        f"  kept in roll-ups: {len(kept)} of {len(figures)}; read with the rest "
        f"(reports.selectors.values_of): {served_ms:.1f} ms  ({load()})"
    )
    if kept:
        wrong = {
            k: (kept[top.pk, k], v)
            for k, (_s, v) in live.items()
            if (top.pk, k) in kept and kept[top.pk, k] != v
        }
        print(f"  roll-ups equal to the live counts: {'yes' if not wrong else wrong}")
    slowest = REGISTRY[slow[0][0]]
    if slowest.path_field:
        t = time.perf_counter()
        slowest.values_by_path(period)
        print(
            f"  one nightly step, {slowest.key} grouped over the whole tree for one period: "
            f"{time.perf_counter() - t:.1f} s (x 13 periods a year)  ({load()})",
            flush=True,
        )


def bare_sql(figure, path, period):
    """The figure's aggregate as one SQL statement, without the ORM's count()."""
    from django.db import connection

    rows = figure.records(path, period).order_by()
    if figure.sum_field is None:  # counted as Figure.value counts: distinct only if asked
        sql, params = rows.values_list("pk").query.sql_with_params()
        counted = "DISTINCT q.id" if rows.query.distinct else "*"
        sql = f"SELECT count({counted}) FROM ({sql}) AS q(id)"
    else:
        sql, params = rows.values_list(figure.sum_field).query.sql_with_params()
        sql = f"SELECT coalesce(sum(q.v), 0) FROM ({sql}) AS q(v)"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", action="store_true", help="reuse a database built before")
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--skip-refresh", action="store_true", help="use the roll-ups a previous run counted"
    )
    parser.add_argument("--stocks", action="store_true", help="time the stocks alone")
    args = parser.parse_args()

    province.setup(args.keep)
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.core.figures import REGISTRY, Period, Ratio
    from gonghui.orgs.models import Organization, OrgKind
    from gonghui.reports import rollups, selectors, summary

    period = Period(date(args.year, 1, 1), date(args.year, 12, 31))
    top = Organization.objects.get(kind=OrgKind.PROVINCIAL)
    actor = User.objects.get(username="province")

    if not args.skip_refresh:
        statements = [0]

        def counted(execute, sql, params, many, context):
            statements[0] += 1
            return execute(sql, params, many, context)

        cpu, t = backend_cpu(), time.perf_counter()
        with connection.execute_wrapper(counted):
            stored = rollups.refresh(args.year)
        refresh_s = time.perf_counter() - t
        after = backend_cpu()
        database = f"{after - cpu:.0f} s" if cpu is not None and after is not None else "?"
        print(
            f"roll-ups of {args.year}: {stored:,} values for {len(REGISTRY)} figures, "
            f"{refresh_s:.0f} s, {statements[0]:,} statements, PostgreSQL backend CPU "
            f"{database} (background job, nightly; {load()})",
            flush=True,
        )
    if args.stocks:
        stocks(top, actor, period)
        return

    served, served_ms = None, []
    for _ in range(args.runs):
        t = time.perf_counter()
        served = selectors.figure_values(actor=actor, org_id=top.pk, period=period)
        served_ms.append((time.perf_counter() - t) * 1000)
    bare, bare_ms = None, []
    for _ in range(max(1, args.runs // 2)):
        t = time.perf_counter()
        bare = {  # a rate is no bare aggregate: its own value (its parts' aggregates)
            key: f.value(top.path, period)
            if isinstance(f, Ratio)
            else bare_sql(f, top.path, period)
            for key, f in REGISTRY.items()
        }
        bare_ms.append((time.perf_counter() - t) * 1000)
    wrong = {k: (served[k], bare[k]) for k in bare if served[k] != bare[k]}
    t = time.perf_counter()
    text = summary.summary_compose(actor=actor, org_id=top.pk, year=args.year, lang="zh-hans")
    compose_s = time.perf_counter() - t

    med, bare_med = statistics.median(served_ms), statistics.median(bare_ms)
    print(
        f"\nfull figure set, {top.name}, closed year {args.year}, PostgreSQL "
        f"{connection.pg_version}, {len(REGISTRY)} figures "
        f"(members {served['members.total']:,}, positions {served['stations.total']:,})"
    )
    print(
        f"  served (roll-ups):         median {med:9.1f} ms over {args.runs} runs   "
        f"goal: < 1000 ms -> {'meets' if med < 1000 else 'MISSES'}  ({load()})"
    )
    print(
        f"  same aggregates, bare SQL: median {bare_med:9.1f} ms over {len(bare_ms)} runs  "
        f"({load()})"
    )
    print(f"  ratio bare SQL / served:   {bare_med / med:9.0f}x")
    print(f"  values equal: {'yes' if not wrong else wrong}")
    print(
        f"annual summary text of the province (zh-hans, {len(text['sections'])} sections) "
        f"written in {compose_s:.2f} s"
    )
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
