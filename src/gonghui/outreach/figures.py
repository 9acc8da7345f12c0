"""Outreach figures (seed 004 §4): each a count or sum of records, never a typed number.

A stationing group belongs to the year it set out in (start_on); its cadres and funds with
it. Interviews, visits and contacts count by their own day. A union founded or a member
recruited with a group's guidance counts by the day the union was founded or the member
joined, and only as a link to that record.
"""

from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register
from gonghui.members.figures import in_force_at_end
from gonghui.members.models import Membership
from gonghui.orgs.models import Enterprise, Organization, OrgKind

from .models import (
    Assessment,
    AssessmentStatus,
    Contact,
    FoundedUnion,
    Interview,
    OutreachGrant,
    PairLevel,
    Problem,
    ProblemStatus,
    RecruitedMember,
    StationingCadre,
    StationingGroup,
    Trainee,
    TrainingCourse,
    Visit,
)

GROUPS = pgettext_lazy("unit", "groups")
PEOPLE = pgettext_lazy("unit", "people")
PERSON_TIMES = pgettext_lazy("unit", "person-times")
UNIONS = pgettext_lazy("unit", "unions")
ENTERPRISES = pgettext_lazy("unit", "enterprises")
TIMES = pgettext_lazy("unit", "times")
ITEMS = pgettext_lazy("unit", "items")
FEN = pgettext_lazy("unit", "fen")
UNION_KINDS = [OrgKind.GRASSROOTS, OrgKind.JOINT, OrgKind.INDUSTRY, OrgKind.TOWNSHIP]


def _groups(path, period):
    return StationingGroup.objects.select_related("union", "place").filter(
        union__path__startswith=path, start_on__range=(period.start, period.end)
    )


# ---- 1. stationing ------------------------------------------------------------------------

register(
    Figure(
        "outreach.groups",
        _("stationing groups"),
        GROUPS,
        _groups,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.cadres",
        _("cadres sent to the grassroots"),
        PEOPLE,
        lambda path, period: StationingCadre.objects.select_related("group").filter(
            group__union__path__startswith=path,
            group__start_on__range=(period.start, period.end),
        ),
        path_field="group__union__path",
        additive=True,
    )
)
# Funds are read from the grants, each one posting on the ledger (campaigns/ledger.py).
register(
    Figure(
        "outreach.funds",
        _("special funds of stationing groups"),
        FEN,
        lambda path, period: OutreachGrant.objects.select_related("group", "to_org").filter(
            group__isnull=False,
            from_org__path__startswith=path,
            group__start_on__range=(period.start, period.end),
        ),
        sum_field="amount",
        path_field="from_org__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.pairing_grants",
        _("grants to paired county unions"),
        FEN,
        lambda path, period: OutreachGrant.objects.select_related("pairing", "to_org").filter(
            pairing__isnull=False,
            from_org__path__startswith=path,
            granted_on__range=(period.start, period.end),
        ),
        sum_field="amount",
        path_field="from_org__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.interviewed",
        _("officials and workers interviewed"),
        PEOPLE,
        lambda path, period: Interview.objects.select_related("group").filter(
            group__union__path__startswith=path, held_on__range=(period.start, period.end)
        ),
        sum_field="people",
        path_field="group__union__path",
        additive=True,
    )
)
# The enterprises themselves (each once, however often visited): no path of their own
# among the visits, so this figure is counted live rather than from roll-ups.
register(
    Figure(
        "outreach.enterprises",
        _("enterprises visited by stationing groups"),
        ENTERPRISES,
        lambda path, period: Enterprise.objects.filter(
            outreach_visits__group__union__path__startswith=path,
            outreach_visits__visited_on__range=(period.start, period.end),
        ).distinct(),
    )
)
register(
    Figure(
        "outreach.unions_founded",
        _("unions founded with stationing groups' guidance"),
        UNIONS,
        lambda path, period: FoundedUnion.objects.select_related("org", "group").filter(
            group__union__path__startswith=path,
            org__founded_on__range=(period.start, period.end),
        ),
        path_field="group__union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.members_recruited",
        _("members recruited with stationing groups' guidance"),
        PEOPLE,
        lambda path, period: RecruitedMember.objects.select_related("membership", "group").filter(
            group__union__path__startswith=path,
            membership__joined_on__range=(period.start, period.end),
        ),
        path_field="group__union__path",
        additive=True,
    )
)


# ---- 2. cadres into enterprises -------------------------------------------------------------


def _visits(path, period):
    return Visit.objects.select_related("union", "enterprise").filter(
        union__path__startswith=path, visited_on__range=(period.start, period.end)
    )


def _problems(path, period):
    return Problem.objects.select_related("visit", "responsible").filter(
        visit__union__path__startswith=path,
        visit__visited_on__range=(period.start, period.end),
    )


register(
    Figure(
        "outreach.visits",
        _("visits to enterprises and sites"),
        TIMES,
        _visits,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.workers_met",
        _("workers met on visits"),
        PERSON_TIMES,
        _visits,
        sum_field="workers_met",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.problems",
        _("problems found on visits"),
        ITEMS,
        _problems,
        path_field="visit__union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.problems_solved",
        _("problems found on visits and solved"),
        ITEMS,
        filtered(_problems, status=ProblemStatus.SOLVED),
        path_field="visit__union__path",
        additive=True,
    )
)


# ---- 3. paired liaison -------------------------------------------------------------------------


def _counties(path, period):
    return Organization.objects.filter(path__startswith=path, kind=OrgKind.COUNTY, is_active=True)


def _paired(path, period, levels=None):
    pairing = Q(outreach_pairings__year=period.start.year)
    if levels:
        pairing &= Q(outreach_pairings__level__in=levels)
    return _counties(path, period).filter(pairing).distinct()


# The county unions and the enterprises on file now (no dates): their roll-ups of a closed
# period are snapshots, kept once counted (core.figures.Figure.snapshot).
register(
    Figure(
        "outreach.counties",
        _("county unions"),
        UNIONS,
        _counties,
        path_field="path",
        snapshot=True,
    )
)
register(
    Figure(
        "outreach.counties_paired",
        _("county unions with paired liaison"),
        UNIONS,
        _paired,
        path_field="path",
        snapshot=True,
    )
)
register(
    Figure(
        "outreach.counties_paired_upper",
        _("county unions paired with the national or provincial federation"),
        UNIONS,
        lambda path, period: _paired(path, period, [PairLevel.NATIONAL, PairLevel.PROVINCIAL]),
        path_field="path",
        snapshot=True,
    )
)
register(
    Figure(
        "outreach.contacts",
        _("paired-liaison contacts"),
        TIMES,
        lambda path, period: Contact.objects.select_related("pairing").filter(
            pairing__county__path__startswith=path,
            contacted_on__range=(period.start, period.end),
        ),
        path_field="pairing__county__path",
        additive=True,
    )
)


# ---- 4. the 五强 assessment ------------------------------------------------------------------


def _assessed(path, period):
    return Assessment.objects.select_related("county", "scheme").filter(
        county__path__startswith=path,
        scheme__year=period.start.year,
        status=AssessmentStatus.FINAL,
    )


register(
    Figure(
        "outreach.assessed",
        _("county unions assessed against the 五强 goals"),
        UNIONS,
        _assessed,
        path_field="county__path",
    )
)
register(
    Figure(
        "outreach.assessed_passed",
        _("county unions that reached the 五强 line"),
        UNIONS,
        lambda path, period: _assessed(path, period).filter(
            final_total__gte=F("scheme__pass_line")
        ),
        path_field="county__path",
    )
)


# ---- 5. coverage ---------------------------------------------------------------------------------


def _enterprises(path, period):
    return Enterprise.objects.filter(keeper_path__startswith=path)


register(
    Figure(
        "outreach.enterprises_25",
        _("enterprises of 25 or more workers"),
        ENTERPRISES,
        filtered(_enterprises, employees__gte=25),
        path_field="keeper_path",
        snapshot=True,
    )
)
register(
    Figure(
        "outreach.enterprises_25_unionized",
        _("enterprises of 25 or more workers with a union"),
        ENTERPRISES,
        filtered(_enterprises, employees__gte=25, has_union=True),
        path_field="keeper_path",
        snapshot=True,
    )
)
register(
    Figure(
        "outreach.enterprise_workers",
        _("workers of the enterprises on file"),
        PEOPLE,
        _enterprises,
        sum_field="employees",
        path_field="keeper_path",
        snapshot=True,
    )
)


def _enterprise_members(path, period):
    """Memberships in force on the period's last day of people employed by an enterprise
    the subtree keeps. A stock of dates, not of the present state: the open month is the
    last closed month's roll-up carried forward (core.figures.rolled_forward), not a count
    of the whole register joined to its people (4.4 s at 10 M members, bench/RESULTS.md)."""
    return in_force_at_end(
        Membership.objects.filter(person__employer__keeper_path__startswith=path), period
    )


register(
    Figure(
        "outreach.enterprise_members",
        _("members employed by the enterprises on file"),
        PEOPLE,
        _enterprise_members,
        path_field="person__employer__keeper_path",
    )
)


# ---- 6. cadre training ------------------------------------------------------------------------

SESSIONS = pgettext_lazy("unit", "sessions")
HOURS = pgettext_lazy("unit", "class hours")


def _trainees(path, period):
    return Trainee.objects.select_related("course").filter(
        course__union__path__startswith=path, course__start_on__range=(period.start, period.end)
    )


register(
    Figure(
        "outreach.courses",
        _("training courses for union cadres"),
        SESSIONS,
        lambda path, period: TrainingCourse.objects.select_related("union").filter(
            union__path__startswith=path, start_on__range=(period.start, period.end)
        ),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.trainees",
        _("union cadres trained"),
        PERSON_TIMES,
        _trainees,
        path_field="course__union__path",
        additive=True,
    )
)
register(
    Figure(
        "outreach.training_hours",
        _("class hours of union cadres trained"),
        HOURS,
        _trainees,
        sum_field="course__hours",
        path_field="course__union__path",
        additive=True,
    )
)
