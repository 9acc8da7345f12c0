"""Reporting meetings: the API, the pages, bad input, photos, scope and figures."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone

from gonghui.activities import services
from gonghui.activities.models import Activity, Photo
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
POINTS = [
    {"lead": "stressed", "text": "要精心组织学习"},
    {"lead": "required", "text": "要迅速传达"},
]


def _post(client, url, payload, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def _payload(world, **changes):
    payload = {
        "union_id": world.grassroots.pk,
        "held_on": "2024-07-22",
        "kind": "central_study",
        "topic": "传达学习贯彻全会精神",
        "points": POINTS,
        "attendance": 35,
    }
    payload.update(changes)
    return payload


def _meeting(world, union=None, **changes):
    fields = {
        "held_on": date(2024, 7, 22),
        "kind": "leadership",
        "topic": "传达学习",
        "points": POINTS,
        "attendance": 20,
    }
    fields.update(changes)
    return services.activity_create(
        actor=world.province_staff, union_id=(union or world.grassroots).pk, **fields
    )


def test_cadre_reports_through_the_api(world, as_user):
    client = as_user(world.cadre)
    response = _post(client, "/api/v1/activities", _payload(world))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["union_name"] == world.grassroots.name and body["points"] == POINTS
    assert body["display_title"] == "理论学习中心组学习会议" and body["attendance"] == 35
    event = AuditEvent.objects.get(action="create", target_id=str(body["id"]))
    assert event.org_path == world.grassroots.path and event.changes["points"] == POINTS
    changed = _post(
        client,
        f"/api/v1/activities/{body['id']}",
        {"attendance": 40, "title": "专题学习会"},
        "patch",
    )
    assert changed.status_code == 200 and changed.json()["attendance"] == 40
    assert AuditEvent.objects.get(action="update").changes["attendance"] == [35, 40]
    assert client.delete(f"/api/v1/activities/{body['id']}").status_code == 204
    assert not Activity.objects.exists() and AuditEvent.objects.filter(action="delete").exists()


@pytest.mark.parametrize(
    "changes, field, status",
    [
        ({"union_id": None}, "union_id", 422),
        ({"held_on": "2024-13-01"}, "held_on", 422),
        ({"kind": "banquet"}, "kind", 422),
        ({"points": [{"lead": "shouted", "text": "要"}]}, "points.0.lead", 422),
        ({"points": [{"lead": "stressed", "text": ""}]}, "points.0.text", 422),
        ({"points": [{"lead": "stressed", "text": "   "}]}, "points.0.text", 400),
        ({"attendance": -1}, "attendance", 422),
        ({"title": "长" * 101}, "title", 422),
        ({"kind": "other", "title": ""}, "title", 400),
        ({"held_on": "tomorrow"}, "held_on", 400),
        ({"topic_en": "传达学习 the spirit"}, "topic_en", 400),
        ({"title_en": "党组会议"}, "title_en", 400),
        ({"topic_en": "x" * 501}, "topic_en", 422),
    ],
)
def test_bad_input_gets_a_field_message_and_changes_nothing(world, as_user, changes, field, status):
    client = as_user(world.cadre)
    if changes.get("held_on") == "tomorrow":  # in Asia/Shanghai
        changes = {"held_on": (timezone.localdate() + timedelta(days=1)).isoformat()}
    response = _post(client, "/api/v1/activities", _payload(world, **changes))
    assert response.status_code == status, response.content
    assert field in response.json()["fields"], response.json()
    assert response.json()["message"]
    assert not Activity.objects.exists() and not AuditEvent.objects.exists()


def test_bad_update_changes_nothing(world, as_user):
    activity = _meeting(world)
    before = AuditEvent.objects.count()
    client = as_user(world.cadre)
    for payload, field in [
        ({"kind": "other", "title": ""}, "title"),
        ({"points": [{"lead": "stressed", "text": " "}]}, "points.0.text"),
        ({"union_id": world.sibling_grassroots.pk}, "union_id"),
        ({"topic_en": "学习 the spirit"}, "topic_en"),
    ]:
        response = _post(client, f"/api/v1/activities/{activity.pk}", payload, "patch")
        assert response.status_code in {400, 404} and field in response.json()["fields"]
    activity.refresh_from_db()
    assert activity.kind == "leadership" and activity.points == POINTS
    assert activity.union == world.grassroots and AuditEvent.objects.count() == before


def test_union_outside_the_subtree_looks_missing(world):
    with pytest.raises(ServiceError) as exc:
        services.activity_create(
            actor=world.cadre,
            union_id=world.sibling_grassroots.pk,
            held_on=date(2024, 7, 1),
            kind="leadership",
        )
    assert exc.value.status == 404 and "union_id" in exc.value.fields
    world.grassroots.is_active = False
    world.grassroots.save()
    with pytest.raises(ServiceError) as exc:
        services.activity_create(
            actor=world.province_staff,
            union_id=world.grassroots.pk,
            held_on=date(2024, 7, 1),
            kind="leadership",
        )
    assert list(exc.value.fields) == ["union_id"] and exc.value.status == 400
    assert not Activity.objects.exists()


def test_sibling_county_sees_nothing(world, as_user):
    activity = _meeting(world, topic="和平区的学习会")
    _meeting(world, world.sibling_grassroots, topic="沈河区的学习会")
    sibling = as_user(world.sibling_staff)
    assert sibling.get(f"/api/v1/activities/{activity.pk}").status_code == 404
    assert sibling.get(f"/activities/{activity.pk}/").status_code == 404
    listed = sibling.get("/api/v1/activities").json()
    assert [a["topic"] for a in listed["items"]] == ["沈河区的学习会"]
    assert "和平区的学习会" not in sibling.get("/activities/").content.decode()
    assert "和平区的学习会" not in sibling.get("/activities/?export=csv").getvalue().decode()
    assert sibling.get(f"/api/v1/activities?under_id={world.county.pk}").status_code == 404
    response = _post(sibling, f"/api/v1/activities/{activity.pk}", {"topic": "改"}, "patch")
    assert response.status_code == 404
    assert sibling.delete(f"/api/v1/activities/{activity.pk}").status_code == 404
    activity.refresh_from_db()
    assert activity.topic == "和平区的学习会"
    # A leader reads the city's meetings but changes none.
    leader = as_user(world.city_leader)
    assert leader.get(f"/api/v1/activities/{activity.pk}").status_code == 200
    assert (
        _post(leader, f"/api/v1/activities/{activity.pk}", {"topic": "改"}, "patch").status_code
        == 404
    )


def test_list_filters_sort_and_export(world, as_user):
    _meeting(
        world, held_on=date(2024, 3, 1), kind="lecture_tour", topic="劳模宣讲进车间", attendance=300
    )
    _meeting(world, world.sibling_grassroots, held_on=date(2024, 5, 1), topic="五月学习")
    _meeting(world, world.county, held_on=date(2024, 7, 1), kind="all_staff", topic="七月大会")
    client = as_user(world.city_leader)
    topics = lambda url: [a["topic"] for a in client.get(url).json()["items"]]  # noqa: E731
    assert topics("/api/v1/activities") == ["七月大会", "五月学习", "劳模宣讲进车间"]
    assert topics("/api/v1/activities?sort=held_on")[0] == "劳模宣讲进车间"
    assert topics("/api/v1/activities?kind=lecture_tour") == ["劳模宣讲进车间"]
    assert topics("/api/v1/activities?date_from=2024-04-01&date_to=2024-06-30") == ["五月学习"]
    assert topics(f"/api/v1/activities?under_id={world.county.pk}") == [
        "七月大会",
        "劳模宣讲进车间",
    ]
    assert topics("/api/v1/activities?q=宣讲") == ["劳模宣讲进车间"]
    assert topics("/api/v1/activities?sort=-attendance")[0] == "劳模宣讲进车间"
    page = client.get("/activities/?kind=lecture_tour").content.decode()
    assert "劳模宣讲进车间" in page and "五月学习" not in page
    rows = list(csv.reader(io.StringIO(client.get("/activities/?export=csv").getvalue().decode())))
    assert len(rows) == 4 and "要精心组织学习" in rows[1][6]
    assert client.get("/activities/?export=xlsx").status_code == 200


def test_list_api_pages_by_key_with_no_meeting_twice(world, as_user):
    # 1.6 M meetings at province scale: offsets stop at 10,000, keys go on.
    made = [_meeting(world, held_on=date(2024, 7, 1 + n % 3), topic=f"第{n}次") for n in range(5)]
    client = as_user(world.county_staff)
    pages, after = [], 0
    while after is not None:
        page = client.get(f"/api/v1/activities?limit=2&after={after}").json()
        pages.append([row["id"] for row in page["items"]])
        after = page["next"]
    assert [len(p) for p in pages] == [2, 2, 1]
    # in the order recorded (core.keyset), none twice, none missed
    assert [pk for page in pages for pk in page] == [a.pk for a in made]


def test_report_page_with_points(world, as_user):
    client = as_user(world.cadre)
    form = client.get("/activities/new/").content.decode()
    assert world.grassroots.name in form and "points-TOTAL_FORMS" in form
    data = {
        "union": world.grassroots.name,
        "held_on": "2024-07-22",
        "kind": "leadership",
        "title": "党组2024年第25次（扩大）会议",
        "topic": "传达学习贯彻全会精神",
        "attendance": "",
        "points-TOTAL_FORMS": "3",
        "points-INITIAL_FORMS": "0",
        "points-0-lead": "stressed",
        "points-0-text": "要精心组织“学”",
        "points-1-lead": "required",
        "points-1-text": "",
        "points-2-lead": "required",
        "points-2-text": "要结合实际“干”",
    }
    response = client.post("/activities/new/", data)
    assert response.status_code == 302
    activity = Activity.objects.get()
    assert activity.points == [
        {"lead": "stressed", "text": "要精心组织“学”"},
        {"lead": "required", "text": "要结合实际“干”"},
    ]
    detail = client.get(response["Location"]).content.decode()
    assert (
        "7月22日，沈阳华晨机械有限公司工会委员会党组2024年第25次（扩大）会议召开，"
        "传达学习贯彻全会精神。会议强调，要精心组织“学”。会议要求，要结合实际“干”。"
    ) in detail
    # Bad input: the page says which field, and nothing is written.
    english = {"accept-language": "en"}
    bad = client.post("/activities/new/", {**data, "held_on": "2999-01-01"}, headers=english)
    assert bad.status_code == 400 and "the date cannot be in the future" in bad.content.decode()
    bad = client.post("/activities/new/", {**data, "union": "不存在的工会"}, headers=english)
    assert bad.status_code == 400 and "No organization with this name" in bad.content.decode()
    bad = client.post("/activities/new/", {**data, "union": world.sibling_grassroots.name})
    assert bad.status_code == 400
    assert Activity.objects.count() == 1
    edit = client.post(f"/activities/{activity.pk}/edit/", {**data, "topic": "改过的议题"})
    assert edit.status_code == 302
    activity.refresh_from_db()
    assert activity.topic == "改过的议题"
    assert as_user(world.sibling_staff).get(f"/activities/{activity.pk}/edit/").status_code == 404


def test_photos_are_checked_and_served_only_in_scope(
    world, as_user, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    activity = _meeting(world)
    client = as_user(world.cadre)
    photo = client.post(
        f"/api/v1/activities/{activity.pk}/photos",
        {"file": SimpleUploadedFile("会场.png", PNG), "caption": "会议现场"},
    )
    assert photo.status_code == 201, photo.content
    url = photo.json()["url"]
    served = client.get(url)
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG
    not_image = client.post(
        f"/api/v1/activities/{activity.pk}/photos",
        {"file": SimpleUploadedFile("x.png", b"<script>alert(1)</script>")},
    )
    assert not_image.status_code == 400 and "file" in not_image.json()["fields"], not_image.json()
    big = client.post(
        f"/api/v1/activities/{activity.pk}/photos",
        {"file": SimpleUploadedFile("big.png", PNG + b"\0" * 5 * 1024 * 1024)},
        headers={"accept-language": "en"},
    )
    assert big.status_code == 400 and "5 MB" in big.json()["message"]
    assert Photo.objects.count() == 1
    page = client.post(
        f"/activities/{activity.pk}/photos/",
        {
            "file": SimpleUploadedFile("b.jpg", b"\xff\xd8\xff\xe0rest"),
            "caption": "第二张",
        },
    )
    assert page.status_code == 302 and Photo.objects.count() == 2
    stored = Photo.objects.get(caption="会议现场")
    path = tmp_path / stored.file.name
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once committed
        response = client.delete(f"/api/v1/activities/{activity.pk}/photos/{stored.pk}")
    assert response.status_code == 204 and not path.exists()
    assert (
        as_user(world.sibling_staff)
        .get(url.replace(str(stored.pk), str(Photo.objects.get().pk)))
        .status_code
        == 404
    )


SQL = """
    SELECT count(*), coalesce(sum(a.attendance), 0) FROM activities_activity a
    JOIN orgs_organization o ON o.id = a.union_id
    WHERE o.path LIKE %s AND a.held_on BETWEEN %s AND %s AND a.kind IN ({kinds})"""


def _sql(path, period, kinds):
    marks = ", ".join(["%s"] * len(kinds))
    with connection.cursor() as cursor:
        cursor.execute(SQL.format(kinds=marks), [path + "%", period.start, period.end, *kinds])
        return cursor.fetchone()


@pytest.mark.parametrize("place", ["city", "county", "sibling", "grassroots"])
def test_figures_match_sql(world, place):
    _meeting(world, held_on=date(2024, 3, 1), kind="lecture_tour", attendance=300)
    _meeting(world, held_on=date(2024, 7, 1), kind="leadership", attendance=None)
    _meeting(world, world.county, held_on=date(2024, 7, 2), kind="central_study", attendance=12)
    _meeting(
        world, world.sibling_grassroots, held_on=date(2024, 8, 1), kind="special", attendance=50
    )
    _meeting(world, world.sibling, held_on=date(2023, 12, 31), kind="special", attendance=9)
    year = Period(date(2024, 1, 1), date(2024, 12, 31))
    path = getattr(world, place).path
    everything = ["leadership", "central_study", "all_staff", "special", "lecture_tour", "other"]
    meetings = everything[:4]
    assert REGISTRY["activities.total"].value(path, year) == _sql(path, year, everything)[0]
    assert REGISTRY["activities.meetings"].value(path, year) == _sql(path, year, meetings)[0]
    assert REGISTRY["activities.attendance"].value(path, year) == _sql(path, year, everything)[1]
    for kind in everything:
        assert (
            REGISTRY[f"activities.by_kind.{kind}"].value(path, year) == _sql(path, year, [kind])[0]
        )
    assert (
        REGISTRY["activities.lecture_tour_audience"].value(path, year)
        == _sql(path, year, ["lecture_tour"])[1]
    )


def test_known_figures_for_the_city(world):
    _meeting(world, held_on=date(2024, 3, 1), kind="lecture_tour", attendance=300)
    _meeting(world, held_on=date(2024, 7, 1), kind="leadership", attendance=None)
    _meeting(
        world, world.sibling_grassroots, held_on=date(2024, 8, 1), kind="special", attendance=50
    )
    year = Period(date(2024, 1, 1), date(2024, 12, 31))
    values = {
        k: REGISTRY[k].value(world.city.path, year)
        for k in [
            "activities.total",
            "activities.meetings",
            "activities.by_kind.lecture_tour",
            "activities.attendance",
        ]
    }
    assert values == {
        "activities.total": 3,
        "activities.meetings": 2,
        "activities.by_kind.lecture_tour": 1,
        "activities.attendance": 350,
    }


def test_each_page_action_has_its_own_url_and_refuses_outsiders(world, as_user):
    activity = _meeting(world)
    photo = services.photo_add(
        actor=world.province_staff,
        activity_id=activity.pk,
        upload=SimpleUploadedFile("a.png", PNG),
    )
    outsider = as_user(world.sibling_staff)
    assert outsider.post(f"/activities/{activity.pk}/withdraw/").status_code == 404
    assert outsider.post(f"/activities/{activity.pk}/photos/{photo.pk}/remove/").status_code == 404
    assert Activity.objects.filter(pk=activity.pk).exists() and Photo.objects.count() == 1
    client = as_user(world.county_staff)
    assert client.get(f"/activities/{activity.pk}/withdraw/").status_code == 405
    removed = client.post(f"/activities/{activity.pk}/photos/{photo.pk}/remove/")
    assert removed.status_code == 302 and Photo.objects.count() == 0
    withdrawn = client.post(f"/activities/{activity.pk}/withdraw/")
    assert withdrawn.status_code == 302 and not Activity.objects.filter(pk=activity.pk).exists()
