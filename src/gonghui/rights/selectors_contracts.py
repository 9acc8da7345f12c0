"""Reads of collective consultation: campaigns, offers and contracts, each restricted to
the caller's subtrees; list selectors return their rows unsorted (lists.py sorts)."""

from datetime import date, timedelta

from django.db.models import DateField, ExpressionWrapper, F, Q, QuerySet
from django.db.models.functions import Cast

from gonghui.core import cleaning
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.selectors import within

from .models import (
    ANSWERED,
    RENEWAL_DAYS,
    CollectiveContract,
    CollectiveOffer,
    OfferCampaign,
    OfferResponse,
)


def in_force(qs: QuerySet[CollectiveContract], day: date) -> QuerySet[CollectiveContract]:
    return qs.filter(effective_on__lte=day, expires_on__gte=day)


def contract_list(
    *,
    actor: Actor,
    q: str = "",
    kind: str = "",
    level: str = "",
    filing: str = "",
    in_force_only: bool = False,
    renewal_due: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[CollectiveContract]:
    qs: QuerySet[CollectiveContract] = CollectiveContract.objects.visible_to(actor).select_related(
        "union", "enterprise"
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(employer_party__icontains=q))
    for name, value in (("kind", kind), ("level", level), ("filing", filing)):
        if value:
            qs = qs.filter(**{name: value})
    if in_force_only:
        qs = in_force(qs, cleaning.today())
    if renewal_due:
        qs = _renewal_due(qs, cleaning.today())
    if date_from:
        qs = qs.filter(signed_on__gte=date_from)
    if date_to:
        qs = qs.filter(signed_on__lte=date_to)
    return within(qs, actor, under_id)


def _renewal_due(qs: QuerySet[CollectiveContract], day: date) -> QuerySet[CollectiveContract]:
    """In force, expiring within RENEWAL_DAYS, and with no renewal on file."""
    return in_force(qs, day).filter(
        expires_on__lte=day + timedelta(days=RENEWAL_DAYS), renewal__isnull=True
    )


def contracts_due_renewal(*, actor: Actor, on: date | None = None) -> QuerySet[CollectiveContract]:
    """The to-do: contracts the actor's unions must renegotiate before they expire;
    `due_from` (RENEWAL_DAYS before expiry) is the day each began waiting."""
    return _renewal_due(
        CollectiveContract.objects.visible_to(actor, write=True), on or cleaning.today()
    ).annotate(
        # A date on both engines (PostgreSQL's date - interval is a timestamp).
        due_from=Cast(
            ExpressionWrapper(
                F("expires_on") - timedelta(days=RENEWAL_DAYS), output_field=DateField()
            ),
            DateField(),
        )
    )


def contract_get(*, actor: Actor, contract_id: int) -> CollectiveContract:
    return get_visible_or_404(
        CollectiveContract.objects.select_related(
            "union", "enterprise", "offer__campaign", "replaces"
        ),
        actor,
        pk=contract_id,
    )


def campaign_list(
    *, actor: Actor, q: str = "", year: int | None = None, under_id: int | None = None
) -> QuerySet[OfferCampaign]:
    qs = (
        OfferCampaign.objects.visible_to(actor)
        .select_related("union")
        .annotate(
            offers_sent=related_count(CollectiveOffer, "campaign"),
            offers_answered=related_count(CollectiveOffer, "campaign", response__in=ANSWERED),
            offers_accepted=related_count(
                CollectiveOffer,
                "campaign",
                response__in=[OfferResponse.ACCEPTED, OfferResponse.NEGOTIATING],
            ),
        )
    )
    q = q.strip()
    if q:
        qs = qs.filter(title__icontains=q)
    if year:
        qs = qs.filter(year=year)
    return within(qs, actor, under_id)


def campaign_get(*, actor: Actor, campaign_id: int) -> OfferCampaign:
    return get_visible_or_404(OfferCampaign.objects.select_related("union"), actor, pk=campaign_id)


def offer_list(
    *,
    actor: Actor,
    q: str = "",
    campaign_id: int | None = None,
    kind: str = "",
    response: str = "",
    overdue: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[CollectiveOffer]:
    qs = CollectiveOffer.objects.visible_to(actor).select_related(
        "campaign__union", "enterprise", "contract"
    )
    q = q.strip()
    if q:
        qs = qs.filter(enterprise__name__icontains=q)
    if campaign_id is not None:  # a campaign the actor may not see is not found (404)
        qs = qs.filter(campaign=campaign_get(actor=actor, campaign_id=campaign_id))
    if kind:
        qs = qs.filter(kind=kind)
    if response:
        qs = qs.filter(response=response)
    if overdue:
        qs = qs.filter(response=OfferResponse.AWAITING, reply_due__lt=cleaning.today())
    if date_from:
        qs = qs.filter(sent_on__gte=date_from)
    if date_to:
        qs = qs.filter(sent_on__lte=date_to)
    return within(qs, actor, under_id, field="campaign__union__path")


def offer_get(*, actor: Actor, offer_id: int) -> CollectiveOffer:
    return get_visible_or_404(
        CollectiveOffer.objects.select_related("campaign__union", "enterprise"),
        actor,
        pk=offer_id,
    )


def offers_unanswered(*, actor: Actor, on: date | None = None) -> QuerySet[CollectiveOffer]:
    """Offers past their twenty days with no answer recorded (the to-do)."""
    return CollectiveOffer.objects.visible_to(actor, write=True).filter(
        response=OfferResponse.AWAITING, reply_due__lt=on or cleaning.today()
    )
