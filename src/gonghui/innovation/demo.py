"""Demo mass innovation: the demo province's 2022 (seed 004 §2), scaled to the demo.

At "province" scale the figures land near the seed's: 五小 activities in 9,885 enterprises
with 6.58万 teams and 84.74万 workers, 2.15万 master-apprentice pairs, 4.1万 five-small
results, 9,253 techniques, 1.37万 technical innovations, 11.5万-odd proposals, 5,220 results
put into use making 120.87亿元, and 264 provincial studios, 23 alliances, 88 platforms and
5 craftsman academies named. Each studio has its 领办人 and members, about half the
provincial studios are in one of the alliances, some results are the studios' own, and every
studio named by then is assessed for 2022 in December (mostly 合格, some 优秀, a few
不合格). The small demo keeps the proportions at about 1/200 (at least
one of each kind of studio). Deterministic for a seed; rows are bulk-inserted.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from .models import (
    FIVE_SMALL,
    Coverage,
    Grade,
    MemberRole,
    MentoringPair,
    Result,
    ResultKind,
    ResultStatus,
    Studio,
    StudioAssessment,
    StudioKind,
    StudioLevel,
    StudioMember,
    StudioStatus,
)

YEAR = 2022
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "海涛", "志强", "丽娟", "国庆", "晓东", "红梅", "立新", "春雨", "永刚"]
TRADES = ["焊工", "车工", "钳工", "电工", "数控车工", "化工总控工", "汽车维修工", "仪表工"]
TITLES = {
    ResultKind.INVENTION: ["自动送料装置", "便携式检测仪", "防松脱卡具"],
    ResultKind.CREATION: ["多功能工具车", "快速换模工装"],
    ResultKind.INNOVATION: ["冷却水循环改造", "输送线节能改造"],
    ResultKind.DESIGN: ["工位布局优化设计", "防护罩改进设计"],
    ResultKind.SUGGESTION: ["班前会流程优化", "备件定置管理"],
    ResultKind.TECHNIQUE: ["薄板焊接操作法", "精密研磨绝活", "高压带电作业法"],
    ResultKind.TECHNICAL: ["轧机液压系统革新", "锅炉燃烧控制改造", "数控程序优化"],
    ResultKind.PROPOSAL: ["关于降低能耗的建议", "关于改进安全巡检的建议", "关于减少废料的建议"],
}
STUDIO_NAMES = {
    StudioKind.STUDIO: "{}劳模创新工作室",
    StudioKind.ALLIANCE: "{}创新工作室联盟",
    StudioKind.PLATFORM: "{}职工技能提升平台",
    StudioKind.ACADEMY: "{}工匠学院",
}


@dataclass(frozen=True)
class Targets:
    enterprises: int
    teams: int
    workers: int
    pairs: int
    five_small: int
    techniques: int
    technical: int
    proposals: int
    adopted: int
    in_use: int
    revenue_fen: int
    province_named: dict  # StudioKind -> count
    city_studios: int


SCALES = {
    "province": Targets(
        9_885, 65_800, 847_400, 21_500, 41_000, 9_253, 13_700, 115_234, 70_100, 5_220,
        1_208_700_000_000,
        {StudioKind.STUDIO: 264, StudioKind.ALLIANCE: 23, StudioKind.PLATFORM: 88,
         StudioKind.ACADEMY: 5},
        400,
    ),
    "small": Targets(
        49, 329, 4_237, 108, 205, 46, 69, 576, 350, 26, 6_043_500_000,
        {StudioKind.STUDIO: 3, StudioKind.ALLIANCE: 1, StudioKind.PLATFORM: 1,
         StudioKind.ACADEMY: 1},
        5,
    ),
}  # fmt: skip


def _spread(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """`total` split by the weights, at least 1 each where total allows, summing to it."""
    if not weights:
        return []
    w_sum = sum(weights) or len(weights)
    parts = [max(1, total * w // w_sum) for w in weights]
    diff = total - sum(parts)
    guard = 0
    while diff and guard < 100 * len(parts) + abs(diff):
        j = rng.randrange(len(parts))
        step = 1 if diff > 0 else -1
        if parts[j] + step >= 1:
            parts[j] += step
            diff -= step
        guard += 1
    return parts


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def _person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


@transaction.atomic
def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    t = SCALES.get(scale, SCALES["small"])
    maker, checker = demo_actors(province)
    rng = random.Random(seed)
    enterprises = list(
        Enterprise.objects.filter(keeper_path__startswith=province.path)
        .select_related("keeper")
        .order_by("pk")
    )
    if not enterprises:
        return {}
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)

    chosen = rng.sample(enterprises, min(t.enterprises, len(enterprises)))
    weights = [max(e.employees, 10) for e in chosen]
    teams = _spread(t.teams, weights, rng)
    workers = _spread(t.workers, weights, rng)
    copy_objects(
        Coverage,
        [
            Coverage(
                union=e.keeper,
                union_path=e.keeper.path,  # copy_objects does not call save()
                enterprise=e,
                reported_on=_day(rng, date(YEAR, 6, 1), date(YEAR, 12, 20)),
                teams=n_teams,
                workers=n_workers,
                recorded_by=maker,
            )
            for e, n_teams, n_workers in zip(chosen, teams, workers, strict=True)
        ],
        batch_size=2000,
    )
    copy_objects(
        MentoringPair,
        [
            MentoringPair(
                union=e.keeper,
                enterprise=e,
                master=_person(rng),
                apprentice=_person(rng),
                trade=rng.choice(TRADES),
                paired_on=_day(rng, start, end),
                recorded_by=maker,
            )
            for e in (rng.choice(chosen) for _n in range(t.pairs))
        ],
        batch_size=2000,
    )

    kinds = (
        [rng.choice(FIVE_SMALL) for _n in range(t.five_small)]
        + [ResultKind.TECHNIQUE] * t.techniques
        + [ResultKind.TECHNICAL] * t.technical
        + [ResultKind.PROPOSAL] * t.proposals
    )
    results = []
    for kind in kinds:
        e = rng.choice(chosen)
        results.append(
            Result(
                union=e.keeper,
                kind=kind,
                title=rng.choice(TITLES[kind]),
                authors=_person(rng),
                submitted_on=_day(rng, start, date(YEAR, 10, 31)),
                submitted_by=maker,
            )
        )
    # adopted: the proposals the seed's figures imply, and most other results
    proposals = [r for r in results if r.kind == ResultKind.PROPOSAL]
    others = [r for r in results if r.kind != ResultKind.PROPOSAL]
    for r in rng.sample(proposals, min(t.adopted, len(proposals))):
        r.status = ResultStatus.ADOPTED
    for r in others:
        r.status = ResultStatus.ADOPTED if rng.random() < 0.8 else ResultStatus.SUBMITTED
    for r in results:
        if r.status == ResultStatus.ADOPTED:
            r.reviewed_by = checker
    adopted = [r for r in results if r.status == ResultStatus.ADOPTED]
    used = rng.sample(adopted, min(t.in_use, len(adopted)))
    for r, revenue in zip(used, _spread(t.revenue_fen, [1] * len(used), rng), strict=True):
        r.in_use_on = _day(rng, r.submitted_on, end)
        r.revenue = revenue
    copy_objects(Result, results, batch_size=2000)

    cities = list(
        Organization.objects.filter(path__startswith=province.path, kind=OrgKind.CITY).order_by(
            "path"
        )
    )
    city_of = {c.path: c for c in cities}
    studios = []

    def studio(kind, level, e, named_on):
        naming = province
        if level == StudioLevel.CITY:
            naming = next(
                (city_of[p] for p in e.keeper.ancestors_paths() if p in city_of), province
            )
        applied = named_on - timedelta(days=rng.randint(40, 90))
        # A 劳模创新工作室 is named after the model worker who leads it: one person, drawn
        # once (the name and the 领办人 were two draws: 徐建国's studio led by 杨建国).
        leader = _person(rng)
        return Studio(
            union=e.keeper,
            naming_union=naming,
            kind=kind,
            level=level,
            name=STUDIO_NAMES[kind].format(
                e.name if kind != StudioKind.STUDIO else leader + "·" + e.name
            )[:150],
            leader=leader,
            status=StudioStatus.NAMED,
            applied_by=maker,
            applied_on=applied,
            notice_ends_on=named_on - timedelta(days=3),
            named_on=named_on,
            decided_by=checker,
        )

    for kind, n in t.province_named.items():
        for _n in range(n):
            studios.append(
                studio(kind, StudioLevel.PROVINCE, rng.choice(enterprises), date(YEAR, 11, 18))
            )
    for _n in range(t.city_studios):
        studios.append(
            studio(StudioKind.STUDIO, StudioLevel.CITY, rng.choice(enterprises), date(YEAR, 9, 20))
        )
    # this year's applications still on their way: one at each step before naming
    for status in (StudioStatus.APPLIED, StudioStatus.REVIEWED, StudioStatus.NOTICE):
        s = studio(StudioKind.STUDIO, StudioLevel.PROVINCE, rng.choice(enterprises), end)
        s.status, s.named_on, s.decided_by = status, None, None
        s.notice_ends_on = date(YEAR + 1, 1, 5) if status == StudioStatus.NOTICE else None
        studios.append(s)
    copy_objects(Studio, studios, batch_size=2000)

    # members: the leader and 4 to 20 others each
    rows = []
    for s in studios:
        rows.append(
            StudioMember(
                studio=s,
                name=s.leader,
                role=MemberRole.LEADER,
                added_on=s.applied_on,
                added_by=maker,
            )
        )
        for _n in range(rng.randint(4, 20)):
            rows.append(
                StudioMember(
                    studio=s,
                    name=_person(rng),
                    role=MemberRole.MEMBER,
                    added_on=s.applied_on,
                    added_by=maker,
                )
            )
    copy_objects(StudioMember, rows, batch_size=2000)
    named_studios = [s for s in studios if s.status == StudioStatus.NAMED]
    alliances = [
        s
        for s in named_studios
        if s.kind == StudioKind.ALLIANCE and s.level == StudioLevel.PROVINCE
    ]
    plain = [s for s in named_studios if s.kind == StudioKind.STUDIO]
    if alliances:
        joined = [s for s in plain if rng.random() < 0.5]
        for s in joined:
            s.alliance = rng.choice(alliances)
        Studio.objects.bulk_update(joined, ["alliance"], batch_size=2000)
    # the studios' own results: technical innovations and techniques, some put into use
    own = [r for r in results if r.kind in (ResultKind.TECHNICAL, ResultKind.TECHNIQUE)]
    linked = rng.sample(own, min(len(own), 3 * len(plain)))
    for r in linked:
        r.studio = rng.choice(plain) if plain else None
    Result.objects.bulk_update(linked, ["studio"], batch_size=2000)
    # the yearly assessment of 2022 by the naming federation, in December
    assessments = []
    for s in named_studios:
        roll = rng.random()
        if roll < 0.25:
            grade, score, note = Grade.EXCELLENT, rng.randint(90, 98), ""
        elif roll < 0.97:
            grade, score, note = Grade.PASS, rng.randint(65, 89), ""
        else:
            grade, score, note = Grade.FAIL, rng.randint(40, 59), "活动开展少，成果不足"
        assessments.append(
            StudioAssessment(
                studio=s,
                year=YEAR,
                score=score,
                grade=grade,
                note=note,
                assessed_on=_day(rng, date(YEAR, 12, 5), date(YEAR, 12, 28)),
                assessed_by=checker,
            )
        )
    copy_objects(StudioAssessment, assessments, batch_size=2000)
    return {
        "five-small enterprises": len(chosen),
        "mentoring pairs": t.pairs,
        "innovation results": len(results),
        "studios and platforms": len(studios),
        "studio members": len(rows),
        "studio assessments": len(assessments),
    }
