"""Demo union finance for 2022: enterprises of a few county federations entered as payers
(some paying through the tax authority, some to the federation's bank), a year of their
payments, each month shared between the levels by the province's rule, rebates (the
tech-SME policy and plain ones), budgets with spending, and one audit review, so that the
summary's finance sentences and figures have records. Written through the services (the
ledger must balance); deterministic for a seed."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from gonghui.campaigns import ledger
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from . import services
from .models import Finding, Item, Method, Payer, Review

YEAR = 2022
# (counties, payers per county)
SIZES = {"tiny": (1, 4), "small": (2, 8), "medium": (4, 12), "large": (6, 16), "province": (8, 20)}
EXPENSES = {
    Item.ACTIVITY: ["职工运动会", "“五一”劳动节文艺演出", "读书月活动"],
    Item.SERVICE: ["夏送清凉慰问品", "职工体检"],
    Item.RIGHTS: ["困难职工帮扶", "金秋助学"],
    Item.BUSINESS: ["工会干部培训", "办公用品"],
}


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


def _tax_file(payers: list[Payer], month: int, amounts: dict[int, int]) -> bytes:
    lines = ["纳税人识别号,纳税人名称,入库日期,实缴金额,税票号码"]
    for p in payers:
        fen = amounts[p.pk]
        lines.append(
            f"{p.enterprise.credit_code},{p.enterprise.name},{YEAR}-{month:02d}-15,"
            f"{fen // 100}.{fen % 100:02d},SP{YEAR}{month:02d}{p.pk:06d}"
        )
    return ("\n".join(lines) + "\n").encode()


def _rebates(maker, checker, rng, payers: list[Payer], monthly: dict[int, int]) -> int:
    """Tech-SME rebates (the upper shares of January to November) and a few plain ones,
    approved by a second person; paid when the federation's bank holds enough, else left
    approved and waiting (a to-do)."""
    paid = 0
    for p in payers:
        if p.union_id is None:
            continue
        if p.tech_sme:
            rebate = services.apply_rebate(
                actor=maker, kind="tech_sme", union_id=p.union_id, year=YEAR
            )
        elif rng.random() < 0.2:
            rebate = services.apply_rebate(
                actor=maker,
                kind="grassroots",
                union_id=p.union_id,
                year=YEAR,
                amount=monthly[p.pk] * 2,
                reason="基层工会经费返还",
            )
        else:
            continue
        services.decide_rebate(actor=checker, rebate_id=rebate.pk, approve=True)
        if ledger.balance(rebate.federation_id, "fin_bank") >= rebate.amount:
            services.pay_rebate(actor=maker, rebate_id=rebate.pk, paid_on=date(YEAR, 12, 20))
            paid += 1
    return paid


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    maker, checker = demo_actors(province)
    rng = random.Random(seed)
    n_counties, per_county = SIZES.get(scale, SIZES["small"])
    services.set_share_rule(
        actor=maker,
        province_id=province.pk,
        year=YEAR,
        national=500,
        provincial=1500,
        city=1500,
        county=1500,
        grassroots=5000,
        remainder_to="county",
    )
    counties = [
        c
        for c in Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.COUNTY, is_active=True
        ).order_by("path")
        if Enterprise.objects.filter(keeper_path__startswith=c.path).exists()
    ][:n_counties]
    payers: list[Payer] = []
    monthly: dict[int, int] = {}  # payer -> union funds a month (2 % of its payroll), fen
    for county in counties:
        unions = Organization.objects.filter(
            path__startswith=county.path,
            kind=OrgKind.GRASSROOTS,
            is_active=True,
            enterprise__keeper_path__startswith=county.path,
        ).order_by("path")[:per_county]
        for union in unions:
            assert union.enterprise_id is not None
            payer = services.set_payer(
                actor=maker,
                enterprise_id=union.enterprise_id,
                collector_id=county.pk,
                method=Method.TAX if rng.random() < 0.7 else Method.DIRECT,
                union_id=union.pk,
                tech_sme=len(payers) % 4 == 1,
            )
            payers.append(payer)
            monthly[payer.pk] = rng.randint(20, 120) * 100_00
    by_county: dict[int, list[Payer]] = {}
    for p in Payer.objects.filter(pk__in=[p.pk for p in payers]).select_related("enterprise"):
        by_county.setdefault(p.collector_id, []).append(p)
    payments = rebates = 0
    for month in range(1, 13):
        for county_id, county_payers in by_county.items():
            taxed = [p for p in county_payers if p.method == Method.TAX]
            if taxed:
                batch = services.import_tax_file(
                    actor=maker,
                    collector_id=county_id,
                    name=f"{YEAR}年{month}月税务代收工会经费.csv",
                    content=_tax_file(taxed, month, monthly),
                )
                payments += batch.added
            for p in county_payers:
                if p.method == Method.DIRECT and rng.random() < 0.9:  # some pay late or not
                    services.receive_payment(
                        actor=maker,
                        payer_id=p.pk,
                        amount=monthly[p.pk],
                        paid_on=date(YEAR, month, rng.randint(5, 25)),
                        reference=f"YH{YEAR}{month:02d}{p.pk:06d}",
                    )
                    payments += 1
        if month == 12:  # the year's rebates, paid from what December brought in
            rebates = _rebates(maker, checker, rng, payers, monthly)
        services.share_month(actor=maker, org_id=province.pk, year=YEAR, month=month)
    budgets = expenses = 0
    for county in counties:
        funds = ledger.balance(county.pk, "fin_bank")  # budgets within what it holds
        for item, memos in EXPENSES.items():
            planned = funds * rng.randint(15, 25) // 100 // 100_00 * 100_00
            services.set_budget(
                actor=maker, union_id=county.pk, year=YEAR, item=item, amount=planned
            )
            budgets += 1
            for memo in memos:
                spent = planned * rng.randint(15, 30) // 100
                expense, _replayed = services.enter_expense(
                    actor=maker,
                    union_id=county.pk,
                    item=item,
                    amount=spent,
                    spent_on=date(YEAR, rng.randint(3, 11), rng.randint(1, 28)),
                    memo=memo,
                )
                services.decide_expense(actor=checker, expense_id=expense.pk, approve=True)
                expenses += 1
    findings = 0
    if counties:
        review = services.open_review(
            actor=maker,
            union_id=counties[0].pk,
            committee_id=province.pk,
            year=YEAR,
            title=f"{counties[0].name}{YEAR}年度经费收支审查",
        )
        for text, amount in [
            ("部分活动经费报销缺少签收单", 12_000_00),
            ("慰问品采购未按规定比价", 0),
        ]:
            finding = services.record_finding(
                actor=maker,
                review_id=review.pk,
                text=text,
                rectify_by=date(YEAR + 1, 6, 30),
                amount=amount,
            )
            findings += 1
            # the services date the review and its findings today; the demo's year is 2022
            Finding.objects.filter(pk=finding.pk).update(created_at=_at(date(YEAR, 12, 10)))
        Review.objects.filter(pk=review.pk).update(opened_on=date(YEAR, 11, 20))
    return {
        "fund payers": len(payers),
        "fund payments": payments,
        "fund rebates": rebates,
        "budgets": budgets,
        "expenditures": expenses,
        "audit findings": findings,
    }
