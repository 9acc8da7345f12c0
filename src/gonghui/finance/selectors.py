"""Every read of union finance, already restricted to the caller's subtrees. The money
statements read the one ledger (campaigns Entry) by the date of each posting's voucher."""

from dataclasses import dataclass
from datetime import date

from django.db.models import BigIntegerField, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from gonghui.accounts.models import User
from gonghui.campaigns.models import Entry
from gonghui.core import cleaning
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get, within

from .models import (
    ACCOUNT_KINDS,
    EXPENSE_KINDS,
    INCOME_KINDS,
    Budget,
    Declaration,
    Due,
    Expense,
    ExpenseStatus,
    Finding,
    FindingStatus,
    Level,
    Payer,
    Payment,
    Rebate,
    RebateStatus,
    Review,
    Share,
    ShareRule,
    TaxImport,
    TaxJob,
)

FINANCE_KINDS = [k for k, _label, _c in ACCOUNT_KINDS]
CREDIT_KINDS = {k for k, _label, credit in ACCOUNT_KINDS if credit}


def payer_list(
    *,
    actor: User,
    q: str = "",
    method: str = "",
    tech_sme: bool | None = None,
    under_id: int | None = None,
) -> QuerySet[Payer]:
    qs = Payer.objects.visible_to(actor).select_related("enterprise", "collector", "union")
    qs = within(qs, actor, under_id, "collector__path")
    if q.strip():
        qs = qs.filter(
            Q(enterprise__name__icontains=q.strip())
            | Q(enterprise__credit_code__iexact=q.strip())
            | Q(enterprise__name_pinyin__icontains=q.strip().lower())
        )
    if method:
        qs = qs.filter(method=method)
    if tech_sme is not None:
        qs = qs.filter(tech_sme=tech_sme)
    return qs


def payer_get(*, actor: User, payer_id: int, write: bool = False) -> Payer:
    return get_visible_or_404(
        Payer.objects.select_related("enterprise", "collector", "union"),
        actor,
        write=write,
        pk=payer_id,
    )


def due_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    arrears: bool = False,
    under_id: int | None = None,
) -> QuerySet[Due]:
    qs: QuerySet[Due] = Due.objects.visible_to(actor).select_related(
        "payer__enterprise", "collector"
    )
    qs = within(qs, actor, under_id, "collector__path")
    if q.strip():
        qs = qs.filter(payer__enterprise__name__icontains=q.strip())
    if year:
        qs = qs.filter(year=year)
    if arrears:
        qs = in_arrears(qs)
    return qs


def declaration_list(
    *,
    actor: User,
    q: str = "",
    year: int | None = None,
    corrections: bool | None = None,
    due_id: int | None = None,
    under_id: int | None = None,
) -> QuerySet[Declaration]:
    """Payroll declarations (工资总额申报) and their corrections (更正申报): `corrections`
    True keeps only the corrections, False only the first declarations."""
    qs: QuerySet[Declaration] = Declaration.objects.visible_to(actor).select_related(
        "due__payer__enterprise", "declared_by"
    )
    qs = within(qs, actor, under_id, "due__collector__path")
    if q.strip():
        qs = qs.filter(
            Q(due__payer__enterprise__name__icontains=q.strip())
            | Q(due__payer__enterprise__credit_code__iexact=q.strip())
        )
    if year:
        qs = qs.filter(due__year=year)
    if corrections is not None:
        qs = qs.exclude(reason="") if corrections else qs.filter(reason="")
    if due_id:
        qs = qs.filter(due_id=due_id)
    return qs


def in_arrears(qs: QuerySet[Due], on: date | None = None) -> QuerySet[Due]:
    """Dues past their date with money still owed (欠缴)."""
    return qs.filter(exempt=False, paid__lt=F("amount"), due_on__lt=on or cleaning.today())


def payment_list(
    *,
    actor: User,
    q: str = "",
    method: str = "",
    shared: bool | None = None,
    paid_from: date | None = None,
    paid_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Payment]:
    qs = Payment.objects.visible_to(actor).select_related("payer__enterprise", "collector")
    qs = within(qs, actor, under_id, "collector__path")
    if q.strip():
        qs = qs.filter(Q(payer__enterprise__name__icontains=q.strip()) | Q(reference=q.strip()))
    if method:
        qs = qs.filter(method=method)
    if shared is not None:
        qs = qs.filter(share__isnull=not shared)
    if paid_from:
        qs = qs.filter(paid_on__gte=paid_from)
    if paid_to:
        qs = qs.filter(paid_on__lte=paid_to)
    return qs


def tax_import_list(*, actor: User) -> QuerySet[TaxImport]:
    return TaxImport.objects.visible_to(actor).select_related("collector", "created_by")


def tax_import_get(*, actor: User, import_id: int) -> TaxImport:
    return get_visible_or_404(TaxImport.objects.select_related("collector"), actor, pk=import_id)


def rule_list(*, actor: User, year: int | None = None) -> QuerySet[ShareRule]:
    qs = ShareRule.objects.visible_to(actor).select_related("province")
    return qs.filter(year=year) if year else qs


def share_list(
    *,
    actor: User,
    paid_from: date | None = None,
    paid_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Share]:
    qs = Share.objects.visible_to(actor).select_related("payment__payer__enterprise", "collector")
    qs = within(qs, actor, under_id, "collector__path")
    if paid_from:
        qs = qs.filter(paid_on__gte=paid_from)
    if paid_to:
        qs = qs.filter(paid_on__lte=paid_to)
    return qs


# The reconciliation's keys (the Share columns) and the level each names.
_LEVEL_OF = {
    "national": Level.NATIONAL,
    "provincial": Level.PROVINCE,
    "city": Level.CITY,
    "county": Level.COUNTY,
    "grassroots": Level.GRASSROOTS,
}


@dataclass
class Reconciliation:
    """What was due, received and shared in a period under a federation (对账)."""

    due: int
    exempt: int
    received: int
    shared: int
    unshared: int
    levels: dict[str, int]

    @property
    def level_rows(self) -> list[tuple[str, str, int]]:
        """Each level's share as (value, name in words, fen): 全国总工会, 省总工会 …"""
        return [(key, str(_LEVEL_OF[key].label), fen) for key, fen in self.levels.items()]

    @property
    def short(self) -> int:
        """Due but not received (positive), or received beyond what was due."""
        return self.due - self.received


def reconciliation(*, actor: User, org_id: int, start: date, end: date) -> Reconciliation:
    org = org_get(actor=actor, org_id=org_id)
    dues = Due.objects.filter(collector__path__startswith=org.path, starts_on__range=(start, end))
    due = dues.filter(exempt=False).aggregate(n=Coalesce(Sum("amount"), 0))["n"]
    exempt = dues.filter(exempt=True).aggregate(n=Coalesce(Sum("amount"), 0))["n"]
    payments = Payment.objects.filter(
        collector__path__startswith=org.path, paid_on__range=(start, end)
    )
    received = payments.aggregate(n=Coalesce(Sum("amount"), 0))["n"]
    shares = Share.objects.filter(collector__path__startswith=org.path, paid_on__range=(start, end))
    got = shares.aggregate(
        amount=Coalesce(Sum("amount"), 0),
        national=Coalesce(Sum("national"), 0),
        provincial=Coalesce(Sum("provincial"), 0),
        city=Coalesce(Sum("city"), 0),
        county=Coalesce(Sum("county"), 0),
        grassroots=Coalesce(Sum("grassroots"), 0),
    )
    shared = got.pop("amount")
    return Reconciliation(due, exempt, received, shared, received - shared, got)


def rebate_list(
    *, actor: User, kind: str = "", status: str = "", year: int | None = None, waiting: bool = False
) -> QuerySet[Rebate]:
    qs = Rebate.objects.visible_to(actor).select_related("union", "federation", "applied_by")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(year=year)
    if waiting:  # applications the actor's federation decides and the actor did not enter
        qs = qs.filter(
            status=RebateStatus.APPLIED, federation_id__in=actor.writing_org_ids()
        ).exclude(applied_by=actor)
    return qs


def rebate_get(*, actor: User, rebate_id: int) -> Rebate:
    return get_visible_or_404(
        Rebate.objects.select_related("union", "federation", "payer__enterprise"),
        actor,
        pk=rebate_id,
    )


@dataclass
class BudgetLine:
    budget: Budget
    spent: int

    @property
    def rate(self) -> float:
        return self.spent / self.budget.amount

    @property
    def warning(self) -> bool:
        return self.spent * 100 >= self.budget.amount * self.budget.warn_at


def budget_list(
    *, actor: User, year: int | None = None, item: str = "", under_id: int | None = None
) -> QuerySet[Budget]:
    """Budgets in the actor's subtree (a federation sees its lower unions'), each with
    what has been spent against it (approved expenditure of the year)."""
    qs = Budget.objects.visible_to(actor).select_related("union")
    qs = within(qs, actor, under_id)
    if year:
        qs = qs.filter(year=year)
    if item:
        qs = qs.filter(item=item)
    spent = (
        Expense.objects.filter(
            union=OuterRef("union"),
            item=OuterRef("item"),
            spent_on__year=OuterRef("year"),
            status=ExpenseStatus.PAID,
        )
        .order_by()
        .values("union")
        .annotate(n=Sum("amount"))
        .values("n")[:1]
    )
    return qs.annotate(spent=Coalesce(Subquery(spent, output_field=BigIntegerField()), 0))


def budget_lines(*, actor: User, year: int, under_id: int | None = None) -> list[BudgetLine]:
    return [
        BudgetLine(b, b.spent)  # type: ignore[attr-defined]  # annotated
        for b in budget_list(actor=actor, year=year, under_id=under_id)
    ]


def expense_list(
    *,
    actor: User,
    item: str = "",
    status: str = "",
    year: int | None = None,
    waiting: bool = False,
    under_id: int | None = None,
) -> QuerySet[Expense]:
    qs = Expense.objects.visible_to(actor).select_related("union", "entered_by")
    qs = within(qs, actor, under_id)
    if item:
        qs = qs.filter(item=item)
    if status:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(spent_on__year=year)
    if waiting:
        # Entered by someone else, at a union the actor may write for.
        qs = qs.filter(
            status=ExpenseStatus.ENTERED,
            pk__in=Expense.objects.visible_to(actor, write=True).values("pk"),
        ).exclude(entered_by=actor)
    return qs


# ---- statements from the ledger -------------------------------------------------------


@dataclass
class BalanceRow:
    kind: str
    label: str
    opening: int  # in the account's normal direction
    debit: int
    credit: int
    closing: int
    credit_normal: bool


def _entries(org: Organization, subtree: bool) -> QuerySet:
    qs = Entry.objects.filter(account__kind__in=FINANCE_KINDS)
    if subtree:
        return qs.filter(account__organization__path__startswith=org.path)
    return qs.filter(account__organization=org)


def trial_balance(
    *, actor: User, org_id: int, start: date, end: date, subtree: bool = False
) -> list[BalanceRow]:
    """科目余额表: each finance account's opening balance, debits and credits of the
    period and closing balance; the debits equal the credits, as every posting does."""
    org = org_get(actor=actor, org_id=org_id)
    labels = {k: str(label) for k, label, _c in ACCOUNT_KINDS}
    entries = _entries(org, subtree)
    before = dict(
        entries.filter(posting__voucher__booked_on__lt=start)
        .values_list("account__kind")
        .annotate(n=Sum("amount"))
    )
    during = {
        kind: (d or 0, c or 0)
        for kind, d, c in entries.filter(posting__voucher__booked_on__range=(start, end))
        .values_list("account__kind")
        .annotate(d=Sum("amount", filter=Q(amount__gt=0)), c=Sum("amount", filter=Q(amount__lt=0)))
    }
    rows = []
    for kind in FINANCE_KINDS:
        net_before = before.get(kind) or 0
        debit, credit = during.get(kind, (0, 0))
        sign = -1 if kind in CREDIT_KINDS else 1
        if not (net_before or debit or credit):
            continue
        rows.append(
            BalanceRow(
                kind=kind,
                label=labels[kind],
                opening=sign * net_before,
                debit=debit,
                credit=-credit,
                closing=sign * (net_before + debit + credit),
                credit_normal=kind in CREDIT_KINDS,
            )
        )
    return rows


@dataclass
class Statement:
    """收入支出表: income and expenditure of a period, by heading."""

    income: list[tuple[str, str, int]]
    expenditure: list[tuple[str, str, int]]

    @property
    def total_income(self) -> int:
        return sum(r[2] for r in self.income)

    @property
    def total_expenditure(self) -> int:
        return sum(r[2] for r in self.expenditure)

    @property
    def surplus(self) -> int:
        return self.total_income - self.total_expenditure


def income_statement(
    *, actor: User, org_id: int, start: date, end: date, subtree: bool = False
) -> Statement:
    rows = {
        r.kind: r
        for r in trial_balance(actor=actor, org_id=org_id, start=start, end=end, subtree=subtree)
    }
    labels = {k: str(label) for k, label, _c in ACCOUNT_KINDS}

    def period_amount(kind: str) -> int:
        row = rows.get(kind)
        if row is None:
            return 0
        return row.credit - row.debit if row.credit_normal else row.debit - row.credit

    return Statement(
        income=[(k, labels[k], period_amount(k)) for k in INCOME_KINDS],
        expenditure=[(k, labels[k], period_amount(k)) for k in EXPENSE_KINDS],
    )


# ---- audit committee -------------------------------------------------------------------


def review_list(*, actor: User, year: int | None = None, status: str = "") -> QuerySet[Review]:
    qs = Review.objects.visible_to(actor).select_related("union", "committee")
    if year:
        qs = qs.filter(year=year)
    if status:
        qs = qs.filter(status=status)
    return qs


def review_get(*, actor: User, review_id: int) -> Review:
    return get_visible_or_404(
        Review.objects.select_related("union", "committee"), actor, pk=review_id
    )


def finding_list(
    *, actor: User, status: str = "", overdue: bool = False, review_id: int | None = None
) -> QuerySet[Finding]:
    qs = Finding.objects.visible_to(actor).select_related("review__union", "review__committee")
    if review_id:
        qs = qs.filter(review_id=review_id)
    if status:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=FindingStatus.OPEN, rectify_by__lt=cleaning.today())
    return qs


def finding_get(*, actor: User, finding_id: int) -> Finding:
    return get_visible_or_404(
        Finding.objects.select_related("review__union", "review__committee"), actor, pk=finding_id
    )


def due_get(*, actor: User, due_id: int) -> Due:
    return get_visible_or_404(
        Due.objects.select_related("payer__enterprise", "payer__union", "collector"),
        actor,
        pk=due_id,
    )


def tax_job_get(*, actor: User, job_id: int) -> TaxJob:
    return get_visible_or_404(
        TaxJob.objects.select_related("collector", "result"), actor, pk=job_id
    )


def declarations(*, actor: User, due: Due) -> QuerySet[Declaration]:
    """Every payroll declared for the due's period, oldest first (the due read already)."""
    return Declaration.objects.visible_to(actor).filter(due=due).select_related("declared_by")


def expense_get(*, actor: User, expense_id: int) -> Expense:
    return get_visible_or_404(
        Expense.objects.select_related("union", "entered_by", "decided_by"), actor, pk=expense_id
    )


def expense_budget(*, actor: User, expense: Expense) -> BudgetLine | None:
    """The budget line the expenditure is spent against (its union, item and year)."""
    budget = (
        budget_list(actor=actor, year=expense.spent_on.year, item=expense.item)
        .filter(union_id=expense.union_id)
        .first()
    )
    return BudgetLine(budget, budget.spent) if budget else None  # type: ignore[attr-defined]
