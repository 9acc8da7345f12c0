"""Every write about campaigns, their money and union funds: atomic, checked, audited.

Money moves through the ledger (campaigns.ledger) in the same transaction as the record
that explains it (an allocation, a payment, a reversal, a grant, a receipt).
"""

import hashlib
from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.assistance.models import (
    AidApplication,
    ApplicationStatus,
    FileStatus,
    HardshipFile,
    Tier,
)
from gonghui.assistance.services import causes_value, payment_hold
from gonghui.core import audit, cleaning
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.money import check_fen, yuan
from gonghui.core.once import once_per_key
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.models import FEDERATION_KINDS, Organization, OrgKind
from gonghui.orgs.selectors import org_get

from . import ledger, selectors
from .codes import Action, Code
from .errors import Conflict
from .ledger import Leg, PostingSpec
from .models import (
    AccountKind,
    Allocation,
    AllocationProposal,
    Beneficiary,
    BeneficiarySource,
    Campaign,
    CampaignKind,
    CampaignStatus,
    Disbursement,
    DisbursementStatus,
    FundReceipt,
    Grant,
    GrantBatch,
    PostingKind,
    ProposalStatus,
    ReceiptSource,
    Reversal,
)

A = AccountKind


def _org_for_write(actor: User, org_id: int, field: str) -> Organization:
    try:
        return org_get(actor=actor, org_id=org_id, write=True)
    except Http404 as exc:
        raise NotFound(_("No such organization in your subtree."), field=field) from exc


def _campaign(actor: User, campaign_id: int, *, lock: bool = False) -> Campaign:
    try:
        campaign = selectors.campaign_get(actor=actor, campaign_id=campaign_id)
    except Http404 as exc:
        raise NotFound(_("No such campaign in your subtree."), field="campaign_id") from exc
    if lock:
        campaign = (
            Campaign.objects.select_for_update(of=("self",))
            .select_related("owner")
            .get(pk=campaign.pk)
        )
    return campaign


def _open(campaign: Campaign) -> None:
    if campaign.status != CampaignStatus.OPEN:
        raise ServiceError(
            _("The campaign is closed: no more money moves in it."),
            code=Code.CLOSED,
            field="campaign_id",
        )


def _reason(value: str) -> str:
    return cleaning.text(
        value, field="reason", max_length=300, required=True, message=_("Give the reason.")
    )


def _memo(value: str, field: str = "memo") -> str:
    return cleaning.text(value, field=field, max_length=200)


# ---- campaigns and allocations --------------------------------------------------------


def _budget_posting(campaign: Campaign, amount: int, memo: str) -> PostingSpec:
    owner = campaign.owner_id
    return PostingSpec(
        PostingKind.BUDGET,
        owner,
        memo=memo,
        campaign_id=campaign.pk,
        legs=[
            Leg(owner, A.AVAILABLE, amount, campaign.pk),
            Leg(owner, A.BUDGET, -amount, campaign.pk),
        ],
    )


@transaction.atomic(durable=True)
def campaign_create(
    *,
    actor: User,
    name: str,
    kind: str,
    owner_id: int,
    starts_on: date | None,
    ends_on: date | None,
    budget: int,
    description: str = "",
    allocation_threshold: int | None = None,
) -> Campaign:
    """A federation opens a campaign with its budget, which it then sends down the tree;
    allocations above `allocation_threshold` (fen) wait for a second person."""
    owner = _org_for_write(actor, owner_id, "owner_id")
    if owner.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("A campaign is run by a federation (county or above)."), field="owner_id"
        )
    name = cleaning.text(
        name,
        field="name",
        max_length=100,
        required=True,
        message=_("Name the campaign (at most 100 characters)."),
    )
    kind = cleaning.choice(kind, CampaignKind, field="kind")
    description = cleaning.text(description, field="description", max_length=500)
    if not starts_on or not ends_on:
        raise ServiceError(_("Give the campaign's first and last day."), field="starts_on")
    if ends_on < starts_on:
        raise ServiceError(_("The campaign cannot end before it starts."), field="ends_on")
    check_fen(budget, field="budget")
    if allocation_threshold is not None:
        check_fen(allocation_threshold, field="allocation_threshold")
    campaign = Campaign.objects.create(
        allocation_threshold=allocation_threshold,
        name=name,
        kind=kind,
        owner=owner,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        created_by=actor,
        description=description,
    )
    spec = _budget_posting(campaign, budget, _("budget of %(name)s") % {"name": name})
    posting = ledger.post(spec, actor=actor, field="budget")
    Allocation.objects.create(
        campaign=campaign,
        from_org=None,
        to_org=owner,
        amount=budget,
        posting=posting,
        created_by=actor,
        memo=_("budget"),
    )
    audit.record(
        actor=actor,
        action=Action.CAMPAIGN_CREATED,
        obj=campaign,
        changes={
            "kind": kind,
            "budget": budget,
            "starts_on": str(starts_on),
            "ends_on": str(ends_on),
            "allocation_threshold": allocation_threshold,
        },
    )
    return campaign


@transaction.atomic(durable=True)
def campaign_set_threshold(*, actor: User, campaign_id: int, threshold: int | None) -> Campaign:
    """The owning federation says above which amount an allocation needs a second person
    (None: none does)."""
    campaign = _campaign(actor, campaign_id, lock=True)
    if not path_visible(actor, campaign.owner.path, write=True):
        raise NotFound(_("Only the owning federation sets the threshold."), field="campaign_id")
    if threshold is not None:
        check_fen(threshold, field="allocation_threshold")
    before = campaign.allocation_threshold
    campaign.allocation_threshold = threshold
    campaign.save(update_fields=["allocation_threshold"])
    audit.record(
        actor=actor,
        action=Action.THRESHOLD_SET,
        obj=campaign,
        changes={"allocation_threshold": [before, threshold]},
    )
    return campaign


@transaction.atomic(durable=True)
def campaign_add_budget(*, actor: User, campaign_id: int, amount: int, memo: str = "") -> Campaign:
    campaign = _campaign(actor, campaign_id, lock=True)
    if not path_visible(actor, campaign.owner.path, write=True):
        raise NotFound(_("Only the owning federation changes the budget."), field="campaign_id")
    _open(campaign)
    check_fen(amount, field="amount")
    memo = _memo(memo) or _("budget added")
    spec = _budget_posting(campaign, amount, memo)
    posting = ledger.post(spec, actor=actor)
    Allocation.objects.create(
        campaign=campaign,
        from_org=None,
        to_org=campaign.owner,
        amount=amount,
        posting=posting,
        created_by=actor,
        memo=memo,
    )
    campaign.budget += amount
    campaign.save(update_fields=["budget"])
    audit.record(
        actor=actor,
        action=Action.CAMPAIGN_BUDGET_ADDED,
        obj=campaign,
        changes={"amount": amount},
    )
    return campaign


@transaction.atomic(durable=True)
def campaign_close(*, actor: User, campaign_id: int) -> Campaign:
    campaign = _campaign(actor, campaign_id, lock=True)
    if not path_visible(actor, campaign.owner.path, write=True):
        raise NotFound(_("Only the owning federation closes the campaign."), field="campaign_id")
    _open(campaign)
    campaign.status = CampaignStatus.CLOSED
    campaign.save(update_fields=["status"])
    audit.record(actor=actor, action=Action.CAMPAIGN_CLOSED, obj=campaign)
    return campaign


@transaction.atomic(durable=True)
def allocate(
    *,
    actor: User,
    campaign_id: int,
    from_org_id: int,
    to_org_id: int,
    amount: int,
    memo: str = "",
) -> Allocation | AllocationProposal:
    """Send money of a campaign down the tree: never more than the sender has left of
    what it received (the ledger refuses an account below zero). Above the campaign's
    threshold the allocation is a proposal until a second person approves it."""
    campaign = _campaign(actor, campaign_id)
    from_org = _org_for_write(actor, from_org_id, "from_org_id")
    _open(campaign)
    to_org = (
        Organization.objects.visible_to(actor, write=True)
        .filter(pk=to_org_id, is_active=True, path__startswith=from_org.path)
        .exclude(pk=from_org.pk)
        .first()
    )
    if to_org is None:
        raise NotFound(
            _("Allocate down the tree: choose a union under %(org)s.") % {"org": from_org.name},
            field="to_org_id",
        )
    check_fen(amount, field="amount")
    memo = _memo(memo)
    threshold = campaign.allocation_threshold
    if threshold is not None and amount > threshold:
        proposal = AllocationProposal.objects.create(
            campaign=campaign,
            from_org=from_org,
            to_org=to_org,
            amount=amount,
            memo=memo,
            maker=actor,
        )
        audit.record(
            actor=actor,
            action=Action.ALLOCATION_PROPOSED,
            obj=proposal,
            changes={
                "from": from_org.pk,
                "to": to_org.pk,
                "amount": amount,
                "threshold": threshold,
            },
        )
        return proposal
    return _send(actor, campaign, from_org, to_org, amount, memo, maker=actor)


def _send(
    actor: User,
    campaign: Campaign,
    from_org: Organization,
    to_org: Organization,
    amount: int,
    memo: str,
    *,
    maker: User,
) -> Allocation:
    """Post an allocation and record it (made by `maker`; `actor` approved it)."""
    c = campaign.pk
    spec = PostingSpec(
        PostingKind.ALLOCATION,
        from_org.pk,
        campaign_id=c,
        memo=(memo or f"{from_org.name} → {to_org.name}"),
        legs=[
            Leg(from_org.pk, A.ALLOCATED, amount, c),
            Leg(from_org.pk, A.AVAILABLE, -amount, c),
            Leg(to_org.pk, A.AVAILABLE, amount, c),
            Leg(to_org.pk, A.BUDGET, -amount, c),
        ],
    )
    try:
        posting = ledger.post(spec, actor=actor, field="amount")
    except ledger.Insufficient as exc:
        raise ServiceError(
            _(
                "%(org)s has %(left)s yuan of this campaign left to allocate (received minus "
                "allocated and paid); %(amount)s yuan is more than that."
            )
            % {"org": from_org.name, "left": yuan(exc.available), "amount": yuan(amount)},
            code=Code.INSUFFICIENT,
            field="amount",
        ) from exc
    allocation = Allocation.objects.create(
        campaign=campaign,
        from_org=from_org,
        to_org=to_org,
        amount=amount,
        posting=posting,
        memo=memo,
        created_by=maker,
    )
    changes = {"from": from_org.pk, "to": to_org.pk, "amount": amount}
    if maker.pk != actor.pk:
        changes["maker"] = maker.pk
    audit.record(actor=actor, action=Action.ALLOCATED, obj=allocation, changes=changes)
    return allocation


def _proposal_for_check(actor: User, proposal_id: int) -> AllocationProposal:
    try:
        proposal = get_visible_or_404(
            AllocationProposal.objects.select_for_update(of=("self",)).select_related(
                "campaign", "from_org", "to_org", "maker"
            ),
            actor,
            write=True,
            pk=proposal_id,
        )
    except Http404 as exc:
        raise NotFound(
            _("No such allocation proposal in your unions."), field="proposal_id"
        ) from exc
    if not path_visible(actor, proposal.from_org.path, write=True):
        raise ServiceError(
            _("Only %(org)s, which sends this money, can do this.")
            % {"org": proposal.from_org.name},
            code=Code.NOT_SENDER,
        )
    if proposal.status != ProposalStatus.PROPOSED:
        raise Conflict(
            _("This allocation is not waiting for a second person (%(status)s).")
            % {"status": proposal.get_status_display()},
            code=Code.DECIDED,
        )
    return proposal


@transaction.atomic(durable=True)
def allocation_approve(*, actor: User, proposal_id: int) -> Allocation:
    """The second person of the sending union approves: the money goes down now."""
    proposal = _proposal_for_check(actor, proposal_id)
    if proposal.maker_id == actor.pk:
        raise ServiceError(
            _("The second person must be someone other than the one who proposed it."),
            code=Code.FOUR_EYES,
            field="checker",
        )
    _open(proposal.campaign)
    allocation = _send(
        actor,
        proposal.campaign,
        proposal.from_org,
        proposal.to_org,
        proposal.amount,
        proposal.memo,
        maker=proposal.maker,
    )
    proposal.status, proposal.allocation = ProposalStatus.APPROVED, allocation
    proposal.checker, proposal.checked_at = actor, timezone.now()
    proposal.save(update_fields=["status", "allocation", "checker", "checked_at"])
    return allocation


@transaction.atomic(durable=True)
def allocation_reject(*, actor: User, proposal_id: int, reason: str) -> AllocationProposal:
    """The second person turns the proposal down (or its maker withdraws it): no money moves."""
    reason = _reason(reason)
    proposal = _proposal_for_check(actor, proposal_id)
    proposal.status, proposal.reject_reason = ProposalStatus.REJECTED, reason
    proposal.checker = actor if actor.pk != proposal.maker_id else None
    proposal.checked_at = timezone.now()
    proposal.save(update_fields=["status", "reject_reason", "checker", "checked_at"])
    audit.record(
        actor=actor, action=Action.ALLOCATION_REJECTED, obj=proposal, changes={"reason": reason}
    )
    return proposal


# ---- beneficiaries --------------------------------------------------------------------


def _payer(actor: User, campaign: Campaign, payer_org_id: int) -> Organization:
    payer = _org_for_write(actor, payer_org_id, "payer_org_id")
    if not Allocation.objects.filter(campaign=campaign, to_org=payer).exists():
        raise ServiceError(
            _("%(org)s has received no money of this campaign.") % {"org": payer.name},
            code=Code.NO_MONEY,
            field="payer_org_id",
        )
    return payer


def _under(org: Organization, payer: Organization, field: str, message: str) -> None:
    if not org.path.startswith(payer.path):
        raise NotFound(message, field=field)


@transaction.atomic(durable=True)
def beneficiary_add(
    *,
    actor: User,
    campaign_id: int,
    payer_org_id: int,
    amount: int | None = None,
    file_id: int | None = None,
    application_id: int | None = None,
    membership_id: int | None = None,
) -> Beneficiary:
    """List one person by hand: from a needy-worker file, an approved application, or
    (e.g. summer cooling for outdoor workers) any member under the paying union."""
    campaign = _campaign(actor, campaign_id)
    _open(campaign)
    payer = _payer(actor, campaign, payer_org_id)
    not_here = _("No such record under %(org)s.") % {"org": payer.name}
    file = application = None
    source = BeneficiarySource.HAND
    try:
        if application_id is not None:
            application = get_visible_or_404(
                AidApplication.objects.select_related("person", "union", "file"),
                actor,
                write=True,
                pk=application_id,
            )
            field = "application_id"
            if application.status != ApplicationStatus.APPROVED:
                raise ServiceError(
                    _("Only an approved application, not yet paid, can be paid."),
                    code=Code.NOT_APPROVED,
                    field=field,
                )
            person, union, file = application.person, application.union, application.file
            source = BeneficiarySource.APPLICATION
            amount = application.approved_amount if amount is None else amount
            if check_fen(amount) > application.approved_amount:
                raise ServiceError(
                    _("At most the amount approved (%(yuan)s yuan).")
                    % {"yuan": yuan(application.approved_amount)},
                    field="amount",
                )
        elif file_id is not None:
            file = get_visible_or_404(
                HardshipFile.objects.select_related("person", "union"),
                actor,
                write=True,
                pk=file_id,
                status=FileStatus.OPEN,
            )
            person, union, field = file.person, file.union, "file_id"
        elif membership_id is not None:
            membership = get_visible_or_404(
                Membership.objects.select_related("person", "union"),
                actor,
                write=True,
                pk=membership_id,
                status=MembershipStatus.ACTIVE,
            )
            person, union, field = membership.person, membership.union, "membership_id"
        else:
            raise ServiceError(
                _("Choose a needy-worker file, an approved application or a member."),
                field="file_id",
            )
    except Http404 as exc:
        raise NotFound(
            not_here,
            field="application_id"
            if application_id is not None
            else "file_id"
            if file_id is not None
            else "membership_id",
        ) from exc
    _under(union, payer, field, not_here)
    if amount is None:
        raise ServiceError(_("Enter the amount."), field="amount")
    check_fen(amount)
    try:
        with transaction.atomic():
            beneficiary = Beneficiary.objects.create(
                campaign=campaign,
                person=person,
                file=file,
                application=application,
                union=union,
                payer=payer,
                amount=amount,
                source=source,
                added_by=actor,
            )
    except IntegrityError as exc:
        raise Conflict(
            _("%(name)s is already listed in this campaign.") % {"name": person.name},
            code=Code.LISTED,
            field=field,
        ) from exc
    audit.record(
        actor=actor,
        action=Action.BENEFICIARY_ADDED,
        obj=beneficiary,
        changes={"source": source, "amount": amount, "payer": payer.pk},
    )
    return beneficiary


@transaction.atomic(durable=True)
def beneficiaries_pick(
    *,
    actor: User,
    campaign_id: int,
    payer_org_id: int,
    amount: int,
    tiers: list[str] | None = None,
    causes: list[str] | None = None,
    under_org_id: int | None = None,
    limit: int | None = None,
) -> tuple[int, int]:
    """List every open needy-worker file under the paying union (or a part of its
    subtree) that matches the rule: tiers, any of the causes. Returns (listed, already
    listed before)."""
    campaign = _campaign(actor, campaign_id)
    _open(campaign)
    payer = _payer(actor, campaign, payer_org_id)
    check_fen(amount)
    under = payer
    if under_org_id is not None:
        under = _org_for_write(actor, under_org_id, "under_org_id")
        _under(
            under,
            payer,
            "under_org_id",
            _("Choose a part of %(org)s's subtree.") % {"org": payer.name},
        )
    files = HardshipFile.objects.visible_to(actor, write=True).filter(
        status=FileStatus.OPEN, union__path__startswith=under.path
    )
    for tier in tiers or []:
        cleaning.choice(tier, Tier, field="tiers")
    if tiers:
        files = files.filter(tier__in=tiers)
    if causes:
        wanted = causes_value(causes).strip(",").split(",")
        cond = Q()
        for cause in wanted:
            cond |= Q(causes__contains=f",{cause},")
        files = files.filter(cond)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        raise ServiceError(_("Enter a whole number above zero."), field="limit")
    files = files.order_by("union__path", "id")
    listed = set(Beneficiary.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    chosen, skipped = [], 0
    for file in files.iterator(chunk_size=2000):
        if file.person_id in listed:
            skipped += 1
            continue
        listed.add(file.person_id)
        chosen.append(
            Beneficiary(
                campaign=campaign,
                person_id=file.person_id,
                file=file,
                union_id=file.union_id,
                payer=payer,
                amount=amount,
                source=BeneficiarySource.RULE,
                added_by=actor,
            )
        )
        if limit and len(chosen) >= limit:
            break
    try:
        with transaction.atomic():
            Beneficiary.objects.bulk_create(chosen, batch_size=2000)
    except IntegrityError as exc:
        raise Conflict(
            _("Someone listed some of these people at the same time; pick again."),
            code=Code.LISTED,
            field="tiers",
        ) from exc
    audit.record(
        actor=actor,
        action=Action.BENEFICIARIES_PICKED,
        obj=campaign,
        org_path=under.path,
        changes={
            "payer": payer.pk,
            "under": under.pk,
            "tiers": tiers or [],
            "causes": causes or [],
            "amount": amount,
            "listed": len(chosen),
            "already_listed": skipped,
        },
    )
    return len(chosen), skipped


@transaction.atomic(durable=True)
def beneficiary_remove(*, actor: User, beneficiary_id: int) -> None:
    beneficiary = get_visible_or_404(
        Beneficiary.objects.select_related("payer", "union"), actor, write=True, pk=beneficiary_id
    )
    if not path_visible(actor, beneficiary.payer.path, write=True):
        raise NotFound(_("Only the paying union changes its list."), field="beneficiary_id")
    if beneficiary.disbursements.exists():
        raise ServiceError(
            _("A payment was made or proposed for this person; it stays on the list."),
            code=Code.HAS_PAYMENTS,
            field="beneficiary_id",
        )
    audit.record(
        actor=actor,
        action=Action.BENEFICIARY_REMOVED,
        obj=beneficiary,
        changes={"person": beneficiary.person_id, "campaign": beneficiary.campaign_id},
    )
    beneficiary.delete()


# ---- payments ---------------------------------------------------------------------------


def fingerprint(*, campaign_id: int, beneficiary_id: int, payer_id: int, amount: int) -> str:
    """What a payment request says; a replayed key must say the same."""
    text = f"{campaign_id}|{beneficiary_id}|{payer_id}|{amount}"
    return hashlib.sha256(text.encode()).hexdigest()


def _key_reused() -> Conflict:
    return Conflict(
        _(
            "This idempotency key was already used for a different payment. "
            "Use a new key for a new payment."
        ),
        code=Code.KEY_REUSED,
        field="idempotency_key",
    )


@transaction.atomic(durable=True)
def disbursement_propose(
    *,
    actor: User,
    campaign_id: int,
    beneficiary_id: int,
    idempotency_key: str,
    amount: int | None = None,
) -> tuple[Disbursement, bool]:
    """The maker proposes one payment. The same key with the same details answers with
    the first proposal again (True: replayed); with other details it is refused (409).
    A person already proposed or paid in this campaign is refused (409), and the database
    enforces it under concurrent requests."""
    key = cleaning.request_key(idempotency_key)
    campaign = _campaign(actor, campaign_id)
    try:
        beneficiary = get_visible_or_404(
            Beneficiary.objects.select_related("payer", "person", "union", "file", "application"),
            actor,
            write=True,
            pk=beneficiary_id,
            campaign=campaign,
        )
    except Http404 as exc:
        raise NotFound(
            _("No such person on this campaign's list in your unions."), field="beneficiary_id"
        ) from exc
    payer = beneficiary.payer
    if not path_visible(actor, payer.path, write=True):
        raise NotFound(
            _("Only %(org)s, which pays this person, proposes the payment.") % {"org": payer.name},
            field="beneficiary_id",
        )
    amount = beneficiary.amount if amount is None else amount
    check_fen(amount)
    digest = fingerprint(
        campaign_id=campaign.pk, beneficiary_id=beneficiary.pk, payer_id=payer.pk, amount=amount
    )

    def make() -> Disbursement:
        _open(campaign)
        application = beneficiary.application
        if application is not None:
            if application.status != ApplicationStatus.APPROVED:
                raise ServiceError(
                    _("The application is not waiting for payment (%(status)s).")
                    % {"status": application.get_status_display()},
                    code=Code.NOT_APPROVED,
                    field="beneficiary_id",
                )
            if amount > application.approved_amount:
                raise ServiceError(
                    _("At most the amount approved (%(yuan)s yuan).")
                    % {"yuan": yuan(application.approved_amount)},
                    field="amount",
                )
            hold = payment_hold(application.pk)  # public notice (公示) and its objections
            if hold:
                raise ServiceError(hold, code=Code.ON_NOTICE, field="beneficiary_id")
        left = ledger.balance(payer.pk, A.AVAILABLE, campaign.pk)
        pending = sum(
            Disbursement.objects.filter(
                campaign=campaign, payer=payer, status=DisbursementStatus.PROPOSED
            ).values_list("amount", flat=True)
        )
        if amount > left - pending:
            raise ServiceError(
                _(
                    "%(org)s has %(left)s yuan of this campaign left, %(pending)s yuan of it already "
                    "proposed; %(amount)s yuan is more than the rest."
                )
                % {
                    "org": payer.name,
                    "left": yuan(left),
                    "pending": yuan(pending),
                    "amount": yuan(amount),
                },
                code=Code.INSUFFICIENT,
                field="amount",
            )
        tier = beneficiary.file.tier if beneficiary.file_id else ""
        return Disbursement.objects.create(
            campaign=campaign,
            beneficiary=beneficiary,
            person=beneficiary.person,
            union=beneficiary.union,
            payer=payer,
            application=application,
            tier=tier,
            amount=amount,
            idempotency_key=key,
            request_hash=digest,
            maker=actor,
        )

    try:
        disbursement, replayed = once_per_key(
            lambda: Disbursement.objects.filter(idempotency_key=key).first(),
            make,
            same=lambda done: done.request_hash == digest,
            refused=_key_reused,
        )
    except IntegrityError as exc:  # not the key: the one-payment-per-person constraint
        raise Conflict(
            _(
                "%(name)s already has a payment proposed or made in this campaign: "
                "one person is paid once."
            )
            % {"name": beneficiary.person.name},
            code=Code.PAID_ONCE,
            field="beneficiary_id",
        ) from exc
    if replayed:
        return disbursement, True
    audit.record(
        actor=actor,
        action=Action.PAYMENT_PROPOSED,
        obj=disbursement,
        changes={"amount": amount, "payer": payer.pk, "key": key},
    )
    return disbursement, False


def _disbursement_for_write(actor: User, disbursement_id: int) -> Disbursement:
    try:
        disbursement = get_visible_or_404(
            Disbursement.objects.select_for_update(of=("self",)).select_related(
                "payer", "union", "campaign", "application"
            ),
            actor,
            write=True,
            pk=disbursement_id,
        )
    except Http404 as exc:
        raise NotFound(_("No such payment in your unions."), field="disbursement_id") from exc
    if not path_visible(actor, disbursement.payer.path, write=True):
        raise ServiceError(
            _("Only %(org)s, which pays this person, can do this.")
            % {"org": disbursement.payer.name},
            code=Code.NOT_PAYER,
        )
    return disbursement


@transaction.atomic(durable=True)
def disbursement_approve(*, actor: User, disbursement_id: int) -> Disbursement:
    """The checker, who is not the maker, approves: the money moves now."""
    disbursement = _disbursement_for_write(actor, disbursement_id)
    if disbursement.status != DisbursementStatus.PROPOSED:
        raise Conflict(
            _("This payment is not waiting for a checker (%(status)s).")
            % {"status": disbursement.get_status_display()},
            code=Code.DECIDED,
        )
    if disbursement.maker_id == actor.pk:
        raise ServiceError(
            _("The checker must be someone other than the maker who proposed the payment."),
            code=Code.FOUR_EYES,
            field="checker",
        )
    hold = payment_hold(disbursement.application_id) if disbursement.application_id else None
    if hold:  # an objection filed after the payment was proposed
        raise ServiceError(hold, code=Code.ON_NOTICE)
    _open(disbursement.campaign)
    c, payer = disbursement.campaign_id, disbursement.payer_id
    spec = PostingSpec(
        PostingKind.PAYMENT,
        payer,
        campaign_id=c,
        memo=f"{disbursement.campaign.name}: {disbursement.person_id}",
        legs=[
            Leg(payer, A.PAID, disbursement.amount, c),
            Leg(payer, A.AVAILABLE, -disbursement.amount, c),
        ],
    )
    posting = ledger.post(spec, actor=actor, field="amount")
    disbursement.status = DisbursementStatus.PAID
    disbursement.checker, disbursement.checked_at = actor, timezone.now()
    disbursement.posting = posting
    disbursement.save(update_fields=["status", "checker", "checked_at", "posting"])
    if disbursement.application_id:
        AidApplication.objects.filter(pk=disbursement.application_id).update(
            status=ApplicationStatus.PAID
        )
    audit.record(
        actor=actor,
        action=Action.PAYMENT_APPROVED,
        obj=disbursement,
        changes={"amount": disbursement.amount, "posting": posting.pk},
    )
    return disbursement


@transaction.atomic(durable=True)
def disbursement_reject(*, actor: User, disbursement_id: int, reason: str) -> Disbursement:
    """The checker turns a proposal down (or the maker withdraws it): no money moved."""
    reason = _reason(reason)
    disbursement = _disbursement_for_write(actor, disbursement_id)
    if disbursement.status != DisbursementStatus.PROPOSED:
        raise Conflict(
            _("This payment is not waiting for a checker (%(status)s).")
            % {"status": disbursement.get_status_display()},
            code=Code.DECIDED,
        )
    disbursement.status, disbursement.reject_reason = DisbursementStatus.REJECTED, reason
    disbursement.checker = actor if actor.pk != disbursement.maker_id else None
    disbursement.checked_at = timezone.now()
    disbursement.save(update_fields=["status", "reject_reason", "checker", "checked_at"])
    audit.record(
        actor=actor,
        action=Action.PAYMENT_REJECTED,
        obj=disbursement,
        changes={"reason": reason},
    )
    return disbursement


@transaction.atomic(durable=True)
def disbursement_reverse(*, actor: User, disbursement_id: int, reason: str) -> Reversal:
    """Undo a payment (returned by the bank, paid in error): a new, opposite posting and
    a Reversal row; the payment keeps its amount and posting. The person may be paid
    again in the campaign."""
    reason = _reason(reason)
    disbursement = _disbursement_for_write(actor, disbursement_id)
    if disbursement.status != DisbursementStatus.PAID:
        raise Conflict(
            _("Only a paid payment can be reversed (%(status)s).")
            % {"status": disbursement.get_status_display()},
            code=Code.NOT_PAID,
        )
    c, payer = disbursement.campaign_id, disbursement.payer_id
    spec = PostingSpec(
        PostingKind.REVERSAL,
        payer,
        campaign_id=c,
        memo=f"↩ {disbursement.posting_id}: {reason}",
        legs=[
            Leg(payer, A.AVAILABLE, disbursement.amount, c),
            Leg(payer, A.PAID, -disbursement.amount, c),
        ],
    )
    posting = ledger.post(spec, actor=actor, field="amount")
    reversal = Reversal.objects.create(
        disbursement=disbursement, reason=reason, posting=posting, created_by=actor
    )
    disbursement.status = DisbursementStatus.REVERSED
    disbursement.save(update_fields=["status"])
    if disbursement.application_id:
        AidApplication.objects.filter(pk=disbursement.application_id).update(
            status=ApplicationStatus.APPROVED
        )
    audit.record(
        actor=actor,
        action=Action.PAYMENT_REVERSED,
        obj=disbursement,
        changes={"reason": reason, "posting": posting.pk},
    )
    return reversal


# ---- union funds ----------------------------------------------------------------------


@transaction.atomic(durable=True)
def funds_receive(
    *, actor: User, org_id: int, source: str, amount: int, memo: str = ""
) -> FundReceipt:
    """Money into an organization's general funds: dues, or a grant from outside the tree."""
    org = _org_for_write(actor, org_id, "org_id")
    source = cleaning.choice(source, ReceiptSource, field="source")
    check_fen(amount)
    memo = _memo(memo)
    income = A.DUES if source == ReceiptSource.DUES else A.GRANTS_IN
    spec = PostingSpec(
        PostingKind.RECEIPT,
        org.pk,
        memo=memo or source,
        legs=[Leg(org.pk, A.AVAILABLE, amount), Leg(org.pk, income, -amount)],
    )
    posting = ledger.post(spec, actor=actor)
    receipt = FundReceipt.objects.create(
        organization=org,
        source=source,
        amount=amount,
        memo=memo,
        posting=posting,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.FUNDS_RECEIVED,
        obj=receipt,
        changes={"source": source, "amount": amount},
    )
    return receipt


@transaction.atomic(durable=True)
def grant_batch(
    *,
    actor: User,
    from_org_id: int,
    amount_each: int,
    memo: str,
    to_org_ids: list[int] | None = None,
    to_kind: str = "",
    limit: int | None = None,
) -> GrantBatch:
    """One decision, one call: the same grant to each of many lower unions (for example
    10万元 to each of 56 county unions), from the granting federation's general funds.
    All the grants are made, or none."""
    from_org = _org_for_write(actor, from_org_id, "from_org_id")
    check_fen(amount_each, field="amount_each")
    memo = cleaning.text(
        memo, field="memo", max_length=200, required=True, message=_("Say what the grant is for.")
    )
    below = (
        Organization.objects.visible_to(actor, write=True)
        .filter(path__startswith=from_org.path, is_active=True)
        .exclude(pk=from_org.pk)
    )
    if to_org_ids:
        wanted = list(dict.fromkeys(to_org_ids))
        recipients = list(below.filter(pk__in=wanted).order_by("path"))
        if len(recipients) != len(wanted):
            raise NotFound(
                _("Some of the unions are not under %(org)s.") % {"org": from_org.name},
                field="to_org_ids",
            )
    elif to_kind:
        cleaning.choice(to_kind, OrgKind, field="to_kind")
        recipients = list(below.filter(kind=to_kind).order_by("path"))
    else:
        raise ServiceError(_("Choose the unions that receive the grant."), field="to_org_ids")
    if limit is not None:
        if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
            raise ServiceError(_("Enter a whole number above zero."), field="limit")
        recipients = recipients[:limit]
    if not recipients:
        raise ServiceError(_("No union matches."), field="to_kind")
    total = amount_each * len(recipients)
    specs = [
        PostingSpec(
            PostingKind.GRANT,
            from_org.pk,
            memo=memo,
            legs=[
                Leg(from_org.pk, A.GRANTS_OUT, amount_each),
                Leg(from_org.pk, A.AVAILABLE, -amount_each),
                Leg(org.pk, A.AVAILABLE, amount_each),
                Leg(org.pk, A.GRANTS_IN, -amount_each),
            ],
        )
        for org in recipients
    ]
    try:
        postings = ledger.post_many(specs, actor=actor, field="amount_each")
    except ledger.Insufficient as exc:
        raise ServiceError(
            _(
                "%(org)s has %(left)s yuan available; %(n)s grants of %(each)s yuan need "
                "%(total)s yuan."
            )
            % {
                "org": from_org.name,
                "left": yuan(ledger.balance(from_org.pk, A.AVAILABLE)),
                "n": len(recipients),
                "each": yuan(amount_each),
                "total": yuan(total),
            },
            code=Code.INSUFFICIENT,
            field="amount_each",
        ) from exc
    batch = GrantBatch.objects.create(
        from_org=from_org,
        amount_each=amount_each,
        count=len(recipients),
        memo=memo,
        created_by=actor,
    )
    Grant.objects.bulk_create(
        Grant(batch=batch, to_org=org, amount=amount_each, posting=posting)
        for org, posting in zip(recipients, postings, strict=True)
    )
    audit.record(
        actor=actor,
        action=Action.GRANT_BATCH,
        obj=batch,
        changes={
            "amount_each": amount_each,
            "count": len(recipients),
            "total": total,
            "to": [o.pk for o in recipients],
        },
    )
    return batch
