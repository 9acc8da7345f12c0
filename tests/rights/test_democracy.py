"""Democratic management (职代会、厂务公开、职工董事监事、示范单位): sessions and resolutions
set an enterprise's congress system; bad input (attendance above the delegates, a held
session in the future, a score out of range…) is refused and writes nothing; coverage
rates by size and ownership drill down to their enterprises; the summary speaks as seed 004."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.orgs.models import Enterprise, Ownership, Size
from gonghui.rights import selectors_democracy as selectors
from gonghui.rights import services_democracy as services
from gonghui.rights.models import (
    Assessment,
    CongressSession,
    DemocracyProfile,
    DemonstrationUnit,
    OpennessItem,
    WorkerBoardMember,
)
from tests.factories import EnterpriseFactory
from tests.rights.dates import days_from_today, on_the_day

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _session(world, actor=None, **changes):
    fields = {
        "enterprise_id": world.enterprise.pk,
        "term": 3,
        "number": 1,
        "kind": "regular",
        "status": "held",
        "held_on": date(2022, 3, 15),
        "delegates": 120,
        "attendance": 112,
    }
    fields.update(changes)
    return services.session_record(actor=actor or world.county_staff, **fields)


def _counts():
    return (
        CongressSession.objects.count(),
        DemocracyProfile.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_held_session_sets_up_the_congress_system_and_its_resolutions_are_followed(world):
    session = _session(world)
    assert session.label == "第3届职代会第1次会议" and session.quorum
    profile = DemocracyProfile.objects.get(enterprise=world.enterprise)
    assert profile.congress_since == date(2022, 3, 15) and profile.openness_since is None
    resolution = services.resolution_add(
        actor=world.county_staff, session_id=session.pk, title="审议通过工资集体协商方案"
    )
    resolution = services.resolution_follow_up(
        actor=world.county_staff,
        resolution_id=resolution.pk,
        follow_up="done",
        note="已签订",
        on=date(2022, 5, 1),
    )
    assert (resolution.follow_up, resolution.done_on) == ("done", date(2022, 5, 1))
    assert AuditEvent.objects.filter(action="resolution_follow_up").count() == 1


def test_a_planned_session_is_held_later_and_only_once(world):
    today = date.today()
    ahead = today + timedelta(days=30)
    session = _session(world, status="planned", held_on=ahead, attendance=None)
    assert not DemocracyProfile.objects.filter(congress_since__isnull=False).exists()
    # A planned session adopts nothing yet; held on its planned day it cannot be (ahead).
    with pytest.raises(ServiceError) as err:
        services.resolution_add(actor=world.county_staff, session_id=session.pk, title="决议")
    assert err.value.code == "session_held"
    with pytest.raises(ServiceError) as err:
        services.session_held(actor=world.county_staff, session_id=session.pk, attendance=100)
    assert "held_on" in err.value.fields
    with pytest.raises(ServiceError) as err:
        services.session_held(
            actor=world.county_staff, session_id=session.pk, attendance=121, held_on=today
        )
    assert "attendance" in err.value.fields
    assert CongressSession.objects.get(pk=session.pk).status == "planned"
    services.session_held(
        actor=world.county_staff, session_id=session.pk, attendance=100, held_on=today
    )
    assert DemocracyProfile.objects.get().congress_since == today
    with pytest.raises(ServiceError) as err:
        services.session_held(
            actor=world.county_staff, session_id=session.pk, attendance=100, held_on=today
        )
    assert err.value.code == "session_held"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"attendance": 121}, "attendance"),  # more attending than the congress has
        ({"held_on": days_from_today(2)}, "held_on"),  # held, in the future
        ({"held_on": None}, "held_on"),
        ({"delegates": 0}, "delegates"),
        ({"delegates": 10_001}, "delegates"),
        ({"term": 0}, "term"),
        ({"kind": "annual"}, "kind"),
        ({"status": "cancelled"}, "status"),
        ({"status": "planned", "attendance": 50}, "attendance"),
        ({"attendance": -1}, "attendance"),
        ({"agenda": "议" * 501}, "agenda"),
    ],
)
def test_bad_sessions_write_nothing(world, changes, field):
    changes = on_the_day(changes)
    before = _counts()
    with pytest.raises(ServiceError) as err:
        _session(world, **changes)
    assert field in err.value.fields
    assert _counts() == before


def test_a_session_number_is_recorded_once_and_only_where_the_union_writes(world):
    _session(world)
    before = _counts()
    with pytest.raises(ServiceError) as err:
        _session(world, held_on=date(2022, 4, 1))
    assert err.value.code == "session_duplicate"
    with pytest.raises(Http404):
        _session(world, actor=world.sibling_staff, number=2)
    with pytest.raises(Http404):
        _session(world, actor=world.auditor, number=2)
    assert _counts() == before


def test_openness_items_set_up_openness_and_refuse_bad_input(world):
    today = date.today()
    item = services.openness_publish(
        actor=world.county_staff,
        enterprise_id=world.enterprise.pk,
        topic="wages",
        title="2022年度工资调整方案",
        year=2022,
        period="year",
        medium="board",
        published_on=date(2022, 2, 1),
    )
    assert DemocracyProfile.objects.get().openness_since == item.published_on
    for changes, field in [
        ({"year": 1900}, "year"),
        ({"period": "q5"}, "period"),
        ({"medium": "radio"}, "medium"),
        ({"title": ""}, "title"),
        ({"published_on": today + timedelta(days=2)}, "published_on"),
    ]:
        fields = {
            "enterprise_id": world.enterprise.pk,
            "topic": "wages",
            "title": "方案",
            "year": 2022,
            "period": "h1",
            "medium": "board",
            **changes,
        }
        with pytest.raises(ServiceError) as err:
            services.openness_publish(actor=world.county_staff, **fields)
        assert field in err.value.fields
    assert OpennessItem.objects.count() == 1


def test_worker_directors_serve_a_term_and_leave_once(world):
    today = date.today()

    def elect(**changes):
        fields = {
            "enterprise_id": world.enterprise.pk,
            "seat": "director",
            "name": "王建华",
            "elected_on": date(2022, 3, 15),
            "term_ends": date(2025, 3, 14),
        }
        return services.board_member_elect(actor=world.county_staff, **{**fields, **changes})

    for changes, field in [
        ({"term_ends": date(2022, 3, 1)}, "term_ends"),
        ({"seat": "chairman"}, "seat"),
        ({"name": " "}, "name"),
        ({"elected_on": today + timedelta(days=3)}, "elected_on"),
    ]:
        with pytest.raises(ServiceError) as err:
            elect(**changes)
        assert field in err.value.fields
    assert not WorkerBoardMember.objects.exists()
    member = elect()
    with pytest.raises(ServiceError) as err:
        services.board_member_leave(
            actor=world.county_staff, member_id=member.pk, left_on=date(2021, 1, 1)
        )
    assert "left_on" in err.value.fields
    services.board_member_leave(actor=world.county_staff, member_id=member.pk)
    with pytest.raises(ServiceError) as err:
        services.board_member_leave(actor=world.county_staff, member_id=member.pk)
    assert err.value.code == "board_member_left"


def test_assessment_scores_decide_the_title_and_are_checked(world):
    today = date.today()
    unit = services.unit_name(
        actor=world.province_staff,
        enterprise_id=world.enterprise.pk,
        kind="advanced",
        named_on=date(2018, 11, 20),
    )
    with pytest.raises(ServiceError) as err:
        services.unit_name(
            actor=world.province_staff, enterprise_id=world.enterprise.pk, kind="advanced"
        )
    assert err.value.code == "title_held"
    before = (Assessment.objects.count(), AuditEvent.objects.count())
    for changes, field in [
        ({"score": 101}, "score"),
        ({"score": -5}, "score"),
        ({"score": "90"}, "score"),
        ({"year": 2017}, "year"),  # before the unit was named
        ({"year": 10_000}, "year"),
        ({"assessed_on": today + timedelta(days=2)}, "assessed_on"),
    ]:
        fields = {"unit_id": unit.pk, "year": 2022, "score": 90, **changes}
        with pytest.raises(ServiceError) as err:
            services.assessment_record(actor=world.province_staff, **fields)
        assert field in err.value.fields
    assert (Assessment.objects.count(), AuditEvent.objects.count()) == before
    kept = services.assessment_record(
        actor=world.province_staff, unit_id=unit.pk, year=2022, score=80
    )
    assert kept.result == "kept"
    assert services.result_for(79) == "rectify" and services.result_for(59) == "revoked"
    with pytest.raises(ServiceError) as err:
        services.assessment_record(actor=world.province_staff, unit_id=unit.pk, year=2022, score=95)
    assert err.value.code == "assessed"


def _enterprises(world):
    """Four enterprises at the township: two large state-owned, one small and one micro
    private; the large ones have a congress, one of them worker directors."""
    large = [
        EnterpriseFactory(keeper=world.township, size=Size.LARGE, ownership=Ownership.STATE)
        for _ in range(2)
    ]
    small = EnterpriseFactory(keeper=world.township, size=Size.SMALL)
    micro = EnterpriseFactory(keeper=world.township, size=Size.MICRO)
    for e in large:
        _session(world, enterprise_id=e.pk)
    services.openness_publish(
        actor=world.county_staff,
        enterprise_id=large[0].pk,
        topic="wages",
        title="工资方案",
        year=2022,
        period="year",
        medium="board",
        published_on=date(2022, 6, 1),
    )
    services.board_member_elect(
        actor=world.county_staff,
        enterprise_id=large[0].pk,
        seat="director",
        name="李秀梅",
        elected_on=date(2022, 3, 15),
        term_ends=date(2025, 3, 14),
    )
    return large, small, micro


def test_coverage_rates_by_size_and_ownership_drill_down(world):
    large, small, micro = _enterprises(world)
    path = world.province.path
    value = lambda key, p=path: REGISTRY[key].value(p, YEAR)  # noqa: E731
    # world.enterprise (small, private) counts too: five enterprises in all.
    assert value("rights.democracy.enterprises") == 5
    assert value("rights.democracy.congress") == 2
    assert value("rights.democracy.congress.by_size.large") == 2
    assert value("rights.democracy.enterprises.by_size.large") == 2
    assert value("rights.democracy.congress.by_size.small") == 0
    assert value("rights.democracy.congress.by_ownership.state") == 2
    assert value("rights.democracy.openness") == 1
    assert value("rights.democracy.directors") == 1
    assert value("rights.democracy.congress", world.sibling.path) == 0
    # A system set up after the period does not count in it.
    assert (
        REGISTRY["rights.democracy.congress"].value(
            path, Period(date(2021, 1, 1), date(2021, 12, 31))
        )
        == 0
    )
    rows = REGISTRY["rights.democracy.directors"].records(path, YEAR)
    assert list(rows.values_list("pk", flat=True)) == [large[0].pk]
    end = date(2022, 12, 31)  # the director's term ends in 2025
    by_size = {r.key: r for r in selectors.coverages(actor=world.county_staff, on=end)["size"]}
    assert (by_size["large"].congress_rate, by_size["large"].directors_rate) == ("100.0%", "50.0%")
    assert by_size[""].enterprises == 5 and by_size[""].congress_rate == "40.0%"
    # The page's table agrees with the figures of the year it ends (enterprises without a
    # profile counted, not dropped by the profile's join).
    total = by_size[""]
    assert (total.congress, total.openness, total.directors) == (
        value("rights.democracy.congress"),
        value("rights.democracy.openness"),
        value("rights.democracy.directors"),
    )
    assert selectors.coverages(actor=world.sibling_staff)["size"][-1].enterprises == 0


def test_figures_and_summary_speak_as_seed_004(world):
    from gonghui.reports import summary

    large, small, micro = _enterprises(world)
    session = CongressSession.objects.filter(enterprise=large[0]).get()
    r = services.resolution_add(actor=world.county_staff, session_id=session.pk, title="决议一")
    services.resolution_follow_up(
        actor=world.county_staff, resolution_id=r.pk, follow_up="done", on=date(2022, 6, 1)
    )
    services.resolution_add(actor=world.county_staff, session_id=session.pk, title="决议二")
    for enterprise, kind, named in [
        (large[0], "advanced", date(2015, 11, 1)),
        (large[1], "advanced", date(2016, 11, 1)),
        (large[0], "model", date(2019, 11, 1)),
        (small, "quality", date(2022, 10, 28)),
    ]:
        unit = services.unit_name(
            actor=world.province_staff, enterprise_id=enterprise.pk, kind=kind, named_on=named
        )
        services.assessment_record(
            actor=world.province_staff,
            unit_id=unit.pk,
            year=2022,
            score=90,
            assessed_on=date(2022, 10, 1),
        )
    path = world.province.path
    assert REGISTRY["rights.democracy.sessions"].value(path, YEAR) == 2
    assert REGISTRY["rights.democracy.sessions_attendance"].value(path, YEAR) == 224
    assert REGISTRY["rights.democracy.resolutions"].value(path, YEAR) == 2
    assert REGISTRY["rights.democracy.resolutions_done"].value(path, YEAR) == 1
    assert REGISTRY["rights.democracy.assessed.by_kind.advanced"].value(path, YEAR) == 2
    assert REGISTRY["rights.democracy.units_named.by_kind.quality"].value(path, YEAR) == 1
    assert REGISTRY["rights.democracy.units.by_kind.advanced"].value(path, YEAR) == 2
    assert REGISTRY["rights.democracy.assessed_score"].value(path, YEAR) == 360

    def sentences(lang):
        content = summary.summary_compose(
            actor=world.province_staff, org_id=world.province.pk, year=2022, lang=lang
        )
        return [
            s["text"]
            for sec in content["sections"]
            for p in sec["paragraphs"]
            for s in p["sentences"]
            if any(f.startswith("rights.democracy") for f in s["figures"])
        ]

    zh = sentences("zh-hans")
    assert zh[0].endswith(
        "对2个全国厂务公开民主管理先进单位、1家示范单位进行复查，"
        "选树全省企业厂务公开民主管理工作质量评估示范点1个。"
    )
    assert zh[1].startswith("全省企事业单位职代会、厂务公开、职工董事、职工监事等制度建设扎实推进")
    assert "职代会建制率40%" in zh[1] and "职工董事建制率20%" in zh[1]
    assert "召开职代会2次，审议通过决议2项，已落实1项" in zh[2]
    assert "选举产生职工董事1名" in zh[2]
    en = sentences("en")
    assert "re-checked 2 national advanced units and 1 model unit" in en[0]
    assert "workers' congresses 40%" in en[1]
    hant = sentences("zh-hant")
    assert "職代會" in hant[1]


def test_pages_api_and_exports(world, as_user):
    today = date.today()
    large, small, micro = _enterprises(world)
    client = as_user(world.county_staff)
    page = client.get("/rights/democracy/?size=large&on=2022-12-31").content.decode()
    assert page.count("data-id=") == 2 and "100.0%" in page and "50.0%" in page
    page = client.get("/rights/democracy/?congress=false").content.decode()
    assert page.count("data-id=") == 3
    response = client.get("/rights/democracy/?export=csv&size=large")
    export = b"".join(response.streaming_content).decode("utf-8-sig")
    assert large[0].name in export and small.name not in export
    assert "/rights/democracy/" in client.get("/rights/letters/").content.decode()  # the tab
    sessions = client.get("/rights/democracy/sessions/").content.decode()
    assert sessions.count("data-id=") == 2
    # A bad form: attendance above the delegates; nothing written, the reason shown.
    before = CongressSession.objects.count()
    response = client.post(
        "/rights/democracy/sessions/new/",
        {
            "enterprise": small.pk,
            "term": 1,
            "number": 1,
            "kind": "regular",
            "status": "held",
            "held_on": "2022-04-01",
            "delegates": 50,
            "attendance": 60,
        },
    )
    assert response.status_code == 400 and CongressSession.objects.count() == before
    response = client.get("/api/v1/rights/democracy/coverage")
    rows = {r["key"]: r for r in response.json()["by_size"]}
    assert rows["large"]["congress_rate"] == "100.0%"
    response = client.post(
        "/api/v1/rights/democracy/sessions",
        {
            "enterprise_id": small.pk,
            "term": 1,
            "number": 1,
            "kind": "regular",
            "held_on": (today + timedelta(days=10)).isoformat(),
            "status": "held",
            "delegates": 40,
            "attendance": 30,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and "held_on" in response.json()["fields"]
    unit = DemonstrationUnit.objects.create(
        enterprise=large[0], kind="advanced", named_on=date(2015, 1, 1)
    )
    response = client.post(
        f"/api/v1/rights/democracy/units/{unit.pk}/assessments",
        {"year": 2022, "score": 101},
        content_type="application/json",
    )
    assert response.status_code == 422 and not Assessment.objects.exists()
    response = client.post(
        f"/rights/democracy/units/{unit.pk}/assess/", {"year": 2022, "score": 85}
    )
    assert response.status_code == 302 and Assessment.objects.get().result == "kept"
    # The sibling county's staff see none of it.
    other = as_user(world.sibling_staff)
    assert other.get(f"/rights/democracy/units/{unit.pk}/").status_code == 404
    assert other.get("/rights/democracy/sessions/").content.decode().count("data-id=") == 0


def test_demo_names_the_seed_units(world):
    from gonghui.rights import demo_democracy

    for n in range(600):
        EnterpriseFactory(
            keeper=world.township,
            size=[Size.LARGE, Size.MEDIUM, Size.SMALL][n % 3],
            ownership=Ownership.STATE if n % 3 == 0 else Ownership.PRIVATE,
            employees=100 + n,
        )
    counts = demo_democracy.build_demo("small", seed=3)
    kinds = dict(
        DemonstrationUnit.objects.values_list("kind").annotate(
            n=__import__("django").db.models.Count("pk")
        )
    )
    assert kinds == {"advanced": 114, "model": 12, "quality": 240}
    assert counts["demonstration assessments"] == 366
    path = world.province.path
    assert REGISTRY["rights.democracy.assessed.by_kind.advanced"].value(path, YEAR) == 114
    assert REGISTRY["rights.democracy.units_named.by_kind.quality"].value(path, YEAR) == 240
    whole = REGISTRY["rights.democracy.enterprises"].value(path, YEAR)
    assert 0 < REGISTRY["rights.democracy.congress"].value(path, YEAR) < whole

    # A demo is looked at years after 2022: the seats filled then are still filled, by
    # successive terms.
    def seated(on):
        boards = selectors.with_systems(Enterprise.objects.all(), on)
        return boards.filter(has_directors=True).count()

    assert seated(date(2022, 12, 31)) > 0
    assert seated(date(2026, 12, 1)) == seated(date(2022, 12, 31))
    # The same seed writes the same rows.
    first = list(CongressSession.objects.order_by("pk").values_list("enterprise_id", "attendance"))
    assert first and counts["congress sessions"] == len(first)
