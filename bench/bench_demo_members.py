"""The members' part of the province demo, scaled down: how many µs a person it takes to
make people and memberships, and how that compares with the COPY of the same rows.

    DATABASE_URL=postgres://…/db python bench/bench_demo_members.py [--people 200000]

Runs on a database that holds the demo's organizations (`gonghui demo --scale small`, or
only its tree and accounts) and writes nothing that stays: everything is rolled back.
Three measures, each printed as wall µs a person, this process's CPU µs a person and the
PostgreSQL backend's CPU µs a person (from /proc: the server must be on this machine):

1. make: `members.demo.add_members` with its writes replaced by a count (Python only;
   run twice, the second with the names' pinyin cached as at province scale, where
   366,000 names recur among ten million people);
2. load: `add_members` itself inside `indexes_built_after(Person, Membership)`, as the
   demo command runs it, the index builds timed apart;
3. copy: the same rows read back, deleted and written again with `core.bulk.insert_rows`
   (the COPY alone: what the load would cost if making the rows were free).

At province scale (about 10 M people) a µs a person is 10 s.
"""

import argparse
import os
import time


def backend_cpu(pid: int) -> float:
    """CPU seconds (user + system) of a local PostgreSQL backend."""
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Clock:
    def __init__(self, pid: int):
        self.pid = pid

    def __enter__(self):
        self.wall, self.cpu, self.db = (
            time.perf_counter(),
            time.process_time(),
            backend_cpu(self.pid),
        )
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.wall
        self.cpu = time.process_time() - self.cpu
        self.db = backend_cpu(self.pid) - self.db

    def line(self, label: str, n: int) -> str:
        return (
            f"{label:<34} {n:>9,} rows  {self.wall / n * 1e6:7.1f} µs wall  "
            f"{self.cpu / n * 1e6:6.1f} µs Python  {self.db / n * 1e6:6.1f} µs PostgreSQL  "
            f"{n / self.wall:>9,.0f} rows/s"
        )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=200_000)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
    import django

    django.setup()
    from django.db import connection, transaction

    from gonghui.core.bulk import indexes_built_after, insert_rows
    from gonghui.members import demo
    from gonghui.members.models import Membership, Person
    from gonghui.orgs.models import Organization, OrgKind

    assert connection.vendor == "postgresql", "a PostgreSQL DATABASE_URL, please"
    unions = list(
        Organization.objects.filter(kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT])
        .select_related("enterprise")
        .order_by("pk")
    )
    assert unions, "no unions: run `gonghui demo --scale small` first"
    per_union = max(1, round(args.people / len(unions)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    print(f"{len(unions):,} unions, {per_union} people a union, load {os.getloadavg()}")

    def counted(_table, _columns, rows):
        return sum(1 for _row in rows)

    real = demo.insert_rows
    for run in ("make (pinyin cold)", "make (pinyin cached)"):
        demo.insert_rows = counted
        try:
            with Clock(pid) as clock:
                n = demo.add_members(per_union=per_union, unions=unions)
        finally:
            demo.insert_rows = real
        print(clock.line(run, n), flush=True)

    with transaction.atomic():
        first_person = (
            Person.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        with Clock(pid) as load, indexes_built_after(Person, Membership):
            with Clock(pid) as rows:
                n = demo.add_members(per_union=per_union, unions=unions)
        print(rows.line("load: make and COPY", n))
        print(f"{'load: then foreign keys and indexes':<34} {load.wall - rows.wall:.1f} s wall")
        print(load.line("load: in all", n), flush=True)

        person_rows = list(
            Person.objects.filter(pk__gte=first_person)
            .order_by("pk")
            .values_list(*demo.PERSON_COLUMNS)
        )
        member_rows = list(
            Membership.objects.filter(person_id__gte=first_person)
            .order_by("pk")
            .values_list(*demo.MEMBERSHIP_COLUMNS)
        )
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM members_membership WHERE person_id >= %s", [first_person])
            cursor.execute("DELETE FROM members_person WHERE id >= %s", [first_person])
        with indexes_built_after(Person, Membership), Clock(pid) as copy:
            insert_rows(Person._meta.db_table, demo.PERSON_COLUMNS, person_rows)
            insert_rows(Membership._meta.db_table, demo.MEMBERSHIP_COLUMNS, member_rows)
        print(copy.line("copy: the same rows (as the load)", n))
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
