"""The employment demo for 2022 and the summary's employment paragraph: every figure the
paragraph writes equals an independent count over the rows (not through the registry)."""

from datetime import date

from django.db import models
from django.db.models import Sum

from gonghui.core import numstyle
from gonghui.employment import demo
from gonghui.employment.models import (
    Application,
    Exhibitor,
    FundAllotment,
    Matching,
    Placement,
    Post,
    RecruitmentEvent,
    Seeker,
    Service,
    Trainee,
    TrainingSession,
)
from gonghui.reports import summary

YEAR = 2022


def independent(path: str) -> dict[str, int]:
    in_year = {"__year": YEAR}

    def year(field):
        return {f"{field}{k}": v for k, v in in_year.items()}

    events = RecruitmentEvent.objects.filter(union__path__startswith=path, **year("held_on"))
    services = Service.objects.filter(union__path__startswith=path, **year("given_on"))
    graduates = Seeker.objects.filter(
        union__path__startswith=path, group="needy_graduate", **year("registered_on")
    )
    placed = Placement.objects.filter(
        seeker__union__path__startswith=path, status="confirmed", **year("placed_on")
    )
    return {
        "employment.events": events.count(),
        "employment.exhibitors": Exhibitor.objects.filter(event__in=events).count(),
        "employment.posts": Post.objects.filter(
            union__path__startswith=path, **year("opened_on")
        ).aggregate(n=Sum("headcount"))["n"]
        or 0,
        "employment.hires": events.aggregate(n=Sum("hires"))["n"] or 0,
        "employment.services": services.count(),
        "employment.services.online": services.filter(channel="online").count(),
        "employment.placements": placed.count(),
        "employment.graduates": graduates.count(),
        "employment.graduates_placed": placed.filter(seeker__group="needy_graduate").count(),
        "employment.matchings": Matching.objects.filter(
            union__path__startswith=path, **year("held_on")
        ).count(),
        "employment.trainings": TrainingSession.objects.filter(
            union__path__startswith=path, **year("starts_on")
        ).count(),
        "employment.fund.allotted": FundAllotment.objects.filter(
            union__path__startswith=path, **year("allotted_on")
        ).aggregate(n=Sum("amount"))["n"]
        or 0,
        "employment.applications": Application.objects.filter(
            seeker__union__path__startswith=path, **year("applied_on")
        ).count(),
        "employment.trainees": Trainee.objects.filter(
            session__union__path__startswith=path, **year("session__starts_on")
        ).count(),
    }


def _paragraph(content: dict) -> dict:
    for section in content["sections"]:
        for paragraph in section["paragraphs"]:
            if any(
                k.startswith("employment.") for s in paragraph["sentences"] for k in s["figures"]
            ):
                return paragraph
    raise AssertionError("no employment paragraph")


def test_demo_for_2022_is_deterministic_and_in_seed_004s_proportions(world):
    counts = demo.build_demo("small", seed=7)
    truth = independent(world.province.path)
    assert counts["recruitment events"] == truth["employment.events"] == demo.FLOORS["events"]
    assert truth["employment.exhibitors"] == demo.FLOORS["exhibitors"]
    assert truth["employment.posts"] == demo.FLOORS["headcount"]
    assert truth["employment.hires"] == demo.FLOORS["hires"]
    assert truth["employment.services"] == counts["employment services"]
    assert truth["employment.placements"] == demo.FLOORS["placements"]
    assert truth["employment.matchings"] == demo.FLOORS["matchings"]
    assert truth["employment.trainings"] == demo.FLOORS["trainings"]
    assert truth["employment.trainees"] == demo.FLOORS["trainees"]
    assert not RecruitmentEvent.objects.exclude(held_on__year=YEAR).exists()
    assert truth["employment.graduates"] > 0
    # the fund: set aside and paid on the ledger, the figure read from the payments
    from gonghui.campaigns import ledger
    from gonghui.core.figures import REGISTRY, Period
    from gonghui.employment.models import FundPayment

    paid = sum(FundPayment.objects.values_list("amount", flat=True))
    assert (
        paid
        == 800_00 * demo.FLOORS["trainees"]
        == ledger.balance(world.province.pk, "employment_paid")
    )
    assert ledger.balance(world.province.pk, "employment_fund") == demo.FUND - paid
    assert truth["employment.fund.allotted"] == demo.FUND
    assert truth["employment.applications"] == counts["job applications"] > 0
    hired = Application.objects.filter(status="hired")
    assert hired.count() == hired.filter(placement__post=models.F("post")).count() > 0
    year = Period(date(YEAR, 1, 1), date(YEAR, 12, 31))
    assert REGISTRY["employment.fund.paid"].value(world.province.path, year) == paid
    first = list(Post.objects.order_by("pk").values_list("title", "trade", "pay_min", "headcount"))
    for model in (
        Application,
        FundAllotment,
        FundPayment,
        Trainee,
        TrainingSession,
        Matching,
        Service,
        Placement,
        Seeker,
        Post,
        Exhibitor,
        RecruitmentEvent,
    ):
        model.objects.all().delete()
    demo.build_demo("small", seed=7)
    again = list(Post.objects.order_by("pk").values_list("title", "trade", "pay_min", "headcount"))
    assert first == again


def test_the_summary_paragraph_says_what_the_records_count(world):
    demo.build_demo("small", seed=3)
    truth = independent(world.province.path)
    hans = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hans"
    )
    paragraph = _paragraph(hans)
    # the section's lead sentence (core.writing.section_lead) may open the paragraph
    text = "".join(s["text"] for s in paragraph["sentences"] if s.get("kind") != "lead")
    assert text.startswith("2022年，全省各级工会累计提供就业服务（含线上）")
    assert "实名制安置就业各类人员" in text and "举办招聘活动" in text and "参展企业" in text
    assert "提供就业岗位" in text and "招聘" in text and "阳光就业" in text
    assert "组织工会就业对接" in text and "组织各类培训" in text and "培训人数" in text
    # seed 004 §3: 并安排500万元促进就业专项资金, the sum of the allotments
    assert truth["employment.fund.allotted"] == demo.FUND
    assert "安排500万元促进就业专项资金。" in text
    by_key = {f["key"]: f for f in hans["figures"]}
    checked = 0
    for sentence in paragraph["sentences"]:
        for key in sentence["figures"]:
            written = by_key[key]["written"]
            assert written in sentence["text"]
            value = truth[key]
            assert by_key[key]["value"] == value, key
            if key.startswith("employment.fund."):
                value //= 100  # fen in the figure, yuan in the text
            parsed = numstyle.parse(written)
            if parsed.approximate:
                assert parsed.value <= value, (key, written, value)
                assert written == numstyle.approx(value, parsed.unit)
            else:
                assert parsed.value == value, (key, written, value)
            checked += 1
    assert checked >= 12
    en = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="en"
    )
    english = " ".join(s["text"] for s in _paragraph(en)["sentences"] if s.get("kind") != "lead")
    assert english.startswith("In 2022, unions at all levels across the province gave")
    assert "recruitment events" in english and f"{truth['employment.events']}" in english
    assert "set aside 5 million yuan as a special fund for promoting employment" in english
    hant = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hant"
    )
    traditional = "".join(s["text"] for s in _paragraph(hant)["sentences"])
    assert "實名制安置就業" in traditional and "安排500萬元促進就業專項資金" in traditional


def test_a_county_summary_counts_only_its_subtree(world):
    demo.build_demo("small", seed=3)
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.sibling.pk, year=YEAR, lang="zh-hans"
    )
    truth = independent(world.sibling.path)
    by_key = {f["key"]: f["value"] for f in content["figures"]}
    for key, value in truth.items():
        assert by_key.get(key, 0) == value, key


def test_no_records_no_paragraph(world):
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=YEAR, lang="zh-hans"
    )
    assert not any(
        k.startswith("employment.")
        for section in content["sections"]
        for paragraph in section["paragraphs"]
        for s in paragraph["sentences"]
        for k in s["figures"]
    )
    assert date(YEAR, 1, 1)  # the year the demo speaks of
