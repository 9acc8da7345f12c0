"""Assistance figures (seed 004 §3: needy-worker families by tier, 防止返贫): files opened
and closed, families in hardship by tier, families back in hardship, applications."""

from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import AidApplication, AidKind, ApplicationStatus, HardshipFile, Tier

# Units, in the context "unit" (人 for people, not 人员).
APPLICATIONS = pgettext_lazy("unit", "applications")
FAMILIES = pgettext_lazy("unit", "families")
FEN = pgettext_lazy("unit", "fen")


def _opened(path, period):
    return HardshipFile.objects.filter(
        union__path__startswith=path, opened_on__range=(period.start, period.end)
    )


def _closed(path, period):
    return HardshipFile.objects.filter(
        union__path__startswith=path, closed_on__range=(period.start, period.end)
    )


def _open_at_end(path, period):
    """Families in hardship on the last day of the period."""
    return HardshipFile.objects.filter(
        union__path__startswith=path, opened_on__lte=period.end
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gt=period.end))


def _approved(path, period):
    """Applications whose last step approved them in the period (paid ones included)."""
    return AidApplication.objects.filter(
        union__path__startswith=path,
        decided_at__date__range=(period.start, period.end),
        status__in=[ApplicationStatus.APPROVED, ApplicationStatus.PAID],
    )


register(
    Figure(
        "aid.files.opened",
        _("needy-worker files opened"),
        FAMILIES,
        _opened,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "aid.files.closed",
        _("families out of hardship"),
        FAMILIES,
        _closed,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "aid.files.open",
        _("families in hardship"),
        FAMILIES,
        _open_at_end,
        path_field="union__path",
    )
)
register(
    Figure(
        "aid.files.returned",
        _("families back in hardship within three years"),
        FAMILIES,
        lambda path, period: _opened(path, period).filter(returned=True),
        path_field="union__path",
        additive=True,
    )
)
for tier, label in Tier.choices:
    register(
        Figure(
            f"aid.files.by_tier.{tier}",
            format_lazy("{}: {}", _("families in hardship"), label),
            FAMILIES,
            filtered(_open_at_end, tier=tier),
            path_field="union__path",
        )
    )
register(
    Figure(
        "aid.applications.submitted",
        _("aid applications"),
        APPLICATIONS,
        lambda path, period: AidApplication.objects.filter(
            union__path__startswith=path, submitted_at__date__range=(period.start, period.end)
        ),
        path_field="union__path",
        additive=True,
    )
)
for kind, label in AidKind.choices:
    register(
        Figure(
            f"aid.applications.approved.{kind}",
            format_lazy("{}: {}", _("applications approved"), label),
            APPLICATIONS,
            filtered(_approved, kind=kind),
            path_field="union__path",
            additive=True,
        )
    )
    register(
        Figure(
            f"aid.applications.approved_amount.{kind}",
            format_lazy("{}: {}", _("amount approved"), label),
            FEN,
            filtered(_approved, kind=kind),
            sum_field="approved_amount",
            path_field="union__path",
            additive=True,
        )
    )
