"""The demo `member` account has something on every worker page (issue 11 item 3)."""

import pytest
from django.db import transaction

from gonghui.accounts import demo as accounts_demo
from gonghui.assistance import demo as assistance_demo
from gonghui.assistance.models import AidApplication, ApplicationStatus
from gonghui.core.validators import clean_resident_id
from gonghui.members import demo as members_demo
from gonghui.members.models import JoinRequest, Membership, Person, Transfer
from gonghui.orgs.demo import FLAGSHIP_UNION

from ..orgs.test_demo import ensure_regions


@pytest.fixture(scope="class")
def demo_world(django_db_setup, django_db_blocker):
    """The small tree and accounts, then the members and aid demos as the command runs them
    (one random member per union, the fewest files), rolled back afterwards. The atomic is
    marked as Django's TestCase marks its own, so the services' durable blocks run in it."""
    atomic = transaction.atomic()
    atomic._from_testcase = True  # type: ignore[attr-defined]
    with django_db_blocker.unblock(), atomic, pytest.MonkeyPatch.context() as mp:
        ensure_regions()
        accounts_demo.build("small")
        mp.setitem(members_demo.MEMBERS_PER_UNION, "small", 1)
        members_demo.build_demo("small")
        assistance_demo.build_demo("tiny")
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
@pytest.mark.usefixtures("demo_world")
class TestDemoMember:
    @pytest.fixture
    def member(self, client):
        assert client.login(username="member", password=accounts_demo.DEMO_PASSWORD)
        return Person.objects.get(user__username="member")

    def test_a_rider_who_transferred_into_the_flagship_union(self, member):
        assert (
            clean_resident_id(members_demo.DEMO_MEMBER_ID_NUMBER)
            == members_demo.DEMO_MEMBER_ID_NUMBER
        )
        assert member.birth_date.year < 1984
        old, new = member.memberships.order_by("started_on")
        assert (old.union.name, old.status) == ("和平区外卖配送员联合工会", "transferred")
        assert (new.union.name, new.status) == (FLAGSHIP_UNION, "active")
        assert new.joined_on == old.joined_on < new.started_on == old.ended_on  # seniority kept
        transfer = Transfer.objects.get(membership=old)
        assert (transfer.status, transfer.new_membership, transfer.to_union) == (
            "accepted",
            new,
            new.union,
        )
        join = JoinRequest.objects.get(applicant=member.user)
        assert (join.status, join.membership, join.id_index) == ("approved", old, member.id_index)

    def test_me_shows_the_membership_and_the_transfer(self, client, member):
        page = client.get("/me/").content.decode()
        active = member.memberships.get(status="active")
        assert active.number in page and FLAGSHIP_UNION in page
        assert "和平区外卖配送员联合工会 → " + FLAGSHIP_UNION in page
        assert "新工会已接收" in page  # the transfer's status, in Chinese

    def test_card_has_the_qr(self, client, member):
        response = client.get("/me/card/")
        assert response.status_code == 200
        page = response.content.decode()
        assert "<svg" in page and member.memberships.get(status="active").number in page

    def test_aid_mine_lists_the_school_aid_application(self, client, member):
        application = AidApplication.objects.get(person=member)
        assert (application.kind, application.status, application.by_cadre) == (
            "school",
            ApplicationStatus.REVIEWING,
            False,
        )
        assert application.union.name == FLAGSHIP_UNION
        page = client.get("/aid/mine/").content.decode()
        assert "金秋助学 · 刘雨欣" in page and "审核中" in page
        assert f"{FLAGSHIP_UNION}: <b>待审核</b>" in page  # waiting at its first step

    def test_running_the_parts_again_adds_nothing(self, member):
        counts = (
            Person.objects.count(),
            Membership.objects.count(),
            AidApplication.objects.count(),
        )
        assert members_demo.add_demo_member() is None
        assert assistance_demo.add_member_application() is None
        assert counts == (
            Person.objects.count(),
            Membership.objects.count(),
            AidApplication.objects.count(),
        )
