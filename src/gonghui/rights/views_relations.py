"""Staff pages of mediation, legal-service events, supervision letters, collective
contracts and democratic management: one list page each (core.lists), a form page to
record, and a page per record where the record has steps. One view per action."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan
from gonghui.core.scoping import path_visible
from gonghui.orgs.models import Enterprise
from gonghui.orgs.selectors import org_suggestions

from . import selectors, services_letters, services_mediation
from .forms_relations import (
    CentreForm,
    LegalEventForm,
    LetterForm,
    MediationCloseForm,
    MediationForm,
    MediatorForm,
    RectificationForm,
    ReplyForm,
    SessionForm,
)
from .lists import CENTRES, LEGAL_EVENTS, LETTERS, MEDIATIONS
from .models import (
    Addressee,
    Audience,
    CaseKind,
    CentreKind,
    LegalCampaign,
    LegalEventKind,
    LetterIssue,
    LetterKind,
    MediationCentre,
    MediationStatus,
    Rectification,
)


def _yuan(value, field: str) -> int:
    return parse_yuan(value, field=field, required=False) or 0


def _list(request, spec, *, title, q_label, selects=(), dates="", checks=(), new=None):
    """A list page: `selects` are (filter, label, choices); `new` is (url name, label)."""
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
                (n, params[n]) for n in ("under_id", "centre_id") if params.get(n) is not None
            ],
            "new_url": reverse(new[0]) if can_new and new else "",
            "new_label": new[1] if new else "",
            "empty": _("Nothing matches. Clear the search or the filters."),
        },
    )


def _enterprises(request, *, write: bool = False):
    """The enterprises for a form's choice, by pinyin (the first 500); `write`: only those
    kept by unions the user writes at."""
    return Enterprise.objects.visible_to(request.user, write=write).order_by("name_pinyin")[:500]


def _record(
    request, form, run: Callable[[dict], Any], done: str | Callable[[Any], str]
) -> tuple[bool, Any]:
    """The one way a rights page records what its posted form says: when the form is
    valid, `run(cleaned_data)` calls the service and `done` is shown (a message, or a
    function of what the service returned that writes it); (True, what run returned). (False, None) when the form is invalid or the service refuses (its message
    is put on its field; nothing was written): the caller shows its page again (400)."""
    if not form.is_valid():
        return False, None
    try:
        result = run(form.cleaned_data)
    except ServiceError as exc:
        add_service_error(form, exc)
        return False, None
    messages.success(request, done(result) if callable(done) else done)
    return True, result


def _create(request, form, run: Callable, *, title, back, back_label, submit, done, help=""):
    """A form page that records one thing: `run(cleaned_data)` returns the URL to go to."""
    if request.method == "POST":
        ok, url = _record(request, form, run, done)
        if ok:
            return redirect(url)
    return render(
        request,
        "rights/form.html",
        {
            "form": form,
            "title": title,
            "back_url": reverse(back),
            "back_label": back_label,
            "submit": submit,
            "help": help,
        },
        status=400 if request.method == "POST" else 200,
    )


def _unions(request):
    return list(org_suggestions(actor=request.user, write=True))


# ---- mediation --------------------------------------------------------------------------


@staff_required
def centre_list(request):
    return _list(
        request,
        CENTRES,
        title=_("Mediation centres"),
        q_label=_("Search: name or partner"),
        selects=[("kind", _("Kind"), CentreKind.choices)],
        new=("rights-centre-new", _("Set up a centre")),
    )


@staff_required
def centre_new(request):
    form = CentreForm(
        request.POST or None, unions=_unions(request), initial={"established_on": cleaning.today()}
    )

    def run(d):
        centre = services_mediation.centre_create(
            actor=request.user,
            union_id=d["union"],
            name=d["name"],
            kind=d["kind"],
            partner=d["partner"],
            address=d["address"],
            phone=d["phone"],
            established_on=d["established_on"],
        )
        return reverse("rights-centre", args=[centre.pk])

    return _create(
        request,
        form,
        run,
        title=_("Set up a mediation centre"),
        back="rights-centres",
        back_label=_("Mediation centres"),
        submit=_("Save"),
        done=_("The centre is set up: add its mediators."),
    )


def _centre_page(request, centre: MediationCentre, form=None, status=200):
    return render(
        request,
        "rights/centre.html",
        {
            "c": centre,
            "mediators": list(centre.mediators.all()),
            "can_act": path_visible(request.user, centre.union.path, write=True),
            "form": form or MediatorForm(),
        },
        status=status,
    )


@require_safe
@staff_required
def centre_detail(request, centre_id: int):
    return _centre_page(request, selectors.centre_get(actor=request.user, centre_id=centre_id))


@require_POST
@staff_required
def centre_mediator_add(request, centre_id: int):
    centre = selectors.centre_get(actor=request.user, centre_id=centre_id)
    form = MediatorForm(request.POST)
    ok, _mediator = _record(
        request,
        form,
        lambda d: services_mediation.mediator_add(actor=request.user, centre_id=centre.pk, **d),
        _("The mediator is added."),
    )
    if ok:
        return redirect("rights-centre", centre_id=centre.pk)
    return _centre_page(request, centre, form, status=400)


@staff_required
def mediation_list(request):
    return _list(
        request,
        MEDIATIONS,
        title=_("Mediations"),
        q_label=_("Search: employer or worker's name"),
        selects=[
            ("kind", _("Kind"), CaseKind.choices),
            ("status", _("Status"), MediationStatus.choices),
        ],
        dates=_("Received from"),
        checks=[("overdue", _("past the fifteen days only"))],
        new=("rights-mediation-new", _("Take a dispute to mediation")),
    )


@staff_required
def mediation_new(request):
    case = None
    case_id = request.GET.get("case") or request.POST.get("case")
    if case_id and case_id.isdigit():
        case = selectors.case_get(actor=request.user, case_id=int(case_id), write=True)
    centres = MediationCentre.objects.visible_to(request.user, write=True).filter(is_active=True)
    form = MediationForm(
        request.POST or None,
        centres=centres.order_by("name"),
        case=case,
        initial={"received_on": cleaning.today(), "workers_involved": 1},
    )

    def run(d):
        fields: dict[str, Any]
        if case is not None:
            fields = {"case_id": case.pk}
        else:
            fields = {
                "worker_name": d["worker_name"],
                "employer": d["employer"],
                "kind": d["kind"],
                "workers_involved": d["workers_involved"] or 1,
                "amount_claimed": _yuan(d["amount_claimed"], "amount_claimed"),
            }
        mediation = services_mediation.mediation_open(
            actor=request.user, centre_id=d["centre"], received_on=d["received_on"], **fields
        )
        return reverse("rights-mediation", args=[mediation.pk])

    title = _("Take a dispute to mediation")
    if case is not None:
        title = _("Bring case %(ref)s to mediation") % {"ref": case.reference}
    return _create(
        request,
        form,
        run,
        title=title,
        back="rights-mediations",
        back_label=_("Mediations"),
        submit=_("Open the mediation"),
        done=_("The mediation is opened: it is to conclude within fifteen days."),
    )


def _mediation_page(request, mediation, forms=None, status=200):
    forms = forms or {}
    can_act = (
        path_visible(request.user, mediation.centre.union.path, write=True)
        and mediation.status == MediationStatus.OPEN
    )
    mediators = mediation.centre.mediators.filter(is_active=True)
    context = {
        "m": mediation,
        "sessions": list(mediation.sessions.select_related("mediator")),
        "can_act": can_act,
        "overdue": mediation.overdue_on(cleaning.today()),
    }
    if can_act:
        context["session_form"] = forms.get("session") or SessionForm(
            mediators=mediators,
            initial={"held_on": cleaning.today(), "mediator": mediation.mediator_id},
        )
        context["close_form"] = forms.get("close") or MediationCloseForm(
            initial={"closed_on": cleaning.today()}
        )
    return render(request, "rights/mediation.html", context, status=status)


@require_safe
@staff_required
def mediation_detail(request, mediation_id: int):
    mediation = selectors.mediation_get(actor=request.user, mediation_id=mediation_id)
    return _mediation_page(request, mediation)


def _mediation_action(request, mediation_id: int, name: str, form, run, done: str):
    mediation = selectors.mediation_get(actor=request.user, mediation_id=mediation_id)
    if _record(request, form, lambda d: run(mediation, d), done)[0]:
        return redirect("rights-mediation", mediation_id=mediation.pk)
    return _mediation_page(request, mediation, {name: form}, status=400)


@require_POST
@staff_required
def mediation_session(request, mediation_id: int):
    mediation = selectors.mediation_get(actor=request.user, mediation_id=mediation_id)
    form = SessionForm(request.POST, mediators=mediation.centre.mediators.filter(is_active=True))
    return _mediation_action(
        request,
        mediation_id,
        "session",
        form,
        lambda m, d: services_mediation.mediation_session(
            actor=request.user,
            mediation_id=m.pk,
            held_on=d["held_on"],
            mediator_id=d["mediator"] or None,
            note=d["note"],
        ),
        _("The session is recorded."),
    )


@require_POST
@staff_required
def mediation_close(request, mediation_id: int):
    return _mediation_action(
        request,
        mediation_id,
        "close",
        MediationCloseForm(request.POST),
        lambda m, d: services_mediation.mediation_close(
            actor=request.user,
            mediation_id=m.pk,
            status=d["status"],
            amount_agreed=_yuan(d["amount_agreed"], "amount_agreed"),
            referred_to=d["referred_to"],
            note=d["note"],
            closed_on=d["closed_on"],
        ),
        _("The mediation has ended."),
    )


# ---- legal-service events -----------------------------------------------------------------


@staff_required
def legal_event_list(request):
    return _list(
        request,
        LEGAL_EVENTS,
        title=_("Legal-service events"),
        q_label=_("Search: title or place"),
        selects=[
            ("campaign", _("Campaign"), [c for c in LegalCampaign.choices if c[0]]),
            ("kind", _("Kind"), LegalEventKind.choices),
            ("audience", _("Audience"), Audience.choices),
        ],
        dates=_("Held from"),
        new=("rights-legal-event-new", _("Record an event")),
    )


@staff_required
def legal_event_new(request):
    form = LegalEventForm(
        request.POST or None, unions=_unions(request), initial={"held_on": cleaning.today()}
    )

    def run(d):
        services_mediation.legal_event_create(
            actor=request.user,
            union_id=d["union"],
            campaign=d["campaign"],
            kind=d["kind"],
            audience=d["audience"],
            title=d["title"],
            held_on=d["held_on"],
            place=d["place"],
            attendance=d["attendance"],
            lawyers=d["lawyers"],
            consultations=d["consultations"],
            cases_taken=d["cases_taken"] or 0,
        )
        return reverse("rights-legal-events")

    return _create(
        request,
        form,
        run,
        title=_("Record a legal-service event"),
        back="rights-legal-events",
        back_label=_("Legal-service events"),
        submit=_("Save"),
        done=_("The event is recorded."),
        help=gettext_lazy(
            "Count the people reached once per event; cases taken up on the spot are also "
            "opened as rights cases."
        ),
    )


# ---- supervision letters (一函两书) -------------------------------------------------------


@staff_required
def letter_list(request):
    return _list(
        request,
        LETTERS,
        title=_("Supervision letters (一函两书)"),
        q_label=_("Search: addressee"),
        selects=[
            ("kind", _("Kind"), LetterKind.choices),
            ("addressee", _("Addressed to"), Addressee.choices),
            ("issue", _("Issue"), LetterIssue.choices),
            ("rectification", _("Rectification"), Rectification.choices),
        ],
        dates=_("Sent from"),
        checks=[
            ("awaiting_reply", _("no reply yet")),
            ("overdue", _("reply overdue only")),
        ],
        new=("rights-letter-new", _("Send a letter")),
    )


@staff_required
def letter_new(request):
    enterprises = _enterprises(request)
    form = LetterForm(
        request.POST or None,
        unions=_unions(request),
        enterprises=enterprises,
        initial={"sent_on": cleaning.today()},
    )

    def run(d):
        letter = services_letters.letter_send(
            actor=request.user,
            union_id=d["union"],
            kind=d["kind"],
            addressee=d["addressee"],
            enterprise_id=d["enterprise"] or None,
            addressee_name=d["addressee_name"],
            issue=d["issue"],
            summary=d["summary"],
            sent_on=d["sent_on"],
            reply_due=d["reply_due"],
        )
        return reverse("rights-letter", args=[letter.pk])

    return _create(
        request,
        form,
        run,
        title=_("Send a supervision letter"),
        back="rights-letters",
        back_label=_("Supervision letters (一函两书)"),
        submit=_("Record the letter as sent"),
        done=_("The letter is recorded; its reply is awaited."),
    )


def _letter_page(request, letter, forms=None, status=200):
    forms = forms or {}
    can_act = path_visible(request.user, letter.union.path, write=True)
    return render(
        request,
        "rights/letter.html",
        {
            "t": letter,
            "overdue": letter.reply_overdue_on(cleaning.today()),
            "reply_form": (forms.get("reply") or ReplyForm())
            if can_act and letter.replied_on is None
            else None,
            "rectification_form": (forms.get("rectification") or RectificationForm())
            if can_act and letter.replied_on is not None
            else None,
        },
        status=status,
    )


@require_safe
@staff_required
def letter_detail(request, letter_id: int):
    return _letter_page(request, selectors.letter_get(actor=request.user, letter_id=letter_id))


def _letter_action(request, letter_id: int, name: str, form, run, done: str):
    letter = selectors.letter_get(actor=request.user, letter_id=letter_id)
    if _record(request, form, lambda d: run(letter, d), done)[0]:
        return redirect("rights-letter", letter_id=letter.pk)
    return _letter_page(request, letter, {name: form}, status=400)


@require_POST
@staff_required
def letter_reply(request, letter_id: int):
    return _letter_action(
        request,
        letter_id,
        "reply",
        ReplyForm(request.POST),
        lambda t, d: services_letters.letter_reply(
            actor=request.user, letter_id=t.pk, note=d["note"], replied_on=d["replied_on"]
        ),
        _("The reply is on file."),
    )


@require_POST
@staff_required
def letter_rectification(request, letter_id: int):
    return _letter_action(
        request,
        letter_id,
        "rectification",
        RectificationForm(request.POST),
        lambda t, d: services_letters.letter_rectification(
            actor=request.user,
            letter_id=t.pk,
            rectification=d["rectification"],
            note=d["note"],
            on=d["on"],
        ),
        _("The rectification is recorded."),
    )
