"""/me/ is where a worker finds every page that is theirs (core.memberpages)."""

import html

import pytest
from django.urls import reverse

from gonghui.core import memberpages


def test_me_links_to_each_of_the_workers_own_pages_and_each_opens(world, as_user):
    keys = {p.key for p in memberpages.pages()}
    # The worker's own pages of each capability that has one; a new one adds itself.
    assert {
        "assistance.mine",
        "rights.mine",
        "employment.mine",
        "competitions.mine",
        "innovation.mine",
        "honours.mine",
        "welfare.mine",
        "communication.surveys",
        "communication.works",
    } <= keys
    client = as_user(world.member)
    page = html.unescape(client.get("/me/").content.decode())
    assert "我的服务" in page
    for p in memberpages.pages():
        url = reverse(p.url_name)
        assert f'href="{url}"' in page, p.key
        assert client.get(url).status_code == 200, url


def test_a_member_page_cannot_be_registered_twice():
    page = memberpages.pages()[0]
    with pytest.raises(ValueError):
        memberpages.register(page)
