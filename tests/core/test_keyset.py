"""The big lists page by key at any depth (issue 22, item 3): `after=0`, then each page's
`next`, visits every row once, in the scope and filters of the list, without a count."""

from ..factories import id_number, make_member


def test_paging_by_key_visits_every_member_once(world, as_user):
    born = ["19500101", "20000229", "19800315", "19650720", "19921111", "19771203", "20010606"]
    for i, birth in enumerate(born):
        make_member(world.grassroots, f"会员{i}", number_id=id_number(birth))
    make_member(world.sibling_grassroots, "邻区会员", number_id=id_number("19880808", "210103"))
    client = as_user(world.county_staff)  # 和平区: not the sibling district's member

    seen, after, pages = [], 0, 0
    while after is not None:
        page = client.get(f"/api/v1/members?after={after}&limit=3").json()
        assert page["count"] is None and len(page["items"]) <= 3
        seen += [m["id"] for m in page["items"]]
        after, pages = page["next"], pages + 1
    offset_pages = client.get("/api/v1/members?limit=100").json()
    assert sorted(seen) == seen and len(set(seen)) == len(seen) == 7 == offset_pages["count"]
    assert set(seen) == {m["id"] for m in offset_pages["items"]} and pages == 3
    assert offset_pages["next"] is None

    # The list's filters hold while paging by key.
    riders = client.get("/api/v1/members?after=0&q=会员1").json()
    assert [m["name"] for m in riders["items"]] == ["会员1"]


def test_paging_by_key_is_documented_on_the_big_lists(world, as_user):
    spec = as_user(world.province_staff).get("/api/v1/openapi.json").json()
    for route in (
        "/api/v1/members",
        "/api/v1/aid/files",
        "/api/v1/disbursements",
        "/api/v1/audit",
        "/api/v1/activities",
        "/api/v1/welfare/enrolments",
        "/api/v1/welfare/claims",
        "/api/v1/employment/services",
    ):
        operation = spec["paths"][route]["get"]
        after = next(p for p in operation["parameters"] if p["name"] == "after")
        assert after["schema"]["anyOf"][0]["minimum"] == 0 and "next" in after["description"]
        page = operation["responses"]["200"]["content"]["application/json"]["schema"]
        while "$ref" in page:
            page = spec["components"]["schemas"][page["$ref"].rpartition("/")[2]]
        assert {"items", "count", "next"} <= set(page["properties"])


def test_a_bad_key_is_422_naming_after(world, as_user):
    client = as_user(world.province_staff)
    for bad in ("-1", "x", "null", str(2**63)):
        response = client.get(f"/api/v1/aid/files?after={bad}")
        assert response.status_code == 422 and "after" in response.json()["fields"], bad
