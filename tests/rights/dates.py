"""Days a test names relative to today, worked out when the test runs.

pytest collects every module (and builds every parametrize list) before it runs the
first test: a date taken then is yesterday's for a test run after midnight in Shanghai
(16:00 UTC). So a parametrized case names the day as `days_from_today(2)` and the test
reads it with `on_the_day(changes)`; a test body takes `date.today()` itself.
"""

from datetime import date, timedelta
from typing import Any


class DaysFromToday:
    def __init__(self, days: int) -> None:
        self.days = days

    def __repr__(self) -> str:  # the test id: today+2
        return f"today{self.days:+d}"

    def day(self) -> date:
        return date.today() + timedelta(days=self.days)


def days_from_today(days: int) -> DaysFromToday:
    return DaysFromToday(days)


def on_the_day(changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` with each DaysFromToday as the date it names now."""
    return {k: v.day() if isinstance(v, DaysFromToday) else v for k, v in changes.items()}
