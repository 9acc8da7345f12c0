"""Demo welfare of the demo province for 2022 (seeds 002 and 004 §3): the province's mutual
medical insurance plan with its cover rules, members enrolled (gig workers free), claims
filed, reviewed and paid on the ledger; two-cancer screening for women workers and health
checks for model workers; care visits to seriously ill workers; mental health lectures
and a confidential session; rest and recuperation with places per city, selection by the
rule, trips and costs.

At "province" scale the figures are seed 004's (60,000 women screened, 484 workers visited
with 1,310,900 yuan, 1,134 lectures reaching 301,300 workers); at "small" about a
hundredth, at "tiny" less. Rows are written in bulk, through the models' rules (the payout
from the cover's rules, the selection by services.rank). Deterministic for a seed.
"""

import random
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import cast
from zoneinfo import ZoneInfo

from django.db import transaction

from gonghui.accounts.models import User
from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import FundReceipt, Posting, PostingKind, ReceiptSource
from gonghui.core import crypto
from gonghui.core.bulk import copy_objects
from gonghui.members.models import GIG_KINDS, Gender, Membership, MembershipStatus
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Organization, OrgKind

from .codes import (
    CARE_GIVEN,
    CARE_VISIT,
    CLAIM,
    CLAIMS_PAID,
    CONTRIBUTED,
    FUND,
    PREMIUM,
    REST_SPENT,
    REST_TRIP,
)
from .models import (
    CareVisit,
    Claim,
    ClaimStatus,
    Counsellor,
    Cover,
    CoverKind,
    Enrolment,
    HealthProgram,
    Plan,
    ProgramKind,
    RestProgram,
    RestQuota,
    RestTrip,
    Screening,
    ScreeningStatus,
    Selection,
    Session,
    Talk,
    TalkKind,
)
from .services import rank

YEAR = 2022
TZ = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class Sizes:
    enrolled: int  # members enrolled in the plan
    claim_share: float  # of the enrolled, who file a claim
    screened: int  # women screened (seed 004: 60,000)
    visits: int  # seriously ill workers visited (seed 004: 484)
    care_money: int  # fen given on those visits (seed 004: 1,310,900 yuan)
    lectures: int  # mental health lectures (seed 004: 1,134)
    attendance: int  # workers reached by them (seed 004: 301,300)
    rest: int  # workers sent on rest and recuperation


SIZES = {
    "tiny": Sizes(300, 0.05, 60, 5, 1_350_000, 12, 3_000, 20),
    "small": Sizes(3_000, 0.03, 600, 48, 13_109_000, 113, 30_130, 200),
    "province": Sizes(200_000, 0.02, 60_000, 484, 131_090_000, 1_134, 301_300, 5_000),
}
COVERS = [  # kind, deductible, ratio %, cap a year (fen)
    (CoverKind.HOSPITAL, 500_00, 50, 10_000_00),
    (CoverKind.SERIOUS, 0, 100, 50_000_00),
    (CoverKind.ACCIDENT, 100_00, 80, 20_000_00),
    (CoverKind.WOMEN, 0, 100, 10_000_00),
]
ILLNESSES = {
    CoverKind.HOSPITAL: ["肺炎住院治疗", "腰椎间盘突出手术", "胆囊切除术", "阑尾炎手术"],
    CoverKind.SERIOUS: ["恶性肿瘤", "急性心肌梗死", "脑卒中后遗症"],
    CoverKind.ACCIDENT: ["上班途中骑车摔伤，右腕骨折", "工作中扭伤踝关节"],
    CoverKind.WOMEN: ["乳腺良性肿瘤切除", "宫颈病变治疗"],
}
TALK_TITLES = [
    "职场压力与情绪管理",
    "关爱职工心理健康知识讲座",
    "新就业形态劳动者心理调适",
    "亲子沟通与家庭关系",
    "睡眠与心理健康",
]
REST_PLACES = ["兴城疗养院", "大连金石滩职工疗养院", "丹东凤城疗休养基地"]


def _actors(province: Organization) -> tuple[User, User]:
    from gonghui.assistance.demo import demo_actors

    return demo_actors(province)


def _fund(province: Organization, payer: Organization, amount: int, memo: str, actor: User):
    """Special funds in first, so a union's general funds cover what it pays."""
    posting = ledger.post(
        PostingSpec(
            PostingKind.RECEIPT,
            payer.pk,
            memo=memo,
            legs=[Leg(payer.pk, "available", amount), Leg(payer.pk, "grants_in", -amount)],
        ),
        actor=actor,
    )
    FundReceipt.objects.create(
        organization=payer,
        source=ReceiptSource.GRANT,
        amount=amount,
        memo=memo,
        posting=posting,
        created_by=actor,
    )


def _memberships(province, rng, wanted, *, under: str = "", **filters) -> list[Membership]:
    rows = Membership.objects.filter(
        union__path__startswith=under or province.path,
        union__kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT],
        status=MembershipStatus.ACTIVE,
        **filters,
    )
    ids = list(rows.order_by("pk").values_list("pk", flat=True)[: max(wanted * 3, 1000)])
    picked = rng.sample(ids, min(len(ids), wanted))
    return list(rows.filter(pk__in=picked).select_related("person", "union").order_by("pk"))


def _city_of(cities: list[Organization], union: Organization) -> Organization | None:
    return next((c for c in cities if union.path.startswith(c.path)), None)


def _spread(total: int, n: int, rng: random.Random) -> list[int]:
    """`total` in n whole parts of about the same size (each at least 1)."""
    if n <= 0:
        return []
    weights = [rng.uniform(0.5, 1.5) for _ in range(n)]
    s = sum(weights)
    parts = [max(1, int(total * w / s)) for w in weights]
    parts[-1] += total - sum(parts)
    return parts


def _insurance(province, rng, sizes, maker, checker) -> dict[str, int]:
    plan = Plan.objects.create(
        owner=province,
        year=YEAR,
        name=f"{YEAR}年辽宁省职工医疗互助保障",
        premium=60_00,
        free_for_gig=True,
        created_by=maker,
    )
    covers = copy_objects(
        Cover,
        (
            Cover(plan=plan, kind=k, deductible=d, ratio_percent=r, cap_per_year=c)
            for k, d, r, c in COVERS
        ),
    )
    by_kind = {c.kind: c for c in covers}
    members = _memberships(province, rng, sizes.enrolled)
    demo = (
        Membership.objects.filter(person__user__username="member", status=MembershipStatus.ACTIVE)
        .select_related("person", "union")
        .first()
    )
    if demo is not None and all(m.person_id != demo.person_id for m in members):
        members = [demo, *members[:-1]]
    members = list({m.person_id: m for m in members}.values())  # one enrolment a person
    totals: dict[int, int] = defaultdict(int)
    rows = []
    for m in members:
        free = m.person.work_kind in GIG_KINDS
        payer_id = province.pk if free else m.union_id
        totals[payer_id] += plan.premium
        rows.append((m, payer_id, free))
    # premiums from each paying union's welfare contributions into the province's fund
    specs = {
        payer_id: PostingSpec(
            PREMIUM,
            payer_id,
            memo=f"{plan.name}: 保费",
            legs=[Leg(province.pk, FUND, total), Leg(payer_id, CONTRIBUTED, -total)],
        )
        for payer_id, total in totals.items()
    }
    ledger.post_many(list(specs.values()), actor=maker)
    enrolled_on = date(YEAR, 1, 15)
    enrolments = copy_objects(
        Enrolment,
        [
            Enrolment(
                plan=plan,
                person=m.person,
                union=m.union,
                payer_id=payer_id,
                free=free,
                premium=plan.premium,
                posting=specs[payer_id].posting,
                enrolled_by=maker,
                enrolled_on=enrolled_on,
            )
            for m, payer_id, free in rows
        ],
        batch_size=2000,
    )
    # claims: most paid, some approved and waiting, some waiting, a few turned down
    claimants = rng.sample(enrolments, int(len(enrolments) * sizes.claim_share) + 1)
    if demo is not None:
        mine = next((e for e in enrolments if e.person_id == demo.person_id), None)
        if mine is not None and mine not in claimants:
            claimants.append(mine)
    claims: list[Claim] = []
    used: dict[tuple[int, str], int] = defaultdict(int)
    for i, e in enumerate(claimants):
        kinds = [CoverKind.HOSPITAL, CoverKind.SERIOUS, CoverKind.ACCIDENT]
        if e.person.gender == Gender.FEMALE:
            kinds.append(CoverKind.WOMEN)
        kind = rng.choice(kinds)
        bills = rng.randint(600, 12_000) * 100
        cover = by_kind[kind]
        incurred = date(YEAR, 1, 20) + timedelta(days=rng.randint(0, 300))
        roll = rng.random()
        payout = cover.payout(bills, used[(e.pk, kind)])
        status = ClaimStatus.PAID
        if payout == 0 or roll < 0.04:
            status = ClaimStatus.REJECTED
        elif roll < 0.10:
            status = ClaimStatus.SUBMITTED
        elif roll < 0.15:
            status = ClaimStatus.APPROVED
        if status in (ClaimStatus.PAID, ClaimStatus.APPROVED):
            used[(e.pk, kind)] += payout
        else:
            payout = 0
        decided = status != ClaimStatus.SUBMITTED
        claims.append(
            Claim(
                enrolment=e,
                union=e.union,
                kind=kind,
                incurred_on=incurred,
                bills=bills,
                illness_cipher=crypto.encrypt(rng.choice(ILLNESSES[kind])),
                status=status,
                payout=payout,
                idempotency_key=f"demo-{YEAR}-{i:07d}",
                request_hash="demo",
                submitted_by=e.person.user or maker,
                reviewer=checker if decided else None,
                reviewed_at=datetime(YEAR, 12, 1, 10, tzinfo=TZ) if decided else None,
                reason="票据不全，请补充出院小结后重新申请"
                if status == ClaimStatus.REJECTED
                else "",
                payer=maker if status == ClaimStatus.PAID else None,
                paid_on=min(incurred + timedelta(days=30), date(YEAR, 12, 28))
                if status == ClaimStatus.PAID
                else None,
            )
        )
    paid = [c for c in claims if c.status == ClaimStatus.PAID]
    amount = sum(c.payout for c in paid)
    short = amount - ledger.balance(province.pk, FUND)
    if short > 0:  # a bad year: the province tops the fund up from its welfare budget
        ledger.post(
            PostingSpec(
                PREMIUM,
                province.pk,
                memo=f"{plan.name}: 省总工会补助互助保障基金",
                legs=[Leg(province.pk, FUND, short), Leg(province.pk, CONTRIBUTED, -short)],
            ),
            actor=maker,
        )
    if amount:
        posting = ledger.post(
            PostingSpec(
                CLAIM,
                province.pk,
                memo=f"{plan.name}: {len(paid)} claims",
                legs=[Leg(province.pk, CLAIMS_PAID, amount), Leg(province.pk, FUND, -amount)],
            ),
            actor=maker,
        )
        for c in paid:
            c.posting = posting
    copy_objects(Claim, claims, batch_size=2000)
    return {"welfare enrolments": len(enrolments), "welfare claims": len(claims)}


def _health(province, rng, sizes, maker, cities) -> dict[str, int]:
    screening = HealthProgram.objects.create(
        owner=province,
        year=YEAR,
        kind=ProgramKind.SCREENING,
        name=f"{YEAR}年困难企业女职工“两癌”免费筛查",
        places=int(sizes.screened * 1.05) + 1,
        created_by=maker,
    )
    women = _memberships(province, rng, int(sizes.screened * 1.03) + 1, person__gender="F")
    rows = []
    for i, m in enumerate(women):
        appointment = date(YEAR, 4, 1) + timedelta(days=rng.randint(0, 200))
        done = i < sizes.screened
        follow = done and rng.random() < 0.03
        rows.append(
            Screening(
                program=screening,
                person=m.person,
                union=m.union,
                appointment_on=appointment,
                place=rng.choice(["省妇幼保健院", "市妇幼保健院", "市中心医院"]),
                status=ScreeningStatus.DONE if done else ScreeningStatus.MISSED,
                result_cipher=crypto.encrypt("建议三个月后复查" if follow else "未见异常")
                if done
                else "",
                follow_up=follow,
                booked_by=maker,
                screened_on=appointment if done else None,
            )
        )
    # health checks for the model workers on the register (honours' demo made them)
    from gonghui.honours.models import ModelWorker, WorkerStatus

    workers = list(
        ModelWorker.objects.filter(
            union__path__startswith=province.path,
            status=WorkerStatus.WORKING,
            person__isnull=False,
        ).select_related("union")[: max(20, sizes.visits * 2)]
    )
    check = HealthProgram.objects.create(
        owner=province,
        year=YEAR,
        kind=ProgramKind.HEALTH_CHECK,
        name=f"{YEAR}年劳模健康体检",
        places=max(1, len(workers)),
        created_by=maker,
    )
    have = {s.person_id for s in rows}
    for w in workers:
        if w.person_id is None or w.person_id in have:
            continue
        have.add(w.person_id)
        day = date(YEAR, 6, 1) + timedelta(days=rng.randint(0, 90))
        rows.append(
            Screening(
                program=check,
                person_id=w.person_id,
                union=w.union,
                appointment_on=day,
                place="省职工医院体检中心",
                status=ScreeningStatus.DONE,
                result_cipher=crypto.encrypt("体检结果总体正常"),
                booked_by=maker,
                screened_on=day,
            )
        )
    copy_objects(Screening, rows, batch_size=2000)
    # care visits: the city federation visits, paid from its general funds
    ill = _memberships(province, rng, sizes.visits)
    amounts = _spread(sizes.care_money, len(ill), rng)
    by_city: dict[int, list[tuple[Membership, int]]] = defaultdict(list)
    for m, amount in zip(ill, amounts, strict=True):
        city = _city_of(cities, m.union) or province
        by_city[city.pk].append((m, amount))
    visits = []
    for city_id, items in by_city.items():
        city = next((c for c in cities if c.pk == city_id), province)
        total = sum(a for _m, a in items)
        _fund(province, city, total, f"{YEAR}年患病职工慰问专项经费", maker)
        posting = ledger.post(
            PostingSpec(
                CARE_VISIT,
                city.pk,
                memo=f"{YEAR}年慰问患病职工（{len(items)}人）",
                legs=[Leg(city.pk, CARE_GIVEN, total), Leg(city.pk, "available", -total)],
            ),
            actor=maker,
        )
        visits += [
            CareVisit(
                union=city,
                person=m.person,
                visited_on=date(YEAR, 1, 10) + timedelta(days=rng.randint(0, 340)),
                illness_cipher=crypto.encrypt(rng.choice(ILLNESSES[CoverKind.SERIOUS])),
                amount=a,
                posting=posting,
                entered_by=maker,
            )
            for m, a in items
        ]
    copy_objects(CareVisit, visits, batch_size=2000)
    return {"welfare screenings": len(rows), "welfare care visits": len(visits)}


def _mental(province, rng, sizes, maker) -> dict[str, int]:
    counties = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.COUNTY, is_active=True
        ).order_by("path")
    ) or [province]
    lectures = sizes.lectures
    groups = max(1, lectures // 10)
    attendance = _spread(sizes.attendance, lectures + groups, rng)
    talks = [
        Talk(
            union=counties[i % len(counties)],
            kind=TalkKind.LECTURE if i < lectures else TalkKind.GROUP,
            title=rng.choice(TALK_TITLES),
            held_on=date(YEAR, 1, 5) + timedelta(days=rng.randint(0, 350)),
            attendance=attendance[i],
            entered_by=maker,
        )
        for i in range(lectures + groups)
    ]
    # the lectures' figure counts lectures; the group sessions' attendance joins theirs
    copy_objects(Talk, talks, batch_size=2000)
    sessions = 0
    cadre = User.objects.filter(username="cadre").first()
    member = (
        Membership.objects.filter(person__user__username="member", status=MembershipStatus.ACTIVE)
        .select_related("union", "person")
        .first()
    )
    if cadre is not None:
        role = cadre.roles.select_related("organization").first()
        if role is not None and role.organization is not None:
            counsellor = Counsellor.objects.create(
                union=role.organization, user=cadre, named_by=maker
            )
            if member is not None and member.union.path.startswith(role.organization.path):
                Session.objects.create(
                    person=member.person,
                    counsellor=counsellor,
                    topic_cipher=crypto.encrypt("最近工作压力大，晚上睡不好，想找人聊聊。"),
                )
                sessions = 1
    return {"welfare talks": len(talks), "welfare sessions": sessions}


def _rest(province, rng, sizes, maker, cities) -> dict[str, int]:
    if not cities:
        return {}
    program = RestProgram.objects.create(
        owner=province,
        year=YEAR,
        name=f"{YEAR}年全省一线职工和劳模疗休养",
        destination=rng.choice(REST_PLACES),
        places=sizes.rest,
        cost_per_place=3_000_00,
        created_by=maker,
    )
    places = _spread(sizes.rest, len(cities), rng)
    quotas = copy_objects(
        RestQuota,
        (
            RestQuota(program=program, union=c, places=p, set_by=maker)
            for c, p in zip(cities, places, strict=True)
        ),
    )
    selections: list[Selection] = []
    trips: list[tuple[RestTrip, list[Selection]]] = []
    taken: set[int] = set()
    for quota in quotas:
        city = quota.union
        pool = [
            m
            for m in _memberships(province, rng, quota.places * 2, under=city.path)
            if m.person_id not in taken
        ]
        ranked = rank([(m.person_id, rng.random() < 0.6) for m in pool])[: quota.places]
        unions = {m.person_id: m.union for m in pool}
        chosen = [
            Selection(
                program=program,
                union=city,
                person_id=p,
                priority=prio,
                selected_by=maker,
                selected_on=date(YEAR, 4, 20),
            )
            for p, prio in ranked
            if unions.get(p) is not None
        ]
        taken.update(s.person_id for s in chosen)
        selections += chosen
        # groups of up to 40, one trip each; the last group waits for the autumn
        groups = [chosen[i : i + 40] for i in range(0, len(chosen), 40)]
        for g, group in enumerate(groups[:-1] if len(groups) > 1 else groups):
            departs = date(YEAR, 5, 10) + timedelta(days=14 * g + rng.randint(0, 6))
            trip = RestTrip(
                program=program,
                union=city,
                departs_on=departs,
                returns_on=departs + timedelta(days=6),
                cost=program.cost_per_place * len(group),
                entered_by=maker,
            )
            trips.append((trip, group))
    by_city: dict[int, int] = defaultdict(int)
    for trip, _group in trips:
        by_city[trip.union_id] += trip.cost
    for city in cities:
        if by_city.get(city.pk):
            _fund(province, city, by_city[city.pk], f"{YEAR}年职工疗休养专项经费", maker)
    specs = [
        PostingSpec(
            REST_TRIP,
            trip.union_id,
            memo=f"{program.name} {trip.departs_on}（{len(group)}人）",
            legs=[
                Leg(trip.union_id, REST_SPENT, trip.cost),
                Leg(trip.union_id, "available", -trip.cost),
            ],
        )
        for trip, group in trips
    ]
    ledger.post_many(specs, actor=maker)
    for (trip, _group), spec in zip(trips, specs, strict=True):
        trip.posting = cast(Posting, spec.posting)
    copy_objects(RestTrip, [t for t, _g in trips])
    for trip, group in trips:
        for s in group:
            s.trip = trip
    copy_objects(Selection, selections, batch_size=2000)
    return {"welfare rest selections": len(selections), "welfare trips": len(trips)}


@transaction.atomic
def build_demo(scale: str = "small", seed: int = YEAR, progress=None) -> dict[str, int]:
    province = demo_province()
    if province is None:
        return {}
    sizes = SIZES.get(scale, SIZES["small"])
    rng = random.Random(seed)
    maker, checker = _actors(province)
    cities = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.CITY, is_active=True
        ).order_by("path")
    )
    counts: dict[str, int] = {}
    counts |= _insurance(province, rng, sizes, maker, checker)
    counts |= _health(province, rng, sizes, maker, cities)
    counts |= _mental(province, rng, sizes, maker)
    counts |= _rest(province, rng, sizes, maker, cities)
    return counts
