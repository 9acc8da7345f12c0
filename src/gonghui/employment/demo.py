"""Demo employment services: Liaoning's 2022 as seed 004 §3 reports it, scaled to the demo.

At "province" scale the records add up to the seed's figures: 550 recruitment events,
12,275 exhibiting enterprises, 12万余 posts (people wanted), 107万余 hires, 134万余
services (most of them online, to workers not on file), 2,759 confirmed real-name
placements. At "small" scale (1,000 grassroots unions against 200,000) the same
proportions with a floor, so that every list and sentence has records. Deterministic
for a seed.
"""

import random
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone

from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import FundReceipt, PostingKind, ReceiptSource
from gonghui.core import crypto
from gonghui.core.bulk import copy_objects
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from .codes import ALLOT_POSTING, FUND_ACCOUNT, PAID_ACCOUNT, PAY_POSTING
from .models import (
    Application,
    ApplicationStatus,
    Exhibitor,
    FundAllotment,
    FundPayment,
    FundUse,
    Group,
    Matching,
    MatchingKind,
    Mode,
    Placement,
    PlacementStatus,
    Post,
    RecruitmentEvent,
    Seeker,
    SeekerStatus,
    Service,
    ServiceKind,
    Trade,
    Trainee,
    TrainingKind,
    TrainingSession,
)

YEAR = 2022
FUND = 5_000_000_00  # seed 004: 安排500万元促进就业专项资金
SEED004 = {
    "events": 550,
    "exhibitors": 12_275,
    "headcount": 120_400,
    "hires": 1_071_000,
    "services": 1_341_000,
    "placements": 2_759,
    "matchings": 100,
    "trainings": 131,
    "trainees": 5_167,
}
PROVINCE_GRASSROOTS = 200_000
FLOORS = {"events": 12, "exhibitors": 120, "headcount": 1_200, "hires": 5_000,
          "services": 2_000, "placements": 20, "matchings": 6, "trainings": 6,
          "trainees": 120}  # fmt: skip
TITLES = [
    "{year}年“春风行动”专场招聘会",
    "{year}年高校毕业生就业服务月招聘会",
    "“就在辽宁”网络招聘会",
    "困难职工家庭高校毕业生专场招聘会",
    "退役军人专场招聘会",
    "新就业形态劳动者专场招聘会",
    "民营企业招聘周",
]
POSTS = {
    Trade.PRODUCTION: ["数控车工", "装配工", "焊工", "普工"],
    Trade.CONSTRUCTION: ["钢筋工", "架子工"],
    Trade.TECHNICIAN: ["电工", "设备维修工"],
    Trade.TRANSPORT: ["货车司机", "仓储管理员", "快递员"],
    Trade.CATERING: ["厨师", "面点师", "服务员"],
    Trade.SALES: ["销售代表", "收银员"],
    Trade.DOMESTIC: ["家政服务员", "物业管理员"],
    Trade.SECURITY: ["保安员"],
    Trade.CARE: ["养老护理员", "护士"],
    Trade.OFFICE: ["行政文员", "会计"],
    Trade.IT: ["软件开发工程师", "网络运维"],
    Trade.EDUCATION: ["培训讲师"],
    Trade.OTHER: ["其他岗位"],
}
TRAINING_NAMES = {"order": "订单式培训", "skills": "职业技能培训", "start_up": "创业培训"}
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["伟", "芳", "娜", "敏", "静", "磊", "强", "洋", "艳", "勇", "军", "杰", "婷", "雪", "浩"]
SCHOOLS = [
    "辽宁大学",
    "东北大学",
    "大连理工大学",
    "沈阳工业大学",
    "辽宁工程技术大学",
    "沈阳职业技术学院",
]
PLACES = ["人力资源市场", "职工服务中心", "工人文化宫", "会展中心"]


def _target(key: str, scale: str, share: float) -> int:
    if scale == "province":
        return SEED004[key]
    return max(round(SEED004[key] * share), FLOORS[key])


def _split(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` in `parts` positive pieces of varied size, adding up exactly."""
    if parts <= 0:
        return []
    weights = [rng.uniform(0.3, 1.7) for _ in range(parts)]
    scale = total / sum(weights)
    pieces = [max(1, int(w * scale)) for w in weights]
    pieces[-1] += total - sum(pieces)
    while pieces[-1] < 1:  # floors pushed the sum over: take it back from the largest
        big = max(range(parts - 1), key=pieces.__getitem__)
        pieces[big] -= 1
        pieces[-1] += 1
    return pieces


def _day(rng: random.Random) -> date:
    return date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364))


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))


@transaction.atomic
def build_demo(scale: str = "small", seed: int = 2022, progress=None) -> dict[str, int]:
    from gonghui.assistance.demo import demo_actors

    province = demo_province()
    if province is None:
        return {}
    maker, checker = demo_actors(province)
    rng = random.Random(seed)
    grassroots = Organization.objects.filter(
        path__startswith=province.path, kind=OrgKind.GRASSROOTS
    ).count()
    share = grassroots / PROVINCE_GRASSROOTS
    federations = list(
        Organization.objects.filter(
            path__startswith=province.path,
            kind__in=[OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY],
            is_active=True,
        ).order_by("path")
    )
    counties = [f for f in federations if f.kind == OrgKind.COUNTY] or federations
    fallback_region = province.region_id or "210000"

    # Events, exhibitors, posts.
    n_events = _target("events", scale, share)
    exhibitors_per = _split(_target("exhibitors", scale, share), n_events, rng)
    hires_per = _split(_target("hires", scale, share), n_events, rng)
    names = list(
        Enterprise.objects.filter(keeper_path__startswith=province.path)
        .order_by("pk")
        .values_list("name", flat=True)[:50_000]
    )
    events = []
    for i in range(n_events):
        union = (
            federations[i % len(federations)] if i < len(federations) else rng.choice(federations)
        )
        mode = Mode.ONLINE if rng.random() < 0.4 else Mode.ONSITE
        area = union.name.removesuffix("总工会")
        events.append(
            RecruitmentEvent(
                union=union,
                title=rng.choice(TITLES).format(year=YEAR),
                mode=mode,
                held_on=_day(rng),
                place=f"{area}{rng.choice(PLACES)}" if mode == Mode.ONSITE else "",
                link=f"https://jobs.example.cn/{YEAR}/{i + 1}" if mode == Mode.ONLINE else "",
                visitors=hires_per[i] * rng.randint(3, 6),
                hires=hires_per[i],
                created_by=maker,
            )
        )
    events = copy_objects(RecruitmentEvent, events, batch_size=2000)
    exhibitors = []
    for event, count in zip(events, exhibitors_per, strict=True):
        pool = rng.sample(names, min(count, len(names))) if names else []
        pool += [
            f"{event.union.name.removesuffix('总工会')}参展企业{k + 1}号"
            for k in range(count - len(pool))
        ]
        exhibitors += [Exhibitor(event=event, name=n) for n in pool]
    exhibitors = copy_objects(Exhibitor, exhibitors, batch_size=5000)
    event_of = {e.pk: e for e in events}
    trades = list(POSTS)
    posts = []
    headcounts = _split(_target("headcount", scale, share), len(exhibitors), rng)
    for exhibitor, headcount in zip(exhibitors, headcounts, strict=True):
        event = event_of[exhibitor.event_id]
        pieces = _split(headcount, 2, rng) if headcount >= 2 and rng.random() < 0.6 else [headcount]
        for people in pieces:
            trade = rng.choice(trades)
            low = rng.randrange(200_000, 600_000, 10_000)
            posts.append(
                Post(
                    union=event.union,
                    exhibitor=exhibitor,
                    employer_name=exhibitor.name,
                    title=rng.choice(POSTS[trade]),
                    trade=trade,
                    region_id=event.union.region_id or fallback_region,
                    pay_min=low,
                    pay_max=low + rng.randrange(50_000, 400_000, 10_000),
                    headcount=people,
                    opened_on=event.held_on,
                    is_open=event.held_on >= date(YEAR, 10, 1) or rng.random() < 0.2,
                    created_by=maker,
                )
            )
    posts = copy_objects(Post, posts, batch_size=5000)

    # Seekers (three for each placement), their placements and the targeted graduates.
    n_placed = _target("placements", scale, share)
    n_seekers = n_placed * 3
    groups = [g for g in Group.values if g != Group.OTHER]
    seekers = []
    for i in range(n_seekers):
        union = rng.choice(counties)
        group = groups[i % len(groups)]
        seekers.append(
            Seeker(
                union=union,
                name=_name(rng),
                phone_cipher=crypto.encrypt(f"139{rng.randint(0, 99_999_999):08d}"),
                group=group,
                school=rng.choice(SCHOOLS) if group == Group.NEEDY_GRADUATE else "",
                graduation_year=YEAR if group == Group.NEEDY_GRADUATE else None,
                trades=rng.sample(trades, rng.randint(1, 3)),
                region_id=union.region_id,
                pay_min=rng.randrange(200_000, 500_000, 10_000),
                consented_at=timezone.now() if rng.random() < 0.9 else None,
                status=SeekerStatus.PLACED if i < n_placed else SeekerStatus.SEEKING,
                cadre=maker if group == Group.NEEDY_GRADUATE else None,
                registered_on=date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 240)),
                created_by=maker,
            )
        )
    seekers = copy_objects(Seeker, seekers, batch_size=5000)
    placements = []
    for i, seeker in enumerate(seekers[: n_placed + n_placed // 10]):
        post = rng.choice(posts) if posts and rng.random() < 0.7 else None
        placed = seeker.registered_on + timedelta(days=rng.randint(10, 120))
        confirmed = i < n_placed
        placements.append(
            Placement(
                seeker=seeker,
                post=post,
                employer_name=post.employer_name
                if post
                else f"{seeker.union.name.removesuffix('总工会')}某企业",
                region_id=post.region_id if post else seeker.region_id or fallback_region,
                placed_on=placed,
                # The last tenth are recorded in December, their check still to come.
                status=PlacementStatus.CONFIRMED if confirmed else PlacementStatus.RECORDED,
                recorded_by=maker,
                checked_by=checker if confirmed else None,
                checked_on=placed + timedelta(days=30) if confirmed else None,
            )
        )
    for p in placements[n_placed:]:
        p.placed_on = date(YEAR, 12, rng.randint(1, 20))
    placements = copy_objects(Placement, placements, batch_size=5000)
    applications = _applications(rng, seekers, placements, posts, maker)

    # Services: each a record; the seekers' own, then the online ones to workers not on file.
    n_services = _target("services", scale, share)
    kinds = [
        k for k in ServiceKind.values if k not in (ServiceKind.CONTACT, ServiceKind.RECOMMENDATION)
    ]
    made = 0
    batch: list[Service] = []

    def flush() -> None:
        copy_objects(Service, batch, batch_size=5000)
        batch.clear()

    for seeker in seekers:
        for _n in range(rng.randint(2, 6)):
            kind = rng.choice(kinds + [ServiceKind.RECOMMENDATION])
            if seeker.group == Group.NEEDY_GRADUATE and rng.random() < 0.5:
                kind = ServiceKind.CONTACT
            batch.append(
                Service(
                    union_id=seeker.union_id,
                    seeker=seeker,
                    kind=kind,
                    channel=rng.choice(Mode.values),
                    given_on=max(seeker.registered_on, min(_day(rng), date(YEAR, 12, 31))),
                    given_by=maker,
                )
            )
            made += 1
    while made < n_services:
        union = rng.choice(federations)
        batch.append(
            Service(
                union=union,
                kind=rng.choice(kinds),
                channel=Mode.ONLINE if rng.random() < 0.8 else Mode.ONSITE,
                given_on=_day(rng),
                given_by=maker,
            )
        )
        made += 1
        if len(batch) >= 20_000:
            flush()
    flush()

    # Matchings with enterprises and schools; training sessions and who attended them.
    matchings = [
        Matching(
            union=rng.choice(federations),
            title=rng.choice(["校企就业对接会", "企业用工对接会", "工会就业协作对接会"]),
            kind=rng.choice(MatchingKind.values),
            held_on=_day(rng),
            partners="、".join(
                rng.sample(names or ["某企业"], min(3, len(names) or 1)) + ["辽宁大学"]
            ),
            posts_offered=rng.randint(20, 400),
            created_by=maker,
        )
        for _n in range(_target("matchings", scale, share))
    ]
    copy_objects(Matching, matchings, batch_size=2000)
    n_sessions = _target("trainings", scale, share)
    sessions = []
    for _n in range(n_sessions):
        kind = rng.choice(TrainingKind.values)
        trade = rng.choice(trades)
        starts = _day(rng)
        sessions.append(
            TrainingSession(
                union=rng.choice(federations),
                title=f"{rng.choice(POSTS[trade])}{TRAINING_NAMES[kind]}班",
                kind=kind,
                trade=trade,
                employer_name=(rng.choice(names) if names else "某企业")
                if kind == TrainingKind.ORDER
                else "",
                starts_on=starts,
                ends_on=starts + timedelta(days=rng.randint(2, 20)),
                created_by=maker,
            )
        )
    sessions = copy_objects(TrainingSession, sessions, batch_size=2000)
    trainees = []
    for session, count in zip(
        sessions, _split(_target("trainees", scale, share), n_sessions, rng), strict=True
    ):
        trainees += [
            Trainee(session=session, name=_name(rng), completed=rng.random() < 0.95)
            for _k in range(count)
        ]
    copy_objects(Trainee, trainees, batch_size=5000)
    paid = _pay_training(rng, sessions, trainees, maker)
    return {
        "employment fund payments": paid,
        "job applications": applications,
        "recruitment events": len(events),
        "exhibitors": len(exhibitors),
        "posts": len(posts),
        "job seekers": len(seekers),
        "placements": len(placements),
        "employment services": made,
        "employment matchings": len(matchings),
        "training sessions": len(sessions),
        "trainees": len(trainees),
    }


def _pay_training(rng: random.Random, sessions, trainees, maker) -> int:
    """The province sets its employment fund aside (the seed's 500万元, received first) and
    pays each session's training costs from it (800元 a trainee), all in one batch on the
    one ledger (post_bulk: COPY on PostgreSQL)."""
    if not sessions:
        return 0
    province = demo_province()
    assert province is not None
    per_session: dict[int, int] = {}
    for t in trainees:
        per_session[t.session_id] = per_session.get(t.session_id, 0) + 800_00
    payments = [
        FundPayment(
            union=province,
            use=FundUse.TRAINING,
            session=s,
            amount=per_session[s.pk],
            paid_on=min(s.ends_on, date(YEAR, 12, 31)),
            memo=f"{s.title}培训费",
            request_key=f"demo-training-{s.pk}",
            created_by=maker,
        )
        for s in sessions
        if per_session.get(s.pk)
    ]
    fund = max(FUND, sum(p.amount for p in payments))
    pk = province.pk
    specs = [
        PostingSpec(
            PostingKind.RECEIPT,
            pk,
            memo=f"{YEAR}年促进就业专项资金",
            legs=[Leg(pk, "available", fund), Leg(pk, "grants_in", -fund)],
        ),
        PostingSpec(
            ALLOT_POSTING,
            pk,
            memo=f"{YEAR}年促进就业专项资金",
            legs=[Leg(pk, FUND_ACCOUNT, fund), Leg(pk, "available", -fund)],
        ),
        *(
            PostingSpec(
                PAY_POSTING,
                pk,
                memo=p.memo,
                legs=[Leg(pk, FUND_ACCOUNT, -p.amount), Leg(pk, PAID_ACCOUNT, p.amount)],
            )
            for p in payments
        ),
    ]
    with transaction.atomic():
        ids = ledger.post_bulk(specs, actor=maker)
        FundReceipt.objects.create(
            organization=province,
            source=ReceiptSource.GRANT,
            amount=fund,
            memo=specs[0].memo,
            posting_id=ids[0],
            created_by=maker,
        )
        FundAllotment.objects.create(
            union=province,
            amount=fund,
            allotted_on=date(YEAR, 3, 1),
            memo=specs[1].memo,
            request_key=f"demo-allot-{YEAR}",
            posting_id=ids[1],
            created_by=maker,
        )
        for p, posting_id in zip(payments, ids[2:], strict=True):
            p.posting_id = posting_id
        copy_objects(FundPayment, payments, batch_size=2000)
    return len(payments)


def _applications(rng: random.Random, seekers, placements, posts, maker) -> int:
    """Applications from the seekers' phones: each placement from a post came through one
    (hired); other seekers applied and stand at every step, some not hired, some withdrawn."""
    rows = []
    placed = set()
    for p in placements:
        if p.post_id is None:
            continue
        placed.add(p.seeker_id)
        rows.append(
            Application(
                seeker_id=p.seeker_id,
                post_id=p.post_id,
                status=ApplicationStatus.HIRED,
                applied_on=max(p.placed_on - timedelta(days=rng.randint(5, 30)), date(YEAR, 1, 1)),
                consented_at=timezone.now(),
                placement=p,
                updated_by=maker,
            )
        )
    steps = [
        ApplicationStatus.APPLIED,
        ApplicationStatus.SEEN,
        ApplicationStatus.INTERVIEW,
        ApplicationStatus.NOT_HIRED,
        ApplicationStatus.WITHDRAWN,
    ]
    waiting = [s for s in seekers if s.pk not in placed and s.status == SeekerStatus.SEEKING]
    for i, seeker in enumerate(waiting[: max(len(rows), 20)]):
        if not posts:
            break
        rows.append(
            Application(
                seeker=seeker,
                post=rng.choice(posts),
                status=steps[i % len(steps)],
                applied_on=seeker.registered_on + timedelta(days=rng.randint(1, 60)),
                consented_at=timezone.now(),
                updated_by=None if i % len(steps) == 0 else maker,
            )
        )
    copy_objects(Application, rows, batch_size=5000)
    return len(rows)
