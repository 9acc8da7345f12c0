"""The to-do list of every role (issue 11 item 6): each capability's to-dos count what the
actor may act on now, not only what they may see; the home page shows each with its count
and age, linked to the filtered list; join requests are decided in batches."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.members import services as member_services
from gonghui.members.models import JoinRequest, Membership
from gonghui.stations.models import Problem
from gonghui.workplans.models import Task, WorkPlan

from .campaigns.helpers import funded_county, key, listed
from .factories import id_number, make_join_request, make_member, make_user
from .stations.helpers import make_station


def counts(actor) -> dict[str, int]:
    return {w.todo.key: w.count for w in todos.waiting_for(actor)}


def test_each_capability_registers_its_todos():
    assert {
        "members.join_requests",
        "members.transfers",
        "assistance.steps",
        "campaigns.payments",
        "workplans.overdue",
        "stations.problems",
    } <= set(todos.REGISTRY)


def test_join_requests_wait_for_the_union_that_decides_not_for_readers(world):
    join = make_join_request(world.grassroots)
    JoinRequest.objects.filter(pk=join.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    for writer in (world.cadre, world.county_staff, world.province_staff):
        assert counts(writer)["members.join_requests"] == 1, writer
    for other in (world.city_leader, world.auditor, world.sibling_staff, world.outsider):
        assert "members.join_requests" not in counts(other), other
    waiting = next(w for w in todos.waiting_for(world.cadre) if w.todo.key.endswith("requests"))
    assert waiting.days == 3


def test_a_transfer_waits_for_the_old_union_then_for_the_new(world):
    membership = make_member(world.grassroots)
    transfer = member_services.transfer_request(
        actor=world.cadre, membership_id=membership.pk, to_union_id=world.sibling_grassroots.pk
    )
    assert counts(world.cadre)["members.transfers"] == 1  # to release
    assert "members.transfers" not in counts(world.sibling_staff)  # not yet theirs
    member_services.transfer_release(actor=world.cadre, transfer_id=transfer.pk)
    assert "members.transfers" not in counts(world.cadre)
    assert counts(world.sibling_staff)["members.transfers"] == 1  # to accept
    assert "members.transfers" not in counts(world.city_leader)


def test_an_aid_step_waits_for_its_union_only(world):
    from .assistance.helpers import open_file
    from .assistance.test_applications import school

    open_file(world, name="刘芳", user=world.member)
    school(world)
    assert counts(world.cadre)["assistance.steps"] == 1
    assert "assistance.steps" not in counts(world.county_staff)  # step 2, not yet
    assert "assistance.steps" not in counts(world.auditor)


def test_a_payment_waits_for_a_checker_other_than_its_maker(world):
    campaign = funded_county(world)
    beneficiary = listed(world, campaign)
    from gonghui.campaigns import services

    services.disbursement_propose(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        beneficiary_id=beneficiary.pk,
        idempotency_key=key(),
    )
    assert "campaigns.payments" not in counts(world.county_staff)  # the maker
    assert counts(world.province_staff)["campaigns.payments"] == 1
    assert "campaigns.payments" not in counts(world.cadre)  # the county pays, not the cadre
    assert "campaigns.payments" not in counts(world.auditor)


def test_overdue_tasks_wait_for_the_responsible_organization(world):
    plan = WorkPlan.objects.create(
        owner=world.county,
        year=timezone.localdate().year,
        title="工作要点",
        created_by=world.county_staff,
    )
    Task.objects.create(
        plan=plan, number=1, title="建会入会", owner=world.grassroots, deadline=date(2000, 1, 1)
    )
    Task.objects.create(
        plan=plan,
        number=2,
        title="已完成",
        owner=world.grassroots,
        deadline=date(2000, 1, 1),
        done_on=date(2000, 1, 1),
    )
    assert counts(world.cadre)["workplans.overdue"] == 1
    assert "workplans.overdue" not in counts(world.sibling_staff)
    assert "workplans.overdue" not in counts(world.city_leader)


def test_open_station_problems_wait_for_the_union_running_the_position(world):
    station = make_station(world.grassroots)
    Problem.objects.create(station=station, kind="no_water")
    Problem.objects.create(station=station, kind="dirty", status="closed")
    assert counts(world.cadre)["stations.problems"] == 1
    assert "stations.problems" not in counts(world.auditor)
    assert "stations.problems" not in counts(world.sibling_staff)


def test_the_home_page_lists_the_todos_with_count_age_and_link(world, client):
    make_join_request(world.grassroots)
    make_join_request(world.grassroots, "王芳")
    client.force_login(world.cadre)
    page = client.get("/").content.decode()
    assert "等待您处理" in page
    assert 'href="/members/requests/?status=pending"><b class="count">2</b>' in page
    assert "入会申请" in page
    client.force_login(world.auditor)  # reads everything, acts on nothing
    page = client.get("/").content.decode()
    assert 'class="count"' not in page and "目前没有等待您处理的事项" in page


# ---- batch decisions on join requests --------------------------------------------------


def test_join_requests_are_approved_in_a_batch_and_one_on_file_is_left_with_its_reason(world):
    first, second = make_join_request(world.grassroots), make_join_request(world.grassroots, "王芳")
    number = id_number(birth="19750601")
    make_member(world.grassroots, "赵敏", number_id=number).person.memberships.update(status="left")
    on_file = make_join_request(world.grassroots, "赵敏", number_id=number)
    outcome = member_services.join_decide_batch(
        actor=world.cadre, join_ids=[first.pk, on_file.pk, second.pk], decision="approve"
    )
    assert outcome.decided == [first.pk, second.pk]
    assert "已有档案" in outcome.refused[on_file.pk]
    assert Membership.objects.filter(union=world.grassroots, status="active").count() == 2
    on_file.refresh_from_db()
    assert on_file.status == "pending"


def test_a_batch_reaches_only_the_actors_unions(world):
    mine, theirs = make_join_request(world.grassroots), make_join_request(world.sibling_grassroots)
    outcome = member_services.join_decide_batch(
        actor=world.cadre, join_ids=[mine.pk, theirs.pk], decision="approve"
    )
    assert outcome.decided == [mine.pk] and list(outcome.refused) == [theirs.pk]
    theirs.refresh_from_db()
    assert theirs.status == "pending"


def test_a_batch_rejection_needs_one_reason_and_gives_it_to_each(world):
    a, b = make_join_request(world.grassroots), make_join_request(world.grassroots, "王芳")
    with pytest.raises(ServiceError) as exc:
        member_services.join_decide_batch(
            actor=world.cadre, join_ids=[a.pk, b.pk], decision="reject", reason=" "
        )
    assert "reason" in exc.value.fields
    assert JoinRequest.objects.filter(status="pending").count() == 2
    member_services.join_decide_batch(
        actor=world.cadre, join_ids=[a.pk, b.pk], decision="reject", reason="不属于本单位职工"
    )
    assert set(JoinRequest.objects.values_list("status", "reason")) == {
        ("rejected", "不属于本单位职工")
    }


def test_a_reader_cannot_decide_a_batch(world):
    join = make_join_request(world.grassroots)
    outcome = member_services.join_decide_batch(
        actor=world.auditor, join_ids=[join.pk], decision="approve"
    )
    assert outcome.decided == [] and list(outcome.refused) == [join.pk]


def test_batch_page_and_api(world, client):
    a, b = make_join_request(world.grassroots), make_join_request(world.grassroots, "王芳")
    client.force_login(world.cadre)
    page = client.get("/members/requests/").content.decode()
    assert 'form="batch"' in page and 'id="batch"' in page
    response = client.post(
        "/members/requests/batch/", {"ids": [a.pk], "decision": "approve"}, follow=True
    )
    assert "已处理 1 份申请" in response.content.decode()
    response = client.post(
        "/api/v1/join-requests/batch",
        {"join_ids": [b.pk], "decision": "reject", "reason": "信息不全"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert response.json()["decided"] == [b.pk]
    client.force_login(world.auditor)
    page = client.get("/members/requests/?status=pending").content.decode()
    assert 'id="batch"' not in page


def test_readers_see_no_transfer_buttons(world, client):
    membership = make_member(world.grassroots)
    member_services.transfer_request(
        actor=world.cadre, membership_id=membership.pk, to_union_id=world.sibling_grassroots.pk
    )
    client.force_login(world.city_leader)
    page = client.get("/members/transfers/").content.decode()
    assert "/release/" not in page and "/reject/" not in page
    client.force_login(world.cadre)
    page = client.get("/members/transfers/?waiting=1").content.decode()
    assert "/release/" in page and "/accept/" not in page


def test_someone_with_nothing_waiting_is_told_so(world):
    user = make_user("idle_staff", "staff", world.sibling)
    assert todos.waiting_for(user) == []
