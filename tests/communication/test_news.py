"""Information reports: lower unions submit news items, the upper federation adopts
(edited) or declines them, adopted items appear on its public news page, adoptions per
union are a figure; bad input, who may decide, XSS."""

import json
from datetime import date

import pytest
from django.http import Http404
from django.utils import timezone

from gonghui.communication import services
from gonghui.communication.models import NewsItem
from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent


def _submit(world, actor=None, union=None, to=None, **changes):
    fields = {"title": "华晨机械开展“强国复兴有我”主题读书活动", "body": "<p>近日，……</p>"}
    fields.update(changes)
    return services.news_submit(
        actor=actor or world.cadre,
        union_id=(union or world.grassroots).pk,
        to_union_id=(to or world.county).pk,
        **fields,
    )


def test_submit_adopt_and_publish(world, client):
    item = _submit(world)
    assert item.status == "submitted"
    adopted = services.news_adopt(
        actor=world.county_staff, item_id=item.pk, title="华晨机械开展主题读书活动"
    )
    assert adopted.status == "adopted" and adopted.title == "华晨机械开展主题读书活动"
    audit = AuditEvent.objects.get(action="news_adopt")
    assert audit.changes["title"] == ["华晨机械开展“强国复兴有我”主题读书活动", adopted.title]
    page = client.get(f"/news/{world.county.pk}/").content.decode()
    assert adopted.title in page
    assert client.get(f"/news/{world.county.pk}/{item.pk}/").status_code == 200
    # Not on another federation's page, nor a grassroots union's.
    assert client.get(f"/news/{world.sibling.pk}/{item.pk}/").status_code == 404
    assert client.get(f"/news/{world.grassroots.pk}/").status_code == 404


def test_declined_and_waiting_items_are_not_public(world, client):
    waiting = _submit(world)
    declined = _submit(world, title="另一篇")
    services.news_decline(actor=world.county_staff, item_id=declined.pk, reason="内容重复")
    for item in (waiting, declined):
        assert client.get(f"/news/{world.county.pk}/{item.pk}/").status_code == 404


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"body": "<script>alert(1)</script>"}, "body"),
        ({"title": "长" * 201}, "title"),
    ],
)
def test_bad_input_is_refused(world, changes, field):
    with pytest.raises(ServiceError) as exc:
        _submit(world, **changes)
    assert field in exc.value.fields
    assert not NewsItem.objects.exists()


def test_submitted_only_to_a_federation_above(world):
    for to in (world.sibling, world.grassroots, world.township, world.other_province):
        with pytest.raises(ServiceError) as exc:
            _submit(world, to=to)
        assert "to_union_id" in exc.value.fields
    assert _submit(world, to=world.province).to_union == world.province


def test_body_is_sanitized(world):
    item = _submit(
        world, body='<p>正文<img src=x onerror="alert(1)"><a href="javascript:x">x</a></p>'
    )
    assert "onerror" not in item.body and "javascript" not in item.body and "正文" in item.body


def test_who_decides(world):
    item = _submit(world)
    with pytest.raises(ServiceError) as exc:  # the province sees it but it went to the county
        services.news_adopt(actor=world.province_staff, item_id=item.pk)
    assert exc.value.code == "forbidden"
    with pytest.raises(Http404):
        services.news_adopt(actor=world.sibling_staff, item_id=item.pk)
    with pytest.raises(Http404):
        services.news_adopt(actor=world.auditor, item_id=item.pk)
    # The county's own item, submitted by a county staff member: another decides.
    own = _submit(world, actor=world.county_staff, union=world.county, to=world.city)
    from gonghui.accounts.models import RoleKind

    from ..factories import make_user

    city_staff = make_user("city_staff", RoleKind.FEDERATION_STAFF, world.city)
    with pytest.raises(ServiceError) as exc:
        services.news_decline(actor=world.county_staff, item_id=own.pk, reason="x")
    services.news_adopt(actor=city_staff, item_id=own.pk)
    with pytest.raises(ServiceError) as exc:
        services.news_adopt(actor=city_staff, item_id=own.pk)
    assert exc.value.code == "already_done"
    with pytest.raises(ServiceError) as exc:
        services.news_decline(actor=world.county_staff, item_id=item.pk, reason=" ")
    assert "reason" in exc.value.fields


def test_to_do_of_the_federation_only(world):
    _submit(world)
    assert {w.todo.key: w.count for w in todos.waiting_for(world.county_staff)}[
        "communication.news"
    ] == 1
    for persona in ("cadre", "province_staff", "sibling_staff", "auditor", "outsider"):
        keys = {w.todo.key for w in todos.waiting_for(getattr(world, persona))}
        assert "communication.news" not in keys


def test_adoptions_per_union_are_a_figure(world):
    for n in range(3):
        item = _submit(world, title=f"信息{n}")
        if n < 2:
            services.news_adopt(actor=world.county_staff, item_id=item.pk)
    year = timezone.localdate().year
    period = Period(date(year, 1, 1), date(year, 12, 31))
    adopted = REGISTRY["communication.news_adopted"]
    assert adopted.value(world.grassroots.path, period) == 2
    assert adopted.value(world.sibling.path, period) == 0
    assert REGISTRY["communication.news_submitted"].value(world.province.path, period) == 3
    by_path = adopted.values_by_path(period)
    assert by_path[world.grassroots.path] == 2


def test_pages_and_api(world, as_user):
    client = as_user(world.cadre)
    assert client.get("/news-items/new/").status_code == 200
    response = client.post(
        "/news-items/new/",
        {
            "union": world.grassroots.pk,
            "to_union": world.county.pk,
            "title": "职工读书分享会",
            "body": "<p>内容</p>",
        },
    )
    assert response.status_code == 302
    item = NewsItem.objects.get()
    page = client.get(f"/news-items/{item.pk}/").content.decode()
    assert "news-adopt" not in page and "/adopt/" not in page  # the cadre does not decide
    client = as_user(world.county_staff)
    assert "/adopt/" in client.get(f"/news-items/{item.pk}/").content.decode()
    bad = client.post(f"/news-items/{item.pk}/adopt/", {"title": "", "body": ""})
    assert bad.status_code == 400
    ok = client.post(
        f"/news-items/{item.pk}/adopt/", {"title": "读书分享会", "body": "<p>内容</p>"}
    )
    assert ok.status_code == 302
    listing = client.get("/api/v1/news-items?status=adopted&sort=union").json()
    assert listing["count"] == 1
    assert client.get("/api/v1/news-items?status=bogus").status_code == 422
    csv = b"".join(client.get("/news-items/?export=csv").streaming_content).decode("utf-8-sig")
    assert "读书分享会" in csv
    api = client.post(
        "/api/v1/news-items",
        data=json.dumps(
            {
                "union_id": world.county.pk,
                "to_union_id": world.city.pk,
                "title": "区总工会信息",
                "body": "<p>x</p>",
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 201
    assert as_user(world.outsider).get("/api/v1/news-items").json()["count"] == 0
