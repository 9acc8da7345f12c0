"""Model workers' activities: 劳模工匠进校园 with attendance, lectures, courses."""

from datetime import date, timedelta

import pytest

from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent
from gonghui.honours import services
from gonghui.honours.models import Event


@pytest.fixture
def worker(world):
    return services.worker_create(
        actor=world.county_staff,
        union_id=world.grassroots.pk,
        name="洪晓光",
        employer="沈阳某航空发动机公司",
    )


def test_an_activity_with_its_model_workers(world, worker, as_user):
    event = services.event_create(
        actor=world.county_staff,
        union_id=world.county.pk,
        kind="school",
        held_on=date(2022, 5, 20),
        title="劳模工匠进校园——走进和平区实验小学",
        place="和平区实验小学",
        attendance=320,
        worker_ids=[worker.pk],
    )
    assert list(event.workers.all()) == [worker]
    client = as_user(world.province_staff)
    assert "和平区实验小学" in client.get("/honours/events/?kind=school").content.decode()
    assert "和平区实验小学" not in client.get("/honours/events/?kind=lecture").content.decode()
    response = client.get("/honours/events/?export=csv")
    assert "320" in b"".join(response.streaming_content).decode("utf-8-sig")
    api = client.get("/api/v1/honours/events?sort=-attendance").json()
    assert api["items"][0]["worker_ids"] == [worker.pk]
    page = client.get(f"/honours/events/{event.pk}/").content.decode()
    assert "洪晓光" in page


@pytest.mark.parametrize(
    "change, field",
    [
        ({"kind": "party"}, "kind"),
        ({"title": " "}, "title"),
        ({"place": ""}, "place"),
        ({"attendance": -1}, "attendance"),
        ({"held_on": date.today() + timedelta(days=2)}, "held_on"),
        ({"worker_ids": [999999]}, "worker_ids"),
    ],
)
def test_bad_activities_write_nothing(world, change, field):
    fields = {
        "union_id": world.county.pk,
        "kind": "school",
        "held_on": date(2022, 5, 20),
        "title": "劳模工匠进校园",
        "place": "某中学",
        "attendance": 100,
    }
    fields.update(change)
    before = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        services.event_create(actor=world.county_staff, **fields)
    assert field in exc.value.fields
    assert not Event.objects.exists() and AuditEvent.objects.count() == before


def test_another_county_cannot_name_this_countys_model_worker(world, worker):
    with pytest.raises(ServiceError):
        services.event_create(
            actor=world.sibling_staff,
            union_id=world.sibling.pk,
            kind="lecture",
            held_on=date(2022, 5, 20),
            title="劳模宣讲",
            place="沈河区",
            worker_ids=[worker.pk],
        )
    assert not Event.objects.exists()


def test_the_page_form_records_and_refuses(world, worker, as_user):
    client = as_user(world.county_staff)
    data = {
        "union": world.county.pk,
        "kind": "school",
        "held_on": "2022-05-20",
        "title": "劳模工匠进校园",
        "place": "和平区第一中学",
        "attendance": "250",
        "workers": [worker.pk],
    }
    assert client.post("/honours/events/new/", {**data, "attendance": "-5"}).status_code == 400
    r = client.post("/honours/events/new/", data)
    assert r.status_code == 302 and Event.objects.get().attendance == 250
