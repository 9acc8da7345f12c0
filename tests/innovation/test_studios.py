"""Studios and platforms after naming (issue 14 item 4): their members (one 领办人), alliances,
results, the naming federation's yearly assessment with its refusals, revocation after two
不合格 in a row, the figures equal to independent counts and the summary's sentence."""

import json
from datetime import date

import pytest
from django.db.models import Q

from gonghui.accounts.models import RoleKind
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.innovation import services
from gonghui.innovation.codes import Action, Code
from gonghui.innovation.models import (
    Result,
    Studio,
    StudioAssessment,
    StudioMember,
    StudioStatus,
)
from gonghui.reports import summary
from gonghui.reports.selectors import figure_values
from tests.factories import make_member, make_user

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _post(client, url, payload=None):
    return client.post(url, data=json.dumps(payload or {}), content_type="application/json")


@pytest.fixture
def checker(world):
    return make_user("province_checker", RoleKind.FEDERATION_STAFF, world.province)


def _named(world, checker, name="孟泰劳模创新工作室", kind="studio", level="province", year=2022):
    studio = services.studio_apply(
        actor=world.county_staff,
        union_id=world.grassroots.pk,
        kind=kind,
        level=level,
        name=name,
        leader="孟师傅",
    )
    Studio.objects.filter(pk=studio.pk).update(
        status=StudioStatus.NAMED, named_on=date(year, 11, 18), decided_by=checker
    )
    return Studio.objects.get(pk=studio.pk)


def _counts():
    return (
        StudioMember.objects.count(),
        StudioAssessment.objects.count(),
        Studio.objects.filter(status=StudioStatus.REVOKED).count(),
        AuditEvent.objects.count(),
    )


def test_members_are_kept_by_the_studios_union_and_counted(world, as_user, checker):
    studio = _named(world, checker)
    client = as_user(world.county_staff)
    r = _post(client, f"/api/v1/innovation/studios/{studio.pk}/members", {"name": "李立新"})
    assert r.status_code == 201, r.content
    on_file = make_member(world.grassroots, "赵春雨")
    r = _post(
        client,
        f"/api/v1/innovation/studios/{studio.pk}/members",
        {"person_id": on_file.person_id},
    )
    assert r.status_code == 201 and r.json()["name"] == "赵春雨"
    before = _counts()
    for payload in (
        {"name": "王海涛", "role": "leader"},  # a second 领办人
        {"person_id": on_file.person_id},  # already in it
        {"name": ""},
        {"person_id": make_member(world.sibling_grassroots, "外单位").person_id},
    ):
        r = _post(client, f"/api/v1/innovation/studios/{studio.pk}/members", payload)
        assert r.status_code in (400, 422), (payload, r.content)
        assert r.json()["code"]
    assert _counts() == before
    # a sibling county sees nothing; the city leader reads but does not keep it
    assert _post(
        as_user(world.sibling_staff), f"/api/v1/innovation/studios/{studio.pk}/members"
    ).status_code in (404, 405)
    assert (
        as_user(world.sibling_staff)
        .get(f"/api/v1/innovation/studios/{studio.pk}/members")
        .status_code
        == 404
    )
    client = as_user(world.county_staff)  # one test client: log back in
    items = client.get(f"/api/v1/innovation/studios/{studio.pk}/members").json()["items"]
    assert sorted(i["name"] for i in items) == ["孟师傅", "李立新", "赵春雨"]
    assert client.get(f"/api/v1/innovation/studios/{studio.pk}").json()["members"] == 3
    leader = StudioMember.objects.get(studio=studio, role="leader")
    r = client.post(f"/innovation/studios/{studio.pk}/members/{leader.pk}/remove/")
    assert r.status_code == 302
    studio.refresh_from_db()
    assert (
        studio.leader == ""
        and client.get(f"/api/v1/innovation/studios/{studio.pk}").json()["members"] == 2
    )
    r = client.post(
        f"/innovation/studios/{studio.pk}/members/add/", {"name": "刘新", "role": "leader"}
    )
    assert r.status_code == 302
    studio.refresh_from_db()
    assert studio.leader == "刘新"
    assert AuditEvent.objects.filter(action=Action.STUDIO_MEMBER_REMOVE).count() == 1
    assert AuditEvent.objects.filter(action=Action.STUDIO_MEMBER_ADD).count() == 3
    export = client.get(f"/innovation/studios/{studio.pk}/members/?export=csv")
    page = b"".join(export.streaming_content).decode()
    assert "刘新" in page and "赵春雨" in page
    assert "刘新" in client.get(f"/innovation/studios/{studio.pk}/").content.decode()


def test_assessment_bad_input_is_refused_and_writes_nothing(world, as_user, checker):
    studio = _named(world, checker)
    applied = services.studio_apply(
        actor=world.county_staff,
        union_id=world.grassroots.pk,
        kind="studio",
        level="province",
        name="未命名工作室",
    )
    services.assessment_record(
        actor=checker, studio_id=studio.pk, year=2022, score=88, grade="pass"
    )
    before = _counts()
    cases = [
        (dict(studio_id=studio.pk, year=2023, score=101, grade="excellent"), "score"),
        (dict(studio_id=studio.pk, year=2023, score=95, grade="fail", note="x"), "grade"),
        (dict(studio_id=studio.pk, year=2023, score=70, grade="excellent"), "grade"),
        (dict(studio_id=studio.pk, year=2023, score=50, grade="fail"), "note"),
        (dict(studio_id=studio.pk, year=2021, score=80, grade="pass"), "year"),
        (dict(studio_id=studio.pk, year=2099, score=80, grade="pass"), "year"),
    ]
    for kwargs, field in cases:
        with pytest.raises(ServiceError) as why:
            services.assessment_record(actor=checker, **kwargs)
        assert field in why.value.fields, kwargs
    with pytest.raises(ServiceError) as twice:
        services.assessment_record(
            actor=checker, studio_id=studio.pk, year=2022, score=90, grade="excellent"
        )
    assert twice.value.code == Code.ASSESSED
    with pytest.raises(ServiceError) as unnamed:
        services.assessment_record(
            actor=checker, studio_id=applied.pk, year=2022, score=90, grade="excellent"
        )
    assert unnamed.value.code == Code.WRONG_STEP
    # a county cadre sees the studio of its union, but the province named it
    r = _post(
        as_user(world.county_staff),
        f"/api/v1/innovation/studios/{studio.pk}/assessments",
        {"year": 2023, "score": 80, "grade": "pass"},
    )
    assert r.status_code == 400 and r.json()["code"] == Code.NOT_NAMING
    assert "辽宁省总工会" in r.json()["message"]
    r = _post(
        as_user(checker),
        f"/api/v1/innovation/studios/{studio.pk}/assessments",
        {"year": 2023, "score": 101, "grade": "excellent"},
    )
    assert r.status_code == 422
    page = as_user(world.county_staff).get(f"/innovation/studios/{studio.pk}/").content.decode()
    assert "/assess/" not in page
    assert _counts() == before


def test_two_fails_in_a_row_revoke_the_naming(world, as_user, checker):
    weak = _named(world, checker, "薄弱工作室", year=2024)
    fine = _named(world, checker, "改进工作室", year=2024)
    StudioMember.objects.update(added_on=date(2024, 11, 18))
    for s in (weak, fine):
        services.assessment_record(
            actor=checker, studio_id=s.pk, year=2024, score=50, grade="fail", note="活动少"
        )
    services.assessment_record(actor=checker, studio_id=fine.pk, year=2025, score=75, grade="pass")
    r = as_user(checker).post(
        f"/innovation/studios/{weak.pk}/assess/",
        {"year": 2025, "score": 41, "grade": "fail", "note": "仍无成果"},
    )
    assert r.status_code == 302
    weak.refresh_from_db()
    fine.refresh_from_db()
    assert (weak.status, fine.status) == (StudioStatus.REVOKED, StudioStatus.NAMED)
    assert weak.revoked_on == date.today()
    assert AuditEvent.objects.filter(action=Action.STUDIO_REVOKE).count() == 1
    # a revoked studio is no longer assessed nor kept; its naming still counts in 2024
    with pytest.raises(ServiceError):
        services.assessment_record(
            actor=checker, studio_id=weak.pk, year=2026, score=90, grade="excellent"
        )
    with pytest.raises(ServiceError):
        services.member_add(actor=world.county_staff, studio_id=weak.pk, name="新人")
    y2024 = Period(date(2024, 1, 1), date(2024, 12, 31))
    assert REGISTRY["innovation.named.province.studio"].value(world.province.path, y2024) == 2
    members = REGISTRY["innovation.studios.members"]
    assert members.value(world.province.path, y2024) == 2  # both leaders, end of 2024
    assert members.value(world.province.path, Period(date.today(), date.today())) == 1


def test_alliance_and_results_of_a_studio(world, as_user, checker):
    studio = _named(world, checker)
    alliance = _named(world, checker, "沈阳创新工作室联盟", kind="alliance")
    client = as_user(world.county_staff)
    r = _post(
        client, f"/api/v1/innovation/studios/{studio.pk}/alliance", {"alliance_id": alliance.pk}
    )
    assert r.status_code == 200 and r.json()["alliance_id"] == alliance.pk
    bad = _post(
        client, f"/api/v1/innovation/studios/{alliance.pk}/alliance", {"alliance_id": studio.pk}
    )
    assert bad.status_code == 400
    assert [
        s["id"]
        for s in client.get(f"/api/v1/innovation/studios?alliance_id={alliance.pk}").json()["items"]
    ] == [studio.pk]
    assert (
        "孟泰劳模创新工作室" in client.get(f"/innovation/studios/{alliance.pk}/").content.decode()
    )
    for n in range(3):
        r = _post(
            client,
            "/api/v1/innovation/results",
            {
                "union_id": world.grassroots.pk,
                "kind": "technical",
                "title": f"工作室成果{n}",
                "authors": "孟师傅",
                "studio_id": studio.pk,
            },
        )
        assert r.status_code == 201 and r.json()["studio_id"] == studio.pk
        if n < 2:
            services.result_review(actor=checker, result_id=r.json()["id"], adopt=True)
    services.result_in_use(
        actor=checker,
        result_id=Result.objects.filter(studio=studio, status="adopted").first().pk,
        in_use_on=date(2022, 8, 1),
        revenue=12_345_600,
    )
    page = client.get(f"/innovation/studios/{studio.pk}/").content.decode()
    assert "工作室成果2" in page and "123,456" in page
    other = _post(
        as_user(world.sibling_staff),
        "/api/v1/innovation/results",
        {
            "union_id": world.sibling_grassroots.pk,
            "kind": "technical",
            "title": "x",
            "authors": "y",
            "studio_id": studio.pk,
        },
    )
    assert other.status_code == 404
    assert not Result.objects.filter(title="x").exists()


def test_studio_figures_and_sentence_equal_independent_counts(world, checker):
    grades = [("excellent", 95), ("excellent", 91), ("pass", 80), ("fail", 40)]
    for n, (grade, score) in enumerate(grades):
        s = _named(world, checker, f"工作室{n}", kind="platform" if n == 3 else "studio")
        for i in range(n):
            services.member_add(actor=world.county_staff, studio_id=s.pk, name=f"成员{n}{i}")
        StudioAssessment.objects.create(
            studio=s,
            year=2022,
            score=score,
            grade=grade,
            note="",
            assessed_on=date(2022, 12, 10),
            assessed_by=checker,
        )
    StudioMember.objects.update(added_on=date(2022, 11, 18))
    assessed = StudioAssessment.objects.filter(assessed_on__year=2022)
    live = StudioMember.objects.filter(
        Q(removed_on__isnull=True), studio__status="named", studio__named_on__year__lte=2022
    )
    expected = {
        "innovation.studios.members": live.count(),
        "innovation.studios.members.platform": live.filter(studio__kind="platform").count(),
        "innovation.studios.assessed": assessed.count(),
        "innovation.studios.assessed.province": assessed.count(),
        "innovation.studios.assessed.city": 0,
        "innovation.studios.excellent": assessed.filter(grade="excellent").count(),
        "innovation.studios.excellent.studio": assessed.filter(
            grade="excellent", studio__kind="studio"
        ).count(),
    }
    assert expected["innovation.studios.members"] == 4 + 0 + 1 + 2 + 3
    for key, value in expected.items():
        figure = REGISTRY[key]
        assert figure.value(world.province.path, YEAR) == value, key
        by_path = figure.values_by_path(YEAR)
        assert sum(by_path.values()) == value, key  # roll-ups group the same rows
    assert not REGISTRY["innovation.studios.members"].additive
    assert REGISTRY["innovation.studios.assessed"].additive
    values = figure_values(actor=world.province_staff, org_id=world.province.pk, period=YEAR)
    texts = {}
    for lang in ("zh-hans", "zh-hant", "en"):
        content = summary.compose(world.province, YEAR, values, lang)
        texts[lang] = "".join(
            s["text"]
            for sec in content["sections"]
            if sec["key"] == "development"
            for p in sec["paragraphs"]
            for s in p["sentences"]
        )
    assert "开展创新工作室年度考核4个，评定优秀2个，工作室成员共10人。" in texts["zh-hans"]
    assert "開展創新工作室年度考核4個，評定優秀2個，工作室成員共10人。" in texts["zh-hant"]
    assert (
        "4 studios and platforms were assessed for the year (2 rated excellent); "
        "the named studios and platforms had 10 members." in texts["en"]
    )


def test_a_demo_studio_is_named_after_the_model_worker_who_leads_it(world):
    """Found on the demo: 徐建国·…劳模创新工作室 was led by 杨建国."""
    from gonghui.innovation import demo
    from gonghui.innovation.models import MemberRole, StudioKind

    demo.build_demo("small", seed=2022)
    studios = Studio.objects.filter(kind=StudioKind.STUDIO)
    assert studios.count() > 3
    for studio in studios:
        assert studio.name.startswith(studio.leader + "·"), (studio.name, studio.leader)
        leads = studio.member_rows.filter(role=MemberRole.LEADER).values_list("name", flat=True)
        assert list(leads) == [studio.leader]
