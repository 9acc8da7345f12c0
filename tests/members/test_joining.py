"""Online joining: routing, review, card, and the errors a worker can meet."""

import html
import json
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.db import connection

from gonghui.core import cleaning
from gonghui.core.models import AuditEvent, SensitiveRead
from gonghui.members import services
from gonghui.members.models import JoinRequest, Membership, Person

from ..factories import OrgKind, id_number, make_member, make_org, make_user

CONSENTS = {"privacy": "on", "id_consent": "on"}


@pytest.fixture
def joint(world):
    return make_org(
        "和平区快递外卖联合工会",
        OrgKind.JOINT,
        world.county,
        "210102",
        takes_in=["courier", "delivery_rider"],
    )


def _apply(client, **over):
    payload = {
        "name": "李娜",
        "id_number": id_number(male=False),
        "phone": "13712345678",
        "region": "210102",
        "work_kind": "delivery_rider",
        "employer_name": "美团",
        "id_consent": services.ID_CONSENT_VERSION,
        **over,
    }
    return client.post(
        "/api/v1/join-requests", data=json.dumps(payload), content_type="application/json"
    )


def test_gig_worker_goes_to_the_joint_union_and_is_approved(world, joint, client):
    worker = make_user("rider")
    client.force_login(worker)
    response = _apply(client)
    assert response.status_code == 201, response.content
    assert response.json()["union_name"] == "和平区快递外卖联合工会"
    join_id = response.json()["id"]

    # The joint union's cadre sees it, with how long it has waited; a sibling does not.
    cadre = make_user("joint_cadre", "cadre", joint)
    client.force_login(cadre)
    listed = client.get("/api/v1/join-requests").json()["items"]
    assert [j["id"] for j in listed] == [join_id] and listed[0]["waiting_days"] == 0
    client.force_login(world.sibling_staff)
    assert client.get("/api/v1/join-requests").json()["count"] == 0
    assert client.post(f"/api/v1/join-requests/{join_id}/approve").status_code == 404

    client.force_login(cadre)
    member = client.post(f"/api/v1/join-requests/{join_id}/approve").json()
    assert member["union_name"] == "和平区快递外卖联合工会" and member["number"].startswith(
        "210102"
    )
    assert member["id_number"].startswith("**************")

    client.force_login(worker)
    mine = client.get("/api/v1/join-requests/mine").json()
    assert mine[0]["status"] == "approved" and mine[0]["membership_number"] == member["number"]


def test_regular_worker_goes_to_the_employers_union(world, client):
    client.force_login(make_user("worker"))
    response = _apply(
        client,
        work_kind="regular",
        employer_name="",
        employer_credit_code=world.enterprise.credit_code,
    )
    assert response.json()["union_name"] == "沈阳华晨机械有限公司工会委员会"


def test_rejection_reason_reaches_the_worker(world, joint, client):
    worker = make_user("rider")
    client.force_login(worker)
    join_id = _apply(client).json()["id"]
    client.force_login(make_user("joint_cadre", "cadre", joint))
    empty = client.post(
        f"/api/v1/join-requests/{join_id}/reject",
        data={"reason": ""},
        content_type="application/json",
    )
    assert empty.status_code == 422 and "reason" in empty.json()["fields"]
    client.post(
        f"/api/v1/join-requests/{join_id}/reject",
        content_type="application/json",
        data=json.dumps({"reason": "请补充劳动合同或平台接单记录"}),
    )
    client.force_login(worker)
    mine = client.get("/api/v1/join-requests/mine").json()[0]
    assert mine["status"] == "rejected" and mine["reason"] == "请补充劳动合同或平台接单记录"


@pytest.mark.parametrize(
    "over,field,code",
    [
        ({"id_number": "210102199003070000"}, "id_number", "invalid_id"),
        ({"id_number": "21010219900230001X"}, "id_number", "invalid_id"),
        ({"phone": "12345"}, "phone", "invalid"),
        ({"region": "999999"}, "region", "invalid"),
        ({"work_kind": "astronaut"}, "work_kind", "invalid"),
        (
            {"employer_credit_code": "91210102MA0000001A", "work_kind": "regular"},
            "employer_credit_code",
            "invalid",
        ),
    ],
)
def test_bad_applications_change_nothing(world, joint, client, over, field, code):
    client.force_login(make_user("rider"))
    before = (Person.objects.count(), JoinRequest.objects.count(), AuditEvent.objects.count())
    response = _apply(client, **over)
    assert 400 <= response.status_code < 500
    assert field in response.json()["fields"] and response.json()["code"] == code
    assert (
        Person.objects.count(),
        JoinRequest.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_existing_member_cannot_join_again(world, joint, client):
    number = id_number()
    own = make_user("wangqiang")
    make_member(world.grassroots, "王强", number_id=number, user=own)
    client.force_login(own)
    response = _apply(client, name="王强", id_number=number)
    assert response.status_code == 400 and response.json()["code"] == "already_member"
    assert "沈阳华晨机械有限公司工会委员会" in response.json()["message"]


def test_a_stranger_learns_no_union_from_a_members_id_number(world, joint, client):
    number = id_number()
    make_member(world.grassroots, "王强", number_id=number)
    client.force_login(make_user("again"))
    before = (JoinRequest.objects.count(), Person.objects.get().updated_at)
    response = _apply(client, name="王强", id_number=number)
    assert response.status_code == 400 and response.json()["code"] == "already_member"
    assert "沈阳华晨" not in response.json()["message"]
    assert (JoinRequest.objects.count(), Person.objects.get().updated_at) == before


def _former_member(world, *, name="王强", number=None, phone="13611112222"):
    """A person who left their union, imported from a register and so without an account:
    on file with their history — what a stranger would want to take over."""
    membership = make_member(world.grassroots, name, number_id=number or id_number(), phone=phone)
    membership.status, membership.ended_on = "left", membership.joined_on
    membership.save()
    return membership.person


def test_a_stranger_who_knows_name_and_id_number_gains_nothing(world, joint, client):
    number = id_number()
    person = _former_member(world, number=number)
    snapshot = {
        f: getattr(person, f)
        for f in ("name", "phone_cipher", "phone_index", "work_kind", "employer_name", "user_id")
    }
    stranger = make_user("stranger")
    client.force_login(stranger)
    response = _apply(client, name="王强", id_number=number, phone="13799998888")
    assert response.status_code == 201, response.content

    # The record on file is untouched and still belongs to its owner ...
    person.refresh_from_db()
    assert {f: getattr(person, f) for f in snapshot} == snapshot
    # ... and the stranger's account sees none of it.
    assert client.get("/api/v1/members/mine").json() == []
    assert person.memberships.get().number not in client.get("/me/").content.decode()
    mine = client.get("/api/v1/join-requests/mine").json()
    assert [j["status"] for j in mine] == ["pending"]

    # The cadre sees that the number is on file and how the details differ, and cannot
    # approve without confirming identity.
    cadre = make_user("joint_cadre", "cadre", joint)
    client.force_login(cadre)
    listed = client.get("/api/v1/join-requests").json()["items"][0]
    assert listed["on_file"] is True
    assert {d["field"] for d in listed["differences"]} >= {"phone", "work_kind"}
    refused = client.post(f"/api/v1/join-requests/{listed['id']}/approve")
    assert refused.status_code == 400 and refused.json()["code"] == "identity_unchecked"
    assert Person.objects.get().memberships.filter(status="active").count() == 0
    person.refresh_from_db()
    assert person.user_id is None

    # Rejecting (the cadre compared the ID card and it was not them) leaves all as it was.
    client.post(
        f"/api/v1/join-requests/{listed['id']}/reject",
        content_type="application/json",
        data=json.dumps({"reason": "身份证与档案不符"}),
    )
    person.refresh_from_db()
    assert {f: getattr(person, f) for f in snapshot} == snapshot


def test_confirmed_returning_member_is_linked_and_audited(world, joint, client):
    number = id_number()
    person = make_member(world.grassroots, "王强", number_id=number).person
    person.memberships.update(status="left", ended_on=person.memberships.get().joined_on)
    worker = make_user("returning")
    client.force_login(worker)
    join_id = _apply(client, name="王强", id_number=number, phone="13799998888").json()["id"]

    client.force_login(make_user("joint_cadre", "cadre", joint))
    member = client.post(
        f"/api/v1/join-requests/{join_id}/approve",
        content_type="application/json",
        data=json.dumps({"identity_checked": True, "update_record": True}),
    )
    assert member.status_code == 200, member.content
    assert member.json()["person_id"] == person.pk
    person.refresh_from_db()
    assert person.user_id == worker.pk and person.work_kind == "delivery_rider"
    assert Person.objects.count() == 1
    actions = set(
        AuditEvent.objects.filter(
            target_type="members.person", target_id=str(person.pk)
        ).values_list("action", flat=True)
    )
    assert {"join_identity_confirmed", "person_account_linked"} <= actions
    # The audit keeps neither the phone nor the full name: people by id and masked name.
    for event in AuditEvent.objects.all():
        row = json.dumps([event.actor_name, event.target_repr, event.changes], ensure_ascii=False)
        assert "13799998888" not in row and "王强" not in row, row
    assert AuditEvent.objects.filter(target_repr__startswith="王*").exists()
    client.force_login(worker)
    mine = client.get("/api/v1/members/mine").json()
    assert [m["id"] for m in mine if m["status"] == "active"] == [member.json()["id"]]


def test_a_newcomer_is_created_only_when_approved(world, joint, client):
    worker = make_user("rider")
    client.force_login(worker)
    join_id = _apply(client).json()["id"]
    assert Person.objects.count() == 0
    client.force_login(make_user("joint_cadre", "cadre", joint))
    client.post(f"/api/v1/join-requests/{join_id}/approve")
    person = Person.objects.get()
    assert person.user_id == worker.pk and person.name == "李娜"


def test_same_id_under_another_name_goes_to_the_cadre_not_the_record(world, joint, client):
    number = id_number()
    make_member(world.grassroots, "王强", number_id=number).person.memberships.update(status="left")
    client.force_login(make_user("impostor"))
    response = _apply(client, name="王刚", id_number=number)
    # No oracle: the answer is the same as for the right name.
    assert response.status_code == 201
    client.force_login(world.county_staff)
    join = client.get("/api/v1/join-requests").json()["items"][0]
    name_row = next(d for d in join["differences"] if d["field"] == "name")
    assert (name_row["on_file"], name_row["applied"]) == ("王强", "王刚")
    assert Person.objects.get().name == "王强"


def test_database_allows_one_active_membership(world):
    from django.db import IntegrityError, transaction

    membership = make_member(world.grassroots)
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(
            person=membership.person,
            union=world.sibling_grassroots,
            number="X1",
            joined_on=membership.joined_on,
            started_on=membership.joined_on,
        )


def test_no_plaintext_id_or_phone_in_the_people_table(world):
    number, phone = id_number(), "13698765432"
    make_member(world.grassroots, "赵敏", number_id=number, phone=phone)
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM members_person")
        rows = [" ".join(str(v) for v in row) for row in cursor.fetchall()]
    assert len(rows) == 1
    assert number not in rows[0] and number[:14] not in rows[0] and phone not in rows[0]
    person = Person.objects.get(name="赵敏")
    assert person.id_masked.endswith(number[-4:]) and number not in person.id_masked


def test_search_by_pinyin_number_and_id(world, as_user):
    number = id_number()
    m = make_member(world.grassroots, "张晓伟", number_id=number)
    make_member(world.sibling_grassroots, "张晓伟")  # same name, outside the cadre's union
    client = as_user(world.cadre)
    for q in ["张晓", "zhangxiao", "zxw", m.number, number]:
        items = client.get(f"/api/v1/members?q={q}").json()["items"]
        assert [i["id"] for i in items] == [m.pk], q


def test_reveal_is_logged_and_scoped(world, as_user):
    number = id_number()
    m = make_member(world.grassroots, "孙丽", number_id=number)
    client = as_user(world.cadre)
    no_purpose = client.post(
        f"/api/v1/people/{m.person_id}/reveal",
        content_type="application/json",
        data=json.dumps({"field": "id_number", "purpose": ""}),
    )
    assert no_purpose.status_code == 422 and SensitiveRead.objects.count() == 0
    shown = client.post(
        f"/api/v1/people/{m.person_id}/reveal",
        content_type="application/json",
        data=json.dumps({"field": "id_number", "purpose": "办理医疗互助"}),
    )
    assert shown.json()["value"] == number
    read = SensitiveRead.objects.get()
    assert (
        read.actor == world.cadre and read.field == "id_number" and read.purpose == "办理医疗互助"
    )
    other = as_user(world.sibling_staff).post(
        f"/api/v1/people/{m.person_id}/reveal",
        content_type="application/json",
        data=json.dumps({"field": "id_number", "purpose": "查看"}),
    )
    assert other.status_code == 404 and SensitiveRead.objects.count() == 1


def test_card_token_verifies_without_personal_data(world, client):
    m = make_member(world.grassroots, "周杰")
    token = services.card_token(m)
    body = client.get(f"/api/v1/cards/verify?token={token}").json()
    expires = (cleaning.today() + timedelta(days=services.CARD_DAYS)).isoformat()
    assert body == {
        "valid": True,
        "state": "valid",
        "union_name": "沈阳华晨机械有限公司工会委员会",
        "member_since": "2020-05-01",
        "expires_on": expires,
    }
    assert client.get(f"/api/v1/cards/verify?token={token}x").json() == {
        "valid": False,
        "state": "invalid",
        "union_name": None,
        "member_since": None,
        "expires_on": None,
    }
    page = client.get(f"/card/verify/?t={token}").content.decode()
    assert "沈阳华晨机械有限公司工会委员会" in page and "周杰" not in page
    services.membership_leave(actor=world.cadre, membership_id=m.pk, reason="离职")
    ended = client.get(f"/api/v1/cards/verify?token={token}").json()
    assert ended["valid"] is False and ended["state"] == "ended" and ended["union_name"] is None


def test_a_card_code_expires_after_a_year_and_the_card_page_renews_it(world, client):
    """Issue 22 item 5: card codes never expired; a screenshot of a card stayed valid for
    ever. A code is good for a year; the member's card page issues a fresh one."""
    m = make_member(world.grassroots, "周杰")
    year_ago = cleaning.today() - timedelta(days=services.CARD_DAYS + 1)
    old = services.card_token(m, today=year_ago)
    body = client.get(f"/api/v1/cards/verify?token={old}").json()
    assert body["valid"] is False and body["state"] == "expired" and body["union_name"] is None
    page = client.get(f"/card/verify/?t={old}", headers={"accept-language": "en"})
    assert "This code has expired" in page.content.decode()
    assert "沈阳华晨机械" not in page.content.decode()
    # The last day is still good.
    edge = services.card_token(m, today=year_ago + timedelta(days=1))
    assert services.card_check(edge).state == "valid"
    # A code from before cards expired (no date in it) counts as expired.
    undated = signing.dumps({"m": m.pk}, salt=services.CARD_SALT, compress=True)
    assert services.card_check(undated).state == "expired"
    # The member opens the card page: a code good for another year.
    account = make_user("zhoujie")
    Person.objects.filter(pk=m.person_id).update(user=account)
    client.force_login(account)
    card = client.get("/me/card/", headers={"accept-language": "en"}).content.decode()
    fresh = re.search(r'data-verify-url="[^"]*\?t=([^"]+)"', card).group(1)
    assert services.card_check(html.unescape(fresh)).state == "valid"
    assert (cleaning.today() + timedelta(days=services.CARD_DAYS)).isoformat() in card


@pytest.mark.parametrize("typed", ["+86 137 1234 5678", "137-1234-5678", "13712345678"])
def test_join_page_takes_the_phone_as_typed(world, joint, client, typed):
    response = client.post(
        "/join/",
        {
            "name": "李娜",
            "id_number": id_number(birth="19560315", male=False),
            "phone": typed,
            "region": "210102",
            "work_kind": "delivery_rider",
            "employer_text": "美团",
            "password": "Qiang-Gonghui-2026!",
            **CONSENTS,
            "union_seen": joint.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    join = JoinRequest.objects.get()
    assert join.phone_masked == "137****5678" and join.birth_date.year == 1956
    # The worker signs in with the number however it is typed, never with a phone as
    # user name.
    client.logout()
    assert join.applicant.username != "13712345678"
    assert client.login(username="137 1234 5678", password="Qiang-Gonghui-2026!")


def test_join_page_refuses_a_phone_that_is_not_a_mobile_number(world, joint, client):
    response = client.post(
        "/join/",
        {
            "name": "李娜",
            "id_number": id_number(male=False),
            "phone": "024-2345678",
            "region": "210102",
            "work_kind": "delivery_rider",
            "password": "Qiang-Gonghui-2026!",
            **CONSENTS,
            "union_seen": joint.pk,
        },
    )
    assert response.status_code == 400 and JoinRequest.objects.count() == 0


def test_details_taken_into_the_record_are_audited_masked_and_searchable(world, joint, client):
    number = id_number()
    person = make_member(world.grassroots, "王强", number_id=number).person
    person.memberships.update(status="left", ended_on=person.memberships.get().joined_on)
    client.force_login(make_user("returning"))
    join_id = _apply(client, name="李刚", id_number=number, phone="13799998888").json()["id"]

    client.force_login(make_user("joint_cadre", "cadre", joint))
    approved = client.post(
        f"/api/v1/join-requests/{join_id}/approve",
        content_type="application/json",
        data=json.dumps({"identity_checked": True, "update_record": True}),
    )
    assert approved.status_code == 200, approved.content
    person.refresh_from_db()
    assert person.name == "李刚" and person.phone_masked == "137****8888"
    # The renamed person is found by the new name's pinyin and initials.
    for q in ("ligang", "lg"):
        items = client.get(f"/api/v1/members?q={q}").json()["items"]
        assert [i["person_id"] for i in items] == [person.pk], q
    update = AuditEvent.objects.get(action="person_updated")
    assert update.target_id == str(person.pk) and update.org_path == joint.path
    assert update.changes["name_masked"] == ["王*", "李*"]
    assert update.changes["work_kind"] == ["regular", "delivery_rider"]
    assert "phone_masked" in update.changes
    for event in AuditEvent.objects.all():
        row = json.dumps([event.actor_name, event.target_repr, event.changes], ensure_ascii=False)
        assert "王强" not in row and "李刚" not in row and "13799998888" not in row, row


def test_without_update_the_record_keeps_its_details(world, joint, client):
    number = id_number()
    person = make_member(world.grassroots, "王强", number_id=number).person
    person.memberships.update(status="left", ended_on=person.memberships.get().joined_on)
    client.force_login(make_user("returning"))
    join_id = _apply(client, name="王强", id_number=number).json()["id"]
    client.force_login(make_user("joint_cadre", "cadre", joint))
    client.post(
        f"/api/v1/join-requests/{join_id}/approve",
        content_type="application/json",
        data=json.dumps({"identity_checked": True}),
    )
    person.refresh_from_db()
    assert person.work_kind == "regular"
    assert not AuditEvent.objects.filter(action="person_updated").exists()
    confirmed = AuditEvent.objects.get(action="join_identity_confirmed")
    assert confirmed.changes == {"join_request": join_id, "update_record": False}


def test_a_member_reveals_their_own_record(world, client):
    number = id_number()
    m = make_member(world.grassroots, "孙丽", number_id=number, user=world.member)
    client.force_login(world.member)
    shown = client.post(
        f"/api/v1/people/{m.person_id}/reveal",
        content_type="application/json",
        data=json.dumps({"field": "id_number", "purpose": "办理社保"}),
    )
    assert shown.status_code == 200 and shown.json()["value"] == number
    # A read of one's own record belongs to no union's log.
    assert SensitiveRead.objects.get().org_path == ""
    other = make_member(world.grassroots, "孙强")
    refused = client.post(
        f"/api/v1/people/{other.person_id}/reveal",
        content_type="application/json",
        data=json.dumps({"field": "id_number", "purpose": "查看"}),
    )
    assert refused.status_code == 404 and SensitiveRead.objects.count() == 1


def test_a_refused_request_on_the_join_page_leaves_no_account(world, joint, client):
    from gonghui.accounts.models import User

    number = id_number()
    make_member(world.grassroots, "王强", number_id=number)
    users = User.objects.count()
    response = client.post(
        "/join/",
        {
            "name": "王强",
            "id_number": number,
            "phone": "13712345678",
            "region": "210102",
            "work_kind": "delivery_rider",
            "password": "Qiang-Gonghui-2026!",
            **CONSENTS,
            "union_seen": joint.pk,
        },
    )
    assert response.status_code == 400 and JoinRequest.objects.count() == 0
    assert User.objects.count() == users
    assert not client.login(username="13712345678", password="Qiang-Gonghui-2026!")
