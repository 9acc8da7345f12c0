"""core.lists pages by key (issue 16, issue 13 item 4): 首页 / 上一页 / 下一页 by cursor on a
sort of one indexed column and the id, numbered pages only for the first pages.

The rights case list is the instance under test (the list of a province with a million
cases); every ListSpec whose sort pages by key behaves the same way. Pages of two rows
keep the data small."""

import base64
import html
import json
import re
from datetime import date

import pytest

from gonghui.core import lists
from gonghui.core.keyset import BadCursor, decode_cursor, encode_cursor
from gonghui.rights import services
from gonghui.rights.lists import CASES
from gonghui.rights.models import RightsCase


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)


def _case(world, day, union=None, actor=None):
    return services.case_open(
        actor=actor or world.province_staff,
        union_id=(union or world.county).pk,
        kind="wage_arrears",
        channel="hotline",
        worker_name="李娜",
        employer="沈阳某厂",
        description="拖欠工资",
        opened_on=day,
    )


@pytest.fixture
def cases(world):
    """Five of the county's cases newest first (two opened the same day) and two of the
    sibling county's in between."""
    county = [
        _case(world, date(2022, 5, 1)),
        _case(world, date(2022, 4, 1), world.grassroots),
        _case(world, date(2022, 4, 1)),
        _case(world, date(2022, 2, 1)),
        _case(world, date(2022, 1, 1), world.grassroots),
    ]
    _case(world, date(2022, 4, 15), world.sibling)
    _case(world, date(2022, 3, 1), world.sibling_grassroots)
    # Newest first, and the later id first on the same day.
    return sorted(county, key=lambda c: (c.opened_on, c.pk), reverse=True)


def _ids(response) -> list[int]:
    return [int(i) for i in re.findall(r'data-id="(\d+)"', response.content.decode())]


def _link(response, rel: str) -> str:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


def test_next_and_previous_by_key_walk_the_list_in_its_order(world, as_user, cases, two_per_page):
    client = as_user(world.county_staff)
    first = client.get("/rights/")
    assert _ids(first) == [c.pk for c in cases[:2]]
    assert not _link(first, "prev")
    second = client.get("/rights/" + _link(first, "next"))
    assert second.status_code == 200 and _ids(second) == [c.pk for c in cases[2:4]]
    third = client.get("/rights/" + _link(second, "next"))
    assert _ids(third) == [cases[4].pk] and not _link(third, "next")
    back = client.get("/rights/" + _link(third, "prev"))
    assert _ids(back) == [c.pk for c in cases[2:4]]
    start = client.get("/rights/" + _link(back, "prev"))
    assert _ids(start) == [c.pk for c in cases[:2]] and not _link(start, "prev")
    # The other direction of the same sort, and the filters, travel with the cursor.
    oldest = client.get("/rights/?sort=opened&q=" + "沈阳")
    later = client.get("/rights/" + _link(oldest, "next"))
    assert "sort=opened" in _link(oldest, "next")
    assert _ids(oldest) + _ids(later) == [c.pk for c in reversed(cases)][:4]


def test_a_page_by_key_is_stable_when_cases_arrive(world, as_user, cases, two_per_page):
    client = as_user(world.county_staff)
    first = client.get("/rights/")
    newer = [_case(world, date(2022, 6, 1)), _case(world, date(2022, 6, 2))]
    second = client.get("/rights/" + _link(first, "next"))
    # An offset would now show the first page's rows again; the key does not move.
    assert _ids(second) == [c.pk for c in cases[2:4]]
    assert _ids(client.get("/rights/?page=2")) == [c.pk for c in cases[:2]]
    assert _ids(client.get("/rights/")) == [c.pk for c in reversed(newer)]


def test_a_cursor_never_leaves_the_callers_scope(world, as_user, cases, two_per_page):
    sibling_case = RightsCase.objects.get(union=world.sibling)
    # A cursor made from the sibling county's case: only the county's own rows after it.
    forged = encode_cursor(sibling_case.opened_on, sibling_case.pk)
    county = as_user(world.county_staff)
    page = county.get(f"/rights/?after={forged}")
    assert page.status_code == 200 and _ids(page) == [c.pk for c in cases[1:3]]
    # The county's link in the sibling county's hands shows the sibling county's rows.
    link = _link(county.get("/rights/"), "next")
    sibling = as_user(world.sibling_staff).get("/rights/" + link)
    assert set(_ids(sibling)) <= set(
        RightsCase.objects.filter(union__path__startswith=world.sibling.path).values_list(
            "pk", flat=True
        )
    )
    assert _ids(as_user(world.outsider).get("/rights/" + link)) == []


def _token(payload) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "garbage!",
        "e30",  # {}
        _token(["2022-13-01", 5]),
        _token(["2022-03-01", "5"]),
        _token(["2022-03-01", -1]),
        _token(["2022-03-01", 2**70]),
        _token([None, 5]),
        _token(["2022-03-01\x00", 5]),
        "A" * 600,
    ],
)
def test_a_forged_cursor_is_a_clear_refusal_not_a_server_error(world, as_user, cases, cursor):
    client = as_user(world.county_staff)
    for name in ("after", "before"):
        page = client.get(f"/rights/?{name}={cursor}")
        assert page.status_code == 400, (name, cursor)
        text = page.content.decode()
        assert "此翻页链接无效" in text and _ids(page) == []
        assert 'href="?"' in text  # 首页, to start again


def test_deep_page_numbers_are_refused_with_a_way_on(world, as_user, cases, two_per_page):
    client = as_user(world.county_staff)
    assert client.get(f"/rights/?page={lists.NUMBERED_PAGE_LIMIT}").status_code == 200
    deep = client.get(f"/rights/?page={lists.NUMBERED_PAGE_LIMIT + 1}")
    assert deep.status_code == 400 and _ids(deep) == []
    text = deep.content.decode()
    assert f"第 {lists.NUMBERED_PAGE_LIMIT} 页以后不按页码显示" in text and "下一页" in text
    # A sort that cannot page by key keeps its numbered pages, however deep.
    assert client.get("/rights/?sort=kind&page=500").status_code == 200
    # The export takes the whole list whatever the pager says.
    export = client.get(f"/rights/?page={lists.NUMBERED_PAGE_LIMIT + 1}&after=x&export=csv")
    assert export.status_code == 200
    body = b"".join(export.streaming_content).decode("utf-8-sig")
    assert len(body.strip().splitlines()) == 1 + len(cases)


@pytest.mark.one_db
def test_which_sorts_page_by_key():
    model = RightsCase
    opened, descending = lists.keyset_key(model, CASES.sorts["-opened"])
    assert (opened.name, descending) == ("opened_on", True)
    assert lists.keyset_key(model, CASES.sorts["opened"])[1] is False
    # Several columns, a joined column, a column only a partial index holds: numbered.
    for name in ("kind", "union", "-recovered", "deadline"):
        assert lists.keyset_key(model, CASES.sorts[name]) is None, name
    assert lists.keyset_key(model, lists.Sort("id", ("-id",))) is not None
    assert lists.keyset_key(model, lists.Sort("x", ("opened_on", "-id"))) is None


@pytest.mark.one_db
def test_a_cursor_round_trips_and_refuses_what_it_did_not_write():
    field = RightsCase._meta.get_field("opened_on")
    assert decode_cursor(encode_cursor(date(2022, 3, 1), 7), field) == (date(2022, 3, 1), 7)
    name = RightsCase._meta.get_field("worker_name")
    assert decode_cursor(encode_cursor("王小明", 3), name) == ("王小明", 3)
    with pytest.raises(BadCursor):
        decode_cursor(encode_cursor("王小明", 3), field)


def test_the_cases_follow_their_union_when_it_moves(world, as_user, cases):
    """The union's path is kept on each case (the county's page needs no join); a move
    of the union rewrites it with the tree."""
    from gonghui.orgs.services import org_move

    moved = RightsCase.objects.filter(union=world.grassroots)
    assert {c.union_path for c in moved} == {world.grassroots.path}
    org_move(actor=world.province_staff, org_id=world.grassroots.pk, new_parent_id=world.sibling.pk)
    world.grassroots.refresh_from_db()
    assert {c.union_path for c in moved.all()} == {world.grassroots.path}
    assert world.grassroots.path.startswith(world.sibling.path)
    county = _ids(as_user(world.county_staff).get("/rights/"))
    sibling = _ids(as_user(world.sibling_staff).get("/rights/"))
    assert not set(county) & {c.pk for c in moved}
    assert {c.pk for c in moved} <= set(sibling)


def test_the_case_pages_read_their_ids_first_in_one_query(world, as_user, cases, two_per_page):
    """A county's page of a province's cases finds its ids by walking (opened_on, id,
    union_path) alone, then reads those rows with their unions and handlers: in one query
    a page, the same rows in the same order as before (core.lists.ids_first)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = as_user(world.county_staff)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/rights/")
        second = client.get("/rights/" + _link(first, "next"))
        back = client.get("/rights/" + _link(second, "prev"))
    assert _ids(first) == _ids(back) == [c.pk for c in cases[:2]]
    assert _ids(second) == [c.pk for c in cases[2:4]]
    pages = [
        q["sql"]
        for q in queries
        if q["sql"].startswith('SELECT "rights_rightscase"."id"') and "JOIN" in q["sql"]
    ]
    assert len(pages) >= 3
    for sql in pages:  # the rows by id; the ids by the scope and the sort, no join
        inner = sql.split('"rights_rightscase"."id" IN (', 1)[1]
        assert inner.startswith('SELECT U0."id"') and "JOIN" not in inner, sql
        assert re.search(r"LIMIT [23]\)", inner) and "LIKE" in inner, sql


@pytest.mark.parametrize("orphans", [0, 1])
def test_numbered_pages_read_ids_first_are_the_same_pages(world, cases, orphans):
    qs = RightsCase.objects.select_related("union").order_by("-opened_on", "-id")
    plain = lists.Paginator(qs, 2, orphans=orphans)
    by_ids = lists.Paginator(qs, 2, orphans=orphans, ids_first=True)
    assert by_ids.num_pages == plain.num_pages > 1
    for number in plain.page_range:
        assert list(by_ids.page(number)) == list(plain.page(number)), number
    none = lists.Paginator(qs.filter(kind="injury"), 2, ids_first=True)
    assert list(none.page(1)) == []


@pytest.mark.one_db
def test_a_column_one_non_null_relation_away_pages_by_key():
    from gonghui.members.models import Membership, Person

    key = lists.keyset_key(Membership, lists.Sort("pinyin", ("person__name_pinyin", "id")))
    assert key is not None and key.path == "person__name_pinyin" and key[1] is False
    down = lists.keyset_key(Membership, lists.Sort("z", ("-person__name_pinyin", "-id")))
    assert down is not None and down[1] is True
    for order in [
        ("person__gender", "id"),  # no index leads with it
        ("person__employer__name", "id"),  # two relations away
        ("-person__name_pinyin", "id"),  # directions differ
    ]:
        assert lists.keyset_key(Membership, lists.Sort("x", order)) is None, order
    # A relation that may be null would drop the rows without one from the list.
    assert lists.keyset_key(Person, lists.Sort("x", ("user__username", "id"))) is None


@pytest.mark.one_db
@pytest.mark.parametrize(
    ("spec", "model"),
    [
        ("gonghui.members.lists:MEMBERS", "members.Membership"),
        ("gonghui.rights.lists:CASES", "rights.RightsCase"),
        ("gonghui.assistance.lists:FILES", "assistance.HardshipFile"),
        ("gonghui.assistance.lists:APPLICATIONS", "assistance.AidApplication"),
        ("gonghui.stations.lists:STATIONS", "stations.Station"),
        ("gonghui.orgs.lists:ORGS", "orgs.Organization"),
        ("gonghui.outreach.lists:UNORGANIZED", "orgs.Enterprise"),
    ],
)
def test_the_big_lists_default_sorts_page_by_key(spec, model):
    """A list that grows with the province (10 M members, 200,000 organizations, 100,000
    stations, a county's hundreds of aid files) opens on a sort that pages by key: its column then the id in
    the same direction, the column leading an index (bench/bench_lists.py)."""
    from importlib import import_module

    from django.apps import apps

    module, name = spec.split(":")
    listed = getattr(import_module(module), name)
    sort = listed.sorts[listed.default_sort]
    assert lists.keyset_key(apps.get_model(model), sort) is not None, sort.order_by
