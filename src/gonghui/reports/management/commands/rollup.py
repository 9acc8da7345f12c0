"""`gonghui rollup`: count the figures of closed months and years into roll-ups."""

import time
from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from gonghui.core.progress import terminal_bar
from gonghui.reports import rollups
from gonghui.reports.selectors import FIRST_YEAR


class Command(BaseCommand):
    help = (
        "Count every figure of every federation for the closed months and years, so that "
        "dashboards and summaries of closed periods read them at once. "
        "统计已结束月份、年度的各项数据。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--year",
            type=int,
            action="append",
            help="year to count (repeatable); default: this year and last",
        )
        parser.add_argument(
            "--daily",
            action="store_true",
            help="keep running and count again every night at 02:00 (gonghui serve starts it so)",
        )
        parser.add_argument(
            "--recount-snapshots",
            action="store_true",
            help=(
                "count again the kept snapshots of closed periods too (stocks of the present "
                "state, as stations open): after a change of their definition"
            ),
        )

    def handle(self, *args, year, daily, recount_snapshots, **options):
        this_year = timezone.localdate().year
        if any(y < FIRST_YEAR or y > this_year for y in year or []):
            raise CommandError(f"years must be between {FIRST_YEAR} and {this_year}")
        self.recount_snapshots = recount_snapshots
        while daily:
            self._count(_recent_years())
            self.recount_snapshots = False  # once, at start: not every night
            time.sleep(_seconds_to_next_night())
        self._count(year or _recent_years())

    def _count(self, years: list[int]) -> None:
        for y in years:
            stored = rollups.refresh(
                y, progress=terminal_bar(self.stderr), recount_snapshots=self.recount_snapshots
            )
            self.stderr.write("")
            self.stdout.write(f"{y}: {stored} values")


def _recent_years() -> list[int]:
    """Last year (back-dated records still arrive in January) and this one."""
    this_year = timezone.localdate().year
    return [this_year - 1, this_year]


def _seconds_to_next_night() -> float:
    now = timezone.localtime()
    night = now.replace(hour=2, minute=0, second=0, microsecond=0)
    if night <= now:
        night += timedelta(days=1)
    return (night - now).total_seconds()
