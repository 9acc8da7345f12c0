"""Stationing groups (蹲点): the API, the pages, credits as links, bad input and who may act."""

import json
from datetime import date

import pytest
from django.http import Http404

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.outreach import services
from gonghui.outreach.models import (
    FoundedUnion,
    Interview,
    RecruitedMember,
    StationingCadre,
    StationingGroup,
)
from tests.factories import fund_org, make_member, make_org

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture(autouse=True)
def _funded(world):
    """A group's special funds are paid from its federation's general funds on the ledger."""
    fund_org(world.province, 100_000_000)
    fund_org(world.city, 100_000_000)


def _post(client, url, payload, method="post"):
    return getattr(client, method)(url, data=json.dumps(payload), content_type="application/json")


def _group(world, **changes):
    fields = {
        "union_id": world.province.pk,
        "place_id": world.county.pk,
        "name": "省总工会驻和平区蹲点工作组",
        "start_on": date(2022, 3, 1),
        "end_on": date(2022, 12, 31),
        "funds": 1_500_000,
    }
    fields.update(changes)
    return services.group_create(actor=world.province_staff, **fields)


def test_create_a_group_through_the_api_and_read_it(world, as_user):
    client = as_user(world.province_staff)
    response = _post(
        client,
        "/api/v1/outreach/groups",
        {
            "union_id": world.province.pk,
            "place_id": world.county.pk,
            "name": "省总工会驻和平区蹲点工作组",
            "start_on": "2022-03-01",
            "end_on": "2022-12-31",
            "funds": 1_500_000,
            "leader": "王强",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["place_name"] == "和平区总工会" and body["funds"] == 1_500_000
    group_id = body["id"]
    assert (
        _post(
            client, f"/api/v1/outreach/groups/{group_id}/cadres", {"name": "李娜", "post": "组织部"}
        ).status_code
        == 201
    )
    r = _post(
        client,
        f"/api/v1/outreach/groups/{group_id}/interviews",
        {"held_on": "2022-04-02", "who": "workers", "people": 12},
    )
    assert r.status_code == 201, r.content
    got = client.get(f"/api/v1/outreach/groups/{group_id}").json()
    assert [c["name"] for c in got["cadres"]] == ["李娜"] and got["people_interviewed"] == 12
    listed = client.get("/api/v1/outreach/groups?year=2022").json()
    assert [g["id"] for g in listed["items"]] == [group_id]
    assert AuditEvent.objects.filter(action="group_create").count() == 1


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"end_on": date(2022, 2, 1)}, "end_on"),
        ({"name": "  "}, "name"),
        ({"funds": -5}, "funds"),
        ({"place_id": "和平区"}, "place_id"),
    ],
)
def test_bad_group_input_is_refused_and_nothing_written(world, changes, field):
    with pytest.raises(ServiceError) as exc:
        _group(world, **changes)
    assert field in exc.value.fields
    assert not StationingGroup.objects.exists() and not AuditEvent.objects.exists()


def test_the_place_must_lie_below_the_sending_federation(world):
    with pytest.raises(ServiceError) as exc:
        services.group_create(
            actor=world.county_staff,
            union_id=world.county.pk,
            place_id=world.sibling.pk,
            name="组",
            start_on=date(2022, 1, 1),
            end_on=date(2022, 2, 1),
        )
    assert "place_id" in exc.value.fields


def test_a_grassroots_union_sends_no_stationing_group(world):
    with pytest.raises(ServiceError) as exc:
        services.group_create(
            actor=world.cadre,
            union_id=world.grassroots.pk,
            place_id=world.grassroots.pk,
            name="组",
            start_on=date(2022, 1, 1),
            end_on=date(2022, 2, 1),
        )
    assert "union_id" in exc.value.fields


def test_api_bad_input_answers_with_the_field(world, as_user):
    client = as_user(world.province_staff)
    r = _post(
        client,
        "/api/v1/outreach/groups",
        {
            "union_id": world.province.pk,
            "place_id": world.county.pk,
            "name": "组",
            "start_on": "2022-05-01",
            "end_on": "2022-04-01",
        },
    )
    assert r.status_code == 400 and "end_on" in r.json()["fields"]
    assert not StationingGroup.objects.exists()


def test_results_are_links_to_real_unions_and_members_in_place_and_period(world):
    group = _group(world)
    founded = make_org(
        "和平区新建企业工会", "grassroots", world.township, "210102", founded_on=date(2022, 6, 1)
    )
    old = make_org("老工会", "grassroots", world.township, "210102", founded_on=date(2019, 6, 1))
    elsewhere = make_org(
        "沈河新工会", "grassroots", world.sibling, "210103", founded_on=date(2022, 6, 1)
    )
    services.credit_union(actor=world.province_staff, group_id=group.pk, org_id=founded.pk)
    for org in (old, elsewhere):
        with pytest.raises(ServiceError) as exc:
            services.credit_union(actor=world.province_staff, group_id=group.pk, org_id=org.pk)
        assert exc.value.code == "outside_place" and "org_id" in exc.value.fields
    # counted once: a second group cannot claim it
    other = _group(world, name="第二组")
    with pytest.raises(ServiceError) as exc:
        services.credit_union(actor=world.province_staff, group_id=other.pk, org_id=founded.pk)
    assert exc.value.code == "already_credited"

    new = make_member(founded, "赵敏", joined_on="2022-07-01")
    veteran = make_member(world.grassroots, "钱老", joined_on="2015-07-01")
    services.credit_member(actor=world.province_staff, group_id=group.pk, membership_id=new.pk)
    with pytest.raises(ServiceError):
        services.credit_member(
            actor=world.province_staff, group_id=group.pk, membership_id=veteran.pk
        )
    with pytest.raises(ServiceError):
        services.credit_member(actor=world.province_staff, group_id=other.pk, membership_id=new.pk)
    assert FoundedUnion.objects.count() == 1 and RecruitedMember.objects.count() == 1
    assert REGISTRY["outreach.unions_founded"].value(world.province.path, YEAR) == 1
    assert REGISTRY["outreach.members_recruited"].value(world.province.path, YEAR) == 1
    assert REGISTRY["outreach.groups"].value(world.province.path, YEAR) == 2
    assert REGISTRY["outreach.funds"].value(world.province.path, YEAR) == 3_000_000


def test_only_the_sending_federation_writes_the_group(world):
    group = _group(world)
    for actor in (world.county_staff, world.sibling_staff, world.city_leader, world.outsider):
        with pytest.raises(Http404):  # outside what they may change
            services.cadre_add(actor=actor, group_id=group.pk, name="冒名")
    assert not StationingCadre.objects.exists()


def test_an_interview_outside_the_period_is_refused(world):
    group = _group(world)
    with pytest.raises(ServiceError) as exc:
        services.interview_add(
            actor=world.province_staff,
            group_id=group.pk,
            held_on=date(2022, 1, 5),
            who="workers",
            people=3,
        )
    assert "held_on" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.interview_add(
            actor=world.province_staff,
            group_id=group.pk,
            held_on=date(2022, 5, 5),
            who="nobody",
            people=3,
        )
    assert "who" in exc.value.fields
    assert not Interview.objects.exists()


def test_group_pages(world, as_user):
    group = _group(world)
    client = as_user(world.province_staff)
    assert "省总工会驻和平区蹲点工作组" in client.get("/outreach/groups/").content.decode()
    csv = b"".join(client.get("/outreach/groups/?export=csv").streaming_content).decode("utf-8-sig")
    assert "省总工会驻和平区蹲点工作组" in csv
    page = client.get(f"/outreach/groups/{group.pk}/").content.decode()
    assert "添加" in page or "Add the cadre" in page
    r = client.post(f"/outreach/groups/{group.pk}/cadres/", {"name": "张伟", "post": "组织部"})
    assert r.status_code == 302 and group.cadres.count() == 1
    r = client.post(f"/outreach/groups/{group.pk}/cadres/", {"name": ""})
    assert r.status_code == 400 and group.cadres.count() == 1
    r = client.post(
        "/outreach/groups/new/",
        {
            "union": world.province.name,
            "place": world.county.name,
            "name": "第二组",
            "start_on": "2022-05-01",
            "end_on": "2022-04-01",
        },
    )
    assert r.status_code == 400 and StationingGroup.objects.count() == 1
    r = client.post(
        "/outreach/groups/new/",
        {
            "union": world.province.name,
            "place": world.county.name,
            "name": "第二组",
            "start_on": "2022-03-01",
            "end_on": "2022-04-01",
            "funds": "12000.50",
        },
    )
    assert r.status_code == 302
    assert StationingGroup.objects.get(name="第二组").funds == 1_200_050
    # yuan as people type them; a third decimal is refused on the field, nothing written
    third = {
        "union": world.province.name,
        "place": world.county.name,
        "start_on": "2022-03-01",
        "end_on": "2022-04-01",
    }
    r = client.post("/outreach/groups/new/", {**third, "name": "第三组", "funds": "¥3,000"})
    assert r.status_code == 302 and StationingGroup.objects.get(name="第三组").funds == 300_000
    r = client.post("/outreach/groups/new/", {**third, "name": "第四组", "funds": "12.345"})
    assert r.status_code == 400 and "最多保留两位小数" in r.content.decode()
    assert not StationingGroup.objects.filter(name="第四组").exists()
    # a county's staff see no page of the province's group
    assert as_user(world.sibling_staff).get(f"/outreach/groups/{group.pk}/").status_code == 404


def test_member_credit_page_by_member_number(world, as_user):
    group = _group(world)
    founded = make_org(
        "新工会", "grassroots", world.township, "210102", founded_on=date(2022, 6, 1)
    )
    m = make_member(founded, "孙丽", joined_on="2022-06-10")
    client = as_user(world.province_staff)
    r = client.post(f"/outreach/groups/{group.pk}/unions/", {"org": founded.pk})
    assert r.status_code == 302, r.content.decode()[:500]
    r = client.post(f"/outreach/groups/{group.pk}/members/", {"number": "no-such"})
    assert r.status_code == 400
    r = client.post(f"/outreach/groups/{group.pk}/members/", {"number": m.number})
    assert r.status_code == 302
    assert group.recruited_members.get().membership == m


def test_a_group_visit_recorded_on_the_visit_page_counts_as_an_enterprise_visited(world, as_user):
    group = _group(world)
    client = as_user(world.province_staff)
    page = client.get("/outreach/visits/new/").content.decode()
    assert group.name in page  # the groups the actor writes for are offered
    data = {
        "union": world.province.name,
        "visitor": "王强",
        "visited_on": "2022-06-01",
        "enterprise": world.enterprise.credit_code,
        "workers_met": "9",
        "group": str(group.pk),
        "problems-TOTAL_FORMS": "0",
        "problems-INITIAL_FORMS": "0",
        "problems-MIN_NUM_FORMS": "0",
        "problems-MAX_NUM_FORMS": "20",
    }
    assert client.post("/outreach/visits/new/", data).status_code == 302
    assert REGISTRY["outreach.enterprises"].value(world.province.path, YEAR) == 1
    assert world.enterprise.name in client.get(f"/outreach/groups/{group.pk}/").content.decode()
    hub = client.get("/outreach/?year=2022").content.decode()
    assert "蹲点工作组" in hub or "stationing groups" in hub


def test_the_group_list_counts_each_kind_of_result_once(world):
    """The list's columns count cadres, unions founded, members recruited and people
    interviewed of each group on their own: with several of each, no count is multiplied
    by another (they are counted apart, not over one join of all four)."""
    from gonghui.outreach.selectors import group_list

    group, empty = _group(world), _group(world, name="第二组")
    staff = world.province_staff
    for name in ("张三", "李四"):
        StationingCadre.objects.create(group=group, name=name)
    for k in range(3):
        org = make_org(f"新建工会{k}", "grassroots", world.township, "210102")
        FoundedUnion.objects.create(group=group, org=org, created_by=staff)
        for n in range(2):
            member = make_member(org, f"新会员{k}{n}", joined_on="2022-07-01")
            RecruitedMember.objects.create(group=group, membership=member, created_by=staff)
    for people in (5, 6):
        Interview.objects.create(
            group=group, held_on=date(2022, 5, 1), who="workers", people=people, created_by=staff
        )
    rows = {g.pk: g for g in group_list(actor=staff)}
    counted = rows[group.pk]
    assert (counted.cadre_count, counted.union_count, counted.member_count) == (2, 3, 6)
    assert counted.interviewed == 11
    assert (rows[empty.pk].cadre_count, rows[empty.pk].interviewed) == (0, 0)
    by_members = list(group_list(actor=staff).order_by("-member_count", "id"))
    assert by_members[0] == group


def test_the_group_list_api_counts_results_and_the_group_lists_them(world, as_user):
    """A province's 100 groups recruited 37,606 members: the list API counts each group's
    results in the database and lists them on the group's own route only (the list once
    read every recruited member's id and wrote them out on every page: 1.3 s)."""
    from tests.queries import same_queries_for_more_rows

    staff = world.province_staff
    client = as_user(staff)

    def make(n):
        group = _group(world, name=f"第{n}组")
        StationingCadre.objects.create(group=group, name=f"干部{n}")
        for k in range(n % 3):
            org = make_org(f"新建工会{n}{k}", "grassroots", world.township, "210102")
            FoundedUnion.objects.create(group=group, org=org, created_by=staff)
            member = make_member(org, f"新会员{n}{k}", joined_on="2022-07-01")
            RecruitedMember.objects.create(group=group, membership=member, created_by=staff)
        Interview.objects.create(
            group=group, held_on=date(2022, 5, 1), who="workers", people=n, created_by=staff
        )
        return group

    # the queries do not grow with the groups, nor with their results
    page = same_queries_for_more_rows(client, "/api/v1/outreach/groups?limit=50", make)
    rows = {row["name"]: row for row in page["items"]}
    assert {name: rows[name]["members_recruited"] for name in ("第0组", "第1组", "第5组")} == {
        "第0组": 0,
        "第1组": 1,
        "第5组": 2,
    }
    fifth = rows["第5组"]
    assert (fifth["unions_founded"], fifth["people_interviewed"]) == (2, 5)
    assert [c["name"] for c in fifth["cadres"]] == ["干部5"]
    assert "recruited_membership_ids" not in fifth and "founded_union_ids" not in fifth
    # the group's own route lists them
    group = client.get(f"/api/v1/outreach/groups/{fifth['id']}").json()
    recruited = RecruitedMember.objects.filter(group_id=fifth["id"])
    assert sorted(group["recruited_membership_ids"]) == sorted(
        recruited.values_list("membership_id", flat=True)
    )
    assert len(group["founded_union_ids"]) == 2 and group["people_interviewed"] == 5
