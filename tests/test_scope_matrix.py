"""Every persona against every scoped thing placed at every organization of the world."""

import json

import pytest

from gonghui.accounts.models import WRITING_ROLES

from .conftest import PERSONAS, SCOPE_ATTEMPTS
from .scope import REGISTRY

PLACES = [
    "province",
    "city",
    "county",
    "township",
    "grassroots",
    "sibling",
    "sibling_grassroots",
    "other_province",
    "other_grassroots",
]


def _inside(user, org, *, write=False) -> bool:
    roles = [r for r in user.roles.all() if not write or r.kind in WRITING_ROLES]
    return any(org.path.startswith(r.organization.path) for r in roles)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("thing", REGISTRY, ids=lambda t: t.name)
def test_nothing_outside_the_subtree(world, client, persona, thing):
    user = getattr(world, persona)
    objects = {place: thing.make(world, getattr(world, place)) for place in PLACES}
    client.force_login(user)
    for place, obj in objects.items():
        org = getattr(world, place)
        visible = _inside(user, org)
        for read in thing.reads:
            status = client.get(read.url(obj)).status_code
            SCOPE_ATTEMPTS["n"] += 1
            if visible:
                assert status == 200, (persona, place, read.url(obj), status)
            else:
                assert status in read.denied, (persona, place, read.url(obj), status)
        for listing in thing.listings:
            response = client.get(listing.url(obj))
            SCOPE_ATTEMPTS["n"] += 1
            if response.status_code == 200:
                body = response.getvalue().decode()
                assert listing.contains(body, obj) == visible, (persona, place, listing.url(obj))
            else:  # a persona kept out of a whole page (the admin; staff pages for a member)
                assert response.status_code in (302, 404) and not visible, (
                    persona,
                    listing.url(obj),
                )
        for write in thing.writes:
            payload = write.payload(obj)
            if payload is None:
                continue
            response = getattr(client, write.method)(
                write.url(obj), data=json.dumps(payload), content_type="application/json"
            )
            SCOPE_ATTEMPTS["n"] += 1
            if _inside(user, org, write=True):
                assert response.status_code == write.ok, (persona, place, response.content)
            else:
                assert response.status_code == 404, (persona, place, response.content)
                assert write.unchanged(obj), (persona, place, "a refused write changed data")
