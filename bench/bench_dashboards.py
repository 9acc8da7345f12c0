"""Dashboards, overviews, lists and the annual summary job, as the server answers them.

    python bench/bench_dashboards.py [--db NAME] [--keep] [--year 2022] [--runs 15]

Builds `gonghui demo --scale small` (or `--scale province`) in its own PostgreSQL database
the first time (`--keep` reuses it), runs ANALYZE and counts the roll-ups of the closed
year, of the year before it (the summary's highlights compare with it: a server that ran
then has them) and of this year (the nightly job; its time is printed; `--refresh YEAR`
counts only the years named, `--skip-refresh` none). Then, signed in as the
province's staff through Django's test client (the whole view, templates included; no
network), times each page `--runs` times and prints the median, the p95, the SQL queries
and the limit (issue 13 items 3 and 4):

* the province's dashboard for the closed year (roll-ups only)       p95 < 300 ms
* the dashboard for this year (closed months + the open month live)   p95 < 1 s
* the member register, first page and page 100 (the deepest numbered page,
  core.lists.NUMBERED_PAGE_LIMIT: page 1,000 is refused now, deeper pages go by key); the
  members API at offset 9,950 (the deepest core.api.MAX_PAGE_OFFSET allows)
                                                                       p95 < 200 ms
* the records page behind members.total (the pager over every member) p95 < 200 ms
* a campaign's overview                                              p95 < 1 s
* the province's annual summary job for the closed year, in zh-hans, zh-hant and en
  (page content, Word and Excel), queued together   all three < 10 s
"""

import argparse
import os
import statistics
import sys
import time

import psycopg

SERVER = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def setup(db: str, keep: bool, scale: str) -> None:
    with psycopg.connect(SERVER, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [db]).fetchone()
        if exists and not keep:
            conn.execute(f"DROP DATABASE {db}")
        if not exists or not keep:
            conn.execute(f"CREATE DATABASE {db}")
            keep = False
    os.environ["DATABASE_URL"] = SERVER.rsplit("/", 1)[0] + "/" + db
    os.environ.setdefault("GONGHUI_DATA_DIR", f"/tmp/{db}")
    os.environ["DJANGO_SETTINGS_MODULE"] = "gonghui.settings"
    import django

    django.setup()
    if keep:
        return
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", scale=scale)
    print(f"demo ({scale}) built in {time.perf_counter() - started:.0f} s", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def load() -> str:
    """`uptime`'s load average (1, 5, 15 min): timings on a shared machine are noisy."""
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def timed(client, url: str, runs: int) -> tuple[list[float], int, int]:
    """Milliseconds of each run, the SQL queries of the last one, its status."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)  # warm: templates, translations, the planner's caches
    ms = []
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            t = time.perf_counter()
            response = client.get(url)
            ms.append((time.perf_counter() - t) * 1000)
    return ms, len(queries), response.status_code


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", default="gonghui_bench_dashboards")
    parser.add_argument("--keep", action="store_true", help="reuse a database built before")
    parser.add_argument("--scale", default="small", choices=["small", "province"])
    parser.add_argument("--year", type=int, default=2022, help="a closed year with data")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--skip-refresh", action="store_true", help="roll-ups already counted")
    parser.add_argument(
        "--refresh", type=int, action="append", help="count only these years' roll-ups"
    )
    args = parser.parse_args()
    setup(args.db, args.keep, args.scale)

    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from gonghui.accounts.models import User
    from gonghui.campaigns.models import Campaign
    from gonghui.members.models import Membership
    from gonghui.orgs.models import Organization, OrgKind
    from gonghui.reports import rollups, tasks
    from gonghui.reports.models import SummaryJob

    this_year = timezone.localdate().year
    if not args.skip_refresh:
        for year in args.refresh or (args.year - 1, args.year, this_year):
            t = time.perf_counter()
            stored = rollups.refresh(year)
            print(f"roll-ups of {year}: {stored:,} values in {time.perf_counter() - t:.0f} s "
                  f"(nightly background job; {load()})", flush=True)  # fmt: skip

    top = Organization.objects.get(kind=OrgKind.PROVINCIAL)
    actor = User.objects.get(username="province")
    # As a server worker: importing the WSGI module freezes what is loaded by then out of
    # the garbage collector's full passes (gonghui/wsgi.py); without it a page's p95 here
    # is the collector walking Django and the figures, which no worker does.
    import gonghui.wsgi  # noqa: F401

    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans", HTTP_HOST="localhost")
    client.force_login(actor)
    members = Membership.objects.count()
    campaign = Campaign.objects.order_by("pk").first()
    print(
        f"\n{top.name}: {members:,} memberships, {Organization.objects.count():,} "
        f"organizations; PostgreSQL {connection.pg_version}; {args.runs} runs each"
    )
    year_end = f"{args.year}-12-31"
    pages = [
        ("dashboard, closed year (roll-ups)", f"/reports/?org={top.pk}&year={args.year}", 300),
        ("dashboard, this year (months + open month)", f"/reports/?org={top.pk}", 1000),
        ("member register, page 1", "/members/", 200),
        ("member register, page 100 (deepest numbered)", "/members/?page=100", 200),
        ("members API, offset 9,950", "/api/v1/members?limit=50&offset=9950", 200),
        (
            "records behind members.total, page 1",
            f"/reports/records/?org={top.pk}&key=members.total&start={args.year}-01-01"
            f"&end={year_end}",
            200,
        ),
    ]
    if campaign is not None:
        pages.append(("campaign overview", f"/campaigns/{campaign.pk}/", 1000))
    failed = False
    print(f"  {'page':<44} {'median':>9} {'p95':>9} {'limit':>9} {'SQL':>5}  status")
    for name, url, limit in pages:
        ms, queries, status = timed(client, url, args.runs)
        ok = p95(ms) < limit and status == 200
        failed |= not ok
        print(
            f"  {name:<44} {statistics.median(ms):7.1f}ms {p95(ms):7.1f}ms {limit:7d}ms "
            f"{queries:5d}  {status} {'meets' if ok else 'MISSES'}  ({load()})",
            flush=True,
        )

    # As a requester asking for the three languages does: three jobs queued, then each
    # one's task run in turn (the first writes all three from one reading; the others
    # find theirs written).
    jobs = {
        language: SummaryJob.objects.create(
            org=top, year=args.year, language=language, created_by=actor, total=1
        )
        for language in ("zh-hans", "zh-hant", "en")
    }
    total = 0.0
    for language, job in jobs.items():
        t, cpu = time.perf_counter(), time.process_time()
        tasks.summary_job_run(job.pk)
        seconds = time.perf_counter() - t
        total += seconds
        job.refresh_from_db()
        # The CPU time of this process (Python, not PostgreSQL's): less at the mercy of the
        # machine's load than the wall time.
        print(
            f"  annual summary job, {language:<8} {seconds:6.2f} s, CPU here "
            f"{time.process_time() - cpu:6.2f} s  ({job.status}; {load()})",
            flush=True,
        )
        failed |= job.status != SummaryJob.Status.DONE
    print(
        f"  annual summary, three languages:   {total:6.2f} s   limit 10 s -> "
        f"{'meets' if total < 10 else 'MISSES'}  ({load()})"
    )
    failed |= total >= 10
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
