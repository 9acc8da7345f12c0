"""Organization figures (seed 004 §4: "新建工会743个")."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, register

from .models import Organization, OrgKind

BASE_UNIONS = [OrgKind.GRASSROOTS, OrgKind.JOINT]


# Units, in the context "unit" (人 for people, not 人员).
UNIONS = pgettext_lazy("unit", "unions")


def _new_unions(path, period):
    return Organization.objects.filter(
        path__startswith=path, kind__in=BASE_UNIONS, founded_on__range=(period.start, period.end)
    )


def _unions(path, period):
    return Organization.objects.filter(
        path__startswith=path, kind__in=BASE_UNIONS, is_active=True, founded_on__lte=period.end
    )


register(
    Figure(
        "orgs.new_unions",
        _("new unions founded"),
        UNIONS,
        _new_unions,
        path_field="path",
        additive=True,
    )
)
register(
    Figure(
        "orgs.unions",
        _("grassroots and joint unions"),
        UNIONS,
        _unions,
        path_field="path",
        snapshot=True,  # is_active has no date: the roll-up of a closed period is kept
    )
)
