"""Staff pages: campaigns, their lists and payments, reconciliation, and union funds.

Each form posts to a view of its own (allocate, pick, add, budget, close; approve,
reject, reverse; receive, grant), which redirects to the page the form is on.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Sum
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.models import User
from gonghui.assistance.models import Cause, FileStatus, HardshipFile, Tier
from gonghui.core.errors import ServiceError
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.lists import Paginator
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.params import date_or_none, int_or_none
from gonghui.core.scoping import path_visible
from gonghui.members.selectors import member_list
from gonghui.orgs.models import FEDERATION_KINDS, Organization, OrgKind
from gonghui.orgs.selectors import org_list, org_roots

from . import selectors, services
from .lists import CAMPAIGNS
from .models import (
    Account,
    AccountKind,
    Allocation,
    AllocationProposal,
    BeneficiarySource,
    Campaign,
    CampaignKind,
    CampaignStatus,
    DisbursementStatus,
    ReceiptSource,
)

PAGE_SIZE = 50


def _choice(request, name: str, values, default: str = "") -> str:
    value = request.GET.get(name, default)
    return value if value in values else default


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _federations(actor: User) -> list[Organization]:
    return [o for o in org_list(actor=actor, write=True).filter(kind__in=FEDERATION_KINDS)[:500]]


# ---- campaigns ----------------------------------------------------------------------


@staff_required
def campaign_list(request):
    typed = request.GET.get("year", "")
    year_error = ""
    try:
        selectors.year_param(typed)
    except ServiceError as exc:
        # The list without the year, saying why it was dropped; no export of a list the
        # user did not ask for.
        year_error = str(exc.message)
        request.GET = request.GET.copy()
        for key in ("year", "export"):
            request.GET.pop(key, None)
    response = CAMPAIGNS.respond(
        request,
        "campaigns/list.html",
        {
            "kinds": CampaignKind.choices,
            "statuses": CampaignStatus.choices,
            "may_create": bool(_federations(request.user)),
            "year_error": year_error,
            "year_typed": typed,
            "empty": _("No campaign matches."),
        },
    )
    if year_error:
        response.status_code = 400
    return response


@staff_required
def campaign_new(request):
    owners = _federations(request.user)
    errors: dict = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            campaign = services.campaign_create(
                actor=request.user,
                name=values.get("name", ""),
                kind=values.get("kind", ""),
                owner_id=int_or_none(values.get("owner")) or 0,
                starts_on=date_or_none(values.get("starts_on")),
                ends_on=date_or_none(values.get("ends_on")),
                budget=parse_yuan(values.get("budget"), field="budget"),
                description=values.get("description", ""),
                allocation_threshold=parse_yuan(
                    values.get("allocation_threshold"), field="allocation_threshold"
                )
                if (values.get("allocation_threshold") or "").strip()
                else None,
            )
        except ServiceError as exc:
            shown = {
                "name",
                "kind",
                "owner_id",
                "starts_on",
                "ends_on",
                "budget",
                "allocation_threshold",
            }
            for field, msgs in (exc.fields or {"general": [str(exc.message)]}).items():
                errors.setdefault(field if field in shown else "general", []).extend(msgs)
        else:
            messages.success(request, _("Campaign opened with its budget."))
            return redirect("campaign-detail", campaign.pk)
    return render(
        request,
        "campaigns/new.html",
        {
            "owners": owners,
            "kinds": CampaignKind.choices,
            "errors": errors,
            "values": values,
        },
        status=400 if errors else 200,
    )


def _holders(actor: User, campaign: Campaign) -> list[Organization]:
    """The unions of the actor's writable subtree that hold money of this campaign."""
    ids = Allocation.objects.filter(campaign=campaign).values("to_org_id")
    return [o for o in org_list(actor=actor, write=True).filter(pk__in=ids)]


@login_required
def campaign_detail(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    holders = _holders(request.user, campaign)
    rows, total = selectors.campaign_reconciliation(actor=request.user, campaign_id=campaign.pk)
    mine = [r for r in rows if r.org in holders]
    # One query for the unions below every holder (not one per holder: a province holds
    # the money in a hundred unions).
    children = list(
        org_list(actor=request.user, write=True, active=True).filter(
            parent_id__in=[h.pk for h in holders]
        )[:3000]
    )
    return render(
        request,
        "campaigns/detail.html",
        {
            "c": campaign,
            "holders": holders,
            "mine": mine,
            "total": total,
            "children": children,
            "allocations": selectors.allocation_list(actor=request.user, campaign_id=campaign.pk)[
                :100
            ],
            "tiers": Tier.choices,
            "causes": Cause.choices,
            "may_own": path_visible(request.user, campaign.owner.path, write=True),
            "proposals": selectors.proposal_list(
                actor=request.user, campaign_id=campaign.pk, status="proposed"
            )[:50],
        },
    )


def _form_error(request, exc: ServiceError) -> None:
    fields = exc.fields or {}
    messages.error(
        request, "; ".join(m for msgs in fields.values() for m in msgs) if fields else exc.message
    )


# One view per form of the campaign page; a refusal is shown on the campaign page.


@login_required
@require_POST
def campaign_allocate(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    post = request.POST
    try:
        made = services.allocate(
            actor=request.user,
            campaign_id=campaign.pk,
            from_org_id=int_or_none(post.get("from_org")) or 0,
            to_org_id=int_or_none(post.get("to_org")) or 0,
            amount=parse_yuan(post.get("amount")),
            memo=post.get("memo", ""),
        )
    except ServiceError as exc:
        _form_error(request, exc)
    else:
        if isinstance(made, AllocationProposal):
            messages.success(
                request,
                _(
                    "Proposed: above %(yuan)s yuan an allocation goes out when a second "
                    "person of %(org)s approves it."
                )
                % {"yuan": yuan(campaign.allocation_threshold), "org": made.from_org.name},
            )
        else:
            messages.success(request, _("Allocated."))
    return redirect("campaign-detail", campaign.pk)


@login_required
@require_POST
def campaign_pick(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    post = request.POST
    try:
        listed, skipped = services.beneficiaries_pick(
            actor=request.user,
            campaign_id=campaign.pk,
            payer_org_id=int_or_none(post.get("payer")) or 0,
            amount=parse_yuan(post.get("amount")),
            tiers=post.getlist("tiers"),
            causes=post.getlist("causes"),
            limit=int_or_none(post.get("limit")),
        )
    except ServiceError as exc:
        _form_error(request, exc)
        return redirect("campaign-detail", campaign.pk)
    messages.success(
        request, _("%(n)s people listed; %(m)s were listed already.") % {"n": listed, "m": skipped}
    )
    return redirect("campaign-beneficiaries", campaign.pk)


@login_required
@require_POST
def campaign_add(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    post = request.POST
    try:
        services.beneficiary_add(
            actor=request.user,
            campaign_id=campaign.pk,
            payer_org_id=int_or_none(post.get("payer")) or 0,
            amount=parse_yuan(post.get("amount"), required=False),
            **_who(request.user, post.get("who", "")),
        )
    except ServiceError as exc:
        _form_error(request, exc)
        return redirect("campaign-detail", campaign.pk)
    messages.success(request, _("Listed."))
    return redirect("campaign-beneficiaries", campaign.pk)


@login_required
@require_POST
def campaign_budget(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    try:
        services.campaign_add_budget(
            actor=request.user,
            campaign_id=campaign.pk,
            amount=parse_yuan(request.POST.get("amount")),
            memo=request.POST.get("memo", ""),
        )
    except ServiceError as exc:
        _form_error(request, exc)
    else:
        messages.success(request, _("Budget added."))
    return redirect("campaign-detail", campaign.pk)


@login_required
@require_POST
def campaign_close(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    try:
        services.campaign_close(actor=request.user, campaign_id=campaign.pk)
    except ServiceError as exc:
        _form_error(request, exc)
    else:
        messages.success(request, _("The campaign is closed."))
    return redirect("campaign-detail", campaign.pk)


def _who(actor: User, value: str) -> dict:
    """A file number, an application number (#12), a member number or an ID number."""
    value = value.strip()
    files = HardshipFile.objects.visible_to(actor)
    if value.upper().startswith("KN"):
        file = files.filter(number=value.upper()).first()
        return {"file_id": file.pk if file else 0}
    if value.startswith("#") and value[1:].isdigit():
        return {"application_id": int(value[1:])}
    membership = member_list(actor=actor, q=value).first() if value else None
    if membership is not None:
        file = files.filter(person_id=membership.person_id, status=FileStatus.OPEN).first()
        return {"file_id": file.pk} if file else {"membership_id": membership.pk}
    raise ServiceError(_("No such file, application or member in your unions."), field="who")


@login_required
def beneficiaries(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    params = {
        "q": request.GET.get("q", ""),
        "unpaid": request.GET.get("unpaid") == "1",
        "source": _choice(request, "source", BeneficiarySource.values),
        "sort": _choice(request, "sort", selectors.BENEFICIARY_SORTS, "name"),
    }
    qs = selectors.beneficiary_list(actor=request.user, campaign_id=campaign.pk, **params)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("name"),
            _("ID number"),
            _("union"),
            _("paying union"),
            _("tier"),
            _("planned amount (yuan)"),
            _("source"),
        ]
        rows = (
            [
                b.person.name,
                b.person.id_masked,
                b.union.name,
                b.payer.name,
                b.file.get_tier_display() if b.file else "",
                yuan(b.amount),
                b.get_source_display(),
            ]
            for b in qs.iterator(chunk_size=2000)
        )
        return export_response(fmt, "beneficiaries", headers, rows)
    page = _page(request, qs.prefetch_related("disbursements"))
    for b in page:
        b.holding = next(
            (
                d
                for d in b.disbursements.all()
                if d.status in (DisbursementStatus.PROPOSED, DisbursementStatus.PAID)
            ),
            None,
        )
        b.may_pay = path_visible(request.user, b.payer.path, write=True)
    return render(
        request,
        "campaigns/beneficiaries.html",
        {
            "c": campaign,
            "page": page,
            "params": params,
            "sources": BeneficiarySource.choices,
            "querystring": request.GET.urlencode(),
            "sorts": [
                ("name", _("name (pinyin)")),
                ("-amount", _("largest amount first")),
                ("-added", _("newest first")),
            ],
        },
    )


def _page_key(beneficiary) -> str:
    """A page's payment key: one per person and attempt, so a double click pays once."""
    return f"page-{beneficiary.pk}-{beneficiary.disbursements.count()}"


@login_required
@require_POST
def propose(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    ids = [i for i in (int_or_none(v) for v in request.POST.getlist("beneficiary")) if i]
    done, refused = 0, []
    for beneficiary in selectors.beneficiary_list(
        actor=request.user, campaign_id=campaign.pk
    ).filter(pk__in=ids):
        try:
            services.disbursement_propose(
                actor=request.user,
                campaign_id=campaign.pk,
                beneficiary_id=beneficiary.pk,
                idempotency_key=request.POST.get("key") or _page_key(beneficiary),
            )
            done += 1
        except ServiceError as exc:
            refused.append(f"{beneficiary.person.name}: {exc.message}")
    if done:
        messages.success(
            request, _("%(n)s payments proposed; a checker approves them.") % {"n": done}
        )
    for line in refused:
        messages.error(request, line)
    return redirect("campaign-payments", campaign.pk)


@login_required
@require_GET
def payments(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    params = {
        "q": request.GET.get("q", ""),
        "status": _choice(request, "status", DisbursementStatus.values),
        "sort": _choice(request, "sort", selectors.DISBURSEMENT_SORTS, "-made"),
    }
    qs = selectors.disbursement_list(actor=request.user, campaign_id=campaign.pk, **params)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("ID"),
            _("name"),
            _("ID number"),
            _("union"),
            _("paying union"),
            _("amount (yuan)"),
            _("status"),
            _("maker"),
            _("proposed at"),
            _("checker"),
            _("checked at"),
            _("posting"),
        ]
        signature = _signatures()
        rows = (
            [
                d.pk,
                d.person.name,
                d.person.id_masked,
                d.union.name,
                d.payer.name,
                yuan(d.amount),
                d.get_status_display(),
                signature(d.maker),
                d.made_at.strftime("%Y-%m-%d %H:%M"),
                signature(d.checker) if d.checker else "",
                d.checked_at.strftime("%Y-%m-%d %H:%M") if d.checked_at else "",
                d.posting_id,
            ]
            for d in qs.iterator(chunk_size=2000)
        )
        return export_response(fmt, "payments", headers, rows)
    page = _page(request, qs)
    for d in page:
        d.may_act = path_visible(request.user, d.payer.path, write=True)
    return render(
        request,
        "campaigns/payments.html",
        {
            "c": campaign,
            "page": page,
            "params": params,
            "statuses": DisbursementStatus.choices,
            "querystring": request.GET.urlencode(),
            "sorts": [
                ("-made", _("newest first")),
                ("name", _("name (pinyin)")),
                ("-amount", _("largest amount first")),
                ("-checked", _("last checked")),
            ],
            "total": qs.aggregate(t=Sum("amount"))["t"] or 0,
        },
    )


@staff_required
@require_GET
def waiting(request):
    """What waits for this user's check in campaigns, campaign by campaign."""
    return render(
        request,
        "campaigns/waiting.html",
        {
            "payments": selectors.waiting_by_campaign(actor=request.user),
            "proposals": selectors.allocations_to_check(actor=request.user)[:200],
        },
    )


def _proposal_step(request, step: Callable[[], object]) -> HttpResponse:
    try:
        step()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("campaign-waiting")


@staff_required
@require_POST
def proposal_approve(request, proposal_id: int):
    selectors.proposal_get(actor=request.user, proposal_id=proposal_id)  # 404 to outsiders
    return _proposal_step(
        request, lambda: services.allocation_approve(actor=request.user, proposal_id=proposal_id)
    )


@staff_required
@require_POST
def proposal_reject(request, proposal_id: int):
    selectors.proposal_get(actor=request.user, proposal_id=proposal_id)  # 404 to outsiders
    return _proposal_step(
        request,
        lambda: services.allocation_reject(
            actor=request.user, proposal_id=proposal_id, reason=request.POST.get("reason", "")
        ),
    )


@staff_required
@require_POST
def campaign_threshold(request, campaign_id: int):
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    raw = request.POST.get("threshold", "").strip()
    try:
        services.campaign_set_threshold(
            actor=request.user,
            campaign_id=campaign.pk,
            threshold=parse_yuan(raw, field="allocation_threshold") if raw else None,
        )
    except ServiceError as exc:
        _form_error(request, exc)
    else:
        messages.success(request, _("Threshold saved."))
    return redirect("campaign-detail", campaign.pk)


def _signatures():
    """user -> real name and organization, each user's roles read once per export."""
    seen: dict[int, str] = {}

    def of(user: User) -> str:
        if user.pk not in seen:
            seen[user.pk] = user.signature
        return seen[user.pk]

    return of


def _each_payment(request, campaign_id: int, act: Callable[[int], object]) -> HttpResponse:
    """Do `act` to each payment ticked on the payments page; back to the page as it was
    filtered, with what was done and each refusal."""
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    ids = [i for i in (int_or_none(v) for v in request.POST.getlist("payment")) if i]
    done = 0
    for pk in ids:
        try:
            act(pk)
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            done += 1
    if done:
        messages.success(request, _("Done: %(n)s.") % {"n": done})
    page = reverse("campaign-payments", args=[campaign.pk])
    return redirect(f"{page}?{request.GET.urlencode()}" if request.GET else page)


@login_required
@require_POST
def payment_approve(request, campaign_id: int):
    return _each_payment(
        request,
        campaign_id,
        lambda pk: services.disbursement_approve(actor=request.user, disbursement_id=pk),
    )


@login_required
@require_POST
def payment_reject(request, campaign_id: int):
    reason = request.POST.get("reason", "")
    return _each_payment(
        request,
        campaign_id,
        lambda pk: services.disbursement_reject(
            actor=request.user, disbursement_id=pk, reason=reason
        ),
    )


@login_required
@require_POST
def payment_reverse(request, campaign_id: int):
    reason = request.POST.get("reason", "")
    return _each_payment(
        request,
        campaign_id,
        lambda pk: services.disbursement_reverse(
            actor=request.user, disbursement_id=pk, reason=reason
        ),
    )


FIGURE_LABELS = {
    "budget": _lazy("budget received"),
    "allocated": _lazy("allocated down"),
    "paid": _lazy("paid out"),
    "left": _lazy("left"),
    "pending": _lazy("proposed, not yet checked"),
}


def _record_row(obj) -> list:
    kind = obj._meta.model_name
    if kind == "allocation":
        return [
            kind,
            obj.pk,
            obj.from_org.name if obj.from_org else _("budget"),
            obj.to_org.name,
            yuan(obj.amount),
            obj.created_at.strftime("%Y-%m-%d %H:%M"),
            obj.posting_id,
        ]
    if kind == "disbursement":
        return [
            kind,
            obj.pk,
            obj.payer.name,
            obj.person.name,
            yuan(obj.amount),
            (obj.checked_at or obj.made_at).strftime("%Y-%m-%d %H:%M"),
            obj.posting_id,
        ]
    return [
        kind,
        obj.pk,
        obj.posting.get_kind_display(),
        obj.posting.memo,
        yuan(obj.amount),
        obj.posting.created_at.strftime("%Y-%m-%d %H:%M"),
        obj.posting_id,
    ]


@login_required
def reconcile(request, campaign_id: int):
    """Per union: budget, allocated, paid, left; each figure opens the records behind it."""
    campaign = selectors.campaign_get(actor=request.user, campaign_id=campaign_id)
    rows, total = selectors.campaign_reconciliation(actor=request.user, campaign_id=campaign.pk)
    org_id = int_or_none(request.GET.get("org"))
    figure = _choice(request, "figure", FIGURE_LABELS)
    fmt = request.GET.get("export")
    records = None
    if org_id and figure:
        records = selectors.reconciliation_records(
            actor=request.user, campaign_id=campaign.pk, org_id=org_id, figure=figure
        )
        if fmt in EXPORT_FORMATS:
            headers = [
                _("record"),
                _("ID"),
                pgettext("transfer", "from"),
                pgettext("transfer", "to"),
                _("amount (yuan)"),
                _("time"),
                _("posting"),
            ]
            return export_response(
                fmt, f"{figure}-records", headers, (_record_row(r) for r in records)
            )
    elif fmt in EXPORT_FORMATS:
        headers = [
            _("union"),
            _("budget received (yuan)"),
            _("allocated down (yuan)"),
            _("paid out (yuan)"),
            _("left (yuan)"),
            _("proposed (yuan)"),
            _("balanced"),
        ]
        data = [
            [
                r.org.name,
                yuan(r.budget),
                yuan(r.allocated),
                yuan(r.paid),
                yuan(r.left),
                yuan(r.pending),
                _("yes") if r.balanced else _("no"),
            ]
            for r in rows
        ]
        data.append(
            [
                _("total"),
                yuan(total.budget),
                yuan(total.allocated),
                yuan(total.paid),
                yuan(total.left),
                yuan(total.pending),
                _("yes") if total.balanced else _("no"),
            ]
        )
        return export_response(fmt, "reconciliation", headers, data)
    return render(
        request,
        "campaigns/reconcile.html",
        {
            "c": campaign,
            "rows": rows,
            "total": total,
            "figure": figure,
            "figure_label": FIGURE_LABELS[figure] if figure else "",
            "records": [_record_row(r) for r in records[:500]] if records is not None else None,
            "record_org": next((r.org for r in rows if r.org.pk == org_id), None),
            "querystring": request.GET.urlencode(),
        },
    )


# ---- union funds --------------------------------------------------------------------


@staff_required
@require_GET
def funds(request):
    """An organization's general funds and ledger accounts; receipts and batch grants."""
    roots = list(org_roots(actor=request.user))
    org_id = int_or_none(request.GET.get("org")) or (roots[0].pk if roots else None)
    org = None
    if org_id:
        org = Organization.objects.visible_to(request.user).filter(pk=org_id).first()
    accounts = (
        selectors.account_list(actor=request.user, org_id=org.pk) if org else Account.objects.none()
    )
    fmt = request.GET.get("export")
    if fmt == "campaigns" and org:  # ?export=campaigns&as=xlsx: the per-campaign table
        headers = [
            _("campaign"),
            _("budget received (yuan)"),
            _("allocated down (yuan)"),
            _("paid out (yuan)"),
            _("left (yuan)"),
            _("proposed (yuan)"),
            _("balanced"),
        ]
        data = (
            [
                c.name,
                yuan(r.budget),
                yuan(r.allocated),
                yuan(r.paid),
                yuan(r.left),
                yuan(r.pending),
                _("yes") if r.balanced else _("no"),
            ]
            for c, r in selectors.org_reconciliation(actor=request.user, org_id=org.pk)
        )
        return export_response(
            request.GET.get("as") if request.GET.get("as") in EXPORT_FORMATS else "xlsx",
            "campaign-money",
            headers,
            data,
        )
    if fmt in EXPORT_FORMATS and org:
        headers = [_("organization"), _("campaign"), _("account"), _("balance (yuan)")]
        rows = (
            [
                a.organization.name,
                a.campaign.name if a.campaign else _("general funds"),
                a.get_kind_display(),
                yuan(a.balance),
            ]
            for a in accounts
        )
        return export_response(fmt, "ledger-accounts", headers, rows)
    return render(
        request,
        "campaigns/funds.html",
        {
            "org": org,
            "roots": roots,
            "accounts": accounts,
            "balances": selectors.org_funds(actor=request.user, org_id=org.pk) if org else {},
            "campaign_rows": selectors.org_reconciliation(actor=request.user, org_id=org.pk)
            if org
            else [],
            "may_write": org is not None and path_visible(request.user, org.path, write=True),
            "batches": selectors.grant_batch_list(actor=request.user).filter(from_org=org)[:50]
            if org
            else [],
            "receipts": selectors.receipt_list(actor=request.user, org_id=org.pk)[:50]
            if org
            else [],
            "sources": ReceiptSource.choices,
            "kinds": [
                (k, label)
                for k, label in OrgKind.choices
                if k not in (OrgKind.NATIONAL, OrgKind.PROVINCIAL)
            ],
            "account_kinds": AccountKind,
        },
    )


def _back_to_funds(request) -> HttpResponse:
    return redirect(f"{reverse('funds')}?org={request.POST.get('org', '')}")


@staff_required
@require_POST
def funds_receive(request):
    post = request.POST
    try:
        services.funds_receive(
            actor=request.user,
            org_id=int_or_none(post.get("org")) or 0,
            source=post.get("source", ""),
            amount=parse_yuan(post.get("amount")),
            memo=post.get("memo", ""),
        )
    except ServiceError as exc:
        _form_error(request, exc)
    else:
        messages.success(request, _("Funds recorded."))
    return _back_to_funds(request)


@staff_required
@require_POST
def funds_grant(request):
    post = request.POST
    try:
        batch = services.grant_batch(
            actor=request.user,
            from_org_id=int_or_none(post.get("org")) or 0,
            to_kind=post.get("to_kind", ""),
            limit=int_or_none(post.get("limit")),
            amount_each=parse_yuan(post.get("amount_each"), field="amount_each"),
            memo=post.get("memo", ""),
        )
    except ServiceError as exc:
        _form_error(request, exc)
    else:
        messages.success(request, _("%(n)s grants made.") % {"n": batch.count})
    return _back_to_funds(request)


@login_required
def account_entries(request, account_id: int):
    account = selectors.account_get(actor=request.user, account_id=account_id)
    qs = selectors.entry_list(actor=request.user, account_id=account.pk)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        headers = [
            _("posting"),
            _("kind"),
            _("memo"),
            _("amount (fen, debit positive)"),
            _("time"),
            _("by"),
        ]
        rows = (
            [
                e.posting_id,
                e.posting.get_kind_display(),
                e.posting.memo,
                e.amount,
                e.posting.created_at.strftime("%Y-%m-%d %H:%M"),
                e.posting.actor.username if e.posting.actor else "",
            ]
            for e in qs.iterator(chunk_size=2000)
        )
        return export_response(fmt, "ledger-entries", headers, rows)
    page = _page(request, qs)
    for entry in page:
        entry.change = entry.amount * account.sign  # what it did to this account's balance
    return render(
        request,
        "campaigns/entries.html",
        {
            "account": account,
            "page": page,
            "querystring": request.GET.urlencode(),
        },
    )
