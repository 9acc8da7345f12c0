"""Sharing between levels: the rule, the split to the fen, the postings, reconciliation."""

from datetime import date

import pytest
from django.db.models import Sum
from hypothesis import given
from hypothesis import strategies as st

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Account, Entry, Posting
from gonghui.core.errors import ServiceError
from gonghui.finance import selectors, services, sharing
from gonghui.finance.models import Share, ShareRule

from .conftest import YEAR, pay

LEVELS = ["national", "province", "city", "county", "grassroots"]


@pytest.mark.one_db
@given(
    amount=st.integers(min_value=1, max_value=10**12),
    cuts=st.lists(st.integers(min_value=0, max_value=10_000), min_size=4, max_size=4),
    remainder_to=st.sampled_from(LEVELS),
)
def test_shares_sum_to_the_payment(amount, cuts, remainder_to):
    points = sorted(cuts)
    bps = dict(
        zip(
            LEVELS,
            [b - a for a, b in zip([0, *points], [*points, 10_000], strict=True)],
            strict=True,
        )
    )
    shares = sharing.split(amount, bps, remainder_to)
    assert sum(shares.values()) == amount
    assert all(v >= 0 for v in shares.values())
    for level in LEVELS:  # each share is its rate rounded down, the remainder aside
        exact = amount * bps[level] // 10_000
        assert shares[level] - exact in ((0,) if level != remainder_to else range(0, 5))


@pytest.mark.one_db
@given(
    amount=st.integers(min_value=1, max_value=10**12), union=st.booleans(), national=st.booleans()
)
def test_share_legs_balance(amount, union, national):
    orgs = sharing.LevelOrgs(
        collector=4, province=1, city=2, county=4, national=9 if national else None
    )
    shares = sharing.split(
        amount,
        {"national": 500, "province": 1500, "city": 2000, "county": 0, "grassroots": 6000},
        "county",
    )
    legs = sharing.share_legs(amount, shares, orgs, 7 if union else None)
    assert sum(leg.amount for leg in legs) == 0
    assert len({leg.key for leg in legs}) == len(legs)


def test_month_shared_to_the_levels(fin):
    pay(fin, 100_001)  # 1,000.01 yuan
    pay(fin, 333, payer=fin.small_payer)
    assert (
        services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3) == 2
    )
    assert (
        services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3) == 0
    )
    first = Share.objects.get(payment__payer=fin.payer)
    assert (first.national, first.provincial, first.city, first.county, first.grassroots) == (
        5_000,
        15_000,
        20_000,
        1,
        60_000,
    )
    # The national share waits at the province (the tree starts there); the grassroots
    # share of the enterprise without a union is the county's union-building fund.
    assert ledger.balance(fin.province.pk, "fin_up_payable") == 5_000 + 16
    assert ledger.balance(fin.grassroots.pk, "fin_income") == 60_000
    assert ledger.balance(fin.county.pk, "fin_prep") == 199
    assert ledger.balance(fin.county.pk, "fin_unshared") == 0
    bank = sum(Account.objects.filter(kind="fin_bank").values_list("balance", flat=True))
    assert bank == 100_001 + 333
    report = selectors.reconciliation(
        actor=fin.province_staff,
        org_id=fin.province.pk,
        start=date(YEAR, 3, 1),
        end=date(YEAR, 3, 31),
    )
    assert report.received == report.shared == 100_334 and report.unshared == 0
    assert sum(report.levels.values()) == 100_334


def test_no_rule_no_sharing(fin):
    pay(fin, 1000, day=date(2021, 5, 1))
    with pytest.raises(ServiceError) as err:
        services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=2021, month=5)
    assert err.value.code == "no_share_rule"
    assert not Share.objects.exists()


def test_rule_must_sum_to_whole_and_is_fixed_once_used(fin):
    with pytest.raises(ServiceError):
        services.set_share_rule(
            actor=fin.province_staff,
            province_id=fin.province.pk,
            year=2023,
            national=500,
            provincial=1500,
            city=2000,
            county=0,
            grassroots=5000,
        )
    assert not ShareRule.objects.filter(year=2023).exists()
    pay(fin, 1000)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)
    with pytest.raises(ServiceError):
        services.set_share_rule(
            actor=fin.province_staff,
            province_id=fin.province.pk,
            year=YEAR,
            national=1000,
            provincial=1000,
            city=2000,
            county=0,
            grassroots=6000,
        )


def test_county_cannot_set_the_rule(fin):
    with pytest.raises(ServiceError):
        services.set_share_rule(
            actor=fin.county_staff,
            province_id=fin.county.pk,
            year=2023,
            national=500,
            provincial=1500,
            city=2000,
            county=0,
            grassroots=6000,
        )


def test_every_finance_posting_balances(fin):
    pay(fin, 12_345)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)
    sums = Entry.objects.values("posting").annotate(n=Sum("amount")).values_list("n", flat=True)
    assert set(sums) == {0}


@pytest.mark.one_db
@given(
    st.lists(
        st.tuples(st.integers(1, 10**9), st.sampled_from([None, 7, 8])), min_size=1, max_size=6
    )
)
def test_netted_legs_are_the_sum_of_each_payments_legs(payments):
    orgs = sharing.LevelOrgs(collector=1, province=2, city=3, county=1, national=None)
    bps = {"national": 500, "province": 1500, "city": 2000, "county": 0, "grassroots": 6000}
    cut = sharing.splitter(bps, "county")
    rows = [(amount, cut(amount), union) for amount, union in payments]
    netted = sharing.netted_legs(rows, orgs)
    assert sum(leg.amount for leg in netted) == 0
    assert len({leg.key for leg in netted}) == len(netted)
    each: dict = {}
    for amount, _shares, union in rows:
        shares = sharing.split(amount, bps, "county")
        for leg in sharing.share_legs(amount, shares, orgs, union):
            each[leg.key] = each.get(leg.key, 0) + leg.amount
    assert {leg.key: leg.amount for leg in netted} == {k: n for k, n in each.items() if n}


def test_a_days_payments_share_in_one_balanced_voucher_to_the_fen(fin):
    """Four payments on two days (with and without the enterprise's union): one sharing
    voucher per collector and day, every posting balanced, and each level's account
    holds exactly the sum of its shares."""
    amounts = [(100_001, fin.payer, 3), (333, fin.small_payer, 3), (7, fin.payer, 9)]
    amounts.append((99_999_999, fin.small_payer, 9))
    for amount, payer, day in amounts:
        pay(fin, amount, day=date(YEAR, 3, day), payer=payer)
    assert (
        services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3) == 4
    )
    postings = Posting.objects.filter(kind="fin_share")
    assert sorted(p.voucher.booked_on.day for p in postings) == [3, 9]
    sums = Entry.objects.values("posting").annotate(n=Sum("amount")).values_list("n", flat=True)
    assert set(sums) == {0}
    shares = Share.objects.aggregate(
        a=Sum("amount"), n=Sum("national"), p=Sum("provincial"), c=Sum("city"), k=Sum("county")
    )
    total = sum(a for a, _p, _d in amounts)
    assert shares["a"] == total
    union_part = sum(s.grassroots for s in Share.objects.filter(payment__payer=fin.payer))
    prep_part = sum(s.grassroots for s in Share.objects.filter(payment__payer=fin.small_payer))
    assert shares["n"] + shares["p"] + shares["c"] + shares["k"] + union_part + prep_part == total
    assert ledger.balance(fin.province.pk, "fin_up_payable") == shares["n"]
    assert ledger.balance(fin.province.pk, "fin_income") == shares["p"]
    assert ledger.balance(fin.city.pk, "fin_income") == shares["c"]
    assert ledger.balance(fin.county.pk, "fin_income") == shares["k"]
    assert ledger.balance(fin.grassroots.pk, "fin_income") == union_part
    assert ledger.balance(fin.county.pk, "fin_prep") == prep_part
    assert ledger.balance(fin.county.pk, "fin_unshared") == 0
    bank = sum(Account.objects.filter(kind="fin_bank").values_list("balance", flat=True))
    assert bank == total
    assert {s.posting_id for s in Share.objects.filter(paid_on=date(YEAR, 3, 3))} == {
        postings.get(voucher__booked_on=date(YEAR, 3, 3)).pk
    }
