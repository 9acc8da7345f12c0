"""Notices, surveys and news items at /api/v1, within the caller's scope."""

from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from django.http import HttpResponse
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate

from . import selectors, services
from .lists import (
    BASES,
    DELIVERIES,
    MESSAGES,
    NEWS,
    NOTICES,
    SURVEYS,
    WORKS,
    CategoryT,
    WorksKindT,
)
from .models import QuestionKind
from .output import survey_workbook

router = Router(tags=["reaching people 通知 问卷 信息"])

QuestionKindT: TypeAlias = Literal[tuple(QuestionKind.values)]  # type: ignore[valid-type]
DimensionT: TypeAlias = Literal[tuple(selectors.DIMENSIONS)]  # type: ignore[valid-type]
Title = Annotated[str, Field(max_length=200)]


class NoticeOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    title: str
    body: str
    levels: list[str]
    report_required: bool
    report_due: date | None
    parent_id: int | None
    sent_at: datetime
    counts: dict[str, int]

    @staticmethod
    def resolve_counts(obj):
        if not hasattr(obj, "n_deliveries"):
            return selectors.notice_counts(obj)
        # A row of the list carries its counts (`selectors.notice_list`): no query per row.
        # The late are the receivers without a report once the deadline has passed.
        total, read, reported = obj.n_deliveries, obj.n_read, obj.n_reported
        due = obj.report_due
        overdue = obj.report_required and due is not None and due < timezone.localdate()
        return {
            "total": total,
            "read": read,
            "reported": reported,
            "late": total - reported if overdue else 0,
            "unread": total - read,
        }


class NoticeIn(Schema):
    union_id: int
    title: Title
    body: Annotated[str, Field(max_length=services.MAX_BODY)]
    levels: list[str] = []
    union_ids: list[int] = []
    report_required: bool = False
    report_due: date | None = None


class DeliveryOut(Schema):
    id: int
    notice_id: int
    title: str = Field(alias="notice.title")
    union_id: int
    union_name: str = Field(alias="union.name")
    state: str
    read_at: datetime | None
    reported_at: datetime | None
    report_text: str
    forwarded_as_id: int | None

    @staticmethod
    def resolve_state(obj):
        return obj.state()


class ReportIn(Schema):
    text: Annotated[str, Field(max_length=5000)]


class ForwardIn(Schema):
    addition: Annotated[str, Field(max_length=services.MAX_BODY)] = ""
    title: Title = ""
    levels: list[str] = []
    union_ids: list[int] = []
    report_required: bool = False
    report_due: date | None = None


class QuestionIn(Schema):
    kind: QuestionKindT
    text: Annotated[str, Field(max_length=300)]
    choices: list[Annotated[str, Field(max_length=200)]] = []
    scale_max: int = 5
    required: bool = True


class QuestionOut(Schema):
    id: int
    position: int
    kind: str
    text: str
    choices: list[str]
    scale_max: int
    required: bool


class SurveyIn(Schema):
    union_id: int
    title: Title
    intro: Annotated[str, Field(max_length=5000)] = ""
    anonymous: bool = True
    questions: list[QuestionIn]


class SurveyOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    title: str
    intro: str
    anonymous: bool
    status: str
    opened_at: datetime | None
    closed_at: datetime | None
    questions: list[QuestionOut]

    @staticmethod
    def resolve_questions(obj):
        return list(obj.questions.all())


class QuestionResultOut(Schema):
    question_id: int
    text: str
    kind: str
    answered: int
    rows: list[tuple[str, int]]
    mean: float | None
    texts: list[str]


class ResultsOut(Schema):
    responses: int
    questions: list[QuestionResultOut]


class CrossTabOut(Schema):
    question_id: int
    dimension: str
    choices: list[str]
    groups: list[tuple[str, int, list[int]]]
    hidden: int
    min_group: int = selectors.MIN_GROUP


class NewsIn(Schema):
    union_id: int
    to_union_id: int
    title: Title
    body: Annotated[str, Field(max_length=services.MAX_BODY)]


class NewsOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    to_union_id: int
    title: str
    body: str
    status: str
    submitted_at: datetime
    decided_at: datetime | None
    reason: str


class AdoptIn(Schema):
    title: Title | None = None
    body: Annotated[str, Field(max_length=services.MAX_BODY)] | None = None


class DeclineIn(Schema):
    reason: Annotated[str, Field(max_length=300)]


# ---- notices -------------------------------------------------------------------------


@router.get("/notices", response=list[NoticeOut])
@paginate(LimitOffsetPagination)
def list_notices(request, filters: Query[NOTICES.api_filters()]):  # type: ignore[valid-type]
    return NOTICES.queryset(request.user, filters.dict())


@router.post("/notices", response={201: NoticeOut})
def send_notice(request, payload: NoticeIn):
    return Status(201, services.notice_send(actor=request.user, **payload.dict()))


@router.get("/notices/received", response=list[DeliveryOut])
@paginate(LimitOffsetPagination)
def list_received(request, filters: Query[DELIVERIES.api_filters()]):  # type: ignore[valid-type]
    return DELIVERIES.queryset(request.user, filters.dict())


@router.get("/notices/{notice_id}", response=NoticeOut)
def get_notice(request, notice_id: int):
    return selectors.notice_get(actor=request.user, notice_id=notice_id)


@router.get("/notices/received/{delivery_id}", response=DeliveryOut)
def get_delivery(request, delivery_id: int):
    return selectors.delivery_get(actor=request.user, delivery_id=delivery_id)


@router.post("/notices/received/{delivery_id}/read", response=DeliveryOut)
def confirm_read(request, delivery_id: int):
    return services.notice_confirm_read(actor=request.user, delivery_id=delivery_id)


@router.post("/notices/received/{delivery_id}/report", response=DeliveryOut)
def report_back(request, delivery_id: int, payload: ReportIn):
    return services.notice_report(actor=request.user, delivery_id=delivery_id, text=payload.text)


@router.post("/notices/received/{delivery_id}/forward", response={201: NoticeOut})
def forward(request, delivery_id: int, payload: ForwardIn):
    return Status(
        201,
        services.notice_forward(actor=request.user, delivery_id=delivery_id, **payload.dict()),
    )


# ---- surveys -------------------------------------------------------------------------


@router.get("/surveys", response=list[SurveyOut])
@paginate(LimitOffsetPagination)
def list_surveys(request, filters: Query[SURVEYS.api_filters()]):  # type: ignore[valid-type]
    return SURVEYS.queryset(request.user, filters.dict()).prefetch_related("questions")


@router.post("/surveys", response={201: SurveyOut})
def create_survey(request, payload: SurveyIn):
    data = payload.dict()
    return Status(201, services.survey_create(actor=request.user, **data))


@router.get("/surveys/{survey_id}", response=SurveyOut)
def get_survey(request, survey_id: int):
    return selectors.survey_get(actor=request.user, survey_id=survey_id)


@router.post("/surveys/{survey_id}/open", response=SurveyOut)
def open_survey(request, survey_id: int):
    return services.survey_open(actor=request.user, survey_id=survey_id)


@router.post("/surveys/{survey_id}/close", response=SurveyOut)
def close_survey(request, survey_id: int):
    return services.survey_close(actor=request.user, survey_id=survey_id)


@router.get("/surveys/{survey_id}/results", response=ResultsOut)
def survey_results(request, survey_id: int):
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    total, results = selectors.survey_results(survey=survey)
    return {"responses": total, "questions": results}


@router.get("/surveys/{survey_id}/crosstab", response=CrossTabOut)
def survey_crosstab(request, survey_id: int, question_id: int, dimension: DimensionT):
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    return selectors.survey_crosstab(survey=survey, question_id=question_id, dimension=dimension)


@router.get("/surveys/{survey_id}/results.xlsx", response={200: None})
def survey_results_xlsx(request, survey_id: int):
    """The results and the cross-tabs by every group, as an Excel workbook."""
    survey = selectors.survey_get(actor=request.user, survey_id=survey_id)
    response = HttpResponse(
        survey_workbook(survey),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="survey-{survey.pk}.xlsx"'
    return response


# ---- news ----------------------------------------------------------------------------


@router.get("/news-items", response=list[NewsOut])
@paginate(LimitOffsetPagination)
def list_news(request, filters: Query[NEWS.api_filters()]):  # type: ignore[valid-type]
    return NEWS.queryset(request.user, filters.dict())


@router.post("/news-items", response={201: NewsOut})
def submit_news(request, payload: NewsIn):
    return Status(201, services.news_submit(actor=request.user, **payload.dict()))


@router.get("/news-items/{item_id}", response=NewsOut)
def get_news(request, item_id: int):
    return selectors.news_get(actor=request.user, item_id=item_id)


@router.post("/news-items/{item_id}/adopt", response=NewsOut)
def adopt_news(request, item_id: int, payload: AdoptIn):
    return services.news_adopt(actor=request.user, item_id=item_id, **payload.dict())


@router.post("/news-items/{item_id}/decline", response=NewsOut)
def decline_news(request, item_id: int, payload: DeclineIn):
    return services.news_decline(actor=request.user, item_id=item_id, reason=payload.reason)


# ---- campaigns of works ----------------------------------------------------------------


class WorksCampaignIn(Schema):
    union_id: int
    kind: WorksKindT
    title: Title
    opens_on: date
    closes_on: date


class WorksCampaignOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    kind: str
    title: str
    opens_on: date
    closes_on: date


class EntryIn(Schema):
    union_id: int
    title: Title
    author: Annotated[str, Field(max_length=50)]
    body: Annotated[str, Field(max_length=services.MAX_BODY)]


class EntryOut(Schema):
    id: int
    campaign_id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    title: str
    author: str
    body: str
    submitted_at: datetime
    selected_at: datetime | None
    likes: int

    @staticmethod
    def resolve_likes(obj):
        return getattr(obj, "n_likes", None) if hasattr(obj, "n_likes") else obj.likes.count()


@router.get("/works", response=list[WorksCampaignOut])
@paginate(LimitOffsetPagination)
def list_works(request, filters: Query[WORKS.api_filters()]):  # type: ignore[valid-type]
    return WORKS.queryset(request.user, filters.dict())


@router.post("/works", response={201: WorksCampaignOut})
def create_works(request, payload: WorksCampaignIn):
    return Status(201, services.works_campaign_create(actor=request.user, **payload.dict()))


@router.get("/works/{campaign_id}", response=WorksCampaignOut)
def get_works(request, campaign_id: int):
    return selectors.works_campaign_get(actor=request.user, campaign_id=campaign_id)


@router.get("/works/{campaign_id}/entries", response=list[EntryOut])
@paginate(LimitOffsetPagination)
def list_entries(request, campaign_id: int):
    campaign = selectors.works_campaign_get(actor=request.user, campaign_id=campaign_id)
    return selectors.entry_list(actor=request.user, campaign_id=campaign.pk)


@router.post("/works/{campaign_id}/entries", response={201: EntryOut})
def submit_entry(request, campaign_id: int, payload: EntryIn):
    return Status(
        201, services.entry_submit(actor=request.user, campaign_id=campaign_id, **payload.dict())
    )


@router.post("/works/entries/{entry_id}/select", response=EntryOut)
def select_entry(request, entry_id: int):
    return services.entry_select(actor=request.user, entry_id=entry_id)


# ---- messages to members (staff side; members read theirs on /me/messages/) ----------------


class MessageOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    category: str
    title: str
    body: str
    notice_id: int | None
    sent_at: datetime
    status: str
    total: int
    done: int
    error: str


class MessageIn(Schema):
    union_id: int
    title: Title
    body: Annotated[str, Field(max_length=services.MAX_BODY)]
    category: CategoryT = "general"
    notice_id: int | None = None


@router.get("/messages", response=list[MessageOut])
@paginate(LimitOffsetPagination)
def list_messages(request, filters: Query[MESSAGES.api_filters()]):  # type: ignore[valid-type]
    return MESSAGES.queryset(request.user, filters.dict())


@router.post("/messages", response={201: MessageOut})
def send_message(request, payload: MessageIn):
    """Queue a message to the members of the union's subtree (or of a notice's unions);
    the receipts are written in the background: follow `done` of `total`."""
    return Status(201, services.message_send(actor=request.user, **payload.dict()))


@router.get("/messages/{message_id}", response=MessageOut)
def get_message(request, message_id: int):
    return selectors.message_get(actor=request.user, message_id=message_id)


# ---- education bases -------------------------------------------------------------------------


class BaseOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    name: str
    address: str
    lat: float
    lng: float
    named_on: date
    description: str
    is_active: bool


class BaseIn(Schema):
    union_id: int
    name: Annotated[str, Field(max_length=120)]
    address: Annotated[str, Field(max_length=200)] = ""
    lat: float
    lng: float
    named_on: date
    description: Annotated[str, Field(max_length=5000)] = ""


@router.get("/education-bases", response=list[BaseOut])
@paginate(LimitOffsetPagination)
def list_bases(request, filters: Query[BASES.api_filters()]):  # type: ignore[valid-type]
    return BASES.queryset(request.user, filters.dict())


@router.post("/education-bases", response={201: BaseOut})
def create_base(request, payload: BaseIn):
    return Status(201, services.base_create(actor=request.user, **payload.dict()))


@router.get("/education-bases/{base_id}", response=BaseOut)
def get_base(request, base_id: int):
    return selectors.base_get(actor=request.user, base_id=base_id)
