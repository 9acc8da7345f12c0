"""Figures of reaching people (seed 004 §1: notices, surveys of workers' thinking, news)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, register
from gonghui.orgs.models import Organization

from .models import (
    Delivery,
    EducationBase,
    Entry,
    Like,
    NewsItem,
    NewsStatus,
    Notice,
    Receipt,
    Response,
    Survey,
    WorksKind,
)

PIECES = pgettext_lazy("unit", "pieces")  # 件: notices, reports back
ARTICLES = pgettext_lazy("unit", "articles")  # 篇: news items, works, essays
PROJECTS = pgettext_lazy("survey unit", "surveys")  # 项
COPIES = pgettext_lazy("unit", "copies")
TIMES = pgettext_lazy("unit", "times")
PERSON_TIMES = pgettext_lazy("unit", "person-times")
UNITS = pgettext_lazy("unit", "units")


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
        "communication.notices",
        _("notices sent down"),
        PIECES,
        _notices,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.notice_reports",
        _("reports back on notices"),
        PIECES,
        _reports,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.surveys",
        _("surveys opened"),
        PROJECTS,
        _surveys,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.survey_responses",
        _("survey questionnaires answered"),
        COPIES,
        _responses,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.news_submitted",
        _("news items submitted"),
        ARTICLES,
        _news,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.news_adopted",
        _("news items adopted"),
        ARTICLES,
        _adopted,
        path_field="union__path",
        additive=True,
    )
)


# ---- campaigns of works (seed 004 §1: 主题阅读 优选出作品353篇，点赞26万余人次; 征文 103个单位推报350篇)


def _entries(kind: str, on: str):
    def records(path, period):
        return Entry.objects.filter(
            union__path__startswith=path,
            campaign__kind=kind,
            **{f"{on}__date__range": (period.start, period.end)},
        )

    return records


def _reading_likes(path, period):
    return Like.objects.filter(
        entry__union__path__startswith=path,
        entry__campaign__kind=WorksKind.READING,
        created_at__date__range=(period.start, period.end),
    )


def _essay_units(path, period):
    return Organization.objects.filter(
        path__startswith=path,
        works_entries__campaign__kind=WorksKind.ESSAY,
        works_entries__submitted_at__date__range=(period.start, period.end),
    ).distinct()


register(
    Figure(
        "communication.reading_works",
        _("works selected in themed reading"),
        ARTICLES,
        _entries(WorksKind.READING, "selected_at"),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.reading_likes",
        _("likes of themed reading works"),
        PERSON_TIMES,
        _reading_likes,
        path_field="entry__union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.essays",
        _("essays submitted"),
        ARTICLES,
        _entries(WorksKind.ESSAY, "submitted_at"),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.essay_units",
        _("units that submitted essays"),
        UNITS,
        _essay_units,
        path_field="path",
    )
)


# ---- messages to members and education bases ---------------------------------------------
PLACES = pgettext_lazy("education base unit", "bases")  # 家


def _receipts(path, period):
    """Copies delivered to the members of the subtree, by the day the message was sent."""
    return Receipt.objects.filter(
        union__path__startswith=path,
        message__sent_at__date__range=(period.start, period.end),
    )


def _receipts_read(path, period):
    return _receipts(path, period).filter(read_at__isnull=False)


def _bases(path, period):
    return EducationBase.objects.filter(
        union__path__startswith=path,
        is_active=True,
        named_on__range=(period.start, period.end),
    )


register(
    Figure(
        "communication.messages_delivered",
        _("messages delivered to members"),
        PERSON_TIMES,
        _receipts,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.messages_read",
        _("messages read by members"),
        PERSON_TIMES,
        _receipts_read,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "communication.education_bases",
        _("education bases named"),
        PLACES,
        _bases,
        path_field="union__path",
        additive=True,
    )
)
