"""Member pages (phone first) and the cadre's register, requests and transfers."""

from collections.abc import Callable

import segno
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core import memberpages, throttle, todos
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.exports import export_response
from gonghui.core.forms import add_service_error
from gonghui.core.lists import Paginator
from gonghui.core.params import date_or_none
from gonghui.core.scoping import path_visible

from . import importer, pickers, selectors, services, tasks
from .forms import AccountForm, JoinForm
from .lists import MEMBERS
from .models import ImportJob, MembershipStatus, WorkKind

# A service's refusal names the service's field; the form shows it at the field typed in.
_FORM_FIELD = {
    "region": "region_text",
    "employer": "employer_text",
    "employer_name": "employer_text",
}


def _join_error(form: JoinForm, account: AccountForm | None, exc: ServiceError) -> None:
    if account is not None and "password" in exc.fields:
        add_service_error(account, exc)
        return
    for field, texts in (exc.fields or {"__all__": [str(exc.message)]}).items():
        for text in texts:
            target = _FORM_FIELD.get(field, field)
            form.add_error(target if target in form.fields else None, text)


@throttle.limit("join")  # per client address: 429 over the limit, nothing written
def join(request):
    """Online joining: details, and for a newcomer a password for their account.

    The applicant sees the union their request goes to before it is sent: the page's
    script shows it as they fill the form (join_union); without the script, the first
    press of the button comes back with the union named, to confirm (`union_seen`)."""
    form = JoinForm(request.POST or None)
    account = None if request.user.is_authenticated else AccountForm(request.POST or None)
    confirm = None
    if request.method == "POST" and form.is_valid() and (account is None or account.is_valid()):
        details = form.service_details()
        try:
            union = services.join_union(**details)
            if form.cleaned_data.get("union_seen") != union.pk:
                confirm = union
                form = JoinForm(_resolved(request.POST, form))
            elif account is None:
                services.join_submit(actor=request.user, **details)
            else:
                applied = services.join_submit_with_account(
                    password=account.cleaned_data["password"], **details
                )
        except ServiceError as exc:
            _join_error(form, account, exc)
        else:
            if confirm is None:
                if account is not None:
                    login(
                        request,
                        applied.applicant,
                        backend="gonghui.accounts.backends.UsernameOrPhoneBackend",
                    )
                messages.success(request, _("Your request has been sent. You can follow it here."))
                return redirect("member-home")
    response = render(
        request,
        "members/join.html",
        {
            "form": form,
            "account": account,
            "confirm": confirm,
            "consent_version": services.ID_CONSENT_VERSION,
        },
        status=400 if request.method == "POST" and confirm is None else 200,
    )
    response["Cache-Control"] = "no-store"  # the page may carry the password typed
    return response


def _resolved(posted, form: JoinForm):
    """The posted form with the place and the employer as resolved, to confirm."""
    data = posted.copy()
    cleaned = form.cleaned_data
    data["region"], data["region_text"] = cleaned["region"], cleaned["region_text"]
    data["employer"] = cleaned.get("employer") or ""
    data["employer_text"] = cleaned.get("employer_text", "")
    return data


def _picks(places) -> list[dict]:
    return [{"code": p.code, "name": p.name, "label": p.label, "level": p.level} for p in places]


@require_safe
@throttle.limit("join_lookup", methods=("GET",))
def join_places(request):
    """The place picker: ?q= searches counties and districts by name, pinyin or initials;
    ?parent= lists a province's cities or a city's counties (none: the provinces)."""
    q = request.GET.get("q", "")
    if q.strip():
        return JsonResponse({"results": _picks(pickers.place_search(q))})
    return JsonResponse({"results": _picks(pickers.place_children(request.GET.get("parent", "")))})


@require_safe
@throttle.limit("join_lookup", methods=("GET",))
def join_employers(request):
    """The employer picker: enterprises on file by name, pinyin or credit code, within the
    province of ?region= (at most pickers.PICK_LIMIT)."""
    found = pickers.enterprise_search(
        request.GET.get("q", ""), region=request.GET.get("region", "")
    )
    return JsonResponse(
        {
            "results": [
                {
                    "id": e.pk,
                    "name": e.name,
                    "place": getattr(pickers.place(e.region_id), "label", ""),
                }
                for e in found
            ]
        }
    )


@require_safe
@throttle.limit("join_lookup", methods=("GET",))
def join_union(request):
    """The union a request with these details would go to, shown before it is sent."""
    employer = request.GET.get("employer", "")
    try:
        union = services.join_union(
            work_kind=request.GET.get("work_kind", ""),
            region=request.GET.get("region", ""),
            employer_id=int(employer) if employer.isdigit() else None,
            employer_credit_code=request.GET.get("employer_credit_code", "")[:18],
            employer_name=request.GET.get("employer_name", "")[:120],
        )
    except ServiceError as exc:
        return JsonResponse({"union": None, "message": str(exc.message)})
    return JsonResponse({"union": {"id": union.pk, "name": union.name}})


@login_required
def member_home(request):
    membership = selectors.my_active_membership(actor=request.user)
    return render(
        request,
        "members/me.html",
        {
            "membership": membership,
            "requests": selectors.my_join_requests(actor=request.user),
            "memberships": selectors.my_memberships(actor=request.user),
            "transfers": selectors.my_transfers(actor=request.user),
            "id_consents": selectors.my_id_consents(actor=request.user),
            "todos": todos.waiting_for(request.user),
            "pages": memberpages.pages(),
        },
    )


@require_POST
@login_required
def id_consent_withdraw(request, consent_id: int):
    try:
        services.id_consent_withdraw(actor=request.user, consent_id=consent_id)
    except NotFound as exc:
        raise Http404 from exc
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _(
                "Consent withdrawn. Your ID number has been erased and will not be "
                "processed any more."
            ),
        )
    return redirect("member-home")


@login_required
def member_card(request):
    membership = selectors.my_active_membership(actor=request.user)
    if membership is None:
        messages.info(request, _("You have no active membership yet, so there is no card."))
        return redirect("member-home")
    token = services.card_token(membership)  # renewed each time the member opens it
    url = request.build_absolute_uri(reverse("card-verify")) + "?t=" + token
    return render(
        request,
        "members/card.html",
        {
            "membership": membership,
            "expires_on": services.card_expiry(token),
            "verify_url": url,
            "qr_svg": segno.make(url, error="m").svg_inline(scale=5),
        },
    )


def card_verify(request):
    """Public: anyone who scans a card learns whether it is valid and which union issued it."""
    check = services.card_check(request.GET.get("t", ""))
    return render(request, "members/verify.html", {"check": check})


@staff_required
def register(request):
    return MEMBERS.respond(
        request,
        "members/register.html",
        {
            "may_write": bool(request.user.writable_paths()),
            "work_kinds": WorkKind.choices,
            "statuses": MembershipStatus.choices,
            "empty": _("No member matches. Clear the search or the filters."),
        },
    )


@staff_required
def join_requests(request):
    status = request.GET.get("status", "pending")
    qs = selectors.join_request_list(
        actor=request.user,
        status=status if status in {"pending", "approved", "rejected"} else "pending",
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    rows = [
        (
            join,
            selectors.waiting_days(join),
            services.join_differences(join),
            # the forms only where this user decides
            join.status == "pending" and path_visible(request.user, join.union.path, write=True),
        )
        for join in page
    ]
    return render(
        request,
        "members/requests.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "may_decide": any(row[3] for row in rows),
            "batch_max": services.MAX_BATCH,
            "querystring": request.GET.urlencode(),
        },
    )


@require_POST
@login_required
def join_approve(request, join_id: int):
    try:
        membership = services.join_approve(
            actor=request.user,
            join_id=join_id,
            identity_checked=request.POST.get("identity_checked") == "on",
            update_record=request.POST.get("update_record") == "on",
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Approved. Member number %(n)s.") % {"n": membership.number})
    return redirect("member-requests")


@require_POST
@login_required
def join_reject(request, join_id: int):
    try:
        services.join_reject(
            actor=request.user, join_id=join_id, reason=request.POST.get("reason", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Rejected; the applicant sees your reason."))
    return redirect("member-requests")


@staff_required
@require_POST
def join_batch(request):
    """Several requests approved at once, or rejected with one reason."""
    try:
        outcome = services.join_decide_batch(
            actor=request.user,
            join_ids=[int(i) for i in request.POST.getlist("ids") if i.isdigit()],
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("member-requests")
    if outcome.decided:
        messages.success(
            request,
            ngettext("%(n)s request decided.", "%(n)s requests decided.", len(outcome.decided))
            % {"n": len(outcome.decided)},
        )
    names = dict(
        selectors.join_request_list(actor=request.user, status="")
        .filter(pk__in=outcome.refused)
        .values_list("pk", "name")
    )
    for join_id, why in outcome.refused.items():
        messages.error(request, f"{names.get(join_id, join_id)}: {why}")
    return redirect("member-requests")


def _detail_page(request, membership_id: int, *, revealed=None, status: int = 200):
    """One member for a cadre: masked details, the forms to reveal, leave and transfer."""
    membership = selectors.member_get(actor=request.user, membership_id=membership_id)
    return render(
        request,
        "members/detail.html",
        {
            "m": membership,
            # leaders and auditors read the register; only a writing role sees the actions
            "may_write": path_visible(request.user, membership.union.path, write=True),
            "revealed": revealed,
            "transfers": selectors.transfer_list(actor=request.user).filter(
                membership__person=membership.person
            ),
        },
        status=status,
    )


@require_safe
@login_required
def member_detail(request, membership_id: int):
    return _detail_page(request, membership_id)


@require_POST
@login_required
def member_reveal(request, membership_id: int):
    """The full ID number or phone on the page, with the purpose the read is logged with."""
    membership = selectors.member_get(actor=request.user, membership_id=membership_id)
    field = request.POST.get("field", "")
    try:
        value = services.person_reveal(
            actor=request.user,
            person_id=membership.person_id,
            field=field,
            purpose=request.POST.get("purpose", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _detail_page(request, membership_id, status=400)
    return _detail_page(request, membership_id, revealed=(field, value))


@require_POST
@login_required
def member_leave(request, membership_id: int):
    try:
        services.membership_leave(
            actor=request.user,
            membership_id=membership_id,
            reason=request.POST.get("reason", ""),
            on=date_or_none(request.POST.get("on")),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _detail_page(request, membership_id, status=400)
    messages.success(request, _("The membership has ended."))
    return redirect("member-detail", membership_id=membership_id)


@require_POST
@login_required
def member_transfer(request, membership_id: int):
    target = selectors.union_by_code_or_name(request.POST.get("to_union", ""))
    try:
        services.transfer_request(
            actor=request.user,
            membership_id=membership_id,
            to_union_id=target.pk if target else 0,
            reason=request.POST.get("reason", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _detail_page(request, membership_id, status=400)
    messages.success(
        request, _("Transfer requested; the old union releases it, then the new union accepts.")
    )
    return redirect("member-transfers")


@require_safe
@staff_required
def transfers(request):
    status = request.GET.get("status", "")
    waiting = request.GET.get("waiting") == "1"
    qs = selectors.transfer_list(
        actor=request.user,
        status=status if status in {"requested", "released", "accepted", "rejected"} else "",
        waiting_for_me=waiting,
    )
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    # each row shows only the steps this user may take
    rows = [(t, selectors.transfer_steps(actor=request.user, transfer=t)) for t in page]
    return render(
        request,
        "members/transfers.html",
        {
            "page": page,
            "rows": rows,
            "status": status,
            "waiting": waiting,
            "querystring": request.GET.urlencode(),
        },
    )


def _transfer_step(request, step: Callable[[], object]):
    """One step of a transfer from the transfers page: back to the page with its outcome."""
    try:
        step()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Done."))
    return redirect("member-transfers")


@require_POST
@staff_required
def transfer_release(request, transfer_id: int):
    return _transfer_step(
        request, lambda: services.transfer_release(actor=request.user, transfer_id=transfer_id)
    )


@require_POST
@staff_required
def transfer_accept(request, transfer_id: int):
    return _transfer_step(
        request, lambda: services.transfer_accept(actor=request.user, transfer_id=transfer_id)
    )


@require_POST
@staff_required
def transfer_reject(request, transfer_id: int):
    return _transfer_step(
        request,
        lambda: services.transfer_reject(
            actor=request.user, transfer_id=transfer_id, reason=request.POST.get("reason", "")
        ),
    )


# ---- imports of member registers -----------------------------------------------------


@login_required
def member_import(request):
    """Upload a register; the import runs in the background and its page follows it."""
    if not request.user.writable_paths():
        raise Http404
    errors: dict = {}
    if request.method == "POST":
        try:
            job = tasks.import_job_create(
                actor=request.user,
                upload=request.FILES.get("file"),
                mode=request.POST.get("mode", ""),
                dry_run=bool(request.POST.get("dry_run")),
                union_ref=request.POST.get("union", ""),
                language=request.LANGUAGE_CODE,
            )
        except ServiceError as exc:
            errors = exc.fields or {"form": [str(exc.message)]}
        else:
            return redirect("member-import-job", job_id=job.pk)
    return render(
        request,
        "members/import.html",
        {
            "errors": errors,
            "post": request.POST,
            "modes": ImportJob.Mode.choices,
            "unions": importer.import_target_unions(actor=request.user),
            "jobs": importer.import_job_list(actor=request.user).select_related("created_by")[:20],
            "columns": importer.HEADERS,
        },
        status=400 if errors else 200,
    )


@login_required
def member_import_job(request, job_id: int):
    job = importer.import_job_get(actor=request.user, job_id=job_id)
    return render(
        request,
        "members/import_job.html",
        {
            "job": job,
            "progress": importer.import_job_progress(job),
            "bad_rows": job.bad_rows[: importer.BAD_ROWS_SHOWN],
            "may_run_again": job.status == ImportJob.Status.INTERRUPTED
            and bool(job.file)
            and ImportJob.objects.visible_to(request.user, write=True, own=True)
            .filter(pk=job.pk)
            .exists(),
        },
    )


@require_POST
@login_required
def member_import_run_again(request, job_id: int):
    try:
        tasks.import_job_run_again(actor=request.user, job_id=job_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("member-import-job", job_id=job_id)


@login_required
def member_import_status(request, job_id: int):
    job = importer.import_job_get(actor=request.user, job_id=job_id)
    return JsonResponse(importer.import_job_progress(job))


@login_required
def member_import_bad_rows(request, job_id: int):
    """The bad rows as they were written, every column, with their line and reasons: fix
    them in the file and import it again (?format=xlsx for Excel)."""
    job = importer.import_job_get(actor=request.user, job_id=job_id)
    columns, rows = importer.import_job_bad_rows_table(job)
    fmt = "xlsx" if request.GET.get("format") == "xlsx" else "csv"
    return export_response(fmt, f"import-{job.pk}-bad-rows", columns, rows)


@require_safe
@login_required
def member_import_template(request):
    """The register template: headers, a sample row, drop-down lists of the choices."""
    if not request.user.writable_paths():
        raise Http404
    response = HttpResponse(
        importer.register_template(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="member-register-template.xlsx"'
    return response
