"""Numbers out of range, malformed or a literal null get 422 naming the field on the API
(and a clear message on the page), never a 500 (issue 23, item 9)."""

import re

import pytest

from gonghui import urls  # noqa: F401  (registers every router on the API)
from gonghui.core.api import api


def _list_routes() -> list[str]:
    """Every GET operation that pages its results with limit/offset."""
    routes = []
    for prefix, router in api._routers:
        for path, path_view in router.path_operations.items():
            for operation in path_view.operations:
                contributed = getattr(operation.view_func, "_ninja_contribute_args", None) or []
                if "GET" in operation.methods and any(
                    arg[0] == "ninja_pagination" for arg in contributed
                ):
                    routes.append(f"/api/v1{prefix.rstrip('/')}{path}")
    return sorted(routes)


LIST_ROUTES = _list_routes()


@pytest.fixture
def world(module_world, db):
    """The module's one world: 800 requests that are refused, and a few writes, each
    undone after its test."""
    return module_world


def test_the_walk_finds_the_list_apis():
    assert len(LIST_ROUTES) >= 19
    assert "/api/v1/members" in LIST_ROUTES and "/api/v1/aid/files" in LIST_ROUTES


@pytest.mark.parametrize("route", LIST_ROUTES)
@pytest.mark.parametrize(
    "query,field",
    [
        ("offset=9223372036854775808", "offset"),
        (f"offset={10**30}", "offset"),
        ("offset=-1", "offset"),
        ("offset=null", "offset"),
        ("limit=-1", "limit"),
        ("limit=501", "limit"),  # past the documented page size (settings)
        (f"limit={2**63}", "limit"),
        ("limit=null", "limit"),
    ],
)
def test_paging_numbers_out_of_range_are_422(world, as_user, route, query, field):
    # Path ids only need to parse: the query is validated before anything is looked up.
    url = re.sub(r"\{[^}]+\}", "1", route)
    response = as_user(world.province_staff).get(
        f"{url}?{query}", headers={"accept-language": "en"}
    )
    assert response.status_code == 422, (url, query, response.content[:300])
    body = response.json()
    assert body["code"] == "invalid" and field in body["fields"], body


def test_the_page_size_cap_is_documented_and_the_cap_itself_answers(world, as_user):
    from gonghui.core.api import MAX_LIMIT

    assert MAX_LIMIT == 500
    schema = as_user(world.province_staff).get("/api/v1/openapi.json").json()
    limit = next(
        p for p in schema["paths"]["/api/v1/members"]["get"]["parameters"] if p["name"] == "limit"
    )
    assert limit["schema"]["maximum"] == MAX_LIMIT
    assert as_user(world.province_staff).get("/api/v1/members?limit=500").status_code == 200


def test_a_deep_offset_is_refused_saying_what_to_do_instead(world, as_user):
    from gonghui.core.api import MAX_PAGE_OFFSET

    client = as_user(world.province_staff)
    response = client.get(f"/api/v1/members?offset={MAX_PAGE_OFFSET}")
    assert response.status_code == 200 and response.json()["items"] == []
    response = client.get(
        f"/api/v1/members?offset={MAX_PAGE_OFFSET + 1}", headers={"accept-language": "en"}
    )
    assert response.status_code == 422
    (message,) = response.json()["fields"]["offset"]
    assert "10000" in message and "filters" in message and "`after`" in message
    zh = client.get(f"/api/v1/aid/files?offset={MAX_PAGE_OFFSET + 1}")
    assert "筛选" in zh.json()["fields"]["offset"][0]
    schema = client.get("/api/v1/openapi.json").json()
    for route in LIST_ROUTES:
        (offset,) = [
            p for p in schema["paths"][route]["get"]["parameters"] if p["name"] == "offset"
        ]
        assert offset["schema"]["maximum"] == MAX_PAGE_OFFSET, route


@pytest.mark.parametrize(
    "url,field",
    [
        ("/api/v1/aid/files?union_id=null", "union_id"),
        ("/api/v1/stations?union_id=null", "union_id"),
        ("/api/v1/campaigns?year=null", "year"),
    ],
)
def test_a_literal_null_is_422_naming_the_field(world, as_user, url, field):
    response = as_user(world.province_staff).get(url, headers={"accept-language": "en"})
    assert response.status_code == 422
    assert response.json()["fields"] == {field: ["Enter a whole number."]}


@pytest.mark.parametrize(
    "year,message",
    [
        ("0", "Must be at least 1."),
        ("10000", "Must be at most 9999."),
        (str(2**63), "Must be at most 9999."),
        ("-1", "Must be at least 1."),
        ("null", "Enter a whole number."),
        ("2022.5", "Enter a whole number."),
    ],
)
def test_campaign_year_out_of_range_on_the_api(world, as_user, year, message):
    response = as_user(world.province_staff).get(
        f"/api/v1/campaigns?year={year}", headers={"accept-language": "en"}
    )
    assert response.status_code == 422
    assert response.json()["fields"] == {"year": [message]}


@pytest.mark.parametrize("year", ["0", "10000", str(2**63), "null", "-1", "二〇二二"])
def test_campaign_year_out_of_range_on_the_page(world, as_user, year):
    from datetime import date

    from gonghui.campaigns import services

    services.campaign_create(
        actor=world.province_staff,
        name="2022年送温暖",
        kind="winter",
        owner_id=world.province.pk,
        starts_on=date(2022, 12, 1),
        ends_on=date(2023, 2, 28),
        budget=100_00,
    )
    client = as_user(world.province_staff)
    page = client.get(f"/campaigns/?year={year}", headers={"accept-language": "en"})
    assert page.status_code == 400
    html = page.content.decode()
    assert "Enter a year from 1 to 9999." in html and "2022年送温暖" in html  # unfiltered
    zh = client.get(f"/campaigns/?year={year}", headers={"accept-language": "zh-hans"})
    assert "请输入 1 到 9999 之间的年份。" in zh.content.decode()
    # No export of a list the user did not ask for.
    assert client.get(f"/campaigns/?year={year}&export=csv").status_code == 400


def test_a_year_in_range_still_filters(world, as_user):
    from datetime import date

    from gonghui.campaigns import services

    services.campaign_create(
        actor=world.province_staff,
        name="2022年送温暖",
        kind="winter",
        owner_id=world.province.pk,
        starts_on=date(2022, 12, 1),
        ends_on=date(2023, 2, 28),
        budget=100_00,
    )
    client = as_user(world.province_staff)
    for year, found in [(1, 0), (2023, 1), (9999, 0)]:
        assert client.get(f"/api/v1/campaigns?year={year}").json()["count"] == found
        page = client.get(f"/campaigns/?year={year}")
        assert page.status_code == 200 and ("2022年送温暖" in page.content.decode()) == bool(found)


@pytest.mark.one_db
def test_an_amount_is_a_json_whole_number_up_to_the_ceiling():
    """JSON's 1500.0 is the integer 1500 (a schema-driven client may send it); text, a
    boolean, a fraction or more than check_fen allows are refused, as the schema says."""
    from ninja import Schema
    from pydantic import ValidationError

    from gonghui.core.money import MAX_FEN, Fen

    class Amount(Schema):
        amount: Fen

    assert Amount.model_validate({"amount": 1500.0}).amount == 1500
    assert Amount.model_validate({"amount": MAX_FEN}).amount == MAX_FEN
    for bad in ("1500", True, 12.5, 0, MAX_FEN + 1):
        with pytest.raises(ValidationError):
            Amount.model_validate({"amount": bad})
    documented = Amount.model_json_schema()["properties"]["amount"]
    assert (documented["type"], documented["minimum"], documented["maximum"]) == (
        "integer",
        1,
        MAX_FEN,
    )


@pytest.mark.parametrize(
    "url,field",
    [
        (f"/api/v1/disbursements?campaign_id={2**70}", "campaign_id"),
        (f"/api/v1/members?union_id={2**63}", "union_id"),
        ("/api/v1/competitions?year=-473171", "year"),
        (f"/api/v1/outreach/groups?year={2**70}", "year"),
        (f"/api/v1/outreach/courses?year={2**70}", "year"),
    ],
)
def test_a_number_past_what_the_database_holds_is_422_naming_it(world, as_user, url, field):
    """Found by the contract test: these answered 500 (SQLite cannot bind the number,
    a year past 9999 is no date); every whole number in a schema is bounded now."""
    response = as_user(world.province_staff).get(url)
    assert response.status_code == 422, (url, response.content[:200])
    assert field in response.json()["fields"]


def test_a_consent_for_a_person_id_past_bigint_is_422(world, as_user):
    response = as_user(world.province_staff).post(
        "/api/v1/aid/consents",
        {"person_id": 2**70, "given_by": "本人", "consented": True},
        content_type="application/json",
    )
    assert response.status_code == 422 and "person_id" in response.json()["fields"]
