"""Pages: competitions and their enterprises and events, contestants' review and results,
training in enterprises, and the worker's own contests."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import NotFound, ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import selectors, services
from .forms import (
    CompetitionEditForm,
    CompetitionForm,
    ContestantForm,
    EventForm,
    ParticipationForm,
    ResultForm,
    ReviewForm,
    TrainingForm,
)
from .lists import COMPETITIONS, EVENTS, TRAINING
from .models import (
    CompetitionKind,
    EntryStatus,
    LibraryStatus,
    ReviewStatus,
    Round,
    TrainingKind,
)


def _no_org() -> str:
    return _("No organization with this name, credit code or number in your subtree.")


def _no_enterprise() -> str:
    return _("No enterprise with this exact name or credit code in your subtree.")


# ---- competitions ------------------------------------------------------------------------


@staff_required
def competition_list(request):
    return COMPETITIONS.respond(
        request,
        "competitions/list.html",
        {
            "kinds": CompetitionKind.choices,
            "library_statuses": LibraryStatus.choices,
            "can_create": bool(request.user.writable_paths()),
            "empty": _("No competition matches. Clear the search or the filters."),
        },
    )


def _competition_form_page(request, parent=None):
    form = CompetitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        union = org_by_reference(actor=request.user, ref=data["union"], write=True)
        if union is None:
            form.add_error("union", _no_org())
        else:
            try:
                competition = services.competition_create(
                    actor=request.user,
                    union_id=union.pk,
                    kind=data["kind"],
                    title=data["title"],
                    theme=data["theme"],
                    theme_en=data["theme_en"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    parent_id=parent.pk if parent else None,
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The competition is created."))
                return redirect("competition-detail", competition_id=competition.pk)
    elif request.method != "POST":
        own = org_suggestions(actor=request.user, write=True).first()
        initial = {"union": own.name if own else "", "starts_on": timezone.localdate()}
        if parent is not None:
            initial.update(
                kind=parent.kind,
                theme=parent.theme,
                theme_en=parent.theme_en,
                ends_on=parent.ends_on,
            )
        form = CompetitionForm(initial=initial)
    return render(
        request,
        "competitions/form.html",
        {
            "form": form,
            "parent": parent,
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def competition_new(request):
    return _competition_form_page(request)


@staff_required
def competition_sub_new(request, competition_id: int):
    parent = selectors.competition_get(actor=request.user, competition_id=competition_id)
    return _competition_form_page(request, parent)


@staff_required
def competition_edit(request, competition_id: int):
    competition = selectors.competition_get(
        actor=request.user, competition_id=competition_id, write=True
    )
    if request.method == "POST":
        form = CompetitionEditForm(request.POST)
        if form.is_valid():
            try:
                services.competition_update(
                    actor=request.user, competition_id=competition.pk, **form.cleaned_data
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect("competition-detail", competition_id=competition.pk)
    else:
        form = CompetitionEditForm(
            initial={
                "title": competition.title,
                "theme": competition.theme,
                "theme_en": competition.theme_en,
                "starts_on": competition.starts_on,
                "ends_on": competition.ends_on,
            }
        )
    return render(
        request,
        "competitions/edit.html",
        {"form": form, "c": competition},
        status=400 if request.method == "POST" else 200,
    )


def _detail(
    request, competition, *, status=200, participation_form=None, event_form=None, error=""
):
    can_write = path_visible(request.user, competition.union.path, write=True)
    participations = selectors.participation_list(
        actor=request.user, competition_id=competition.pk
    ).order_by("enterprise__name_pinyin", "id")
    return render(
        request,
        "competitions/detail.html",
        {
            "c": competition,
            "can_write": can_write,
            "can_propose": can_write
            and competition.kind != CompetitionKind.ANKANG
            and competition.library_status in (LibraryStatus.NONE, LibraryStatus.REFUSED),
            "can_decide": services.may_decide_library(request.user, competition),
            "children": selectors.competition_list(
                actor=request.user, parent_id=competition.pk
            ).order_by("starts_on", "id"),
            "participations": participations[:200],
            "participation_count": participations.count(),
            "events": selectors.event_list(
                actor=request.user, competition_id=competition.pk
            ).order_by("held_on", "id")
            if competition.kind == CompetitionKind.SKILLS
            else None,
            "participation_form": participation_form or ParticipationForm(),
            "event_form": event_form or EventForm(),
            "error": error,
            "is_skills": competition.kind == CompetitionKind.SKILLS,
        },
        status=status,
    )


@staff_required
def competition_detail(request, competition_id: int):
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    return _detail(request, competition)


@require_POST
@staff_required
def competition_propose(request, competition_id: int):
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    try:
        services.library_propose(actor=request.user, competition_id=competition.pk)
    except ServiceError as exc:
        return _detail(request, competition, status=400, error=exc.message)
    messages.success(request, _("The competition is proposed for the project library."))
    return redirect("competition-detail", competition_id=competition.pk)


def _decide(request, competition_id: int, listed: bool):
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    try:
        services.library_decide(actor=request.user, competition_id=competition.pk, listed=listed)
    except ServiceError as exc:
        return _detail(request, competition, status=400, error=exc.message)
    messages.success(
        request,
        _("The competition is in the project library.")
        if listed
        else _("The competition is not taken into the project library."),
    )
    return redirect("competition-detail", competition_id=competition.pk)


@require_POST
@staff_required
def competition_list_in_library(request, competition_id: int):
    return _decide(request, competition_id, True)


@require_POST
@staff_required
def competition_refuse_library(request, competition_id: int):
    return _decide(request, competition_id, False)


@require_POST
@staff_required
def participation_add(request, competition_id: int):
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    form = ParticipationForm(request.POST)
    if form.is_valid():
        enterprise = selectors.enterprise_by_reference(
            actor=request.user, ref=form.cleaned_data["enterprise"]
        )
        if enterprise is None:
            form.add_error("enterprise", _no_enterprise())
        else:
            try:
                services.participation_record(
                    actor=request.user,
                    competition_id=competition.pk,
                    enterprise_id=enterprise.pk,
                    workers=form.cleaned_data["workers"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The enterprise is recorded."))
                return redirect("competition-detail", competition_id=competition.pk)
    return _detail(request, competition, status=400, participation_form=form)


@require_POST
@staff_required
def participation_remove(request, participation_id: int):
    participation = selectors.participation_get(
        actor=request.user, participation_id=participation_id
    )
    competition_id = participation.competition_id
    services.participation_remove(actor=request.user, participation_id=participation.pk)
    messages.success(request, _("The enterprise is removed from the competition."))
    return redirect("competition-detail", competition_id=competition_id)


@require_POST
@staff_required
def event_add(request, competition_id: int):
    competition = selectors.competition_get(actor=request.user, competition_id=competition_id)
    form = EventForm(request.POST)
    if form.is_valid():
        try:
            event = services.event_create(
                actor=request.user, competition_id=competition.pk, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The event is added."))
            return redirect("competition-event", event_id=event.pk)
    return _detail(request, competition, status=400, event_form=form)


# ---- events and contestants ------------------------------------------------------------------


@staff_required
def event_list(request):
    return EVENTS.respond(
        request,
        "competitions/events.html",
        {
            "rounds": Round.choices,
            "empty": _("No contest event matches. Clear the search or the filters."),
        },
    )


def _event_page(request, event, *, status=200, contestant_form=None, error="", bad=None):
    can_write = path_visible(request.user, event.union.path, write=True)
    contestants = selectors.contestant_list(actor=request.user, event_id=event.pk).order_by(
        "status", "rank", "id"
    )
    rows = []
    for c in contestants:
        forms_of = bad if bad and bad[0] == c.pk else None
        rows.append(
            {
                "c": c,
                "can_review": can_write
                and c.status == EntryStatus.APPLIED
                and c.entered_by_id != request.user.pk,
                "can_result": can_write and c.status == EntryStatus.ACCEPTED,
                "review_form": forms_of[1]
                if forms_of and forms_of[2] == "review"
                else ReviewForm(),
                "result_form": forms_of[1]
                if forms_of and forms_of[2] == "result"
                else ResultForm(initial={"score": c.score, "rank": c.rank, "title": c.title}),
            }
        )
    return render(
        request,
        "competitions/event.html",
        {
            "e": event,
            "can_write": can_write,
            "rows": rows,
            "contestant_form": contestant_form or ContestantForm(),
            "error": error,
            # Winners (first place, a title) may be put forward to honours: the page that does
            # it belongs to honours, above this package (tests/test_architecture.py).
            "may_nominate": any(
                c.status == EntryStatus.ACCEPTED and (c.rank == 1 or c.title) for c in contestants
            )
            and bool(request.user.writing_org_ids()),
        },
        status=status,
    )


@staff_required
def event_detail(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id)
    return _event_page(request, event)


@require_POST
@staff_required
def contestant_add(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id)
    form = ContestantForm(request.POST)
    if form.is_valid():
        try:
            services.contestant_add(actor=request.user, event_id=event.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The contestant is entered; another staff member reviews the entry.")
            )
            return redirect("competition-event", event_id=event.pk)
    return _event_page(request, event, status=400, contestant_form=form)


def _review(request, contestant_id: int, accept: bool):
    contestant = selectors.contestant_get(actor=request.user, contestant_id=contestant_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.contestant_review(
                actor=request.user,
                contestant_id=contestant.pk,
                accept=accept,
                note=form.cleaned_data["note"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The entry is accepted.") if accept else _("The entry is refused.")
            )
            return redirect("competition-event", event_id=contestant.event_id)
    return _event_page(request, contestant.event, status=400, bad=(contestant.pk, form, "review"))


@require_POST
@staff_required
def contestant_accept(request, contestant_id: int):
    return _review(request, contestant_id, True)


@require_POST
@staff_required
def contestant_refuse(request, contestant_id: int):
    return _review(request, contestant_id, False)


@require_POST
@staff_required
def contestant_result(request, contestant_id: int):
    contestant = selectors.contestant_get(actor=request.user, contestant_id=contestant_id)
    form = ResultForm(request.POST)
    if form.is_valid():
        try:
            services.contestant_result(
                actor=request.user, contestant_id=contestant.pk, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The result is recorded."))
            return redirect("competition-event", event_id=contestant.event_id)
    return _event_page(request, contestant.event, status=400, bad=(contestant.pk, form, "result"))


# ---- training -------------------------------------------------------------------------------


@staff_required
def training_list(request):
    return TRAINING.respond(
        request,
        "competitions/training.html",
        {
            "kinds": TrainingKind.choices,
            "statuses": ReviewStatus.choices,
            "can_create": bool(request.user.writable_paths()),
            "empty": _("No training matches. Clear the search or the filters."),
        },
    )


@staff_required
def training_new(request):
    form = TrainingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        union = org_by_reference(actor=request.user, ref=data["union"], write=True)
        enterprise = selectors.enterprise_by_reference(actor=request.user, ref=data["enterprise"])
        if union is None:
            form.add_error("union", _no_org())
        if enterprise is None:
            form.add_error("enterprise", _no_enterprise())
        if union is not None and enterprise is not None:
            try:
                session = services.training_record(
                    actor=request.user,
                    union_id=union.pk,
                    enterprise_id=enterprise.pk,
                    kind=data["kind"],
                    course=data["course"],
                    held_on=data["held_on"],
                    trainees=data["trainees"],
                    subsidy=parse_yuan(data["subsidy"], field="subsidy", required=False) or 0,
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("The training is recorded; another staff member approves it.")
                )
                return redirect("competition-training-detail", session_id=session.pk)
    elif request.method != "POST":
        own = org_suggestions(actor=request.user, write=True).first()
        form = TrainingForm(
            initial={"union": own.name if own else "", "held_on": timezone.localdate()}
        )
    return render(
        request,
        "competitions/training_form.html",
        {"form": form, "unions": org_suggestions(actor=request.user, write=True)},
        status=400 if request.method == "POST" else 200,
    )


def _training_page(request, session, *, status=200, error=""):
    can_write = path_visible(request.user, session.union.path, write=True)
    return render(
        request,
        "competitions/training_detail.html",
        {
            "t": session,
            "subsidy": yuan(session.subsidy),
            "can_review": can_write
            and session.status == ReviewStatus.RECORDED
            and session.recorded_by_id != request.user.pk,
            "can_pay": can_write
            and session.status == ReviewStatus.APPROVED
            and session.subsidy > 0
            and session.posting_id is None
            and session.recorded_by_id != request.user.pk,
            "error": error,
        },
        status=status,
    )


@staff_required
def training_detail(request, session_id: int):
    session = selectors.training_get(actor=request.user, session_id=session_id)
    return _training_page(request, session)


def _training_review(request, session_id: int, approve: bool):
    session = selectors.training_get(actor=request.user, session_id=session_id)
    try:
        services.training_review(actor=request.user, session_id=session.pk, approve=approve)
    except ServiceError as exc:
        return _training_page(request, session, status=400, error=exc.message)
    messages.success(
        request, _("The training is approved.") if approve else _("The training is rejected.")
    )
    return redirect("competition-training-detail", session_id=session.pk)


@require_POST
@staff_required
def training_approve(request, session_id: int):
    return _training_review(request, session_id, True)


@require_POST
@staff_required
def training_reject(request, session_id: int):
    return _training_review(request, session_id, False)


@require_POST
@staff_required
def training_pay(request, session_id: int):
    session = selectors.training_get(actor=request.user, session_id=session_id)
    try:
        services.training_pay(actor=request.user, session_id=session.pk)
    except ServiceError as exc:
        return _training_page(request, session, status=400, error=exc.message)
    messages.success(request, _("The subsidy is paid from the union's funds."))
    return redirect("competition-training-detail", session_id=session.pk)


# ---- the worker's contests ------------------------------------------------------------------


@login_required
def my_contests(request, *, status=200, error=""):
    return render(
        request,
        "competitions/mine.html",
        {
            "open_events": selectors.worker_open_events(actor=request.user),
            "entries": selectors.worker_entries(actor=request.user),
            "is_member": selectors.worker_membership(request.user) is not None,
            "error": error,
        },
        status=status,
    )


@require_POST
@login_required
def contest_enter(request, event_id: int):
    try:
        services.contest_enter(actor=request.user, event_id=event_id)
    except NotFound:
        raise Http404 from None
    except ServiceError as exc:
        return my_contests(request, status=400, error=exc.message)
    messages.success(request, _("You are entered. The organizer reviews your entry."))
    return redirect("competition-mine")
