"""Democratic-management figures (seed 004 §3: 职代会、厂务公开、职工董事、职工监事等制度建设
…建制率稳步提升; 对114个全国厂务公开民主管理先进单位、12家示范单位进行复查，选树…示范点240个).

Coverage (建制率) is a rate: its figures are the numerator and the denominator, each a
stock of enterprises on the period's last day, by size and by ownership —
rights.democracy.congress / rights.democracy.enterprises is the congress coverage. Each
drills down to the enterprises behind it."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register
from gonghui.orgs.models import Enterprise, Ownership, Size

from .models_democracy import (
    ENTERPRISE_PATH,
    Assessment,
    AssessmentResult,
    BoardSeat,
    CongressSession,
    DemonstrationUnit,
    DemoUnitKind,
    FollowUp,
    OpennessItem,
    Resolution,
    SessionStatus,
    WorkerBoardMember,
)
from .selectors_democracy import seated

ENTERPRISES = pgettext_lazy("unit", "enterprises")
SESSIONS = pgettext_lazy("unit", "sessions")
PEOPLE = pgettext_lazy("unit", "people")
ITEMS = pgettext_lazy("unit", "items")
UNITS = pgettext_lazy("unit", "units")


def enterprises(path, period):
    return Enterprise.objects.select_related("keeper").filter(keeper_path__startswith=path)


def with_congress(path, period):
    return enterprises(path, period).filter(democracy__congress_since__lte=period.end)


def with_openness(path, period):
    return enterprises(path, period).filter(democracy__openness_since__lte=period.end)


def with_directors(path, period):
    return enterprises(path, period).filter(seated(BoardSeat.DIRECTOR, period.end))


def with_supervisors(path, period):
    return enterprises(path, period).filter(seated(BoardSeat.SUPERVISOR, period.end))


COVERAGE = [
    ("rights.democracy.enterprises", _("enterprises on record"), enterprises),
    ("rights.democracy.congress", _("enterprises with a workers' congress system"), with_congress),
    ("rights.democracy.openness", _("enterprises with factory-affairs openness"), with_openness),
    ("rights.democracy.directors", _("enterprises with worker directors"), with_directors),
    ("rights.democracy.supervisors", _("enterprises with worker supervisors"), with_supervisors),
]
for key, label, records in COVERAGE:
    # A stock on the period's last day: never pieced together from months. The enterprises
    # on record are those on file now (no date): their roll-ups are snapshots, kept.
    on_file = records is enterprises
    register(Figure(key, label, ENTERPRISES, records, path_field="keeper_path", snapshot=on_file))
    for size, size_label in Size.choices:
        register(
            Figure(
                f"{key}.by_size.{size}",
                size_label,
                ENTERPRISES,
                filtered(records, size=size),
                path_field="keeper_path",
                snapshot=on_file,
            )
        )
    for ownership, ownership_label in Ownership.choices:
        register(
            Figure(
                f"{key}.by_ownership.{ownership}",
                ownership_label,
                ENTERPRISES,
                filtered(records, ownership=ownership),
                path_field="keeper_path",
                snapshot=on_file,
            )
        )


def sessions_held(path, period):
    return CongressSession.objects.select_related("enterprise").filter(
        enterprise__keeper_path__startswith=path,
        status=SessionStatus.HELD,
        held_on__range=(period.start, period.end),
    )


def resolutions(path, period):
    return Resolution.objects.select_related("session__enterprise").filter(
        session__enterprise__keeper_path__startswith=path,
        session__status=SessionStatus.HELD,
        session__held_on__range=(period.start, period.end),
    )


def openness_items(path, period):
    return OpennessItem.objects.select_related("enterprise").filter(
        enterprise__keeper_path__startswith=path,
        published_on__range=(period.start, period.end),
    )


def board_elected(path, period):
    """Worker directors and supervisors elected in the period."""
    return WorkerBoardMember.objects.select_related("enterprise").filter(
        enterprise__keeper_path__startswith=path,
        elected_on__range=(period.start, period.end),
    )


def units_named(path, period):
    return DemonstrationUnit.objects.select_related("enterprise").filter(
        enterprise__keeper_path__startswith=path,
        named_on__range=(period.start, period.end),
    )


def units_held(path, period):
    """Units holding their title on the period's last day (not revoked by then)."""
    return (
        DemonstrationUnit.objects.select_related("enterprise")
        .filter(enterprise__keeper_path__startswith=path, named_on__lte=period.end)
        .exclude(
            assessments__result=AssessmentResult.REVOKED,
            assessments__assessed_on__lte=period.end,
        )
    )


def assessed(path, period):
    return Assessment.objects.select_related("unit__enterprise").filter(
        unit__enterprise__keeper_path__startswith=path,
        assessed_on__range=(period.start, period.end),
    )


def _flow(key, label, unit, records, path_field, sum_field=None):
    register(
        Figure(key, label, unit, records, sum_field=sum_field, path_field=path_field, additive=True)
    )


_flow(
    "rights.democracy.sessions",
    _("workers' congress sessions held"),
    SESSIONS,
    sessions_held,
    ENTERPRISE_PATH,
)
_flow(
    "rights.democracy.sessions_attendance",
    _("delegates attending congress sessions"),
    pgettext_lazy("unit", "person-times"),
    sessions_held,
    ENTERPRISE_PATH,
    "attendance",
)
_flow(
    "rights.democracy.resolutions",
    _("resolutions adopted by congress sessions"),
    ITEMS,
    resolutions,
    "session__enterprise__keeper_path",
)
_flow(
    "rights.democracy.resolutions_done",
    _("resolutions adopted and carried out"),
    ITEMS,
    filtered(resolutions, follow_up=FollowUp.DONE),
    "session__enterprise__keeper_path",
)
_flow(
    "rights.democracy.openness_items",
    _("items made public to workers (厂务公开)"),
    ITEMS,
    openness_items,
    ENTERPRISE_PATH,
)
for seat, label in BoardSeat.choices:
    _flow(
        f"rights.democracy.elected.by_seat.{seat}",
        label,
        PEOPLE,
        filtered(board_elected, seat=seat),
        ENTERPRISE_PATH,
    )
for kind, label in DemoUnitKind.choices:
    _flow(
        f"rights.democracy.units_named.by_kind.{kind}",
        label,
        UNITS,
        filtered(units_named, kind=kind),
        ENTERPRISE_PATH,
    )
    register(
        Figure(
            f"rights.democracy.units.by_kind.{kind}",
            label,
            UNITS,
            filtered(units_held, kind=kind),
            path_field=ENTERPRISE_PATH,
        )
    )
    _flow(
        f"rights.democracy.assessed.by_kind.{kind}",
        label,
        UNITS,
        filtered(assessed, unit__kind=kind),
        "unit__enterprise__keeper_path",
    )
_flow(
    "rights.democracy.assessed",
    _("demonstration units assessed or re-checked"),
    UNITS,
    assessed,
    "unit__enterprise__keeper_path",
)
_flow(
    "rights.democracy.assessed_score",
    _("assessment scores, summed (divide by the units assessed)"),
    pgettext_lazy("unit", "points"),
    assessed,
    "unit__enterprise__keeper_path",
    "score",
)
_flow(
    "rights.democracy.assessed_kept",
    _("demonstration units that kept their title"),
    UNITS,
    filtered(assessed, result=AssessmentResult.KEPT),
    "unit__enterprise__keeper_path",
)
