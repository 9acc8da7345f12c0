"""Scope matrix entries of the finance capability (loaded by tests/scope.py).

Finance has no pages or API routes yet, so each entry only places its record at the
organization; the entries keep every scoped finance model in the matrix, and pages and
routes add their reads, listings and writes here when they come."""

from datetime import date

from tests.factories import EnterpriseFactory
from tests.scope import ScopedThing, _clerk, _serial, register

YEAR = 2022


def _posting(org):
    from gonghui.campaigns.models import Posting

    return Posting.objects.create(kind="receipt", organization=org, memo="工会经费", actor=_clerk())


def _payer(world, org):
    from gonghui.finance.models import Payer

    enterprise = EnterpriseFactory(name=f"{org.name}缴费企业{org.pk}", keeper=org)
    return Payer.objects.create(
        enterprise=enterprise, collector=org, method="direct", created_by=_clerk()
    )


def _exemption(world, org):
    from gonghui.finance.models import Exemption

    return Exemption.objects.create(
        payer=_payer(world, org),
        starts_on=date(YEAR, 1, 1),
        ends_on=date(YEAR, 6, 30),
        reason="生产经营困难",
        granted_by=_clerk(),
    )


def _due(world, org):
    from gonghui.finance.models import Due

    return Due.objects.create(
        payer=_payer(world, org),
        collector=org,
        year=YEAR,
        cycle="month",
        period=3,
        starts_on=date(YEAR, 3, 1),
        payroll=1_000_000_00,
        amount=20_000_00,
        due_on=date(YEAR, 4, 15),
        declared_by=_clerk(),
    )


def _tax_import(world, org):
    from gonghui.finance.models import TaxImport

    return TaxImport.objects.create(
        collector=org, filename="税务代收.csv", sha256=f"{org.pk:064d}", created_by=_clerk()
    )


def _payment(world, org):
    from gonghui.finance.models import Payment

    return Payment.objects.create(
        payer=_payer(world, org),
        collector=org,
        paid_on=date(YEAR, 3, 10),
        amount=20_000_00,
        method="direct",
        reference=f"BANK{next(_serial):06d}",
        posting=_posting(org),
        created_by=_clerk(),
    )


def _reminder(world, org):
    from gonghui.finance.models import Reminder

    return Reminder.objects.create(due=_due(world, org), note="请按期缴纳", sent_by=_clerk())


def _share_rule(world, org):
    from gonghui.finance.models import ShareRule

    # one rule per province and year: a share made at `org` uses the rule already there
    return ShareRule.objects.filter(province=org, year=YEAR).first() or ShareRule.objects.create(
        province=org,
        year=YEAR,
        national=500,
        provincial=1500,
        city=2000,
        county=0,
        grassroots=6000,
        set_by=_clerk(),
    )


def _share(world, org):
    from gonghui.finance.models import Share

    payment = _payment(world, org)
    return Share.objects.create(
        payment=payment,
        collector=org,
        rule=_share_rule(world, org),
        paid_on=payment.paid_on,
        amount=payment.amount,
        national=1_000_00,
        provincial=3_000_00,
        city=4_000_00,
        county=0,
        grassroots=12_000_00,
        posting=_posting(org),
    )


def _rebate(world, org):
    from gonghui.finance.models import Rebate

    return Rebate.objects.create(
        kind="tech_sme",
        federation=org,
        union=org,
        year=YEAR,
        base=20_000_00,
        rate=10000,
        amount=20_000_00,
        applied_by=_clerk(),
    )


def _budget(world, org):
    from gonghui.finance.models import Budget

    return Budget.objects.create(
        union=org, year=YEAR, item="fin_x_activity", amount=50_000_00, set_by=_clerk()
    )


def _expense(world, org):
    from gonghui.finance.models import Expense

    return Expense.objects.create(
        union=org,
        item="fin_x_activity",
        amount=3_000_00,
        spent_on=date(YEAR, 5, 1),
        memo="职工运动会",
        entered_by=_clerk(),
    )


def _voucher(world, org):
    from gonghui.finance.models import Voucher

    return Voucher.objects.create(
        posting=_posting(org), organization=org, booked_on=date(YEAR, 3, 10)
    )


def _review(world, org):
    from gonghui.finance.models import Review

    return Review.objects.create(
        union=org,
        committee=org,
        year=YEAR,
        title=f"{YEAR}年度经费审查",
        opened_by=_clerk(),
        opened_on=date(YEAR + 1, 3, 1),
    )


def _finding(world, org):
    from gonghui.finance.models import Finding

    return Finding.objects.create(
        review=_review(world, org),
        text="活动经费报销缺少签收单",
        rectify_by=date(YEAR + 1, 6, 30),
        recorded_by=_clerk(),
    )


for _name, _model, _make in [
    ("fund payer", "finance.Payer", _payer),
    ("fund exemption", "finance.Exemption", _exemption),
    ("fund due", "finance.Due", _due),
    ("tax bureau file", "finance.TaxImport", _tax_import),
    ("fund payment", "finance.Payment", _payment),
    ("fund reminder", "finance.Reminder", _reminder),
    ("share rule", "finance.ShareRule", _share_rule),
    ("fund share", "finance.Share", _share),
    ("fund rebate", "finance.Rebate", _rebate),
    ("budget", "finance.Budget", _budget),
    ("expense", "finance.Expense", _expense),
    ("voucher", "finance.Voucher", _voucher),
    ("audit review", "finance.Review", _review),
    ("audit finding", "finance.Finding", _finding),
]:
    register(ScopedThing(name=_name, model=_model, make=_make))
