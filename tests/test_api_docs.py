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
        # 400 on reads too: a rule refuses a period that ends before it starts.
        expected = {"400", "401", "404", "409", "422", "429"} | (
            {"403"} if method != "get" else set()
        )
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


def _resolve(spec, schema):
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rpartition("/")[2]]
    return schema


def test_each_body_is_documented_as_the_code_reads_it(world, as_user):
    """Two capabilities' `RevealIn` (and `CloseIn`, ...) were one component: the aid file's
    reveal documented the member's body, so a client built from the document was refused."""
    from gonghui.core.api import api

    spec = as_user(world.province_staff).get("/api/v1/openapi.json").json()
    checked = 0
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            url = f"/api/v1{prefix.rstrip('/')}{path}"
            for operation in path_view.operations:
                body = next(
                    (m for m in operation.models if m.__ninja_param_source__ == "body"), None
                )
                if body is None or url not in spec["paths"]:
                    continue
                (field,) = body.model_fields.values()  # ninja wraps the payload model
                model = getattr(field.annotation, "model_json_schema", None)
                if model is None:
                    continue
                for method in operation.methods:
                    documented = spec["paths"][url][method.lower()]["requestBody"]["content"]
                    schema = _resolve(spec, documented["application/json"]["schema"])
                    wanted = model(by_alias=True)
                    assert set(schema.get("properties", {})) == set(wanted["properties"]), url
                    assert set(schema.get("required", [])) == set(wanted.get("required", [])), url
                    checked += 1
    assert checked > 50
    reveal = spec["paths"]["/api/v1/aid/files/{file_id}/reveal"]["post"]["requestBody"]
    people = spec["paths"]["/api/v1/people/{person_id}/reveal"]["post"]["requestBody"]
    assert reveal != people


def test_an_id_past_the_database_integers_is_422_naming_it(world, as_user):
    client = as_user(world.province_staff)
    for url in (f"/api/v1/orgs/{2**70}", "/api/v1/orgs/0", f"/api/v1/members/{2**63}"):
        response = client.get(url, headers={"accept-language": "en"})
        assert response.status_code == 422, url
        assert list(response.json()["fields"]) in (["org_id"], ["membership_id"])
    response = client.delete(f"/api/v1/activities/{2**70}/photos/1")
    assert response.status_code == 422 and "activity_id" in response.json()["fields"]
    spec = client.get("/api/v1/openapi.json").json()
    (param,) = spec["paths"]["/api/v1/orgs/{org_id}"]["get"]["parameters"]
    assert param["schema"]["minimum"] == 1 and param["schema"]["maximum"] == 2**63 - 1
