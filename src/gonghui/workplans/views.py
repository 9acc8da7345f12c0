"""Work-plan pages: plans, their tasks and schedule, progress reports, what is late."""

from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.forms import add_service_error
from gonghui.core.params import date_or_none, int_or_none
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import selectors, services
from .forms import ItemForm, PlanForm, ReportForm, TaskForm


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
        task.is_done = selectors.done_by(task, on)
        task.is_late = not task.is_done and task.deadline < on
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
        data = {
            k: form.cleaned_data[k] for k in ("year", "title", "report_every", "report_due_days")
        }
        try:
            plan = services.plan_create(
                actor=request.user,
                owner_id=_required_org_id(request, form, "owner"),
                request=request,
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
        data = {k: form.cleaned_data[k] for k in ("number", "title", "deadline", "description")}
        try:
            services.task_create(
                actor=request.user,
                plan_id=plan.pk,
                owner_id=_required_org_id(request, form, "owner"),
                request=request,
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


@login_required
def task_detail(request, task_id: int):
    task = selectors.task_get(actor=request.user, task_id=task_id)
    on = timezone.localdate()
    periods = [p for p in task.plan.periods() if p.start <= on]
    report_form = ReportForm(
        periods=periods,
        initial={
            "period": periods[-1].number if periods else None,
            "percent": selectors.percent_done(task),
        },
    )
    item_form = ItemForm()
    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "report":
                report_form = ReportForm(request.POST, periods=periods)
                if report_form.is_valid():
                    services.progress_report(
                        actor=request.user,
                        task_id=task.pk,
                        request=request,
                        **report_form.cleaned_data,
                    )
                    messages.success(request, _("The progress is reported."))
                    return redirect("workplan-task", task_id=task.pk)
            elif action == "item":
                item_form = ItemForm(request.POST)
                if item_form.is_valid():
                    services.item_create(
                        actor=request.user,
                        task_id=task.pk,
                        title=item_form.cleaned_data["title"],
                        owner_id=_org_id(request, item_form, "owner"),
                        deadline=item_form.cleaned_data["deadline"],
                        request=request,
                    )
                    messages.success(request, _("The sub-item is added."))
                    return redirect("workplan-task", task_id=task.pk)
            elif action in {"item_done", "item_open"}:
                services.item_update(
                    actor=request.user,
                    item_id=int_or_none(request.POST.get("item")) or 0,
                    done=action == "item_done",
                    request=request,
                )
                messages.success(request, _("Saved."))
                return redirect("workplan-task", task_id=task.pk)
        except ServiceError as exc:
            add_service_error(item_form if action == "item" else report_form, exc)
        status = 400
    return render(
        request,
        "workplans/task_detail.html",
        {
            "task": task,
            "percent": selectors.percent_done(task),
            "states": selectors.period_states(task, on=on),
            "items": task.items.select_related("owner"),
            "on": on,
            "can_report": path_visible(request.user, task.owner.path, write=True),
            "report_form": report_form,
            "item_form": item_form,
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=status,
    )


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
