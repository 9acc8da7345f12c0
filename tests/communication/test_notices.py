"""Notices down the tree: sending, reading, reporting back, forwarding, who may act, bad
input, rich text sanitized, the sender's counts, to-dos, lists and exports."""

import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.accounts.models import RoleKind
from gonghui.communication import selectors, services
from gonghui.communication.models import Delivery, Notice
from gonghui.core import todos
from gonghui.core.cleaning import today
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent

from ..factories import make_user


def _send(world, **changes):
    fields = {
        "union_id": world.province.pk,
        "title": "关于开展“强国复兴有我”主题阅读活动的通知",
        "body": "<p>请各市总工会<b>认真组织</b>。</p>",
        "levels": ["county"],
        "report_required": True,
        "report_due": today() + timedelta(days=10),
    }
    fields.update(changes)
    return services.notice_send(actor=world.province_staff, **fields)


def test_a_notice_goes_to_the_chosen_levels_of_the_subtree(world):
    notice = _send(world)
    got = set(Delivery.objects.filter(notice=notice).values_list("union_id", flat=True))
    assert got == {world.county.pk, world.sibling.pk}  # the two counties, not the other province
    assert AuditEvent.objects.filter(action="notice_send", target_id=str(notice.pk)).exists()
    counts = selectors.notice_counts(notice)
    assert counts == {"total": 2, "read": 0, "reported": 0, "late": 0, "unread": 2}


def test_named_unions_and_levels_together(world):
    notice = _send(world, levels=["city"], union_ids=[world.grassroots.pk])
    got = set(notice.deliveries.values_list("union_id", flat=True))
    assert got == {world.city.pk, world.grassroots.pk}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": "  "}, "title"),
        ({"body": "<script>alert(1)</script>"}, "body"),  # nothing left once sanitized
        ({"levels": ["planet"]}, "levels"),
        ({"levels": ["provincial"]}, "levels"),  # none below the sender
        ({"levels": [], "union_ids": []}, "levels"),
        ({"union_ids": [999999]}, "union_ids"),
        ({"report_due": None}, "report_due"),
        ({"report_due": today() - timedelta(days=1)}, "report_due"),
        ({"title": "题" * 201}, "title"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(world, changes, field):
    with pytest.raises(ServiceError) as exc:
        _send(world, **changes)
    assert field in exc.value.fields
    assert not Notice.objects.exists() and not Delivery.objects.exists()
    assert not AuditEvent.objects.filter(action="notice_send").exists()


def test_a_union_of_another_province_cannot_be_named(world):
    with pytest.raises(ServiceError) as exc:
        _send(world, levels=[], union_ids=[world.other_grassroots.pk])
    assert "union_ids" in exc.value.fields
    assert not Notice.objects.exists()


def test_rich_text_is_sanitized(world):
    notice = _send(
        world,
        body='<p onclick="x()">通知<script>alert(1)</script><a href="javascript:alert(1)">链接</a>'
        '<img src=x onerror=alert(1)><b style="color:red">加粗</b></p>',
    )
    assert "<script" not in notice.body and "onclick" not in notice.body
    assert "javascript:" not in notice.body and "onerror" not in notice.body
    assert "style" not in notice.body and "<img" not in notice.body
    assert "<b>加粗</b>" in notice.body and "通知" in notice.body


def test_only_a_federation_sends_and_only_its_own_staff(world):
    with pytest.raises(ServiceError) as exc:
        services.notice_send(
            actor=world.cadre,
            union_id=world.grassroots.pk,
            title="t",
            body="b",
            union_ids=[],
            levels=["grassroots"],
        )
    assert exc.value.code == "not_a_federation"
    # The province's staff do not send in the county's name, though it is in their subtree.
    with pytest.raises(ServiceError) as exc:
        _send(world, union_id=world.county.pk)
    assert exc.value.code == "forbidden"
    # Outsiders do not learn the province exists; leaders and auditors only read.
    with pytest.raises(Http404):
        services.notice_send(
            actor=world.outsider, union_id=world.province.pk, title="t", body="b", levels=["city"]
        )
    with pytest.raises(Http404):
        services.notice_send(
            actor=world.auditor, union_id=world.province.pk, title="t", body="b", levels=["city"]
        )
    assert not Notice.objects.exists()


def test_read_and_report_back_by_the_receiving_union_only(world):
    notice = _send(world)
    delivery = notice.deliveries.get(union=world.county)
    # The province sees the delivery but does not confirm reading for the county.
    with pytest.raises(ServiceError) as exc:
        services.notice_confirm_read(actor=world.province_staff, delivery_id=delivery.pk)
    assert exc.value.code == "forbidden"
    with pytest.raises(Http404):
        services.notice_confirm_read(actor=world.sibling_staff, delivery_id=delivery.pk)
    services.notice_confirm_read(actor=world.county_staff, delivery_id=delivery.pk)
    services.notice_confirm_read(actor=world.county_staff, delivery_id=delivery.pk)  # once
    assert AuditEvent.objects.filter(action="notice_read").count() == 1
    with pytest.raises(ServiceError) as exc:
        services.notice_report(actor=world.county_staff, delivery_id=delivery.pk, text=" ")
    assert "text" in exc.value.fields
    services.notice_report(
        actor=world.county_staff,
        delivery_id=delivery.pk,
        text="已传达到全区各基层工会。",
        upload=SimpleUploadedFile("落实情况.pdf", b"%PDF-1.4 report"),
    )
    delivery.refresh_from_db()
    assert delivery.state() == "reported" and delivery.report_file_name == "落实情况.pdf"
    with pytest.raises(ServiceError) as exc:
        services.notice_report(actor=world.county_staff, delivery_id=delivery.pk, text="again")
    assert exc.value.code == "already_done"
    counts = selectors.notice_counts(notice)
    assert counts["read"] == 1 and counts["reported"] == 1 and counts["unread"] == 1


def test_a_report_file_must_be_a_document(world):
    notice = _send(world)
    delivery = notice.deliveries.get(union=world.county)
    with pytest.raises(ServiceError) as exc:
        services.notice_report(
            actor=world.county_staff,
            delivery_id=delivery.pk,
            text="报告",
            upload=SimpleUploadedFile("x.html", b"<html><script>alert(1)</script>"),
        )
    assert "file" in exc.value.fields
    delivery.refresh_from_db()
    assert delivery.reported_at is None and delivery.read_at is None


def test_forward_down_with_additions_and_report_up_two_levels(world):
    notice = _send(world)
    delivery = notice.deliveries.get(union=world.county)
    forward = services.notice_forward(
        actor=world.county_staff,
        delivery_id=delivery.pk,
        addition="<p>请各基层工会于本月底前报送读书活动开展情况。</p>",
        levels=["grassroots"],
        report_required=True,
        report_due=today() + timedelta(days=5),
    )
    assert forward.parent == notice and forward.union == world.county
    assert selectors.notice_chain(forward) == [notice, forward]
    below = forward.deliveries.get()
    assert below.union == world.grassroots
    # The cadre sees the notice (the original text too) and reports back to the county.
    assert selectors.notice_get(actor=world.cadre, notice_id=notice.pk) == notice
    services.notice_report(actor=world.cadre, delivery_id=below.pk, text="已组织职工读书50人次")
    assert selectors.notice_counts(forward)["reported"] == 1
    # A grassroots union forwards nothing; a delivery is forwarded once.
    with pytest.raises(ServiceError):
        services.notice_forward(actor=world.cadre, delivery_id=below.pk, levels=["grassroots"])
    with pytest.raises(ServiceError) as exc:
        services.notice_forward(
            actor=world.county_staff, delivery_id=delivery.pk, levels=["grassroots"]
        )
    assert exc.value.code == "already_done"


def test_the_sibling_does_not_see_the_county_forward(world):
    notice = _send(world)
    delivery = notice.deliveries.get(union=world.county)
    forward = services.notice_forward(
        actor=world.county_staff, delivery_id=delivery.pk, levels=["grassroots"]
    )
    with pytest.raises(Http404):
        selectors.notice_get(actor=world.sibling_staff, notice_id=forward.pk)
    with pytest.raises(Http404):
        selectors.notice_get(actor=world.outsider, notice_id=notice.pk)


def test_late_and_unread_are_to_dos_of_the_right_roles(world):
    notice = _send(world)
    Notice.objects.filter(pk=notice.pk).update(report_due=today() - timedelta(days=1))
    waiting = {w.todo.key: w.count for w in todos.waiting_for(world.county_staff)}
    assert waiting["communication.notices"] == 1
    assert "communication.notices_late" not in waiting
    sender = {w.todo.key: w.count for w in todos.waiting_for(world.province_staff)}
    assert sender["communication.notices_late"] == 2  # both counties are late
    assert "communication.notices" not in sender  # the province received nothing
    for persona in ("sibling_staff",):
        got = {w.todo.key: w.count for w in todos.waiting_for(getattr(world, persona))}
        assert got["communication.notices"] == 1
    for persona in ("cadre", "auditor", "city_leader", "outsider", "member"):
        got = {w.todo.key for w in todos.waiting_for(getattr(world, persona))}
        assert not got & {"communication.notices", "communication.notices_late"}
    delivery = Delivery.objects.get(notice=notice, union=world.county)
    assert delivery.state() == "late"
    late = selectors.delivery_list(actor=world.province_staff, notice_id=notice.pk, state="late")
    assert late.count() == 2


def test_pages_send_read_report(world, as_user):
    client = as_user(world.province_staff)
    response = client.get("/notices/new/")
    assert response.status_code == 200
    response = client.post(
        "/notices/new/",
        {
            "union": world.province.pk,
            "title": "关于做好职工思想状况调查的通知",
            "body": "<p>请认真组织。</p>",
            "levels": ["county"],
            "report_required": "on",
            "report_due": (today() + timedelta(days=3)).isoformat(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    notice = Notice.objects.get()
    assert client.get(f"/notices/{notice.pk}/").status_code == 200
    bad = client.post("/notices/new/", {"union": world.province.pk, "title": "", "body": ""})
    assert bad.status_code == 400 and Notice.objects.count() == 1
    delivery = notice.deliveries.get(union=world.county)
    client = as_user(world.county_staff)
    page = client.get(f"/notices/received/{delivery.pk}/").content.decode()
    assert "请认真组织" in page and 'id="confirm-read"' in page and 'id="forward-form"' in page
    assert client.post(f"/notices/received/{delivery.pk}/read/").status_code == 302
    response = client.post(f"/notices/received/{delivery.pk}/report/", {"text": "已落实"})
    assert response.status_code == 302
    delivery.refresh_from_db()
    assert delivery.reported_at is not None
    # The province sees the actions' results but is offered no action.
    client = as_user(world.province_staff)
    page = client.get(f"/notices/received/{delivery.pk}/").content.decode()
    assert "confirm-read" not in page and "report-form" not in page
    assert client.post(f"/notices/received/{delivery.pk}/read/").status_code == 302


def test_lists_filter_sort_and_export(world, as_user):
    _send(world)
    second = _send(world, title="第二个通知", levels=["grassroots"], report_required=False)
    client = as_user(world.province_staff)
    body = client.get("/api/v1/notices?sort=sent_at").json()
    assert [n["title"] for n in body["items"]][-1] == "第二个通知"
    assert body["items"][0]["counts"]["total"] == 2
    assert client.get("/api/v1/notices?q=第二").json()["count"] == 1
    assert client.get("/api/v1/notices?sort=bad").status_code == 422
    csv = b"".join(client.get("/notices/?export=csv").streaming_content).decode("utf-8-sig")
    assert "第二个通知" in csv
    xlsx = client.get("/notices/received/?export=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    received = client.get(f"/api/v1/notices/received?notice_id={second.pk}").json()
    assert received["count"] == 2
    unread = client.get("/api/v1/notices/received?state=unread").json()["count"]
    assert unread == 4
    assert client.get("/notices/received/?state=late&sort=union").status_code == 200
    # Another province sees none of it.
    outsider = as_user(world.outsider)
    assert outsider.get("/api/v1/notices").json()["count"] == 0
    assert outsider.get("/api/v1/notices/received").json()["count"] == 0


def test_api_send_forward_and_report(world, as_user):
    client = as_user(world.province_staff)
    response = client.post(
        "/api/v1/notices",
        data=json.dumps(
            {
                "union_id": world.province.pk,
                "title": "通知",
                "body": "<p>正文</p>",
                "levels": ["county"],
                "report_required": True,
                "report_due": (today() + timedelta(days=2)).isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    notice_id = response.json()["id"]
    bad = client.post(
        "/api/v1/notices",
        data=json.dumps({"union_id": world.province.pk, "title": "x", "body": "y", "levels": []}),
        content_type="application/json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "no_recipients"
    delivery = Delivery.objects.get(notice_id=notice_id, union=world.county)
    client = as_user(world.county_staff)
    forward = client.post(
        f"/api/v1/notices/received/{delivery.pk}/forward",
        data=json.dumps({"addition": "<p>补充要求</p>", "levels": ["grassroots"]}),
        content_type="application/json",
    )
    assert forward.status_code == 201 and forward.json()["parent_id"] == notice_id
    report = client.post(
        f"/api/v1/notices/received/{delivery.pk}/report",
        data=json.dumps({"text": "已转发并落实"}),
        content_type="application/json",
    )
    assert report.status_code == 200 and report.json()["state"] == "reported"


def test_a_new_staff_member_at_the_county_acts_for_it(world):
    notice = _send(world)
    clerk = make_user("county_clerk", RoleKind.FEDERATION_STAFF, world.county)
    delivery = notice.deliveries.get(union=world.county)
    services.notice_confirm_read(actor=clerk, delivery_id=delivery.pk)
    delivery.refresh_from_db()
    assert delivery.read_by == clerk
