"""The document says what the services take (issue 22, item 2): each rule that
tests/test_api_contract.py found refused behind a schema that allowed it is now in the
schema, written the one way core/api.py offers, and refused with 422 naming the field."""

import re
from typing import Annotated

import pytest
from pydantic import TypeAdapter, ValidationError

from gonghui import urls  # noqa: F401  (registers every router on the API)
from gonghui.core import cleaning
from gonghui.core.api import PHONE_PATTERN, IdempotencyKey, api, required_text
from gonghui.core.errors import ServiceError
from gonghui.core.validators import normalize_phone
from gonghui.honours.services import PHONE

NotBlank = TypeAdapter(Annotated[str, required_text(50)])


@pytest.fixture(scope="module")
def document():
    return api.get_openapi_schema()


# Every space str.strip() removes, and the separators \x1c-\x1f that regex engines keep.
SPACES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u3000", "\u2028"]


@pytest.mark.parametrize("value", [*SPACES, "".join(SPACES), " \u3000 "])
def test_text_of_spaces_is_refused_by_the_schema_as_by_the_service(value):
    with pytest.raises(ServiceError):
        cleaning.text(value, field="name", required=True)
    with pytest.raises(ValidationError):
        NotBlank.validate_python(value)


@pytest.mark.parametrize("value", ["王", " 王 ", "\u3000张三\u3000", "a\x1cb", "0"])
def test_text_with_a_character_is_taken_by_both(value):
    assert cleaning.text(value, field="name", required=True)
    assert NotBlank.validate_python(value) == value


@pytest.mark.parametrize(
    "value", ["", "13900000002", "+8613900000002", "8613900000002", "024-23456789", "02423456789"]
)
def test_a_phone_the_schema_takes_the_service_takes(value):
    assert re.search(PHONE_PATTERN, value)
    assert value == "" or PHONE.match(normalize_phone(value))


@pytest.mark.parametrize("value", ["1390000000", "12900000002", "139 0000 0002x", "phone"])
def test_a_phone_the_service_refuses_the_schema_refuses(value):
    assert not re.search(PHONE_PATTERN, value)


@pytest.mark.parametrize("value", ["short", "has space!", "x" * 101, "键值键值键值键值"])
def test_an_idempotency_key_out_of_its_grammar_is_refused(value):
    with pytest.raises(ValidationError):
        TypeAdapter(IdempotencyKey).validate_python(value)


def test_the_division_codes_are_one_component_every_region_field_refers_to(document):
    components = document["components"]["schemas"]
    codes = components["RegionCode"]["enum"]
    assert {"210000", "210102", "220102"} <= set(codes) and len(codes) > 3000
    ref = {"$ref": "#/components/schemas/RegionCode"}
    org_in = next(v for k, v in components.items() if k.startswith("OrgIn"))
    assert org_in["properties"]["region"]["anyOf"][0] == ref
    station_in = next(v for k, v in components.items() if k.startswith("StationIn"))
    assert station_in["properties"]["region"]["anyOf"][0] == ref
    assert "x-gonghui-component" not in str(document)


@pytest.mark.parametrize(
    "query,field", [("lat=95&lng=120", "lat"), ("lat=41.8&lng=-181", "lng"), ("lat=0&lng=0", "lat")]
)
def test_a_point_outside_china_is_out_of_range_however_far(db, client, query, field):
    """The document takes any number; every point outside China, on the globe or off it,
    is the one refusal `out_of_range` (it was `invalid` off the globe, issue 22)."""
    body = client.get(f"/api/v1/stations/nearest?{query}").json()
    assert body["code"] == "out_of_range" and field in body["fields"]


def test_a_reveal_without_a_purpose_is_422_and_reveals_nothing(world, as_user):
    from gonghui.core.models import SensitiveRead
    from tests.factories import make_member

    person = make_member(world.grassroots).person
    client = as_user(world.county_staff)
    before = SensitiveRead.objects.count()
    response = client.post(
        f"/api/v1/people/{person.pk}/reveal",
        {"field": "phone", "purpose": " \u3000 "},
        content_type="application/json",
    )
    assert response.status_code == 422 and "purpose" in response.json()["fields"]
    assert SensitiveRead.objects.count() == before


def test_a_letter_cannot_be_answered_with_pending(document):
    rectification = next(
        v for k, v in document["components"]["schemas"].items() if k.startswith("RectificationIn")
    )["properties"]["rectification"]
    assert "pending" not in rectification["enum"] and "rectified" in rectification["enum"]


def test_a_score_is_a_number_of_two_decimals_in_the_document(document):
    result_in = document["components"]["schemas"]["ResultIn"]["properties"]["score"]
    number = result_in["anyOf"][0]
    assert number == {"type": "number", "minimum": 0, "maximum": 1000.0, "multipleOf": 0.01}
