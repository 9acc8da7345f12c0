"""Service-position figures: positions by kind and amenity, visits, problems (seed 001)."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import AMENITY_FIELDS, Amenity, Kind, Problem, Station, Status, Visit

# Units, in the context "unit" (人 for people, not 人员).
POSITIONS = pgettext_lazy("unit", "positions")
PROBLEMS = pgettext_lazy("unit", "problems")
VISITS = pgettext_lazy("unit", "visits")


def _end_of(period) -> datetime:
    """The first instant after the period's last day, in local time."""
    return timezone.make_aware(datetime.combine(period.end + timedelta(days=1), time.min))


def _start_of(period) -> datetime:
    return timezone.make_aware(datetime.combine(period.start, time.min))


def _positions(path, period):
    """Positions set up by the end of the period and not closed for good."""
    return Station.objects.filter(
        union__path__startswith=path, created_at__lt=_end_of(period)
    ).exclude(status=Status.CLOSED)


def _visits(path, period):
    return Visit.objects.filter(
        station__union__path__startswith=path, at__gte=_start_of(period), at__lt=_end_of(period)
    )


def _problems_open(path, period):
    """Problems reported by the end of the period and not closed by then."""
    end = _end_of(period)
    return Problem.objects.filter(
        station__union__path__startswith=path, reported_at__lt=end
    ).filter(Q(closed_at__isnull=True) | Q(closed_at__gte=end))


def _problems_reported(path, period):
    return Problem.objects.filter(
        station__union__path__startswith=path,
        reported_at__gte=_start_of(period),
        reported_at__lt=_end_of(period),
    )


register(
    Figure(
        "stations.total",
        _("service positions"),
        POSITIONS,
        _positions,
        path_field="union__path",
        snapshot=True,  # a position's closing has no date: its roll-up is kept
    )
)
for kind, label in Kind.choices:
    register(
        Figure(
            f"stations.by_kind.{kind}",
            label,
            POSITIONS,
            filtered(_positions, kind=kind),
            path_field="union__path",
            snapshot=True,
        )
    )
for amenity, label in Amenity.choices:
    register(
        Figure(
            f"stations.by_amenity.{amenity}",
            label,
            POSITIONS,
            filtered(_positions, **{AMENITY_FIELDS[amenity]: True}),
            path_field="union__path",
            snapshot=True,
        )
    )
register(
    Figure(
        "stations.visits",
        _("visits to service positions"),
        VISITS,
        _visits,
        path_field="station__union__path",
        additive=True,
    )
)
register(
    Figure(
        "stations.problems_reported",
        _("problems reported at service positions"),
        PROBLEMS,
        _problems_reported,
        path_field="station__union__path",
        additive=True,
    )
)
register(
    Figure(
        "stations.problems_open",
        _("problems still open"),
        PROBLEMS,
        _problems_open,
        path_field="station__union__path",
    )
)
