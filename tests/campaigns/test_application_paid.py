"""An approved application is paid by a campaign; the applicant sees it paid; a reversal
puts it back to waiting for payment."""

from datetime import date

import pytest

from gonghui.assistance import services as aid
from gonghui.assistance.models import PublicNotice
from gonghui.campaigns import services
from gonghui.core.errors import ServiceError

from ..assistance.helpers import open_file
from ..assistance.test_applications import proof
from .helpers import funded_county, key, pay


def test_school_aid_application_paid_by_the_campaign(world, as_user):
    open_file(world, name="刘芳", user=world.member, causes=("school",))
    application = aid.application_submit(
        actor=world.member,
        kind="school",
        requested_amount=300000,
        reason="考上大学",
        consent=True,
        child_name="刘小雨",
        school_name="东北大学",
        school_year=date.today().year,
        school_level="university",
        admission_proof=proof(),
    )
    campaign = funded_county(world, budget=100_000_00, to_county=10_000_00)
    with pytest.raises(ServiceError) as exc:  # not approved yet
        services.beneficiary_add(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            payer_org_id=world.county.pk,
            application_id=application.pk,
        )
    assert exc.value.code == "not_approved"
    aid.application_decide(
        actor=world.cadre, application_id=application.pk, step=1, decision="approved", amount=300000
    )
    aid.application_decide(
        actor=world.county_staff,
        application_id=application.pk,
        step=2,
        decision="approved",
        amount=250000,
    )
    with pytest.raises(ServiceError) as exc:
        services.beneficiary_add(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            payer_org_id=world.county.pk,
            application_id=application.pk,
            amount=250001,
        )
    assert "amount" in exc.value.fields
    beneficiary = services.beneficiary_add(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        payer_org_id=world.county.pk,
        application_id=application.pk,
    )
    assert beneficiary.amount == 250000 and beneficiary.source == "application"
    # Above the threshold: shown for public notice first (tests/assistance/test_public_notice)
    with pytest.raises(ServiceError) as exc:
        pay(world, beneficiary)
    assert exc.value.code == "on_notice"
    PublicNotice.objects.filter(application=application).update(
        starts_on=date(2000, 1, 1), ends_on=date(2000, 1, 5)
    )
    paid = pay(world, beneficiary)
    application.refresh_from_db()
    assert application.status == "paid" and paid.application == application

    client = as_user(world.member)
    mine = client.get("/api/v1/aid/applications/mine").json()
    assert mine[0]["status"] == "paid"
    assert [p["amount"] for p in client.get("/api/v1/disbursements/mine").json()] == [250000]
    assert "2,500.00" in client.get("/aid/mine/").content.decode()

    services.disbursement_reverse(
        actor=world.county_staff, disbursement_id=paid.pk, reason="账户错误"
    )
    application.refresh_from_db()
    assert application.status == "approved"
    again = pay(world, beneficiary, idem=key())
    application.refresh_from_db()
    assert again.status == "paid" and application.status == "paid"
