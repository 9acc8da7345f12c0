"""core.apirows builds a list page's rows without validating those that need none; its
rows are the ones ninja's own validation writes, and a row that needs validation gets it."""

from datetime import date
from types import SimpleNamespace

import pytest
from ninja import Field, Schema

from gonghui.core.apirows import plan_for
from gonghui.members.models import MembershipStatus

pytestmark = pytest.mark.one_db


class Step(Schema):
    n: int
    label: str


class Row(Schema):
    id: int
    name: str = Field(alias="person.name")
    joined_on: date
    note: str | None = None
    score: float
    upper: str
    steps: list[Step]

    @staticmethod
    def resolve_upper(obj):
        return obj.code.upper()


def obj(**changes):
    values = dict(
        id=7,
        person=SimpleNamespace(name="王强"),
        joined_on=date(2024, 3, 1),
        score=1.5,
        code="ab",
        steps=[SimpleNamespace(n=1, label="立案")],
    )
    return SimpleNamespace(**{**values, **changes})


def same(o):
    fast = plan_for(Row).row(o, {}).model_dump()
    assert fast == Row.model_validate(o).model_dump()
    return fast


def test_a_plain_row_is_built_as_ninja_validates_it():
    assert same(obj()) == {
        "id": 7,
        "name": "王强",
        "joined_on": date(2024, 3, 1),
        "note": None,
        "score": 1.5,
        "upper": "AB",
        "steps": [{"n": 1, "label": "立案"}],
    }


def test_a_value_of_another_type_is_validated():
    assert same(obj(score=2))["score"] == 2.0 and isinstance(same(obj(score=2))["score"], float)
    status = same(obj(person=SimpleNamespace(name=MembershipStatus.ACTIVE)))["name"]
    assert status == "active" and type(status) is str
    assert same(obj(steps=[SimpleNamespace(n=True, label="x")]))["steps"] == [
        {"n": 1, "label": "x"}
    ]


def test_a_missing_value_takes_its_default_or_fails_as_in_ninja():
    o = obj()
    assert same(o)["note"] is None
    broken = obj(person=None)
    with pytest.raises(ValueError):
        Row.model_validate(broken)
    with pytest.raises(ValueError):
        plan_for(Row).row(broken, {})
