"""送技能进企业 subsidies paid once, after approval, from the organizer's funds on the ledger."""

from datetime import date

import pytest

from gonghui.campaigns import ledger
from gonghui.campaigns.services import funds_receive
from gonghui.competitions import services
from gonghui.competitions.codes import Code
from gonghui.competitions.models import TrainingSession
from gonghui.core.errors import ServiceError
from tests.factories import make_user

from ..campaigns.helpers import assert_ledger_sound


@pytest.fixture
def session(world):
    from gonghui.accounts.models import RoleKind

    world.checker = make_user("county_payer", RoleKind.FEDERATION_STAFF, world.county)
    s = services.training_record(
        actor=world.county_staff,
        union_id=world.county.pk,
        enterprise_id=world.enterprise.pk,
        kind="on_site",
        course="数控车床操作",
        held_on=date(2022, 6, 15),
        trainees=180,
        subsidy=3_600_000,
    )
    return s


def test_the_subsidy_is_paid_once_after_approval_by_another(world, as_user, session):
    w = world
    with pytest.raises(ServiceError) as refused:  # not approved yet
        services.training_pay(actor=w.checker, session_id=session.pk)
    assert refused.value.code == Code.WRONG_STEP
    services.training_review(actor=w.checker, session_id=session.pk, approve=True)
    with pytest.raises(ServiceError) as refused:  # the one who recorded it does not pay it
        services.training_pay(actor=w.county_staff, session_id=session.pk)
    assert refused.value.code == Code.SAME_PERSON
    # too little in the county's funds: nothing is written, the page says so
    funds_receive(actor=w.county_staff, org_id=w.county.pk, source="dues", amount=1_000_000)
    client = as_user(w.checker)
    r = client.post(f"/competitions/training/{session.pk}/pay/")
    assert r.status_code == 400 and "10,000.00" in r.content.decode()
    assert TrainingSession.objects.get(pk=session.pk).posting is None
    assert ledger.balance(w.county.pk, "available") == 1_000_000
    funds_receive(actor=w.county_staff, org_id=w.county.pk, source="dues", amount=3_000_000)
    page = client.get(f"/competitions/training/{session.pk}/").content.decode()
    assert f"/competitions/training/{session.pk}/pay/" in page
    assert client.post(f"/competitions/training/{session.pk}/pay/").status_code == 302
    paid = TrainingSession.objects.get(pk=session.pk)
    assert paid.posting.kind == "training_subsidy" and paid.paid_by == w.checker
    assert ledger.balance(w.county.pk, "competitions_training") == 3_600_000
    assert ledger.balance(w.county.pk, "available") == 400_000
    # once: a second payment is refused and moves nothing
    r = client.post(f"/competitions/training/{session.pk}/pay/")
    assert r.status_code == 400
    assert ledger.balance(w.county.pk, "competitions_training") == 3_600_000
    assert (
        f"/competitions/training/{session.pk}/pay/"
        not in client.get(f"/competitions/training/{session.pk}/").content.decode()
    )
    assert_ledger_sound()
    # another county's staff cannot even see it
    assert (
        as_user(w.sibling_staff).post(f"/competitions/training/{session.pk}/pay/").status_code
        == 404
    )
