"""Union finance at /api/v1 (staff only): payments (paged by key: they grow with the
province), dues and arrears, payroll declarations and their corrections (paged by key),
rebates with maker/checker, budgets with their execution, expenditure entered by one and
approved by another (paged by key), audit reviews and findings, the reconciliation and
the trial balance."""

from datetime import date, datetime
from typing import Annotated

from django.http import HttpResponse
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from gonghui.core.api import IdempotencyKey, required_text
from gonghui.core.keyset import KeysetPagination
from gonghui.core.money import JSON_WHOLE, Fen
from gonghui.core.replay import once_response, replays

from . import selectors, services
from .lists import (
    BUDGETS,
    DECLARATIONS,
    DUES,
    EXPENSES,
    FINDINGS,
    PAYMENTS,
    REBATES,
    REVIEWS,
    ItemT,
    RebateKindT,
)

router = Router(tags=["finance 工会财务"])

Year = Annotated[int, Field(ge=2000, le=2100)]


class PaymentOut(Schema):
    id: int
    payer_id: int
    enterprise: str = Field(alias="payer.enterprise.name")
    collector_id: int
    due_id: int | None
    paid_on: date
    amount: int
    method: str
    reference: str


class PaymentIn(Schema):
    payer_id: int
    amount: Fen
    paid_on: date
    reference: Annotated[str, Field(min_length=1, max_length=40)]
    due_id: int | None = None


class DueOut(Schema):
    id: int
    payer_id: int
    enterprise: str = Field(alias="payer.enterprise.name")
    year: int
    cycle: str
    period: int
    payroll: int
    amount: int
    paid: int
    owing: int
    exempt: bool
    due_on: date


# A payroll in fen: nought for a month without wages, and past a payment's bound (a big
# enterprise pays more than 1亿 yuan of wages a month), up to services.MAX_PAYROLL.
Payroll = Annotated[int, Field(ge=0, le=services.MAX_PAYROLL, description="fen (分)"), JSON_WHOLE]


class DeclarationIn(Schema):
    payer_id: int
    year: Year
    period: Annotated[
        int, Field(ge=1, le=12, description="the month, or the quarter (1–4) of a quarterly payer")
    ]
    payroll: Payroll


class CorrectionIn(Schema):
    payroll: Payroll
    reason: Annotated[str, required_text(200)]


class DeclarationOut(Schema):
    id: int
    due_id: int
    enterprise: str = Field(alias="due.payer.enterprise.name")
    year: int = Field(alias="due.year")
    period: int = Field(alias="due.period")
    payroll: int
    amount: int
    reason: str = Field(description="the reason of a correction; empty for the first declaration")
    declared_by: str = Field(alias="declared_by.username")
    declared_at: datetime


class ReminderIn(Schema):
    note: Annotated[str, Field(max_length=200)] = ""


class ReminderOut(Schema):
    id: int
    due_id: int
    note: str
    sent_at: datetime


class RebateOut(Schema):
    id: int
    kind: str
    federation_id: int
    union_id: int
    year: int
    amount: int
    status: str
    reason: str
    paid_on: date | None


class RebateIn(Schema):
    kind: RebateKindT
    union_id: int
    year: Year
    amount: Fen | None = None
    reason: Annotated[str, Field(max_length=200)] = ""


class PayIn(Schema):
    paid_on: date


class BudgetOut(Schema):
    id: int
    union_id: int
    year: int
    item: str
    amount: int
    warn_at: int
    spent: int


class BudgetIn(Schema):
    union_id: int
    year: Year
    warn_at: Annotated[int, Field(ge=1, le=100)] = 90
    # item -> amount: an object, so an item cannot be given twice (the page's form can,
    # and set_budget_lines refuses it there).
    lines: Annotated[dict[ItemT, Fen], Field(min_length=1)]


class ExpenseOut(Schema):
    id: int
    union_id: int
    item: str
    amount: int
    spent_on: date
    memo: str
    status: str


class ExpenseIn(Schema):
    union_id: int
    item: ItemT
    amount: Fen
    spent_on: date
    memo: Annotated[str, required_text(200)]
    idempotency_key: IdempotencyKey


class ReviewOut(Schema):
    id: int
    union_id: int
    committee_id: int
    year: int
    title: str
    status: str
    opened_on: date
    closed_on: date | None


class FindingOut(Schema):
    id: int
    review_id: int
    text: str
    amount: int
    rectify_by: date
    status: str
    rectification: str


class PeriodQuery(Schema):
    org_id: int
    start: date
    end: date


class ReconciliationOut(Schema):
    due: int
    exempt: int
    received: int
    shared: int
    unshared: int
    short: int
    levels: dict[str, int]


class BalanceRowOut(Schema):
    kind: str
    label: str
    opening: int
    debit: int
    credit: int
    closing: int


@router.get("/finance/payments", response=list[PaymentOut])
@paginate(KeysetPagination)
def list_payments(request, filters: Query[PAYMENTS.api_filters()]):  # type: ignore[valid-type]
    return PAYMENTS.queryset(request.user, filters.dict())


@router.post("/finance/payments", response={201: PaymentOut})
def receive_payment(request, payload: PaymentIn):
    """Union funds paid straight to the collecting federation (posted on the ledger)."""
    return Status(201, services.receive_payment(actor=request.user, **payload.dict()))


@router.get("/finance/dues", response=list[DueOut])
@paginate(LimitOffsetPagination)
def list_dues(request, filters: Query[DUES.api_filters()]):  # type: ignore[valid-type]
    return DUES.queryset(request.user, filters.dict())


@router.post("/finance/dues/{due_id}/remind", response={201: ReminderOut})
def remind(request, due_id: int, payload: ReminderIn):
    """A reminder to a payer in arrears (催缴)."""
    return Status(201, services.send_reminder(actor=request.user, due_id=due_id, note=payload.note))


@router.get("/finance/declarations", response=list[DeclarationOut])
@paginate(KeysetPagination)
def list_declarations(request, filters: Query[DECLARATIONS.api_filters()]):  # type: ignore[valid-type]
    """Payroll declarations (工资总额申报) and their corrections, each kept."""
    return DECLARATIONS.queryset(request.user, filters.dict())


@router.post("/finance/declarations", response={201: DueOut})
def declare_payroll(request, payload: DeclarationIn):
    """An enterprise's payroll of a period, declared once; the 2 % due is computed."""
    return Status(201, services.declare_payroll(actor=request.user, **payload.dict()))


@router.post("/finance/dues/{due_id}/corrections", response={201: DueOut})
def correct_declaration(request, due_id: int, payload: CorrectionIn):
    """更正申报: a new payroll with its reason; the earlier declaration is kept."""
    return Status(
        201, services.correct_declaration(actor=request.user, due_id=due_id, **payload.dict())
    )


@router.get("/finance/rebates", response=list[RebateOut])
@paginate(LimitOffsetPagination)
def list_rebates(request, filters: Query[REBATES.api_filters()]):  # type: ignore[valid-type]
    return REBATES.queryset(request.user, filters.dict())


@router.post("/finance/rebates", response={201: RebateOut})
def apply_rebate(request, payload: RebateIn):
    return Status(201, services.apply_rebate(actor=request.user, **payload.dict()))


@router.post("/finance/rebates/{rebate_id}/approve", response=RebateOut)
def approve_rebate(request, rebate_id: int):
    """Someone other than the applicant approves."""
    return services.decide_rebate(actor=request.user, rebate_id=rebate_id, approve=True)


@router.post("/finance/rebates/{rebate_id}/reject", response=RebateOut)
def reject_rebate(request, rebate_id: int):
    return services.decide_rebate(actor=request.user, rebate_id=rebate_id, approve=False)


@router.post("/finance/rebates/{rebate_id}/pay", response=RebateOut)
def pay_rebate(request, rebate_id: int, payload: PayIn):
    """Paid once, by someone other than the approver."""
    return services.pay_rebate(actor=request.user, rebate_id=rebate_id, paid_on=payload.paid_on)


@router.get("/finance/budgets", response=list[BudgetOut])
@paginate(LimitOffsetPagination)
def list_budgets(request, filters: Query[BUDGETS.api_filters()]):  # type: ignore[valid-type]
    return BUDGETS.queryset(request.user, filters.dict())


@router.post("/finance/budgets", response={201: list[BudgetOut]})
def set_budgets(request, payload: BudgetIn):
    """A union's budget of a year, item by item; an item given twice is refused."""
    budgets = services.set_budget_lines(
        actor=request.user,
        union_id=payload.union_id,
        year=payload.year,
        warn_at=payload.warn_at,
        lines=list(payload.lines.items()),
    )
    ids = [b.pk for b in budgets]
    return Status(201, list(selectors.budget_list(actor=request.user).filter(pk__in=ids)))


@router.get("/finance/expenses", response=list[ExpenseOut])
@paginate(KeysetPagination)
def list_expenses(request, filters: Query[EXPENSES.api_filters()]):  # type: ignore[valid-type]
    return EXPENSES.queryset(request.user, filters.dict())


@router.post("/finance/expenses", response={201: ExpenseOut}, openapi_extra=replays())
def enter_expense(request, response: HttpResponse, payload: ExpenseIn):
    """A union's spending against a budget item, approved by another person; the same
    idempotency key again returns the expenditure already entered."""
    return once_response(response, services.enter_expense(actor=request.user, **payload.dict()))


@router.post("/finance/expenses/{expense_id}/approve", response=ExpenseOut)
def approve_expense(request, expense_id: int):
    """Someone other than the one who entered it approves: paid from the union's bank
    deposits and posted."""
    return services.decide_expense(actor=request.user, expense_id=expense_id, approve=True)


@router.post("/finance/expenses/{expense_id}/reject", response=ExpenseOut)
def reject_expense(request, expense_id: int):
    return services.decide_expense(actor=request.user, expense_id=expense_id, approve=False)


@router.get("/finance/reviews", response=list[ReviewOut])
@paginate(LimitOffsetPagination)
def list_reviews(request, filters: Query[REVIEWS.api_filters()]):  # type: ignore[valid-type]
    return REVIEWS.queryset(request.user, filters.dict())


@router.get("/finance/findings", response=list[FindingOut])
@paginate(LimitOffsetPagination)
def list_findings(request, filters: Query[FINDINGS.api_filters()]):  # type: ignore[valid-type]
    return FINDINGS.queryset(request.user, filters.dict())


@router.get("/finance/reconciliation", response=ReconciliationOut)
def reconciliation(request, period: Query[PeriodQuery]):
    """Due, received and shared under a federation in a period, and each level's share."""
    r = selectors.reconciliation(
        actor=request.user, org_id=period.org_id, start=period.start, end=period.end
    )
    return {**r.__dict__, "short": r.short}


@router.get("/finance/trial-balance", response=list[BalanceRowOut])
def trial_balance(request, period: Query[PeriodQuery]):
    """科目余额表 of an organization's finance accounts for a period."""
    return selectors.trial_balance(
        actor=request.user, org_id=period.org_id, start=period.start, end=period.end
    )
