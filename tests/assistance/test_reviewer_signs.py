"""Approvals a reviewer would sign (issue 11 item 5): the person who entered or last changed
an aid application, and whoever decided an earlier step, approve nothing of it; each kind of
aid names the documents it needs and no step passes without them."""

import pytest

from gonghui.assistance import selectors, services
from gonghui.assistance.models import ApplicationStep
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent

from ..factories import make_member, make_user
from .helpers import open_file
from .test_applications import proof


def medical(world, actor, person_id, **over):
    return services.application_submit(
        actor=actor,
        person_id=person_id,
        kind="medical",
        requested_amount=500000,
        reason="住院",
        hospital="中国医大一院",
        bills_amount=8000000,
        illness="急性白血病",
        consent=True,
        **over,
    )


def approve(actor, application, step=1, amount=300000):
    return services.application_decide(
        actor=actor, application_id=application.pk, step=step, decision="approved", amount=amount
    )


def with_documents(actor, application, *kinds):
    for kind in kinds:
        services.document_add(
            actor=actor, application_id=application.pk, kind=kind, upload=proof(f"{kind}.pdf")
        )


def test_the_cadre_who_entered_an_application_cannot_approve_it(world):
    membership = make_member(world.grassroots, "周八")
    application = medical(world, world.cadre, membership.person_id)
    second = make_user("second_cadre", "cadre", world.grassroots)
    with_documents(second, application, "diagnosis", "bills")
    events = AuditEvent.objects.count()
    with pytest.raises(ServiceError) as exc:
        approve(world.cadre, application)
    assert exc.value.code == "own_entry" and "录入" in str(exc.value.message)
    assert AuditEvent.objects.count() == events
    assert ApplicationStep.objects.get(application=application, order=1).decision == "pending"
    # The one who added the last document changed it: they do not approve it either.
    with pytest.raises(ServiceError) as exc:
        approve(second, application)
    assert exc.value.code == "own_entry"
    third = make_user("third_cadre", "cadre", world.grassroots)
    approve(third, application)
    application.refresh_from_db()
    assert application.current_step == 2


def test_whoever_decided_one_step_does_not_approve_the_next(world):
    membership = make_member(world.grassroots, "周八")
    application = medical(world, world.cadre, membership.person_id)
    both = make_user("two_hats", "cadre", world.grassroots)
    both.roles.create(kind="staff", organization=world.county)
    with_documents(world.cadre, application, "diagnosis", "bills")
    both = type(both).objects.get(pk=both.pk)  # fresh roles
    approve(both, application)
    with pytest.raises(ServiceError) as exc:
        approve(both, application, step=2)
    assert exc.value.code == "own_entry"
    approve(world.county_staff, application, step=2)


def test_medical_aid_needs_its_diagnosis_and_bills_at_every_step(world):
    membership = make_member(world.grassroots, "周八")
    application = medical(world, world.county_staff, membership.person_id)
    with pytest.raises(ServiceError) as exc:
        approve(world.cadre, application)
    assert exc.value.code == "no_proof"
    message = str(exc.value.message)
    assert "诊断" in message and "医疗费用票据" in message or "票据" in message
    assert ApplicationStep.objects.get(application=application, order=1).decision == "pending"
    with_documents(world.county_staff, application, "diagnosis")
    with pytest.raises(ServiceError) as exc:  # the bills still missing
        approve(world.cadre, application)
    assert "诊断" not in str(exc.value.message)
    with_documents(world.county_staff, application, "bills")
    approve(world.cadre, application)


def test_an_income_proof_on_the_needy_worker_file_serves_living_relief(world):
    file = open_file(world, name="刘芳", user=world.member)
    application = services.application_submit(
        actor=world.member, kind="living", requested_amount=100000, reason="失业", consent=True
    )
    with pytest.raises(ServiceError):
        approve(world.cadre, application, amount=100000)
    services.document_add(
        actor=world.province_staff, file_id=file.pk, kind="income", upload=proof("收入.pdf")
    )
    approve(world.cadre, application, amount=100000)


def test_what_waits_for_a_reviewer_leaves_out_what_they_entered(world):
    membership = make_member(world.grassroots, "周八")
    medical(world, world.cadre, membership.person_id)
    assert selectors.pending_count(actor=world.cadre) == 0
    other = make_user("second_cadre", "cadre", world.grassroots)
    assert selectors.pending_count(actor=other) == 1


def test_the_page_tells_the_enterer_why_there_is_no_approve_button(world, client):
    membership = make_member(world.grassroots, "周八")
    application = medical(world, world.cadre, membership.person_id)
    with_documents(world.cadre, application, "diagnosis", "bills")
    client.force_login(world.cadre)
    page = client.get(f"/aid/applications/{application.pk}/").content.decode()
    assert 'value="approved"' not in page and 'class="msg warning own-part"' in page
    assert 'value="rejected"' in page
