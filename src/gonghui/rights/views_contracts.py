"""Staff pages of collective consultation: contracts (list, record, page with its
filing), the 集中要约 campaigns and their offers (list, send, page with the answer).
One view per action."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core import cleaning
from gonghui.core.scoping import path_visible

from . import selectors_contracts, services_contracts
from .forms_contracts import AnswerForm, CampaignForm, ContractForm, FilingForm, OfferForm
from .lists import CAMPAIGNS, CONTRACTS, OFFERS
from .models import ContractKind, ContractLevel, Filing, OfferCampaign, OfferResponse
from .views_relations import _create, _enterprises, _record, _unions


def _records(request, spec, *, title, q_label, selects=(), dates="", checks=(), new=None):
    """A list page (rights/records.html); `campaign_id` and `under_id` carry over."""
    params = spec.read(request.GET)
    can_new = new is not None and bool(request.user.writable_paths())
    return spec.respond(
        request,
        "rights/records.html",
        {
            "title": title,
            "q_label": q_label,
            "selects": [(n, label, ch, params.get(n) or "") for n, label, ch in selects],
            "dates": dates,
            "checks": [(n, label, params.get(n)) for n, label in checks],
            "hidden": [
                (n, params[n]) for n in ("under_id", "campaign_id") if params.get(n) is not None
            ],
            "new_url": reverse(new[0]) if can_new and new else "",
            "new_label": new[1] if new else "",
            "empty": _("Nothing matches. Clear the search or the filters."),
        },
    )


# ---- contracts ---------------------------------------------------------------------------


@staff_required
def contract_list(request):
    return _records(
        request,
        CONTRACTS,
        title=_("Collective contracts"),
        q_label=_("Search: title or employer side"),
        selects=[
            ("kind", _("Kind"), ContractKind.choices),
            ("level", _("Contract level"), ContractLevel.choices),
            ("filing", _("Filing"), Filing.choices),
        ],
        dates=_("Signed from"),
        checks=[("in_force_only", _("in force only")), ("renewal_due", _("renewal due"))],
        new=("rights-contract-new", _("Record a contract")),
    )


@staff_required
def contract_new(request):
    # From a contract's page (its renewal) or an accepted offer's page.
    replaces, offer = request.GET.get("replaces"), request.GET.get("offer")
    form = ContractForm(
        request.POST or None,
        unions=_unions(request),
        enterprises=_enterprises(request),
        initial={"signed_on": cleaning.today()},
    )

    def run(d):
        contract = services_contracts.contract_create(
            actor=request.user,
            union_id=d["union"],
            level=d["level"],
            kind=d["kind"],
            title=d["title"],
            workers_covered=d["workers_covered"],
            signed_on=d["signed_on"],
            effective_on=d["effective_on"],
            expires_on=d["expires_on"],
            enterprise_id=d["enterprise"] or None,
            employer_party=d["employer_party"],
            enterprises_covered=d["enterprises_covered"],
            replaces_id=int(replaces) if replaces and replaces.isdigit() else None,
            offer_id=int(offer) if offer and offer.isdigit() else None,
        )
        return reverse("rights-contract", args=[contract.pk])

    return _create(
        request,
        form,
        run,
        title=_("Record a collective contract"),
        back="rights-contracts",
        back_label=_("Collective contracts"),
        submit=_("Record the contract"),
        done=_("The contract is recorded; submit it for filing."),
        help=_(
            "A contract runs one to three years; it covers no more workers than the enterprise employs."
        ),
    )


def _contract_page(request, contract, form=None, status=200):
    can_act = path_visible(request.user, contract.union.path, write=True)
    today = cleaning.today()
    return render(
        request,
        "rights/contracts/contract.html",
        {
            "c": contract,
            "in_force": contract.in_force_on(today),
            "renewal": getattr(contract, "renewal", None),
            "filing_form": (form or FilingForm()) if can_act else None,
            "can_renew": can_act and not hasattr(contract, "renewal"),
        },
        status=status,
    )


@require_safe
@staff_required
def contract_detail(request, contract_id: int):
    return _contract_page(
        request, selectors_contracts.contract_get(actor=request.user, contract_id=contract_id)
    )


@require_POST
@staff_required
def contract_filing(request, contract_id: int):
    contract = selectors_contracts.contract_get(actor=request.user, contract_id=contract_id)
    form = FilingForm(request.POST)
    ok, _filed = _record(
        request,
        form,
        lambda d: services_contracts.contract_filing(
            actor=request.user, contract_id=contract.pk, filing=d["filing"], on=d["on"]
        ),
        _("The filing is recorded."),
    )
    if ok:
        return redirect("rights-contract", contract_id=contract.pk)
    return _contract_page(request, contract, form, status=400)


# ---- 集中要约 campaigns and offers ----------------------------------------------------------


@staff_required
def campaign_list(request):
    return _records(
        request,
        CAMPAIGNS,
        title=_("Collective offer campaigns (集中要约)"),
        q_label=_("Search: title"),
        new=("rights-campaign-new", _("Start a campaign")),
    )


@staff_required
def campaign_new(request):
    today = cleaning.today()
    form = CampaignForm(
        request.POST or None,
        unions=_unions(request),
        initial={"year": today.year, "started_on": today},
    )

    def run(d):
        campaign = services_contracts.campaign_create(
            actor=request.user,
            union_id=d["union"],
            year=d["year"],
            title=d["title"],
            started_on=d["started_on"],
        )
        return reverse("rights-offers") + f"?campaign_id={campaign.pk}"

    return _create(
        request,
        form,
        run,
        title=_("Start a collective offer campaign"),
        back="rights-campaigns",
        back_label=_("Collective offer campaigns (集中要约)"),
        submit=_("Start the campaign"),
        done=_("The campaign is started: send its offers."),
    )


@staff_required
def offer_list(request):
    return _records(
        request,
        OFFERS,
        title=_("Collective offers (要约)"),
        q_label=_("Search: enterprise"),
        selects=[
            ("kind", _("Contract offered"), ContractKind.choices),
            ("response", _("Answer"), OfferResponse.choices),
        ],
        dates=_("Sent from"),
        checks=[("overdue", _("answer overdue only"))],
        new=("rights-offer-new", _("Send an offer")),
    )


@staff_required
def offer_new(request):
    campaigns = (
        OfferCampaign.objects.visible_to(request.user, write=True)
        .select_related("union")
        .order_by("-year", "-id")[:100]
    )
    form = OfferForm(
        request.POST or None,
        campaigns=campaigns,
        enterprises=_enterprises(request),
        initial={"sent_on": cleaning.today()},
    )

    def run(d):
        offer = services_contracts.offer_send(
            actor=request.user,
            campaign_id=d["campaign"],
            enterprise_id=d["enterprise"],
            kind=d["kind"],
            sent_on=d["sent_on"],
        )
        return reverse("rights-offer", args=[offer.pk])

    return _create(
        request,
        form,
        run,
        title=_("Send a collective offer"),
        back="rights-offers",
        back_label=_("Collective offers (要约)"),
        submit=_("Record the offer as sent"),
        done=_("The offer is recorded; the enterprise answers within twenty days."),
    )


def _offer_page(request, offer, form=None, status=200):
    can_act = path_visible(request.user, offer.campaign.union.path, write=True)
    return render(
        request,
        "rights/contracts/offer.html",
        {
            "o": offer,
            "overdue": offer.overdue_on(cleaning.today()),
            "contract": getattr(offer, "contract", None),
            "can_sign": can_act
            and offer.response in (OfferResponse.ACCEPTED, OfferResponse.NEGOTIATING)
            and not hasattr(offer, "contract"),
            "answer_form": (form or AnswerForm())
            if can_act and offer.response in (OfferResponse.AWAITING, OfferResponse.ACCEPTED)
            else None,
        },
        status=status,
    )


@require_safe
@staff_required
def offer_detail(request, offer_id: int):
    return _offer_page(
        request, selectors_contracts.offer_get(actor=request.user, offer_id=offer_id)
    )


@require_POST
@staff_required
def offer_answer(request, offer_id: int):
    offer = selectors_contracts.offer_get(actor=request.user, offer_id=offer_id)
    form = AnswerForm(request.POST)
    ok, _answered = _record(
        request,
        form,
        lambda d: services_contracts.offer_answer(
            actor=request.user,
            offer_id=offer.pk,
            response=d["response"],
            note=d["note"],
            responded_on=d["responded_on"],
        ),
        _("The answer is on file."),
    )
    if ok:
        return redirect("rights-offer", offer_id=offer.pk)
    return _offer_page(request, offer, form, status=400)
