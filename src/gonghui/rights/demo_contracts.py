"""Demo collective consultation for 2022 (seed 004 §3: 开展“集中要约”行动): each county
federation's 集中要约 campaign of the spring, its offers to the enterprises of the county
and their answers, the contracts signed from them, and the contracts already in force
from earlier years (an industry wage contract and a regional one per county).
Deterministic (its own random stream) and bulk-inserted."""

import random
from datetime import date, timedelta

from gonghui.accounts.models import User
from gonghui.core.bulk import copy_objects
from gonghui.orgs.models import Enterprise, Organization

from .models import (
    OFFER_REPLY_DAYS,
    CollectiveContract,
    CollectiveOffer,
    ContractKind,
    ContractLevel,
    Filing,
    OfferCampaign,
    OfferResponse,
)

YEAR = 2022
OFFERS_PER_COUNTY = {"tiny": 4, "small": 10, "medium": 25, "large": 40, "province": 60}
KINDS = [ContractKind.COMPREHENSIVE] * 4 + [ContractKind.WAGE] * 4 + [ContractKind.WOMEN] * 2
KINDS += [ContractKind.SAFETY]
RESPONSES = (
    [OfferResponse.ACCEPTED] * 40
    + [OfferResponse.NEGOTIATING] * 25
    + [OfferResponse.REFUSED] * 8
    + [OfferResponse.NO_ANSWER] * 12
)
TITLES = {
    ContractKind.COMPREHENSIVE: "{}集体合同",
    ContractKind.WAGE: "{}工资专项集体合同",
    ContractKind.WOMEN: "{}女职工权益保护专项集体合同",
    ContractKind.SAFETY: "{}劳动安全卫生专项集体合同",
}
END = date(YEAR, 12, 31)


def _workers(rng: random.Random, enterprise: Enterprise) -> int:
    if enterprise.employees:
        return max(1, int(enterprise.employees * rng.uniform(0.8, 1.0)))
    return rng.randint(20, 400)


def build(scale: str, seed: int, counties: list[Organization], handler: User) -> dict[str, int]:
    rng = random.Random(seed * 31 + 5)
    per_county = OFFERS_PER_COUNTY.get(scale, 10)
    campaigns = copy_objects(
        OfferCampaign,
        [
            OfferCampaign(
                union=county,
                year=YEAR,
                title=f"{YEAR}年集中要约行动",
                started_on=date(YEAR, 3, 1),
                created_by=handler,
            )
            for county in counties
        ],
        batch_size=2000,
    )
    offers: list[CollectiveOffer] = []
    contracts: list[CollectiveContract] = []
    for county, campaign in zip(counties, campaigns, strict=True):
        enterprises = list(
            Enterprise.objects.filter(keeper_path__startswith=county.path).order_by("pk")[:200]
        )
        pairs = sorted({(e.pk, k) for e in enterprises for k in KINDS})
        by_pk = {e.pk: e for e in enterprises}
        for pk, kind in rng.sample(pairs, min(per_county, len(pairs))):
            sent = date(YEAR, 3, 1) + timedelta(days=rng.randint(0, 290))
            response, answered = rng.choice(RESPONSES), None
            if response == OfferResponse.NO_ANSWER:
                answered = sent + timedelta(days=OFFER_REPLY_DAYS + rng.randint(1, 10))
            else:
                answered = sent + timedelta(days=rng.randint(2, OFFER_REPLY_DAYS))
            if answered > END:
                response, answered = OfferResponse.AWAITING, None
            offers.append(
                CollectiveOffer(
                    campaign=campaign,
                    enterprise=by_pk[pk],
                    kind=kind,
                    sent_on=sent,
                    reply_due=sent + timedelta(days=OFFER_REPLY_DAYS),
                    response=response,
                    responded_on=answered,
                    response_note="同意于三十日内开展集体协商。"
                    if response == OfferResponse.ACCEPTED
                    else "",
                    created_by=handler,
                )
            )
        # Contracts in force from earlier years: the county's industry wage contract and
        # its region's comprehensive contract.
        for level, kind, party, signed, years in (
            (
                ContractLevel.INDUSTRY,
                ContractKind.WAGE,
                f"{county.name[:-4]}餐饮行业协会",
                date(2021, 4, 20),
                2,
            ),
            (
                ContractLevel.REGIONAL,
                ContractKind.COMPREHENSIVE,
                f"{county.name[:-4]}经济开发区企业联合会",
                date(2020, 9, 1),
                3,
            ),
        ):
            contracts.append(
                CollectiveContract(
                    union=county,
                    level=level,
                    kind=kind,
                    employer_party=party,
                    title=TITLES[kind].format(party.replace("协会", "").replace("企业联合会", "")),
                    signed_on=signed,
                    effective_on=signed,
                    expires_on=signed.replace(year=signed.year + years) - timedelta(days=1),
                    workers_covered=rng.randint(800, 6000),
                    enterprises_covered=rng.randint(15, 120),
                    filing=Filing.FILED,
                    filed_on=signed + timedelta(days=12),
                    created_by=handler,
                )
            )
    offers = copy_objects(CollectiveOffer, offers, batch_size=2000)
    for offer in offers:
        agreed = offer.response == OfferResponse.ACCEPTED or (
            offer.response == OfferResponse.NEGOTIATING and offer.pk % 2 == 0
        )
        if not agreed or offer.responded_on is None:
            continue
        signed = offer.responded_on + timedelta(days=rng.randint(20, 60))
        if signed > END:
            continue
        effective = signed + timedelta(days=rng.randint(0, 15))
        term = 1 if offer.kind == ContractKind.WAGE else 3  # wage contracts are yearly
        contracts.append(
            CollectiveContract(
                union=offer.campaign.union,
                level=ContractLevel.ENTERPRISE,
                kind=offer.kind,
                enterprise=offer.enterprise,
                employer_party=offer.enterprise.name,
                title=TITLES[ContractKind(offer.kind)].format(offer.enterprise.name),
                signed_on=signed,
                effective_on=effective,
                expires_on=effective.replace(year=effective.year + term) - timedelta(days=1),
                workers_covered=_workers(rng, offer.enterprise),
                filing=rng.choice([Filing.FILED] * 3 + [Filing.SUBMITTED]),
                filed_on=min(signed + timedelta(days=rng.randint(5, 20)), END),
                offer=offer,
                created_by=handler,
            )
        )
    copy_objects(CollectiveContract, contracts, batch_size=2000)
    return {
        "collective offer campaigns": len(campaigns),
        "collective offers": len(offers),
        "collective contracts": len(contracts),
    }
