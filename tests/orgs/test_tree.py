"""The organization tree: creating, editing and moving keep every path right."""

import json

import pytest

from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.orgs import selectors, services
from gonghui.orgs.models import Organization, OrgKind

from ..factories import credit_code, make_org


def _paths_consistent():
    for org in Organization.objects.select_related("parent"):
        expected = f"{org.parent.path if org.parent else '/'}{org.pk}/"
        assert org.path == expected, org
        assert org.depth == (org.parent.depth + 1 if org.parent else 0), org


def test_create_under_parent_sets_path_and_audits(world):
    org = services.org_create(
        actor=world.county_staff,
        name="新华街道工会",
        kind=OrgKind.TOWNSHIP,
        parent_id=world.county.pk,
        region="210102",
    )
    assert org.path == f"{world.county.path}{org.pk}/"
    assert org.depth == world.county.depth + 1
    assert org.name_pinyin.startswith("xinhuajiedaogonghui")
    event = AuditEvent.objects.get(action="create", target_id=str(org.pk))
    assert event.actor == world.county_staff and event.changes["name"] == "新华街道工会"


def test_move_subtree_rewrites_every_path(world):
    deep = make_org("车间分工会", OrgKind.GRASSROOTS, world.township)
    services.org_move(
        actor=world.province_staff, org_id=world.township.pk, new_parent_id=world.sibling.pk
    )
    world.township.refresh_from_db()
    deep.refresh_from_db()
    assert world.township.path == f"{world.sibling.path}{world.township.pk}/"
    assert deep.path == f"{world.township.path}{deep.pk}/"
    assert deep.depth == world.township.depth + 1
    _paths_consistent()
    # The county no longer counts the moved subtree; the sibling does.
    assert selectors.subtree_counts(world.county)["grassroots"] == 0
    assert selectors.subtree_counts(world.sibling)["grassroots"] == 3
    assert AuditEvent.objects.filter(action="move", target_id=str(world.township.pk)).exists()


def test_move_into_own_subtree_is_refused(world, as_user):
    before = list(Organization.objects.values_list("pk", "path", "parent_id"))
    response = as_user(world.province_staff).post(
        f"/api/v1/orgs/{world.county.pk}/move",
        data=json.dumps({"new_parent_id": world.township.pk}),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "cycle"
    assert "new_parent_id" in response.json()["fields"]
    assert list(Organization.objects.values_list("pk", "path", "parent_id")) == before


def test_cannot_move_own_root(world):
    with pytest.raises(ServiceError) as exc:
        services.org_move(
            actor=world.county_staff, org_id=world.county.pk, new_parent_id=world.sibling.pk
        )
    assert exc.value.code == "forbidden"
    world.county.refresh_from_db()
    assert world.county.parent == world.city


def test_search_by_pinyin_initials_and_full(world):
    names = lambda q: {o.name for o in selectors.org_list(actor=world.province_staff, q=q)}  # noqa: E731
    assert "沈阳市总工会" in names("syszgh")
    assert "沈阳市总工会" in names("shenyangshi")
    assert "沈河区总工会" in names("沈河")
    assert names("syszgh") == {"沈阳市总工会"}


def test_subtree_counts(world):
    counts = selectors.subtree_counts(world.city)
    assert counts["county"] == 2 and counts["township"] == 1 and counts["grassroots"] == 2
    assert counts["total"] == 5 and counts["enterprises"] == 1


BAD_CREATES = [
    (
        {"name": "坏代码工会", "kind": "township", "credit_code": "81210102MA0000000X"},
        "credit_code",
    ),
    ({"name": "企业代码工会", "kind": "township", "credit_code": None}, "credit_code"),
    ({"name": "无上级工会", "kind": "township", "parent_id": 999999}, "parent_id"),
    ({"name": "名" * 101, "kind": "township"}, "name"),
    ({"name": "", "kind": "township"}, "name"),
    ({"name": "类型错", "kind": "planet"}, "kind"),
    ({"name": "层级错", "kind": "city"}, "parent"),
    ({"name": "上级类型错", "kind": "township", "parent_id": "abc"}, "parent_id"),
    ({"name": "地区错", "kind": "township", "region": "999999"}, "region"),
    ({"name": "地区格式错", "kind": "township", "region": "21"}, "region"),
    ({"name": "日期错", "kind": "township", "founded_on": "2022-13-40"}, "founded_on"),
]


@pytest.mark.parametrize(
    "payload,field", BAD_CREATES, ids=[b[1] + str(i) for i, b in enumerate(BAD_CREATES)]
)
def test_bad_create_gets_field_error_and_changes_nothing(world, as_user, payload, field):
    payload = {"parent_id": world.county.pk, **payload}
    if field == "credit_code" and payload["credit_code"] is None:
        payload["credit_code"] = credit_code("91")  # valid, but a company's, not a union's
    orgs, events = Organization.objects.count(), AuditEvent.objects.count()
    response = as_user(world.county_staff).post(
        "/api/v1/orgs", data=json.dumps(payload), content_type="application/json"
    )
    assert 400 <= response.status_code < 500, response.content
    body = response.json()
    assert field in body["fields"], body
    assert body["message"]
    assert Organization.objects.count() == orgs and AuditEvent.objects.count() == events


def test_errors_come_in_the_callers_language(world, as_user):
    client = as_user(world.county_staff)
    payload = json.dumps(
        {
            "name": "x",
            "kind": "township",
            "parent_id": world.county.pk,
            "credit_code": "81210102MA0000000X",
        }
    )
    zh = client.post(
        "/api/v1/orgs",
        data=payload,
        content_type="application/json",
        headers={"accept-language": "zh-hans"},
    ).json()
    en = client.post(
        "/api/v1/orgs",
        data=payload,
        content_type="application/json",
        headers={"accept-language": "en"},
    ).json()
    assert "check character" in en["fields"]["credit_code"][0]
    assert en["fields"]["credit_code"][0] != zh["fields"]["credit_code"][0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in zh["fields"]["credit_code"][0])


def test_duplicate_credit_code_refused(world, as_user):
    code = credit_code("81")
    services.org_create(
        actor=world.county_staff,
        name="甲公司工会",
        kind=OrgKind.GRASSROOTS,
        parent_id=world.county.pk,
        credit_code=code,
    )
    response = as_user(world.county_staff).post(
        "/api/v1/orgs",
        content_type="application/json",
        data=json.dumps(
            {
                "name": "乙公司工会",
                "kind": "grassroots",
                "parent_id": world.county.pk,
                "credit_code": code,
            }
        ),
    )
    assert response.status_code == 400 and "credit_code" in response.json()["fields"]
    assert not Organization.objects.filter(name="乙公司工会").exists()


def test_update_records_history(world, as_user):
    response = as_user(world.county_staff).patch(
        f"/api/v1/orgs/{world.township.pk}",
        content_type="application/json",
        data=json.dumps({"name": "南湖街道总工会", "founded_on": "2001-05-01"}),
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="update", target_id=str(world.township.pk))
    assert event.changes["name"] == ["南湖街道工会", "南湖街道总工会"]
    assert event.changes["founded_on"] == [None, "2001-05-01"]


def test_read_only_roles_cannot_write(world, as_user):
    response = as_user(world.city_leader).patch(
        f"/api/v1/orgs/{world.county.pk}",
        content_type="application/json",
        data=json.dumps({"name": "改名"}),
    )
    assert response.status_code == 404
    world.county.refresh_from_db()
    assert world.county.name == "和平区总工会"


def test_list_filters_sorts_and_paginates(world, as_user):
    client = as_user(world.province_staff)
    body = client.get("/api/v1/orgs?kind=county&sort=-name").json()
    assert [i["name"] for i in body["items"]] == ["沈河区总工会", "和平区总工会"]
    assert body["count"] == 2
    page = client.get("/api/v1/orgs?limit=2&offset=0").json()
    assert len(page["items"]) == 2 and page["count"] == 7
    bad = client.get("/api/v1/orgs?sort=password")
    assert bad.status_code == 422 and "sort" in bad.json()["fields"]


def test_a_renamed_organization_is_found_by_its_new_pinyin(world, as_user):
    # The update saves only the fields that changed; the name's pinyin goes with it.
    response = as_user(world.county_staff).patch(
        f"/api/v1/orgs/{world.township.pk}",
        content_type="application/json",
        data=json.dumps({"name": "新华街道工会"}),
    )
    assert response.status_code == 200
    names = {o.name for o in selectors.org_list(actor=world.county_staff, q="xhjdgh")}
    assert names == {"新华街道工会"}


def test_a_field_that_cannot_be_changed_is_refused_and_nothing_changes(world):
    with pytest.raises(ServiceError) as exc:
        services.org_update(
            actor=world.county_staff, org_id=world.township.pk, name="改名", path="/x/"
        )
    assert "path" in exc.value.fields
    world.township.refresh_from_db()
    assert world.township.name == "南湖街道工会"
