"""What waits for a cadre in the work plans: tasks of their organizations past their
deadline and not done (core.todos; shown on the home page)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gonghui.core.todos import Todo, register

from .models import Task


def overdue_tasks(actor):
    """Tasks past their deadline and not done, of organizations the actor may report for."""
    today = timezone.localdate()
    return (
        Task.objects.visible_to(actor, write=True)
        .filter(deadline__lt=today, plan__year__lte=today.year)
        .exclude(done_on__lte=today)
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
