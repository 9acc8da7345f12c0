"""Additive figures: a period's value is pieced together from its closed months' roll-ups
and the open days counted live (reports.selectors.values_of), so each figure marked
`additive=True` must give, for a year, the sum of its twelve months. Checked on the finance,
rights (mediation) and welfare demos, whose records are spread over the months of 2022."""

import calendar
from datetime import date

import pytest

from gonghui.assistance.demo import demo_actors
from gonghui.core.figures import REGISTRY, Period, values_many
from gonghui.finance import demo as finance_demo
from gonghui.finance import services as finance_services
from gonghui.finance.models import Payer
from gonghui.rights import demo as rights_demo
from gonghui.rights.models import Mediation, MediationStatus
from gonghui.welfare import demo as welfare_demo
from gonghui.welfare.models import Enrolment

from ..factories import id_number, make_member, unionized_enterprises

YEAR = 2022

# Counts and sums of records dated inside the period (received, closed, enrolled, paid,
# spent, found on a day of it), marked additive in issue 13 item 3's second pass.
MARKED = [
    "rights.mediations",
    "rights.mediations_workers",
    "rights.mediations_closed",
    "rights.mediations_closed.by_status.agreed",
    "rights.mediations_closed.by_status.failed",
    "rights.mediations_closed.by_status.referred",
    "rights.mediation_amount_agreed",
    "welfare.enrolled",
    "welfare.enrolled_free",
    "welfare.premiums",
    "welfare.claims_paid",
    "welfare.claim_payouts",
    "finance.due",
    "finance.collected",
    "finance.collected_tax",
    "finance.shared",
    "finance.shared_national",
    "finance.shared_provincial",
    "finance.shared_city",
    "finance.shared_county",
    "finance.shared_grassroots",
    "finance.rebated",
    "finance.rebated_tech",
    "finance.spent",
    "finance.findings",
]
# Stocks, rates and counts of a year pieced from months would be wrong: these stay live.
NOT_ADDITIVE = ["finance.budget", "finance.execution_rate", "finance.arrears"]


@pytest.fixture
def demos(world):
    unionized_enterprises((world.county, world.sibling))
    for i in range(12):  # the welfare demo enrols members of the province
        make_member(world.grassroots, f"会员{i}", number_id=id_number(f"199001{i + 10:02d}"))
    finance_demo.build_demo("small", seed=5)
    rights_demo.build_demo("tiny", seed=4)
    welfare_demo.build_demo("tiny", seed=YEAR)
    # What the demos leave in one month or none: dues declared, free cover, referrals.
    maker, _checker = demo_actors(world.province)
    for payer in Payer.objects.order_by("pk")[:3]:
        for period in (1, 2, 3):
            finance_services.declare_payroll(
                actor=maker, payer_id=payer.pk, year=YEAR, period=period, payroll=900_000_00
            )
    enrolments = list(Enrolment.objects.order_by("pk").values_list("pk", flat=True))
    Enrolment.objects.filter(pk__in=enrolments[:4]).update(enrolled_on=date(YEAR, 6, 15), free=True)
    Enrolment.objects.filter(pk__in=enrolments[4:6]).update(enrolled_on=date(YEAR, 9, 1), free=True)
    closed = Mediation.objects.filter(closed_on__isnull=False).order_by("closed_on")
    Mediation.objects.filter(pk__in=[closed.first().pk, closed.last().pk]).update(
        status=MediationStatus.REFERRED, referred_to="劳动人事争议仲裁委员会", amount_agreed=0
    )
    return world


def test_marked_figures_are_the_sum_of_their_months(demos):
    path = demos.province.path
    months = [
        Period(date(YEAR, m, 1), date(YEAR, m, calendar.monthrange(YEAR, m)[1]))
        for m in range(1, 13)
    ]
    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    figures = [REGISTRY[key] for key in MARKED]
    assert [f.key for f in figures if not f.additive] == []
    assert [key for key in NOT_ADDITIVE if REGISTRY[key].additive] == []
    values = values_many([(f, path, p) for f in figures for p in [year, *months]])
    for i, figure in enumerate(figures):
        yearly, *monthly = values[i * 13 : (i + 1) * 13]
        assert sum(monthly) == yearly, figure.key
    # No figure is 0 = 0, and the records of each kind are spread over two months or more
    # (all in one month, the test would prove nothing about piecing months together).
    spread = {
        key: sum(1 for v in values[i * 13 + 1 : (i + 1) * 13] if v) for i, key in enumerate(MARKED)
    }
    assert [key for key, months in spread.items() if months == 0] == []
    spread_keys = ["rights.mediations", "rights.mediations_closed", "welfare.enrolled"]
    spread_keys += ["welfare.enrolled_free", "finance.due", "finance.collected", "finance.spent"]
    assert [key for key in spread_keys if spread[key] < 2] == []
