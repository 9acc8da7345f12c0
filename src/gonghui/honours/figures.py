"""Honours figures (seed 004 §1): people and collectives awarded, by kind and level, the
nominations and objections behind them, and the care given to model workers. Awards
count in the year of the award, by the nominating union's place in the tree."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import (
    Care,
    CareKind,
    Event,
    EventKind,
    Level,
    Nomination,
    Objection,
    SchemeKind,
    Status,
    Subject,
)

PEOPLE = pgettext_lazy("unit", "people")
COLLECTIVES = pgettext_lazy("unit", "collectives")
TIMES = pgettext_lazy("unit", "times")
FEN = pgettext_lazy("unit", "fen")


def _awarded(path, period):
    return Nomination.objects.select_related("union", "scheme").filter(
        union__path__startswith=path,
        status=Status.AWARDED,
        awarded_on__range=(period.start, period.end),
    )


def _nominated(path, period):
    return Nomination.objects.select_related("union", "scheme").filter(
        union__path__startswith=path,
        created_at__date__range=(period.start, period.end),
    )


def _objections(path, period):
    return Objection.objects.select_related("nomination__union").filter(
        nomination__union__path__startswith=path,
        received_on__range=(period.start, period.end),
    )


def _care(path, period):
    return Care.objects.select_related("worker__union").filter(
        worker__union__path__startswith=path, given_on__range=(period.start, period.end)
    )


AWARDS = [
    # key, label, kind, level, subject
    (
        "honours.model_workers",
        _("provincial model workers and advanced workers awarded"),
        SchemeKind.MODEL_WORKER,
        Level.PROVINCIAL,
        Subject.PERSON,
    ),
    (
        "honours.model_collectives",
        _("provincial advanced collectives awarded"),
        SchemeKind.MODEL_WORKER,
        Level.PROVINCIAL,
        Subject.COLLECTIVE,
    ),
    (
        "honours.may_day_medals",
        _("national May Day labour medals recommended and awarded"),
        SchemeKind.MAY_DAY,
        Level.NATIONAL,
        Subject.PERSON,
    ),
    (
        "honours.may_day_collectives",
        _("national May Day collectives recommended and awarded"),
        SchemeKind.MAY_DAY,
        Level.NATIONAL,
        Subject.COLLECTIVE,
    ),
]

for key, label, kind, level, subject in AWARDS:
    register(
        Figure(
            key,
            label,
            COLLECTIVES if subject == Subject.COLLECTIVE else PEOPLE,
            filtered(_awarded, scheme__kind=kind, scheme__level=level, subject=subject),
            path_field="union__path",
            additive=True,
        )
    )
register(
    Figure(
        "honours.awarded_people",
        _("people awarded honours"),
        PEOPLE,
        filtered(_awarded, subject=Subject.PERSON),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "honours.awarded_collectives",
        _("collectives awarded honours"),
        COLLECTIVES,
        filtered(_awarded, subject=Subject.COLLECTIVE),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "honours.craftsmen",
        _("craftsmen named"),
        PEOPLE,
        filtered(_awarded, scheme__kind=SchemeKind.CRAFTSMAN),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "honours.pioneers",
        _("workers' pioneer teams named"),
        COLLECTIVES,
        filtered(_awarded, scheme__kind=SchemeKind.PIONEER),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "honours.nominations",
        _("nominations entered"),
        TIMES,
        _nominated,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "honours.objections",
        _("objections received during public notice"),
        TIMES,
        _objections,
        path_field="nomination__union__path",
        additive=True,
    )
)
register(
    Figure(
        "honours.care",
        _("care given to model workers"),
        TIMES,
        _care,
        path_field="worker__union__path",
        additive=True,
    )
)
for care_kind, label in CareKind.choices:
    register(
        Figure(
            f"honours.care.{care_kind}",
            label,
            TIMES,
            filtered(_care, kind=care_kind),
            path_field="worker__union__path",
            additive=True,
        )
    )
register(
    Figure(
        "honours.care_amount",
        _("money spent on care of model workers"),
        FEN,
        _care,
        sum_field="amount",
        path_field="worker__union__path",
        additive=True,
    )
)


def _events(path, period):
    return Event.objects.select_related("union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


SESSIONS = pgettext_lazy("unit", "sessions")
PERSON_TIMES = pgettext_lazy("unit", "person-times")

register(
    Figure(
        "honours.events",
        _("activities of model workers"),
        SESSIONS,
        _events,
        path_field="union__path",
        additive=True,
    )
)
for event_kind, label in EventKind.choices:
    register(
        Figure(
            f"honours.events.{event_kind}",
            label,
            SESSIONS,
            filtered(_events, kind=event_kind),
            path_field="union__path",
            additive=True,
        )
    )
register(
    Figure(
        "honours.events_attendance",
        _("attendance at activities of model workers"),
        PERSON_TIMES,
        _events,
        sum_field="attendance",
        path_field="union__path",
        additive=True,
    )
)
