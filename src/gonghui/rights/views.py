"""Pages: the worker's own cases (phone first), and the handlers' list and case pages.
One view per action; each form posts to its own address."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.models import User
from gonghui.accounts.selectors import writers_at_or_above
from gonghui.core import cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan
from gonghui.core.scoping import path_visible
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.models import Organization, OrgKind
from gonghui.orgs.selectors import org_suggestions

from . import selectors, services
from .forms import AssignForm, CloseForm, OpenForm, RevealForm, StepForm, SubmitForm
from .lists import CASES
from .models import (
    STAGE_ORDER,
    CaseKind,
    CaseStatus,
    Channel,
    Outcome,
    RightsCase,
    Stage,
)
from .views_relations import _record

# ---- the worker's pages ------------------------------------------------------------------


def _is_member(user: User) -> bool:
    return Membership.objects.filter(person__user=user, status=MembershipStatus.ACTIVE).exists()


def _federations():
    """Where a worker with no union may bring a case: the city and county federations."""
    return Organization.objects.filter(
        kind__in=[OrgKind.CITY, OrgKind.COUNTY], is_active=True
    ).order_by("path")[:500]


@require_safe
@login_required
def my_cases(request):
    cases = [(c, list(c.steps.all())) for c in selectors.my_cases(actor=request.user)]
    return render(request, "rights/mine.html", {"cases": cases})


@login_required
def case_submit(request):
    federations = None if _is_member(request.user) else _federations()
    form = SubmitForm(request.POST or None, federations=federations)
    if request.method == "POST":
        ok, case = _record(
            request,
            form,
            lambda data: services.case_submit(
                actor=request.user,
                kind=data["kind"],
                employer=data["employer"],
                description=data["description"],
                amount_claimed=parse_yuan(
                    data["amount_claimed"], field="amount_claimed", required=False
                )
                or 0,
                workers_involved=data["workers_involved"],
                phone=data["phone"],
                union_id=data.get("union_id"),
            ),
            lambda case: (
                _("Your case %(ref)s is with %(union)s. You can follow it here.")
                % {"ref": case.reference, "union": case.union.name}
            ),
        )
        if ok:
            return redirect("rights-case", case_id=case.pk)
    return render(
        request,
        "rights/submit.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# ---- the handlers' pages ---------------------------------------------------------------


@staff_required
def case_list(request):
    return CASES.respond(
        request,
        "rights/list.html",
        {
            "kinds": CaseKind.choices,
            "channels": Channel.choices,
            "stages": Stage.choices,
            "statuses": CaseStatus.choices,
            "outcomes": Outcome.choices,
            "can_open": bool(request.user.writable_paths()),
            "empty": _("No case matches. Clear the search or the filters."),
        },
    )


@staff_required
def case_new(request):
    unions = list(org_suggestions(actor=request.user, write=True))
    form = OpenForm(
        request.POST or None,
        unions=unions,
        initial={"opened_on": cleaning.today(), "workers_involved": 1},
    )
    if request.method == "POST":
        ok, case = _record(
            request,
            form,
            lambda data: services.case_open(
                actor=request.user,
                union_id=data["union"],
                kind=data["kind"],
                channel=data["channel"],
                worker_name=data["worker_name"],
                phone=data["phone"],
                employer=data["employer"],
                description=data["description"],
                amount_claimed=parse_yuan(
                    data["amount_claimed"], field="amount_claimed", required=False
                )
                or 0,
                workers_involved=data["workers_involved"],
                opened_on=data["opened_on"],
            ),
            lambda case: _("Case %(ref)s is opened.") % {"ref": case.reference},
        )
        if ok:
            return redirect("rights-case", case_id=case.pk)
    return render(
        request,
        "rights/new.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _case_page(request, case: RightsCase, *, forms=None, revealed=None, status: int = 200):
    user = request.user
    staff_view = path_visible(user, case.union.path)
    if not staff_view:  # the worker's own case
        return render(
            request,
            "rights/mine_case.html",
            {
                "c": case,
                "steps": list(case.steps.all()),
                "description": services.case_description_own(actor=user, case=case),
            },
            status=status,
        )
    can_act = path_visible(user, case.union.path, write=True) and case.status == CaseStatus.OPEN
    forms = forms or {}
    context = {
        "c": case,
        "steps": list(case.steps.select_related("by")),
        "can_act": can_act,
        "revealed": revealed,
        "reveal_form": forms.get("reveal") or RevealForm(),
        "can_reveal": path_visible(user, case.union.path, write=True),
        "overdue": case.overdue_on(cleaning.today()),
        "mediations": list(case.mediations.select_related("centre")),
    }
    if can_act:
        context["assign_form"] = forms.get("assign") or AssignForm(
            handlers=writers_at_or_above(case.union),
            initial={"handler": case.handler_id or user.pk},
        )
        if STAGE_ORDER[case.stage] < len(Stage.values) - 1:
            context["step_form"] = forms.get("step") or StepForm(after=case.stage)
        context["close_form"] = forms.get("close") or CloseForm(
            initial={"closed_on": cleaning.today()}
        )
    return render(request, "rights/case.html", context, status=status)


@require_safe
@login_required
def case_detail(request, case_id: int):
    case = selectors.case_get(actor=request.user, case_id=case_id, own=True)
    return _case_page(request, case)


def _action(request, case_id: int, name: str, form, run, done: str):
    """Run a case action from its form; on a refusal, the case page again with it (400)."""
    case = selectors.case_get(actor=request.user, case_id=case_id)
    if _record(request, form, lambda d: run(case, d), done)[0]:
        return redirect("rights-case", case_id=case.pk)
    return _case_page(request, case, forms={name: form}, status=400)


@require_POST
@staff_required
def case_assign(request, case_id: int):
    case = selectors.case_get(actor=request.user, case_id=case_id, write=True)
    form = AssignForm(request.POST, handlers=writers_at_or_above(case.union))
    return _action(
        request,
        case_id,
        "assign",
        form,
        lambda c, d: services.case_assign(
            actor=request.user, case_id=c.pk, handler_id=d["handler"]
        ),
        _("The handler is assigned."),
    )


@require_POST
@staff_required
def case_step(request, case_id: int):
    return _action(
        request,
        case_id,
        "step",
        StepForm(request.POST),
        lambda c, d: services.case_step(
            actor=request.user, case_id=c.pk, stage=d["stage"], note=d["note"]
        ),
        _("The case has moved to its next step."),
    )


@require_POST
@staff_required
def case_close(request, case_id: int):
    return _action(
        request,
        case_id,
        "close",
        CloseForm(request.POST),
        lambda c, d: services.case_close(
            actor=request.user,
            case_id=c.pk,
            outcome=d["outcome"],
            amount_recovered=parse_yuan(
                d["amount_recovered"], field="amount_recovered", required=False
            )
            or 0,
            note=d["note"],
            closed_on=d["closed_on"],
        ),
        _("The case is closed; the worker sees its outcome."),
    )


@require_POST
@staff_required
def case_reveal(request, case_id: int):
    case = selectors.case_get(actor=request.user, case_id=case_id, write=True)
    form = RevealForm(request.POST)
    if form.is_valid():
        try:
            text = services.case_reveal(
                actor=request.user, case_id=case.pk, purpose=form.cleaned_data["purpose"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            return _case_page(request, case, revealed=text)
    return _case_page(request, case, forms={"reveal": form}, status=400)


@require_POST
@login_required
def case_withdraw(request, case_id: int):
    case = selectors.case_get(actor=request.user, case_id=case_id, own=True)
    try:
        services.case_withdraw(actor=request.user, case_id=case.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Your case is withdrawn."))
    return redirect("rights-case", case_id=case.pk)
