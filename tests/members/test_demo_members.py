import time

import psycopg
import pytest
from django.db import connection

from gonghui.core import crypto
from gonghui.core.validators import MOBILE, clean_resident_id
from gonghui.members import demo, selectors
from gonghui.members.models import Membership, Person

from ..factories import OrgKind, make_org


def test_demo_members_are_valid_and_searchable(world):
    joint = make_org(
        "和平区外卖配送员联合工会",
        OrgKind.JOINT,
        world.county,
        "210102",
        takes_in=["delivery_rider"],
    )
    added = demo.add_members(per_union=30, seed=7)
    assert added == Person.objects.count() == Membership.objects.count() > 50
    numbers = [crypto.decrypt(c) for c in Person.objects.values_list("id_cipher", flat=True)]
    assert len(set(numbers)) == len(numbers)
    assert all(clean_resident_id(n) == n for n in numbers)
    # Each person's ID number says their birthday and sex (odd 17th digit: a man), and
    # their phone is a mobile number, as on a real register.
    people = Person.objects.values_list("id_cipher", "birth_date", "gender", "phone_cipher")
    for cipher, born, gender, phone in people:
        number = crypto.decrypt(cipher)
        assert number[6:14] == f"{born:%Y%m%d}"
        assert gender == ("M" if int(number[16]) % 2 else "F")
        assert MOBILE.fullmatch(crypto.decrypt(phone))
    assert {g for _c, _b, g, _p in people} == {"M", "F"}
    # Older members too, so that a check that refuses their numbers cannot hide (issue 11).
    years = {born.year for born in Person.objects.values_list("birth_date", flat=True)}
    assert min(years) < 1965 and len(years & set(range(1955, 1984))) > 10
    riders = Membership.objects.filter(union=joint)
    assert riders.exists() and set(riders.values_list("person__work_kind", flat=True)) == {
        "delivery_rider"
    }
    some = Membership.objects.select_related("person").first()
    found = selectors.member_list(actor=world.province_staff, q=some.person.name_initials)
    assert some in found
    # The ORM continues after the demo's explicit ids.
    from ..factories import make_member

    assert make_member(world.grassroots).pk > some.pk


@pytest.mark.one_db  # the generator's determinism (explicit ids are checked above)
def test_demo_is_deterministic(world):
    demo.add_members(per_union=10, seed=3)
    first = list(Person.objects.order_by("pk").values_list("name", "birth_date", "id_index"))
    Membership.objects.all().delete()
    Person.objects.all().delete()
    demo.add_members(per_union=10, seed=3)
    again = list(Person.objects.order_by("pk").values_list("name", "birth_date", "id_index"))
    assert first == again


def test_people_reach_the_database_while_the_rest_are_made(world, monkeypatch):
    """At province scale making a person (names, ID number, AES, HMAC) and storing one each
    take a core: the people are COPYed as they are made, so PostgreSQL stores the first
    thousands while Python makes the next (issue 13 item 6), not after a batch is made."""
    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's")
    pid = connection.cursor().connection.info.backend_pid
    settings = connection.settings_dict
    watcher = psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        password=settings["PASSWORD"],
        host=settings["HOST"],
        port=settings["PORT"],
        autocommit=True,
    )
    encrypt, sealed, stored = crypto.encrypt, [0], []

    def watching(value, **kwargs):
        sealed[0] += 1
        if sealed[0] == 2 * 5000:  # two values sealed a person: the 5,000th person
            for _ in range(100):  # what the server has stored of a running COPY
                row = watcher.execute(
                    "SELECT tuples_processed FROM pg_stat_progress_copy WHERE pid = %s", [pid]
                ).fetchone()
                if row and row[0]:
                    stored.append(row[0])
                    break
                time.sleep(0.05)
        return encrypt(value, **kwargs)

    monkeypatch.setattr(crypto, "encrypt", watching)
    try:
        added = demo.add_members(per_union=12_000, unions=[world.grassroots])
    finally:
        watcher.close()
    assert added > 5000
    assert stored and 0 < stored[0] < 5000
