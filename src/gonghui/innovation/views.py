"""Pages: innovation results and their review, studios through naming, 五小 coverage and
pairs, and a worker's own rationalization proposals."""

import dataclasses
from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import selectors, services
from .forms import (
    AllianceForm,
    AssessmentForm,
    InUseForm,
    MemberForm,
    ProposalForm,
    ResultForm,
    ReviewForm,
    StudioForm,
)
from .lists import ASSESSMENTS, COVERAGE, MEMBERS, PAIRS, RESULTS, STUDIOS
from .models import (
    Grade,
    MemberRole,
    ResultKind,
    ResultStatus,
    StudioKind,
    StudioLevel,
    StudioStatus,
)


def _no_org() -> str:
    return _("No organization with this name, credit code or number in your subtree.")


@staff_required
def result_list(request):
    return RESULTS.respond(
        request,
        "innovation/results.html",
        {
            "tab": "results",
            "kinds": ResultKind.choices,
            "statuses": ResultStatus.choices,
            "can_create": bool(request.user.writable_paths()),
            "empty": _("No result matches. Clear the search or the filters."),
        },
    )


@staff_required
def result_new(request):
    form = ResultForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        union = org_by_reference(actor=request.user, ref=data.pop("union"), write=True)
        if union is None:
            form.add_error("union", _no_org())
        else:
            try:
                result = services.result_submit(actor=request.user, union_id=union.pk, **data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("The result is recorded; another staff member reviews it.")
                )
                return redirect("innovation-result", result_id=result.pk)
    elif request.method != "POST":
        own = org_suggestions(actor=request.user, write=True).first()
        form = ResultForm(initial={"union": own.name if own else ""})
    return render(
        request,
        "innovation/form.html",
        {
            "form": form,
            "title": _("Record an innovation result"),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


def _result_page(request, result, *, status=200, review_form=None, in_use_form=None):
    can_write = path_visible(request.user, result.union.path, write=True)
    return render(
        request,
        "innovation/result.html",
        {
            "r": result,
            "revenue": yuan(result.revenue),
            "can_review": can_write
            and result.status == ResultStatus.SUBMITTED
            and result.submitted_by_id != request.user.pk,
            "can_use": can_write and result.status == ResultStatus.ADOPTED,
            "review_form": review_form or ReviewForm(),
            "in_use_form": in_use_form
            or InUseForm(initial={"in_use_on": result.in_use_on, "revenue": yuan(result.revenue)}),
        },
        status=status,
    )


@staff_required
def result_detail(request, result_id: int):
    return _result_page(request, selectors.result_get(actor=request.user, result_id=result_id))


def _review(request, result_id: int, adopt: bool):
    result = selectors.result_get(actor=request.user, result_id=result_id)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.result_review(
                actor=request.user, result_id=result.pk, adopt=adopt, note=form.cleaned_data["note"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Adopted.") if adopt else _("Not adopted."))
            return redirect("innovation-result", result_id=result.pk)
    return _result_page(request, result, status=400, review_form=form)


@require_POST
@staff_required
def result_adopt(request, result_id: int):
    return _review(request, result_id, True)


@require_POST
@staff_required
def result_reject(request, result_id: int):
    return _review(request, result_id, False)


@require_POST
@staff_required
def result_in_use(request, result_id: int):
    result = selectors.result_get(actor=request.user, result_id=result_id)
    form = InUseForm(request.POST)
    if form.is_valid():
        try:
            services.result_in_use(
                actor=request.user,
                result_id=result.pk,
                in_use_on=form.cleaned_data["in_use_on"],
                revenue=parse_yuan(form.cleaned_data["revenue"], field="revenue", required=False)
                or 0,
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Recorded as put into use."))
            return redirect("innovation-result", result_id=result.pk)
    return _result_page(request, result, status=400, in_use_form=form)


@staff_required
def studio_list(request):
    return STUDIOS.respond(
        request,
        "innovation/studios.html",
        {
            "tab": "studios",
            "kinds": StudioKind.choices,
            "levels": StudioLevel.choices,
            "statuses": StudioStatus.choices,
            "can_create": bool(request.user.writable_paths()),
            "empty": _("No studio matches. Clear the search or the filters."),
        },
    )


@staff_required
def studio_new(request):
    form = StudioForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        union = org_by_reference(actor=request.user, ref=data.pop("union"), write=True)
        if union is None:
            form.add_error("union", _no_org())
        else:
            try:
                studio = services.studio_apply(actor=request.user, union_id=union.pk, **data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The application is sent to the naming federation."))
                return redirect("innovation-studio", studio_id=studio.pk)
    elif request.method != "POST":
        own = org_suggestions(actor=request.user, write=True).first()
        form = StudioForm(initial={"union": own.name if own else ""})
    return render(
        request,
        "innovation/form.html",
        {
            "form": form,
            "title": _("Apply for naming"),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


def _alliances(actor, studio):
    """The alliances the actor could put this studio in (they write for both)."""
    if studio.kind == StudioKind.ALLIANCE or not services.may_keep(actor, studio):
        return []
    rows = selectors.studio_list(actor=actor, kind=StudioKind.ALLIANCE).exclude(
        status__in=(StudioStatus.REFUSED, StudioStatus.REVOKED)
    )
    return [a for a in rows.order_by("name", "id")[:200] if services.may_keep(actor, a)]


def _studio_page(
    request,
    studio,
    *,
    status=200,
    error="",
    member_form=None,
    assessment_form=None,
    alliance_form=None,
):
    actor = request.user
    may = services.may_step(actor, studio)
    steps = []
    if may:
        nxt = {
            StudioStatus.APPLIED: ("review", _("Passed review")),
            StudioStatus.REVIEWED: ("notice", _("Start the public notice")),
            StudioStatus.NOTICE: ("name", _("Name it")),
        }.get(studio.status)
        if nxt:
            steps.append(nxt)
        steps.append(("refuse", _("Do not name it")))
    can_keep = services.may_keep(actor, studio)
    alliances = _alliances(actor, studio)
    results = selectors.studio_results(actor=actor, studio=studio)
    results["revenue_yuan"] = yuan(results["revenue"])
    return render(
        request,
        "innovation/studio.html",
        {
            "s": studio,
            "steps": steps,
            "error": error,
            "members": selectors.member_list(actor=actor, studio_id=studio.pk).order_by(
                "role", "id"
            )[:100],
            "results": results,
            "assessments": selectors.assessment_list(actor=actor, studio_id=studio.pk)[:20],
            "in_alliance": (
                selectors.alliance_studios(actor=actor, alliance=studio)[:200]
                if studio.kind == StudioKind.ALLIANCE
                else None
            ),
            "can_keep": can_keep,
            "can_assess": services.may_assess(actor, studio),
            "member_form": member_form or MemberForm(initial={"role": MemberRole.MEMBER}),
            "assessment_form": assessment_form
            or AssessmentForm(initial={"year": (studio.named_on or studio.applied_on).year}),
            "alliance_form": alliance_form
            or AllianceForm(alliances=alliances, initial={"alliance": studio.alliance_id}),
            "alliances": alliances,
            "grades": Grade,
        },
        status=status,
    )


@staff_required
def studio_detail(request, studio_id: int):
    return _studio_page(request, selectors.studio_get(actor=request.user, studio_id=studio_id))


@require_POST
@staff_required
def studio_step(request, studio_id: int, step: str):
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    try:
        services.studio_step(actor=request.user, studio_id=studio.pk, step=step)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from None
        return _studio_page(request, studio, status=400, error=exc.message)
    messages.success(request, _("Saved."))
    return redirect("innovation-studio", studio_id=studio.pk)


def _studio_list(request, studio_id: int, spec, heading: str):
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    return dataclasses.replace(spec, rows=partial(spec.rows, studio_id=studio.pk)).respond(
        request,
        "innovation/simple_list.html",
        {
            "tab": "studios",
            "studio": studio,
            "heading": heading,
            "empty": _("Nothing yet."),
        },
    )


@staff_required
def studio_members(request, studio_id: int):
    return _studio_list(request, studio_id, MEMBERS, pgettext("studio", "Members"))


@staff_required
def studio_assessments(request, studio_id: int):
    return _studio_list(request, studio_id, ASSESSMENTS, _("Yearly assessments"))


def _refused(request, studio, exc: ServiceError, **forms):
    if exc.status == 404:
        raise Http404 from None
    for form in forms.values():
        add_service_error(form, exc)
    return _studio_page(request, studio, status=400, **forms)


@require_POST
@staff_required
def member_add(request, studio_id: int):
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    form = MemberForm(request.POST)
    if not form.is_valid():
        return _studio_page(request, studio, status=400, member_form=form)
    try:
        services.member_add(actor=request.user, studio_id=studio.pk, **form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, studio, exc, member_form=form)
    messages.success(request, _("The member is added."))
    return redirect("innovation-studio", studio_id=studio.pk)


@require_POST
@staff_required
def member_remove(request, studio_id: int, member_id: int):
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    member = selectors.member_get(actor=request.user, member_id=member_id)
    if member.studio_id != studio.pk:
        raise Http404
    try:
        services.member_remove(actor=request.user, member_id=member.pk)
    except ServiceError as exc:
        if exc.status == 404:
            raise Http404 from None
        return _studio_page(request, studio, status=400, error=exc.message)
    messages.success(request, _("The member is removed."))
    return redirect("innovation-studio", studio_id=studio.pk)


@require_POST
@staff_required
def studio_assess(request, studio_id: int):
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return _studio_page(request, studio, status=400, assessment_form=form)
    try:
        services.assessment_record(actor=request.user, studio_id=studio.pk, **form.cleaned_data)
    except ServiceError as exc:
        return _refused(request, studio, exc, assessment_form=form)
    messages.success(request, pgettext("studio", "The assessment is recorded."))
    return redirect("innovation-studio", studio_id=studio.pk)


@require_POST
@staff_required
def studio_alliance(request, studio_id: int):
    studio = selectors.studio_get(actor=request.user, studio_id=studio_id)
    form = AllianceForm(request.POST, alliances=_alliances(request.user, studio))
    if not form.is_valid():
        return _studio_page(request, studio, status=400, alliance_form=form)
    try:
        services.alliance_set(
            actor=request.user, studio_id=studio.pk, alliance_id=form.cleaned_data["alliance"]
        )
    except ServiceError as exc:
        return _refused(request, studio, exc, alliance_form=form)
    messages.success(request, _("Saved."))
    return redirect("innovation-studio", studio_id=studio.pk)


@staff_required
def coverage_list(request):
    return COVERAGE.respond(
        request,
        "innovation/simple_list.html",
        {"tab": "coverage", "heading": _("Five-small activities"), "empty": _("Nothing yet.")},
    )


@staff_required
def pair_list(request):
    return PAIRS.respond(
        request,
        "innovation/simple_list.html",
        {"tab": "pairs", "heading": _("Master-apprentice pairs"), "empty": _("Nothing yet.")},
    )


@login_required
def my_proposals(request):
    form = ProposalForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.proposal_submit(actor=request.user, **form.cleaned_data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Your proposal is sent to your union."))
                return redirect("innovation-mine")
    return render(
        request,
        "innovation/mine.html",
        {"form": form, "proposals": selectors.my_proposals(actor=request.user)},
        status=status,
    )
