"""Membership figures (seed 004 §4: "发展会员64287名", "28万新就业形态劳动者入会")."""

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gonghui.core.figures import Figure, filtered, register

from .models import GIG_KINDS, Membership, Transfer, WorkKind

# Units, in the context "unit" (人 for people, not 人员).
PEOPLE = pgettext_lazy("unit", "people")


def in_force_at_end(memberships, period):
    """`memberships` in force on the period's last day: started by then, not ended by then
    (a stock of dates, which an open period carries from its last closed month)."""
    return memberships.filter(started_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.end)
    )


def _members_at_end(path, period):
    """Memberships in force on the last day of the period."""
    return in_force_at_end(Membership.objects.filter(union__path__startswith=path), period)


def _new_members(path, period):
    """People who joined in the period; a transfer is not a new member.

    "Not a transfer" is NOT EXISTS, not `transfer_in__isnull=True`: PostgreSQL estimated
    that LEFT JOIN … IS NULL at one row of the 3.3 M who joined in a year of the province
    and read them one by one (the drill-down's first ids, 34.6 s); NOT EXISTS is an
    anti-join estimated right, and still one statement for a roll-up's periods
    (core.figures.Figure.values_by_path_over)."""
    return Membership.objects.filter(
        ~Exists(Transfer.objects.filter(new_membership=OuterRef("pk"))),
        union__path__startswith=path,
        joined_on__range=(period.start, period.end),
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
# The order of the gig workers' drill-down sheets (Figure.drill_order): by kind of work
# and person, the order of the gig workers' partial index (Person.Meta), which PostgreSQL
# walks and stops after a sheet. By id it walked the memberships and met the gig workers,
# few and loaded last, after 9.9 M others; by person alone it walked the memberships'
# person index, as far. Nothing else is in the index's order (bench/RESULTS.md).
BY_PERSON = ("person__work_kind", "person_id", "pk")

register(
    Figure(
        "members.gig",
        _("gig-worker members"),
        PEOPLE,
        lambda path, period: _members_at_end(path, period).filter(person__work_kind__in=GIG_KINDS),
        path_field="union__path",
        drill_order=BY_PERSON,
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
        drill_order=BY_PERSON,
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
            # Regular work is most members: by id, as every other sheet.
            drill_order=("pk",) if kind == WorkKind.REGULAR else BY_PERSON,
        )
    )
