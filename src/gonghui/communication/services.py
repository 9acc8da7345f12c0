"""Every write of notices, surveys and news items: atomic, checked, audited.

Who may act: a union acts through the staff who hold a writing role AT that union (not
above it): the province's staff send the province's notices, the county's staff read and
report back the county's, a grassroots cadre its union's. An upper federation sees what
its lower unions received, but does not confirm reading for them.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

import nh3
from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import Code as CoreCode
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.updates import audited_update
from gonghui.core.uploads import check_size
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.models import FEDERATION_KINDS, Organization, OrgKind
from gonghui.stations.selectors import check_coordinates

from .codes import Action, Code
from .models import (
    AgeBand,
    Answer,
    Delivery,
    EducationBase,
    Entry,
    Like,
    Message,
    MessageCategory,
    MessagePreference,
    NewsItem,
    NewsStatus,
    Notice,
    Question,
    QuestionKind,
    Receipt,
    Response,
    Survey,
    SurveyStatus,
    WorksCampaign,
    WorksKind,
)

MAX_BODY = 50_000
MAX_RECIPIENTS = 250_000
MAX_QUESTIONS = 60
MAX_CHOICES = 20
MAX_TEXT_ANSWER = 2000
# What a file's first bytes say it is (the name and the browser's word are not trusted).
FILE_SIGNATURES = [
    (b"%PDF-", ".pdf"),
    (b"PK\x03\x04", ".zip"),  # .docx, .xlsx
    (b"\xd0\xcf\x11\xe0", ".doc"),  # .doc, .xls
    (b"\xff\xd8\xff", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", ".png"),
]
# The HTML a notice or news item may keep (nh3 removes everything else: scripts,
# handlers, styles, javascript: links).
ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "u", "ol", "ul", "li", "h2", "h3", "h4",
    "blockquote", "a", "table", "thead", "tbody", "tr", "th", "td", "span",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}}


# ---- helpers -----------------------------------------------------------------------


def acts_for(actor: User, union: Organization) -> bool:
    """The actor holds a writing role at this very union."""
    return actor.writes_at(union)


def _acting_union(actor: User, union_id, field: str = "union_id") -> Organization:
    union = get_visible_or_404(Organization.objects.all(), actor, write=True, pk=union_id)
    if not acts_for(actor, union) or not union.is_active:
        raise ServiceError(
            _("You act for a union only where you hold a writing role in it."),
            code=CoreCode.FORBIDDEN,
            field=field,
        )
    return union


def rich_text(value, *, field: str, required: bool = False) -> str:
    """Rich text as stored: sanitized by nh3 (no script, handler or style survives)."""
    value = cleaning.text(value, field=field, required=required, max_length=MAX_BODY)
    cleaned = nh3.clean(
        value,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    ).strip()
    if required and not nh3.clean(cleaned, tags=set()).strip():
        raise ServiceError(_("This field is required."), field=field)
    return cleaned


def _file_name(upload, field: str) -> str:
    check_size(upload, field=field)
    head = upload.read(8)
    upload.seek(0)
    if not any(head.startswith(sig) for sig, _ext in FILE_SIGNATURES):
        raise ServiceError(
            _("Attach a PDF, Word, Excel, JPEG or PNG file."), code=CoreCode.INVALID, field=field
        )
    return cleaning.text(getattr(upload, "name", "") or "file", field=field)[-200:]


def _due(report_required: bool, report_due: date | None) -> date | None:
    if not report_required:
        return None
    if report_due is None:
        raise ServiceError(_("Give the day by which unions report back."), field="report_due")
    if report_due < cleaning.today():
        raise ServiceError(_("The deadline cannot be in the past."), field="report_due")
    return report_due


def _recipients(sender: Organization, levels: list[str], union_ids: list[int]) -> QuerySet:
    """The ids of the active unions below the sender of the chosen kinds, and of the named
    ones (a query, not rows: a notice may go to 20,000 unions)."""
    below = Organization.objects.filter(path__startswith=sender.path, is_active=True).exclude(
        pk=sender.pk
    )
    bad = [lv for lv in levels if lv not in OrgKind.values]
    if bad:
        raise ServiceError(
            _("Unknown level: %(levels)s.") % {"levels": ", ".join(map(str, bad))}, field="levels"
        )
    ids: set[int] = set()
    if union_ids:
        try:
            ids = {int(i) for i in union_ids}
        except (TypeError, ValueError):
            raise ServiceError(_("Name unions by their number."), field="union_ids") from None
        missing = ids - set(below.filter(pk__in=ids).values_list("pk", flat=True))
        if missing:
            raise ServiceError(
                _("Not a union below the sender: %(ids)s.")
                % {"ids": ", ".join(map(str, sorted(missing)))},
                field="union_ids",
            )
    chosen = below.filter(Q(kind__in=levels) | Q(pk__in=ids)).order_by().values_list("pk")
    return chosen


def _deliver(notice: Notice, recipients: QuerySet) -> int:
    """One Delivery per recipient, written by one INSERT … SELECT in the database."""
    sql, params = recipients.query.sql_with_params()
    qn = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {qn(Delivery._meta.db_table)} "
            "(notice_id, union_id, report_text, report_file, report_file_name) "
            f"SELECT %s, r.*, '', '', '' FROM ({sql}) r",
            [notice.pk, *params],
        )
        return cursor.rowcount


def _save_notice(
    *,
    actor: User,
    sender: Organization,
    title: str,
    body: str,
    levels: list[str],
    union_ids: list[int],
    report_required: bool,
    report_due: date | None,
    attachment,
    parent: Notice | None,
    action: Action,
) -> Notice:
    title = cleaning.text(title, field="title", required=True, max_length=200)
    body = rich_text(body, field="body", required=parent is None)
    due = _due(report_required, report_due)
    levels = list(dict.fromkeys(levels or []))
    recipients = _recipients(sender, levels, list(union_ids or []))
    count = recipients.count()
    if not count:
        raise ServiceError(
            _("Choose the levels or the unions the notice goes to; none is below the sender."),
            code=Code.NO_RECIPIENTS,
            field="levels",
        )
    if count > MAX_RECIPIENTS:
        raise ServiceError(_("Too many recipients."), code=CoreCode.TOO_LARGE, field="levels")
    notice = Notice(
        union=sender,
        title=title,
        body=body,
        levels=levels,
        report_required=bool(report_required),
        report_due=due,
        parent=parent,
        sent_by=actor,
    )
    if attachment is not None:
        notice.attachment_name = _file_name(attachment, "attachment")
        notice.attachment.save(f"{sender.pk}.bin", attachment, save=False)
    name = notice.attachment.name
    try:
        notice.save()
        count = _deliver(notice, recipients)
        audit.record(
            actor=actor,
            action=action,
            obj=notice,
            changes={
                "title": title,
                "levels": levels,
                "recipients": count,
                "report_due": str(due) if due else None,
                "parent": parent.pk if parent else None,
            },
        )
    except Exception:
        if name:
            notice.attachment.storage.delete(name)
        raise
    return notice


# ---- notices -------------------------------------------------------------------------


@transaction.atomic(durable=True)
def notice_send(
    *,
    actor: User,
    union_id: int,
    title: str,
    body: str,
    levels: list[str] | None = None,
    union_ids: list[int] | None = None,
    report_required: bool = False,
    report_due: date | None = None,
    attachment=None,
) -> Notice:
    """A federation sends a notice down to levels of its subtree or to named unions."""
    sender = _acting_union(actor, union_id)
    if sender.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("Only a federation sends notices down."),
            code=Code.NOT_A_FEDERATION,
            field="union_id",
        )
    return _save_notice(
        actor=actor,
        sender=sender,
        title=title,
        body=body,
        levels=levels or [],
        union_ids=union_ids or [],
        report_required=report_required,
        report_due=report_due,
        attachment=attachment,
        parent=None,
        action=Action.NOTICE_SEND,
    )


def _delivery_to_act_on(actor: User, delivery_id: int) -> Delivery:
    delivery = get_visible_or_404(
        Delivery.objects.select_related("notice", "union").select_for_update(of=("self",)),
        actor,
        write=True,
        pk=delivery_id,
    )
    if not acts_for(actor, delivery.union):
        raise ServiceError(
            _("Only the staff of %(union)s act on the notice it received.")
            % {"union": delivery.union.name},
            code=CoreCode.FORBIDDEN,
        )
    return delivery


def _mark_read(actor: User, delivery: Delivery) -> None:
    if delivery.read_at is None:
        delivery.read_at, delivery.read_by = timezone.now(), actor
        delivery.save(update_fields=["read_at", "read_by"])
        audit.record(actor=actor, action=Action.NOTICE_READ, obj=delivery)


@transaction.atomic(durable=True)
def notice_confirm_read(*, actor: User, delivery_id: int) -> Delivery:
    """The receiving union's staff confirm they have read the notice (once)."""
    delivery = _delivery_to_act_on(actor, delivery_id)
    _mark_read(actor, delivery)
    return delivery


@transaction.atomic(durable=True)
def notice_report(*, actor: User, delivery_id: int, text: str, upload=None) -> Delivery:
    """The receiving union reports back as the notice asks: a text, a file if it has one."""
    delivery = _delivery_to_act_on(actor, delivery_id)
    if not delivery.notice.report_required:
        raise ServiceError(_("This notice asks for no report."), code=CoreCode.INVALID)
    if delivery.reported_at is not None:
        raise ServiceError(_("The report has been made."), code=Code.ALREADY_DONE)
    text = cleaning.text(text, field="text", required=True, max_length=5000)
    _mark_read(actor, delivery)
    if upload is not None:
        delivery.report_file_name = _file_name(upload, "file")
        delivery.report_file.save(f"{delivery.pk}.bin", upload, save=False)
    delivery.report_text = text
    delivery.reported_at, delivery.reported_by = timezone.now(), actor
    name = delivery.report_file.name
    try:
        delivery.save()
        audit.record(
            actor=actor,
            action=Action.NOTICE_REPORT,
            obj=delivery,
            changes={"text": text, "file": delivery.report_file_name},
        )
    except Exception:
        if name:
            delivery.report_file.storage.delete(name)
        raise
    return delivery


@transaction.atomic(durable=True)
def notice_forward(
    *,
    actor: User,
    delivery_id: int,
    addition: str = "",
    title: str = "",
    levels: list[str] | None = None,
    union_ids: list[int] | None = None,
    report_required: bool = False,
    report_due: date | None = None,
    attachment=None,
) -> Notice:
    """A receiving federation passes the notice on down, with its own additions."""
    delivery = _delivery_to_act_on(actor, delivery_id)
    if delivery.union.kind not in FEDERATION_KINDS:
        raise ServiceError(_("Only a federation sends notices down."), code=Code.NOT_A_FEDERATION)
    if delivery.forwarded_as_id is not None:
        raise ServiceError(_("The notice has been forwarded."), code=Code.ALREADY_DONE)
    _mark_read(actor, delivery)
    notice = _save_notice(
        actor=actor,
        sender=delivery.union,
        title=title or delivery.notice.title,
        body=addition,
        levels=levels or [],
        union_ids=union_ids or [],
        report_required=report_required,
        report_due=report_due,
        attachment=attachment,
        parent=delivery.notice,
        action=Action.NOTICE_FORWARD,
    )
    delivery.forwarded_as = notice
    delivery.save(update_fields=["forwarded_as"])
    return notice


# ---- surveys -------------------------------------------------------------------------


def _questions(questions) -> list[Question]:
    if not isinstance(questions, list) or not questions:
        raise ServiceError(_("Add at least one question."), field="questions")
    if len(questions) > MAX_QUESTIONS:
        raise ServiceError(_("At most %(n)s questions.") % {"n": MAX_QUESTIONS}, field="questions")
    out = []
    for i, q in enumerate(questions):
        if hasattr(q, "dict"):
            q = q.dict()
        if not isinstance(q, dict):
            raise ServiceError(_("Give each question as its kind and text."), field="questions")
        field = f"questions.{i}"
        kind = cleaning.choice(q.get("kind"), QuestionKind, field=f"{field}.kind")
        text = cleaning.text(q.get("text"), field=f"{field}.text", required=True, max_length=300)
        choices: list[str] = []
        scale_max = 5
        if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
            raw = q.get("choices") or []
            if not isinstance(raw, list):
                raise ServiceError(_("Give the choices as a list."), field=f"{field}.choices")
            choices = [cleaning.text(c, field=f"{field}.choices", max_length=200) for c in raw]
            choices = [c for c in choices if c]
            if not 2 <= len(choices) <= MAX_CHOICES or len(set(choices)) != len(choices):
                raise ServiceError(
                    _("A choice question has 2 to %(n)s different choices.") % {"n": MAX_CHOICES},
                    field=f"{field}.choices",
                )
        elif kind == QuestionKind.SCALE:
            scale_max = q.get("scale_max") or 5
            if not isinstance(scale_max, int) or not 2 <= scale_max <= 10:
                raise ServiceError(_("A scale goes up to 2…10."), field=f"{field}.scale_max")
        out.append(
            Question(
                position=i + 1,
                kind=kind,
                text=text,
                choices=choices,
                scale_max=scale_max,
                required=bool(q.get("required", True)),
            )
        )
    return out


@transaction.atomic(durable=True)
def survey_create(
    *,
    actor: User,
    union_id: int,
    title: str,
    intro: str = "",
    anonymous: bool = True,
    questions=None,
) -> Survey:
    """A federation drafts a questionnaire for the members of its subtree."""
    union = _acting_union(actor, union_id)
    if union.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("Only a federation sends surveys to its members."),
            code=Code.NOT_A_FEDERATION,
            field="union_id",
        )
    title = cleaning.text(title, field="title", required=True, max_length=200)
    intro = cleaning.text(intro, field="intro", max_length=5000)
    rows = _questions(questions)
    survey = Survey.objects.create(
        union=union, title=title, intro=intro, anonymous=bool(anonymous), created_by=actor
    )
    for q in rows:
        q.survey = survey
    Question.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action=Action.SURVEY_CREATE,
        obj=survey,
        changes={"title": title, "anonymous": bool(anonymous), "questions": len(rows)},
    )
    return survey


def _survey_to_act_on(actor: User, survey_id: int) -> Survey:
    survey = get_visible_or_404(
        Survey.objects.select_related("union").select_for_update(of=("self",)),
        actor,
        write=True,
        pk=survey_id,
    )
    if not acts_for(actor, survey.union):
        raise ServiceError(
            _("Only the staff of %(union)s act on its survey.") % {"union": survey.union.name},
            code=CoreCode.FORBIDDEN,
        )
    return survey


@transaction.atomic(durable=True)
def survey_open(*, actor: User, survey_id: int) -> Survey:
    survey = _survey_to_act_on(actor, survey_id)
    if survey.status != SurveyStatus.DRAFT:
        raise ServiceError(_("Only a draft is opened."), code=Code.ALREADY_DONE)
    survey.status, survey.opened_at = SurveyStatus.OPEN, timezone.now()
    survey.save(update_fields=["status", "opened_at"])
    audit.record(actor=actor, action=Action.SURVEY_OPEN, obj=survey)
    return survey


@transaction.atomic(durable=True)
def survey_close(*, actor: User, survey_id: int) -> Survey:
    survey = _survey_to_act_on(actor, survey_id)
    if survey.status != SurveyStatus.OPEN:
        raise ServiceError(_("Only an open survey is closed."), code=Code.ALREADY_DONE)
    survey.status, survey.closed_at = SurveyStatus.CLOSED, timezone.now()
    survey.save(update_fields=["status", "closed_at"])
    audit.record(actor=actor, action=Action.SURVEY_CLOSE, obj=survey)
    return survey


def respondent_key(survey_id: int, person_id: int) -> str:
    """The same for one member and one survey, and tells no one who it is."""
    message = f"survey:{survey_id}:person:{person_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def age_band(born: date | None, on: date) -> str:
    if born is None:
        return ""
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    if age < 25:
        return AgeBand.UNDER_25
    return {2: AgeBand.AGE_25, 3: AgeBand.AGE_35, 4: AgeBand.AGE_45}.get(age // 10, AgeBand.AGE_55)


def member_of(actor: User, survey: Survey | WorksCampaign) -> Membership | None:
    """The actor's active membership within the survey's subtree, if any."""
    if not actor.is_authenticated:
        return None
    return (
        Membership.objects.select_related("person", "union", "union__enterprise")
        .filter(
            person__user=actor,
            status=MembershipStatus.ACTIVE,
            union__path__startswith=survey.union.path,
        )
        .order_by("-started_on")
        .first()
    )


def _answer(q: Question, raw, field: str) -> list[Answer]:
    """One question's answer rows, or ServiceError on `field`."""
    if raw is None or raw == "" or raw == []:
        if q.required:
            raise ServiceError(_("Answer this question."), field=field)
        return []
    if q.kind == QuestionKind.TEXT:
        text = cleaning.text(raw, field=field, max_length=MAX_TEXT_ANSWER)
        return [Answer(question=q, text=text)] if text else []
    values = raw if isinstance(raw, list) else [raw]
    if q.kind != QuestionKind.MULTIPLE and len(values) != 1:
        raise ServiceError(_("Choose one."), field=field)
    allowed = {v for v, _label in q.options()}
    chosen = set()
    for v in values:
        try:
            number = int(str(v))
        except (TypeError, ValueError):
            raise ServiceError(_("Choose from the choices given."), field=field) from None
        if number not in allowed:
            raise ServiceError(_("Choose from the choices given."), field=field)
        chosen.add(number)
    return [Answer(question=q, value=v) for v in sorted(chosen)]


def _answers(survey: Survey, answers: dict) -> list[Answer]:
    """Every question's answer rows; the refusals of all questions at once."""
    if not isinstance(answers, dict):
        raise ServiceError(_("Give the answers by question."), field="answers")
    out: list[Answer] = []
    errors: dict[str, list[str]] = {}
    for q in survey.questions.all():
        field = f"answers.{q.pk}"
        try:
            out.extend(_answer(q, answers.get(str(q.pk), answers.get(q.pk)), field))
        except ServiceError as exc:
            errors.update(exc.fields)
    if errors:
        first = next(iter(errors.values()))[0]
        raise ServiceError(first, fields=errors)
    return out


@transaction.atomic(durable=True)
def survey_answer(*, actor: User, survey_id: int, answers: dict) -> Response:
    """A member answers a survey of their federation, once."""
    survey = Survey.objects.select_related("union").filter(pk=survey_id).first()
    if survey is None:
        raise Http404
    membership = member_of(actor, survey)
    if membership is None:
        raise Http404  # not for this member: as for anything outside their reach
    if survey.status != SurveyStatus.OPEN:
        raise ServiceError(_("This survey does not take answers now."), code=Code.CLOSED)
    person, union = membership.person, membership.union
    key = respondent_key(survey.pk, person.pk)
    if Response.objects.filter(survey=survey, respondent=key).exists():
        raise ServiceError(_("You have answered this survey."), code=Code.ALREADY_DONE)
    rows = _answers(survey, answers)
    enterprise = union.enterprise
    today = cleaning.today()
    response = Response.objects.create(
        survey=survey,
        respondent=key,
        person=None if survey.anonymous else person,
        union=union,
        region=(union.region_id or "")[:4] + "00" if union.region_id else "",
        industry=union.industry or (enterprise.industry if enterprise else ""),
        age_band=age_band(person.birth_date, today),
        work_kind=person.work_kind or "",
    )
    for a in rows:
        a.response = response
    Answer.objects.bulk_create(rows)
    return response


# ---- information reports ----------------------------------------------------------------


@transaction.atomic(durable=True)
def news_submit(*, actor: User, union_id: int, to_union_id: int, title: str, body: str) -> NewsItem:
    """A union submits a news item to a federation above it."""
    union = _acting_union(actor, union_id)
    to_union = Organization.objects.filter(pk=to_union_id, is_active=True).first()
    if (
        to_union is None
        or to_union.pk == union.pk
        or not union.path.startswith(to_union.path)
        or to_union.kind not in FEDERATION_KINDS
    ):
        raise ServiceError(_("Submit to a federation above your union."), field="to_union_id")
    item = NewsItem.objects.create(
        union=union,
        to_union=to_union,
        title=cleaning.text(title, field="title", required=True, max_length=200),
        body=rich_text(body, field="body", required=True),
        submitted_by=actor,
    )
    audit.record(
        actor=actor,
        action=Action.NEWS_SUBMIT,
        obj=item,
        changes={"title": item.title, "to_union": to_union.pk},
    )
    return item


def _news_to_decide(actor: User, item_id: int) -> NewsItem:
    item = get_visible_or_404(
        NewsItem.objects.select_related("union", "to_union").select_for_update(of=("self",)),
        actor,
        write=True,
        pk=item_id,
    )
    if not acts_for(actor, item.to_union):
        raise ServiceError(
            _("Only the staff of %(union)s decide on what was submitted to it.")
            % {"union": item.to_union.name},
            code=CoreCode.FORBIDDEN,
        )
    if item.submitted_by_id == actor.pk:
        raise ServiceError(
            _("The one who submitted an item does not decide on it."), code=Code.OWN_ITEM
        )
    if item.status != NewsStatus.SUBMITTED:
        raise ServiceError(_("This item has been decided."), code=Code.ALREADY_DONE)
    return item


@transaction.atomic(durable=True)
def news_adopt(
    *, actor: User, item_id: int, title: str | None = None, body: str | None = None
) -> NewsItem:
    """The federation adopts the item, edited as it chooses, and publishes it."""
    item = _news_to_decide(actor, item_id)
    before = {"title": item.title, "body": item.body}
    if title is not None:
        item.title = cleaning.text(title, field="title", required=True, max_length=200)
    if body is not None:
        item.body = rich_text(body, field="body", required=True)
    item.status, item.decided_by, item.decided_at = NewsStatus.ADOPTED, actor, timezone.now()
    item.save()
    audit.record(
        actor=actor,
        action=Action.NEWS_ADOPT,
        obj=item,
        changes=audit.diff(before, {"title": item.title, "body": item.body}),
    )
    return item


@transaction.atomic(durable=True)
def news_decline(*, actor: User, item_id: int, reason: str) -> NewsItem:
    item = _news_to_decide(actor, item_id)
    item.reason = cleaning.text(reason, field="reason", required=True, max_length=300)
    item.status, item.decided_by, item.decided_at = NewsStatus.DECLINED, actor, timezone.now()
    item.save(update_fields=["reason", "status", "decided_by", "decided_at"])
    audit.record(actor=actor, action=Action.NEWS_REJECT, obj=item, changes={"reason": item.reason})
    return item


# ---- campaigns of works ----------------------------------------------------------------


@transaction.atomic(durable=True)
def works_campaign_create(
    *, actor: User, union_id: int, kind: str, title: str, opens_on: date, closes_on: date
) -> WorksCampaign:
    """A federation opens a themed reading, essay or speech campaign for its subtree."""
    union = _acting_union(actor, union_id)
    if union.kind not in FEDERATION_KINDS:
        raise ServiceError(
            _("Only a federation runs a campaign of works."),
            code=Code.NOT_A_FEDERATION,
            field="union_id",
        )
    kind = cleaning.choice(kind, WorksKind, field="kind")
    title = cleaning.text(title, field="title", required=True, max_length=200)
    if not isinstance(opens_on, date) or not isinstance(closes_on, date):
        raise ServiceError(_("Give the first and last day."), field="opens_on")
    if closes_on < opens_on:
        raise ServiceError(_("The last day is before the first."), field="closes_on")
    campaign = WorksCampaign.objects.create(
        union=union, kind=kind, title=title, opens_on=opens_on, closes_on=closes_on,
        created_by=actor,
    )  # fmt: skip
    audit.record(
        actor=actor,
        action=Action.WORKS_CAMPAIGN_CREATE,
        obj=campaign,
        changes={
            "title": title,
            "kind": kind,
            "opens_on": str(opens_on),
            "closes_on": str(closes_on),
        },
    )
    return campaign


@transaction.atomic(durable=True)
def entry_submit(
    *, actor: User, campaign_id: int, union_id: int, title: str, author: str, body: str
) -> Entry:
    """A unit below the campaign's federation submits (推报) a work while it is open."""
    campaign = WorksCampaign.objects.select_related("union").filter(pk=campaign_id).first()
    union = _acting_union(actor, union_id)
    if campaign is None or not union.path.startswith(campaign.union.path):
        raise Http404
    if not campaign.opens_on <= cleaning.today() <= campaign.closes_on:
        raise ServiceError(_("The campaign takes works only while it is open."), code=Code.CLOSED)
    entry = Entry.objects.create(
        campaign=campaign,
        union=union,
        title=cleaning.text(title, field="title", required=True, max_length=200),
        author=cleaning.text(author, field="author", required=True, max_length=50),
        body=rich_text(body, field="body", required=True),
        submitted_by=actor,
    )
    audit.record(actor=actor, action=Action.ENTRY_SUBMIT, obj=entry, changes={"title": entry.title})
    return entry


@transaction.atomic(durable=True)
def entry_select(*, actor: User, entry_id: int) -> Entry:
    """The campaign's federation selects (优选) a work; not the one who submitted it."""
    entry = get_visible_or_404(
        Entry.objects.select_related("campaign__union").select_for_update(of=("self",)),
        actor,
        write=True,
        pk=entry_id,
    )
    if not acts_for(actor, entry.campaign.union):
        raise ServiceError(
            _("Only the staff of %(union)s select the works of its campaign.")
            % {"union": entry.campaign.union.name},
            code=CoreCode.FORBIDDEN,
        )
    if entry.submitted_by_id == actor.pk:
        raise ServiceError(
            _("The one who submitted a work does not select it."), code=Code.OWN_ITEM
        )
    if entry.selected_at is not None:
        raise ServiceError(_("This work has been selected."), code=Code.ALREADY_DONE)
    entry.selected_at, entry.selected_by = timezone.now(), actor
    entry.save(update_fields=["selected_at", "selected_by"])
    audit.record(actor=actor, action=Action.ENTRY_SELECT, obj=entry)
    return entry


def entry_like(*, actor: User, entry_id: int) -> Like:
    """A member of the campaign's subtree likes a selected work, once."""
    entry = (
        Entry.objects.select_related("campaign__union")
        .filter(pk=entry_id, selected_at__isnull=False)
        .first()
    )
    if entry is None:
        raise Http404
    membership = member_of(actor, entry.campaign)  # a campaign has union.path as a survey has
    if membership is None:
        raise Http404
    with transaction.atomic(durable=True):
        like, created = Like.objects.get_or_create(entry=entry, person=membership.person)
    if not created:
        raise ServiceError(_("You have liked this work."), code=Code.ALREADY_DONE)
    return like


# ---- messages to members ---------------------------------------------------------------


@transaction.atomic(durable=True)
def message_send(
    *,
    actor: User,
    union_id: int,
    title: str,
    body: str,
    category: str = MessageCategory.GENERAL,
    notice_id: int | None = None,
) -> Message:
    """Staff of a union send a message to the members of its subtree, or of the unions a
    notice of theirs went to. The receipts are written by a background job (tasks.py);
    the message page follows its progress."""
    from . import messaging, tasks

    sender = _acting_union(actor, union_id)
    title = cleaning.text(title, field="title", required=True, max_length=200)
    body = rich_text(body, field="body", required=True)
    category = cleaning.choice(category, MessageCategory, field="category")
    notice = None
    if notice_id is not None:
        # Only a notice the sender itself sent: its audience is the sender's to address.
        notice = get_visible_or_404(Notice.objects.all(), actor, pk=notice_id)
        if notice.union_id != sender.pk:
            raise ServiceError(
                _("Choose a notice that %(union)s sent.") % {"union": sender.name},
                code=CoreCode.INVALID,
                field="notice_id",
            )
    message = Message(
        union=sender, category=category, title=title, body=body, notice=notice, sent_by=actor
    )
    count = messaging.audience(message).count()
    if not count:
        raise ServiceError(
            _("No member would receive this message: there is none in the chosen audience."),
            code=Code.NO_RECIPIENTS,
            field="notice_id" if notice else "union_id",
        )
    if count > MAX_RECIPIENTS:
        raise ServiceError(_("Too many recipients."), code=CoreCode.TOO_LARGE, field="union_id")
    message.total = count
    message.save()
    audit.record(
        actor=actor,
        action=Action.MESSAGE_SEND,
        obj=message,
        changes={"recipients": count, "category": category, "notice": notice_id},
    )
    transaction.on_commit(lambda: tasks.run_message_job.enqueue(message.pk))
    return message


def _person_of(actor: User):
    person = getattr(actor, "person", None) if actor.is_authenticated else None
    if person is None:
        raise ServiceError(
            _("Your account is not linked to a member record; ask your union's staff."),
            code=Code.NOT_A_MEMBER,
        )
    return person


@transaction.atomic(durable=True)
def message_mark_read(*, actor: User, receipt_id: int) -> Receipt:
    """The member reads their copy (only their own: another's is a 404). Reading is not
    audited: the read time on the receipt is the record."""
    person = _person_of(actor)
    receipt = get_visible_or_404(
        Receipt.objects.filter(person=person), actor, own=True, pk=receipt_id
    )
    if receipt.read_at is None:
        receipt.read_at = timezone.now()
        receipt.save(update_fields=["read_at"])
    return receipt


@transaction.atomic(durable=True)
def message_mark_all_read(*, actor: User) -> int:
    person = _person_of(actor)
    return Receipt.objects.filter(person=person, read_at__isnull=True).update(
        read_at=timezone.now()
    )


@transaction.atomic(durable=True)
def message_preferences_save(*, actor: User, receive: list[str], sms: bool) -> MessagePreference:
    """The member chooses the categories they receive (the rest are muted) and SMS."""
    person = _person_of(actor)
    receive = list(receive or [])
    bad = [c for c in receive if c not in MessageCategory.values]
    if bad:
        raise ServiceError(
            _("Unknown category: %(values)s.") % {"values": ", ".join(map(str, bad))},
            field="receive",
        )
    muted = [c for c in MessageCategory.values if c not in receive]
    pref, _created = MessagePreference.objects.select_for_update().get_or_create(person=person)
    before = {"muted": pref.muted, "sms": pref.sms}
    pref.muted = f",{','.join(muted)}," if muted else ""
    pref.sms = bool(sms)
    pref.save()
    audit.record(
        actor=actor,
        action=Action.MESSAGE_PREFERENCES,
        obj=person,
        changes={"before": before, "after": {"muted": pref.muted, "sms": pref.sms}},
    )
    return pref


# ---- education bases -------------------------------------------------------------------

BASE_FIELDS = ("name", "address", "lat", "lng", "named_on", "description", "is_active")


def _named_on(value) -> date:
    if not isinstance(value, date):
        raise ServiceError(_("Enter a date."), field="named_on")
    if value > cleaning.today():
        raise ServiceError(_("The day it was named cannot be in the future."), field="named_on")
    return value


def _base_fields(*, name, address, lat, lng, named_on, description) -> dict:
    # The same coordinate check as a service position's (WGS-84, inside China).
    lat, lng = check_coordinates(lat, lng)
    return {
        "name": cleaning.text(name, field="name", required=True, max_length=120),
        "address": cleaning.text(address, field="address", max_length=200),
        "lat": lat,
        "lng": lng,
        "named_on": _named_on(named_on),
        "description": cleaning.text(description, field="description", max_length=5000),
    }


@transaction.atomic(durable=True)
def base_create(
    *,
    actor: User,
    union_id: int,
    name: str,
    lat,
    lng,
    named_on: date,
    address: str = "",
    description: str = "",
) -> EducationBase:
    """A union names a base for workers' political education, with its place on the map."""
    union = _acting_union(actor, union_id)
    fields = _base_fields(
        name=name, address=address, lat=lat, lng=lng, named_on=named_on, description=description
    )
    base = EducationBase.objects.create(union=union, **fields)
    audit.record(
        actor=actor,
        action=Action.BASE_CREATE,
        obj=base,
        changes={k: str(v) for k, v in fields.items()},
    )
    return base


@transaction.atomic(durable=True)
def base_update(*, actor: User, base_id: int, **values) -> EducationBase:
    """Change a base's details or position, or mark it no longer active."""
    base = get_visible_or_404(
        EducationBase.objects.select_related("union").select_for_update(of=("self",)),
        actor,
        write=True,
        pk=base_id,
    )
    if not acts_for(actor, base.union):
        raise ServiceError(
            _("You act for a union only where you hold a writing role in it."),
            code=CoreCode.FORBIDDEN,
        )
    current = {f: getattr(base, f) for f in BASE_FIELDS if f != "is_active"}
    unknown = [k for k in values if k not in BASE_FIELDS]
    if unknown:
        raise ServiceError(
            _("Field %(field)s cannot be changed here.") % {"field": unknown[0]}, field=unknown[0]
        )
    cleaned = _base_fields(**{**current, **{k: v for k, v in values.items() if k in current}})
    changes = {k: v for k, v in cleaned.items() if k in values}
    if "is_active" in values:
        changes["is_active"] = bool(values["is_active"])
    audited_update(
        base,
        changes,
        actor=actor,
        editable=dict.fromkeys(BASE_FIELDS),
        audit_fields=BASE_FIELDS,
        action=Action.BASE_UPDATE,
    )
    return base
