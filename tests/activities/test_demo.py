"""Demo meetings: every city and county federation reports some in 2022, deterministically."""

from datetime import date

from gonghui.activities import demo
from gonghui.activities.models import Activity
from gonghui.core.figures import REGISTRY, Period

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def test_demo_meetings_for_each_federation_in_2022(world):
    assert demo.build_demo("small", seed=4) == {"meetings": 6 * 4}  # province, city, 2 counties
    for union in (world.province, world.city, world.county, world.sibling):
        assert Activity.objects.filter(union=union, held_on__year=2022).count() == 6
    assert not Activity.objects.filter(union=world.grassroots).exists()
    assert REGISTRY["activities.total"].value(world.province.path, YEAR) == 24
    first = list(Activity.objects.order_by("pk").values_list("union", "held_on", "kind", "topic"))
    Activity.objects.all().delete()
    demo.build_demo("small", seed=4)
    again = list(Activity.objects.order_by("pk").values_list("union", "held_on", "kind", "topic"))
    assert first == again
