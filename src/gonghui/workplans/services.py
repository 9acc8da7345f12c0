"""Every write about work plans: atomic, checked, audited.

Who may do what: the staff of the plan's organization (and above) write the plan and
its tasks; the staff of a task's responsible organization (and above) add its
sub-items and report its progress; the staff of a sub-item's organization mark it done.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Model
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import ServiceError, from_validation_error
from gonghui.core.scoping import path_visible
from gonghui.core.updates import audited_update
from gonghui.orgs.models import Organization
from gonghui.orgs.services import writable_org

from . import selectors
from .codes import Action, Code
from .models import ProgressReport, ReportEvery, Task, TaskItem, WorkPlan

PLAN_FIELDS = [
    "owner",
    "year",
    "title",
    "title_en",
    "theme",
    "theme_en",
    "report_every",
    "report_due_days",
]
TASK_FIELDS = ["number", "title", "title_en", "description", "owner", "deadline"]
ITEM_FIELDS = ["number", "title", "owner", "deadline", "done_on"]
REPORT_FIELDS = ["period", "percent", "text"]
MAX_TEXT = 4000
# The terms of a sub-item are the task's to set, not the sub-item owner's.
ITEM_TERMS = ("title", "owner_id", "deadline")


def _validate(obj: Model, exclude: list[str]) -> None:
    try:
        obj.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _title(value: Any) -> str:
    """A title; an empty one is refused by the record's check, in its own words."""
    return cleaning.text(value, field="title")


def _english(field: str, model: type[Model]) -> Callable[[Any], str]:
    """An optional English text beside a Chinese one: no Chinese in it (core.cleaning)."""
    max_length = getattr(model._meta.get_field(field), "max_length", None)
    return lambda value: cleaning.english(value, field=field, max_length=max_length)


def _theme(value: Any) -> str:
    return cleaning.text(
        value, field="theme", max_length=WorkPlan._meta.get_field("theme").max_length
    )


def _description(value: Any) -> str:
    return cleaning.text(value, field="description", max_length=MAX_TEXT)


def _active(org: Organization, field: str) -> Organization:
    if not org.is_active:
        raise ServiceError(_("This organization is no longer active."), field=field)
    return org


def _owner_under(actor: User, org_id: int, top: Organization, field: str) -> Organization:
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
            code=Code.DUPLICATE,
            field="title",
        )


@transaction.atomic(durable=True)
def plan_create(
    *,
    actor: User,
    owner_id: int,
    year: int,
    title: str,
    report_every: int = ReportEvery.TWO_MONTHS,
    report_due_days: int = 10,
    title_en: str = "",
    theme: str = "",
    theme_en: str = "",
) -> WorkPlan:
    owner = _active(writable_org(actor, owner_id, "owner_id"), "owner_id")
    plan = WorkPlan(
        owner=owner,
        year=year,
        title=_title(title),
        title_en=_english("title_en", WorkPlan)(title_en),
        theme=_theme(theme),
        theme_en=_english("theme_en", WorkPlan)(theme_en),
        report_every=report_every,
        report_due_days=report_due_days,
        created_by=actor,
    )
    _check_plan(plan)
    plan.save()
    audit.record(
        actor=actor, action=Action.CREATE, obj=plan, changes=audit.snapshot(plan, PLAN_FIELDS)
    )
    return plan


@transaction.atomic(durable=True)
def plan_update(*, actor: User, plan_id: int, **changes: Any) -> WorkPlan:
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, write=True)
    plan = WorkPlan.objects.select_for_update().select_related("owner").get(pk=plan.pk)

    def year(value: Any) -> Any:
        if value != plan.year and plan.tasks.exists():
            raise ServiceError(
                _("The plan has tasks with deadlines in %(year)s: its year cannot change.")
                % {"year": plan.year},
                field="year",
            )
        return value

    audited_update(
        plan,
        changes,
        actor=actor,
        editable={
            "title": _title,
            "title_en": _english("title_en", WorkPlan),
            "theme": _theme,
            "theme_en": _english("theme_en", WorkPlan),
            "year": year,
            "report_every": None,
            "report_due_days": None,
        },
        audit_fields=PLAN_FIELDS,
        check=_check_plan,
        action=Action.UPDATE,
    )
    return plan


# ---- tasks ------------------------------------------------------------------------------


def _check_task(task: Task) -> None:
    if not task.title:
        raise ServiceError(_("Give the task a title."), field="title")
    if task.deadline is None:
        raise ServiceError(_("Give the task a deadline."), field="deadline")
    _in_year(task.deadline, task.plan, "deadline")
    if not task.number or task.number < 1:
        raise ServiceError(_("Task numbers start at 1."), field="number")
    _validate(task, ["plan", "owner", "done_on"])
    if Task.objects.filter(plan=task.plan, number=task.number).exclude(pk=task.pk).exists():
        raise ServiceError(
            _("The plan already has a task number %(n)s.") % {"n": task.number},
            code=Code.DUPLICATE,
            field="number",
        )


@transaction.atomic(durable=True)
def task_create(
    *,
    actor: User,
    plan_id: int,
    title: str,
    owner_id: int,
    deadline: date,
    number: int | None = None,
    description: str = "",
    title_en: str = "",
) -> Task:
    plan = selectors.plan_get(actor=actor, plan_id=plan_id, write=True)
    WorkPlan.objects.select_for_update().filter(pk=plan.pk).first()  # numbers one at a time
    if number is None:
        number = (plan.tasks.aggregate(n=Max("number"))["n"] or 0) + 1
    task = Task(
        plan=plan,
        number=number,
        title=_title(title),
        title_en=_english("title_en", Task)(title_en),
        description=_description(description),
        owner=_owner_under(actor, owner_id, plan.owner, "owner_id"),
        deadline=deadline,
    )
    _check_task(task)
    task.save()
    audit.record(
        actor=actor, action=Action.CREATE, obj=task, changes=audit.snapshot(task, TASK_FIELDS)
    )
    return task


@transaction.atomic(durable=True)
def task_update(*, actor: User, task_id: int, **changes: Any) -> Task:
    """Change a task's terms. Only its plan's organization may: the deadline is theirs."""
    task = selectors.task_get(actor=actor, task_id=task_id, write=True)
    if not path_visible(actor, task.plan.owner.path, write=True):
        raise ServiceError(
            _("Only %(org)s, whose plan this is, may change the task's terms.")
            % {"org": task.plan.owner.name},
            code=Code.FORBIDDEN,
        )
    task = Task.objects.select_for_update().select_related("plan__owner", "owner").get(pk=task.pk)

    def check(task: Task) -> None:
        _check_task(task)
        for item in task.items.all():
            _check_item_deadline(item.deadline, task)

    audited_update(
        task,
        changes,
        actor=actor,
        editable={
            "owner_id": lambda v: _owner_under(actor, v, task.plan.owner, "owner_id").pk,
            "title": _title,
            "title_en": _english("title_en", Task),
            "description": _description,
            "deadline": None,
            "number": None,
        },
        audit_fields=TASK_FIELDS,
        check=check,
        action=Action.UPDATE,
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
    if item.done_on is not None and item.done_on > cleaning.today():
        raise ServiceError(_("A sub-item cannot be done in the future."), field="done_on")
    _validate(item, ["task", "owner"])


@transaction.atomic(durable=True)
def item_create(
    *,
    actor: User,
    task_id: int,
    title: str,
    owner_id: int | None = None,
    deadline: date | None = None,
) -> TaskItem:
    task = selectors.task_get(actor=actor, task_id=task_id, write=True)
    Task.objects.select_for_update().filter(pk=task.pk).first()  # numbers one at a time
    owner = (
        task.owner if owner_id is None else _owner_under(actor, owner_id, task.owner, "owner_id")
    )
    number = (task.items.aggregate(n=Max("number"))["n"] or 0) + 1
    item = TaskItem(task=task, number=number, title=_title(title), owner=owner, deadline=deadline)
    _check_item(item)
    item.save()
    audit.record(
        actor=actor, action=Action.CREATE, obj=item, changes=audit.snapshot(item, ITEM_FIELDS)
    )
    return item


@transaction.atomic(durable=True)
def item_update(*, actor: User, item_id: int, **changes: Any) -> TaskItem:
    """Mark a sub-item done (done: true, on today) or reopen it; the task's side may also
    change its title, owner or deadline."""
    item = selectors.item_get(actor=actor, item_id=item_id, write=True)
    item = (
        TaskItem.objects.select_for_update()
        .select_related("task__plan", "task__owner", "owner")
        .get(pk=item.pk)
    )
    terms = [f for f in changes if f in ITEM_TERMS]
    if terms and not path_visible(actor, item.task.owner.path, write=True):
        raise ServiceError(
            _("Only %(org)s, responsible for the task, may change the sub-item's terms.")
            % {"org": item.task.owner.name},
            code=Code.FORBIDDEN,
            field=terms[0],
        )
    # The caller says done (true or false); the sub-item keeps the day it was done.
    changes = {("done_on" if f == "done" else f): v for f, v in changes.items()}
    audited_update(
        item,
        changes,
        actor=actor,
        editable={
            "done_on": lambda done: (item.done_on or cleaning.today()) if done else None,
            "title": _title,
            "owner_id": lambda v: _owner_under(actor, v, item.task.owner, "owner_id").pk,
            "deadline": None,
        },
        audit_fields=ITEM_FIELDS,
        check=_check_item,
        action=Action.UPDATE,
    )
    return item


# ---- progress ---------------------------------------------------------------------------


@transaction.atomic(durable=True)
def progress_report(
    *, actor: User, task_id: int, period: int, percent: int, text: str
) -> tuple[ProgressReport, bool]:
    """Report a task's progress for one period of its plan; a second report for the same
    period replaces the first. Returns the report and whether it is new.

    A report of 100% marks the task done (on the day it is filed); a later period's
    report below 100% opens it again.
    """
    task = selectors.task_get(actor=actor, task_id=task_id, write=True)
    task = Task.objects.select_for_update().select_related("plan", "owner").get(pk=task.pk)
    periods = {p.number: p for p in task.plan.periods()}
    today = cleaning.today()
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
    text = cleaning.text(
        text,
        field="text",
        max_length=MAX_TEXT,
        required=True,
        message=_("Say what was done in this period."),
    )
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
            code=Code.CONFLICT,
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
        action=Action.REPORT if created else Action.UPDATE_REPORT,
        obj=task,
        changes={**changes, "done_on": str(task.done_on)},
    )
    return report, created
