"""Yearly work plans: numbered tasks with an owner, a deadline and sub-items, and progress
reported on a schedule (seed 000: ten tasks, "a schedule every two months"; seed 004:
project, responsibility and task lists).

A plan belongs to the organization that adopts it; each task and each sub-item to the
organization responsible for it, which may be the plan's owner or one below it. A task
is done when its latest progress report says 100%. Reports are due for each period of
the plan's schedule (every two months: January–February, March–April, ...), a set
number of days after the period ends.
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.scoping import ScopedManager


@dataclass(frozen=True)
class SchedulePeriod:
    number: int  # 1-based within the year
    start: date
    end: date
    due: date  # the report for this period is late after this day


class ReportEvery(models.IntegerChoices):
    MONTH = 1, _("every month")
    TWO_MONTHS = 2, _("every two months")
    QUARTER = 3, _("every quarter")
    HALF_YEAR = 6, _("every half year")


def schedule(year: int, every: int, due_days: int) -> list[SchedulePeriod]:
    """The reporting periods of a year: every two months gives six, the first Jan–Feb."""
    periods = []
    for number, first_month in enumerate(range(1, 13, every), start=1):
        last_month = first_month + every - 1
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        periods.append(
            SchedulePeriod(number, date(year, first_month, 1), end, end + timedelta(days=due_days))
        )
    return periods


class WorkPlan(models.Model):
    owner = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="work_plans",
        verbose_name=_("organization"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    # What an English summary prints for the title and the year's theme (seed 004: the
    # year's work under "建功‘十四五’、奋进新征程"); empty, the Chinese marked [zh].
    title_en = models.CharField(_("title in English"), max_length=300, blank=True)
    theme = models.CharField(
        _("theme of the year"),
        max_length=200,
        blank=True,
        help_text=_("The year's theme the summary opens with, as the federation words it."),
    )
    theme_en = models.CharField(_("theme of the year in English"), max_length=300, blank=True)
    report_every = models.PositiveSmallIntegerField(
        _("progress reported"), choices=ReportEvery.choices, default=ReportEvery.TWO_MONTHS
    )
    report_due_days = models.PositiveSmallIntegerField(
        _("days after each period for its report"), default=10
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["-year", "owner__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "year", "title"], name="workplans_plan_unique_title"
            )
        ]

    def __str__(self):
        return f"{self.year} {self.title}"

    def periods(self) -> list[SchedulePeriod]:
        return schedule(self.year, self.report_every, self.report_due_days)


class Task(models.Model):
    plan = models.ForeignKey(
        WorkPlan, models.PROTECT, related_name="tasks", verbose_name=_("work plan")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("task"), max_length=200)
    title_en = models.CharField(_("task in English"), max_length=300, blank=True)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="work_tasks",
        verbose_name=_("responsible organization"),
    )
    deadline = models.DateField(_("deadline"))
    # The day a report said 100%; empty while the task is open. Kept by the services.
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="workplans_task_unique_number")
        ]
        indexes = [models.Index(fields=["deadline"]), models.Index(fields=["done_on"])]

    def __str__(self):
        return f"{self.number}. {self.title}"


class TaskItem(models.Model):
    """A sub-item of a task, with its own owner and, if it has one, its own deadline."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="items", verbose_name=_("task"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("item"), max_length=300)
    owner = models.ForeignKey(
        "orgs.Organization",
        models.PROTECT,
        related_name="+",
        verbose_name=_("responsible organization"),
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("sub-item")
        verbose_name_plural = _("sub-items")
        ordering = ["task", "number"]
        constraints = [
            models.UniqueConstraint(fields=["task", "number"], name="workplans_item_unique_number")
        ]

    def __str__(self):
        return f"{self.task.number}.{self.number} {self.title}"

    @property
    def due(self) -> date:
        return self.deadline or self.task.deadline


class ProgressReport(models.Model):
    """Progress of one task in one period of its plan's schedule: one report per period."""

    task = models.ForeignKey(Task, models.CASCADE, related_name="reports", verbose_name=_("task"))
    period = models.PositiveSmallIntegerField(_("period"))
    percent = models.PositiveSmallIntegerField(_("percent done"))
    text = models.TextField(_("progress"))
    reported_on = models.DateField(_("reported on"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="+", verbose_name=_("reported by")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    scope_path_field = "task__owner__path"
    objects = ScopedManager()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["task", "period"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "period"], name="workplans_one_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(percent__lte=100), name="workplans_percent_at_most_100"
            ),
        ]

    def __str__(self):
        return f"{self.task} · {self.period}: {self.percent}%"
