"""Cities and counties in their official order (division code); names by pinyin
(issue 12 item 8)."""

from gonghui.orgs import lists, selectors
from gonghui.orgs.models import OrgKind

from ..factories import make_org


def _cities(world):
    """Ten more cities of Liaoning, created out of order: ids 10+ would sort before 2-9 in
    the path's code-point order ("/1/12/" < "/1/3/")."""
    made = {}
    for name, code in [
        ("葫芦岛市总工会", "211400"),
        ("大连市总工会", "210200"),
        ("朝阳市总工会", "211300"),
        ("鞍山市总工会", "210300"),
        ("铁岭市总工会", "211200"),
        ("抚顺市总工会", "210400"),
        ("盘锦市总工会", "211100"),
        ("本溪市总工会", "210500"),
        ("辽阳市总工会", "211000"),
        ("丹东市总工会", "210600"),
        ("阜新市总工会", "210900"),
        ("锦州市总工会", "210700"),
        ("营口市总工会", "210800"),
    ]:
        made[code] = make_org(name, OrgKind.CITY, world.province, code)
    return made


def test_children_follow_the_division_code(world):
    _cities(world)
    make_org("沈河区总工会", OrgKind.COUNTY, world.city, "210103")
    children = list(selectors.org_list(actor=world.province_staff, parent_id=world.province.pk))
    codes = [c.region_id for c in children]
    assert codes == sorted(codes) and codes[0] == "210100" and codes[-1] == "211400"
    # The tree order: each city followed by its counties, in code order.
    federations = {OrgKind.PROVINCIAL, OrgKind.CITY, OrgKind.COUNTY}
    tree = [
        o.region_id
        for o in selectors.org_list(actor=world.province_staff, under_id=world.province.pk)
        if o.kind in federations
    ]
    # Division codes nest (210000 > 210100 > 210102), so sorted codes are the tree's order.
    assert tree == sorted(tree) and tree[:3] == ["210000", "210100", "210102"]
    assert tree.index("210103") < tree.index("210200")


def test_the_list_page_sorts_by_division_code_and_by_pinyin(world, client):
    _cities(world)
    client.force_login(world.province_staff)
    page = client.get(f"/orgs/?parent_id={world.province.pk}").content.decode()
    order = [
        page.index(n) for n in ("沈阳市总工会", "大连市总工会", "鞍山市总工会", "葫芦岛市总工会")
    ]
    assert order == sorted(order)
    # By name: pinyin (安 an < 本 ben < 朝 chao < 大 da …), not code point (丹 < 大 < 抚 …).
    rows = lists.ORGS.rows(actor=world.province_staff, parent_id=world.province.pk)
    by_name = [o.name for o in rows.order_by(*lists.ORGS.sorts["name"].order_by)]
    assert by_name[:4] == ["鞍山市总工会", "本溪市总工会", "朝阳市总工会", "大连市总工会"]
    assert by_name != sorted(by_name)


def test_place_names_read_as_places():
    from gonghui.orgs.models import pinyin_key

    assert pinyin_key("朝阳市总工会").startswith("chaoyang")
    assert pinyin_key("长海县总工会").startswith("changhai")


def test_suggestions_start_with_the_top_then_cities_in_code_order(world):
    made = _cities(world)
    suggested = list(selectors.org_suggestions(actor=world.province_staff))
    assert suggested[0] == world.province
    cities = [o.region_id for o in suggested if o.parent_id == world.province.pk]
    assert cities == sorted(cities) and len(cities) == len(made) + 1
