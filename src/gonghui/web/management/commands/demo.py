"""`gonghui demo --scale small|province`: load the demo province into an empty database."""

import time
from importlib import import_module

from django.core.management.base import BaseCommand, CommandError

from gonghui.orgs.demo import SCALES, DemoRefused, build, print_accounts

# Each capability adds its own demo records after the tree: `build_demo(scale, seed)`.
CAPABILITY_DEMOS = ["gonghui.members.demo", "gonghui.assistance.demo", "gonghui.campaigns.demo",
                    "gonghui.stations.demo", "gonghui.activities.demo", "gonghui.workplans.demo"]

STAGES = {"federations": "总工会和产业工会 federations and industry unions",
          "grassroots": "基层工会 grassroots unions",
          "accounts": "演示账号 demo accounts"}


class Command(BaseCommand):
    help = ("Load a seeded demo province (Liaoning) into an empty database. "
            "向空数据库载入演示数据（辽宁省）。")

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small",
                            help="small: ~1,000 grassroots unions; province: ~200,000")
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, scale, seed, **options):
        started = time.monotonic()
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
            counts = build(scale, seed=seed, progress=progress)
        except DemoRefused as exc:
            raise CommandError(str(exc)) from exc
        for module in CAPABILITY_DEMOS:
            self.stdout.write(f"  {module.split('.')[1]} …")
            counts.update(import_module(module).build_demo(scale, seed))
        summary = ", ".join(f"{kind} {n:,}" for kind, n in counts.items())
        self.stdout.write(self.style.SUCCESS(
            f"完成 done in {time.monotonic() - started:.1f} s: {summary}"))
        print_accounts(self.stdout)
