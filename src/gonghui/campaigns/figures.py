"""Campaign and funds figures (seed 004 §3: "下拨送温暖资金2523.63万元", "慰问职工15.62万人次";
§4: 10万元 to each of 56 county unions). Money in fen; people helped in person-times (人次):
each payment that stands (not reversed) is one."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.assistance.models import Tier
from gonghui.core.figures import Figure, filtered, register

from .models import Allocation, CampaignKind, Disbursement, DisbursementStatus, Grant

# Units, in the context "unit" (人 for people, not 人员).
FEN = pgettext_lazy("unit", "fen")
PERSON_TIMES = pgettext_lazy("unit", "person-times")
UNIONS = pgettext_lazy("unit", "unions")


def _sent_down(path, period):
    """Campaign money the union itself sent down (budgets excluded). Not summed over the
    subtree: what a city sends on is part of what the province sent it, so a subtree sum
    would count the same money once per level (下拨 is each union's own act)."""
    return Allocation.objects.filter(
        from_org__path=path, created_at__date__range=(period.start, period.end)
    )


def _helped(path, period):
    """Payments made in the period to people of the subtree, not reversed."""
    return Disbursement.objects.filter(
        union__path__startswith=path,
        status=DisbursementStatus.PAID,
        checked_at__date__range=(period.start, period.end),
    )


def _grants(path, period):
    return Grant.objects.filter(
        batch__from_org__path__startswith=path, created_at__date__range=(period.start, period.end)
    )


register(
    Figure(
        "campaigns.sent_down",
        _("campaign money the union sent down"),
        FEN,
        _sent_down,
        sum_field="amount",
        additive=True,
    )
)
register(
    Figure(
        "campaigns.helped",
        _("people helped"),
        PERSON_TIMES,
        _helped,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "campaigns.paid",
        _("money paid to people"),
        FEN,
        _helped,
        sum_field="amount",
        path_field="union__path",
        additive=True,
    )
)
for kind, label in CampaignKind.choices:
    register(
        Figure(
            f"campaigns.helped.by_kind.{kind}",
            format_lazy("{}: {}", _("people helped"), label),
            PERSON_TIMES,
            filtered(_helped, campaign__kind=kind),
            path_field="union__path",
            additive=True,
        )
    )
    register(
        Figure(
            f"campaigns.paid.by_kind.{kind}",
            format_lazy("{}: {}", _("money paid to people"), label),
            FEN,
            filtered(_helped, campaign__kind=kind),
            sum_field="amount",
            path_field="union__path",
            additive=True,
        )
    )
    register(
        Figure(
            f"campaigns.sent_down.by_kind.{kind}",
            format_lazy("{}: {}", _("campaign money the union sent down"), label),
            FEN,
            filtered(_sent_down, campaign__kind=kind),
            sum_field="amount",
            additive=True,
        )
    )
for tier, label in Tier.choices:
    register(
        Figure(
            f"campaigns.helped.by_tier.{tier}",
            format_lazy("{}: {}", _("people helped"), label),
            PERSON_TIMES,
            filtered(_helped, tier=tier),
            path_field="union__path",
            additive=True,
        )
    )
register(
    Figure(
        "funds.grants",
        _("grants to lower unions"),
        FEN,
        _grants,
        sum_field="amount",
        path_field="batch__from_org__path",
        additive=True,
    )
)
register(
    Figure(
        "funds.grants.count",
        _("unions granted funds"),
        UNIONS,
        _grants,
        path_field="batch__from_org__path",
        additive=True,
    )
)
