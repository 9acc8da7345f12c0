"""Pages: the member's own aid (phone first), and the cadre's files and applications."""

import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.models import User
from gonghui.core import related
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan
from gonghui.core.params import int_or_none
from gonghui.core.scoping import path_visible
from gonghui.members.selectors import member_list
from gonghui.orgs.models import FEDERATION_KINDS
from gonghui.orgs.selectors import org_list

from . import selectors, services
from .forms import (
    ApplyForm,
    CloseForm,
    ConsentForm,
    DecideForm,
    DocumentForm,
    FileOpenForm,
    HouseholdForm,
    ReviewForm,
    SensitiveForm,
)
from .lists import APPLICATIONS, FILES, OVERDUE
from .models import (
    LEVEL_LABELS,
    LEVELS,
    NOTICE_DAYS,
    AidKind,
    ApplicationStatus,
    Cause,
    DocumentKind,
    FileStatus,
    StepDecision,
    Tier,
)


def _member(actor: User, value: str):
    """The member a cadre names by member number or ID number, in their subtree."""
    value = (value or "").strip()
    return member_list(actor=actor, q=value).first() if value else None


# ---- member pages ---------------------------------------------------------------------
# The member's own aid page shows payments too: it is composed in web/member_aid.py.


@login_required
def apply_start(request):
    return render(request, "assistance/apply_start.html", {"kinds": AidKind.choices})


def _apply(request, kind: str, *, for_member: bool):
    form = ApplyForm(request.POST or None, request.FILES or None, kind=kind, for_member=for_member)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person_id = None
            if for_member:
                membership = _member(request.user, data["member"])
                if membership is None:
                    raise ServiceError(_("No such active member in your unions."), field="member")
                person_id = membership.person_id
            application = services.application_submit(
                actor=request.user,
                kind=kind,
                person_id=person_id,
                requested_amount=parse_yuan(data["requested_amount"], field="requested_amount"),
                reason=data["reason"],
                consent=data.get("consent", False),
                child_name=data.get("child_name", ""),
                school_name=data.get("school_name", ""),
                school_year=data.get("school_year"),
                school_level=data.get("school_level", ""),
                hospital=data.get("hospital", ""),
                bills_amount=parse_yuan(data["bills_amount"], field="bills_amount")
                if kind == AidKind.MEDICAL
                else None,
                illness=data.get("illness", ""),
                admission_proof=data.get("admission_proof"),
            )
        except ServiceError as exc:
            if "upload" in exc.fields and "admission_proof" in form.fields:
                exc.fields = {"admission_proof": exc.fields["upload"]}
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your application has been sent. You can follow it here.")
                if not for_member
                else _("The application has been sent up the chain."),
            )
            return redirect(
                "aid-mine" if not for_member else "aid-application",
                *([] if not for_member else [application.pk]),
            )
    return render(
        request,
        "assistance/apply.html",
        {
            "form": form,
            "kind": kind,
            "kind_label": AidKind(kind).label,
            "for_member": for_member,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def apply(request, kind: str):
    if kind not in AidKind.values:
        raise Http404
    return _apply(request, kind, for_member=False)


@login_required
def apply_for_member(request, kind: str):
    if kind not in AidKind.values:
        raise Http404
    return _apply(request, kind, for_member=True)


# ---- files --------------------------------------------------------------------------


@staff_required
def file_list(request):
    return FILES.respond(
        request,
        "assistance/files.html",
        {
            "tiers": Tier.choices,
            "causes": Cause.choices,
            "statuses": FileStatus.choices,
            "pending": selectors.pending_count(actor=request.user),
            "may_write": bool(request.user.writable_paths()),
            "empty": _("No file matches. Clear the search or the filters."),
        },
    )


@staff_required
def overdue(request):
    return OVERDUE.respond(
        request, "assistance/overdue.html", {"empty": _("No review is overdue.")}
    )


@staff_required
def file_new(request):
    form = FileOpenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        membership = _member(request.user, data["member"])
        try:
            if membership is None:
                raise ServiceError(_("No such active member in your unions."), field="member")
            file = services.file_open(
                actor=request.user,
                membership_id=membership.pk,
                tier=data["tier"],
                causes=data["causes"],
                opened_on=data["opened_on"],
                note=data["note"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("File %(n)s opened.") % {"n": file.number})
            return redirect("aid-file", file.pk)
    return render(
        request,
        "assistance/file_new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


FILE_FORMS = {
    "household": HouseholdForm,
    "consent": ConsentForm,
    "sensitive": SensitiveForm,
    "review": ReviewForm,
    "close": CloseForm,
    "document": DocumentForm,
}


def _file_page(request, file_id: int, *, forms=None, revealed=None, status: int = 200):
    """The file page; `forms` are the bound forms of a refused action, shown with their errors."""
    file = selectors.file_get(actor=request.user, file_id=file_id)
    return render(
        request,
        "assistance/file.html",
        {
            "f": file,
            "forms": {name: cls(prefix=name) for name, cls in FILE_FORMS.items()} | (forms or {}),
            "revealed": revealed,
            "may_write": path_visible(request.user, file.union.path, write=True),
            "household": file.household.all(),
            "reviews": file.reviews.select_related("reviewer"),
            "documents": file.documents.all(),
            "consents": selectors.consents_of(actor=request.user, person_id=file.person_id),
            "applications": selectors.application_list(actor=request.user)
            .filter(person_id=file.person_id)
            .order_by("-submitted_at", "id"),
            # What capabilities above this one record on the file (honours' care).
            "panels": related.panels_for(request.user, file),
        },
        status=status,
    )


def _file_form_action(request, file_id: int, name: str, write: Callable[[dict], object], done):
    """One form of the file page: `write(cleaned_data)` calls the service; on success the
    page again with the message `done`, else the form with its errors beside the inputs."""
    form = FILE_FORMS[name](request.POST, request.FILES, prefix=name)
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("aid-file", file_id)
    return _file_page(request, file_id, forms={name: form}, status=400)


@require_safe
@login_required
def file_detail(request, file_id: int):
    return _file_page(request, file_id)


@require_POST
@login_required
def file_reveal(request, file_id: int):
    field = request.POST.get("field", "")
    try:
        value = services.file_reveal(
            actor=request.user,
            file_id=file_id,
            field=field,
            purpose=request.POST.get("purpose", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _file_page(request, file_id, status=400)
    return _file_page(request, file_id, revealed=(field, value))


@require_POST
@login_required
def household_add(request, file_id: int):
    return _file_form_action(
        request,
        file_id,
        "household",
        lambda data: services.household_add(actor=request.user, file_id=file_id, **data),
        _("Household member added."),
    )


@require_POST
@login_required
def household_remove(request, file_id: int, member_id: int):
    try:
        services.household_remove(actor=request.user, file_id=file_id, member_id=member_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _file_page(request, file_id, status=400)
    messages.success(request, _("Household member removed."))
    return redirect("aid-file", file_id)


@require_POST
@login_required
def consent_record(request, file_id: int):
    file = selectors.file_get(actor=request.user, file_id=file_id)
    return _file_form_action(
        request,
        file_id,
        "consent",
        lambda data: services.consent_record(actor=request.user, person_id=file.person_id, **data),
        _("Consent recorded."),
    )


def _set_sensitive(request, file_id: int, data: dict) -> None:
    services.file_set_sensitive(
        actor=request.user,
        file_id=file_id,
        income=parse_yuan(data["income"], field="income", required=False),
        illness=data["illness"] or None,
        bank_account=data["bank_account"] or None,
    )


@require_POST
@login_required
def file_set_sensitive(request, file_id: int):
    return _file_form_action(
        request,
        file_id,
        "sensitive",
        lambda data: _set_sensitive(request, file_id, data),
        _("Saved, encrypted."),
    )


@require_POST
@login_required
def file_review(request, file_id: int):
    return _file_form_action(
        request,
        file_id,
        "review",
        lambda data: services.file_review(actor=request.user, file_id=file_id, **data),
        _("Review recorded; the next is due in a year."),
    )


@require_POST
@login_required
def file_close(request, file_id: int):
    return _file_form_action(
        request,
        file_id,
        "close",
        lambda data: services.file_close(actor=request.user, file_id=file_id, **data),
        _("The family has left hardship; the file is closed."),
    )


@require_POST
@login_required
def file_document_add(request, file_id: int):
    return _file_form_action(
        request,
        file_id,
        "document",
        lambda data: services.document_add(actor=request.user, file_id=file_id, **data),
        _("Document uploaded."),
    )


@login_required
def document(request, document_id: int):
    doc = services.document_open(
        actor=request.user, document_id=document_id, purpose=request.GET.get("purpose", "")
    )
    return FileResponse(
        io.BytesIO(services.document_content(doc)),
        as_attachment=True,
        filename=doc.name,
        content_type=doc.content_type,
    )


# ---- applications -------------------------------------------------------------------


@staff_required
def application_list(request):
    return APPLICATIONS.respond(
        request,
        "assistance/applications.html",
        {
            "kinds": AidKind.choices,
            "statuses": ApplicationStatus.choices,
            "empty": _("No application matches."),
        },
    )


def _application_page(
    request, application_id: int, *, decide=None, upload=None, revealed=None, status: int = 200
):
    """The application page; `decide` or `upload` bound with the errors of a refused action."""
    application = selectors.application_get(actor=request.user, application_id=application_id)
    steps = list(application.steps.select_related("org", "decided_by").order_by("order"))
    current = next(
        (
            s
            for s in steps
            if s.order == application.current_step
            and application.status == ApplicationStatus.REVIEWING
        ),
        None,
    )
    return render(
        request,
        "assistance/application.html",
        {
            "a": application,
            "steps": steps,
            "current": current,
            "own": application.person.user_id == request.user.pk,
            # readers (leaders, auditors) see the application and none of its actions
            "may_write": application.person.user_id == request.user.pk
            or path_visible(request.user, application.union.path, write=True),
            "may_decide": current is not None and services.decides_at(request.user, current.org),
            # why this reviewer may not approve (they entered it …), and what evidence is missing
            "own_part": services.own_part(request.user, application) if current else None,
            "missing": [DocumentKind(k).label for k in services.missing_documents(application)]
            if current
            else [],
            "decide": decide or DecideForm(prefix="decide"),
            "upload": upload or DocumentForm(prefix="document"),
            "revealed": revealed,
            "documents": application.documents.all(),
            "payments": application.disbursements.select_related("campaign").order_by("-made_at"),
            "notice": selectors.notice_of(application),
            "hold": services.payment_hold(application.pk)
            if application.status == ApplicationStatus.APPROVED
            else None,
        },
        status=status,
    )


@require_safe
@login_required
def application_detail(request, application_id: int):
    return _application_page(request, application_id)


@require_POST
@login_required
def application_decide(request, application_id: int):
    form = DecideForm(request.POST, prefix="decide")
    if form.is_valid():
        decision = request.POST.get("decision", "")
        try:
            services.application_decide(
                actor=request.user,
                application_id=application_id,
                step=int_or_none(request.POST.get("step")) or 0,
                decision=decision,
                amount=parse_yuan(
                    form.cleaned_data["amount"],
                    field="amount",
                    required=decision == StepDecision.APPROVED,
                ),
                comment=form.cleaned_data["comment"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Decision recorded."))
            return redirect("aid-application", application_id)
    return _application_page(request, application_id, decide=form, status=400)


@require_POST
@login_required
def application_document_add(request, application_id: int):
    form = DocumentForm(request.POST, request.FILES, prefix="document")
    if form.is_valid():
        try:
            services.document_add(
                actor=request.user, application_id=application_id, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Document uploaded."))
            return redirect("aid-application", application_id)
    return _application_page(request, application_id, upload=form, status=400)


@require_POST
@login_required
def application_withdraw(request, application_id: int):
    try:
        services.application_withdraw(actor=request.user, application_id=application_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _application_page(request, application_id, status=400)
    messages.success(request, _("The application has been withdrawn."))
    return redirect("aid-application", application_id)


@require_POST
@login_required
def application_reveal(request, application_id: int):
    try:
        revealed = services.application_reveal(
            actor=request.user,
            application_id=application_id,
            purpose=request.POST.get("purpose", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return _application_page(request, application_id, status=400)
    return _application_page(request, application_id, revealed=revealed)


@require_POST
@login_required
def consent_withdraw(request, consent_id: int):
    """The member withdraws a consent from their aid page (web/member_aid.py)."""
    try:
        services.consent_withdraw(actor=request.user, consent_id=consent_id)
    except (ServiceError, Http404):
        messages.error(request, _("This consent cannot be withdrawn here."))
    else:
        messages.success(
            request,
            _("Consent withdrawn; your income, illness and bank details have been erased."),
        )
    return redirect("aid-mine")


@staff_required
def chains(request):
    """Review chains: what each federation in the caller's subtree has set."""
    if request.method == "POST":
        try:
            services.chain_set(
                actor=request.user,
                owner_id=int_or_none(request.POST.get("owner")) or 0,
                kind=request.POST.get("kind", ""),
                levels=request.POST.getlist("levels"),
            )
            messages.success(request, _("Review chain saved."))
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("aid-chains")
    owners = org_list(actor=request.user, write=True).filter(kind__in=FEDERATION_KINDS)[:200]
    return render(
        request,
        "assistance/chains.html",
        {
            "chains": selectors.chain_list(actor=request.user),
            "owners": owners,
            "kinds": AidKind.choices,
            "levels": [(lvl, LEVEL_LABELS[lvl]) for lvl in LEVELS],
            "defaults": services.DEFAULT_CHAINS,
            "level_labels": LEVEL_LABELS,
        },
    )


# ---- public notice of aid (公示) and its objections -----------------------------------


@require_safe
def notices(request):
    """Aid above the threshold, shown to everyone for its days: masked name, union, kind,
    amount, dates; one signed in may object."""
    return render(
        request,
        "assistance/notices.html",
        {"notices": selectors.notices_shown()[:500], "days": NOTICE_DAYS},
    )


@require_POST
@login_required
def notice_object(request):
    try:
        services.objection_file(
            actor=request.user,
            notice_id=int_or_none(request.POST.get("notice")) or 0,
            text=request.POST.get("text", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Your objection is recorded; the union resolves it before any payment.")
        )
    return redirect("aid-notices")


@require_safe
@staff_required
def objections(request):
    status = request.GET.get("status", "open")
    status = status if status in {"open", "upheld", "dismissed", ""} else "open"
    return render(
        request,
        "assistance/objections.html",
        {
            "rows": [
                (o, path_visible(request.user, o.notice.union.path, write=True))
                for o in selectors.objection_list(actor=request.user, status=status)[:500]
            ],
            "status": status,
        },
    )


@staff_required
@require_POST
def objection_resolve(request, objection_id: int):
    selectors.objection_get(actor=request.user, objection_id=objection_id)  # 404 to outsiders
    try:
        services.objection_resolve(
            actor=request.user,
            objection_id=objection_id,
            outcome=request.POST.get("outcome", ""),
            resolution=request.POST.get("resolution", ""),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Resolved."))
    return redirect("aid-objections")
