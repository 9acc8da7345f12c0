"""Cities and counties in their official order (division code); names by pinyin
(issue 12 item 8)."""

import html
import re
from types import SimpleNamespace

from django.db.models import Value
from django.db.models.functions import Coalesce

from gonghui.core import lists as core_lists
from gonghui.orgs import lists, selectors, services
from gonghui.orgs.models import Organization, OrgKind, refresh_sort_keys

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


# ---- the stored key (issue 13 item 4) ----------------------------------------------------

# The official order as it was computed on every page before it was stored: the key must
# give exactly this order.
EXPRESSION_ORDER = (
    Coalesce("region_id", "parent__region_id", "parent__parent__region_id", Value("")).asc(),
    "depth",
    "name_pinyin",
    "id",
)


def _tree(world) -> SimpleNamespace:
    """Regions at every level, and unions without one under unions without one: each
    stands with its own division, its parent's, its grandparent's, or none."""
    t = SimpleNamespace()
    t.industry = make_org("辽宁省机械冶金工会", OrgKind.INDUSTRY, world.province)  # 210000
    t.industry_union = make_org("沈阳重型机器厂工会", OrgKind.GRASSROOTS, t.industry)  # 210000
    t.dalian = make_org("大连市总工会", OrgKind.CITY, world.province, "210200")
    t.county = make_org("中山区总工会", OrgKind.COUNTY, t.dalian)  # 210200, the parent's
    t.street = make_org("青泥洼桥街道工会", OrgKind.TOWNSHIP, t.county)  # the grandparent's
    t.none = make_org("大连港湾商贸有限公司工会委员会", OrgKind.GRASSROOTS, t.street)  # ""
    t.own = make_org("大连华信软件有限公司工会委员会", OrgKind.GRASSROOTS, t.street, "210202")
    t.joint = make_org("中山区快递行业联合工会", OrgKind.JOINT, t.county)  # the parent's
    # The same pinyin but for a space (西安 xi an / 先 xian), and the same name twice.
    make_org("先锋机械厂工会", OrgKind.GRASSROOTS, world.township)
    make_org("西安机械厂工会", OrgKind.GRASSROOTS, world.township)
    for _ in range(2):
        make_org("和平商店工会", OrgKind.GRASSROOTS, world.county)  # 210102, the parent's
    # A tree with no region at its top (a national federation) and one below it.
    t.national = make_org("中华全国总工会", OrgKind.NATIONAL)
    t.nameless = make_org("某省总工会", OrgKind.PROVINCIAL, t.national)
    make_org("某市总工会", OrgKind.CITY, t.nameless, "230100")
    return t


def _stored_order() -> list[int]:
    return list(
        Organization.objects.order_by(*selectors.OFFICIAL_ORDER).values_list("pk", flat=True)
    )


def _expression_order() -> list[int]:
    return list(Organization.objects.order_by(*EXPRESSION_ORDER).values_list("pk", flat=True))


def _keys_are_right() -> None:
    assert _stored_order() == _expression_order()
    # Every row holds the key its division, depth and name give now (none left behind).
    assert refresh_sort_keys(Organization.objects.all()) == 0


def test_the_stored_key_gives_the_official_order(world):
    t = _tree(world)
    _keys_are_right()
    order = _stored_order()
    # Nothing to stand with: first, by depth (the national federation at the top).
    assert order[:3] == [t.national.pk, t.nameless.pk, t.none.pk]
    key = {o.pk: o.sort_key for o in Organization.objects.all()}
    assert key[t.industry_union.pk].startswith("21000002") and key[t.none.pk].startswith(" " * 6)
    assert key[t.street.pk].startswith("21020003") and key[t.own.pk].startswith("21020204")


def test_the_key_follows_names_regions_and_moves(world):
    t = _tree(world)
    staff = world.province_staff
    services.org_update(actor=staff, org_id=t.county.pk, region="210203")
    # Its children and grandchildren without a region stand with it; one with its own stays.
    _keys_are_right()
    t.none.refresh_from_db()
    assert t.none.sort_key.startswith("21020304")
    services.org_update(actor=staff, org_id=t.own.pk, name="大连阿尔卑斯软件有限公司工会委员会")
    _keys_are_right()
    services.org_update(actor=staff, org_id=t.county.pk, region=None)
    _keys_are_right()
    # A subtree one level deeper (every depth below changes) under another division.
    services.org_move(actor=staff, org_id=t.industry.pk, new_parent_id=world.city.pk)
    _keys_are_right()
    t.industry_union.refresh_from_db()
    assert t.industry_union.sort_key.startswith("21010003")
    # Under a union with a region: the grandchild without one now stands with 和平区.
    services.org_move(actor=staff, org_id=t.street.pk, new_parent_id=world.county.pk)
    _keys_are_right()
    created = services.org_create(
        actor=staff,
        name="南湖物业有限公司工会委员会",
        kind=OrgKind.GRASSROOTS,
        parent_id=t.street.pk,
    )
    assert created.sort_key.startswith("21010204")
    _keys_are_right()


def test_the_list_pages_by_key_in_the_official_order(world, as_user, monkeypatch):
    """/orgs/ opens on the official order, by key: 下一页 walks every organization the
    caller sees in that order, and 上一页 back; the API pages by key (`after`) too."""
    monkeypatch.setattr(core_lists, "PAGE_SIZE", 3)
    _tree(world)
    client = as_user(world.province_staff)
    visible = set(
        Organization.objects.filter(path__startswith=world.province.path).values_list(
            "pk", flat=True
        )
    )
    expected = [pk for pk in _expression_order() if pk in visible]
    seen, page, pages = [], client.get("/orgs/"), []
    while True:
        assert page.status_code == 200
        ids = [int(i) for i in re.findall(r"/orgs/(\d+)/", _table(page))]
        seen += ids
        pages.append(ids)
        link = _link(page, "next")
        if not link:
            break
        page = client.get("/orgs/" + link)
    assert seen == expected and len(pages) > 3
    back = client.get("/orgs/" + _link(page, "prev"))
    assert [int(i) for i in re.findall(r"/orgs/(\d+)/", _table(back))] == pages[-2]
    # Numbered pages stay for the first pages; a deep number is refused with a way on.
    assert client.get("/orgs/?page=2").status_code == 200
    assert client.get(f"/orgs/?page={core_lists.NUMBERED_PAGE_LIMIT + 1}").status_code == 400
    # The other sorts keep working.
    names = client.get("/orgs/?sort=-name")
    assert names.status_code == 200

    first = client.get("/api/v1/orgs?after=0&limit=4").json()
    items = list(first["items"])
    after = first["next"]
    while after:
        more = client.get(f"/api/v1/orgs?after={after}&limit=4").json()
        items += more["items"]
        after = more["next"]
    assert [o["id"] for o in items] == sorted(visible)
    assert client.get("/api/v1/orgs?limit=4").json()["count"] == len(visible)


def _table(response) -> str:
    text = response.content.decode()
    return text[text.index("<tbody") : text.index("</tbody>")]


def _link(response, rel: str) -> str:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def test_a_long_name_pages_on(world, as_user, monkeypatch):
    """A key of a long name (pinyin near its 400 characters) makes a cursor longer than
    a date's or a short name's: the next page still opens (core.cursors.cursor_limit)."""
    monkeypatch.setattr(core_lists, "PAGE_SIZE", 1)
    street = make_org("中山街道工会", OrgKind.TOWNSHIP, world.county)
    first = make_org("中" * 63 + "工会", OrgKind.GRASSROOTS, street)
    second = make_org("中" * 63 + "支会", OrgKind.GRASSROOTS, street)
    assert len(first.sort_key) > 380
    client = as_user(world.province_staff)
    page = client.get(f"/orgs/?parent_id={street.pk}")
    assert f"/orgs/{first.pk}/" in _table(page)
    after = client.get("/orgs/" + _link(page, "next"))
    assert after.status_code == 200 and f"/orgs/{second.pk}/" in _table(after)


def test_a_page_finds_its_ids_in_the_official_orders_index_alone(world, as_user):
    """The ids of a page come from (sort_key, id, path) with no join (the parent's name is
    read by a subquery of the rows shown): a city's first page walks the index past the
    cities before it without reading their rows (core.lists.ids_first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _tree(world)
    client = as_user(world.county_staff)
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/orgs/")
        after = client.get("/orgs/" + _link(page, "next")) if _link(page, "next") else page
    assert page.status_code == after.status_code == 200
    assert "沈阳市总工会" not in _table(page) and "和平区总工会" in _table(page)
    rows = [q["sql"] for q in queries if '"orgs_organization"."id" IN (SELECT' in q["sql"]]
    assert rows
    for sql in rows:
        inner = sql.split('"orgs_organization"."id" IN (SELECT', 1)[1]
        assert "JOIN" not in inner and "LIKE" in inner and "sort_key" in inner, sql
