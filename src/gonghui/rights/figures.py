"""Rights figures (seed 004 §3): cases taken and closed, by kind, channel and outcome, the
money recovered for workers, and the workers the cases concerned. A case counts in the
period it was opened (taken) or closed (closed, outcomes, money)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import REGISTRY, Figure, Ratio, filtered, register

from .models import (
    UPHELD,
    Addressee,
    CaseKind,
    CentreKind,
    Channel,
    LegalCampaign,
    LegalEvent,
    LetterKind,
    Mediation,
    MediationCentre,
    MediationStatus,
    Outcome,
    Rectification,
    RightsCase,
    SupervisionLetter,
)

CASES = pgettext_lazy("unit", "cases")
PEOPLE = pgettext_lazy("unit", "people")
FEN = pgettext_lazy("unit", "fen")


def opened(path, period):
    return RightsCase.objects.select_related("union").filter(
        union__path__startswith=path, opened_on__range=(period.start, period.end)
    )


def closed(path, period):
    return RightsCase.objects.select_related("union").filter(
        union__path__startswith=path,
        status="closed",
        closed_on__range=(period.start, period.end),
    )


def _register(key, label, unit, records, sum_field=None):
    register(
        Figure(
            key,
            label,
            unit,
            records,
            sum_field=sum_field,
            path_field="union__path",
            additive=True,
        )
    )


_register("rights.cases", _("rights cases taken"), CASES, opened)
_register(
    "rights.cases_workers", _("workers the cases taken concern"), PEOPLE, opened, "workers_involved"
)
for kind, label in CaseKind.choices:
    _register(f"rights.cases.by_kind.{kind}", label, CASES, filtered(opened, kind=kind))
for channel, label in Channel.choices:
    _register(f"rights.cases.by_channel.{channel}", label, CASES, filtered(opened, channel=channel))
_register("rights.cases_closed", _("rights cases closed"), CASES, closed)
for outcome, label in Outcome.choices:
    _register(
        f"rights.cases_closed.by_outcome.{outcome}", label, CASES, filtered(closed, outcome=outcome)
    )
_register(
    "rights.cases_upheld",
    _("cases closed with the worker's claim upheld"),
    CASES,
    filtered(closed, outcome__in=UPHELD),
)
_register("rights.recovered", _("money recovered for workers"), FEN, closed, "amount_recovered")


# ---- mediation (the success rate is rights.mediations_agreed / rights.mediations_closed) ---

CENTRES = pgettext_lazy("unit", "centres")
EVENTS = pgettext_lazy("unit", "events")


def mediations_received(path, period):
    return Mediation.objects.select_related("centre__union").filter(
        centre__union__path__startswith=path, received_on__range=(period.start, period.end)
    )


def mediations_closed(path, period):
    return Mediation.objects.select_related("centre__union").filter(
        centre__union__path__startswith=path,
        closed_on__range=(period.start, period.end),
    )


def centres_set_up(path, period):
    return MediationCentre.objects.select_related("union").filter(
        union__path__startswith=path, established_on__range=(period.start, period.end)
    )


def _mediation(key, label, unit, records, sum_field=None):
    # Counts and sums of mediations received or closed on a day of the period: additive.
    register(
        Figure(
            key,
            label,
            unit,
            records,
            sum_field=sum_field,
            path_field="centre__union__path",
            additive=True,
        )
    )


_register("rights.mediation_centres_new", _("mediation centres set up"), CENTRES, centres_set_up)
for kind, label in CentreKind.choices:
    _register(
        f"rights.mediation_centres_new.by_kind.{kind}",
        label,
        CENTRES,
        filtered(centres_set_up, kind=kind),
    )
_mediation("rights.mediations", _("labour disputes taken to mediation"), CASES, mediations_received)
_mediation(
    "rights.mediations_workers",
    _("workers the mediated disputes concern"),
    PEOPLE,
    mediations_received,
    "workers_involved",
)
_mediation("rights.mediations_closed", _("mediations concluded"), CASES, mediations_closed)
for status, label in MediationStatus.choices:
    if status != MediationStatus.OPEN:
        _mediation(
            f"rights.mediations_closed.by_status.{status}",
            label,
            CASES,
            filtered(mediations_closed, status=status),
        )
_mediation(
    "rights.mediation_amount_agreed",
    _("amounts agreed in mediation"),
    FEN,
    filtered(mediations_closed, status=MediationStatus.AGREED),
    "amount_agreed",
)


# ---- legal-service events ---------------------------------------------------------------


def legal_events(path, period):
    return LegalEvent.objects.select_related("union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


_register("rights.legal_events", _("legal-service events held"), EVENTS, legal_events)
_register(
    "rights.legal_events_reached",
    _("people reached by legal-service events"),
    PEOPLE,
    legal_events,
    "attendance",
)
_register(
    "rights.legal_consultations",
    _("legal consultations given at events"),
    pgettext_lazy("unit", "consultations"),
    legal_events,
    "consultations",
)
_register(
    "rights.legal_lawyers",
    _("lawyer attendances at events"),
    pgettext_lazy("unit", "person-times"),
    legal_events,
    "lawyers",
)
for campaign, label in LegalCampaign.choices:
    if campaign:
        zunfa = filtered(legal_events, campaign=campaign)
        _register(f"rights.legal_events.campaign.{campaign}", label, EVENTS, zunfa)
        _register(
            f"rights.legal_events_reached.campaign.{campaign}",
            _("people reached by the campaign's events"),
            PEOPLE,
            zunfa,
            "attendance",
        )


# ---- supervision letters (一函两书) -------------------------------------------------------


def letters_sent(path, period):
    return SupervisionLetter.objects.select_related("union").filter(
        union__path__startswith=path, sent_on__range=(period.start, period.end)
    )


LETTERS = pgettext_lazy("unit", "letters")
_register("rights.letters", _("supervision letters sent (一函两书)"), LETTERS, letters_sent)
for kind, label in LetterKind.choices:
    _register(f"rights.letters.by_kind.{kind}", label, LETTERS, filtered(letters_sent, kind=kind))
_register(
    "rights.letters_to_government",
    _("letters sent to the government"),
    LETTERS,
    filtered(letters_sent, addressee=Addressee.GOVERNMENT),
)
_register(
    "rights.letters_replied",
    _("letters sent that were replied to"),
    LETTERS,
    filtered(letters_sent, replied_on__isnull=False),
)
_register(
    "rights.letters_rectified",
    _("letters sent that led to rectification"),
    LETTERS,
    filtered(letters_sent, rectification=Rectification.RECTIFIED),
)


# ---- collective consultation (集体协商、集中要约) -----------------------------------------
# Contracts in force are a stock on the period's last day; signed contracts and offers
# are events of the period. The response rate is answered offers per mille of those sent.

from . import figures_democracy  # noqa: E402, F401  (职代会、厂务公开、建制率)
from .models import (  # noqa: E402
    ANSWERED,
    CollectiveContract,
    CollectiveOffer,
    ContractKind,
    OfferResponse,
)

CONTRACTS = pgettext_lazy("unit", "contracts")
OFFERS = pgettext_lazy("unit", "offers")
PER_MILLE = pgettext_lazy("unit", "per mille")


def contracts_in_force(path, period):
    return CollectiveContract.objects.select_related("union").filter(
        union__path__startswith=path, effective_on__lte=period.end, expires_on__gte=period.end
    )


def contracts_signed(path, period):
    return CollectiveContract.objects.select_related("union").filter(
        union__path__startswith=path, signed_on__range=(period.start, period.end)
    )


def offers_sent(path, period):
    return CollectiveOffer.objects.select_related("campaign__union", "enterprise").filter(
        campaign__union__path__startswith=path, sent_on__range=(period.start, period.end)
    )


def _stock(key, label, unit, records, sum_field=None):
    register(Figure(key, label, unit, records, sum_field=sum_field, path_field="union__path"))


def _offers(key, label, records):
    register(Figure(key, label, OFFERS, records, path_field="campaign__union__path", additive=True))


_stock(
    "rights.contracts_in_force", _("collective contracts in force"), CONTRACTS, contracts_in_force
)
_stock(
    "rights.contracts_workers",
    _("workers covered by collective contracts in force"),
    PEOPLE,
    contracts_in_force,
    "workers_covered",
)
for kind, label in ContractKind.choices:
    _stock(
        f"rights.contracts_in_force.by_kind.{kind}",
        label,
        CONTRACTS,
        filtered(contracts_in_force, kind=kind),
    )
_stock(
    "rights.contracts_workers.by_kind.wage",
    _("workers covered by wage special contracts in force"),
    PEOPLE,
    filtered(contracts_in_force, kind=ContractKind.WAGE),
    "workers_covered",
)
_register("rights.contracts_signed", _("collective contracts signed"), CONTRACTS, contracts_signed)
for kind, label in ContractKind.choices:
    _register(
        f"rights.contracts_signed.by_kind.{kind}",
        label,
        CONTRACTS,
        filtered(contracts_signed, kind=kind),
    )
_register(
    "rights.contracts_signed_workers",
    _("workers covered by the collective contracts signed"),
    PEOPLE,
    contracts_signed,
    "workers_covered",
)
_offers("rights.offers", _("collective offers sent (集中要约)"), offers_sent)
_offers(
    "rights.offers_answered",
    _("collective offers answered"),
    filtered(offers_sent, response__in=ANSWERED),
)
for response, label in OfferResponse.choices:
    if response != OfferResponse.AWAITING:
        _offers(
            f"rights.offers.by_response.{response}",
            label,
            filtered(offers_sent, response=response),
        )
# Offers answered (accepted, negotiating or refused) per mille of the offers sent in the
# period; the rows behind it are the offers sent.
register(
    Ratio(
        "rights.offer_response_rate",
        _("collective offer response rate"),
        PER_MILLE,
        offers_sent,
        numerator=REGISTRY["rights.offers_answered"],
        denominator=REGISTRY["rights.offers"],
    )
)
