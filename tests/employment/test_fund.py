"""The employment fund on the one ledger: set aside from general funds, paid once per
request, balances and figures read from the ledger, bad input changes nothing."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.campaigns.models import Posting
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.employment import services
from gonghui.employment.models import FundAllotment, FundPayment, TrainingSession
from tests.factories import fund_org
from tests.replay import check_once_per_key

DAY = date(2022, 6, 1)
YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
def fund(world):
    fund_org(world.county, 1_000_000_00)
    services.fund_allot(
        actor=world.county_staff,
        union_id=world.county.pk,
        amount=500_000_00,
        request_key="allot-0001",
        allotted_on=DAY,
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
        "request_key": "pay-00001",
    }
    fields.update(changes)
    payment, _replayed = services.fund_pay(actor=world.county_staff, **fields)
    return payment


def test_the_fund_is_set_aside_once_and_its_balance_is_the_ledgers(fund):
    w = fund
    again, replayed = services.fund_allot(
        actor=w.county_staff, union_id=w.county.pk, amount=500_000_00, request_key="allot-0001"
    )
    assert replayed
    assert Posting.objects.filter(kind="employment_allot").count() == 1
    assert again.pk == FundAllotment.objects.get().pk
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
    assert REGISTRY["employment.fund.paid"].value(w.province.path, YEAR) == 30_000_00
    # the same key for another sum is refused and nothing moves
    with pytest.raises(ServiceError) as err:
        _pay(w, session_id=session.pk, amount=1_00)
    assert err.value.code == "conflict"
    assert ledger.balance(w.county.pk, "employment_fund") == 470_000_00


def test_a_grant_goes_into_the_lower_unions_fund(fund):
    w = fund
    _pay(w, use="grant", to_id=w.township.pk, request_key="grant-0001", amount=100_000_00)
    assert ledger.balance(w.township.pk, "employment_fund") == 100_000_00
    assert ledger.balance(w.county.pk, "employment_fund") == 400_000_00
    assert REGISTRY["employment.fund.granted"].value(w.county.path, YEAR) == 100_000_00
    assert REGISTRY["employment.fund.paid"].value(w.county.path, YEAR) == 0


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


def test_an_allotment_is_made_once_per_key_and_a_key_is_required(fund):
    w = fund
    with pytest.raises(ServiceError) as err:
        services.fund_allot(
            actor=w.county_staff, union_id=w.county.pk, amount=1_00, request_key="allot-0001"
        )
    assert err.value.code == "conflict"
    with pytest.raises(ServiceError) as err:
        services.fund_allot(actor=w.county_staff, union_id=w.county.pk, amount=1_00, request_key="")
    assert "request_key" in err.value.fields
    assert FundAllotment.objects.count() == 1
    assert ledger.balance(w.county.pk, "employment_fund") == 500_000_00
    assert REGISTRY["employment.fund.allotted"].value(w.province.path, YEAR) == 500_000_00


def test_the_api_double_submit_moves_money_once(fund, as_user):
    w = fund
    client = as_user(w.county_staff)
    body = {
        "union_id": w.county.pk,
        "amount": 100_000_00,
        "memo": "再安排",
        "idempotency_key": "allot-api-0001",
    }

    def send(url):
        return lambda body: client.post(url, body, content_type="application/json")

    def rows():
        return (
            FundAllotment.objects.count(),
            FundPayment.objects.count(),
            Posting.objects.count(),
            AuditEvent.objects.count(),
        )

    _allotment, refused = check_once_per_key(
        send("/api/v1/employment/fund/allotments"),
        body,
        dict(body, amount=1_00),
        rows=rows,
        refused_code="conflict",
    )
    assert list(refused["fields"]) == ["idempotency_key"]  # the caller's input, by its name
    assert FundAllotment.objects.count() == 2  # the fixture's and this one
    session = _session(w)
    pay = {
        "union_id": w.county.pk,
        "use": "training",
        "amount": 20_000_00,
        "paid_on": "2022-06-01",
        "session_id": session.pk,
        "idempotency_key": "pay-api-00001",
    }
    one, _refused = check_once_per_key(
        send("/api/v1/employment/fund/payments"),
        pay,
        dict(pay, amount=1_00),
        rows=rows,
        refused_code="conflict",
    )
    assert FundPayment.objects.count() == 1
    # no key: 422, nothing written
    keyless = dict(pay, idempotency_key=None)
    assert (
        client.post(
            "/api/v1/employment/fund/payments", keyless, content_type="application/json"
        ).status_code
        == 422
    )
    fund_now = client.get(f"/api/v1/employment/fund/{w.county.pk}").json()
    assert (
        fund_now["balance"]
        == 600_000_00 - 20_000_00
        == ledger.balance(w.county.pk, "employment_fund")
    )
    assert (fund_now["allotted"], fund_now["paid"]) == (600_000_00, 20_000_00)
    listed = client.get("/api/v1/employment/fund/payments?use=training").json()
    assert [p["id"] for p in listed["items"]] == [one["id"]]
    assert client.get("/api/v1/employment/fund/payments?use=grant").json()["items"] == []


def test_the_pages_allot_and_pay_once_under_a_double_submit(fund, as_user):
    w = fund
    client = as_user(w.county_staff)
    form = client.get("/employment/fund/pay/").content.decode()
    assert 'name="request_key"' in form
    session = _session(w)
    data = {
        "union": str(w.county.pk),
        "use": "training",
        "amount": "3,000",
        "paid_on": "2022-06-01",
        "session": str(session.pk),
        "request_key": "page-pay-0001",
    }
    assert client.post("/employment/fund/pay/", data).status_code == 302
    assert client.post("/employment/fund/pay/", data).status_code == 302  # sent twice
    assert FundPayment.objects.get().amount == 3_000_00
    # more than the fund holds: a clear error, nothing written
    big = dict(data, amount="900000", request_key="page-pay-0002")
    answer = client.post("/employment/fund/pay/", big)
    assert answer.status_code == 400 and FundPayment.objects.count() == 1
    page = client.get(f"/employment/fund/?union_id={w.county.pk}").content.decode()
    assert "<b>497,000.00</b>" in page  # 500,000 yuan allotted, 3,000 paid once
    exported = b"".join(client.get("/employment/fund/?export=csv").streaming_content).decode()
    assert session.title in exported and "3,000.00" in exported
    allot = {
        "union": str(w.county.pk),
        "amount": "1000",
        "allotted_on": "2022-06-01",
        "request_key": "page-allot-01",
    }
    assert client.post("/employment/fund/allot/", allot).status_code == 302
    assert client.post("/employment/fund/allot/", allot).status_code == 302
    assert FundAllotment.objects.count() == 2


def test_a_county_cannot_pay_from_the_citys_fund(fund):
    w = fund
    fund_org(w.city, 100_000_00)
    services.fund_allot(
        actor=w.province_staff, union_id=w.city.pk, amount=100_000_00, request_key="city-allot-1"
    )
    with pytest.raises(Exception):  # noqa: B017 (404: the county does not write at the city)
        services.fund_pay(
            actor=w.county_staff,
            union_id=w.city.pk,
            use="service",
            amount=1_00,
            paid_on=DAY,
            request_key="county-pays-city",
        )
    assert not FundPayment.objects.exists()
    assert ledger.balance(w.city.pk, "employment_fund") == 100_000_00
