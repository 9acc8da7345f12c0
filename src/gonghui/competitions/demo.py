"""Demo competitions and training: the demo province's 2022 (seed 004 §2), scaled to the demo.

At "province" scale the figures land near the seed's: 1.33万 enterprises and 134.2万 workers
in the 建功"十四五" competition with 31 projects in the library, 96 trades at the provincial
final of the workers' skills contest with some 4,900 contestants, 3,000-odd events at every
level with 98万 taking part, 471 enterprises given on-site training (8.28万人次), 11.3万人次
of training in all with 8946.67万元 of subsidies, and the 安康杯 covering 380万 workers. The
small demo holds the same proportions at about 1/200, with at least a dozen trades so that
the contest reads as one. Deterministic for a seed; rows are bulk-inserted.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction

from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from .models import (
    Competition,
    CompetitionKind,
    Contestant,
    EntryStatus,
    Event,
    LibraryStatus,
    Participation,
    ReviewStatus,
    Round,
    TrainingKind,
    TrainingSession,
)

YEAR = 2022
THEME = "建功“十四五”、奋进新征程"
TRADES = [
    "焊工", "车工", "钳工", "电工", "数控车工", "数控铣工", "工业机器人系统运维员", "汽车维修工",
    "电子商务师", "育婴员", "中式烹调师", "快递员", "网约配送员", "起重装卸机械操作工", "化工总控工",
    "仪器仪表维修工", "茶艺师", "美发师", "养老护理员", "电梯安装维修工", "砌筑工", "钢筋工",
    "混凝土工", "架子工", "水泥生产工", "轧钢工", "炼钢工", "铸造工", "机修钳工", "无损检测员",
]  # fmt: skip
COURSES = {
    TrainingKind.ON_SITE: ["数控车床操作", "焊接工艺提升", "电工安全操作", "设备点检与维护"],
    TrainingKind.APPRENTICE: ["企业新型学徒制培训"],
    TrainingKind.NEW_SKILLS: ["工业互联网应用", "新能源汽车维修"],
    TrainingKind.OTHER: ["中小微企业职工专项培训"],
}
NAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
GIVEN = ["建国", "海涛", "志强", "丽娟", "国庆", "晓东", "红梅", "立新", "春雨", "永刚"]


@dataclass(frozen=True)
class Targets:
    enterprises: int  # taking part in the 建功 competition
    workers: int  # covered by it
    library: int
    final_trades: int
    final_contestants: int
    events: int  # at every level, the finals included
    event_participants: int
    titled: int
    on_site: int
    on_site_trainees: int
    other_trainees: int  # 11.3万 in all, on-site included
    subsidy_fen: int
    ankang_enterprises: int
    ankang_workers: int


SCALES = {
    "province": Targets(
        13_300, 1_342_000, 31, 96, 4_937, 3_012, 980_600, 288, 471, 82_800, 30_200,
        894_667_000, 28_000, 3_800_000,
    ),
    "small": Targets(
        66, 6_710, 3, 12, 60, 40, 4_900, 24, 3, 414, 151, 4_473_335, 140, 19_000,
    ),
}  # fmt: skip


def _spread(total: int, weights: list[int], rng: random.Random) -> list[int]:
    """`total` split by the weights, at least 1 each, summing exactly to `total`."""
    if not weights:
        return []
    w_sum = sum(weights) or len(weights)
    parts = [max(1, total * w // w_sum) for w in weights]
    diff = total - sum(parts)
    i = 0
    while diff != 0 and i < 10 * len(parts) + abs(diff):
        j = rng.randrange(len(parts))
        step = 1 if diff > 0 else -1
        if parts[j] + step >= 1:
            parts[j] += step
            diff -= step
        i += 1
    return parts


def _day(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


@transaction.atomic
def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    t = SCALES.get(scale, SCALES["small"])
    maker, checker = demo_actors(province)
    rng = random.Random(seed)
    cities = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.CITY, is_active=True
        ).order_by("path")
    )
    enterprises = list(
        Enterprise.objects.filter(keeper_path__startswith=province.path)
        .select_related("keeper")
        .order_by("pk")
    )
    if not cities or not enterprises:
        return {}

    def competition(union, kind, title, parent=None, starts=date(YEAR, 3, 1), **extra):
        return Competition(
            union=union,
            parent=parent,
            kind=kind,
            title=title,
            theme=THEME if kind != CompetitionKind.ANKANG else "",
            starts_on=starts,
            ends_on=date(YEAR, 11, 30)
            if kind != CompetitionKind.ANKANG
            else date(YEAR + 1, 12, 31),
            created_by=maker,
            **extra,
        )

    # The province's competitions, then one sub-competition per city.
    labour = competition(province, CompetitionKind.LABOUR, f"{THEME}主题劳动和技能竞赛")
    skills = competition(
        province, CompetitionKind.SKILLS, f"{province.name.removesuffix('总工会')}职工技能大赛"
    )
    ankang = competition(
        province,
        CompetitionKind.ANKANG,
        f"{YEAR}—{YEAR + 1}年度“安康杯”竞赛",
        starts=date(YEAR, 4, 1),
    )
    copy_objects(Competition, [labour, skills, ankang])
    listed = set(rng.sample(range(len(cities)), min(t.library, len(cities))))
    city_labour, city_skills = {}, {}
    rows = []
    for i, city in enumerate(cities):
        stem = city.name.removesuffix("总工会")
        library = (
            {
                "library_status": LibraryStatus.LISTED,
                "proposed_by": maker,
                "library_decided_by": checker,
                "library_decided_on": date(YEAR, 6, 30),
            }
            if i in listed
            else {}
        )
        city_labour[city.pk] = competition(
            city,
            CompetitionKind.LABOUR,
            f"{stem}“当好主力军、建功新时代”劳动竞赛",
            labour,
            **library,
        )
        city_skills[city.pk] = competition(
            city, CompetitionKind.SKILLS, f"{stem}职工技能大赛", skills
        )
        rows += [city_labour[city.pk], city_skills[city.pk]]
    copy_objects(Competition, rows)
    # At province scale the library holds more projects than there are cities: the rest
    # are projects of the province's own competition's enterprises, one competition each.
    extra_projects = []
    for n in range(max(0, t.library - len(cities))):
        city = cities[n % len(cities)]
        extra_projects.append(
            competition(
                city,
                CompetitionKind.LABOUR,
                f"{city.name.removesuffix('总工会')}重点工程劳动竞赛{n + 1}",
                labour,
                library_status=LibraryStatus.LISTED,
                proposed_by=maker,
                library_decided_by=checker,
                library_decided_on=date(YEAR, 6, 30),
            )
        )
    copy_objects(Competition, extra_projects)

    city_of = {c.path: c for c in cities}

    def city_for(ent: Enterprise) -> Organization | None:
        for path in ent.keeper.ancestors_paths():
            if path in city_of:
                return city_of[path]
        return None

    # Participating enterprises, workers spread by headcount.
    chosen = rng.sample(enterprises, min(t.enterprises, len(enterprises)))
    chosen = [e for e in chosen if city_for(e) is not None]
    workers = _spread(t.workers, [max(e.employees, 10) for e in chosen], rng)
    participations = [
        Participation(
            competition=city_labour[city_for(e).pk],  # type: ignore[union-attr]
            enterprise=e,
            union=e.keeper,
            workers=w,
            recorded_by=maker,
        )
        for e, w in zip(chosen, workers, strict=True)
    ]
    ankang_chosen = rng.sample(enterprises, min(t.ankang_enterprises, len(enterprises)))
    ankang_workers = _spread(t.ankang_workers, [max(e.employees, 10) for e in ankang_chosen], rng)
    participations += [
        Participation(
            competition=ankang, enterprise=e, union=e.keeper, workers=w, recorded_by=maker
        )
        for e, w in zip(ankang_chosen, ankang_workers, strict=True)
    ]
    copy_objects(Participation, participations, batch_size=2000)

    # Events: the provincial finals, then the city and county rounds that led to them.
    trades = [
        TRADES[i % len(TRADES)] + ("" if i < len(TRADES) else f"（{i // len(TRADES) + 1}）")
        for i in range(t.final_trades)
    ]
    counties = list(
        Organization.objects.filter(path__startswith=province.path, kind=OrgKind.COUNTY).order_by(
            "path"
        )
    )
    lower = max(0, t.events - t.final_trades)
    participants = _spread(t.event_participants, [1] * (t.final_trades + lower), rng)
    finals_per_trade = _spread(t.final_contestants, [1] * t.final_trades, rng)
    events = []
    for i, trade in enumerate(trades):
        events.append(
            Event(
                competition=skills,
                union=province,
                trade=trade,
                round=Round.PROVINCE,
                held_on=_day(rng, date(YEAR, 9, 1), date(YEAR, 10, 31)),
                participants=max(participants[i], finals_per_trade[i]),
                created_by=maker,
            )
        )
    for n in range(lower):
        city = cities[n % len(cities)]
        in_city = [c for c in counties if c.path.startswith(city.path)]
        county_round = in_city and rng.random() < 0.5
        events.append(
            Event(
                competition=city_skills[city.pk],
                union=city,
                trade=rng.choice(trades),
                round=Round.COUNTY if county_round else Round.CITY,
                held_on=_day(rng, date(YEAR, 4, 1), date(YEAR, 8, 31)),
                participants=participants[t.final_trades + n],
                created_by=maker,
            )
        )
    copy_objects(Event, events, batch_size=2000)

    # The finals' contestants, accepted, ranked; the best of each trade titled.
    titled_per_trade = (
        _spread(t.titled, [1] * t.final_trades, rng) if t.titled else [0] * t.final_trades
    )
    contestants = []
    for event, n, n_titled in zip(
        events[: t.final_trades], finals_per_trade, titled_per_trade, strict=True
    ):
        ents = rng.sample(enterprises, min(n, len(enterprises)))
        for rank in range(1, n + 1):
            contestants.append(
                Contestant(
                    event=event,
                    name=rng.choice(NAMES) + rng.choice(GIVEN),
                    employer=ents[(rank - 1) % len(ents)].name,
                    status=EntryStatus.ACCEPTED,
                    entered_by=maker,
                    reviewed_by=checker,
                    score=round(99 - rank * 0.37 - rng.random(), 2),
                    rank=rank,
                    title="辽宁省技术能手" if rank <= n_titled else "",
                )
            )
    copy_objects(Contestant, contestants, batch_size=2000)

    # 送技能进企业: on-site training in enterprises, then the other courses.
    sessions = []
    on_site_ents = rng.sample(enterprises, min(t.on_site, len(enterprises)))
    on_site_trainees = _spread(
        t.on_site_trainees, [max(e.employees, 10) for e in on_site_ents], rng
    )
    other_n = max(1, t.on_site * 2 if scale != "province" else 900)
    other_ents = rng.sample(enterprises, min(other_n, len(enterprises)))
    other_trainees = _spread(t.other_trainees, [max(e.employees, 10) for e in other_ents], rng)
    total_trainees = t.on_site_trainees + t.other_trainees
    for e, n in zip(on_site_ents, on_site_trainees, strict=True):
        sessions.append((e, TrainingKind.ON_SITE, n))
    for e, n in zip(other_ents, other_trainees, strict=True):
        sessions.append(
            (
                e,
                rng.choice([TrainingKind.APPRENTICE, TrainingKind.NEW_SKILLS, TrainingKind.OTHER]),
                n,
            )
        )
    subsidies = _spread(t.subsidy_fen, [n for _e, _k, n in sessions], rng)
    rows_t = []
    for (e, kind, n), subsidy in zip(sessions, subsidies, strict=True):
        union = city_for(e) or province
        rows_t.append(
            TrainingSession(
                union=union,
                enterprise=e,
                kind=kind,
                course=rng.choice(COURSES[kind]),
                held_on=_day(rng, date(YEAR, 3, 1), date(YEAR, 11, 30)),
                trainees=n,
                subsidy=subsidy,
                status=ReviewStatus.APPROVED,
                recorded_by=maker,
                reviewed_by=checker,
            )
        )
    copy_objects(TrainingSession, rows_t, batch_size=2000)
    return {
        "competitions": 3 + len(rows) + len(extra_projects),
        "competition enterprises": len(participations),
        "contest events": len(events),
        "contestants": len(contestants),
        "skills training sessions": len(rows_t),
        "skills trainees": total_trainees,
    }
