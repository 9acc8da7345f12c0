"""Any sequence of finance postings keeps every union's funds balanced: what it holds
and has spent equals what it received and owes (借方合计 = 贷方合计), and no account of
union finance goes below zero."""

from datetime import date

from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gonghui.campaigns.models import Account
from gonghui.core.errors import ServiceError
from gonghui.finance import services
from gonghui.finance.models import ACCOUNT_KINDS, Item

from .conftest import YEAR

CREDIT = {k for k, _l, c in ACCOUNT_KINDS if c}
KINDS = [k for k, _l, _c in ACCOUNT_KINDS]

step = st.one_of(
    st.tuples(st.just("pay"), st.booleans(), st.integers(1, 10**9), st.integers(1, 12)),
    st.tuples(st.just("share"), st.integers(1, 12)),
    st.tuples(st.just("spend"), st.sampled_from(list(Item.values)), st.integers(1, 10**8)),
    st.tuples(st.just("rebate"), st.integers(1, 10**7)),
)


def _balanced():
    rows = (
        Account.objects.filter(kind__in=KINDS)
        .values_list("organization_id", "kind")
        .annotate(n=Sum("balance"))
    )
    per_org: dict[int, int] = {}
    for org, kind, n in rows:
        assert n >= 0
        per_org[org] = per_org.get(org, 0) + (-n if kind in CREDIT else n)
    assert all(v == 0 for v in per_org.values()), per_org


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_any_sequence_keeps_every_fund_balanced(fin, steps):
    for s in steps:
        try:
            if s[0] == "pay":
                services.receive_payment(
                    actor=fin.county_staff,
                    payer_id=(fin.payer if s[1] else fin.small_payer).pk,
                    amount=s[2],
                    paid_on=date(YEAR, s[3], 1),
                    reference=f"P{Account.objects.count()}-{s[2]}-{s[3]}-{id(s)}",
                )
            elif s[0] == "share":
                services.share_month(
                    actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=s[1]
                )
            elif s[0] == "spend":
                e, _replayed = services.enter_expense(
                    actor=fin.county_staff,
                    union_id=fin.county.pk,
                    item=s[1],
                    amount=s[2],
                    spent_on=date(YEAR, 6, 1),
                    memo="职工活动",
                )
                services.decide_expense(actor=fin.county_checker, expense_id=e.pk, approve=True)
            else:
                r = services.apply_rebate(
                    actor=fin.cadre,
                    kind="grassroots",
                    union_id=fin.grassroots.pk,
                    year=2000 + Account.objects.count() % 100,
                    amount=s[1],
                )
                services.decide_rebate(actor=fin.county_staff, rebate_id=r.pk, approve=True)
                services.pay_rebate(
                    actor=fin.county_checker, rebate_id=r.pk, paid_on=date(YEAR, 7, 1)
                )
        except ServiceError:
            pass  # refused (not enough money, a repeated rebate): nothing changed
        _balanced()
