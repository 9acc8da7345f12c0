"""values_many counts the figures that narrow one records function by a choice
(core.figures.filtered) in one scan of those records, and gives what each figure's own
value() gives: counts and sums, choices through foreign keys; a choice through a to-many
relation is counted alone (its join would count a row once per related row)."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gonghui.core.figures import REGISTRY, Figure, Period, filtered, values_many
from gonghui.orgs.models import Organization
from tests.factories import EnterpriseFactory

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))
BY_CHOICE = sorted(k for k in REGISTRY if k.startswith("rights.democracy.enterprises"))


def _enterprises(world):
    for i, (size, ownership, employees) in enumerate(
        [("small", "private", 40), ("small", "state", 12), ("large", "private", 900)]
    ):
        EnterpriseFactory(
            name=f"沈阳选项{i}有限公司",
            keeper=world.township,
            size=size,
            ownership=ownership,
            employees=employees,
        )


def test_the_choices_of_one_records_function_are_one_scan(world):
    _enterprises(world)
    assert len(BY_CHOICE) >= 12  # all, by size, by ownership
    items = [
        (REGISTRY[k], org.path, YEAR) for k in BY_CHOICE for org in (world.province, world.sibling)
    ]
    with CaptureQueriesContext(connection) as run:
        values = values_many(items)
    assert values == [figure.value(path, period) for figure, path, period in items]
    small = values[BY_CHOICE.index("rights.democracy.enterprises.by_size.small") * 2]
    assert small >= 2  # the two small ones above, in the province
    ((sql,),) = [(q["sql"],) for q in run.captured_queries]
    # One pass over the enterprises for each subtree, not one per choice.
    assert sql.count('FROM "orgs_enterprise"') == 2, sql


def test_a_count_and_a_sum_over_the_same_records(world):
    _enterprises(world)
    keys = [
        "outreach.enterprises_25",
        "outreach.enterprises_25_unionized",
        "outreach.enterprise_workers",
    ]
    items = [(REGISTRY[k], world.province.path, YEAR) for k in keys]
    with CaptureQueriesContext(connection) as run:
        values = values_many(items)
    assert values == [figure.value(path, period) for figure, path, period in items]
    assert values[2] >= 40 + 12 + 900  # the workers: a sum, not a count
    assert run.captured_queries[0]["sql"].count('FROM "orgs_enterprise"') == 1


def test_a_choice_through_a_to_many_relation_is_counted_alone(world):
    # Two enterprises of 25+ kept by one township: a join to them gives the township twice.
    EnterpriseFactory(name="沈阳甲有限公司", keeper=world.township, employees=30)
    EnterpriseFactory(name="沈阳乙有限公司", keeper=world.township, employees=50)

    def organizations(path, period):
        return Organization.objects.filter(path__startswith=path)

    figures = [
        Figure("test.orgs", "organizations", "个", organizations),
        Figure("test.townships", "townships", "个", filtered(organizations, kind="township")),
        Figure(
            "test.keepers",
            "keepers",
            "个",
            filtered(organizations, kept_enterprises__employees__gte=25),
        ),
    ]
    items = [(f, world.province.path, YEAR) for f in figures]
    values = values_many(items)
    assert values == [f.value(world.province.path, YEAR) for f in figures]
    assert values[2] >= 2  # the township counted once a kept enterprise, as filter() counts
