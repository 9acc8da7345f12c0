"""Writes about collective consultation (集体协商): the yearly 集中要约 campaign, its
offers and their answers, and the collective contracts signed, filed and renewed. Atomic,
checked, audited; bad input changes nothing.

The rules a union's legal department keeps (集体合同规定): an enterprise answers an offer
within twenty days; a contract runs one to three years from the day it takes effect; a
contract for one enterprise covers no more workers than the enterprise employs.
"""

from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.services import writable_org

from . import checks
from .codes import Action, Code
from .models import (
    MAX_TERM_YEARS,
    OFFER_REPLY_DAYS,
    CollectiveContract,
    CollectiveOffer,
    ContractKind,
    ContractLevel,
    Filing,
    OfferCampaign,
    OfferResponse,
)
from .services_letters import enterprise_for

CAMPAIGN_FIELDS = ["union", "year", "title", "started_on"]
OFFER_FIELDS = [
    "campaign",
    "enterprise",
    "kind",
    "sent_on",
    "reply_due",
    "response",
    "responded_on",
]
CONTRACT_FIELDS = [
    "union",
    "level",
    "kind",
    "enterprise",
    "employer_party",
    "title",
    "signed_on",
    "effective_on",
    "expires_on",
    "workers_covered",
    "enterprises_covered",
    "filing",
    "filed_on",
    "offer",
    "replaces",
]


@transaction.atomic(durable=True)
def campaign_create(
    *, actor: User, union_id: int, year: int, title: str = "", started_on=None
) -> OfferCampaign:
    """The union's 集中要约 action of a year (one a year: the offers of the year go in it)."""
    union = writable_org(actor, union_id, "union_id", active=True)
    year = checks.count(year, field="year", low=2000, high=2100)
    if OfferCampaign.objects.filter(union=union, year=year).exists():
        raise ServiceError(
            _("Your union has this year's campaign already: add the offers to it."),
            code=Code.CAMPAIGN_DUPLICATE,
            field="year",
        )
    started = checks.day(started_on, field="started_on", future=True)
    if started.year != year:
        raise ServiceError(_("Enter a day of the campaign's year."), field="started_on")
    campaign = OfferCampaign.objects.create(
        union=union,
        year=year,
        title=cleaning.text(title, field="title", max_length=100)
        or _("%(year)s collective offer campaign (集中要约)") % {"year": year},
        started_on=started,
        created_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.OFFER_CAMPAIGN_CREATE,
        obj=campaign,
        changes=audit.snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic(durable=True)
def offer_send(
    *, actor: User, campaign_id: int, enterprise_id: int, kind: str, sent_on=None
) -> CollectiveOffer:
    """A written offer to negotiate (要约书) sent to one enterprise: the answer is due in
    twenty days."""
    campaign = get_visible_or_404(OfferCampaign.objects.all(), actor, write=True, pk=campaign_id)
    kind = cleaning.choice(kind, ContractKind, field="kind")
    enterprise = enterprise_for(actor, campaign.union, enterprise_id)
    sent = checks.day(sent_on, field="sent_on")
    if sent < campaign.started_on:
        raise ServiceError(
            _("Enter a day on or after the campaign started (%(day)s).")
            % {"day": campaign.started_on.isoformat()},
            field="sent_on",
        )
    if CollectiveOffer.objects.filter(campaign=campaign, enterprise=enterprise, kind=kind).exists():
        raise ServiceError(
            _("This enterprise has this offer in the campaign already: record its answer there."),
            code=Code.OFFER_DUPLICATE,
            field="enterprise_id",
        )
    offer = CollectiveOffer(
        campaign=campaign,
        enterprise=enterprise,
        kind=kind,
        sent_on=sent,
        reply_due=sent + timedelta(days=OFFER_REPLY_DAYS),
        created_by=actor,
    )
    try:
        with transaction.atomic():
            offer.save()
    except IntegrityError:  # sent twice at once: the constraint keeps one
        raise ServiceError(
            _("This enterprise has this offer in the campaign already: record its answer there."),
            code=Code.OFFER_DUPLICATE,
            field="enterprise_id",
        ) from None
    audit.record(
        actor=actor,
        action=Action.OFFER_SEND,
        obj=offer,
        changes=audit.snapshot(offer, OFFER_FIELDS),
    )
    return offer


@transaction.atomic(durable=True)
def offer_answer(
    *, actor: User, offer_id: int, response: str, note: str = "", responded_on=None
) -> CollectiveOffer:
    """The enterprise's answer: accepted, negotiating, refused; or, past the twenty days,
    no answer. An accepted offer may move on to negotiating; nothing else changes."""
    found = get_visible_or_404(CollectiveOffer.objects.all(), actor, write=True, pk=offer_id)
    offer = CollectiveOffer.objects.select_for_update(of=("self",)).get(pk=found.pk)
    response = cleaning.choice(response, OfferResponse, field="response")
    if response == OfferResponse.AWAITING:
        raise ServiceError(
            _("Choose accepted, negotiating, refused or no answer."), field="response"
        )
    moving_on = offer.response == OfferResponse.ACCEPTED and response == OfferResponse.NEGOTIATING
    if offer.response != OfferResponse.AWAITING and not moving_on:
        raise ServiceError(_("The answer is already on file."), code=Code.OFFER_ANSWERED)
    day = checks.day(responded_on, field="responded_on")
    if day < offer.sent_on:
        raise ServiceError(
            _("Enter a day between the day the offer was sent and today."), field="responded_on"
        )
    if response == OfferResponse.NO_ANSWER and day <= offer.reply_due:
        raise ServiceError(
            _("The enterprise has until %(day)s to answer: record no answer after that day.")
            % {"day": offer.reply_due.isoformat()},
            field="response",
        )
    before = audit.snapshot(offer, OFFER_FIELDS)
    offer.response = response
    offer.responded_on = day
    offer.response_note = cleaning.text(note, field="note", max_length=500)
    offer.save(update_fields=["response", "responded_on", "response_note"])
    audit.record(
        actor=actor,
        action=Action.OFFER_ANSWER,
        obj=offer,
        changes=audit.diff(before, audit.snapshot(offer, OFFER_FIELDS)),
    )
    return offer


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@transaction.atomic(durable=True)
def contract_create(
    *,
    actor: User,
    union_id: int,
    level: str,
    kind: str,
    title: str,
    workers_covered: int,
    signed_on=None,
    effective_on=None,
    expires_on=None,
    enterprise_id: int | None = None,
    employer_party: str = "",
    enterprises_covered: int | None = None,
    offer_id: int | None = None,
    replaces_id: int | None = None,
) -> CollectiveContract:
    union = writable_org(actor, union_id, "union_id", active=True)
    contract = CollectiveContract(
        union=union,
        level=cleaning.choice(level, ContractLevel, field="level"),
        kind=cleaning.choice(kind, ContractKind, field="kind"),
        title=checks.name(
            title, field="title", max_length=100, message=_("Give the contract's title.")
        ),
        created_by=actor,
    )
    if contract.level == ContractLevel.ENTERPRISE:
        contract.enterprise = enterprise_for(actor, union, enterprise_id)
        contract.employer_party = contract.enterprise.name
        contract.enterprises_covered = 1
    else:
        contract.employer_party = checks.name(
            employer_party,
            field="employer_party",
            max_length=100,
            message=_(
                "Name the employer side: the industry association or the employers' "
                "representative body of the region."
            ),
        )
        contract.enterprises_covered = checks.count(
            enterprises_covered, field="enterprises_covered", low=1, high=checks.MAX_PEOPLE
        )
    contract.workers_covered = checks.count(workers_covered, field="workers_covered", low=1)
    employees = contract.enterprise.employees if contract.enterprise else 0
    if employees and contract.workers_covered > employees:
        raise ServiceError(
            _(
                "The contract covers at most the enterprise's %(n)s employees: "
                "correct the workers covered or the enterprise's record."
            )
            % {"n": employees},
            field="workers_covered",
        )
    contract.signed_on = checks.day(signed_on, field="signed_on")
    contract.effective_on = (
        contract.signed_on
        if effective_on is None
        else checks.day(effective_on, field="effective_on", future=True)
    )
    if contract.effective_on < contract.signed_on:
        raise ServiceError(
            _("A contract takes effect on or after the day it is signed."), field="effective_on"
        )
    if not isinstance(expires_on, date):
        raise ServiceError(_("Enter the day the contract expires."), field="expires_on")
    if expires_on <= contract.effective_on:
        raise ServiceError(
            _("The contract expires after the day it takes effect (and after it is signed)."),
            field="expires_on",
        )
    if expires_on > _add_years(contract.effective_on, MAX_TERM_YEARS):
        raise ServiceError(
            _("A collective contract runs at most three years: enter an earlier expiry day."),
            field="expires_on",
        )
    contract.expires_on = expires_on
    if offer_id is not None:
        offer = get_visible_or_404(
            CollectiveOffer.objects.select_related("enterprise"), actor, write=True, pk=offer_id
        )
        if offer.response not in (OfferResponse.ACCEPTED, OfferResponse.NEGOTIATING):
            raise ServiceError(
                _("Only an offer the enterprise accepted leads to a contract."),
                code=Code.OFFER_NOT_ACCEPTED,
                field="offer_id",
            )
        if CollectiveContract.objects.filter(offer=offer).exists():
            raise ServiceError(
                _("This offer's contract is on file already."),
                code=Code.OFFER_USED,
                field="offer_id",
            )
        if contract.enterprise_id != offer.enterprise_id:
            raise ServiceError(_("The offer went to another enterprise."), field="offer_id")
        contract.offer = offer
    if replaces_id is not None:
        old = get_visible_or_404(
            CollectiveContract.objects.all(), actor, write=True, pk=replaces_id
        )
        if CollectiveContract.objects.filter(replaces=old).exists():
            raise ServiceError(
                _("That contract has its renewal on file already."),
                code=Code.ALREADY_RENEWED,
                field="replaces_id",
            )
        if old.level != contract.level or old.enterprise_id != contract.enterprise_id:
            raise ServiceError(
                _("A renewal covers the same enterprise, industry or region."),
                field="replaces_id",
            )
        contract.replaces = old
    contract.save()
    audit.record(
        actor=actor,
        action=Action.CONTRACT_CREATE,
        obj=contract,
        changes=audit.snapshot(contract, CONTRACT_FIELDS),
    )
    return contract


@transaction.atomic(durable=True)
def contract_filing(*, actor: User, contract_id: int, filing: str, on=None) -> CollectiveContract:
    """Where the contract stands with the labour bureau (报送审查、备案、退回修改)."""
    found = get_visible_or_404(CollectiveContract.objects.all(), actor, write=True, pk=contract_id)
    contract = CollectiveContract.objects.select_for_update(of=("self",)).get(pk=found.pk)
    filing = cleaning.choice(filing, Filing, field="filing")
    if filing == Filing.NOT_FILED:
        raise ServiceError(_("Choose submitted, filed or returned for amendment."), field="filing")
    day = checks.day(on, field="on")
    if day < contract.signed_on:
        raise ServiceError(
            _("Enter a day between the day the contract was signed and today."), field="on"
        )
    before = audit.snapshot(contract, CONTRACT_FIELDS)
    contract.filing = filing
    contract.filed_on = day
    contract.save(update_fields=["filing", "filed_on"])
    audit.record(
        actor=actor,
        action=Action.CONTRACT_FILING,
        obj=contract,
        changes=audit.diff(before, audit.snapshot(contract, CONTRACT_FIELDS)),
    )
    return contract
