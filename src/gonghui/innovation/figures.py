"""Mass-innovation figures (seed 004 §2): each a count or sum over records.

Coverage counts in the year it was reported, pairs in the year they were paired, results in
the year they were submitted (proposals adopted in the year they were submitted), results
put into use and their revenue in the year they were put into use, studios in the year named.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import (
    FIVE_SMALL,
    Coverage,
    MentoringPair,
    Result,
    ResultKind,
    ResultStatus,
    Studio,
    StudioKind,
    StudioLevel,
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
        status=StudioStatus.NAMED,
        named_on__range=(period.start, period.end),
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

for figure in FIGURES:
    register(figure)
