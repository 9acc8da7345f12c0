"""Labour-dispute mediation and legal-service events: a case goes to a centre and the
worker sees it; a mediation ends in an agreement, no agreement or a referral; its figures
equal the rows; bad input gets a clear error and changes nothing."""

from datetime import date, timedelta

import pytest
from django.http import Http404

from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.reports import summary
from gonghui.rights import services, services_mediation
from gonghui.rights.models import LegalEvent, Mediation, MediationCentre, MediationSession
from tests.rights.dates import days_from_today, on_the_day

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


@pytest.fixture
def centre(world):
    return services_mediation.centre_create(
        actor=world.county_staff,
        union_id=world.county.pk,
        name="和平区总工会劳动争议调解中心",
        kind="union",
        established_on=date(2019, 3, 1),
    )


def _case(world, **changes):
    fields = {
        "union_id": world.grassroots.pk,
        "kind": "wage_arrears",
        "channel": "hotline",
        "worker_name": "王小明",
        "employer": "沈阳华晨机械有限公司",
        "description": "拖欠三个月工资",
        "amount_claimed": 42_000_00,
        "workers_involved": 6,
    }
    fields.update(changes)
    return services.case_open(actor=world.county_staff, **fields)


def _mediation(world, centre, actor=None, **changes):
    fields = {
        "worker_name": "李娜",
        "employer": "某网约车平台辽宁分公司",
        "kind": "gig_platform",
        "amount_claimed": 3_000_00,
    }
    fields.update(changes)
    return services_mediation.mediation_open(
        actor=actor or world.county_staff, centre_id=centre.pk, **fields
    )


def _counts():
    return (
        Mediation.objects.count(),
        MediationSession.objects.count(),
        MediationCentre.objects.count(),
        LegalEvent.objects.count(),
        AuditEvent.objects.count(),
    )


def test_a_case_goes_to_mediation_and_ends_in_an_agreement(world, centre):
    mediator = services_mediation.mediator_add(
        actor=world.county_staff, centre_id=centre.pk, name="王建国", kind="full_time"
    )
    case = _case(world)
    m = services_mediation.mediation_open(
        actor=world.county_staff, centre_id=centre.pk, case_id=case.pk, mediator_id=mediator.pk
    )
    assert (m.worker_name, m.employer, m.amount_claimed) == ("王小明", case.employer, 42_000_00)
    assert m.due_on == m.received_on + timedelta(days=15)
    case.refresh_from_db()
    assert case.stage == "mediation"  # the worker sees the step on their page
    assert case.steps.last().note == "转和平区总工会劳动争议调解中心调解"
    services_mediation.mediation_session(
        actor=world.county_staff, mediation_id=m.pk, note="召集双方面对面调解"
    )
    m = services_mediation.mediation_close(
        actor=world.county_staff,
        mediation_id=m.pk,
        status="agreed",
        amount_agreed=40_000_00,
        note="企业春节前补发工资",
    )
    assert (m.status, m.amount_agreed, m.closed_on) == ("agreed", 40_000_00, date.today())
    with pytest.raises(ServiceError) as err:
        services_mediation.mediation_session(actor=world.county_staff, mediation_id=m.pk)
    assert err.value.code == "mediation_closed"


def test_a_referral_names_where_and_only_an_agreement_has_an_amount(world, centre):
    m = _mediation(world, centre)
    before = _counts()
    for changes, field in [
        ({"status": "referred"}, "referred_to"),
        ({"status": "failed", "amount_agreed": 100}, "amount_agreed"),
        ({"status": "agreed", "referred_to": "court"}, "referred_to"),
        ({"status": "open"}, "status"),
        ({"status": "agreed", "amount_agreed": -1}, "amount_agreed"),
        ({"status": "agreed", "closed_on": date.today() + timedelta(days=2)}, "closed_on"),
        ({"status": "agreed", "closed_on": date(2000, 1, 1)}, "closed_on"),
    ]:
        with pytest.raises(ServiceError) as err:
            services_mediation.mediation_close(
                actor=world.county_staff, mediation_id=m.pk, **changes
            )
        assert field in err.value.fields, changes
        assert str(err.value.message)
    assert _counts() == before
    m = services_mediation.mediation_close(
        actor=world.county_staff, mediation_id=m.pk, status="referred", referred_to="arbitration"
    )
    assert m.get_referred_to_display() == "劳动人事争议仲裁"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"worker_name": " "}, "worker_name"),
        ({"employer": ""}, "employer"),
        ({"kind": "fraud"}, "kind"),
        ({"workers_involved": 0}, "workers_involved"),
        ({"amount_claimed": -5}, "amount_claimed"),
        ({"amount_claimed": 1.5}, "amount_claimed"),
        ({"received_on": days_from_today(2)}, "received_on"),
        ({"mediator_id": 999_999}, "mediator_id"),
    ],
)
def test_bad_mediation_input_writes_nothing(world, centre, changes, field):
    changes = on_the_day(changes)
    before = _counts()
    with pytest.raises(ServiceError) as err:
        _mediation(world, centre, **changes)
    assert field in err.value.fields
    assert _counts() == before


def test_centres_are_kept_by_the_union_that_writes_there(world, centre):
    with pytest.raises(ServiceError) as err:
        services_mediation.centre_create(
            actor=world.province_staff,
            union_id=world.province.pk,
            name="辽宁省网约车行业协会劳动争议调解中心",
            kind="industry",
        )
    assert "partner" in err.value.fields  # an industry centre names its association
    with pytest.raises(ServiceError):
        services_mediation.centre_create(
            actor=world.sibling_staff, union_id=world.county.pk, name="某中心", kind="union"
        )
    with pytest.raises(Http404):  # a centre outside the actor's subtree
        _mediation(world, centre, actor=world.sibling_staff)
    centre.is_active = False
    centre.save()
    with pytest.raises(ServiceError) as err:
        _mediation(world, centre)
    assert err.value.code == "centre_inactive"


def test_a_closed_case_goes_to_no_mediation(world, centre):
    case = _case(world)
    services.case_close(actor=world.county_staff, case_id=case.pk, outcome="advised")
    with pytest.raises(ServiceError) as err:
        services_mediation.mediation_open(
            actor=world.county_staff, centre_id=centre.pk, case_id=case.pk
        )
    assert err.value.code == "case_closed"
    assert not Mediation.objects.exists()


def test_overdue_mediations_wait_for_those_who_may_act(world, centre):
    _mediation(world, centre, received_on=date.today() - timedelta(days=20))
    _mediation(world, centre, received_on=date.today() - timedelta(days=3))

    def count(user):
        waiting = {w.todo.key: w.count for w in todos.waiting_for(user)}
        return waiting.get("rights.mediation_overdue", 0)

    assert count(world.county_staff) == 1 and count(world.province_staff) == 1
    assert count(world.sibling_staff) == 0 and count(world.city_leader) == 0


def _event(world, **changes):
    fields = {
        "union_id": world.county.pk,
        "campaign": "zunfa",
        "kind": "on_site",
        "audience": "migrant",
        "title": "“尊法守法·携手筑梦”公益法律服务进工地",
        "held_on": date(2022, 5, 1),
        "attendance": 600,
        "lawyers": 4,
        "consultations": 80,
        "cases_taken": 2,
    }
    fields.update(changes)
    return services_mediation.legal_event_create(actor=world.county_staff, **fields)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"title": ""}, "title"),
        ({"campaign": "other"}, "campaign"),
        ({"audience": "everyone"}, "audience"),
        ({"attendance": -1}, "attendance"),
        ({"consultations": 601}, "consultations"),
        ({"cases_taken": 81}, "consultations"),
        ({"held_on": "2022-05-01"}, "held_on"),
        ({"union_id": 999_999}, "union_id"),
    ],
)
def test_bad_legal_event_input_writes_nothing(world, changes, field):
    before = _counts()
    with pytest.raises(ServiceError) as err:
        _event(world, **changes)
    assert field in err.value.fields
    assert _counts() == before


@pytest.fixture
def year(world, centre):
    industry = services_mediation.centre_create(
        actor=world.province_staff,
        union_id=world.province.pk,
        name="辽宁省网约车行业协会劳动争议调解中心",
        kind="industry",
        partner="辽宁省网约车行业协会",
        established_on=date(2022, 6, 28),
    )
    close = services_mediation.mediation_close
    a = _mediation(world, centre, received_on=date(2022, 3, 1), workers_involved=3)
    close(
        actor=world.county_staff,
        mediation_id=a.pk,
        status="agreed",
        amount_agreed=12_000_00,
        closed_on=date(2022, 3, 9),
    )
    b = _mediation(world, industry, actor=world.province_staff, received_on=date(2022, 7, 1))
    close(
        actor=world.province_staff, mediation_id=b.pk, status="failed", closed_on=date(2022, 7, 9)
    )
    c = _mediation(world, centre, received_on=date(2022, 8, 1))
    close(
        actor=world.county_staff,
        mediation_id=c.pk,
        status="agreed",
        amount_agreed=3_000_00,
        closed_on=date(2022, 8, 2),
    )
    _mediation(world, centre, received_on=date(2022, 12, 30))  # still under way
    _event(world)
    _event(world, attendance=400, consultations=30, cases_taken=0, lawyers=2)
    _event(world, campaign="", audience="all", attendance=100, consultations=0, cases_taken=0)
    _event(world, held_on=date(2021, 5, 1))
    return world


def test_mediation_and_legal_figures_equal_the_rows(year):
    def value(key, org=year.province):
        return REGISTRY[key].value(org.path, YEAR)

    assert value("rights.mediation_centres_new") == 1  # the county's was set up in 2019
    assert value("rights.mediation_centres_new.by_kind.industry") == 1
    assert value("rights.mediations") == 4 and value("rights.mediations_workers") == 6
    assert value("rights.mediations_closed") == 3
    assert value("rights.mediations_closed.by_status.agreed") == 2
    assert value("rights.mediation_amount_agreed") == 15_000_00
    assert value("rights.mediations", year.county) == 3  # the industry centre is the province's
    assert value("rights.mediations", year.sibling) == 0
    assert value("rights.legal_events") == 3 and value("rights.legal_events_reached") == 1100
    assert value("rights.legal_events.campaign.zunfa") == 2
    assert value("rights.legal_events_reached.campaign.zunfa") == 1000
    assert value("rights.legal_consultations") == 110 and value("rights.legal_lawyers") == 10
    rows = REGISTRY["rights.mediations_closed.by_status.agreed"].records(year.province.path, YEAR)
    assert sorted(m.amount_agreed for m in rows) == [3_000_00, 12_000_00]  # the drill-down


def _sentences(content, order):
    return [
        s["text"]
        for sec in content["sections"]
        for p in sec["paragraphs"]
        for s in p["sentences"]
        if any(k.startswith(order) for k in s["figures"])
    ]


def test_the_summary_writes_mediation_and_legal_services_in_three_languages(year):
    def compose(lang):
        return summary.summary_compose(
            actor=year.province_staff, org_id=year.province.pk, year=2022, lang=lang
        )

    zh = compose("zh-hans")
    assert _sentences(zh, "rights.mediation") == [
        "推动组建劳动争议调解组织1个，其中行业性劳动争议调解中心1个，"
        "工会调解组织调结劳动争议3件，达成调解协议2件，调解成功率66.7%，协议金额1.5万元，"
        "促进劳动争议多元化化解。"
    ]
    assert _sentences(zh, "rights.legal_events") == [
        "开展“尊法守法·携手筑梦”服务农民工公益法律服务行动，组织活动2场次，惠及农民工1000人。"
    ]
    assert _sentences(zh, "rights.legal_consultations") == [
        "律师现场提供法律咨询110人次，参与律师10人次。"
    ]
    hant = compose("zh-hant")
    assert "尊法守法·攜手築夢" in "".join(_sentences(hant, "rights.legal_events"))
    en = " ".join(_sentences(compose("en"), "rights.mediation"))
    assert "concluded 3 mediations, 2 with an agreement (a success rate of 66.7%)" in en
    assert "set up 1 labour-dispute mediation centre (an industry centre)" in en


def test_pages_list_filter_export_and_act(year, as_user):
    client = as_user(year.county_staff)
    page = client.get("/rights/mediations/?status=agreed")
    assert page.status_code == 200 and page.content.decode().count("data-id=") == 2
    export = client.get("/rights/mediations/?export=csv")
    csv = b"".join(export.streaming_content).decode()
    assert "某网约车平台辽宁分公司" in csv and "12000.00" in csv.replace(",", "")
    m = Mediation.objects.filter(status="open").get()
    response = client.post(
        f"/rights/mediations/{m.pk}/close/", {"status": "referred", "referred_to": ""}
    )
    assert response.status_code == 400 and "referred" not in Mediation.objects.get(pk=m.pk).status
    response = client.post(
        f"/rights/mediations/{m.pk}/close/",
        {"status": "agreed", "amount_agreed": "2,500", "closed_on": date.today().isoformat()},
    )
    assert response.status_code == 302
    assert Mediation.objects.get(pk=m.pk).amount_agreed == 2_500_00
    assert client.get("/rights/legal/?campaign=zunfa").content.decode().count("data-id=") == 3
    assert client.get("/rights/centres/").status_code == 200


def test_the_api_takes_a_case_to_mediation(world, centre, as_user):
    case = _case(world)
    client = as_user(world.county_staff)
    response = client.post(
        "/api/v1/rights/mediations",
        {"centre_id": centre.pk, "case_id": case.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["case_id"] == case.pk and body["employer"] == case.employer
    response = client.post(
        f"/api/v1/rights/mediations/{body['id']}/close",
        {"status": "agreed", "amount_agreed": 1.5},
        content_type="application/json",
    )
    assert response.status_code == 422  # fen are whole numbers
    listed = client.get("/api/v1/rights/mediations?from_case=true").json()
    assert [m["id"] for m in listed["items"]] == [body["id"]]
