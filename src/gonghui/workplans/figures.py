"""Work-plan figures (seed 000: ten tasks; seed 004: project and task lists)."""

from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, register

from .models import ProgressReport, Task
from .selectors import overdue_q

# Units, in the context "unit" (人 for people, not 人员).
REPORTS = pgettext_lazy("unit", "reports")
TASKS = pgettext_lazy("unit", "tasks")


def _tasks(path):
    return Task.objects.select_related("plan").filter(owner__path__startswith=path)


def _due(path, period):
    """Tasks whose deadline falls in the period."""
    return _tasks(path).filter(deadline__range=(period.start, period.end))


def _done(path, period):
    """Tasks done (a report said 100%) in the period."""
    return _tasks(path).filter(done_on__range=(period.start, period.end))


def _overdue(path, period):
    """Tasks whose deadline fell in the period and that are overdue today: past the
    deadline and not done (selectors.overdue_q: what the dashboard and the work-plan
    pages list)."""
    return _due(path, period).filter(overdue_q(timezone.localdate()))


def _done_late(path, period):
    """Tasks done in the period after their deadline (done, but not on time)."""
    return _done(path, period).filter(done_on__gt=F("deadline"))


def _reports(path, period):
    return ProgressReport.objects.select_related("task").filter(
        task__owner__path__startswith=path, reported_on__range=(period.start, period.end)
    )


register(
    Figure(
        "workplans.tasks_due",
        _("work-plan tasks due"),
        TASKS,
        _due,
        path_field="owner__path",
        additive=True,
    )
)
register(
    Figure(
        "workplans.tasks_done",
        _("work-plan tasks done"),
        TASKS,
        _done,
        path_field="owner__path",
        additive=True,
    )
)
register(
    Figure(
        "workplans.tasks_done_late",
        _("work-plan tasks done after their deadline"),
        TASKS,
        _done_late,
        path_field="owner__path",
        additive=True,
    )
)
register(
    Figure(
        "workplans.tasks_overdue",
        _("work-plan tasks past their deadline and not done"),
        TASKS,
        _overdue,
        path_field="owner__path",
        snapshot=True,  # overdue today: the roll-up counted after the period's end is kept
    )
)
register(
    Figure(
        "workplans.reports",
        _("progress reports filed"),
        REPORTS,
        _reports,
        path_field="task__owner__path",
        additive=True,
    )
)
