"""Mass innovation: results and proposals with review and adoption, use and revenue,
studios through review, 公示 and naming, bad input, the worker's proposals, figures and the
annual summary's sentences equal to independent counts, and the demo."""

import json
from datetime import date, timedelta

import pytest
from django.db.models import Sum

from gonghui.accounts.models import RoleKind
from gonghui.core import numstyle
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.innovation import demo, services
from gonghui.innovation.codes import Code
from gonghui.innovation.models import (
    Coverage,
    MentoringPair,
    Result,
    ResultStatus,
    Studio,
    StudioMember,
    StudioStatus,
)
from gonghui.reports import summary
from gonghui.reports.selectors import figure_values
from tests.factories import EnterpriseFactory, make_member, make_user

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _post(client, url, payload=None):
    return client.post(url, data=json.dumps(payload or {}), content_type="application/json")


@pytest.fixture
def checker(world):
    return make_user("province_checker", RoleKind.FEDERATION_STAFF, world.province)


def _counts():
    return (
        Result.objects.count(),
        Studio.objects.count(),
        Coverage.objects.count(),
        MentoringPair.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_result_is_adopted_by_another_and_put_into_use(world, as_user, checker):
    client = as_user(world.county_staff)
    r = _post(
        client,
        "/api/v1/innovation/results",
        {
            "union_id": world.grassroots.pk,
            "kind": "technical",
            "title": "轧机液压系统革新",
            "authors": "王海涛、李立新",
        },
    )
    assert r.status_code == 201, r.content
    result_id = r.json()["id"]
    same = _post(client, f"/api/v1/innovation/results/{result_id}/review", {"adopt": True})
    assert same.status_code == 400 and same.json()["code"] == Code.SAME_PERSON
    early = _post(
        as_user(checker),
        f"/api/v1/innovation/results/{result_id}/in-use",
        {"in_use_on": "2022-08-01", "revenue": 100},
    )
    assert early.status_code == 400 and early.json()["code"] == Code.WRONG_STEP
    staff = as_user(checker)
    assert staff.post(f"/innovation/results/{result_id}/adopt/").status_code == 302
    r = staff.post(
        f"/innovation/results/{result_id}/in-use/",
        {"in_use_on": "2022-08-01", "revenue": "1,250,000.50"},
    )
    assert r.status_code == 302
    result = Result.objects.get(pk=result_id)
    assert (result.status, result.revenue) == (ResultStatus.ADOPTED, 125_000_050)


def test_bad_input_writes_nothing(world, as_user, checker):
    client = as_user(world.county_staff)
    before = _counts()
    for payload in (
        {"union_id": world.grassroots.pk, "kind": "poem", "title": "x", "authors": "y"},
        {"union_id": world.grassroots.pk, "kind": "proposal", "title": "", "authors": "y"},
        {"union_id": world.sibling.pk, "kind": "proposal", "title": "x", "authors": "y"},
    ):
        r = _post(client, "/api/v1/innovation/results", payload)
        assert r.status_code in (400, 404, 422), r.content
        assert r.json()["code"]
    r = _post(
        client,
        "/api/v1/innovation/coverage",
        {
            "union_id": world.county.pk,
            "enterprise_id": EnterpriseFactory(keeper=world.sibling).pk,
            "reported_on": "2022-06-01",
            "teams": 3,
            "workers": 40,
        },
    )
    assert r.status_code == 400 and "enterprise_id" in r.json()["fields"]
    future = (date.today() + timedelta(days=3)).isoformat()
    r = _post(
        client,
        "/api/v1/innovation/pairs",
        {
            "union_id": world.county.pk,
            "enterprise_id": world.enterprise.pk,
            "master": "王师傅",
            "apprentice": "小李",
            "paired_on": future,
        },
    )
    assert r.status_code == 400 and "paired_on" in r.json()["fields"]
    result = services.result_submit(
        actor=world.county_staff,
        union_id=world.grassroots.pk,
        kind="proposal",
        title="建议",
        authors="张伟",
    )
    before = _counts()
    with pytest.raises(ServiceError) as why:
        services.result_review(actor=checker, result_id=result.pk, adopt=False)
    assert "note" in why.value.fields
    assert _counts() == before


def test_a_worker_sends_a_proposal_and_sees_its_review(world, as_user, checker):
    worker = make_user("worker_p", phone="13900000088")
    make_member(world.grassroots, "刘春雨", user=worker)
    client = as_user(worker)
    r = client.post("/my/proposals/", {"title": "减少废料", "summary": "下料前先排样"})
    assert r.status_code == 302
    proposal = Result.objects.get(submitted_by=worker)
    assert proposal.union == world.grassroots and proposal.kind == "proposal"
    assert client.post("/my/proposals/", {"title": "", "summary": ""}).status_code == 400
    services.result_review(actor=checker, result_id=proposal.pk, adopt=False, note="已有同类措施")
    page = client.get("/my/proposals/").content.decode()
    assert "已有同类措施" in page and "减少废料" in page
    # a worker with no union cannot send one; staff pages stay closed to workers
    stranger = make_user("no_union_worker")
    assert (
        as_user(stranger).post("/my/proposals/", {"title": "a", "summary": "b"}).status_code == 400
    )
    assert as_user(worker).get("/innovation/").status_code == 404


def test_a_studio_is_named_after_review_and_public_notice(world, as_user, checker):
    studio = services.studio_apply(
        actor=world.county_staff,
        union_id=world.grassroots.pk,
        kind="studio",
        level="province",
        name="孟泰劳模创新工作室",
        leader="孟师傅",
    )
    assert studio.naming_union == world.province
    assert [(m.name, m.role) for m in studio.member_rows.all()] == [("孟师傅", "leader")]
    # the county cannot take it through the province's naming: it sees the studio, no step
    page = as_user(world.county_staff).get(f"/innovation/studios/{studio.pk}/").content.decode()
    assert "/review/" not in page
    with pytest.raises(ServiceError):
        services.studio_step(actor=world.county_staff, studio_id=studio.pk, step="review")
    with pytest.raises(ServiceError) as wrong:
        services.studio_step(actor=checker, studio_id=studio.pk, step="name")
    assert wrong.value.code == Code.WRONG_STEP
    services.studio_step(actor=checker, studio_id=studio.pk, step="review")
    start = date.today() - timedelta(days=10)
    services.studio_step(actor=checker, studio_id=studio.pk, step="notice", on=start)
    with pytest.raises(ServiceError) as early:
        services.studio_step(
            actor=checker, studio_id=studio.pk, step="name", on=start + timedelta(days=2)
        )
    assert early.value.code == Code.WRONG_STEP
    r = as_user(checker).post(f"/innovation/studios/{studio.pk}/name/")
    assert r.status_code == 302
    studio.refresh_from_db()
    assert studio.status == StudioStatus.NAMED and studio.named_on == date.today()
    # the applicant may not take their own application through
    own = services.studio_apply(
        actor=world.province_staff,
        union_id=world.grassroots.pk,
        kind="alliance",
        level="province",
        name="联盟",
    )
    with pytest.raises(ServiceError) as same:
        services.studio_step(actor=world.province_staff, studio_id=own.pk, step="review")
    assert same.value.code == Code.SAME_PERSON


def test_lists_pages_and_exports(world, as_user):
    services.result_submit(
        actor=world.county_staff,
        union_id=world.grassroots.pk,
        kind="technique",
        title="薄板焊接操作法",
        authors="赵师傅",
    )
    client = as_user(world.city_leader)
    assert "薄板焊接操作法" in client.get("/innovation/?kind=technique").content.decode()
    assert "薄板焊接操作法" not in client.get("/innovation/?kind=proposal").content.decode()
    items = client.get("/api/v1/innovation/results?kind=technique").json()["items"]
    assert [i["title"] for i in items] == ["薄板焊接操作法"]
    for url in ("/innovation/studios/", "/innovation/five-small/", "/innovation/pairs/"):
        assert client.get(url).status_code == 200
        assert client.get(url + "?export=csv").status_code == 200
    assert as_user(world.sibling_staff).get("/api/v1/innovation/results").json()["items"] == []


# ---- figures and the summary ------------------------------------------------------------------


@pytest.fixture
def year_2022(world, checker):
    staff = world.province_staff
    ents = [EnterpriseFactory(keeper=world.township) for _i in range(3)] + [world.enterprise]
    for i, e in enumerate(ents):
        services.coverage_record(
            actor=staff,
            union_id=world.county.pk,
            enterprise_id=e.pk,
            reported_on=date(2022, 11, 1),
            teams=10 + i,
            workers=200 + i,
        )
        services.pair_record(
            actor=staff,
            union_id=world.county.pk,
            enterprise_id=e.pk,
            master="王师傅",
            apprentice=f"徒弟{i}",
            paired_on=date(2022, 3, 1),
        )
    kinds = ["invention", "design", "technique", "technical", "proposal", "proposal", "proposal"]
    for n, kind in enumerate(kinds):
        r = services.result_submit(
            actor=staff, union_id=world.grassroots.pk, kind=kind, title=f"成果{n}", authors="某"
        )
        Result.objects.filter(pk=r.pk).update(submitted_on=date(2022, 5, 1))
        if n % 2 == 0:
            services.result_review(actor=checker, result_id=r.pk, adopt=True)
            services.result_in_use(
                actor=checker, result_id=r.pk, in_use_on=date(2022, 9, 1), revenue=1_000_000 * n
            )
    for kind in ("studio", "studio", "platform"):
        s = services.studio_apply(
            actor=staff, union_id=world.grassroots.pk, kind=kind, level="province", name=kind
        )
        services.studio_step(actor=checker, studio_id=s.pk, step="review", on=date(2022, 9, 1))
        services.studio_step(actor=checker, studio_id=s.pk, step="notice", on=date(2022, 9, 2))
        services.studio_step(actor=checker, studio_id=s.pk, step="name", on=date(2022, 9, 20))
    return world


def _independent() -> dict[str, int]:
    results = Result.objects.filter(submitted_on__year=2022)
    used = Result.objects.filter(in_use_on__year=2022, status="adopted")
    named = Studio.objects.filter(status="named", named_on__year=2022, level="province")
    return {
        "innovation.enterprises": Coverage.objects.filter(reported_on__year=2022).count(),
        "innovation.teams": Coverage.objects.aggregate(s=Sum("teams"))["s"],
        "innovation.workers": Coverage.objects.aggregate(s=Sum("workers"))["s"],
        "innovation.pairs": MentoringPair.objects.filter(paired_on__year=2022).count(),
        "innovation.five_small": results.filter(
            kind__in=["invention", "creation", "innovation", "design", "suggestion"]
        ).count(),
        "innovation.techniques": results.filter(kind="technique").count(),
        "innovation.technical": results.filter(kind="technical").count(),
        "innovation.proposals": results.filter(kind="proposal").count(),
        "innovation.proposals_adopted": results.filter(kind="proposal", status="adopted").count(),
        "innovation.in_use": used.count(),
        "innovation.revenue": used.aggregate(s=Sum("revenue"))["s"],
        "innovation.named.province.studio": named.filter(kind="studio").count(),
        "innovation.named.province.platform": named.filter(kind="platform").count(),
    }


def test_figures_and_summary_equal_independent_counts(year_2022):
    world = year_2022
    expected = _independent()
    assert expected["innovation.in_use"] == 4 and expected["innovation.proposals"] == 3
    for key, value in expected.items():
        assert REGISTRY[key].value(world.province.path, YEAR) == value, key
        assert REGISTRY[key].path_field
    values = figure_values(actor=world.province_staff, org_id=world.province.pk, period=YEAR)
    content = summary.compose(world.province, YEAR, values, "zh-hans")
    text = "".join(
        s["text"]
        for sec in content["sections"]
        if sec["key"] == "development"
        for p in sec["paragraphs"]
        for s in p["sentences"]
    )
    assert "开展“五小”创新活动，覆盖企业4家" in text
    assert "培育命名省级劳模和职工创新工作室2个" in text and "推动创新成果转化4个" in text
    written = {f["key"]: f["written"] for f in content["figures"] if f["used"]}
    for key, value in expected.items():
        parsed = numstyle.parse(written[key])
        assert (parsed.value * 100 if key == "innovation.revenue" else parsed.value) == value, key
        assert written[key] in text
    en = summary.compose(world.province, YEAR, values, "en")
    en_text = " ".join(
        s["text"] for sec in en["sections"] for p in sec["paragraphs"] for s in p["sentences"]
    )
    assert "five-small innovation activities covered 4 enterprises" in en_text
    hant = summary.compose(world.province, YEAR, values, "zh-hant")
    assert "“五小”創新活動" in json.dumps(hant, ensure_ascii=False)


def test_demo_on_the_test_world(world):
    for i in range(60):
        EnterpriseFactory(keeper=world.township if i % 2 else world.sibling, employees=40 + i)
    counts = demo.build_demo("small", seed=5)
    t = demo.SCALES["small"]
    value = lambda key: REGISTRY[key].value(world.province.path, YEAR)  # noqa: E731
    assert value("innovation.enterprises") == t.enterprises
    assert value("innovation.workers") == t.workers
    assert value("innovation.proposals") == t.proposals
    assert value("innovation.in_use") == t.in_use
    assert value("innovation.revenue") == t.revenue_fen
    assert value("innovation.named.province.studio") == 3
    assert counts["innovation results"] == Result.objects.count()
    # every studio has its leader among its members; the named ones are assessed for 2022
    named = Studio.objects.filter(status="named")
    assert value("innovation.studios.assessed") == named.count() == 11
    assert (
        value("innovation.studios.members")
        == StudioMember.objects.filter(studio__status="named").count()
    )
    assert not Studio.objects.exclude(member_rows__role="leader").exists()
    assert (
        Studio.objects.filter(alliance__isnull=False).exclude(alliance__kind="alliance").count()
        == 0
    )
    assert Result.objects.filter(studio__isnull=False).exists()
    # results in use are adopted, and none was put into use before it was submitted
    assert not Result.objects.filter(in_use_on__isnull=False).exclude(status="adopted").exists()
    for r in Result.objects.filter(in_use_on__isnull=False):
        assert r.in_use_on >= r.submitted_on
