"""The join form for riders and couriers: the place and the employer chosen by name, the
union shown before sending, the separate consent to process the ID number (and its
withdrawal on /me/), and what bad input gets."""

import json

import pytest

from gonghui.accounts.models import User
from gonghui.core.models import AuditEvent
from gonghui.members import pickers, services
from gonghui.members.models import IdConsent, JoinRequest, Person

from ..factories import EnterpriseFactory, OrgKind, credit_code, id_number, make_member, make_org

PASSWORD = "riders-own-passphrase"


@pytest.fixture
def joint(world):
    return make_org(
        "和平区快递外卖联合工会",
        OrgKind.JOINT,
        world.county,
        "210102",
        takes_in=["courier", "delivery_rider"],
    )


def _form(**over):
    return {
        "name": "刘洋",
        "id_number": id_number(birth="20000229"),
        "phone": "+86 137-1234-5678",
        "work_kind": "delivery_rider",
        "region_text": "沈阳 和平区",
        "employer_text": "蜂鸟配送沈阳和平站",
        "employer_not_on_file": "on",
        "privacy": "on",
        "id_consent": "on",
        "password": PASSWORD,
        **over,
    }


def _counts():
    return User.objects.count(), JoinRequest.objects.count(), IdConsent.objects.count()


# The places: by name, pinyin, initials, code; province → city → county.


@pytest.mark.one_db
@pytest.mark.parametrize("q", ["和平区", "heping", "hp", "shenyang heping", "syhp", "沈阳 和平"])
def test_a_county_is_found_by_name_pinyin_or_initials(world, q):
    found = pickers.place_search(q)
    assert "210102" in [p.code for p in found], q
    assert len(found) <= pickers.PICK_LIMIT
    assert pickers.place("210102").label == "辽宁省 沈阳市 和平区"


@pytest.mark.one_db
def test_place_search_is_bounded_and_ranks_the_exact_name_first(world):
    assert len(pickers.place_search("a")) == pickers.PICK_LIMIT  # thousands match "a"
    both = pickers.place_search("和平区")
    assert {p.code for p in both[:2]} == {"210102", "120101"}  # Shenyang's and Tianjin's
    assert [p.code for p in pickers.place_search("210102")] == ["210102"]
    assert pickers.place_search("") == [] and pickers.place_search("不存在的地方") == []


@pytest.mark.one_db
def test_the_place_picker_browses_province_city_county(world, client):
    provinces = client.get("/join/places.json").json()["results"]
    assert {"code": "210000", "name": "辽宁省", "label": "辽宁省", "level": "province"} in provinces
    cities = client.get("/join/places.json?parent=210000").json()["results"]
    assert "沈阳市" in [c["name"] for c in cities]
    counties = client.get("/join/places.json?parent=210100").json()["results"]
    assert "210102" in [c["code"] for c in counties]
    # A municipality's districts stand right under it.
    beijing = client.get("/join/places.json?parent=110000").json()["results"]
    assert "东城区" in [c["name"] for c in beijing]
    found = client.get("/join/places.json?q=heping").json()["results"]
    assert found and all(p["level"] == "county" for p in found)


# The employers: on file, by name, pinyin or credit code, within the province.


@pytest.mark.one_db
def test_employers_are_found_in_the_province_by_name_pinyin_or_code(world, client):
    courier = EnterpriseFactory(
        name="沈阳顺丰速运有限公司", region_id="210103", keeper=world.county
    )
    EnterpriseFactory(name="长春顺丰速运有限公司", region_id="220102", keeper=world.county)

    def names(**params):
        query = "&".join(f"{k}={v}" for k, v in params.items())
        return [e["name"] for e in client.get(f"/join/employers.json?{query}").json()["results"]]

    assert names(q="顺丰", region="210102") == ["沈阳顺丰速运有限公司"]
    assert names(q="shunfeng", region="210102") == ["沈阳顺丰速运有限公司"]
    assert names(q=courier.credit_code, region="210102") == ["沈阳顺丰速运有限公司"]
    assert len(names(q="顺丰")) == 2  # no place yet: every province
    assert names(q="s", region="210102") == []  # one letter is too little to search
    many = [
        EnterpriseFactory(name=f"沈阳外卖配送站{i}", keeper=world.county)
        for i in range(pickers.PICK_LIMIT + 3)
    ]
    assert len(names(q="外卖配送站", region="210102")) == pickers.PICK_LIMIT
    assert many


# The union, shown before the request is sent.


@pytest.mark.one_db
def test_the_union_is_shown_before_sending(world, joint, client):
    shown = client.get("/join/union.json?region=210102&work_kind=delivery_rider").json()
    assert shown["union"] == {"id": joint.pk, "name": "和平区快递外卖联合工会"}
    own = client.get(
        f"/join/union.json?region=210102&work_kind=regular&employer={world.enterprise.pk}"
    ).json()
    assert own["union"]["name"] == world.grassroots.name
    nowhere = client.get("/join/union.json?region=220102&work_kind=courier").json()
    assert nowhere["union"] is None and nowhere["message"]
    assert client.get("/join/union.json?region=21&work_kind=courier").json()["union"] is None


def test_a_rider_without_javascript_confirms_the_union_then_joins(world, joint, client):
    before = _counts()
    shown = client.post("/join/", _form())
    page = shown.content.decode()
    # Nothing is written yet: the page names the union and asks to send again.
    assert shown.status_code == 200 and _counts() == before
    assert "和平区快递外卖联合工会" in page and f'name="union_seen" value="{joint.pk}"' in page
    assert 'name="region" value="210102"' in page
    assert shown["Cache-Control"] == "no-store"

    sent = client.post("/join/", _form(region="210102", union_seen=joint.pk))
    assert sent.status_code == 302, sent.content.decode()[-3000:]
    join = JoinRequest.objects.get()
    assert join.union == joint and join.employer is None and join.birth_date.year == 2000
    assert join.employer_name == "蜂鸟配送沈阳和平站" and join.phone_masked == "137****5678"
    consent = IdConsent.objects.get()
    assert consent.join_request == join and consent.user == join.applicant
    assert consent.version == services.ID_CONSENT_VERSION and consent.given_at


def test_a_place_of_two_provinces_is_chosen_from_a_list(world, joint, client):
    before = _counts()
    response = client.post("/join/", _form(region_text="和平区"))
    page = response.content.decode()
    assert response.status_code == 400 and _counts() == before
    assert 'type="radio" name="region" value="210102"' in page
    assert 'type="radio" name="region" value="120101"' in page  # Tianjin's 和平区
    chosen = client.post("/join/", _form(region_text="和平区", region="210102"))
    assert chosen.status_code == 200 and "和平区快递外卖联合工会" in chosen.content.decode()


def test_an_employer_on_file_is_taken_by_its_name_and_a_near_name_is_asked(world, client):
    exact = _form(
        work_kind="regular",
        employer_text="沈阳华晨机械有限公司",
        employer_not_on_file="",
        id_number=id_number(birth="19500601"),
    )
    confirm = client.post("/join/", exact)
    assert confirm.status_code == 200 and world.grassroots.name in confirm.content.decode()
    sent = client.post("/join/", {**exact, "union_seen": world.grassroots.pk})
    assert sent.status_code == 302
    join = JoinRequest.objects.get()
    assert join.employer == world.enterprise and join.union == world.grassroots
    assert join.birth_date.year == 1950

    client.logout()
    near = client.post(
        "/join/",
        _form(
            work_kind="regular", employer_text="华晨", employer_not_on_file="", phone="13700001111"
        ),
    )
    page = near.content.decode()
    assert near.status_code == 400 and JoinRequest.objects.count() == 1
    assert f'type="radio" name="employer" value="{world.enterprise.pk}"' in page


def test_an_employer_not_on_file_keeps_its_credit_code(world, joint, client):
    code = credit_code()
    details = _form(employer_credit_code=code.lower(), region="210102", union_seen=joint.pk)
    assert client.post("/join/", details).status_code == 302
    join = JoinRequest.objects.get()
    assert join.employer is None and join.employer_credit_code == code


@pytest.mark.parametrize(
    ("over", "field", "error"),
    [
        ({"id_consent": ""}, "id_consent", "没有这项同意"),
        ({"privacy": ""}, "privacy", "请阅读隐私告知"),
        ({"region_text": "不存在的地方"}, "region_text", "没有这个名称的区县"),
        ({"region_text": "", "region": "999999"}, "region_text", "没有这个名称的区县"),
        ({"region_text": ""}, "region_text", "请选择您工作所在的区县"),
        ({"employer_credit_code": "91210102ABCDEFGH1X"}, "employer_credit_code", "信用代码"),
        ({"phone": "024-2345678"}, "phone", "11位手机号码"),
        ({"id_number": "210102197506011234"}, "id_number", "身份证"),
        ({"employer": "999999", "employer_not_on_file": ""}, "employer_text", "已不在登记中"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(world, joint, client, over, field, error):
    before = _counts()
    response = client.post(
        "/join/", _form(union_seen=joint.pk, **over), headers={"accept-language": "zh-hans"}
    )
    page = response.content.decode()
    assert response.status_code == 400, page[-2000:]
    assert error in page, page[-4000:]
    assert _counts() == before


def test_the_api_needs_the_separate_consent(world, joint, client):
    client.force_login(world.member)
    payload = {
        "name": "李娜",
        "id_number": id_number(male=False),
        "phone": "13712345678",
        "region": "210102",
        "work_kind": "courier",
    }

    def post(**over):
        return client.post(
            "/api/v1/join-requests",
            data=json.dumps({**payload, **over}),
            content_type="application/json",
        )

    assert post().status_code in (400, 422)
    refused = post(id_consent="2020-01")  # a text the applicant never saw
    assert refused.status_code == 400 and refused.json()["code"] == "consent_needed"
    assert JoinRequest.objects.count() == 0
    assert post(id_consent=services.ID_CONSENT_VERSION).status_code == 201
    assert IdConsent.objects.get().user == world.member


# The consent on /me/: read, withdraw.


def _joined(world, joint, client) -> JoinRequest:
    client.force_login(world.member)
    assert (
        client.post(
            "/join/",
            _form(region="210102", union_seen=joint.pk, phone="13900000001"),
        ).status_code
        == 302
    )
    return JoinRequest.objects.get()


def test_the_worker_reads_and_withdraws_the_consent(world, joint, client):
    join = _joined(world, joint, client)
    consent = IdConsent.objects.get()
    me = client.get("/me/", headers={"accept-language": "zh-hans"}).content.decode()
    assert "处理我的身份证号码的同意" in me and services.ID_CONSENT_VERSION in me
    assert "居民身份证号码属于敏感个人信息" in me  # the text agreed to

    done = client.post(f"/me/id-consent/{consent.pk}/withdraw/")
    assert done.status_code == 302
    consent.refresh_from_db()
    join.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert join.status == "rejected" and join.id_cipher == "" and join.id_index == ""
    assert AuditEvent.objects.filter(action="id_consent_withdrawn").count() == 1
    me = client.get("/me/", headers={"accept-language": "zh-hans"}).content.decode()
    assert "已于" in me and f"/me/id-consent/{consent.pk}/withdraw/" not in me
    # Twice: told it is done already; nothing more happens.
    client.post(f"/me/id-consent/{consent.pk}/withdraw/")
    assert AuditEvent.objects.filter(action="id_consent_withdrawn").count() == 1


def test_withdrawal_erases_the_number_from_the_record_and_keeps_the_membership(world, client):
    number = id_number(birth="19750601")
    membership = make_member(world.grassroots, "张晓明", number_id=number, user=world.member)
    consent = IdConsent.objects.create(
        user=world.member, version=services.ID_CONSENT_VERSION, given_at="2026-01-05T08:00Z"
    )
    client.force_login(world.member)
    client.post(f"/me/id-consent/{consent.pk}/withdraw/")
    person = Person.objects.get()
    assert person.id_cipher == "" and person.id_last4 == ""
    membership.refresh_from_db()
    assert membership.status == "active"  # kept, as the law allows
    # The fingerprint stays: the same number cannot be registered a second time.
    assert services.person_find(number) == person
    event = AuditEvent.objects.get(action="id_consent_withdrawn")
    assert event.org_path == world.grassroots.path and number not in json.dumps(event.changes)


def test_nobody_withdraws_someone_elses_consent(world, joint, client):
    _joined(world, joint, client)
    consent = IdConsent.objects.get()
    client.force_login(world.cadre)
    assert client.post(f"/me/id-consent/{consent.pk}/withdraw/").status_code == 404
    consent.refresh_from_db()
    assert consent.withdrawn_at is None
    assert client.get("/me/id-consent/1/withdraw/").status_code == 405
