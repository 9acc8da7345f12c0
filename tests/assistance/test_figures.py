"""Assistance figures equal independent SQL counts over hand-built records."""

from datetime import date

import pytest
from django.db import connection

from gonghui.assistance import services
from gonghui.core.figures import REGISTRY, Period

from .helpers import open_file

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _sql(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def files(world):
    open_file(world, name="老户", tier="deep", opened_on=date(2020, 5, 1))
    open_file(world, name="新户", tier="relative", opened_on=date(2022, 3, 1))
    out = open_file(world, name="脱困户", tier="accidental", opened_on=date(2021, 1, 1))
    services.file_close(
        actor=world.cadre, file_id=out.pk, reason="employed", closed_on=date(2022, 9, 1)
    )
    back = open_file(world, world.sibling_grassroots, name="返贫户", opened_on=date(2019, 1, 1))
    services.file_close(
        actor=world.province_staff, file_id=back.pk, reason="income", closed_on=date(2020, 6, 1)
    )
    services.file_open(
        actor=world.province_staff,
        membership_id=back.person.memberships.get().pk,
        tier="deep",
        causes=["illness"],
        opened_on=date(2022, 11, 1),
    )
    open_file(world, name="明年户", opened_on=date(2023, 2, 1))
    return world


OPENED = """SELECT count(*) FROM assistance_hardshipfile f JOIN orgs_organization o
            ON o.id = f.union_id WHERE o.path LIKE %s AND f.opened_on BETWEEN %s AND %s"""
CLOSED = OPENED.replace("f.opened_on BETWEEN", "f.closed_on BETWEEN")
OPEN_AT_END = """SELECT count(*) FROM assistance_hardshipfile f JOIN orgs_organization o
            ON o.id = f.union_id WHERE o.path LIKE %s AND f.opened_on <= %s
            AND (f.closed_on IS NULL OR f.closed_on > %s)"""


@pytest.mark.parametrize("place", ["city", "county", "sibling", "grassroots"])
def test_file_figures_match_sql(files, place):
    path = getattr(files, place).path
    like = path + "%"
    assert REGISTRY["aid.files.opened"].value(path, YEAR) == _sql(
        OPENED, [like, YEAR.start, YEAR.end]
    )
    assert REGISTRY["aid.files.closed"].value(path, YEAR) == _sql(
        CLOSED, [like, YEAR.start, YEAR.end]
    )
    assert REGISTRY["aid.files.open"].value(path, YEAR) == _sql(
        OPEN_AT_END, [like, YEAR.end, YEAR.end]
    )


def test_known_values_for_the_city(files):
    path = files.city.path
    values = {
        k: REGISTRY[k].value(path, YEAR)
        for k in [
            "aid.files.opened",
            "aid.files.closed",
            "aid.files.open",
            "aid.files.returned",
            "aid.files.by_tier.deep",
            "aid.files.by_tier.relative",
        ]
    }
    assert values == {
        "aid.files.opened": 2,
        "aid.files.closed": 1,
        "aid.files.open": 3,
        "aid.files.returned": 1,
        "aid.files.by_tier.deep": 2,
        "aid.files.by_tier.relative": 1,
    }


def test_figures_api_drills_down_to_the_files(files, as_user):
    client = as_user(files.county_staff)
    q = f"org_id={files.county.pk}&start=2022-01-01&end=2022-12-31"
    assert client.get(f"/api/v1/figures/values?{q}").json()["aid.files.opened"] == 1
    rows = client.get(f"/api/v1/figures/aid.files.closed/records?{q}").json()["items"]
    assert [r["label"].split(" ")[1] for r in rows] == ["脱困户"]
