"""The cadre's member pages: detail with logged reveal, leaving, transfers."""

from gonghui.core.models import SensitiveRead
from gonghui.members.models import Membership, Transfer

from ..factories import id_number, make_member


def test_detail_reveal_logged_leave_and_transfer(world, as_user):
    number = id_number()
    m = make_member(world.grassroots, "吴刚", number_id=number, phone="13511112222")
    client = as_user(world.cadre)
    page = client.get(f"/members/{m.pk}/").content.decode()
    assert number not in page and "135****2222" in page
    shown = client.post(
        f"/members/{m.pk}/reveal/", {"field": "id_number", "purpose": "核对身份"}
    ).content.decode()
    assert number in shown and SensitiveRead.objects.filter(purpose="核对身份").count() == 1
    client.post(f"/members/{m.pk}/transfer/", {"to_union": world.sibling_grassroots.name})
    assert "沈阳沈河商贸有限公司工会委员会" in client.get("/members/transfers/").content.decode()
    assert as_user(world.sibling_staff).get(f"/members/{m.pk}/").status_code == 404


def test_leave_needs_a_reason(world, as_user):
    m = make_member(world.grassroots)
    client = as_user(world.cadre)
    client.post(f"/members/{m.pk}/leave/", {"reason": ""})
    m.refresh_from_db()
    assert m.status == "active"
    client.post(f"/members/{m.pk}/leave/", {"reason": "退休"})
    m.refresh_from_db()
    assert m.status == "left" and m.end_reason == "退休"


def test_each_action_has_its_own_url_and_takes_no_get(world, as_user):
    m = make_member(world.grassroots)
    client = as_user(world.cadre)
    # The page itself takes no posted action any more; each action takes no GET.
    assert (
        client.post(f"/members/{m.pk}/", {"action": "leave", "reason": "退休"}).status_code == 405
    )
    for action in ("reveal", "leave", "transfer"):
        assert client.get(f"/members/{m.pk}/{action}/").status_code == 405
    m.refresh_from_db()
    assert m.status == "active"


def test_a_refused_action_shows_the_page_with_its_message(world, as_user):
    m = make_member(world.grassroots)
    client = as_user(world.cadre)
    response = client.post(f"/members/{m.pk}/reveal/", {"field": "id_number", "purpose": " "})
    assert response.status_code == 400 and SensitiveRead.objects.count() == 0
    assert "请说明查看完整信息的事由；本次查看将被记录。" in response.content.decode()
    response = client.post(f"/members/{m.pk}/transfer/", {"to_union": "没有这个工会"})
    assert response.status_code == 400 and not Transfer.objects.exists()


def test_outsiders_act_on_no_member(world, as_user):
    m = make_member(world.grassroots)
    for user in (world.sibling_staff, world.auditor, world.member):
        client = as_user(user)
        assert client.post(f"/members/{m.pk}/leave/", {"reason": "退休"}).status_code == 404
        assert (
            client.post(
                f"/members/{m.pk}/reveal/", {"field": "phone", "purpose": "核对"}
            ).status_code
            == 404
        )
    m.refresh_from_db()
    assert m.status == "active" and SensitiveRead.objects.count() == 0


def test_transfer_steps_from_the_transfers_page(world, as_user):
    m = make_member(world.grassroots, "郑和")
    as_user(world.cadre).post(
        f"/members/{m.pk}/transfer/", {"to_union": world.sibling_grassroots.name}
    )
    transfer = Transfer.objects.get()
    # The new union cannot release; its refusal comes back as a message on the page.
    sibling = as_user(world.sibling_staff)
    response = sibling.post(f"/members/transfers/{transfer.pk}/release/", follow=True)
    assert "此事项须由原工会办理。" in response.content.decode()
    assert (
        as_user(world.cadre).post(f"/members/transfers/{transfer.pk}/release/").status_code == 302
    )
    sibling = as_user(world.sibling_staff)
    assert sibling.post(f"/members/transfers/{transfer.pk}/accept/").status_code == 302
    transfer.refresh_from_db()
    assert transfer.status == "accepted"
    active = Membership.objects.get(person=m.person, status="active")
    assert active.union == world.sibling_grassroots

    # A reason is needed to reject; one who sees neither union gets 404.
    other = make_member(world.grassroots, "郑和二")
    as_user(world.cadre).post(
        f"/members/{other.pk}/transfer/", {"to_union": world.sibling_grassroots.name}
    )
    second = Transfer.objects.get(membership=other)
    outsider = as_user(world.outsider)
    assert (
        outsider.post(f"/members/transfers/{second.pk}/reject/", {"reason": "不符"}).status_code
        == 404
    )
    sibling = as_user(world.sibling_staff)
    sibling.post(f"/members/transfers/{second.pk}/reject/", {"reason": ""})
    second.refresh_from_db()
    assert second.status == "requested"
    sibling.post(f"/members/transfers/{second.pk}/reject/", {"reason": "不符合条件"})
    second.refresh_from_db()
    assert second.status == "rejected" and second.reason == "不符合条件"
