"""Messages to members (issue 20 item 5): sent to a subtree or a notice's audience by a
background job, read on /me/, categories and SMS chosen by the member, the SMS gateway
tested against a local fake server; education bases on the staff map."""

import itertools
import json
import threading
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.http import Http404

from gonghui.communication import messaging, selectors, services
from gonghui.communication.models import (
    Delivery,
    EducationBase,
    Message,
    MessageStatus,
    Notice,
    Receipt,
    SmsStatus,
)
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY as FIGURES
from gonghui.core.figures import Period
from gonghui.core.models import AuditEvent
from gonghui.members.models import Person

from ..factories import make_member, make_org, make_user

_SERIAL = itertools.count(1)


def _csv(client, url: str) -> str:
    return b"".join(client.get(url).streaming_content).decode("utf-8-sig")


def _member_user(union, name="张伟", *, born=date(1990, 3, 7), work_kind="regular", phone=None):
    user = make_user(f"msg{union.pk}_{next(_SERIAL)}")
    membership = make_member(union, name, user=user, work_kind=work_kind, phone=phone)
    Person.objects.filter(pk=membership.person_id).update(birth_date=born)
    return user


@pytest.fixture
def people(world):
    """Members of the county's subtree (born 1950 and 2000, a rider with no employer) and
    one in the sibling county, outside it."""
    p = type("P", (), {})()
    p.old = _member_user(world.grassroots, "王秀兰", born=date(1950, 1, 5))
    p.young = _member_user(world.grassroots, "李浩然", born=date(2000, 12, 31))
    p.rider = _member_user(world.township, "赵骑手", work_kind="delivery_rider")
    Person.objects.filter(user=p.rider).update(employer=None, employer_name="")
    p.sibling = _member_user(world.sibling_grassroots, "孙丽")
    return p


def _send(world, captured, **changes):
    fields = {
        "actor": world.county_staff,
        "union_id": world.county.pk,
        "title": "关于开展职工读书月活动的通知",
        "body": "<p>请各位会员积极参加。</p>",
        "category": "activities",
    }
    fields.update(changes)
    with captured(execute=True):  # the job is queued on commit and runs at once in tests
        message = services.message_send(**fields)
    message.refresh_from_db()
    return message


def test_a_message_reaches_the_subtree_members_only(
    world, people, django_capture_on_commit_callbacks
):
    message = _send(world, django_capture_on_commit_callbacks)
    assert message.status == MessageStatus.SENT
    assert (message.total, message.done) == (3, 3)
    got = set(Receipt.objects.filter(message=message).values_list("person__user", flat=True))
    assert got == {people.old.pk, people.young.pk, people.rider.pk}
    assert AuditEvent.objects.filter(action="message_send", target_id=str(message.pk)).exists()


def test_the_inbox_counts_unread_and_marks_read(
    world, people, as_user, django_capture_on_commit_callbacks
):
    _send(world, django_capture_on_commit_callbacks)
    client = as_user(people.old)
    page = client.get("/me/messages/")
    assert page.status_code == 200
    assert "关于开展职工读书月活动的通知" in page.content.decode()
    assert selectors.unread_count(people.old) == 1
    receipt = Receipt.objects.get(person__user=people.old)
    assert client.get(f"/me/messages/{receipt.pk}/").status_code == 200
    assert client.post(f"/me/messages/{receipt.pk}/read/").status_code == 302
    assert selectors.unread_count(people.old) == 0
    assert selectors.unread_count(people.young) == 1  # the others' copies stay unread


def test_the_unread_count_is_said_in_words_and_only_when_there_is_one(
    world, people, as_user, django_capture_on_commit_callbacks
):
    """Before: the heading showed a bare "0" beside "My messages" with nothing unread."""
    _send(world, django_capture_on_commit_callbacks)
    client = as_user(people.old)
    heading = client.get("/me/messages/").content.decode().split("</h1>")[0]
    assert "1 条未读" in heading
    english = client.get("/me/messages/", headers={"accept-language": "en"})
    assert "1 unread" in english.content.decode().split("</h1>")[0]
    client.post("/me/messages/read-all/")
    heading = client.get("/me/messages/").content.decode().split("</h1>")[0]
    assert "unread-count" not in heading and "0" not in heading.rsplit("<h1>", 1)[1]


def test_a_member_cannot_open_or_mark_another_members_copy(
    world, people, as_user, django_capture_on_commit_callbacks
):
    _send(world, django_capture_on_commit_callbacks)
    theirs = Receipt.objects.get(person__user=people.young)
    client = as_user(people.old)
    assert client.get(f"/me/messages/{theirs.pk}/").status_code == 404
    assert client.post(f"/me/messages/{theirs.pk}/read/").status_code == 404
    assert Receipt.objects.get(pk=theirs.pk).read_at is None


def test_a_muted_category_is_not_delivered(
    world, people, as_user, django_capture_on_commit_callbacks
):
    client = as_user(people.old)
    answer = client.post("/me/messages/settings/", {"receive": ["notices", "aid"], "sms": ""})
    assert answer.status_code == 302
    message = _send(world, django_capture_on_commit_callbacks, category="activities")
    assert not Receipt.objects.filter(message=message, person__user=people.old).exists()
    message = _send(world, django_capture_on_commit_callbacks, category="aid")
    assert Receipt.objects.filter(message=message, person__user=people.old).exists()


def test_a_bad_preference_is_refused_and_changes_nothing(world, people):
    services.message_preferences_save(actor=people.old, receive=["aid"], sms=True)
    with pytest.raises(ServiceError) as exc:
        services.message_preferences_save(actor=people.old, receive=["spam"], sms=False)
    assert "receive" in exc.value.fields
    pref = selectors.my_preference(people.old)
    assert pref.sms is True and "activities" in pref.muted_list()


def test_a_notice_audience_is_the_unions_it_went_to(
    world, people, django_capture_on_commit_callbacks
):
    notice = Notice.objects.create(
        union=world.county, title="读书月通知", body="<p>x</p>", sent_by=world.county_staff
    )
    Delivery.objects.create(notice=notice, union=world.grassroots)
    message = _send(world, django_capture_on_commit_callbacks, notice_id=notice.pk)
    got = set(Receipt.objects.filter(message=message).values_list("person__user", flat=True))
    assert got == {people.old.pk, people.young.pk}  # not the rider of the township


def test_another_federations_members_are_refused(world, people):
    before = Message.objects.count()
    with pytest.raises(Http404):
        services.message_send(
            actor=world.county_staff,
            union_id=world.other_province.pk,
            title="x",
            body="<p>x</p>",
        )
    other = Notice.objects.create(
        union=world.other_province, title="吉林通知", body="x", sent_by=world.outsider
    )
    with pytest.raises(Http404):
        services.message_send(
            actor=world.county_staff,
            union_id=world.county.pk,
            title="x",
            body="<p>x</p>",
            notice_id=other.pk,
        )
    assert Message.objects.count() == before


def test_a_notice_of_another_union_in_the_subtree_is_refused(world, people):
    notice = Notice.objects.create(  # the township's, which the county sees but did not send
        union=world.township, title="街道通知", body="x", sent_by=world.county_staff
    )
    with pytest.raises(ServiceError) as exc:
        services.message_send(
            actor=world.county_staff,
            union_id=world.county.pk,
            title="x",
            body="<p>x</p>",
            notice_id=notice.pk,
        )
    assert "notice_id" in exc.value.fields


def test_script_in_the_body_is_removed(world, people, django_capture_on_commit_callbacks):
    message = _send(
        world,
        django_capture_on_commit_callbacks,
        body='<p onclick="steal()">读书<script>alert(1)</script><a href="javascript:x()">链接</a></p>',
    )
    assert "<script" not in message.body and "onclick" not in message.body
    assert "javascript:" not in message.body and "读书" in message.body


def test_bad_input_gets_a_clear_error_and_sends_nothing(world, people, as_user):
    for changes, field in [
        ({"title": ""}, "title"),
        ({"body": "<script>x</script>"}, "body"),
        ({"category": "spam"}, "category"),
    ]:
        fields = {"title": "t", "body": "<p>b</p>", "category": "general", **changes}
        with pytest.raises(ServiceError) as exc:
            services.message_send(actor=world.county_staff, union_id=world.county.pk, **fields)
        assert field in exc.value.fields
    answer = as_user(world.county_staff).post(
        "/messages/new/", {"union": world.county.pk, "category": "general", "title": "", "body": ""}
    )
    assert answer.status_code == 400
    assert not Message.objects.exists()


def test_a_union_without_members_is_told_so(world):
    lone = make_org("无会员工会", "grassroots", world.county, "210102")
    with pytest.raises(ServiceError) as exc:
        services.message_send(
            actor=make_user("lone_cadre", "cadre", lone),
            union_id=lone.pk,
            title="x",
            body="<p>x</p>",
        )
    assert exc.value.code == "no_recipients"


def test_staff_pages_list_filter_and_export(
    world, people, as_user, django_capture_on_commit_callbacks
):
    message = _send(world, django_capture_on_commit_callbacks)
    client = as_user(world.county_staff)
    assert message.title in client.get("/messages/?category=activities").content.decode()
    assert message.title not in client.get("/messages/?category=aid").content.decode()
    assert message.title in _csv(client, "/messages/?export=csv")
    detail = client.get(f"/messages/{message.pk}/").content.decode()
    assert "0 / 3" in detail  # read of the copies in the county's subtree
    assert message.title not in as_user(world.sibling_staff).get("/messages/").content.decode()
    assert as_user(world.sibling_staff).get(f"/messages/{message.pk}/").status_code == 404


def test_figures_count_delivered_and_read(world, people, django_capture_on_commit_callbacks):
    message = _send(world, django_capture_on_commit_callbacks)
    services.message_mark_read(
        actor=people.old,
        receipt_id=Receipt.objects.get(message=message, person__user=people.old).pk,
    )
    y = message.sent_at.year
    year = Period(date(y, 1, 1), date(y, 12, 31))
    assert FIGURES["communication.messages_delivered"].records(world.county.path, year).count() == 3
    assert FIGURES["communication.messages_read"].records(world.county.path, year).count() == 1


# ---- SMS through a local fake gateway ------------------------------------------------------


class FakeGateway:
    """A local HTTP server standing in for the operator's SMS gateway: it records what it
    receives and answers with the codes queued in `answers` (then 200)."""

    def __init__(self):
        self.received: list[dict] = []
        self.answers: list[int] = []
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                gateway.received.append(
                    {"auth": self.headers.get("Authorization"), **json.loads(body)}
                )
                code = gateway.answers.pop(0) if gateway.answers else 200
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"id": "x"}')

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/send"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def gateway(settings):
    fake = FakeGateway()
    settings.GONGHUI_SMS_URL = fake.url
    settings.GONGHUI_SMS_KEY = "test-key"
    settings.GONGHUI_SMS_RATE = 1000
    settings.GONGHUI_SMS_RETRIES = 2
    settings.GONGHUI_SMS_BACKOFF = 0
    settings.GONGHUI_SMS_TIMEOUT = 5
    yield fake
    fake.close()


def test_sms_goes_to_members_who_opted_in(
    world, people, gateway, django_capture_on_commit_callbacks
):
    services.message_preferences_save(
        actor=people.old, receive=["notices", "activities", "aid", "surveys", "general"], sms=True
    )
    message = _send(world, django_capture_on_commit_callbacks)
    phone = Person.objects.get(user=people.old).phone_cipher
    assert len(gateway.received) == 1
    sent = gateway.received[0]
    assert sent["auth"] == "Bearer test-key"
    from gonghui.core import crypto

    assert sent["to"] == crypto.decrypt(phone)
    assert "读书月" in sent["text"]
    mine = Receipt.objects.get(message=message, person__user=people.old)
    assert (mine.sms_status, mine.sms_attempts) == (SmsStatus.SENT, 1)
    others = Receipt.objects.filter(message=message).exclude(pk=mine.pk)
    assert set(others.values_list("sms_status", flat=True)) == {""}


def test_sms_is_retried_then_kept_failed(
    world, people, gateway, django_capture_on_commit_callbacks
):
    for user in (people.old, people.young):
        services.message_preferences_save(actor=user, receive=["activities"], sms=True)
    gateway.answers = [500, 200, 503, 503, 503]  # the first passes on retry, the second never
    message = _send(world, django_capture_on_commit_callbacks)
    rows = {
        r.person.user_id: r
        for r in Receipt.objects.filter(message=message).select_related("person")
    }
    first, second = sorted([rows[people.old.pk], rows[people.young.pk]], key=lambda r: r.pk)
    assert (first.sms_status, first.sms_attempts) == (SmsStatus.SENT, 2)
    assert (second.sms_status, second.sms_attempts) == (SmsStatus.FAILED, 3)
    assert second.sms_error == "HTTP 503"


def test_a_refused_number_is_not_retried(
    world, people, gateway, django_capture_on_commit_callbacks
):
    services.message_preferences_save(actor=people.old, receive=["activities"], sms=True)
    gateway.answers = [400]
    message = _send(world, django_capture_on_commit_callbacks)
    mine = Receipt.objects.get(message=message, person__user=people.old)
    assert (mine.sms_status, mine.sms_attempts, len(gateway.received)) == (SmsStatus.FAILED, 1, 1)


def test_nothing_is_sent_without_a_gateway(
    world, people, settings, django_capture_on_commit_callbacks
):
    fake = FakeGateway()  # listening, but not configured
    try:
        settings.GONGHUI_SMS_URL = ""
        services.message_preferences_save(actor=people.old, receive=["activities"], sms=True)
        message = _send(world, django_capture_on_commit_callbacks)
        assert fake.received == []
        assert not Receipt.objects.filter(message=message).exclude(sms_status="").exists()
        assert messaging.send_sms(message.pk) == {"sent": 0, "failed": 0}
    finally:
        fake.close()


def test_the_rate_limit_spaces_the_texts():
    from gonghui.communication.sms import RateLimiter

    limiter = RateLimiter(50)  # one every 20 ms
    import time

    start = time.monotonic()
    for _ in range(6):
        limiter.wait()
    assert time.monotonic() - start >= 0.1


# ---- education bases -----------------------------------------------------------------------


def _base(world, **changes):
    fields = {
        "union_id": world.province.pk,
        "name": "抚顺雷锋纪念馆",
        "address": "抚顺市望花区和平路东段",
        "lat": 41.8773,
        "lng": 123.8120,
        "named_on": date(2022, 5, 1),
    }
    fields.update(changes)
    return services.base_create(actor=world.province_staff, **fields)


def test_a_base_shows_on_the_staff_map_as_its_own_layer(world, as_user):
    base = _base(world)
    client = as_user(world.province_staff)
    points = client.get("/stations/map/points.json?show=bases").json()["points"]
    assert [p["id"] for p in points if p.get("layer") == "bases"] == [base.pk]
    assert points[0]["url"] == f"/education-bases/{base.pk}/"
    only_stations = client.get("/stations/map/points.json?show=stations").json()["points"]
    assert not any(p.get("layer") == "bases" for p in only_stations)
    page = client.get("/stations/map/").content.decode()
    assert 'name="show" value="bases"' in page
    # Another federation's staff do not see it on their map.
    theirs = as_user(world.outsider).get("/stations/map/points.json").json()["points"]
    assert not any(p.get("layer") == "bases" for p in theirs)


def test_a_base_page_opens_in_map_apps(world, as_user):
    base = _base(world)
    page = as_user(world.province_staff).get(f"/education-bases/{base.pk}/").content.decode()
    assert "uri.amap.com" in page and 'data-map="show"' in page
    assert as_user(world.outsider).get(f"/education-bases/{base.pk}/").status_code == 404


def test_bad_coordinates_and_dates_are_refused(world):
    for changes, field in [
        ({"lat": 123.8, "lng": 41.8}, "lat"),
        ({"lat": "abc"}, "lat"),
        ({"named_on": date(2999, 1, 1)}, "named_on"),
        ({"name": ""}, "name"),
    ]:
        with pytest.raises(ServiceError) as exc:
            _base(world, **changes)
        assert field in exc.value.fields
    assert not EducationBase.objects.exists()


def test_a_deactivated_base_leaves_the_map(world, as_user):
    base = _base(world)
    client = as_user(world.province_staff)
    assert client.post(f"/education-bases/{base.pk}/deactivate/").status_code == 302
    assert not any(
        p.get("layer") == "bases" for p in client.get("/stations/map/points.json").json()["points"]
    )
    assert "education_base_update" in AuditEvent.objects.values_list("action", flat=True)


def test_bases_list_filters_and_exports(world, as_user):
    _base(world)
    _base(world, name="旅顺日俄监狱旧址", named_on=date(2021, 6, 1), lat=38.81, lng=121.26)
    client = as_user(world.province_staff)
    page = client.get("/education-bases/?year=2022").content.decode()
    assert "抚顺雷锋纪念馆" in page and "旅顺日俄监狱旧址" not in page
    assert "旅顺日俄监狱旧址" in _csv(client, "/education-bases/?export=csv")


@pytest.mark.parametrize(
    "lang, sentence",
    [
        ("zh-hans", "命名职工思想政治教育基地2家。"),
        ("zh-hant", "命名職工思想政治教育基地2家。"),
        ("en", "named 2 bases for workers' political education."),
    ],
)
def test_the_summary_says_how_many_bases_were_named(world, lang, sentence):
    from gonghui.reports import summary

    _base(world)
    _base(world, name="旅顺日俄监狱旧址", lat=38.81, lng=121.26)
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang=lang
    )
    text = " ".join(
        s["text"]
        for sec in content["sections"]
        for p in sec["paragraphs"]
        for s in p["sentences"]
        if "communication.education_bases" in s["figures"]
    )
    assert sentence in text, text
