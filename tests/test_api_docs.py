"""The API describes itself, and its docs page loads nothing from outside."""

import re


def test_openapi_lists_the_endpoints(world, client):
    client.force_login(world.county_staff)
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    for path in [
        "/api/v1/orgs",
        "/api/v1/orgs/{org_id}",
        "/api/v1/orgs/{org_id}/move",
        "/api/v1/enterprises",
        "/api/v1/regions",
        "/api/v1/me",
    ]:
        assert path in spec["paths"], path


def test_docs_page_uses_only_local_assets(client):
    html = client.get("/api/docs").content.decode()
    assert "swagger" in html.lower()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), urls


def test_regions_are_gb2260(world, as_user):
    client = as_user(world.cadre)
    cities = client.get("/api/v1/regions?parent=210000&limit=100").json()
    assert cities["count"] == 14
    assert {"沈阳市", "大连市", "葫芦岛市"} <= {r["name"] for r in cities["items"]}
    hunnan = client.get("/api/v1/regions?q=210112").json()["items"][0]
    assert hunnan["name"] == "浑南区" and hunnan["parent_id"] == "210100"


def test_every_operation_declares_its_errors_in_the_error_shape(world, as_user):
    spec = as_user(world.county_staff).get("/api/v1/openapi.json").json()
    error = spec["components"]["schemas"]["Error"]
    assert set(error["required"]) == {"code", "message", "fields"}
    operations = [(m, p, op) for p, ops in spec["paths"].items() for m, op in ops.items()]
    assert len(operations) > 100
    for method, path, operation in operations:
        expected = {"401", "404", "422", "429"} | ({"400", "409"} if method != "get" else set())
        assert expected <= set(operation["responses"]), (method, path)
        for status in expected:
            content = operation["responses"][status]["content"]["application/json"]
            assert content["schema"] == {"$ref": "#/components/schemas/Error"}, (path, status)


def test_an_error_answered_has_the_declared_shape(world, as_user):
    client = as_user(world.county_staff)
    for response in (
        client.get("/api/v1/orgs/999999999"),  # 404
        client.get("/api/v1/orgs?limit=0"),  # 422
        client.post(
            "/api/v1/orgs", data="{}", content_type="application/json"
        ),  # 422: fields missing
    ):
        body = response.json()
        assert set(body) == {"code", "message", "fields"}, (response.status_code, body)
        assert isinstance(body["fields"], dict) and body["message"]
