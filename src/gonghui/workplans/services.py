"""Every write about work plans: atomic, checked, audited.

Who may do what: the staff of the plan's organization (and above) write the plan and
its tasks; the staff of a task's responsible organization (and above) add its
sub-items and report its progress; the staff of a sub-item's organization mark it done.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.errors import ServiceError, from_validation_error
from gonghui.core.scoping import path_visible
from gonghui.orgs.models import Organization
from gonghui.orgs.services import writable_org

from . import selectors
from .models import ProgressReport, ReportEvery, Task, TaskItem, WorkPlan

PLAN_FIELDS = ["owner", "year", "title", "report_every", "report_due_days"]
TASK_FIELDS = ["number", "title", "description", "owner", "deadline"]
ITEM_FIELDS = ["number", "title", "owner", "deadline", "done_on"]
REPORT_FIELDS = ["period", "percent", "text"]
MAX_TEXT = 4000


def _today() -> date:
    return timezone.localdate()


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _validate(obj, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _active(org: Organization, field: str) -> Organization:
    if not org.is_active:
        raise ServiceError(_("This organization is no longer active."), field=field)
    return org


def _owner_under(actor, org_id: int, top: Organization, field: str) -> Organization:
    """An organization the actor may write to, inside `top`'s subtree."""
    org = _active(writable_org(actor, org_id, field), field)
    if not org.path.startswith(top.path):
        raise ServiceError(
            _("Choose %(top)s or an organization under it.") % {"top": top.name}, field=field
        )
    return org


def _in_year(day: date | None, plan: WorkPlan, field: str) -> None:
    if day is not None and day.year != plan.year:
        raise ServiceError(
            _("The deadline falls in the plan's year, %(year)s.") % {"year": plan.year}, field=field
        )


# ---- plans ------------------------------------------------------------------------------


def _check_plan(plan: WorkPlan) -> None:
    if not plan.title:
        raise ServiceError(_("Give the plan a title."), field="title")
    if not 2000 <= (plan.year or 0) <= 2100:
        raise ServiceError(_("Give the year as four digits, e.g. 2023."), field="year")
    if plan.report_every not in ReportEvery.values:
        raise ServiceError(
            _("Progress is reported every 1, 2, 3 or 6 months."), field="report_every"
        )
    if not 0 <= (plan.report_due_days or 0) <= 60:
        raise ServiceError(
            _("Reports are due between 0 and 60 days after each period."), field="report_due_days"
        )
    _validate(plan, ["owner", "created_by"])
    if (
        WorkPlan.objects.filter(owner=plan.owner, year=plan.year, title=plan.title)
        .exclude(pk=plan.pk)
        .exists()
    ):
        raise ServiceError(
            _("This organization already has a plan with this title for this year."),
            code="duplicate",
            field="title",
        )


@transaction.atomic
def plan_create(
    *,
    actor,
    owner_id: int,
    year: int,
    title: str,
    report_every: int = ReportEvery.TWO_MONTHS,
    report_due_days: int = 10,
    request=None,
) -> WorkPlan:
    owner = _active(writable_org(actor, owner_id, "owner_id"), "owner_id")
    plan = WorkPlan(
        owner=owner,
        year=year,
        title=_text(title),
        report_every=report_every,
        report_due_days=report_due_days,
        created_by=actor,
    )
    _check_plan(plan)
    plan.save()
    audit.record(
        actor=actor,
        action="create",
        obj=plan,
        org_path=owner.path,
        changes=audit.snapshot(plan, PLAN_FIELDS),
        ip=audit.client_ip(request),
    )
    return plan


@transaction.atomic
def plan_update(*, actor, plan_id: int, request=None, **changes) -> WorkPlan:
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, write=True)
    plan = WorkPlan.objects.select_for_update().select_related("owner").get(pk=plan.pk)
    before = audit.snapshot(plan, PLAN_FIELDS)
    for field, value in changes.items():
        if field == "title":
            plan.title = _text(value)
        elif field in {"report_every", "report_due_days"}:
            setattr(plan, field, value)
        elif field == "year":
            if value != plan.year and plan.tasks.exists():
                raise ServiceError(
                    _("The plan has tasks with deadlines in %(year)s: its year cannot change.")
                    % {"year": plan.year},
                    field="year",
                )
            plan.year = value
        else:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field}, field=field
            )
    _check_plan(plan)
    plan.save()
    change_set = audit.diff(before, audit.snapshot(plan, PLAN_FIELDS))
    if change_set:
        audit.record(
            actor=actor,
            action="update",
            obj=plan,
            org_path=plan.owner.path,
            changes=change_set,
            ip=audit.client_ip(request),
        )
    return plan


# ---- tasks ------------------------------------------------------------------------------


def _check_task(task: Task) -> None:
    if not task.title:
        raise ServiceError(_("Give the task a title."), field="title")
    if task.deadline is None:
        raise ServiceError(_("Give the task a deadline."), field="deadline")
    _in_year(task.deadline, task.plan, "deadline")
    if len(task.description) > MAX_TEXT:
        raise ServiceError(_("At most %(n)s characters.") % {"n": MAX_TEXT}, field="description")
    if not task.number or task.number < 1:
        raise ServiceError(_("Task numbers start at 1."), field="number")
    _validate(task, ["plan", "owner", "done_on"])
    if Task.objects.filter(plan=task.plan, number=task.number).exclude(pk=task.pk).exists():
        raise ServiceError(
            _("The plan already has a task number %(n)s.") % {"n": task.number},
            code="duplicate",
            field="number",
        )


@transaction.atomic
def task_create(
    *,
    actor,
    plan_id: int,
    title: str,
    owner_id: int,
    deadline: date,
    number: int | None = None,
    description: str = "",
    request=None,
) -> Task:
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, write=True)
    WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()  # numbers one at a time
    if number is None:
        number = (plan.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
    task = Task(
        plan=plan,
        number=number,
        title=_text(title),
        description=_text(description),
        owner=_owner_under(actor, owner_id, plan.owner, "owner_id"),
        deadline=deadline,
    )
    _check_task(task)
    task.save()
    audit.record(
        actor=actor,
        action="create",
        obj=task,
        org_path=task.owner.path,
        changes=audit.snapshot(task, TASK_FIELDS),
        ip=audit.client_ip(request),
    )
    return task


@transaction.atomic
def task_update(*, actor, task_id: int, request=None, **changes) -> Task:
    """Change a task's terms. Only its plan's organization may: the deadline is theirs."""
    task = selectors.task_get(actor=actor, task_id=task_id, write=True)
    if not path_visible(actor, task.plan.owner.path, write=True):
        raise ServiceError(
            _("Only %(org)s, whose plan this is, may change the task's terms.")
            % {"org": task.plan.owner.name},
            code="forbidden",
        )
    task = Task.objects.select_for_update().select_related("plan__owner", "owner").get(pk=task.pk)
    before = audit.snapshot(task, TASK_FIELDS)
    for field, value in changes.items():
        if field == "owner_id":
            task.owner = _owner_under(actor, value, task.plan.owner, "owner_id")
        elif field in {"title", "description"}:
            setattr(task, field, _text(value))
        elif field in {"deadline", "number"}:
            setattr(task, field, value)
        else:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field}, field=field
            )
    _check_task(task)
    for item in task.items.all():
        _check_item_deadline(item.deadline, task)
    task.save()
    change_set = audit.diff(before, audit.snapshot(task, TASK_FIELDS))
    if change_set:
        audit.record(
            actor=actor,
            action="update",
            obj=task,
            org_path=task.owner.path,
            changes=change_set,
            ip=audit.client_ip(request),
        )
    return task


# ---- sub-items --------------------------------------------------------------------------


def _check_item_deadline(deadline: date | None, task: Task, field: str = "deadline") -> None:
    if deadline is not None and deadline > task.deadline:
        raise ServiceError(
            _("A sub-item is due by its task's deadline, %(day)s.")
            % {"day": task.deadline.isoformat()},
            field=field,
        )


def _check_item(item: TaskItem) -> None:
    if not item.title:
        raise ServiceError(_("Give the sub-item a title."), field="title")
    _in_year(item.deadline, item.task.plan, "deadline")
    _check_item_deadline(item.deadline, item.task)
    if item.done_on is not None and item.done_on > _today():
        raise ServiceError(_("A sub-item cannot be done in the future."), field="done_on")
    _validate(item, ["task", "owner"])


@transaction.atomic
def item_create(
    *,
    actor,
    task_id: int,
    title: str,
    owner_id: int | None = None,
    deadline: date | None = None,
    request=None,
) -> TaskItem:
    task = selectors.task_get(actor=actor, task_id=task_id, write=True)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # numbers one at a time
    owner = (
        task.owner if owner_id is None else _owner_under(actor, owner_id, task.owner, "owner_id")
    )
    number = (task.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = TaskItem(task=task, number=number, title=_text(title), owner=owner, deadline=deadline)
    _check_item(item)
    item.save()
    audit.record(
        actor=actor,
        action="create",
        obj=item,
        org_path=owner.path,
        changes=audit.snapshot(item, ITEM_FIELDS),
        ip=audit.client_ip(request),
    )
    return item


@transaction.atomic
def item_update(*, actor, item_id: int, request=None, **changes) -> TaskItem:
    """Mark a sub-item done (done: true, on today) or reopen it; the task's side may also
    change its title, owner or deadline."""
    item = selectors.item_get(actor=actor, item_id=item_id, write=True)
    item = (
        TaskItem.objects.select_for_update()
        .select_related("task__plan", "task__owner", "owner")
        .get(pk=item.pk)
    )
    before = audit.snapshot(item, ITEM_FIELDS)
    for field, value in changes.items():
        if field == "done":
            item.done_on = (item.done_on or _today()) if value else None
        elif field in {"title", "owner_id", "deadline"}:
            # The terms of a sub-item are the task's to set, not the sub-item owner's.
            if not path_visible(actor, item.task.owner.path, write=True):
                raise ServiceError(
                    _("Only %(org)s, responsible for the task, may change the sub-item's terms.")
                    % {"org": item.task.owner.name},
                    code="forbidden",
                    field=field,
                )
            if field == "title":
                item.title = _text(value)
            elif field == "owner_id":
                item.owner = _owner_under(actor, value, item.task.owner, "owner_id")
            else:
                item.deadline = value
        else:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field}, field=field
            )
    _check_item(item)
    item.save()
    change_set = audit.diff(before, audit.snapshot(item, ITEM_FIELDS))
    if change_set:
        audit.record(
            actor=actor,
            action="update",
            obj=item,
            org_path=item.owner.path,
            changes=change_set,
            ip=audit.client_ip(request),
        )
    return item


# ---- progress ---------------------------------------------------------------------------


@transaction.atomic
def progress_report(
    *, actor, task_id: int, period: int, percent: int, text: str, request=None
) -> tuple[ProgressReport, bool]:
    """Report a task's progress for one period of its plan; a second report for the same
    period replaces the first. Returns the report and whether it is new.

    A report of 100% marks the task done (on the day it is filed); a later period's
    report below 100% opens it again.
    """
    task = selectors.task_get(actor=actor, task_id=task_id, write=True)
    task = Task.objects.select_for_update().select_related("plan", "owner").get(pk=task.pk)
    periods = {p.number: p for p in task.plan.periods()}
    today = _today()
    if period not in periods:
        raise ServiceError(
            _("The plan's periods are numbered 1 to %(n)s.") % {"n": len(periods)}, field="period"
        )
    if periods[period].start > today:
        raise ServiceError(
            _("This period has not started yet: report on it once it has."), field="period"
        )
    if isinstance(percent, bool) or not isinstance(percent, int) or not 0 <= percent <= 100:
        raise ServiceError(
            _("The percentage done is a whole number from 0 to 100."), field="percent"
        )
    text = _text(text)
    if not text:
        raise ServiceError(_("Say what was done in this period."), field="text")
    if len(text) > MAX_TEXT:
        raise ServiceError(_("At most %(n)s characters.") % {"n": MAX_TEXT}, field="text")
    report = ProgressReport.objects.filter(task=task, period=period).first()
    created = report is None
    before: dict = {}
    if report is None:
        # reported_on: the day of the first report for the period, what "on time" is judged by
        report = ProgressReport(task=task, period=period, reported_by=actor, reported_on=today)
    else:
        before = audit.snapshot(report, REPORT_FIELDS)
    report.percent, report.text, report.reported_by = percent, text, actor
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError as exc:  # the same period reported at the same moment
        raise ServiceError(
            _("This period was reported at the same moment by someone else; reload and try again."),
            code="conflict",
            field="period",
        ) from exc
    latest = task.reports.order_by("-period").first()
    done_on = (task.done_on or today) if latest and latest.percent == 100 else None
    if done_on != task.done_on:
        task.done_on = done_on
        task.save(update_fields=["done_on", "updated_at"])
    changes = (
        audit.snapshot(report, REPORT_FIELDS)
        if created
        else audit.diff(before, audit.snapshot(report, REPORT_FIELDS))
    )
    audit.record(
        actor=actor,
        action="report" if created else "update_report",
        obj=task,
        org_path=task.owner.path,
        changes={**changes, "done_on": str(task.done_on)},
        ip=audit.client_ip(request),
    )
    return report, created
