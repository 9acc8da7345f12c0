"""The 2022 demo of honours, and the summary's honours sentences written from it: each
figure in the sentence equals an independent count of the records."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.core import numstyle
from gonghui.honours import demo
from gonghui.honours.models import Care, Event, ModelWorker, Nomination, Objection, Quota, Status
from gonghui.reports.summary import summary_compose

from ..campaigns.helpers import assert_ledger_sound
from ..factories import make_member


@pytest.fixture
def demo_world(world):
    for i in range(45):
        make_member(world.grassroots, f"华晨职工{i:02d}")
        make_member(world.sibling_grassroots, f"商贸职工{i:02d}")
    counts = demo.build_demo("small", seed=7)
    return world, counts


def _sentence(content, key):
    for section in content["sections"]:
        for paragraph in section["paragraphs"]:
            for sentence in paragraph["sentences"]:
                if key in sentence["figures"]:
                    return sentence["text"]
    return None


def test_demo_awards_pass_review_notice_and_award(demo_world):
    world, counts = demo_world
    assert counts["honour nominations"] == Nomination.objects.count() > 60
    assert counts["model workers"] == ModelWorker.objects.count()
    assert counts["model-worker care records"] == Care.objects.count() > 0
    # the care money was paid from the province's funds on the ledger, every fen of it
    money = Care.objects.exclude(amount=0)
    assert not money.filter(posting__isnull=True).exists()
    assert set(money.values_list("payer", flat=True)) == {world.province.pk}
    assert ledger.balance(world.province.pk, "honours_care") == sum(c.amount for c in money)
    assert_ledger_sound()
    for n in Nomination.objects.filter(status=Status.AWARDED):
        assert n.certificate_number and n.awarded_on.year == 2022
        assert n.notice_to < n.awarded_on
        assert all(s.decision == "approved" for s in n.steps.all())
        assert n.steps.last().org == world.province
        assert not n.objections.filter(status="open").exists()
        assert all(s.decided_by_id != n.entered_by_id for s in n.steps.all())
    # the places set hold what was nominated
    for quota in Quota.objects.all():
        held = Nomination.objects.filter(
            scheme=quota.scheme, union__path__startswith=quota.union.path, subject="person"
        ).exclude(status__in=["rejected", "withdrawn"])
        assert held.count() <= quota.people


def test_demo_is_deterministic(demo_world):
    first = list(Nomination.objects.order_by("pk").values_list("union", "name", "status"))
    Care.objects.all().delete()
    Event.objects.all().delete()
    Objection.objects.all().delete()
    ModelWorker.objects.all().delete()
    Quota.objects.all().delete()
    for n in Nomination.objects.all():
        n.steps.all().delete()
    Nomination.objects.all().delete()
    demo.build_demo("small", seed=7)
    again = list(Nomination.objects.order_by("pk").values_list("union", "name", "status"))
    assert first == again


def test_summary_sentence_counts_the_records(demo_world):
    world, _counts = demo_world
    awarded = Nomination.objects.filter(status=Status.AWARDED, awarded_on__year=2022)
    people = awarded.filter(
        scheme__kind="model_worker", scheme__level="provincial", subject="person"
    )
    collectives = awarded.filter(
        scheme__kind="model_worker", scheme__level="provincial", subject="collective"
    )
    medals = awarded.filter(scheme__kind="may_day", scheme__level="national", subject="person")
    medal_units = awarded.filter(
        scheme__kind="may_day", scheme__level="national", subject="collective"
    )
    craftsmen = awarded.filter(scheme__kind="craftsman")
    care = Care.objects.filter(given_on__year=2022)
    care_fen = sum(care.values_list("amount", flat=True))
    assert people.count() == 60 and collectives.count() == 5
    entered = Nomination.objects.filter(created_at__year=2022).count()
    assert entered == Nomination.objects.count()  # entered in 2022, as the figure counts
    assert medals.count() == 4 and medal_units.count() == 4 and craftsmen.count() == 2

    zh = summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    text = _sentence(zh, "honours.model_workers")
    assert text == (
        f"2022年，全省各级工会表彰全省劳动模范和先进工作者{people.count()}名、"
        f"先进集体{collectives.count()}个；推荐表彰全国五一劳动奖章{medals.count()}名、"
        f"先进集体{medal_units.count()}个；评选命名工匠{craftsmen.count()}名。"
    )
    care_text = _sentence(zh, "honours.care")
    assert care_text == (
        f"为劳模开展健康体检、疗休养、困难帮扶和走访慰问等关爱服务{care.count()}次，"
        f"支出关爱资金{numstyle.money(care_fen)}。"
    )

    en = summary_compose(actor=world.province_staff, org_id=world.province.pk, year=2022, lang="en")
    text = _sentence(en, "honours.model_workers")
    assert text.startswith("In 2022, unions at all levels across the province honoured ")
    assert text == (
        f"In 2022, unions at all levels across the province honoured {people.count()} model "
        f"workers and advanced workers and {collectives.count()} advanced collectives of the "
        f"province, recommended {medals.count()} people for the national May Day Labour Medal "
        f"and {medal_units.count()} collectives for the national May Day Labour Certificate "
        f"and named {craftsmen.count()} craftsmen."
    )
    school = Event.objects.filter(kind="school", held_on__year=2022).count()
    assert school == 35
    events_text = _sentence(zh, "honours.events.school")
    assert events_text.startswith(f"开展“劳模工匠进校园”活动{school}场")
    hant = summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hant"
    )
    assert "勞動模範" in _sentence(hant, "honours.model_workers")


def test_no_honours_no_sentence(world):
    zh = summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    assert _sentence(zh, "honours.model_workers") is None
    assert _sentence(zh, "honours.care") is None


def test_a_county_summary_counts_its_own(demo_world):
    world, _counts = demo_world
    zh = summary_compose(
        actor=world.county_staff, org_id=world.county.pk, year=2022, lang="zh-hans"
    )
    text = _sentence(zh, "honours.model_workers") or ""
    people = Nomination.objects.filter(
        status=Status.AWARDED,
        union__path__startswith=world.county.path,
        scheme__kind="model_worker",
        subject="person",
        awarded_on__range=(date(2022, 1, 1), date(2022, 12, 31)),
    ).count()
    assert f"劳动模范和先进工作者{people}名" in text
