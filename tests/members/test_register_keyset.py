"""The register pages by key on its default sort (issue 13 item 4) and orders a search by
the index it walks (issue 13 item 1): name by name, pinyin by pinyin, initials by
initials, the id breaking ties; a sort the user picks still applies."""

import html
import re

import pytest

from gonghui.core import lists
from gonghui.members import selectors
from gonghui.members.lists import MEMBERS

from ..factories import make_member


@pytest.fixture
def two_per_page(monkeypatch):
    monkeypatch.setattr(lists, "PAGE_SIZE", 2)


def _names(response) -> list[str]:
    # The name column links to the member: one link per row, in the page's order.
    return re.findall(r'href="/members/\d+/">([^<]+)</a>', response.content.decode())


def _link(response, rel: str) -> str:
    found = re.search(rf'href="([^"]*)" rel="{rel}"', response.content.decode())
    return html.unescape(found.group(1)) if found else ""


@pytest.fixture
def members(world):
    """Five of the county's members, two with the same pinyin, and one of the sibling
    county's between them."""
    for name, union in [
        ("王伟", world.grassroots),
        ("李娜", world.grassroots),
        ("赵敏", world.township),
        ("王薇", world.grassroots),  # wangwei too: the id breaks the tie
        ("陈静", world.grassroots),
        ("刘洋", world.sibling_grassroots),
    ]:
        make_member(union, name)
    return ["陈静", "李娜", "王伟", "王薇", "赵敏"]  # chenjing, lina, wangwei ×2, zhaomin


def test_the_register_pages_by_key_in_pinyin_order(world, as_user, members, two_per_page):
    assert lists.keyset_key(MEMBERS.rows(actor=world.county_staff).model, MEMBERS.sorts["name"])
    client = as_user(world.county_staff)
    first = client.get("/members/")
    assert _names(first) == members[:2] and not _link(first, "prev")
    second = client.get("/members/" + _link(first, "next"))
    assert second.status_code == 200 and _names(second) == members[2:4]
    third = client.get("/members/" + _link(second, "next"))
    assert _names(third) == members[4:] and not _link(third, "next")
    back = client.get("/members/" + _link(third, "prev"))
    assert _names(back) == members[2:4]
    # From Z, by key too; the filters travel with the cursor.
    z = client.get("/members/?sort=-name&work_kind=regular")
    assert "work_kind=regular" in _link(z, "next")
    assert _names(z) + _names(client.get("/members/" + _link(z, "next"))) == [
        "赵敏",
        "王薇",
        "王伟",
        "李娜",
    ]


def test_a_bad_register_cursor_is_refused_not_a_server_error(world, as_user, members):
    page = as_user(world.county_staff).get("/members/?after=bm90LWEtY3Vyc29y")
    assert page.status_code == 400 and _names(page) == []


@pytest.mark.parametrize(
    ("q", "kind"),
    [
        ("王伟", "name"),
        ("wangw", "pinyin"),
        ("lina", "pinyin"),
        ("zw", "initials"),
        ("zsf", "initials"),
        ("zh", "letters"),  # 张华's initials and the start of zhang
        ("13800138000", "phone"),
        ("", ""),
    ],
)
@pytest.mark.one_db
def test_a_search_term_is_read_as_one_kind(q, kind):
    assert selectors.search_kind(q) == kind


def test_a_search_is_ordered_by_what_it_searches(world, as_user):
    # Created in an order that is neither the names', nor their pinyin's.
    for name in ["赵伟", "王安", "王中", "张文", "王伟", "张伟"]:
        make_member(world.grassroots, name)
    client = as_user(world.county_staff)

    def names(query):
        return [m["name"] for m in client.get(f"/api/v1/members?{query}").json()["items"]]

    # By the characters (中 U+4E2D, 伟 U+4F1F, 安 U+5B89), not by pinyin (an, wei, zhong).
    assert names("q=王") == ["王中", "王伟", "王安"]
    assert names("q=wang") == ["王安", "王伟", "王中"]  # wangan < wangwei < wangzhong
    assert names("q=zw") == ["赵伟", "张文", "张伟"]  # initials zw all three: by the id
    # A sort the user picks still applies to a search.
    assert names("q=wang&sort=-name") == ["王中", "王伟", "王安"]
    assert names("q=zw&sort=name") == ["赵伟", "张文", "张伟"]  # the default: the search's
    # Letters that read both ways find both ways, as before.
    make_member(world.grassroots, "孙浩")
    assert set(names("q=zh")) == {"赵伟", "张文", "张伟"}
    assert names("q=sh") == ["孙浩"]  # its initials; no pinyin here starts with sh
