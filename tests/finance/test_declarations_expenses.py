"""The payroll declaration page (the 2 % due computed; a correction keeps the earlier
declaration and is audited), the expenditure entry page (maker/checker, posted on the
ledger on approval) and the reconciliation's levels named in words. Bad input on each
form: a clear error on the page, nothing written."""

from datetime import date, timedelta

import pytest

from gonghui.campaigns import ledger
from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.finance import services
from gonghui.finance.models import Declaration, Due, Expense

from .conftest import YEAR, pay


def _declare(client, fin, **over):
    body = {
        "payer": fin.enterprise.credit_code,
        "year": str(YEAR),
        "period": "3",
        "payroll": "1,234,567.89",
        **over,
    }
    return client.post("/finance/dues/declare/", body)


def test_declaration_page_computes_the_two_percent(fin, as_user):
    client = as_user(fin.county_staff)
    assert client.get("/finance/dues/declare/").status_code == 200
    response = _declare(client, fin)
    due = Due.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/finance/dues/{due.pk}/"
    # 1,234,567.89 yuan × 2 % = 24,691.3578 -> 24,691.36 yuan, by 15 April
    assert (due.payroll, due.amount, due.due_on) == (123_456_789, 2_469_136, date(YEAR, 4, 15))
    (first,) = Declaration.objects.all()
    assert (first.payroll, first.amount, first.reason) == (123_456_789, 2_469_136, "")
    page = client.get(f"/finance/dues/{due.pk}/").content.decode()
    assert "123456789" in page and f"/finance/dues/{due.pk}/correct/" in page


def test_a_big_enterprises_payroll_passes_a_payments_bound(fin, as_user):
    """A steelworks of 60,000 workers pays 6亿 yuan of wages a month: its payroll is
    declared (a payment's bound, 1亿 yuan, is not a payroll's), 2 % of it due."""
    response = _declare(as_user(fin.county_staff), fin, payroll="600,000,000")
    assert response.status_code == 302
    due = Due.objects.get()
    assert (due.payroll, due.amount) == (60_000_000_000, 1_200_000_000)
    services.correct_declaration(
        actor=fin.county_checker, due_id=due.pk, payroll=61_000_000_000, reason="补报奖金"
    )
    due.refresh_from_db()
    assert due.amount == 1_220_000_000
    with pytest.raises(ServiceError) as err:  # a trillion yuan is a typing error
        services.correct_declaration(
            actor=fin.county_checker, due_id=due.pk, payroll=10**14 + 1, reason="补报"
        )
    assert "payroll" in err.value.fields


def test_the_enterprises_own_union_declares_its_payroll(fin, as_user):
    response = _declare(as_user(fin.cadre), fin, payroll="0")  # no wages paid that month
    assert response.status_code == 302
    assert Due.objects.get().amount == 0


@pytest.mark.parametrize(
    ("over", "error"),
    [
        ({"payroll": "abc"}, "两位小数"),
        ({"payroll": "-100"}, "大于零"),
        ({"payroll": "1.234"}, "两位小数"),
        ({"period": "13"}, "12"),
        ({"year": "22"}, "2000"),
        ({"payer": "91210102MA0XXXXXX1"}, "统一社会信用代码"),
    ],
)
def test_bad_declaration_is_refused_on_the_page_and_writes_nothing(fin, as_user, over, error):
    response = _declare(as_user(fin.county_staff), fin, **over)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and error in page
    assert not Due.objects.exists() and not Declaration.objects.exists()


def test_a_sibling_county_cannot_declare_here(fin, as_user):
    response = _declare(as_user(fin.sibling_staff), fin)
    assert response.status_code == 200 and 'role="alert"' in response.content.decode()
    assert not Due.objects.exists()


def test_correction_is_audited_and_keeps_the_earlier_declaration(fin, as_user):
    client = as_user(fin.county_staff)
    _declare(client, fin, payroll="1000000")
    due = Due.objects.get()
    # Declaring the period again is refused: a correction takes a reason.
    again = _declare(client, fin, payroll="2000000")
    assert "更正" in again.content.decode()
    url = f"/finance/dues/{due.pk}/correct/"
    for bad in ({"payroll": "2000000", "reason": ""}, {"payroll": "1000000", "reason": "重报"}):
        refused = client.post(url, bad)
        assert refused.status_code == 200 and 'role="alert"' in refused.content.decode()
    due.refresh_from_db()
    assert (due.payroll, due.amount, Declaration.objects.count()) == (100_000_000, 2_000_000, 1)
    done = client.post(url, {"payroll": "1,200,000", "reason": "漏报年终奖"})
    assert done.status_code == 302
    due.refresh_from_db()
    assert (due.payroll, due.amount) == (120_000_000, 2_400_000)
    first, second = Declaration.objects.order_by("id")
    assert (first.payroll, first.reason) == (100_000_000, "")
    assert (second.payroll, second.amount, second.reason) == (120_000_000, 2_400_000, "漏报年终奖")
    event = AuditEvent.objects.get(action="finance_payroll_corrected")
    assert event.changes["payroll"] == [100_000_000, 120_000_000]
    assert event.changes["amount"] == [2_000_000, 2_400_000]
    assert event.changes["reason"] == "漏报年终奖"
    page = client.get(f"/finance/dues/{due.pk}/").content.decode()
    assert "漏报年终奖" in page and "100000000" in page


def test_correction_after_payment_leaves_the_paid_amount(fin, as_user):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    pay(fin, 20_000)
    services.correct_declaration(
        actor=fin.county_checker, due_id=due.pk, payroll=1_500_000, reason="更正工资总额"
    )
    due.refresh_from_db()
    assert (due.amount, due.paid, due.owing) == (30_000, 20_000, 10_000)


def test_others_cannot_correct(fin, as_user):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    for user in (fin.sibling_staff, fin.outsider, fin.member):
        response = as_user(user).post(
            f"/finance/dues/{due.pk}/correct/", {"payroll": "1", "reason": "x"}
        )
        assert response.status_code == 404
    due.refresh_from_db()
    assert due.payroll == 1_000_000 and Declaration.objects.count() == 1


# ---- expenditure ----------------------------------------------------------------------


def _funds(fin, amount=1_000_000):
    """The grassroots union's 60 % share of a payment: 6,000 yuan in its bank."""
    pay(fin, amount)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)
    services.set_budget(
        actor=fin.cadre,
        union_id=fin.grassroots.pk,
        year=YEAR,
        item="fin_x_activity",
        amount=500_000,
    )


def _spend(client, fin, **over):
    body = {
        "union": str(fin.grassroots.pk),
        "item": "fin_x_activity",
        "amount": "4,600",
        "spent_on": f"{YEAR}-05-01",
        "memo": "五一职工运动会",
        **over,
    }
    return client.post("/finance/expenses/new/", body)


def test_expenditure_entered_on_the_page_and_approved_by_another(fin, as_user, client):
    _funds(fin)
    maker = as_user(fin.cadre)
    assert maker.get("/finance/expenses/new/").status_code == 200
    response = _spend(maker, fin)
    expense = Expense.objects.get()
    assert response["Location"] == f"/finance/expenses/{expense.pk}/"
    assert (expense.amount, expense.status, expense.posting) == (460_000, "entered", None)
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000
    # The maker sees no approval, and approving by address is refused.
    page = maker.get(f"/finance/expenses/{expense.pk}/").content.decode()
    assert "/approve/" not in page and "460000" in page
    maker.post(f"/finance/expenses/{expense.pk}/approve/")
    expense.refresh_from_db()
    assert expense.status == "entered"
    client.logout()
    checker = as_user(fin.county_staff)
    assert "/approve/" in checker.get(f"/finance/expenses/{expense.pk}/").content.decode()
    checker.post(f"/finance/expenses/{expense.pk}/approve/")
    expense.refresh_from_db()
    assert expense.status == "paid" and expense.decided_by == fin.county_staff
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000 - 460_000
    assert ledger.balance(fin.grassroots.pk, "fin_x_activity") == 460_000
    assert expense.posting.voucher.booked_on == date(YEAR, 5, 1)
    # Against its budget line: 4,600 of 5,000 yuan spent, past the 90 % warning.
    page = checker.get(f"/finance/expenses/{expense.pk}/").content.decode()
    assert 'class="warning"' in page
    listing = checker.get("/finance/expenses/").content.decode()
    assert f"/finance/expenses/{expense.pk}/" in listing


def test_rejected_expenditure_posts_nothing(fin, as_user):
    _funds(fin)
    _spend(as_user(fin.cadre), fin)
    expense = Expense.objects.get()
    as_user(fin.county_staff).post(f"/finance/expenses/{expense.pk}/reject/")
    expense.refresh_from_db()
    assert expense.status == "rejected" and expense.posting is None
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000


@pytest.mark.parametrize(
    ("over", "error"),
    [
        ({"amount": "abc"}, "两位小数"),
        ({"amount": "0"}, ""),
        ({"amount": "-1"}, "大于零"),
        ({"memo": ""}, ""),
        ({"item": "fin_bank"}, ""),
        ({"spent_on": "2022-02-30"}, ""),
        ({"spent_on": str(cleaning.today() + timedelta(days=2))}, "晚于今天"),
        ({"union": "999999"}, ""),
    ],
)
def test_bad_expenditure_is_refused_on_the_page_and_writes_nothing(fin, as_user, over, error):
    response = _spend(as_user(fin.cadre), fin, **over)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and error in page
    assert not Expense.objects.exists()


def test_a_sibling_cannot_enter_for_this_union(fin, as_user):
    response = _spend(as_user(fin.sibling_staff), fin)
    assert response.status_code == 200 and not Expense.objects.exists()


# ---- reconciliation ---------------------------------------------------------------------


def test_reconciliation_names_each_level_in_words(fin, as_user):
    pay(fin, 100_001)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)
    page = (
        as_user(fin.province_staff)
        .get(
            f"/finance/reconciliation/?org_id={fin.province.pk}&start={YEAR}-03-01&end={YEAR}-03-31"
        )
        .content.decode()
    )
    for words, fen in [
        ("全国总工会", 5_000),
        ("省总工会", 15_000),
        ("市总工会", 20_000),
        ("县（区）总工会", 1),
        ("基层工会", 60_000),
    ]:
        assert f'<th scope="row">{words}</th><td>{fen}</td>' in page
    for code in ("national", "provincial", "grassroots"):
        assert f'<th scope="row">{code}' not in page
