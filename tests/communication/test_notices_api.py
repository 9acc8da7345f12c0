"""The notices list API asks a fixed number of queries however many notices a page holds
(bench/bench_lists.py found 105 queries for 50 rows: two per row for the counts)."""

from datetime import timedelta

from gonghui.communication import services
from gonghui.communication.models import Delivery, Notice
from gonghui.core.cleaning import today
from tests.queries import same_queries_for_more_rows


def _send(world, n, **changes):
    fields = {
        "union_id": world.province.pk,
        "title": f"关于开展第{n}次主题阅读活动的通知",
        "body": "<p>请各市总工会认真组织。</p>",
        "levels": ["county"],
        "report_required": True,
        "report_due": today() + timedelta(days=10),
    }
    fields.update(changes)
    return services.notice_send(actor=world.province_staff, **fields)


def test_the_notices_list_asks_the_same_queries_for_2_or_6_notices(world, as_user):
    client = as_user(world.province_staff)
    same_queries_for_more_rows(client, "/api/v1/notices?limit=50", lambda n: _send(world, n))


def test_the_counts_of_a_listed_notice_are_those_of_the_notice_itself(world, as_user):
    """The list reads its counts from the rows' annotations; they must say what the
    notice's own page says: received, read, reported back, late, unread."""
    client = as_user(world.province_staff)
    late = _send(world, 1)
    _send(world, 2)
    _send(world, 3, report_required=False, report_due=None)
    receivers = list(Delivery.objects.filter(notice=late))
    assert len(receivers) >= 2
    services.notice_confirm_read(
        actor=world.county_staff, delivery_id=late.deliveries.get(union=world.county).pk
    )
    services.notice_report(
        actor=world.county_staff,
        delivery_id=late.deliveries.get(union=world.county).pk,
        text="已组织学习。",
    )
    # the deadline passes: the county reported back, the others are late
    Notice.objects.filter(pk=late.pk).update(report_due=today() - timedelta(days=1))
    listed = {n["id"]: n["counts"] for n in client.get("/api/v1/notices").json()["items"]}
    assert len(listed) == 3
    for notice_id, counts in listed.items():
        own = client.get(f"/api/v1/notices/{notice_id}").json()["counts"]
        assert counts == own, notice_id
    total = len(receivers)
    assert listed[late.pk] == {
        "total": total,
        "read": 1,
        "reported": 1,
        "late": total - 1,
        "unread": total - 1,
    }
