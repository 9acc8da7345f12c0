"""Member search at province scale: median latency of the register's first page.

    python bench/bench_member_search.py [--queries 300] [--keep]

Builds (or, with --keep, reuses) the province-scale database of bench/province.py (about
200,000 grassroots unions and 10 million members), then times `members.selectors.member_list(...)[:20]` — exactly what the register page and the
API run — for searches by name, full pinyin, initials, member number and ID number, as a
province staff member and as a county's staff. Goal (issue 3): median under 20 ms.
"""

import argparse
import random
import statistics
import sys
import time

import province


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--keep", action="store_true", help="reuse a database built before")
    args = parser.parse_args()

    province.setup(args.keep)
    from django.db import connection

    from gonghui.accounts.models import User
    from gonghui.core import crypto
    from gonghui.members.models import Membership, Person
    from gonghui.members.selectors import member_list
    from gonghui.orgs.models import Organization, OrgKind

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
    print(f"{'actor':<16}{'search by':<24}{'median ms':>10}{'p95 ms':>9}   goal: median < 20 ms")
    medians = []
    for actor, label, people in [
        (province_staff, "province staff", sample),
        (county_staff, "county staff", local),
    ]:
        for kind in kinds:
            times = []
            for q in terms(kind, people):
                t = time.perf_counter()
                rows = list(member_list(actor=actor, q=q)[:20])
                times.append((time.perf_counter() - t) * 1000)
                assert rows or actor is county_staff, (kind, q)
            med = statistics.median(times)
            p95 = statistics.quantiles(times, n=20)[-1]
            medians.append(med)
            print(f"{label:<16}{kind:<24}{med:>10.2f}{p95:>9.2f}", flush=True)
    worst = max(medians)
    print(f"worst median {worst:.2f} ms: {'meets' if worst < 20 else 'MISSES'} the 20 ms goal")
    sys.exit(0)


if __name__ == "__main__":
    main()
