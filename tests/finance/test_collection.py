"""Union funds collection: dues, direct payments, the tax bureau's file, arrears."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.core.errors import ServiceError
from gonghui.finance import selectors, services
from gonghui.finance.models import Due, Payment, TaxImport

from .conftest import YEAR, pay


def test_due_is_two_percent_rounded_to_the_fen(fin):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=3, payroll=123_456_789
    )
    assert due.amount == 2_469_136  # 1,234,567.89 yuan × 2 % = 24,691.3578 -> 24,691.36
    assert due.due_on == date(YEAR, 4, 15)


def test_payment_settles_the_oldest_due_and_is_posted(fin):
    services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=1, payroll=1_000_000
    )
    services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    payment = pay(fin, 20_000)
    assert payment.due.period == 1 and payment.due.paid == 20_000
    assert ledger.balance(fin.county.pk, "fin_bank") == 20_000
    assert ledger.balance(fin.county.pk, "fin_unshared") == 20_000
    assert payment.posting.voucher.booked_on == date(YEAR, 3, 10)


def test_arrears_and_reminder(fin):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=1, payroll=1_000_000
    )
    owing = selectors.due_list(actor=fin.county_staff, arrears=True)
    assert list(owing) == [due]
    services.send_reminder(actor=fin.county_staff, due_id=due.pk, note="电话催缴")
    pay(fin, 20_000)
    assert not selectors.due_list(actor=fin.county_staff, arrears=True).exists()
    with pytest.raises(ServiceError):
        services.send_reminder(actor=fin.county_staff, due_id=due.pk)


def test_exemption_clears_what_is_due(fin):
    due = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=2, payroll=1_000_000
    )
    services.grant_exemption(
        actor=fin.county_staff,
        payer_id=fin.payer.pk,
        starts_on=date(YEAR, 1, 1),
        ends_on=date(YEAR, 6, 30),
        reason="疫情期间停产",
    )
    due.refresh_from_db()
    assert due.exempt and due.owing == 0
    later = services.declare_payroll(
        actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=5, payroll=1
    )
    assert later.exempt


TAX_CSV = (
    "纳税人识别号,纳税人名称,所属期,入库日期,实缴金额,税票号码\n"
    '{a},沈阳华晨机械有限公司,2022-02,2022-03-15,"1,234.56",TAX0001\n'
    "{b},沈阳和平小微科技有限公司,2022-02,2022-03-15,88.00,TAX0002\n"
    "91210102MA0XXXXXX1,不在册企业,2022-02,2022-03-15,10.00,TAX0003\n"
    "{b},沈阳和平小微科技有限公司,2022-02,明天,10.00,TAX0004\n"
)


def test_tax_file_twice_changes_nothing(fin):
    content = TAX_CSV.format(a=fin.enterprise.credit_code, b=fin.small.credit_code).encode()
    batch = services.import_tax_file(
        actor=fin.county_staff, collector_id=fin.county.pk, name="2022年3月.csv", content=content
    )
    assert (batch.rows, batch.added, batch.skipped) == (4, 2, 0)
    assert [e["line"] for e in batch.errors] == [4, 5]
    assert ledger.balance(fin.county.pk, "fin_bank") == 123_456 + 8_800
    again = services.import_tax_file(
        actor=fin.county_staff, collector_id=fin.county.pk, name="again.csv", content=content
    )
    assert again.pk == batch.pk
    assert Payment.objects.count() == 2 and TaxImport.objects.count() == 1
    # The same rows in another file (one more row): only the new one is added.
    more = (
        content
        + f"{fin.small.credit_code},沈阳和平小微科技有限公司,2022-03,2022-04-15,9.00,TAX0005\n".encode()
    )
    third = services.import_tax_file(
        actor=fin.county_staff, collector_id=fin.county.pk, name="2022年4月.csv", content=more
    )
    assert (third.added, third.skipped) == (1, 2)
    assert ledger.balance(fin.county.pk, "fin_bank") == 123_456 + 8_800 + 900


def test_tax_file_in_excel(fin, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["纳税人识别号", "税票号码", "入库日期", "实缴金额"])
    sheet.append([fin.small.credit_code, "X1", date(YEAR, 3, 1), 12.5])
    path = tmp_path / "tax.xlsx"
    book.save(path)
    batch = services.import_tax_file(
        actor=fin.county_staff,
        collector_id=fin.county.pk,
        name="tax.xlsx",
        content=path.read_bytes(),
    )
    assert batch.added == 1 and Payment.objects.get().amount == 1250


@pytest.mark.parametrize(
    "content",
    [b"", b"a,b\n1,2\n", b"\xff\xfe\x00bad", b"PK\x03\x04 not a zip"],
)
def test_bad_tax_file_is_refused_and_changes_nothing(fin, content):
    name = "bad.xlsx" if content.startswith(b"PK") else "bad.csv"
    with pytest.raises(ServiceError):
        services.import_tax_file(
            actor=fin.county_staff, collector_id=fin.county.pk, name=name, content=content
        )
    assert not TaxImport.objects.exists() and not Payment.objects.exists()


@pytest.mark.parametrize(
    "kwargs,field",
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"amount": 12.5}, "amount"),
        ({"paid_on": date(2999, 1, 1)}, "paid_on"),
        ({"reference": "  "}, "reference"),
    ],
)
def test_bad_payment_changes_nothing(fin, kwargs, field):
    args = {"amount": 100, "paid_on": date(YEAR, 1, 5), "reference": "R1", **kwargs}
    with pytest.raises(ServiceError) as err:
        services.receive_payment(actor=fin.county_staff, payer_id=fin.payer.pk, **args)
    assert field in err.value.fields
    assert not Payment.objects.exists() and ledger.balance(fin.county.pk, "fin_bank") == 0


def test_same_reference_twice_is_refused(fin):
    pay(fin, 100, ref="R1")
    with pytest.raises(ServiceError):
        pay(fin, 100, ref="R1")
    assert Payment.objects.count() == 1


def test_bad_payroll(fin):
    for bad in (-1, 1.5, "100", 10**15):
        with pytest.raises(ServiceError):
            services.declare_payroll(
                actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=1, payroll=bad
            )
    with pytest.raises(ServiceError):
        services.declare_payroll(
            actor=fin.county_staff, payer_id=fin.payer.pk, year=YEAR, period=13, payroll=1
        )
    assert not Due.objects.exists()


def test_sibling_county_cannot_collect_here(fin):
    from django.http import Http404

    with pytest.raises(Http404):
        services.receive_payment(
            actor=fin.sibling_staff,
            payer_id=fin.payer.pk,
            amount=100,
            paid_on=date(YEAR, 1, 1),
            reference="X",
        )
    with pytest.raises(ServiceError):
        services.set_payer(
            actor=fin.county_staff,
            enterprise_id=fin.enterprise.pk,
            collector_id=fin.sibling.pk,
            method="direct",
        )
