"""Demo democratic management for 2022 (seed 004 §3): which enterprises have a workers'
congress, 厂务公开 and worker directors and supervisors (more of the large and the
state-owned ones, as in the federations' 建制率 reports), their 2022 congress sessions,
resolutions and openness items; and the province's 114 national advanced units and 12
model units re-checked in 2022 and its 240 quality-assessment demonstration points named
that year (at the tiny scale, a fifth of them). Deterministic for a seed; bulk-inserted."""

import random
from datetime import date, timedelta

from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Enterprise, Ownership, Size

from .models_democracy import (
    Assessment,
    BoardSeat,
    CongressSession,
    DemocracyProfile,
    DemonstrationUnit,
    DemoUnitKind,
    FollowUp,
    OpennessItem,
    OpennessMedium,
    OpennessPeriod,
    OpennessTopic,
    Resolution,
    SessionKind,
    SessionStatus,
    WorkerBoardMember,
)
from .services_democracy import result_for

YEAR = 2022
UNITS = {  # seed 004 §3
    DemoUnitKind.NATIONAL_ADVANCED: 114,
    DemoUnitKind.NATIONAL_MODEL: 12,
    DemoUnitKind.QUALITY_POINT: 240,
}
# Board seats are filled by successive terms up to past this day (a demo is looked at
# years after 2022).
TERMS_UNTIL = date(YEAR + 8, 12, 31)
UNITS_SHARE = {"tiny": 0.2}  # a tiny province has too few enterprises for all 366
# The chance an enterprise has a congress system, by size; state-owned enterprises and
# public institutions are required to have one (《企业民主管理规定》), so nearly all do.
CONGRESS: dict[str, float] = {Size.LARGE: 0.95, Size.MEDIUM: 0.85, Size.SMALL: 0.6, Size.MICRO: 0.3}
PUBLIC = {Ownership.STATE, Ownership.COLLECTIVE, Ownership.PUBLIC_INSTITUTION}
RESOLUTIONS = [
    "审议通过《{y}年度工资集体协商方案》",
    "审议通过企业年度经营工作报告",
    "审议通过职工福利费使用方案",
    "审议通过《劳动安全卫生专项集体合同》",
    "通过关于改善职工食堂就餐条件的提案",
    "通过关于开展职工技能培训的提案",
]
OPENNESS = [
    (OpennessTopic.WAGES, "{y}年度工资调整及绩效奖金分配方案"),
    (OpennessTopic.INSURANCE, "{y}年职工社会保险和住房公积金缴纳情况"),
    (OpennessTopic.DECISIONS, "{y}年度生产经营计划和重大投资项目"),
    (OpennessTopic.SAFETY, "安全生产责任制落实及隐患整改情况"),
    (OpennessTopic.CADRES, "中层管理人员选聘及业务招待费使用情况"),
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建华", "秀梅", "志刚", "丽娟", "国强", "海燕", "晓东", "春生", "玉兰", "德明"]


def _day(rng: random.Random, start: date, days: int) -> date:
    return start + timedelta(days=rng.randint(0, days))


def build_demo(scale: str = "small", seed: int = YEAR, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    actor, _checker = demo_actors(province)
    rng = random.Random(seed + 16)
    rows = list(
        Enterprise.objects.filter(keeper_path__startswith=province.path)
        .order_by("pk")
        .values_list("pk", "size", "ownership", "employees")
    )
    profiles, sessions, items, members = [], [], [], []
    has_both = []  # enterprises with a congress and 厂务公开: the candidates for titles
    for pk, size, ownership, employees in rows:
        chance = max(CONGRESS.get(size, 0.5), 0.97 if ownership in PUBLIC else 0.0)
        congress = rng.random() < chance
        openness = congress and rng.random() < 0.92
        if not congress and not openness:
            continue
        since = date(rng.randint(2000, YEAR - 1), rng.randint(1, 12), 1)
        profiles.append(
            DemocracyProfile(
                enterprise_id=pk,
                congress_since=since if congress else None,
                openness_since=since if openness else None,
            )
        )
        if openness:
            has_both.append((pk, size, employees))
        delegates = max(30, min(employees // 10, 600))
        sessions.append(
            CongressSession(
                enterprise_id=pk,
                term=rng.randint(1, 6),
                number=1,
                kind=SessionKind.REGULAR,
                status=SessionStatus.HELD,
                held_on=_day(rng, date(YEAR, 1, 10), 100),
                delegates=delegates,
                attendance=delegates * rng.randint(80, 100) // 100,
                agenda="听取审议企业工作报告、工资集体协商情况报告，审议职工提案",
                created_by=actor,
            )
        )
        if openness:
            for topic, title in rng.sample(OPENNESS, rng.randint(2, 4)):
                items.append(
                    OpennessItem(
                        enterprise_id=pk,
                        topic=topic,
                        title=title.format(y=YEAR),
                        year=YEAR,
                        period=rng.choice(
                            [OpennessPeriod.YEAR, OpennessPeriod.H1, OpennessPeriod.H2]
                        ),
                        medium=rng.choice(OpennessMedium.values),
                        published_on=_day(rng, date(YEAR, 2, 1), 300),
                        created_by=actor,
                    )
                )
        # Worker directors and supervisors sit on the boards of companies with boards:
        # the large and medium ones, the state-owned above all.
        if size in (Size.LARGE, Size.MEDIUM) and rng.random() < (
            0.8 if ownership in PUBLIC else 0.35
        ):
            for seat in (BoardSeat.DIRECTOR, BoardSeat.SUPERVISOR):
                elected = date(rng.randint(YEAR - 2, YEAR), rng.randint(1, 6), 15)
                name = rng.choice(SURNAMES) + rng.choice(GIVEN)
                members.extend(_board_terms(pk, seat, name, elected, actor))
    copy_objects(DemocracyProfile, profiles, batch_size=2000)
    copy_objects(CongressSession, sessions, batch_size=2000)
    copy_objects(OpennessItem, items, batch_size=2000)
    copy_objects(WorkerBoardMember, members, batch_size=2000)
    resolutions = _resolutions(rng)
    units, assessments = _units(scale, rng, has_both, actor)
    return {
        "enterprises with a congress system": len(profiles),
        "congress sessions": len(sessions),
        "congress resolutions": resolutions,
        "openness items": len(items),
        "worker directors and supervisors": len(members),
        "demonstration units": units,
        "demonstration assessments": assessments,
    }


def _resolutions(rng: random.Random) -> int:
    rows = []
    held = CongressSession.objects.filter(held_on__year=YEAR).order_by("pk")
    for session_id, held_on in held.values_list("pk", "held_on"):
        for text in rng.sample(RESOLUTIONS, rng.randint(2, 4)):
            done = rng.random() < 0.8
            rows.append(
                Resolution(
                    session_id=session_id,
                    title=text.format(y=YEAR),
                    follow_up=FollowUp.DONE if done else FollowUp.IN_PROGRESS,
                    done_on=_day(rng, held_on + timedelta(days=20), 150) if done else None,
                )
            )
    copy_objects(Resolution, rows, batch_size=2000)
    return len(rows)


def _units(scale: str, rng: random.Random, candidates, actor) -> tuple[int, int]:
    """The titles go to the largest enterprises with both systems: the national ones first
    (named years ago, re-checked in 2022), then the provincial quality points (named in
    2022 after their assessment)."""
    ranked = sorted(candidates, key=lambda c: (-c[2], c[0]))
    share = UNITS_SHARE.get(scale, 1.0)
    national = ranked[: round(UNITS[DemoUnitKind.NATIONAL_ADVANCED] * share)]
    model = national[: round(UNITS[DemoUnitKind.NATIONAL_MODEL] * share)]
    rest = ranked[len(national) :]
    quality = rest[: round(UNITS[DemoUnitKind.QUALITY_POINT] * share)]
    units = [
        DemonstrationUnit(
            enterprise_id=pk,
            kind=DemoUnitKind.NATIONAL_ADVANCED,
            named_on=date(rng.randint(2008, 2020), 11, 20),
        )
        for pk, _s, _e in national
    ]
    units += [
        DemonstrationUnit(
            enterprise_id=pk, kind=DemoUnitKind.NATIONAL_MODEL, named_on=date(2019, 11, 20)
        )
        for pk, _s, _e in model
    ]
    units += [
        DemonstrationUnit(
            enterprise_id=pk, kind=DemoUnitKind.QUALITY_POINT, named_on=date(YEAR, 10, 28)
        )
        for pk, _s, _e in quality
    ]
    copy_objects(DemonstrationUnit, units, batch_size=2000)
    assessments = []
    for unit in DemonstrationUnit.objects.filter(named_on__year__lte=YEAR).order_by("pk"):
        # The re-check of 2022: nearly all keep their title; a few rectify.
        score = rng.randint(82, 98) if rng.random() < 0.95 else rng.randint(65, 79)
        assessments.append(
            Assessment(
                unit=unit,
                year=YEAR,
                score=score,
                result=result_for(score),
                assessed_on=date(YEAR, 9, 1) + timedelta(days=rng.randint(0, 50)),
                created_by=actor,
            )
        )
    copy_objects(Assessment, assessments, batch_size=2000)
    return len(units), len(assessments)


def _board_terms(pk, seat, name, elected: date, actor) -> list[WorkerBoardMember]:
    """A board seat as a company keeps it: three-year terms, each followed by an election
    (the same person re-elected half the time), up to a term running past TERMS_UNTIL, so
    that the seat is filled on any day a demo is looked at. Its own random stream: the
    other demo draws stay as they were."""
    rng = random.Random(f"{pk}-{seat}")
    terms = []
    while True:
        ends = elected.replace(year=elected.year + 3)
        terms.append(
            WorkerBoardMember(
                enterprise_id=pk,
                seat=seat,
                name=name,
                post="工会主席" if seat == BoardSeat.DIRECTOR else "一线职工代表",
                elected_on=elected,
                term_ends=ends,
                created_by=actor,
            )
        )
        if ends > TERMS_UNTIL:
            return terms
        elected = ends + timedelta(days=1)
        if rng.random() < 0.5:
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
