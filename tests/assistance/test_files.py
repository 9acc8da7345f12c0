"""Needy-worker files: opening, household, consent before sensitive data, encryption,
masking and logged reads, yearly reviews, leaving hardship and coming back."""

import json
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.http import Http404

from gonghui.assistance import selectors, services
from gonghui.assistance.lists import FILES
from gonghui.assistance.models import Consent, FileStatus, HardshipFile, HouseholdMember
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.models import AuditEvent, SensitiveRead

from ..factories import make_member
from .helpers import open_file


def test_open_file_numbers_it_sets_the_review_and_audits(world):
    file = open_file(world, causes=("school", "illness"), opened_on=date(2022, 3, 1))
    assert file.number == f"KN210102{file.pk:08d}"
    assert file.cause_list == ["illness", "school"]
    assert file.next_review_due == date(2023, 3, 1)
    assert file.status == FileStatus.OPEN and not file.returned
    event = AuditEvent.objects.get(action="file_opened", target_id=str(file.pk))
    assert event.org_path == world.grassroots.path and event.changes["tier"] == "deep"


def test_one_open_file_per_person_also_in_the_database(world):
    file = open_file(world)
    membership = file.person.memberships.get()
    with pytest.raises(ServiceError) as exc:
        services.file_open(
            actor=world.cadre, membership_id=membership.pk, tier="relative", causes=["illness"]
        )
    assert exc.value.code == "file_open" and "membership_id" in exc.value.fields
    with pytest.raises(IntegrityError), transaction.atomic():
        HardshipFile.objects.create(
            number="x",
            person=file.person,
            union=file.union,
            tier="deep",
            opened_on=date.today(),
            next_review_due=date.today(),
            created_by=world.cadre,
        )


@pytest.mark.parametrize(
    "over,field",
    [
        ({"tier": "rich"}, "tier"),
        ({"causes": []}, "causes"),
        ({"causes": ["laziness"]}, "causes"),
        ({"opened_on": date.today() + timedelta(days=2)}, "opened_on"),
    ],
)
def test_bad_file_input_changes_nothing(world, over, field):
    membership = make_member(world.grassroots, "李四")
    before = (HardshipFile.objects.count(), AuditEvent.objects.count())
    args = {"tier": "deep", "causes": ["illness"], **over}
    with pytest.raises(ServiceError) as exc:
        services.file_open(actor=world.cadre, membership_id=membership.pk, **args)
    assert field in exc.value.fields
    assert (HardshipFile.objects.count(), AuditEvent.objects.count()) == before


def test_a_sibling_county_cannot_open_or_see_a_file(world):
    membership = make_member(world.grassroots, "赵六")
    with pytest.raises(NotFound):
        services.file_open(
            actor=world.sibling_staff, membership_id=membership.pk, tier="deep", causes=["illness"]
        )
    file = open_file(world)
    assert not selectors.file_list(actor=world.sibling_staff).exists()
    assert list(selectors.file_list(actor=world.county_staff)) == [file]
    assert list(selectors.file_list(actor=world.city_leader)) == [file]


def test_household_members(world):
    file = open_file(world)
    services.household_add(
        actor=world.cadre,
        file_id=file.pk,
        name="王小明",
        relation="child",
        age=15,
        condition="student",
    )
    with pytest.raises(ServiceError) as exc:
        services.household_add(
            actor=world.cadre,
            file_id=file.pk,
            name="王老",
            relation="parent",
            age=131,
            condition="elderly",
        )
    assert "age" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.household_add(
            actor=world.cadre,
            file_id=file.pk,
            name="王老",
            relation="parent",
            age=70.5,
            condition="elderly",
        )
    assert "age" in exc.value.fields
    assert [m.name for m in file.household.all()] == ["王小明"]
    services.household_remove(actor=world.cadre, file_id=file.pk, member_id=file.household.get().pk)
    assert not HouseholdMember.objects.exists()


def test_sensitive_details_need_consent_and_are_encrypted(world):
    file = open_file(world)
    with pytest.raises(ServiceError) as exc:
        services.file_set_sensitive(
            actor=world.cadre,
            file_id=file.pk,
            income=85000,
            illness="尿毒症，每周透析三次",
            bank_account="6222021234567890123",
        )
    assert exc.value.code == "no_consent" and "consent" in exc.value.fields
    file.refresh_from_db()
    assert file.income_cipher == "" and file.bank_cipher == ""

    consent = services.consent_record(
        actor=world.cadre, person_id=file.person_id, given_by="王强", method="paper"
    )
    services.file_set_sensitive(
        actor=world.cadre,
        file_id=file.pk,
        income=85000,
        illness="尿毒症，每周透析三次",
        bank_account="6222 0212 3456 7890 123",
    )
    file.refresh_from_db()
    assert file.consent == consent and file.bank_masked.endswith("0123")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT income_cipher, illness_cipher, bank_cipher FROM "
            "assistance_hardshipfile WHERE id = %s",
            [file.pk],
        )
        raw = " ".join(cursor.fetchone())
    assert "85000" not in raw and "尿毒症" not in raw and "6222" not in raw
    event = AuditEvent.objects.get(action="file_sensitive_set")
    assert "尿毒症" not in json.dumps(event.changes, ensure_ascii=False)
    assert event.changes["fields"] == ["income", "illness", "bank_account"]

    # Reading it back needs a purpose, and is logged.
    with pytest.raises(ServiceError):
        services.file_reveal(actor=world.cadre, file_id=file.pk, field="illness", purpose=" ")
    assert (
        services.file_reveal(
            actor=world.cadre, file_id=file.pk, field="illness", purpose="核定救助金额"
        )
        == "尿毒症，每周透析三次"
    )
    assert (
        services.file_reveal(
            actor=world.cadre, file_id=file.pk, field="income", purpose="核定救助金额"
        )
        == "850.00"
    )
    reads = SensitiveRead.objects.filter(target_id=str(file.pk))
    assert [r.field for r in reads.order_by("id")] == ["illness", "income"]
    assert reads.first().org_path == world.grassroots.path
    # Read-only roles and outsiders do not read it.
    with pytest.raises(Http404):
        services.file_reveal(
            actor=world.city_leader, file_id=file.pk, field="illness", purpose="看看"
        )
    assert reads.count() == 2


def test_withdrawing_consent_erases_the_sensitive_details(world):
    file = open_file(world)
    consent = services.consent_record(actor=world.cadre, person_id=file.person_id, given_by="王强")
    services.file_set_sensitive(
        actor=world.cadre, file_id=file.pk, income=50000, bank_account="622202123456789"
    )
    services.consent_withdraw(actor=world.cadre, consent_id=consent.pk)
    file.refresh_from_db()
    assert file.income_cipher == "" and file.bank_cipher == "" and file.bank_last4 == ""
    assert Consent.objects.get().withdrawn_at is not None
    with pytest.raises(ServiceError):
        services.file_set_sensitive(actor=world.cadre, file_id=file.pk, income=1)


def test_yearly_review_and_the_overdue_list(world):
    old = open_file(world, name="老档案", opened_on=date.today() - timedelta(days=400))
    new = open_file(world, name="新档案")
    assert list(selectors.overdue_files(actor=world.county_staff)) == [old]
    assert list(selectors.file_list(actor=world.cadre, overdue=True)) == [old]
    review = services.file_review(
        actor=world.cadre, file_id=old.pk, tier="relative", note="子女已工作"
    )
    old.refresh_from_db()
    assert review.outcome == "retier" and old.tier == "relative"
    assert old.next_review_due == services.add_years(date.today(), 1)
    assert not selectors.overdue_files(actor=world.county_staff).exists()
    with pytest.raises(ServiceError) as exc:
        services.file_review(
            actor=world.cadre,
            file_id=new.pk,
            tier="deep",
            reviewed_on=new.opened_on - timedelta(days=1),
        )
    assert "reviewed_on" in exc.value.fields


def test_leaving_hardship_and_coming_back_within_three_years_is_flagged(world):
    file = open_file(world, opened_on=date(2019, 1, 10))
    with pytest.raises(ServiceError) as exc:
        services.file_close(actor=world.cadre, file_id=file.pk, reason="")
    assert "reason" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.file_close(actor=world.cadre, file_id=file.pk, reason="other", note="")
    assert "note" in exc.value.fields
    services.file_close(
        actor=world.cadre, file_id=file.pk, reason="employed", closed_on=date(2021, 6, 30)
    )
    file.refresh_from_db()
    assert file.status == "closed" and file.close_reason == "employed"
    with pytest.raises(ServiceError):
        services.file_review(actor=world.cadre, file_id=file.pk, tier="deep")

    membership = file.person.memberships.get()
    back = services.file_open(
        actor=world.cadre,
        membership_id=membership.pk,
        tier="accidental",
        causes=["accident"],
        opened_on=date(2024, 6, 30),
    )
    assert back.returned and back.previous == file
    assert list(selectors.file_list(actor=world.county_staff, returned=True, status="")) == [back]


def test_coming_back_after_three_years_is_not_flagged(world):
    file = open_file(world, opened_on=date(2015, 1, 10))
    services.file_close(
        actor=world.cadre, file_id=file.pk, reason="income", closed_on=date(2018, 6, 30)
    )
    membership = file.person.memberships.get()
    back = services.file_open(
        actor=world.cadre,
        membership_id=membership.pk,
        tier="relative",
        causes=["unemployment"],
        opened_on=date(2021, 7, 1),
    )
    assert not back.returned and back.previous == file


def test_search_filters_and_sorts(world):
    a = open_file(world, name="张三", tier="deep", causes=("illness",))
    b = open_file(world, name="李四", tier="relative", causes=("school", "unemployment"))
    c = open_file(world, world.sibling_grassroots, name="王五", tier="relative")
    staff = world.province_staff
    assert list(FILES.queryset(staff, {"tier": "relative", "sort": "name"})) == [b, c]
    assert list(selectors.file_list(actor=staff, cause="school")) == [b]
    assert list(selectors.file_list(actor=staff, q="zs")) == [a]
    assert list(selectors.file_list(actor=staff, q=a.number)) == [a]
    assert list(selectors.file_list(actor=staff, union_id=world.sibling.pk)) == [c]


def test_updating_a_file_audits_the_difference_and_refuses_other_fields(world, as_user):
    file = open_file(world)
    services.file_update(actor=world.cadre, file_id=file.pk, tier="relative", note=" 复核调整 ")
    file.refresh_from_db()
    assert file.tier == "relative" and file.note == "复核调整" and file.cause_list == ["illness"]
    event = AuditEvent.objects.get(action="file_updated")
    assert event.changes == {"tier": ["deep", "relative"], "note": ["", "复核调整"]}
    assert event.org_path == world.grassroots.path
    with pytest.raises(ServiceError) as exc:
        services.file_update(actor=world.cadre, file_id=file.pk, status="closed")
    assert exc.value.code == "not_editable" and "status" in exc.value.fields
    with pytest.raises(ServiceError) as exc:
        services.file_update(actor=world.cadre, file_id=file.pk, causes=["laziness"])
    assert "causes" in exc.value.fields
    services.file_update(actor=world.cadre, file_id=file.pk, tier="relative", note=None)
    assert AuditEvent.objects.filter(action="file_updated").count() == 1  # nothing changed
    api = f"/api/v1/aid/files/{file.pk}"
    patch = {"data": json.dumps({"causes": ["school"]}), "content_type": "application/json"}
    assert as_user(world.sibling_staff).patch(api, **patch).status_code == 404
    assert as_user(world.city_leader).patch(api, **patch).status_code == 404
    assert HardshipFile.objects.get().cause_list == ["illness"]
    response = as_user(world.cadre).patch(api, **patch)
    assert response.status_code == 200 and response.json()["causes"] == ["school"]
