"""Pages: the member's cover and claims (phone first), and the plan federation's plans,
enrolment and claim review. One view per action; each form posts to its own address."""

import io
import uuid
from datetime import date

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.money import parse_yuan, yuan
from gonghui.core.scoping import path_visible
from gonghui.members.selectors import member_list
from gonghui.orgs.models import FEDERATION_KINDS
from gonghui.orgs.selectors import org_suggestions

from . import selectors, services
from .lists import (
    CARE_VISITS,
    CLAIMS,
    ENROLMENTS,
    HEALTH_PROGRAMS,
    PLANS,
    REST_PROGRAMS,
    SCREENINGS,
    SELECTIONS,
    TALKS,
    TRIPS,
)
from .models import (
    ClaimStatus,
    CoverKind,
    Priority,
    ProgramKind,
    ScreeningStatus,
    TalkKind,
)

# ---- the member's pages ------------------------------------------------------------------


@require_safe
@login_required
def mine(request):
    return render(
        request,
        "welfare/mine.html",
        {
            "enrolments": selectors.my_enrolments(actor=request.user),
            "claims": selectors.my_claims(actor=request.user),
            "screenings": selectors.my_screenings(actor=request.user),
            "rest": selectors.my_rest(actor=request.user),
            "sessions": selectors.my_sessions(actor=request.user),
        },
    )


def _date(value: str) -> date | None:
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@login_required
def claim_new(request):
    """The member's claim form: kind, day, bills, illness, photos of the documents. The
    form carries a key made when it is shown, so a double tap files one claim."""
    errors: dict[str, str] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            incurred_on = _date(request.POST.get("incurred_on", ""))
            if incurred_on is None:
                raise ServiceError(_("Enter a date."), field="incurred_on")
            claim, _replayed = services.claim_submit(
                actor=request.user,
                kind=request.POST.get("kind", ""),
                incurred_on=incurred_on,
                bills=parse_yuan(request.POST.get("bills"), field="bills"),
                illness=request.POST.get("illness", ""),
                idempotency_key=request.POST.get("key", ""),
                documents=request.FILES.getlist("documents"),
            )
        except ServiceError as exc:
            errors = {f: m[0] for f, m in exc.fields.items()} or {"form": str(exc.message)}
        else:
            messages.success(
                request, _("Your claim is filed. You can follow it here: the union reviews it.")
            )
            return redirect("welfare-my-claim", claim_id=claim.pk)
    return render(
        request,
        "welfare/claim_new.html",
        {
            "kinds": CoverKind.choices,
            "errors": errors,
            "values": values,
            "key": values.get("key") or uuid.uuid4().hex,
            "enrolments": selectors.my_enrolments(actor=request.user),
        },
        status=400 if errors else 200,
    )


@require_safe
@login_required
def my_claim(request, claim_id: int):
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id, own=True)
    return render(request, "welfare/my_claim.html", {"claim": claim})


@require_safe
@login_required
def document(request, document_id: int):
    doc, content = services.document_open(actor=request.user, document_id=document_id)
    return FileResponse(
        io.BytesIO(content), as_attachment=True, filename=doc.name, content_type=doc.content_type
    )


# ---- the staff's pages -----------------------------------------------------------------


@staff_required
def plan_list(request):
    return PLANS.respond(
        request,
        "welfare/plans.html",
        {
            "empty": _("No plan matches. Clear the search or the filters."),
            "may_create": any(
                o.kind in FEDERATION_KINDS for o in org_suggestions(actor=request.user, write=True)
            ),
        },
    )


@staff_required
def plan_detail(request, plan_id: int):
    plan = selectors.plan_get(actor=request.user, plan_id=plan_id)
    return render(
        request,
        "welfare/plan.html",
        {
            "plan": plan,
            "covers": plan.covers.all(),
            "totals": selectors.plan_totals(plan, request.user),
            "fund_left": services.fund_left(plan),
            "unions": org_suggestions(actor=request.user, write=True),
            "runs_it": path_visible(request.user, plan.owner.path, write=True),
        },
    )


@require_POST
@staff_required
def plan_enrol(request, plan_id: int):
    try:
        union_id = int(request.POST.get("union_id", ""))
    except ValueError:
        messages.error(request, _("Choose the union whose members are enrolled."))
        return redirect("welfare-plan", plan_id=plan_id)
    try:
        counts = services.enrol_union(actor=request.user, plan_id=plan_id, union_id=union_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("%(n)s members enrolled, %(free)s of them gig workers covered free.")
            % {
                "n": counts["enrolled"],
                "free": counts["free"],
            },
        )
    return redirect("welfare-plan", plan_id=plan_id)


@staff_required
def enrolment_list(request):
    return ENROLMENTS.respond(
        request,
        "welfare/enrolments.html",
        {"empty": _("No member is enrolled yet: enrol a union's members on a plan's page.")},
    )


@staff_required
def claim_list(request):
    return CLAIMS.respond(
        request,
        "welfare/claims.html",
        {
            "kinds": CoverKind.choices,
            "statuses": ClaimStatus.choices,
            "empty": _("No claim matches. Clear the search or the filters."),
        },
    )


@staff_required
def claim_detail(request, claim_id: int):
    claim = selectors.claim_get(actor=request.user, claim_id=claim_id)
    runs_it = path_visible(request.user, claim.enrolment.plan.owner.path, write=True)
    return render(
        request,
        "welfare/claim.html",
        {
            "claim": claim,
            "may_review": runs_it
            and claim.status == ClaimStatus.SUBMITTED
            and claim.submitted_by_id != request.user.pk,
            "may_pay": runs_it
            and claim.status == ClaimStatus.APPROVED
            and claim.reviewer_id != request.user.pk,
            "payout_now": yuan(services.payout_for(claim))
            if claim.status == ClaimStatus.SUBMITTED
            else None,
            "illness": request.session.pop(f"welfare-illness-{claim.pk}", None),
        },
    )


def _act(request, claim_id: int, action, done: str):
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("welfare-claim", claim_id=claim_id)


@require_POST
@staff_required
def claim_approve(request, claim_id: int):
    return _act(
        request,
        claim_id,
        lambda: services.claim_approve(actor=request.user, claim_id=claim_id),
        _("Approved: the payout waits for another person to pay it."),
    )


@require_POST
@staff_required
def claim_reject(request, claim_id: int):
    return _act(
        request,
        claim_id,
        lambda: services.claim_reject(
            actor=request.user, claim_id=claim_id, reason=request.POST.get("reason", "")
        ),
        _("Turned down: the member sees the reason."),
    )


@require_POST
@staff_required
def claim_pay(request, claim_id: int):
    return _act(
        request,
        claim_id,
        lambda: services.claim_pay(actor=request.user, claim_id=claim_id),
        _("Paid out of the plan's fund."),
    )


@require_POST
@staff_required
def claim_illness(request, claim_id: int):
    """Shows the illness once, on the next page view; the read is logged."""
    text = services.claim_illness(
        actor=request.user, claim_id=claim_id, purpose=request.POST.get("purpose", "")
    )
    request.session[f"welfare-illness-{claim_id}"] = text
    return redirect("welfare-claim", claim_id=claim_id)


# ---- shared helpers of the program pages -------------------------------------------------


def _posted_int(request, name: str, message: str) -> int:
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        raise ServiceError(message, field=name) from None


def _posted_date(request, name: str) -> date:
    value = _date(request.POST.get(name, ""))
    if value is None:
        raise ServiceError(_("Enter a date."), field=name)
    return value


def _person_id(request, name: str = "member") -> int:
    """The one member an ID number, phone or member number names, among those the user
    sees (found by keyed hash, never by decrypting)."""
    value = request.POST.get(name, "").strip()
    ids = set(
        member_list(actor=request.user, q=value).values_list("person_id", flat=True)[:2]
        if value
        else []
    )
    if len(ids) != 1:
        raise ServiceError(
            _("Enter the member's ID number, phone or member number (one member of your unions)."),
            field=name,
        )
    return ids.pop()


def _done(request, action, done: str, to: str, **kwargs):
    """Run a service; its refusal becomes a message, and nothing changed."""
    try:
        action()
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect(to, **kwargs)


# ---- a new mutual-insurance plan ---------------------------------------------------------


@staff_required
def plan_new(request):
    """A federation creates a year's plan with its cover rules, one row per kind."""
    errors: dict[str, str] = {}
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        try:
            covers = []
            for kind, _label in CoverKind.choices:
                if not request.POST.get(f"{kind}-on"):
                    continue
                ratio = request.POST.get(f"{kind}-ratio", "").strip()
                if not ratio.isdigit():
                    raise ServiceError(
                        _("Enter the ratio paid as a whole number from 1 to 100."),
                        field=f"{kind}-ratio",
                    )
                covers.append(
                    {
                        "kind": kind,
                        "deductible": parse_yuan(
                            request.POST.get(f"{kind}-deductible") or "0",
                            field=f"{kind}-deductible",
                        ),
                        "ratio_percent": int(ratio),
                        "cap_per_year": parse_yuan(
                            request.POST.get(f"{kind}-cap"), field=f"{kind}-cap"
                        ),
                    }
                )
            year = request.POST.get("year", "").strip()
            plan = services.plan_create(
                actor=request.user,
                owner_id=_posted_int(request, "owner_id", _("Choose the federation.")),
                year=int(year) if year.isdigit() else -1,
                name=request.POST.get("name", ""),
                premium=parse_yuan(request.POST.get("premium"), field="premium"),
                covers=covers,
                free_for_gig=bool(request.POST.get("free_for_gig")),
            )
        except ServiceError as exc:
            errors = {f: m[0] for f, m in exc.fields.items()} or {"form": str(exc.message)}
        else:
            messages.success(request, _("The plan is set up: enrol the unions' members now."))
            return redirect("welfare-plan", plan_id=plan.pk)
    return render(
        request,
        "welfare/plan_new.html",
        {
            "kinds": CoverKind.choices,
            "errors": errors,
            "values": values,
            "owners": _federations_written(request),
        },
        status=400 if errors else 200,
    )


# ---- health programs -------------------------------------------------------------------


def _federations_written(request) -> list:
    """The federations the user writes at: who may own a program."""
    return [
        o for o in org_suggestions(actor=request.user, write=True) if o.kind in FEDERATION_KINDS
    ]


@staff_required
def health_program_list(request):
    return HEALTH_PROGRAMS.respond(
        request,
        "welfare/health_programs.html",
        {
            "kinds": ProgramKind.choices,
            "owners": _federations_written(request),
            "empty": _("No program matches. Clear the search or the filters."),
        },
    )


@staff_required  # a member gets 404 before the method is checked
@require_POST
def health_program_create(request):
    try:
        year = request.POST.get("year", "").strip()
        places = request.POST.get("places", "").strip()
        program = services.health_program_create(
            actor=request.user,
            owner_id=_posted_int(request, "owner_id", _("Choose the federation.")),
            year=int(year) if year.isdigit() else -1,
            kind=request.POST.get("kind", ""),
            name=request.POST.get("name", ""),
            places=int(places) if places.isdigit() else -1,
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("welfare-health-programs")
    messages.success(request, _("The program is set up: book the members' appointments."))
    return redirect("welfare-health-program", program_id=program.pk)


@staff_required
def health_program_detail(request, program_id: int):
    program = selectors.health_program_get(actor=request.user, program_id=program_id)
    return render(
        request,
        "welfare/health_program.html",
        {
            "program": program,
            "booked": program.screenings.count(),
            "may_book": bool(request.user.writing_org_ids()),
        },
    )


@require_POST
@staff_required
def screening_book(request, program_id: int):
    def act():
        services.screening_book(
            actor=request.user,
            program_id=program_id,
            person_id=_person_id(request),
            appointment_on=_posted_date(request, "appointment_on"),
            place=request.POST.get("place", ""),
        )

    return _done(
        request,
        act,
        _("The appointment is booked."),
        "welfare-health-program",
        program_id=program_id,
    )


@staff_required
def screening_list(request):
    return SCREENINGS.respond(
        request,
        "welfare/screenings.html",
        {
            "statuses": ScreeningStatus.choices,
            "empty": _("No appointment matches. Clear the search or the filters."),
        },
    )


@staff_required
def screening_detail(request, screening_id: int):
    screening = selectors.screening_get(actor=request.user, screening_id=screening_id)
    return render(
        request,
        "welfare/screening.html",
        {
            "screening": screening,
            "may_record": screening.status == ScreeningStatus.BOOKED
            and path_visible(request.user, screening.union.path, write=True),
            "result": request.session.pop(f"welfare-result-{screening.pk}", None),
        },
    )


@require_POST
@staff_required
def screening_record(request, screening_id: int):
    def act():
        missed = bool(request.POST.get("missed"))
        services.screening_result(
            actor=request.user,
            screening_id=screening_id,
            screened_on=None if missed else _posted_date(request, "screened_on"),
            result=request.POST.get("result", ""),
            follow_up=bool(request.POST.get("follow_up")),
            missed=missed,
        )

    return _done(
        request, act, _("The result is recorded."), "welfare-screening", screening_id=screening_id
    )


@require_POST
@staff_required
def screening_result(request, screening_id: int):
    """Shows the result once, on the next page view; the read is logged."""
    try:
        text = services.screening_result_read(
            actor=request.user, screening_id=screening_id, purpose=request.POST.get("purpose", "")
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        request.session[f"welfare-result-{screening_id}"] = text
    return redirect("welfare-screening", screening_id=screening_id)


@staff_required
def care_visit_list(request):
    return CARE_VISITS.respond(
        request,
        "welfare/care_visits.html",
        {
            "unions": org_suggestions(actor=request.user, write=True),
            "empty": _("No visit matches. Clear the search or the filters."),
        },
    )


@staff_required  # a member gets 404 before the method is checked
@require_POST
def care_visit_create(request):
    def act():
        services.care_visit_record(
            actor=request.user,
            union_id=_posted_int(request, "union_id", _("Choose the visiting union.")),
            person_id=_person_id(request),
            visited_on=_posted_date(request, "visited_on"),
            illness=request.POST.get("illness", ""),
            amount=parse_yuan(request.POST.get("amount"), field="amount"),
        )

    return _done(
        request,
        act,
        _("The visit is recorded and the money paid from the union's funds."),
        "welfare-care-visits",
    )


# ---- mental health ---------------------------------------------------------------------


@staff_required
def talk_list(request):
    return TALKS.respond(
        request,
        "welfare/talks.html",
        {
            "kinds": TalkKind.choices,
            "unions": org_suggestions(actor=request.user, write=True),
            "counsellors": selectors.counsellor_list(actor=request.user)[:50],
            "empty": _("No lecture matches. Clear the search or the filters."),
        },
    )


@staff_required  # a member gets 404 before the method is checked
@require_POST
def talk_create(request):
    def act():
        attendance = request.POST.get("attendance", "").strip()
        services.talk_record(
            actor=request.user,
            union_id=_posted_int(request, "union_id", _("Choose the union.")),
            kind=request.POST.get("kind", ""),
            title=request.POST.get("title", ""),
            held_on=_posted_date(request, "held_on"),
            attendance=int(attendance) if attendance.isdigit() else -1,
        )

    return _done(request, act, _("The lecture is recorded."), "welfare-talks")


@staff_required  # a member gets 404 before the method is checked
@require_POST
def counsellor_create(request):
    def act():
        from gonghui.accounts.models import User

        user = User.objects.filter(username=request.POST.get("username", "").strip()).first()
        if user is None:
            raise ServiceError(_("Enter the counsellor's user name."), field="username")
        services.counsellor_name(
            actor=request.user,
            union_id=_posted_int(request, "union_id", _("Choose the union.")),
            user_id=user.pk,
        )

    return _done(request, act, _("The counsellor is named."), "welfare-talks")


@require_safe
@login_required
def counselling(request):
    """The counsellor's own sessions (a counsellor need not be staff)."""
    return render(
        request,
        "welfare/counselling.html",
        {"sessions": selectors.counselling_sessions(actor=request.user)},
    )


@require_safe
@login_required
def counselling_session(request, session_id: int):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    if session.counsellor.user_id != request.user.pk:
        raise Http404
    return render(
        request,
        "welfare/counselling_session.html",
        {"session": session, "topic": services.session_topic(actor=request.user, session=session)},
    )


@require_POST
@login_required
def counselling_held(request, session_id: int):
    def act():
        services.session_held(
            actor=request.user, session_id=session_id, held_on=_posted_date(request, "held_on")
        )

    return _done(
        request, act, _("Marked as held."), "welfare-counselling-session", session_id=session_id
    )


# ---- rest and recuperation -------------------------------------------------------------


@staff_required
def rest_program_list(request):
    return REST_PROGRAMS.respond(
        request,
        "welfare/rest_programs.html",
        {
            "owners": _federations_written(request),
            "empty": _("No program matches. Clear the search or the filters."),
        },
    )


@staff_required  # a member gets 404 before the method is checked
@require_POST
def rest_program_create(request):
    try:
        year = request.POST.get("year", "").strip()
        places = request.POST.get("places", "").strip()
        program = services.rest_program_create(
            actor=request.user,
            owner_id=_posted_int(request, "owner_id", _("Choose the federation.")),
            year=int(year) if year.isdigit() else -1,
            name=request.POST.get("name", ""),
            destination=request.POST.get("destination", ""),
            places=int(places) if places.isdigit() else -1,
            cost_per_place=parse_yuan(request.POST.get("cost_per_place"), field="cost_per_place"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
        return redirect("welfare-rest-programs")
    messages.success(request, _("The program is set up: give places to the unions."))
    return redirect("welfare-rest-program", program_id=program.pk)


@staff_required
def rest_program_detail(request, program_id: int):
    program = selectors.rest_program_get(actor=request.user, program_id=program_id)
    quotas = list(selectors.rest_quotas(actor=request.user, program=program))
    union_id = request.GET.get("union_id", "")
    quota = next((q for q in quotas if str(q.union_id) == union_id), None)
    candidates = []
    if quota is not None and path_visible(request.user, quota.union.path, write=True):
        candidates = list(
            member_list(actor=request.user, union_id=quota.union_id)
            .order_by("person__name_pinyin", "id")
            .select_related("person")[:300]
        )
    return render(
        request,
        "welfare/rest_program.html",
        {
            "program": program,
            "quotas": quotas,
            "given": sum(q.places for q in quotas),
            "runs_it": path_visible(request.user, program.owner.path, write=True),
            "unions": org_suggestions(actor=request.user, write=True),
            "quota": quota,
            "candidates": candidates,
            "waiting": selectors.selection_list(actor=request.user, program_id=program.pk)
            .filter(trip__isnull=True)
            .order_by("priority", "id")[:300],
        },
    )


@require_POST
@staff_required
def rest_quota_set(request, program_id: int):
    def act():
        places = request.POST.get("places", "").strip()
        services.rest_quota_set(
            actor=request.user,
            program_id=program_id,
            union_id=_posted_int(request, "union_id", _("Choose the union.")),
            places=int(places) if places.isdigit() else -1,
        )

    return _done(
        request, act, _("The places are given."), "welfare-rest-program", program_id=program_id
    )


@require_POST
@staff_required
def rest_select(request, program_id: int):
    """The checked members become candidates; those checked front-line rank before the
    others, model workers before all (services.rank)."""
    front = set(request.POST.getlist("front_line"))
    candidates = [
        {"person_id": int(p), "front_line": p in front}
        for p in request.POST.getlist("person_id")
        if p.isdigit()
    ]
    result: dict[str, int] = {}

    def act():
        result.update(
            services.rest_select(
                actor=request.user,
                program_id=program_id,
                union_id=_posted_int(request, "union_id", _("Choose the union.")),
                candidates=candidates,
            )
        )

    response = _done(request, act, "", "welfare-rest-program", program_id=program_id)
    if result:
        messages.info(
            request,
            _("%(n)s selected by the rule; %(w)s wait for a place.")
            % {"n": result["selected"], "w": result["waiting"]},
        )
    return response


@require_POST
@staff_required
def rest_trip_create(request, program_id: int):
    def act():
        services.rest_trip_record(
            actor=request.user,
            program_id=program_id,
            union_id=_posted_int(request, "union_id", _("Choose the union.")),
            departs_on=_posted_date(request, "departs_on"),
            returns_on=_posted_date(request, "returns_on"),
            selection_ids=[int(i) for i in request.POST.getlist("selection_id") if i.isdigit()],
        )

    return _done(
        request,
        act,
        _("The trip is recorded and its cost paid from the union's funds."),
        "welfare-rest-program",
        program_id=program_id,
    )


@staff_required
def selection_list(request):
    return SELECTIONS.respond(
        request,
        "welfare/selections.html",
        {"priorities": Priority.choices, "empty": _("No selected worker matches.")},
    )


@staff_required
def trip_list(request):
    return TRIPS.respond(
        request, "welfare/trips.html", {"empty": _("No trip matches. Clear the filters.")}
    )


# ---- the member's program pages -----------------------------------------------------------


@require_safe
@login_required
def my_screening(request, screening_id: int):
    screening = selectors.screening_get(actor=request.user, screening_id=screening_id, own=True)
    return render(
        request,
        "welfare/my_screening.html",
        {
            "screening": screening,
            "result": request.session.pop(f"welfare-result-{screening_id}", None),
        },
    )


@require_POST
@login_required
def my_screening_result(request, screening_id: int):
    try:
        text = services.screening_result_read(
            actor=request.user,
            screening_id=screening_id,
            purpose=_("the member reads their own result"),
        )
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        request.session[f"welfare-result-{screening_id}"] = text
    return redirect("welfare-my-screening", screening_id=screening_id)


@login_required
def session_new(request):
    """A worker asks for a confidential session: only they and the counsellor see it."""
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            session = services.session_ask(actor=request.user, topic=request.POST.get("topic", ""))
        except ServiceError as exc:
            errors = {f: m[0] for f, m in exc.fields.items()} or {"form": str(exc.message)}
        else:
            messages.success(request, _("Your request is sent to the counsellor only."))
            return redirect("welfare-my-session", session_id=session.pk)
    return render(
        request,
        "welfare/session_new.html",
        {"errors": errors, "values": request.POST if request.method == "POST" else {}},
        status=400 if errors else 200,
    )


@require_safe
@login_required
def my_session(request, session_id: int):
    session = selectors.session_get(actor=request.user, session_id=session_id)
    if session.person.user_id != request.user.pk:
        raise Http404
    return render(request, "welfare/my_session.html", {"session": session})
