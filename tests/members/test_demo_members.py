import pytest

from gonghui.core import crypto
from gonghui.core.validators import clean_resident_id
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
