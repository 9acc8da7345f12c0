"""Welfare figures (seed 004 §3): members covered by mutual insurance (free for gig
workers among them), premiums, claims paid and the money paid on them. Each counts in
the period of its date, by the member's union's place in the tree."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import Claim, ClaimStatus, Enrolment

PEOPLE = pgettext_lazy("unit", "people")
CASES = pgettext_lazy("unit", "cases")
FEN = pgettext_lazy("unit", "fen")


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
    )
)
register(
    Figure(
        "welfare.enrolled_free",
        _("gig workers given free mutual insurance cover"),
        PEOPLE,
        filtered(_enrolled, free=True),
        path_field="union__path",
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
    )
)
register(
    Figure(
        "welfare.claims_paid",
        _("mutual insurance claims paid"),
        CASES,
        _paid,
        path_field="union__path",
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
    )
)
