"""Demo records of labour relations for 2022 beside the demo cases (seed 004 §3): the
counties' mediation centres and the provincial ride-hailing association's, the mediations
the cases went through, and the 尊法守法·携手筑梦 legal-service events (211 events
reaching 13.2万 migrant workers at province scale; a share of them at smaller scales)."""

import random
from datetime import date, timedelta

from gonghui.accounts.models import User
from gonghui.core.bulk import copy_objects
from gonghui.orgs.models import Enterprise, Organization

from .models import (
    MEDIATION_DAYS,
    REPLY_DAYS,
    Addressee,
    Audience,
    CaseKind,
    CentreKind,
    LegalCampaign,
    LegalEvent,
    LegalEventKind,
    LetterIssue,
    LetterKind,
    Mediation,
    MediationCentre,
    MediationSession,
    MediationStatus,
    Mediator,
    MediatorKind,
    Outcome,
    Rectification,
    ReferredTo,
    RightsCase,
    Stage,
    SupervisionLetter,
)

YEAR = 2022
# The share of the seed's province-wide figures each demo scale carries.
SEED_SHARE = {"tiny": 0.02, "small": 0.1, "medium": 0.3, "large": 0.6, "province": 1.0}
ZUNFA_EVENTS, ZUNFA_REACHED = 211, 132_000  # seed 004 §3
MEDIATOR_NAMES = ["王建国", "李淑珍", "张志强", "刘丽华", "陈光明", "杨秀兰"]
INDUSTRY_CENTRE = "辽宁省网约车行业协会劳动争议调解中心"
AGREEMENTS = [
    "企业同意分两期支付拖欠工资，首期于协议签订后七日内支付。",
    "双方协商一致解除劳动合同，企业支付经济补偿。",
    "平台退还扣除的保证金，并调整计价规则公示期。",
]


def build(
    scale: str,
    rng: random.Random,
    province: Organization,
    counties: list[Organization],
    handler: User,
    cases: list[RightsCase],
) -> dict[str, int]:
    counts = _mediation(rng, province, counties, handler, cases)
    counts.update(_legal_events(scale, rng, province, handler))
    counts.update(_letters(rng, counties, handler))
    return counts


def _mediation(rng, province, counties, handler, cases) -> dict[str, int]:
    paths = dict(
        Organization.objects.filter(pk__in={c.union_id for c in cases}).values_list("pk", "path")
    )
    centres: dict[str, MediationCentre] = {}
    for county in counties:
        centres[county.path] = MediationCentre(
            union=county,
            name=f"{county.name}劳动争议调解中心",
            kind=CentreKind.UNION,
            phone="12351",
            established_on=date(2019, 3, 1),
        )
    industry = MediationCentre(
        union=province,
        name=INDUSTRY_CENTRE,
        kind=CentreKind.INDUSTRY,
        partner="辽宁省网约车行业协会",
        address="沈阳市和平区",
        established_on=date(YEAR, 6, 28),
    )
    copy_objects(MediationCentre, [*centres.values(), industry])
    mediators = {}
    rows = []
    for centre in [*centres.values(), industry]:
        names = rng.sample(MEDIATOR_NAMES, 3)
        kinds = [MediatorKind.FULL_TIME, MediatorKind.PART_TIME, MediatorKind.LAWYER]
        mine = [Mediator(centre=centre, name=n, kind=k) for n, k in zip(names, kinds, strict=True)]
        mediators[centre.pk] = mine
        rows += mine
    copy_objects(Mediator, rows)

    mediations, sessions = [], []
    for case in cases:
        if case.stage == Stage.CONSULTATION or case.opened_on.year != YEAR:
            continue
        path = paths[case.union_id]
        county_path = next((p for p in centres if path.startswith(p)), None)
        if county_path is None:
            continue
        centre = industry if case.kind == CaseKind.GIG_PLATFORM else centres[county_path]
        received = case.opened_on + timedelta(days=rng.randint(1, 5))
        status, closed, agreed, referred = MediationStatus.OPEN, None, 0, ""
        if case.outcome == Outcome.MEDIATED:
            status, agreed = MediationStatus.AGREED, case.amount_recovered
        elif case.outcome in (Outcome.AWARDED, Outcome.NOT_SUPPORTED):
            status, referred = MediationStatus.REFERRED, ReferredTo.ARBITRATION
        elif case.outcome == Outcome.WITHDRAWN:
            status = MediationStatus.FAILED
        if status != MediationStatus.OPEN:
            closed = min(received + timedelta(days=rng.randint(3, 14)), date(YEAR, 12, 31))
        mediator = rng.choice(mediators[centre.pk])
        mediations.append(
            Mediation(
                centre=centre,
                case=case,
                worker_name=case.worker_name,
                employer=case.employer,
                kind=case.kind,
                workers_involved=case.workers_involved,
                amount_claimed=case.amount_claimed,
                mediator=mediator,
                received_on=received,
                due_on=received + timedelta(days=MEDIATION_DAYS),
                status=status,
                closed_on=closed,
                amount_agreed=agreed,
                result_note=rng.choice(AGREEMENTS) if agreed else "",
                referred_to=referred,
                opened_by=handler,
            )
        )
    copy_objects(Mediation, mediations, batch_size=2000)
    for m in mediations:
        last = m.closed_on or m.received_on + timedelta(days=3)
        for n in range(rng.randint(1, 2)):
            sessions.append(
                MediationSession(
                    mediation=m,
                    held_on=min(m.received_on + timedelta(days=2 + 4 * n), last),
                    mediator=m.mediator,
                    note="召集双方面对面调解" if n == 0 else "再次调解，明确履行期限",
                    by=handler,
                )
            )
    copy_objects(MediationSession, sessions, batch_size=5000)
    return {
        "mediation centres": len(centres) + 1,
        "mediations": len(mediations),
        "mediation sessions": len(sessions),
    }


def _spread(total: int, parts: int, rng: random.Random) -> list[int]:
    """`total` cut into `parts` uneven whole shares that add up to it exactly."""
    weights = [rng.randint(50, 150) for _ in range(parts)]
    shares = [total * w // sum(weights) for w in weights]
    shares[0] += total - sum(shares)
    return shares


def _legal_events(scale, rng, province, handler) -> dict[str, int]:
    share = SEED_SHARE.get(scale, 0.1)
    n = max(1, round(ZUNFA_EVENTS * share))
    reached = _spread(round(ZUNFA_REACHED * share), n, rng)
    unions = list(
        Organization.objects.filter(
            path__startswith=province.path, kind__in=["provincial", "city", "county"]
        ).order_by("path")
    )
    kinds = [LegalEventKind.ON_SITE] * 5 + [LegalEventKind.CONSULTATION_DAY] * 3
    kinds += [LegalEventKind.LECTURE] * 2
    places = ["建筑工地", "农民工服务站", "劳务市场", "工业园区", "职工之家"]
    events = []
    for i in range(n):
        people = reached[i]
        consultations = people * rng.randint(5, 15) // 100
        events.append(
            LegalEvent(
                union=rng.choice(unions),
                campaign=LegalCampaign.ZUNFA,
                kind=rng.choice(kinds),
                audience=Audience.MIGRANT,
                title="“尊法守法·携手筑梦”公益法律服务进" + rng.choice(places),
                held_on=date(YEAR, 3, 1) + timedelta(days=rng.randint(0, 270)),
                place=rng.choice(places),
                attendance=people,
                lawyers=rng.randint(1, 6),
                consultations=consultations,
                cases_taken=min(consultations, rng.randint(0, 3)),
                created_by=handler,
            )
        )
    copy_objects(LegalEvent, events, batch_size=2000)
    return {"legal-service events": len(events)}


LETTER_TEXTS = {
    LetterIssue.WAGES: "经核实，贵单位存在未按时足额支付劳动报酬的情况，请于收函后十五日内依法整改并书面回复。",
    LetterIssue.HOURS: "贵单位部分岗位延长工作时间超过法定标准，请依法安排休息或支付加班工资。",
    LetterIssue.SOCIAL_INSURANCE: "贵单位未为部分职工缴纳社会保险费，请依法补缴。",
    LetterIssue.SAFETY: "生产现场存在安全隐患，请落实安全生产责任，保障职工安全健康。",
}


def _letters(rng, counties, handler) -> dict[str, int]:
    """Each county federation's 一函两书 of the year: most to enterprises, a few 建议书 to
    the county government; most answered, most of those rectified."""
    letters = []
    for county in counties:
        enterprises = list(
            Enterprise.objects.filter(keeper_path__startswith=county.path).order_by("pk")[:30]
        )
        for _n in range(rng.randint(2, 5)):
            issue = rng.choice(list(LETTER_TEXTS))
            sent = date(YEAR, 1, 10) + timedelta(days=rng.randint(0, 330))
            to_government = not enterprises or rng.random() < 0.15
            enterprise = None if to_government else rng.choice(enterprises)
            kind = (
                LetterKind.PROPOSAL
                if to_government
                else rng.choice([LetterKind.NOTICE] * 3 + [LetterKind.OPINION])
            )
            replied = sent + timedelta(days=rng.randint(3, 20)) if rng.random() < 0.85 else None
            if replied and replied > date(YEAR, 12, 31):
                replied = None
            rectification, rectified = Rectification.PENDING, None
            if replied:
                rectification = rng.choice(
                    [Rectification.RECTIFIED] * 4
                    + [Rectification.NOT_RECTIFIED, Rectification.NOT_REQUIRED]
                )
                rectified = min(replied + timedelta(days=rng.randint(5, 30)), date(YEAR, 12, 31))
            letters.append(
                SupervisionLetter(
                    union=county,
                    kind=kind,
                    addressee=Addressee.GOVERNMENT if to_government else Addressee.ENTERPRISE,
                    enterprise=enterprise,
                    addressee_name=enterprise.name if enterprise else f"{county.name[:-4]}人民政府",
                    issue=issue,
                    summary=LETTER_TEXTS[issue],
                    sent_on=sent,
                    reply_due=sent + timedelta(days=REPLY_DAYS),
                    replied_on=replied,
                    reply_note="已收悉，正在整改。" if replied else "",
                    rectification=rectification,
                    rectified_on=rectified,
                    created_by=handler,
                )
            )
    copy_objects(SupervisionLetter, letters, batch_size=2000)
    return {"supervision letters": len(letters)}
