"""Every write about needy-worker files, consents, evidence and aid applications.

Each service runs in one transaction, checks its rules, and writes its audit row.
Sensitive values (income, illness, bank account) are never written to audit rows.
"""

import hashlib
import uuid
from datetime import date, datetime, timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning, crypto, uploads
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.money import check_fen, yuan
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.updates import audited_update
from gonghui.members.models import Membership, MembershipStatus, Person
from gonghui.orgs.models import FEDERATION_KINDS, Organization, OrgKind
from gonghui.orgs.selectors import org_get

from .codes import Action, Code
from .models import (
    DEFAULT_CHAINS,
    LEVELS,
    NOTICE_ABOVE,
    NOTICE_DAYS,
    REQUIRED_DOCUMENTS,
    AidApplication,
    AidKind,
    ApplicationStatus,
    ApplicationStep,
    Cause,
    CloseReason,
    Condition,
    Consent,
    ConsentMethod,
    ConsentPurpose,
    Document,
    DocumentKind,
    FileReview,
    FileStatus,
    HardshipFile,
    HouseholdMember,
    Objection,
    ObjectionStatus,
    PublicNotice,
    Relation,
    ReviewChain,
    ReviewOutcome,
    SchoolLevel,
    StepDecision,
    Tier,
)

FILE_FIELDS = [
    "tier",
    "causes",
    "status",
    "opened_on",
    "closed_on",
    "close_reason",
    "next_review_due",
    "returned",
    "note",
]
RETURN_WINDOW_YEARS = 3  # back in hardship within three years of leaving it: flagged
# Evidence is a scan or a photo: what the file says it is must match its first bytes.
UPLOAD_TYPES = {
    "pdf": (b"%PDF", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG", "image/png"),
}
SENSITIVE_FIELDS = {"income", "illness", "bank_account"}
LEVEL_RANK = {
    "base": 0,
    OrgKind.TOWNSHIP: 1,
    OrgKind.COUNTY: 2,
    OrgKind.CITY: 3,
    OrgKind.PROVINCIAL: 4,
    OrgKind.NATIONAL: 5,
}


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year + years, day=28)


def _day(value: date | None, field: str, *, not_before: date | None = None) -> date:
    value = value or cleaning.today()
    if value > cleaning.today():
        raise ServiceError(_("The date cannot be in the future."), field=field)
    if not_before and value < not_before:
        raise ServiceError(
            _("The date cannot be before %(day)s.") % {"day": not_before}, field=field
        )
    return value


def causes_value(values) -> str:
    """['illness', 'school'] -> ',illness,school,' (checked, deduplicated, in list order)."""
    chosen = []
    for value in values or []:
        cleaning.choice(value, Cause, field="causes")
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise ServiceError(_("Choose at least one cause of the hardship."), field="causes")
    return "," + ",".join(c for c in Cause.values if c in chosen) + ","


def _writable_membership(
    actor: User, *, membership_id: int | None = None, person_id: int | None = None, field: str
) -> Membership:
    """An active membership in the actor's writable subtree; outsiders learn nothing."""
    lookup = {"pk": membership_id} if membership_id is not None else {"person_id": person_id}
    try:
        return get_visible_or_404(
            Membership.objects.select_related("person", "union"),
            actor,
            write=True,
            status=MembershipStatus.ACTIVE,
            **lookup,
        )
    except Http404 as exc:
        raise NotFound(_("No such active member in your unions."), field=field) from exc


def _file_for_write(actor: User, file_id: int) -> HardshipFile:
    file = get_visible_or_404(
        HardshipFile.objects.select_related("union", "person"), actor, write=True, pk=file_id
    )
    return (
        HardshipFile.objects.select_for_update(of=("self",))
        .select_related("union", "person")
        .get(pk=file.pk)
    )


# ---- consent ------------------------------------------------------------------------


def active_consent(person: Person) -> Consent | None:
    return (
        Consent.objects.filter(
            person=person, purpose=ConsentPurpose.ASSISTANCE, withdrawn_at__isnull=True
        )
        .order_by("-given_at", "-id")
        .first()
    )


def _need_consent(person: Person, field: str = "consent") -> Consent:
    consent = active_consent(person)
    if consent is None:
        raise ServiceError(
            _(
                "Record the worker's consent to process sensitive personal information "
                "(income, illness, bank account) for needy-worker assistance first (PIPL "
                "art. 29)."
            ),
            code=Code.NO_CONSENT,
            field=field,
        )
    return consent


def _consent_given(
    *,
    actor: User,
    person: Person,
    union: Organization,
    given_by: str,
    method: str,
    relation: str = "self",
    given_at: datetime | None = None,
) -> Consent:
    """The one way a consent goes on record, whoever records it: with its audit row."""
    consent = Consent.objects.create(
        person=person,
        union=union,
        given_by=given_by,
        relation=relation,
        method=method,
        given_at=given_at or timezone.now(),
        recorded_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.CONSENT_RECORDED,
        obj=consent,
        changes={"method": method, "given_by": given_by, "purpose": consent.purpose},
    )
    return consent


@transaction.atomic(durable=True)
def consent_record(
    *,
    actor: User,
    person_id: int,
    given_by: str,
    method: str = ConsentMethod.PAPER,
    relation: str = "self",
    given_at: datetime | None = None,
) -> Consent:
    """A cadre records the consent a worker (or a family member) gave, e.g. on paper."""
    membership = _writable_membership(actor, person_id=person_id, field="person_id")
    given_by = cleaning.text(
        given_by,
        field="given_by",
        max_length=50,
        required=True,
        message=_("Name who gave the consent."),
    )
    cleaning.choice(method, ConsentMethod, field="method")
    if relation != "self":
        cleaning.choice(relation, Relation, field="relation")
    if given_at and given_at > timezone.now() + timedelta(minutes=5):
        raise ServiceError(_("The date cannot be in the future."), field="given_at")
    return _consent_given(
        actor=actor,
        person=membership.person,
        union=membership.union,
        given_by=given_by,
        method=method,
        relation=relation,
        given_at=given_at,
    )


@transaction.atomic(durable=True)
def consent_withdraw(*, actor: User, consent_id: int) -> Consent:
    """The worker withdraws consent: with no other consent left, the sensitive details
    on their files and applications are erased (PIPL art. 15, 47)."""
    consent = get_visible_or_404(Consent.objects.all(), actor, write=True, own=True, pk=consent_id)
    consent = (
        Consent.objects.select_for_update(of=("self",)).select_related("union").get(pk=consent.pk)
    )
    if consent.withdrawn_at:
        raise ServiceError(_("This consent has already been withdrawn."), code=Code.WITHDRAWN)
    consent.withdrawn_at = timezone.now()
    consent.save(update_fields=["withdrawn_at"])
    erased = 0
    if active_consent(consent.person) is None:
        erased = HardshipFile.objects.filter(person=consent.person).update(
            income_cipher="", illness_cipher="", bank_cipher="", bank_last4="", consent=None
        )
        erased += (
            AidApplication.objects.filter(person=consent.person)
            .exclude(illness_cipher="")
            .update(illness_cipher="")
        )
    audit.record(
        actor=actor,
        action=Action.CONSENT_WITHDRAWN,
        obj=consent,
        changes={"records_erased": erased},
    )
    return consent


# ---- files --------------------------------------------------------------------------


def _file_number(union: Organization, pk: int) -> str:
    return f"KN{union.region_id or '000000'}{pk:08d}"


@transaction.atomic(durable=True)
def file_open(
    *,
    actor: User,
    membership_id: int,
    tier: str,
    causes: list[str],
    opened_on: date | None = None,
    note: str = "",
) -> HardshipFile:
    """Put a member's family on file with their union. A family that left hardship less
    than three years ago is flagged as back in hardship (返贫)."""
    membership = _writable_membership(actor, membership_id=membership_id, field="membership_id")
    cleaning.choice(tier, Tier, field="tier")
    cause_value = causes_value(causes)
    opened_on = _day(opened_on, "opened_on")
    note = cleaning.text(note, field="note", max_length=500)
    person = membership.person
    if HardshipFile.objects.filter(person=person, status=FileStatus.OPEN).exists():
        raise ServiceError(
            _("This worker already has an open file."), code=Code.FILE_OPEN, field="membership_id"
        )
    previous = (
        HardshipFile.objects.filter(person=person, status=FileStatus.CLOSED)
        .order_by("-closed_on", "-id")
        .first()
    )
    returned = bool(
        previous
        and previous.closed_on
        and add_years(previous.closed_on, RETURN_WINDOW_YEARS) >= opened_on
    )
    try:
        with transaction.atomic():
            file = HardshipFile.objects.create(
                number=f"tmp-{uuid.uuid4().hex[:20]}",
                person=person,
                union=membership.union,
                tier=tier,
                causes=cause_value,
                opened_on=opened_on,
                next_review_due=add_years(opened_on, 1),
                returned=returned,
                previous=previous,
                note=note,
                created_by=actor,
            )
    except IntegrityError as exc:  # the one-open-file rule, under a concurrent request
        raise ServiceError(
            _("This worker already has an open file."), code=Code.FILE_OPEN, field="membership_id"
        ) from exc
    file.number = _file_number(membership.union, file.pk)
    file.save(update_fields=["number"])
    audit.record(
        actor=actor,
        action=Action.FILE_OPENED,
        obj=file,
        changes=audit.snapshot(file, FILE_FIELDS),
    )
    return file


FILE_EDITABLE = {
    "tier": lambda v: cleaning.choice(v, Tier, field="tier"),
    "causes": causes_value,
    "note": lambda v: cleaning.text(v, field="note", max_length=500),
}


@transaction.atomic(durable=True)
def file_update(*, actor: User, file_id: int, **changes: Any) -> HardshipFile:
    """Tier, causes and note; a value of None leaves that field as it is."""
    file = _file_for_write(actor, file_id)
    audited_update(
        file,
        {field: value for field, value in changes.items() if value is not None},
        actor=actor,
        editable=FILE_EDITABLE,
        audit_fields=FILE_FIELDS,
        action=Action.FILE_UPDATED,
    )
    return file


@transaction.atomic(durable=True)
def household_add(
    *, actor: User, file_id: int, name: str, relation: str, age: int, condition: str
) -> HouseholdMember:
    file = _file_for_write(actor, file_id)
    name = cleaning.text(name, field="name", max_length=50, required=True)
    cleaning.choice(relation, Relation, field="relation")
    cleaning.choice(condition, Condition, field="condition")
    if isinstance(age, bool) or not isinstance(age, int) or not 0 <= age <= 130:
        raise ServiceError(_("Enter the age in whole years (0 to 130)."), field="age")
    member = HouseholdMember.objects.create(
        file=file, name=name, relation=relation, age=age, condition=condition
    )
    audit.record(
        actor=actor,
        action=Action.HOUSEHOLD_ADDED,
        obj=file,
        changes={"name": name, "relation": relation, "age": age, "condition": condition},
    )
    return member


@transaction.atomic(durable=True)
def household_remove(*, actor: User, file_id: int, member_id: int) -> None:
    file = _file_for_write(actor, file_id)
    member = file.household.filter(pk=member_id).first()
    if member is None:
        raise NotFound(_("No such household member on this file."), field="member_id")
    audit.record(
        actor=actor,
        action=Action.HOUSEHOLD_REMOVED,
        obj=file,
        changes={"name": member.name, "relation": member.relation},
    )
    member.delete()


def _bank_account(value: str) -> str:
    digits = value.replace(" ", "").replace("-", "")
    if not digits.isdigit() or not 12 <= len(digits) <= 30:
        raise ServiceError(_("A bank account number has 12 to 30 digits."), field="bank_account")
    return digits


@transaction.atomic(durable=True)
def file_set_sensitive(
    *,
    actor: User,
    file_id: int,
    income: int | None = None,
    illness: str | None = None,
    bank_account: str | None = None,
) -> HardshipFile:
    """Income per person per month (fen), illness and bank account: encrypted, and only
    with the worker's consent on record. None leaves a value as it is; "" erases it."""
    file = _file_for_write(actor, file_id)
    consent = _need_consent(file.person)
    changed = []
    if income is not None:
        file.income_cipher = crypto.encrypt(str(check_fen(income, field="income", allow_zero=True)))
        changed.append("income")
    if illness is not None:
        illness = cleaning.text(illness, field="illness", max_length=1000)
        file.illness_cipher = crypto.encrypt(illness) if illness else ""
        changed.append("illness")
    if bank_account is not None:
        if bank_account.strip():
            number = _bank_account(bank_account)
            file.bank_cipher, file.bank_last4 = crypto.encrypt(number), number[-4:]
        else:
            file.bank_cipher, file.bank_last4 = "", ""
        changed.append("bank_account")
    if not changed:
        raise ServiceError(_("Enter at least one value."), field="income")
    file.consent = consent
    file.save()
    # The audit row names the fields changed, never their values.
    audit.record(
        actor=actor,
        action=Action.FILE_SENSITIVE_SET,
        obj=file,
        changes={"fields": changed, "consent": consent.pk},
    )
    return file


def _check_purpose(field: str, purpose: str) -> str:
    if field not in SENSITIVE_FIELDS:
        raise ServiceError(
            _("Only income, illness or bank account can be revealed."), field="field"
        )
    purpose = (purpose or "").strip()
    if not purpose:
        raise ServiceError(
            _("Say why you need the full value; the read is logged."), field="purpose"
        )
    return purpose[:200]


def file_reveal(*, actor: User, file_id: int, field: str, purpose: str) -> str:
    """One sensitive value in full, for a cadre who needs it (or the worker's own);
    every read is written to the sensitive-read log."""
    purpose = _check_purpose(field, purpose)
    file = get_visible_or_404(
        HardshipFile.objects.select_related("union"), actor, write=True, own=True, pk=file_id
    )
    cipher = {
        "income": file.income_cipher,
        "illness": file.illness_cipher,
        "bank_account": file.bank_cipher,
    }[field]
    audit.record_sensitive_read(
        actor=actor, obj=file, field=field, purpose=purpose, org_path=file.union.path
    )
    if not cipher:
        return ""
    value = crypto.decrypt(cipher)
    if field == "income":
        return yuan(int(value))
    return value


@transaction.atomic(durable=True)
def file_review(
    *, actor: User, file_id: int, tier: str, note: str = "", reviewed_on: date | None = None
) -> FileReview:
    """The yearly review: still in hardship (tier kept or changed); the next is due a
    year later. A family out of hardship is closed with file_close instead."""
    file = _file_for_write(actor, file_id)
    if file.status != FileStatus.OPEN:
        raise ServiceError(
            _("This file is closed: the family has left hardship."), code=Code.CLOSED
        )
    cleaning.choice(tier, Tier, field="tier")
    reviewed_on = _day(reviewed_on, "reviewed_on", not_before=file.opened_on)
    review = FileReview.objects.create(
        file=file,
        reviewed_on=reviewed_on,
        tier_before=file.tier,
        tier_after=tier,
        outcome=ReviewOutcome.KEEP if tier == file.tier else ReviewOutcome.RETIER,
        note=cleaning.text(note, field="note", max_length=500),
        reviewer=actor,
    )
    before = audit.snapshot(file, FILE_FIELDS)
    file.tier, file.last_reviewed_on = tier, reviewed_on
    file.next_review_due = add_years(reviewed_on, 1)
    file.save()
    audit.record(
        actor=actor,
        action=Action.FILE_REVIEWED,
        obj=file,
        changes=audit.diff(before, audit.snapshot(file, FILE_FIELDS)),
    )
    return review


@transaction.atomic(durable=True)
def file_close(
    *, actor: User, file_id: int, reason: str, note: str = "", closed_on: date | None = None
) -> HardshipFile:
    """The family has left hardship (解困脱困)."""
    file = _file_for_write(actor, file_id)
    if file.status != FileStatus.OPEN:
        raise ServiceError(_("This file is already closed."), code=Code.CLOSED)
    if not reason:
        raise ServiceError(_("Say why the family has left hardship."), field="reason")
    cleaning.choice(reason, CloseReason, field="reason")
    note = cleaning.text(
        note,
        field="note",
        max_length=300,
        required=reason == CloseReason.OTHER,
        message=_("Describe the reason."),
    )
    closed_on = _day(closed_on, "closed_on", not_before=file.opened_on)
    before = audit.snapshot(file, FILE_FIELDS)
    file.status, file.closed_on, file.close_reason, file.close_note = (
        FileStatus.CLOSED,
        closed_on,
        reason,
        note,
    )
    file.save()
    audit.record(
        actor=actor,
        action=Action.FILE_CLOSED,
        obj=file,
        changes=audit.diff(before, audit.snapshot(file, FILE_FIELDS)),
    )
    return file


# ---- evidence -----------------------------------------------------------------------


def _check_upload(upload: UploadedFile) -> tuple[str, str]:
    if upload is None:
        raise ServiceError(_("Choose a file to upload."), field="upload")
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in UPLOAD_TYPES:
        raise ServiceError(_("Upload a PDF, JPG or PNG file."), field="upload")
    uploads.check_size(upload, field="upload")
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    magic, content_type = UPLOAD_TYPES[ext]
    if not head.startswith(magic):
        raise ServiceError(
            _("The file's content is not a %(ext)s file.") % {"ext": ext.upper()}, field="upload"
        )
    return name, content_type


def _save_document(
    *,
    actor: User,
    upload: UploadedFile,
    kind: str,
    union: Organization,
    file: HardshipFile | None = None,
    application: AidApplication | None = None,
) -> Document:
    cleaning.choice(kind, DocumentKind, field="kind")
    name, content_type = _check_upload(upload)
    content = upload.read()  # at most GONGHUI_UPLOAD_MAX_MB, checked above
    upload.seek(0)
    # Diagnoses and certificates are sealed at rest like the encrypted columns.
    sealed = ContentFile(crypto.encrypt_bytes(content), name=name)
    return Document.objects.create(
        union=union,
        file=file,
        application=application,
        kind=kind,
        upload=sealed,
        name=name,
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by=actor,
    )


@transaction.atomic(durable=True)
def document_add(
    *,
    actor: User,
    upload: UploadedFile,
    kind: str,
    file_id: int | None = None,
    application_id: int | None = None,
) -> Document:
    """Evidence for a file (cadre) or an application (cadre, or the applicant)."""
    if file_id is not None:
        file = _file_for_write(actor, file_id)
        document = _save_document(
            actor=actor, upload=upload, kind=kind, union=file.union, file=file
        )
    elif application_id is not None:
        application = _application_for_change(actor, application_id)
        document = _save_document(
            actor=actor, upload=upload, kind=kind, union=application.union, application=application
        )
        application.changed_by = actor  # who changed it may not approve it
        application.save(update_fields=["changed_by"])
    else:
        raise ServiceError(_("Say which file or application the document is for."), field="file_id")
    audit.record(
        actor=actor,
        action=Action.DOCUMENT_ADDED,
        obj=document,
        changes={"kind": kind, "name": document.name, "sha256": document.sha256},
    )
    return document


def document_open(*, actor: User, document_id: int, purpose: str = "") -> Document:
    """A document to download: the worker's own, or one in the actor's subtree. Each
    opening is logged as a sensitive read."""
    document = get_visible_or_404(
        Document.objects.select_related("union"), actor, own=True, pk=document_id
    )
    audit.record_sensitive_read(
        actor=actor,
        obj=document,
        field="document",
        purpose=(purpose or _("view evidence"))[:200],
        org_path=document.union.path,
    )
    return document


def document_content(document: Document) -> bytes:
    """The document's bytes as uploaded, for the logged download (document_open)."""
    with document.upload.open("rb") as f:
        stored = f.read()
    # Documents stored before encryption at rest are served as they are.
    return crypto.decrypt_bytes(stored) if crypto.is_sealed(stored) else stored


# ---- review chains ------------------------------------------------------------------


def chain_for(union: Organization, kind: str) -> list[str]:
    """The chain set by the nearest federation above (or at) the union, else the default."""
    chains = {
        c.owner.path: c.levels
        for c in ReviewChain.objects.select_related("owner").filter(
            kind=kind, owner__path__in=union.ancestors_paths()
        )
    }
    for path in reversed(union.ancestors_paths()):
        if path in chains:
            return list(chains[path])
    return list(DEFAULT_CHAINS[kind])


def chain_steps(union: Organization, levels: list[str]) -> list[tuple[str, Organization]]:
    """Each level's deciding union: the applicant's own, or its ancestor of that kind.
    A level the tree lacks above this union is skipped; one union never decides twice."""
    ancestors = {
        o.kind: o
        for o in Organization.objects.filter(path__in=union.ancestors_paths(), is_active=True)
    }
    steps: list[tuple[str, Organization]] = []
    seen: set[int] = set()
    for level in levels:
        org = union if level == "base" else ancestors.get(level)
        if org is not None and org.pk not in seen:
            steps.append((level, org))
            seen.add(org.pk)
    return steps


@transaction.atomic(durable=True)
def chain_set(*, actor: User, owner_id: int, kind: str, levels: list[str]) -> ReviewChain:
    """A federation sets which levels review one kind of aid in its subtree."""
    try:
        owner = org_get(actor=actor, org_id=owner_id, write=True)
    except Http404 as exc:
        raise NotFound(_("No such organization in your subtree."), field="owner_id") from exc
    if owner.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("Only a federation (county or above) sets review chains."), field="owner_id"
        )
    cleaning.choice(kind, AidKind, field="kind")
    if not levels:
        raise ServiceError(_("A chain needs at least one level."), field="levels")
    ranks = []
    for level in levels:
        if level not in LEVELS:
            raise ServiceError(_("Unknown level %(level)s.") % {"level": level}, field="levels")
        ranks.append(LEVEL_RANK[level])
    if ranks != sorted(set(ranks)):
        raise ServiceError(_("Levels go from the bottom up, each once."), field="levels")
    if ranks[-1] > LEVEL_RANK[owner.kind]:
        raise ServiceError(
            _("A chain cannot reach above the federation that sets it."), field="levels"
        )
    chain, _created = ReviewChain.objects.update_or_create(
        owner=owner, kind=kind, defaults={"levels": list(levels), "updated_by": actor}
    )
    audit.record(
        actor=actor,
        action=Action.CHAIN_SET,
        obj=chain,
        changes={"kind": kind, "levels": list(levels)},
    )
    return chain


# ---- applications -------------------------------------------------------------------


def _own_membership(actor: User) -> Membership:
    person = Person.objects.filter(user=actor).first()
    membership = (
        person.memberships.select_related("union", "person")
        .filter(status=MembershipStatus.ACTIVE)
        .first()
        if person
        else None
    )
    if membership is None:
        raise ServiceError(
            _("Only union members can apply for aid. Join the union first."), code=Code.NOT_MEMBER
        )
    return membership


@transaction.atomic(durable=True)
def application_submit(
    *,
    actor: User,
    kind: str,
    requested_amount: int,
    reason: str,
    consent: bool = False,
    person_id: int | None = None,
    child_name: str = "",
    school_name: str = "",
    school_year: int | None = None,
    school_level: str = "",
    hospital: str = "",
    bills_amount: int | None = None,
    illness: str = "",
    admission_proof: UploadedFile | None = None,
) -> AidApplication:
    """A member applies on their phone (no person_id), or a cadre applies for a member of
    their unions. The application goes up the chain configured for its kind."""
    if person_id is None:
        membership, by_cadre = _own_membership(actor), False
    else:
        membership = _writable_membership(actor, person_id=person_id, field="person_id")
        by_cadre = True
    person, union = membership.person, membership.union
    cleaning.choice(kind, AidKind, field="kind")
    check_fen(requested_amount, field="requested_amount")
    reason = cleaning.text(
        reason,
        field="reason",
        max_length=1000,
        required=True,
        message=_("Describe the family's situation and what the aid is for."),
    )
    fields: dict = {}
    if kind == AidKind.SCHOOL:
        fields["child_name"] = cleaning.text(
            child_name, field="child_name", max_length=50, required=True
        )
        fields["school_name"] = cleaning.text(
            school_name, field="school_name", max_length=100, required=True
        )
        this_year = cleaning.today().year
        if (
            isinstance(school_year, bool)
            or not isinstance(school_year, int)
            or not this_year - 8 <= school_year <= this_year + 1
        ):
            raise ServiceError(
                _("Enter the school year, for example %(year)s.") % {"year": this_year},
                field="school_year",
            )
        fields["school_year"] = school_year
        fields["school_level"] = cleaning.choice(school_level, SchoolLevel, field="school_level")
    elif kind == AidKind.MEDICAL:
        fields["hospital"] = cleaning.text(
            hospital, field="hospital", max_length=100, required=True
        )
        fields["bills_amount"] = check_fen(bills_amount, field="bills_amount")
    illness = (
        cleaning.text(illness, field="illness", max_length=1000) if kind == AidKind.MEDICAL else ""
    )
    # Every application is assessed on the family's income and health: consent first.
    given = active_consent(person)
    if given is None:
        if not consent:
            raise ServiceError(
                _(
                    "Agree to the processing of your sensitive personal information for this "
                    "application (PIPL art. 29)."
                )
                if not by_cadre
                else _("Confirm that the worker has signed the consent form (PIPL art. 29)."),
                code=Code.NO_CONSENT,
                field="consent",
            )
        # The member agrees on the phone; a cadre confirms the signed paper form.
        given = _consent_given(
            actor=actor,
            person=person,
            union=union,
            given_by=person.name,
            method=ConsentMethod.PAPER if by_cadre else ConsentMethod.ONLINE,
        )
    steps = chain_steps(union, chain_for(union, kind))
    try:
        with transaction.atomic():
            application = AidApplication.objects.create(
                kind=kind,
                person=person,
                union=union,
                applied_by=actor,
                changed_by=actor,
                by_cadre=by_cadre,
                requested_amount=requested_amount,
                reason=reason,
                consent=given,
                illness_cipher=crypto.encrypt(illness) if illness else "",
                file=HardshipFile.objects.filter(person=person, status=FileStatus.OPEN).first(),
                **fields,
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("An application of this kind is already under review."),
            code=Code.OPEN_APPLICATION,
            field="kind",
        ) from exc
    ApplicationStep.objects.bulk_create(
        ApplicationStep(application=application, order=i, level=level, org=org)
        for i, (level, org) in enumerate(steps, start=1)
    )
    if admission_proof is not None:
        _save_document(
            actor=actor,
            upload=admission_proof,
            kind=DocumentKind.ADMISSION,
            union=union,
            application=application,
        )
    audit.record(
        actor=actor,
        action=Action.APPLICATION_SUBMITTED,
        obj=application,
        changes={
            "kind": kind,
            "requested_amount": requested_amount,
            "by_cadre": by_cadre,
            "chain": [org.pk for _lvl, org in steps],
        },
    )
    return application


def _application_for_change(actor: User, application_id: int) -> AidApplication:
    """The applicant's own application, or one in the actor's writable subtree."""
    application = get_visible_or_404(
        AidApplication.objects.all(), actor, write=True, own=True, pk=application_id
    )
    return (
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("union")
        .get(pk=application.pk)
    )


def missing_documents(application: AidApplication) -> list[str]:
    """The kinds of evidence this application's kind needs and does not have yet, on the
    application or on the worker's needy-worker file."""
    needed = REQUIRED_DOCUMENTS.get(application.kind, [])
    if not needed:
        return []
    present = set(
        Document.objects.filter(
            Q(application=application)
            | (Q(file_id=application.file_id) if application.file_id else Q(pk__in=[]))
        ).values_list("kind", flat=True)
    )
    return [kind for kind in needed if kind not in present]


def own_part(actor: User, application: AidApplication) -> str | None:
    """Why this actor may not approve the application, or None: the person who entered it
    or last changed it, the applicant, and whoever decided an earlier step approve nothing
    of it (a reviewer signs for what someone else did)."""
    if actor.pk in (application.applied_by_id, application.changed_by_id):
        return _(
            "You entered or last changed this application; another reviewer of the union "
            "approves it."
        )
    if application.person.user_id == actor.pk:
        return _("This is your own application; another reviewer of the union approves it.")
    if application.steps.filter(decided_by=actor).exists():
        return _(
            "You decided an earlier step of this application; another reviewer approves this one."
        )
    return None


def decides_at(actor: User, org: Organization) -> bool:
    """A step is decided by a writing role held at that very union."""
    if actor.is_superuser:
        return True
    return actor.writes_at(org)


@transaction.atomic(durable=True)
def application_decide(
    *,
    actor: User,
    application_id: int,
    step: int,
    decision: str,
    amount: int | None = None,
    comment: str = "",
) -> AidApplication:
    """The union at the application's current step approves (with an amount) or rejects
    (with a reason). The last approval makes the application approved for payment."""
    get_visible_or_404(AidApplication.objects.all(), actor, pk=application_id)
    application = (
        AidApplication.objects.select_for_update(of=("self",))
        .select_related("union")
        .get(pk=application_id)
    )
    if application.status != ApplicationStatus.REVIEWING:
        raise ServiceError(
            _("This application is no longer under review (%(status)s).")
            % {"status": application.get_status_display()},
            code=Code.DECIDED,
        )
    current = application.steps.select_related("org").get(order=application.current_step)
    if step != current.order:
        raise ServiceError(
            _(
                "This application is at step %(n)s, decided by %(org)s; step %(step)s "
                "cannot be decided now."
            )
            % {"n": current.order, "org": current.org.name, "step": step},
            code=Code.WRONG_STEP,
            field="step",
        )
    if not decides_at(actor, current.org):
        raise ServiceError(
            _("Step %(n)s is decided by %(org)s.") % {"n": current.order, "org": current.org.name},
            code=Code.WRONG_LEVEL,
            field="step",
        )
    if decision not in (StepDecision.APPROVED, StepDecision.REJECTED):
        raise ServiceError(_("Approve or reject."), field="decision")
    comment = cleaning.text(
        comment,
        field="comment",
        max_length=500,
        required=decision == StepDecision.REJECTED,
        message=_("Give the applicant a reason, so they know what to do."),
    )
    if decision == StepDecision.APPROVED:
        refusal = own_part(actor, application)
        if refusal:
            raise ServiceError(refusal, code=Code.OWN_ENTRY, field="step")
        amount = check_fen(amount, field="amount")
        if amount > application.requested_amount:
            raise ServiceError(
                _("At most the amount asked for (%(yuan)s yuan).")
                % {"yuan": f"{application.requested_amount / 100:,.2f}"},
                field="amount",
            )
        missing = missing_documents(application)
        if missing:
            labels = "; ".join(str(DocumentKind(k).label) for k in missing)
            raise ServiceError(
                _(
                    "%(kind)s needs these documents before a step can approve it: %(missing)s. "
                    "Upload them on the application."
                )
                % {"kind": application.get_kind_display(), "missing": labels},
                code=Code.NO_PROOF,
                field="admission_proof" if missing == [DocumentKind.ADMISSION] else "documents",
            )
    else:
        amount = None
    now = timezone.now()
    current.decision, current.amount, current.comment = decision, amount, comment
    current.decided_by, current.decided_at = actor, now
    current.save()
    last = not application.steps.filter(order__gt=current.order).exists()
    if decision == StepDecision.REJECTED:
        application.status, application.decided_at = ApplicationStatus.REJECTED, now
    elif last:
        application.status, application.decided_at = ApplicationStatus.APPROVED, now
        application.approved_amount = amount
    else:
        application.current_step = current.order + 1
    application.save()
    if application.status == ApplicationStatus.APPROVED and (amount or 0) > NOTICE_ABOVE:
        _post_notice(actor, application)
    audit.record(
        actor=actor,
        action=Action.APPLICATION_DECIDED,
        obj=application,
        changes={
            "step": current.order,
            "decision": decision,
            "amount": amount,
            "status": application.status,
        },
    )
    return application


def _post_notice(actor: User, application: AidApplication) -> PublicNotice:
    """Aid above NOTICE_ABOVE is shown for public notice for NOTICE_DAYS days (公示)."""
    today = cleaning.today()
    notice = PublicNotice.objects.create(
        application=application,
        union=application.union,
        name_masked=crypto.mask_name(application.person.name),
        kind=application.kind,
        amount=application.approved_amount or 0,
        starts_on=today,
        ends_on=today + timedelta(days=NOTICE_DAYS - 1),
    )
    audit.record(
        actor=actor,
        action=Action.NOTICE_POSTED,
        obj=notice,
        changes={"until": str(notice.ends_on), "amount": notice.amount},
    )
    return notice


def payment_hold(application_id: int) -> str | None:
    """Why the aid of this application cannot be paid yet, or None: its public notice is
    still up, or an objection to it is not resolved."""
    notice = PublicNotice.objects.filter(application_id=application_id).first()
    if notice is None:
        return None
    if cleaning.today() <= notice.ends_on:
        return _("This aid is under public notice until %(day)s; it is paid after that.") % {
            "day": notice.ends_on.isoformat()
        }
    if notice.objections.filter(status=ObjectionStatus.OPEN).exists():
        return _("An objection to this aid is not resolved yet; resolve it before paying.")
    return None


@transaction.atomic(durable=True)
def objection_file(*, actor: User, notice_id: int, text: str) -> Objection:
    """Anyone signed in objects to a notice while it is shown."""
    if not actor.is_authenticated:
        raise NotFound(_("Log in to object."), field="notice_id")
    notice = PublicNotice.objects.filter(pk=notice_id).first()
    today = cleaning.today()
    if notice is None or not (notice.starts_on <= today <= notice.ends_on):
        raise NotFound(_("No such notice is shown now."), field="notice_id")
    text = cleaning.text(
        text,
        field="text",
        max_length=1000,
        required=True,
        message=_("Say what is wrong with this aid, so the union can look into it."),
    )
    objection = Objection.objects.create(notice=notice, text=text, filed_by=actor)
    audit.record(actor=actor, action=Action.OBJECTION_FILED, obj=objection)
    return objection


@transaction.atomic(durable=True)
def objection_resolve(
    *, actor: User, objection_id: int, outcome: str, resolution: str
) -> Objection:
    """The union looks into an objection: upheld withdraws the aid (the application is
    rejected with the resolution as its reason), dismissed lets it be paid."""
    objection = get_visible_or_404(
        Objection.objects.select_for_update(of=("self",)).select_related("notice"),
        actor,
        write=True,
        pk=objection_id,
    )
    if objection.status != ObjectionStatus.OPEN:
        raise ServiceError(_("This objection has been resolved already."), code=Code.DECIDED)
    if outcome not in (ObjectionStatus.UPHELD, ObjectionStatus.DISMISSED):
        raise ServiceError(_("Uphold or dismiss the objection."), field="outcome")
    resolution = cleaning.text(
        resolution,
        field="resolution",
        max_length=1000,
        required=True,
        message=_("Say what was found, for the record."),
    )
    objection.status, objection.resolution = outcome, resolution
    objection.resolved_by, objection.resolved_at = actor, timezone.now()
    objection.save()
    if outcome == ObjectionStatus.UPHELD:
        AidApplication.objects.filter(
            pk=objection.notice.application_id, status=ApplicationStatus.APPROVED
        ).update(status=ApplicationStatus.REJECTED)
    audit.record(
        actor=actor,
        action=Action.OBJECTION_RESOLVED,
        obj=objection,
        changes={"outcome": outcome},
    )
    return objection


@transaction.atomic(durable=True)
def application_withdraw(*, actor: User, application_id: int) -> AidApplication:
    application = _application_for_change(actor, application_id)
    if application.status != ApplicationStatus.REVIEWING:
        raise ServiceError(
            _("Only an application under review can be withdrawn."), code=Code.DECIDED
        )
    application.status, application.decided_at = ApplicationStatus.WITHDRAWN, timezone.now()
    application.save()
    audit.record(actor=actor, action=Action.APPLICATION_WITHDRAWN, obj=application)
    return application


def application_reveal(*, actor: User, application_id: int, purpose: str) -> str:
    """The illness described in a medical-relief application; every read is logged."""
    purpose = _check_purpose("illness", purpose)
    application = get_visible_or_404(
        AidApplication.objects.select_related("union"),
        actor,
        write=True,
        own=True,
        pk=application_id,
    )
    audit.record_sensitive_read(
        actor=actor,
        obj=application,
        field="illness",
        purpose=purpose,
        org_path=application.union.path,
    )
    return crypto.decrypt(application.illness_cipher) if application.illness_cipher else ""
