"""Union finance figures: funds due and collected (by the union, by the tax authority),
shared between the levels, rebated, budgets and their execution, and the audit
committee's findings. Money counts on the day it moved, by the collecting federation's
(or the union's) place in the tree."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import REGISTRY, Figure, Ratio, filtered, register

from .models import (
    Budget,
    Due,
    Expense,
    ExpenseStatus,
    Finding,
    Method,
    Payment,
    Rebate,
    RebateStatus,
    Share,
)
from .selectors import in_arrears

FEN = pgettext_lazy("unit", "fen")
ITEMS = pgettext_lazy("unit", "items")
PER_MILLE = pgettext_lazy("unit", "per mille")


def _due(path, period):
    return Due.objects.select_related("payer__enterprise", "collector").filter(
        collector__path__startswith=path, starts_on__range=(period.start, period.end), exempt=False
    )


def _arrears(path, period):
    return in_arrears(_due(path, period))


def _collected(path, period):
    return Payment.objects.select_related("payer__enterprise", "collector").filter(
        collector__path__startswith=path, paid_on__range=(period.start, period.end)
    )


def _shared(path, period):
    return Share.objects.select_related("payment__payer__enterprise", "collector").filter(
        collector__path__startswith=path, paid_on__range=(period.start, period.end)
    )


def _rebated(path, period):
    return Rebate.objects.select_related("union", "federation").filter(
        union__path__startswith=path,
        status=RebateStatus.PAID,
        paid_on__range=(period.start, period.end),
    )


def _budgets(path, period):
    return Budget.objects.select_related("union").filter(
        union__path__startswith=path, year__range=(period.start.year, period.end.year)
    )


def _spent(path, period):
    return Expense.objects.select_related("union").filter(
        union__path__startswith=path,
        status=ExpenseStatus.PAID,
        spent_on__range=(period.start, period.end),
    )


def _findings(path, period):
    return Finding.objects.select_related("review__union").filter(
        review__union__path__startswith=path, created_at__date__range=(period.start, period.end)
    )


def _spent_in_budget_years(path, period):
    """Spending of the budgets' years (the execution rate's numerator)."""
    return Expense.objects.filter(
        union__path__startswith=path,
        status=ExpenseStatus.PAID,
        spent_on__year__range=(period.start.year, period.end.year),
    )


register(
    Figure(
        "finance.due",
        _("union funds due"),
        FEN,
        _due,
        "amount",
        "collector__path",
        additive=True,
    )
)
register(
    Figure(
        "finance.arrears",
        _("union funds in arrears (dues)"),
        ITEMS,
        _arrears,
        None,
        "collector__path",
        snapshot=True,  # still owed today: the roll-up counted after the period's end is kept
    )
)
register(
    Figure(
        "finance.collected",
        _("union funds collected"),
        FEN,
        _collected,
        "amount",
        "collector__path",
        additive=True,
    )
)
register(
    Figure(
        "finance.collected_tax",
        _("union funds collected by the tax authority"),
        FEN,
        filtered(_collected, method=Method.TAX),
        "amount",
        "collector__path",
        additive=True,
    )
)
register(
    Figure(
        "finance.shared",
        _("union funds shared between levels"),
        FEN,
        _shared,
        "amount",
        "collector__path",
        additive=True,
    )
)
for level, label in (
    ("national", _("shared to the national federation")),
    ("provincial", _("shared to the provincial federation")),
    ("city", _("shared to city federations")),
    ("county", _("shared to county federations")),
    ("grassroots", _("shared to grassroots unions")),
):
    register(
        Figure(
            f"finance.shared_{level}", label, FEN, _shared, level, "collector__path", additive=True
        )
    )
register(
    Figure(
        "finance.rebated",
        _("union funds rebated"),
        FEN,
        _rebated,
        "amount",
        "union__path",
        additive=True,
    )
)
register(
    Figure(
        "finance.rebated_tech",
        _("rebated to small and medium tech enterprises"),
        FEN,
        filtered(_rebated, kind="tech_sme"),
        "amount",
        "union__path",
        additive=True,
    )
)
register(Figure("finance.budget", _("budgets"), FEN, _budgets, "amount", "union__path"))
register(
    Figure(
        "finance.spent",
        _("expenditure against budgets"),
        FEN,
        _spent,
        "amount",
        "union__path",
        additive=True,
    )
)
# Spending of the budgets' years against the budgets, in per mille (执行率 ‰): the rows
# behind it are the budgets.
register(
    Ratio(
        "finance.execution_rate",
        _("budget execution rate"),
        PER_MILLE,
        _budgets,
        numerator=Figure(
            "finance.execution_rate.spent",
            _("expenditure against budgets"),
            FEN,
            _spent_in_budget_years,
            "amount",
            "union__path",
        ),
        denominator=REGISTRY["finance.budget"],
    )
)
register(
    Figure(
        "finance.findings",
        _("audit findings"),
        ITEMS,
        _findings,
        None,
        "review__union__path",
        additive=True,
    )
)
