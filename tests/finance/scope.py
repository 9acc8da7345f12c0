"""Scope matrix entries of the finance capability (loaded by tests/scope.py).

Every scoped finance model has an entry; those with pages or API routes list their reads,
listings and writes (_ROUTES)."""

from datetime import date

from tests.factories import EnterpriseFactory
from tests.scope import (
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _api_ids,
    _clerk,
    _html_has,
    _serial,
    register,
)

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


def _declaration(world, org):
    from gonghui.finance.models import Declaration

    due = _due(world, org)
    return Declaration.objects.create(
        due=due, payroll=due.payroll, amount=due.amount, declared_by=_clerk()
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


def _tax_job(world, org):
    from gonghui.finance.models import TaxJob

    return TaxJob.objects.create(
        collector=org, filename="税务代收.csv", content=b"", status="done", created_by=_clerk()
    )


def _api(path):
    return lambda o: f"/api/v1/finance/{path}?limit=500"


def _page(path):
    return lambda o: f"/finance/{path}/"


def _row(o) -> str:
    return f'data-id="{o.pk}"'


def _payroll_unchanged(d) -> bool:
    return type(d).objects.filter(pk=d.pk, payroll=d.payroll).exists() and (
        not d.declarations.filter(reason__gt="").exists()
    )


def _no_reminder(d) -> bool:
    return not d.reminders.exists()


def _status_is(status):
    def unchanged(o) -> bool:
        return type(o).objects.filter(pk=o.pk, status=status).exists()

    return unchanged


def _no_finding(r) -> bool:
    return not r.findings.exists()


# name -> (reads, listings, writes) of the pages and API routes (the rest only place
# their record: they are read through these, or have no page of their own).
_ROUTES = {
    "fund due": (
        [
            Read(lambda d: f"/finance/dues/{d.pk}/", DENIED_PAGE),
            Read(lambda d: f"/finance/dues/{d.pk}/correct/", DENIED_PAGE, write=True),
        ],
        [
            Listing(_api("dues"), _api_ids),
            Listing(_page("dues"), _html_has(_row)),
        ],
        [
            Write(
                "post",
                lambda d: f"/api/v1/finance/dues/{d.pk}/remind",
                lambda d: {"note": "请按期缴纳"},
                201,
                _no_reminder,
            ),
            Write(
                "post",
                lambda d: f"/finance/dues/{d.pk}/remind/",
                lambda d: {"note": "请按期缴纳"},
                302,
                _no_reminder,
            ),
            Write(
                "post",
                lambda d: f"/finance/dues/{d.pk}/correct/",
                lambda d: {"payroll": "1,200,000", "reason": "漏报年终奖"},
                302,
                _payroll_unchanged,
            ),
            Write(
                "post",
                lambda d: f"/api/v1/finance/dues/{d.pk}/corrections",
                lambda d: {"payroll": 120_000_000, "reason": "漏报年终奖"},
                201,
                _payroll_unchanged,
            ),
        ],
    ),
    "payroll declaration": (
        [],
        [
            Listing(_api("declarations"), _api_ids),
            Listing(lambda d: "/api/v1/finance/declarations?after=0&limit=500", _api_ids),
        ],
        [],
    ),
    "fund payment": (
        [],
        [
            Listing(_api("payments"), _api_ids),
            Listing(lambda p: "/api/v1/finance/payments?after=0&limit=500", _api_ids),
            Listing(_page("payments"), _html_has(_row)),
        ],
        [],
    ),
    "fund rebate": (
        [Read(lambda r: f"/finance/rebates/{r.pk}/", DENIED_PAGE)],
        [
            Listing(_api("rebates"), _api_ids),
            Listing(_page("rebates"), _html_has(_row)),
        ],
        [
            *(
                Write(
                    "post",
                    (lambda r, a=action: f"/api/v1/finance/rebates/{r.pk}/{a}"),
                    lambda r: {},
                    200,
                    _status_is("applied"),
                    denied={400, 404},
                )
                for action in ("approve", "reject")
            ),
            *(
                Write(
                    "post",
                    (lambda r, a=action: f"/finance/rebates/{r.pk}/{a}/"),
                    lambda r: {},
                    302,
                    _status_is("applied"),
                    denied={302, 404},
                )
                for action in ("approve", "reject")
            ),
            # Paying a rebate not yet approved: refused to everyone who sees it.
            Write(
                "post",
                lambda r: f"/api/v1/finance/rebates/{r.pk}/pay",
                lambda r: {"paid_on": "2022-12-01"},
                400,
                _status_is("applied"),
                denied={400, 404},
            ),
            Write(
                "post",
                lambda r: f"/finance/rebates/{r.pk}/pay/",
                lambda r: {"paid_on": "2022-12-01"},
                302,
                _status_is("applied"),
                denied={302, 404},
            ),
        ],
    ),
    "budget": (
        [],
        [Listing(_api("budgets"), _api_ids), Listing(_page("budgets"), _html_has(_row))],
        [],
    ),
    "expense": (
        [Read(lambda e: f"/finance/expenses/{e.pk}/", DENIED_PAGE)],
        [
            Listing(_api("expenses"), _api_ids),
            Listing(lambda e: "/api/v1/finance/expenses?after=0&limit=500", _api_ids),
            Listing(_page("expenses"), _html_has(_row)),
        ],
        [
            *(
                Write(
                    "post",
                    (lambda e, a=action: f"/finance/expenses/{e.pk}/{a}/"),
                    lambda e: {},
                    302,
                    _status_is("entered"),
                    denied={302, 404},
                )
                for action in ("approve", "reject")
            ),
            Write(
                "post",
                lambda e: f"/api/v1/finance/expenses/{e.pk}/reject",
                lambda e: {},
                200,
                _status_is("entered"),
                denied={400, 404},
            ),
            # Approving spending the union's bank cannot pay: refused to all who see it.
            Write(
                "post",
                lambda e: f"/api/v1/finance/expenses/{e.pk}/approve",
                lambda e: {},
                400,
                _status_is("entered"),
                denied={400, 404},
            ),
        ],
    ),
    "audit review": (
        [Read(lambda r: f"/finance/reviews/{r.pk}/", DENIED_PAGE)],
        [Listing(_api("reviews"), _api_ids), Listing(_page("reviews"), _html_has(_row))],
        [
            Write(
                "post",
                lambda r: f"/finance/reviews/{r.pk}/findings/new/",
                lambda r: {"text": "票据不全", "rectify_by": "2023-06-30", "amount": "10"},
                302,
                _no_finding,
                denied={302, 404},
            ),
            Write(
                "post",
                lambda r: f"/finance/reviews/{r.pk}/close/",
                lambda r: {},
                302,
                _status_is("open"),
                denied={302, 404},
            ),
        ],
    ),
    "audit finding": (
        [],
        [Listing(_api("findings"), _api_ids), Listing(_page("findings"), _html_has(_row))],
        [
            Write(
                "post",
                lambda f: f"/finance/findings/{f.pk}/rectify/",
                lambda f: {"rectification": "已补齐签收单"},
                302,
                _status_is("open"),
                denied={302, 404},
            ),
            # Verifying a finding not yet rectified: refused to everyone who sees it.
            Write(
                "post",
                lambda f: f"/finance/findings/{f.pk}/verify/",
                lambda f: {"accept": "yes"},
                302,
                _status_is("open"),
                denied={302, 404},
            ),
        ],
    ),
    "tax file import": (
        [
            Read(lambda j: f"/finance/tax/{j.pk}/", DENIED_PAGE),
            Read(lambda j: f"/finance/tax/{j.pk}/status/", DENIED_PAGE),
        ],
        [Listing(lambda j: "/finance/tax/", _html_has(_row))],
        [],
    ),
}

for _name, _model, _make in [
    ("fund payer", "finance.Payer", _payer),
    ("fund exemption", "finance.Exemption", _exemption),
    ("fund due", "finance.Due", _due),
    ("tax bureau file", "finance.TaxImport", _tax_import),
    ("tax file import", "finance.TaxJob", _tax_job),
    ("fund payment", "finance.Payment", _payment),
    ("fund reminder", "finance.Reminder", _reminder),
    ("payroll declaration", "finance.Declaration", _declaration),
    ("share rule", "finance.ShareRule", _share_rule),
    ("fund share", "finance.Share", _share),
    ("fund rebate", "finance.Rebate", _rebate),
    ("budget", "finance.Budget", _budget),
    ("expense", "finance.Expense", _expense),
    ("voucher", "finance.Voucher", _voucher),
    ("audit review", "finance.Review", _review),
    ("audit finding", "finance.Finding", _finding),
]:
    _reads, _listings, _writes = _ROUTES.get(_name, ([], [], []))
    register(
        ScopedThing(
            name=_name,
            model=_model,
            make=_make,
            reads=_reads,
            listings=_listings,
            writes=_writes,
        )
    )
