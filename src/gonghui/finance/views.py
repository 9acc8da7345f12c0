"""Staff pages of union finance (财务): dues and arrears with reminders, payments, the tax
bureau's file imported in the background, the reconciliation of the shares, rebates with
maker/checker, budgets with their execution, the trial balance and the income and
expenditure statement (Excel), and the audit committee's reviews. One view per action;
each form posts to its own address. Views call services and selectors only."""

import uuid
from collections.abc import Callable
from datetime import date

from django.contrib import messages
from django.http import Http404, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_suggestions

from . import selectors, services, tasks
from .forms import CorrectionForm, DeclarationForm, ExpenseForm
from .lists import BUDGETS, DUES, EXPENSES, FINDINGS, PAYMENTS, REBATES, REVIEWS
from .models import (
    ExpenseStatus,
    FindingStatus,
    Item,
    Method,
    Payer,
    RebateKind,
    RebateStatus,
    ReviewStatus,
    TaxJob,
    TaxJobStatus,
)


def _date(value: str | None, field: str) -> date:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        raise ServiceError(_("Enter a date."), field=field) from None


def _int(value: str | None, field: str, message: str) -> int:
    try:
        return int((value or "").strip())
    except ValueError:
        raise ServiceError(message, field=field) from None


def _act(request, work: Callable[[], object], done: str, back: str, **kwargs) -> HttpResponseBase:
    """Run a service for a posted form; its refusal is shown, nothing changed."""
    try:
        work()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(back, **kwargs)


def _form_page(request, form, run: Callable[[dict], str], *, title, back, submit, done, help=""):
    """A page with one form that records one thing: `run(cleaned_data)` calls the
    service and returns where to go. A refusal is shown on its field; nothing written."""
    if request.method == "POST" and form.is_valid():
        try:
            url = run(form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect(url)
    return render(
        request,
        "finance/form.html",
        {"form": form, "title": title, "back_url": back, "submit": submit, "help": help},
    )


_ZERO = {"0", "0.0", "0.00"}


def _payroll(text: str) -> int:
    """A payroll in yuan as typed; unlike a payment it may be nought (no wages paid)."""
    return (
        0 if text.strip() in _ZERO else parse_yuan(text, field="payroll", most=services.MAX_PAYROLL)
    )


def _period(request) -> tuple[int | None, date, date]:
    today = cleaning.today()
    try:
        org_id = int(request.GET.get("org_id", ""))
    except ValueError:
        org_id = None
    try:
        start = date.fromisoformat(request.GET.get("start", ""))
    except ValueError:
        start = date(today.year, 1, 1)
    try:
        end = date.fromisoformat(request.GET.get("end", ""))
    except ValueError:
        end = today
    return org_id, start, end


# ---- collection ---------------------------------------------------------------------


@staff_required
def payment_list(request):
    return PAYMENTS.respond(
        request,
        "finance/payments.html",
        {
            "methods": Method.choices,
            "empty": _("No payment matches. Clear the search or the filters."),
        },
    )


@staff_required  # first: a member learns nothing, not even the method
@require_POST
def payment_new(request):
    def work():
        code = request.POST.get("payer", "").strip().upper()
        payer = (
            Payer.objects.visible_to(request.user, write=True)
            .filter(enterprise__credit_code=code)
            .first()
        )
        if payer is None:
            raise ServiceError(
                _("No payer with this credit code is collected by your federation."),
                field="payer",
            )
        services.receive_payment(
            actor=request.user,
            payer_id=payer.pk,
            amount=parse_yuan(request.POST.get("amount")),
            paid_on=_date(request.POST.get("paid_on"), "paid_on"),
            reference=request.POST.get("reference", ""),
        )

    return _act(request, work, _("The payment is recorded and posted."), "finance-payments")


@staff_required
def due_list(request):
    return DUES.respond(
        request,
        "finance/dues.html",
        {"empty": _("No due matches. Clear the search or the filters.")},
    )


def _writes_due(user, due) -> bool:
    """The collecting federation, or the enterprise's own union, declares its payroll."""
    union = due.payer.union
    return path_visible(user, due.collector.path, write=True) or (
        union is not None and path_visible(user, union.path, write=True)
    )


@require_safe
@staff_required
def due_detail(request, due_id: int):
    due = selectors.due_get(actor=request.user, due_id=due_id)
    return render(
        request,
        "finance/due.html",
        {
            "due": due,
            "reminders": due.reminders.select_related("sent_by"),
            "payments": due.payments.all(),
            "declarations": selectors.declarations(actor=request.user, due=due),
            "can_remind": due.owing > 0
            and path_visible(request.user, due.collector.path, write=True),
            "can_correct": _writes_due(request.user, due),
        },
    )


@staff_required
def due_declare(request):
    """工资总额申报: an enterprise's payroll of a period, declared by its collecting
    federation or its own union; the 2 % due is computed by the service."""
    form = DeclarationForm(request.POST or None, initial={"year": cleaning.today().year})

    def run(data: dict) -> str:
        code = data["payer"].strip().upper()
        payer = (
            Payer.objects.visible_to(request.user, write=True)
            .filter(enterprise__credit_code=code)
            .first()
        )
        if payer is None:
            raise ServiceError(
                _("No payer with this credit code is collected by your federation."),
                field="payer",
            )
        due = services.declare_payroll(
            actor=request.user,
            payer_id=payer.pk,
            year=data["year"],
            period=data["period"],
            payroll=_payroll(data["payroll"]),
        )
        return reverse("finance-due", args=[due.pk])

    return _form_page(
        request,
        form,
        run,
        title=_("Declare a payroll"),
        back=reverse("finance-dues"),
        submit=_("Declare"),
        done=_("The payroll is declared; the union funds due are 2 per cent of it."),
        help=_(
            "A period is declared once. To change a declared payroll, open the period and "
            "correct it with the reason: the earlier figure is kept."
        ),
    )


@staff_required
def due_correct(request, due_id: int):
    """更正申报: a new payroll for a declared period, with the reason; the earlier
    declaration stays on record."""
    due = selectors.due_get(actor=request.user, due_id=due_id)
    if not _writes_due(request.user, due):
        raise Http404
    form = CorrectionForm(request.POST or None, initial={"payroll": yuan(due.payroll)})

    def run(data: dict) -> str:
        services.correct_declaration(
            actor=request.user,
            due_id=due.pk,
            payroll=_payroll(data["payroll"]),
            reason=data["reason"],
        )
        return reverse("finance-due", args=[due.pk])

    return _form_page(
        request,
        form,
        run,
        title=_("Correct the payroll of %(enterprise)s, %(period)s")
        % {"enterprise": due.payer.enterprise.name, "period": f"{due.year}-{due.period:02d}"},
        back=reverse("finance-due", args=[due.pk]),
        submit=_("Correct the declaration"),
        done=_("The declaration is corrected; the earlier one is kept on record."),
    )


@require_POST
@staff_required
def due_remind(request, due_id: int):
    return _act(
        request,
        lambda: services.send_reminder(
            actor=request.user, due_id=due_id, note=request.POST.get("note", "")
        ),
        _("The reminder is recorded."),
        "finance-due",
        due_id=due_id,
    )


# ---- the tax bureau's file ------------------------------------------------------------


@require_safe
@staff_required
def tax_jobs(request):
    return render(
        request,
        "finance/tax.html",
        {
            "jobs": TaxJob.objects.visible_to(request.user).select_related("collector")[:50],
            "collectors": org_suggestions(actor=request.user, write=True),
        },
    )


@staff_required  # first: a member learns nothing, not even the method
@require_POST
def tax_upload(request):
    try:
        job = tasks.tax_job_create(
            actor=request.user,
            collector_id=_int(
                request.POST.get("collector_id"),
                "collector_id",
                _("Choose the collecting federation."),
            ),
            upload=request.FILES.get("file"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("finance-tax")
    messages.success(request, _("The file is queued for import; this page shows its progress."))
    return redirect("finance-tax-job", job_id=job.pk)


@require_safe
@staff_required
def tax_job(request, job_id: int):
    job = selectors.tax_job_get(actor=request.user, job_id=job_id)
    running = job.status in (TaxJobStatus.QUEUED, TaxJobStatus.RUNNING)
    return render(request, "finance/tax_job.html", {"job": job, "running": running})


@require_safe
@staff_required
def tax_job_status(request, job_id: int):
    """What job-progress.js polls while the import runs."""
    job = selectors.tax_job_get(actor=request.user, job_id=job_id)
    return JsonResponse(
        {
            "status": job.status,
            "status_label": str(job.get_status_display()),
            "done": job.done,
            "total": job.total,
            "finished": job.status in (TaxJobStatus.DONE, TaxJobStatus.FAILED),
        }
    )


# ---- sharing --------------------------------------------------------------------------


@require_safe
@staff_required
def reconciliation(request):
    org_id, start, end = _period(request)
    result, error = None, ""
    if org_id:
        try:
            result = selectors.reconciliation(
                actor=request.user, org_id=org_id, start=start, end=end
            )
        except ServiceError as exc:
            error = str(exc.message)
    return render(
        request,
        "finance/reconciliation.html",
        {
            "orgs": org_suggestions(actor=request.user),
            "org_id": org_id,
            "start": start,
            "end": end,
            "result": result,
            "error": error,
        },
    )


# ---- rebates ---------------------------------------------------------------------------


@staff_required
def rebate_list(request):
    return REBATES.respond(
        request,
        "finance/rebates.html",
        {
            "kinds": RebateKind.choices,
            "statuses": RebateStatus.choices,
            "unions": org_suggestions(actor=request.user, write=True),
            "empty": _("No rebate matches. Clear the filters."),
        },
    )


@staff_required  # first: a member learns nothing, not even the method
@require_POST
def rebate_new(request):
    def work():
        kind = request.POST.get("kind", "")
        amount = parse_yuan(request.POST.get("amount")) if kind == RebateKind.GRASSROOTS else None
        services.apply_rebate(
            actor=request.user,
            kind=kind,
            union_id=_int(
                request.POST.get("union_id"), "union_id", _("Choose a grassroots union.")
            ),
            year=_int(request.POST.get("year"), "year", _("Enter a year, such as 2022.")),
            amount=amount,
            reason=request.POST.get("reason", ""),
        )

    return _act(
        request,
        work,
        _("The rebate is applied for; another person of the paying federation approves it."),
        "finance-rebates",
    )


@require_safe
@staff_required
def rebate_detail(request, rebate_id: int):
    rebate = selectors.rebate_get(actor=request.user, rebate_id=rebate_id)
    decides = path_visible(request.user, rebate.federation.path, write=True)
    return render(
        request,
        "finance/rebate.html",
        {
            "rebate": rebate,
            # Only the actions this person may take: never one's own application.
            "can_decide": decides
            and rebate.status == RebateStatus.APPLIED
            and rebate.applied_by_id != request.user.pk,
            "can_pay": decides
            and rebate.status == RebateStatus.APPROVED
            and rebate.decided_by_id != request.user.pk,
            "today": cleaning.today(),
        },
    )


def _decide(request, rebate_id: int, approve: bool):
    return _act(
        request,
        lambda: services.decide_rebate(actor=request.user, rebate_id=rebate_id, approve=approve),
        _("The rebate is approved; another person pays it.") if approve else _("Rejected."),
        "finance-rebate",
        rebate_id=rebate_id,
    )


@require_POST
@staff_required
def rebate_approve(request, rebate_id: int):
    return _decide(request, rebate_id, True)


@require_POST
@staff_required
def rebate_reject(request, rebate_id: int):
    return _decide(request, rebate_id, False)


@require_POST
@staff_required
def rebate_pay(request, rebate_id: int):
    return _act(
        request,
        lambda: services.pay_rebate(
            actor=request.user,
            rebate_id=rebate_id,
            paid_on=_date(request.POST.get("paid_on"), "paid_on"),
        ),
        _("The rebate is paid and posted."),
        "finance-rebate",
        rebate_id=rebate_id,
    )


# ---- budgets and expenditure -------------------------------------------------------------


@staff_required
def budget_list(request):
    return BUDGETS.respond(
        request,
        "finance/budgets.html",
        {
            "items": Item.choices,
            "unions": org_suggestions(actor=request.user, write=True),
            "line_numbers": range(1, 7),
            "empty": _("No budget matches. Clear the filters."),
        },
    )


@staff_required  # first: a member learns nothing, not even the method
@require_POST
def budget_set(request):
    def work():
        lines = []
        for item, amount in zip(
            request.POST.getlist("item"), request.POST.getlist("amount"), strict=False
        ):
            if item or amount.strip():
                lines.append((item, parse_yuan(amount)))
        services.set_budget_lines(
            actor=request.user,
            union_id=_int(request.POST.get("union_id"), "union_id", _("Choose the union.")),
            year=_int(request.POST.get("year"), "year", _("Enter a year, such as 2022.")),
            lines=lines,
        )

    return _act(request, work, _("The budget is saved."), "finance-budgets")


@staff_required
def expense_list(request):
    return EXPENSES.respond(
        request,
        "finance/expenses.html",
        {
            "items": Item.choices,
            "statuses": ExpenseStatus.choices,
            "empty": _("No expenditure matches. Clear the filters."),
        },
    )


@staff_required
def expense_new(request):
    """支出录入: the maker records a union's spending against a budget item; another
    person approves it, and only then is it paid and posted."""
    unions = org_suggestions(actor=request.user, write=True)
    form = ExpenseForm(
        request.POST or None,
        unions=unions,
        initial={"spent_on": cleaning.today(), "idempotency_key": uuid.uuid4().hex},
    )

    def run(data: dict) -> str:
        expense, _replayed = services.enter_expense(
            actor=request.user,
            union_id=data["union"],
            item=data["item"],
            amount=parse_yuan(data["amount"]),
            spent_on=data["spent_on"],
            memo=data["memo"],
            idempotency_key=data["idempotency_key"],
        )
        return reverse("finance-expense", args=[expense.pk])

    return _form_page(
        request,
        form,
        run,
        title=_("Enter an expenditure"),
        back=reverse("finance-expenses"),
        submit=_("Enter the expenditure"),
        done=_("The expenditure is entered; another person approves it."),
        help=_(
            "The expenditure is paid from the union's bank deposits and posted when another "
            "person approves it."
        ),
    )


@require_safe
@staff_required
def expense_detail(request, expense_id: int):
    expense = selectors.expense_get(actor=request.user, expense_id=expense_id)
    return render(
        request,
        "finance/expense.html",
        {
            "expense": expense,
            "line": selectors.expense_budget(actor=request.user, expense=expense),
            # Only the actions this person may take: never one's own entry.
            "can_decide": expense.status == ExpenseStatus.ENTERED
            and expense.entered_by_id != request.user.pk
            and path_visible(request.user, expense.union.path, write=True),
        },
    )


def _decide_expense(request, expense_id: int, approve: bool):
    return _act(
        request,
        lambda: services.decide_expense(actor=request.user, expense_id=expense_id, approve=approve),
        _("The expenditure is approved, paid and posted.") if approve else _("Rejected."),
        "finance-expense",
        expense_id=expense_id,
    )


@require_POST
@staff_required
def expense_approve(request, expense_id: int):
    return _decide_expense(request, expense_id, True)


@require_POST
@staff_required
def expense_reject(request, expense_id: int):
    return _decide_expense(request, expense_id, False)


# ---- accounts ---------------------------------------------------------------------------


@require_safe
@staff_required
def statements(request):
    """科目余额表 and 收入支出表 of a period; `export=xlsx` gives them as a workbook."""
    org_id, start, end = _period(request)
    rows, statement, error = [], None, ""
    if org_id:
        try:
            rows = selectors.trial_balance(actor=request.user, org_id=org_id, start=start, end=end)
            statement = selectors.income_statement(
                actor=request.user, org_id=org_id, start=start, end=end
            )
        except ServiceError as exc:
            error = str(exc.message)
    fmt = request.GET.get("export", "")
    if fmt in EXPORT_FORMATS and org_id and not error and statement is not None:
        headers = [
            _("account"),
            _("opening balance (yuan)"),
            _("debit (yuan)"),
            _("credit (yuan)"),
            _("closing balance (yuan)"),
        ]
        table: list[list] = [
            [r.label, yuan(r.opening), yuan(r.debit), yuan(r.credit), yuan(r.closing)] for r in rows
        ]
        table.append([])
        table.append([_("Income and expenditure statement"), f"{start} – {end}"])
        table += [[label, yuan(n)] for _k, label, n in statement.income]
        table.append([_("total income"), yuan(statement.total_income)])
        table += [[label, yuan(n)] for _k, label, n in statement.expenditure]
        table.append([_("total expenditure"), yuan(statement.total_expenditure)])
        table.append([_("surplus"), yuan(statement.surplus)])
        return export_response(fmt, "finance-statements", headers, table)
    return render(
        request,
        "finance/statements.html",
        {
            "orgs": org_suggestions(actor=request.user),
            "org_id": org_id,
            "start": start,
            "end": end,
            "rows": rows,
            "statement": statement,
            "error": error,
        },
    )


# ---- audit committee ------------------------------------------------------------------


@staff_required
def review_list(request):
    return REVIEWS.respond(
        request,
        "finance/reviews.html",
        {
            "statuses": ReviewStatus.choices,
            "orgs": org_suggestions(actor=request.user, write=True),
            "empty": _("No audit review matches. Clear the filters."),
        },
    )


@staff_required  # first: a member learns nothing, not even the method
@require_POST
def review_new(request):
    def work():
        services.open_review(
            actor=request.user,
            union_id=_int(request.POST.get("union_id"), "union_id", _("Choose the union.")),
            committee_id=_int(
                request.POST.get("committee_id"), "committee_id", _("Choose the committee.")
            ),
            year=_int(request.POST.get("year"), "year", _("Enter a year, such as 2022.")),
            title=request.POST.get("title", ""),
        )

    return _act(request, work, _("The audit review is opened."), "finance-reviews")


@require_safe
@staff_required
def review_detail(request, review_id: int):
    review = selectors.review_get(actor=request.user, review_id=review_id)
    committee = path_visible(request.user, review.committee.path, write=True)
    reviewed = path_visible(request.user, review.union.path, write=True)
    return render(
        request,
        "finance/review.html",
        {
            "review": review,
            "findings": review.findings.select_related("rectified_by"),
            "committee": committee and review.status == ReviewStatus.OPEN,
            "reviewed": reviewed,
            "Open": FindingStatus.OPEN,
            "Rectified": FindingStatus.RECTIFIED,
        },
    )


@require_POST
@staff_required
def finding_new(request, review_id: int):
    def work():
        services.record_finding(
            actor=request.user,
            review_id=review_id,
            text=request.POST.get("text", ""),
            rectify_by=_date(request.POST.get("rectify_by"), "rectify_by"),
            amount=parse_yuan(request.POST.get("amount"), required=False) or 0,
        )

    return _act(request, work, _("The finding is recorded."), "finance-review", review_id=review_id)


@require_POST
@staff_required
def finding_rectify(request, finding_id: int):
    finding = selectors.finding_get(actor=request.user, finding_id=finding_id)
    return _act(
        request,
        lambda: services.rectify_finding(
            actor=request.user,
            finding_id=finding_id,
            rectification=request.POST.get("rectification", ""),
        ),
        _("The rectification is recorded; the committee verifies it."),
        "finance-review",
        review_id=finding.review_id,
    )


@require_POST
@staff_required
def finding_verify(request, finding_id: int):
    finding = selectors.finding_get(actor=request.user, finding_id=finding_id)
    accept = request.POST.get("accept", "yes") == "yes"
    return _act(
        request,
        lambda: services.verify_finding(actor=request.user, finding_id=finding_id, accept=accept),
        _("Verified.") if accept else _("Sent back to be rectified again."),
        "finance-review",
        review_id=finding.review_id,
    )


@require_POST
@staff_required
def review_close(request, review_id: int):
    return _act(
        request,
        lambda: services.close_review(actor=request.user, review_id=review_id),
        _("The audit review is closed."),
        "finance-review",
        review_id=review_id,
    )


@staff_required
def finding_list(request):
    return FINDINGS.respond(
        request,
        "finance/findings.html",
        {
            "statuses": FindingStatus.choices,
            "empty": _("No finding matches. Clear the filters."),
        },
    )
