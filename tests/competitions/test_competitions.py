"""Competitions, contests and training: services with their review steps, the API, the
pages, bad input (a clear error, nothing written) and the worker's own contests."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.accounts.models import RoleKind
from gonghui.competitions import services
from gonghui.competitions.codes import Code
from gonghui.competitions.models import (
    Competition,
    Contestant,
    EntryStatus,
    Event,
    LibraryStatus,
    Participation,
    ReviewStatus,
    TrainingSession,
)
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.models import AuditEvent
from tests.factories import EnterpriseFactory, make_member, make_user


def _post(client, url, payload=None, method="post"):
    return getattr(client, method)(
        url, data=json.dumps(payload or {}), content_type="application/json"
    )


def _competition(world, actor=None, union=None, **fields):
    values = {
        "kind": "labour",
        "title": "建功“十四五”劳动竞赛",
        "theme": "建功“十四五”、奋进新征程",
        "starts_on": date(2022, 3, 1),
        "ends_on": date(2022, 11, 30),
    }
    values.update(fields)
    return services.competition_create(
        actor=actor or world.county_staff, union_id=(union or world.county).pk, **values
    )


@pytest.fixture
def checker(world):
    return make_user("province_checker", RoleKind.FEDERATION_STAFF, world.province)


def _nothing_written(before_counts):
    return before_counts == (
        Competition.objects.count(),
        Participation.objects.count(),
        Event.objects.count(),
        Contestant.objects.count(),
        TrainingSession.objects.count(),
        AuditEvent.objects.count(),
    )


def _counts():
    return (
        Competition.objects.count(),
        Participation.objects.count(),
        Event.objects.count(),
        Contestant.objects.count(),
        TrainingSession.objects.count(),
        AuditEvent.objects.count(),
    )


# ---- competitions and the project library -------------------------------------------------


def test_create_through_the_api_and_a_sub_competition_below(world, as_user):
    client = as_user(world.county_staff)
    r = _post(
        client,
        "/api/v1/competitions",
        {
            "union_id": world.county.pk,
            "kind": "skills",
            "title": "和平区职工技能大赛",
            "starts_on": "2022-04-01",
            "ends_on": "2022-10-31",
        },
    )
    assert r.status_code == 201, r.content
    parent = r.json()["id"]
    sub = _post(
        as_user(world.cadre),
        "/api/v1/competitions",
        {
            "union_id": world.grassroots.pk,
            "kind": "skills",
            "title": "华晨机械焊工比武",
            "starts_on": "2022-05-01",
            "ends_on": "2022-05-31",
            "parent_id": parent,
        },
    )
    # the cadre does not see the county's competition: no such parent for them
    assert sub.status_code == 400
    assert "parent_id" in sub.json()["fields"]
    child = _competition(
        world, union=world.grassroots, kind="skills", parent_id=parent, title="焊工比武"
    )
    assert child.parent_id == parent
    assert AuditEvent.objects.filter(action="competition_create").count() == 2


def test_the_theme_in_english_beside_the_chinese(world, as_user):
    """Issue 12 item 2: a theme's English for English documents; Chinese refused there."""
    client = as_user(world.county_staff)
    theme_en = "Make Contributions in the 14th Five-Year Plan, Forge Ahead on the New Journey"
    r = _post(
        client,
        "/api/v1/competitions",
        {
            "union_id": world.county.pk,
            "kind": "labour",
            "title": "和平区劳动竞赛",
            "theme": "建功‘十四五’、奋进新征程",
            "theme_en": theme_en,
            "starts_on": "2022-03-01",
            "ends_on": "2022-11-30",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["theme_en"] == theme_en
    refused = _post(
        client, f"/api/v1/competitions/{r.json()['id']}", {"theme_en": "奋进新征程"}, "patch"
    )
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["theme_en"]
    assert Competition.objects.get(pk=r.json()["id"]).theme_en == theme_en


def test_a_sub_competition_stays_inside_its_parent_and_its_kind(world):
    parent = _competition(world)
    before = _counts()
    with pytest.raises(ServiceError) as sibling:
        _competition(world, actor=world.province_staff, union=world.sibling, parent_id=parent.pk)
    assert "parent_id" in sibling.value.fields
    with pytest.raises(ServiceError) as kind:
        _competition(world, union=world.grassroots, parent_id=parent.pk, kind="skills")
    assert "kind" in kind.value.fields
    assert _nothing_written(before)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2022-01-01"}, "ends_on"),
        ({"title": "   "}, "title"),
        ({"kind": "football"}, "kind"),
        ({"union_id": 999999}, "union_id"),
        ({"theme_en": "建功十四五"}, "theme_en"),  # English only: Chinese has its own field
    ],
)
def test_bad_competition_input_is_refused_and_nothing_is_written(world, as_user, change, field):
    before = _counts()
    payload = {
        "union_id": world.county.pk,
        "kind": "labour",
        "title": "劳动竞赛",
        "starts_on": "2022-03-01",
        "ends_on": "2022-11-30",
        **change,
    }
    r = _post(as_user(world.county_staff), "/api/v1/competitions", payload)
    assert r.status_code in (400, 404, 422), r.content  # 404: no such union for them
    body = r.json()
    assert body["code"] and body["message"]
    if r.status_code != 422:
        assert field in body["fields"]
    assert _nothing_written(before)


def test_project_library_proposed_by_the_organizer_decided_by_other_province_staff(
    world, as_user, checker
):
    competition = _competition(world)
    client = as_user(world.county_staff)
    assert (
        _post(client, f"/api/v1/competitions/{competition.pk}/library/propose").status_code == 200
    )
    # other county staff may not decide (the library is the province's); the province's may
    colleague = as_user(make_user("county_two", RoleKind.FEDERATION_STAFF, world.county))
    r = _post(colleague, f"/api/v1/competitions/{competition.pk}/library/decide", {"listed": True})
    assert r.status_code == 400 and r.json()["code"] == "forbidden"
    r = _post(
        as_user(world.province_staff),
        f"/api/v1/competitions/{competition.pk}/library/decide",
        {"listed": True},
    )
    assert r.status_code == 200, r.content
    competition.refresh_from_db()
    assert competition.library_status == LibraryStatus.LISTED
    assert competition.library_decided_by == world.province_staff


def test_whoever_proposed_may_not_list(world, checker):
    competition = _competition(world, actor=world.province_staff)
    services.library_propose(actor=world.province_staff, competition_id=competition.pk)
    with pytest.raises(ServiceError) as refused:
        services.library_decide(
            actor=world.province_staff, competition_id=competition.pk, listed=True
        )
    assert refused.value.code == Code.SAME_PERSON
    services.library_decide(actor=checker, competition_id=competition.pk, listed=False)
    competition.refresh_from_db()
    assert competition.library_status == LibraryStatus.REFUSED
    with pytest.raises(ServiceError) as again:
        services.library_decide(actor=checker, competition_id=competition.pk, listed=True)
    assert again.value.code == Code.WRONG_STEP


# ---- participating enterprises ---------------------------------------------------------------


def test_enterprises_recorded_once_each_inside_the_organizer(world, as_user):
    competition = _competition(world)
    url = f"/api/v1/competitions/{competition.pk}/enterprises"
    client = as_user(world.county_staff)
    r = _post(client, url, {"enterprise_id": world.enterprise.pk, "workers": 860})
    assert r.status_code == 201, r.content
    assert r.json()["union_id"] == world.township.pk  # kept by the township union
    before = _counts()
    again = _post(client, url, {"enterprise_id": world.enterprise.pk, "workers": 10})
    assert again.status_code == 400 and again.json()["code"] == Code.DUPLICATE
    elsewhere = EnterpriseFactory(name="沈河商贸", keeper=world.sibling)
    outside = _post(
        as_user(world.province_staff), url, {"enterprise_id": elsewhere.pk, "workers": 10}
    )
    assert outside.status_code == 400 and "enterprise_id" in outside.json()["fields"]
    none = _post(client, url, {"enterprise_id": world.enterprise.pk, "workers": 0})
    assert none.status_code == 422
    assert _nothing_written(before)
    listed = client.get(url).json()["items"]
    assert [p["workers"] for p in listed] == [860]


# ---- events, contestants and the worker's page ------------------------------------------------


@pytest.fixture
def worker(world):
    user = make_user("welder", phone="13900000099")
    make_member(world.grassroots, "李焊", user=user)
    return user


def _open_event(world, days=30, **fields):
    competition = _competition(world, kind="skills", title="和平区职工技能大赛")
    values = {
        "trade": "焊工",
        "round": "county",
        "held_on": timezone.localdate() + timedelta(days=days),
        "participants": 120,
        "open_for_entries": True,
    }
    values.update(fields)
    return services.event_create(actor=world.county_staff, competition_id=competition.pk, **values)


def test_events_belong_to_skills_contests(world):
    labour = _competition(world)
    with pytest.raises(ServiceError) as refused:
        services.event_create(
            actor=world.county_staff,
            competition_id=labour.pk,
            trade="焊工",
            round="county",
            held_on=date(2022, 6, 1),
        )
    assert "competition_id" in refused.value.fields
    assert not Event.objects.exists()


def test_a_worker_enters_on_the_phone_and_sees_the_review_and_result(world, as_user, worker):
    event = _open_event(world)
    client = as_user(worker)
    page = client.get("/my/contests/")
    assert page.status_code == 200 and "焊工" in page.content.decode()
    r = client.post(f"/my/contests/{event.pk}/enter/")
    assert r.status_code == 302
    entry = Contestant.objects.get(event=event, user=worker)
    assert entry.name == "李焊" and entry.status == EntryStatus.APPLIED
    assert entry.employer == world.enterprise.name
    twice = client.post(f"/my/contests/{event.pk}/enter/")
    assert twice.status_code == 400
    assert Contestant.objects.filter(event=event).count() == 1

    staff = as_user(world.county_staff)
    assert staff.post(f"/competitions/contestants/{entry.pk}/accept/").status_code == 302
    r = staff.post(
        f"/competitions/contestants/{entry.pk}/result/",
        {"score": "96.50", "rank": "1", "title": "技术能手"},
    )
    assert r.status_code == 302
    entry.refresh_from_db()
    assert (entry.status, entry.rank, entry.title) == (EntryStatus.ACCEPTED, 1, "技术能手")
    mine = as_user(worker).get("/my/contests/").content.decode()
    assert "96.50" in mine and "技术能手" in mine


def test_a_worker_cannot_enter_a_closed_or_past_event_or_another_provinces(world, worker):
    closed = _open_event(world, open_for_entries=False)
    past = _open_event(world, days=-1)
    for event in (closed, past):
        with pytest.raises(NotFound):
            services.contest_enter(actor=worker, event_id=event.pk)
    outsider_user = make_user("other_worker")
    make_member(world.other_grassroots, "王五", user=outsider_user)
    with pytest.raises(ServiceError):
        services.contest_enter(actor=outsider_user, event_id=_open_event(world).pk)
    stranger = make_user("no_union")
    with pytest.raises(ServiceError):
        services.contest_enter(actor=stranger, event_id=closed.pk)
    assert not Contestant.objects.exists()


def test_who_entered_a_contestant_may_not_accept_and_refusal_needs_a_reason(
    world, as_user, checker
):
    event = _open_event(world)
    entry = services.contestant_add(
        actor=world.county_staff, event_id=event.pk, name="赵师傅", employer="华晨"
    )
    with pytest.raises(ServiceError) as same:
        services.contestant_review(actor=world.county_staff, contestant_id=entry.pk, accept=True)
    assert same.value.code == Code.SAME_PERSON
    page = as_user(world.county_staff).get(f"/competitions/events/{event.pk}/").content.decode()
    assert f"/competitions/contestants/{entry.pk}/accept/" not in page
    with pytest.raises(ServiceError) as why:
        services.contestant_review(actor=checker, contestant_id=entry.pk, accept=False)
    assert "note" in why.value.fields
    with pytest.raises(ServiceError) as early:
        services.contestant_result(actor=checker, contestant_id=entry.pk, rank=1)
    assert early.value.code == Code.WRONG_STEP
    services.contestant_review(actor=checker, contestant_id=entry.pk, accept=False, note="超龄")
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REFUSED and entry.review_note == "超龄"


def test_bad_results_are_refused(world, checker):
    event = _open_event(world)
    entry = services.contestant_add(actor=world.county_staff, event_id=event.pk, name="赵师傅")
    services.contestant_review(actor=checker, contestant_id=entry.pk, accept=True)
    for bad in ({"score": "1200"}, {"score": "9.999"}, {"score": "abc"}, {"rank": 0}):
        with pytest.raises(ServiceError):
            services.contestant_result(actor=checker, contestant_id=entry.pk, **bad)
    entry.refresh_from_db()
    assert entry.score is None and entry.rank is None


# ---- training -----------------------------------------------------------------------------


def test_training_recorded_then_approved_by_another(world, as_user, checker):
    client = as_user(world.province_staff)
    r = _post(
        client,
        "/api/v1/competitions/training",
        {
            "union_id": world.county.pk,
            "enterprise_id": world.enterprise.pk,
            "kind": "on_site",
            "course": "数控车床操作",
            "held_on": "2022-06-15",
            "trainees": 180,
            "subsidy": 3_600_000,
        },
    )
    assert r.status_code == 201, r.content
    session = r.json()["id"]
    same = _post(client, f"/api/v1/competitions/training/{session}/review", {"approve": True})
    assert same.status_code == 400 and same.json()["code"] == Code.SAME_PERSON
    ok = _post(
        as_user(checker), f"/api/v1/competitions/training/{session}/review", {"approve": True}
    )
    assert ok.status_code == 200 and ok.json()["status"] == ReviewStatus.APPROVED


def test_training_page_takes_yuan_and_refuses_bad_input(world, as_user):
    client = as_user(world.province_staff)
    form = {
        "union": world.county.name,
        "enterprise": world.enterprise.credit_code,
        "kind": "on_site",
        "course": "焊接工艺",
        "held_on": "2022-06-15",
        "trainees": "40",
        "subsidy": "1,234.50",
    }
    r = client.post("/competitions/training/new/", form)
    assert r.status_code == 302
    assert TrainingSession.objects.get().subsidy == 123450
    before = _counts()
    for bad in ({"subsidy": "12.345"}, {"held_on": "2999-01-01"}, {"enterprise": "不存在的公司"}):
        r = client.post("/competitions/training/new/", {**form, **bad})
        assert r.status_code == 400
        assert 'role="alert"' in r.content.decode()
    assert _nothing_written(before)


# ---- lists, pages and export ---------------------------------------------------------------


def test_lists_filter_sort_and_export(world, as_user):
    labour = _competition(world, title="劳动竞赛甲")
    _competition(world, title="安康杯乙", kind="ankang")
    client = as_user(world.city_leader)
    page = client.get("/competitions/?kind=labour").content.decode()
    assert "劳动竞赛甲" in page and "安康杯乙" not in page
    api = client.get("/api/v1/competitions?kind=ankang&sort=starts_on").json()
    assert [c["title"] for c in api["items"]] == ["安康杯乙"]
    export = client.get("/competitions/?export=csv&q=甲")
    rows = list(csv.reader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig"))))
    assert len(rows) == 2 and str(labour.pk) in rows[1]
    assert client.get(f"/competitions/{labour.pk}/").status_code == 200
    # a leader reads but is offered no action
    assert "library/propose" not in client.get(f"/competitions/{labour.pk}/").content.decode()
    for url in ("/competitions/events/", "/competitions/training/"):
        assert client.get(url).status_code == 200
        assert client.get(url + "?export=xlsx").status_code == 200


def test_pages_refuse_members_and_outsiders(world, as_user, worker):
    competition = _competition(world)
    assert as_user(worker).get("/competitions/").status_code == 404
    assert as_user(world.outsider).get(f"/competitions/{competition.pk}/").status_code == 404
    assert as_user(world.sibling_staff).get(f"/competitions/{competition.pk}/").status_code == 404
