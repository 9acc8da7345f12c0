"""Pages of notices, surveys and news items: one view per action."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gonghui.accounts.decorators import staff_required
from gonghui.accounts.models import WRITING_ROLES
from gonghui.core.errors import ServiceError
from gonghui.core.forms import add_service_error
from gonghui.orgs.models import FEDERATION_KINDS, Organization
from gonghui.stations import geo
from gonghui.stations.views import map_config

from . import selectors, services
from .forms import (
    AdoptForm,
    BaseForm,
    DeclineForm,
    EntryForm,
    ForwardForm,
    MessageForm,
    NewsForm,
    NoticeForm,
    PreferenceForm,
    QuestionFormSet,
    ReportForm,
    SurveyForm,
    WorksCampaignForm,
)
from .lists import BASES, DELIVERIES, MESSAGES, NEWS, NOTICES, SURVEYS, WORKS
from .models import (
    DeliveryState,
    MessageCategory,
    MessageStatus,
    NewsStatus,
    QuestionKind,
    SurveyStatus,
    WorksKind,
)
from .output import DIMENSION_TITLES, survey_workbook


def _acting_unions(user, federations: bool = False) -> list[Organization]:
    unions = [
        r.organization
        for r in user.active_roles
        if r.kind in WRITING_ROLES and (not federations or r.organization.kind in FEDERATION_KINDS)
    ]
    return sorted({u.pk: u for u in unions}.values(), key=lambda u: u.path)


def _download(file, name: str):
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=name or "file")


# ---- notices -------------------------------------------------------------------------


@staff_required
def notice_list(request):
    return NOTICES.respond(
        request,
        "communication/notice_list.html",
        {
            "can_send": bool(_acting_unions(request.user, federations=True)),
            "empty": _("No notice matches."),
        },
    )


@staff_required
def notice_new(request):
    unions = _acting_unions(request.user, federations=True)
    if not unions:
        raise Http404
    form = NoticeForm(request.POST or None, request.FILES or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_send(
                actor=request.user,
                union_id=int(data["union"]),
                title=data["title"],
                body=data["body"],
                levels=data["levels"],
                union_ids=data["union_ids"],
                report_required=data["report_required"],
                report_due=data["report_due"],
                attachment=data["attachment"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The notice is sent."))
            return redirect("notice-detail", notice_id=notice.pk)
    return render(
        request,
        "communication/notice_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def notice_detail(request, notice_id: int):
    notice = selectors.notice_get(actor=request.user, notice_id=notice_id)
    sent_here = notice.union.path.startswith(tuple(request.user.visible_paths()))
    return render(
        request,
        "communication/notice_detail.html",
        {
            "notice": notice,
            "chain": selectors.notice_chain(notice),
            "counts": selectors.notice_counts(notice) if sent_here else None,
            "states": DeliveryState.choices,
        },
    )


@staff_required
def notice_attachment(request, notice_id: int):
    notice = selectors.notice_get(actor=request.user, notice_id=notice_id)
    return _download(notice.attachment, notice.attachment_name)


@staff_required
def delivery_list(request):
    return DELIVERIES.respond(
        request,
        "communication/delivery_list.html",
        {"states": DeliveryState.choices, "empty": _("No notice received matches.")},
    )


def _delivery_page(request, delivery, report_form=None, forward_form=None, status=200):
    may_act = services.acts_for(request.user, delivery.union)
    return render(
        request,
        "communication/delivery_detail.html",
        {
            "d": delivery,
            "chain": selectors.notice_chain(delivery.notice),
            "may_act": may_act,
            "may_forward": may_act
            and delivery.union.kind in FEDERATION_KINDS
            and delivery.forwarded_as_id is None,
            "report_form": report_form or ReportForm(),
            "forward_form": forward_form or ForwardForm(),
        },
        status=status,
    )


@staff_required
def delivery_detail(request, delivery_id: int):
    delivery = selectors.delivery_get(actor=request.user, delivery_id=delivery_id)
    return _delivery_page(request, delivery)


@require_POST
@staff_required
def delivery_read(request, delivery_id: int):
    delivery = selectors.delivery_get(actor=request.user, delivery_id=delivery_id)
    try:
        services.notice_confirm_read(actor=request.user, delivery_id=delivery.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Reading confirmed."))
    return redirect("delivery-detail", delivery_id=delivery.pk)


@require_POST
@staff_required
def delivery_report(request, delivery_id: int):
    delivery = selectors.delivery_get(actor=request.user, delivery_id=delivery_id)
    form = ReportForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.notice_report(
                actor=request.user,
                delivery_id=delivery.pk,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The report is sent back."))
            return redirect("delivery-detail", delivery_id=delivery.pk)
    return _delivery_page(request, delivery, report_form=form, status=400)


@require_POST
@staff_required
def delivery_forward(request, delivery_id: int):
    delivery = selectors.delivery_get(actor=request.user, delivery_id=delivery_id)
    form = ForwardForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            notice = services.notice_forward(
                actor=request.user,
                delivery_id=delivery.pk,
                addition=data["addition"],
                levels=data["levels"],
                union_ids=data["union_ids"],
                report_required=data["report_required"],
                report_due=data["report_due"],
                attachment=data["attachment"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The notice is forwarded."))
            return redirect("notice-detail", notice_id=notice.pk)
    return _delivery_page(request, delivery, forward_form=form, status=400)


@staff_required
def delivery_file(request, delivery_id: int):
    delivery = selectors.delivery_get(actor=request.user, delivery_id=delivery_id)
    return _download(delivery.report_file, delivery.report_file_name)


# ---- surveys -------------------------------------------------------------------------


@staff_required
def survey_list(request):
    return SURVEYS.respond(
        request,
        "communication/survey_list.html",
        {
            "statuses": SurveyStatus.choices,
            "can_create": bool(_acting_unions(request.user, federations=True)),
            "empty": _("No survey matches."),
        },
    )


def _question_rows(formset) -> list[dict]:
    rows = []
    for f in formset:
        data = f.cleaned_data or {}
        if not (data.get("text") or "").strip():
            continue
        rows.append(
            {
                "kind": data["kind"],
                "text": data["text"],
                "choices": [c for c in (data.get("choices") or "").splitlines() if c.strip()],
                "scale_max": data.get("scale_max") or 5,
            }
        )
    return rows


@staff_required
def survey_new(request):
    unions = _acting_unions(request.user, federations=True)
    if not unions:
        raise Http404
    form = SurveyForm(request.POST or None, unions=unions)
    formset = QuestionFormSet(request.POST or None, prefix="q")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        data = form.cleaned_data
        try:
            survey = services.survey_create(
                actor=request.user,
                union_id=int(data["union"]),
                title=data["title"],
                intro=data["intro"],
                anonymous=data["anonymous"],
                questions=_question_rows(formset),
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The survey is drafted. Open it to take answers."))
            return redirect("survey-detail", survey_id=survey.pk)
    return render(
        request,
        "communication/survey_form.html",
        {"form": form, "formset": formset},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def survey_detail(request, survey_id: int):
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    total, results = selectors.survey_results(survey=survey)
    questions = [q for q in survey.questions.all() if q.kind != QuestionKind.TEXT]
    crosstab = None
    dimension = request.GET.get("dimension", "")
    question_id = request.GET.get("question", "")
    if dimension in selectors.DIMENSIONS and question_id.isdigit():
        crosstab = selectors.survey_crosstab(
            survey=survey, question_id=int(question_id), dimension=dimension
        )
    return render(
        request,
        "communication/survey_detail.html",
        {
            "survey": survey,
            "total": total,
            "results": results,
            "questions": questions,
            "dimensions": list(DIMENSION_TITLES.items()),
            "dimension": dimension,
            "question_id": question_id,
            "crosstab": crosstab,
            "min_group": selectors.MIN_GROUP,
            "may_act": services.acts_for(request.user, survey.union),
        },
    )


@staff_required
def survey_export(request, survey_id: int):
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    response = HttpResponse(
        survey_workbook(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


def _survey_action(request, survey_id: int, action, done: str):
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    try:
        action(actor=request.user, survey_id=survey.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, done)
    return redirect("survey-detail", survey_id=survey.pk)


@require_POST
@staff_required
def survey_open(request, survey_id: int):
    return _survey_action(request, survey_id, services.survey_open, _("The survey is open."))


@require_POST
@staff_required
def survey_close(request, survey_id: int):
    return _survey_action(request, survey_id, services.survey_close, _("The survey is closed."))


# ---- the member's phone ----------------------------------------------------------------


@login_required
def my_surveys(request):
    return render(
        request,
        "communication/my_surveys.html",
        {"surveys": selectors.surveys_for_member(actor=request.user)},
    )


@login_required
def my_survey(request, survey_id: int):
    survey = selectors.survey_for_member(actor=request.user, survey_id=survey_id)
    errors: dict[str, list[str]] = {}
    status = 200
    if request.method == "POST":
        answers = {}
        for q in survey.questions.all():
            key = f"q{q.pk}"
            if q.kind == QuestionKind.MULTIPLE:
                answers[str(q.pk)] = request.POST.getlist(key)
            else:
                answers[str(q.pk)] = request.POST.get(key, "")
        try:
            services.survey_answer(actor=request.user, survey_id=survey.pk, answers=answers)
        except ServiceError as exc:
            errors = exc.fields or {"__all__": [str(exc.message)]}
            status = 400
        else:
            messages.success(request, _("Thank you: your answers are in."))
            return redirect("my-surveys")
    questions = [
        (q, errors.get(f"answers.{q.pk}", []), request.POST.getlist(f"q{q.pk}"))
        for q in survey.questions.all()
    ]
    return render(
        request,
        "communication/my_survey.html",
        {
            "survey": survey,
            "questions": questions,
            "form_errors": errors.get("__all__", []),
            "is_open": survey.status == SurveyStatus.OPEN,
        },
        status=status,
    )


# ---- news ----------------------------------------------------------------------------


@staff_required
def news_list(request):
    return NEWS.respond(
        request,
        "communication/news_list.html",
        {
            "statuses": NewsStatus.choices,
            "can_submit": bool(_acting_unions(request.user)),
            "empty": _("No news item matches."),
        },
    )


def _uppers(unions: list[Organization]) -> list[Organization]:
    ids = {int(p) for u in unions for p in u.path.strip("/").split("/")[:-1]}
    return list(
        Organization.objects.filter(pk__in=ids, kind__in=FEDERATION_KINDS, is_active=True).order_by(
            "path"
        )
    )


@staff_required
def news_new(request):
    unions = _acting_unions(request.user)
    if not unions:
        raise Http404
    form = NewsForm(request.POST or None, unions=unions, uppers=_uppers(unions))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            item = services.news_submit(
                actor=request.user,
                union_id=int(data["union"]),
                to_union_id=int(data["to_union"]),
                title=data["title"],
                body=data["body"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The news item is submitted."))
            return redirect("news-detail", item_id=item.pk)
    return render(
        request,
        "communication/news_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _news_page(request, item, adopt_form=None, decline_form=None, status=200):
    may_decide = (
        item.status == NewsStatus.SUBMITTED
        and services.acts_for(request.user, item.to_union)
        and item.submitted_by_id != request.user.pk
    )
    return render(
        request,
        "communication/news_detail.html",
        {
            "item": item,
            "may_decide": may_decide,
            "adopt_form": adopt_form or AdoptForm(initial={"title": item.title, "body": item.body}),
            "decline_form": decline_form or DeclineForm(),
        },
        status=status,
    )


@staff_required
def news_detail(request, item_id: int):
    return _news_page(request, selectors.news_get(actor=request.user, item_id=item_id))


@require_POST
@staff_required
def news_adopt(request, item_id: int):
    item = selectors.news_get(actor=request.user, item_id=item_id)
    form = AdoptForm(request.POST)
    if form.is_valid():
        try:
            services.news_adopt(
                actor=request.user,
                item_id=item.pk,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Adopted and published."))
            return redirect("news-detail", item_id=item.pk)
    return _news_page(request, item, adopt_form=form, status=400)


@require_POST
@staff_required
def news_decline(request, item_id: int):
    item = selectors.news_get(actor=request.user, item_id=item_id)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.news_decline(
                actor=request.user, item_id=item.pk, reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("Declined."))
            return redirect("news-detail", item_id=item.pk)
    return _news_page(request, item, decline_form=form, status=400)


def _public_org(org_id: int) -> Organization:
    org = Organization.objects.filter(pk=org_id, kind__in=FEDERATION_KINDS, is_active=True).first()
    if org is None:
        raise Http404
    return org


def public_news(request, org_id: int):
    """The federation's public news page: the items it adopted (no login)."""
    org = _public_org(org_id)
    return render(
        request,
        "communication/public_news.html",
        {"org": org, "items": selectors.news_published(org=org)[:100]},
    )


def public_news_item(request, org_id: int, item_id: int):
    org = _public_org(org_id)
    return render(
        request,
        "communication/public_news_item.html",
        {"org": org, "item": selectors.news_published_get(org=org, item_id=item_id)},
    )


# ---- campaigns of works ----------------------------------------------------------------


@staff_required
def works_list(request):
    return WORKS.respond(
        request,
        "communication/works_list.html",
        {
            "kinds": WorksKind.choices,
            "can_create": bool(_acting_unions(request.user, federations=True)),
            "empty": _("No campaign of works matches."),
        },
    )


@staff_required
def works_new(request):
    unions = _acting_unions(request.user, federations=True)
    if not unions:
        raise Http404
    form = WorksCampaignForm(request.POST or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.works_campaign_create(
                actor=request.user,
                union_id=int(data["union"]),
                kind=data["kind"],
                title=data["title"],
                opens_on=data["opens_on"],
                closes_on=data["closes_on"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The campaign is open for works."))
            return redirect("works-detail", campaign_id=campaign.pk)
    return render(
        request,
        "communication/works_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _works_page(request, campaign, entry_form=None, status=200):
    units = [u for u in _acting_unions(request.user) if u.path.startswith(campaign.union.path)]
    return render(
        request,
        "communication/works_detail.html",
        {
            "campaign": campaign,
            "entries": selectors.entry_list(actor=request.user, campaign_id=campaign.pk),
            "may_select": services.acts_for(request.user, campaign.union),
            "entry_form": entry_form or (EntryForm(unions=units) if units else None),
        },
        status=status,
    )


@staff_required
def works_detail(request, campaign_id: int):
    campaign = selectors.works_campaign_get(actor=request.user, campaign_id=campaign_id)
    return _works_page(request, campaign)


@require_POST
@staff_required
def works_submit(request, campaign_id: int):
    campaign = selectors.works_campaign_get(actor=request.user, campaign_id=campaign_id)
    units = [u for u in _acting_unions(request.user) if u.path.startswith(campaign.union.path)]
    form = EntryForm(request.POST, unions=units)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.entry_submit(
                actor=request.user,
                campaign_id=campaign.pk,
                union_id=int(data["union"]),
                title=data["title"],
                author=data["author"],
                body=data["body"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The work is submitted."))
            return redirect("works-detail", campaign_id=campaign.pk)
    return _works_page(request, campaign, entry_form=form, status=400)


@require_POST
@staff_required
def entry_select(request, entry_id: int):
    entry = selectors.entry_get(actor=request.user, entry_id=entry_id)
    try:
        services.entry_select(actor=request.user, entry_id=entry.pk)
    except ServiceError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The work is selected."))
    return redirect("works-detail", campaign_id=entry.campaign_id)


@login_required
def my_works(request):
    return render(
        request,
        "communication/my_works.html",
        {"campaigns": selectors.works_for_member(actor=request.user)},
    )


@require_POST
@login_required
def my_like(request, entry_id: int):
    try:
        services.entry_like(actor=request.user, entry_id=entry_id)
    except ServiceError as exc:
        messages.error(request, exc.message)
    return redirect("my-works")


# ---- messages to members -----------------------------------------------------------------


@staff_required
def message_list(request):
    return MESSAGES.respond(
        request,
        "communication/message_list.html",
        {
            "can_send": bool(_acting_unions(request.user)),
            "categories": MessageCategory.choices,
            "statuses": MessageStatus.choices,
            "empty": _("No message matches. Clear the search or the filters."),
        },
    )


@staff_required
def message_new(request):
    unions = _acting_unions(request.user)
    if not unions:
        raise Http404
    form = MessageForm(request.POST or None, unions=unions)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                message = services.message_send(
                    actor=request.user,
                    union_id=int(data["union"]),
                    title=data["title"],
                    body=data["body"],
                    category=data["category"],
                    notice_id=data["notice_id"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request, _("The message is queued; this page shows how far it is.")
                )
                return redirect("message-detail", message_id=message.pk)
    return render(request, "communication/message_form.html", {"form": form}, status=status)


@staff_required
def message_detail(request, message_id: int):
    message = selectors.message_get(actor=request.user, message_id=message_id)
    return render(
        request,
        "communication/message_detail.html",
        {
            "message": message,
            "counts": selectors.message_counts(actor=request.user, message=message),
            "running": message.status in {MessageStatus.QUEUED, MessageStatus.SENDING},
        },
    )


@login_required
def my_messages(request):
    unread = request.GET.get("unread") == "1"
    receipts = selectors.inbox(actor=request.user, unread=True if unread else None)
    return render(
        request,
        "communication/my_messages.html",
        {
            "receipts": receipts[:200],
            "unread_count": selectors.unread_count(request.user),
            "only_unread": unread,
        },
    )


@login_required
def my_message(request, receipt_id: int):
    receipt = selectors.my_receipt(actor=request.user, receipt_id=receipt_id)
    return render(request, "communication/my_message.html", {"receipt": receipt})


@require_POST
@login_required
def my_message_read(request, receipt_id: int):
    try:
        services.message_mark_read(actor=request.user, receipt_id=receipt_id)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    return redirect("my-messages")


@require_POST
@login_required
def my_messages_read_all(request):
    try:
        n = services.message_mark_all_read(actor=request.user)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("%(n)s messages marked read.") % {"n": n})
    return redirect("my-messages")


@login_required
def my_message_settings(request):
    pref = selectors.my_preference(request.user)
    if pref is None:
        return render(request, "communication/my_message_settings.html", {"form": None})
    initial = {
        "receive": [c for c in MessageCategory.values if c not in pref.muted_list()],
        "sms": pref.sms,
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.message_preferences_save(
                    actor=request.user,
                    receive=form.cleaned_data["receive"],
                    sms=form.cleaned_data["sms"],
                )
            except ServiceError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, _("Your choices are saved."))
                return redirect("my-message-settings")
    return render(request, "communication/my_message_settings.html", {"form": form}, status=status)


# ---- education bases ---------------------------------------------------------------------


@staff_required
def base_list(request):
    return BASES.respond(
        request,
        "communication/base_list.html",
        {
            "can_add": bool(_acting_unions(request.user)),
            "empty": _("No education base matches. Clear the search or the filters."),
        },
    )


def _base_form_page(request, form, title):
    return render(
        request,
        "communication/base_form.html",
        {
            "form": form,
            "title": title,
            # The map to pick the position on: stations' own "pick" map, not a copy.
            "config": map_config(request),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def base_new(request):
    unions = _acting_unions(request.user)
    if not unions:
        raise Http404
    form = BaseForm(request.POST or None, unions=unions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            base = services.base_create(
                actor=request.user,
                union_id=int(data["union"]),
                name=data["name"],
                address=data["address"],
                lat=data["lat"],
                lng=data["lng"],
                named_on=data["named_on"],
                description=data["description"],
            )
        except ServiceError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The education base is added."))
            return redirect("base-detail", base_id=base.pk)
    return _base_form_page(request, form, _("Add an education base"))


@staff_required
def base_detail(request, base_id: int):
    base = selectors.base_get(actor=request.user, base_id=base_id)
    return render(
        request,
        "communication/base_detail.html",
        {
            "base": base,
            "can_edit": services.acts_for(request.user, base.union),
            "navigation": geo.navigation_links(base.lat, base.lng, base.name),
            "config": {
                **map_config(request),
                "point": [base.lat, base.lng],
                "results": [{"id": base.pk, "name": base.name, "lat": base.lat, "lng": base.lng}],
            },
        },
    )


@require_POST
@staff_required
def base_deactivate(request, base_id: int):
    try:
        services.base_update(actor=request.user, base_id=base_id, is_active=False)
    except ServiceError as exc:
        messages.error(request, str(exc.message))
    else:
        messages.success(request, _("The base is marked no longer active; it leaves the map."))
    return redirect("base-detail", base_id=base_id)
