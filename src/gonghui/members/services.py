"""Every write about members: people, joining, leaving, transfers. Atomic and audited."""

from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Field
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum.cn import ric

from gonghui.core import audit, crypto
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.core.validators import clean_resident_id
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from .models import (
    GIG_KINDS,
    Education,
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


def _today() -> date:
    return timezone.localdate()


def check_id_number(
    id_number: str, *, gender: str = "", birth_date: date | None = None, field: str = "id_number"
) -> tuple[str, str, date]:
    """Validate an ID number; return it with the gender and birth date it encodes.

    A gender or birth date given beside it must agree with what the number says.
    """
    try:
        number = clean_resident_id(id_number)
    except ValidationError as exc:
        raise ServiceError(exc.messages[0], code="invalid_id", field=field) from exc
    derived_gender = "M" if int(number[16]) % 2 else "F"
    derived_birth = ric.get_birth_date(number)
    if gender and gender != derived_gender:
        raise ServiceError(_("The gender does not match the ID number."), field="gender")
    if birth_date and birth_date != derived_birth:
        raise ServiceError(_("The date of birth does not match the ID number."), field="birth_date")
    return number, derived_gender, derived_birth


def _check_choice(value: str, choices, field: str) -> str:
    if value and value not in choices.values:
        raise ServiceError(_("Choose one of the listed values."), field=field)
    return value


def person_find(id_number: str) -> Person | None:
    return Person.objects.filter(id_index=crypto.blind_index(id_number)).first()


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 50:
        raise ServiceError(
            _("Enter the name as on the ID card (at most 50 characters)."), field="name"
        )
    return name


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
        code="no_union",
        field="region",
    )


def _employer(credit_code: str) -> Enterprise | None:
    if not credit_code:
        return None
    employer = Enterprise.objects.filter(credit_code=credit_code.strip().upper()).first()
    if employer is None:
        raise ServiceError(
            _(
                "No enterprise with this credit code is registered. Leave it empty "
                "and give the employer's name instead."
            ),
            field="employer_credit_code",
        )
    return employer


@transaction.atomic
def join_submit(
    *,
    actor,
    name: str,
    id_number: str,
    phone: str,
    region: str,
    work_kind: str = WorkKind.REGULAR,
    employer_credit_code: str = "",
    employer_name: str = "",
    education: str = "",
    political_status: str = "",
    request=None,
) -> JoinRequest:
    """A worker applies to join online; the request goes to the union that takes them in.

    The request carries what the applicant typed and changes no one's record: knowing a
    person's name and ID number must not give a stranger that person's record.
    """
    name = _check_name(name)
    number, gender, birth = check_id_number(id_number)
    _check_choice(education, Education, "education")
    _check_choice(political_status, PoliticalStatus, "political_status")
    _check_choice(work_kind, WorkKind, "work_kind")
    employer = _employer(employer_credit_code)
    user = actor if getattr(actor, "is_authenticated", False) else None
    own = Person.objects.filter(user=user).first() if user is not None else None
    on_file = person_find(number)
    if own is not None and own != on_file:
        raise ServiceError(
            _(
                "This account belongs to another person's record. Sign in with "
                "your own account to apply."
            ),
            code="duplicate_id",
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
                code="already_member",
                field="id_number",
            )
        raise ServiceError(
            _(
                "This ID number is already on a union's register. If it is "
                "yours, sign in with the account you used before, or ask your "
                "union to link this account to your record."
            ),
            code="already_member",
            field="id_number",
        )
    index = crypto.blind_index(number)
    if JoinRequest.objects.filter(id_index=index, status=RequestStatus.PENDING).exists():
        raise ServiceError(
            _("A request with this ID number is still waiting for review."),
            code="pending",
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
    )
    join.set_id_number(number)
    join.set_phone(phone)
    join.save()
    audit.record(
        actor=user,
        actor_name=crypto.mask_name(name),
        action="join_submitted",
        obj=join,
        org_path=union.path,
        ip=audit.client_ip(request),
    )
    return join


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


def _person_from_join(join: JoinRequest) -> Person:
    person = Person(
        name=join.name,
        gender=join.gender,
        birth_date=join.birth_date,
        id_cipher=join.id_cipher,
        id_index=join.id_index,
        id_last4=join.id_last4,
        phone_cipher=join.phone_cipher,
        phone_index=join.phone_index,
        education=join.education,
        political_status=join.political_status,
        work_kind=join.work_kind,
        employer=join.employer,
        employer_name=join.employer_name,
    )
    person.save()
    return person


def _update_person_from_join(person: Person, join: JoinRequest) -> dict:
    changes = {}
    for field in [*JOIN_DETAILS, "employer_id"]:
        value = getattr(join, field)
        if value and value != getattr(person, field):
            changes[field] = [getattr(person, field), value]
            setattr(person, field, value)
    if join.phone_index and join.phone_index != person.phone_index:
        person.phone_cipher, person.phone_index = join.phone_cipher, join.phone_index
        changes["phone"] = ["…", "…"]  # the audit keeps no phone numbers
    if "name" in changes:
        changes["name"] = [crypto.mask_name(v) for v in changes["name"]]
    if changes:
        person.save()
    return changes


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
            _("This person already has an active membership."), code="already_member"
        ) from exc
    membership.number = member_number(union, membership.pk)
    membership.save(update_fields=["number"])
    return membership


def _get(qs, actor, pk, *, write=True):
    return get_visible_or_404(qs.select_for_update(), actor, write=write, pk=pk)


@transaction.atomic
def join_approve(
    *,
    actor,
    join_id: int,
    identity_checked: bool = False,
    update_record: bool = False,
    request=None,
) -> Membership:
    """Approve a join request.

    A new person is created from the request. Where the ID number is already on file, the
    cadre must first confirm that the applicant is that person (ID card against the record),
    and may take the applicant's newer details into the record; only then is the
    applicant's account linked to the record, and the link is audited.
    """
    join = _get(JoinRequest.objects.all(), actor, join_id)
    if join.status != RequestStatus.PENDING:
        raise ServiceError(_("This request has already been decided."), code="decided")
    ip = audit.client_ip(request)
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
                code="identity_unchecked",
                field="identity_checked",
            )
        changes = _update_person_from_join(person, join) if update_record else {}
        audit.record(
            actor=actor,
            action="join_identity_confirmed",
            obj=person,
            org_path=join.union.path,
            changes={"join_request": join.pk, "record_updated": changes},
            ip=ip,
        )
    join.person = person
    today = _today()
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
            action="person_account_linked",
            obj=person,
            org_path=join.union.path,
            changes={"user": applicant.pk},
            ip=ip,
        )
    join.status, join.decided_at, join.decided_by = RequestStatus.APPROVED, timezone.now(), actor
    join.membership = membership
    join.save()
    audit.record(
        actor=actor,
        action="join_approved",
        obj=join,
        org_path=join.union.path,
        changes={"membership": membership.number},
        ip=ip,
    )
    return membership


@transaction.atomic
def join_reject(*, actor, join_id: int, reason: str, request=None) -> JoinRequest:
    reason = reason.strip()
    if not reason:
        raise ServiceError(
            _("Give the applicant a reason, so they know what to do."), field="reason"
        )
    join = _get(JoinRequest.objects.all(), actor, join_id)
    if join.status != RequestStatus.PENDING:
        raise ServiceError(_("This request has already been decided."), code="decided")
    join.status, join.decided_at, join.decided_by = RequestStatus.REJECTED, timezone.now(), actor
    join.reason = reason[:300]
    join.save()
    audit.record(
        actor=actor,
        action="join_rejected",
        obj=join,
        org_path=join.union.path,
        changes={"reason": join.reason},
        ip=audit.client_ip(request),
    )
    return join


@transaction.atomic
def membership_leave(
    *, actor, membership_id: int, reason: str, on: date | None = None, request=None
) -> Membership:
    membership = _get(Membership.objects.all(), actor, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("This membership has already ended."), code="ended")
    if not reason.strip():
        raise ServiceError(_("Give the reason for leaving."), field="reason")
    on = on or _today()
    if on < membership.started_on:
        raise ServiceError(
            _("The day of leaving cannot be before the membership began."), field="on"
        )
    membership.status, membership.ended_on = MembershipStatus.LEFT, on
    membership.end_reason = reason.strip()[:200]
    membership.save()
    audit.record(
        actor=actor,
        action="member_left",
        obj=membership,
        org_path=membership.union.path,
        changes={"reason": membership.end_reason},
        ip=audit.client_ip(request),
    )
    return membership


def _own_or_managed_membership(actor, membership_id: int) -> Membership:
    """A member acts on their own membership; a cadre on those of their subtree."""
    own = Membership.objects.filter(pk=membership_id, person__user=actor).first()
    if own is not None and actor.is_authenticated:
        return own
    return get_visible_or_404(Membership.objects.all(), actor, write=True, pk=membership_id)


@transaction.atomic
def transfer_request(
    *, actor, membership_id: int, to_union_id: int, reason: str = "", request=None
) -> Transfer:
    membership = _own_or_managed_membership(actor, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("Only an active membership can be transferred."), code="ended")
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
                reason=reason.strip()[:300],
            )
    except IntegrityError as exc:
        raise ServiceError(
            _("A transfer of this membership is already under way."), code="open_transfer"
        ) from exc
    audit.record(
        actor=actor,
        action="transfer_requested",
        obj=transfer,
        org_path=membership.union.path,
        ip=audit.client_ip(request),
    )
    return transfer


def _transfer_for(actor, transfer_id: int, side: str) -> Transfer:
    """The transfer, if the actor may act for `side` ("from" or "to") of it."""
    transfer = (
        Transfer.objects.select_for_update()
        .select_related("from_union", "to_union", "membership")
        .filter(pk=transfer_id)
        .first()
    )
    union = None if transfer is None else getattr(transfer, f"{side}_union")
    if union is None or not path_visible(actor, union.path, write=True):
        # Either side may see it; only the right side may act. Outsiders learn nothing.
        if transfer is not None and (
            path_visible(actor, transfer.from_union.path)
            or path_visible(actor, transfer.to_union.path)
        ):
            raise ServiceError(
                _("Only the old union can do this.")
                if side == "from"
                else _("Only the new union can do this."),
                code="wrong_side",
            )
        raise Http404
    assert transfer is not None  # a missing transfer has no union: Http404 above
    return transfer


@transaction.atomic
def transfer_release(*, actor, transfer_id: int, request=None) -> Transfer:
    transfer = _transfer_for(actor, transfer_id, "from")
    if transfer.status != TransferStatus.REQUESTED:
        raise ServiceError(_("This transfer is not waiting for release."), code="decided")
    transfer.status, transfer.released_at = TransferStatus.RELEASED, timezone.now()
    transfer.save()
    audit.record(
        actor=actor,
        action="transfer_released",
        obj=transfer,
        org_path=transfer.from_union.path,
        ip=audit.client_ip(request),
    )
    return transfer


@transaction.atomic
def transfer_accept(*, actor, transfer_id: int, request=None) -> Membership:
    """The new union accepts: the old membership ends, a new one starts, seniority kept."""
    transfer = _transfer_for(actor, transfer_id, "to")
    if transfer.status != TransferStatus.RELEASED:
        raise ServiceError(
            _("The old union has not released this member yet."), code="not_released"
        )
    old = Membership.objects.select_for_update().get(pk=transfer.membership_id)
    today = _today()
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
        action="transfer_accepted",
        obj=transfer,
        org_path=transfer.to_union.path,
        changes={"old": old.number, "new": new.number},
        ip=audit.client_ip(request),
    )
    return new


@transaction.atomic
def transfer_reject(*, actor, transfer_id: int, reason: str, request=None) -> Transfer:
    if not reason.strip():
        raise ServiceError(_("Give the reason for rejecting."), field="reason")
    transfer = (
        Transfer.objects.filter(pk=transfer_id).select_related("from_union", "to_union").first()
    )
    side = (
        "from" if transfer and path_visible(actor, transfer.from_union.path, write=True) else "to"
    )
    transfer = _transfer_for(actor, transfer_id, side)
    if transfer.status not in (TransferStatus.REQUESTED, TransferStatus.RELEASED):
        raise ServiceError(_("This transfer has already been decided."), code="decided")
    transfer.status, transfer.decided_at = TransferStatus.REJECTED, timezone.now()
    transfer.reason = reason.strip()[:300]
    transfer.save()
    audit.record(
        actor=actor,
        action="transfer_rejected",
        obj=transfer,
        org_path=getattr(transfer, f"{side}_union").path,
        ip=audit.client_ip(request),
    )
    return transfer


def person_reveal(*, actor, person_id: int, field: str, purpose: str) -> str:
    """The full ID number or phone, for a cadre who needs it; every read is logged."""
    if field not in {"id_number", "phone"}:
        raise ServiceError(_("Only the ID number or the phone can be revealed."), field="field")
    if not purpose.strip():
        raise ServiceError(
            _("Say why you need the full value; the read is logged."), field="purpose"
        )
    own = (
        Person.objects.filter(pk=person_id, user=actor).first() if actor.is_authenticated else None
    )
    if own is not None:  # a member reading their own record
        person, org_path = own, ""
    else:
        membership = get_visible_or_404(
            Membership.objects.select_related("person", "union"),
            actor,
            write=True,
            person_id=person_id,
            status="active",
        )
        person, org_path = membership.person, membership.union.path
    cipher = person.id_cipher if field == "id_number" else person.phone_cipher
    audit.record_sensitive_read(
        actor=actor, obj=person, field=field, purpose=purpose.strip(), org_path=org_path
    )
    return crypto.decrypt(cipher) if cipher else ""


def card_token(membership: Membership) -> str:
    return signing.dumps({"m": membership.pk}, salt=CARD_SALT, compress=True)


def card_check(token: str) -> Membership | None:
    """The membership a card's QR code stands for, if the signature holds."""
    try:
        data = signing.loads(token, salt=CARD_SALT)
    except signing.BadSignature:
        return None
    return Membership.objects.select_related("union").filter(pk=data.get("m")).first()
