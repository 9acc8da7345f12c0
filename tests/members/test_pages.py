"""The cadre's member pages: detail with logged reveal, leaving, transfers."""

from gonghui.core.models import SensitiveRead

from ..factories import id_number, make_member


def test_detail_reveal_logged_leave_and_transfer(world, as_user):
    number = id_number()
    m = make_member(world.grassroots, "吴刚", number_id=number, phone="13511112222")
    client = as_user(world.cadre)
    page = client.get(f"/members/{m.pk}/").content.decode()
    assert number not in page and "135****2222" in page
    shown = client.post(
        f"/members/{m.pk}/", {"action": "reveal", "field": "id_number", "purpose": "核对身份"}
    ).content.decode()
    assert number in shown and SensitiveRead.objects.filter(purpose="核对身份").count() == 1
    client.post(
        f"/members/{m.pk}/", {"action": "transfer", "to_union": world.sibling_grassroots.name}
    )
    assert "沈阳沈河商贸有限公司工会委员会" in client.get("/members/transfers/").content.decode()
    assert as_user(world.sibling_staff).get(f"/members/{m.pk}/").status_code == 404


def test_leave_needs_a_reason(world, as_user):
    m = make_member(world.grassroots)
    client = as_user(world.cadre)
    client.post(f"/members/{m.pk}/", {"action": "leave", "reason": ""})
    m.refresh_from_db()
    assert m.status == "active"
    client.post(f"/members/{m.pk}/", {"action": "leave", "reason": "退休"})
    m.refresh_from_db()
    assert m.status == "left" and m.end_reason == "退休"
