"""Pages: the member's own aid (phone first), and the cadre's files and applications."""

import io
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.exports import EXPORT_FORMATS, export_response
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.params import date_or_none, int_or_none
from gonghui.core.scoping import path_visible
from gonghui.members.selectors import member_list
from gonghui.orgs.models import FEDERATION_KINDS

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
from .models import (
    LEVEL_LABELS,
    LEVELS,
    AidKind,
    ApplicationStatus,
    Cause,
    FileStatus,
    StepDecision,
    Tier,
)

PAGE_SIZE = 50


def _choice(request, name: str, values, default: str = "") -> str:
    value = request.GET.get(name, default)
    return value if value in values else default


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _member(actor, value: str):
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
                request=request,
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


def _file_params(request) -> dict:
    return {
        "q": request.GET.get("q", ""),
        "tier": _choice(request, "tier", Tier.values),
        "status": _choice(request, "status", {*FileStatus.values, ""}, FileStatus.OPEN),
        "cause": _choice(request, "cause", Cause.values),
        "union_id": int_or_none(request.GET.get("union")),
        "overdue": request.GET.get("overdue") == "1",
        "returned": request.GET.get("returned") == "1",
        "sort": _choice(request, "sort", selectors.FILE_SORTS, "-opened"),
    }


def _file_rows(qs):
    for f in qs.iterator(chunk_size=2000):
        yield [
            f.number,
            f.person.name,
            f.person.id_masked,
            f.union.name,
            f.get_tier_display(),
            "、".join(f.cause_labels()),
            f.get_status_display(),
            f.opened_on,
            f.next_review_due,
            f.closed_on,
            f.get_close_reason_display(),
            _("yes") if f.returned else "",
        ]


FILE_HEADERS = [
    _lazy("file number"),
    _lazy("name"),
    _lazy("ID number"),
    _lazy("keeping union"),
    _lazy("tier"),
    _lazy("causes"),
    _lazy("status"),
    _lazy("opened on"),
    _lazy("next review due"),
    _lazy("left hardship on"),
    _lazy("reason for leaving hardship"),
    _lazy("back in hardship within three years"),
]


@staff_required
def file_list(request):
    params = _file_params(request)
    qs = selectors.file_list(actor=request.user, **params)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        return export_response(
            fmt, "needy-worker-files", [str(h) for h in FILE_HEADERS], _file_rows(qs)
        )
    return render(
        request,
        "assistance/files.html",
        {
            "page": _page(request, qs),
            "params": params,
            "tiers": Tier.choices,
            "causes": Cause.choices,
            "statuses": FileStatus.choices,
            "sorts": [
                ("-opened", _("newest first")),
                ("name", _("name (pinyin)")),
                ("due", _("review due soonest")),
                ("tier", _("tier")),
            ],
            "querystring": request.GET.urlencode(),
            "pending": selectors.pending_count(actor=request.user),
        },
    )


@staff_required
def overdue(request):
    qs = selectors.overdue_files(actor=request.user)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        return export_response(
            fmt, "overdue-reviews", [str(h) for h in FILE_HEADERS], _file_rows(qs)
        )
    page = _page(request, qs)
    today = date.today()
    for f in page:
        f.days_overdue = (today - f.next_review_due).days
    return render(
        request, "assistance/overdue.html", {"page": page, "querystring": request.GET.urlencode()}
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
                request=request,
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


FILE_ACTIONS = {
    "household": HouseholdForm,
    "consent": ConsentForm,
    "sensitive": SensitiveForm,
    "review": ReviewForm,
    "close": CloseForm,
    "document": DocumentForm,
}


def _file_action(request, file, action: str, form) -> str | None:
    """Run one action of the file page; returns the success message."""
    data, actor = form.cleaned_data, request.user
    if action == "household":
        services.household_add(actor=actor, file_id=file.pk, request=request, **data)
        return _("Household member added.")
    if action == "consent":
        services.consent_record(actor=actor, person_id=file.person_id, request=request, **data)
        return _("Consent recorded.")
    if action == "sensitive":
        income = parse_yuan(data["income"], field="income", required=False)
        services.file_set_sensitive(
            actor=actor,
            file_id=file.pk,
            request=request,
            income=income,
            illness=data["illness"] or None,
            bank_account=data["bank_account"] or None,
        )
        return _("Saved, encrypted.")
    if action == "review":
        services.file_review(actor=actor, file_id=file.pk, request=request, **data)
        return _("Review recorded; the next is due in a year.")
    if action == "close":
        services.file_close(actor=actor, file_id=file.pk, request=request, **data)
        return _("The family has left hardship; the file is closed.")
    if action == "document":
        services.document_add(actor=actor, file_id=file.pk, request=request, **data)
        return _("Document uploaded.")
    return None


@login_required
def file_detail(request, file_id: int):
    file = selectors.file_get(actor=request.user, file_id=file_id)
    forms = {name: cls(prefix=name) for name, cls in FILE_ACTIONS.items()}
    revealed = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "reveal":
                field = request.POST.get("field", "")
                revealed = (
                    field,
                    services.file_reveal(
                        actor=request.user,
                        file_id=file.pk,
                        field=field,
                        purpose=request.POST.get("purpose", ""),
                    ),
                )
            elif action == "remove_household":
                services.household_remove(
                    actor=request.user,
                    file_id=file.pk,
                    request=request,
                    member_id=int_or_none(request.POST.get("member")) or 0,
                )
                messages.success(request, _("Household member removed."))
                return redirect("aid-file", file.pk)
            elif action in FILE_ACTIONS:
                form = FILE_ACTIONS[action](request.POST, request.FILES, prefix=action)
                forms[action] = form
                if form.is_valid():
                    try:
                        message = _file_action(request, file, action, form)
                    except ServiceError as exc:
                        add_service_error(form, exc)
                        status = 400
                    else:
                        assert message is not None  # every FILE_ACTIONS action has one
                        messages.success(request, message)
                        return redirect("aid-file", file.pk)
                else:
                    status = 400
        except ServiceError as exc:
            messages.error(request, exc.message)
            status = 400
        file = selectors.file_get(actor=request.user, file_id=file_id)
    return render(
        request,
        "assistance/file.html",
        {
            "f": file,
            "forms": forms,
            "revealed": revealed,
            "may_write": path_visible(request.user, file.union.path, write=True),
            "household": file.household.all(),
            "reviews": file.reviews.select_related("reviewer"),
            "documents": file.documents.all(),
            "consents": selectors.consents_of(actor=request.user, person_id=file.person_id),
            "applications": selectors.application_list(actor=request.user).filter(
                person_id=file.person_id
            ),
        },
        status=status,
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

APPLICATION_HEADERS = [
    _lazy("ID"),
    _lazy("kind of aid"),
    _lazy("applicant"),
    _lazy("ID number"),
    _lazy("applicant's union"),
    _lazy("status"),
    _lazy("amount asked (yuan)"),
    _lazy("amount approved (yuan)"),
    _lazy("current step"),
    _lazy("submitted at"),
]


@staff_required
def application_list(request):
    params = {
        "q": request.GET.get("q", ""),
        "kind": _choice(request, "kind", AidKind.values),
        "status": _choice(request, "status", {*ApplicationStatus.values, ""}),
        "union_id": int_or_none(request.GET.get("union")),
        "waiting_for_me": request.GET.get("waiting") == "1",
        "submitted_from": date_or_none(request.GET.get("from")),
        "submitted_to": date_or_none(request.GET.get("to")),
        "sort": _choice(request, "sort", selectors.APPLICATION_SORTS, "-submitted"),
    }
    qs = selectors.application_list(actor=request.user, **params)
    fmt = request.GET.get("export")
    if fmt in EXPORT_FORMATS:
        rows = (
            [
                a.pk,
                a.get_kind_display(),
                a.person.name,
                a.person.id_masked,
                a.union.name,
                a.get_status_display(),
                yuan(a.requested_amount),
                yuan(a.approved_amount),
                a.current_step,
                a.submitted_at.strftime("%Y-%m-%d %H:%M"),
            ]
            for a in qs.iterator(chunk_size=2000)
        )
        return export_response(fmt, "aid-applications", [str(h) for h in APPLICATION_HEADERS], rows)
    return render(
        request,
        "assistance/applications.html",
        {
            "page": _page(request, qs.prefetch_related("steps__org")),
            "params": params,
            "kinds": AidKind.choices,
            "statuses": ApplicationStatus.choices,
            "sorts": [
                ("-submitted", _("newest first")),
                ("submitted", _("oldest first")),
                ("name", _("name (pinyin)")),
                ("-amount", _("largest amount first")),
            ],
            "querystring": request.GET.urlencode(),
        },
    )


@login_required
def application_detail(request, application_id: int):
    application = selectors.application_get(actor=request.user, application_id=application_id)
    own = application.person.user_id == request.user.pk
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
    decide = DecideForm(request.POST or None, prefix="decide")
    upload = DocumentForm(prefix="document")
    revealed = None
    status = 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "decide" and decide.is_valid():
                decision = request.POST.get("decision", "")
                amount = parse_yuan(
                    decide.cleaned_data["amount"],
                    field="amount",
                    required=decision == StepDecision.APPROVED,
                )
                services.application_decide(
                    actor=request.user,
                    application_id=application.pk,
                    request=request,
                    step=int_or_none(request.POST.get("step")) or 0,
                    decision=decision,
                    amount=amount,
                    comment=decide.cleaned_data["comment"],
                )
                messages.success(request, _("Decision recorded."))
                return redirect("aid-application", application.pk)
            if action == "document":
                upload = DocumentForm(request.POST, request.FILES, prefix="document")
                if upload.is_valid():
                    services.document_add(
                        actor=request.user,
                        application_id=application.pk,
                        request=request,
                        **upload.cleaned_data,
                    )
                    messages.success(request, _("Document uploaded."))
                    return redirect("aid-application", application.pk)
            if action == "withdraw":
                services.application_withdraw(
                    actor=request.user, application_id=application.pk, request=request
                )
                messages.success(request, _("The application has been withdrawn."))
                return redirect("aid-application", application.pk)
            if action == "reveal":
                revealed = services.application_reveal(
                    actor=request.user,
                    application_id=application.pk,
                    purpose=request.POST.get("purpose", ""),
                )
        except ServiceError as exc:
            add_service_error(decide if action == "decide" else upload, exc)
            if action not in ("decide", "document"):
                messages.error(request, exc.message)
            status = 400
        if request.method == "POST" and revealed is None and status == 200:
            status = 400
    return render(
        request,
        "assistance/application.html",
        {
            "a": application,
            "steps": steps,
            "current": current,
            "own": own,
            "may_decide": current is not None and services.decides_at(request.user, current.org),
            "decide": decide,
            "upload": upload,
            "revealed": revealed,
            "documents": application.documents.all(),
            "payments": application.disbursements.select_related("campaign").order_by("-made_at"),
        },
        status=status,
    )


@staff_required
def chains(request):
    """Review chains: what each federation in the caller's subtree has set."""
    if request.method == "POST":
        try:
            services.chain_set(
                actor=request.user,
                request=request,
                owner_id=int_or_none(request.POST.get("owner")) or 0,
                kind=request.POST.get("kind", ""),
                levels=request.POST.getlist("levels"),
            )
            messages.success(request, _("Review chain saved."))
        except ServiceError as exc:
            messages.error(request, exc.message)
        return redirect("aid-chains")
    from gonghui.orgs.selectors import org_list

    owners = [o for o in org_list(actor=request.user, write=True) if o.kind in FEDERATION_KINDS][
        :200
    ]
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
