"""Welfare figures (seed 004 §3): members covered by mutual insurance (free for gig
workers among them), premiums, claims paid and the money paid on them. Each counts in
the period of its date, by the member's union's place in the tree."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import (
    CareVisit,
    Claim,
    ClaimStatus,
    Enrolment,
    ProgramKind,
    RestTrip,
    Screening,
    ScreeningStatus,
    Selection,
    Talk,
    TalkKind,
)

PEOPLE = pgettext_lazy("unit", "people")
CASES = pgettext_lazy("unit", "cases")
FEN = pgettext_lazy("unit", "fen")
TIMES = pgettext_lazy("unit", "times")
PERSON_TIMES = pgettext_lazy("unit", "person-times")


def _enrolled(path, period):
    return Enrolment.objects.select_related("union", "plan").filter(
        union__path__startswith=path, enrolled_on__range=(period.start, period.end)
    )


def _paid(path, period):
    return Claim.objects.select_related("union", "enrolment__plan").filter(
        union__path__startswith=path,
        status=ClaimStatus.PAID,
        paid_on__range=(period.start, period.end),
    )


register(
    Figure(
        "welfare.enrolled",
        _("members enrolled in mutual medical insurance"),
        PEOPLE,
        _enrolled,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "welfare.enrolled_free",
        _("gig workers given free mutual insurance cover"),
        PEOPLE,
        filtered(_enrolled, free=True),
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "welfare.premiums",
        _("mutual insurance premiums received"),
        FEN,
        _enrolled,
        sum_field="premium",
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "welfare.claims_paid",
        _("mutual insurance claims paid"),
        CASES,
        _paid,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "welfare.claim_payouts",
        _("mutual insurance paid out on claims"),
        FEN,
        _paid,
        sum_field="payout",
        path_field="union__path",
        additive=True,
    )
)


# ---- health programs, mental health, rest and recuperation -------------------------------


def _screened(path, period):
    return Screening.objects.select_related("union", "program").filter(
        union__path__startswith=path,
        status=ScreeningStatus.DONE,
        screened_on__range=(period.start, period.end),
    )


def _visits(path, period):
    return CareVisit.objects.select_related("union").filter(
        union__path__startswith=path, visited_on__range=(period.start, period.end)
    )


def _talks(path, period):
    return Talk.objects.select_related("union").filter(
        union__path__startswith=path, held_on__range=(period.start, period.end)
    )


def _travelled(path, period):
    return Selection.objects.select_related("union", "program", "trip").filter(
        union__path__startswith=path, trip__departs_on__range=(period.start, period.end)
    )


def _trips(path, period):
    return RestTrip.objects.select_related("union", "program").filter(
        union__path__startswith=path, departs_on__range=(period.start, period.end)
    )


for key, label, unit, records, sum_field in (
    (
        "welfare.screened_women",
        _("women workers given two-cancer screening"),
        PEOPLE,
        filtered(_screened, program__kind=ProgramKind.SCREENING),
        None,
    ),
    (
        "welfare.health_checks",
        _("model workers given a health check"),
        PEOPLE,
        filtered(_screened, program__kind=ProgramKind.HEALTH_CHECK),
        None,
    ),
    (
        "welfare.screening_follow_up",
        _("screenings whose result asks for follow-up"),
        PEOPLE,
        filtered(_screened, follow_up=True),
        None,
    ),
    ("welfare.care_visits", _("seriously ill workers visited"), PERSON_TIMES, _visits, None),
    ("welfare.care_money", _("care money given to seriously ill workers"), FEN, _visits, "amount"),
    (
        "welfare.mental_lectures",
        _("mental health lectures held"),
        TIMES,
        filtered(_talks, kind=TalkKind.LECTURE),
        None,
    ),
    (
        "welfare.mental_attendance",
        _("workers at mental health lectures and group sessions"),
        PERSON_TIMES,
        _talks,
        "attendance",
    ),
    (
        "welfare.rest_travellers",
        _("workers sent on rest and recuperation"),
        PERSON_TIMES,
        _travelled,
        None,
    ),
    ("welfare.rest_cost", _("rest and recuperation costs"), FEN, _trips, "cost"),
):
    register(
        Figure(
            key, label, unit, records, sum_field=sum_field, path_field="union__path", additive=True
        )
    )
