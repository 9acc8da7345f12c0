"""The competitions and innovation figures of a closed year: roll-ups against live counts.

    python bench/bench_competitions.py --sqlite /tmp/demo.sqlite3   # a database with the demo
    python bench/bench_competitions.py                              # PostgreSQL, bench/province.py

On a database holding the demo province (the small demo in SQLite, or the province-scale
database of bench/province.py with --keep semantics), counts the roll-ups of the year, then
times, for the province and for each of its cities (a dashboard's bar chart): the figures
under `competitions.` and `innovation.` counted live over the records, and the same figures
served through `reports.selectors.figure_values` (roll-ups for the closed year). Checks the
two give the same numbers. Goal: the served set under 1 s for the province (issue 14, as
bench_figures.py for the whole registry).
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

PREFIXES = ("competitions.", "innovation.")


def _setup(sqlite: str | None) -> None:
    if sqlite:
        os.environ["DATABASE_URL"] = f"sqlite:///{Path(sqlite).resolve()}"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gonghui.settings")
        import django

        django.setup()
        return
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import province

    province.setup(True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sqlite", help="a SQLite database that holds the demo")
    parser.add_argument("--year", type=int, default=2022)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    _setup(args.sqlite)

    from gonghui.accounts.models import User
    from gonghui.core.figures import REGISTRY, Period
    from gonghui.orgs.models import Organization, OrgKind
    from gonghui.reports import rollups, selectors

    period = Period(date(args.year, 1, 1), date(args.year, 12, 31))
    top = Organization.objects.get(kind=OrgKind.PROVINCIAL)
    cities = list(Organization.objects.filter(parent=top, kind=OrgKind.CITY).order_by("path"))
    actor = User.objects.get(username="province")
    keys = sorted(k for k in REGISTRY if k.startswith(PREFIXES))
    assert all(REGISTRY[k].path_field for k in keys), "every figure names its path_field"

    t = time.perf_counter()
    stored = rollups.refresh(args.year)
    print(f"roll-ups of {args.year}: {stored:,} values, {time.perf_counter() - t:.1f} s")

    def live(org):
        return {k: REGISTRY[k].value(org.path, period) for k in keys}

    def served(org):
        values = selectors.figure_values(actor=actor, org_id=org.pk, period=period)
        return {k: values[k] for k in keys}

    for label, fn in (("live counts", live), ("served (roll-ups)", served)):
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            fn(top)
            for city in cities:
                fn(city)
            times.append((time.perf_counter() - t) * 1000)
        print(
            f"  {label:18} province + {len(cities)} cities, {len(keys)} figures: "
            f"median {statistics.median(times):8.1f} ms over {args.runs} runs"
        )
    t = time.perf_counter()
    province_served = served(top)
    served_ms = (time.perf_counter() - t) * 1000
    wrong = {
        org.name: diff
        for org in [top, *cities]
        if (diff := {k: v for k, v in live(org).items() if served(org)[k] != v})
    }
    print(
        f"  served set of the province alone: {served_ms:.1f} ms (whole registry read) "
        f"goal < 1000 ms -> {'meets' if served_ms < 1000 else 'MISSES'}"
    )
    print(f"  values equal: {'yes' if not wrong else wrong}")
    print(
        "  e.g. "
        + ", ".join(
            f"{k.split('.', 1)[1]} {province_served[k]:,}"
            for k in ("competitions.enterprises", "competitions.workers", "innovation.revenue")
        )
    )
    sys.exit(1 if wrong else 0)


if __name__ == "__main__":
    main()
