"""Figures and the annual summary's 助力发展 sentences: every number written equals a count
over the records made independently here; the demo builds a 2022 that obeys every rule."""

from datetime import date

import pytest
from django.db.models import Sum

from gonghui.accounts.models import RoleKind
from gonghui.competitions import demo, services
from gonghui.competitions.models import (
    Competition,
    Contestant,
    Event,
    LibraryStatus,
    Participation,
    TrainingSession,
)
from gonghui.core import numstyle
from gonghui.core.figures import REGISTRY, Period
from gonghui.reports import rollups, summary
from gonghui.reports.selectors import figure_values
from tests.factories import EnterpriseFactory, make_user

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _development(content) -> str:
    sections = {s["key"]: s for s in content["sections"]}
    assert "development" in sections, [s["key"] for s in content["sections"]]
    return "".join(s["text"] for p in sections["development"]["paragraphs"] for s in p["sentences"])


@pytest.fixture
def year_2022(world):
    """A small 2022 made through the services, maker and checker apart."""
    checker = make_user("province_checker", RoleKind.FEDERATION_STAFF, world.province)
    staff = world.province_staff
    ents = [EnterpriseFactory(keeper=world.township, employees=300 + i) for i in range(5)]
    ents.append(world.enterprise)
    labour = services.competition_create(
        actor=staff,
        union_id=world.city.pk,
        kind="labour",
        title="沈阳市劳动竞赛",
        theme="建功“十四五”、奋进新征程",
        starts_on=date(2022, 3, 1),
        ends_on=date(2022, 11, 30),
    )
    services.library_propose(actor=staff, competition_id=labour.pk)
    services.library_decide(
        actor=checker, competition_id=labour.pk, listed=True, on=date(2022, 6, 30)
    )
    for i, e in enumerate(ents):
        services.participation_record(
            actor=staff, competition_id=labour.pk, enterprise_id=e.pk, workers=1000 + i
        )
    ankang = services.competition_create(
        actor=staff,
        union_id=world.county.pk,
        kind="ankang",
        title="安康杯",
        starts_on=date(2022, 4, 1),
        ends_on=date(2023, 12, 31),
    )
    for e in ents[:2]:
        services.participation_record(
            actor=staff, competition_id=ankang.pk, enterprise_id=e.pk, workers=5000
        )
    skills = services.competition_create(
        actor=staff,
        union_id=world.province.pk,
        kind="skills",
        title="职工技能大赛",
        starts_on=date(2022, 4, 1),
        ends_on=date(2022, 10, 31),
    )
    for n, trade in enumerate(["焊工", "车工", "电工"]):
        event = services.event_create(
            actor=staff,
            competition_id=skills.pk,
            trade=trade,
            round="province",
            held_on=date(2022, 9, 10 + n),
            participants=50,
        )
        for k in range(3):
            c = services.contestant_add(actor=staff, event_id=event.pk, name=f"选手{n}{k}")
            services.contestant_review(actor=checker, contestant_id=c.pk, accept=k < 2, note="不符")
            if k == 0:
                services.contestant_result(
                    actor=checker, contestant_id=c.pk, rank=1, title="技术能手"
                )
    city_contest = services.competition_create(
        actor=staff,
        union_id=world.city.pk,
        kind="skills",
        title="沈阳市技能大赛",
        starts_on=date(2022, 4, 1),
        ends_on=date(2022, 10, 31),
        parent_id=skills.pk,
    )
    services.event_create(
        actor=staff,
        competition_id=city_contest.pk,
        trade="焊工",
        round="city",
        held_on=date(2022, 6, 1),
        participants=12_345,
    )
    for i, e in enumerate(ents[:4]):
        s = services.training_record(
            actor=staff,
            union_id=world.county.pk,
            enterprise_id=e.pk,
            kind="on_site" if i < 3 else "apprentice",
            course="数控车床操作",
            held_on=date(2022, 7, 1),
            trainees=200 + i,
            subsidy=1_000_000 * (i + 1),
        )
        services.training_review(actor=checker, session_id=s.pk, approve=i != 2)
    # a session not yet approved and one of 2021: neither counts in 2022
    services.training_record(
        actor=staff,
        union_id=world.county.pk,
        enterprise_id=ents[4].pk,
        kind="on_site",
        course="焊接",
        held_on=date(2022, 8, 1),
        trainees=999,
    )
    return world


def _independent(world) -> dict[str, int]:
    """The numbers counted straight from the tables, not through the registry."""
    y = {"competition__starts_on__year": 2022}
    labour = Participation.objects.filter(competition__kind__in=["labour", "skills"], **y)
    ankang = Participation.objects.filter(competition__kind="ankang", **y)
    approved = TrainingSession.objects.filter(status="approved", held_on__year=2022)
    on_site = approved.filter(kind="on_site")
    return {
        "competitions.enterprises": labour.count(),
        "competitions.workers": labour.aggregate(s=Sum("workers"))["s"],
        "competitions.library": Competition.objects.filter(
            library_status=LibraryStatus.LISTED, library_decided_on__year=2022
        ).count(),
        "competitions.final_trades": Event.objects.filter(
            round="province", held_on__year=2022
        ).count(),
        "competitions.final_contestants": Contestant.objects.filter(
            event__round="province", status="accepted"
        ).count(),
        "competitions.events": Event.objects.filter(held_on__year=2022).count(),
        "competitions.event_participants": Event.objects.aggregate(s=Sum("participants"))["s"],
        "competitions.titled": Contestant.objects.exclude(title="").count(),
        "competitions.ankang.enterprises": ankang.count(),
        "competitions.ankang.workers": ankang.aggregate(s=Sum("workers"))["s"],
        "competitions.training.on_site": on_site.count(),
        "competitions.training.on_site_trainees": on_site.aggregate(s=Sum("trainees"))["s"],
        "competitions.training.trainees": approved.aggregate(s=Sum("trainees"))["s"],
        "competitions.training.subsidy": approved.aggregate(s=Sum("subsidy"))["s"],
    }


def test_figures_equal_independent_counts_live_and_from_rollups(year_2022, monkeypatch):
    world = year_2022
    expected = _independent(world)
    assert expected["competitions.enterprises"] == 6
    assert expected["competitions.training.on_site"] == 2  # one rejected, one waiting
    for key, value in expected.items():
        assert REGISTRY[key].value(world.province.path, YEAR) == value, key
        assert REGISTRY[key].path_field, key
    # the sibling county sees none of it; the county only what is under it
    assert REGISTRY["competitions.enterprises"].value(world.sibling.path, YEAR) == 0
    assert (
        REGISTRY["competitions.training.trainees"].value(world.county.path, YEAR)
        == (expected["competitions.training.trainees"])
    )
    # a closed year read from the roll-ups gives the same numbers (the roll-up counts these
    # figures, not all ~400: 12 s -> 1.4 s; tests/reports/test_rollups.py counts every one)
    monkeypatch.setattr(rollups, "REGISTRY", {key: REGISTRY[key] for key in expected})
    assert rollups.refresh(2022) > 0
    values = figure_values(actor=world.province_staff, org_id=world.province.pk, period=YEAR)
    for key, value in expected.items():
        assert values[key] == value, key


def test_summary_development_section_in_three_languages(year_2022):
    world = year_2022
    expected = _independent(world)
    values = figure_values(actor=world.province_staff, org_id=world.province.pk, period=YEAR)
    zh = summary.compose(world.province, YEAR, values, "zh-hans")
    text = _development(zh)
    assert "2022年，全省各级工会广泛开展劳动和技能竞赛，参与企业6家" in text  # after the lead
    assert "纳入全省劳动和技能竞赛项目库" in text and "“送技能进企业”" in text
    assert "“安康杯”" in text
    written = {f["key"]: f["written"] for f in zh["figures"] if f["used"]}
    for key, value in expected.items():
        assert key in written, key
        parsed = numstyle.parse(written[key])
        if key == "competitions.training.subsidy":
            assert parsed.value * 100 == value, key
        elif parsed.approximate:
            assert parsed.value <= value, key
        else:
            assert parsed.value == value, key
        assert written[key] in text, key
    hant = _development(summary.compose(world.province, YEAR, values, "zh-hant"))
    assert "勞動和技能競賽" in hant and "參與企業6家" in hant
    en = _development(summary.compose(world.province, YEAR, values, "en"))
    assert "labour and skills competitions" in en and "6 enterprises took part" in en
    assert "Ankang Cup" in en


def test_no_record_no_sentence(world):
    values = figure_values(actor=world.province_staff, org_id=world.province.pk, period=YEAR)
    content = summary.compose(world.province, YEAR, values, "zh-hans")
    assert "development" not in {s["key"] for s in content["sections"]} or not any(
        "竞赛" in s["text"]
        for sec in content["sections"]
        if sec["key"] == "development"
        for p in sec["paragraphs"]
        for s in p["sentences"]
    )


def test_demo_on_the_test_world_keeps_every_rule(world):
    for i in range(90):
        EnterpriseFactory(keeper=world.township if i % 2 else world.sibling, employees=50 + i)
    counts = demo.build_demo("small", seed=4)
    t = demo.SCALES["small"]
    assert counts["contestants"] == Contestant.objects.count() == t.final_contestants
    value = lambda key: REGISTRY[key].value(world.province.path, YEAR)  # noqa: E731
    assert value("competitions.enterprises") == t.enterprises
    assert value("competitions.workers") == t.workers
    assert value("competitions.library") == t.library
    assert value("competitions.final_trades") == t.final_trades
    assert value("competitions.events") == t.events
    assert value("competitions.event_participants") >= t.event_participants
    assert value("competitions.training.on_site") == t.on_site
    assert value("competitions.training.on_site_trainees") == t.on_site_trainees
    assert value("competitions.training.subsidy") == t.subsidy_fen
    assert value("competitions.ankang.workers") == t.ankang_workers
    # every participation's enterprise lies under its competition's organizer
    for p in Participation.objects.select_related("competition__union", "enterprise__keeper"):
        assert p.enterprise.keeper.path.startswith(p.competition.union.path)
    first = list(Participation.objects.order_by("pk").values_list("enterprise", "workers"))
    for model in (Contestant, Event, Participation, TrainingSession):
        model.objects.all().delete()
    Competition.objects.filter(parent__isnull=False).delete()
    Competition.objects.all().delete()
    demo.build_demo("small", seed=4)
    again = list(Participation.objects.order_by("pk").values_list("enterprise", "workers"))
    assert first == again
