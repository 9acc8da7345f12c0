"""Reported meetings, their photos and the round-up at /api/v1, within the caller's scope."""

from datetime import date, datetime
from typing import Annotated, Literal, TypeAlias

from django.http import HttpResponse
from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema, Status, UploadedFile
from ninja.pagination import paginate

from gonghui.core.keyset import KeysetPagination

from . import roundup, selectors, services
from .lists import ACTIVITIES, KindT
from .models import Lead

router = Router(tags=["meetings 会议活动"])

# Built from the model's choices, checked by pydantic at run time; mypy cannot build a
# Literal from a tuple and takes these aliases as Any.
LeadT: TypeAlias = Literal[tuple(Lead.values)]  # type: ignore[valid-type]
LangT: TypeAlias = Literal[tuple(roundup.LANGUAGES)]  # type: ignore[valid-type]
Title = Annotated[str, Field(max_length=100)]
Topic = Annotated[str, Field(max_length=300)]
TitleEn = Annotated[str, Field(max_length=200)]  # no Chinese: the service refuses it
TopicEn = Annotated[str, Field(max_length=500)]
Attendance = Annotated[int, Field(ge=0, le=services.MAX_ATTENDANCE)]


class Point(Schema):
    lead: LeadT
    text: Annotated[str, Field(min_length=1, max_length=services.MAX_POINT_LENGTH)]


Points = Annotated[list[Point], Field(max_length=services.MAX_POINTS)]


class PhotoOut(Schema):
    id: int
    caption: str
    content_type: str
    url: str
    uploaded_at: datetime

    @staticmethod
    def resolve_url(obj):
        return reverse("activity-photo", args=[obj.activity_id, obj.pk])


class ActivityOut(Schema):
    id: int
    union_id: int
    union_name: str = Field(alias="union.name")
    held_on: date
    kind: str
    kind_label: str
    title: str
    display_title: str
    title_en: str
    topic: str
    topic_en: str
    points: list[Point]
    attendance: int | None
    photos: list[PhotoOut]
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_kind_label(obj):
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_photos(obj):
        return list(obj.photos.all())


class ActivityIn(Schema):
    union_id: int
    held_on: date
    kind: KindT
    title: Title = ""
    topic: Topic = ""
    title_en: TitleEn = ""
    topic_en: TopicEn = ""
    points: Points = []
    attendance: Attendance | None = None


class ActivityPatch(Schema):
    union_id: int | None = None
    held_on: date | None = None
    kind: KindT | None = None
    title: Title | None = None
    topic: Topic | None = None
    title_en: TitleEn | None = None
    topic_en: TopicEn | None = None
    points: Points | None = None
    attendance: Attendance | None = None


class RoundUpQuery(Schema):
    org_id: int
    date_from: date
    date_to: date
    levels: Annotated[int, Field(ge=0, le=10)] = 1
    include_own: bool = False
    kinds: list[KindT] = []
    lang: LangT = "zh-hans"
    title: Title = ""
    theme: Topic = ""


class ParagraphOut(Schema):
    activity_id: int
    held_on: date
    union: str
    date_text: str
    opening: str
    points: list[str]
    text: str


class RoundUpOut(Schema):
    lang: str
    title: str
    opening: str
    paragraphs: list[ParagraphOut]


def _roundup(request, query: RoundUpQuery) -> roundup.RoundUp:
    parent, activities = selectors.roundup_activities(
        actor=request.user,
        parent_id=query.org_id,
        date_from=query.date_from,
        date_to=query.date_to,
        levels=query.levels,
        include_own=query.include_own,
        kinds=query.kinds,
    )
    return roundup.compose(
        parent,
        activities,
        date_from=query.date_from,
        date_to=query.date_to,
        lang=query.lang,
        title=query.title,
        theme=query.theme,
    )


# Grows with the province: pages by key too (`after`, core.keyset).
@router.get("/activities", response=list[ActivityOut])
@paginate(KeysetPagination)
def list_activities(request, filters: Query[ACTIVITIES.api_filters()]):  # type: ignore[valid-type]
    return ACTIVITIES.queryset(request.user, filters.dict()).prefetch_related("photos")


@router.post("/activities", response={201: ActivityOut})
def create_activity(request, payload: ActivityIn):
    return Status(201, services.activity_create(actor=request.user, **payload.dict()))


@router.get("/activities/roundup", response=RoundUpOut)
def get_roundup(request, query: Query[RoundUpQuery]):
    """The round-up of lower unions' meetings (seed 002's shape), as text."""
    return _roundup(request, query)


@router.get("/activities/roundup.docx", response={200: None})
def get_roundup_docx(request, query: Query[RoundUpQuery]):
    """The same round-up as a Word document."""
    result = _roundup(request, query)
    response = HttpResponse(
        roundup.to_docx(result),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="roundup-{query.org_id}-{query.date_from:%Y%m%d}-'
        f'{query.date_to:%Y%m%d}-{query.lang}.docx"'
    )
    return response


@router.get("/activities/{activity_id}", response=ActivityOut)
def get_activity(request, activity_id: int):
    return selectors.activity_get(actor=request.user, activity_id=activity_id)


@router.patch("/activities/{activity_id}", response=ActivityOut)
def update_activity(request, activity_id: int, payload: ActivityPatch):
    return services.activity_update(
        actor=request.user,
        activity_id=activity_id,
        **payload.dict(exclude_unset=True),
    )


@router.delete("/activities/{activity_id}", response={204: None})
def delete_activity(request, activity_id: int):
    services.activity_delete(actor=request.user, activity_id=activity_id)
    return Status(204, None)


@router.post("/activities/{activity_id}/photos", response={201: PhotoOut})
def add_photo(
    request, activity_id: int, file: File[UploadedFile], caption: str = Form("", max_length=200)
):
    return Status(
        201,
        services.photo_add(
            actor=request.user,
            activity_id=activity_id,
            upload=file,
            caption=caption,
        ),
    )


@router.delete("/activities/{activity_id}/photos/{photo_id}", response={204: None})
def delete_photo(request, activity_id: int, photo_id: int):
    services.photo_delete(actor=request.user, activity_id=activity_id, photo_id=photo_id)
    return Status(204, None)
