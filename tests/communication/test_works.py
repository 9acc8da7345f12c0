"""Campaigns of works (主题阅读, 征文): units submit works while open, the federation selects
the best (not the submitter), members like a selected work once; figures and bad input."""

import json
from datetime import date, timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from gonghui.communication import services
from gonghui.communication.models import Entry, Like, WorksCampaign
from gonghui.core.cleaning import today
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period

from ..factories import make_member, make_user


def _campaign(world, kind="reading", **changes):
    fields = {
        "union_id": world.province.pk,
        "kind": kind,
        "title": "“强国复兴有我”主题阅读活动",
        "opens_on": today() - timedelta(days=1),
        "closes_on": today() + timedelta(days=30),
    }
    fields.update(changes)
    return services.works_campaign_create(actor=world.province_staff, **fields)


def _entry(world, campaign, actor=None, union=None, **changes):
    fields = {"title": "读《平凡的世界》有感", "author": "王明", "body": "<p>深受教育。</p>"}
    fields.update(changes)
    return services.entry_submit(
        actor=actor or world.cadre,
        campaign_id=campaign.pk,
        union_id=(union or world.grassroots).pk,
        **fields,
    )


def _member(world, name="李丽", union=None):
    user = make_user(f"reader_{name}_{WorksCampaign.objects.count()}_{Like.objects.count()}")
    make_member(union or world.grassroots, name, user=user)
    return user


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"kind": "poem"}, "kind"),
        ({"title": ""}, "title"),
        ({"closes_on": date(2000, 1, 1)}, "closes_on"),
    ],
)
def test_bad_campaigns_are_refused(world, changes, field):
    with pytest.raises(ServiceError) as exc:
        _campaign(world, **changes)
    assert field in exc.value.fields
    assert not WorksCampaign.objects.exists()


def test_submit_select_like(world):
    campaign = _campaign(world)
    entry = _entry(world, campaign)
    assert "<script" not in _entry(world, campaign, body="<p>x<script>alert(1)</script></p>").body
    with pytest.raises(ServiceError) as exc:
        _entry(world, campaign, author=" ")
    assert "author" in exc.value.fields
    member = _member(world)
    with pytest.raises(Http404):  # not selected yet: nothing to like
        services.entry_like(actor=member, entry_id=entry.pk)
    with pytest.raises(ServiceError) as exc:
        services.entry_select(actor=world.county_staff, entry_id=entry.pk)
    assert exc.value.code == "forbidden"
    services.entry_select(actor=world.province_staff, entry_id=entry.pk)
    with pytest.raises(ServiceError) as exc:
        services.entry_select(actor=world.province_staff, entry_id=entry.pk)
    assert exc.value.code == "already_done"
    services.entry_like(actor=member, entry_id=entry.pk)
    with pytest.raises(ServiceError) as exc:
        services.entry_like(actor=member, entry_id=entry.pk)
    assert exc.value.code == "already_done"
    assert Like.objects.filter(entry=entry).count() == 1
    outsider = _member(world, "外省", union=world.other_grassroots)
    with pytest.raises(Http404):
        services.entry_like(actor=outsider, entry_id=entry.pk)


def test_the_submitter_does_not_select_and_closed_takes_nothing(world):
    campaign = _campaign(world)
    own = _entry(world, campaign, actor=world.province_staff, union=world.province)
    with pytest.raises(ServiceError) as exc:
        services.entry_select(actor=world.province_staff, entry_id=own.pk)
    assert exc.value.code == "own_item"
    closed = _campaign(
        world, closes_on=today() - timedelta(days=1), opens_on=today() - timedelta(days=9)
    )
    with pytest.raises(ServiceError) as exc:
        _entry(world, closed)
    assert exc.value.code == "closed"
    with pytest.raises(Http404):  # a unit of another province
        _entry(world, campaign, actor=world.outsider, union=world.other_province)
    assert Entry.objects.count() == 1


def test_figures(world):
    reading = _campaign(world)
    essay = _campaign(world, kind="essay", title="主题征文")
    for n in range(3):
        e = _entry(world, reading, title=f"作品{n}")
        if n < 2:
            services.entry_select(actor=world.province_staff, entry_id=e.pk)
    first = Entry.objects.filter(selected_at__isnull=False).first()
    for n in range(4):
        services.entry_like(actor=_member(world, f"读者{n}"), entry_id=first.pk)
    _entry(world, essay)
    _entry(world, essay, title="第二篇")
    _entry(world, essay, actor=world.sibling_staff, union=world.sibling)
    year = timezone.localdate().year
    period = Period(date(year, 1, 1), date(year, 12, 31))
    path = world.province.path
    assert REGISTRY["communication.reading_works"].value(path, period) == 2
    assert REGISTRY["communication.reading_likes"].value(path, period) == 4
    assert REGISTRY["communication.essays"].value(path, period) == 3
    assert REGISTRY["communication.essay_units"].value(path, period) == 2
    assert REGISTRY["communication.essay_units"].value(world.county.path, period) == 1
    by_path = REGISTRY["communication.essay_units"].values_by_path(period)
    assert by_path == {world.grassroots.path: 1, world.sibling.path: 1}


def test_pages_and_api(world, as_user):
    client = as_user(world.province_staff)
    response = client.post(
        "/works/new/",
        {
            "union": world.province.pk,
            "kind": "reading",
            "title": "主题阅读",
            "opens_on": today().isoformat(),
            "closes_on": (today() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302
    campaign = WorksCampaign.objects.get()
    cadre = as_user(world.cadre)
    ok = cadre.post(
        f"/works/{campaign.pk}/entries/",
        {"union": world.grassroots.pk, "title": "读书心得", "author": "王明", "body": "<p>x</p>"},
    )
    assert ok.status_code == 302
    bad = cadre.post(f"/works/{campaign.pk}/entries/", {"union": world.grassroots.pk})
    assert bad.status_code == 400 and Entry.objects.count() == 1
    entry = Entry.objects.get()
    client = as_user(world.province_staff)
    assert (
        f"/works/entries/{entry.pk}/select/"
        in client.get(f"/works/{campaign.pk}/").content.decode()
    )
    assert client.post(f"/works/entries/{entry.pk}/select/").status_code == 302
    member = _member(world)
    phone = as_user(member)
    page = phone.get("/me/works/").content.decode()
    assert "读书心得" in page and f"/me/works/entries/{entry.pk}/like/" in page
    assert phone.post(f"/me/works/entries/{entry.pk}/like/").status_code == 302
    assert phone.post(f"/me/works/entries/{entry.pk}/like/").status_code == 302  # once
    assert Like.objects.count() == 1
    client = as_user(world.province_staff)
    entries = client.get(f"/api/v1/works/{campaign.pk}/entries").json()
    assert entries["items"][0]["likes"] == 1
    assert client.get("/api/v1/works?kind=reading&sort=-entries").json()["count"] == 1
    assert client.get("/api/v1/works?kind=poem").status_code == 422
    csv = b"".join(client.get("/works/?export=csv").streaming_content).decode("utf-8-sig")
    assert "主题阅读" in csv
    api = client.post(
        "/api/v1/works",
        data=json.dumps(
            {
                "union_id": world.province.pk,
                "kind": "essay",
                "title": "征文",
                "opens_on": "2022-05-01",
                "closes_on": "2022-04-01",
            }
        ),
        content_type="application/json",
    )
    assert api.status_code == 400 and "closes_on" in api.json()["fields"]
    assert as_user(world.outsider).get(f"/works/{campaign.pk}/").status_code == 404
