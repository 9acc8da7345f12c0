"""Aid granted above a threshold is shown for public notice (公示; issue 11 item 5): the
name masked, the union, kind, amount and dates, for a set number of days; objections are
recorded and resolved before the aid is paid."""

from datetime import timedelta

import pytest
from django.http import Http404
from django.utils import timezone

from gonghui.assistance import services
from gonghui.assistance.models import NOTICE_ABOVE, NOTICE_DAYS, PublicNotice
from gonghui.campaigns import services as money
from gonghui.core import todos
from gonghui.core.errors import ServiceError

from ..campaigns.helpers import funded_county, key
from ..factories import make_member
from .test_reviewer_signs import approve, medical, with_documents


def over(notice):
    """The notice's days have passed."""
    today = timezone.localdate()
    PublicNotice.objects.filter(pk=notice.pk).update(
        starts_on=today - timedelta(days=NOTICE_DAYS + 1), ends_on=today - timedelta(days=1)
    )


def granted(world, amount):
    membership = make_member(world.grassroots, "张小明")
    application = medical(world, world.province_staff, membership.person_id)
    with_documents(world.province_staff, application, "diagnosis", "bills")
    approve(world.cadre, application, amount=amount)
    return approve(world.county_staff, application, step=2, amount=amount)


def test_aid_at_or_below_the_threshold_is_not_posted(world):
    granted(world, NOTICE_ABOVE)
    assert not PublicNotice.objects.exists()


def test_aid_above_the_threshold_is_shown_masked_for_its_days(world, client):
    application = granted(world, NOTICE_ABOVE + 1)
    notice = PublicNotice.objects.get(application=application)
    assert notice.name_masked == "张*明" and notice.union == world.grassroots
    assert (notice.ends_on - notice.starts_on).days == NOTICE_DAYS - 1
    page = client.get("/aid/notices/").content.decode()  # public: no login
    assert "张*明" in page and "张小明" not in page and world.grassroots.name in page
    assert "医疗救助" in page or "medical" in page


def test_an_objection_holds_the_payment_until_it_is_resolved(world, client):
    application = granted(world, 300000)
    notice = PublicNotice.objects.get()
    client.force_login(world.member)
    client.post("/aid/notices/object/", {"notice": notice.pk, "text": "他家有两套住房"})
    objection = notice.objections.get()
    assert objection.status == "open" and objection.filed_by == world.member
    assert {w.todo.key: w.count for w in todos.waiting_for(world.cadre)}[
        "assistance.objections"
    ] == 1
    assert "assistance.objections" not in {w.todo.key for w in todos.waiting_for(world.auditor)}

    campaign = funded_county(world, budget=100_000_00, to_county=10_000_00)
    beneficiary = money.beneficiary_add(
        actor=world.county_staff,
        campaign_id=campaign.pk,
        payer_org_id=world.county.pk,
        application_id=application.pk,
    )

    def propose():
        return money.disbursement_propose(
            actor=world.county_staff,
            campaign_id=campaign.pk,
            beneficiary_id=beneficiary.pk,
            idempotency_key=key(),
        )

    with pytest.raises(ServiceError) as exc:  # still on notice
        propose()
    assert exc.value.code == "on_notice"
    over(notice)
    if True:  # the notice is over
        with pytest.raises(ServiceError) as exc:  # the notice is over; the objection is open
            propose()
        assert exc.value.code == "on_notice" and "异议" in str(exc.value.message)
        with pytest.raises(ServiceError):  # a reason is needed
            services.objection_resolve(
                actor=world.cadre, objection_id=objection.pk, outcome="dismissed", resolution=""
            )
        with pytest.raises(Http404):  # a reader does not resolve
            services.objection_resolve(
                actor=world.auditor, objection_id=objection.pk, outcome="dismissed", resolution="查"
            )
        services.objection_resolve(
            actor=world.cadre,
            objection_id=objection.pk,
            outcome="dismissed",
            resolution="经核实，两套住房为父母所有",
        )
        d, _ = propose()
        assert d.status == "proposed"


def test_an_upheld_objection_withdraws_the_aid(world):
    application = granted(world, 300000)
    notice = PublicNotice.objects.get()
    objection = services.objection_file(actor=world.member, notice_id=notice.pk, text="不属实")
    services.objection_resolve(
        actor=world.county_staff, objection_id=objection.pk, outcome="upheld", resolution="属实"
    )
    application.refresh_from_db()
    assert application.status == "rejected"


def test_an_objection_needs_a_notice_shown_now_and_a_text(world):
    granted(world, 300000)
    notice = PublicNotice.objects.get()
    with pytest.raises(ServiceError):
        services.objection_file(actor=world.member, notice_id=notice.pk, text="  ")
    over(notice)
    with pytest.raises(ServiceError):
        services.objection_file(actor=world.member, notice_id=notice.pk, text="晚了")
    assert not notice.objections.exists()
