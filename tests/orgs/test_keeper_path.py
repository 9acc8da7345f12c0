"""Enterprise.keeper_path is its keeping union's path, kept through every change of the
keeper and every move of the tree: a subtree's enterprises are chosen by it (scope, lists,
figures), so a wrong copy would show an enterprise to the wrong county."""

from gonghui.orgs import services
from gonghui.orgs.models import Enterprise, Organization
from tests.factories import EnterpriseFactory


def _path(enterprise) -> str:
    return Enterprise.objects.values_list("keeper_path", flat=True).get(pk=enterprise.pk)


def _seen_by(user) -> set[int]:
    return set(Enterprise.objects.visible_to(user).values_list("pk", flat=True))


def test_a_new_enterprise_carries_its_keepers_path(world):
    assert _path(world.enterprise) == world.township.path
    assert world.enterprise.pk in _seen_by(world.county_staff)
    assert world.enterprise.pk not in _seen_by(world.sibling_staff)


def test_a_new_keeper_moves_the_enterprise_to_its_subtree(world):
    services.enterprise_update(
        actor=world.province_staff, enterprise_id=world.enterprise.pk, keeper_id=world.sibling.pk
    )
    assert _path(world.enterprise) == world.sibling.path
    assert world.enterprise.pk in _seen_by(world.sibling_staff)
    assert world.enterprise.pk not in _seen_by(world.county_staff)


def test_a_move_of_the_keeper_rewrites_the_path_and_a_stale_record_does_not_undo_it(world):
    stale = Enterprise.objects.get(pk=world.enterprise.pk)
    services.org_move(
        actor=world.province_staff, org_id=world.township.pk, new_parent_id=world.sibling.pk
    )
    moved = Organization.objects.get(pk=world.township.pk).path
    assert moved.startswith(world.sibling.path)
    assert _path(world.enterprise) == moved
    assert world.enterprise.pk in _seen_by(world.sibling_staff)
    stale.employees = 77
    stale.save()  # read before the move: its old path must not be written back
    assert _path(world.enterprise) == moved
    assert Enterprise.objects.get(pk=world.enterprise.pk).employees == 77


def test_the_county_page_by_name_lists_only_its_own(world, as_user):
    EnterpriseFactory(name="沈阳沈河物流有限公司", keeper=world.sibling, employees=30)
    page = as_user(world.county_staff).get("/enterprises/?sort=name").content.decode()
    assert "沈阳华晨机械有限公司" in page and "沈阳沈河物流有限公司" not in page
    items = as_user(world.sibling_staff).get("/api/v1/enterprises").json()["items"]
    assert "沈阳沈河物流有限公司" in {e["name"] for e in items}
    assert "沈阳华晨机械有限公司" not in {e["name"] for e in items}
