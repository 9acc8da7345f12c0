"""Meeting figures (seed 004 §1: meetings held to study and convey, lecture tours)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import MEETING_KINDS, Activity, Kind

# Units, in the context "unit" (人 for people, not 人员).
PERSON_TIMES = pgettext_lazy("unit", "person-times")
SESSIONS = pgettext_lazy("unit", "sessions")
TIMES = pgettext_lazy("unit", "times")


def _activities(path, period):
    return Activity.objects.select_related("union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


register(
    Figure(
        "activities.total",
        _("meetings and activities reported"),
        TIMES,
        _activities,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "activities.meetings",
        _("meetings held"),
        TIMES,
        lambda path, period: _activities(path, period).filter(kind__in=MEETING_KINDS),
        path_field="union__path",
        additive=True,
    )
)
for kind, label in Kind.choices:
    register(
        Figure(
            f"activities.by_kind.{kind}",
            label,
            SESSIONS if kind == Kind.LECTURE_TOUR else TIMES,
            filtered(_activities, kind=kind),
            path_field="union__path",
            additive=True,
        )
    )
register(
    Figure(
        "activities.attendance",
        _("attendance at meetings and activities"),
        PERSON_TIMES,
        _activities,
        sum_field="attendance",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "activities.lecture_tour_audience",
        _("audience of lecture tours"),
        PERSON_TIMES,
        lambda path, period: _activities(path, period).filter(kind=Kind.LECTURE_TOUR),
        sum_field="attendance",
        path_field="union__path",
        additive=True,
    )
)
