"""The API of payroll declarations, their corrections and expenditure entry: what the
pages do, over /api/v1. Bad input is refused with the field named and nothing written;
an expenditure sent twice with one idempotency key is entered once."""

from datetime import date, timedelta

import pytest

from gonghui.campaigns import ledger
from gonghui.core import cleaning
from gonghui.core.models import AuditEvent
from gonghui.finance import services
from gonghui.finance.models import Declaration, Due, Expense

from ..replay import check_once_per_key
from .conftest import YEAR, pay

JSON = "application/json"


def _declare(client, fin, **over):
    body = {"payer_id": fin.payer.pk, "year": YEAR, "period": 3, "payroll": 123_456_789, **over}
    return client.post("/api/v1/finance/declarations", body, JSON)


def test_declare_then_correct_keeps_both_declarations(fin, as_user):
    client = as_user(fin.county_staff)
    made = _declare(client, fin)
    assert made.status_code == 201, made.content
    due = Due.objects.get()
    # 1,234,567.89 yuan × 2 % = 24,691.36 yuan, by 15 April
    assert made.json()["id"] == due.pk
    assert (made.json()["amount"], made.json()["due_on"]) == (2_469_136, f"{YEAR}-04-15")
    again = _declare(client, fin, payroll=1)
    assert again.status_code == 400 and again.json()["code"] == "duplicate"
    fixed = client.post(
        f"/api/v1/finance/dues/{due.pk}/corrections",
        {"payroll": 150_000_000, "reason": "漏报年终奖"},
        JSON,
    )
    assert fixed.status_code == 201 and fixed.json()["amount"] == 3_000_000
    listed = client.get("/api/v1/finance/declarations?sort=declared").json()
    assert [(d["payroll"], d["reason"]) for d in listed["items"]] == [
        (123_456_789, ""),
        (150_000_000, "漏报年终奖"),
    ]
    assert listed["items"][0]["enterprise"] == fin.enterprise.name
    only = client.get("/api/v1/finance/declarations?corrections=true").json()
    assert [d["reason"] for d in only["items"]] == ["漏报年终奖"]
    event = AuditEvent.objects.get(action="finance_payroll_corrected")
    assert event.changes["payroll"] == [123_456_789, 150_000_000]


def test_a_payroll_above_a_payments_bound_is_declared(fin, as_user):
    # 6亿 yuan of wages a month: above the 1亿 yuan bound of one payment, not a payroll's.
    made = _declare(as_user(fin.county_staff), fin, payroll=60_000_000_000)
    assert made.status_code == 201 and made.json()["amount"] == 1_200_000_000


@pytest.mark.parametrize(
    ("over", "status", "field"),
    [
        ({"payroll": -1}, 422, "payroll"),
        ({"payroll": 10**14 + 1}, 422, "payroll"),
        ({"payroll": 12.5}, 422, "payroll"),
        ({"period": 13}, 422, "period"),
        ({"period": 0}, 422, "period"),
        ({"year": 22}, 422, "year"),
    ],
)
def test_bad_declarations_are_refused_and_change_nothing(fin, as_user, over, status, field):
    response = _declare(as_user(fin.county_staff), fin, **over)
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    assert not Due.objects.exists() and not Declaration.objects.exists()


def test_a_quarterly_payer_has_four_periods(fin, as_user):
    fin.payer.cycle = "quarter"
    fin.payer.save(update_fields=["cycle"])
    response = _declare(as_user(fin.county_staff), fin, period=5)
    assert response.status_code == 400 and "period" in response.json()["fields"]
    assert not Due.objects.exists()


def test_others_neither_declare_nor_correct(fin, as_user):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    for user in (fin.sibling_staff, fin.outsider):
        client = as_user(user)
        assert _declare(client, fin).status_code == 404
        fixed = client.post(
            f"/api/v1/finance/dues/{due.pk}/corrections", {"payroll": 1, "reason": "x"}, JSON
        )
        assert fixed.status_code in (403, 404)
        client.logout()
    due.refresh_from_db()
    assert due.payroll == 1_000_000 and Declaration.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"payroll": 2_000_000, "reason": "   "}, 422, "reason"),
        ({"payroll": 2_000_000, "reason": "x" * 201}, 422, "reason"),
        ({"payroll": 2_000_000}, 422, "reason"),
        ({"payroll": 1_000_000, "reason": "重报"}, 400, "payroll"),  # the same figure
    ],
)
def test_bad_corrections_are_refused_and_change_nothing(fin, as_user, body, status, field):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    client = as_user(fin.county_staff)
    response = client.post(f"/api/v1/finance/dues/{due.pk}/corrections", body, JSON)
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    due.refresh_from_db()
    assert (due.payroll, Declaration.objects.count()) == (1_000_000, 1)


def test_declarations_page_by_key(fin, as_user):
    for period in (1, 2, 3):
        services.declare_payroll(
            actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=period, payroll=100
        )
    client = as_user(fin.county_staff)
    first = client.get("/api/v1/finance/declarations?after=0&limit=2").json()
    assert len(first["items"]) == 2 and first["next"]
    rest = client.get(f"/api/v1/finance/declarations?after={first['next']}&limit=2").json()
    assert len(rest["items"]) == 1 and rest["next"] is None


# ---- expenditure ----------------------------------------------------------------------


def _funds(fin, amount=1_000_000):
    """The grassroots union's 60 % share of a payment: 6,000 yuan in its bank."""
    pay(fin, amount)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)


def _expense(fin, **over):
    return {
        "union_id": fin.grassroots.pk,
        "item": "fin_x_activity",
        "amount": 460_000,
        "spent_on": f"{YEAR}-05-01",
        "memo": "五一职工运动会",
        "idempotency_key": "expense-0001",
        **over,
    }


def _spend(client, fin, **over):
    return client.post("/api/v1/finance/expenses", _expense(fin, **over), JSON)


def test_expenditure_entered_once_and_approved_by_another(fin, as_user):
    _funds(fin)
    maker = as_user(fin.cadre)
    # The same request again (a retry after a lost answer) enters nothing new and says
    # so; the key with another amount is refused (409) and enters nothing.
    made, refused = check_once_per_key(
        lambda body: maker.post("/api/v1/finance/expenses", body, JSON),
        _expense(fin),
        _expense(fin, amount=1),
        rows=lambda: (Expense.objects.count(), AuditEvent.objects.count()),
        refused_code="conflict",
    )
    assert "idempotency_key" in refused["fields"]
    assert Expense.objects.count() == 1
    expense_id = made["id"]
    own = maker.post(f"/api/v1/finance/expenses/{expense_id}/approve")
    assert own.status_code == 400 and own.json()["code"] == "own_entry"
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000
    maker.logout()
    checker = as_user(fin.county_staff)
    done = checker.post(f"/api/v1/finance/expenses/{expense_id}/approve")
    assert done.status_code == 200 and done.json()["status"] == "paid"
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000 - 460_000
    again = checker.post(f"/api/v1/finance/expenses/{expense_id}/reject")
    assert again.status_code == 400 and again.json()["code"] == "wrong_status"
    listed = checker.get("/api/v1/finance/expenses?after=0").json()
    assert [e["id"] for e in listed["items"]] == [expense_id]


def test_a_rejected_expenditure_posts_nothing(fin, as_user):
    _funds(fin)
    made = _spend(as_user(fin.cadre), fin)
    response = as_user(fin.county_staff).post(
        f"/api/v1/finance/expenses/{made.json()['id']}/reject"
    )
    assert response.status_code == 200 and response.json()["status"] == "rejected"
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000


@pytest.mark.parametrize(
    ("over", "status", "field"),
    [
        ({"amount": 0}, 422, "amount"),
        ({"amount": -100}, 422, "amount"),
        ({"item": "yacht"}, 422, "item"),
        ({"memo": "  "}, 422, "memo"),
        ({"idempotency_key": "short"}, 422, "idempotency_key"),
        ({"idempotency_key": "has space 1"}, 422, "idempotency_key"),
        ({"spent_on": "2022-02-30"}, 422, "spent_on"),
    ],
)
def test_bad_expenditure_is_refused_and_enters_nothing(fin, as_user, over, status, field):
    response = _spend(as_user(fin.cadre), fin, **over)
    assert response.status_code == status, response.content
    assert field in response.json()["fields"]
    assert not Expense.objects.exists()


def test_expenditure_dated_tomorrow_is_refused(fin, as_user):
    tomorrow = cleaning.today() + timedelta(days=1)
    response = _spend(as_user(fin.cadre), fin, spent_on=tomorrow.isoformat())
    assert response.status_code == 400 and "spent_on" in response.json()["fields"]
    assert not Expense.objects.exists()


def test_expenditure_for_a_union_outside_is_refused(fin, as_user):
    response = _spend(as_user(fin.sibling_staff), fin)
    assert response.status_code in (400, 404)
    assert not Expense.objects.exists()


def test_the_entry_page_enters_one_expenditure_when_sent_twice(fin, as_user):
    client = as_user(fin.cadre)
    page = client.get("/finance/expenses/new/").content.decode()
    assert 'name="idempotency_key"' in page
    body = {
        "union": str(fin.grassroots.pk),
        "item": "fin_x_activity",
        "amount": "46",
        "spent_on": date(YEAR, 5, 1).isoformat(),
        "memo": "五一职工运动会",
        "idempotency_key": "0123456789abcdef0123456789abcdef",
    }
    first = client.post("/finance/expenses/new/", body)
    second = client.post("/finance/expenses/new/", body)  # a double click
    expense = Expense.objects.get()
    assert first["Location"] == second["Location"] == f"/finance/expenses/{expense.pk}/"
