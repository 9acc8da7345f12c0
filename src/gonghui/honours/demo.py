"""Demo honours of the demo province for 2022 (seed 004 §1): the provincial model workers
and advanced workers with their collectives, the national May Day medals and certificates
the province recommended, the craftsmen, each through review, public notice and award;
the model-worker register (with titles of earlier rounds) and a year of care.

At "province" scale the awards are seed 004's (599 people, 48 collectives, 42 medals, 41
collectives); at "small" about a tenth, so the small demo's sentence reads like the seed's.
Nominees are members of the demo's grassroots unions. Deterministic for a seed.
"""

import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from gonghui.accounts.models import Role, RoleKind, User
from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import FundReceipt, PostingKind, ReceiptSource
from gonghui.core.bulk import copy_objects
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.demo import demo_province
from gonghui.orgs.models import FEDERATION_KINDS, Organization, OrgKind

from .apps import CARE_ACCOUNT, CARE_POSTING
from .models import (
    Care,
    CareKind,
    Category,
    Event,
    EventKind,
    Level,
    ModelWorker,
    Nomination,
    Objection,
    ObjectionStatus,
    Quota,
    Scheme,
    SchemeKind,
    Status,
    Step,
    StepDecision,
    Subject,
    Subjects,
    Title,
    WorkerStatus,
)

YEAR = 2022


# (people, collectives) awarded per scheme, the older register, care per worker.
@dataclass(frozen=True)
class Sizes:
    model: tuple[int, int]  # provincial model workers: people, collectives
    school_events: int  # 劳模工匠进校园 (seed 004: 345)
    may_day: tuple[int, int]  # national May Day medals, certificates
    craftsman: int
    older: int  # model workers of earlier rounds on the register


AWARDS = {
    "small": Sizes(school_events=35, model=(60, 5), may_day=(4, 4), craftsman=2, older=40),
    "province": Sizes(
        school_events=345, model=(599, 48), may_day=(42, 41), craftsman=2, older=3000
    ),
}
NOT_AWARDED_SHARE = 0.08  # nominations not approved or withdrawn beside the awarded
CATEGORIES = [Category.FRONTLINE] * 11 + [Category.TECHNICIAN] * 5 + [Category.MANAGER] * 3
CARE = [  # kind, share of the register, amount in fen, note
    (CareKind.HEALTH_CHECK, 0.7, 80_000, "劳模年度健康体检"),
    (CareKind.RECUPERATION, 0.2, 300_000, "劳模疗休养（兴城）"),
    (CareKind.HARDSHIP, 0.04, 500_000, "困难劳模帮扶"),
    (CareKind.CONDOLENCE, 0.3, 100_000, "春节走访慰问劳模"),
]
DEEDS = [
    "扎根生产一线二十余年，带领班组攻克关键工艺难题，累计创效数百万元。",
    "主持技术革新{n}项，获国家专利{m}项，带出高级技师徒弟十余名。",
    "在重大项目建设中勇挑重担，连续多年超额完成生产任务，安全生产无事故。",
    "创新操作法在全省推广，所在班组被评为省级劳模创新工作室。",
]
COLLECTIVE_PARTS = ["数控加工车间", "装配班组", "质量检测中心", "设备维修班", "技术研发中心"]


def _actors(province: Organization) -> tuple[User, User]:
    """A maker and a different checker at the province (the demo's "province" and "admin"
    accounts when the tree's demo made them)."""
    found = []
    for wanted, fallback in (("province", "honours_maker"), ("admin", "honours_checker")):
        user = User.objects.filter(username=wanted, roles__organization=province).first()
        if user is None:
            user, created = User.objects.get_or_create(username=fallback)
            if created:
                user.set_unusable_password()
                user.save()
            Role.objects.get_or_create(
                user=user, kind=RoleKind.FEDERATION_STAFF, organization=province
            )
        found.append(user)
    return found[0], found[1]


def _pay_care(province: Organization, care: list[Care], maker: User) -> None:
    """The province pays the year's care money from its general funds, one batch posting per
    kind of care (as a finance office pays a list): the special funds come in first."""
    by_kind: dict[str, list[Care]] = {}
    for c in care:
        if c.amount:
            by_kind.setdefault(c.kind, []).append(c)
    total = sum(c.amount for rows in by_kind.values() for c in rows)
    if not total:
        return
    receipt = PostingSpec(
        PostingKind.RECEIPT,
        province.pk,
        memo=f"{YEAR}年劳模关爱专项经费",
        legs=[Leg(province.pk, "available", total), Leg(province.pk, "grants_in", -total)],
    )
    specs = {
        kind: PostingSpec(
            CARE_POSTING,
            province.pk,
            memo=f"{YEAR}年{CareKind(kind).label}（{len(rows)}人次）",
            legs=[
                Leg(province.pk, CARE_ACCOUNT, sum(c.amount for c in rows)),
                Leg(province.pk, "available", -sum(c.amount for c in rows)),
            ],
        )
        for kind, rows in by_kind.items()
    }
    with transaction.atomic():
        FundReceipt.objects.create(
            organization=province,
            source=ReceiptSource.GRANT,
            amount=total,
            memo=receipt.memo,
            posting=ledger.post(receipt, actor=maker),
            created_by=maker,
        )
        ledger.post_many(list(specs.values()), actor=maker)
    for kind, rows in by_kind.items():
        for c in rows:
            c.payer, c.posting = province, specs[kind].posting


def _memberships(province: Organization, rng: random.Random, wanted: int) -> list[Membership]:
    """`wanted` active members of grassroots unions, sampled by id (fast at any size), one
    membership per person."""
    rows = Membership.objects.filter(
        union__path__startswith=province.path,
        union__kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT],
        status=MembershipStatus.ACTIVE,
    )
    ids = list(rows.order_by("pk").values_list("pk", flat=True)[:200_000])
    picked = rng.sample(ids, min(len(ids), wanted))
    return list(rows.filter(pk__in=picked).select_related("person", "union").order_by("pk"))


class _Builder:
    def __init__(self, province, rng, maker, checker):
        self.province, self.rng, self.maker, self.checker = province, rng, maker, checker
        self.federations = {
            o.path: o
            for o in Organization.objects.filter(
                path__startswith=province.path, kind__in=FEDERATION_KINDS
            )
        }
        self.nominations: list[Nomination] = []
        self.steps: list[tuple[Nomination, list[Organization], str]] = []
        self.objections: list[tuple[Nomination, str]] = []

    def chain(self, union: Organization) -> list[Organization]:
        paths = [p for p in union.ancestors_paths() if p != union.path]
        chain = [self.federations[p] for p in reversed(paths) if p in self.federations]
        return chain or [self.province]

    def nominate(self, scheme, union, *, awarded: bool, number: int, **fields) -> Nomination:
        rng = self.rng
        notice_from = date(YEAR, 3, 20)
        status = Status.AWARDED
        decision = StepDecision.APPROVED
        if not awarded:
            status = rng.choice([Status.REJECTED, Status.REJECTED, Status.WITHDRAWN])
            decision = StepDecision.REJECTED if status == Status.REJECTED else StepDecision.PENDING
        deeds = rng.choice(DEEDS).format(n=rng.randint(3, 30), m=rng.randint(1, 12))
        nomination = Nomination(
            scheme=scheme,
            union=union,
            deeds=deeds,
            status=status,
            entered_by=self.maker,
            notice_from=notice_from if awarded else None,
            notice_to=notice_from + timedelta(days=scheme.notice_days - 1) if awarded else None,
            awarded_on=date(YEAR, 4, 28) if awarded else None,
            certificate_number=f"辽工{scheme.kind[:2].upper()}〔{YEAR}〕{number:04d}号"
            if awarded
            else "",
            **fields,
        )
        self.nominations.append(nomination)
        self.steps.append((nomination, self.chain(union), decision))
        if awarded and rng.random() < 0.03:
            self.objections.append((nomination, "反映其事迹材料中部分技术成果为团队完成。"))
        return nomination

    def save(self) -> None:
        copy_objects(Nomination, self.nominations, batch_size=1000)
        # entered during the scheme's nomination period, not on the day the demo loads
        entered = datetime(YEAR, 2, 15, 9, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
        Nomination.objects.filter(pk__in=[n.pk for n in self.nominations]).update(
            created_at=entered
        )
        steps = []
        for nomination, chain, decision in self.steps:
            for i, org in enumerate(chain, start=1):
                rejected_here = decision == StepDecision.REJECTED and i == min(2, len(chain))
                done = decision == StepDecision.APPROVED or (
                    decision == StepDecision.REJECTED and i <= min(2, len(chain))
                )
                steps.append(
                    Step(
                        nomination=nomination,
                        order=i,
                        org=org,
                        decision=(
                            StepDecision.REJECTED
                            if rejected_here
                            else StepDecision.APPROVED
                            if done
                            else StepDecision.PENDING
                        ),
                        opinion="名额调整，未予推荐"
                        if rejected_here
                        else ("同意推荐" if done else ""),
                        decided_by=self.checker if done else None,
                    )
                )
        copy_objects(Step, steps, batch_size=2000)
        copy_objects(
            Objection,
            (
                Objection(
                    nomination=n,
                    text=text,
                    received_on=date(YEAR, 3, 22),  # in the notice of 20 to 26 March
                    status=ObjectionStatus.DISMISSED,
                    resolution="经核实，该成果由其本人主持完成，有专利证书和单位证明为证。",
                    resolved_by=self.checker,
                )
                for n, text in self.objections
            ),
        )


def _person_fields(m: Membership) -> dict:
    person = m.person
    return {
        "subject": Subject.PERSON,
        "person": person,
        "name": person.name,
        "id_cipher": person.id_cipher,
        "id_index": person.id_index,
        "employer": person.employer_name or m.union.name.removesuffix("工会委员会"),
    }


def _collective_fields(rng: random.Random, union: Organization) -> dict:
    stem = union.name.removesuffix("工会委员会").removesuffix("工会")
    return {
        "subject": Subject.COLLECTIVE,
        "name": stem + rng.choice(COLLECTIVE_PARTS),
        "employer": stem,
        "category": Category.COLLECTIVE,
    }


@transaction.atomic
def build_demo(scale: str = "small", seed: int = YEAR, progress=None) -> dict[str, int]:
    province = demo_province()
    if province is None:
        return {}
    sizes = AWARDS.get(scale, AWARDS["small"])
    rng = random.Random(seed)
    maker, checker = _actors(province)
    model_people, model_collectives = sizes.model
    medal_people, medal_collectives = sizes.may_day

    def scheme(kind, level, title, year=YEAR, subjects=Subjects.BOTH):
        return Scheme.objects.create(
            owner=province,
            kind=kind,
            level=level,
            title=title,
            year=year,
            subjects=subjects,
            opens_on=date(YEAR, 1, 10),
            closes_on=date(YEAR, 2, 28),
            notice_days=7,
            managers_max_percent=30,
            created_by=maker,
        )

    model = scheme(
        SchemeKind.MODEL_WORKER, Level.PROVINCIAL, f"{YEAR}年辽宁省劳动模范和先进工作者评选"
    )
    may_day = scheme(SchemeKind.MAY_DAY, Level.NATIONAL, f"{YEAR}年全国五一劳动奖章和奖状推荐")
    craftsman = scheme(
        SchemeKind.CRAFTSMAN,
        Level.NATIONAL,
        f"{YEAR - 1}年“大国工匠年度人物”推荐",
        year=YEAR - 1,
        subjects=Subjects.PEOPLE,
    )
    people_needed = model_people + medal_people + sizes.craftsman
    extra = int(people_needed * NOT_AWARDED_SHARE) + 1
    members = _memberships(province, rng, people_needed + extra + sizes.older)
    # The demo member (guides name them) is among the provincial model workers.
    demo_member = (
        Membership.objects.filter(person__user__username="member", status=MembershipStatus.ACTIVE)
        .select_related("person", "union")
        .first()
    )
    if demo_member is not None and model_people:
        members = [demo_member, *(m for m in members if m.person_id != demo_member.person_id)]
    builder = _Builder(province, rng, maker, checker)
    queue = iter(members)
    number = 0
    for plan, people, collectives in (
        (model, model_people, model_collectives),
        (may_day, medal_people, medal_collectives),
        (craftsman, sizes.craftsman, 0),
    ):
        refused = int((people + collectives) * NOT_AWARDED_SHARE)
        for i in range(people + refused):
            membership = next(queue, None)
            if membership is None:
                break
            number += 1
            builder.nominate(
                plan,
                membership.union,
                awarded=i < people,
                number=number,
                category=rng.choice(CATEGORIES),
                **_person_fields(membership),
            )
        for _i in range(collectives):
            number += 1
            union = rng.choice(members).union
            builder.nominate(
                plan, union, awarded=True, number=number, **_collective_fields(rng, union)
            )
    builder.save()
    # places per city: what each city's nominations hold, rounded up
    cities = [o for o in builder.federations.values() if o.kind == OrgKind.CITY]
    for plan in (model, may_day):
        held: dict[int, list[int]] = {c.pk: [0, 0] for c in cities}
        for n in builder.nominations:
            if n.scheme_id != plan.pk or n.status in (Status.REJECTED, Status.WITHDRAWN):
                continue
            city = next((c for c in cities if n.union.path.startswith(c.path)), None)
            if city is not None:
                held[city.pk][0 if n.subject == Subject.PERSON else 1] += 1
        copy_objects(
            Quota,
            (
                Quota(scheme=plan, union_id=pk, people=p + 1, collectives=c + 1, set_by=maker)
                for pk, (p, c) in held.items()
            ),
        )
    # the register: this year's people, and model workers of earlier rounds
    workers: list[ModelWorker] = []
    titles: list[tuple[ModelWorker, Nomination | int]] = []
    for n in builder.nominations:
        if n.status == Status.AWARDED and n.subject == Subject.PERSON:
            worker = ModelWorker(
                union=n.union,
                person=n.person,
                name=n.name,
                id_cipher=n.id_cipher,
                id_index=n.id_index,
                employer=n.employer,
                contact_cipher=n.person.phone_cipher if n.person else "",
            )
            workers.append(worker)
            titles.append((worker, n))
    older = [m for m in members if m.person_id not in {n.person_id for n in builder.nominations}]
    for m in older[: sizes.older]:
        year = rng.choice([2010, 2015, 2020])
        worker = ModelWorker(
            union=m.union,
            person=m.person,
            status=rng.choice([WorkerStatus.WORKING] * 3 + [WorkerStatus.RETIRED]),
            contact_cipher=m.person.phone_cipher,
            **{k: v for k, v in _person_fields(m).items() if k not in ("subject", "person")},
        )
        workers.append(worker)
        titles.append((worker, year))
    copy_objects(ModelWorker, workers, batch_size=1000)
    copy_objects(
        Title,
        (
            Title(
                worker=w,
                kind=n.scheme.kind,
                level=n.scheme.level,
                year=n.scheme.year,
                name=n.scheme.title,
                certificate_number=n.certificate_number,
                nomination=n,
            )
            if isinstance(n, Nomination)
            else Title(
                worker=w,
                kind=SchemeKind.MODEL_WORKER,
                level=Level.PROVINCIAL,
                year=n,
                name=f"{n}年辽宁省劳动模范",
            )
            for w, n in titles
        ),
    )
    care = []
    for w in workers:
        for kind, share, amount, note in CARE:
            if w.status != WorkerStatus.DECEASED and rng.random() < share:
                care.append(
                    Care(
                        worker=w,
                        kind=kind,
                        given_on=date(YEAR, 1, 1) + timedelta(days=rng.randint(0, 364)),
                        amount=amount,
                        note=note,
                        entered_by=maker,
                    )
                )
    _pay_care(province, care, maker)
    copy_objects(Care, care, batch_size=2000)
    events = _events(rng, sizes, builder, workers, maker)
    return {
        "honour nominations": len(builder.nominations),
        "model workers": len(workers),
        "model-worker care records": len(care),
        "model workers' activities": events,
    }


SCHOOLS = ["第二十中学", "实验小学", "职业技术学院", "技师学院", "第一中学", "理工大学"]


def _events(rng, sizes, builder, workers, maker) -> int:
    """劳模工匠进校园 at schools of the cities and counties, a model worker or two each,
    and some lectures."""
    federations = [o for o in builder.federations.values() if o.kind != OrgKind.PROVINCIAL]
    if not federations:
        return 0
    rows, links = [], []
    plan = [EventKind.SCHOOL] * sizes.school_events + [EventKind.LECTURE] * (
        sizes.school_events // 3
    )
    for kind in plan:
        union = rng.choice(federations)
        place = union.name.removesuffix("总工会") + rng.choice(SCHOOLS)
        event = Event(
            union=union,
            kind=kind,
            held_on=date(YEAR, 3, 1) + timedelta(days=rng.randint(0, 270)),
            title=("劳模工匠进校园——走进" if kind == EventKind.SCHOOL else "劳模宣讲——") + place,
            place=place,
            attendance=rng.randint(80, 600),
            entered_by=maker,
        )
        rows.append(event)
        links.append(rng.sample(workers, min(len(workers), rng.randint(1, 2))))
    copy_objects(Event, rows, batch_size=1000)
    copy_objects(
        Event.workers.through,
        (
            Event.workers.through(event_id=e.pk, modelworker_id=w.pk)
            for e, ws in zip(rows, links, strict=True)
            for w in ws
        ),
    )
    return len(rows)
