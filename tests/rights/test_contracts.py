"""Collective consultation: a county federation's 集中要约 campaign sends offers, records
the answers, and the contracts signed from them are filed and renewed before they expire
(a to-do); bad input changes nothing; figures, the summary's sentences, the API and the
pages come from the rows."""

from datetime import date, timedelta

import pytest

from gonghui.core import todos
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.models import AuditEvent
from gonghui.reports import summary
from gonghui.rights import services_contracts as sc
from gonghui.rights.models import CollectiveContract, CollectiveOffer, OfferCampaign
from tests.factories import EnterpriseFactory
from tests.rights.dates import days_from_today, on_the_day

YEAR = Period(date(2022, 1, 1), date(2022, 12, 31))


def _campaign(world, year=2022, **changes):
    fields = {"union_id": world.county.pk, "year": year, "started_on": date(year, 3, 1)}
    fields.update(changes)
    return sc.campaign_create(actor=world.county_staff, **fields)


def _contract(world, actor=None, **changes):
    fields = {
        "union_id": world.grassroots.pk,
        "level": "enterprise",
        "kind": "wage",
        "enterprise_id": world.enterprise.pk,
        "title": "华晨机械工资专项集体合同",
        "workers_covered": 100,
        "signed_on": date(2022, 5, 1),
        "expires_on": date(2023, 4, 30),
    }
    fields.update(changes)
    return sc.contract_create(actor=actor or world.county_staff, **fields)


def test_an_offer_is_answered_and_leads_to_a_contract(world):
    campaign = _campaign(world)
    assert campaign.title == "2022 collective offer campaign (集中要约)" or "2022" in campaign.title
    offer = sc.offer_send(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        enterprise_id=world.enterprise.pk,
        kind="wage",
        sent_on=date(2022, 3, 10),
    )
    assert offer.reply_due == date(2022, 3, 30) and offer.response == "awaiting"
    # A contract waits for the enterprise's acceptance.
    with pytest.raises(ServiceError) as err:
        _contract(world, offer_id=offer.pk)
    assert err.value.code == "offer_not_accepted"
    sc.offer_answer(
        actor=world.county_staff,
        offer_id=offer.pk,
        response="accepted",
        responded_on=date(2022, 3, 20),
    )
    # Accepted moves on to negotiating; nothing else changes a recorded answer.
    sc.offer_answer(
        actor=world.county_staff, offer_id=offer.pk, response="negotiating", note="首轮协商"
    )
    with pytest.raises(ServiceError) as err:
        sc.offer_answer(actor=world.county_staff, offer_id=offer.pk, response="refused")
    assert err.value.code == "offer_answered"
    contract = _contract(world, offer_id=offer.pk)
    assert contract.offer == offer and contract.employer_party == world.enterprise.name
    assert contract.effective_on == contract.signed_on and contract.filing == "not_filed"
    with pytest.raises(ServiceError) as err:
        _contract(world, offer_id=offer.pk)
    assert err.value.code == "offer_used"
    contract = sc.contract_filing(
        actor=world.county_staff, contract_id=contract.pk, filing="filed", on=date(2022, 5, 20)
    )
    assert (contract.filing, contract.filed_on) == ("filed", date(2022, 5, 20))
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"offer_send", "offer_answer", "contract_create", "contract_filing"} <= actions


def test_no_answer_is_recorded_only_after_twenty_days(world):
    campaign = _campaign(world)
    offer = sc.offer_send(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        enterprise_id=world.enterprise.pk,
        kind="comprehensive",
        sent_on=date(2022, 4, 1),
    )
    with pytest.raises(ServiceError) as err:
        sc.offer_answer(
            actor=world.county_staff,
            offer_id=offer.pk,
            response="no_answer",
            responded_on=date(2022, 4, 15),
        )
    assert list(err.value.fields) == ["response"]
    offer = sc.offer_answer(
        actor=world.county_staff,
        offer_id=offer.pk,
        response="no_answer",
        responded_on=date(2022, 4, 22),
    )
    assert offer.response == "no_answer"


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"expires_on": date(2022, 4, 1)}, "expires_on"),  # expiry before signing
        ({"effective_on": date(2022, 4, 1)}, "effective_on"),  # in force before signing
        ({"expires_on": date(2025, 6, 1)}, "expires_on"),  # longer than three years
        ({"workers_covered": -5}, "workers_covered"),
        ({"workers_covered": 0}, "workers_covered"),
        ({"workers_covered": 121}, "workers_covered"),  # the enterprise employs 120
        ({"kind": "pension"}, "kind"),
        ({"level": "world"}, "level"),
        ({"title": " "}, "title"),
        ({"enterprise_id": None}, "enterprise_id"),
        ({"level": "industry", "employer_party": ""}, "employer_party"),
        (
            {"level": "industry", "employer_party": "餐饮协会", "enterprises_covered": 0},
            "enterprises_covered",
        ),
        ({"signed_on": days_from_today(2)}, "signed_on"),
        ({"expires_on": None}, "expires_on"),
        ({"union_id": 999_999}, "union_id"),
    ],
)
def test_bad_contracts_write_nothing(world, changes, field):
    changes = on_the_day(changes)
    before = (CollectiveContract.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as err:
        _contract(world, **changes)
    assert field in err.value.fields
    assert (CollectiveContract.objects.count(), AuditEvent.objects.count()) == before


def test_an_industry_contract_names_its_employer_side(world):
    contract = _contract(
        world,
        union_id=world.county.pk,
        level="industry",
        enterprise_id=None,
        employer_party="和平区餐饮行业协会",
        enterprises_covered=40,
        workers_covered=3000,  # no single enterprise's workforce limits it
        kind="wage",
    )
    assert contract.enterprise is None and contract.enterprises_covered == 40


def test_a_duplicate_offer_or_campaign_is_refused(world):
    campaign = _campaign(world)
    fields = {
        "campaign_id": campaign.pk,
        "enterprise_id": world.enterprise.pk,
        "kind": "wage",
        "sent_on": date(2022, 3, 10),
    }
    sc.offer_send(actor=world.county_staff, **fields)
    before = (CollectiveOffer.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as err:
        sc.offer_send(actor=world.county_staff, **fields)
    assert err.value.code == "offer_duplicate"
    with pytest.raises(ServiceError) as err:
        sc.offer_send(actor=world.county_staff, **(fields | {"sent_on": date(2022, 2, 1)}))
    assert list(err.value.fields) == ["sent_on"]  # before the campaign started
    assert (CollectiveOffer.objects.count(), AuditEvent.objects.count()) == before
    # The same enterprise may get another kind of offer.
    sc.offer_send(actor=world.county_staff, **(fields | {"kind": "women"}))
    with pytest.raises(ServiceError) as err:
        _campaign(world)
    assert err.value.code == "offer_campaign_duplicate"
    assert OfferCampaign.objects.count() == 1


def test_a_sibling_county_cannot_send_in_another_campaign(world):
    campaign = _campaign(world)
    with pytest.raises(Exception) as err:
        sc.offer_send(
            actor=world.sibling_staff,
            campaign_id=campaign.pk,
            enterprise_id=world.enterprise.pk,
            kind="wage",
        )
    assert err.type.__name__ in ("Http404", "PermissionDenied")
    assert CollectiveOffer.objects.count() == 0


def test_renewal_is_a_todo_before_expiry_until_renewed(world):
    today = date.today()
    due = _contract(
        world, signed_on=today - timedelta(days=300), expires_on=today + timedelta(days=60)
    )
    _contract(  # expires in 200 days: not yet
        world,
        kind="women",
        signed_on=today - timedelta(days=100),
        expires_on=today + timedelta(days=200),
    )

    def count(user):
        return {w.todo.key: w for w in todos.waiting_for(user)}.get("rights.contract_renewal")

    waiting = count(world.county_staff)
    assert waiting.count == 1 and waiting.days == 30  # waiting since 90 days before expiry
    assert count(world.province_staff).count == 1
    assert count(world.sibling_staff) is None
    renewal = _contract(
        world,
        signed_on=today,
        expires_on=today + timedelta(days=365 * 2),
        replaces_id=due.pk,
    )
    assert renewal.replaces == due and count(world.county_staff) is None
    with pytest.raises(ServiceError) as err:
        _contract(world, signed_on=today, expires_on=today + timedelta(days=30), replaces_id=due.pk)
    assert err.value.code == "contract_renewed"


def test_an_unanswered_offer_past_its_days_is_a_todo(world):
    today = date.today()
    campaign = _campaign(world, year=today.year, started_on=today - timedelta(days=40))
    sc.offer_send(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        enterprise_id=world.enterprise.pk,
        kind="wage",
        sent_on=today - timedelta(days=30),
    )
    waiting = {w.todo.key: w.count for w in todos.waiting_for(world.county_staff)}
    assert waiting.get("rights.offer_unanswered") == 1


def _year_of_contracts(world):
    campaign = _campaign(world)
    other = EnterpriseFactory(name="沈阳南湖食品有限公司", keeper=world.township, employees=0)
    answers = [("accepted", world.enterprise), ("refused", other), (None, world.enterprise)]
    for (response, enterprise), kind in zip(answers, ["wage", "wage", "women"], strict=True):
        offer = sc.offer_send(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            enterprise_id=enterprise.pk,
            kind=kind,
            sent_on=date(2022, 3, 10),
        )
        if response:
            sc.offer_answer(
                actor=world.county_staff,
                offer_id=offer.pk,
                response=response,
                responded_on=date(2022, 3, 15),
            )
    _contract(world, workers_covered=100)  # wage, in force at the end of 2022
    _contract(
        world,
        kind="women",
        workers_covered=40,
        signed_on=date(2022, 8, 1),
        expires_on=date(2022, 12, 1),
    )  # expired before the year's end
    _contract(
        world,
        kind="comprehensive",
        workers_covered=110,
        signed_on=date(2021, 1, 1),
        expires_on=date(2023, 12, 31),
    )  # signed the year before, still in force


def test_figures_and_the_summary_sentences(world):
    _year_of_contracts(world)
    path = world.province.path
    value = {k: REGISTRY[k].value(path, YEAR) for k in REGISTRY if k.startswith("rights.")}
    assert value["rights.contracts_in_force"] == 2
    assert value["rights.contracts_workers"] == 210
    assert value["rights.contracts_in_force.by_kind.wage"] == 1
    assert value["rights.contracts_workers.by_kind.wage"] == 100
    assert value["rights.contracts_signed"] == 2
    assert value["rights.contracts_signed_workers"] == 140
    assert value["rights.offers"] == 3 and value["rights.offers_answered"] == 2
    assert value["rights.offer_response_rate"] == 666  # per mille
    assert REGISTRY["rights.contracts_in_force"].value(world.sibling.path, YEAR) == 0
    rows = REGISTRY["rights.contracts_in_force"].records(path, YEAR)
    assert sorted(c.kind for c in rows) == ["comprehensive", "wage"]  # the drill-down
    texts = {}
    for lang in ("zh-hans", "en", "zh-hant"):
        content = summary.summary_compose(
            actor=world.province_staff, org_id=world.province.pk, year=2022, lang=lang
        )
        texts[lang] = [
            s["text"]
            for sec in content["sections"]
            for p in sec["paragraphs"]
            for s in p["sentences"]
            if any(f.startswith(("rights.offers", "rights.contracts")) for f in s["figures"])
        ]
    zh = texts["zh-hans"]
    assert zh[0].endswith(
        "深化和谐劳动关系创建示范活动，开展“集中要约”行动，向企业发出集体协商要约3份，"
        "收到书面回应2份，要约回应率66.7%。"
    )
    assert (
        zh[1]
        == "全年签订集体合同2份，其中工资专项集体合同1份、女职工权益保护专项集体合同1份，覆盖职工140人。"
    )
    assert zh[2] == "期末有效集体合同2份，覆盖职工210人，集体协商制度建设扎实推进。"
    assert "response rate of 66.7%" in texts["en"][0]
    assert "covering 210 workers" in texts["en"][2]
    assert "簽訂集體合同2份" in texts["zh-hant"][1]


def test_pages_and_api(world, as_user):
    _year_of_contracts(world)
    client = as_user(world.county_staff)
    page = client.get("/rights/contracts/?kind=wage").content.decode()
    assert page.count("data-id=") == 1 and "华晨机械工资专项集体合同" in page
    export = client.get("/rights/contracts/?export=csv")
    csv = b"".join(export.streaming_content).decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 1 + 3
    contract = CollectiveContract.objects.get(kind="wage")
    assert client.get(f"/rights/contracts/{contract.pk}/").status_code == 200
    assert (
        client.post(f"/rights/contracts/{contract.pk}/filing/", {"filing": "x"}).status_code == 400
    )
    response = client.post(f"/rights/contracts/{contract.pk}/filing/", {"filing": "submitted"})
    assert response.status_code == 302
    assert CollectiveContract.objects.get(pk=contract.pk).filing == "submitted"
    offers = client.get("/rights/offers/?response=refused").content.decode()
    assert offers.count("data-id=") == 1 and "沈阳南湖食品有限公司" in offers
    assert "66%" in client.get("/rights/campaigns/").content.decode()
    # A bad form changes nothing and says what to enter.
    before = CollectiveContract.objects.count()
    response = client.post(
        "/rights/contracts/new/",
        {
            "union": world.grassroots.pk,
            "level": "enterprise",
            "kind": "safety",
            "enterprise": world.enterprise.pk,
            "title": "安全合同",
            "workers_covered": "500",
            "signed_on": "2022-06-01",
            "expires_on": "2023-05-31",
        },
    )
    assert response.status_code == 400 and "120" in response.content.decode()
    assert CollectiveContract.objects.count() == before
    listed = client.get("/api/v1/rights/contracts?in_force_only=false&sort=expires").json()
    assert listed["count"] == 3
    response = client.post(
        "/api/v1/rights/contracts",
        {
            "union_id": world.county.pk,
            "level": "regional",
            "kind": "comprehensive",
            "title": "南湖街道区域性集体合同",
            "employer_party": "南湖街道企业联合会",
            "enterprises_covered": 25,
            "workers_covered": 1800,
            "signed_on": "2022-09-01",
            "expires_on": "2022-08-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and CollectiveContract.objects.count() == before
    offer = CollectiveOffer.objects.filter(response="awaiting").get()
    response = client.post(
        f"/api/v1/rights/offers/{offer.pk}/answer",
        {"response": "negotiating", "responded_on": "2022-03-20"},
        content_type="application/json",
    )
    assert response.status_code == 200 and response.json()["response"] == "negotiating"
    assert as_user(world.member).get("/api/v1/rights/contracts").status_code in (401, 403, 404)


def test_the_case_list_api_pages_by_key(world, as_user):
    from gonghui.rights.services import case_open

    for n in range(3):
        case_open(
            actor=world.county_staff,
            union_id=world.county.pk,
            kind="wage_arrears",
            channel="hotline",
            worker_name=f"职工{n}",
            employer="某公司",
            description="欠薪",
        )
    client = as_user(world.county_staff)
    first = client.get("/api/v1/rights/cases?after=0&limit=2").json()
    assert first["count"] is None and len(first["items"]) == 2 and first["next"]
    second = client.get(f"/api/v1/rights/cases?after={first['next']}&limit=2").json()
    assert len(second["items"]) == 1 and second["next"] is None
    assert client.get("/api/v1/rights/cases").json()["count"] == 3


@pytest.mark.one_db
def test_the_demo_builds_a_year_of_collective_consultation(world):
    from gonghui.rights import demo_contracts

    EnterpriseFactory(name="沈阳和平电子有限公司", keeper=world.county, employees=300)
    counts = demo_contracts.build("small", 2022, [world.county], world.county_staff)
    again = {
        "offers": list(
            CollectiveOffer.objects.order_by("pk").values_list("enterprise", "kind", "response")
        )
    }
    assert counts["collective offer campaigns"] == 1 and counts["collective offers"] >= 2
    assert REGISTRY["rights.contracts_in_force"].value(world.province.path, YEAR) >= 2
    assert again["offers"]  # deterministic: the seed's stream alone decides the rows
