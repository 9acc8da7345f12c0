"""Rights figures (seed 004 §3): cases taken and closed, by kind, channel and outcome, the
money recovered for workers, and the workers the cases concerned. A case counts in the
period it was opened (taken) or closed (closed, outcomes, money)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import UPHELD, CaseKind, Channel, Outcome, RightsCase

CASES = pgettext_lazy("unit", "cases")
PEOPLE = pgettext_lazy("unit", "people")
FEN = pgettext_lazy("unit", "fen")


def opened(path, period):
    return RightsCase.objects.select_related("union").filter(
        union__path__startswith=path, opened_on__range=(period.start, period.end)
    )


def closed(path, period):
    return RightsCase.objects.select_related("union").filter(
        union__path__startswith=path,
        status="closed",
        closed_on__range=(period.start, period.end),
    )


def _register(key, label, unit, records, sum_field=None):
    register(
        Figure(
            key,
            label,
            unit,
            records,
            sum_field=sum_field,
            path_field="union__path",
            additive=True,
        )
    )


_register("rights.cases", _("rights cases taken"), CASES, opened)
_register(
    "rights.cases_workers", _("workers the cases taken concern"), PEOPLE, opened, "workers_involved"
)
for kind, label in CaseKind.choices:
    _register(f"rights.cases.by_kind.{kind}", label, CASES, filtered(opened, kind=kind))
for channel, label in Channel.choices:
    _register(f"rights.cases.by_channel.{channel}", label, CASES, filtered(opened, channel=channel))
_register("rights.cases_closed", _("rights cases closed"), CASES, closed)
for outcome, label in Outcome.choices:
    _register(
        f"rights.cases_closed.by_outcome.{outcome}", label, CASES, filtered(closed, outcome=outcome)
    )
_register(
    "rights.cases_upheld",
    _("cases closed with the worker's claim upheld"),
    CASES,
    filtered(closed, outcome__in=UPHELD),
)
_register("rights.recovered", _("money recovered for workers"), FEN, closed, "amount_recovered")
