"""The finance lists, as their pages, the API and the exports show them (core.lists):
payments, dues and arrears by enterprise, payroll declarations and their corrections, rebates, budgets with their execution, expenditure,
audit reviews and findings."""

from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import Schema

from gonghui.core.lists import Column, ListSpec, Sort
from gonghui.core.money import yuan

from . import selectors
from .models import (
    ExpenseStatus,
    FindingStatus,
    Item,
    Method,
    RebateKind,
    RebateStatus,
    ReviewStatus,
)

# Built from the models' choices, checked by pydantic at run time; mypy takes them as Any.
MethodT: TypeAlias = Literal[tuple(Method.values)]  # type: ignore[valid-type]
RebateKindT: TypeAlias = Literal[tuple(RebateKind.values)]  # type: ignore[valid-type]
RebateStatusT: TypeAlias = Literal[tuple(RebateStatus.values)]  # type: ignore[valid-type]
ItemT: TypeAlias = Literal[tuple(Item.values)]  # type: ignore[valid-type]
ExpenseStatusT: TypeAlias = Literal[tuple(ExpenseStatus.values)]  # type: ignore[valid-type]
ReviewStatusT: TypeAlias = Literal[tuple(ReviewStatus.values)]  # type: ignore[valid-type]
FindingStatusT: TypeAlias = Literal[tuple(FindingStatus.values)]  # type: ignore[valid-type]


class PaymentFilter(Schema):
    q: str = ""
    method: MethodT | Literal[""] = ""
    shared: bool | None = None
    paid_from: date | None = None
    paid_to: date | None = None
    under_id: int | None = None


PAYMENTS = ListSpec(
    name="finance-payments",
    filters=PaymentFilter,
    rows=selectors.payment_list,
    sorts={
        "-paid": Sort(_("newest first"), ("-paid_on", "-id")),
        "paid": Sort(_("oldest first"), ("paid_on", "id")),
        "-amount": Sort(_("largest first"), ("-amount", "-id")),
        "enterprise": Sort(
            _("enterprise (pinyin)"), ("payer__enterprise__name_pinyin", "-paid_on", "-id")
        ),
    },
    columns=(
        Column(_("ID"), lambda p: p.pk, on_page=False),
        Column(_("enterprise"), lambda p: p.payer.enterprise.name, note=lambda p: p.reference),
        Column(_("collecting federation"), lambda p: p.collector.name, narrow=True),
        Column(_("paid on"), lambda p: p.paid_on),
        Column(_("amount (yuan)"), lambda p: yuan(p.amount)),
        Column(_("collected"), lambda p: p.get_method_display(), narrow=True),
        Column(_("voucher number"), lambda p: p.reference, on_page=False),
    ),
)


class DueFilter(Schema):
    q: str = ""
    year: int | None = None
    arrears: bool = False
    under_id: int | None = None


DUES = ListSpec(
    name="finance-dues",
    filters=DueFilter,
    rows=selectors.due_list,
    sorts={
        "-period": Sort(_("newest first"), ("-starts_on", "payer_id")),
        "due_on": Sort(_("oldest due first"), ("due_on", "payer_id")),
        "enterprise": Sort(
            _("enterprise (pinyin)"), ("payer__enterprise__name_pinyin", "-starts_on")
        ),
        "-amount": Sort(_("largest first"), ("-amount", "payer_id")),
    },
    columns=(
        Column(_("ID"), lambda d: d.pk, on_page=False),
        Column(
            _("enterprise"),
            lambda d: d.payer.enterprise.name,
            note=lambda d: d.payer.enterprise.credit_code,
        ),
        Column(
            _("period"),
            lambda d: f"{d.year}-{d.period:02d}",
            link=lambda d: reverse("finance-due", args=[d.pk]),
        ),
        Column(_("payroll (yuan)"), lambda d: yuan(d.payroll), narrow=True),
        Column(_("due (yuan)"), lambda d: yuan(d.amount)),
        Column(_("paid (yuan)"), lambda d: yuan(d.paid)),
        Column(_("owing (yuan)"), lambda d: yuan(d.owing)),
        Column(_("due on"), lambda d: d.due_on, narrow=True),
        Column(_("exempt"), lambda d: _("yes") if d.exempt else "", on_page=False),
    ),
)


class DeclarationFilter(Schema):
    q: str = ""
    year: int | None = None
    corrections: bool | None = None
    due_id: int | None = None
    under_id: int | None = None


DECLARATIONS = ListSpec(
    name="finance-declarations",
    filters=DeclarationFilter,
    rows=selectors.declaration_list,
    sorts={
        "-declared": Sort(_("newest first"), ("-declared_at", "-id")),
        "declared": Sort(_("oldest first"), ("declared_at", "id")),
    },
    columns=(
        Column(_("ID"), lambda d: d.pk, on_page=False),
        Column(
            _("enterprise"),
            lambda d: d.due.payer.enterprise.name,
            note=lambda d: d.due.payer.enterprise.credit_code,
        ),
        Column(
            _("period"),
            lambda d: f"{d.due.year}-{d.due.period:02d}",
            link=lambda d: reverse("finance-due", args=[d.due_id]),
        ),
        Column(_("payroll (yuan)"), lambda d: yuan(d.payroll)),
        Column(_("due (yuan)"), lambda d: yuan(d.amount)),
        Column(_("reason for the correction"), lambda d: d.reason),
        Column(_("declared at"), lambda d: d.declared_at, narrow=True),
    ),
)


class RebateFilter(Schema):
    kind: RebateKindT | Literal[""] = ""
    status: RebateStatusT | Literal[""] = ""
    year: int | None = None
    waiting: bool = False


REBATES = ListSpec(
    name="finance-rebates",
    filters=RebateFilter,
    rows=selectors.rebate_list,
    sorts={
        "-applied": Sort(_("newest first"), ("-applied_at", "-id")),
        "applied": Sort(_("oldest first"), ("applied_at", "id")),
        "-amount": Sort(_("largest first"), ("-amount", "-id")),
    },
    columns=(
        Column(_("ID"), lambda r: r.pk, on_page=False),
        Column(
            _("receiving union"),
            lambda r: r.union.name,
            link=lambda r: reverse("finance-rebate", args=[r.pk]),
            note=lambda r: r.get_kind_display(),
        ),
        Column(_("paying federation"), lambda r: r.federation.name, narrow=True),
        Column(_("year"), lambda r: r.year),
        Column(_("amount (yuan)"), lambda r: yuan(r.amount)),
        Column(_("status"), lambda r: r.get_status_display()),
        Column(_("paid on"), lambda r: r.paid_on, on_page=False),
    ),
)


class BudgetFilter(Schema):
    year: int | None = None
    item: ItemT | Literal[""] = ""
    under_id: int | None = None


def _rate(b) -> str:
    return f"{b.spent * 100 / b.amount:.1f}%" if b.amount else ""


BUDGETS = ListSpec(
    name="finance-budgets",
    filters=BudgetFilter,
    rows=selectors.budget_list,
    sorts={
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-year", "item")),
        "-year": Sort(_("newest first"), ("-year", "union__name_pinyin", "item")),
        "-spent": Sort(_("most spent"), ("-spent", "id")),
    },
    columns=(
        Column(_("ID"), lambda b: b.pk, on_page=False),
        Column(_("union"), lambda b: b.union.name, note=lambda b: b.get_item_display()),
        Column(_("year"), lambda b: b.year, narrow=True),
        Column(_("budget (yuan)"), lambda b: yuan(b.amount)),
        Column(_("spent (yuan)"), lambda b: yuan(b.spent)),
        Column(_("execution rate"), _rate),
        Column(
            _("warning"),
            lambda b: _("near the limit") if b.spent * 100 >= b.amount * b.warn_at else "",
        ),
    ),
)


class ExpenseFilter(Schema):
    item: ItemT | Literal[""] = ""
    status: ExpenseStatusT | Literal[""] = ""
    year: int | None = None
    waiting: bool = False
    under_id: int | None = None


EXPENSES = ListSpec(
    name="finance-expenses",
    filters=ExpenseFilter,
    rows=selectors.expense_list,
    sorts={
        "-spent": Sort(_("newest first"), ("-spent_on", "-id")),
        "-amount": Sort(_("largest first"), ("-amount", "-id")),
    },
    columns=(
        Column(_("ID"), lambda e: e.pk, on_page=False),
        Column(_("union"), lambda e: e.union.name, note=lambda e: e.memo),
        Column(
            _("item"),
            lambda e: e.get_item_display(),
            link=lambda e: reverse("finance-expense", args=[e.pk]),
            narrow=True,
        ),
        Column(_("spent on"), lambda e: e.spent_on),
        Column(_("amount (yuan)"), lambda e: yuan(e.amount)),
        Column(_("status"), lambda e: e.get_status_display()),
    ),
)


class ReviewFilter(Schema):
    year: int | None = None
    status: ReviewStatusT | Literal[""] = ""


REVIEWS = ListSpec(
    name="finance-reviews",
    filters=ReviewFilter,
    rows=selectors.review_list,
    sorts={
        "-opened": Sort(_("newest first"), ("-opened_on", "-id")),
        "opened": Sort(_("oldest first"), ("opened_on", "id")),
    },
    columns=(
        Column(_("ID"), lambda r: r.pk, on_page=False),
        Column(
            _("title"),
            lambda r: r.title,
            link=lambda r: reverse("finance-review", args=[r.pk]),
            note=lambda r: r.union.name,
        ),
        Column(_("reviewing union"), lambda r: r.committee.name, narrow=True),
        Column(_("year"), lambda r: r.year),
        Column(_("status"), lambda r: r.get_status_display()),
        Column(_("opened on"), lambda r: r.opened_on, narrow=True),
    ),
)


class FindingFilter(Schema):
    status: FindingStatusT | Literal[""] = ""
    overdue: bool = False
    review_id: int | None = None


FINDINGS = ListSpec(
    name="finance-findings",
    filters=FindingFilter,
    rows=selectors.finding_list,
    sorts={
        "rectify_by": Sort(_("rectify by, soonest first"), ("rectify_by", "id")),
        "-created": Sort(_("newest first"), ("-created_at", "-id")),
    },
    columns=(
        Column(_("ID"), lambda f: f.pk, on_page=False),
        Column(
            _("finding"),
            lambda f: f.text,
            link=lambda f: reverse("finance-review", args=[f.review_id]),
            note=lambda f: f.review.union.name,
        ),
        Column(_("amount involved (yuan)"), lambda f: yuan(f.amount), narrow=True),
        Column(_("rectify by"), lambda f: f.rectify_by),
        Column(_("status"), lambda f: f.get_status_display()),
        Column(_("rectification"), lambda f: f.rectification, on_page=False),
    ),
)
