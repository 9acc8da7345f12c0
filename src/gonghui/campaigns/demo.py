"""Demo money for the demo province: the 2022 送温暖 and 金秋助学 campaigns sent down to
every county, their beneficiaries picked from the files and paid (maker, then a different
checker), and 10万元 to each of up to 56 county unions (seed 004 §4).

Everything goes through the ledger's checks; payments are written a county at a time
(one lock round per county) so that a province-sized demo stays quick. The demo command
runs it after assistance.demo, whose files the beneficiaries are picked from.

The services called here are top-level (durable) transactions, so the demo is not one
transaction: each service call, and each county's payments, commits on its own, as each
capability's demo does in the demo command.
"""

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.demo import demo_actors
from gonghui.assistance.models import (
    AidApplication,
    ApplicationStatus,
    FileStatus,
    HardshipFile,
    Tier,
)
from gonghui.core import audit
from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Organization, OrgKind

from . import ledger, services
from .codes import Action
from .ledger import Leg, PostingSpec
from .models import (
    AccountKind,
    Allocation,
    Beneficiary,
    BeneficiarySource,
    Campaign,
    Disbursement,
    DisbursementStatus,
    Grant,
    GrantBatch,
    PostingKind,
)

WINTER_BUDGET = 2523_6300_00  # 2523.63万元, seed 004 §3
SCHOOL_BUDGET = 500_0000_00
GRANT_EACH = 10_0000_00  # 10万元 to each of 56 county unions, seed 004 §4
TIER_AMOUNT: dict[str, int] = {Tier.DEEP: 1000_00, Tier.RELATIVE: 600_00, Tier.ACCIDENTAL: 800_00}


@transaction.atomic
def _pay_all(campaign: Campaign, payer: Organization, *, maker: User, checker: User) -> int:
    """Pay everyone listed for `payer` while its money lasts: one posting each."""
    listed = list(
        Beneficiary.objects.filter(campaign=campaign, payer=payer, disbursements__isnull=True)
        .select_related("file")
        .order_by("pk")
    )
    left = ledger.balance(payer.pk, AccountKind.AVAILABLE, campaign.pk)
    chosen = []
    for beneficiary in listed:
        if beneficiary.amount <= left:
            chosen.append(beneficiary)
            left -= beneficiary.amount
    if not chosen:
        return 0
    c = campaign.pk
    specs = [
        PostingSpec(
            PostingKind.PAYMENT,
            payer.pk,
            campaign_id=c,
            memo=f"{campaign.name}: {b.person_id}",
            legs=[
                Leg(payer.pk, AccountKind.PAID, b.amount, c),
                Leg(payer.pk, AccountKind.AVAILABLE, -b.amount, c),
            ],
        )
        for b in chosen
    ]
    # post_bulk: the same checks and locks, postings COPYed too (a province pays 10^5).
    posting_ids = ledger.post_bulk(specs, actor=checker)
    now = timezone.now()
    copy_objects(
        Disbursement,
        [
            Disbursement(
                campaign=campaign,
                beneficiary=b,
                person_id=b.person_id,
                union_id=b.union_id,
                payer=payer,
                application_id=b.application_id,
                tier=b.file.tier if b.file else "",
                amount=b.amount,
                idempotency_key=f"demo-{c}-{b.pk}",
                request_hash=services.fingerprint(
                    campaign_id=c, beneficiary_id=b.pk, payer_id=payer.pk, amount=b.amount
                ),
                status=DisbursementStatus.PAID,
                maker=maker,
                checker=checker,
                checked_at=now,
                posting_id=posting_id,
            )
            for b, posting_id in zip(chosen, posting_ids, strict=True)
        ],
        batch_size=2000,
    )
    AidApplication.objects.filter(
        pk__in=[b.application_id for b in chosen if b.application_id]
    ).update(status=ApplicationStatus.PAID)
    audit.record(
        actor=checker,
        action=Action.DEMO_PAYMENTS,
        obj=campaign,
        org_path=payer.path,
        changes={"payer": payer.pk, "payments": len(chosen)},
    )
    return len(chosen)


def _county_path(path: str, counties: dict) -> str | None:
    """The path of the county a union lies in ('/1/7/42/301/' -> '/1/7/42/')."""
    parts = path.split("/")
    for n in range(2, len(parts)):
        prefix = "/".join(parts[:n]) + "/"
        if prefix in counties:
            return prefix
    return None


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    """The 2022 campaigns with their payments, and the county grants."""
    province = demo_province()
    if province is None:
        return {}
    maker, checker = demo_actors(province)
    return add_money(
        scale=scale, seed=seed, province=province, maker=maker, checker=checker, progress=progress
    )


def add_money(
    *,
    scale: str,
    seed: int,
    province: Organization,
    maker: User,
    checker: User,
    progress=None,
) -> dict:
    rng = random.Random(seed + 2)
    counties = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.COUNTY, is_active=True
        )
        .select_related("parent")
        .order_by("path")
    )
    if not counties:
        return {}
    paid = 0
    winter = services.campaign_create(
        actor=maker,
        name="2022年“两节”送温暖",
        kind="winter",
        owner_id=province.pk,
        starts_on=date(2022, 12, 1),
        ends_on=date(2023, 2, 28),
        budget=WINTER_BUDGET,
        description="“两节”和常态化送温暖慰问困难职工",
    )
    school = services.campaign_create(
        actor=maker,
        name="2022年金秋助学",
        kind="school",
        owner_id=province.pk,
        starts_on=date(2022, 8, 1),
        ends_on=date(2022, 10, 31),
        budget=SCHOOL_BUDGET,
        description="资助困难职工家庭子女入学",
    )
    for campaign, share in ((winter, 0.9), (school, 0.8)):
        per_county = int(campaign.budget * share) // len(counties) // 100 * 100
        by_city: dict[int, list] = {}
        for county in counties:
            assert county.parent_id is not None  # a county lies under a city or the province
            by_city.setdefault(county.parent_id, []).append(county)
        for city_id, own in by_city.items():
            if city_id != province.pk:
                services.allocate(
                    actor=maker,
                    campaign_id=campaign.pk,
                    from_org_id=province.pk,
                    to_org_id=city_id,
                    amount=per_county * len(own),
                )
            for county in own:
                services.allocate(
                    actor=maker,
                    campaign_id=campaign.pk,
                    from_org_id=city_id if city_id != province.pk else province.pk,
                    to_org_id=county.pk,
                    amount=per_county,
                )
    files = HardshipFile.objects.filter(
        union__path__startswith=province.path, status=FileStatus.OPEN
    ).order_by("pk")
    by_county: dict[str | None, Organization] = {c.path: c for c in counties}
    copy_objects(
        Beneficiary,
        [
            Beneficiary(
                campaign=winter,
                person_id=f.person_id,
                file=f,
                union_id=f.union_id,
                payer=by_county[_county_path(f.union.path, by_county)],
                amount=TIER_AMOUNT[f.tier],
                source=BeneficiarySource.RULE,
                added_by=maker,
            )
            for f in files.select_related("union")
            if _county_path(f.union.path, by_county)
        ],
        batch_size=2000,
    )
    for i, county in enumerate(counties):
        paid += _pay_all(winter, county, maker=maker, checker=checker)
        approved = AidApplication.objects.filter(
            union__path__startswith=county.path, kind="school", status=ApplicationStatus.APPROVED
        )
        for application in approved.order_by("pk"):
            if rng.random() < 0.9:
                services.beneficiary_add(
                    actor=maker,
                    campaign_id=school.pk,
                    payer_org_id=county.pk,
                    application_id=application.pk,
                )
        paid += _pay_all(school, county, maker=maker, checker=checker)
        if progress:
            progress(i + 1, len(counties))
    services.funds_receive(
        actor=maker,
        org_id=province.pk,
        source="dues",
        amount=GRANT_EACH * 100,
        memo="2022年会费收入",
    )
    batch = services.grant_batch(
        actor=maker,
        from_org_id=province.pk,
        to_kind="county",
        limit=56,
        amount_each=GRANT_EACH,
        memo="县级工会加强年工作经费补助",
    )
    _date_in_2022(winter, school, batch)
    return {"campaigns": 2, "campaign payments": paid, "county grants": batch.count}


@transaction.atomic
def _date_in_2022(winter, school, batch) -> None:
    """The demo tells of 2022: money sent down and paid carries its campaign's dates, not
    the day the demo was loaded, so that 2022's figures, dashboards and summary count it.
    Ledger postings keep the time they were written (the ledger is append-only)."""
    for campaign, day in ((school, date(2022, 9, 10)), (winter, date(2022, 12, 20))):
        sent = timezone.make_aware(datetime.combine(day - timedelta(days=30), time(9)))
        paid = timezone.make_aware(datetime.combine(day, time(10)))
        Allocation.objects.filter(campaign=campaign).update(created_at=sent)
        Beneficiary.objects.filter(campaign=campaign).update(added_at=sent)
        Disbursement.objects.filter(campaign=campaign).update(made_at=paid, checked_at=paid)
    granted = timezone.make_aware(datetime(2022, 6, 30, 9))
    GrantBatch.objects.filter(pk=batch.pk).update(created_at=granted)
    Grant.objects.filter(batch=batch).update(created_at=granted)
