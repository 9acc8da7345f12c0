"""Pages: the member's cover and claims (phone first), and the plan federation's plans,
enrolment and claim review. One view per action; each form posts to its own address."""

import io
import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_suggestions

from . import selectors, services
from .lists import CLAIMS, ENROLMENTS, PLANS
from .models import ClaimStatus, CoverKind

# ---- the member's pages ------------------------------------------------------------------


@require_safe
@login_required
def mine(request):
    return render(
        request,
        "welfare/mine.html",
        {
            "enrolments": selectors.my_enrolments(actor=request.user),
            "claims": selectors.my_claims(actor=request.user),
        },
    )


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@login_required
def claim_new(request):
    """The member's claim form: kind, day, bills, illness, photos of the documents. The
    form carries a key made when it is shown, so a double tap files one claim."""
    errors: dict[str, str] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            incurred_on = _date(request.POST.get("incurred_on", ""))
            if incurred_on is None:
                raise ServiceError(_("Enter a date."), field="incurred_on")
            claim, _replayed = services.claim_submit(
                actor=request.user,
                kind=request.POST.get("kind", ""),
                incurred_on=incurred_on,
                bills=parse_yuan(request.POST.get("bills"), field="bills"),
                illness=request.POST.get("illness", ""),
                idempotency_key=request.POST.get("key", ""),
                documents=request.FILES.getlist("documents"),
            )
        except ServiceError as exc:
            errors = {f: m[0] for f, m in exc.fields.items()} or {"form": str(exc.message)}
        else:
            messages.success(
                request, _("Your claim is filed. You can follow it here: the union reviews it.")
            )
            return redirect("welfare-my-claim", claim_id=claim.pk)
    return render(
        request,
        "welfare/claim_new.html",
        {
            "kinds": CoverKind.choices,
            "errors": errors,
            "values": values,
            "key": values.get("key") or uuid.uuid4().hex,
            "enrolments": selectors.my_enrolments(actor=request.user),
        },
        status=400 if errors else 200,
    )


@require_safe
@login_required
def my_claim(request, claim_id: int):
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id, own=True)
    return render(request, "welfare/my_claim.html", {"claim": claim})


@require_safe
@login_required
def document(request, document_id: int):
    doc, content = services.document_open(actor=request.user, document_id=document_id)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=doc.name, content_type=doc.content_type
    )


# ---- the staff's pages -----------------------------------------------------------------


@staff_required
def plan_list(request):
    return PLANS.respond(
        request,
        "welfare/plans.html",
        {"empty": _("No plan matches. Clear the search or the filters.")},
    )


@staff_required
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    return render(
        request,
        "welfare/plan.html",
        {
            "plan": plan,
            "covers": plan.covers.all(),
            "totals": selectors.plan_totals(plan, request.user),
            "fund_left": services.fund_left(plan),
            "unions": org_suggestions(actor=request.user, write=True),
            "runs_it": path_visible(request.user, plan.owner.path, write=True),
        },
    )


@require_POST
@staff_required
def plan_enrol(request, plan_id: int):
    try:
        union_id = int(request.POST.get("union_id", ""))
    except ValueError:
        messages.error(request, _("Choose the union whose members are enrolled."))
        return redirect("welfare-plan", plan_id=plan_id)
    try:
        counts = services.enrol_union(actor=request.user, plan_id=plan_id, union_id=union_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(n)s members enrolled, %(free)s of them gig workers covered free.")
            % {
                "n": counts["enrolled"],
                "free": counts["free"],
            },
        )
    return redirect("welfare-plan", plan_id=plan_id)


@staff_required
def enrolment_list(request):
    return ENROLMENTS.respond(
        request,
        "welfare/enrolments.html",
        {"empty": _("No member is enrolled yet: enrol a union's members on a plan's page.")},
    )


@staff_required
def claim_list(request):
    return CLAIMS.respond(
        request,
        "welfare/claims.html",
        {
            "kinds": CoverKind.choices,
            "statuses": ClaimStatus.choices,
            "empty": _("No claim matches. Clear the search or the filters."),
        },
    )


@staff_required
def claim_detail(request, claim_id: int):
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    runs_it = path_visible(request.user, claim.enrolment.plan.owner.path, write=True)
    return render(
        request,
        "welfare/claim.html",
        {
            "claim": claim,
            "may_review": runs_it
            and claim.status == ClaimStatus.SUBMITTED
            and claim.submitted_by_id != request.user.pk,
            "may_pay": runs_it
            and claim.status == ClaimStatus.APPROVED
            and claim.reviewer_id != request.user.pk,
            "payout_now": yuan(services.payout_for(claim))
            if claim.status == ClaimStatus.SUBMITTED
            else None,
            "illness": request.session.pop(f"welfare-illness-{claim.pk}", None),
        },
    )


def _act(request, claim_id: int, action, done: str):
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("welfare-claim", claim_id=claim_id)


@require_POST
@staff_required
def claim_approve(request, claim_id: int):
    return _act(
        request,
        claim_id,
        lambda: services.claim_approve(actor=request.user, claim_id=claim_id),
        _("Approved: the payout waits for another person to pay it."),
    )


@require_POST
@staff_required
def claim_reject(request, claim_id: int):
    return _act(
        request,
        claim_id,
        lambda: services.claim_reject(
            actor=request.user, claim_id=claim_id, reason=request.POST.get("reason", "")
        ),
        _("Turned down: the member sees the reason."),
    )


@require_POST
@staff_required
def claim_pay(request, claim_id: int):
    return _act(
        request,
        claim_id,
        lambda: services.claim_pay(actor=request.user, claim_id=claim_id),
        _("Paid out of the plan's fund."),
    )


@require_POST
@staff_required
def claim_illness(request, claim_id: int):
    """Shows the illness once, on the next page view; the read is logged."""
    text = services.claim_illness(
        actor=request.user, claim_id=claim_id, purpose=request.POST.get("purpose", "")
    )
    request.session[f"welfare-illness-{claim_id}"] = text
    return redirect("welfare-claim", claim_id=claim_id)
