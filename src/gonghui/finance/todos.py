"""What waits in union finance (core.todos; shown on the home page): dues in arrears to
remind, rebates and expenditure that another person entered and the actor approves, and
audit findings to rectify or to verify."""

from typing import cast

from django.utils.translation import gettext_lazy as _

from gonghui.accounts.models import User
from gonghui.core.todos import Todo, register
from gonghui.core.types import Actor

from . import selectors
from .models import Due, Finding, FindingStatus


def _arrears(actor: Actor):
    user = cast(User, actor)
    owing = selectors.in_arrears(Due.objects.visible_to(user, write=True))
    return owing.filter(collector_id__in=user.writing_org_ids()).exclude(reminders__isnull=False)


def _rebates(actor: Actor):
    return selectors.rebate_list(actor=cast(User, actor), waiting=True)


def _expenses(actor: Actor):
    return selectors.expense_list(actor=cast(User, actor), waiting=True)


def _to_rectify(actor: Actor):
    user = cast(User, actor)
    return Finding.objects.visible_to(user, write=True).filter(
        status=FindingStatus.OPEN, review__union_id__in=user.writing_org_ids()
    )


def _to_verify(actor: Actor):
    user = cast(User, actor)
    return (
        Finding.objects.visible_to(user, write=True)
        .filter(status=FindingStatus.RECTIFIED, review__committee_id__in=user.writing_org_ids())
        .exclude(rectified_by=user)
    )


register(
    Todo(
        "finance.arrears",
        _("Union funds in arrears with no reminder sent"),
        waiting=_arrears,
        since="due_on",
        url="/finance/dues/?arrears=true",
    )
)
register(
    Todo(
        "finance.rebates",
        _("Union funds rebates waiting for your approval"),
        waiting=_rebates,
        since="applied_at",
        url="/finance/rebates/?waiting=true",
    )
)
register(
    Todo(
        "finance.expenses",
        _("Expenditure waiting for your approval"),
        waiting=_expenses,
        since="created_at",
        url="/finance/expenses/?waiting=true",
    )
)
register(
    Todo(
        "finance.rectify",
        _("Audit findings your union must rectify"),
        waiting=_to_rectify,
        since="created_at",
        url="/finance/findings/?status=open",
    )
)
register(
    Todo(
        "finance.verify",
        _("Rectified audit findings waiting for verification"),
        waiting=_to_verify,
        since="created_at",
        url="/finance/findings/?status=rectified",
    )
)
