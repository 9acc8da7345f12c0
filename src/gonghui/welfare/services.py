"""Every write about member welfare: atomic, checked, audited; money through the one
ledger (campaigns.ledger) in the same transaction.

Who may act: the plan's federation (a writing role at or above it) creates plans,
reviews and pays claims; a union enrols the members of its subtree; a member files their
own claim. The reviewer who computes a payout never pays it, and a claim is paid once:
its row is locked, its status checked, and its posting is a one-to-one column.
"""

import hashlib
from collections import defaultdict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import cast

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.campaigns import ledger
from gonghui.campaigns.errors import Conflict
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.campaigns.models import Posting
from gonghui.core import audit, cleaning, crypto, uploads
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.money import check_fen, yuan
from gonghui.core.once import once_per_key
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.members.models import GIG_KINDS, Gender, Membership, MembershipStatus, Person
from gonghui.orgs.models import FEDERATION_KINDS, Organization
from gonghui.orgs.services import writable_org

from .codes import (
    CARE_GIVEN,
    CARE_VISIT,
    CLAIM,
    CLAIMS_PAID,
    CONTRIBUTED,
    FUND,
    PREMIUM,
    REST_SPENT,
    REST_TRIP,
    Action,
    Code,
)
from .models import (
    CareVisit,
    Claim,
    ClaimDocument,
    ClaimStatus,
    Counsellor,
    Cover,
    CoverKind,
    Enrolment,
    HealthProgram,
    Plan,
    Priority,
    ProgramKind,
    RestProgram,
    RestQuota,
    RestTrip,
    Screening,
    ScreeningStatus,
    Selection,
    Session,
    SessionStatus,
    Talk,
    TalkKind,
)

MAX_ILLNESS = 1000
MAX_DOCUMENTS = 10
BATCH = 2000  # claims computed or posted per transaction in a batch
UPLOAD_TYPES = {
    "pdf": (b"%PDF", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG", "image/png"),
}


def _int(value, *, field: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ServiceError(
            _("Enter a whole number from %(low)s to %(high)s.") % {"low": low, "high": high},
            field=field,
        )
    return value


# ---- plans -----------------------------------------------------------------------------


@transaction.atomic(durable=True)
def plan_create(
    *,
    actor: User,
    owner_id: int,
    year: int,
    name: str,
    premium: int,
    covers: list[dict],
    free_for_gig: bool = False,
) -> Plan:
    """A federation sets up a year's plan with its covers, each
    {kind, deductible, ratio_percent, cap_per_year} (amounts in fen)."""
    owner = writable_org(actor, owner_id, "owner_id", active=True)
    if owner.kind not in FEDERATION_KINDS:
        raise ServiceError(_("Mutual insurance is run by a federation (总工会)."), field="owner_id")
    plan = Plan(
        owner=owner,
        year=_int(year, field="year", low=2000, high=2100),
        name=cleaning.text(name, field="name", required=True, max_length=100),
        premium=check_fen(premium, field="premium"),
        free_for_gig=bool(free_for_gig),
        created_by=actor,
    )
    if not covers:
        raise ServiceError(_("Give at least one cover."), field="covers")
    rows, kinds = [], set()
    for i, c in enumerate(covers):
        if not isinstance(c, dict):
            raise ServiceError(_("Each cover gives its kind and rules."), field="covers")
        kind = cleaning.choice(c.get("kind"), CoverKind, field=f"covers.{i}.kind")
        if kind in kinds:
            raise ServiceError(_("Each kind of cover once."), field=f"covers.{i}.kind")
        kinds.add(kind)
        rows.append(
            Cover(
                kind=kind,
                deductible=check_fen(
                    c.get("deductible", 0), field=f"covers.{i}.deductible", allow_zero=True
                ),
                ratio_percent=_int(
                    c.get("ratio_percent"), field=f"covers.{i}.ratio_percent", low=1, high=100
                ),
                cap_per_year=check_fen(c.get("cap_per_year"), field=f"covers.{i}.cap_per_year"),
            )
        )
    if Plan.objects.filter(owner=owner, year=plan.year, name=plan.name).exists():
        raise ServiceError(_("This federation has a plan of this name that year."), field="name")
    plan.save()
    for row in rows:
        row.plan = plan
    Cover.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action=Action.PLAN_CREATED,
        obj=plan,
        changes={
            "year": plan.year,
            "name": plan.name,
            "premium": plan.premium,
            "covers": {r.kind: [r.deductible, r.ratio_percent, r.cap_per_year] for r in rows},
        },
    )
    return plan


def _plan(actor: User, plan_id: int) -> Plan:
    """A plan the actor sees, or one of a federation above the actor's unions."""
    plan = Plan.objects.select_related("owner").filter(pk=plan_id).first()
    if plan is None or not any(
        p.startswith(plan.owner.path) or plan.owner.path.startswith(p)
        for p in actor.visible_paths()
    ):
        raise NotFound(_("No such plan for your unions."), field="plan_id")
    return plan


# ---- enrolment -------------------------------------------------------------------------


@transaction.atomic(durable=True)
def enrol_union(*, actor: User, plan_id: int, union_id: int) -> dict[str, int]:
    """A union enrols every active member of its subtree not yet covered; the premiums
    go on the ledger into the plan's fund: one posting per payer (the union, and the
    plan's federation for the gig workers it covers free)."""
    plan = _plan(actor, plan_id)
    union = writable_org(actor, union_id, "union_id", active=True)
    if not union.path.startswith(plan.owner.path):
        raise ServiceError(
            _("%(union)s is not under %(owner)s, which runs this plan.")
            % {"union": union.name, "owner": plan.owner.name},
            code=Code.NOT_BELOW,
            field="union_id",
        )
    Plan.objects.select_for_update().get(pk=plan.pk)  # one enrolment batch of a plan at a time
    done = set(Enrolment.objects.filter(plan=plan).values_list("person_id", flat=True))
    members = (
        Membership.objects.filter(
            status=MembershipStatus.ACTIVE, union__path__startswith=union.path
        )
        .exclude(person_id__in=done)
        .values_list("person_id", "union_id", "person__work_kind")
    )
    today = cleaning.today()
    rows: list[Enrolment] = []
    totals: dict[int, int] = defaultdict(int)
    for person_id, member_union_id, work_kind in members:
        free = plan.free_for_gig and work_kind in GIG_KINDS
        payer_id = plan.owner_id if free else union.pk
        totals[payer_id] += plan.premium
        rows.append(
            Enrolment(
                plan=plan,
                person_id=person_id,
                union_id=member_union_id,
                payer_id=payer_id,
                free=free,
                premium=plan.premium,
                enrolled_by=actor,
                enrolled_on=today,
            )
        )
    if not rows:
        raise ServiceError(
            _("Every active member of %(union)s is already covered by this plan.")
            % {"union": union.name},
            field="union_id",
        )
    specs = {
        payer_id: PostingSpec(
            PREMIUM,
            payer_id,
            memo=f"{plan.name}: {union.name}",
            legs=[Leg(plan.owner_id, FUND, total), Leg(payer_id, CONTRIBUTED, -total)],
        )
        for payer_id, total in totals.items()
    }
    ledger.post_many(list(specs.values()), actor=actor, field="union_id")
    for row in rows:
        row.posting = cast(Posting, specs[row.payer_id].posting)
    Enrolment.objects.bulk_create(rows, batch_size=1000)
    counts = {"enrolled": len(rows), "free": sum(r.free for r in rows)}
    audit.record(
        actor=actor,
        action=Action.ENROLLED,
        obj=plan,
        changes=counts | {"union": union.pk, "premiums": sum(totals.values())},
        org_path=union.path,
    )
    return counts


# ---- claims ----------------------------------------------------------------------------


def _check_upload(upload: UploadedFile, field: str) -> tuple[str, str]:
    name = (upload.name or "").rsplit("/", 1)[-1][:200]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext not in UPLOAD_TYPES:
        raise ServiceError(_("Upload a PDF, JPG or PNG file."), field=field)
    uploads.check_size(upload, field=field)
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    magic, content_type = UPLOAD_TYPES[ext]
    if not head.startswith(magic):
        raise ServiceError(
            _("The file's content is not a %(ext)s file.") % {"ext": ext.upper()}, field=field
        )
    return name, content_type


def fingerprint(*, enrolment_id: int, kind: str, incurred_on: date, bills: int) -> str:
    """What a claim says; a replayed key must say the same."""
    text = f"{enrolment_id}|{kind}|{incurred_on}|{bills}"
    return hashlib.sha256(text.encode()).hexdigest()


@transaction.atomic(durable=True)
def claim_submit(
    *,
    actor: User,
    kind: str,
    incurred_on: date,
    bills: int,
    illness: str,
    idempotency_key: str,
    documents: Sequence[UploadedFile],
) -> tuple[Claim, bool]:
    """A member files a claim on a cover of the year they were treated, with the bills
    and the documents. The same key again (a double tap) answers with the first claim
    (True: replayed); the same key with other details is refused."""
    key = cleaning.request_key(idempotency_key)
    kind = cleaning.choice(kind, CoverKind, field="kind")
    if not isinstance(incurred_on, date):
        raise ServiceError(_("Enter a date."), field="incurred_on")
    if incurred_on > cleaning.today():
        raise ServiceError(_("The day of treatment cannot be in the future."), field="incurred_on")
    bills = check_fen(bills, field="bills")
    illness = cleaning.text(
        illness,
        field="illness",
        required=True,
        max_length=MAX_ILLNESS,
        message=_("Say what you were treated for (only the reviewers read it)."),
    )
    person = Person.objects.filter(user=actor).first() if actor.is_authenticated else None
    enrolment = (
        Enrolment.objects.select_related("plan", "union")
        .filter(person=person, plan__year=incurred_on.year)
        .first()
        if person
        else None
    )
    if enrolment is None:
        raise ServiceError(
            _("You have no mutual insurance cover for %(year)s. Ask your union to enrol you.")
            % {"year": incurred_on.year},
            code=Code.NOT_COVERED,
            field="incurred_on",
        )
    assert person is not None
    if not enrolment.plan.covers.filter(kind=kind).exists():
        raise ServiceError(
            _("%(plan)s does not cover this kind.") % {"plan": enrolment.plan.name},
            code=Code.NOT_COVERED,
            field="kind",
        )
    if kind == CoverKind.WOMEN and person.gender != Gender.FEMALE:
        raise ServiceError(
            _("The women's special cover is for women members."),
            code=Code.NOT_COVERED,
            field="kind",
        )
    digest = fingerprint(enrolment_id=enrolment.pk, kind=kind, incurred_on=incurred_on, bills=bills)
    documents = [d for d in documents or [] if d is not None]
    checked: list[tuple[str, str]] = []

    def make() -> Claim:
        if not documents:
            raise ServiceError(
                _("Add a photo or PDF of the bills and the discharge summary."), field="documents"
            )
        if len(documents) > MAX_DOCUMENTS:
            raise ServiceError(
                _("At most %(n)s documents.") % {"n": MAX_DOCUMENTS}, field="documents"
            )
        checked.extend(_check_upload(d, "documents") for d in documents)
        return Claim.objects.create(
            enrolment=enrolment,
            union=enrolment.union,
            kind=kind,
            incurred_on=incurred_on,
            bills=bills,
            illness_cipher=crypto.encrypt(illness),
            idempotency_key=key,
            request_hash=digest,
            submitted_by=actor,
        )

    claim, replayed = once_per_key(
        lambda: Claim.objects.filter(idempotency_key=key).first(),
        make,
        same=lambda done: done.request_hash == digest,
        refused=_key_reused,
    )
    if replayed:
        return claim, True
    for upload, (name, content_type) in zip(documents, checked, strict=True):
        content = upload.read()
        upload.seek(0)
        ClaimDocument.objects.create(
            claim=claim,
            upload=ContentFile(crypto.encrypt_bytes(content), name=name),
            name=name,
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            uploaded_by=actor,
        )
    audit.record(
        actor=actor,
        action=Action.CLAIM_FILED,
        obj=claim,
        changes={"kind": kind, "bills": bills, "documents": len(documents), "key": key},
    )
    return claim, False


def _key_reused() -> Conflict:
    return Conflict(
        _("This idempotency key was already used for a different claim."),
        code=Code.KEY_REUSED,
        field="idempotency_key",
    )


def _claim_for_review(actor: User, claim_id: int) -> Claim:
    get_visible_or_404(Claim.objects.all(), actor, write=True, pk=claim_id)
    claim = (
        Claim.objects.select_for_update(of=("self",))
        .select_related("enrolment__plan__owner", "enrolment__person", "union")
        .get(pk=claim_id)
    )
    owner = claim.enrolment.plan.owner
    if not path_visible(actor, owner.path, write=True):
        raise ServiceError(
            _("%(owner)s, which runs the plan, reviews and pays its claims.")
            % {"owner": owner.name},
            code=Code.NOT_OWNER,
        )
    return claim


def _decided(claim: Claim) -> Conflict:
    return Conflict(
        _("This claim is %(status)s: it cannot be done now.")
        % {"status": claim.get_status_display()},
        code=Code.DECIDED,
    )


def paid_this_year(enrolment_id: int, kind: str, *, excluding: int | None = None) -> int:
    """What the cover has paid, or approved to pay, to the member this year."""
    qs = Claim.objects.filter(
        enrolment_id=enrolment_id, kind=kind, status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]
    )
    if excluding:
        qs = qs.exclude(pk=excluding)
    return qs.aggregate(s=Sum("payout"))["s"] or 0


def payout_for(claim: Claim) -> int:
    """The payout the plan's rules give this claim now (the cap counts earlier claims)."""
    cover = Cover.objects.get(plan_id=claim.enrolment.plan_id, kind=claim.kind)
    return cover.payout(
        claim.bills, paid_this_year(claim.enrolment_id, claim.kind, excluding=claim.pk)
    )


@transaction.atomic(durable=True)
def claim_approve(*, actor: User, claim_id: int) -> Claim:
    """The reviewer approves: the payout is computed from the plan's rules."""
    claim = _claim_for_review(actor, claim_id)
    if claim.status != ClaimStatus.SUBMITTED:
        raise _decided(claim)
    if claim.submitted_by_id == actor.pk:
        raise ServiceError(
            _("You filed this claim: another person reviews it."), code=Code.FOUR_EYES
        )
    # One review of a member's claims at a time, so two cannot both use the cap.
    Enrolment.objects.select_for_update().get(pk=claim.enrolment_id)
    payout = payout_for(claim)
    if payout == 0:
        raise ServiceError(
            _(
                "The plan's rules give nothing for this claim (below the deductible, or the "
                "year's cap is used up): turn it down with that reason."
            ),
            code=Code.NOTHING_DUE,
        )
    claim.status, claim.payout, claim.reason = ClaimStatus.APPROVED, payout, ""
    claim.reviewer, claim.reviewed_at = actor, timezone.now()
    claim.save(update_fields=["status", "payout", "reason", "reviewer", "reviewed_at"])
    audit.record(actor=actor, action=Action.CLAIM_APPROVED, obj=claim, changes={"payout": payout})
    return claim


@transaction.atomic(durable=True)
def claim_reject(*, actor: User, claim_id: int, reason: str) -> Claim:
    reason = cleaning.text(
        reason,
        field="reason",
        required=True,
        max_length=300,
        message=_("Say why, so the member knows what to do."),
    )
    claim = _claim_for_review(actor, claim_id)
    if claim.status != ClaimStatus.SUBMITTED:
        raise _decided(claim)
    claim.status, claim.reason = ClaimStatus.REJECTED, reason
    claim.reviewer, claim.reviewed_at = actor, timezone.now()
    claim.save(update_fields=["status", "reason", "reviewer", "reviewed_at"])
    audit.record(actor=actor, action=Action.CLAIM_REJECTED, obj=claim, changes={"reason": reason})
    return claim


def _claim_spec(claim: Claim, owner_id: int) -> PostingSpec:
    return PostingSpec(
        CLAIM,
        owner_id,
        memo=f"claim {claim.pk}",
        legs=[Leg(owner_id, CLAIMS_PAID, claim.payout), Leg(owner_id, FUND, -claim.payout)],
    )


@transaction.atomic(durable=True)
def claim_pay(*, actor: User, claim_id: int) -> Claim:
    """A person other than the reviewer pays the approved payout out of the plan's fund,
    once: the claim's row is locked and its status checked."""
    claim = _claim_for_review(actor, claim_id)
    if claim.status != ClaimStatus.APPROVED:
        raise _decided(claim)
    if claim.reviewer_id == actor.pk:
        raise ServiceError(
            _("You approved this payout: another person pays it."), code=Code.FOUR_EYES
        )
    owner_id = claim.enrolment.plan.owner_id
    posting = ledger.post(_claim_spec(claim, owner_id), actor=actor, field="payout")
    claim.status, claim.posting, claim.payer = ClaimStatus.PAID, posting, actor
    claim.paid_on = cleaning.today()
    claim.save(update_fields=["status", "posting", "payer", "paid_on"])
    audit.record(
        actor=actor,
        action=Action.CLAIM_PAID,
        obj=claim,
        changes={"payout": claim.payout, "posting": posting.pk},
    )
    return claim


def _update_each(claims: list[Claim], columns: list[str]) -> None:
    """Each claim's own values of `columns` in one UPDATE … FROM (VALUES …): bulk_update's
    CASE over thousands of rows is what made a batch slow. SQLite (tests, small unions)
    takes bulk_update."""
    if connection.vendor != "postgresql":
        Claim.objects.bulk_update(claims, [c.removesuffix("_id") for c in columns])
        return
    rows = ", ".join(["(" + ", ".join(["%s"] * (len(columns) + 1)) + ")"] * len(claims))
    params = [v for c in claims for v in (c.pk, *(getattr(c, col) for col in columns))]
    sets = ", ".join(f"{col} = v.{col}" for col in columns)
    names = ", ".join(["id", *columns])
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE welfare_claim SET {sets} FROM (VALUES {rows}) AS v({names}) "  # noqa: S608
            "WHERE welfare_claim.id = v.id",
            params,
        )


def claims_approve_batch(*, actor: User, plan_id: int) -> int:
    """The reviewer computes the payouts of every waiting claim of a plan, oldest first,
    in transactions of BATCH claims; a claim the rules give nothing is turned down with
    that reason. Returns the number approved."""
    plan = _plan(actor, plan_id)
    if not path_visible(actor, plan.owner.path, write=True):
        raise ServiceError(_("Only the plan's federation reviews its claims."), code=Code.NOT_OWNER)
    covers = {c.kind: c for c in plan.covers.all()}
    approved = 0
    while True:
        with transaction.atomic(durable=True):
            claims = list(
                Claim.objects.select_for_update()
                .filter(enrolment__plan=plan, status=ClaimStatus.SUBMITTED)
                .exclude(submitted_by=actor)
                .order_by("submitted_at", "id")[:BATCH]
            )
            if not claims:
                return approved
            used = {
                (e, k): s
                for e, k, s in Claim.objects.filter(
                    enrolment_id__in={c.enrolment_id for c in claims},
                    status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID],
                )
                .values_list("enrolment_id", "kind")
                .annotate(s=Sum("payout"))
                .values_list("enrolment_id", "kind", "s")
            }
            now = timezone.now()
            for claim in claims:
                key = (claim.enrolment_id, claim.kind)
                cover = covers.get(claim.kind)
                payout = cover.payout(claim.bills, used.get(key, 0)) if cover else 0
                claim.reviewer, claim.reviewed_at, claim.payout = actor, now, payout
                if payout:
                    claim.status, claim.reason = ClaimStatus.APPROVED, ""
                    used[key] = used.get(key, 0) + payout
                    approved += 1
                else:
                    claim.status = ClaimStatus.REJECTED
                    claim.reason = _("Nothing due under the plan's rules.")
            _update_each(claims, ["status", "payout", "reason"])
            Claim.objects.filter(pk__in=[c.pk for c in claims]).update(
                reviewer=actor, reviewed_at=now
            )
            audit.record(
                actor=actor,
                action=Action.CLAIMS_BATCH,
                obj=plan,
                changes={"reviewed": len(claims), "step": "approve"},
            )


def claims_pay_batch(*, actor: User, plan_id: int) -> int:
    """Pay every approved claim of a plan the actor did not approve, in transactions of
    BATCH claims, each chunk one posting of its sum (the claims name it). Each claim's
    row is locked and its status checked, so none is paid twice. Returns the number paid."""
    plan = _plan(actor, plan_id)
    if not path_visible(actor, plan.owner.path, write=True):
        raise ServiceError(_("Only the plan's federation pays its claims."), code=Code.NOT_OWNER)
    paid = 0
    while True:
        with transaction.atomic(durable=True):
            claims = list(
                Claim.objects.select_for_update()
                .filter(enrolment__plan=plan, status=ClaimStatus.APPROVED)
                .exclude(reviewer=actor)
                .order_by("reviewed_at", "id")[:BATCH]
            )
            if not claims:
                return paid
            amount = sum(c.payout for c in claims)
            posting = ledger.post(
                PostingSpec(
                    CLAIM,
                    plan.owner_id,
                    memo=f"{plan.name}: {len(claims)} claims",
                    legs=[
                        Leg(plan.owner_id, CLAIMS_PAID, amount),
                        Leg(plan.owner_id, FUND, -amount),
                    ],
                ),
                actor=actor,
                field="payout",
            )
            today = cleaning.today()
            for claim in claims:
                claim.status, claim.posting, claim.payer, claim.paid_on = (
                    ClaimStatus.PAID,
                    posting,
                    actor,
                    today,
                )
            _update_each(claims, ["status", "posting_id", "payer_id", "paid_on"])
            audit.record(
                actor=actor,
                action=Action.CLAIMS_BATCH,
                obj=plan,
                changes={
                    "paid": len(claims),
                    "amount": sum(c.payout for c in claims),
                    "step": "pay",
                },
            )
            paid += len(claims)


def claim_illness(*, actor: User, claim_id: int, purpose: str = "") -> str:
    """The illness as the member wrote it; each read by staff is logged."""
    claim = get_visible_or_404(
        Claim.objects.select_related("union"), actor, write=True, own=True, pk=claim_id
    )
    audit.record_sensitive_read(
        actor=actor,
        obj=claim,
        field="illness",
        purpose=(purpose or _("review a claim"))[:200],
        org_path=claim.union.path,
    )
    return crypto.decrypt(claim.illness_cipher)


def document_open(*, actor: User, document_id: int) -> tuple[ClaimDocument, bytes]:
    """A claim's document to download (the member's own, or one in the actor's subtree):
    each opening is logged as a sensitive read."""
    document = get_visible_or_404(
        ClaimDocument.objects.select_related("claim__union"), actor, own=True, pk=document_id
    )
    audit.record_sensitive_read(
        actor=actor,
        obj=document,
        field="document",
        purpose=_("view a claim's document"),
        org_path=document.claim.union.path,
    )
    with document.upload.open("rb") as f:
        return document, crypto.decrypt_bytes(f.read())


def fund_left(plan: Plan) -> str:
    return yuan(ledger.balance(plan.owner_id, FUND))


# ---- shared helpers of the programs ----------------------------------------------------


def _day(value, *, field: str, past: bool = False) -> date:
    if not isinstance(value, date):
        raise ServiceError(_("Enter a date."), field=field)
    if past and value > cleaning.today():
        raise ServiceError(_("This is recorded once done: not a future date."), field=field)
    return value


def _federation(actor: User, owner_id: int) -> Organization:
    owner = writable_org(actor, owner_id, "owner_id", active=True)
    if owner.kind not in FEDERATION_KINDS:
        raise ServiceError(_("Programs are run by a federation (总工会)."), field="owner_id")
    return owner


def _member_in(actor: User, person_id: int, under: str, field: str = "person_id") -> Membership:
    """The active membership of a person the actor writes for, in the subtree `under`."""
    membership = (
        Membership.objects.visible_to(actor, write=True)
        .select_related("person", "union")
        .filter(
            person_id=person_id,
            status=MembershipStatus.ACTIVE,
            union__path__startswith=under,
        )
        .first()
    )
    if membership is None:
        raise NotFound(_("No such active member in your unions."), field=field)
    return membership


def _pay_from(actor: User, *, kind: str, payer: Organization, account: str, amount: int, memo):
    """Money out of the union's general funds ("available") into a welfare account."""
    return ledger.post(
        PostingSpec(
            kind,
            payer.pk,
            memo=memo,
            legs=[Leg(payer.pk, account, amount), Leg(payer.pk, "available", -amount)],
        ),
        actor=actor,
        field="amount",
    )


# ---- health programs -------------------------------------------------------------------


@transaction.atomic(durable=True)
def health_program_create(
    *, actor: User, owner_id: int, year: int, kind: str, name: str, places: int
) -> HealthProgram:
    owner = _federation(actor, owner_id)
    program = HealthProgram(
        owner=owner,
        year=_int(year, field="year", low=2000, high=2100),
        kind=cleaning.choice(kind, ProgramKind, field="kind"),
        name=cleaning.text(name, field="name", required=True, max_length=100),
        places=_int(places, field="places", low=1, high=10_000_000),
        created_by=actor,
    )
    if HealthProgram.objects.filter(owner=owner, year=program.year, name=program.name).exists():
        raise ServiceError(_("This federation has a program of this name that year."), field="name")
    program.save()
    audit.record(
        actor=actor,
        action=Action.HEALTH_PROGRAM_CREATED,
        obj=program,
        changes={"kind": program.kind, "year": program.year, "places": program.places},
    )
    return program


def _program(model, actor: User, program_id: int):
    """A health or rest program the actor sees, or one of a federation above the actor's
    unions (their places come from above)."""
    program = model.objects.select_related("owner").filter(pk=program_id).first()
    if program is None or not any(
        p.startswith(program.owner.path) or program.owner.path.startswith(p)
        for p in actor.visible_paths()
    ):
        raise NotFound(_("No such program for your unions."), field="program_id")
    return program


def _health_program(actor: User, program_id: int) -> HealthProgram:
    return _program(HealthProgram, actor, program_id)


@transaction.atomic(durable=True)
def screening_book(
    *, actor: User, program_id: int, person_id: int, appointment_on: date, place: str
) -> Screening:
    """A union books a member's screening: two-cancer screening is for women; a health
    check for model workers is for those on the model-worker register; the program's
    places are not exceeded (the program row is locked while counting)."""
    program = _health_program(actor, program_id)
    membership = _member_in(actor, person_id, program.owner.path)
    appointment_on = _day(appointment_on, field="appointment_on")
    place = cleaning.text(place, field="place", required=True, max_length=100)
    if program.kind == ProgramKind.SCREENING and membership.person.gender != Gender.FEMALE:
        raise ServiceError(
            _("Two-cancer screening is for women workers."), code=Code.NOT_WOMAN, field="person_id"
        )
    if program.kind == ProgramKind.HEALTH_CHECK and not is_model_worker(person_id):
        raise ServiceError(
            _("This health check is for model workers on the register."), field="person_id"
        )
    HealthProgram.objects.select_for_update().get(pk=program.pk)
    if Screening.objects.filter(program=program, person_id=person_id).exists():
        raise ServiceError(
            _("This member already has an appointment in this program."),
            code=Code.ALREADY,
            field="person_id",
        )
    if Screening.objects.filter(program=program).count() >= program.places:
        raise ServiceError(
            _("All %(n)s places of this program are booked.") % {"n": program.places},
            code=Code.FULL,
        )
    screening = Screening.objects.create(
        program=program,
        person=membership.person,
        union=membership.union,
        appointment_on=appointment_on,
        place=place,
        booked_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.SCREENING_BOOKED,
        obj=screening,
        changes={"program": program.pk, "appointment_on": str(appointment_on)},
    )
    return screening


@transaction.atomic(durable=True)
def screening_result(
    *,
    actor: User,
    screening_id: int,
    screened_on: date | None,
    result: str = "",
    follow_up: bool = False,
    missed: bool = False,
) -> Screening:
    """The result as the hospital gave it (encrypted), or that the member did not come."""
    screening = get_visible_or_404(
        Screening.objects.select_for_update(of=("self",)), actor, write=True, pk=screening_id
    )
    if screening.status != ScreeningStatus.BOOKED:
        raise Conflict(_("The result of this screening is already recorded."), code=Code.ALREADY)
    if missed:
        screening.status = ScreeningStatus.MISSED
        screening.save(update_fields=["status"])
    else:
        screening.screened_on = _day(screened_on, field="screened_on", past=True)
        if screening.screened_on < screening.appointment_on - timedelta(days=366):
            raise ServiceError(_("Enter the day the member was screened."), field="screened_on")
        text = cleaning.text(
            result,
            field="result",
            required=True,
            max_length=MAX_ILLNESS,
            message=_("Enter the result as the hospital gave it."),
        )
        screening.result_cipher = crypto.encrypt(text)
        screening.follow_up = bool(follow_up)
        screening.status = ScreeningStatus.DONE
        screening.save(update_fields=["status", "screened_on", "result_cipher", "follow_up"])
    audit.record(
        actor=actor,
        action=Action.SCREENING_RESULT,
        obj=screening,
        changes={"status": screening.status, "follow_up": screening.follow_up},
    )
    return screening


def screening_result_read(*, actor: User, screening_id: int, purpose: str = "") -> str:
    """The result (the member's own, or one in the actor's subtree): each read is logged."""
    screening = get_visible_or_404(
        Screening.objects.select_related("union"), actor, write=True, own=True, pk=screening_id
    )
    if not screening.result_cipher:
        raise NotFound(_("No result is recorded yet."))
    audit.record_sensitive_read(
        actor=actor,
        obj=screening,
        field="result",
        purpose=(purpose or _("follow up a screening"))[:200],
        org_path=screening.union.path,
    )
    return crypto.decrypt(screening.result_cipher)


def is_model_worker(person_id: int) -> bool:
    from gonghui.honours.models import ModelWorker, WorkerStatus

    return ModelWorker.objects.filter(person_id=person_id, status=WorkerStatus.WORKING).exists()


@transaction.atomic(durable=True)
def care_visit_record(
    *,
    actor: User,
    union_id: int,
    person_id: int,
    visited_on: date,
    illness: str,
    amount: int,
) -> CareVisit:
    """A union visits a seriously ill member of its subtree and gives money from its own
    general funds, on the ledger in the same transaction."""
    union = writable_org(actor, union_id, "union_id", active=True)
    membership = _member_in(actor, person_id, union.path)
    visited_on = _day(visited_on, field="visited_on", past=True)
    illness = cleaning.text(
        illness,
        field="illness",
        required=True,
        max_length=MAX_ILLNESS,
        message=_("Say what the worker is ill with (only staff of the union read it)."),
    )
    amount = check_fen(amount, field="amount")
    posting = _pay_from(
        actor,
        kind=CARE_VISIT,
        payer=union,
        account=CARE_GIVEN,
        amount=amount,
        memo=f"慰问患病职工 {membership.person.name}",
    )
    visit = CareVisit.objects.create(
        union=union,
        person=membership.person,
        visited_on=visited_on,
        illness_cipher=crypto.encrypt(illness),
        amount=amount,
        posting=posting,
        entered_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.CARE_VISIT,
        obj=visit,
        changes={"amount": amount, "visited_on": str(visited_on), "person": person_id},
    )
    return visit


# ---- mental health ---------------------------------------------------------------------


@transaction.atomic(durable=True)
def talk_record(
    *, actor: User, union_id: int, kind: str, title: str, held_on: date, attendance: int
) -> Talk:
    union = writable_org(actor, union_id, "union_id", active=True)
    talk = Talk.objects.create(
        union=union,
        kind=cleaning.choice(kind, TalkKind, field="kind"),
        title=cleaning.text(title, field="title", required=True, max_length=100),
        held_on=_day(held_on, field="held_on", past=True),
        attendance=_int(attendance, field="attendance", low=1, high=1_000_000),
        entered_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.TALK_RECORDED,
        obj=talk,
        changes={"kind": talk.kind, "attendance": talk.attendance},
    )
    return talk


@transaction.atomic(durable=True)
def counsellor_name(*, actor: User, union_id: int, user_id: int) -> Counsellor:
    """A union names the person who holds its confidential sessions."""
    union = writable_org(actor, union_id, "union_id", active=True)
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        raise NotFound(_("No such active user."), field="user_id")
    counsellor, created = Counsellor.objects.get_or_create(
        union=union, user=user, defaults={"named_by": actor}
    )
    if not created and not counsellor.active:
        counsellor.active = True
        counsellor.save(update_fields=["active"])
    audit.record(
        actor=actor, action=Action.COUNSELLOR_NAMED, obj=counsellor, changes={"user": user.pk}
    )
    return counsellor


def counsellor_for(person: Person) -> Counsellor | None:
    """The counsellor of the member's nearest union that names one."""
    membership = (
        Membership.objects.filter(person=person, status=MembershipStatus.ACTIVE)
        .select_related("union")
        .first()
    )
    if membership is None:
        return None
    return (
        Counsellor.objects.filter(union__path__in=membership.union.ancestors_paths(), active=True)
        .order_by("-union__depth", "id")
        .first()
    )


@transaction.atomic(durable=True)
def session_ask(*, actor: User, topic: str) -> Session:
    """A worker asks for a confidential session; only they and the counsellor see it. The
    audit row names no union (no staff's audit view lists it) and not the topic."""
    person = Person.objects.filter(user=actor).first() if actor.is_authenticated else None
    if person is None:
        raise NotFound(_("Only a member can ask for a session."))
    topic = cleaning.text(
        topic,
        field="topic",
        required=True,
        max_length=MAX_ILLNESS,
        message=_(
            "Say in a few words what you would like to talk about (only the counsellor reads it)."
        ),
    )
    counsellor = counsellor_for(person)
    if counsellor is None:
        raise ServiceError(
            _("Your union has not named a counsellor yet: ask your union to name one."),
            code=Code.NO_COUNSELLOR,
        )
    session = Session.objects.create(
        person=person, counsellor=counsellor, topic_cipher=crypto.encrypt(topic)
    )
    audit.record(actor=actor, action=Action.SESSION_ASKED, obj=session, changes={}, org_path="")
    return session


@transaction.atomic(durable=True)
def session_held(*, actor: User, session_id: int, held_on: date) -> Session:
    session = (
        Session.objects.select_for_update().filter(pk=session_id, counsellor__user=actor).first()
    )
    if session is None:
        raise NotFound(_("No such session of yours."))
    if session.status != SessionStatus.ASKED:
        raise Conflict(_("This session is already marked as held."), code=Code.ALREADY)
    session.held_on = _day(held_on, field="held_on", past=True)
    session.status = SessionStatus.HELD
    session.save(update_fields=["held_on", "status"])
    audit.record(actor=actor, action=Action.SESSION_HELD, obj=session, changes={}, org_path="")
    return session


# ---- rest and recuperation -------------------------------------------------------------


@transaction.atomic(durable=True)
def rest_program_create(
    *,
    actor: User,
    owner_id: int,
    year: int,
    name: str,
    destination: str,
    places: int,
    cost_per_place: int,
) -> RestProgram:
    owner = _federation(actor, owner_id)
    program = RestProgram(
        owner=owner,
        year=_int(year, field="year", low=2000, high=2100),
        name=cleaning.text(name, field="name", required=True, max_length=100),
        destination=cleaning.text(destination, field="destination", required=True, max_length=100),
        places=_int(places, field="places", low=1, high=10_000_000),
        cost_per_place=check_fen(cost_per_place, field="cost_per_place"),
        created_by=actor,
    )
    if RestProgram.objects.filter(owner=owner, year=program.year, name=program.name).exists():
        raise ServiceError(_("This federation has a program of this name that year."), field="name")
    program.save()
    audit.record(
        actor=actor,
        action=Action.REST_PROGRAM_CREATED,
        obj=program,
        changes={"year": program.year, "places": program.places, "cost": program.cost_per_place},
    )
    return program


def _rest_program(actor: User, program_id: int) -> RestProgram:
    return _program(RestProgram, actor, program_id)


@transaction.atomic(durable=True)
def rest_quota_set(*, actor: User, program_id: int, union_id: int, places: int) -> RestQuota:
    """The program's federation gives places to a lower union; all unions' places together
    stay within the program's."""
    program = _rest_program(actor, program_id)
    if not path_visible(actor, program.owner.path, write=True):
        raise ServiceError(
            _("Only the program's federation gives its places."), code=Code.NOT_OWNER
        )
    union = writable_org(actor, union_id, "union_id", active=True)
    if union.pk == program.owner_id or not union.path.startswith(program.owner.path):
        raise ServiceError(
            _("Places go to a union under %(owner)s.") % {"owner": program.owner.name},
            code=Code.NOT_BELOW,
            field="union_id",
        )
    places = _int(places, field="places", low=1, high=10_000_000)
    RestProgram.objects.select_for_update().get(pk=program.pk)
    others = (
        RestQuota.objects.filter(program=program)
        .exclude(union=union)
        .aggregate(s=Sum("places"))["s"]
        or 0
    )
    if others + places > program.places:
        raise ServiceError(
            _("Only %(left)s of the program's %(n)s places are left to give.")
            % {"left": program.places - others, "n": program.places},
            code=Code.FULL,
            field="places",
        )
    quota, _created = RestQuota.objects.update_or_create(
        program=program, union=union, defaults={"places": places, "set_by": actor}
    )
    audit.record(actor=actor, action=Action.REST_QUOTA_SET, obj=quota, changes={"places": places})
    return quota


def rank(candidates: list[tuple[int, bool]]) -> list[tuple[int, int]]:
    """The selection rule: model workers on the register first, then front-line workers,
    then the others; within a rank, in the order the union listed them. Takes (person_id,
    front_line) pairs, returns (person_id, priority) in the order they get places."""
    from gonghui.honours.models import ModelWorker, WorkerStatus

    models_ = set(
        ModelWorker.objects.filter(
            person_id__in=[p for p, _f in candidates], status=WorkerStatus.WORKING
        ).values_list("person_id", flat=True)
    )
    ranked = [
        (p, Priority.MODEL if p in models_ else Priority.FRONTLINE if front else Priority.OTHER)
        for p, front in candidates
    ]
    return sorted(ranked, key=lambda r: r[1])  # sorted() is stable: listing order within a rank


@transaction.atomic(durable=True)
def rest_select(
    *, actor: User, program_id: int, union_id: int, candidates: list[dict]
) -> dict[str, int]:
    """A union with places picks its workers from the candidates it lists
    ({person_id, front_line}): by the rule of `rank`, up to its places left. Returns how
    many were selected and how many wait for a place."""
    program = _rest_program(actor, program_id)
    union = writable_org(actor, union_id, "union_id", active=True)
    quota = RestQuota.objects.select_for_update().filter(program=program, union=union).first()
    if quota is None:
        raise ServiceError(
            _("%(union)s has no places in this program: ask %(owner)s for places.")
            % {"union": union.name, "owner": program.owner.name},
            code=Code.FULL,
            field="union_id",
        )
    if not candidates:
        raise ServiceError(_("List the workers to choose from."), field="candidates")
    pairs: list[tuple[int, bool]] = []
    seen: set[int] = set()
    for i, c in enumerate(candidates):
        if not isinstance(c, dict):
            raise ServiceError(_("Each candidate gives a member."), field="candidates")
        pid = _int(c.get("person_id"), field=f"candidates.{i}.person_id", low=1, high=2**62)
        if pid in seen:
            raise ServiceError(_("Each member once."), field=f"candidates.{i}.person_id")
        seen.add(pid)
        pairs.append((pid, bool(c.get("front_line"))))
    members = {
        m.person_id: m
        for m in Membership.objects.visible_to(actor, write=True)
        .filter(
            person_id__in=seen, status=MembershipStatus.ACTIVE, union__path__startswith=union.path
        )
        .select_related("union")
    }
    for i, (pid, _f) in enumerate(pairs):
        if pid not in members:
            raise NotFound(
                _("No such active member in %(union)s.") % {"union": union.name},
                field=f"candidates.{i}.person_id",
            )
    already = set(
        Selection.objects.filter(program=program, person_id__in=seen).values_list(
            "person_id", flat=True
        )
    )
    left = quota.places - Selection.objects.filter(program=program, union=union).count()
    if left <= 0:
        raise ServiceError(
            _("All %(n)s places of %(union)s are given.")
            % {"n": quota.places, "union": union.name},
            code=Code.FULL,
        )
    today = cleaning.today()
    chosen = [(p, prio) for p, prio in rank(pairs) if p not in already][:left]
    Selection.objects.bulk_create(
        Selection(
            program=program,
            union=union,
            person_id=p,
            priority=prio,
            selected_by=actor,
            selected_on=today,
        )
        for p, prio in chosen
    )
    counts = {"selected": len(chosen), "waiting": len(pairs) - len(already & seen) - len(chosen)}
    audit.record(
        actor=actor,
        action=Action.REST_SELECTED,
        obj=quota,
        changes=counts | {"people": [p for p, _prio in chosen]},
    )
    return counts


@transaction.atomic(durable=True)
def rest_trip_record(
    *,
    actor: User,
    program_id: int,
    union_id: int,
    departs_on: date,
    returns_on: date,
    selection_ids: list[int],
) -> RestTrip:
    """A union's group went on a trip: its places' cost is paid from the union's general
    funds on the ledger; each traveller goes on one trip only."""
    program = _rest_program(actor, program_id)
    union = writable_org(actor, union_id, "union_id", active=True)
    departs_on = _day(departs_on, field="departs_on")
    returns_on = _day(returns_on, field="returns_on")
    if returns_on < departs_on:
        raise ServiceError(_("The return comes after the departure."), field="returns_on")
    if departs_on.year != program.year:
        raise ServiceError(
            _("The trip departs in the program's year, %(year)s.") % {"year": program.year},
            field="departs_on",
        )
    ids = sorted({int(i) for i in selection_ids or [] if isinstance(i, int)})
    if not ids:
        raise ServiceError(_("Choose the workers who went."), field="selection_ids")
    selections = list(
        Selection.objects.select_for_update()
        .filter(pk__in=ids, program=program, union=union)
        .order_by("pk")
    )
    if len(selections) != len(ids):
        raise NotFound(_("A chosen worker is not selected by this union."), field="selection_ids")
    if any(s.trip_id for s in selections):
        raise ServiceError(
            _("A chosen worker has already been on a trip of this program."),
            code=Code.ALREADY,
            field="selection_ids",
        )
    cost = program.cost_per_place * len(selections)
    posting = _pay_from(
        actor,
        kind=REST_TRIP,
        payer=union,
        account=REST_SPENT,
        amount=cost,
        memo=f"{program.name} {departs_on}（{len(selections)}人）",
    )
    trip = RestTrip.objects.create(
        program=program,
        union=union,
        departs_on=departs_on,
        returns_on=returns_on,
        cost=cost,
        posting=posting,
        entered_by=actor,
    )
    Selection.objects.filter(pk__in=ids).update(trip=trip)
    audit.record(
        actor=actor,
        action=Action.REST_TRIP,
        obj=trip,
        changes={"people": len(ids), "cost": cost, "departs_on": str(departs_on)},
    )
    return trip


def session_topic(*, actor: User, session: Session) -> str:
    """The topic, for the counsellor only; each read logged (naming no union)."""
    if session.counsellor.user_id != actor.pk:
        raise NotFound(_("No such session of yours."))
    audit.record_sensitive_read(
        actor=actor, obj=session, field="topic", purpose=_("hold a counselling session")
    )
    return crypto.decrypt(session.topic_cipher)
