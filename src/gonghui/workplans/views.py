"""Work-plan pages: plans, their tasks and schedule, progress reports, what is late."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.forms import add_service_error
from gonghui.core.params import date_or_none, int_or_none
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import selectors, services
from .forms import ItemForm, PlanForm, ReportForm, TaskForm
from .models import SchedulePeriod, Task


def _org_id(request, form, field: str) -> int | None:
    """The organization a form names (None for none); refused on that field if unknown."""
    ref = form.cleaned_data.get(field, "")
    if not ref:
        return None
    org = org_by_reference(actor=request.user, ref=ref, write=True)
    if org is None:
        raise ServiceError(
            _("No organization with this name, credit code or number in your subtree."), field=field
        )
    return org.pk


def _required_org_id(request, form, field: str) -> int:
    """_org_id of a field the form requires: never None once the form is valid."""
    org_id = _org_id(request, form, field)
    assert org_id is not None
    return org_id


def _annotate(tasks, on: date):
    """Percent done, the schedule, and late marks for showing tasks in a table."""
    for task in tasks:
        task.percent = selectors.percent_done(task)
        task.states = selectors.period_states(task, on=on)
        task.state = selectors.task_state(task, on)
        task.is_done = task.state == "done"
        task.is_late = task.state == "overdue"
        task.missing = sum(s.state == "missing" for s in task.states)
    return tasks


@staff_required
def plan_list(request):
    year = int_or_none(request.GET.get("year"))
    on = timezone.localdate()
    plans = list(selectors.plan_list(actor=request.user, year=year, q=request.GET.get("q", "")))
    late = selectors.overdue(request.user, on=on)
    mine = _annotate(
        list(
            selectors.task_list(actor=request.user, status="open", on=on)
            .filter(plan__year=on.year)
            .prefetch_related("reports")[:50]
        ),
        on,
    )
    return render(
        request,
        "workplans/plan_list.html",
        {
            "plans": plans,
            "year": year,
            "q": request.GET.get("q", ""),
            "late": late[:20],
            "late_count": len(late),
            "tasks": mine,
            "on": on,
            "can_create": bool(request.user.writable_paths()),
        },
    )


@staff_required
def plan_new(request):
    form = PlanForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        keys = ("year", "title", "title_en", "theme", "theme_en")
        data = {k: form.cleaned_data[k] for k in (*keys, "report_every", "report_due_days")}
        try:
            plan = services.plan_create(
                actor=request.user,
                owner_id=_required_org_id(request, form, "owner"),
                **data,
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The plan is created. Add its tasks."))
            return redirect("workplan-detail", plan_id=plan.pk)
    elif request.method == "GET":
        own = org_suggestions(actor=request.user, write=True).first()
        form.initial["owner"] = own.name if own else ""
    return render(
        request,
        "workplans/plan_new.html",
        {
            "form": form,
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    can_write = path_visible(request.user, plan.owner.path, write=True)
    on = date_or_none(request.GET.get("on")) or timezone.localdate()
    form = TaskForm(request.POST or None, initial={"owner": plan.owner.name})
    if request.method == "POST" and form.is_valid():
        keys = ("number", "title", "title_en", "deadline", "description")
        data = {k: form.cleaned_data[k] for k in keys}
        try:
            services.task_create(
                actor=request.user,
                plan_id=plan.pk,
                owner_id=_required_org_id(request, form, "owner"),
                **data,
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The task is added."))
            return redirect("workplan-detail", plan_id=plan.pk)
    tasks = _annotate(
        list(
            selectors.task_list(actor=request.user, plan_id=plan.pk, on=on).prefetch_related(
                "reports"
            )
        ),
        on,
    )
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        periods = plan.periods()
        headers = [
            _("number"),
            _("task"),
            _("responsible organization"),
            _("deadline"),
            _("percent done"),
            _("done on"),
            _("late"),
            *(f"{p.start:%m-%d}–{p.end:%m-%d}" for p in periods),
        ]
        rows = (
            [
                t.number,
                t.title,
                t.owner.name,
                t.deadline,
                t.percent,
                t.done_on,
                _("yes") if t.is_late else "",
                *(f"{s.report.percent}%" if s.report else s.state for s in t.states),
            ]
            for t in tasks
        )
        return export_response(fmt, f"workplan-{plan.pk}", headers, rows)
    return render(
        request,
        "workplans/plan_detail.html",
        {
            "plan": plan,
            "tasks": tasks,
            "periods": plan.periods(),
            "form": form,
            "can_write": can_write,
            "on": on,
            "late": selectors.overdue(request.user, on=on, plan_id=plan.pk),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


def _report_periods(task: Task, on: date) -> list[SchedulePeriod]:
    """The periods a progress report may be for on `on`: those that have started."""
    return [p for p in task.plan.periods() if p.start <= on]


def _task_page(request, task: Task, *, report_form=None, item_form=None, status: int = 200):
    on = timezone.localdate()
    periods = _report_periods(task, on)
    percent = selectors.percent_done(task)
    return render(
        request,
        "workplans/task_detail.html",
        {
            "task": task,
            "percent": percent,
            "state": selectors.task_state(task, on),
            "states": selectors.period_states(task, on=on),
            "items": task.items.select_related("owner"),
            "on": on,
            "can_report": path_visible(request.user, task.owner.path, write=True),
            "report_form": report_form
            or ReportForm(
                periods=periods,
                initial={"period": periods[-1].number if periods else None, "percent": percent},
            ),
            "item_form": item_form or ItemForm(),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=status,
    )


@login_required
def task_detail(request, task_id: int):
    return _task_page(request, selectors.task_get(actor=request.user, task_id=task_id))


@require_POST
@login_required
def task_report(request, task_id: int):
    task = selectors.task_get(actor=request.user, task_id=task_id)
    form = ReportForm(request.POST, periods=_report_periods(task, timezone.localdate()))
    if form.is_valid():
        try:
            services.progress_report(actor=request.user, task_id=task.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The progress is reported."))
            return redirect("workplan-task", task_id=task.pk)
    return _task_page(request, task, report_form=form, status=400)


@require_POST
@login_required
def item_add(request, task_id: int):
    task = selectors.task_get(actor=request.user, task_id=task_id)
    form = ItemForm(request.POST)
    if form.is_valid():
        try:
            services.item_create(
                actor=request.user,
                task_id=task.pk,
                title=form.cleaned_data["title"],
                owner_id=_org_id(request, form, "owner"),
                deadline=form.cleaned_data["deadline"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The sub-item is added."))
            return redirect("workplan-task", task_id=task.pk)
    return _task_page(request, task, item_form=form, status=400)


def _item_mark(request, task_id: int, item_id: int, *, done: bool):
    task = selectors.task_get(actor=request.user, task_id=task_id)
    selectors.item_get(actor=request.user, item_id=item_id, task_id=task.pk)
    try:
        services.item_update(actor=request.user, item_id=item_id, done=done)
    except ServiceError as exc:
        form = ItemForm()
        add_service_error(form, exc)  # shown above the sub-items' form
        return _task_page(request, task, item_form=form, status=400)
    messages.success(request, _("Saved."))
    return redirect("workplan-task", task_id=task.pk)


@require_POST
@login_required
def item_done(request, task_id: int, item_id: int):
    return _item_mark(request, task_id, item_id, done=True)


@require_POST
@login_required
def item_reopen(request, task_id: int, item_id: int):
    return _item_mark(request, task_id, item_id, done=False)


@staff_required
def overdue_list(request):
    on = date_or_none(request.GET.get("on")) or timezone.localdate()
    late = selectors.overdue(request.user, on=on, under_id=int_or_none(request.GET.get("under")))
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("work plan"),
            _("number"),
            _("task"),
            _("what is late"),
            _("responsible organization"),
            _("due"),
            _("days late"),
        ]
        rows = (
            [o.task.plan.title, o.task.number, o.task.title, o.reason, o.owner.name, o.due, o.days]
            for o in late
        )
        return export_response(fmt, "overdue", headers, rows)
    return render(
        request,
        "workplans/overdue.html",
        {
            "late": late,
            "on": on,
            "querystring": request.GET.urlencode(),
        },
    )
