"""Mass-innovation figures (seed 004 §2): each a count or sum over records.

Coverage counts in the year it was reported, pairs in the year they were paired, results in
the year they were submitted (proposals adopted in the year they were submitted), results
put into use and their revenue in the year they were put into use, studios in the year named.
"""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import (
    FIVE_SMALL,
    Coverage,
    Grade,
    MentoringPair,
    Result,
    ResultKind,
    ResultStatus,
    Studio,
    StudioAssessment,
    StudioKind,
    StudioLevel,
    StudioMember,
    StudioStatus,
)

ENTERPRISES = pgettext_lazy("unit", "enterprises")
TEAMS = pgettext_lazy("unit", "teams")
PEOPLE = pgettext_lazy("unit", "people")
PAIRS = pgettext_lazy("unit", "pairs")
ITEMS = pgettext_lazy("unit", "items")
FEN = pgettext_lazy("unit", "fen")


def coverage(path, period):
    return Coverage.objects.select_related("union", "enterprise").filter(
        union__path__startswith=path, reported_on__range=(period.start, period.end)
    )


def pairs(path, period):
    return MentoringPair.objects.select_related("union", "enterprise").filter(
        union__path__startswith=path, paired_on__range=(period.start, period.end)
    )


def results(path, period):
    return Result.objects.select_related("union").filter(
        union__path__startswith=path, submitted_on__range=(period.start, period.end)
    )


def in_use(path, period):
    return Result.objects.select_related("union").filter(
        union__path__startswith=path,
        status=ResultStatus.ADOPTED,
        in_use_on__range=(period.start, period.end),
    )


def named(path, period):
    return Studio.objects.select_related("union", "naming_union").filter(
        union__path__startswith=path,
        status__in=(StudioStatus.NAMED, StudioStatus.REVOKED),
        named_on__range=(period.start, period.end),
    )


def members(path, period):
    """Members on the period's last day of the studios named by then and not revoked."""
    return StudioMember.objects.select_related("studio").filter(
        Q(removed_on__isnull=True) | Q(removed_on__gt=period.end),
        Q(studio__revoked_on__isnull=True) | Q(studio__revoked_on__gt=period.end),
        studio__union__path__startswith=path,
        studio__status__in=(StudioStatus.NAMED, StudioStatus.REVOKED),
        studio__named_on__lte=period.end,
        added_on__lte=period.end,
    )


def assessed(path, period):
    return StudioAssessment.objects.select_related("studio").filter(
        studio__union__path__startswith=path, assessed_on__range=(period.start, period.end)
    )


FIGURES = [
    Figure(
        "innovation.enterprises",
        _("enterprises in five-small activities"),
        ENTERPRISES,
        coverage,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.teams",
        _("teams and workshops in five-small activities"),
        TEAMS,
        coverage,
        sum_field="teams",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.workers",
        _("workers in five-small activities"),
        PEOPLE,
        coverage,
        sum_field="workers",
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.pairs",
        _("master-apprentice pairs"),
        PAIRS,
        pairs,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.five_small",
        _("five-small innovation results"),
        ITEMS,
        lambda path, period: results(path, period).filter(kind__in=FIVE_SMALL),
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.techniques",
        _("techniques and advanced methods summed up"),
        ITEMS,
        lambda path, period: results(path, period).filter(kind=ResultKind.TECHNIQUE),
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.technical",
        _("technical innovations"),
        ITEMS,
        lambda path, period: results(path, period).filter(kind=ResultKind.TECHNICAL),
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.proposals",
        _("rationalization proposals"),
        ITEMS,
        lambda path, period: results(path, period).filter(kind=ResultKind.PROPOSAL),
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.proposals_adopted",
        _("rationalization proposals adopted"),
        ITEMS,
        lambda path, period: results(path, period).filter(
            kind=ResultKind.PROPOSAL, status=ResultStatus.ADOPTED
        ),
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.in_use",
        _("innovation results put into use"),
        ITEMS,
        in_use,
        path_field="union__path",
        additive=True,
    ),
    Figure(
        "innovation.revenue",
        _("revenue made by results put into use"),
        FEN,
        in_use,
        sum_field="revenue",
        path_field="union__path",
        additive=True,
    ),
]
PROVINCE_LABELS = {
    StudioKind.STUDIO: _("provincial innovation studios named"),
    StudioKind.ALLIANCE: _("provincial innovation studio alliances named"),
    StudioKind.PLATFORM: _("provincial skill-improvement platforms named"),
    StudioKind.ACADEMY: _("provincial craftsman academies named"),
}
for kind, label in PROVINCE_LABELS.items():
    FIGURES.append(
        Figure(
            f"innovation.named.province.{kind}",
            label,
            ITEMS,
            filtered(named, kind=kind, level=StudioLevel.PROVINCE),
            path_field="union__path",
            additive=True,
        )
    )
FIGURES.append(
    Figure(
        "innovation.named.city.studio",
        _("city-level innovation studios named"),
        ITEMS,
        lambda path, period: named(path, period).filter(
            kind=StudioKind.STUDIO, level=StudioLevel.CITY
        ),
        path_field="union__path",
        additive=True,
    )
)

STUDIO_FIGURES = [
    ("members", _("members of named studios and platforms"), PEOPLE, members, False),
    ("assessed", _("studios and platforms assessed for the year"), ITEMS, assessed, True),
    (
        "excellent",
        _("studios and platforms assessed excellent"),
        ITEMS,
        filtered(assessed, grade=Grade.EXCELLENT),
        True,
    ),
]
for name, label, unit, records, additive in STUDIO_FIGURES:
    FIGURES.append(
        Figure(
            f"innovation.studios.{name}",
            label,
            unit,
            records,
            path_field="studio__union__path",
            additive=additive,
        )
    )
    # the same by kind and by level, each with its records (drill-down)
    for kind in StudioKind:
        FIGURES.append(
            Figure(
                f"innovation.studios.{name}.{kind.value}",
                format_lazy("{}: {}", label, kind.label),
                unit,
                filtered(records, studio__kind=kind),
                path_field="studio__union__path",
                additive=additive,
            )
        )
    for level in StudioLevel:
        FIGURES.append(
            Figure(
                f"innovation.studios.{name}.{level.value}",
                format_lazy("{}: {}", label, level.label),
                unit,
                filtered(records, studio__level=level),
                path_field="studio__union__path",
                additive=additive,
            )
        )

for figure in FIGURES:
    register(figure)
