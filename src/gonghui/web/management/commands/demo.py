"""`gonghui demo --scale small|province`: load the demo province into an empty database.

The one place that composes every capability's demo, so it lives in `web`, the package
above them all: a capability's demo may build on those below it, never call one above
(tests/test_architecture.py).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gonghui.accounts import demo as accounts_demo
from gonghui.activities import demo as activities_demo
from gonghui.assistance import demo as assistance_demo
from gonghui.campaigns import demo as campaigns_demo
from gonghui.communication import demo as communication_demo
from gonghui.competitions import demo as competitions_demo
from gonghui.core.bulk import analyze_changed
from gonghui.employment import demo as employment_demo
from gonghui.finance import demo as finance_demo
from gonghui.honours import demo as honours_demo
from gonghui.innovation import demo as innovation_demo
from gonghui.members import demo as members_demo
from gonghui.orgs.demo import SCALES, DemoRefused
from gonghui.outreach import demo as outreach_demo
from gonghui.rights import demo as rights_demo
from gonghui.rights import demo_democracy as rights_democracy_demo
from gonghui.stations import demo as stations_demo
from gonghui.welfare import demo as welfare_demo
from gonghui.workplans import demo as workplans_demo

# After the tree and its accounts, each capability adds its own demo records, in this
# order (campaigns pay beneficiaries picked from assistance's files): build_demo(scale, seed).
CAPABILITY_DEMOS = [
    members_demo,
    assistance_demo,
    campaigns_demo,
    finance_demo,
    stations_demo,
    employment_demo,
    activities_demo,
    communication_demo,
    honours_demo,
    workplans_demo,
    competitions_demo,
    innovation_demo,
    outreach_demo,
    rights_demo,
    rights_democracy_demo,
    welfare_demo,  # after honours: health checks for the model workers on its register
]

STAGES = {
    "federations": "总工会和产业工会 federations and industry unions",
    "grassroots": "基层工会 grassroots unions",
    "accounts": "演示账号 demo accounts",
}


def _took(wall: float, cpu: float) -> str:
    """Wall time, and this process's CPU time beside it: on a shared machine the wall
    time says more about the load than about the demo; the CPU time is the Python side
    (the database server's own work is not in it)."""
    return f"{time.monotonic() - wall:.1f} s, CPU {time.process_time() - cpu:.1f} s"


class Command(BaseCommand):
    help = (
        "Load a seeded demo province (Liaoning) into an empty database. "
        "向空数据库载入演示数据（辽宁省）。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=sorted(SCALES),
            default="small",
            help="small: ~1,000 grassroots unions; province: ~200,000",
        )
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, scale, seed, **options):
        started, started_cpu = time.monotonic(), time.process_time()
        shown = {"percent": -1}

        def progress(stage: str, done: int, total: int) -> None:
            if stage == "grassroots":
                # One line per tenth of the big stage.
                percent = done * 100 // total // 10 * 10
                if percent == shown["percent"]:
                    return
                shown["percent"] = percent
                self.stdout.write(f"  {STAGES[stage]}: {percent:3d}% ({done:,}/{total:,})")
            else:
                self.stdout.write(f"  {STAGES[stage]}: {done:,}")

        self.stdout.write(f"演示数据 demo province: scale={scale} seed={seed}")
        try:
            counts = accounts_demo.build(scale, seed=seed, progress=progress)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        analyze_changed()
        self.stdout.write(f"  ({_took(started, started_cpu)})")
        for module in CAPABILITY_DEMOS:
            # rights.demo -> "rights", rights.demo_democracy -> "rights democracy"
            part = module.__name__.split(".", 1)[1].replace(".demo_", " ").removesuffix(".demo")
            begun, begun_cpu = time.monotonic(), time.process_time()
            self.stdout.write(f"  {part} …")
            counts.update(module.build_demo(scale, seed))
            # The next part plans its queries over what this one loaded.
            analyze_changed()
            # Each part's time, so that an operator (and bench/RESULTS.md) sees where it goes.
            self.stdout.write(f"  {part}: {_took(begun, begun_cpu)}")
        if connection.vendor == "postgresql":
            # Bulk-loaded tables have no statistics until autovacuum comes round: the
            # planner then takes them for empty (one sheet query of a summary 3.6 s, not 0.3 s).
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        summary = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"完成 done in {_took(started, started_cpu)}: {summary}")
        )
        accounts_demo.print_accounts(self.stdout)
