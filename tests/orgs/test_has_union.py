"""Enterprise.has_union follows the unions that stand for an enterprise, through every
write of a union: the enterprises without a union are listed and counted from it."""

import pytest

from gonghui.core.errors import NotFound
from gonghui.orgs import services
from gonghui.orgs.models import Enterprise, OrgKind
from gonghui.outreach.selectors import enterprises_without_union
from tests.factories import EnterpriseFactory, make_org


def _flags(*enterprises):
    return [Enterprise.objects.get(pk=e.pk).has_union for e in enterprises]


def _unorganized(world):
    return set(enterprises_without_union(actor=world.province_staff, min_workers=0))


def test_the_worlds_enterprise_has_its_union(world):
    assert _flags(world.enterprise) == [True]
    assert world.enterprise not in _unorganized(world)


def test_founding_a_union_takes_the_enterprise_off_the_list(world):
    bare = EnterpriseFactory(name="沈阳新建物流有限公司", keeper=world.township, employees=80)
    assert _flags(bare) == [False] and bare in _unorganized(world)
    services.org_create(
        actor=world.province_staff,
        name="沈阳新建物流有限公司工会委员会",
        kind=OrgKind.GRASSROOTS,
        parent_id=world.township.pk,
        enterprise_id=bare.pk,
    )
    assert _flags(bare) == [True] and bare not in _unorganized(world)


def test_a_union_gone_inactive_and_back(world):
    union = world.grassroots
    services.org_update(actor=world.province_staff, org_id=union.pk, is_active=False)
    assert _flags(world.enterprise) == [False] and world.enterprise in _unorganized(world)
    services.org_update(actor=world.province_staff, org_id=union.pk, is_active=True)
    assert _flags(world.enterprise) == [True]


def test_a_union_that_changes_enterprise_moves_the_flag(world):
    other = EnterpriseFactory(name="沈阳另一机械有限公司", keeper=world.township, employees=30)
    services.org_update(
        actor=world.province_staff, org_id=world.grassroots.pk, enterprise_id=other.pk
    )
    assert _flags(world.enterprise, other) == [False, True]
    services.org_update(actor=world.province_staff, org_id=world.grassroots.pk, enterprise_id=None)
    assert _flags(world.enterprise, other) == [False, False]


def test_two_unions_one_enterprise_keeps_it_while_either_is_active(world):
    second = make_org(
        "华晨机械第二工会", OrgKind.GRASSROOTS, world.township, enterprise=world.enterprise
    )
    services.org_update(actor=world.province_staff, org_id=world.grassroots.pk, is_active=False)
    assert _flags(world.enterprise) == [True]
    second.delete()
    assert _flags(world.enterprise) == [False]


def test_an_enterprise_read_before_its_union_was_founded_does_not_write_the_flag_back(world):
    bare = EnterpriseFactory(name="沈阳旧记录有限公司", keeper=world.township, employees=50)
    stale = Enterprise.objects.get(pk=bare.pk)
    make_org("沈阳旧记录有限公司工会", OrgKind.GRASSROOTS, world.township, enterprise=bare)
    stale.employees = 55
    stale.save()
    assert _flags(bare) == [True]
    services.enterprise_update(actor=world.province_staff, enterprise_id=bare.pk, employees=60)
    assert _flags(bare) == [True] and Enterprise.objects.get(pk=bare.pk).employees == 60


def test_a_refused_change_leaves_the_flag(world):
    with pytest.raises(NotFound) as refused:
        services.org_update(
            actor=world.province_staff, org_id=world.grassroots.pk, enterprise_id=10**9
        )
    assert _flags(world.enterprise) == [True]
    assert list(refused.value.fields) == ["enterprise_id"]
