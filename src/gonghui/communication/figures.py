"""Figures of reaching people (seed 004 §1: notices, surveys of workers' thinking, news)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, register

from .models import Delivery, NewsItem, NewsStatus, Notice, Response, Survey

ITEMS = pgettext_lazy("unit", "items")
COPIES = pgettext_lazy("unit", "copies")
TIMES = pgettext_lazy("unit", "times")


def _notices(path, period):
    return Notice.objects.filter(
        union__path__startswith=path, sent_at__date__range=(period.start, period.end)
    )


def _reports(path, period):
    return Delivery.objects.filter(
        union__path__startswith=path, reported_at__date__range=(period.start, period.end)
    )


def _surveys(path, period):
    return Survey.objects.filter(
        union__path__startswith=path, opened_at__date__range=(period.start, period.end)
    )


def _responses(path, period):
    return Response.objects.filter(
        union__path__startswith=path, submitted_at__date__range=(period.start, period.end)
    )


def _news(path, period):
    return NewsItem.objects.filter(
        union__path__startswith=path, submitted_at__date__range=(period.start, period.end)
    )


def _adopted(path, period):
    return NewsItem.objects.filter(
        union__path__startswith=path,
        status=NewsStatus.ADOPTED,
        decided_at__date__range=(period.start, period.end),
    )


register(
    Figure(
        "communication.notices", _("notices sent down"), ITEMS, _notices, path_field="union__path"
    )
)
register(
    Figure(
        "communication.notice_reports",
        _("reports back on notices"),
        ITEMS,
        _reports,
        path_field="union__path",
    )
)
register(
    Figure("communication.surveys", _("surveys opened"), ITEMS, _surveys, path_field="union__path")
)
register(
    Figure(
        "communication.survey_responses",
        _("survey questionnaires answered"),
        COPIES,
        _responses,
        path_field="union__path",
    )
)
register(
    Figure(
        "communication.news_submitted",
        _("news items submitted"),
        ITEMS,
        _news,
        path_field="union__path",
    )
)
register(
    Figure(
        "communication.news_adopted",
        _("news items adopted"),
        ITEMS,
        _adopted,
        path_field="union__path",
    )
)
