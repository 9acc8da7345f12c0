"""Competition and training figures (seed 004 §2): each a count or sum over records.

A competition's enterprises and workers count in the year it starts; events, contestants
and training in the year they were held. Contestants count when accepted; training once
approved. An enterprise in two competitions counts twice (once per competition entered),
as the reports of each competition add up.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, register

from .models import (
    LABOUR_AND_SKILLS,
    Competition,
    CompetitionKind,
    Contestant,
    EntryStatus,
    Event,
    LibraryStatus,
    Participation,
    ReviewStatus,
    Round,
    TrainingKind,
    TrainingSession,
)

ENTERPRISES = pgettext_lazy("unit", "enterprises")
PEOPLE = pgettext_lazy("unit", "people")
PERSON_TIMES = pgettext_lazy("unit", "person-times")
PROJECTS = pgettext_lazy("unit", "projects")
TRADES = pgettext_lazy("unit", "trades")
CONTESTANTS = pgettext_lazy("unit", "contestants")
EVENTS = pgettext_lazy("unit", "events")
FEN = pgettext_lazy("unit", "fen")
COMPETITIONS = pgettext_lazy("unit", "competitions")


def competitions(path, period):
    return Competition.objects.select_related("union").filter(
        union__path__startswith=path, starts_on__range=(period.start, period.end)
    )


def participations(path, period, kinds=LABOUR_AND_SKILLS):
    return Participation.objects.select_related("competition", "enterprise", "union").filter(
        union__path__startswith=path,
        competition__kind__in=kinds,
        competition__starts_on__range=(period.start, period.end),
    )


def library(path, period):
    return Competition.objects.select_related("union").filter(
        union__path__startswith=path,
        library_status=LibraryStatus.LISTED,
        library_decided_on__range=(period.start, period.end),
    )


def events(path, period):
    return Event.objects.select_related("competition", "union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


def final_events(path, period):
    return events(path, period).filter(round=Round.PROVINCE)


def final_contestants(path, period):
    return Contestant.objects.select_related("event__union").filter(
        event__union__path__startswith=path,
        event__round=Round.PROVINCE,
        event__held_on__range=(period.start, period.end),
        status=EntryStatus.ACCEPTED,
    )


def titled(path, period):
    return (
        Contestant.objects.select_related("event__union")
        .filter(
            event__union__path__startswith=path,
            event__held_on__range=(period.start, period.end),
            status=EntryStatus.ACCEPTED,
        )
        .exclude(title="")
    )


def training(path, period):
    return TrainingSession.objects.select_related("union", "enterprise").filter(
        union__path__startswith=path,
        held_on__range=(period.start, period.end),
        status=ReviewStatus.APPROVED,
    )


def on_site(path, period):
    return training(path, period).filter(kind=TrainingKind.ON_SITE)


def _ankang(path, period):
    return participations(path, period, kinds=[CompetitionKind.ANKANG])


FIGURES = [
    Figure(
        "competitions.count",
        _("labour and skills competitions launched"),
        COMPETITIONS,
        lambda path, period: competitions(path, period).filter(kind__in=LABOUR_AND_SKILLS),
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.enterprises",
        _("enterprises taking part in labour and skills competitions"),
        ENTERPRISES,
        participations,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.workers",
        _("workers covered by labour and skills competitions"),
        PEOPLE,
        participations,
        sum_field="workers",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.library",
        _("competitions taken into the project library"),
        PROJECTS,
        library,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.final_trades",
        _("trades at the provincial finals"),
        TRADES,
        final_events,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.final_contestants",
        _("contestants at the provincial finals"),
        CONTESTANTS,
        final_contestants,
        path_field="event__union__path",
        additive=True,
    ),
    Figure(
        "competitions.events",
        _("skills contest events held at every level"),
        EVENTS,
        events,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.event_participants",
        _("workers taking part in skills contest events"),
        PERSON_TIMES,
        events,
        sum_field="participants",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.titled",
        _("contestants awarded a title"),
        PEOPLE,
        titled,
        path_field="event__union__path",
        additive=True,
    ),
    Figure(
        "competitions.ankang.enterprises",
        _("enterprises taking part in the Ankang Cup"),
        ENTERPRISES,
        _ankang,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.ankang.workers",
        _("workers covered by the Ankang Cup"),
        PEOPLE,
        _ankang,
        sum_field="workers",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.training.on_site",
        _("enterprises given order-based on-site training (one per order)"),
        ENTERPRISES,
        on_site,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.training.on_site_trainees",
        _("workers trained on site"),
        PERSON_TIMES,
        on_site,
        sum_field="trainees",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.training.trainees",
        _("workers trained in all courses"),
        PERSON_TIMES,
        training,
        sum_field="trainees",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "competitions.training.subsidy",
        _("training subsidies paid"),
        FEN,
        training,
        sum_field="subsidy",
        path_field="union__path",
        additive=True,
    ),
]

for figure in FIGURES:
    register(figure)
