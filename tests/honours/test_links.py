"""Issue 17 with 14: contest winners nominated from their results, and hardship care of a
model worker on the worker's needy-worker file."""

from datetime import date, timedelta

import pytest

from gonghui.accounts.models import RoleKind
from gonghui.assistance import services as aid
from gonghui.assistance.models import HardshipFile
from gonghui.campaigns.services import funds_receive
from gonghui.competitions import services as contests
from gonghui.core.errors import ServiceError
from gonghui.honours import services
from gonghui.honours.codes import Code
from gonghui.honours.models import Care, Nomination, Status, Step, Title

from ..assistance.helpers import open_file
from ..factories import id_number, make_member, make_user
from .test_nominations import end_notice, review_all


@pytest.fixture
def contest(honours):
    """A county skills contest with a first place (a member with an account), a 技术能手
    (no account) and a third place."""
    w = honours
    competition = contests.competition_create(
        actor=w.county_staff,
        union_id=w.county.pk,
        kind="skills",
        title="和平区职工技能大赛",
        theme="",
        starts_on=date(2022, 3, 1),
        ends_on=date(2022, 11, 30),
    )
    w.event = contests.event_create(
        actor=w.county_staff,
        competition_id=competition.pk,
        trade="焊工",
        round="county",
        held_on=date(2022, 6, 1),
        participants=120,
    )
    w.welder_user = make_user("welder_first", phone="13900000077")
    w.welder = make_member(w.grassroots, "李焊", user=w.welder_user)
    checker = make_user("county_checker", RoleKind.FEDERATION_STAFF, w.county)

    def entered(name, user=None, **result):
        c = contests.contestant_add(
            actor=w.county_staff, event_id=w.event.pk, name=name, employer="沈阳华晨机械有限公司"
        )
        if user is not None:
            type(c).objects.filter(pk=c.pk).update(user=user)
        contests.contestant_review(actor=checker, contestant_id=c.pk, accept=True)
        return contests.contestant_result(actor=w.county_staff, contestant_id=c.pk, **result)

    w.first = entered("李焊", user=w.welder_user, score="98.5", rank=1)
    w.titled = entered("欧阳晓明", score="96", rank=2, title="和平区技术能手")
    w.third = entered("王强", score="90", rank=3)
    return w


def _nominate(client, w, ids, **extra):
    return client.post(
        f"/honours/from-results/{w.event.pk}/nominate/",
        {
            "scheme": w.scheme.pk,
            "union": w.county.pk,  # the county held the contest and nominates its winners
            "category": "technician",
            "contestant_ids": [c.pk for c in ids],
            **extra,
        },
    )


def test_winners_are_nominated_once_from_their_results_and_pass_review(contest, as_user):
    w = contest
    client = as_user(w.cadre)
    page = client.get(f"/competitions/events/{w.event.pk}/")
    assert page.status_code == 404  # the event is the county's: the cadre does not see it
    client = as_user(w.county_staff)
    event_page = client.get(f"/competitions/events/{w.event.pk}/").content.decode()
    assert f"/honours/from-results/{w.event.pk}/" in event_page
    page = client.get(f"/honours/from-results/{w.event.pk}/").content.decode()
    assert "李焊" in page and "欧阳晓明" in page and "王强" not in page  # winners only
    number = id_number("19500101", "210102")  # a winner born in 1950, not a member
    r = _nominate(client, w, [w.first, w.titled], **{f"id_number_{w.titled.pk}": number})
    assert r.status_code == 302
    made = {n.source_id: n for n in Nomination.objects.all()}
    assert set(made) == {w.first.pk, w.titled.pk}
    first = made[w.first.pk]
    assert first.person_id == w.welder.person_id and first.status == Status.REVIEWING
    assert first.category == "technician" and "焊工" in first.deeds
    assert Step.objects.filter(nomination=first).count() == 2  # the city, then the province
    # once: the same action again writes nothing and says so
    r = _nominate(client, w, [w.first, w.titled], **{f"id_number_{w.titled.pk}": number})
    assert r.status_code == 302 and Nomination.objects.count() == 2
    page = client.get(f"/honours/from-results/{w.event.pk}/").content.decode()
    assert f"/honours/nominations/{first.pk}/" in page
    # the honours page shows where the nomination came from
    detail = as_user(w.province_staff).get(f"/honours/nominations/{first.pk}/").content.decode()
    assert 'id="source"' in detail and "和平区职工技能大赛" in detail
    # the usual flow: review, notice, award, the register
    first = review_all(w, first)
    assert first.status == Status.NOTICE
    end_notice(first)
    services.nomination_award(
        actor=w.province_checker, nomination_id=first.pk, certificate_number="LN2022-001"
    )
    assert Title.objects.get(nomination=first).worker.person_id == w.welder.person_id


def test_bad_choices_are_refused_and_nothing_is_written(contest, as_user):
    w = contest
    with pytest.raises(ServiceError) as refused:
        services.nominate_from_results(
            actor=w.county_staff,
            scheme_id=w.scheme.pk,
            union_id=w.county.pk,
            contestant_ids=[w.first.pk, w.third.pk],
        )
    assert refused.value.code == Code.NOT_WINNER
    # a winner who is not a member needs an ID number; all or nothing
    with pytest.raises(ServiceError) as refused:
        services.nominate_from_results(
            actor=w.county_staff,
            scheme_id=w.scheme.pk,
            union_id=w.county.pk,
            contestant_ids=[w.first.pk, w.titled.pk],
        )
    assert f"id_number_{w.titled.pk}" in refused.value.fields
    with pytest.raises(ServiceError):
        services.nominate_from_results(
            actor=w.county_staff,
            scheme_id=w.scheme.pk,
            union_id=w.county.pk,
            contestant_ids=[],
        )
    client = as_user(w.county_staff)
    r = _nominate(client, w, [w.titled], **{f"id_number_{w.titled.pk}": "123"})
    assert r.status_code == 400
    assert not Nomination.objects.exists()
    # another county's staff neither sees the event nor nominates from it
    r = as_user(w.sibling_staff).get(f"/honours/from-results/{w.event.pk}/")
    assert r.status_code == 404
    with pytest.raises(Exception):  # noqa: B017 (NotFound: out of scope is a 404)
        services.nominate_from_results(
            actor=w.sibling_staff,
            scheme_id=w.scheme.pk,
            union_id=w.sibling_grassroots.pk,
            contestant_ids=[w.first.pk],
        )
    assert not Nomination.objects.exists()
    # a read-only role is not offered the action
    page = as_user(w.auditor).get(f"/competitions/events/{w.event.pk}/").content.decode()
    assert "/honours/from-results/" not in page


@pytest.fixture
def needy_model_worker(honours):
    """A model worker on the register who is a member with an open needy-worker file."""
    w = honours
    number = id_number("19500812", "210102")  # born in 1950
    membership = make_member(w.grassroots, "陈兆海", number_id=number)
    w.aid_file = aid.file_open(
        actor=w.province_staff, membership_id=membership.pk, tier="deep", causes=["illness"]
    )
    # entered on the register with the member's ID number: the same person
    w.worker = services.worker_create(
        actor=w.county_staff,
        union_id=w.grassroots.pk,
        name="陈兆海",
        employer="沈阳华晨机械有限公司",
        id_number=number,
    )
    assert w.worker.person_id == membership.person_id
    funds_receive(actor=w.county_staff, org_id=w.county.pk, source="dues", amount=1_000_000)
    return w


def test_hardship_care_goes_on_the_needy_worker_file_and_the_file_shows_it(
    needy_model_worker, as_user
):
    w = needy_model_worker
    client = as_user(w.county_staff)
    r = client.post(
        f"/honours/workers/{w.worker.pk}/care/",
        {"kind": "hardship", "given_on": str(date.today()), "amount": "2000"},
    )
    assert r.status_code == 302
    care = Care.objects.get()
    assert care.aid_file == w.aid_file
    worker_page = client.get(f"/honours/workers/{w.worker.pk}/").content.decode()
    assert f"/aid/files/{w.aid_file.pk}/" in worker_page
    file_page = client.get(f"/aid/files/{w.aid_file.pk}/").content.decode()
    assert 'id="honourscare_on_file"' in file_page
    assert f"/honours/workers/{w.worker.pk}/" in file_page and "2,000.00" in file_page
    # a health check is not hardship help: not put on the file
    services.care_record(
        actor=w.county_staff, worker_id=w.worker.pk, kind="health_check", given_on=date.today()
    )
    assert Care.objects.filter(aid_file__isnull=True).count() == 1
    # another county's staff sees neither the file nor the care
    assert as_user(w.sibling_staff).get(f"/aid/files/{w.aid_file.pk}/").status_code == 404


def test_care_given_before_the_file_is_linked_later_and_bad_links_are_refused(
    needy_model_worker, as_user
):
    w = needy_model_worker
    HardshipFile.objects.filter(pk=w.aid_file.pk).update(status="closed")
    care = services.care_record(
        actor=w.county_staff,
        worker_id=w.worker.pk,
        kind="hardship",
        given_on=date.today() - timedelta(days=1),
        amount=50_000,
    )
    assert care.aid_file is None  # no open file: the page offers to link one
    client = as_user(w.county_staff)
    page = client.get(f"/honours/workers/{w.worker.pk}/").content.decode()
    assert f"/honours/care/{care.pk}/file/" in page
    checkup = services.care_record(
        actor=w.county_staff, worker_id=w.worker.pk, kind="health_check", given_on=date.today()
    )
    with pytest.raises(ServiceError) as refused:
        services.care_link_file(actor=w.county_staff, care_id=checkup.pk, file_id=w.aid_file.pk)
    assert refused.value.code == Code.NOT_HARDSHIP
    other = open_file(w, name="赵六")
    r = client.post(f"/honours/care/{care.pk}/file/", {"file": other.pk})
    assert r.status_code == 400
    with pytest.raises(ServiceError):
        services.care_link_file(actor=w.county_staff, care_id=care.pk, file_id=other.pk)
    assert not Care.objects.filter(aid_file__isnull=False).exists()
    r = client.post(f"/honours/care/{care.pk}/file/", {"file": w.aid_file.pk})
    assert r.status_code == 302
    care.refresh_from_db()
    assert care.aid_file == w.aid_file
