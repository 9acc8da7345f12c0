"""The 2022 demo of reaching people, and the annual summary's sentences written from it:
every figure in a sentence equals a count made here straight from the tables."""

from datetime import date

import pytest

from gonghui.communication import demo
from gonghui.communication.models import (
    Delivery,
    EducationBase,
    Entry,
    Like,
    Message,
    NewsItem,
    Notice,
    Receipt,
    Response,
    Survey,
)
from gonghui.core import numstyle
from gonghui.core.figures import REGISTRY, Period
from gonghui.reports import summary

from ..factories import make_member

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
def demo_world(world):
    for n in range(30):
        make_member(world.grassroots if n % 2 else world.sibling_grassroots, f"职工{n}")
    counts = demo.build_demo("small", seed=7)
    return world, counts


def _oracle(path: str) -> dict[str, int]:
    """Each figure's meaning, counted again without the registry."""
    essays = Entry.objects.filter(
        union__path__startswith=path, campaign__kind="essay", submitted_at__year=2022
    )
    return {
        "communication.notices": Notice.objects.filter(
            union__path__startswith=path, sent_at__year=2022
        ).count(),
        "communication.notice_reports": Delivery.objects.filter(
            union__path__startswith=path, reported_at__year=2022
        ).count(),
        "communication.surveys": Survey.objects.filter(
            union__path__startswith=path, opened_at__year=2022
        ).count(),
        "communication.survey_responses": Response.objects.filter(
            union__path__startswith=path, submitted_at__year=2022
        ).count(),
        "communication.news_submitted": NewsItem.objects.filter(
            union__path__startswith=path, submitted_at__year=2022
        ).count(),
        "communication.news_adopted": NewsItem.objects.filter(
            union__path__startswith=path, status="adopted", decided_at__year=2022
        ).count(),
        "communication.reading_works": Entry.objects.filter(
            union__path__startswith=path, campaign__kind="reading", selected_at__year=2022
        ).count(),
        "communication.reading_likes": Like.objects.filter(
            entry__union__path__startswith=path,
            entry__campaign__kind="reading",
            created_at__year=2022,
        ).count(),
        "communication.essays": essays.count(),
        "communication.essay_units": len(set(essays.values_list("union_id", flat=True))),
        "communication.education_bases": EducationBase.objects.filter(
            union__path__startswith=path, is_active=True, named_on__year=2022
        ).count(),
    }


def _messages_oracle(path: str) -> dict[str, int]:
    receipts = Receipt.objects.filter(union__path__startswith=path, message__sent_at__year=2022)
    return {
        "communication.messages_delivered": receipts.count(),
        "communication.messages_read": receipts.filter(read_at__isnull=False).count(),
    }


def test_the_demo_is_2022_and_deterministic(demo_world):
    world, counts = demo_world
    assert counts["survey responses"] == 30  # every member of the small world answered
    assert counts["notices"] >= 8 and counts["news items"] == 6  # 2 counties x 3 items
    assert Notice.objects.filter(parent__isnull=False).exists()  # the city forwarded some
    # 4 bases in the one Liaoning city, 2 named by the province and 2 by the city, each
    # inside the city (Shenyang's centre 41.805, 123.432).
    assert counts["education bases"] == EducationBase.objects.count() == 4
    assert EducationBase.objects.filter(union=world.province).count() == 2
    assert EducationBase.objects.filter(union=world.city).count() == 2
    for lat, lng in EducationBase.objects.values_list("lat", "lng"):
        assert abs(lat - 41.805) < 0.1 and abs(lng - 123.432) < 0.1
    # 4 messages from the province and 2 from the city, one receipt per member reached,
    # some read and some not.
    assert counts["messages"] == 6
    assert Message.objects.filter(union=world.province).count() == 4
    assert Message.objects.filter(union=world.city).count() == 2
    receipts = Receipt.objects.all()
    assert counts["messages received"] == receipts.count()
    assert receipts.filter(read_at__isnull=False).exists()
    assert receipts.filter(read_at__isnull=True).exists()
    for message in Message.objects.all():
        assert message.status == "sent" and message.done == message.receipts.count() > 0
    for sender_path, member_path in Receipt.objects.values_list(
        "message__union__path", "union__path"
    ):
        assert member_path.startswith(sender_path)  # only the sender's own members
    first = list(Delivery.objects.order_by("pk").values_list("union", "reported_at"))
    Delivery.objects.all().delete()
    Notice.objects.filter(parent__isnull=False).delete()
    from gonghui.communication.models import WorksCampaign

    bases = list(EducationBase.objects.order_by("pk").values_list("name", "lat", "lng"))
    read = list(Receipt.objects.order_by("pk").values_list("person", "read_at"))
    for model in (Notice, Response, Survey, NewsItem, WorksCampaign, Message, EducationBase):
        model.objects.all().delete()
    demo.build_demo("small", seed=7)
    assert list(Delivery.objects.order_by("pk").values_list("union", "reported_at")) == first
    assert list(EducationBase.objects.order_by("pk").values_list("name", "lat", "lng")) == bases
    assert list(Receipt.objects.order_by("pk").values_list("person", "read_at")) == read


def test_figures_equal_the_tables(demo_world):
    world, _counts = demo_world
    for path in (world.province.path, world.city.path, world.county.path):
        expected = _oracle(path)
        expected |= _messages_oracle(path)
        for key, value in expected.items():
            assert REGISTRY[key].value(path, YEAR) == value, (key, path)
    assert _oracle(world.province.path)["communication.survey_responses"] == 30


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_summary_sentences_use_the_figures(demo_world, lang):
    world, _counts = demo_world
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang=lang
    )
    expected = _oracle(world.province.path)
    sentences = [
        s
        for sec in content["sections"]
        for p in sec["paragraphs"]
        for s in p["sentences"]
        if any(k.startswith("communication.") for k in s["figures"])
    ]
    assert len(sentences) == 6  # notices, surveys, news, reading, essays, bases
    assert content["sections"][0]["key"] == "thought"
    used = {k for s in sentences for k in s["figures"]}
    assert used == set(expected) - {k for k, v in expected.items() if not v}
    text = " ".join(s["text"] for s in sentences)
    for key in used:
        written = numstyle.say(
            expected[key],
            {
                "communication.notices": "件",
                "communication.notice_reports": "次",
                "communication.surveys": "项",
                "communication.survey_responses": "份",
                "communication.news_submitted": "篇",
                "communication.news_adopted": "篇",
                "communication.reading_works": "篇",
                "communication.reading_likes": "人次",
                "communication.essays": "篇",
                "communication.essay_units": "个",
                "communication.education_bases": "家",
            }[key]
            if lang == "zh-hans"
            else "",
            lang=lang,
        )
        if lang == "zh-hans":
            assert written in text, (key, written, text)
        else:
            assert str(expected[key]) in text, (key, text)
    if lang == "zh-hans":
        assert "组织开展职工思想状况调查等问卷调查1项，收回问卷30份。" in text
        assert f"职工主题阅读活动，优选出作品{expected['communication.reading_works']}篇" in text
        assert "主题征文演讲比赛共有2个单位推报征文作品36篇。" in text
        assert "命名职工思想政治教育基地4家。" in text
    else:
        assert "named 4 bases for workers' political education." in text


def test_no_records_no_sentence(world):
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    for sec in content["sections"]:
        for p in sec["paragraphs"]:
            for s in p["sentences"]:
                assert not any(k.startswith("communication.") for k in s["figures"])


def test_a_member_who_logs_in_finds_the_messages_sent_to_them(world, monkeypatch):
    # The demo writes receipts for a sample of each audience; the worker who logs in with
    # the demo's member account must be in it, or /me/messages/ is empty for them.
    from ..factories import make_user

    for n in range(6):
        make_member(world.grassroots, f"职工{n}")
    account = make_user("worker")
    person = make_member(world.grassroots, "刘洋", user=account).person
    monkeypatch.setattr(demo, "RECEIPTS_PER_MESSAGE", 3)
    demo.build_demo("small", seed=7)
    reached = Receipt.objects.filter(person=person)
    assert reached.filter(message__union=world.province).count() == len(demo.MESSAGES)
    assert reached.count() == Message.objects.count()  # and the city's, its own city
