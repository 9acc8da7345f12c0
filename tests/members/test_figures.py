"""Membership figures equal independent SQL counts over hand-built records."""

from datetime import date

import pytest
from django.db import connection

from gonghui.core.figures import REGISTRY, Period
from gonghui.members import services

from ..factories import make_member

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _sql_count(sql: str, params: list) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]


@pytest.fixture
def register(world):
    make_member(world.grassroots, "老会员", joined_on="2019-04-01")
    make_member(world.grassroots, "新会员", joined_on="2022-03-15")
    make_member(world.grassroots, "骑手", joined_on="2022-08-01", work_kind="delivery_rider")
    left = make_member(world.grassroots, "已退会", joined_on="2021-01-01")
    services.membership_leave(
        actor=world.cadre, membership_id=left.pk, reason="退休", on=date(2022, 6, 30)
    )
    make_member(world.sibling_grassroots, "快递员", joined_on="2022-02-02", work_kind="courier")
    make_member(world.sibling_grassroots, "明年", joined_on="2023-01-05")
    return world


MEMBERS_AT_END = """
    SELECT count(*) FROM members_membership m JOIN orgs_organization o ON o.id = m.union_id
    WHERE o.path LIKE %s AND m.started_on <= %s AND (m.ended_on IS NULL OR m.ended_on > %s)"""
NEW = """
    SELECT count(*) FROM members_membership m JOIN orgs_organization o ON o.id = m.union_id
    WHERE o.path LIKE %s AND m.joined_on BETWEEN %s AND %s
      AND NOT EXISTS (SELECT 1 FROM members_transfer t WHERE t.new_membership_id = m.id)"""
GIG = MEMBERS_AT_END.replace(
    "WHERE", "JOIN members_person p ON p.id = m.person_id WHERE p.work_kind <> 'regular' AND"
)


@pytest.mark.parametrize("place", ["city", "county", "sibling", "grassroots"])
def test_figures_match_sql(register, place):
    path = getattr(register, place).path + "%"
    end = YEAR.end
    assert REGISTRY["members.total"].value(path[:-1], YEAR) == _sql_count(
        MEMBERS_AT_END, [path, end, end]
    )
    assert REGISTRY["members.new"].value(path[:-1], YEAR) == _sql_count(
        NEW, [path, YEAR.start, end]
    )
    assert REGISTRY["members.gig"].value(path[:-1], YEAR) == _sql_count(GIG, [path, end, end])


def test_known_values_for_the_city(register):
    path = register.city.path
    values = {
        k: REGISTRY[k].value(path, YEAR)
        for k in ["members.total", "members.new", "members.gig", "members.gig_new"]
    }
    assert values == {"members.total": 4, "members.new": 3, "members.gig": 2, "members.gig_new": 2}


def test_transfer_is_not_a_new_member(register):
    worker = make_member(register.grassroots, "调动者", joined_on="2022-05-05")
    t = services.transfer_request(
        actor=register.cadre, membership_id=worker.pk, to_union_id=register.sibling_grassroots.pk
    )
    services.transfer_release(actor=register.cadre, transfer_id=t.pk)
    services.transfer_accept(actor=register.province_staff, transfer_id=t.pk)
    this_year = Period(date(2022, 1, 1), date.today())
    # 新会员, 骑手, 快递员, 明年, and 调动者 once (the membership made by the transfer is not new)
    assert REGISTRY["members.new"].value(register.city.path, this_year) == 5


def test_figures_api_is_scoped_and_drills_down(register, as_user):
    client = as_user(register.county_staff)
    q = "start=2022-01-01&end=2022-12-31"
    values = client.get(f"/api/v1/figures/values?org_id={register.county.pk}&{q}").json()
    assert values["members.total"] == 3 and values["members.new"] == 2
    rows = client.get(f"/api/v1/figures/members.new/records?org_id={register.county.pk}&{q}")
    assert {r["label"].split(" ")[1] for r in rows.json()["items"]} == {"新会员", "骑手"}
    assert client.get(f"/api/v1/figures/values?org_id={register.sibling.pk}&{q}").status_code == 404
    bad = client.get(
        f"/api/v1/figures/values?org_id={register.county.pk}&start=2022-12-31&end=2022-01-01"
    )
    assert bad.status_code == 400 and "end" in bad.json()["fields"]
    kids = client.get(f"/api/v1/figures/members.total/children?org_id={register.county.pk}&{q}")
    assert kids.json() == [{"org_id": register.township.pk, "name": "南湖街道工会", "value": 3}]
