import pytest

from gonghui.core import cleaning
from gonghui.welfare import services

from ..factories import make_user
from .helpers import covered_member, make_plan


@pytest.fixture
def scene(world):
    """The county's plan; world.member (a woman) and a rider with no employer are members
    of the grassroots union, enrolled; a second county clerk pays what the first approves."""
    from gonghui.members.models import Person

    plan = make_plan(world)
    covered_member(world, user=world.member, phone="13900000001")
    Person.objects.filter(user=world.member).update(gender="F")
    covered_member(world, name="李骑手", work_kind="delivery_rider")
    services.enrol_union(actor=world.cadre, plan_id=plan.pk, union_id=world.grassroots.pk)
    world.payer = make_user("county_payer", "staff", world.county)
    world.plan = plan
    world.year = cleaning.today().year
    return world
