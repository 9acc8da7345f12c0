"""Aid applications: the member applies on the phone or a cadre for them; each step of
the chain is decided by its own union, in order; the applicant sees only their own."""

import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from gonghui.assistance import selectors, services
from gonghui.assistance.models import AidApplication, ApplicationStep, Consent
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent, SensitiveRead

from ..factories import OrgKind, make_member, make_org, make_user
from .helpers import open_file

PDF = b"%PDF-1.4 admission notice\n%%EOF"


def proof(name="录取通知书.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def applicant(world):
    """The world's member persona, a member of the grassroots union with a file."""
    return open_file(world, name="刘芳", user=world.member)


def school(world, **over):
    args = {
        "actor": world.member,
        "kind": "school",
        "requested_amount": 300000,
        "reason": "女儿考上大学，家庭因病致困",
        "consent": True,
        "child_name": "刘小雨",
        "school_name": "东北大学",
        "school_year": date.today().year,
        "school_level": "university",
        "admission_proof": proof(),
        **over,
    }
    return services.application_submit(**args)


def test_member_applies_and_the_chain_decides_step_by_step(world, applicant):
    application = school(world)
    assert application.file == applicant and application.union == world.grassroots
    steps = list(application.steps.order_by("order"))
    assert [(s.level, s.org) for s in steps] == [
        ("base", world.grassroots),
        ("county", world.county),
    ]
    assert Consent.objects.get().method == "online"
    assert application.documents.get().kind == "admission"

    # The county cannot jump the queue; the cadre decides step 1 first.
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=world.county_staff,
            application_id=application.pk,
            step=2,
            decision="approved",
            amount=300000,
        )
    assert exc.value.code == "wrong_step" and "step" in exc.value.fields
    with pytest.raises(ServiceError) as exc:  # the right step, the wrong level
        services.application_decide(
            actor=world.county_staff,
            application_id=application.pk,
            step=1,
            decision="approved",
            amount=300000,
        )
    assert exc.value.code == "wrong_level"
    assert selectors.pending_count(actor=world.cadre) == 1
    assert selectors.pending_count(actor=world.county_staff) == 0
    services.application_decide(
        actor=world.cadre,
        application_id=application.pk,
        step=1,
        decision="approved",
        amount=300000,
        comment="情况属实",
    )
    assert selectors.pending_count(actor=world.county_staff) == 1
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=world.county_staff,
            application_id=application.pk,
            step=2,
            decision="approved",
            amount=300001,
        )
    assert "amount" in exc.value.fields
    services.application_decide(
        actor=world.county_staff,
        application_id=application.pk,
        step=2,
        decision="approved",
        amount=200000,
        comment="同意",
    )
    application.refresh_from_db()
    assert application.status == "approved" and application.approved_amount == 200000
    assert [s.decision for s in application.steps.all()] == ["approved", "approved"]
    assert AuditEvent.objects.filter(action="application_decided").count() == 2
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=world.county_staff,
            application_id=application.pk,
            step=2,
            decision="approved",
            amount=1,
        )
    assert exc.value.code == "decided"


def test_a_rejection_needs_a_reason_and_ends_the_review(world, applicant):
    application = school(world)
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=world.cadre, application_id=application.pk, step=1, decision="rejected"
        )
    assert "comment" in exc.value.fields
    services.application_decide(
        actor=world.cadre,
        application_id=application.pk,
        step=1,
        decision="rejected",
        comment="请补充在读证明",
    )
    application.refresh_from_db()
    assert application.status == "rejected" and application.current_step == 1


def test_applicant_sees_only_their_own_applications(world, applicant, client):
    mine = school(world)
    other_user = make_user("other_member")
    make_member(world.grassroots, "孙七", user=other_user)
    theirs = services.application_submit(
        actor=other_user, kind="living", requested_amount=100000, reason="失业", consent=True
    )
    assert list(selectors.my_applications(actor=world.member)) == [mine]
    assert selectors.application_get(actor=world.member, application_id=mine.pk) == mine
    with pytest.raises(Http404):
        selectors.application_get(actor=world.member, application_id=theirs.pk)
    client.force_login(world.member)
    assert client.get(f"/api/v1/aid/applications/{theirs.pk}").status_code == 404
    assert [a["id"] for a in client.get("/api/v1/aid/applications/mine").json()] == [mine.pk]
    assert client.get("/api/v1/aid/applications").status_code == 404  # no staff list
    assert client.get(f"/aid/applications/{theirs.pk}/").status_code == 404


def test_consent_is_required_and_nothing_is_written_without_it(world, applicant):
    before = (
        AidApplication.objects.count(),
        ApplicationStep.objects.count(),
        Consent.objects.count(),
        AuditEvent.objects.count(),
    )
    with pytest.raises(ServiceError) as exc:
        school(world, consent=False)
    assert exc.value.code == "no_consent" and "consent" in exc.value.fields
    assert (
        AidApplication.objects.count(),
        ApplicationStep.objects.count(),
        Consent.objects.count(),
        AuditEvent.objects.count(),
    ) == before


@pytest.mark.parametrize(
    "over,field",
    [
        ({"requested_amount": -100}, "requested_amount"),
        ({"requested_amount": 0}, "requested_amount"),
        ({"requested_amount": 100.5}, "requested_amount"),
        ({"requested_amount": True}, "requested_amount"),
        ({"child_name": ""}, "child_name"),
        ({"school_year": 1999}, "school_year"),
        ({"school_level": "kindergarten"}, "school_level"),
        ({"reason": "  "}, "reason"),
        ({"kind": "holiday"}, "kind"),
        ({"admission_proof": proof("notice.exe", b"MZ...")}, "upload"),
        ({"admission_proof": proof("notice.pdf", b"\x89PNG fake")}, "upload"),
    ],
)
def test_bad_application_input_changes_nothing(world, applicant, over, field):
    before = (AidApplication.objects.count(), Consent.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ServiceError) as exc:
        school(world, **over)
    assert field in exc.value.fields, exc.value.fields
    assert (
        AidApplication.objects.count(),
        Consent.objects.count(),
        AuditEvent.objects.count(),
    ) == before


def test_school_aid_needs_its_admission_proof_before_approval(world, applicant):
    application = school(world, admission_proof=None)
    with pytest.raises(ServiceError) as exc:
        services.application_decide(
            actor=world.cadre,
            application_id=application.pk,
            step=1,
            decision="approved",
            amount=1000,
        )
    assert exc.value.code == "no_proof"
    services.document_add(
        actor=world.member, application_id=application.pk, kind="admission", upload=proof()
    )
    services.application_decide(
        actor=world.cadre, application_id=application.pk, step=1, decision="approved", amount=1000
    )


def test_one_open_application_per_kind_and_child(world, applicant):
    school(world)
    with pytest.raises(ServiceError) as exc:
        school(world)
    assert exc.value.code == "open_application"
    school(world, child_name="刘小雪")  # a second child in school


def test_cadre_applies_for_a_member_with_their_paper_consent(world, as_user):
    membership = make_member(world.grassroots, "周八")
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.cadre,
            person_id=membership.person_id,
            kind="medical",
            requested_amount=500000,
            reason="住院",
            hospital="中国医大一院",
            bills_amount=8000000,
        )
    assert "consent" in exc.value.fields
    application = services.application_submit(
        actor=world.cadre,
        person_id=membership.person_id,
        kind="medical",
        requested_amount=500000,
        reason="住院",
        hospital="中国医大一院",
        bills_amount=8000000,
        illness="急性白血病",
        consent=True,
    )
    assert application.by_cadre and application.consent.method == "paper"
    assert "白血病" not in application.illness_cipher
    assert (
        services.application_reveal(
            actor=world.cadre, application_id=application.pk, purpose="审核"
        )
        == "急性白血病"
    )
    assert SensitiveRead.objects.filter(field="illness").count() == 1
    # Through the API the illness is asked for with a purpose alone (it is the one field).
    reveal = f"/api/v1/aid/applications/{application.pk}/reveal"
    body = {"data": json.dumps({"purpose": "复核"}), "content_type": "application/json"}
    assert as_user(world.sibling_staff).post(reveal, **body).status_code == 404
    assert as_user(world.cadre).post(reveal, **body).json() == {"value": "急性白血病"}
    assert SensitiveRead.objects.filter(field="illness").count() == 2
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.sibling_staff,
            person_id=membership.person_id,
            kind="living",
            requested_amount=1,
            reason="x",
            consent=True,
        )
    assert exc.value.status == 404


def test_non_member_cannot_apply(world):
    with pytest.raises(ServiceError) as exc:
        services.application_submit(
            actor=world.member, kind="living", requested_amount=100, reason="困难", consent=True
        )
    assert exc.value.code == "not_member"


def test_a_federation_configures_the_chain(world, applicant):
    city_staff = make_user("city_staff", "staff", world.city)
    with pytest.raises(ServiceError) as exc:  # a county cannot reach up to the city
        services.chain_set(
            actor=world.county_staff,
            owner_id=world.county.pk,
            kind="school",
            levels=["base", "county", "city"],
        )
    assert "levels" in exc.value.fields
    with pytest.raises(ServiceError):
        services.chain_set(
            actor=city_staff, owner_id=world.city.pk, kind="school", levels=["county", "base"]
        )
    services.chain_set(
        actor=city_staff,
        owner_id=world.city.pk,
        kind="school",
        levels=["base", "township", "county", "city"],
    )
    application = school(world)
    assert [s.org for s in application.steps.order_by("order")] == [
        world.grassroots,
        world.township,
        world.county,
        world.city,
    ]
    # Levels the tree lacks are skipped: a joint union straight under the county.
    joint = make_org("和平区联合工会", OrgKind.JOINT, world.county, "210102")
    assert [o for _lvl, o in services.chain_steps(joint, ["base", "township", "county"])] == [
        joint,
        world.county,
    ]
    # Living relief still uses the default.
    assert services.chain_for(world.grassroots, "living") == ["base", "county"]


def test_withdraw_by_the_applicant(world, applicant):
    application = school(world)
    services.application_withdraw(actor=world.member, application_id=application.pk)
    application.refresh_from_db()
    assert application.status == "withdrawn"
    with pytest.raises(ServiceError):
        services.application_withdraw(actor=world.member, application_id=application.pk)


def test_decide_through_the_api_wrong_step_changes_nothing(world, applicant, client):
    application = school(world)
    url = f"/api/v1/aid/applications/{application.pk}/decide"

    def steps():
        return list(
            ApplicationStep.objects.order_by("pk").values_list("decision", "amount", "comment")
        )

    before = (steps(), AuditEvent.objects.count())
    client.force_login(world.county_staff)
    wrong = client.post(
        url,
        data=json.dumps({"step": 2, "decision": "approved", "amount": 1000}),
        content_type="application/json",
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_step"
    assert "step" in wrong.json()["fields"]
    client.force_login(world.cadre)
    fractional = client.post(
        url,
        data=json.dumps({"step": 1, "decision": "approved", "amount": 10.5}),
        content_type="application/json",
    )
    assert fractional.status_code == 422 and "amount" in fractional.json()["fields"]
    assert (steps(), AuditEvent.objects.count()) == before
    ok = client.post(
        url,
        data=json.dumps({"step": 1, "decision": "approved", "amount": 1000}),
        content_type="application/json",
    )
    assert ok.status_code == 200 and ok.json()["current_step"] == 2
    assert [s["decision"] for s in ok.json()["steps"]] == ["approved", "pending"]


def test_member_withdraws_consent_on_the_phone_page(world, applicant, as_user):
    school(world)
    consent = Consent.objects.get()
    client = as_user(world.member)
    withdraw = f"/aid/consents/{consent.pk}/withdraw/"
    assert f'action="{withdraw}"' in client.get("/aid/mine/").content.decode()
    client.post(withdraw)
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    other = as_user(world.sibling_staff)
    other.post(withdraw)
    assert AuditEvent.objects.filter(action="consent_withdrawn").count() == 1


def test_a_cadre_recording_paper_consent_with_an_application_writes_its_audit_row(world):
    # Every consent on record has its audit row, however it was recorded: the cadre's
    # paper consent taken with an application, as the member's online one.
    membership = make_member(world.grassroots, "吴九")
    application = services.application_submit(
        actor=world.cadre,
        person_id=membership.person_id,
        kind="living",
        requested_amount=100000,
        reason="失业",
        consent=True,
    )
    event = AuditEvent.objects.get(action="consent_recorded", target_id=str(application.consent_id))
    assert event.actor == world.cadre and event.org_path == world.grassroots.path
    assert event.changes == {"method": "paper", "given_by": "吴九", "purpose": "assistance"}
