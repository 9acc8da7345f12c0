"""What waits for a cadre in the work plans: tasks of their organizations past their
deadline and not done (core.todos; shown on the home page)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.todos import Todo, register

from .models import Task
from .selectors import overdue_q


def overdue_tasks(actor):
    """Tasks past their deadline and not done (selectors.overdue_q, as the work-plan
    pages and the dashboard), of organizations the actor may report for."""
    today = timezone.localdate()
    return Task.objects.visible_to(actor, write=True).filter(
        overdue_q(today), plan__year__lte=today.year
    )


register(
    Todo(
        "workplans.overdue",
        _("Work-plan tasks past their deadline"),
        waiting=overdue_tasks,
        since="deadline",
        url="/workplans/overdue/",
    )
)
