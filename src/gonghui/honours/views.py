"""Pages of honours: schemes and their places, nominations and their review, the public
notice (no login), the nominee's own page, the model-worker register and its care."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan
from gonghui.core.scoping import path_visible
from gonghui.members.models import Membership
from gonghui.orgs.models import FEDERATION_KINDS, Organization
from gonghui.orgs.selectors import org_suggestions

from . import selectors, services
from .forms import (
    AwardForm,
    CareFileForm,
    CareForm,
    DecisionForm,
    EventForm,
    FromResultsForm,
    NominationForm,
    ObjectionForm,
    QuotaForm,
    ResolveForm,
    SchemeForm,
    WorkerEditForm,
    WorkerForm,
)
from .lists import CARE, EVENTS, NOMINATIONS, SCHEMES, WORKERS
from .models import (
    CareKind,
    Category,
    EventKind,
    ObjectionStatus,
    SchemeKind,
    Status,
    StepDecision,
    Subject,
    WorkerStatus,
)


def _choices(form, name: str, choices) -> None:
    """The choices of a form's choice field, known only per request."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


# ---- lists -----------------------------------------------------------------------------


@staff_required
def nomination_list(request):
    return NOMINATIONS.respond(
        request,
        "honours/nominations.html",
        {
            "statuses": Status.choices,
            "subjects": Subject.choices,
            "categories": Category.choices,
            "can_nominate": bool(request.user.writable_paths()),
            "empty": _("No nomination matches. Clear the search or the filters."),
        },
    )


@staff_required
def scheme_list(request):
    return SCHEMES.respond(
        request,
        "honours/schemes.html",
        {
            "kinds": SchemeKind.choices,
            "can_create": bool(_federations(request.user)),
            "empty": _("No honour scheme matches."),
        },
    )


@staff_required
def worker_list(request):
    return WORKERS.respond(
        request,
        "honours/workers.html",
        {
            "statuses": WorkerStatus.choices,
            "kinds": SchemeKind.choices,
            "empty": _("No model worker matches."),
        },
    )


@staff_required
def care_list(request):
    return CARE.respond(
        request,
        "honours/care.html",
        {"kinds": CareKind.choices, "empty": _("No care record matches.")},
    )


# ---- schemes ---------------------------------------------------------------------------


def _federations(actor) -> list[tuple[int, str]]:
    return [
        (o.pk, o.name)
        for o in org_suggestions(actor=actor, write=True)
        if o.kind in FEDERATION_KINDS
    ]


@staff_required
def scheme_new(request):
    form = SchemeForm(request.POST or None)
    _choices(form, "owner", _federations(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            scheme = services.scheme_create(
                actor=request.user,
                owner_id=data["owner"],
                **{k: v for k, v in data.items() if k != "owner"},
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The scheme is announced."))
            return redirect("honours-scheme", scheme_id=scheme.pk)
    if request.method == "GET":
        year = cleaning.today().year
        form.initial = {"year": year, "subjects": "both", "notice_days": 5}
    return render(
        request,
        "honours/scheme_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _scheme_page(request, scheme, quota_form=None, status=200):
    may_write = path_visible(request.user, scheme.owner.path, write=True)
    quotas = [
        (q, selectors.places_taken(q))
        for q in selectors.quota_list(actor=request.user, scheme_id=scheme.pk)
    ]
    if may_write and quota_form is None:
        quota_form = QuotaForm()
    if quota_form is not None:
        _choices(
            quota_form,
            "union",
            [
                (o.pk, o.name)
                for o in Organization.objects.visible_to(request.user, write=True)
                .filter(parent=scheme.owner, is_active=True)
                .order_by("path")
            ],
        )
    return render(
        request,
        "honours/scheme.html",
        {"s": scheme, "quotas": quotas, "quota_form": quota_form if may_write else None},
        status=status,
    )


@staff_required
def scheme_detail(request, scheme_id: int):
    scheme = selectors.scheme_get(actor=request.user, scheme_id=scheme_id)
    return _scheme_page(request, scheme)


@require_POST
@staff_required
def quota_set(request, scheme_id: int):
    scheme = selectors.scheme_get(actor=request.user, scheme_id=scheme_id)
    form = QuotaForm(request.POST)
    _choices(form, "union", [(request.POST.get("union"), "")])
    if form.is_valid():
        try:
            services.quota_set(
                actor=request.user,
                scheme_id=scheme.pk,
                union_id=form.cleaned_data["union"],
                people=form.cleaned_data["people"],
                collectives=form.cleaned_data["collectives"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The places are set."))
            return redirect("honours-scheme", scheme_id=scheme.pk)
    return _scheme_page(request, scheme, form, status=400)


# ---- nominations -----------------------------------------------------------------------


@staff_required
def nominate(request):
    form = NominationForm(request.POST or None)
    _choices(
        form,
        "scheme",
        [
            (s.pk, f"{s.title}（{s.owner.name}）")
            for s in selectors.schemes_open_to(actor=request.user)
        ],
    )
    _choices(
        form, "union", [(o.pk, o.name) for o in org_suggestions(actor=request.user, write=True)]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        person_id = None
        number = data["member_number"].strip()
        if number:
            membership = Membership.objects.visible_to(request.user).filter(number=number).first()
            if membership is None:
                form.add_error("member_number", _("No member with this number in your subtree."))
            else:
                person_id = membership.person_id
        if not form.errors:
            try:
                nomination = services.nomination_create(
                    actor=request.user,
                    scheme_id=data["scheme"],
                    union_id=data["union"],
                    subject=data["subject"],
                    person_id=person_id,
                    name=data["name"],
                    id_number=data["id_number"],
                    employer=data["employer"],
                    position=data["position"],
                    category=data["category"],
                    deeds=data["deeds"],
                    documents=data["documents"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The nomination is entered and sent for review."))
                return redirect("honours-nomination", nomination_id=nomination.pk)
    return render(
        request,
        "honours/nominate.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _from_results_page(request, event_id: int, form=None, status=200):
    event, winners = selectors.winners_of(actor=request.user, event_id=event_id)
    form = form or FromResultsForm()
    _choices(
        form,
        "scheme",
        [
            (s.pk, f"{s.title}（{s.owner.name}）")
            for s in selectors.schemes_open_to(actor=request.user)
        ],
    )
    _choices(
        form, "union", [(o.pk, o.name) for o in org_suggestions(actor=request.user, write=True)]
    )
    _choices(form, "contestant_ids", [(c.pk, c.name) for c in winners])
    return render(
        request,
        "honours/from_results.html",
        {
            "event": event,
            "winners": winners,
            "form": form,
            "id_numbers": {k: v for k, v in request.POST.items() if k.startswith("id_number_")},
        },
        status=status,
    )


@staff_required
def from_results(request, event_id: int):
    """The winners of a contest event, to be put forward to an honour scheme."""
    return _from_results_page(request, event_id)


@require_POST
@staff_required
def from_results_nominate(request, event_id: int):
    form = FromResultsForm(request.POST)
    page_form = form
    winners = {c.pk for c in selectors.winners_of(actor=request.user, event_id=event_id)[1]}
    _choices(form, "contestant_ids", [(pk, str(pk)) for pk in winners])
    _choices(
        form,
        "scheme",
        [(s.pk, s.title) for s in selectors.schemes_open_to(actor=request.user)],
    )
    _choices(
        form, "union", [(o.pk, o.name) for o in org_suggestions(actor=request.user, write=True)]
    )
    if form.is_valid():
        data = form.cleaned_data
        try:
            made, before = services.nominate_from_results(
                actor=request.user,
                scheme_id=data["scheme"],
                union_id=data["union"],
                contestant_ids=data["contestant_ids"],
                category=data["category"],
                id_numbers={
                    pk: request.POST.get(f"id_number_{pk}", "") for pk in data["contestant_ids"]
                },
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                _("%(made)s nominations entered and sent for review; %(before)s made before.")
                % {"made": len(made), "before": len(before)},
            )
            return redirect("honours-from-results", event_id=event_id)
    return _from_results_page(request, event_id, page_form, status=400)


def _nomination_page(request, nomination, forms=None, status=200):
    actor = request.user
    forms = forms or {}
    current = (
        nomination.steps.select_related("org").filter(order=nomination.current_step).first()
        if nomination.status == Status.REVIEWING
        else None
    )
    own = nomination.entered_by_id == actor.pk
    may_decide = current is not None and not own and selectors.decides_at(actor, current.org)
    at_owner = selectors.decides_at(actor, nomination.scheme.owner)
    notice_over = (
        nomination.status == Status.NOTICE
        and nomination.notice_to is not None
        and nomination.notice_to < cleaning.today()
    )
    objections = list(selectors.objection_list(actor=actor, nomination_id=nomination.pk))
    open_objections = [o for o in objections if o.status == ObjectionStatus.OPEN]
    return render(
        request,
        "honours/nomination.html",
        {
            "n": nomination,
            "steps": nomination.steps.select_related("org", "decided_by").order_by("order"),
            "current": current,
            "decision_form": forms.get("decide") or (DecisionForm() if may_decide else None),
            "award_form": forms.get("award")
            or (
                AwardForm()
                if notice_over and at_owner and not own and not open_objections
                else None
            ),
            "resolve_form": forms.get("resolve") or (ResolveForm() if at_owner else None),
            "objections": objections,
            "open_objections": open_objections,
            "may_withdraw": nomination.status == Status.REVIEWING
            and path_visible(actor, nomination.union.path, write=True),
            "own": own,
            "pending": StepDecision.PENDING,
        },
        status=status,
    )


@staff_required
def nomination_detail(request, nomination_id: int):
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    return _nomination_page(request, nomination)


def _refused(request, nomination, key, form, exc: ServiceError):
    add_service_error(form, exc)
    return _nomination_page(request, nomination, {key: form}, status=400)


@require_POST
@staff_required
def nomination_decide(request, nomination_id: int):
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _nomination_page(request, nomination, {"decide": form}, status=400)
    try:
        services.step_decide(
            actor=request.user,
            nomination_id=nomination.pk,
            step=nomination.current_step,
            **form.cleaned_data,
        )
    except ServiceError as exc:
        return _refused(request, nomination, "decide", form, exc)
    messages.success(request, _("Your decision is recorded."))
    return redirect("honours-nomination", nomination_id=nomination.pk)


@require_POST
@staff_required
def nomination_award(request, nomination_id: int):
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    form = AwardForm(request.POST)
    if not form.is_valid():
        return _nomination_page(request, nomination, {"award": form}, status=400)
    try:
        services.nomination_award(
            actor=request.user, nomination_id=nomination.pk, **form.cleaned_data
        )
    except ServiceError as exc:
        return _refused(request, nomination, "award", form, exc)
    messages.success(request, _("The honour is awarded."))
    return redirect("honours-nomination", nomination_id=nomination.pk)


@require_POST
@staff_required
def nomination_withdraw(request, nomination_id: int):
    nomination = selectors.nomination_get(actor=request.user, nomination_id=nomination_id)
    try:
        services.nomination_withdraw(actor=request.user, nomination_id=nomination.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The nomination is withdrawn."))
    return redirect("honours-nomination", nomination_id=nomination.pk)


@require_POST
@staff_required
def objection_resolve(request, objection_id: int):
    objection = selectors.objection_get(actor=request.user, objection_id=objection_id)
    nomination = selectors.nomination_get(actor=request.user, nomination_id=objection.nomination_id)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        return _nomination_page(request, nomination, {"resolve": form}, status=400)
    try:
        services.objection_resolve(
            actor=request.user, objection_id=objection.pk, **form.cleaned_data
        )
    except ServiceError as exc:
        return _refused(request, nomination, "resolve", form, exc)
    messages.success(request, _("The objection is resolved."))
    return redirect("honours-nomination", nomination_id=nomination.pk)


# ---- the public notice and the nominee's page ------------------------------------------


def _notice_page(request, form=None, status=200):
    return render(
        request,
        "honours/notice.html",
        {"nominations": selectors.on_notice(), "form": form, "failed": form is not None},
        status=status,
    )


def notice(request):
    """公示: open to anyone, no login; a person's name is masked (张*明)."""
    return _notice_page(request)


@require_POST
def notice_object(request):
    form = ObjectionForm(request.POST)
    if form.is_valid():
        try:
            services.objection_file(
                actor=request.user,
                nomination_id=form.cleaned_data["nomination"],
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("Your objection is received. The federation checks it before any award.")
            )
            return redirect("honours-notice")
    return _notice_page(request, form, status=400)


@login_required
def mine(request):
    return render(
        request, "honours/mine.html", {"nominations": selectors.my_nominations(actor=request.user)}
    )


# ---- the register ----------------------------------------------------------------------


def _worker_page(request, worker, care_form=None, status=200, edit_form=None):
    may_write = path_visible(request.user, worker.union.path, write=True)
    if may_write and edit_form is None:
        edit_form = WorkerEditForm(initial={"employer": worker.employer, "status": worker.status})
    return render(
        request,
        "honours/worker.html",
        {
            "w": worker,
            "titles": worker.titles.all(),
            "care": selectors.care_list(actor=request.user, worker_id=worker.pk).select_related(
                "aid_file"
            ),
            "aid_files": list(selectors.aid_files_of(actor=request.user, worker=worker))
            if may_write
            else [],
            "care_form": (care_form or CareForm(initial={"given_on": cleaning.today()}))
            if may_write
            else None,
            "edit_form": edit_form if may_write else None,
        },
        status=status,
    )


@staff_required
def worker_detail(request, worker_id: int):
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    return _worker_page(request, worker)


@require_POST
@staff_required
def care_add(request, worker_id: int):
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    form = CareForm(request.POST)
    if form.is_valid():
        try:
            services.care_record(
                actor=request.user,
                worker_id=worker.pk,
                kind=form.cleaned_data["kind"],
                given_on=form.cleaned_data["given_on"],
                amount=parse_yuan(form.cleaned_data["amount"], required=False) or 0,
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The care is recorded."))
            return redirect("honours-worker", worker_id=worker.pk)
    return _worker_page(request, worker, form, status=400)


@require_POST
@staff_required
def care_link_file(request, care_id: int):
    care = selectors.care_get(actor=request.user, care_id=care_id)
    form = CareFileForm(request.POST)
    _choices(
        form,
        "file",
        [(f.pk, f.number) for f in selectors.aid_files_of(actor=request.user, worker=care.worker)],
    )
    if form.is_valid():
        try:
            services.care_link_file(
                actor=request.user, care_id=care.pk, file_id=form.cleaned_data["file"]
            )
        except ServiceError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("The care is linked to the needy-worker file."))
            return redirect("honours-worker", worker_id=care.worker_id)
    else:
        messages.error(request, _("Choose one of the worker's needy-worker files."))
    worker = selectors.worker_get(actor=request.user, worker_id=care.worker_id)
    return _worker_page(request, worker, status=400)


# ---- model workers' activities ------------------------------------------------------------


@staff_required
def event_list(request):
    return EVENTS.respond(
        request,
        "honours/events.html",
        {
            "kinds": EventKind.choices,
            "can_record": bool(request.user.writable_paths()),
            "empty": _("No activity matches."),
        },
    )


@staff_required
def event_new(request):
    form = EventForm(request.POST or None)
    _choices(
        form, "union", [(o.pk, o.name) for o in org_suggestions(actor=request.user, write=True)]
    )
    _choices(
        form,
        "workers",
        [
            (m.pk, f"{m.name}（{m.employer}）")
            for m in selectors.worker_list(actor=request.user).order_by("union__path", "name")[:300]
        ],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.event_create(
                actor=request.user,
                union_id=data["union"],
                kind=data["kind"],
                held_on=data["held_on"],
                title=data["title"],
                place=data["place"],
                attendance=data["attendance"],
                worker_ids=data["workers"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The activity is recorded."))
            return redirect("honours-event", event_id=event.pk)
    if request.method == "GET":
        form.initial = {"held_on": cleaning.today(), "kind": EventKind.SCHOOL}
    return render(
        request,
        "honours/event_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def event_detail(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id)
    return render(
        request,
        "honours/event.html",
        {
            "e": event,
            "workers": event.workers.all(),
            "can_write": path_visible(request.user, event.union.path, write=True),
        },
    )


@require_POST
@staff_required
def event_withdraw(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id)
    services.event_delete(actor=request.user, event_id=event.pk)
    messages.success(request, _("The activity is withdrawn."))
    return redirect("honours-events")


@staff_required
def worker_new(request):
    """A model worker honoured before the platform (or by another body) enters the register."""
    form = WorkerForm(request.POST or None)
    _choices(
        form, "union", [(o.pk, o.name) for o in org_suggestions(actor=request.user, write=True)]
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker = services.worker_create(
                actor=request.user,
                union_id=data["union"],
                **{k: v for k, v in data.items() if k != "union"},
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The model worker is on the register."))
            return redirect("honours-worker", worker_id=worker.pk)
    return render(
        request,
        "honours/worker_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def worker_edit(request, worker_id: int):
    worker = selectors.worker_get(actor=request.user, worker_id=worker_id)
    form = WorkerEditForm(request.POST)
    if form.is_valid():
        changes = {"employer": form.cleaned_data["employer"], "status": form.cleaned_data["status"]}
        if form.cleaned_data["contact"].strip():
            changes["contact"] = form.cleaned_data["contact"]
        try:
            services.worker_update(actor=request.user, worker_id=worker.pk, **changes)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("honours-worker", worker_id=worker.pk)
    return _worker_page(request, worker, status=400, edit_form=form)
