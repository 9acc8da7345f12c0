"""Rights figures and the summary's rights paragraph: each figure equals a count made here
in Python from the rows, without the registry; the demo builds a 2022 that has them."""

from datetime import date

import pytest

from gonghui.core import numstyle
from gonghui.core.figures import REGISTRY, Period
from gonghui.reports import summary
from gonghui.rights import demo, services
from gonghui.rights.models import LegalEvent, Mediation, MediationCentre, Mediator, RightsCase

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _case(world, union, opened, kind="wage_arrears", workers=1, actor=None, **close):
    case = services.case_open(
        actor=actor or world.province_staff,
        union_id=union.pk,
        kind=kind,
        channel="hotline",
        worker_name="职工",
        employer="某公司",
        description="争议",
        workers_involved=workers,
        opened_on=opened,
    )
    if close:
        services.case_close(actor=actor or world.province_staff, case_id=case.pk, **close)
    return case


@pytest.fixture
def cases(world):
    _case(
        world,
        world.grassroots,
        date(2022, 3, 1),
        workers=6,
        outcome="mediated",
        amount_recovered=42_000_00,
        closed_on=date(2022, 3, 10),
    )
    _case(
        world,
        world.county,
        date(2022, 5, 1),
        kind="injury",
        outcome="awarded",
        amount_recovered=98_765_43,
        closed_on=date(2022, 9, 1),
    )
    _case(world, world.sibling, date(2022, 6, 1), kind="gig_platform", workers=12)
    _case(
        world,
        world.county,
        date(2022, 7, 1),
        kind="dismissal",
        outcome="advised",
        closed_on=date(2022, 7, 2),
    )
    # opened in 2021, closed in 2022: counted among the closed of 2022, not the taken
    _case(
        world,
        world.county,
        date(2021, 12, 1),
        outcome="mediated",
        amount_recovered=1_000_00,
        closed_on=date(2022, 1, 5),
    )
    _case(world, world.county, date(2021, 6, 1))
    _case(world, world.other_grassroots, date(2022, 3, 1), actor=world.outsider)
    return world


def independent(path: str, start: date, end: date) -> dict[str, int]:
    """Each rights figure, counted in Python from every row."""
    rows = list(RightsCase.objects.select_related("union"))
    mine = [c for c in rows if c.union.path.startswith(path)]
    taken = [c for c in mine if start <= c.opened_on <= end]
    closed = [c for c in mine if c.status == "closed" and start <= c.closed_on <= end]
    out = {
        "rights.cases": len(taken),
        "rights.cases_workers": sum(c.workers_involved for c in taken),
        "rights.cases_closed": len(closed),
        "rights.recovered": sum(c.amount_recovered for c in closed),
        "rights.cases_upheld": sum(c.outcome in ("mediated", "awarded") for c in closed),
    }
    for c in taken:
        out.setdefault(f"rights.cases.by_kind.{c.kind}", 0)
        out[f"rights.cases.by_kind.{c.kind}"] += 1
        out.setdefault(f"rights.cases.by_channel.{c.channel}", 0)
        out[f"rights.cases.by_channel.{c.channel}"] += 1
    for c in closed:
        out.setdefault(f"rights.cases_closed.by_outcome.{c.outcome}", 0)
        out[f"rights.cases_closed.by_outcome.{c.outcome}"] += 1
    return out


def test_every_rights_figure_equals_the_rows(cases):
    # Democratic management's figures count enterprises, not cases: test_democracy.py
    # checks them against their own rows.
    keys = [
        k for k in REGISTRY if k.startswith("rights.") and not k.startswith("rights.democracy.")
    ]
    assert len(keys) >= 20
    for org in (cases.province, cases.county, cases.sibling, cases.other_province):
        truth = independent(org.path, YEAR.start, YEAR.end)
        for key in keys:
            assert REGISTRY[key].value(org.path, YEAR) == truth.get(key, 0), (org.name, key)
    truth = independent(cases.province.path, YEAR.start, YEAR.end)
    assert truth["rights.cases"] == 4 and truth["rights.cases_closed"] == 4
    assert truth["rights.recovered"] == 42_000_00 + 98_765_43 + 1_000_00


def _rights_sentences(content):
    return [
        s
        for sec in content["sections"]
        for p in sec["paragraphs"]
        for s in p["sentences"]
        if any(k.startswith("rights.") for k in s["figures"])
    ]


def test_the_summary_writes_the_rights_paragraph_from_the_figures(cases):
    content = summary.summary_compose(
        actor=cases.province_staff, org_id=cases.province.pk, year=2022, lang="zh-hans"
    )
    sentences = _rights_sentences(content)
    assert [s["text"] for s in sentences] == [
        "2022年，全省各级工会健全劳动争议调解对接、诉调对接工作机制，受理职工维权案件4件，"
        "涉及职工20人，其中拖欠工资案件1件、解除劳动关系案件1件、工伤案件1件、"
        "新就业形态平台用工纠纷1件。",
        "全年办结维权案件4件，其中调解成功2件、经仲裁诉讼获得支持1件，"
        "为职工追回经济损失14.18万元。",
    ]
    truth = independent(cases.province.path, YEAR.start, YEAR.end)
    figures = {f["key"]: f for f in content["figures"]}
    checked = 0
    for sentence in sentences:
        for key in sentence["figures"]:
            assert figures[key]["value"] == truth[key], key
            assert figures[key]["written"] in sentence["text"]
            checked += 1
    assert checked == 10
    assert numstyle.money(truth["rights.recovered"]) == "14.18万元"


def test_the_rights_paragraph_in_english_and_for_a_county(cases):
    en = summary.summary_compose(
        actor=cases.province_staff, org_id=cases.province.pk, year=2022, lang="en"
    )
    texts = [s["text"] for s in _rights_sentences(en)]
    assert texts[0].startswith("In 2022, unions at all levels across")
    assert "took up 4 rights cases for workers concerning 20 workers" in texts[0]
    assert texts[1].startswith("4 cases were closed, 2 settled by mediation and 1 won at")
    county = summary.summary_compose(
        actor=cases.county_staff, org_id=cases.county.pk, year=2022, lang="zh-hans"
    )
    truth = independent(cases.county.path, YEAR.start, YEAR.end)
    figures = {f["key"]: f["value"] for f in county["figures"]}
    for sentence in _rights_sentences(county):
        for key in sentence["figures"]:
            assert figures[key] == truth[key]
    assert truth["rights.cases"] == 3  # the sibling county's case is not the county's


def test_no_cases_no_sentence(world):
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    assert _rights_sentences(content) == []


def test_demo_cases_for_2022(world):
    from ..factories import make_member

    make_member(world.grassroots, "演示会员", user=world.member)
    counts = demo.build_demo("small", seed=4)
    assert counts["rights cases"] == 2 * 20 + 2  # two counties, and the demo member's two
    assert RightsCase.objects.filter(worker=world.member).count() == 2
    truth = independent(world.province.path, YEAR.start, YEAR.end)
    assert REGISTRY["rights.cases"].value(world.province.path, YEAR) == truth["rights.cases"]
    assert (
        REGISTRY["rights.recovered"].value(world.province.path, YEAR) == truth["rights.recovered"]
    )
    assert truth["rights.recovered"] > 0 and truth["rights.cases_closed"] > 30
    assert not RightsCase.objects.filter(opened_on__year=2022, union=world.other_grassroots)
    first = list(RightsCase.objects.order_by("pk").values_list("kind", "opened_on", "outcome"))
    from gonghui.rights.models import CollectiveContract, CollectiveOffer, OfferCampaign

    for model in (Mediation, Mediator, MediationCentre, LegalEvent, RightsCase):
        model.objects.all().delete()
    for model in (CollectiveContract, CollectiveOffer, OfferCampaign):  # one campaign a year
        model.objects.all().delete()
    demo.build_demo("small", seed=4)
    again = list(RightsCase.objects.order_by("pk").values_list("kind", "opened_on", "outcome"))
    assert first == again
