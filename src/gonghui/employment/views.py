"""Staff pages of the employment services, and the seeker's own pages on the phone."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.selectors import writers_at_or_above
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.money import parse_yuan
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import selectors, services
from .forms import (
    AdvanceForm,
    ApplyForm,
    BoardPostForm,
    CadreForm,
    CheckForm,
    EventForm,
    EventPostForm,
    ExhibitorForm,
    FundAllotForm,
    FundPayForm,
    MatchingForm,
    PlacementForm,
    ResultsForm,
    SeekerForm,
    SelfRegisterForm,
    ServiceForm,
    TraineeForm,
    TrainingForm,
)
from .lists import (
    APPLICATIONS,
    EVENTS,
    FUND_ALLOTMENTS,
    FUND_PAYMENTS,
    MATCHINGS,
    PLACEMENTS,
    POSTS,
    SEEKERS,
    SERVICES,
    TRAININGS,
)
from .models import (
    ApplicationStatus,
    FundUse,
    Group,
    MatchingKind,
    Mode,
    PlacementStatus,
    SeekerStatus,
    ServiceKind,
    Trade,
    TrainingKind,
)


def _union(request, form, field: str = "union"):
    union = org_by_reference(actor=request.user, ref=form.cleaned_data[field], write=True)
    if union is None:
        form.add_error(
            field, _("No organization with this name, credit code or number in your subtree.")
        )
    return union


def _fen(form, field: str, *, required: bool = True) -> int | None:
    try:
        return parse_yuan(form.cleaned_data.get(field) or "", field=field, required=required)
    except ServiceError as exc:
        add_service_error(form, exc)
        raise


# ---- lists ----------------------------------------------------------------------------------


def _can_write(request) -> bool:
    return bool(request.user.writable_paths())


def _f(name: str, label, kind: str = "search", choices=()) -> dict:
    return {"name": name, "label": label, "kind": kind, "choices": choices}


def _period_filters() -> list[dict]:
    return [_f("date_from", _("From"), "date"), _f("date_to", _("To"), "date")]


@staff_required
def event_list(request):
    return EVENTS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Recruitment events"),
            "filters": [
                _f("q", _("Search: name, place or organizer")),
                _f("mode", _("Held"), "select", Mode.choices),
                *_period_filters(),
            ],
            "hidden": ["under_id"],
            "new_url": reverse("employment-event-new") if _can_write(request) else "",
            "new_label": _("Enter a recruitment event"),
            "empty": _("No recruitment event matches. Clear the search or the filters."),
        },
    )


@staff_required
def post_list(request):
    return POSTS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Posts"),
            "filters": [
                _f("q", _("Search: post or employer")),
                _f("trade", _("Trade"), "select", Trade.choices),
                _f("region_code", _("Place (division code)")),
                _f("open_only", _("open only"), "check"),
                *_period_filters(),
            ],
            "hidden": ["under_id", "event_id", "pay_from"],
            "new_url": reverse("employment-post-new") if _can_write(request) else "",
            "new_label": _("Enter a post on the job board"),
            "empty": _("No post matches. Clear the search or the filters."),
        },
    )


@staff_required
def seeker_list(request):
    return SEEKERS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Job seekers"),
            "filters": [
                _f("q", _("Search: name, skills or school")),
                _f("group", _("Group"), "select", Group.choices),
                _f("status", _("Status"), "select", SeekerStatus.choices),
                _f("mine", _("in my charge"), "check"),
                *_period_filters(),
            ],
            "hidden": ["under_id"],
            "new_url": reverse("employment-seeker-new") if _can_write(request) else "",
            "new_label": _("Enter a job seeker"),
            "empty": _("No job seeker matches. Clear the search or the filters."),
        },
    )


@staff_required
def service_list(request):
    return SERVICES.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Employment services given"),
            "filters": [
                _f("kind", _("Service"), "select", ServiceKind.choices),
                _f("channel", _("Channel"), "select", Mode.choices),
                *_period_filters(),
            ],
            "hidden": ["under_id", "seeker_id"],
            "empty": _("No service matches. Clear the filters."),
        },
    )


@staff_required
def placement_list(request):
    return PLACEMENTS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Real-name placements"),
            "filters": [
                _f("q", _("Search: name or employer")),
                _f("status", _("Status"), "select", PlacementStatus.choices),
                *_period_filters(),
            ],
            "hidden": ["under_id"],
            "empty": _("No placement matches. Clear the search or the filters."),
        },
    )


# ---- events ---------------------------------------------------------------------------------


@staff_required
def event_new(request):
    form = EventForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        union = _union(request, form)
        if union is not None:
            data = form.cleaned_data
            try:
                event = services.event_create(
                    actor=request.user,
                    union_id=union.pk,
                    **{k: data[k] for k in ("title", "mode", "held_on", "place", "link")},
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("The event is entered."))
                return redirect("employment-event", event_id=event.pk)
    return render(
        request,
        "employment/form.html",
        {
            "form": form,
            "title": _("New recruitment event"),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


def _event_page(request, event, *, results=None, exhibitor=None, post=None, status=200):
    exhibitors = list(selectors.event_exhibitors(actor=request.user, event=event))
    can_write = path_visible(request.user, event.union.path, write=True)
    return render(
        request,
        "employment/event.html",
        {
            "e": event,
            "can_write": can_write,
            "exhibitors": exhibitors,
            "posts": sum(len(x.posts.all()) for x in exhibitors),
            "headcount": sum(p.headcount for x in exhibitors for p in x.posts.all()),
            "results_form": results
            or ResultsForm(initial={"visitors": event.visitors, "hires": event.hires}),
            "exhibitor_form": exhibitor or ExhibitorForm(),
            "post_form": post or EventPostForm(exhibitors=exhibitors),
        },
        status=status,
    )


@staff_required
def event_detail(request, event_id: int):
    return _event_page(request, selectors.event_get(actor=request.user, event_id=event_id))


@require_POST
@staff_required
def event_results(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id, write=True)
    form = ResultsForm(request.POST)
    if form.is_valid():
        try:
            services.event_update(actor=request.user, event_id=event.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("employment-event", event_id=event.pk)
    return _event_page(request, event, results=form, status=400)


@require_POST
@staff_required
def exhibitor_add(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id, write=True)
    form = ExhibitorForm(request.POST)
    if form.is_valid():
        try:
            services.exhibitor_add(actor=request.user, event_id=event.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The enterprise is entered."))
            return redirect("employment-event", event_id=event.pk)
    return _event_page(request, event, exhibitor=form, status=400)


def _post_fields(form) -> dict:
    data = form.cleaned_data
    return {
        "title": data["title"],
        "trade": data["trade"],
        "region_code": data["region_code"],
        "pay_min": _fen(form, "pay_min"),
        "pay_max": _fen(form, "pay_max"),
        "headcount": data["headcount"],
    }


@require_POST
@staff_required
def event_post_add(request, event_id: int):
    event = selectors.event_get(actor=request.user, event_id=event_id, write=True)
    exhibitors = list(selectors.event_exhibitors(actor=request.user, event=event))
    form = EventPostForm(request.POST, exhibitors=exhibitors)
    if form.is_valid():
        try:
            services.post_create(
                actor=request.user,
                exhibitor_id=form.cleaned_data["exhibitor"],
                **_post_fields(form),
            )
        except ServiceError as exc:
            if not form.errors:
                add_service_error(form, exc)
        else:
            messages.success(request, _("The post is entered."))
            return redirect("employment-event", event_id=event.pk)
    return _event_page(request, event, post=form, status=400)


# ---- posts ----------------------------------------------------------------------------------


@staff_required
def post_new(request):
    form = BoardPostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        union = _union(request, form)
        if union is not None:
            try:
                services.post_create(
                    actor=request.user,
                    union_id=union.pk,
                    employer_name=form.cleaned_data["employer_name"],
                    **_post_fields(form),
                )
            except ServiceError as exc:
                if not form.errors:
                    add_service_error(form, exc)
            else:
                messages.success(request, _("The post is entered."))
                return redirect("employment-posts")
    return render(
        request,
        "employment/form.html",
        {
            "form": form,
            "title": _("New post on the job board"),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_POST
@staff_required
def post_close(request, post_id: int):
    post = selectors.post_get(actor=request.user, post_id=post_id, write=True)
    try:
        services.post_close(actor=request.user, post_id=post.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The post is closed."))
    return redirect("employment-posts")


# ---- seekers --------------------------------------------------------------------------------


@staff_required
def seeker_new(request):
    form = SeekerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        union = _union(request, form)
        if union is not None:
            data = form.cleaned_data
            try:
                seeker = services.seeker_create(
                    actor=request.user,
                    union_id=union.pk,
                    pay_min=_fen(form, "pay_min", required=False) or 0,
                    **{
                        k: data[k]
                        for k in (
                            "name",
                            "phone",
                            "group",
                            "school",
                            "graduation_year",
                            "skills",
                            "trades",
                            "region_code",
                            "consented",
                        )
                    },
                )
            except ServiceError as exc:
                if not form.errors:
                    add_service_error(form, exc)
            else:
                messages.success(request, _("The job seeker is entered."))
                return redirect("employment-seeker", seeker_id=seeker.pk)
    return render(
        request,
        "employment/form.html",
        {
            "form": form,
            "title": _("New job seeker"),
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


def _seeker_page(request, seeker, *, forms=None, status=200):
    forms = forms or {}
    can_write = path_visible(request.user, seeker.union.path, write=True)
    matched, refused = [], ""
    if seeker.has_consented and seeker.status == SeekerStatus.SEEKING:
        matched = selectors.match_posts(seeker)
    elif seeker.status == SeekerStatus.SEEKING:
        refused = _("The seeker has not agreed to be matched to posts.")
    today = timezone.localdate()
    return render(
        request,
        "employment/seeker.html",
        {
            "s": seeker,
            "trade_labels": [Trade(t).label for t in seeker.trades if t in Trade.values],
            "can_write": can_write,
            "matched": matched,
            "refused": refused,
            "services": seeker.services.select_related("post", "given_by").order_by(
                "-given_on", "-id"
            )[:50],
            "placements": seeker.placements.select_related("region", "post").order_by("-id"),
            "cadre_form": forms.get("cadre")
            or CadreForm(
                cadres=writers_at_or_above(seeker.union), initial={"cadre": seeker.cadre_id}
            ),
            "service_form": forms.get("service")
            or ServiceForm(initial={"given_on": today, "channel": Mode.ONSITE}),
            "placement_form": forms.get("placement") or PlacementForm(initial={"placed_on": today}),
            "check_form": forms.get("check") or CheckForm(initial={"checked_on": today}),
        },
        status=status,
    )


@staff_required
def seeker_detail(request, seeker_id: int):
    return _seeker_page(request, selectors.seeker_get(actor=request.user, seeker_id=seeker_id))


@require_POST
@staff_required
def seeker_consent(request, seeker_id: int):
    seeker = selectors.seeker_get(actor=request.user, seeker_id=seeker_id, write=True)
    try:
        services.seeker_consent(
            actor=request.user,
            seeker_id=seeker.pk,
            consented=request.POST.get("consented") == "yes",
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("employment-seeker", seeker_id=seeker.pk)


@require_POST
@staff_required
def seeker_cadre(request, seeker_id: int):
    seeker = selectors.seeker_get(actor=request.user, seeker_id=seeker_id, write=True)
    form = CadreForm(request.POST, cadres=writers_at_or_above(seeker.union))
    if form.is_valid():
        try:
            services.cadre_assign(
                actor=request.user, seeker_id=seeker.pk, cadre_id=form.cleaned_data["cadre"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("employment-seeker", seeker_id=seeker.pk)
    return _seeker_page(request, seeker, forms={"cadre": form}, status=400)


@require_POST
@staff_required
def service_add(request, seeker_id: int):
    seeker = selectors.seeker_get(actor=request.user, seeker_id=seeker_id, write=True)
    form = ServiceForm(request.POST)
    if form.is_valid():
        try:
            services.service_record(actor=request.user, seeker_id=seeker.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The service is recorded."))
            return redirect("employment-seeker", seeker_id=seeker.pk)
    return _seeker_page(request, seeker, forms={"service": form}, status=400)


@require_POST
@staff_required
def recommend(request, seeker_id: int, post_id: int):
    """Recommend a matched post to the seeker: one service of its own kind."""
    seeker = selectors.seeker_get(actor=request.user, seeker_id=seeker_id, write=True)
    try:
        services.service_record(
            actor=request.user,
            seeker_id=seeker.pk,
            kind=ServiceKind.RECOMMENDATION,
            channel=request.POST.get("channel") or Mode.ONSITE,
            post_id=post_id,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The post is recommended."))
    return redirect("employment-seeker", seeker_id=seeker.pk)


@require_POST
@staff_required
def placement_add(request, seeker_id: int):
    seeker = selectors.seeker_get(actor=request.user, seeker_id=seeker_id, write=True)
    form = PlacementForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.placement_record(
                actor=request.user,
                seeker_id=seeker.pk,
                placed_on=data["placed_on"],
                post_id=data["post"],
                employer_name=data["employer_name"],
                region_code=data["region_code"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("The placement is recorded; another cadre confirms it after a check.")
            )
            return redirect("employment-seeker", seeker_id=seeker.pk)
    return _seeker_page(request, seeker, forms={"placement": form}, status=400)


@require_POST
@staff_required
def placement_check(request, placement_id: int):
    placement = selectors.placement_get(actor=request.user, placement_id=placement_id, write=True)
    form = CheckForm(request.POST)
    if form.is_valid():
        try:
            services.placement_check(
                actor=request.user, placement_id=placement.pk, **form.cleaned_data
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The check is recorded."))
            return redirect("employment-seeker", seeker_id=placement.seeker_id)
    seeker = selectors.seeker_get(actor=request.user, seeker_id=placement.seeker_id)
    return _seeker_page(request, seeker, forms={"check": form}, status=400)


# ---- the seeker's own pages (a worker's phone) ---------------------------------------------


@login_required
def my_jobs(request):
    """The worker's own job search on the phone: their record (or the few fields to make
    one), open posts near them, their applications and where each stands."""
    mine = list(selectors.own_seekers(actor=request.user))
    seeker = mine[0] if mine else None
    if seeker is None:
        return _register_page(request, SelfRegisterForm(places=_places(request.user)))
    any_trade = request.GET.get("all") == "1"
    return render(
        request,
        "employment/mine.html",
        {
            "seeker": seeker,
            "trade_labels": [Trade(t).label for t in seeker.trades if t in Trade.values],
            "near": list(selectors.posts_for_seeker(seeker, any_trade=any_trade)),
            "any_trade": any_trade,
            "applications": list(selectors.my_applications(actor=request.user)[:50]),
            "placements": seeker.placements.select_related("region").order_by("-id"),
        },
    )


def _places(user) -> list[tuple[str, str]]:
    """The places a worker may look in: their union's city and its counties."""
    from gonghui.members.models import Membership
    from gonghui.orgs.models import Region

    membership = (
        Membership.objects.filter(person__user=user)
        .select_related("union__region")
        .order_by("-id")
        .first()
    )
    code = membership.union.region_id if membership and membership.union.region_id else ""
    if not code:
        return [("", _("where my union is"))]
    city = selectors.region_prefix(code)[:4]
    rows = Region.objects.filter(code__startswith=city).order_by("code")
    return [(r.code, r.name) for r in rows]


def _register_page(request, form, status=200):
    return render(request, "employment/register.html", {"form": form}, status=status)


@require_POST
@login_required
def my_register(request):
    form = SelfRegisterForm(request.POST, places=_places(request.user))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.seeker_register_self(
                actor=request.user,
                group=data["group"],
                trades=data["trades"],
                region_code=data["region_code"],
                phone=data["phone"],
                consented=data["consented"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("You are registered as a job seeker."))
            return redirect("employment-mine")
    return _register_page(request, form, status=400)


def _my_post_page(request, post_id: int, form=None, status=200):
    seeker, post = selectors.post_for_seeker(actor=request.user, post_id=post_id)
    applications = [
        a for a in selectors.my_applications(actor=request.user) if a.post_id == post.pk
    ]
    standing = next((a for a in applications if a.status != ApplicationStatus.WITHDRAWN), None)
    return render(
        request,
        "employment/my_post.html",
        {
            "post": post,
            "seeker": seeker,
            "standing": standing,
            "form": form or ApplyForm(),
        },
        status=status,
    )


@login_required
def my_post(request, post_id: int):
    return _my_post_page(request, post_id)


@require_POST
@login_required
def my_apply(request, post_id: int):
    form = ApplyForm(request.POST)
    if form.is_valid():
        try:
            services.application_apply(
                actor=request.user, post_id=post_id, consented=form.cleaned_data["consented"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, _("You applied. Your union tells the employer and shows you each step.")
            )
            return redirect("employment-mine")
    return _my_post_page(request, post_id, form=form, status=400)


@require_POST
@login_required
def my_withdraw(request, application_id: int):
    try:
        services.application_withdraw(actor=request.user, application_id=application_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect("employment-mine")


@require_POST
@login_required
def my_consent(request, seeker_id: int):
    try:
        services.seeker_consent(
            actor=request.user,
            seeker_id=seeker_id,
            consented=request.POST.get("consented") == "yes",
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("employment-mine")


# ---- applications, as the union's cadre or the fair's organizer follows them -----------------


@staff_required
def application_list(request):
    return APPLICATIONS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Job applications"),
            "filters": [
                _f("q", _("Search: name, post or employer")),
                _f("status", _("Status"), "select", ApplicationStatus.choices),
                *_period_filters(),
            ],
            "hidden": ["post_id", "seeker_id"],
            "empty": _("No application matches. Clear the search or the filters."),
        },
    )


def _application_page(request, application, form=None, status=200):
    can_write = path_visible(
        request.user, application.seeker.union.path, write=True
    ) or path_visible(request.user, application.post.union.path, write=True)
    steps = application.next_steps
    return render(
        request,
        "employment/application.html",
        {
            "a": application,
            "can_write": can_write and bool(steps),
            "form": form or AdvanceForm(steps=steps, initial={"placed_on": timezone.localdate()}),
        },
        status=status,
    )


@staff_required
def application_detail(request, application_id: int):
    return _application_page(
        request, selectors.application_get(actor=request.user, application_id=application_id)
    )


@require_POST
@staff_required
def application_advance(request, application_id: int):
    application = selectors.application_get(
        actor=request.user, application_id=application_id, write=True
    )
    steps = application.next_steps
    form = AdvanceForm(request.POST, steps=steps)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.application_advance(
                actor=request.user,
                application_id=application.pk,
                status=data["status"],
                note=data["note"],
                placed_on=data["placed_on"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The application's status is saved."))
            return redirect("employment-application", application_id=application.pk)
    return _application_page(request, application, form=form, status=400)


# ---- the employment fund ----------------------------------------------------------------------


@staff_required
def fund_page(request):
    """The fund of the actor's own union (or of ?union_id=): its balance, its allotments
    and payments as lists that filter, sort and export."""
    union_id = request.GET.get("union_id")
    balance = None
    if union_id and union_id.isdigit():
        balance = selectors.fund_balance(actor=request.user, union_id=int(union_id))
    return FUND_PAYMENTS.respond(
        request,
        "employment/fund.html",
        {
            "heading": _("Employment fund: payments"),
            "balance": balance,
            "allotments": selectors.fund_allotment_list(actor=request.user)[:20],
            "filters": [
                _f("q", _("Search: memo or union")),
                _f("use", _("Paid for"), "select", FundUse.choices),
                *_period_filters(),
            ],
            "hidden": ["under_id", "union_id"],
            "can_write": _can_write(request),
            "empty": _("No fund payment matches. Clear the search or the filters."),
        },
    )


@staff_required
def fund_allotment_list(request):
    return FUND_ALLOTMENTS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Employment fund: allotments"),
            "filters": [_f("q", _("Search: memo or union")), *_period_filters()],
            "hidden": ["under_id"],
            "new_url": reverse("employment-fund-allot") if _can_write(request) else "",
            "new_label": _("Allot to the employment fund"),
            "empty": _("No allotment matches. Clear the search or the filters."),
        },
    )


def _fund_form_page(request, form, title, status):
    return render(
        request,
        "employment/form.html",
        {
            "form": form,
            "title": title,
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=status,
    )


@staff_required
def fund_allot(request):
    form = FundAllotForm(
        request.POST or None,
        initial={"allotted_on": timezone.localdate(), "request_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        union = _union(request, form)
        if union is not None:
            data = form.cleaned_data
            try:
                services.fund_allot(
                    actor=request.user,
                    union_id=union.pk,
                    amount=_fen(form, "amount") or 0,
                    allotted_on=data["allotted_on"],
                    memo=data["memo"],
                    request_key=data["request_key"],
                )
            except ServiceError as exc:
                if not form.errors:
                    add_service_error(form, exc)
            else:
                messages.success(request, _("The allotment is recorded on the ledger."))
                return redirect(f"{reverse('employment-fund')}?union_id={union.pk}")
    return _fund_form_page(
        request, form, _("Allot to the employment fund"), 400 if request.method == "POST" else 200
    )


@staff_required
def fund_pay(request):
    form = FundPayForm(
        request.POST or None,
        initial={"paid_on": timezone.localdate(), "request_key": uuid.uuid4().hex},
    )
    if request.method == "POST" and form.is_valid():
        union = _union(request, form)
        to_org = None
        if form.cleaned_data["to_org"]:
            to_org = _union(request, form, "to_org")
        if union is not None and (to_org is not None or not form.cleaned_data["to_org"]):
            data = form.cleaned_data
            try:
                services.fund_pay(
                    actor=request.user,
                    union_id=union.pk,
                    use=data["use"],
                    amount=_fen(form, "amount") or 0,
                    paid_on=data["paid_on"],
                    memo=data["memo"],
                    request_key=data["request_key"],
                    seeker_id=data["seeker"],
                    session_id=data["session"],
                    to_id=to_org.pk if to_org else None,
                )
            except ServiceError as exc:
                if not form.errors:
                    add_service_error(form, exc)
            else:
                messages.success(request, _("The payment is recorded on the ledger."))
                return redirect(f"{reverse('employment-fund')}?union_id={union.pk}")
    return _fund_form_page(
        request, form, _("Pay from the employment fund"), 400 if request.method == "POST" else 200
    )


# ---- matchings and training ------------------------------------------------------------------


@staff_required
def matching_list(request):
    return MATCHINGS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Employment matchings"),
            "filters": [
                _f("q", _("Search: name or who took part")),
                _f("kind", _("Kind"), "select", MatchingKind.choices),
                *_period_filters(),
            ],
            "hidden": ["under_id"],
            "new_url": reverse("employment-matching-new") if _can_write(request) else "",
            "new_label": _("Enter a matching"),
            "empty": _("No matching matches. Clear the search or the filters."),
        },
    )


def _create_page(request, form, title, create, done, redirect_to):
    if request.method == "POST" and form.is_valid():
        union = _union(request, form)
        if union is not None:
            data = {k: v for k, v in form.cleaned_data.items() if k != "union"}
            try:
                obj = create(actor=request.user, union_id=union.pk, **data)
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, done)
                return redirect_to(obj)
    return render(
        request,
        "employment/form.html",
        {"form": form, "title": title, "unions": org_suggestions(actor=request.user, write=True)},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def matching_new(request):
    return _create_page(
        request,
        MatchingForm(request.POST or None, initial={"held_on": timezone.localdate()}),
        _("New employment matching"),
        services.matching_create,
        _("The matching is entered."),
        lambda m: redirect("employment-matchings"),
    )


@staff_required
def training_list(request):
    return TRAININGS.respond(
        request,
        "employment/list.html",
        {
            "heading": _("Employment training"),
            "filters": [
                _f("q", _("Search: name or ordering enterprise")),
                _f("kind", _("Kind"), "select", TrainingKind.choices),
                *_period_filters(),
            ],
            "hidden": ["under_id"],
            "new_url": reverse("employment-training-new") if _can_write(request) else "",
            "new_label": _("Enter a training session"),
            "empty": _("No training session matches. Clear the search or the filters."),
        },
    )


@staff_required
def training_new(request):
    today = timezone.localdate()
    return _create_page(
        request,
        TrainingForm(request.POST or None, initial={"starts_on": today, "ends_on": today}),
        _("New training session"),
        services.training_create,
        _("The training session is entered."),
        lambda t: redirect("employment-training", session_id=t.pk),
    )


def _training_page(request, session, form=None, status=200):
    return render(
        request,
        "employment/training.html",
        {
            "t": session,
            "trainees": session.trainees.all(),
            "can_write": path_visible(request.user, session.union.path, write=True),
            "form": form or TraineeForm(),
        },
        status=status,
    )


@staff_required
def training_detail(request, session_id: int):
    return _training_page(
        request, selectors.training_get(actor=request.user, session_id=session_id)
    )


@require_POST
@staff_required
def trainee_add(request, session_id: int):
    session = selectors.training_get(actor=request.user, session_id=session_id)
    form = TraineeForm(request.POST)
    if form.is_valid():
        try:
            services.trainee_add(actor=request.user, session_id=session.pk, **form.cleaned_data)
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The trainee is entered."))
            return redirect("employment-training", session_id=session.pk)
    return _training_page(request, session, form, status=400)
