"""Every read of reported meetings, already restricted to the caller's subtrees."""

from datetime import date
from typing import TYPE_CHECKING, TypedDict

from django.db.models import F, Q, QuerySet
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.errors import ServiceError
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get, within

from .models import Activity, Photo

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

    class _PhotoCount(TypedDict):
        photo_count: int

    ActivityWithPhotoCount = WithAnnotations[Activity, _PhotoCount]


def activity_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
    write: bool = False,
) -> "QuerySet[ActivityWithPhotoCount]":
    """The meetings the actor may see that match the filters, unsorted (lists.ACTIVITIES
    sorts them)."""
    qs = (
        Activity.objects.visible_to(actor, write=write)
        .select_related("union")
        .annotate(photo_count=related_count(Photo, "activity"))
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(topic__icontains=q)
            | Q(title__icontains=q)
            | Q(union__name__icontains=q)
            | Q(union__name_pinyin__contains=q.lower())
        )
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    qs = within(qs, actor, under_id)
    return qs


def activity_get(*, actor: User, activity_id: int, write: bool = False) -> Activity:
    return get_visible_or_404(
        Activity.objects.select_related("union"), actor, write=write, pk=activity_id
    )


def photo_get(*, actor: User, activity_id: int, photo_id: int, write: bool = False) -> Photo:
    return get_visible_or_404(
        Photo.objects.select_related("activity__union"),
        actor,
        write=write,
        pk=photo_id,
        activity_id=activity_id,
    )


def roundup_activities(
    *,
    actor: User,
    parent_id: int,
    date_from: date,
    date_to: date,
    levels: int = 1,
    include_own: bool = False,
    kinds: list[str] | None = None,
) -> tuple[Organization, list[Activity]]:
    """The meetings of the unions below `parent_id` held in the period, in date order.

    `levels` = 1 takes the parent's direct children (a province's cities, as in seed 002),
    2 their children too, 0 every level below. `include_own` adds the parent's own
    meetings (seed 001 opens with the city federation's). Meetings of one day follow the
    administrative order of their unions (division code, then the tree).
    """
    if date_from > date_to:
        raise ServiceError(_("The end date is before the start date."), field="date_to")
    if levels < 0:
        raise ServiceError(
            _("Levels is 0 (every level below) or a positive number."), field="levels"
        )
    parent = org_get(actor=actor, org_id=parent_id)
    qs = (
        Activity.objects.visible_to(actor)
        .select_related("union")
        .filter(union__path__startswith=parent.path, held_on__range=(date_from, date_to))
    )
    if not include_own:
        qs = qs.exclude(union=parent)
    if levels:
        qs = qs.filter(union__depth__lte=parent.depth + levels)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    order: list[str | OrderBy] = [
        "held_on",
        F("union__region_id").asc(nulls_last=True),
        "union__path",
        "id",
    ]
    return parent, list(qs.order_by(*order))
