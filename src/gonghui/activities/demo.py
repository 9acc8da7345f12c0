"""Demo meetings: what the demo province's city and county federations reported in 2022
(the year the seeds report), so that round-ups, dashboards and the annual summary of the
demo have records to work from. Deterministic for a seed."""

import random
from datetime import date, timedelta

from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Organization, OrgKind

from .models import Activity, Kind

YEAR = 2022
PER_UNION = {"small": 6, "medium": 6, "province": 8}
TOPICS = {
    Kind.LEADERSHIP: [
        "传达学习党的二十大精神",
        "研究部署“两节”送温暖工作",
        "研究部署县级工会加强年工作",
    ],
    Kind.CENTRAL_STUDY: [
        "学习习近平总书记关于工人阶级和工会工作的重要论述",
        "专题学习《中华人民共和国工会法》",
    ],
    Kind.ALL_STAFF: ["传达全省工会工作会议精神"],
    Kind.SPECIAL: ["研究新就业形态劳动者建会入会工作", "部署户外劳动者服务站点建设"],
    Kind.LECTURE_TOUR: ["党的二十大精神进企业宣讲", "劳模工匠进校园宣讲"],
}
POINTS = [
    "要提高政治站位，把学习贯彻会议精神作为当前和今后一个时期的首要政治任务",
    "要用心用情做好困难职工帮扶和送温暖工作，确保困难职工温暖过冬",
    "要持续扩大新就业形态劳动者组织覆盖，推动货车司机、网约车司机、快递员、外卖配送员入会",
    "要加强户外劳动者服务站点建设，切实解决户外劳动者喝水难、热饭难、休息难问题",
    "要深入开展劳动和技能竞赛，团结动员广大职工建功立业",
]


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    reporter, _checker = demo_actors(province)
    rng = random.Random(seed)
    kinds = list(TOPICS)
    rows = []
    for union in Organization.objects.filter(
        path__startswith=province.path, kind__in=[OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY]
    ).order_by("path"):
        for _n in range(PER_UNION.get(scale, 6)):
            kind = rng.choice(kinds)
            rows.append(
                Activity(
                    union=union,
                    held_on=date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364)),
                    kind=kind,
                    topic=rng.choice(TOPICS[kind]),
                    points=[{"lead": "stressed", "text": "。".join(rng.sample(POINTS, 2))}],
                    attendance=(
                        rng.randint(200, 3000) if kind == Kind.LECTURE_TOUR else rng.randint(12, 80)
                    ),
                    reported_by=reporter,
                )
            )
    copy_objects(Activity, rows, batch_size=2000)
    return {"meetings": len(rows)}
