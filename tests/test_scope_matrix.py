"""Every persona against every scoped thing placed across the organizations of the world.

The world (organizations, personas) is built once per module (conftest's module_world);
each case runs in a savepoint inside it. A thing's objects are made once per test; each
write runs in a savepoint rolled back after its checks, so every attempt starts from the
same state (a persona's successful write cannot hide the next persona's refusal).
Under pytest-xdist the cases are handed out in parts (tests/scheduling.py: SHARDS).

Sampled, to keep the matrix fast (it runs twice in CI), without losing a kind of check:
- places that every persona sees alike (the township as its county, a sibling county's
  union as that county, the other province's union as that province) form a group; each
  thing tries one place of each group, the next one for the next thing;
- at each place, every persona who sees it (the writers and the readers) tries everything,
  and two of those who do not, a different two for the next thing; over the registry
  every persona tries every place it must not see (test_every_outsider_is_tried).
"""

import json
import logging
from contextlib import contextmanager

import pytest
from django.apps import apps
from django.db import transaction

from gonghui.core.models import AuditEvent, SensitiveRead

from .conftest import PERSONAS, SCOPE_ATTEMPTS
from .scope import REGISTRY, inside


@pytest.fixture
def world(module_world, db):
    """The module's one world; this test's writes are undone after it."""
    return module_world


# Places in one group are seen alike by every persona (test_place_groups_are_seen_alike).
PLACE_GROUPS = [
    ["province"],
    ["city"],
    ["county", "township"],
    ["grassroots"],
    ["sibling", "sibling_grassroots"],
    ["other_province", "other_grassroots"],
]


OUTSIDERS_PER_PLACE = 2


def _places(index: int) -> list[str]:
    return [group[index % len(group)] for group in PLACE_GROUPS]


def _outsiders(world, index: int, place: str) -> set[str]:
    """Two personas who do not see `place`, the next two each time a thing tries it."""
    org = getattr(world, place)
    pool = [p for p in PERSONAS if not inside(getattr(world, p), org)]
    visit = index // next(len(g) for g in PLACE_GROUPS if place in g)
    return {pool[(OUTSIDERS_PER_PLACE * visit + k) % len(pool)] for k in range(OUTSIDERS_PER_PLACE)}


def send(client, write, obj):
    """The write as a page's form (or an API upload) sends it, or as the API's JSON."""
    url, payload = write.url(obj), write.payload(obj)
    form = write.form if write.form is not None else not url.startswith("/api/")
    if form:
        return getattr(client, write.method)(url, data=payload)
    return getattr(client, write.method)(
        url, data=json.dumps(payload), content_type="application/json"
    )


def _attempts(client, world, persona, objects):
    """Every read, listing and write of one persona at the places it tries; yields a
    message per failure."""
    user = getattr(world, persona)
    client.force_login(user)
    for place, (thing, obj) in objects.items():
        org = getattr(world, place)
        visible, writable = inside(user, org), inside(user, org, write=True)
        for read in thing.reads:
            url = read.url(obj)
            status = client.get(url).status_code
            SCOPE_ATTEMPTS["n"] += 1
            if (writable if read.write else visible) != (status == 200) or (
                status != 200 and status not in read.denied
            ):
                yield f"{persona} at {place}: GET {url} answered {status}"
        for listing in thing.listings:
            url = listing.url(obj)
            response = client.get(url)
            SCOPE_ATTEMPTS["n"] += 1
            listed = writable if listing.write else visible
            if response.status_code == 200:
                if listing.contains(response.getvalue().decode(), obj) != listed:
                    yield f"{persona} at {place}: {url} lists it: {not listed}"
            # a persona kept out of a whole page (the admin; staff pages for a member)
            elif response.status_code not in (302, 404) or listed:
                yield f"{persona} at {place}: list {url} answered {response.status_code}"
        for write in thing.writes:
            if write.payload(obj) is None:
                continue
            allowed = write.may(user, obj) if write.may else writable
            seen = write.seen(user, obj) if write.seen else visible
            with _rolled_back():  # the next attempt finds the same state
                failure = _write_failure(client, write, obj, allowed, seen)
            SCOPE_ATTEMPTS["n"] += 1
            if failure:
                yield f"{persona} at {place}: {write.method.upper()} {write.url(obj)} {failure}"


@contextmanager
def _rolled_back():
    """A savepoint undone at its end. Marked as the test's own, as Django's TestCase marks its
    atomics, so that services' durable atomic blocks may run inside it."""
    atomic = transaction.atomic()
    atomic._from_testcase = True  # type: ignore[attr-defined]
    with atomic:
        yield
        transaction.set_rollback(True)


def _trail() -> tuple[int, int]:
    return AuditEvent.objects.count(), SensitiveRead.objects.count()


def _write_failure(client, write, obj, allowed, visible) -> str | None:
    before = _trail()
    response = send(client, write, obj)
    status = response.status_code
    if allowed:
        if status != write.ok:
            return f"answered {status}, not {write.ok}: {response.content[:300]!r}"
        return None
    if status not in (write.denied if visible else {404}):
        return f"answered {status} to one who may not: {response.content[:300]!r}"
    if not write.unchanged(obj):
        return "was refused but changed data"
    if _trail() != before:
        return "was refused but wrote an audit row or a sensitive read"
    return None


@pytest.mark.parametrize("index", range(len(REGISTRY)), ids=[t.name for t in REGISTRY])
def test_nothing_outside_the_subtree(world, client, caplog, index):
    caplog.set_level(logging.ERROR, logger="django.request")  # the refusals are expected
    thing = REGISTRY[index]
    objects = {}
    for place in _places(index):
        obj = thing.make(world, getattr(world, place))
        if thing.model is not None:
            assert obj._meta.label == thing.model, (thing.name, obj)
        objects[place] = (thing, obj)
    failures = []
    for persona in PERSONAS:
        user = getattr(world, persona)
        tried = {
            place: pair
            for place, pair in objects.items()
            if inside(user, getattr(world, place)) or persona in _outsiders(world, index, place)
        }
        if tried:
            failures += _attempts(client, world, persona, tried)
    assert not failures, "\n".join(failures)


def test_every_outsider_is_tried(world):
    """Over the registry, each persona tries each place it does not see."""
    tried = {
        (persona, place)
        for index in range(len(REGISTRY))
        for place in _places(index)
        for persona in _outsiders(world, index, place)
    }
    every = {
        (persona, place)
        for group in PLACE_GROUPS
        for place in group
        for persona in PERSONAS
        if not inside(getattr(world, persona), getattr(world, place))
    }
    assert every <= tried, sorted(every - tried)


def test_place_groups_are_seen_alike(world):
    for persona in PERSONAS:
        user = getattr(world, persona)
        for group in PLACE_GROUPS:
            seen = {
                (inside(user, getattr(world, p)), inside(user, getattr(world, p), write=True))
                for p in group
            }
            assert len(seen) == 1, (persona, group)


def test_every_scoped_model_is_in_the_matrix():
    scoped = {m._meta.label for m in apps.get_models() if getattr(m, "scope_path_field", None)}
    registered = {t.model for t in REGISTRY if t.model is not None}
    assert not scoped - registered, (
        "register these models in tests/scope.py (ScopedThing(model=...)): "
        f"{sorted(scoped - registered)}"
    )
    assert registered <= scoped, sorted(registered - scoped)
