"""Health programs, mental health, rest and recuperation (issue 19 items 2–4): each rule a
user relies on, and bad input that changes nothing."""

from datetime import timedelta

import pytest
from django.http import Http404

from gonghui.accounts.models import RoleKind
from gonghui.campaigns import ledger
from gonghui.core import cleaning, crypto
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.models import SensitiveRead
from gonghui.members.models import Person
from gonghui.welfare import selectors, services
from gonghui.welfare.models import (
    CareVisit,
    Priority,
    RestProgram,
    RestQuota,
    RestTrip,
    Screening,
    Selection,
    Session,
)

from ..factories import make_member, make_user
from .programs import fund, health_program, rest_program

GONE = (Http404, NotFound)  # a page's 404, a service's not-found


def _woman(w, name="刘洋", user=None, union=None):
    m = make_member(union or w.grassroots, name, user=user)
    Person.objects.filter(pk=m.person_id).update(gender="F")
    return m


def _today():
    return cleaning.today()


# ---- health programs -------------------------------------------------------------------


def test_two_cancer_screening_is_for_women_and_keeps_to_its_places(world):
    w = world
    program = health_program(w.county, w.county_staff, places=1)
    man = make_member(w.grassroots, "王强")
    with pytest.raises(ServiceError, match="女职工") as exc:
        services.screening_book(
            actor=w.cadre,
            program_id=program.pk,
            person_id=man.person_id,
            appointment_on=_today(),
            place="市妇幼保健院",
        )
    assert exc.value.fields == {"person_id": [exc.value.message]}
    woman = _woman(w)
    services.screening_book(
        actor=w.cadre,
        program_id=program.pk,
        person_id=woman.person_id,
        appointment_on=_today(),
        place="市妇幼保健院",
    )
    second = _woman(w, "赵丽")
    with pytest.raises(ServiceError, match="1"):
        services.screening_book(
            actor=w.cadre,
            program_id=program.pk,
            person_id=second.person_id,
            appointment_on=_today(),
            place="市妇幼保健院",
        )
    assert Screening.objects.count() == 1


def test_a_union_books_only_its_own_members(world):
    w = world
    program = health_program(w.city, w.province_staff)
    other = _woman(w, "陈红", union=w.sibling_grassroots)
    with pytest.raises(GONE):
        services.screening_book(
            actor=w.cadre,
            program_id=program.pk,
            person_id=other.person_id,
            appointment_on=_today(),
            place="医院",
        )
    assert not Screening.objects.exists()


def test_the_result_is_encrypted_and_each_read_is_logged(world):
    w = world
    woman = _woman(w, user=w.member)
    program = health_program(w.county, w.county_staff)
    s = services.screening_book(
        actor=w.cadre,
        program_id=program.pk,
        person_id=woman.person_id,
        appointment_on=_today(),
        place="市妇幼保健院",
    )
    services.screening_result(
        actor=w.cadre,
        screening_id=s.pk,
        screened_on=_today(),
        result="乳腺结节，建议三个月后复查",
        follow_up=True,
    )
    s.refresh_from_db()
    assert "结节" not in s.result_cipher and s.follow_up
    assert crypto.decrypt(s.result_cipher) == "乳腺结节，建议三个月后复查"
    text = services.screening_result_read(actor=w.county_staff, screening_id=s.pk, purpose="随访")
    assert "结节" in text
    assert services.screening_result_read(actor=w.member, screening_id=s.pk)  # her own
    assert SensitiveRead.objects.filter(target_id=str(s.pk), field="result").count() == 2
    with pytest.raises(GONE):
        services.screening_result_read(actor=w.sibling_staff, screening_id=s.pk)
    with pytest.raises(ServiceError):  # recorded once
        services.screening_result(
            actor=w.cadre, screening_id=s.pk, screened_on=_today(), result="again"
        )


def test_a_result_with_no_text_or_a_future_day_is_refused(world):
    w = world
    woman = _woman(w)
    s = services.screening_book(
        actor=w.cadre,
        program_id=health_program(w.county, w.county_staff).pk,
        person_id=woman.person_id,
        appointment_on=_today(),
        place="医院",
    )
    with pytest.raises(ServiceError) as exc:
        services.screening_result(
            actor=w.cadre, screening_id=s.pk, screened_on=_today(), result=" "
        )
    assert "result" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.screening_result(
            actor=w.cadre,
            screening_id=s.pk,
            screened_on=_today() + timedelta(days=3),
            result="正常",
        )
    assert "screened_on" in exc.value.fields
    s.refresh_from_db()
    assert s.status == "booked" and not s.result_cipher


def test_health_checks_are_for_model_workers_on_the_register(world):
    from gonghui.honours.models import ModelWorker

    w = world
    program = health_program(w.county, w.county_staff, kind="check", name="劳模体检")
    worker = make_member(w.grassroots, "劳模张")
    plain = make_member(w.grassroots, "普通李")
    ModelWorker.objects.create(
        union=w.grassroots, person_id=worker.person_id, name="劳模张", employer="华晨"
    )
    services.screening_book(
        actor=w.cadre,
        program_id=program.pk,
        person_id=worker.person_id,
        appointment_on=_today(),
        place="职工医院",
    )
    with pytest.raises(ServiceError, match="劳模|model"):
        services.screening_book(
            actor=w.cadre,
            program_id=program.pk,
            person_id=plain.person_id,
            appointment_on=_today(),
            place="职工医院",
        )


def test_a_care_visit_pays_from_the_visiting_unions_funds_once(world):
    w = world
    ill = make_member(w.grassroots, "患病职工")
    with pytest.raises(ServiceError, match="资金不足|Insufficient|余额"):
        services.care_visit_record(
            actor=w.county_staff,
            union_id=w.county.pk,
            person_id=ill.person_id,
            visited_on=_today(),
            illness="肺癌化疗",
            amount=3_000_00,
        )
    assert not CareVisit.objects.exists()
    fund(w.county, 5_000_00, w.county_staff)
    visit = services.care_visit_record(
        actor=w.county_staff,
        union_id=w.county.pk,
        person_id=ill.person_id,
        visited_on=_today(),
        illness="肺癌化疗",
        amount=3_000_00,
    )
    assert ledger.balance(w.county.pk, "available") == 2_000_00
    assert ledger.balance(w.county.pk, "welfare_care") == 3_000_00
    assert visit.posting.kind == "welfare_care_visit"
    assert "肺癌" not in visit.illness_cipher


@pytest.mark.parametrize(
    "change, field",
    [
        ({"amount": 0}, "amount"),
        ({"amount": -5}, "amount"),
        ({"illness": ""}, "illness"),
        ({"visited_on": "2022-01-01"}, "visited_on"),
    ],
)
def test_a_care_visit_with_bad_input_changes_nothing(world, change, field):
    w = world
    ill = make_member(w.grassroots, "患病职工")
    fund(w.county, 5_000_00, w.county_staff)
    fields = {
        "union_id": w.county.pk,
        "person_id": ill.person_id,
        "visited_on": _today(),
        "illness": "肺癌",
        "amount": 1_000_00,
    } | change
    with pytest.raises(ServiceError) as exc:
        services.care_visit_record(actor=w.county_staff, **fields)
    assert field in exc.value.fields
    assert not CareVisit.objects.exists()
    assert ledger.balance(w.county.pk, "available") == 5_000_00


# ---- mental health ---------------------------------------------------------------------


def test_only_the_worker_and_the_counsellor_see_a_confidential_session(world, as_user):
    w = world
    make_member(w.grassroots, "刘洋", user=w.member)
    counsellor_user = make_user("counsellor")
    with pytest.raises(ServiceError, match="咨询|counsellor"):
        services.session_ask(actor=w.member, topic="睡不好")
    services.counsellor_name(actor=w.cadre, union_id=w.grassroots.pk, user_id=counsellor_user.pk)
    session = services.session_ask(actor=w.member, topic="最近压力很大，睡不好")
    assert "压力" not in session.topic_cipher
    assert selectors.session_get(actor=w.member, session_id=session.pk) == session
    assert selectors.session_get(actor=counsellor_user, session_id=session.pk) == session
    for staff in (w.province_staff, w.county_staff, w.cadre, w.city_leader, w.auditor):
        with pytest.raises(GONE):
            selectors.session_get(actor=staff, session_id=session.pk)
        client = as_user(staff)
        assert client.get(f"/api/v1/welfare/sessions/{session.pk}").status_code == 404
        assert client.get(f"/welfare/counselling/{session.pk}/").status_code == 404
        assert client.get(f"/welfare/mine/sessions/{session.pk}/").status_code == 404
        assert session.pk not in [s["id"] for s in client.get("/api/v1/welfare/sessions").json()]
    page = as_user(counsellor_user).get(f"/welfare/counselling/{session.pk}/")
    assert "最近压力很大" in page.content.decode()
    assert SensitiveRead.objects.filter(field="topic", target_id=str(session.pk)).exists()
    assert as_user(w.member).get(f"/welfare/mine/sessions/{session.pk}/").status_code == 200
    with pytest.raises(GONE):  # the worker does not mark their own session held
        services.session_held(actor=w.member, session_id=session.pk, held_on=_today())
    services.session_held(actor=counsellor_user, session_id=session.pk, held_on=_today())
    assert Session.objects.get().status == "held"


def test_a_worker_asks_for_a_session_on_the_phone(world, as_user):
    w = world
    make_member(w.grassroots, "刘洋", user=w.member)
    services.counsellor_name(actor=w.cadre, union_id=w.grassroots.pk, user_id=make_user("c1").pk)
    client = as_user(w.member)
    mine = client.get("/welfare/mine/").content.decode()
    assert "/welfare/mine/sessions/new/" in mine
    bad = client.post("/welfare/mine/sessions/new/", {"topic": "  "})
    assert bad.status_code == 400 and not Session.objects.exists()
    response = client.post("/welfare/mine/sessions/new/", {"topic": "想聊聊家庭关系"})
    assert response.status_code == 302 and Session.objects.count() == 1


def test_a_lecture_with_no_attendance_is_refused(world):
    w = world
    with pytest.raises(ServiceError) as exc:
        services.talk_record(
            actor=w.cadre,
            union_id=w.grassroots.pk,
            kind="lecture",
            title="心理讲座",
            held_on=_today(),
            attendance=0,
        )
    assert "attendance" in exc.value.fields
    talk = services.talk_record(
        actor=w.cadre,
        union_id=w.grassroots.pk,
        kind="lecture",
        title="心理讲座",
        held_on=_today(),
        attendance=80,
    )
    assert talk.attendance == 80


# ---- rest and recuperation -------------------------------------------------------------


def test_places_given_to_unions_stay_within_the_programs(world):
    w = world
    program = services.rest_program_create(
        actor=w.city_staff if hasattr(w, "city_staff") else w.province_staff,
        owner_id=w.province.pk,
        year=_today().year,
        name="疗休养",
        destination="兴城",
        places=10,
        cost_per_place=3_000_00,
    )
    services.rest_quota_set(
        actor=w.province_staff, program_id=program.pk, union_id=w.county.pk, places=6
    )
    with pytest.raises(ServiceError, match="4"):
        services.rest_quota_set(
            actor=w.province_staff, program_id=program.pk, union_id=w.sibling.pk, places=5
        )
    assert RestQuota.objects.count() == 1
    with pytest.raises(ServiceError):  # only the program's federation gives places
        services.rest_quota_set(
            actor=w.county_staff, program_id=program.pk, union_id=w.grassroots.pk, places=1
        )


@pytest.mark.parametrize(
    "change, field",
    [
        ({"places": 0}, "places"),
        ({"cost_per_place": 0}, "cost_per_place"),
        ({"name": ""}, "name"),
        ({"year": 1800}, "year"),
    ],
)
def test_a_rest_program_with_bad_input_changes_nothing(world, change, field):
    w = world
    fields = {
        "owner_id": w.province.pk,
        "year": _today().year,
        "name": "疗休养",
        "destination": "兴城",
        "places": 10,
        "cost_per_place": 3_000_00,
    } | change
    with pytest.raises(ServiceError) as exc:
        services.rest_program_create(actor=w.province_staff, **fields)
    assert field in exc.value.fields
    assert not RestProgram.objects.exists()


def test_a_grassroots_union_does_not_run_a_program(world):
    with pytest.raises(ServiceError, match="总工会"):
        services.rest_program_create(
            actor=world.cadre,
            owner_id=world.grassroots.pk,
            year=_today().year,
            name="疗休养",
            destination="兴城",
            places=10,
            cost_per_place=3_000_00,
        )


def test_model_workers_then_front_line_workers_are_selected_first(world):
    from gonghui.honours.models import ModelWorker

    w = world
    program = rest_program(w.province, w.province_staff, quota_for=w.grassroots, quota=3)
    other, front, model, front2 = (
        make_member(w.grassroots, n) for n in ("普通甲", "一线乙", "劳模丙", "一线丁")
    )
    ModelWorker.objects.create(
        union=w.grassroots, person_id=model.person_id, name="劳模丙", employer="华晨"
    )
    counts = services.rest_select(
        actor=w.cadre,
        program_id=program.pk,
        union_id=w.grassroots.pk,
        candidates=[
            {"person_id": other.person_id},
            {"person_id": front.person_id, "front_line": True},
            {"person_id": model.person_id},
            {"person_id": front2.person_id, "front_line": True},
        ],
    )
    assert counts == {"selected": 3, "waiting": 1}
    chosen = dict(Selection.objects.values_list("person_id", "priority"))
    assert chosen == {
        model.person_id: Priority.MODEL,
        front.person_id: Priority.FRONTLINE,
        front2.person_id: Priority.FRONTLINE,
    }
    with pytest.raises(ServiceError):  # the union's places are all given
        services.rest_select(
            actor=w.cadre,
            program_id=program.pk,
            union_id=w.grassroots.pk,
            candidates=[{"person_id": other.person_id}],
        )


def test_a_union_without_places_or_with_a_stranger_selects_nobody(world):
    w = world
    program = rest_program(w.province, w.province_staff, quota_for=w.grassroots)
    stranger = make_member(w.sibling_grassroots, "外单位")
    with pytest.raises(GONE):
        services.rest_select(
            actor=w.cadre,
            program_id=program.pk,
            union_id=w.grassroots.pk,
            candidates=[{"person_id": stranger.person_id}],
        )
    sib = make_user("sib_cadre", RoleKind.GRASSROOTS_CADRE, w.sibling_grassroots)
    with pytest.raises(ServiceError, match="名额|places"):
        services.rest_select(
            actor=sib,
            program_id=program.pk,
            union_id=w.sibling_grassroots.pk,
            candidates=[{"person_id": stranger.person_id}],
        )
    assert not Selection.objects.exists()


def test_a_trip_pays_its_places_once_from_the_unions_funds(world):
    w = world
    program = rest_program(w.province, w.province_staff, quota_for=w.grassroots, quota=2)
    a, b = make_member(w.grassroots, "甲"), make_member(w.grassroots, "乙")
    services.rest_select(
        actor=w.cadre,
        program_id=program.pk,
        union_id=w.grassroots.pk,
        candidates=[{"person_id": a.person_id}, {"person_id": b.person_id}],
    )
    ids = list(Selection.objects.values_list("pk", flat=True))
    day = _today()
    with pytest.raises(ServiceError):  # no money in the union's funds yet
        services.rest_trip_record(
            actor=w.cadre,
            program_id=program.pk,
            union_id=w.grassroots.pk,
            departs_on=day,
            returns_on=day,
            selection_ids=ids,
        )
    assert not RestTrip.objects.exists()
    fund(w.grassroots, 10_000_00, w.county_staff)
    with pytest.raises(ServiceError) as exc:
        services.rest_trip_record(
            actor=w.cadre,
            program_id=program.pk,
            union_id=w.grassroots.pk,
            departs_on=day,
            returns_on=day - timedelta(days=1),
            selection_ids=ids,
        )
    assert "returns_on" in exc.value.fields
    trip = services.rest_trip_record(
        actor=w.cadre,
        program_id=program.pk,
        union_id=w.grassroots.pk,
        departs_on=day,
        returns_on=day,
        selection_ids=ids,
    )
    assert trip.cost == 6_000_00
    assert ledger.balance(w.grassroots.pk, "welfare_rest") == 6_000_00
    assert ledger.balance(w.grassroots.pk, "available") == 4_000_00
    with pytest.raises(ServiceError):  # each traveller on one trip
        services.rest_trip_record(
            actor=w.cadre,
            program_id=program.pk,
            union_id=w.grassroots.pk,
            departs_on=day,
            returns_on=day,
            selection_ids=ids[:1],
        )
    assert ledger.balance(w.grassroots.pk, "available") == 4_000_00


# ---- pages -----------------------------------------------------------------------------


def test_a_federation_creates_a_plan_with_its_cover_rules_on_a_page(world, as_user):
    from gonghui.welfare.models import Plan

    w = world
    client = as_user(w.county_staff)
    assert client.get("/welfare/plans/new/").status_code == 200
    form = {
        "owner_id": w.county.pk,
        "year": _today().year,
        "name": "和平区职工互助保障",
        "premium": "60",
        "hospital-on": "1",
        "hospital-deductible": "1000",
        "hospital-ratio": "60",
        "hospital-cap": "5000",
    }
    bad = client.post("/welfare/plans/new/", form | {"hospital-ratio": "150"})
    assert bad.status_code == 400 and not Plan.objects.exists()
    bad = client.post("/welfare/plans/new/", form | {"premium": "abc"})
    assert bad.status_code == 400 and not Plan.objects.exists()
    response = client.post("/welfare/plans/new/", form)
    assert response.status_code == 302
    plan = Plan.objects.get()
    cover = plan.covers.get()
    assert (cover.deductible, cover.ratio_percent, cover.cap_per_year) == (1_000_00, 60, 5_000_00)


def test_the_member_sees_their_programs_on_the_phone(world, as_user):
    w = world
    woman = _woman(w, user=w.member)
    s = services.screening_book(
        actor=w.cadre,
        program_id=health_program(w.county, w.county_staff).pk,
        person_id=woman.person_id,
        appointment_on=_today(),
        place="市妇幼保健院",
    )
    services.screening_result(
        actor=w.cadre, screening_id=s.pk, screened_on=_today(), result="未见异常"
    )
    client = as_user(w.member)
    page = client.get("/welfare/mine/").content.decode()
    assert f"/welfare/mine/screenings/{s.pk}/" in page
    assert "未见异常" not in client.get(f"/welfare/mine/screenings/{s.pk}/").content.decode()
    client.post(f"/welfare/mine/screenings/{s.pk}/result/")
    assert "未见异常" in client.get(f"/welfare/mine/screenings/{s.pk}/").content.decode()
