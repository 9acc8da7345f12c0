"""Outreach pages: stationing groups, visits and problems (on a phone too), paired liaison,
the 五强 assessment and the enterprises still without a union."""

import uuid

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.models import WRITING_ROLES
from gonghui.core.errors import ServiceError
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.scoping import get_visible_or_404, path_visible
from gonghui.members.models import Membership
from gonghui.orgs.models import Enterprise
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import selectors, services
from .forms import (
    CadreForm,
    ContactForm,
    CourseForm,
    CriterionFormSet,
    GrantForm,
    GroupForm,
    InterviewForm,
    MemberCreditForm,
    PairingForm,
    ProblemFormSet,
    SchemeForm,
    ScoresForm,
    SolveForm,
    TraineeForm,
    UnionCreditForm,
    VisitEditForm,
    VisitForm,
)
from .lists import ASSESSMENTS, COURSES, GRANTS, GROUPS, PAIRINGS, PROBLEMS, UNORGANIZED, VISITS
from .models import (
    AssessmentStatus,
    PairLevel,
    ProblemKind,
    ProblemStatus,
    Scheme,
    StationingGroup,
    Urgency,
)

NO_ORG = _("No organization with this name, credit code or number in your subtree.")


def _text(name, label):
    return {"name": name, "label": label, "type": "text"}


def _select(name, label, choices):
    return {"name": name, "label": label, "type": "select", "choices": choices}


def _list(request, spec, title, filters, *, new_url="", new_label="", extra=None):
    return spec.respond(
        request,
        "outreach/list.html",
        {
            "title": title,
            "filters": filters,
            "new_url": new_url if request.user.writable_paths() else "",
            "new_label": new_label,
            "empty": _("Nothing matches. Clear the search or the filters."),
            **(extra or {}),
        },
    )


def _form_page(request, title, form, *, formset=None, crumbs=None, status=200, **context):
    return render(
        request,
        "outreach/form.html",
        {
            "title": title,
            "form": form,
            "formset": formset,
            "crumbs": crumbs or [],
            "unions": org_suggestions(actor=request.user),
            **context,
        },
        status=status,
    )


def _org_ref(request, form, name, *, write=False):
    ref = form.cleaned_data.get(name)
    if not ref:
        return None
    org = org_by_reference(actor=request.user, ref=ref, write=write)
    if org is None:
        form.add_error(name, NO_ORG)
    return org


@staff_required
def hub(request):
    """The outreach overview: this year's figures for the reader's own subtree."""
    roots = request.user.visible_paths()
    year = int(request.GET.get("year") or timezone.localdate().year)
    period = Period(
        timezone.localdate().replace(year=year, month=1, day=1),
        timezone.localdate().replace(year=year, month=12, day=31),
    )
    keys = [k for k in REGISTRY if k.startswith("outreach.")]
    figures = []
    for key in keys:
        figure = REGISTRY[key]
        value = sum(figure.value(path, period) for path in roots)
        figures.append((figure, value))
    return render(request, "outreach/hub.html", {"figures": figures, "year": year})


# ---- stationing -----------------------------------------------------------------------------


@staff_required
def group_list(request):
    return _list(
        request,
        GROUPS,
        _("Stationing groups"),
        [_text("q", _("Search: group, place or leader")), _text("year", _("Year"))],
        new_url="outreach-group-new",
        new_label=_("New stationing group"),
    )


@staff_required
def group_new(request):
    form = GroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        union = _org_ref(request, form, "union", write=True)
        place = _org_ref(request, form, "place")
        if union and place:
            try:
                group = services.group_create(
                    actor=request.user,
                    union_id=union.pk,
                    place_id=place.pk,
                    name=form.cleaned_data["name"],
                    leader=form.cleaned_data["leader"],
                    start_on=form.cleaned_data["start_on"],
                    end_on=form.cleaned_data["end_on"],
                    funds=parse_yuan(form.cleaned_data["funds"], field="funds", required=False)
                    or 0,
                    tasks=form.cleaned_data["tasks"],
                )
            except ServiceError as exc:
                add_service_error(form, _renamed(exc, {"union_id": "union", "place_id": "place"}))
            else:
                messages.success(request, _("The stationing group is recorded."))
                return redirect("outreach-group", group_id=group.pk)
    return _form_page(
        request,
        _("New stationing group"),
        form,
        crumbs=[("outreach-groups", _("Stationing groups"))],
        status=400 if request.method == "POST" else 200,
    )


def _renamed(exc: ServiceError, names: dict[str, str]) -> ServiceError:
    exc.fields = {names.get(k, k): v for k, v in exc.fields.items()}
    return exc


def _group_page(request, group, forms=None, status=200):
    can_write = path_visible(request.user, group.union.path, write=True)
    forms = forms or {}
    unions = selectors.creditable_unions(actor=request.user, group=group)[:200]
    return render(
        request,
        "outreach/group.html",
        {
            "g": group,
            "can_write": can_write,
            "cadres": group.cadres.all(),
            "interviews": group.interviews.all(),
            "founded": group.founded_unions.select_related("org"),
            "recruited": group.recruited_members.select_related("membership__union")[:200],
            "recruited_count": group.recruited_members.count(),
            "visits": group.visits.select_related("enterprise"),
            "interviewed": sum(i.people for i in group.interviews.all()),
            "cadre_form": forms.get("cadre") or CadreForm(),
            "interview_form": forms.get("interview") or InterviewForm(),
            "union_form": forms.get("union") or UnionCreditForm(unions=unions),
            "member_form": forms.get("member") or MemberCreditForm(),
        },
        status=status,
    )


@staff_required
def group_detail(request, group_id: int):
    return _group_page(request, selectors.group_get(actor=request.user, group_id=group_id))


def _group_action(request, group_id, key, form, run):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    if form.is_valid():
        try:
            run(group, form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach-group", group_id=group.pk)
    return _group_page(request, group, {key: form}, status=400)


@require_POST
@staff_required
def group_cadre_add(request, group_id: int):
    return _group_action(
        request,
        group_id,
        "cadre",
        CadreForm(request.POST),
        lambda g, d: services.cadre_add(actor=request.user, group_id=g.pk, **d),
    )


@require_POST
@staff_required
def group_cadre_remove(request, group_id: int, cadre_id: int):
    services.cadre_remove(actor=request.user, group_id=group_id, cadre_id=cadre_id)
    messages.success(request, _("Removed."))
    return redirect("outreach-group", group_id=group_id)


@require_POST
@staff_required
def group_interview_add(request, group_id: int):
    return _group_action(
        request,
        group_id,
        "interview",
        InterviewForm(request.POST),
        lambda g, d: services.interview_add(actor=request.user, group_id=g.pk, **d),
    )


@require_POST
@staff_required
def group_union_credit(request, group_id: int):
    group = selectors.group_get(actor=request.user, group_id=group_id)
    unions = selectors.creditable_unions(actor=request.user, group=group)[:200]
    return _group_action(
        request,
        group_id,
        "union",
        UnionCreditForm(request.POST, unions=unions),
        lambda g, d: services.credit_union(actor=request.user, group_id=g.pk, org_id=d["org"]),
    )


@require_POST
@staff_required
def group_member_credit(request, group_id: int):
    def run(group, data):
        membership = (
            Membership.objects.visible_to(request.user)
            .filter(number=data["number"].strip())
            .first()
        )
        if membership is None:
            raise ServiceError(_("No member with this number in your subtree."), field="number")
        services.credit_member(actor=request.user, group_id=group.pk, membership_id=membership.pk)

    return _group_action(request, group_id, "member", MemberCreditForm(request.POST), run)


# ---- visits and problems ----------------------------------------------------------------------


@staff_required
def visit_list(request):
    return _list(
        request,
        VISITS,
        _("Cadres into enterprises: visits"),
        [
            _text("q", _("Search: enterprise, site or cadre")),
            {"name": "date_from", "label": _("From"), "type": "date"},
            {"name": "date_to", "label": _("To"), "type": "date"},
        ],
        new_url="outreach-visit-new",
        new_label=_("Record a visit"),
    )


def _enterprise(request, ref: str):
    ref = (ref or "").strip()
    if not ref:
        return None
    return (
        Enterprise.objects.visible_to(request.user)
        .filter(Q(name=ref) | Q(credit_code=ref.upper()))
        .first()
    )


@staff_required
def visit_new(request):
    """The visiting cadre records the visit and what was found, on site, on a phone."""
    groups = StationingGroup.objects.visible_to(request.user, write=True).order_by("-start_on")[
        :100
    ]
    form = VisitForm(request.POST or None, groups=groups)
    formset = ProblemFormSet(request.POST or None, prefix="problems")
    if request.method == "GET":
        own = org_suggestions(actor=request.user, write=True).first()
        form = VisitForm(
            groups=groups,
            initial={
                "union": own.name if own else "",
                "visited_on": timezone.localdate(),
                "visitor": request.user.get_full_name(),
            },
        )
    elif form.is_valid() and formset.is_valid():
        union = _org_ref(request, form, "union", write=True)
        enterprise = _enterprise(request, form.cleaned_data["enterprise"])
        if form.cleaned_data["enterprise"] and enterprise is None:
            form.add_error(
                "enterprise", _("No enterprise with this name or credit code in your subtree.")
            )
        problems, rows = [], []
        for row in formset:
            data = row.cleaned_data or {}
            if not (data.get("description") or "").strip():
                continue
            responsible = (
                _org_ref(request, row, "responsible") if data.get("responsible") else union
            )
            if responsible is None:
                if not row.errors:
                    row.add_error("responsible", NO_ORG)
                continue
            if data.get("due_on") is None:
                row.add_error("due_on", _("Enter the date by which it must be solved."))
                continue
            rows.append(row)
            problems.append(
                {
                    "kind": data["kind"],
                    "urgency": data["urgency"],
                    "description": data["description"],
                    "responsible_id": responsible.pk,
                    "due_on": data["due_on"],
                }
            )
        if union and not form.errors and not any(r.errors for r in formset):
            try:
                visit = services.visit_create(
                    actor=request.user,
                    union_id=union.pk,
                    visitor=form.cleaned_data["visitor"],
                    visited_on=form.cleaned_data["visited_on"],
                    enterprise_id=enterprise.pk if enterprise else None,
                    site=form.cleaned_data["site"],
                    workers_met=form.cleaned_data["workers_met"],
                    notes=form.cleaned_data["notes"],
                    group_id=form.cleaned_data["group"],
                    problems=problems,
                )
            except ServiceError as exc:
                field = next(iter(exc.fields), "")
                if field.startswith("problems."):
                    index, _dot, name = field.removeprefix("problems.").partition(".")
                    at = rows[int(index)] if index.isdigit() and int(index) < len(rows) else None
                    if at is not None:
                        name = name.removesuffix("_id")
                        at.add_error(name if name in at.fields else None, exc.message)
                else:
                    add_service_error(
                        form,
                        _renamed(
                            exc,
                            {
                                "union_id": "union",
                                "enterprise_id": "enterprise",
                                "group_id": "group",
                            },
                        ),
                    )
            else:
                messages.success(request, _("The visit is recorded."))
                return redirect("outreach-visit", visit_id=visit.pk)
    return _form_page(
        request,
        _("Record a visit"),
        form,
        formset=formset,
        formset_legend=_(
            "Problems found (empty rows are left out; the union that must solve it defaults to the visiting union)"
        ),
        crumbs=[("outreach-visits", _("Visits"))],
        enterprises=Enterprise.objects.visible_to(request.user).order_by("name")[:200],
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def visit_detail(request, visit_id: int):
    visit = selectors.visit_get(actor=request.user, visit_id=visit_id)
    problems = list(visit.problems.select_related("responsible"))
    return render(
        request,
        "outreach/visit.html",
        {
            "v": visit,
            "problems": [(p, services.may_solve(request.user, p)) for p in problems],
            "can_edit": path_visible(request.user, visit.union.path, write=True),
        },
    )


@staff_required
def visit_edit(request, visit_id: int):
    """Correct a visit: the visiting union's staff or a federation above it; others get 404."""
    visit = selectors.visit_get(actor=request.user, visit_id=visit_id, write=True)
    initial = {
        "visitor": visit.visitor,
        "visited_on": visit.visited_on,
        "enterprise": visit.enterprise.name if visit.enterprise else "",
        "site": visit.site,
        "workers_met": visit.workers_met,
        "notes": visit.notes,
    }
    form = VisitEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = _enterprise(request, data["enterprise"])
        if data["enterprise"] and enterprise is None:
            form.add_error(
                "enterprise", _("No enterprise with this name or credit code in your subtree.")
            )
        else:
            try:
                services.visit_update(
                    actor=request.user,
                    visit_id=visit.pk,
                    visitor=data["visitor"],
                    visited_on=data["visited_on"],
                    enterprise_id=enterprise.pk if enterprise else None,
                    site=data["site"],
                    workers_met=data["workers_met"],
                    notes=data["notes"],
                )
            except ServiceError as exc:
                add_service_error(form, _renamed(exc, {"enterprise_id": "enterprise"}))
            else:
                messages.success(request, _("The visit is corrected."))
                return redirect("outreach-visit", visit_id=visit.pk)
    return _form_page(
        request,
        _("Correct the visit"),
        form,
        crumbs=[("outreach-visits", _("Visits"))],
        enterprises=Enterprise.objects.visible_to(request.user).order_by("name")[:200],
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def problem_list(request):
    return _list(
        request,
        PROBLEMS,
        _("Problems found on visits"),
        [
            _text("q", _("Search: problem, enterprise or site")),
            _select("status", _("Status"), ProblemStatus.choices),
            _select("kind", _("Kind"), ProblemKind.choices),
            _select("urgency", _("Urgency"), Urgency.choices),
            {"name": "overdue", "label": _("overdue only"), "type": "checkbox"},
            _select(
                "waiting",
                _("Waiting for"),
                [("mine", _("my union")), ("below", _("the level above (overdue below)"))],
            ),
        ],
    )


def _problem_page(request, problem, form=None, status=200):
    return render(
        request,
        "outreach/problem.html",
        {
            "p": problem,
            "may_solve": services.may_solve(request.user, problem),
            "overdue": problem.status == ProblemStatus.OPEN
            and problem.due_on < timezone.localdate(),
            "form": form or SolveForm(initial={"solved_on": timezone.localdate()}),
        },
        status=status,
    )


@staff_required
def problem_detail(request, problem_id: int):
    return _problem_page(request, selectors.problem_get(actor=request.user, problem_id=problem_id))


@require_POST
@staff_required
def problem_solve(request, problem_id: int):
    problem = selectors.problem_get(actor=request.user, problem_id=problem_id)
    form = SolveForm(request.POST)
    if form.is_valid():
        try:
            services.problem_solve(actor=request.user, problem_id=problem.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The solution is recorded."))
            return redirect("outreach-problem", problem_id=problem.pk)
    return _problem_page(request, problem, form, status=400)


# ---- paired liaison ------------------------------------------------------------------------------


@staff_required
def pairing_list(request):
    year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or year)
    except ValueError:
        pass
    roots = request.user.visible_paths()
    period = Period(
        timezone.localdate().replace(year=year, month=1, day=1),
        timezone.localdate().replace(year=year, month=12, day=31),
    )
    counties = sum(REGISTRY["outreach.counties"].value(p, period) for p in roots)
    paired = sum(REGISTRY["outreach.counties_paired"].value(p, period) for p in roots)
    return _list(
        request,
        PAIRINGS,
        _("Paired liaison with county unions"),
        [
            _text("q", _("Search: county, leader or department")),
            _text("year", _("Year")),
            _select("level", _("Level of the pair"), PairLevel.choices),
        ],
        new_url="outreach-pairing-new",
        new_label=_("New pairing"),
        extra={
            "coverage": {"year": year, "paired": paired, "counties": counties},
            "unpaired": selectors.unpaired_counties(actor=request.user, year=year)[:200],
        },
    )


@staff_required
def pairing_new(request):
    form = PairingForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        county = _org_ref(request, form, "county")
        higher = _org_ref(request, form, "higher")
        if county and (higher or not form.cleaned_data.get("higher")):
            try:
                pairing = services.pairing_create(
                    actor=request.user,
                    county_id=county.pk,
                    higher_id=higher.pk if higher else None,
                    **{k: form.cleaned_data[k] for k in ("year", "level", "leader", "department")},
                )
            except ServiceError as exc:
                add_service_error(
                    form, _renamed(exc, {"county_id": "county", "higher_id": "higher"})
                )
            else:
                messages.success(request, _("The pairing is recorded."))
                return redirect("outreach-pairing", pairing_id=pairing.pk)
    return _form_page(
        request,
        _("New pairing"),
        form,
        crumbs=[("outreach-pairings", _("Paired liaison"))],
        status=400 if request.method == "POST" else 200,
    )


def _pairing_page(request, pairing, form=None, status=200):
    grants, granted = selectors.pairing_grants(actor=request.user, pairing=pairing)
    return render(
        request,
        "outreach/pairing.html",
        {
            "p": pairing,
            "contacts": pairing.contacts.all(),
            "grants": grants,
            "granted_yuan": yuan(granted),
            "can_grant": pairing.county.parent is not None
            and path_visible(request.user, pairing.county.parent.path, write=True),
            "can_write": path_visible(request.user, pairing.county.path, write=True),
            "form": form or ContactForm(initial={"contacted_on": timezone.localdate()}),
        },
        status=status,
    )


@staff_required
def pairing_detail(request, pairing_id: int):
    return _pairing_page(request, selectors.pairing_get(actor=request.user, pairing_id=pairing_id))


@require_POST
@staff_required
def pairing_contact_add(request, pairing_id: int):
    pairing = selectors.pairing_get(actor=request.user, pairing_id=pairing_id)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(actor=request.user, pairing_id=pairing.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The contact is recorded."))
            return redirect("outreach-pairing", pairing_id=pairing.pk)
    return _pairing_page(request, pairing, form, status=400)


# ---- outreach funds ------------------------------------------------------------------------------


@staff_required
def grant_list(request):
    return _list(
        request,
        GRANTS,
        _("Outreach funds granted"),
        [
            _text("q", _("Search: union, purpose or group")),
            _text("year", _("Year")),
            _select(
                "serves",
                _("Serves"),
                [("group", _("a stationing group")), ("pairing", _("a paired county union"))],
            ),
        ],
        new_url="outreach-grant-new",
        new_label=_("Grant outreach funds"),
    )


@staff_required
def grant_new(request):
    """A federation grants outreach funds to a union below it, for one of its stationing
    groups (?group=) or a county union it is paired with (?pairing=)."""
    group = pairing = None
    try:
        if request.GET.get("group"):
            group = selectors.group_get(actor=request.user, group_id=int(request.GET["group"]))
        if request.GET.get("pairing"):
            pairing = selectors.pairing_get(
                actor=request.user, pairing_id=int(request.GET["pairing"])
            )
    except ValueError as exc:
        raise Http404 from exc
    initial = {
        "granted_on": timezone.localdate(),
        "request_key": uuid.uuid4().hex,
        "from_org": group.union.name if group else "",
        "to_org": pairing.county.name if pairing else (group.place.name if group else ""),
    }
    if pairing and pairing.county.parent and not group:
        initial["from_org"] = (pairing.higher or pairing.county.parent).name
    form = GrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        from_org = _org_ref(request, form, "from_org", write=True)
        to_org = _org_ref(request, form, "to_org")
        if from_org and to_org:
            try:
                grant, _replayed = services.grant_make(
                    actor=request.user,
                    from_id=from_org.pk,
                    to_id=to_org.pk,
                    amount=parse_yuan(form.cleaned_data["amount"], field="amount"),
                    purpose=form.cleaned_data["purpose"],
                    granted_on=form.cleaned_data["granted_on"],
                    request_key=form.cleaned_data["request_key"],
                    group_id=group.pk if group else None,
                    pairing_id=pairing.pk if pairing else None,
                )
            except ServiceError as exc:
                add_service_error(
                    form,
                    _renamed(
                        exc,
                        {
                            "from_id": "from_org",
                            "to_id": "to_org",
                            "group_id": "to_org",
                            "pairing_id": "to_org",
                        },
                    ),
                )
            else:
                messages.success(request, _("The grant is paid and posted on the ledger."))
                if grant.pairing_id:
                    return redirect("outreach-pairing", pairing_id=grant.pairing_id)
                if grant.group_id:
                    return redirect("outreach-group", group_id=grant.group_id)
                return redirect("outreach-grants")
    return _form_page(
        request,
        _("Grant outreach funds"),
        form,
        crumbs=[("outreach-grants", _("Outreach funds granted"))],
        serves=group or pairing,
        status=400 if request.method == "POST" else 200,
    )


# ---- the 五强 assessment --------------------------------------------------------------------------


@staff_required
def assessment_list(request):
    schemes = Scheme.objects.visible_to(request.user).select_related("owner")
    if not schemes.exists():
        # A county sees the schemes of the provinces above it.
        paths = request.user.visible_paths()
        schemes = Scheme.objects.filter(
            pk__in=[
                s.pk
                for s in Scheme.objects.select_related("owner")
                if any(p.startswith(s.owner.path) for p in paths)
            ]
        )
    own_counties = [
        r.organization for r in request.user.active_roles if r.organization.kind == "county"
    ]
    return _list(
        request,
        ASSESSMENTS,
        _("五强 assessment of county unions"),
        [
            _text("q", _("Search: county")),
            _text("year", _("Year")),
            _select("status", _("Status"), AssessmentStatus.choices),
            {"name": "below_line", "label": _("below the line only"), "type": "checkbox"},
        ],
        new_url="outreach-scheme-new"
        if any(
            r.organization.kind == "provincial" and r.kind in WRITING_ROLES
            for r in request.user.active_roles
        )
        else "",
        new_label=_("Set the 五强 assessment for a year"),
        extra={"schemes": schemes, "own_counties": own_counties},
    )


def _scheme_for(request, scheme_id: int) -> Scheme:
    scheme = Scheme.objects.select_related("owner").filter(pk=scheme_id).first()
    if scheme is None or not any(
        p.startswith(scheme.owner.path) or scheme.owner.path.startswith(p)
        for p in request.user.visible_paths()
    ):
        raise Http404
    return scheme


@staff_required
def scheme_new(request):
    """The province sets the year's criteria and weights (every dimension, summing to 100)."""
    from .models import Dimension

    form = SchemeForm(request.POST or None, initial={"year": timezone.localdate().year})
    formset = CriterionFormSet(
        request.POST or None,
        prefix="criteria",
        initial=[{"dimension": d} for d in Dimension.values for _n in range(2)],
    )
    if request.method == "GET":
        own = org_suggestions(actor=request.user, write=True).first()
        form = SchemeForm(
            initial={
                "owner": own.name if own else "",
                "year": timezone.localdate().year,
                "pass_line": 60,
            }
        )
    elif form.is_valid() and formset.is_valid():
        owner = _org_ref(request, form, "owner", write=True)
        criteria = [
            f.cleaned_data
            for f in formset
            if (f.cleaned_data or {}).get("name", "").strip()
            or (f.cleaned_data or {}).get("weight")
        ]
        if owner is not None:
            try:
                scheme = services.scheme_create(
                    actor=request.user,
                    owner_id=owner.pk,
                    year=form.cleaned_data["year"],
                    pass_line=form.cleaned_data["pass_line"],
                    criteria=criteria,
                )
            except ServiceError as exc:
                add_service_error(form, _renamed(exc, {"owner_id": "owner"}))
            else:
                messages.success(request, _("The assessment scheme is set."))
                return redirect("outreach-ranking", scheme_id=scheme.pk)
    return _form_page(
        request,
        _("Set the 五强 assessment for a year"),
        form,
        formset=formset,
        formset_legend=_("Criteria: weights of all rows sum to 100; empty rows are left out"),
        crumbs=[("outreach-assessments", _("五强 assessment"))],
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def ranking(request, scheme_id: int):
    scheme = get_visible_or_404(Scheme.objects.select_related("owner"), request.user, pk=scheme_id)
    rows = selectors.ranking(actor=request.user, scheme_id=scheme.pk)
    return render(request, "outreach/ranking.html", {"scheme": scheme, "rows": rows})


@staff_required
def self_assessment(request, scheme_id: int, county_id: int):
    """The county's own staff fill in the self-assessment, criterion by criterion."""
    scheme = _scheme_for(request, scheme_id)
    county = org_by_reference(actor=request.user, ref=county_id, write=True)
    if county is None:
        raise Http404
    existing = scheme.assessments.filter(county=county).first()
    given = {s.criterion_id: s for s in existing.scores.all()} if existing else {}
    criteria = scheme.criteria.all()
    form = ScoresForm(request.POST or None, criteria=criteria, initial_scores=given)
    if request.method == "POST" and form.is_valid():
        try:
            a = services.assessment_save(
                actor=request.user, scheme_id=scheme.pk, county_id=county.pk, scores=form.scores()
            )
            if request.POST.get("submit"):
                services.assessment_submit(actor=request.user, assessment_id=a.pk)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach-assessment", assessment_id=a.pk)
    return _form_page(
        request,
        _("Self-assessment of %(county)s for %(year)s")
        % {"county": county.name, "year": scheme.year},
        form,
        crumbs=[("outreach-assessments", _("五强 assessment"))],
        submit_both=True,
        status=400 if request.method == "POST" else 200,
    )


def _assessment_page(request, assessment, form=None, status=200):
    step = services.may_review(request.user, assessment)
    scores = {s.criterion_id: s for s in assessment.scores.all()}
    criteria = list(assessment.scheme.criteria.all())
    if form is None and step:
        form = ScoresForm(
            criteria=criteria,
            field="city_score" if step == "city" else "final_score",
            initial_scores=scores,
        )
    return render(
        request,
        "outreach/assessment.html",
        {
            "a": assessment,
            "rows": [(c, scores.get(c.pk)) for c in criteria],
            "step": step,
            "form": form,
            "can_fill": assessment.status == AssessmentStatus.DRAFT
            and services._role_at(request.user, assessment.county),
        },
        status=status,
    )


@staff_required
def assessment_detail(request, assessment_id: int):
    return _assessment_page(
        request, selectors.assessment_get(actor=request.user, assessment_id=assessment_id)
    )


@require_POST
@staff_required
def assessment_review(request, assessment_id: int):
    assessment = selectors.assessment_get(actor=request.user, assessment_id=assessment_id)
    step = services.may_review(request.user, assessment)
    if not step:
        messages.error(request, _("This review is not yours to give now."))
        return redirect("outreach-assessment", assessment_id=assessment.pk)
    field = "city_score" if step == "city" else "final_score"
    form = ScoresForm(request.POST, criteria=assessment.scheme.criteria.all(), field=field)
    if form.is_valid():
        review = services.city_review if step == "city" else services.final_review
        try:
            review(actor=request.user, assessment_id=assessment.pk, scores=form.scores())
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The review is recorded."))
            return redirect("outreach-assessment", assessment_id=assessment.pk)
    return _assessment_page(request, assessment, form, status=400)


# ---- coverage ----------------------------------------------------------------------------------------


@staff_required
def unorganized(request):
    return _list(
        request,
        UNORGANIZED,
        _("Enterprises of 25 or more workers without a union"),
        [
            _text("q", _("Search: enterprise")),
            _text("min_workers", _("At least this many workers")),
        ],
    )


@staff_required
def coverage(request):
    """建会率 and 入会率 by size, ownership and industry, from the records."""
    from gonghui.orgs.models import Industry, Ownership, Size

    labels = {
        "size": dict(Size.choices),
        "ownership": dict(Ownership.choices),
        "industry": dict(Industry.choices),
    }
    titles = {"size": _("By size"), "ownership": _("By ownership"), "industry": _("By industry")}
    tables = [
        (
            titles[by],
            [
                {**row, "label": labels[by].get(row["key"], row["key"])}
                for row in selectors.coverage(actor=request.user, by=by)
            ],
        )
        for by in selectors.COVERAGE_BY
    ]
    return render(request, "outreach/coverage.html", {"tables": tables})


# ---- cadre training ------------------------------------------------------------------------------


@staff_required
def course_list(request):
    return _list(
        request,
        COURSES,
        _("Training of union cadres"),
        [_text("q", _("Search: course or union")), _text("year", _("Year"))],
        new_url="outreach-course-new",
        new_label=_("New training course"),
    )


@staff_required
def course_new(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        union = _org_ref(request, form, "union", write=True)
        if union is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "union"}
            try:
                course = services.course_create(actor=request.user, union_id=union.pk, **data)
            except ServiceError as exc:
                add_service_error(form, _renamed(exc, {"union_id": "union"}))
            else:
                messages.success(request, _("The course is recorded."))
                return redirect("outreach-course", course_id=course.pk)
    return _form_page(
        request,
        _("New training course"),
        form,
        crumbs=[("outreach-courses", _("Training of union cadres"))],
        status=400 if request.method == "POST" else 200,
    )


def _course_page(request, course, form=None, status=200):
    return render(
        request,
        "outreach/course.html",
        {
            "c": course,
            "trainees": course.trainees.all(),
            "can_write": path_visible(request.user, course.union.path, write=True),
            "form": form or TraineeForm(),
        },
        status=status,
    )


@staff_required
def course_detail(request, course_id: int):
    return _course_page(request, selectors.course_get(actor=request.user, course_id=course_id))


@require_POST
@staff_required
def course_trainee_add(request, course_id: int):
    course = selectors.course_get(actor=request.user, course_id=course_id)
    form = TraineeForm(request.POST)
    if form.is_valid():
        try:
            services.trainee_add(actor=request.user, course_id=course.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("outreach-course", course_id=course.pk)
    return _course_page(request, course, form, status=400)
