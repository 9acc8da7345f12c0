"""Every read of work plans, already restricted to the caller's subtrees, and what is late."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get

from .models import ProgressReport, SchedulePeriod, Task, TaskItem, WorkPlan

TASK_SORTS = {
    "number": ["-plan__year", "plan_id", "number"],
    "deadline": ["deadline", "plan_id", "number"],
    "-deadline": ["-deadline", "plan_id", "number"],
    "owner": ["owner__name_pinyin", "plan_id", "number"],
}
TASK_STATUSES = ("open", "done", "overdue")


def plan_list(
    *,
    actor: User,
    year: int | None = None,
    q: str = "",
    under_id: int | None = None,
    write: bool = False,
) -> QuerySet[WorkPlan]:
    qs = WorkPlan.objects.visible_to(actor, write=write).select_related("owner")
    if year:
        qs = qs.filter(year=year)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(owner__name__icontains=q.strip()))
    if under_id is not None:
        qs = qs.filter(owner__path__startswith=org_get(actor=actor, org_id=under_id).path)
    return qs.order_by("-year", "owner__path", "id")


def plan_get(*, actor: User, plan_id: int, write: bool = False) -> WorkPlan:
    return get_visible_or_404(
        WorkPlan.objects.select_related("owner"), actor, write=write, pk=plan_id
    )


# ---- done, open, overdue: decided here and nowhere else -----------------------------------
#
# A task (or sub-item) is done on a day when its done_on (the day a report said 100%) is
# on or before that day, whatever its deadline: a task done on time is done. It is
# overdue when its deadline has passed and it is not done. The work-plan pages, the
# API's status filter, the dashboard's late list (reports.selectors.dashboard_overdue),
# the to-do count and the annual-summary figures all ask these functions.


def _not_done_by(on: date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}done_on__isnull": True}) | Q(**{f"{prefix}done_on__gt": on})


def done_q(on: date, prefix: str = "") -> Q:
    """Done by `on` (a queryset filter; `prefix` e.g. "task__" for a related task)."""
    return Q(**{f"{prefix}done_on__lte": on})


def overdue_q(on: date, prefix: str = "") -> Q:
    """Past its deadline on `on` and not done by then."""
    return _not_done_by(on, prefix) & Q(**{f"{prefix}deadline__lt": on})


def done_by(task_or_item, on: date) -> bool:
    return task_or_item.done_on is not None and task_or_item.done_on <= on


def is_overdue(task_or_item, on: date) -> bool:
    """overdue_q for one record: a deadline before `on` and not done by then."""
    deadline = task_or_item.deadline
    return deadline is not None and deadline < on and not done_by(task_or_item, on)


def task_state(task_or_item, on: date) -> str:
    """ "done", "overdue" or "open" (not done, deadline not passed) on `on`."""
    if done_by(task_or_item, on):
        return "done"
    return "overdue" if is_overdue(task_or_item, on) else "open"


def task_list(
    *,
    actor: User,
    plan_id: int | None = None,
    year: int | None = None,
    under_id: int | None = None,
    status: str = "",
    on: date | None = None,
    q: str = "",
    sort: str = "number",
) -> QuerySet[Task]:
    """Tasks the actor sees: of their organizations' plans, or their organizations' own."""
    on = on or timezone.localdate()
    qs = Task.objects.visible_to(actor).select_related("plan__owner", "owner")
    if plan_id is not None:
        qs = qs.filter(plan_id=plan_id)
    if year:
        qs = qs.filter(plan__year=year)
    if under_id is not None:
        qs = qs.filter(owner__path__startswith=org_get(actor=actor, org_id=under_id).path)
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(description__icontains=q.strip()))
    if status == "done":
        qs = qs.filter(done_q(on))
    elif status == "open":
        qs = qs.filter(_not_done_by(on))
    elif status == "overdue":
        qs = qs.filter(overdue_q(on))
    return qs.order_by(*TASK_SORTS.get(sort, TASK_SORTS["number"]))


def task_get(*, actor: User, task_id: int, write: bool = False) -> Task:
    return get_visible_or_404(
        Task.objects.select_related("plan__owner", "owner"), actor, write=write, pk=task_id
    )


def item_get(
    *, actor: User, item_id: int, task_id: int | None = None, write: bool = False
) -> TaskItem:
    """A sub-item the actor sees (of the task `task_id`, when given)."""
    qs = TaskItem.objects.select_related("task__plan", "task__owner", "owner")
    if task_id is not None:
        qs = qs.filter(task_id=task_id)
    return get_visible_or_404(qs, actor, write=write, pk=item_id)


def latest_report(task: Task) -> ProgressReport | None:
    """The report of the latest period (from prefetched reports when there are any)."""
    return max(task.reports.all(), key=lambda r: r.period, default=None)


def percent_done(task: Task) -> int:
    report = latest_report(task)
    return report.percent if report else 0


# ---- the schedule -----------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodState:
    """One period of a task's schedule as it stood on a day."""

    period: SchedulePeriod
    state: str  # reported, missing, open (running or not yet due), future, not_needed
    report: ProgressReport | None = None


def period_states(task: Task, *, on: date | None = None) -> list[PeriodState]:
    """For each period of the plan: was the task's report due, and is it in?

    A report is expected for a period that has started by `on`, started by the task's
    deadline, and did not start after the task was done. It is missing once the period's
    due day has passed with no report filed by `on`.
    """
    on = on or timezone.localdate()
    reports = {r.period: r for r in task.reports.all() if r.reported_on <= on}
    states = []
    for period in task.plan.periods():
        report = reports.get(period.number)
        if report is not None:
            states.append(PeriodState(period, "reported", report))
        elif period.start > on:
            states.append(PeriodState(period, "future"))
        elif period.start > task.deadline or (
            task.done_on is not None and done_by(task, on) and task.done_on < period.start
        ):
            states.append(PeriodState(period, "not_needed"))
        elif period.due < on:
            states.append(PeriodState(period, "missing"))
        else:
            states.append(PeriodState(period, "open"))
    return states


# ---- what is late -----------------------------------------------------------------------


@dataclass(frozen=True)
class Overdue:
    """One late thing: a task past its deadline, a sub-item past its own, or a missing report."""

    kind: str  # "task", "item" or "report"
    task: Task
    due: date
    days: int  # days late on the day asked about
    item: TaskItem | None = None
    period: SchedulePeriod | None = None

    @property
    def owner(self) -> Organization:
        return self.item.owner if self.item is not None else self.task.owner

    @property
    def reason(self) -> str:
        if self.kind == "task":
            return _("task %(n)s is past its deadline and not done") % {"n": self.task.number}
        if self.kind == "item":
            assert self.item is not None  # an "item" gap names its sub-item
            return _("sub-item %(n)s.%(i)s is past its deadline and not done") % {
                "n": self.task.number,
                "i": self.item.number,
            }
        assert self.period is not None  # a "report" gap names its period
        return _("the report on task %(n)s for %(start)s to %(end)s is missing") % {
            "n": self.task.number,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
        }


def overdue(
    actor: User, *, on: date | None = None, plan_id: int | None = None, under_id: int | None = None
) -> list[Overdue]:
    """Everything late on `on` (default today) in the actor's subtree, longest late first.

    Tasks past their deadline and not done by then; sub-items past their own deadline
    whose task is still open; and, for tasks still open, each scheduled report that was
    due and was not filed. A dashboard calls this; so do the work-plan pages.
    """
    on = on or timezone.localdate()
    tasks = task_list(actor=actor, plan_id=plan_id, under_id=under_id, status="open", on=on)
    tasks = tasks.filter(plan__year__lte=on.year).prefetch_related("reports")
    late: list[Overdue] = []
    for task in tasks:
        if is_overdue(task, on):
            late.append(Overdue("task", task, task.deadline, (on - task.deadline).days))
        for state in period_states(task, on=on):
            if state.state == "missing":
                late.append(
                    Overdue(
                        "report",
                        task,
                        state.period.due,
                        (on - state.period.due).days,
                        period=state.period,
                    )
                )
    items = (
        TaskItem.objects.visible_to(actor)
        .select_related("task__plan__owner", "task__owner", "owner")
        .filter(overdue_q(on), _not_done_by(on, "task__"), task__plan__year__lte=on.year)
    )
    if plan_id is not None:
        items = items.filter(task__plan_id=plan_id)
    if under_id is not None:
        items = items.filter(owner__path__startswith=org_get(actor=actor, org_id=under_id).path)
    for item in items:
        assert item.deadline is not None  # the query asked for a deadline before `on`
        late.append(Overdue("item", item.task, item.deadline, (on - item.deadline).days, item=item))
    late.sort(key=lambda o: (o.due, o.task.plan_id, o.task.number, o.item.number if o.item else 0))
    return late
