"""The lists of notices, notices received, surveys and news items (core.lists)."""

from datetime import date
from typing import Literal, TypeAlias

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from ninja import Field, Schema

from gonghui.core.lists import Column, ListSpec, Sort

from . import selectors
from .models import (
    DeliveryState,
    MessageCategory,
    MessageStatus,
    NewsStatus,
    SurveyStatus,
    WorksKind,
)

StateT: TypeAlias = Literal[tuple(DeliveryState.values)]  # type: ignore[valid-type]
SurveyStatusT: TypeAlias = Literal[tuple(SurveyStatus.values)]  # type: ignore[valid-type]
NewsStatusT: TypeAlias = Literal[tuple(NewsStatus.values)]  # type: ignore[valid-type]
CategoryT: TypeAlias = Literal[tuple(MessageCategory.values)]  # type: ignore[valid-type]
MessageStatusT: TypeAlias = Literal[tuple(MessageStatus.values)]  # type: ignore[valid-type]
WorksKindT: TypeAlias = Literal[tuple(WorksKind.values)]  # type: ignore[valid-type]


def _local(value):
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


class NoticeFilter(Schema):
    q: str = ""
    under_id: int | None = None
    sent_from: date | None = None
    sent_to: date | None = None


NOTICES = ListSpec(
    name="notices",
    filters=NoticeFilter,
    rows=selectors.notice_list,
    sorts={
        "-sent_at": Sort(_("newest first"), ("-sent_at", "-id")),
        "sent_at": Sort(_("oldest first"), ("sent_at", "id")),
        "due": Sort(_("report deadline"), ("report_due", "-sent_at")),
        "union": Sort(_("sender (pinyin)"), ("union__name_pinyin", "-sent_at", "id")),
    },
    columns=(
        Column(_("ID"), lambda n: n.pk, on_page=False),
        Column(_("sent at"), lambda n: _local(n.sent_at)),
        Column(_("sender"), lambda n: n.union.name),
        Column(
            _("title"),
            lambda n: n.title,
            link=lambda n: reverse("notice-detail", args=[n.pk]),
        ),
        Column(_("report back by"), lambda n: n.report_due, narrow=True),
        Column(_("received by"), lambda n: n.n_deliveries, narrow=True),
        Column(_("read"), lambda n: n.n_read, narrow=True),
        Column(_("reported back"), lambda n: n.n_reported, narrow=True),
    ),
)


class DeliveryFilter(Schema):
    q: str = ""
    notice_id: int | None = None
    state: StateT | Literal[""] = ""
    mine: bool = False


DELIVERIES = ListSpec(
    name="notices-received",
    filters=DeliveryFilter,
    rows=selectors.delivery_list,
    sorts={
        "-sent_at": Sort(_("newest first"), ("-notice__sent_at", "-id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "id")),
        "due": Sort(_("report deadline"), ("notice__report_due", "id")),
        "-reported_at": Sort(_("latest reports first"), ("-reported_at", "id")),
    },
    columns=(
        Column(_("ID"), lambda d: d.pk, on_page=False),
        Column(_("sent at"), lambda d: _local(d.notice.sent_at), narrow=True),
        Column(_("sender"), lambda d: d.notice.union.name, narrow=True),
        Column(
            _("title"),
            lambda d: d.notice.title,
            link=lambda d: reverse("delivery-detail", args=[d.pk]),
        ),
        Column(_("union"), lambda d: d.union.name),
        Column(_("state"), lambda d: d.get_state_display()),
        Column(_("read at"), lambda d: _local(d.read_at), narrow=True),
        Column(_("reported back at"), lambda d: _local(d.reported_at), narrow=True),
        Column(_("report back by"), lambda d: d.notice.report_due, narrow=True),
        Column(_("report"), lambda d: d.report_text, on_page=False),
    ),
)


class SurveyFilter(Schema):
    q: str = ""
    status: SurveyStatusT | Literal[""] = ""
    under_id: int | None = None


SURVEYS = ListSpec(
    name="surveys",
    filters=SurveyFilter,
    rows=selectors.survey_list,
    sorts={
        "-created_at": Sort(_("newest first"), ("-created_at", "-id")),
        "created_at": Sort(_("oldest first"), ("created_at", "id")),
        "-responses": Sort(_("most answers"), ("-n_responses", "-id")),
    },
    columns=(
        Column(_("ID"), lambda s: s.pk, on_page=False),
        Column(_("created at"), lambda s: _local(s.created_at), narrow=True),
        Column(_("federation"), lambda s: s.union.name),
        Column(_("title"), lambda s: s.title, link=lambda s: reverse("survey-detail", args=[s.pk])),
        Column(_("status"), lambda s: s.get_status_display()),
        Column(_("anonymous"), lambda s: _("yes") if s.anonymous else _("no"), narrow=True),
        Column(_("answers"), lambda s: s.n_responses),
    ),
)


class NewsFilter(Schema):
    q: str = ""
    status: NewsStatusT | Literal[""] = ""
    under_id: int | None = None
    to_me: bool = False


NEWS = ListSpec(
    name="news-items",
    filters=NewsFilter,
    rows=selectors.news_list,
    sorts={
        "-submitted_at": Sort(_("newest first"), ("-submitted_at", "-id")),
        "submitted_at": Sort(_("oldest first"), ("submitted_at", "id")),
        "union": Sort(_("union (pinyin)"), ("union__name_pinyin", "-submitted_at", "id")),
        "status": Sort(_("status"), ("status", "-submitted_at", "id")),
    },
    columns=(
        Column(_("ID"), lambda n: n.pk, on_page=False),
        Column(_("submitted at"), lambda n: _local(n.submitted_at), narrow=True),
        Column(_("union"), lambda n: n.union.name),
        Column(_("submitted to"), lambda n: n.to_union.name, narrow=True),
        Column(_("title"), lambda n: n.title, link=lambda n: reverse("news-detail", args=[n.pk])),
        Column(_("status"), lambda n: n.get_status_display()),
        Column(_("decided at"), lambda n: _local(n.decided_at), narrow=True),
    ),
)


class WorksFilter(Schema):
    q: str = ""
    kind: WorksKindT | Literal[""] = ""
    under_id: int | None = None


WORKS = ListSpec(
    name="works-campaigns",
    filters=WorksFilter,
    rows=selectors.works_campaign_list,
    sorts={
        "-opens_on": Sort(_("newest first"), ("-opens_on", "-id")),
        "opens_on": Sort(_("oldest first"), ("opens_on", "id")),
        "-entries": Sort(_("most works"), ("-n_entries", "-id")),
    },
    columns=(
        Column(_("ID"), lambda c: c.pk, on_page=False),
        Column(_("federation"), lambda c: c.union.name),
        Column(_("title"), lambda c: c.title, link=lambda c: reverse("works-detail", args=[c.pk])),
        Column(_("kind"), lambda c: c.get_kind_display()),
        Column(_("opens on"), lambda c: c.opens_on, narrow=True),
        Column(_("closes on"), lambda c: c.closes_on, narrow=True),
        Column(_("works"), lambda c: c.n_entries),
        Column(_("selected"), lambda c: c.n_selected),
    ),
)


class MessageFilter(Schema):
    q: str = ""
    category: CategoryT | Literal[""] = ""
    status: MessageStatusT | Literal[""] = ""
    under_id: int | None = None
    sent_from: date | None = None
    sent_to: date | None = None


MESSAGES = ListSpec(
    name="messages",
    filters=MessageFilter,
    rows=selectors.message_list,
    sorts={
        "-sent_at": Sort(_("newest first"), ("-sent_at", "-id")),
        "sent_at": Sort(_("oldest first"), ("sent_at", "id")),
        "-total": Sort(_("most recipients"), ("-total", "-id")),
        "union": Sort(_("sender (pinyin)"), ("union__name_pinyin", "-sent_at", "id")),
    },
    columns=(
        Column(_("ID"), lambda m: m.pk, on_page=False),
        Column(_("sent at"), lambda m: _local(m.sent_at)),
        Column(_("sender"), lambda m: m.union.name),
        Column(_("category"), lambda m: m.get_category_display(), narrow=True),
        Column(
            _("title"),
            lambda m: m.title,
            link=lambda m: reverse("message-detail", args=[m.pk]),
        ),
        Column(_("status"), lambda m: m.get_status_display(), narrow=True),
        Column(_("recipients"), lambda m: m.total, narrow=True),
        Column(_("delivered"), lambda m: m.done, narrow=True),
    ),
)


class BaseFilter(Schema):
    q: str = ""
    under_id: int | None = None
    active: bool | None = None
    year: int | None = Field(None, ge=1900, le=9999)


BASES = ListSpec(
    name="education-bases",
    filters=BaseFilter,
    rows=selectors.base_list,
    sorts={
        "-named_on": Sort(_("newest first"), ("-named_on", "id")),
        "name": Sort(_("name"), ("name", "id")),
        "union": Sort(_("naming union (pinyin)"), ("union__name_pinyin", "name", "id")),
    },
    columns=(
        Column(_("ID"), lambda b: b.pk, on_page=False),
        Column(_("name"), lambda b: b.name, link=lambda b: reverse("base-detail", args=[b.pk])),
        Column(_("naming union"), lambda b: b.union.name),
        Column(_("named on"), lambda b: b.named_on, narrow=True),
        Column(_("address"), lambda b: b.address),
        Column(_("latitude (WGS-84)"), lambda b: b.lat, on_page=False),
        Column(_("longitude (WGS-84)"), lambda b: b.lng, on_page=False),
        Column(
            pgettext_lazy("education base", "active"),
            lambda b: _("yes") if b.is_active else _("no"),
            narrow=True,
        ),
    ),
)
