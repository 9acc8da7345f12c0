"""Employment figures (seed 004 §3): each a count or sum of records, drilled down to them.

招聘活动550场 (events), 参展企业12275家 (exhibitors at events held in the period),
提供就业岗位12万余个 (people wanted over the posts offered), 招聘107万余人 (hires the
organizers reported), 就业服务134万余人次 (service records), 实名制安置就业2759人
(placements confirmed by the later check, by the day of placement).
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import (
    Application,
    ApplicationStatus,
    Exhibitor,
    FundAllotment,
    FundPayment,
    FundUse,
    Group,
    Matching,
    Mode,
    Placement,
    PlacementStatus,
    Post,
    RecruitmentEvent,
    Seeker,
    Service,
    Trainee,
    TrainingSession,
)

PEOPLE = pgettext_lazy("unit", "people")
PERSON_TIMES = pgettext_lazy("unit", "person-times")
EVENTS = pgettext_lazy("unit", "events")
ENTERPRISES = pgettext_lazy("unit", "enterprises")
POSTS = pgettext_lazy("unit", "posts")
FEN = pgettext_lazy("unit", "fen")


def _events(path, period):
    return RecruitmentEvent.objects.select_related("union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


def _exhibitors(path, period):
    return Exhibitor.objects.select_related("event__union").filter(
        event__union__path__startswith=path, event__held_on__range=(period.start, period.end)
    )


def _posts(path, period):
    return Post.objects.select_related("union", "region").filter(
        union__path__startswith=path, opened_on__range=(period.start, period.end)
    )


def _services(path, period):
    return Service.objects.select_related("union").filter(
        union__path__startswith=path, given_on__range=(period.start, period.end)
    )


def _placements(path, period):
    return Placement.objects.select_related("seeker__union", "region").filter(
        seeker__union__path__startswith=path,
        placed_on__range=(period.start, period.end),
        status=PlacementStatus.CONFIRMED,
    )


def _seekers(path, period):
    return Seeker.objects.select_related("union").filter(
        union__path__startswith=path, registered_on__range=(period.start, period.end)
    )


register(
    Figure(
        "employment.events",
        _("recruitment events held"),
        EVENTS,
        _events,
        path_field="union__path",
        additive=True,
    )
)
for mode, label in Mode.choices:
    register(
        Figure(
            f"employment.events.{mode}",
            label,
            EVENTS,
            filtered(_events, mode=mode),
            path_field="union__path",
            additive=True,
        )
    )
register(
    Figure(
        "employment.exhibitors",
        _("enterprises exhibiting at recruitment events"),
        ENTERPRISES,
        _exhibitors,
        path_field="event__union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.visitors",
        _("visitors of recruitment events"),
        PERSON_TIMES,
        _events,
        sum_field="visitors",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.hires",
        _("people hired at recruitment events"),
        PEOPLE,
        _events,
        sum_field="hires",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.posts",
        _("posts offered (people wanted)"),
        POSTS,
        _posts,
        sum_field="headcount",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.services",
        _("employment services given"),
        PERSON_TIMES,
        _services,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.services.online",
        _("employment services given online"),
        PERSON_TIMES,
        filtered(_services, channel=Mode.ONLINE),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.placements",
        _("people placed by name (confirmed)"),
        PEOPLE,
        _placements,
        path_field="seeker__union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.seekers",
        _("job seekers registered"),
        PEOPLE,
        _seekers,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.graduates",
        _("graduates of needy families registered"),
        PEOPLE,
        filtered(_seekers, group=Group.NEEDY_GRADUATE),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.graduates_placed",
        _("graduates of needy families placed (confirmed)"),
        PEOPLE,
        filtered(_placements, seeker__group=Group.NEEDY_GRADUATE),
        path_field="seeker__union__path",
        additive=True,
    )
)


def _matchings(path, period):
    return Matching.objects.select_related("union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


def _trainings(path, period):
    return TrainingSession.objects.select_related("union").filter(
        union__path__startswith=path, starts_on__range=(period.start, period.end)
    )


def _trainees(path, period):
    return Trainee.objects.select_related("session__union").filter(
        session__union__path__startswith=path,
        session__starts_on__range=(period.start, period.end),
    )


register(
    Figure(
        "employment.matchings",
        _("employment matchings organized"),
        pgettext_lazy("unit", "times"),
        _matchings,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.trainings",
        _("training sessions held"),
        pgettext_lazy("unit", "sessions"),
        _trainings,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.trainees",
        _("people trained"),
        PEOPLE,
        _trainees,
        path_field="session__union__path",
        additive=True,
    )
)


# The employment fund, read from its payments: each one posting on the one ledger. A grant
# to a lower union's fund moves money inside the tree and is counted apart, so a province's
# figure does not count a sum twice when the county then pays it out.
def _fund_paid(path, period, *, grants: bool):
    rows = FundPayment.objects.select_related("union").filter(
        union__path__startswith=path, paid_on__range=(period.start, period.end)
    )
    return rows.filter(use=FundUse.GRANT) if grants else rows.exclude(use=FundUse.GRANT)


register(
    Figure(
        "employment.fund.paid",
        _("paid from the employment fund"),
        FEN,
        lambda path, period: _fund_paid(path, period, grants=False),
        sum_field="amount",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "employment.fund.granted",
        _("employment fund granted to lower unions"),
        FEN,
        lambda path, period: _fund_paid(path, period, grants=True),
        sum_field="amount",
        path_field="union__path",
        additive=True,
    )
)


def _fund_allotted(path, period):
    return FundAllotment.objects.select_related("union").filter(
        union__path__startswith=path, allotted_on__range=(period.start, period.end)
    )


# 安排500万元促进就业专项资金: what unions set aside from their general funds (a grant from
# a higher union's fund is not an allotment, so nothing is counted twice).
register(
    Figure(
        "employment.fund.allotted",
        _("allotted to the employment fund"),
        FEN,
        _fund_allotted,
        sum_field="amount",
        path_field="union__path",
        additive=True,
    )
)


# Applications from the seekers' phones, by the union that follows the seeker and the day
# they applied; hires are the applications that ended in a placement.
def _applications(path, period):
    return Application.objects.select_related("seeker__union", "post").filter(
        seeker__union__path__startswith=path, applied_on__range=(period.start, period.end)
    )


APPLICATIONS = pgettext_lazy("unit", "applications")

register(
    Figure(
        "employment.applications",
        _("job applications made"),
        APPLICATIONS,
        _applications,
        path_field="seeker__union__path",
        additive=True,
    )
)
for status in (ApplicationStatus.HIRED, ApplicationStatus.NOT_HIRED, ApplicationStatus.WITHDRAWN):
    register(
        Figure(
            f"employment.applications.{status.value}",
            status.label,
            APPLICATIONS,
            filtered(_applications, status=status.value),
            path_field="seeker__union__path",
            additive=True,
        )
    )
