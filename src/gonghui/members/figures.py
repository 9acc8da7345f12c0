"""Membership figures (seed 004 §4: "发展会员64287名", "28万新就业形态劳动者入会")."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gonghui.core.figures import Figure, register

from .models import GIG_KINDS, Membership, WorkKind


def _members_at_end(path, period):
    """Memberships in force on the last day of the period."""
    return Membership.objects.filter(
        union__path__startswith=path, started_on__lte=period.end).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=period.end))


def _new_members(path, period):
    """People who joined in the period; a transfer is not a new member."""
    return Membership.objects.filter(union__path__startswith=path,
                                     joined_on__range=(period.start, period.end),
                                     transfer_in__isnull=True)


register(Figure("members.total", _("members"), _("people"), _members_at_end))
register(Figure("members.new", _("new members"), _("people"), _new_members))
register(Figure("members.gig", _("gig-worker members"), _("people"),
                lambda path, period: _members_at_end(path, period).filter(
                    person__work_kind__in=GIG_KINDS)))
register(Figure("members.gig_new", _("new gig-worker members"), _("people"),
                lambda path, period: _new_members(path, period).filter(
                    person__work_kind__in=GIG_KINDS)))
for kind, label in WorkKind.choices:
    register(Figure(f"members.by_work_kind.{kind}", label, _("people"),
                    lambda path, period, kind=kind: _members_at_end(path, period).filter(
                        person__work_kind=kind)))
