"""The employment fund on the one ledger: set aside from general funds, paid once per
request, balances and figures read from the ledger, bad input changes nothing."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Posting
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.employment import services
from gonghui.employment.models import FundPayment, TrainingSession
from tests.factories import fund_org

DAY = date(2022, 6, 1)
YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
def fund(world):
    fund_org(world.county, 1_000_000_00)
    services.fund_allot(
        actor=world.county_staff, union_id=world.county.pk, amount=500_000_00, request_key="a1"
    )
    return world


def _session(world):
    return TrainingSession.objects.create(
        union=world.county,
        title="家政服务技能培训班",
        kind="skills",
        trade="care",
        starts_on=DAY,
        ends_on=DAY,
        created_by=world.county_staff,
    )


def _pay(world, **changes):
    fields = {
        "union_id": world.county.pk,
        "use": "training",
        "amount": 30_000_00,
        "paid_on": DAY,
        "memo": "培训费",
        "request_key": "p1",
    }
    fields.update(changes)
    return services.fund_pay(actor=world.county_staff, **fields)


def test_the_fund_is_set_aside_once_and_its_balance_is_the_ledgers(fund):
    w = fund
    again = services.fund_allot(
        actor=w.county_staff, union_id=w.county.pk, amount=500_000_00, request_key="a1"
    )
    assert Posting.objects.filter(kind="employment_allot").count() == 1 and again.pk
    assert ledger.balance(w.county.pk, "employment_fund") == 500_000_00
    assert ledger.balance(w.county.pk, "available") == 500_000_00


def test_a_payment_is_made_once_under_a_repeated_request(fund):
    w = fund
    session = _session(w)
    first = _pay(w, session_id=session.pk)
    second = _pay(w, session_id=session.pk)  # the form sent twice
    assert first.pk == second.pk
    assert FundPayment.objects.count() == 1
    assert Posting.objects.filter(kind="employment_pay").count() == 1
    assert ledger.balance(w.county.pk, "employment_fund") == 470_000_00
    assert ledger.balance(w.county.pk, "employment_paid") == 30_000_00
    assert REGISTRY["employment.fund_paid"].value(w.province.path, YEAR) == 30_000_00
    # the same key for another sum is refused and nothing moves
    with pytest.raises(ServiceError) as err:
        _pay(w, session_id=session.pk, amount=1_00)
    assert err.value.code == "conflict"
    assert ledger.balance(w.county.pk, "employment_fund") == 470_000_00


def test_a_grant_goes_into_the_lower_unions_fund(fund):
    w = fund
    _pay(w, use="grant", to_id=w.township.pk, request_key="g1", amount=100_000_00)
    assert ledger.balance(w.township.pk, "employment_fund") == 100_000_00
    assert ledger.balance(w.county.pk, "employment_fund") == 400_000_00
    assert REGISTRY["employment.fund_granted"].value(w.county.path, YEAR) == 100_000_00
    assert REGISTRY["employment.fund_paid"].value(w.county.path, YEAR) == 0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"amount": 0}, "amount"),
        ({"amount": 600_000_00}, "amount"),  # more than the fund holds
        ({"use": "party"}, "use"),
        ({"paid_on": date(2099, 1, 1)}, "paid_on"),
        ({"use": "grant", "to_id": None}, ""),  # no union named: 404
        ({"use": "grant", "to_id": "sibling"}, "to_id"),
    ],
)
def test_bad_payments_change_nothing(fund, changes, field):
    w = fund
    if changes.get("to_id") == "sibling":
        changes["to_id"] = w.county.pk  # not below itself
    session = _session(w)
    with pytest.raises(Exception) as err:  # noqa: B017 (a ServiceError, or 404 with no union)
        _pay(w, session_id=session.pk, **changes)
    if field:
        assert isinstance(err.value, ServiceError) and field in err.value.fields
    assert not FundPayment.objects.exists()
    assert ledger.balance(w.county.pk, "employment_fund") == 500_000_00


def test_only_the_paying_unions_staff_or_above_pay(fund):
    w = fund
    session = _session(w)
    with pytest.raises(Exception):  # noqa: B017 (404: not a union they write at)
        services.fund_pay(
            actor=w.sibling_staff,
            union_id=w.county.pk,
            use="training",
            amount=1_00,
            paid_on=DAY,
            session_id=session.pk,
        )
    assert not FundPayment.objects.exists()
