"""Organization figures (seed 004 §4: "新建工会743个")."""

from django.utils.translation import gettext_lazy as _

from gonghui.core.figures import Figure, register

from .models import Organization, OrgKind

BASE_UNIONS = [OrgKind.GRASSROOTS, OrgKind.JOINT]


def _new_unions(path, period):
    return Organization.objects.filter(path__startswith=path, kind__in=BASE_UNIONS,
                                       founded_on__range=(period.start, period.end))


def _unions(path, period):
    return Organization.objects.filter(path__startswith=path, kind__in=BASE_UNIONS,
                                       is_active=True, founded_on__lte=period.end)


register(Figure("orgs.new_unions", _("new unions founded"), _("unions"), _new_unions))
register(Figure("orgs.unions", _("grassroots and joint unions"), _("unions"), _unions))
