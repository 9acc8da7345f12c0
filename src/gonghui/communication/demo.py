"""Demo of reaching people in 2022 (seed 004 §1 and the survey of workers' thinking):
the province's notices to the cities, forwarded to the counties and reported back; the
provincial survey of workers' thinking (职工思想状况调查) answered by a sample of members;
news items the counties submitted to their city federations, most adopted; messages from
the province and a city to their members, some read; education bases (职工思想政治教育基地)
named by the province and by each city, placed inside their city. Deterministic for a
seed; bulk-written."""

import random
from datetime import date, datetime, timedelta

from django.utils import timezone

from gonghui.core.bulk import copy_objects
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Organization, OrgKind

from .models import (
    Answer,
    Delivery,
    EducationBase,
    Entry,
    Like,
    Message,
    MessageCategory,
    MessageStatus,
    NewsItem,
    NewsStatus,
    Notice,
    Question,
    QuestionKind,
    Receipt,
    Response,
    Survey,
    SurveyStatus,
    WorksCampaign,
    WorksKind,
)
from .services import age_band, respondent_key

YEAR = 2022
NOTICES = [
    "关于认真学习宣传贯彻党的二十大精神的通知",
    "关于组织开展“强国复兴有我”群众性主题宣传教育活动的通知",
    "关于开展全省职工主题阅读活动的通知",
    "关于开展“强国复兴有我”主题征文演讲比赛的通知",
    "关于做好2022年“两节”送温暖工作的通知",
    "关于开展辽宁省职工（产业工人队伍）思想状况调查的通知",
    "关于开展“新就业形态劳动者温暖服务季”活动的通知",
    "关于推荐2022年全国五一劳动奖和工人先锋号的通知",
]
NEWS = [
    "{}开展“强国复兴有我”主题读书分享会",
    "{}召开党组（扩大）会议传达学习党的二十大精神",
    "{}开展“两节”送温暖走访慰问活动",
    "{}举办职工技能大赛",
    "{}推进货车司机入会集中行动",
    "{}开展劳模工匠进校园宣讲",
]
SURVEY = [
    ("single", "您对党的二十大精神的学习情况是？", ["系统学习过", "学习过部分内容", "了解不多"]),
    ("single", "您对目前的工作状况是否满意？", ["满意", "比较满意", "一般", "不满意"]),
    ("multiple", "您最希望工会提供哪些服务？", ["技能培训", "法律援助", "困难帮扶", "文体活动", "婚恋交友"]),
    ("scale", "您对所在工会工作的总体评价（1–5分）", []),
    ("text", "您对工会工作的意见和建议", []),
]  # fmt: skip
RESPONSES = {"small": 1500, "province": 120_000}


def _at(rng: random.Random, start: date, days: int = 330) -> datetime:
    day = start + timedelta(days=rng.randint(0, days))
    return timezone.make_aware(datetime(day.year, day.month, day.day, rng.randint(8, 17)))


def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    actor, _checker = demo_actors(province)
    rng = random.Random(seed)
    federations = Organization.objects.filter(path__startswith=province.path, is_active=True)
    cities = list(federations.filter(kind=OrgKind.CITY).order_by("path"))
    counties = list(federations.filter(kind=OrgKind.COUNTY).order_by("path"))
    by_city: dict[str, list[Organization]] = {}
    for county in counties:
        by_city.setdefault(county.path.rsplit("/", 2)[0] + "/", []).append(county)

    # Notices: the province to every city, each city forwards to its counties.
    notices = [
        Notice(
            union=province,
            title=title,
            body=f"<p>各市总工会：</p><p>{title.removeprefix('关于').removesuffix('的通知')}，"
            "请结合实际认真组织实施，并按时报送工作开展情况。</p>",
            levels=[OrgKind.CITY],
            report_required=True,
            report_due=date(YEAR, 3, 1) + timedelta(days=40 * i),
            sent_by=actor,
            sent_at=_at(rng, date(YEAR, 1, 10) + timedelta(days=40 * i), 10),
        )
        for i, title in enumerate(NOTICES)
    ]
    copy_objects(Notice, notices)
    deliveries = []
    for notice in notices:
        assert notice.report_due is not None
        for city in cities:
            read = notice.sent_at + timedelta(hours=rng.randint(1, 72))
            reported = rng.random() < 0.9
            deliveries.append(
                Delivery(
                    notice=notice,
                    union=city,
                    read_at=read,
                    read_by=actor,
                    reported_at=read + timedelta(days=rng.randint(3, 30)) if reported else None,
                    report_text="已传达至各县（市、区）总工会，按要求组织落实。"
                    if reported
                    else "",
                    reported_by=actor if reported else None,
                )
            )
    copy_objects(Delivery, deliveries, batch_size=2000)
    forwards, below = [], []
    for d in deliveries:
        if rng.random() < 0.5 or not by_city.get(d.union.path):
            continue
        assert d.read_at is not None
        forward = Notice(
            union=d.union,
            title=d.notice.title,
            body="<p>请各县（市、区）总工会认真贯彻落实，按时报送情况。</p>",
            levels=[OrgKind.COUNTY],
            report_required=True,
            report_due=d.notice.report_due,
            parent=d.notice,
            sent_by=actor,
            sent_at=d.read_at + timedelta(hours=2),
        )
        forwards.append((d, forward))
    copy_objects(Notice, [f for _d, f in forwards])
    for d, forward in forwards:
        d.forwarded_as = forward
        for county in by_city[d.union.path]:
            reported = rng.random() < 0.8
            read = forward.sent_at + timedelta(hours=rng.randint(1, 48))
            below.append(
                Delivery(
                    notice=forward,
                    union=county,
                    read_at=read if rng.random() < 0.95 else None,
                    reported_at=read + timedelta(days=rng.randint(2, 20)) if reported else None,
                    report_text="已组织落实。" if reported else "",
                )
            )
    Delivery.objects.bulk_update([d for d, _f in forwards], ["forwarded_as"], batch_size=2000)
    copy_objects(Delivery, below, batch_size=2000)

    # The survey of workers' thinking, answered by a sample of the province's members.
    survey = Survey.objects.create(
        union=province,
        title=f"{YEAR}年辽宁省职工（产业工人队伍）思想状况调查",
        intro="本问卷匿名填写，结果仅用于统计分析。",
        anonymous=True,
        status=SurveyStatus.CLOSED,
        opened_at=timezone.make_aware(datetime(YEAR, 6, 1, 9)),
        closed_at=timezone.make_aware(datetime(YEAR, 7, 31, 18)),
        created_by=actor,
    )
    questions = copy_objects(
        Question,
        [
            Question(
                survey=survey,
                position=i + 1,
                kind=kind,
                text=text,
                choices=choices,
                required=kind != QuestionKind.TEXT,
            )
            for i, (kind, text, choices) in enumerate(SURVEY)
        ],
    )
    members = list(
        Membership.objects.filter(
            union__path__startswith=province.path, status=MembershipStatus.ACTIVE
        )
        .select_related("person", "union", "union__enterprise")
        .order_by("pk")[: RESPONSES.get(scale, 1500) * 3]
    )
    sample = rng.sample(members, min(len(members), RESPONSES.get(scale, 1500)))
    on = date(YEAR, 7, 1)
    responses = []
    for m in sample:
        union, person = m.union, m.person
        enterprise = union.enterprise
        responses.append(
            Response(
                survey=survey,
                respondent=respondent_key(survey.pk, person.pk),
                union=union,
                region=(union.region_id or "")[:4] + "00" if union.region_id else "",
                industry=union.industry or (enterprise.industry if enterprise else ""),
                age_band=age_band(person.birth_date, on),
                work_kind=person.work_kind or "",
                submitted_at=_at(rng, date(YEAR, 6, 1), 60),
            )
        )
    copy_objects(Response, responses, batch_size=2000)
    answers = []
    for r in responses:
        for q in questions:
            if q.kind == QuestionKind.SINGLE:
                weights = list(range(len(q.choices), 0, -1))
                value = rng.choices(range(len(q.choices)), weights=weights)[0]
                answers.append(Answer(response=r, question=q, value=value))
            elif q.kind == QuestionKind.MULTIPLE:
                for v in rng.sample(range(len(q.choices)), rng.randint(1, 3)):
                    answers.append(Answer(response=r, question=q, value=v))
            elif q.kind == QuestionKind.SCALE:
                value = rng.choices([1, 2, 3, 4, 5], weights=[1, 2, 6, 12, 9])[0]
                answers.append(Answer(response=r, question=q, value=value))
            elif rng.random() < 0.1:
                text = rng.choice(
                    ["希望多组织技能培训", "希望加强职工文体活动", "建议提高困难帮扶标准"]
                )
                answers.append(Answer(response=r, question=q, text=text))
    copy_objects(Answer, answers, batch_size=5000)

    # News items: each county submits to its city federation, most adopted.
    items = []
    for city_path, its_counties in by_city.items():
        city = next(c for c in cities if c.path == city_path)
        for county in its_counties:
            for template in rng.sample(NEWS, 3):
                submitted = _at(rng, date(YEAR, 1, 5))
                adopted = rng.random() < 0.6
                items.append(
                    NewsItem(
                        union=county,
                        to_union=city,
                        title=template.format(county.name),
                        body=f"<p>近日，{county.name}{template.format('').strip()}。</p>",
                        status=NewsStatus.ADOPTED if adopted else NewsStatus.SUBMITTED,
                        submitted_by=actor,
                        submitted_at=submitted,
                        decided_by=actor if adopted else None,
                        decided_at=submitted + timedelta(days=rng.randint(1, 10))
                        if adopted
                        else None,
                    )
                )
    copy_objects(NewsItem, items, batch_size=2000)
    works = _works(scale, rng, province, actor, counties, members)
    messages = _messages(rng, province, cities, actor, members)
    bases = _bases(rng, province, cities)
    return {
        **works,
        **messages,
        **bases,
        "notices": len(notices) + len(forwards),
        "notices received": len(deliveries) + len(below),
        "survey responses": len(responses),
        "news items": len(items),
    }


READING_TITLES = ["读《{}》有感", "在书香中汲取奋进力量", "我与《{}》", "劳动者的书单"]
BOOKS = ["习近平谈治国理政", "平凡的世界", "钢铁是怎样炼成的", "大国工匠", "红岩"]
ESSAY_TITLES = ["强国复兴有我", "奋进新征程 建功新时代", "我的岗位我的梦"]
WORKS_SCALE = {"small": (2, 36, 12), "province": (3, 350, 103)}  # per county, essays, units


def _works(scale, rng, province, actor, counties, members) -> dict[str, int]:
    """强国复兴有我: the province's themed reading (works from the counties, the best
    selected, liked by members) and its essay and speech contest (units submit essays)."""
    per_county, essays, units = WORKS_SCALE.get(scale, WORKS_SCALE["small"])
    reading = WorksCampaign.objects.create(
        union=province,
        kind=WorksKind.READING,
        title=f"{YEAR}年全省职工“强国复兴有我”主题阅读活动",
        opens_on=date(YEAR, 4, 23),
        closes_on=date(YEAR, 10, 31),
        created_by=actor,
    )
    contest = WorksCampaign.objects.create(
        union=province,
        kind=WorksKind.ESSAY,
        title="“强国复兴有我”主题征文演讲比赛",
        opens_on=date(YEAR, 5, 1),
        closes_on=date(YEAR, 8, 31),
        created_by=actor,
    )
    entries = []
    for county in counties:
        for _n in range(per_county):
            book = rng.choice(BOOKS)
            submitted = _at(rng, date(YEAR, 4, 25), 150)
            selected = rng.random() < 0.6
            entries.append(
                Entry(
                    campaign=reading,
                    union=county,
                    title=rng.choice(READING_TITLES).format(book),
                    author=rng.choice("王李张刘陈杨赵黄")
                    + rng.choice(["明", "丽", "强", "静", "军"]),
                    body=f"<p>读了《{book}》，深受教育……</p>",
                    submitted_by=actor,
                    submitted_at=submitted,
                    selected_at=submitted + timedelta(days=10) if selected else None,
                    selected_by=actor if selected else None,
                )
            )
    grassroots = list(
        Organization.objects.filter(
            path__startswith=province.path, kind=OrgKind.GRASSROOTS, is_active=True
        ).order_by("path")[: units * 20]
    )
    chosen_units = rng.sample(grassroots, min(units, len(grassroots)))
    for i in range(essays if chosen_units else 0):
        unit = chosen_units[i % len(chosen_units)]
        entries.append(
            Entry(
                campaign=contest,
                union=unit,
                title=rng.choice(ESSAY_TITLES),
                author=rng.choice("王李张刘陈杨赵黄") + rng.choice(["伟", "芳", "磊", "娜", "勇"]),
                body="<p>在新时代的征程上……</p>",
                submitted_by=actor,
                submitted_at=_at(rng, date(YEAR, 5, 5), 110),
            )
        )
    copy_objects(Entry, entries, batch_size=2000)
    selected = [e for e in entries if e.selected_at is not None]
    likes = []
    for m in members:
        if not selected or rng.random() < 0.5:
            continue
        for e in rng.sample(selected, min(len(selected), rng.randint(1, 3))):
            assert e.selected_at is not None
            likes.append(
                Like(
                    entry=e,
                    person_id=m.person_id,
                    created_at=min(
                        e.selected_at + timedelta(days=rng.randint(1, 40)),
                        timezone.make_aware(datetime(YEAR, 12, 20, 12)),
                    ),
                )
            )
    copy_objects(Like, likes, batch_size=5000)
    return {"works": len(entries), "likes": len(likes)}


MESSAGES = [
    (MessageCategory.NOTICES, "学习宣传贯彻党的二十大精神", "请广大职工认真学习党的二十大报告，积极参加所在工会组织的学习活动。"),
    (MessageCategory.ACTIVITIES, "“强国复兴有我”主题阅读活动开始了", "欢迎职工在“我的”页面阅读优选作品并点赞。"),
    (MessageCategory.AID, "“两节”送温暖活动安排", "生活困难的职工可向所在基层工会申请帮扶。"),
    (MessageCategory.SURVEYS, "职工思想状况调查问卷", "问卷匿名填写，请于7月31日前完成。"),
]  # fmt: skip
# The province writes to every member; the first city writes its own.
CITY_MESSAGES = [
    (MessageCategory.GENERAL, "夏季高温期间注意防暑降温", "各单位请落实防暑降温措施，职工如遇困难可联系工会。"),
    (MessageCategory.ACTIVITIES, "职工技能大赛报名通知", "欢迎职工通过所在基层工会报名参赛。"),
]  # fmt: skip
RECEIPTS_PER_MESSAGE = 3000  # a sample of the audience: the small demo stays fast


def _messages(rng, province, cities, actor, members) -> dict[str, int]:
    """Messages already sent (the fan-out job's result written directly), each with a
    receipt for members of the sender's subtree, about 60% of them read."""
    senders = [(province, m, MESSAGES) for m in range(len(MESSAGES))]
    if cities:
        senders += [(cities[0], m, CITY_MESSAGES) for m in range(len(CITY_MESSAGES))]
    # Members who log in (the demo's worker account) come first in every audience they
    # belong to: they are the ones who open /me/messages/.
    with_account = list(
        Membership.objects.filter(
            union__path__startswith=province.path,
            status=MembershipStatus.ACTIVE,
            person__user__isnull=False,
        ).select_related("union")
    )
    members = with_account + members
    messages, audiences = [], []
    for n, (union, m, texts) in enumerate(senders):
        category, title, body = texts[m]
        sent = _at(rng, date(YEAR, 2, 1) + timedelta(days=60 * (n % 5)), 20)
        seen: set[int] = set()
        audience = []
        for membership in members:  # one copy a person, as the fan-out writes it
            if membership.person_id in seen or not membership.union.path.startswith(union.path):
                continue
            seen.add(membership.person_id)
            audience.append(membership)
            if len(audience) == RECEIPTS_PER_MESSAGE:
                break
        messages.append(
            Message(
                union=union,
                category=category,
                title=title,
                body=f"<p>{body}</p>",
                sent_by=actor,
                sent_at=sent,
                status=MessageStatus.SENT,
                total=len(audience),
                done=len(audience),
                finished_at=sent + timedelta(minutes=5),
            )
        )
        audiences.append(audience)
    copy_objects(Message, messages)
    receipts = [
        Receipt(
            message=message,
            person_id=m.person_id,
            union_id=m.union_id,
            read_at=message.sent_at + timedelta(hours=rng.randint(1, 240))
            if rng.random() < 0.6
            else None,
        )
        for message, audience in zip(messages, audiences, strict=True)
        for m in audience
    ]
    copy_objects(Receipt, receipts, batch_size=5000)
    return {"messages": len(messages), "messages received": len(receipts)}


# Real-looking places for the education bases, by city code (GB/T 2260); other cities get
# generic names made from the city's own.
BASES = {
    "2101": [
        "九一八历史博物馆",
        "沈阳工人村生活馆",
        "中共满洲省委旧址纪念馆",
        "沈阳鼓风机集团展馆",
    ],
    "2102": ["大连造船厂劳模精神展馆", "关向应纪念馆", "大连港史馆", "大连理工大学职工教育中心"],
    "2103": ["鞍钢集团博物馆", "孟泰纪念馆", "鞍山雷锋纪念馆", "王崇伦劳模工作室"],
    "2104": ["抚顺雷锋纪念馆", "平顶山惨案纪念馆", "抚顺煤矿博物馆", "抚顺战犯管理所旧址陈列馆"],
    "2105": ["本溪湖煤铁公司旧址", "东北抗联史实陈列馆", "本钢工匠馆"],
    "2106": ["抗美援朝纪念馆", "鸭绿江断桥", "丹东劳模事迹展馆"],
    "2107": ["辽沈战役纪念馆", "锦州工匠精神展馆", "锦州市工人文化宫"],
}
GENERIC_BASES = ["{}劳模工匠精神展馆", "{}工人运动史陈列馆", "{}职工之家教育基地"]
BASES_PER_CITY = 4  # two named by the province, two by the city


def _bases(rng, province, cities) -> dict[str, int]:
    """A handful of bases per city, inside it: the city's centre and a small offset, as
    the stations demo places its points."""
    from gonghui.stations.demo import county_centre

    rows = []
    for city in cities:
        code = city.region_id or "210100"
        place = city.name.removesuffix("总工会")
        names = BASES.get(code[:4]) or [n.format(place) for n in GENERIC_BASES]
        clat, clng = county_centre(code[:4] + "00")
        for n in range(BASES_PER_CITY):
            name = names[n % len(names)] + (f"（{n // len(names) + 1}）" if n >= len(names) else "")
            rows.append(
                EducationBase(
                    union=province if n % 2 == 0 else city,
                    name=name,
                    address=f"{place}{rng.choice(['和平', '中山', '人民', '解放', '建设'])}路{rng.randint(1, 300)}号",
                    lat=round(clat + rng.uniform(-0.05, 0.05), 6),
                    lng=round(clng + rng.uniform(-0.07, 0.07), 6),
                    named_on=date(YEAR, 4, 28)
                    if n % 2 == 0
                    else date(YEAR, rng.randint(5, 11), 15),
                    description="开展职工思想政治教育、劳模工匠精神宣传的场所。",
                )
            )
    copy_objects(EducationBase, rows)
    return {"education bases": len(rows)}
