"""The annual work summary: every figure in its text equals a count or sum made here,
straight from the tables, without the figure registry."""

import re
from datetime import date, datetime, time, timedelta

import pytest
from django.db.models import F, Q, Sum
from django.utils import timezone

from gonghui.activities.models import Activity
from gonghui.assistance.models import AidApplication, HardshipFile
from gonghui.campaigns.models import Allocation, Disbursement, Grant
from gonghui.core import numstyle
from gonghui.core.chinese import to_traditional
from gonghui.members.models import Membership
from gonghui.orgs.models import Organization
from gonghui.reports import summary
from gonghui.stations.models import Problem, Station, Visit
from gonghui.workplans.models import ProgressReport, Task

from ..campaigns.helpers import funded_county, listed, pay
from ..factories import OrgKind, make_member, make_org
from ..stations.helpers import make_station

YEAR = 2022
GIG = ["truck_driver", "ride_hail", "courier", "delivery_rider", "other_gig"]


# ---- the independent count: each figure's meaning, written again from the tables ---------


def _instant(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def oracle(path: str, start: date, end: date) -> dict[str, int]:
    """Every figure the summary may write, counted from the rows without the registry."""
    t0, t1 = _instant(start), _instant(end + timedelta(days=1))
    out: dict[str, int] = {}

    def total(qs, field=None):
        return qs.count() if field is None else qs.aggregate(s=Sum(field))["s"] or 0

    m = Membership.objects.filter(union__path__startswith=path)
    at_end = m.filter(started_on__lte=end).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=end))
    new = m.filter(joined_on__gte=start, joined_on__lte=end, transfer_in__isnull=True)
    out["members.total"] = at_end.count()
    out["members.gig"] = at_end.exclude(person__work_kind="regular").count()
    out["members.new"] = new.count()
    out["members.gig_new"] = new.exclude(person__work_kind="regular").count()
    for k in GIG:
        out[f"members.by_work_kind.{k}"] = at_end.filter(person__work_kind=k).count()
    unions = Organization.objects.filter(path__startswith=path, kind__in=["grassroots", "joint"])
    out["orgs.unions"] = unions.filter(is_active=True, founded_on__lte=end).count()
    out["orgs.new_unions"] = unions.filter(founded_on__gte=start, founded_on__lte=end).count()

    a = Activity.objects.filter(union__path__startswith=path, held_on__gte=start, held_on__lte=end)
    meeting = ["leadership", "central_study", "all_staff", "special"]
    out["activities.total"] = a.count()
    out["activities.attendance"] = total(a, "attendance")
    out["activities.meetings"] = a.filter(kind__in=meeting).count()
    for k in [*meeting, "lecture_tour", "other"]:
        out[f"activities.by_kind.{k}"] = a.filter(kind=k).count()
    out["activities.lecture_tour_audience"] = total(a.filter(kind="lecture_tour"), "attendance")

    # Money sent down is each union's own act, not a subtree sum.
    sent = Allocation.objects.filter(from_org__path=path, created_at__gte=t0, created_at__lt=t1)
    paid = Disbursement.objects.filter(
        union__path__startswith=path, status="paid", checked_at__gte=t0, checked_at__lt=t1
    )
    out["campaigns.sent_down"] = total(sent, "amount")
    out["campaigns.helped"] = paid.count()
    out["campaigns.paid"] = total(paid, "amount")
    for k in ["winter", "summer", "school", "other"]:
        out[f"campaigns.sent_down.by_kind.{k}"] = total(sent.filter(campaign__kind=k), "amount")
        out[f"campaigns.helped.by_kind.{k}"] = paid.filter(campaign__kind=k).count()
        out[f"campaigns.paid.by_kind.{k}"] = total(paid.filter(campaign__kind=k), "amount")
    for t in ["deep", "relative", "accidental"]:
        out[f"campaigns.helped.by_tier.{t}"] = paid.filter(tier=t).count()
    grants = Grant.objects.filter(
        batch__from_org__path__startswith=path, created_at__gte=t0, created_at__lt=t1
    )
    out["funds.grants"] = total(grants, "amount")
    out["funds.grants.count"] = grants.count()

    files = HardshipFile.objects.filter(union__path__startswith=path)
    open_end = files.filter(opened_on__lte=end).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gt=end)
    )
    opened = files.filter(opened_on__gte=start, opened_on__lte=end)
    out["aid.files.open"] = open_end.count()
    out["aid.files.opened"] = opened.count()
    out["aid.files.returned"] = opened.filter(returned=True).count()
    out["aid.files.closed"] = files.filter(closed_on__gte=start, closed_on__lte=end).count()
    for t in ["deep", "relative", "accidental"]:
        out[f"aid.files.by_tier.{t}"] = open_end.filter(tier=t).count()
    apps = AidApplication.objects.filter(union__path__startswith=path)
    out["aid.applications.submitted"] = apps.filter(
        submitted_at__gte=t0, submitted_at__lt=t1
    ).count()
    approved = apps.filter(decided_at__gte=t0, decided_at__lt=t1, status__in=["approved", "paid"])
    for k in ["living", "school", "medical"]:
        out[f"aid.applications.approved.{k}"] = approved.filter(kind=k).count()
        out[f"aid.applications.approved_amount.{k}"] = total(
            approved.filter(kind=k), "approved_amount"
        )

    stations = Station.objects.filter(union__path__startswith=path, created_at__lt=t1).exclude(
        status="closed"
    )
    out["stations.total"] = stations.count()
    for k in ["outdoor", "worker_home", "cultural_palace", "library", "mother_baby", "other"]:
        out[f"stations.by_kind.{k}"] = stations.filter(kind=k).count()
    for k in ["water", "meal", "rest", "toilet", "charging", "first_aid", "air_con"]:
        out[f"stations.by_amenity.{k}"] = stations.filter(**{f"has_{k}": True}).count()
    out["stations.visits"] = Visit.objects.filter(
        station__union__path__startswith=path, at__gte=t0, at__lt=t1
    ).count()
    problems = Problem.objects.filter(station__union__path__startswith=path)
    out["stations.problems_reported"] = problems.filter(
        reported_at__gte=t0, reported_at__lt=t1
    ).count()
    out["stations.problems_open"] = (
        problems.filter(reported_at__lt=t1)
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=t1))
        .count()
    )

    tasks = Task.objects.filter(owner__path__startswith=path)
    due = tasks.filter(deadline__gte=start, deadline__lte=end)
    out["workplans.tasks_due"] = due.count()
    out["workplans.tasks_done"] = tasks.filter(done_on__gte=start, done_on__lte=end).count()
    done = tasks.filter(done_on__gte=start, done_on__lte=end)
    out["workplans.tasks_done_late"] = done.filter(done_on__gt=F("deadline")).count()
    today = timezone.localdate()
    out["workplans.tasks_overdue"] = (
        due.filter(deadline__lt=today)
        .filter(Q(done_on__isnull=True) | Q(done_on__gt=today))
        .count()
    )
    out["workplans.reports"] = ProgressReport.objects.filter(
        task__owner__path__startswith=path, reported_on__gte=start, reported_on__lte=end
    ).count()
    return out


# Numbers in the text: digits, an optional 万/亿 (萬/億) and 余/多 (餘).
NUMBER = re.compile(r"\d+(?:\.\d+)?[万萬亿億]?[余餘多]?")


def check_against_tables(content: dict, path: str) -> int:
    """Every figure written equals the independent count; every number in the text is one."""
    start, end = (date.fromisoformat(d) for d in content["period"])
    truth = oracle(path, start, end)
    by_key = {f["key"]: f for f in content["figures"]}
    checked = 0
    for section in content["sections"]:
        for paragraph in section["paragraphs"]:
            for sentence in paragraph["sentences"]:
                text, keys = sentence["text"], sentence["figures"]
                if sentence.get("kind") in ("lead", "lower"):
                    continue  # the section's lead states no figure; highlights: test_lower_*
                assert keys, text
                for key in keys:
                    f = by_key[key]
                    assert key in truth, f"no independent count for {key}"
                    assert f["value"] == truth[key], (key, f["value"], truth[key])
                    assert f["value"] != 0 and f["written"] in text, (key, text)
                    p = numstyle.parse(f["written"])
                    v = truth[key]
                    assert f["written"] in {
                        numstyle.count(v, p.unit),
                        numstyle.approx(v, p.unit),
                        numstyle.money(v),
                    }, (key, f["written"], v)
                    checked += 1
                # No number in the sentence but its figures (and the year it speaks of).
                numbers = [
                    m.group() for m in NUMBER.finditer(text) if not text[m.end() :].startswith("年")
                ]
                written = "".join(by_key[k]["written"] for k in keys)
                for n in numbers:
                    assert n in written, (n, text)
                assert not re.search(r"(?<![\d.])0(?![\d.])", text), text
    return checked


# ---- small hand-built data ----------------------------------------------------------------


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def build_small(world):
    """Members, unions, meetings, a campaign and stations under the province, in 2022."""
    w = world
    new_union = make_org(
        "沈阳新建物流有限公司工会委员会",
        OrgKind.GRASSROOTS,
        w.township,
        "210102",
        founded_on=date(YEAR, 4, 1),
    )
    make_org("沈阳快递员联合工会", OrgKind.JOINT, w.county, "210102", founded_on=date(YEAR, 6, 1))
    make_org("往年工会", OrgKind.GRASSROOTS, w.sibling, "210103", founded_on=date(2019, 1, 1))
    for i, kind in enumerate(["regular", "courier", "courier", "delivery_rider"]):
        make_member(w.grassroots, f"职工{i}", work_kind=kind, joined_on=f"{YEAR}-03-0{i + 1}")
    make_member(new_union, "老会员", joined_on="2018-05-01")
    left = make_member(w.sibling_grassroots, "离会职工", joined_on="2019-05-01")
    Membership.objects.filter(pk=left.pk).update(ended_on=date(YEAR, 7, 1), status="ended")
    make_member(w.other_grassroots, "外省职工", work_kind="courier", joined_on=f"{YEAR}-02-01")

    for day, kind, attendance in [
        (date(YEAR, 3, 1), "leadership", 15),
        (date(YEAR, 3, 9), "central_study", 20),
        (date(YEAR, 5, 1), "lecture_tour", 120),
        (date(YEAR, 6, 1), "lecture_tour", None),
        (date(2021, 6, 1), "special", 30),
    ]:
        Activity.objects.create(
            union=w.county,
            held_on=day,
            kind=kind,
            attendance=attendance,
            reported_by=w.county_staff,
        )
    Activity.objects.create(
        union=w.other_grassroots,
        held_on=date(YEAR, 3, 1),
        kind="all_staff",
        attendance=99,
        reported_by=w.outsider,
    )

    campaign = funded_county(w, budget=50_000_000_00, to_county=2_523_630_000)
    for name in ["王强", "李娜"]:
        pay(w, listed(w, campaign, name=name, amount=800_00, opened_on=date(YEAR, 2, 1)))
    Allocation.objects.update(created_at=_at(date(YEAR, 12, 1)))
    Disbursement.objects.update(checked_at=_at(date(YEAR, 12, 20)))

    s1 = make_station(w.grassroots, amenities=("water", "rest"))
    make_station(w.county, kind="worker_home", amenities=("water",))
    Station.objects.update(created_at=_at(date(YEAR, 5, 1)))
    for day in (date(YEAR, 6, 1), date(YEAR, 6, 2), date(2021, 6, 1)):
        Visit.objects.create(station=s1, at=_at(day), visitor=f"v{day}")
    return w


@pytest.fixture
def small(world):
    return build_small(world)


def test_each_figure_equals_the_tables(small):
    content = summary.summary_compose(
        actor=small.province_staff, org_id=small.province.pk, year=YEAR, lang="zh-hans"
    )
    assert check_against_tables(content, small.province.path) >= 15
    text = "".join(
        s["text"] for sec in content["sections"] for p in sec["paragraphs"] for s in p["sentences"]
    )
    # The figures as hand-built: members at the end of the year (4 of 2022, 1 older, the 2
    # paid by the campaign; one left; the other province's is not counted); unions with a
    # founding day by then; the county's campaign.
    assert (
        "截至年底，全省共有基层工会（含联合基层工会）3个，工会会员总数达到7人，其中快递员、外卖配送员等新就业形态劳动者会员3人。"
        in text
    )
    assert "全年新发展会员4人，其中新就业形态劳动者3人，新建基层工会2个。" in text
    assert "召开会议、开展学习活动共4次，参加人员达155人次" in text
    assert "开展宣讲活动2场，受众120人次。" in text
    assert "下拨送温暖资金2523.63万元" in text and "慰问职工2人次，发放慰问金1600元" in text
    assert content["title"] == "辽宁省总工会2022年工会工作综述"
    assert content["sections"][0]["heading"] == "1 思想引领 唱响时代主旋律"


def test_a_county_summary_counts_its_subtree_only(small):
    content = summary.summary_compose(
        actor=small.county_staff, org_id=small.county.pk, year=YEAR, lang="zh-hans"
    )
    check_against_tables(content, small.county.path)
    values = {f["key"]: f["value"] for f in content["figures"]}
    assert values["members.total"] == 7  # the other province's member is not counted
    assert content["sections"][0]["paragraphs"][0]["sentences"][0]["text"].startswith(
        "2022年，全区各级工会"
    )  # 和平区: a district


def test_figures_with_no_data_are_left_out(world):
    make_member(world.grassroots, "唯一会员", joined_on=f"{YEAR}-05-01")
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hans"
    )
    check_against_tables(content, world.province.path)
    assert [s["key"] for s in content["sections"]] == ["foundation"]
    assert content["sections"][0]["heading"] == "1 夯实基础 狠抓自身见实效"
    text = "".join(s["text"] for p in content["sections"][0]["paragraphs"] for s in p["sentences"])
    assert "新就业形态" not in text and "0人" not in text and "服务阵地" not in text
    used = {f["key"] for f in content["figures"] if f["used"]}
    assert used == {"members.total", "members.new"}
    assert all(f["written"] == "" for f in content["figures"] if not f["used"])


def test_nothing_at_all_gives_no_section(world):
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2005, lang="zh-hans"
    )
    assert content["sections"] == [] and all(not f["used"] for f in content["figures"])


def test_traditional_is_the_core_chinese_conversion(small):
    args = {"actor": small.province_staff, "org_id": small.province.pk, "year": YEAR}
    hans = summary.summary_compose(lang="zh-hans", **args)
    hant = summary.summary_compose(lang="zh-hant", **args)
    convert = to_traditional
    assert hant["title"] == convert(hans["title"]) == "遼寧省總工會2022年工會工作綜述"
    pairs = [
        (a, b)
        for x, y in zip(hans["sections"], hant["sections"], strict=True)
        for p, q in zip(x["paragraphs"], y["paragraphs"], strict=True)
        for a, b in zip(p["sentences"], q["sentences"], strict=True)
    ]
    assert pairs
    for a, b in pairs:
        assert b["text"] == convert(a["text"]) and b["figures"] == a["figures"]
    written = {f["key"]: f["written"] for f in hant["figures"] if f["used"]}
    assert written["campaigns.sent_down.by_kind.winter"] == "2523.63萬元"


def test_english_is_written_in_english(small):
    content = summary.summary_compose(
        actor=small.province_staff, org_id=small.province.pk, year=YEAR, lang="en"
    )
    text = " ".join(
        s["text"] for sec in content["sections"] for p in sec["paragraphs"] for s in p["sentences"]
    )
    assert not re.search(r"[\u4e00-\u9fff]", text.replace(small.province.name, ""))
    assert (
        "At the end of 2022, the province had 3 grassroots and joint unions and 7 members" in text
    )
    assert numstyle.english_money(2_523_630_000) in text  # 25.24 million yuan
    assert (
        "In 2022, unions at all levels across the province ran the winter warmth campaign" in text
    )
    assert content["sections"][0]["heading"] == "1. Thought and publicity"
    figures = {f["key"]: f for f in content["figures"]}
    assert figures["members.total"]["label"] == "members"
    assert figures["members.total"]["written"] == "7 members"


def test_the_voice_follows_the_organization(world):
    for org, area in [
        (world.province, "全省"),
        (world.city, "全市"),
        (world.county, "全区"),
        (world.grassroots, world.grassroots.name),
    ]:
        assert summary._area(org) == area
    county = make_org("康平县总工会", OrgKind.COUNTY, world.city, "210123")
    assert summary._area(county) == "全县"
