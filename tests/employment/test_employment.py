"""Employment services: events, posts, seekers, matching, services, placements; the API,
the pages, bad input (a clear error and nothing written), figures and the to-do."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.accounts.models import RoleKind
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.core.todos import REGISTRY as TODOS
from gonghui.employment import selectors, services
from gonghui.employment.models import (
    Exhibitor,
    Placement,
    Post,
    RecruitmentEvent,
    Seeker,
    Service,
)
from tests.factories import make_member, make_user

DAY = date(2022, 4, 12)
YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _post(client, url, payload, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def _event(world, union=None, **fields):
    values = {
        "title": "2022年春风行动专场招聘会",
        "mode": "onsite",
        "held_on": DAY,
        "place": "沈阳市人力资源市场",
    }
    values.update(fields)
    return services.event_create(
        actor=world.province_staff, union_id=(union or world.county).pk, **values
    )


def _job(world, union=None, actor=None, **fields):
    values = {
        "title": "数控车工",
        "employer_name": "沈阳华晨机械有限公司",
        "trade": "production",
        "region_code": "210102",
        "pay_min": 400_000,
        "pay_max": 600_000,
        "headcount": 5,
        "opened_on": DAY,
    }
    values.update(fields)
    return services.post_create(
        actor=actor or world.province_staff, union_id=(union or world.county).pk, **values
    )


def _seeker(world, union=None, **fields):
    values = {
        "name": "李晓梅",
        "group": "changing_post",
        "trades": ["production"],
        "region_code": "210100",
        "pay_min": 450_000,
        "consented": True,
        "registered_on": DAY,
    }
    values.update(fields)
    return services.seeker_create(
        actor=world.province_staff, union_id=(union or world.grassroots).pk, **values
    )


# ---- events, exhibitors, posts --------------------------------------------------------------


def test_event_through_the_api_with_exhibitors_posts_and_results(world, as_user):
    client = as_user(world.county_staff)
    created = _post(
        client,
        "/api/v1/employment/events",
        {
            "union_id": world.county.pk,
            "title": "线上招聘月",
            "mode": "online",
            "held_on": "2022-03-01",
            "link": "https://jobs.example.cn/2022-03",
        },
    )
    assert created.status_code == 201, created.content
    event_id = created.json()["id"]
    exhibitor = _post(
        client,
        f"/api/v1/employment/events/{event_id}/exhibitors",
        {"enterprise_id": world.enterprise.pk},
    )
    assert exhibitor.status_code == 201, exhibitor.content
    assert exhibitor.json()["name"] == world.enterprise.name
    again = _post(
        client, f"/api/v1/employment/events/{event_id}/exhibitors", {"name": world.enterprise.name}
    )
    assert again.status_code == 400 and again.json()["code"] == "duplicate"
    post = _post(
        client,
        "/api/v1/employment/posts",
        {
            "exhibitor_id": exhibitor.json()["id"],
            "title": "装配工",
            "trade": "production",
            "region_code": "210102",
            "pay_min": 350_000,
            "pay_max": 500_000,
            "headcount": 20,
        },
    )
    assert post.status_code == 201, post.content
    body = post.json()
    assert body["union_id"] == world.county.pk and body["opened_on"] == "2022-03-01"
    assert body["employer_name"] == world.enterprise.name
    results = _post(
        client, f"/api/v1/employment/events/{event_id}", {"visitors": 3200, "hires": 410}, "patch"
    )
    assert results.status_code == 200 and results.json()["hires"] == 410
    assert AuditEvent.objects.get(action="employment_event_update").changes["hires"] == [None, 410]
    listed = client.get(f"/api/v1/employment/posts?event_id={event_id}").json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"mode": "onsite", "place": ""}, "place"),
        ({"mode": "online", "link": "", "place": ""}, "link"),
        ({"mode": "online", "link": "not a link"}, "link"),
        ({"title": "  "}, "title"),
        ({"held_on": date(2099, 1, 1), "hires": 3}, "hires"),
    ],
)
def test_bad_event_is_refused_and_nothing_written(world, fields, field):
    with pytest.raises(ServiceError) as refused:
        _event(world, **fields)
    assert field in refused.value.fields
    assert not RecruitmentEvent.objects.exists() and not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"pay_min": 600_000, "pay_max": 400_000}, "pay_max"),
        ({"pay_min": 12.5}, "pay_min"),
        ({"headcount": 0}, "headcount"),
        ({"region_code": "999999"}, "region_code"),
        ({"trade": "astronaut"}, "trade"),
        ({"title": ""}, "title"),
        ({"opened_on": date(2099, 1, 1)}, "opened_on"),
    ],
)
def test_bad_post_is_refused_and_nothing_written(world, fields, field):
    with pytest.raises(ServiceError) as refused:
        _job(world, **fields)
    assert field in refused.value.fields
    assert not Post.objects.exists() and not AuditEvent.objects.exists()


def test_api_bad_input_answers_422_and_writes_nothing(world, as_user):
    client = as_user(world.county_staff)
    response = _post(
        client,
        "/api/v1/employment/posts",
        {
            "union_id": world.county.pk,
            "title": "x",
            "trade": "production",
            "region_code": "2101",
            "pay_min": "3500",
            "pay_max": 1,
            "headcount": 1,
        },
    )
    assert response.status_code == 422
    assert {"region_code", "pay_min"} <= set(response.json()["fields"])
    assert not Post.objects.exists()


def test_outsider_and_sibling_cannot_enter_events_here(world, as_user):
    for user in (world.sibling_staff, world.outsider):
        response = _post(
            as_user(user),
            "/api/v1/employment/events",
            {
                "union_id": world.county.pk,
                "title": "x",
                "mode": "onsite",
                "held_on": "2022-03-01",
                "place": "y",
            },
        )
        assert response.status_code == 404 and "union_id" in response.json()["fields"]
    assert not RecruitmentEvent.objects.exists()


# ---- seekers, matching, services ------------------------------------------------------------


def test_matching_by_trade_place_and_pay_with_consent(world):
    best = _job(world, pay_max=800_000)
    ok = _job(world, pay_max=500_000, title="车工")
    _job(world, trade="catering", title="厨师")  # another trade
    _job(world, region_code="210200", title="大连的车工")  # another city
    _job(world, pay_max=300_000, pay_min=200_000, title="学徒")  # pays too little
    closed = _job(world, title="已招满")
    services.post_close(actor=world.province_staff, post_id=closed.pk)
    _job(
        world, union=world.other_grassroots, actor=world.outsider, title="吉林的车工"
    )  # another province's pool
    seeker = _seeker(world)
    found = selectors.matches(actor=world.cadre, seeker_id=seeker.pk)
    assert [p.pk for p in found] == [best.pk, ok.pk]
    refused = _seeker(world, name="王强", consented=False)
    with pytest.raises(ServiceError) as no:
        selectors.matches(actor=world.cadre, seeker_id=refused.pk)
    assert no.value.code == "no_consent"


def test_recommending_a_post_is_a_service_and_needs_consent(world, as_user):
    job = _job(world)
    seeker = _seeker(world, consented=False)
    client = as_user(world.cadre)
    url = f"/api/v1/employment/seekers/{seeker.pk}/services"
    payload = {"kind": "recommendation", "channel": "onsite", "post_id": job.pk}
    refused = _post(client, url, payload)
    assert refused.status_code == 400 and refused.json()["code"] == "no_consent"
    assert not Service.objects.exists()
    assert (
        _post(
            client, f"/api/v1/employment/seekers/{seeker.pk}/consent", {"consented": True}
        ).status_code
        == 200
    )
    matched = client.get(f"/api/v1/employment/seekers/{seeker.pk}/matches").json()
    assert [p["id"] for p in matched] == [job.pk]
    assert _post(client, url, payload).status_code == 201
    service = Service.objects.get()
    assert (
        service.post == job
        and service.union == world.grassroots
        and service.given_by == world.cadre
    )
    guidance = _post(
        client, url, {"kind": "guidance", "channel": "online", "given_on": "2022-05-01"}
    )
    assert guidance.status_code == 201 and Service.objects.count() == 2


def test_a_service_to_a_worker_not_on_file(world, as_user):
    client = as_user(world.county_staff)
    response = _post(
        client,
        "/api/v1/employment/services",
        {
            "union_id": world.county.pk,
            "kind": "policy",
            "channel": "online",
            "given_on": "2022-06-01",
        },
    )
    assert response.status_code == 201 and response.json()["seeker_id"] is None
    contact = _post(
        client,
        "/api/v1/employment/services",
        {"union_id": world.county.pk, "kind": "contact", "channel": "online"},
    )
    assert contact.status_code == 400 and "seeker_id" in contact.json()["fields"]
    assert Service.objects.count() == 1


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"name": " "}, "name"),
        ({"group": "astronauts"}, "group"),
        ({"group": "needy_graduate"}, "graduation_year"),
        ({"trades": ["production", "it", "care", "sales"]}, "trades"),
        ({"trades": ["astronaut"]}, "trades"),
        ({"phone": "12345"}, "phone"),
        ({"region_code": "123"}, "region_code"),
        ({"pay_min": -1}, "pay_min"),
        ({"registered_on": date(2099, 1, 1)}, "registered_on"),
    ],
)
def test_bad_seeker_is_refused_and_nothing_written(world, fields, field):
    with pytest.raises(ServiceError) as refused:
        _seeker(world, **fields)
    assert field in refused.value.fields
    assert not Seeker.objects.exists() and not AuditEvent.objects.exists()


def test_seeker_phone_is_encrypted_and_masked_and_the_audit_masks_the_name(world, as_user):
    seeker = _seeker(world, phone="139 0000 1234")
    assert "13900001234" not in seeker.phone_cipher and seeker.phone_masked == "139****1234"
    body = as_user(world.cadre).get(f"/api/v1/employment/seekers/{seeker.pk}").json()
    assert body["name"] == "李*梅" and body["phone"] == "139****1234"
    assert AuditEvent.objects.get(action="employment_seeker_create").changes["name"] == "李*梅"


def test_needy_family_member_on_file_seeks_work(world):
    from gonghui.assistance.models import HardshipFile, HouseholdMember

    membership = make_member(world.grassroots, "赵大海")
    file = HardshipFile.objects.create(
        number="KN2021000001",
        person=membership.person,
        union=world.grassroots,
        tier="relative",
        opened_on=date(2021, 5, 1),
        next_review_due=date(2022, 5, 1),
        created_by=world.province_staff,
    )
    child = HouseholdMember.objects.create(
        file=file, name="赵小雨", relation="child", age=22, condition="student"
    )
    seeker = _seeker(
        world,
        name="",
        household_member_id=child.pk,
        group="needy_graduate",
        graduation_year=2022,
    )
    assert seeker.name == "赵小雨" and list(child.job_seekers.all()) == [seeker]
    with pytest.raises(ServiceError) as outside:
        services.seeker_create(
            actor=world.sibling_staff,
            union_id=world.sibling_grassroots.pk,
            name="",
            group="needy_worker",
            household_member_id=child.pk,
        )
    assert "household_member_id" in outside.value.fields


# ---- placements and the check -----------------------------------------------------------------


def test_placement_is_counted_once_another_cadre_confirms_it(world, as_user):
    job = _job(world)
    seeker = _seeker(world)
    county = as_user(world.county_staff)
    recorded = _post(
        county,
        f"/api/v1/employment/seekers/{seeker.pk}/placements",
        {"placed_on": "2022-05-10", "post_id": job.pk},
    )
    assert recorded.status_code == 201, recorded.content
    body = recorded.json()
    assert body["employer_name"] == job.employer_name and body["region_code"] == "210102"
    assert REGISTRY["employment.placements"].value(world.province.path, YEAR) == 0
    twice = _post(
        county,
        f"/api/v1/employment/seekers/{seeker.pk}/placements",
        {"placed_on": "2022-05-11", "employer_name": "别处", "region_code": "210102"},
    )
    assert twice.status_code == 400 and twice.json()["code"] == "already_placed"
    own = _post(county, f"/api/v1/employment/placements/{body['id']}/check", {"confirmed": True})
    assert own.status_code == 400 and own.json()["code"] == "same_person"
    early = _post(
        as_user(world.province_staff),
        f"/api/v1/employment/placements/{body['id']}/check",
        {"confirmed": True, "checked_on": "2022-05-01"},
    )
    assert early.status_code == 400 and "checked_on" in early.json()["fields"]
    checked = _post(
        as_user(world.province_staff),
        f"/api/v1/employment/placements/{body['id']}/check",
        {"confirmed": True, "checked_on": "2022-06-10"},
    )
    assert checked.status_code == 200 and checked.json()["status"] == "confirmed"
    seeker.refresh_from_db()
    assert seeker.status == "placed"
    assert REGISTRY["employment.placements"].value(world.province.path, YEAR) == 1
    assert REGISTRY["employment.placements"].value(world.sibling.path, YEAR) == 0


def test_a_failed_check_frees_the_seeker(world):
    seeker = _seeker(world)
    placement = services.placement_record(
        actor=world.cadre,
        seeker_id=seeker.pk,
        placed_on=DAY,
        employer_name="某物流公司",
        region_code="210102",
    )
    with pytest.raises(ServiceError) as no_note:
        services.placement_check(
            actor=world.county_staff, placement_id=placement.pk, confirmed=False
        )
    assert "note" in no_note.value.fields
    services.placement_check(
        actor=world.county_staff, placement_id=placement.pk, confirmed=False, note="回访时已离职"
    )
    seeker.refresh_from_db()
    assert seeker.status == "seeking"
    again = services.placement_record(
        actor=world.cadre,
        seeker_id=seeker.pk,
        placed_on=DAY + timedelta(days=30),
        employer_name="另一家公司",
        region_code="210102",
    )
    assert Placement.objects.filter(seeker=seeker).count() == 2 and again.status == "recorded"


# ---- targeted help: the cadre in charge and the to-do -----------------------------------------


def test_graduates_in_a_cadres_charge_wait_until_placed(world, as_user):
    other_cadre = make_user("cadre2", RoleKind.GRASSROOTS_CADRE, world.grassroots)
    graduate = _seeker(world, group="needy_graduate", graduation_year=2022, school="沈阳工业大学")
    _seeker(
        world, name="孙亮", group="needy_graduate", graduation_year=2022, cadre_id=other_cadre.pk
    )
    response = _post(
        as_user(world.county_staff),
        f"/api/v1/employment/seekers/{graduate.pk}/cadre",
        {"cadre_id": world.cadre.pk},
    )
    assert response.status_code == 200 and response.json()["cadre_id"] == world.cadre.pk
    todo = TODOS["employment.graduates"]
    assert list(todo.waiting(world.cadre)) == [graduate]
    assert todo.waiting(world.county_staff).count() == 0  # not in their charge
    assert todo.waiting(world.sibling_staff).count() == 0
    assert todo.waiting(other_cadre).count() == 1
    # A cadre who cannot write at the seeker's union cannot be put in charge.
    refused = _post(
        as_user(world.county_staff),
        f"/api/v1/employment/seekers/{graduate.pk}/cadre",
        {"cadre_id": world.sibling_staff.pk},
    )
    assert refused.status_code == 400 and "cadre_id" in refused.json()["fields"]
    # Contacts are services; the placement, once confirmed, ends the to-do.
    services.service_record(
        actor=world.cadre, seeker_id=graduate.pk, kind="contact", channel="onsite"
    )
    placement = services.placement_record(
        actor=world.cadre,
        seeker_id=graduate.pk,
        placed_on=DAY,
        employer_name="某公司",
        region_code="210102",
    )
    assert todo.waiting(world.cadre).count() == 1
    services.placement_check(actor=world.county_staff, placement_id=placement.pk, confirmed=True)
    assert todo.waiting(world.cadre).count() == 0


# ---- pages ---------------------------------------------------------------------------------


def test_pages_list_filter_sort_and_export(world, as_user):
    event = _event(world)
    services.exhibitor_add(actor=world.county_staff, event_id=event.pk, name="沈阳某商贸公司")
    job = _job(world)
    seeker = _seeker(world)
    services.service_record(
        actor=world.cadre, seeker_id=seeker.pk, kind="guidance", channel="online", given_on=DAY
    )
    client = as_user(world.county_staff)
    for url, text in [
        ("/employment/events/", event.title),
        ("/employment/events/?mode=online", None),
        ("/employment/events/?sort=-hires", event.title),
        ("/employment/posts/?trade=production&open_only=true", job.title),
        ("/employment/seekers/?group=changing_post", "李*梅"),
        ("/employment/services/?kind=guidance", "李*梅"),
        ("/employment/placements/", None),
        (f"/employment/events/{event.pk}/", "沈阳某商贸公司"),
        (f"/employment/seekers/{seeker.pk}/", job.title),
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        if text:
            assert text in response.content.decode(), url
    assert event.title not in client.get("/employment/events/?mode=online").content.decode()
    exported = client.get("/employment/posts/?export=csv")
    rows = list(csv.reader(io.StringIO(b"".join(exported.streaming_content).decode("utf-8-sig"))))
    assert rows[1][2] == job.title and rows[1][6] == "4,000.00–6,000.00"
    xlsx = client.get("/employment/seekers/?export=xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd")


def test_pages_write_and_refuse_bad_input(world, as_user):
    client = as_user(world.county_staff)
    response = client.post(
        "/employment/events/new/",
        {
            "union": world.county.name,
            "title": "招聘会",
            "mode": "onsite",
            "held_on": "2022-04-01",
            "place": "",
        },
    )
    assert response.status_code == 400 and not RecruitmentEvent.objects.exists()
    response = client.post(
        "/employment/events/new/",
        {
            "union": world.county.name,
            "title": "招聘会",
            "mode": "onsite",
            "held_on": "2022-04-01",
            "place": "和平区",
        },
    )
    event = RecruitmentEvent.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/employment/events/{event.pk}/"
    assert (
        client.post(f"/employment/events/{event.pk}/exhibitors/", {"name": "某公司"}).status_code
        == 302
    )
    exhibitor = Exhibitor.objects.get()
    bad = client.post(
        f"/employment/events/{event.pk}/posts/",
        {
            "exhibitor": exhibitor.pk,
            "title": "焊工",
            "trade": "production",
            "region_code": "210102",
            "pay_min": "5000",
            "pay_max": "4000",
            "headcount": 2,
        },
    )
    assert bad.status_code == 400 and not Post.objects.exists()
    good = client.post(
        f"/employment/events/{event.pk}/posts/",
        {
            "exhibitor": exhibitor.pk,
            "title": "焊工",
            "trade": "production",
            "region_code": "210102",
            "pay_min": "4000",
            "pay_max": "6500.50",
            "headcount": 2,
        },
    )
    assert good.status_code == 302
    assert Post.objects.get().pay_max == 650_050
    assert (
        client.post(
            f"/employment/events/{event.pk}/results/", {"visitors": "800", "hires": "60"}
        ).status_code
        == 302
    )
    event.refresh_from_db()
    assert (event.visitors, event.hires) == (800, 60)
    assert client.get(f"/employment/events/{event.pk}/results/").status_code == 405


def test_seeker_pages_consent_recommend_place_and_check(world, as_user):
    job = _job(world)
    cadre = as_user(world.cadre)
    response = cadre.post(
        "/employment/seekers/new/",
        {
            "union": world.grassroots.name,
            "name": "周敏",
            "group": "veteran",
            "trades": ["production"],
            "region_code": "210100",
            "pay_min": "3000",
        },
    )
    seeker = Seeker.objects.get()
    assert response.status_code == 302 and seeker.pay_min == 300_000 and not seeker.has_consented
    page = cadre.get(f"/employment/seekers/{seeker.pk}/").content.decode()
    assert "尚未同意" in page or "not agreed" in page
    cadre.post(f"/employment/seekers/{seeker.pk}/consent/", {"consented": "yes"})
    seeker.refresh_from_db()
    assert seeker.has_consented
    assert cadre.post(f"/employment/seekers/{seeker.pk}/recommend/{job.pk}/").status_code == 302
    assert Service.objects.get().kind == "recommendation"
    assert (
        cadre.post(
            f"/employment/seekers/{seeker.pk}/placements/",
            {"post": job.pk, "placed_on": "2022-05-01"},
        ).status_code
        == 302
    )
    placement = Placement.objects.get()
    own = cadre.get(f"/employment/seekers/{seeker.pk}/").content.decode()
    assert f"/employment/placements/{placement.pk}/check/" not in own  # the recorder may not check
    county = as_user(world.county_staff)
    assert (
        county.post(
            f"/employment/placements/{placement.pk}/check/",
            {"confirmed": "yes", "checked_on": timezone.localdate().isoformat()},
        ).status_code
        == 302
    )
    placement.refresh_from_db()
    assert placement.status == "confirmed"


def test_the_seeker_on_the_phone_sees_posts_and_gives_consent(world, as_user):
    membership = make_member(world.grassroots, "吴芳", user=world.member)
    near = _job(world, trade="catering", title="面点师")
    seeker = _seeker(world, person_id=membership.person.pk, name="", consented=False)
    assert seeker.name == "吴芳"
    client = as_user(world.member)
    page = client.get("/jobs/")
    assert page.status_code == 200 and near.title not in page.content.decode()  # not her trade
    assert near.title in client.get("/jobs/?all=1").content.decode()
    assert client.get(f"/api/v1/employment/seekers/{seeker.pk}").status_code == 200
    assert client.get(f"/api/v1/employment/seekers/{seeker.pk}/matches").status_code == 400
    assert client.post(f"/jobs/{seeker.pk}/consent/", {"consented": "yes"}).status_code == 302
    seeker.refresh_from_db()
    assert seeker.has_consented
    assert client.get(f"/api/v1/employment/seekers/{seeker.pk}/matches").status_code == 200
    # Staff pages and the staff API stay closed to the worker.
    assert client.get(f"/employment/seekers/{seeker.pk}/").status_code in (302, 403, 404)
    assert client.get("/api/v1/employment/seekers").status_code in (401, 403, 404)
    other = _seeker(world, name="郑伟")
    assert client.post(f"/jobs/{other.pk}/consent/", {"consented": "yes"}).status_code == 404


def test_jobs_page_for_someone_not_registered(world, as_user):
    page = as_user(world.member).get("/jobs/")
    assert page.status_code == 200


# ---- figures ---------------------------------------------------------------------------------


def test_figures_count_records_of_the_subtree_and_period(world):
    event = _event(world, visitors=900, hires=120)
    _event(world, union=world.sibling, mode="online", link="https://x.example.cn", place="")
    _event(world, held_on=date(2021, 12, 31))
    for name in ("甲公司", "乙公司"):
        exhibitor = services.exhibitor_add(actor=world.province_staff, event_id=event.pk, name=name)
        services.post_create(
            actor=world.province_staff,
            exhibitor_id=exhibitor.pk,
            title="普工",
            trade="production",
            region_code="210102",
            pay_min=300_000,
            pay_max=400_000,
            headcount=7,
        )
    seeker = _seeker(world)
    services.service_record(
        actor=world.cadre, seeker_id=seeker.pk, kind="guidance", channel="online", given_on=DAY
    )
    services.service_record(
        actor=world.cadre, seeker_id=seeker.pk, kind="policy", channel="onsite", given_on=DAY
    )
    values = {
        k: f.value(world.province.path, YEAR)
        for k, f in REGISTRY.items()
        if k.startswith("employment.")
    }
    assert values["employment.events"] == 2 and values["employment.events.online"] == 1
    assert values["employment.exhibitors"] == 2 and values["employment.posts"] == 14
    assert values["employment.hires"] == 120 and values["employment.visitors"] == 900
    assert values["employment.services"] == 2 and values["employment.services.online"] == 1
    assert values["employment.seekers"] == 1
    assert REGISTRY["employment.events"].value(world.county.path, YEAR) == 1
    assert REGISTRY["employment.events"].value(world.sibling.path, YEAR) == 1
    by_path = REGISTRY["employment.exhibitors"].values_by_path(YEAR)
    assert by_path == {world.county.path: 2}


def test_pages_in_chinese_and_english(world, as_user):
    client = as_user(world.county_staff)
    zh = client.get("/employment/seekers/", headers={"accept-language": "zh-hans"})
    assert "<h1>求职者</h1>" in zh.content.decode() and "就业服务" in zh.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/employment/seekers/"})
    assert "<h1>Job seekers</h1>" in client.get("/employment/seekers/").content.decode()


# ---- matchings and training ---------------------------------------------------------------


def test_matchings_and_training_with_attendance(world, as_user):
    client = as_user(world.county_staff)
    matching = _post(
        client,
        "/api/v1/employment/matchings",
        {
            "union_id": world.county.pk,
            "title": "校企就业对接会",
            "kind": "schools",
            "held_on": "2022-05-20",
            "partners": "沈阳工业大学、沈阳华晨机械有限公司",
            "posts_offered": 120,
        },
    )
    assert matching.status_code == 201, matching.content
    no_partner = _post(
        client,
        "/api/v1/employment/matchings",
        {
            "union_id": world.county.pk,
            "title": "x",
            "kind": "schools",
            "held_on": "2022-05-20",
            "partners": " ",
        },
    )
    assert no_partner.status_code == 400 and "partners" in no_partner.json()["fields"]
    order = {
        "union_id": world.county.pk,
        "title": "养老护理员订单式培训班",
        "kind": "order",
        "trade": "care",
        "starts_on": "2022-06-01",
        "ends_on": "2022-06-10",
    }
    refused = _post(client, "/api/v1/employment/training", order)
    assert refused.status_code == 400 and "employer_name" in refused.json()["fields"]
    backwards = _post(
        client,
        "/api/v1/employment/training",
        {**order, "employer_name": "某养老院", "ends_on": "2022-05-01"},
    )
    assert backwards.status_code == 400 and "ends_on" in backwards.json()["fields"]
    from gonghui.employment.models import Matching, Trainee, TrainingSession

    assert Matching.objects.count() == 1 and not TrainingSession.objects.exists()
    session = _post(client, "/api/v1/employment/training", {**order, "employer_name": "某养老院"})
    assert session.status_code == 201, session.content
    session_id = session.json()["id"]
    seeker = _seeker(world)
    url = f"/api/v1/employment/training/{session_id}/trainees"
    assert _post(client, url, {"seeker_id": seeker.pk}).status_code == 201
    twice = _post(client, url, {"seeker_id": seeker.pk})
    assert twice.status_code == 400 and twice.json()["code"] == "duplicate"
    assert _post(client, url, {"name": "周小红", "completed": False}).status_code == 201
    assert _post(client, url, {"name": " "}).status_code == 400
    listed = client.get(url).json()
    assert [t["name"] for t in listed] == ["李*梅", "周*红"]
    assert Trainee.objects.count() == 2
    assert REGISTRY["employment.matchings"].value(world.province.path, YEAR) == 1
    assert REGISTRY["employment.trainings"].value(world.province.path, YEAR) == 1
    assert REGISTRY["employment.trainees"].value(world.province.path, YEAR) == 2
    assert REGISTRY["employment.trainees"].value(world.sibling.path, YEAR) == 0
    for page in (
        "/employment/matchings/",
        "/employment/training/",
        f"/employment/training/{session_id}/",
    ):
        assert client.get(page).status_code == 200, page
    added = client.post(
        f"/employment/training/{session_id}/trainees/", {"name": "吴亮", "completed": "on"}
    )
    assert added.status_code == 302 and Trainee.objects.count() == 3
    made = client.post(
        "/employment/matchings/new/",
        {
            "union": world.county.name,
            "title": "企业用工对接会",
            "kind": "enterprises",
            "held_on": "2022-07-01",
            "partners": "某公司",
        },
    )
    assert made.status_code == 302 and Matching.objects.count() == 2
    bad = client.post(
        "/employment/training/new/",
        {
            "union": world.county.name,
            "title": "x",
            "kind": "skills",
            "trade": "it",
            "starts_on": "2022-07-02",
            "ends_on": "2022-07-01",
        },
    )
    assert bad.status_code == 400 and TrainingSession.objects.count() == 1
