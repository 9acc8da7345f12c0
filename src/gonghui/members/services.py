"""Every write about members: people, joining, leaving, transfers. Atomic and audited."""

from datetime import date

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
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
PERSON_FIELDS = ["name", "gender", "birth_date", "education", "political_status", "work_kind",
                 "employer", "employer_name"]


def _today() -> date:
    return timezone.localdate()


def check_id_number(id_number: str, *, gender: str = "", birth_date: date | None = None,
                    field: str = "id_number") -> tuple[str, str, date]:
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
        raise ServiceError(_("The date of birth does not match the ID number."),
                           field="birth_date")
    return number, derived_gender, derived_birth


def _check_choice(value: str, choices, field: str) -> str:
    if value and value not in choices.values:
        raise ServiceError(_("Choose one of the listed values."), field=field)
    return value


def person_find(id_number: str) -> Person | None:
    return Person.objects.filter(id_index=crypto.blind_index(id_number)).first()


def person_upsert(*, name: str, id_number: str, phone: str = "", gender: str = "",
                  birth_date: date | None = None, education: str = "",
                  political_status: str = "", work_kind: str = WorkKind.REGULAR,
                  employer: Enterprise | None = None, employer_name: str = "",
                  user=None) -> tuple[Person, bool]:
    """The person with this ID number, created or brought up to date. Caller audits."""
    name = name.strip()
    if not name or len(name) > 50:
        raise ServiceError(_("Enter the name as on the ID card (at most 50 characters)."),
                           field="name")
    number, gender, birth = check_id_number(id_number, gender=gender, birth_date=birth_date)
    _check_choice(education, Education, "education")
    _check_choice(political_status, PoliticalStatus, "political_status")
    _check_choice(work_kind, WorkKind, "work_kind")
    person = person_find(number)
    created = person is None
    if created:
        person = Person()
        person.set_id_number(number)
    elif person.name != name:
        raise ServiceError(_("This ID number is registered under another name. Check the "
                             "number, or ask the union to correct the record."),
                           code="duplicate_id", field="id_number")
    person.name, person.gender, person.birth_date = name, gender, birth
    person.education = education or person.education
    person.political_status = political_status or person.political_status
    person.work_kind = work_kind
    person.employer = employer
    person.employer_name = employer_name or (employer.name if employer else "")
    if phone:
        person.set_phone(phone)
    if user is not None and person.user_id is None:
        person.user = user
    person.save()
    return person, created


def join_route(*, work_kind: str, employer: Enterprise | None, region: str) -> Organization:
    """The union that reviews a join request.

    A regular worker goes to the union of their employer. A gig worker, or a worker whose
    employer has no union, goes to a joint (or industry) union of their county that takes
    in their kind of work.
    """
    if employer is not None and work_kind == WorkKind.REGULAR:
        own = (Organization.objects.filter(enterprise=employer, is_active=True,
                                           kind=OrgKind.GRASSROOTS).first())
        if own is not None:
            return own
    county = Organization.objects.filter(region_id=region, kind=OrgKind.COUNTY,
                                         is_active=True).first()
    if county is None:
        raise ServiceError(_("No county federation is registered for this region. Check the "
                             "region, or ask your city federation."), field="region")
    candidates = list(Organization.objects.filter(
        path__startswith=county.path, kind__in=[OrgKind.JOINT, OrgKind.INDUSTRY],
        is_active=True).order_by("path"))
    wanted = work_kind if work_kind in GIG_KINDS else "other_gig"
    for org in candidates:
        if wanted in (org.takes_in or []):
            return org
    if candidates:
        return candidates[0]
    raise ServiceError(_("No union in this county takes in your kind of work yet. Please call "
                       "the county federation: %(name)s.") % {"name": county.name},
                       code="no_union", field="region")


def _employer(credit_code: str) -> Enterprise | None:
    if not credit_code:
        return None
    employer = Enterprise.objects.filter(credit_code=credit_code.strip().upper()).first()
    if employer is None:
        raise ServiceError(_("No enterprise with this credit code is registered. Leave it empty "
                             "and give the employer's name instead."),
                           field="employer_credit_code")
    return employer


@transaction.atomic
def join_submit(*, actor, name: str, id_number: str, phone: str, region: str,
                work_kind: str = WorkKind.REGULAR, employer_credit_code: str = "",
                employer_name: str = "", education: str = "", political_status: str = "",
                request=None) -> JoinRequest:
    """A worker applies to join online; the request goes to the union that takes them in."""
    employer = _employer(employer_credit_code)
    user = actor if getattr(actor, "is_authenticated", False) else None
    person, _created = person_upsert(
        name=name, id_number=id_number, phone=phone, education=education,
        political_status=political_status, work_kind=work_kind, employer=employer,
        employer_name=employer_name, user=user)
    if user is not None and person.user_id != user.pk:
        raise ServiceError(_("This ID number belongs to another account."),
                           code="duplicate_id", field="id_number")
    active = person.memberships.filter(status=MembershipStatus.ACTIVE).select_related("union")
    if active.exists():
        raise ServiceError(_("You are already a member of %(union)s. To change union, ask for "
                             "a transfer.") % {"union": active[0].union.name},
                           code="already_member", field="id_number")
    if person.join_requests.filter(status=RequestStatus.PENDING).exists():
        raise ServiceError(_("Your earlier request is still waiting for review."),
                           code="pending", field="id_number")
    union = join_route(work_kind=work_kind, employer=employer, region=region)
    join = JoinRequest.objects.create(person=person, union=union)
    audit.record(actor=user, actor_name=name, action="join_submitted", obj=join,
                 org_path=union.path, ip=audit.client_ip(request))
    return join


def member_number(union: Organization, pk: int) -> str:
    """The union's region code and ten digits of the membership's id: unique, and says
    where the member joined."""
    return f"{union.region_id or '000000'}{pk:010d}"


def _new_membership(*, person: Person, union: Organization, joined_on: date,
                    started_on: date) -> Membership:
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                person=person, union=union, joined_on=joined_on, started_on=started_on,
                number=f"tmp-{person.pk}-{union.pk}")
    except IntegrityError as exc:  # the database's one-active-membership rule
        raise ServiceError(_("This person already has an active membership."),
                           code="already_member") from exc
    membership.number = member_number(union, membership.pk)
    membership.save(update_fields=["number"])
    return membership


def _get(qs, actor, pk, *, write=True):
    return get_visible_or_404(qs.select_for_update(), actor, write=write, pk=pk)


@transaction.atomic
def join_approve(*, actor, join_id: int, request=None) -> Membership:
    join = _get(JoinRequest.objects.all(), actor, join_id)
    if join.status != RequestStatus.PENDING:
        raise ServiceError(_("This request has already been decided."), code="decided")
    today = _today()
    membership = _new_membership(person=join.person, union=join.union, joined_on=today,
                                 started_on=today)
    join.status, join.decided_at, join.decided_by = RequestStatus.APPROVED, timezone.now(), actor
    join.membership = membership
    join.save()
    audit.record(actor=actor, action="join_approved", obj=join, org_path=join.union.path,
                 changes={"membership": membership.number}, ip=audit.client_ip(request))
    return membership


@transaction.atomic
def join_reject(*, actor, join_id: int, reason: str, request=None) -> JoinRequest:
    reason = reason.strip()
    if not reason:
        raise ServiceError(_("Give the applicant a reason, so they know what to do."),
                           field="reason")
    join = _get(JoinRequest.objects.all(), actor, join_id)
    if join.status != RequestStatus.PENDING:
        raise ServiceError(_("This request has already been decided."), code="decided")
    join.status, join.decided_at, join.decided_by = RequestStatus.REJECTED, timezone.now(), actor
    join.reason = reason[:300]
    join.save()
    audit.record(actor=actor, action="join_rejected", obj=join, org_path=join.union.path,
                 changes={"reason": join.reason}, ip=audit.client_ip(request))
    return join


@transaction.atomic
def membership_leave(*, actor, membership_id: int, reason: str, on: date | None = None,
                     request=None) -> Membership:
    membership = _get(Membership.objects.all(), actor, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("This membership has already ended."), code="ended")
    if not reason.strip():
        raise ServiceError(_("Give the reason for leaving."), field="reason")
    on = on or _today()
    if on < membership.started_on:
        raise ServiceError(_("The day of leaving cannot be before the membership began."),
                           field="on")
    membership.status, membership.ended_on = MembershipStatus.LEFT, on
    membership.end_reason = reason.strip()[:200]
    membership.save()
    audit.record(actor=actor, action="member_left", obj=membership,
                 org_path=membership.union.path, changes={"reason": membership.end_reason},
                 ip=audit.client_ip(request))
    return membership


def _own_or_managed_membership(actor, membership_id: int) -> Membership:
    """A member acts on their own membership; a cadre on those of their subtree."""
    own = Membership.objects.filter(pk=membership_id, person__user=actor).first()
    if own is not None and actor.is_authenticated:
        return own
    return get_visible_or_404(Membership.objects.all(), actor, write=True, pk=membership_id)


@transaction.atomic
def transfer_request(*, actor, membership_id: int, to_union_id: int, reason: str = "",
                     request=None) -> Transfer:
    membership = _own_or_managed_membership(actor, membership_id)
    if membership.status != MembershipStatus.ACTIVE:
        raise ServiceError(_("Only an active membership can be transferred."), code="ended")
    to_union = Organization.objects.filter(
        pk=to_union_id, is_active=True,
        kind__in=[OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY]).first()
    if to_union is None:
        raise NotFound(_("No such union takes in members."), field="to_union_id")
    if to_union.pk == membership.union_id:
        raise ServiceError(_("The member already belongs to this union."), field="to_union_id")
    try:
        with transaction.atomic():
            transfer = Transfer.objects.create(
                membership=membership, from_union=membership.union, to_union=to_union,
                requested_by=actor, reason=reason.strip()[:300])
    except IntegrityError as exc:
        raise ServiceError(_("A transfer of this membership is already under way."),
                           code="open_transfer") from exc
    audit.record(actor=actor, action="transfer_requested", obj=transfer,
                 org_path=membership.union.path, ip=audit.client_ip(request))
    return transfer


def _transfer_for(actor, transfer_id: int, side: str) -> Transfer:
    """The transfer, if the actor may act for `side` ("from" or "to") of it."""
    transfer = Transfer.objects.select_for_update().select_related(
        "from_union", "to_union", "membership").filter(pk=transfer_id).first()
    union = None if transfer is None else getattr(transfer, f"{side}_union")
    if union is None or not path_visible(actor, union.path, write=True):
        # Either side may see it; only the right side may act. Outsiders learn nothing.
        if transfer is not None and (path_visible(actor, transfer.from_union.path)
                                     or path_visible(actor, transfer.to_union.path)):
            raise ServiceError(_("Only the old union can do this.") if side == "from"
                               else _("Only the new union can do this."), code="wrong_side")
        raise Http404
    return transfer


@transaction.atomic
def transfer_release(*, actor, transfer_id: int, request=None) -> Transfer:
    transfer = _transfer_for(actor, transfer_id, "from")
    if transfer.status != TransferStatus.REQUESTED:
        raise ServiceError(_("This transfer is not waiting for release."), code="decided")
    transfer.status, transfer.released_at = TransferStatus.RELEASED, timezone.now()
    transfer.save()
    audit.record(actor=actor, action="transfer_released", obj=transfer,
                 org_path=transfer.from_union.path, ip=audit.client_ip(request))
    return transfer


@transaction.atomic
def transfer_accept(*, actor, transfer_id: int, request=None) -> Membership:
    """The new union accepts: the old membership ends, a new one starts, seniority kept."""
    transfer = _transfer_for(actor, transfer_id, "to")
    if transfer.status != TransferStatus.RELEASED:
        raise ServiceError(_("The old union has not released this member yet."),
                           code="not_released")
    old = Membership.objects.select_for_update().get(pk=transfer.membership_id)
    today = _today()
    old.status, old.ended_on = MembershipStatus.TRANSFERRED, today
    old.end_reason = _("transferred to %(union)s") % {"union": transfer.to_union.name}
    old.save()
    new = _new_membership(person=old.person, union=transfer.to_union, joined_on=old.joined_on,
                          started_on=today)
    transfer.status, transfer.decided_at, transfer.new_membership = (
        TransferStatus.ACCEPTED, timezone.now(), new)
    transfer.save()
    audit.record(actor=actor, action="transfer_accepted", obj=transfer,
                 org_path=transfer.to_union.path,
                 changes={"old": old.number, "new": new.number}, ip=audit.client_ip(request))
    return new


@transaction.atomic
def transfer_reject(*, actor, transfer_id: int, reason: str, request=None) -> Transfer:
    if not reason.strip():
        raise ServiceError(_("Give the reason for rejecting."), field="reason")
    transfer = Transfer.objects.filter(pk=transfer_id).select_related(
        "from_union", "to_union").first()
    side = "from" if transfer and path_visible(actor, transfer.from_union.path,
                                               write=True) else "to"
    transfer = _transfer_for(actor, transfer_id, side)
    if transfer.status not in (TransferStatus.REQUESTED, TransferStatus.RELEASED):
        raise ServiceError(_("This transfer has already been decided."), code="decided")
    transfer.status, transfer.decided_at = TransferStatus.REJECTED, timezone.now()
    transfer.reason = reason.strip()[:300]
    transfer.save()
    audit.record(actor=actor, action="transfer_rejected", obj=transfer,
                 org_path=getattr(transfer, f"{side}_union").path, ip=audit.client_ip(request))
    return transfer


def person_reveal(*, actor, person_id: int, field: str, purpose: str) -> str:
    """The full ID number or phone, for a cadre who needs it; every read is logged."""
    if field not in {"id_number", "phone"}:
        raise ServiceError(_("Only the ID number or the phone can be revealed."), field="field")
    if not purpose.strip():
        raise ServiceError(_("Say why you need the full value; the read is logged."),
                           field="purpose")
    own = Person.objects.filter(pk=person_id, user=actor).first() if actor.is_authenticated else None
    if own is not None:  # a member reading their own record
        person, org_path = own, ""
    else:
        membership = get_visible_or_404(Membership.objects.select_related("person", "union"),
                                        actor, write=True, person_id=person_id, status="active")
        person, org_path = membership.person, membership.union.path
    cipher = person.id_cipher if field == "id_number" else person.phone_cipher
    audit.record_sensitive_read(actor=actor, obj=person, field=field, purpose=purpose.strip(),
                                org_path=org_path)
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
