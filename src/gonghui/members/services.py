"""Every write about members: people, joining, leaving, transfers. Atomic and audited."""

import dataclasses
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field, TextChoices
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gonghui.accounts.models import User
from gonghui.accounts.services import member_account_create
from gonghui.core import audit, cleaning, crypto
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.core.updates import audited_update
from gonghui.core.validators import clean_credit_code, resident_id_and_birth_date
from gonghui.orgs.models import Enterprise, Organization, OrgKind, Region

from .codes import Action, Code
from .models import (
    GIG_KINDS,
    Education,
    IdConsent,
    JoinRequest,
    Membership,
    MembershipStatus,
    Person,
    PoliticalStatus,
    RequestStatus,
    Transfer,
    TransferStatus,
    WorkKind,
)

CARD_SALT = "gonghui.member-card"


def check_id_number(
    id_number: str, *, gender: str = "", birth_date: date | None = None, field: str = "id_number"
) -> tuple[str, str, date]:
    """Validate an ID number; return it with the gender and birth date it encodes.

    A gender or birth date given beside it must agree with what the number says.
    """
    try:
        number, derived_birth = resident_id_and_birth_date(id_number)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code=Code.INVALID_ID, field=field) from exc
    derived_gender = "M" if int(number[16]) % 2 else "F"
    if gender and gender != derived_gender:
        raise ServiceError(_("The gender does not match the ID number."), field="gender")
    if birth_date and birth_date != derived_birth:
        raise ServiceError(_("The date of birth does not match the ID number."), field="birth_date")
    return number, derived_gender, derived_birth


def person_find(id_number: str) -> Person | None:
    return Person.objects.filter(id_index=crypto.blind_index(id_number)).first()


def _check_name(name: str) -> str:
    return cleaning.text(
        name,
        field="name",
        max_length=50,
        required=True,
        message=_("Enter the name as on the ID card (at most 50 characters)."),
    )


def join_route(*, work_kind: str, employer: Enterprise | None, region: str) -> Organization:
    """The union that reviews a join request.

    A regular worker goes to the union of their employer. A gig worker, or a worker whose
    employer has no union, goes to a joint (or industry) union of their county that takes
    in their kind of work.
    """
    if employer is not None and work_kind == WorkKind.REGULAR:
        own = Organization.objects.filter(
            enterprise=employer, is_active=True, kind=OrgKind.GRASSROOTS
        ).first()
        if own is not None:
            return own
    county = Organization.objects.filter(
        region_id=region, kind=OrgKind.COUNTY, is_active=True
    ).first()
    if county is None:
        raise ServiceError(
            _(
                "No county federation is registered for this region. Check the "
                "region, or ask your city federation."
            ),
            field="region",
        )
    candidates = list(
        Organization.objects.filter(
            path__startswith=county.path, kind__in=[OrgKind.JOINT, OrgKind.INDUSTRY], is_active=True
        ).order_by("path")
    )
    wanted = work_kind if work_kind in GIG_KINDS else "other_gig"
    for org in candidates:
        if wanted in (org.takes_in or []):
            return org
    if candidates:
        return candidates[0]
    raise ServiceError(
        _(
            "No union in this county takes in your kind of work yet. Please call "
            "the county federation: %(name)s."
        )
        % {"name": county.name},
        code=Code.NO_UNION,
        field="region",
    )


def _employer(
    *, employer_id: int | None, credit_code: str, name: str
) -> tuple[Enterprise | None, str]:
    """The employer on file, chosen by id or by credit code; or (None, the credit code as
    given) for an employer not on file, which then needs its name."""
    if employer_id:
        chosen = Enterprise.objects.filter(pk=employer_id).first()
        if chosen is None:
            raise ServiceError(
                _(
                    "This employer is no longer on file. Search for it again, or choose "
                    "“not on file” and type its name."
                ),
                field="employer",
            )
        return chosen, ""
    if not credit_code.strip():
        return None, ""
    try:
        code = clean_credit_code(credit_code)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], field="employer_credit_code") from exc
    on_file = Enterprise.objects.filter(credit_code=code).first()
    if on_file is not None:
        return on_file, ""
    if not name.strip():
        raise ServiceError(
            _("This credit code is not on file: give the employer's name as well."),
            field="employer_name",
        )
    return None, code


# The text a worker agrees to, separately from the privacy notice, before their ID number
# is processed (PIPL art. 29-30): members/_id_consent_text.html. A changed text gets a new
# version, so that each consent says which text it was given to.
ID_CONSENT_VERSION = "2026-12"


def _check_id_consent(version: str) -> str:
    if version != ID_CONSENT_VERSION:
        raise ServiceError(
            _(
                "Tick the separate consent to process your ID number: without it the union "
                "cannot check who you are, so it cannot take your request."
            ),
            code=Code.CONSENT_NEEDED,
            field="id_consent",
        )
    return version


def join_union(
    *,
    work_kind: str,
    region: str,
    employer_id: int | None = None,
    employer_credit_code: str = "",
    employer_name: str = "",
    **_details,
) -> Organization:
    """The union that would review a request with these details: what the join page
    shows before the applicant sends it. Reads only; `_details` are the request's other
    details, which do not change the route."""
    work_kind = cleaning.choice(work_kind, WorkKind, field="work_kind")
    if not Region.objects.filter(code=region, level=Region.Level.COUNTY).exists():
        raise ServiceError(_("Choose the county or district where you work."), field="region")
    employer, _code = _employer(
        employer_id=employer_id, credit_code=employer_credit_code, name=employer_name
    )
    return join_route(work_kind=work_kind, employer=employer, region=region)


def _optional_choice(value: str, choices, field: str) -> str:
    return cleaning.choice(value, choices, field=field) if value else ""


@transaction.atomic
def _join(
    *,
    actor: User | AnonymousUser,
    name: str,
    id_number: str,
    phone: str,
    region: str,
    id_consent: str,
    work_kind: str = WorkKind.REGULAR,
    employer_id: int | None = None,
    employer_credit_code: str = "",
    employer_name: str = "",
    education: str = "",
    political_status: str = "",
) -> JoinRequest:
    name = _check_name(name)
    number, gender, birth = check_id_number(id_number)
    consent_version = _check_id_consent(id_consent)
    education = _optional_choice(education, Education, "education")
    political_status = _optional_choice(political_status, PoliticalStatus, "political_status")
    work_kind = cleaning.choice(work_kind, WorkKind, field="work_kind")
    employer_name = cleaning.text(employer_name, field="employer_name", max_length=120)
    employer, unlisted_code = _employer(
        employer_id=employer_id, credit_code=employer_credit_code, name=employer_name
    )
    user = actor if isinstance(actor, User) else None
    own = Person.objects.filter(user=user).first() if user is not None else None
    on_file = person_find(number)
    if own is not None and own != on_file:
        raise ServiceError(
            _(
                "This account belongs to another person's record. Sign in with "
                "your own account to apply."
            ),
            code=Code.DUPLICATE_ID,
            field="id_number",
        )
    active = (
        on_file
        and on_file.memberships.filter(status=MembershipStatus.ACTIVE)
        .select_related("union")
        .first()
    )
    if active:
        # Only the record's own account learns which union; anyone else learns no more
        # than that the number is on a register.
        if own is not None:
            raise ServiceError(
                _("You are already a member of %(union)s. To change union, ask for a transfer.")
                % {"union": active.union.name},
                code=Code.ALREADY_MEMBER,
                field="id_number",
            )
        raise ServiceError(
            _(
                "This ID number is already on a union's register. If it is "
                "yours, sign in with the account you used before, or ask your "
                "union to link this account to your record."
            ),
            code=Code.ALREADY_MEMBER,
            field="id_number",
        )
    index = crypto.blind_index(number)
    if JoinRequest.objects.filter(id_index=index, status=RequestStatus.PENDING).exists():
        raise ServiceError(
            _("A request with this ID number is still waiting for review."),
            code=Code.PENDING,
            field="id_number",
        )
    union = join_route(work_kind=work_kind, employer=employer, region=region)
    join = JoinRequest(
        applicant=user,
        person=on_file,
        union=union,
        name=name,
        gender=gender,
        birth_date=birth,
        education=education,
        political_status=political_status,
        work_kind=work_kind,
        employer=employer,
        employer_name=employer_name or (employer.name if employer else ""),
        employer_credit_code=unlisted_code,
    )
    join.set_id_number(number)
    join.set_phone(phone)
    join.save()
    if user is not None:
        IdConsent.objects.create(
            user=user, join_request=join, version=consent_version, given_at=timezone.now()
        )
    audit.record(
        actor=user, actor_name=crypto.mask_name(name), action=Action.JOIN_SUBMITTED, obj=join
    )
    return join


@transaction.atomic(durable=True)
def join_submit(*, actor: User | AnonymousUser, **details) -> JoinRequest:
    """A worker applies to join online; the request goes to the union that takes them in.

    The request carries what the applicant typed and changes no one's record: knowing a
    person's name and ID number must not give a stranger that person's record. The
    details are `_join`'s: name, id_number, phone, region, id_consent (the version of the
    consent text the applicant agreed to), and optionally work_kind, employer_id (an
    enterprise on file), employer_credit_code (on file or not), employer_name, education,
    political_status.
    """
    return _join(actor=actor, **details)


@transaction.atomic(durable=True)
def join_submit_with_account(*, phone: str, password: str, **details) -> JoinRequest:
    """A newcomer's request and their own account (the request's applicant), made
    together: a refused request leaves no account behind."""
    user = member_account_create(phone=phone, password=password)
    return _join(actor=user, phone=phone, **details)


JOIN_DETAILS = ["name", "work_kind", "employer_name", "education", "political_status"]


def join_differences(join: JoinRequest) -> list[dict]:
    """Where the applicant's details differ from the record on file, for the reviewer.

    Phones are compared by their keyed hashes and shown masked."""
    person = join.person
    if person is None:
        return []
    out = []
    for field in JOIN_DETAILS:
        applied, on_file = getattr(join, field), getattr(person, field)
        if applied and applied != on_file:
            display = f"get_{field}_display"
            model_field = JoinRequest._meta.get_field(field)
            assert isinstance(model_field, Field)  # JOIN_DETAILS are the model's own fields
            out.append(
                {
                    "field": field,
                    "label": str(model_field.verbose_name),
                    "on_file": getattr(person, display)() if hasattr(person, display) else on_file,
                    "applied": getattr(join, display)() if hasattr(join, display) else applied,
                }
            )
    if join.phone_index and join.phone_index != person.phone_index:
        out.append(
            {
                "field": "phone",
                "label": str(_("phone")),
                "on_file": person.phone_masked,
                "applied": join.phone_masked,
            }
        )
    return out


# What a join request brings to a person: on approval of a newcomer, all of it; for a
# person on file, the newer details the cadre takes into the record (join_approve).
JOIN_PERSON_FIELDS = [*JOIN_DETAILS, "employer_id", "phone_cipher", "phone_index"]
# The person's audited fields, with the name and the phone masked as pages show them:
# the audit keeps neither in full.
PERSON_AUDIT_FIELDS = [
    "name_masked",
    "work_kind",
    "employer_name",
    "employer_id",
    "education",
    "political_status",
    "phone_masked",
]


def _person_from_join(join: JoinRequest) -> Person:
    person = Person(
        gender=join.gender,
        birth_date=join.birth_date,
        id_cipher=join.id_cipher,
        id_index=join.id_index,
        id_last4=join.id_last4,
        **{field: getattr(join, field) for field in JOIN_PERSON_FIELDS},
    )
    person.save()
    return person


def _update_person_from_join(actor: User, person: Person, join: JoinRequest) -> None:
    """The applicant's newer details into the record: each one they gave that differs."""
    changes = {
        field: getattr(join, field)
        for field in [*JOIN_DETAILS, "employer_id"]
        if getattr(join, field) and getattr(join, field) != getattr(person, field)
    }
    if join.phone_index and join.phone_index != person.phone_index:
        changes |= {"phone_cipher": join.phone_cipher, "phone_index": join.phone_index}
    audited_update(
        person,
        changes,
        actor=actor,
        editable=dict.fromkeys(JOIN_PERSON_FIELDS),  # checked on the request, then full_clean
        audit_fields=PERSON_AUDIT_FIELDS,
        action=Action.PERSON_UPDATED,
        org_path=join.union.path,  # a person belongs to no organization: the reviewing union
    )


def member_number(union: Organization, pk: int) -> str:
    """The union's region code and ten digits of the membership's id: unique, and says
    where the member joined."""
    return f"{union.region_id or '000000'}{pk:010d}"


def _new_membership(
    *, person: Person, union: Organization, joined_on: date, started_on: date
) -> Membership:
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person,
                union=union,
                joined_on=joined_on,
                started_on=started_on,
                number=f"tmp-{person.pk}-{union.pk}",
            )
    except IntegrityError as exc:  # the database's one-active-membership rule
        raise ServiceError(
            _("This person already has an active membership."), code=Code.ALREADY_MEMBER
        ) from exc
    membership.number = member_number(union, membership.pk)
    membership.save(update_fields=["number"])
    return membership


def _join_for_decision(actor: User, join_id: int) -> JoinRequest:
    join = get_visible_or_404(
        JoinRequest.objects.select_for_update(), actor, write=True, pk=join_id
    )
    if join.status != RequestStatus.PENDING:
        raise ServiceError(_("This request has already been decided."), code=Code.DECIDED)
    return join


@transaction.atomic(durable=True)
def join_approve(
    *,
    actor: User,
    join_id: int,
    identity_checked: bool = False,
    update_record: bool = False,
) -> Membership:
    return _approve(actor, join_id, identity_checked=identity_checked, update_record=update_record)


def _approve(
    actor: User, join_id: int, *, identity_checked: bool = False, update_record: bool = False
) -> Membership:
    """Approve a join request.

    A new person is created from the request. Where the ID number is already on file, the
    cadre must first confirm that the applicant is that person (ID card against the record),
    and may take the applicant's newer details into the record; only then is the
    applicant's account linked to the record, and the link is audited.
    """
    join = _join_for_decision(actor, join_id)
    # A person belongs to no organization: their rows go to the reviewing union.
    org_path = join.union.path
    person = join.person or Person.objects.filter(id_index=join.id_index).first()
    if person is None:
        person = _person_from_join(join)
    else:
        if not identity_checked:
            raise ServiceError(
                _(
                    "This ID number is already on file. Compare the applicant's "
                    "ID card with the record, then confirm their identity to "
                    "approve."
                ),
                code=Code.IDENTITY_UNCHECKED,
                field="identity_checked",
            )
        audit.record(
            actor=actor,
            action=Action.JOIN_IDENTITY_CONFIRMED,
            obj=person,
            org_path=org_path,
            changes={"join_request": join.pk, "update_record": update_record},
        )
        if update_record:  # what changed is the person_updated row's difference
            _update_person_from_join(actor, person, join)
    join.person = person
    today = cleaning.today()
    membership = _new_membership(person=person, union=join.union, joined_on=today, started_on=today)
    applicant = join.applicant
    if (
        applicant is not None
        and person.user_id is None
        and not Person.objects.filter(user=applicant).exists()
    ):
        person.user = applicant
        person.save(update_fields=["user"])
        audit.record(
            actor=actor,
            action=Action.PERSON_ACCOUNT_LINKED,
            obj=person,
            org_path=org_path,
            changes={"user": applicant.pk},
        )
    join.status, join.decided_at, join.decided_by = RequestStatus.APPROVED, timezone.now(), actor
    join.membership = membership
    join.save()
    audit.record(
        actor=actor,
        action=Action.JOIN_APPROVED,
        obj=join,
        changes={"membership": membership.number},
    )
    return membership


def _rejection_reason(reason: str) -> str:
    return cleaning.text(
        reason,
        field="reason",
        max_length=300,
        required=True,
        message=_("Give the applicant a reason, so they know what to do."),
    )


@transaction.atomic(durable=True)
def join_reject(*, actor: User, join_id: int, reason: str) -> JoinRequest:
    return _reject(actor, join_id, _rejection_reason(reason))


def _reject(actor: User, join_id: int, reason: str) -> JoinRequest:
    join = _join_for_decision(actor, join_id)
    join.status, join.decided_at, join.decided_by = RequestStatus.REJECTED, timezone.now(), actor
    join.reason = reason
    join.save()
    audit.record(
        actor=actor, action=Action.JOIN_REJECTED, obj=join, changes={"reason": join.reason}
    )
    return join


MAX_BATCH = 200


@dataclasses.dataclass
class BatchOutcome:
    """What a batch decision did: the requests decided, and each one left with its reason."""

    decided: list[int] = dataclasses.field(default_factory=list)
    memberships: dict[int, str] = dataclasses.field(
        default_factory=dict
    )  # request id -> member number
    refused: dict[int, str] = dataclasses.field(default_factory=dict)  # request id -> why not


@transaction.atomic(durable=True)
def join_decide_batch(
    *, actor: User, join_ids: list[int], decision: str, reason: str = ""
) -> BatchOutcome:
    """Approve several join requests, or reject them all with one reason.

    Each request is decided on its own savepoint: one that cannot be decided here (already
    decided, outside the actor's unions, an ID number on file that needs the identity check
    of the single approval) is left waiting with its reason, and the others go through.
    """
    if decision not in ("approve", "reject"):
        raise ServiceError(_("Approve or reject."), field="decision")
    ids = sorted({int(i) for i in join_ids})
    if not ids:
        raise ServiceError(_("Choose at least one request."), field="join_ids")
    if len(ids) > MAX_BATCH:
        raise ServiceError(
            _("At most %(n)s requests at a time.") % {"n": MAX_BATCH}, field="join_ids"
        )
    if decision == "reject":
        reason = _rejection_reason(reason)
    outcome = BatchOutcome()
    for join_id in ids:  # ascending ids: locks taken in primary-key order
        try:
            with transaction.atomic():
                if decision == "approve":
                    outcome.memberships[join_id] = _approve(actor, join_id).number
                else:
                    _reject(actor, join_id, reason)
        except ServiceError as exc:
            outcome.refused[join_id] = str(exc.message)
        except Http404:
            outcome.refused[join_id] = _("No such request waits in your unions.")
        else:
            outcome.decided.append(join_id)
    return outcome


@transaction.atomic(durable=True)
def membership_leave(
    *, actor: User, membership_id: int, reason: str, on: date | None = None
) -> Membership:
    membership = get_visible_or_404(
        Membership.objects.select_for_update(), actor, write=True, pk=membership_id
    )
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("This membership has already ended."), code=Code.ENDED)
    reason = cleaning.text(
        reason,
        field="reason",
        max_length=200,
        required=True,
        message=_("Give the reason for leaving."),
    )
    on = on or cleaning.today()
    if on < membership.started_on:
        raise ServiceError(
            _("The day of leaving cannot be before the membership began."), field="on"
        )
    membership.status, membership.ended_on, membership.end_reason = (
        MembershipStatus.LEFT,
        on,
        reason,
    )
    membership.save()
    audit.record(
        actor=actor,
        action=Action.MEMBER_LEFT,
        obj=membership,
        changes={"reason": membership.end_reason},
    )
    return membership


@transaction.atomic(durable=True)
def transfer_request(
    *, actor: User, membership_id: int, to_union_id: int, reason: str = ""
) -> Transfer:
    """A member asks to move their own membership; a cadre, one of their subtree."""
    membership = get_visible_or_404(
        Membership.objects.select_related("union"),
        actor,
        write=True,
        own=True,
        pk=membership_id,
    )
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("Only an active membership can be transferred."), code=Code.ENDED)
    reason = cleaning.text(reason, field="reason", max_length=300)
    to_union = Organization.objects.filter(
        pk=to_union_id,
        is_active=True,
        kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY],
    ).first()
    if to_union is None:
        raise NotFound(_("No such union takes in members."), field="to_union_id")
    if to_union.pk == membership.union_id:
        raise ServiceError(_("The member already belongs to this union."), field="to_union_id")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                membership=membership,
                from_union=membership.union,
                to_union=to_union,
                requested_by=actor,
                reason=reason,
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("A transfer of this membership is already under way."), code=Code.OPEN_TRANSFER
        ) from exc
    audit.record(actor=actor, action=Action.TRANSFER_REQUESTED, obj=transfer)
    return transfer


def _transfer_for(actor: User, transfer_id: int, *sides: str) -> tuple[Transfer, str]:
    """The transfer and the first of `sides` ("from", "to") the actor may act for. Both
    unions see it; only the right one acts; outsiders learn nothing (404)."""
    transfer = get_visible_or_404(
        Transfer.objects.select_for_update().select_related("from_union", "to_union", "membership"),
        actor,
        pk=transfer_id,
    )
    for side in sides:
        if path_visible(actor, getattr(transfer, f"{side}_union").path, write=True):
            return transfer, side
    raise ServiceError(
        _("Only the old union can do this.")
        if sides[-1] == "from"
        else _("Only the new union can do this."),
        code=Code.WRONG_SIDE,
    )


@transaction.atomic(durable=True)
def transfer_release(*, actor: User, transfer_id: int) -> Transfer:
    transfer, _side = _transfer_for(actor, transfer_id, "from")
    if transfer.status != TransferStatus.REQUESTED:
        raise ServiceError(_("This transfer is not waiting for release."), code=Code.DECIDED)
    transfer.status, transfer.released_at = TransferStatus.RELEASED, timezone.now()
    transfer.save()
    audit.record(actor=actor, action=Action.TRANSFER_RELEASED, obj=transfer)
    return transfer


@transaction.atomic(durable=True)
def transfer_accept(*, actor: User, transfer_id: int) -> Membership:
    """The new union accepts: the old membership ends, a new one starts, seniority kept."""
    transfer, _side = _transfer_for(actor, transfer_id, "to")
    if transfer.status != TransferStatus.RELEASED:
        raise ServiceError(
            _("The old union has not released this member yet."), code=Code.NOT_RELEASED
        )
    old = Membership.objects.select_for_update().get(pk=transfer.membership_id)
    today = cleaning.today()
    old.status, old.ended_on = MembershipStatus.TRANSFERRED, today
    old.end_reason = _("transferred to %(union)s") % {"union": transfer.to_union.name}
    old.save()
    new = _new_membership(
        person=old.person, union=transfer.to_union, joined_on=old.joined_on, started_on=today
    )
    transfer.status, transfer.decided_at, transfer.new_membership = (
        TransferStatus.ACCEPTED,
        timezone.now(),
        new,
    )
    transfer.save()
    audit.record(
        actor=actor,
        action=Action.TRANSFER_ACCEPTED,
        obj=transfer,
        org_path=transfer.to_union.path,  # the new union's step
        changes={"old": old.number, "new": new.number},
    )
    return new


@transaction.atomic(durable=True)
def transfer_reject(*, actor: User, transfer_id: int, reason: str) -> Transfer:
    reason = cleaning.text(
        reason,
        field="reason",
        max_length=300,
        required=True,
        message=_("Give the reason for rejecting."),
    )
    transfer, side = _transfer_for(actor, transfer_id, "from", "to")
    if transfer.status not in (TransferStatus.REQUESTED, TransferStatus.RELEASED):
        raise ServiceError(_("This transfer has already been decided."), code=Code.DECIDED)
    transfer.status, transfer.decided_at = TransferStatus.REJECTED, timezone.now()
    transfer.reason = reason
    transfer.save()
    audit.record(
        actor=actor,
        action=Action.TRANSFER_REJECTED,
        obj=transfer,
        org_path=getattr(transfer, f"{side}_union").path,  # the union that rejected it
    )
    return transfer


@transaction.atomic(durable=True)
def person_reveal(*, actor: User, person_id: int, field: str, purpose: str) -> str:
    """The full ID number or phone, for a cadre who needs it or the member themself
    (through their active membership); every read is logged."""
    if field not in {"id_number", "phone"}:
        raise ServiceError(_("Only the ID number or the phone can be revealed."), field="field")
    purpose = cleaning.text(
        purpose,
        field="purpose",
        required=True,
        message=_("Say why you need the full value; the read is logged."),
    )
    membership = get_visible_or_404(
        Membership.objects.select_related("person", "union"),
        actor,
        write=True,
        own=True,
        person_id=person_id,
        status=MembershipStatus.ACTIVE,
    )
    person = membership.person
    # A member reading their own record: a read of no union's.
    org_path = "" if person.user_id == actor.pk else membership.union.path
    cipher = person.id_cipher if field == "id_number" else person.phone_cipher
    audit.record_sensitive_read(
        actor=actor, obj=person, field=field, purpose=purpose, org_path=org_path
    )
    return crypto.decrypt(cipher) if cipher else ""


CARD_DAYS = 365  # a card's code is good for a year; the card page renews it


class CardState(TextChoices):
    VALID = "valid", gettext_lazy("valid")
    EXPIRED = "expired", gettext_lazy("expired")
    ENDED = "ended", gettext_lazy("membership ended")
    INVALID = "invalid", gettext_lazy("invalid")


@dataclasses.dataclass(frozen=True)
class CardCheck:
    state: CardState
    membership: Membership | None  # only for a valid card: nobody learns more of the others
    expires_on: date | None = None


def card_token(membership: Membership, today: date | None = None) -> str:
    """The card's code: the membership and the day it expires, signed. The member's card
    page issues a fresh one (good for CARD_DAYS) each time it is opened."""
    expires = (today or cleaning.today()) + timedelta(days=CARD_DAYS)
    return signing.dumps(
        {"m": membership.pk, "e": expires.isoformat()}, salt=CARD_SALT, compress=True
    )


def card_expiry(token: str) -> date | None:
    try:
        return date.fromisoformat(signing.loads(token, salt=CARD_SALT)["e"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def card_check(token: str, today: date | None = None) -> CardCheck:
    """What a card's QR code says: valid, expired, ended (the membership is over) or
    invalid (damaged or forged). A code from before cards expired carries no date and
    counts as expired: the member opens their card page for a new one."""
    try:
        data = signing.loads(token, salt=CARD_SALT)
        membership_id = int(data["m"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return CardCheck(CardState.INVALID, None)
    # The id comes from our own signature, not from the caller: no scope to apply.
    membership = Membership.objects.select_related("union").filter(pk=membership_id).first()
    if membership is None or membership.status != MembershipStatus.ACTIVE:
        return CardCheck(CardState.ENDED, None)
    expires = card_expiry(token)
    if expires is None or expires < (today or cleaning.today()):
        return CardCheck(CardState.EXPIRED, None, expires)
    return CardCheck(CardState.VALID, membership, expires)


@transaction.atomic(durable=True)
def id_consent_withdraw(*, actor: User, consent_id: int) -> IdConsent:
    """The worker withdraws their consent to the processing of their ID number (PIPL art.
    15, 47): from now on the number is not processed. It is erased from their join
    requests and from their record on the register (a request still waiting is closed:
    nobody can check who applied); the record keeps a keyed, one-way fingerprint of the
    number only, so that the same person is not registered twice. Memberships, dues and
    the history of what the union did for them are kept, as the law allows."""
    consent = IdConsent.objects.select_for_update().filter(pk=consent_id, user_id=actor.pk).first()
    if consent is None:
        raise NotFound()
    if consent.withdrawn_at is not None:
        raise ServiceError(
            _("You withdrew this consent already; your ID number was erased then."),
            code=Code.CONSENT_WITHDRAWN,
        )
    now = timezone.now()
    # One number, one consent: withdrawing any of them withdraws them all.
    IdConsent.objects.filter(user_id=actor.pk, withdrawn_at__isnull=True).update(withdrawn_at=now)
    closed = 0
    for join in JoinRequest.objects.select_for_update().filter(applicant_id=actor.pk):
        if join.status == RequestStatus.PENDING:
            join.status, join.decided_at, closed = RequestStatus.REJECTED, now, closed + 1
            join.reason = _(
                "Closed: the applicant withdrew the consent to process their ID number."
            )
        join.id_cipher, join.id_index, join.id_last4 = "", "", ""
        join.save(
            update_fields=["status", "decided_at", "reason", "id_cipher", "id_index", "id_last4"]
        )
    person = Person.objects.select_for_update().filter(user_id=actor.pk).first()
    union_path = ""
    if person is not None:
        person.id_cipher, person.id_last4 = "", ""
        person.save(update_fields=["id_cipher", "id_last4", "updated_at"])
        active = person.memberships.filter(status=MembershipStatus.ACTIVE).first()
        union_path = active.union.path if active else ""
    consent.refresh_from_db()
    audit.record(
        actor=actor,
        action=Action.ID_CONSENT_WITHDRAWN,
        obj=consent,
        changes={"version": consent.version, "requests_closed": closed, "record": bool(person)},
        org_path=union_path,  # the member's union sees that its record lost the number
    )
    return consent
