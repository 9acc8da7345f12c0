"""一函两书: a union sends a letter, records the reply once and then the rectification; a
letter with no reply past its day is a to-do; bad input changes nothing; figures and the
summary sentence come from the rows."""

from datetime import date, timedelta

import pytest

from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.reports import summary
from gonghui.rights import services_letters
from gonghui.rights.models import SupervisionLetter
from tests.rights.dates import days_from_today, on_the_day

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _send(world, actor=None, **changes):
    fields = {
        "union_id": world.township.pk,
        "kind": "notice",
        "addressee": "enterprise",
        "enterprise_id": world.enterprise.pk,
        "issue": "wages",
        "summary": "请于十五日内足额支付拖欠的工资并书面回复。",
    }
    fields.update(changes)
    return services_letters.letter_send(actor=actor or world.county_staff, **fields)


def test_a_letter_is_answered_then_rectified(world):
    letter = _send(world)
    assert letter.addressee_name == world.enterprise.name
    assert letter.reply_due == date.today() + timedelta(days=15)
    with pytest.raises(ServiceError) as err:
        services_letters.letter_rectification(
            actor=world.county_staff, letter_id=letter.pk, rectification="rectified"
        )
    assert err.value.code == "letter_not_replied"
    services_letters.letter_reply(actor=world.county_staff, letter_id=letter.pk, note="已收悉")
    with pytest.raises(ServiceError) as err:
        services_letters.letter_reply(actor=world.county_staff, letter_id=letter.pk, note="再次")
    assert err.value.code == "letter_answered"
    letter = services_letters.letter_rectification(
        actor=world.county_staff, letter_id=letter.pk, rectification="rectified", note="已补发"
    )
    assert (letter.rectification, letter.rectified_on) == ("rectified", date.today())


def test_the_cadre_of_the_enterprise_union_writes_to_its_own_enterprise(world):
    letter = _send(world, actor=world.cadre, union_id=world.grassroots.pk, kind="opinion")
    assert letter.enterprise == world.enterprise


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"kind": "memo"}, "kind"),
        ({"kind": "opinion", "addressee": "government", "addressee_name": ""}, "addressee_name"),
        ({"addressee": "government", "addressee_name": "某区政府"}, "addressee"),  # 提示函
        ({"enterprise_id": None}, "enterprise_id"),
        ({"enterprise_id": 999_999}, "enterprise_id"),
        ({"summary": " "}, "summary"),
        ({"issue": "weather"}, "issue"),
        ({"sent_on": days_from_today(2)}, "sent_on"),
        ({"sent_on": date(2022, 5, 1), "reply_due": date(2022, 4, 1)}, "reply_due"),
        ({"union_id": 999_999}, "union_id"),
    ],
)
def test_bad_letters_write_nothing(world, changes, field):
    changes = on_the_day(changes)
    before = (SupervisionLetter.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as err:
        _send(world, **changes)
    assert field in err.value.fields
    assert (SupervisionLetter.objects.count(), AuditEvent.objects.count()) == before


def test_a_letter_unanswered_past_its_day_waits(world):
    _send(world, sent_on=date.today() - timedelta(days=20))
    answered = _send(world, sent_on=date.today() - timedelta(days=20))
    services_letters.letter_reply(actor=world.county_staff, letter_id=answered.pk, note="已收悉")
    _send(world)

    def count(user):
        waiting = {w.todo.key: w.count for w in todos.waiting_for(user)}
        return waiting.get("rights.letter_reply_overdue", 0)

    assert count(world.county_staff) == 1 and count(world.province_staff) == 1
    assert count(world.sibling_staff) == 0 and count(world.cadre) == 0


def test_letter_figures_summary_and_pages(world, as_user):
    a = _send(world, sent_on=date(2022, 3, 1))
    services_letters.letter_reply(
        actor=world.county_staff, letter_id=a.pk, note="已收悉", replied_on=date(2022, 3, 5)
    )
    services_letters.letter_rectification(
        actor=world.county_staff, letter_id=a.pk, rectification="rectified"
    )
    _send(
        world,
        kind="proposal",
        addressee="government",
        addressee_name="和平区人民政府",
        sent_on=date(2022, 6, 1),
    )
    _send(world, sent_on=date(2021, 6, 1))
    path = world.province.path
    assert REGISTRY["rights.letters"].value(path, YEAR) == 2
    assert REGISTRY["rights.letters.by_kind.notice"].value(path, YEAR) == 1
    assert REGISTRY["rights.letters_to_government"].value(path, YEAR) == 1
    assert REGISTRY["rights.letters_rectified"].value(path, YEAR) == 1
    assert REGISTRY["rights.letters"].value(world.sibling.path, YEAR) == 0
    content = summary.summary_compose(
        actor=world.province_staff, org_id=world.province.pk, year=2022, lang="zh-hans"
    )
    texts = [
        s["text"]
        for sec in content["sections"]
        for p in sec["paragraphs"]
        for s in p["sentences"]
        if "rights.letters" in s["figures"]
    ]
    assert texts == [
        "深化工会劳动法律监督，发出“一函两书”2份，其中提示函1份、建议书1份，"
        "收到回复1份，推动整改1件。"
    ]
    client = as_user(world.county_staff)
    page = client.get("/rights/letters/?addressee=government").content.decode()
    assert page.count("data-id=") == 1 and "和平区人民政府" in page
    letter = SupervisionLetter.objects.get(addressee="government")
    assert client.post(f"/rights/letters/{letter.pk}/reply/", {"note": ""}).status_code == 400
    response = client.post(f"/rights/letters/{letter.pk}/reply/", {"note": "区政府已部署专项检查"})
    assert response.status_code == 302
    response = client.post(
        "/api/v1/rights/letters",
        {
            "union_id": world.county.pk,
            "kind": "opinion",
            "addressee": "government",
            "addressee_name": "和平区人社局",
            "issue": "hours",
            "summary": "建议开展工时检查",
        },
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["reference"].startswith("函")
