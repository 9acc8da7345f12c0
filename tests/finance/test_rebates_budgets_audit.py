"""Rebates (maker/checker, paid once, the tech-enterprise policy), budgets against the
ledger, statements and the audit committee's findings."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.core.errors import ServiceError
from gonghui.finance import selectors, services
from gonghui.finance.models import Expense, Rebate, RebateStatus

from .conftest import YEAR, pay


def _shared(fin, amount=1_000_000):
    pay(fin, amount)
    services.share_month(actor=fin.county_staff, org_id=fin.county.pk, year=YEAR, month=3)


def test_tech_sme_rebate_returns_the_upper_shares_once(fin):
    _shared(fin)  # 10,000 yuan: 40 % went up (national 500, province 1500, city 2000 yuan)
    rebate = services.apply_rebate(
        actor=fin.cadre, kind="tech_sme", union_id=fin.grassroots.pk, year=YEAR
    )
    assert rebate.amount == 400_000 and rebate.federation == fin.county
    with pytest.raises(ServiceError) as own:
        services.decide_rebate(actor=fin.cadre, rebate_id=rebate.pk, approve=True)
    assert own.value.code in ("own_entry", "forbidden")
    services.decide_rebate(actor=fin.county_staff, rebate_id=rebate.pk, approve=True)
    # The county holds only its own share and the rounding: not enough to pay 4,000 yuan.
    with pytest.raises(ServiceError) as short:
        services.pay_rebate(
            actor=fin.county_checker, rebate_id=rebate.pk, paid_on=date(YEAR, 12, 1)
        )
    assert short.value.code == "insufficient"
    pay(fin, 500_000, ref="TOPUP")  # the county's bank receives more before sharing
    services.pay_rebate(actor=fin.county_checker, rebate_id=rebate.pk, paid_on=date(YEAR, 12, 1))
    assert ledger.balance(fin.grassroots.pk, "fin_subsidy_in") == 400_000
    with pytest.raises(ServiceError):
        services.pay_rebate(
            actor=fin.county_checker, rebate_id=rebate.pk, paid_on=date(YEAR, 12, 2)
        )
    with pytest.raises(ServiceError):
        services.apply_rebate(
            actor=fin.cadre, kind="tech_sme", union_id=fin.grassroots.pk, year=YEAR
        )
    assert Rebate.objects.get().status == RebateStatus.PAID


def test_enterprise_not_tech_gets_no_policy_rebate(fin):
    from gonghui.finance.models import Payer

    Payer.objects.filter(pk=fin.payer.pk).update(tech_sme=False)
    _shared(fin)
    with pytest.raises(ServiceError) as err:
        services.apply_rebate(
            actor=fin.cadre, kind="tech_sme", union_id=fin.grassroots.pk, year=YEAR
        )
    assert err.value.code == "not_eligible"
    assert not Rebate.objects.exists()


def test_budget_execution_and_warning(fin):
    _shared(fin)  # the grassroots union receives 6,000 yuan
    services.set_budget(
        actor=fin.cadre,
        union_id=fin.grassroots.pk,
        year=YEAR,
        item="fin_x_activity",
        amount=500_000,
    )
    e, _replayed = services.enter_expense(
        actor=fin.cadre,
        union_id=fin.grassroots.pk,
        item="fin_x_activity",
        amount=460_000,
        spent_on=date(YEAR, 5, 1),
        memo="五一职工运动会",
    )
    with pytest.raises(ServiceError):
        services.decide_expense(actor=fin.cadre, expense_id=e.pk, approve=True)
    services.decide_expense(actor=fin.county_staff, expense_id=e.pk, approve=True)
    (line,) = selectors.budget_lines(actor=fin.city_leader, year=YEAR)
    assert line.spent == 460_000 and line.warning
    assert ledger.balance(fin.grassroots.pk, "fin_bank") == 600_000 - 460_000
    # More than the bank holds is refused and changes nothing.
    big, _replayed = services.enter_expense(
        actor=fin.cadre,
        union_id=fin.grassroots.pk,
        item="fin_x_activity",
        amount=200_000,
        spent_on=date(YEAR, 5, 2),
        memo="超支",
    )
    with pytest.raises(ServiceError):
        services.decide_expense(actor=fin.county_staff, expense_id=big.pk, approve=True)
    assert Expense.objects.get(pk=big.pk).status == "entered"


def test_statements_from_the_ledger(fin):
    _shared(fin)
    services.set_budget(
        actor=fin.cadre, union_id=fin.grassroots.pk, year=YEAR, item="fin_x_rights", amount=100_000
    )
    e, _replayed = services.enter_expense(
        actor=fin.cadre,
        union_id=fin.grassroots.pk,
        item="fin_x_rights",
        amount=50_000,
        spent_on=date(YEAR, 8, 1),
        memo="困难职工慰问",
    )
    services.decide_expense(actor=fin.county_staff, expense_id=e.pk, approve=True)
    rows = selectors.trial_balance(
        actor=fin.county_staff,
        org_id=fin.grassroots.pk,
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
    )
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows)
    statement = selectors.income_statement(
        actor=fin.county_staff,
        org_id=fin.grassroots.pk,
        start=date(YEAR, 1, 1),
        end=date(YEAR, 12, 31),
    )
    assert statement.total_income == 600_000 and statement.total_expenditure == 50_000
    assert statement.surplus == 550_000
    # Before the period: all of it is the opening balance.
    later = selectors.trial_balance(
        actor=fin.county_staff,
        org_id=fin.grassroots.pk,
        start=date(YEAR + 1, 1, 1),
        end=date(YEAR + 1, 12, 31),
    )
    bank = next(r for r in later if r.kind == "fin_bank")
    assert bank.opening == bank.closing == 550_000 and bank.debit == 0


def test_audit_review_with_findings_and_rectification(fin):
    review = services.open_review(
        actor=fin.county_staff,
        union_id=fin.grassroots.pk,
        committee_id=fin.county.pk,
        year=YEAR,
        title="2022年度经费审查",
    )
    finding = services.record_finding(
        actor=fin.county_staff,
        review_id=review.pk,
        text="慰问品采购无比价记录",
        rectify_by=date(YEAR, 12, 31),
        amount=12_000,
    )
    with pytest.raises(ServiceError):
        services.close_review(actor=fin.county_staff, review_id=review.pk)
    with pytest.raises(ServiceError):  # the committee does not rectify for the union
        services.verify_finding(actor=fin.county_staff, finding_id=finding.pk)
    services.rectify_finding(
        actor=fin.cadre, finding_id=finding.pk, rectification="补充三家比价并建立制度"
    )
    services.verify_finding(actor=fin.county_checker, finding_id=finding.pk)
    services.close_review(actor=fin.county_staff, review_id=review.pk)
    review.refresh_from_db()
    assert review.status == "closed"


def test_sibling_sees_no_review(fin):
    review = services.open_review(
        actor=fin.county_staff,
        union_id=fin.grassroots.pk,
        committee_id=fin.county.pk,
        year=YEAR,
        title="审查",
    )
    assert not selectors.review_list(actor=fin.sibling_staff).filter(pk=review.pk).exists()
    assert selectors.review_list(actor=fin.cadre).filter(pk=review.pk).exists()
