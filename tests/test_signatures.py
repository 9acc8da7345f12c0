"""Names where people read names (issue 11 item 8): audit logs, payment and approval
records show the person's real name and organization, not the user name."""

import csv
import io

from django.contrib import admin

from gonghui.assistance import services as aid
from gonghui.campaigns import services
from gonghui.core.models import AuditEvent
from gonghui.members import services as member_services

from .assistance.test_reviewer_signs import medical, with_documents
from .campaigns.helpers import funded_county, key, listed
from .factories import make_join_request, make_member, make_user


def named(user, last, first):
    user.last_name, user.first_name = last, first
    user.save()
    return type(user).objects.get(pk=user.pk)


def test_a_signature_is_the_real_name_and_organization(world):
    cadre = named(world.cadre, "王", "秀兰")
    assert cadre.signature == "王秀兰（沈阳华晨机械有限公司工会委员会）"
    nameless = make_user("li_clerk", "staff", world.county)
    nameless.last_name = nameless.first_name = ""
    nameless.save()
    assert type(nameless).objects.get(pk=nameless.pk).signature == "li_clerk（和平区总工会）"
    assert named(world.member, "刘", "芳").signature == "刘芳"  # a member acts for no union


def test_payment_records_name_maker_and_checker(world, client):
    maker = named(world.county_staff, "赵", "敏")
    checker = named(world.province_staff, "孙", "立")
    campaign = funded_county(world)
    beneficiary = listed(world, campaign)
    d, _ = services.disbursement_propose(
        actor=maker, campaign_id=campaign.pk, beneficiary_id=beneficiary.pk, idempotency_key=key()
    )
    services.disbursement_approve(actor=checker, disbursement_id=d.pk)
    client.force_login(checker)
    page = client.get(f"/campaigns/{campaign.pk}/payments/").content.decode()
    assert "赵敏（和平区总工会）" in page and "孙立（辽宁省总工会）" in page
    assert "county_staff" not in page and "province_staff" not in page
    export = client.get(f"/campaigns/{campaign.pk}/payments/?export=csv")
    body = b"".join(export.streaming_content) if export.streaming else export.content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert "赵敏（和平区总工会）" in rows[1] and "孙立（辽宁省总工会）" in rows[1]
    item = client.get(f"/api/v1/disbursements/{d.pk}").json()
    assert item["maker_name"] == "赵敏（和平区总工会）" and item["maker"] == "county_staff"


def test_approval_records_name_the_deciders(world, client):
    membership = make_member(world.grassroots, "周八")
    application = medical(world, world.county_staff, membership.person_id)
    with_documents(world.county_staff, application, "diagnosis", "bills")
    cadre = named(world.cadre, "王", "秀兰")
    aid.application_decide(
        actor=cadre, application_id=application.pk, step=1, decision="approved", amount=1000
    )
    client.force_login(world.province_staff)
    page = client.get(f"/aid/applications/{application.pk}/").content.decode()
    assert "王秀兰（沈阳华晨机械有限公司工会委员会）" in page
    assert "张伟（和平区总工会）" in page  # entered by the county's staff

    join = make_join_request(world.grassroots)
    member_services.join_reject(actor=cadre, join_id=join.pk, reason="信息不全")
    page = client.get("/members/requests/?status=rejected").content.decode()
    assert "王秀兰（沈阳华晨机械有限公司工会委员会）" in page


def test_the_audit_log_names_the_person_and_organization(world):
    cadre = named(world.cadre, "王", "秀兰")
    join = make_join_request(world.grassroots)
    member_services.join_reject(actor=cadre, join_id=join.pk, reason="信息不全")
    event = AuditEvent.objects.get(action="join_rejected")
    who = admin.site._registry[AuditEvent].who(event)
    assert who.startswith("王秀兰（沈阳华晨机械有限公司工会委员会）") and "cadre" in who
