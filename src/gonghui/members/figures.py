"""Membership figures (seed 004 §4: "发展会员64287名", "28万新就业形态劳动者入会")."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import GIG_KINDS, Membership, WorkKind

# Units, in the context "unit" (人 for people, not 人员).
PEOPLE = pgettext_lazy("unit", "people")


def _members_at_end(path, period):
    """Memberships in force on the last day of the period."""
    return Membership.objects.filter(
        union__path__startswith=path, started_on__lte=period.end
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))


def _new_members(path, period):
    """People who joined in the period; a transfer is not a new member."""
    return Membership.objects.filter(
        union__path__startswith=path,
        joined_on__range=(period.start, period.end),
        transfer_in__isnull=True,
    )


register(Figure("members.total", _("members"), PEOPLE, _members_at_end, path_field="union__path"))
register(
    Figure(
        "members.new",
        _("new members"),
        PEOPLE,
        _new_members,
        path_field="union__path",
        additive=True,
    )
)
register(
    Figure(
        "members.gig",
        _("gig-worker members"),
        PEOPLE,
        lambda path, period: _members_at_end(path, period).filter(person__work_kind__in=GIG_KINDS),
        path_field="union__path",
    )
)
register(
    Figure(
        "members.gig_new",
        _("new gig-worker members"),
        PEOPLE,
        lambda path, period: _new_members(path, period).filter(person__work_kind__in=GIG_KINDS),
        path_field="union__path",
        additive=True,
    )
)
for kind, label in WorkKind.choices:
    register(
        Figure(
            f"members.by_work_kind.{kind}",
            label,
            PEOPLE,
            filtered(_members_at_end, person__work_kind=kind),
            path_field="union__path",
        )
    )
