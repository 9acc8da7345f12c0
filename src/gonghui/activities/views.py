"""Pages for reporting meetings, reading them, and writing the round-up."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.core.scoping import path_visible
from gonghui.orgs.selectors import org_by_reference, org_suggestions

from . import roundup, selectors, services
from .forms import ActivityForm, PhotoForm, PointFormSet, RoundUpForm
from .lists import ACTIVITIES
from .models import Kind, Lead

BLANK_POINT_ROWS = 3


@staff_required
def activity_list(request):
    return ACTIVITIES.respond(
        request,
        "activities/list.html",
        {
            "kinds": Kind.choices,
            "can_report": bool(request.user.writable_paths()),
            "empty": _("No meeting matches. Clear the search or the filters."),
        },
    )


def _point_rows(points: list[dict]) -> list[dict]:
    return [*points, *({"lead": Lead.STRESSED, "text": ""} for _ in range(BLANK_POINT_ROWS))]


FORM_FIELDS = ("held_on", "kind", "title", "title_en", "topic", "topic_en", "attendance")


def _save_activity(request, form, formset, activity=None):
    """Run the service for a valid form; errors go back onto the form. Returns the record."""
    union = org_by_reference(actor=request.user, ref=form.cleaned_data["union"], write=True)
    if union is None:
        form.add_error(
            "union", _("No organization with this name, credit code or number in your subtree.")
        )
        return None
    rows = [f for f in formset if (f.cleaned_data or {}).get("text", "").strip()]
    fields = {
        "union_id": union.pk,
        "points": [f.cleaned_data for f in rows],
        **{k: form.cleaned_data[k] for k in FORM_FIELDS},
    }
    try:
        if activity is None:
            return services.activity_create(actor=request.user, **fields)
        return services.activity_update(actor=request.user, activity_id=activity.pk, **fields)
    except ServiceError as exc:
        field = next(iter(exc.fields), "")
        if field.startswith("points."):  # "points.2.text": the third row that has text
            index, _dot, name = field.removeprefix("points.").partition(".")
            row = rows[int(index)] if index.isdigit() and int(index) < len(rows) else None
            if row is not None:
                row.add_error(name if name in row.fields else None, exc.message)
                return None
        add_service_error(form, exc)
        return None


def _activity_form_page(request, activity=None):
    if request.method == "POST":
        form = ActivityForm(request.POST)
        formset = PointFormSet(request.POST, prefix="points")
        if form.is_valid() and formset.is_valid():
            saved = _save_activity(request, form, formset, activity)
            if saved is not None:
                messages.success(
                    request, _("The meeting is reported.") if activity is None else _("Saved.")
                )
                return redirect("activity-detail", activity_id=saved.pk)
    else:
        if activity is None:
            own = org_suggestions(actor=request.user, write=True).first()
            initial = {"union": own.name if own else "", "held_on": timezone.localdate()}
            points = []
        else:
            initial = {
                "union": activity.union.name,
                "held_on": activity.held_on,
                "kind": activity.kind,
                "title": activity.title,
                "topic": activity.topic,
                "title_en": activity.title_en,
                "topic_en": activity.topic_en,
                "attendance": activity.attendance,
            }
            points = activity.points
        form = ActivityForm(initial=initial)
        formset = PointFormSet(initial=_point_rows(points), prefix="points")
    return render(
        request,
        "activities/form.html",
        {
            "form": form,
            "formset": formset,
            "activity": activity,
            "unions": org_suggestions(actor=request.user, write=True),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def activity_new(request):
    return _activity_form_page(request)


@login_required
def activity_edit(request, activity_id: int):
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id, write=True)
    return _activity_form_page(request, activity)


def _detail_page(request, activity, photo_form=None, status: int = 200):
    paragraph = roundup.compose(
        activity.union, [activity], date_from=activity.held_on, date_to=activity.held_on
    ).paragraphs[0]
    return render(
        request,
        "activities/detail.html",
        {
            "a": activity,
            "paragraph": paragraph,
            "can_write": path_visible(request.user, activity.union.path, write=True),
            "photos": activity.photos.all(),
            "photo_form": photo_form or PhotoForm(),
            "points": [(Lead(p["lead"]).label, p["text"]) for p in activity.points],
        },
        status=status,
    )


def _refused(request, activity, exc: ServiceError, photo_form=None):
    """The detail page again, with the refusal where the reader looks (400)."""
    photo_form = photo_form or PhotoForm()
    add_service_error(photo_form, exc)
    return _detail_page(request, activity, photo_form, status=400)


@login_required
def activity_detail(request, activity_id: int):
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    return _detail_page(request, activity)


@require_POST
@login_required
def photo_add(request, activity_id: int):
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    form = PhotoForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail_page(request, activity, form, status=400)
    try:
        services.photo_add(
            actor=request.user,
            activity_id=activity.pk,
            upload=form.cleaned_data["file"],
            caption=form.cleaned_data["caption"],
        )
    except ServiceError as exc:
        return _refused(request, activity, exc, form)
    messages.success(request, _("The photo is added."))
    return redirect("activity-detail", activity_id=activity.pk)


@require_POST
@login_required
def photo_remove(request, activity_id: int, photo_id: int):
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    try:
        services.photo_delete(actor=request.user, activity_id=activity.pk, photo_id=photo_id)
    except ServiceError as exc:
        return _refused(request, activity, exc)
    messages.success(request, _("The photo is removed."))
    return redirect("activity-detail", activity_id=activity.pk)


@require_POST
@login_required
def activity_withdraw(request, activity_id: int):
    activity = selectors.activity_get(actor=request.user, activity_id=activity_id)
    try:
        services.activity_delete(actor=request.user, activity_id=activity.pk)
    except ServiceError as exc:
        return _refused(request, activity, exc)
    messages.success(request, _("The report is withdrawn."))
    return redirect("activity-list")


@login_required
def activity_photo(request, activity_id: int, photo_id: int):
    photo = selectors.photo_get(actor=request.user, activity_id=activity_id, photo_id=photo_id)
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    return response


@staff_required
def roundup_page(request):
    """Choose a federation and a period; read the round-up, or download it as Word."""
    form = RoundUpForm(request.GET or None)
    result = None
    status = 200
    if request.GET and form.is_valid():
        data = form.cleaned_data
        parent = org_by_reference(actor=request.user, ref=data["org"])
        if parent is None:
            form.add_error(
                "org", _("No organization with this name, credit code or number in your subtree.")
            )
        else:
            try:
                parent, activities = selectors.roundup_activities(
                    actor=request.user,
                    parent_id=parent.pk,
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    levels=data["levels"],
                    include_own=data["include_own"],
                    kinds=data["kinds"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                result = roundup.compose(
                    parent,
                    activities,
                    date_from=data["date_from"],
                    date_to=data["date_to"],
                    lang=data["lang"],
                    title=data["title"],
                    theme=data["theme"],
                )
                if request.GET.get("format") == "docx":
                    response = HttpResponse(
                        roundup.to_docx(result),
                        content_type="application/vnd.openxmlformats-"
                        "officedocument.wordprocessingml.document",
                    )
                    response["Content-Disposition"] = (
                        f'attachment; filename="roundup-{parent.pk}-{data["date_from"]:%Y%m%d}-'
                        f'{data["date_to"]:%Y%m%d}-{data["lang"]}.docx"'
                    )
                    return response
    if request.GET and result is None:
        status = 400
    return render(
        request,
        "activities/roundup.html",
        {
            "form": form,
            "result": result,
            "querystring": request.GET.urlencode(),
            "unions": org_suggestions(actor=request.user),
        },
        status=status,
    )
