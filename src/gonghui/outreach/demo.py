"""Demo outreach for 2022, in the proportions of seed 004 §4 (171 stationing groups, 484
cadres, 241万元, 4767 interviewed, 1478 enterprises, 743 unions, 64287 members; 108 of 108
county unions paired, 56 of them by the national or provincial federation).

At "small" scale there are 14 groups (one a city of the demo province has), each with the
seed's per-group shares; the unions and members credited to a group are real records of
the demo tree founded or joined in its place during its period, as many as exist up to the
seed's share. Deterministic for a seed.
"""

import random
from collections import defaultdict
from datetime import date, timedelta

from django.db import transaction

from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import FundReceipt, PostingKind, ReceiptSource
from gonghui.core.bulk import copy_objects
from gonghui.members.models import Membership
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from .apps import GRANT_POSTING, GRANTED_ACCOUNT, RECEIVED_ACCOUNT
from .models import (
    Assessment,
    AssessmentStatus,
    Contact,
    ContactWay,
    Criterion,
    Dimension,
    FoundedUnion,
    Interview,
    Interviewee,
    OutreachGrant,
    Pairing,
    PairLevel,
    Problem,
    ProblemKind,
    ProblemStatus,
    RecruitedMember,
    Scheme,
    Score,
    StationingCadre,
    StationingGroup,
    Trainee,
    TrainingCourse,
    Urgency,
    Visit,
)

YEAR = 2022
GROUPS = {"small": 14, "medium": 40, "province": 171}
CADRE_VISITS = {"small": 60, "medium": 300, "province": 3000}
# Seed 004 §4 per group: cadres, yuan, people interviewed, enterprises, unions, members.
PER_GROUP = {
    "cadres": 484 / 171,
    "yuan": 2_410_000 / 171,
    "interviewed": 4767 / 171,
    "enterprises": 1478 / 171,
    "unions": 743 / 171,
    "members": 64287 / 171,
}
PAIRING_GRANT = 100_000_00  # 10万元 from the province to each county it is paired with
UPPER_SHARE = 56 / 108  # counties paired by the national or provincial federation
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "丽",
    "强",
    "磊",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "涛",
    "明",
    "超",
    "秀英",
    "建华",
    "志强",
    "海燕",
]
POSTS = ["组织部", "基层工作部", "权益保障部", "宣传教育部", "经审办", "办公室"]
CRITERIA = [
    (Dimension.POLITICAL, "党的二十大精神学习宣传和职工思想政治引领", 20),
    (Dimension.ORGANIZATION, "建会入会、新就业形态劳动者入会和基层组织建设", 25),
    (Dimension.POSITIONS, "职工之家、户外劳动者服务站点等服务阵地建设", 20),
    (Dimension.SYSTEMS, "工会经费保障、议事规则和工作制度", 15),
    (Dimension.ROLE, "维权服务、劳动和技能竞赛、帮扶救助作用发挥", 20),
]
PROBLEMS = [
    (ProblemKind.WAGES, "部分农民工工资未按月足额发放"),
    (ProblemKind.SAFETY, "车间夏季防暑降温措施不到位"),
    (ProblemKind.INSURANCE, "部分职工未参加工伤保险"),
    (ProblemKind.CONTRACT, "劳务派遣人员劳动合同签订不规范"),
    (ProblemKind.UNION, "企业尚未建立工会，职工有入会意愿"),
    (ProblemKind.SKILLS, "企业技术工人短缺，希望工会组织技能培训"),
    (ProblemKind.LIVING, "项目工地职工宿舍缺少热水和休息场所"),
    (ProblemKind.BUSINESS, "企业反映融资困难，希望工会协调"),
]
SITES = [
    "沈白高铁站前工程项目部",
    "大连湾海底隧道项目工地",
    "鞍钢西区技改项目现场",
    "营口港仙人岛码头工地",
]


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def _round(n: float, rng: random.Random, spread: float = 0.3) -> int:
    return max(0, round(n * rng.uniform(1 - spread, 1 + spread)))


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    maker, checker = demo_actors(province)
    rng = random.Random(seed)
    counties = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.COUNTY, is_active=True
        )
        .select_related("parent")
        .order_by("path")
    )
    if not counties:
        return {}
    counts = _stationing(scale, rng, province, counties, maker)
    counts.update(_visits(scale, rng, counties, maker))
    counts.update(_pairings(rng, province, counties, maker))
    counts.update(_assessment(rng, province, counties, maker, checker))
    counts.update(_training(rng, province, counties, maker))
    return counts


COURSES = ["县级工会主席培训班", "基层工会干部业务培训班", "新就业形态劳动者建会入会工作培训班"]


def _training(rng, province, counties, maker) -> dict[str, int]:
    """A course of the province and of each city in 2022, 30 to 60 cadres each."""
    cities = sorted({c.parent for c in counties if c.parent is not None}, key=lambda o: o.path)
    courses = []
    for union in [province, *cities]:
        start = date(YEAR, 3, 1) + timedelta(days=rng.randint(0, 240))
        courses.append(
            TrainingCourse(
                union=union,
                title=f"{YEAR}年{rng.choice(COURSES)}",
                start_on=start,
                end_on=start + timedelta(days=rng.choice([2, 4])),
                hours=rng.choice([16, 24, 32]),
                created_by=maker,
            )
        )
    copy_objects(TrainingCourse, courses)
    trainees = [
        Trainee(course=c, name=_name(rng), post=rng.choice(POSTS))
        for c in courses
        for _n in range(rng.randint(30, 60))
    ]
    copy_objects(Trainee, trainees)
    return {"training courses": len(courses), "cadres trained": len(trainees)}


def _stationing(scale, rng, province, counties, maker) -> dict[str, int]:
    n = min(GROUPS.get(scale, 14), len(counties))
    places = sorted(rng.sample(counties, n), key=lambda c: c.path)
    groups = []
    for i, place in enumerate(places):
        union = province if i % 3 == 0 or place.parent is None else place.parent
        start = date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 45))
        groups.append(
            StationingGroup(
                union=union,
                place=place,
                name=f"{union.name.removesuffix('总工会')}总工会驻{place.name.removesuffix('总工会')}蹲点工作组",
                leader=_name(rng),
                start_on=start,
                end_on=date(YEAR, 12, 31),
                funds=_round(PER_GROUP["yuan"] / 1000, rng) * 1000 * 100,
                tasks="落实“两个找到”要求，指导建会入会，了解职工急难愁盼",
                created_by=maker,
            )
        )
    copy_objects(StationingGroup, groups)
    _post_grants(
        [
            OutreachGrant(
                from_org=g.union,
                to_org=g.place,
                group=g,
                amount=g.funds,
                purpose=f"{g.name}专项经费",
                granted_on=g.start_on,
                request_key=f"demo-group-{g.pk}",
                created_by=maker,
            )
            for g in groups
            if g.funds
        ],
        maker,
    )
    cadres, interviews, visits, founded, recruited = [], [], [], [], []
    taken_orgs: set[int] = set()
    for g in groups:
        for _n in range(max(1, _round(PER_GROUP["cadres"], rng))):
            cadres.append(StationingCadre(group=g, name=_name(rng), post=rng.choice(POSTS)))
        people = max(3, _round(PER_GROUP["interviewed"], rng))
        parts = rng.randint(2, 4)
        for k in range(parts):
            share = people // parts + (1 if k < people % parts else 0)
            interviews.append(
                Interview(
                    group=g,
                    held_on=g.start_on + timedelta(days=rng.randint(0, 200)),
                    who=rng.choice(Interviewee.values),
                    people=max(1, share),
                    notes="了解企业用工、职工收入和建会入会情况",
                    created_by=maker,
                )
            )
        enterprises = list(
            Enterprise.objects.filter(keeper_path__startswith=g.place.path).order_by("id")
        )
        for e in rng.sample(
            enterprises, min(len(enterprises), _round(PER_GROUP["enterprises"], rng))
        ):
            visits.append(
                Visit(
                    union=g.union,
                    visitor=_name(rng),
                    visited_on=g.start_on + timedelta(days=rng.randint(0, 200)),
                    enterprise=e,
                    workers_met=rng.randint(5, 40),
                    group=g,
                    created_by=maker,
                )
            )
        new_unions = (
            Organization.objects.filter(
                path__startswith=g.place.path,
                kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT],
                founded_on__range=(g.start_on, g.end_on),
            )
            .exclude(pk__in=taken_orgs)
            .order_by("founded_on", "id")
        )
        for org in new_unions[: _round(PER_GROUP["unions"], rng)]:
            taken_orgs.add(org.pk)
            founded.append(FoundedUnion(group=g, org=org, created_by=maker))
        members = Membership.objects.filter(
            union__path__startswith=g.place.path, joined_on__range=(g.start_on, g.end_on)
        ).order_by("id")
        for m in members[: _round(PER_GROUP["members"], rng)]:
            recruited.append(RecruitedMember(group=g, membership=m, created_by=maker))
    copy_objects(StationingCadre, cadres)
    copy_objects(Interview, interviews)
    copy_objects(Visit, visits)
    copy_objects(FoundedUnion, founded)
    copy_objects(RecruitedMember, recruited, batch_size=2000)
    return {
        "stationing groups": len(groups),
        "stationed cadres": len(cadres),
        "unions credited": len(founded),
        "members credited": len(recruited),
    }


def _visits(scale, rng, counties, maker) -> dict[str, int]:
    """Cadres into enterprises (千名干部进企业): visits with the problems found."""
    visits, found = [], []
    kept: dict[int, list[Enterprise]] = {}
    for _n in range(CADRE_VISITS.get(scale, 60)):
        county = rng.choice(counties)
        union = county if rng.random() < 0.6 or county.parent is None else county.parent
        if county.pk not in kept:
            kept[county.pk] = list(
                Enterprise.objects.filter(keeper_path__startswith=county.path).order_by("id")
            )
        enterprise = (
            rng.choice(kept[county.pk]) if kept[county.pk] and rng.random() < 0.85 else None
        )
        visit = Visit(
            union=union,
            visitor=_name(rng),
            visited_on=date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364)),
            enterprise=enterprise,
            site="" if enterprise else rng.choice(SITES),
            workers_met=rng.randint(3, 60),
            created_by=maker,
        )
        visits.append(visit)
        for _k in range(rng.choice([0, 0, 1, 1, 2])):
            kind, text = rng.choice(PROBLEMS)
            due = visit.visited_on + timedelta(days=rng.choice([15, 30, 60]))
            solved = rng.random() < 0.75
            found.append(
                Problem(
                    visit=visit,
                    kind=kind,
                    urgency=rng.choice([Urgency.NORMAL, Urgency.NORMAL, Urgency.URGENT]),
                    description=text,
                    responsible=county,
                    due_on=due,
                    status=ProblemStatus.SOLVED if solved else ProblemStatus.OPEN,
                    solution="已协调企业整改，职工反映问题得到解决" if solved else "",
                    solved_on=min(due, date(YEAR, 12, 31)) if solved else None,
                    solved_by=maker if solved else None,
                    created_by=maker,
                )
            )
    copy_objects(Visit, visits)
    for p in found:
        p.visit_id = p.visit.pk
    copy_objects(Problem, found)
    return {"cadre visits": len(visits), "problems found": len(found)}


def _pairings(rng, province, counties, maker) -> dict[str, int]:
    national = Organization.objects.filter(kind=OrgKind.NATIONAL).first()
    pairings = []
    upper = set(rng.sample(range(len(counties)), round(len(counties) * UPPER_SHARE)))
    for i, county in enumerate(counties):
        if county.parent is not None and county.parent.kind == OrgKind.CITY:
            pairings.append(
                Pairing(
                    county=county,
                    year=YEAR,
                    level=PairLevel.CITY,
                    higher=county.parent,
                    leader=f"{_name(rng)}（副主席）",
                    department=rng.choice(POSTS),
                    created_by=maker,
                )
            )
        if i in upper:
            by_nation = national is not None and rng.random() < 0.1
            pairings.append(
                Pairing(
                    county=county,
                    year=YEAR,
                    level=PairLevel.NATIONAL if by_nation else PairLevel.PROVINCIAL,
                    higher=national if by_nation else province,
                    leader=f"{_name(rng)}（{'书记处书记' if by_nation else '副主席'}）",
                    department=rng.choice(POSTS),
                    created_by=maker,
                )
            )
    copy_objects(Pairing, pairings)
    contacts = [
        Contact(
            pairing=p,
            contacted_on=date(YEAR, 1, 1) + timedelta(days=rng.randint(30, 360)),
            way=rng.choice(ContactWay.values),
            notes="指导县级工会加强年工作，协调解决经费和阵地建设问题",
            created_by=maker,
        )
        for p in pairings
        for _n in range(rng.randint(1, 3))
    ]
    copy_objects(Contact, contacts)
    grants = [
        OutreachGrant(
            from_org=province,
            to_org=p.county,
            pairing=p,
            amount=PAIRING_GRANT,
            purpose="对口联系县级工会工作经费",
            granted_on=date(YEAR, 3, 1) + timedelta(days=rng.randint(0, 60)),
            request_key=f"demo-pairing-{p.pk}",
            created_by=maker,
        )
        for p in pairings
        if p.higher_id == province.pk
    ]
    _post_grants(grants, maker)
    return {
        "pairings": len(pairings),
        "liaison contacts": len(contacts),
        "grants to paired counties": len(grants),
    }


def _post_grants(grants: list[OutreachGrant], maker) -> None:
    """Pay the demo's grants as a finance office pays a list: the special funds come into
    each granting federation first (one receipt each), then one posting per grant, all in
    one batch on the one ledger (post_bulk: COPY on PostgreSQL)."""
    if not grants:
        return
    need: dict[int, int] = defaultdict(int)
    for g in grants:
        need[g.from_org.pk] += g.amount
    receipts = [
        PostingSpec(
            PostingKind.RECEIPT,
            org,
            memo=f"{YEAR}年基层工作专项经费",
            legs=[Leg(org, "available", amount), Leg(org, "grants_in", -amount)],
        )
        for org, amount in sorted(need.items())
    ]
    specs = [
        PostingSpec(
            GRANT_POSTING,
            g.from_org.pk,
            memo=f"{g.to_org.name} · {g.purpose}",
            legs=[
                Leg(g.from_org.pk, GRANTED_ACCOUNT, g.amount),
                Leg(g.from_org.pk, "available", -g.amount),
                Leg(g.to_org.pk, "available", g.amount),
                Leg(g.to_org.pk, RECEIVED_ACCOUNT, -g.amount),
            ],
        )
        for g in grants
    ]
    with transaction.atomic():
        ids = ledger.post_bulk([*receipts, *specs], actor=maker)
        copy_objects(
            FundReceipt,
            [
                FundReceipt(
                    organization_id=spec.organization_id,
                    source=ReceiptSource.GRANT,
                    amount=spec.legs[0].amount,
                    memo=spec.memo,
                    posting_id=pk,
                    created_by=maker,
                )
                for spec, pk in zip(receipts, ids, strict=False)
            ],
        )
        for g, pk in zip(grants, ids[len(receipts) :], strict=True):
            g.posting_id = pk
        copy_objects(OutreachGrant, grants, batch_size=2000)


def _assessment(rng, province, counties, maker, checker) -> dict[str, int]:
    scheme = Scheme.objects.create(owner=province, year=YEAR, pass_line=60, created_by=maker)
    criteria = copy_objects(
        Criterion, [Criterion(scheme=scheme, dimension=d, name=n, weight=w) for d, n, w in CRITERIA]
    )
    assessments, scores = [], []
    for county in counties:
        a = Assessment(
            scheme=scheme,
            county=county,
            status=AssessmentStatus.FINAL,
            submitted_by=maker,
            city_reviewer=checker,
            province_reviewer=checker,
            submitted_on=date(YEAR, 11, 20),
            final_on=date(YEAR, 12, 20),
        )
        level = rng.uniform(0.5, 0.97)
        rows = []
        for c in criteria:
            final = min(c.weight, max(0, round(c.weight * rng.uniform(level - 0.08, level + 0.08))))
            rows.append(
                Score(
                    assessment=a,
                    criterion=c,
                    self_score=min(c.weight, final + rng.randint(0, 2)),
                    evidence="见年度工作台账",
                    city_score=min(c.weight, final + rng.randint(0, 1)),
                    final_score=final,
                )
            )
        a.self_total = sum(s.self_score or 0 for s in rows)
        a.city_total = sum(s.city_score or 0 for s in rows)
        a.final_total = sum(s.final_score or 0 for s in rows)
        assessments.append(a)
        scores.extend(rows)
    copy_objects(Assessment, assessments)
    for s in scores:
        s.assessment_id = s.assessment.pk
    copy_objects(Score, scores)
    return {"五强 assessments": len(assessments)}
