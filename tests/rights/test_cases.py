"""Rights cases: the worker opens and follows their own, handlers move them to an outcome,
the dispute stays encrypted and each staff read is logged; bad input changes nothing."""

import csv
import io
import json
from datetime import date, timedelta

import pytest
from django.db import connection
from django.http import Http404

from gonghui.accounts.models import RoleKind
from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent, SensitiveRead
from gonghui.rights import services
from gonghui.rights.models import CaseStep, RightsCase

from ..factories import make_member, make_user

DISPUTE = "公司拖欠我和同班组5名工友2022年3月至5月工资共计4.2万元，多次讨要未果。"


@pytest.fixture
def worker(world):
    """world.member, a member of the grassroots union, on their phone."""
    make_member(world.grassroots, "王小明", user=world.member, phone="13900000001")
    return world.member


def _submit(worker, **changes):
    fields = {
        "kind": "wage_arrears",
        "employer": "沈阳华晨机械有限公司",
        "description": DISPUTE,
        "amount_claimed": 42_000_00,
        "workers_involved": 6,
    }
    fields.update(changes)
    return services.case_submit(actor=worker, **fields)


def _open(world, **changes):
    fields = {
        "union_id": world.county.pk,
        "kind": "dismissal",
        "channel": "hotline",
        "worker_name": "李娜",
        "phone": "139 0000 0009",
        "employer": "沈阳某外卖平台配送站",
        "description": "未提前通知即被辞退，未支付经济补偿。",
        "amount_claimed": 8_000_00,
    }
    fields.update(changes)
    return services.case_open(actor=world.county_staff, **fields)


def _counts():
    return (RightsCase.objects.count(), CaseStep.objects.count(), AuditEvent.objects.count())


# ---- the worker ----------------------------------------------------------------------------


def test_a_member_opens_a_case_that_goes_to_their_union(world, worker):
    case = _submit(worker)
    assert case.union == world.grassroots and case.channel == "online"
    assert case.worker == worker and case.worker_name == "王小明"
    assert case.deadline == case.opened_on + timedelta(days=15)  # wages: two weeks
    assert case.phone_last4 == "0001" and case.phone_masked == "*******0001"
    assert DISPUTE not in case.description_cipher and case.description_cipher.startswith("v1:")
    assert list(case.steps.values_list("stage", flat=True)) == ["consultation"]
    row = AuditEvent.objects.get(action="case_open")
    assert row.changes["description"] == "(encrypted)" and DISPUTE not in json.dumps(row.changes)
    assert row.org_path == world.grassroots.path
    # the dispute never reaches a page or the API in clear text but the worker's own page
    raw = connection.cursor()
    raw.execute("SELECT description_cipher FROM rights_rightscase")
    assert DISPUTE not in raw.fetchone()[0]


def test_a_worker_with_no_union_names_the_federation(world):
    rider = make_user("rider")
    with pytest.raises(ServiceError) as exc:
        _submit(rider)
    assert exc.value.code == "not_member" and "union_id" in exc.value.fields
    with pytest.raises(ServiceError):
        _submit(rider, union_id=world.grassroots.pk)  # a federation, not a grassroots union
    assert _counts() == (0, 0, 0)
    case = _submit(rider, union_id=world.county.pk, kind="gig_platform", phone="+86 138-0000-1234")
    assert case.union == world.county and case.phone_last4 == "1234"
    assert case.deadline == case.opened_on + timedelta(days=30)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"description": "   "}, "description"),
        ({"description": "长" * 2001}, "description"),
        ({"kind": "bribery"}, "kind"),
        ({"employer": ""}, "employer"),
        ({"amount_claimed": -1}, "amount_claimed"),
        ({"amount_claimed": 12.5}, "amount_claimed"),
        ({"workers_involved": 0}, "workers_involved"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_bad_input_from_the_phone_writes_nothing(world, worker, changes, field):
    with pytest.raises(ServiceError) as exc:
        _submit(worker, **changes)
    assert field in exc.value.fields
    assert _counts() == (0, 0, 0)


# ---- the handlers ----------------------------------------------------------------------------


def test_a_case_moves_through_its_steps_to_an_outcome(world, worker):
    case = _submit(worker)
    services.case_step(actor=world.cadre, case_id=case.pk, stage="mediation", note="约企业面谈")
    case.refresh_from_db()
    assert case.stage == "mediation" and case.handler == world.cadre  # who moved it took it
    with pytest.raises(ServiceError) as exc:
        services.case_step(actor=world.cadre, case_id=case.pk, stage="consultation")
    assert exc.value.code == "step_backwards"
    services.case_step(actor=world.cadre, case_id=case.pk, stage="litigation")  # skips legal aid
    services.case_close(
        actor=world.cadre,
        case_id=case.pk,
        outcome="mediated",
        amount_recovered=42_000_00,
        note="企业一次性补发工资",
    )
    case.refresh_from_db()
    assert (case.status, case.outcome, case.amount_recovered) == ("closed", "mediated", 4200000)
    assert case.closed_on == date.today() or case.closed_on is not None
    assert [s.stage for s in case.steps.all()] == ["consultation", "mediation", "litigation"]
    with pytest.raises(ServiceError) as exc:
        services.case_close(actor=world.cadre, case_id=case.pk, outcome="awarded")
    assert exc.value.code == "case_closed"
    assert list(
        AuditEvent.objects.filter(target_id=str(case.pk)).values_list("action", flat=True)
    ) == ["case_close", "case_step", "case_step", "case_open"]


def test_bad_closing_changes_nothing(world):
    case = _open(world)
    before = AuditEvent.objects.count()
    for changes, field in [
        ({"outcome": "won"}, "outcome"),
        ({"outcome": "withdrawn"}, "outcome"),  # only the worker withdraws
        ({"outcome": "mediated", "amount_recovered": -5}, "amount_recovered"),
        ({"outcome": "mediated", "closed_on": date.today() + timedelta(days=2)}, "closed_on"),
        ({"outcome": "mediated", "closed_on": case.opened_on - timedelta(days=1)}, "closed_on"),
    ]:
        with pytest.raises(ServiceError) as exc:
            services.case_close(actor=world.county_staff, case_id=case.pk, **changes)
        assert field in exc.value.fields
    case.refresh_from_db()
    assert case.status == "open" and AuditEvent.objects.count() == before


def test_staff_intake_checks_its_input(world):
    for changes, field in [
        ({"channel": "online"}, "channel"),  # the worker's own channel
        ({"worker_name": ""}, "worker_name"),
        ({"opened_on": date.today() + timedelta(days=2)}, "opened_on"),
        ({"union_id": world.sibling.pk}, "union_id"),  # not the county's subtree
        ({"handler_id": world.sibling_staff.pk}, "handler_id"),
    ]:
        with pytest.raises(ServiceError) as exc:
            _open(world, **changes)
        assert field in exc.value.fields
    assert _counts() == (0, 0, 0)
    case = _open(world, opened_on=date(2022, 3, 1), handler_id=world.county_staff.pk)
    assert case.deadline == date(2022, 3, 31) and case.handler == world.county_staff


def test_once_assigned_only_the_handler_or_a_federation_above_acts(world, worker):
    case = _submit(worker)
    other_cadre = make_user("other_cadre", RoleKind.GRASSROOTS_CADRE, world.grassroots)
    services.case_assign(actor=world.county_staff, case_id=case.pk, handler_id=world.cadre.pk)
    with pytest.raises(ServiceError) as exc:
        services.case_step(actor=other_cadre, case_id=case.pk, stage="mediation")
    assert exc.value.code == "not_handler"
    services.case_step(actor=world.county_staff, case_id=case.pk, stage="mediation")  # above
    with pytest.raises(ServiceError) as exc:
        services.case_assign(
            actor=world.county_staff, case_id=case.pk, handler_id=world.sibling_staff.pk
        )
    assert "handler_id" in exc.value.fields
    with pytest.raises(Http404):  # a reader sees, does not act
        services.case_step(actor=world.city_leader, case_id=case.pk, stage="legal_aid")


def test_the_worker_withdraws_their_own_case_only(world, worker):
    case = _submit(worker)
    with pytest.raises(Http404):
        services.case_withdraw(actor=world.sibling_staff, case_id=case.pk)
    services.case_withdraw(actor=worker, case_id=case.pk)
    case.refresh_from_db()
    assert (case.status, case.outcome) == ("closed", "withdrawn")
    with pytest.raises(ServiceError):
        services.case_withdraw(actor=worker, case_id=case.pk)


def test_each_staff_read_of_the_dispute_is_logged(world, worker):
    case = _submit(worker)
    with pytest.raises(ServiceError) as exc:
        services.case_reveal(actor=world.cadre, case_id=case.pk, purpose=" ")
    assert "purpose" in exc.value.fields and not SensitiveRead.objects.exists()
    assert services.case_reveal(actor=world.cadre, case_id=case.pk, purpose="调解前核实") == DISPUTE
    read = SensitiveRead.objects.get()
    assert (read.actor, read.field, read.org_path) == (
        world.cadre,
        "description",
        world.grassroots.path,
    )
    for outsider in (world.sibling_staff, world.outsider, world.city_leader):
        with pytest.raises(Http404):
            services.case_reveal(actor=outsider, case_id=case.pk, purpose="看看")
    assert SensitiveRead.objects.count() == 1


# ---- pages and API -------------------------------------------------------------------------


def test_the_worker_follows_the_case_on_their_page(world, worker, as_user, client):
    case = _submit(worker)
    services.case_close(
        actor=world.cadre, case_id=case.pk, outcome="mediated", amount_recovered=1_234_50
    )
    page = as_user(worker).get(f"/rights/cases/{case.pk}/")
    body = page.content.decode()
    assert page.status_code == 200 and case.reference in body
    assert "¥1,234.50" in body and 'class="outcome"' in body
    assert DISPUTE in body and not SensitiveRead.objects.exists()  # their own words, no log
    mine = client.get("/rights/mine/").content.decode()
    assert f'data-id="{case.pk}"' in mine
    assert client.get("/rights/").status_code == 404  # the handlers' list is not theirs
    assert client.get("/api/v1/rights/cases").status_code == 404  # staff only, as for outsiders
    assert [c["id"] for c in client.get("/api/v1/rights/cases/mine").json()] == [case.pk]
    assert "description" not in client.get(f"/api/v1/rights/cases/{case.pk}").json()


def test_the_worker_submits_on_the_page(world, worker, as_user):
    client = as_user(worker)
    assert client.get("/rights/mine/new/").status_code == 200
    bad = client.post(
        "/rights/mine/new/", {"kind": "injury", "employer": "某厂", "description": ""}
    )
    assert bad.status_code == 400 and not RightsCase.objects.exists()
    bad = client.post(
        "/rights/mine/new/",
        {
            "kind": "injury",
            "employer": "某厂",
            "description": "工伤认定后企业不予赔付",
            "amount_claimed": "12.345",
            "workers_involved": "1",
        },
    )
    assert bad.status_code == 400 and "field-error" in bad.content.decode()
    assert not RightsCase.objects.exists()
    ok = client.post(
        "/rights/mine/new/",
        {
            "kind": "injury",
            "employer": "某厂",
            "description": "工伤认定后企业不予赔付",
            "amount_claimed": "3,000.50",
            "workers_involved": "1",
        },
    )
    case = RightsCase.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/rights/cases/{case.pk}/"
    assert case.amount_claimed == 300050 and case.union == world.grassroots


def test_a_worker_with_no_union_chooses_a_federation_on_the_page(world, as_user):
    rider = make_user("rider2")
    client = as_user(rider)
    page = client.get("/rights/mine/new/").content.decode()
    assert 'name="union_id"' in page and world.county.name in page
    ok = client.post(
        "/rights/mine/new/",
        {
            "kind": "gig_platform",
            "employer": "某网约车平台",
            "description": "平台无故封号扣押保证金",
            "workers_involved": "1",
            "union_id": str(world.city.pk),
        },
    )
    assert ok.status_code == 302 and RightsCase.objects.get().union == world.city


def test_handler_pages_act_one_url_each(world, worker, as_user):
    case = _submit(worker)
    client = as_user(world.cadre)
    page = client.get(f"/rights/cases/{case.pk}/").content.decode()
    assert DISPUTE not in page and "rights-case-step" not in page
    assert f"/rights/cases/{case.pk}/step/" in page and f"/rights/cases/{case.pk}/close/" in page
    assert client.get(f"/rights/cases/{case.pk}/step/").status_code == 405
    bad = client.post(f"/rights/cases/{case.pk}/step/", {"stage": "consultation"})
    assert bad.status_code == 400
    client.post(f"/rights/cases/{case.pk}/step/", {"stage": "mediation", "note": "约谈"})
    revealed = client.post(f"/rights/cases/{case.pk}/reveal/", {"purpose": "调解准备"})
    assert DISPUTE in revealed.content.decode() and SensitiveRead.objects.count() == 1
    bad = client.post(
        f"/rights/cases/{case.pk}/close/", {"outcome": "mediated", "amount_recovered": "-3"}
    )
    assert bad.status_code == 400
    done = client.post(
        f"/rights/cases/{case.pk}/close/", {"outcome": "awarded", "amount_recovered": "500"}
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert (case.outcome, case.amount_recovered, case.stage) == ("awarded", 50000, "mediation")
    page = client.get(f"/rights/cases/{case.pk}/").content.decode()
    assert f"/rights/cases/{case.pk}/close/" not in page  # closed: no action offered
    reader = as_user(world.city_leader).get(f"/rights/cases/{case.pk}/").content.decode()
    assert "/reveal/" not in reader and "/step/" not in reader


def test_staff_open_a_case_on_the_page(world, as_user):
    client = as_user(world.county_staff)
    assert client.get("/rights/cases/new/").status_code == 200
    ok = client.post(
        "/rights/cases/new/",
        {
            "union": str(world.county.pk),
            "channel": "walk_in",
            "kind": "social_insurance",
            "worker_name": "赵四",
            "phone": "13900000077",
            "employer": "沈阳某商贸公司",
            "description": "企业未缴纳社保",
            "amount_claimed": "",
            "workers_involved": "3",
            "opened_on": "2022-06-01",
        },
    )
    case = RightsCase.objects.get()
    assert ok.status_code == 302 and case.channel == "walk_in" and case.workers_involved == 3


def _cases_for_lists(world):
    a = _open(world, worker_name="甲", opened_on=date(2022, 1, 5), kind="wage_arrears")
    b = _open(world, worker_name="乙", opened_on=date(2022, 2, 5), union_id=world.grassroots.pk)
    c = services.case_open(
        actor=world.province_staff,
        union_id=world.sibling.pk,
        kind="injury",
        channel="referral",
        worker_name="丙",
        employer="沈河某厂",
        description="工伤",
        opened_on=date(2022, 3, 5),
    )
    services.case_close(
        actor=world.county_staff,
        case_id=b.pk,
        outcome="mediated",
        amount_recovered=900_00,
        closed_on=date(2022, 2, 20),
    )
    return a, b, c


def test_the_list_filters_sorts_and_exports_the_same_on_page_and_api(world, as_user):
    a, b, c = _cases_for_lists(world)
    client = as_user(world.county_staff)
    api = client.get("/api/v1/rights/cases?sort=opened").json()
    assert [i["id"] for i in api["items"]] == [a.pk, b.pk]  # the sibling's case is not theirs
    assert "description" not in api["items"][0] and "description_cipher" not in api["items"][0]
    assert [i["id"] for i in client.get("/api/v1/rights/cases?status=closed").json()["items"]] == [
        b.pk
    ]
    assert client.get("/api/v1/rights/cases?kind=bribery").status_code == 422
    assert client.get("/api/v1/rights/cases?sort=-recovered").json()["items"][0]["id"] == b.pk
    overdue = client.get("/api/v1/rights/cases?overdue=true").json()["items"]
    assert [i["id"] for i in overdue] == [a.pk]  # opened in 2022, still open
    page = client.get("/rights/?kind=wage_arrears").content.decode()
    assert f'data-id="{a.pk}"' in page and f'data-id="{b.pk}"' not in page
    export = client.get("/rights/?sort=opened&export=csv")
    text = b"".join(export.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert [r[0] for r in rows[1:]] == [str(a.pk), str(b.pk)]
    assert "900.00" in rows[2] and "未提前通知" not in text
    province = as_user(world.province_staff).get("/api/v1/rights/cases?limit=10").json()
    assert province["count"] == 3
    assert as_user(world.outsider).get("/api/v1/rights/cases").json()["count"] == 0


def test_the_api_opens_moves_and_closes_a_case(world, as_user):
    client = as_user(world.county_staff)
    payload = {
        "union_id": world.county.pk,
        "kind": "overtime",
        "channel": "hotline",
        "worker_name": "钱七",
        "employer": "沈阳某物流公司",
        "description": "每天加班4小时无加班费",
    }
    bad = client.post(
        "/api/v1/rights/cases", {**payload, "amount_claimed": 1.5}, content_type="application/json"
    )
    assert bad.status_code == 422 and not RightsCase.objects.exists()
    bad = client.post(
        "/api/v1/rights/cases", {**payload, "worker_name": ""}, content_type="application/json"
    )
    assert bad.status_code == 400 and bad.json()["fields"]["worker_name"]
    made = client.post("/api/v1/rights/cases", payload, content_type="application/json")
    assert made.status_code == 201
    case_id = made.json()["id"]
    moved = client.post(
        f"/api/v1/rights/cases/{case_id}/step",
        {"stage": "legal_aid"},
        content_type="application/json",
    )
    assert moved.json()["stage"] == "legal_aid"
    closed = client.post(
        f"/api/v1/rights/cases/{case_id}/close",
        {"outcome": "awarded", "amount_recovered": 3_600_00},
        content_type="application/json",
    )
    assert closed.json()["status"] == "closed" and closed.json()["amount_recovered"] == 360000
    revealed = client.post(
        f"/api/v1/rights/cases/{case_id}/reveal",
        {"purpose": "仲裁材料"},
        content_type="application/json",
    )
    assert revealed.json() == {"description": "每天加班4小时无加班费"}
    assert as_user(world.sibling_staff).get(f"/api/v1/rights/cases/{case_id}").status_code == 404


# ---- the to-do ----------------------------------------------------------------------------


def test_overdue_cases_wait_for_those_who_may_act(world, worker):
    _open(world, opened_on=date.today() - timedelta(days=40))  # dismissal: 30 days
    _open(world, opened_on=date.today() - timedelta(days=5))  # not yet due
    closed = _open(world, opened_on=date.today() - timedelta(days=40))
    services.case_close(actor=world.county_staff, case_id=closed.pk, outcome="advised")

    def count(user):
        return {w.todo.key: w.count for w in todos.waiting_for(user)}.get("rights.overdue", 0)

    assert count(world.county_staff) == 1 and count(world.province_staff) == 1
    waiting = next(
        w for w in todos.waiting_for(world.county_staff) if w.todo.key == "rights.overdue"
    )
    assert waiting.days == 10
    assert count(world.sibling_staff) == 0 and count(world.outsider) == 0
    assert count(world.city_leader) == 0  # a reader sees, does not act
    assert count(worker) == 0
