"""Cadre training: courses, cadres trained, class hours as records."""

import json
from datetime import date

import pytest

from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.outreach import services
from gonghui.outreach.models import Trainee, TrainingCourse
from gonghui.reports import summary

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def test_courses_trainees_and_hours(world, as_user):
    client = as_user(world.county_staff)
    r = client.post(
        "/api/v1/outreach/courses",
        data=json.dumps(
            {
                "union_id": world.county.pk,
                "title": "2022年基层工会干部业务培训班",
                "start_on": "2022-05-09",
                "end_on": "2022-05-11",
                "hours": 24,
            }
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    course_id = r.json()["id"]
    for name in ("王强", "李娜"):
        r = client.post(
            f"/api/v1/outreach/courses/{course_id}/trainees",
            data=json.dumps({"name": name, "post": "南湖街道工会主席"}),
            content_type="application/json",
        )
        assert r.status_code == 201
    assert client.post(f"/outreach/courses/{course_id}/trainees/", {"name": ""}).status_code == 400
    assert (
        client.post(f"/outreach/courses/{course_id}/trainees/", {"name": "张伟"}).status_code == 302
    )
    assert REGISTRY["outreach.courses"].value(world.province.path, YEAR) == 1
    assert (
        REGISTRY["outreach.trainees"].value(world.province.path, YEAR)
        == 3
        == Trainee.objects.count()
    )
    assert REGISTRY["outreach.training_hours"].value(world.province.path, YEAR) == 72
    assert "2022年基层工会干部业务培训班" in client.get("/outreach/courses/").content.decode()
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    text = "".join(
        s["text"] for sec in content["sections"] for p in sec["paragraphs"] for s in p["sentences"]
    )
    assert "举办工会干部培训班1期，培训工会干部3人次，累计72学时。" in text
    # the sibling county neither sees nor adds
    assert as_user(world.sibling_staff).get(f"/outreach/courses/{course_id}/").status_code == 404


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"hours": 0}, "hours"),
        ({"title": ""}, "title"),
        ({"end_on": date(2022, 5, 1)}, "end_on"),
        ({"start_on": date(2999, 1, 1), "end_on": date(2999, 1, 2)}, "start_on"),
    ],
)
def test_bad_course_input_writes_nothing(world, changes, field):
    fields = {
        "union_id": world.county.pk,
        "title": "培训班",
        "start_on": date(2022, 5, 9),
        "end_on": date(2022, 5, 11),
        "hours": 24,
    }
    fields.update(changes)
    with pytest.raises(ServiceError) as exc:
        services.course_create(actor=world.county_staff, **fields)
    assert field in exc.value.fields
    assert not TrainingCourse.objects.exists()
