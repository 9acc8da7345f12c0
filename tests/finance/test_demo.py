"""The 2022 finance demo, and the summary's finance sentences written from it: the ledger
balances, every payment is shared, and each figure in a sentence equals an independent sum
of the records."""

import pytest
from django.db.models import Sum

from gonghui.campaigns.models import Entry
from gonghui.core import numstyle
from gonghui.finance import demo
from gonghui.finance.models import (
    Budget,
    Expense,
    Finding,
    Payer,
    Payment,
    Rebate,
    RebateStatus,
    Share,
)
from gonghui.reports.summary import summary_compose

from ..factories import unionized_enterprises


@pytest.fixture
def demo_world(world):
    unionized_enterprises((world.county, world.sibling))
    return world, demo.build_demo("small", seed=5)


def _total(qs, field="amount") -> int:
    return qs.aggregate(n=Sum(field))["n"] or 0


def _sentence(content, key):
    for section in content["sections"]:
        for paragraph in section["paragraphs"]:
            for sentence in paragraph["sentences"]:
                if key in sentence["figures"]:
                    return sentence["text"]
    return None


def test_demo_books_a_balanced_year(demo_world):
    world, counts = demo_world
    assert counts["fund payers"] == Payer.objects.count() >= 12
    assert counts["fund payments"] == Payment.objects.count() > 100
    assert set(Payment.objects.values_list("method", flat=True)) == {"tax", "direct"}
    assert not Payment.objects.filter(share__isnull=True).exists()  # every month shared
    assert {p.paid_on.year for p in Payment.objects.all()} == {2022}
    for share in Share.objects.all()[:50]:
        parts = share.national + share.provincial + share.city + share.county + share.grassroots
        assert parts == share.amount
    assert _total(Entry.objects.all()) == 0
    assert counts["fund rebates"] == Rebate.objects.filter(status=RebateStatus.PAID).count() > 0
    for rebate in Rebate.objects.all():
        assert rebate.decided_by_id != rebate.applied_by_id
    assert Expense.objects.filter(status="paid").count() == counts["expenditures"] > 0
    assert Finding.objects.count() == counts["audit findings"] == 2


def test_summary_sentences_sum_the_records(demo_world):
    world, _counts = demo_world
    collected = _total(Payment.objects.filter(paid_on__year=2022))
    taxed = _total(Payment.objects.filter(paid_on__year=2022, method="tax"))
    grassroots = _total(Share.objects.filter(paid_on__year=2022), "grassroots")
    rebated = _total(Rebate.objects.filter(status=RebateStatus.PAID, paid_on__year=2022))
    zh = summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    assert _sentence(zh, "finance.collected") == (
        f"2022年，全省各级工会收缴工会经费{numstyle.money(collected)}，其中税务代收"
        f"{numstyle.money(taxed)}；按分成比例留归基层工会{numstyle.money(grassroots)}。"
    )
    assert _sentence(zh, "finance.rebated").startswith(
        f"向基层工会返还经费{numstyle.money(rebated)}"
    )
    # The rate is spending against the budgets (not the number of budget lines, which the
    # summary once printed as 0.8 %: core.figures counted a rate's rows).
    budgeted = _total(Budget.objects.filter(year=2022))
    spent = _total(Expense.objects.filter(status="paid", spent_on__year=2022))
    rate = spent * 1000 // budgeted
    assert 300 < rate < 1000
    findings = _sentence(zh, "finance.findings")
    assert findings == (
        f"各级工会预算执行率为{rate // 10}.{rate % 10}%；经费审查委员会提出审计发现问题2个。"
    )
    en = summary_compose(actor=world.province_staff, org_id=world.province.pk, year=2022, lang="en")
    assert _sentence(en, "finance.collected").startswith("In 2022, ")
    assert _sentence(en, "finance.findings").startswith(
        f"Unions at all levels spent {rate // 10}.{rate % 10}% of their budgets;"
    )
