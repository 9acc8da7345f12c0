"""Demo rights cases: what the demo province's county federations and their grassroots
unions took up for workers in 2022 (seed 004 §3), so that the case list, the figures and
the summary's rights paragraph have records to work from. Deterministic for a seed; rows
are bulk-inserted, the dispute encrypted as the service encrypts it."""

import random
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core import crypto
from gonghui.core.bulk import copy_objects
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Organization, OrgKind

from . import demo_contracts, demo_relations
from .models import (
    CaseKind,
    CaseStatus,
    CaseStep,
    Channel,
    Outcome,
    RightsCase,
    Stage,
    fill_union_paths,
)

YEAR = 2022
CASES_PER_COUNTY = {"tiny": 4, "small": 20, "medium": 60, "large": 150, "province": 250}
KINDS = (
    [CaseKind.WAGE_ARREARS] * 35
    + [CaseKind.DISMISSAL] * 20
    + [CaseKind.INJURY] * 10
    + [CaseKind.SOCIAL_INSURANCE] * 15
    + [CaseKind.OVERTIME] * 10
    + [CaseKind.GIG_PLATFORM] * 10
)
CHANNELS = [Channel.HOTLINE] * 40 + [Channel.WALK_IN] * 25 + [Channel.ONLINE] * 20
CHANNELS += [Channel.REFERRAL] * 15
# (outcome, weight, the last step it reached)
OUTCOMES = [
    (Outcome.MEDIATED, 45, Stage.MEDIATION),
    (Outcome.AWARDED, 15, Stage.LITIGATION),
    (Outcome.ADVISED, 18, Stage.CONSULTATION),
    (Outcome.REFERRED, 10, Stage.CONSULTATION),
    (Outcome.NOT_SUPPORTED, 5, Stage.LITIGATION),
    (Outcome.WITHDRAWN, 4, Stage.MEDIATION),
    (None, 3, Stage.LEGAL_AID),  # still open at the end of the year
]
EMPLOYERS = [
    "沈阳某建筑劳务有限公司",
    "大连某物流有限公司",
    "鞍山某机械制造有限公司",
    "某外卖平台辽宁配送站",
    "某网约车平台辽宁分公司",
    "营口某食品加工厂",
    "抚顺某商贸有限公司",
    "锦州某物业服务有限公司",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["伟", "芳", "娜", "秀英", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛"]
DISPUTES = {
    CaseKind.WAGE_ARREARS: "企业拖欠{n}名职工{m}个月工资，多次讨要未果。",
    CaseKind.DISMISSAL: "企业未提前通知解除劳动合同，未支付经济补偿，涉及{n}人。",
    CaseKind.INJURY: "工作中受伤，工伤认定后企业拒绝支付停工留薪期工资。",
    CaseKind.SOCIAL_INSURANCE: "企业{m}个月未为职工缴纳社会保险，涉及{n}人。",
    CaseKind.OVERTIME: "每天延长工作时间{m}小时，未支付加班费，涉及{n}人。",
    CaseKind.GIG_PLATFORM: "平台单方调整计价规则并扣除保证金，涉及骑手{n}人。",
}
CLAIM_YUAN = {
    CaseKind.WAGE_ARREARS: (3_000, 40_000),
    CaseKind.DISMISSAL: (5_000, 60_000),
    CaseKind.INJURY: (10_000, 150_000),
    CaseKind.SOCIAL_INSURANCE: (2_000, 30_000),
    CaseKind.OVERTIME: (1_000, 20_000),
    CaseKind.GIG_PLATFORM: (500, 8_000),
}


def _noon(day: date):
    return timezone.make_aware(datetime.combine(day, time(10)))


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    handler, _checker = demo_actors(province)
    rng = random.Random(seed)
    per_county = CASES_PER_COUNTY.get(scale, 20)
    outcomes = [o for o, w, _s in OUTCOMES for _ in range(w)]
    reached = {o: s for o, _w, s in OUTCOMES}
    counties = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.COUNTY, is_active=True
        ).order_by("path")
    )
    cases: list[RightsCase] = []
    for county in counties:
        grassroots = list(
            Organization.objects.filter(
                path__startswith=county.path, kind=OrgKind.GRASSROOTS, is_active=True
            ).values_list("pk", flat=True)[:50]
        )
        for _n in range(per_county):
            kind = rng.choice(KINDS)
            workers = 1 if rng.random() < 0.7 else rng.randint(2, 40)
            low, high = CLAIM_YUAN[kind]
            claimed = rng.randint(low, high) * 100 * min(workers, 10)
            opened = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 355))
            outcome = rng.choice(outcomes)
            deadline = RightsCase.deadline_for(kind, opened)
            closed = None
            if outcome is not None:
                closed = min(
                    opened + timedelta(days=rng.randint(2, (deadline - opened).days + 10)),
                    date(YEAR, 12, 31),
                )
            recovered = 0
            if outcome in (Outcome.MEDIATED, Outcome.AWARDED):
                recovered = claimed * rng.randint(60, 100) // 100
            union_id = rng.choice(grassroots) if grassroots and rng.random() < 0.3 else county.pk
            case = RightsCase(
                union_id=union_id,
                worker_name=rng.choice(SURNAMES) + rng.choice(GIVEN),
                employer=rng.choice(EMPLOYERS),
                kind=kind,
                channel=rng.choice(CHANNELS),
                description_cipher=crypto.encrypt(
                    DISPUTES[kind].format(n=workers, m=rng.randint(2, 6))
                ),
                workers_involved=workers,
                amount_claimed=claimed,
                amount_recovered=recovered,
                stage=reached[outcome],
                status=CaseStatus.OPEN if outcome is None else CaseStatus.CLOSED,
                outcome=outcome or "",
                handler=handler,
                opened_on=opened,
                deadline=deadline,
                closed_on=closed,
                opened_by=handler,
            )
            case.set_phone(f"139{rng.randint(0, 99_999_999):08d}")
            cases.append(case)
    cases += _member_cases(handler)
    copy_objects(RightsCase, cases, batch_size=2000)
    fill_union_paths()  # bulk_create does not call save(), which copies the union's path
    steps = []
    for case in cases:
        for stage in Stage.values[: Stage.values.index(case.stage) + 1]:
            if stage == Stage.LEGAL_AID and case.stage == Stage.LITIGATION and case.pk % 2:
                continue  # half the litigated cases went straight from mediation to arbitration
            steps.append(CaseStep(case=case, stage=stage, by=handler, at=_noon(case.opened_on)))
    copy_objects(CaseStep, steps, batch_size=5000)
    counts = {"rights cases": len(cases), "case steps": len(steps)}
    counts.update(demo_relations.build(scale, rng, province, counties, handler, cases))
    counts.update(demo_contracts.build(scale, seed, counties, handler))
    return counts


def _member_cases(handler: User) -> list[RightsCase]:
    """The demo member's own two cases: one closed, one they follow now."""
    from gonghui.members.demo import DEMO_MEMBER_USERNAME

    membership = (
        Membership.objects.select_related("union", "person__user")
        .filter(person__user__username=DEMO_MEMBER_USERNAME, status=MembershipStatus.ACTIVE)
        .first()
    )
    if membership is None:
        return []
    worker = membership.person.user
    common = {
        "union": membership.union,
        "worker": worker,
        "worker_name": membership.person.name,
        "channel": Channel.ONLINE,
        "opened_by": worker,
    }
    return [
        RightsCase(
            **common,
            kind=CaseKind.WAGE_ARREARS,
            employer="沈阳某建筑劳务有限公司",
            description_cipher=crypto.encrypt("2022年10月至12月工资共1.8万元未发放。"),
            amount_claimed=18_000_00,
            amount_recovered=18_000_00,
            stage=Stage.MEDIATION,
            status=CaseStatus.CLOSED,
            outcome=Outcome.MEDIATED,
            outcome_note="经工会调解，企业于春节前全额补发工资。",
            handler=handler,
            opened_on=date(YEAR, 12, 20),
            deadline=RightsCase.deadline_for(CaseKind.WAGE_ARREARS, date(YEAR, 12, 20)),
            closed_on=date(YEAR, 12, 30),
        ),
        RightsCase(
            **common,
            kind=CaseKind.OVERTIME,
            employer="沈阳某建筑劳务有限公司",
            description_cipher=crypto.encrypt("工地每天加班3小时，未支付加班费。"),
            amount_claimed=4_500_00,
            stage=Stage.CONSULTATION,
            status=CaseStatus.OPEN,
            opened_on=timezone.localdate(),
            deadline=RightsCase.deadline_for(CaseKind.OVERTIME, timezone.localdate()),
        ),
    ]
