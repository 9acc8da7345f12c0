"""Staff pages of democratic management: the coverage rates (建制率) with the enterprises
behind them, congress sessions and their resolutions, openness items, worker directors and
supervisors, demonstration units and their assessments. One view per action."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core import cleaning
from gonghui.core.scoping import path_visible
from gonghui.orgs.models import Ownership, Size

from . import selectors_democracy as selectors
from . import services_democracy as services
from .forms_democracy import (
    AssessmentForm,
    BoardMemberForm,
    FollowUpForm,
    HeldForm,
    LeaveForm,
    OpennessForm,
    ResolutionForm,
    SessionForm,
    UnitForm,
)
from .lists_democracy import ASSESSMENTS, BOARD, COVERAGE, OPENNESS, SESSIONS, UNITS
from .models_democracy import (
    AssessmentResult,
    BoardSeat,
    DemoUnitKind,
    OpennessMedium,
    OpennessPeriod,
    OpennessTopic,
    SessionKind,
    SessionStatus,
)
from .views_relations import _create, _enterprises, _record


def _shown(value) -> str:
    """A filter's value as its select's option value (a yes/no filter is a bool)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value or ""


def _list(request, spec, *, title, q_label, selects=(), dates="", checks=(), new=None, extra=None):
    """A democratic-management list page: `selects` are (filter, label, choices)."""
    params = spec.read(request.GET)
    can_new = new is not None and bool(request.user.writable_paths())
    return spec.respond(
        request,
        "rights/democracy/records.html",
        {
            "title": title,
            "q_label": q_label,
            "selects": [(n, label, ch, _shown(params.get(n))) for n, label, ch in selects],
            "dates": dates,
            "checks": [(n, label, params.get(n)) for n, label in checks],
            "hidden": [(n, params[n]) for n in ("under_id",) if params.get(n) is not None],
            "new_url": reverse(new[0]) if can_new and new else "",
            "new_label": new[1] if new else "",
            "empty": _("Nothing matches. Clear the search or the filters."),
            **(extra or {}),
        },
    )


YES_NO = [("true", _("yes")), ("false", _("no"))]


@staff_required
def coverage(request):
    params = COVERAGE.read(request.GET)
    under_id, on = params.get("under_id"), params.get("on")
    tables = selectors.coverages(actor=request.user, under_id=under_id, on=on)
    return _list(
        request,
        COVERAGE,
        title=_("Democratic management: coverage (建制率)"),
        q_label=_("Search: enterprise"),
        selects=[
            ("size", _("Size"), Size.choices),
            ("ownership", _("Ownership"), Ownership.choices),
            ("congress", _("Workers' congress"), YES_NO),
            ("openness", _("Factory-affairs openness"), YES_NO),
            ("directors", _("Worker directors"), YES_NO),
        ],
        extra={
            "on": on,
            "coverage": [
                (_("By size"), tables["size"]),
                (_("By ownership"), tables["ownership"]),
            ],
        },
    )


# ---- congress sessions --------------------------------------------------------------------


@staff_required
def session_list(request):
    return _list(
        request,
        SESSIONS,
        title=_("Workers' congress sessions"),
        q_label=_("Search: enterprise"),
        selects=[
            ("status", _("Status"), SessionStatus.choices),
            ("kind", _("Kind"), SessionKind.choices),
        ],
        dates=_("Held from"),
        checks=[("quorum_missed", _("fewer than two thirds attending"))],
        new=("rights-congress-new", _("Record a session")),
    )


@staff_required
def session_new(request):
    form = SessionForm(
        request.POST or None,
        enterprises=_enterprises(request, write=True),
        initial={"term": 1, "number": 1},
    )

    def run(d):
        session = services.session_record(
            actor=request.user,
            enterprise_id=d["enterprise"],
            term=d["term"],
            number=d["number"],
            kind=d["kind"],
            status=d["status"],
            held_on=d["held_on"],
            delegates=d["delegates"],
            attendance=d["attendance"],
            agenda=d["agenda"],
        )
        return reverse("rights-congress", args=[session.pk])

    return _create(
        request,
        form,
        run,
        title=_("Record a workers' congress session"),
        back="rights-congresses",
        back_label=_("Workers' congress sessions"),
        submit=_("Record the session"),
        done=_("The session is recorded."),
        help=_(
            "A planned session may lie ahead; a held one cannot, and its attendance cannot "
            "exceed its delegates."
        ),
    )


def _session_page(request, session, forms=None, status=200):
    forms = forms or {}
    can_act = path_visible(request.user, session.enterprise.keeper.path, write=True)
    held = session.status == SessionStatus.HELD
    return render(
        request,
        "rights/democracy/session.html",
        {
            "s": session,
            "resolutions": list(session.resolutions.all()),
            "held_form": (forms.get("held") or HeldForm()) if can_act and not held else None,
            "resolution_form": (forms.get("resolution") or ResolutionForm())
            if can_act and held
            else None,
            "follow_up_form": forms.get("follow_up") if can_act else None,
            "can_act": can_act and held,
        },
        status=status,
    )


@require_safe
@staff_required
def session_detail(request, session_id: int):
    return _session_page(request, selectors.session_get(actor=request.user, session_id=session_id))


def _session_action(request, session_id: int, name: str, form, run, done: str):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    if _record(request, form, lambda d: run(session, d), done)[0]:
        return redirect("rights-congress", session_id=session.pk)
    return _session_page(request, session, {name: form}, status=400)


@require_POST
@staff_required
def session_held(request, session_id: int):
    return _session_action(
        request,
        session_id,
        "held",
        HeldForm(request.POST),
        lambda s, d: services.session_held(
            actor=request.user, session_id=s.pk, attendance=d["attendance"], held_on=d["held_on"]
        ),
        _("The session is recorded as held."),
    )


@require_POST
@staff_required
def session_resolution(request, session_id: int):
    return _session_action(
        request,
        session_id,
        "resolution",
        ResolutionForm(request.POST),
        lambda s, d: services.resolution_add(actor=request.user, session_id=s.pk, title=d["title"]),
        _("The resolution is recorded."),
    )


@require_POST
@staff_required
def session_follow_up(request, session_id: int):
    return _session_action(
        request,
        session_id,
        "follow_up",
        FollowUpForm(request.POST),
        lambda s, d: services.resolution_follow_up(
            actor=request.user,
            resolution_id=d["resolution"],
            follow_up=d["follow_up"],
            note=d["note"],
            on=d["on"],
        ),
        _("The follow-up is recorded."),
    )


# ---- openness items -----------------------------------------------------------------------


@staff_required
def openness_list(request):
    return _list(
        request,
        OPENNESS,
        title=_("Factory-affairs openness (厂务公开)"),
        q_label=_("Search: enterprise or item"),
        selects=[
            ("topic", _("Topic"), OpennessTopic.choices),
            ("period", _("Period"), OpennessPeriod.choices),
            ("medium", _("Published by"), OpennessMedium.choices),
        ],
        dates=_("Published from"),
        new=("rights-openness-new", _("Record an item made public")),
    )


@staff_required
def openness_new(request):
    today = cleaning.today()
    form = OpennessForm(
        request.POST or None,
        enterprises=_enterprises(request, write=True),
        initial={"year": today.year, "published_on": today},
    )

    def run(d):
        services.openness_publish(
            actor=request.user,
            enterprise_id=d["enterprise"],
            topic=d["topic"],
            title=d["title"],
            year=d["year"],
            period=d["period"],
            medium=d["medium"],
            published_on=d["published_on"],
        )
        return reverse("rights-openness")

    return _create(
        request,
        form,
        run,
        title=_("Record an item made public"),
        back="rights-openness",
        back_label=_("Factory-affairs openness (厂务公开)"),
        submit=_("Record the item"),
        done=_("The item is recorded."),
    )


# ---- worker directors and supervisors -----------------------------------------------------


@staff_required
def board_list(request):
    return _list(
        request,
        BOARD,
        title=_("Worker directors and supervisors"),
        q_label=_("Search: name or enterprise"),
        selects=[("seat", _("Seat"), BoardSeat.choices)],
        checks=[("in_office", _("in office only"))],
        new=("rights-board-new", _("Record an election")),
    )


@staff_required
def board_new(request):
    form = BoardMemberForm(request.POST or None, enterprises=_enterprises(request, write=True))

    def run(d):
        member = services.board_member_elect(
            actor=request.user,
            enterprise_id=d["enterprise"],
            seat=d["seat"],
            name=d["name"],
            post=d["post"],
            elected_on=d["elected_on"],
            term_ends=d["term_ends"],
        )
        return reverse("rights-board-member", args=[member.pk])

    return _create(
        request,
        form,
        run,
        title=_("Record a worker director or supervisor"),
        back="rights-board",
        back_label=_("Worker directors and supervisors"),
        submit=_("Record the election"),
        done=_("The election is recorded."),
    )


def _member_page(request, member, form=None, status=200):
    can_act = path_visible(request.user, member.enterprise.keeper.path, write=True)
    return render(
        request,
        "rights/democracy/board_member.html",
        {
            "m": member,
            "leave_form": (form or LeaveForm()) if can_act and member.left_on is None else None,
        },
        status=status,
    )


@require_safe
@staff_required
def board_member(request, member_id: int):
    return _member_page(
        request, selectors.board_member_get(actor=request.user, member_id=member_id)
    )


@require_POST
@staff_required
def board_leave(request, member_id: int):
    member = selectors.board_member_get(actor=request.user, member_id=member_id)
    form = LeaveForm(request.POST)
    ok, _left = _record(
        request,
        form,
        lambda d: services.board_member_leave(
            actor=request.user, member_id=member.pk, left_on=d["left_on"]
        ),
        _("The member's leaving is recorded."),
    )
    if ok:
        return redirect("rights-board-member", member_id=member.pk)
    return _member_page(request, member, form, status=400)


# ---- demonstration units and assessments --------------------------------------------------


@staff_required
def unit_list(request):
    return _list(
        request,
        UNITS,
        title=_("Demonstration units"),
        q_label=_("Search: enterprise"),
        selects=[("kind", _("Kind"), DemoUnitKind.choices)],
        new=("rights-demo-unit-new", _("Name a demonstration unit")),
    )


@staff_required
def unit_new(request):
    form = UnitForm(
        request.POST or None,
        enterprises=_enterprises(request, write=True),
        initial={"named_on": cleaning.today()},
    )

    def run(d):
        unit = services.unit_name(
            actor=request.user,
            enterprise_id=d["enterprise"],
            kind=d["kind"],
            named_on=d["named_on"],
        )
        return reverse("rights-demo-unit", args=[unit.pk])

    return _create(
        request,
        form,
        run,
        title=_("Name a demonstration unit"),
        back="rights-demo-units",
        back_label=_("Demonstration units"),
        submit=_("Name the unit"),
        done=_("The unit is named."),
    )


def _unit_page(request, unit, form=None, status=200):
    can_act = path_visible(request.user, unit.enterprise.keeper.path, write=True)
    return render(
        request,
        "rights/democracy/unit.html",
        {
            "u": unit,
            "assessments": list(unit.assessments.all()),
            "form": (form or AssessmentForm(initial={"year": cleaning.today().year}))
            if can_act
            else None,
        },
        status=status,
    )


@require_safe
@staff_required
def unit_detail(request, unit_id: int):
    return _unit_page(request, selectors.unit_get(actor=request.user, unit_id=unit_id))


@require_POST
@staff_required
def unit_assess(request, unit_id: int):
    unit = selectors.unit_get(actor=request.user, unit_id=unit_id)
    form = AssessmentForm(request.POST)
    ok, _assessed = _record(
        request,
        form,
        lambda d: services.assessment_record(
            actor=request.user,
            unit_id=unit.pk,
            year=d["year"],
            score=d["score"],
            assessed_on=d["assessed_on"],
            note=d["note"],
        ),
        _("The assessment is recorded."),
    )
    if ok:
        return redirect("rights-demo-unit", unit_id=unit.pk)
    return _unit_page(request, unit, form, status=400)


@staff_required
def assessment_list(request):
    return _list(
        request,
        ASSESSMENTS,
        title=_("Assessments of demonstration units"),
        q_label=_("Search: enterprise"),
        selects=[
            ("kind", _("Kind"), DemoUnitKind.choices),
            ("result", _("Result"), AssessmentResult.choices),
        ],
    )
