"""The finance pages and API: lists, maker/checker through the pages, the tax bureau's file
as a background job, statements in Excel, and bad input refused with nothing written."""

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from gonghui.campaigns import ledger
from gonghui.finance import services
from gonghui.finance.models import Budget, Payment, Rebate, RebateStatus, TaxImport, TaxJob

from .conftest import YEAR, pay


def _messages(response) -> str:
    return " ".join(str(m) for m in response.wsgi_request._messages)


def test_menu_shows_finance_to_staff_not_to_members(fin, as_user):
    page = as_user(fin.county_staff).get("/finance/dues/")
    assert page.status_code == 200 and "/finance/budgets/" in page.content.decode()
    assert as_user(fin.member).get("/finance/dues/").status_code == 404


def test_dues_in_arrears_are_listed_exported_and_reminded(fin, as_user):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    client = as_user(fin.county_staff)
    page = client.get("/finance/dues/?arrears=true")
    assert f'data-id="{due.pk}"' in page.content.decode()
    export = client.get("/finance/dues/?arrears=true&export=csv")
    assert fin.enterprise.name in b"".join(export.streaming_content).decode("utf-8-sig")
    client.post(f"/finance/dues/{due.pk}/remind/", {"note": "请于月底前缴纳"})
    assert due.reminders.count() == 1
    # Paid up: it leaves the arrears, and a reminder is refused with a reason.
    pay(fin, due.amount)
    assert f'data-id="{due.pk}"' not in client.get("/finance/dues/?arrears=true").content.decode()
    refused = client.post(f"/finance/dues/{due.pk}/remind/", {"note": "again"})
    assert "没有欠款" in _messages(refused)
    assert due.reminders.count() == 1


@pytest.mark.parametrize("amount", ["-0.01", "0", "abc", ""])
def test_a_payment_below_one_fen_is_refused_and_changes_nothing(fin, as_user, amount):
    client = as_user(fin.county_staff)
    response = client.post(
        "/finance/payments/new/",
        {
            "payer": fin.enterprise.credit_code,
            "amount": amount,
            "paid_on": f"{YEAR}-03-01",
            "reference": "BANK-NEG",
        },
    )
    assert response.status_code == 302 and _messages(response)
    assert not Payment.objects.exists()
    assert ledger.balance(fin.county.pk, "fin_bank") == 0


def test_api_refuses_a_payment_of_minus_one_fen(fin, as_user):
    client = as_user(fin.county_staff)
    body = {
        "payer_id": fin.payer.pk,
        "amount": -1,
        "paid_on": f"{YEAR}-03-01",
        "reference": "API-NEG",
    }
    assert client.post("/api/v1/finance/payments", body, "application/json").status_code == 422
    assert not Payment.objects.exists()
    body["amount"] = 1_000
    made = client.post("/api/v1/finance/payments", body, "application/json")
    assert made.status_code == 201 and made.json()["amount"] == 1_000


def test_payments_page_by_key(fin, as_user):
    for n in range(3):
        pay(fin, 100 + n, ref=f"KEY{n}")
    client = as_user(fin.county_staff)
    first = client.get("/api/v1/finance/payments?after=0&limit=2").json()
    assert len(first["items"]) == 2 and first["next"]
    rest = client.get(f"/api/v1/finance/payments?after={first['next']}&limit=2").json()
    assert len(rest["items"]) == 1 and rest["next"] is None


def test_rebate_above_what_was_paid_is_refused(fin, as_user):
    pay(fin, 100_000)  # 1,000 yuan paid by the grassroots union's enterprise in 2022
    client = as_user(fin.cadre)
    response = client.post(
        "/finance/rebates/new/",
        {"kind": "grassroots", "union_id": fin.grassroots.pk, "year": YEAR, "amount": "1000.01"},
    )
    assert "more than the union funds" in _messages(response) or "超过" in _messages(response)
    assert not Rebate.objects.exists()
    api = client.post(
        "/api/v1/finance/rebates",
        {"kind": "grassroots", "union_id": fin.grassroots.pk, "year": YEAR, "amount": 100_001},
        "application/json",
    )
    assert api.status_code == 400 and api.json()["fields"]["amount"]
    assert not Rebate.objects.exists()


def test_rebate_maker_checker_through_the_pages(fin, as_user, client):
    pay(fin, 2_000_000)
    client.force_login(fin.county_staff)
    client.post(
        "/finance/rebates/new/",
        {"kind": "grassroots", "union_id": fin.grassroots.pk, "year": YEAR, "amount": "500"},
    )
    rebate = Rebate.objects.get()
    # The applicant is offered no approval, and one posted anyway is refused.
    page = client.get(f"/finance/rebates/{rebate.pk}/").content.decode()
    assert f"/finance/rebates/{rebate.pk}/approve/" not in page
    client.post(f"/finance/rebates/{rebate.pk}/approve/")
    rebate.refresh_from_db()
    assert rebate.status == RebateStatus.APPLIED
    checker = as_user(fin.county_checker)
    assert (
        f"/finance/rebates/{rebate.pk}/approve/"
        in checker.get(f"/finance/rebates/{rebate.pk}/").content.decode()
    )
    checker.post(f"/finance/rebates/{rebate.pk}/approve/")
    rebate.refresh_from_db()
    assert rebate.status == RebateStatus.APPROVED
    # The approver may not pay it too: a second person pays.
    page = checker.get(f"/finance/rebates/{rebate.pk}/").content.decode()
    assert f"/finance/rebates/{rebate.pk}/pay/" not in page
    client.force_login(fin.county_staff)
    client.post(f"/finance/rebates/{rebate.pk}/pay/", {"paid_on": f"{YEAR}-12-01"})
    rebate.refresh_from_db()
    assert rebate.status == RebateStatus.PAID
    assert ledger.balance(fin.grassroots.pk, "fin_subsidy_in") == 50_000


def test_budget_with_an_item_twice_is_refused_whole(fin, as_user):
    client = as_user(fin.cadre)
    response = client.post(
        "/finance/budgets/set/",
        {
            "union_id": fin.grassroots.pk,
            "year": YEAR,
            "item": ["fin_x_activity", "fin_x_service", "fin_x_activity"],
            "amount": ["1000", "2000", "3000"],
        },
    )
    assert "Line 3" in _messages(response) or "第3行" in _messages(response)
    assert not Budget.objects.exists()
    api = client.post(
        "/api/v1/finance/budgets",
        {"union_id": fin.grassroots.pk, "year": YEAR, "lines": {"fin_x_activity": -1}},
        "application/json",
    )
    assert api.status_code == 422 and not Budget.objects.exists()


def test_budget_near_its_limit_is_marked(fin, as_user):
    pay(fin, 10_000_000)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)
    client = as_user(fin.cadre)
    client.post(
        "/finance/budgets/set/",
        {
            "union_id": fin.grassroots.pk,
            "year": YEAR,
            "item": ["fin_x_activity"],
            "amount": ["100"],
        },
    )
    expense, _replayed = services.enter_expense(
        actor=fin.cadre,
        union_id=fin.grassroots.pk,
        item="fin_x_activity",
        amount=9_500,
        spent_on=date(YEAR, 6, 1),
        memo="职工运动会",
    )
    from gonghui.accounts.models import RoleKind

    from ..factories import make_user

    checker = make_user("grassroots_checker", RoleKind.GRASSROOTS_CADRE, fin.grassroots)
    services.decide_expense(actor=checker, expense_id=expense.pk, approve=True)
    rows = client.get(f"/api/v1/finance/budgets?year={YEAR}").json()["items"]
    assert rows[0]["spent"] == 9_500
    page = client.get(f"/finance/budgets/?year={YEAR}").content.decode()
    assert "95.0%" in page


TAX_BAD = (
    "纳税人识别号,税票号码,入库日期,实缴金额\n{a},T1,2022-03-15,100.00\n{a},T2,2022-13-45,100.00\n"
)


def _upload(client, fin, text, name="tax.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        "/finance/tax/upload/",
        {
            "collector_id": fin.county.pk,
            "file": SimpleUploadedFile(name, text.encode(), content_type="text/csv"),
        },
    )


def test_tax_file_with_a_bad_row_names_it_and_writes_nothing(
    fin, as_user, django_capture_on_commit_callbacks
):
    client = as_user(fin.county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(client, fin, TAX_BAD.format(a=fin.enterprise.credit_code))
    job = TaxJob.objects.get()
    assert response.url == f"/finance/tax/{job.pk}/"
    assert job.status == "failed" and ("row 3" in job.error or "第3行" in job.error)
    assert not Payment.objects.exists() and not TaxImport.objects.exists()
    page = client.get(f"/finance/tax/{job.pk}/").content.decode()
    assert job.error[:20] in page


def test_tax_file_job_imports_once_with_progress(fin, as_user, django_capture_on_commit_callbacks):
    client = as_user(fin.county_staff)
    good = (
        "纳税人识别号,税票号码,入库日期,实缴金额\n{a},T1,2022-03-15,100.00\n{a},T2,2022-03-16,50\n"
    )
    text = good.format(a=fin.enterprise.credit_code)
    for _ in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            _upload(client, fin, text)
    first, second = TaxJob.objects.order_by("pk")
    assert (first.status, first.done, first.total) == ("done", 2, 2)
    assert second.status == "done" and second.result_id == first.result_id
    assert Payment.objects.count() == 2 and TaxImport.objects.count() == 1
    status = client.get(f"/finance/tax/{first.pk}/status/").json()
    assert status["finished"] and status["done"] == 2


def test_tax_file_of_another_kind_is_refused(fin, as_user):
    client = as_user(fin.county_staff)
    _upload(client, fin, "x", name="tax.pdf")
    assert not TaxJob.objects.exists()


def test_reconciliation_and_statements_in_excel(fin, as_user):
    services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=3, payroll=5_000_000
    )
    pay(fin, 100_000)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)
    client = as_user(fin.county_staff)
    query = f"org_id={fin.county.pk}&start={YEAR}-01-01&end={YEAR}-12-31"
    page = client.get(f"/finance/reconciliation/?{query}").content.decode()
    assert '<td class="received">100000</td>' in page and '<td class="short">0</td>' in page
    api = client.get(f"/api/v1/finance/reconciliation?{query}").json()
    assert api["shared"] == 100_000 and sum(api["levels"].values()) == 100_000
    assert client.get(f"/finance/statements/?{query}").status_code == 200
    workbook = client.get(f"/finance/statements/?{query}&export=xlsx")
    sheet = load_workbook(io.BytesIO(workbook.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert any("bank" in str(c) or "银行存款" in str(c) for c in cells)
    rows = client.get(f"/api/v1/finance/trial-balance?{query}").json()
    assert sum(r["debit"] for r in rows) == sum(r["credit"] for r in rows)


def test_review_findings_rectified_and_verified_through_the_pages(fin, as_user):
    review = services.open_review(
        actor=fin.county_staff,
        union_id=fin.grassroots.pk,
        committee_id=fin.county.pk,
        year=YEAR,
        title="2022年度经费审查",
    )
    committee = as_user(fin.county_staff)
    committee.post(
        f"/finance/reviews/{review.pk}/findings/new/",
        {"text": "活动经费缺少签收单", "rectify_by": f"{YEAR + 1}-06-30", "amount": "-5"},
    )
    assert not review.findings.exists()  # a negative amount is refused
    committee.post(
        f"/finance/reviews/{review.pk}/findings/new/",
        {"text": "活动经费缺少签收单", "rectify_by": f"{YEAR + 1}-06-30", "amount": "50"},
    )
    finding = review.findings.get()
    as_user(fin.cadre).post(
        f"/finance/findings/{finding.pk}/rectify/", {"rectification": "已补齐签收单"}
    )
    finding.refresh_from_db()
    assert finding.status == "rectified"
    as_user(fin.county_checker).post(f"/finance/findings/{finding.pk}/verify/", {"accept": "yes"})
    finding.refresh_from_db()
    assert finding.status == "verified"
    listed = as_user(fin.county_staff).get("/finance/findings/?status=verified").content.decode()
    assert f'data-id="{finding.pk}"' in listed
