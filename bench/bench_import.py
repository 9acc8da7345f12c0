"""Member import at province scale, against the limits it should be compared with.

    python bench/bench_import.py --rows 1000000

Creates its own PostgreSQL database (gonghui_bench_import, or BENCH_DB_NAME, on the server
of DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres; created and dropped
from DATABASE_URL's own database), drops it at the end, and measures:

  (a) ours: gonghui.members.importer on a generated CSV of N valid rows (good_rows mode:
      every row read, checked, encrypted and written), rows/s and peak RSS;
  (b) the limit: PostgreSQL's own COPY of the very rows (a) wrote, people and memberships,
      every column, into the same empty tables with all their indexes and constraints,
      in one transaction; ours / COPY should be >= 0.5;
  (c) django-import-export importing the first --iex-rows of those people and memberships
      through plain ModelResources (its defaults: a look-up and a save() per row), given
      the already encrypted values; ours should be >= 20x faster.

With `--already N` the tables first hold N other people and memberships (another county's,
written as the demo writes them), and (a) and (b) run on top of them: the goal is a cost a
row that stays flat from an empty register to one of millions (compare the µs a row with
a run at --already 0).
"""

import argparse
import cProfile
import csv
import os
import pstats
import resource
import shutil
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from stdnum.cn import ric, uscc

# Two benchmarks on one server (people sharing a machine) each name their own database.
DB_NAME = os.environ.get("BENCH_DB_NAME", "gonghui_bench_import")
# Where CREATE and DROP DATABASE are sent: the database DATABASE_URL names, as given.
ADMIN_URL = os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
HEADER = [
    "姓名",
    "性别",
    "身份证号",
    "手机号",
    "学历",
    "政治面貌",
    "就业形式",
    "工作单位",
    "所在工会",
    "入会日期",
    "会员编号",
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖"
GIVEN = (
    "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红鹏飞辉建国文利浩宇亮波宁"
    "鑫斌晨琳雪梅婷晶颖佳欣怡轩博志海东兰凤新春阳光荣龙峰成俊德永庆林松柏云岩"
)
EDUCATION = ["初中", "高中", "中专", "大专", "本科", "研究生"]
POLITICAL = ["群众", "中共党员", "共青团员", "群众"]
WORK = ["常规就业", "常规就业", "外卖配送员", "快递员", "网约车司机", "货车司机"]
UNIONS = 50
# 沈阳市和平区 has had this division code since 1983 (stdnum's cn/loc.dat): births from then.
REGION, FIRST_BIRTH, BIRTH_DAYS = "210102", date(1983, 1, 1), 7300


def server_url(database: str) -> str:
    parts = urlsplit(
        os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"
    )
    return urlunsplit(parts._replace(path="/" + database))


def admin(sql: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(sql)


def generate(path: Path, n: int, credit_codes: list[str]) -> None:
    """N valid, distinct register rows; deterministic, about 0.15 M rows/s."""
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(HEADER)
        for i in range(n):
            birth = FIRST_BIRTH + timedelta(days=i % BIRTH_DAYS)
            seq = i // BIRTH_DAYS  # (birth, seq) is distinct for every i below 7.3 million
            body = f"{REGION}{birth:%Y%m%d}{seq:03d}"
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[i // len(SURNAMES) % len(GIVEN)]
            if i % 3:
                name += GIVEN[i // 7 % len(GIVEN)]
            writer.writerow(
                [
                    name,
                    "男" if seq % 2 else "女",
                    body + ric.calc_check_digit(body + "0"),
                    f"13{i:09d}",
                    EDUCATION[i % 6],
                    POLITICAL[i % 4],
                    WORK[i % 6],
                    f"沈阳测试企业{i % 997}有限公司",
                    credit_codes[i % UNIONS],
                    f"{birth.year + 18 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}",
                    "",
                ]
            )


def build_world():
    from gonghui.accounts.models import Role, RoleKind, User
    from gonghui.orgs.models import Organization, OrgKind, Region

    def org(name, kind, parent, region):
        o = Organization.objects.create(
            name=name,
            kind=kind,
            parent=parent,
            region_id=region,
            path=f"/tmp-{name}/",
            depth=parent.depth + 1 if parent else 0,
        )
        o.path = f"{parent.path if parent else '/'}{o.pk}/"
        o.save(update_fields=["path"])
        return o

    assert Region.objects.filter(code=REGION).exists()
    province = org("辽宁省总工会", OrgKind.PROVINCIAL, None, "210000")
    city = org("沈阳市总工会", OrgKind.CITY, province, "210100")
    county = org("和平区总工会", OrgKind.COUNTY, city, REGION)
    codes = []
    for k in range(UNIONS):
        body = f"81{REGION}{k + 1:09d}"
        code = body + uscc.calc_check_digit(body)
        union = org(f"和平区测试企业{k}工会委员会", OrgKind.GRASSROOTS, county, REGION)
        union.credit_code = code
        union.save(update_fields=["credit_code"])
        codes.append(code)
    staff = User.objects.create(username="bench_staff")
    Role.objects.create(user=staff, kind=RoleKind.FEDERATION_STAFF, organization=county)
    return staff, codes


def prefill(n: int) -> float:
    """N people and memberships of 沈河区 (other ID numbers than the file's) in 1,000 unions,
    as `gonghui demo` writes them; returns how many."""
    from django.db import connection

    from gonghui.core.bulk import indexes_built_after
    from gonghui.members.demo import add_members
    from gonghui.members.models import Membership, Person
    from gonghui.orgs.models import Organization, OrgKind

    start = time.perf_counter()
    county = Organization.objects.get(name="和平区总工会")
    unions = [
        Organization(
            name=f"沈河区预置企业{k}工会委员会",
            kind=OrgKind.GRASSROOTS,
            parent=county.parent,
            region_id="210103",
            path=f"/prefill-{k}/",
            depth=county.depth,
        )
        for k in range(1000)
    ]
    Organization.objects.bulk_create(unions)
    for union in Organization.objects.filter(name__startswith="沈河区预置企业"):
        Organization.objects.filter(pk=union.pk).update(path=f"{county.parent.path}{union.pk}/")
    unions = list(Organization.objects.filter(name__startswith="沈河区预置企业").order_by("pk"))
    with indexes_built_after(Person, Membership):
        added = add_members(per_union=n // len(unions), unions=unions)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(
        f"already in the tables: {added:,} people and memberships, written in "
        f"{time.perf_counter() - start:.0f} s"
    )
    return added


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def ours(staff, path: Path, n: int, profile: str | None) -> dict:
    from gonghui.members import importer

    marks: list[tuple[int, float]] = [(0, time.perf_counter())]

    def progress(done, total):
        marks.append((done, time.perf_counter()))
        print(f"\r  ours: {done}/{total}", end="", file=sys.stderr, flush=True)

    profiler = cProfile.Profile() if profile else None
    start = time.perf_counter()
    if profiler:
        profiler.enable()
    report = importer.import_members(actor=staff, path=path, mode="good_rows", progress=progress)
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - start
    print(file=sys.stderr)
    assert report.imported == n and not report.bad, (report.imported, report.bad[:5])
    if profiler:
        profiler.dump_stats(profile)
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    return {
        "seconds": seconds,
        "rows_per_s": n / seconds,
        "peak_rss_mb": peak_rss_mb(),
        "tenths": per_row_by_tenth(marks, n),
    }


def per_row_by_tenth(marks: list[tuple[int, float]], n: int) -> list[float]:
    """Microseconds a row in each tenth of the file, from the progress calls: how the cost
    of a row grows as the table fills (the goal: flat)."""
    tenths, (last_done, last_at) = [], marks[0]
    for done, at in marks[1:]:
        if done >= (len(tenths) + 1) * n / 10 and done > last_done:
            tenths.append((at - last_at) / (done - last_done) * 1e6)
            last_done, last_at = done, at
    return tenths


def copy_limit(folder: Path, n: int, first_person: int, first_membership: int) -> dict:
    """COPY the rows (a) wrote back into the tables without them (with the rows that were
    there before (a), if any), as PostgreSQL's own limit."""
    from django.db import connection, transaction

    tables = ["members_person", "members_membership"]
    first = {"members_person": first_person, "members_membership": first_membership}
    with connection.cursor() as cursor:
        raw = cursor.cursor
        for table in tables:
            with (
                open(folder / f"{table}.copy", "wb") as f,
                raw.copy(
                    f"COPY (SELECT * FROM {table} WHERE id >= {first[table]}) TO STDOUT"
                ) as copy,
            ):
                for block in copy:
                    f.write(block)
        if first_person == 1:
            cursor.execute("TRUNCATE members_membership, members_person CASCADE")
        else:
            cursor.execute("DELETE FROM members_membership WHERE id >= %s", [first_membership])
            cursor.execute("DELETE FROM members_person WHERE id >= %s", [first_person])
    if first_person != 1:
        with connection.cursor() as cursor:  # the deleted rows' index entries gone, as before (a)
            cursor.execute("VACUUM ANALYZE members_membership")
            cursor.execute("VACUUM ANALYZE members_person")
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            with (
                open(folder / f"{table}.copy", "rb") as f,
                cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy,
            ):
                while block := f.read(1 << 20):
                    copy.write(block)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "rows_per_s": n / seconds}


def django_import_export(folder: Path, n: int) -> dict | None:
    try:
        import tablib
        from import_export import resources
    except ImportError:
        print("  (c) skipped: pip install -e '.[bench]' for django-import-export")
        return None
    from django.db import connection

    from gonghui.members.models import Membership, Person

    class PersonResource(resources.ModelResource):
        class Meta:
            model = Person

    class MembershipResource(resources.ModelResource):
        class Meta:
            model = Membership

    def dataset(table, model):
        # The rows (a) wrote, as a CSV export of the model would carry them.
        with connection.cursor() as cursor:
            fields = [f.attname for f in model._meta.concrete_fields]
            names = [f.name for f in model._meta.concrete_fields]
            cursor.execute(f"SELECT {', '.join(fields)} FROM {table} ORDER BY id LIMIT %s", [n])
            data = tablib.Dataset(headers=names)
            for row in cursor.fetchall():
                data.append(["" if v is None else v for v in row])
        return data

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_membership, members_person CASCADE")
        # Refill from the COPY files so that the first n rows exist to export.
        for table in ["members_person", "members_membership"]:
            with (
                open(folder / f"{table}.copy", "rb") as f,
                cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy,
            ):
                while block := f.read(1 << 20):
                    copy.write(block)
    people, memberships = (
        dataset("members_person", Person),
        dataset("members_membership", Membership),
    )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE members_membership, members_person CASCADE")
    start = time.perf_counter()
    for resource_class, data in ((PersonResource, people), (MembershipResource, memberships)):
        result = resource_class().import_data(
            data, dry_run=False, raise_errors=True, use_transactions=True
        )
        assert not result.has_errors()
    seconds = time.perf_counter() - start
    assert Membership.objects.count() == n
    return {"seconds": seconds, "rows_per_s": n / seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument(
        "--iex-rows",
        type=int,
        default=100_000,
        help="rows for django-import-export (c); 0 skips it",
    )
    parser.add_argument("--profile", metavar="FILE", help="cProfile (a) into FILE, print top")
    parser.add_argument(
        "--already", type=int, default=0, help="people already in the tables before (a)"
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    os.environ["DATABASE_URL"] = server_url(DB_NAME)
    os.environ["GONGHUI_DATA_DIR"] = str(work)  # secrets and media of this run only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin(f"CREATE DATABASE {DB_NAME}")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        staff, codes = build_world()
        path = work / "register.csv"
        start = time.perf_counter()
        generate(path, args.rows, codes)
        print(
            f"generated {args.rows} rows ({path.stat().st_size / 2**20:.0f} MiB) in "
            f"{time.perf_counter() - start:.1f} s; baseline RSS {peak_rss_mb():.0f} MB"
        )

        already = prefill(args.already) if args.already else 0
        from gonghui.core.bulk import next_id
        from gonghui.members.models import Membership, Person

        first_person, first_membership = next_id(Person), next_id(Membership)
        a = ours(staff, path, args.rows, args.profile)
        print(
            f"(a) ours, validated import:   {a['rows_per_s']:>9,.0f} rows/s  "
            f"({a['seconds']:.1f} s), peak RSS {a['peak_rss_mb']:.0f} MB (limit 500 MB)"
        )
        print(
            "    µs a row by tenth of the file (rows already in the table grow from "
            f"{already:,} to {already + args.rows * 9 // 10:,}): "
            + ", ".join(f"{t:.0f}" for t in a["tenths"])
        )
        b = copy_limit(work, args.rows, first_person, first_membership)
        print(
            f"(b) PostgreSQL COPY limit:    {b['rows_per_s']:>9,.0f} rows/s  "
            f"({b['seconds']:.1f} s) people + memberships, same tables and indexes"
        )
        ratio = a["rows_per_s"] / b["rows_per_s"]
        print(
            f"    ours / COPY = {ratio:.2f} (goal >= 0.5: {'met' if ratio >= 0.5 else 'MISSED'})"
            f"; peak RSS goal < 500 MB: {'met' if a['peak_rss_mb'] < 500 else 'MISSED'}"
        )
        if args.iex_rows:
            c = django_import_export(work, min(args.iex_rows, args.rows))
            if c:
                speedup = a["rows_per_s"] / c["rows_per_s"]
                print(
                    f"(c) django-import-export:     {c['rows_per_s']:>9,.0f} rows/s  "
                    f"({c['seconds']:.1f} s for {min(args.iex_rows, args.rows)} rows)"
                )
                print(
                    f"    ours / django-import-export = {speedup:.1f}x "
                    f"(goal >= 20x: {'met' if speedup >= 20 else 'MISSED'})"
                )
        connection.close()
    finally:
        admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        shutil.rmtree(work)  # the generated register and dumps


if __name__ == "__main__":
    main()
