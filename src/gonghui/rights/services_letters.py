"""Writes about 一函两书, the supervision letters a union sends: atomic, checked, audited.

A 提示函 goes to an enterprise; an 意见书 or a 建议书 to the enterprise or to the
government. The sending union's staff record the reply (once) and then the
rectification; a letter with no reply past its due day is a to-do.
"""

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import ServiceError
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.models import Enterprise
from gonghui.orgs.services import writable_org

from . import checks, selectors
from .codes import Action, Code
from .models import (
    REPLY_DAYS,
    Addressee,
    LetterIssue,
    LetterKind,
    Rectification,
    SupervisionLetter,
)

LETTER_FIELDS = [
    "union",
    "kind",
    "addressee",
    "enterprise",
    "addressee_name",
    "issue",
    "case",
    "sent_on",
    "reply_due",
    "replied_on",
    "rectification",
    "rectified_on",
]


def enterprise_for(actor: User, union, enterprise_id) -> Enterprise:
    """An enterprise the actor sees, or the one whose union records this."""
    found = checks.pk(enterprise_id)
    enterprise = (
        Enterprise.objects.visible_to(actor).filter(pk=found).first() if found is not None else None
    )
    if enterprise is None and found is not None and union.enterprise_id == found:
        enterprise = union.enterprise
    if enterprise is None:
        raise ServiceError(
            _("Choose an enterprise your union keeps on record."), field="enterprise_id"
        )
    return enterprise


@transaction.atomic(durable=True)
def letter_send(
    *,
    actor: User,
    union_id: int,
    kind: str,
    addressee: str,
    issue: str,
    summary: str,
    enterprise_id: int | None = None,
    addressee_name: str = "",
    case_id: int | None = None,
    sent_on=None,
    reply_due=None,
) -> SupervisionLetter:
    union = writable_org(actor, union_id, "union_id", active=True)
    kind = cleaning.choice(kind, LetterKind, field="kind")
    addressee = cleaning.choice(addressee, Addressee, field="addressee")
    if kind == LetterKind.NOTICE and addressee != Addressee.ENTERPRISE:
        raise ServiceError(
            _("A reminder letter (提示函) goes to an enterprise: choose the enterprise."),
            field="addressee",
        )
    letter = SupervisionLetter(
        union=union,
        kind=kind,
        addressee=addressee,
        issue=cleaning.choice(issue, LetterIssue, field="issue"),
        summary=checks.name(
            summary,
            field="summary",
            max_length=1000,
            message=_("Say what the letter points out and asks for."),
        ),
        created_by=actor,
    )
    if addressee == Addressee.ENTERPRISE:
        letter.enterprise = enterprise_for(actor, union, enterprise_id)
        letter.addressee_name = letter.enterprise.name
    else:
        letter.addressee_name = checks.name(
            addressee_name,
            field="addressee_name",
            max_length=100,
            message=_("Name the government or the department the letter goes to."),
        )
    if case_id is not None:
        letter.case = selectors.case_get(actor=actor, case_id=case_id)
    letter.sent_on = checks.day(sent_on, field="sent_on")
    letter.reply_due = (
        letter.sent_on + timedelta(days=REPLY_DAYS)
        if reply_due is None
        else checks.day(reply_due, field="reply_due", future=True)
    )
    if letter.reply_due < letter.sent_on:
        raise ServiceError(
            _("The reply is due on or after the day the letter is sent."), field="reply_due"
        )
    letter.save()
    audit.record(
        actor=actor,
        action=Action.LETTER_SEND,
        obj=letter,
        changes=audit.snapshot(letter, LETTER_FIELDS),
    )
    return letter


def _letter(actor: User, letter_id) -> SupervisionLetter:
    found = get_visible_or_404(SupervisionLetter.objects.all(), actor, write=True, pk=letter_id)
    return SupervisionLetter.objects.select_for_update(of=("self",)).get(pk=found.pk)


def _on(value, letter: SupervisionLetter, field: str):
    day = checks.day(value, field=field)
    if day < letter.sent_on:
        raise ServiceError(
            _("Enter a day between the day the letter was sent and today."), field=field
        )
    return day


@transaction.atomic(durable=True)
def letter_reply(*, actor: User, letter_id: int, note: str, replied_on=None) -> SupervisionLetter:
    letter = _letter(actor, letter_id)
    if letter.replied_on is not None:
        raise ServiceError(_("The reply is already on file."), code=Code.LETTER_ANSWERED)
    before = audit.snapshot(letter, LETTER_FIELDS)
    letter.replied_on = _on(replied_on, letter, "replied_on")
    letter.reply_note = checks.name(
        note, field="note", max_length=500, message=_("Say what the reply says.")
    )
    letter.save(update_fields=["replied_on", "reply_note"])
    audit.record(
        actor=actor,
        action=Action.LETTER_REPLY,
        obj=letter,
        changes=audit.diff(before, audit.snapshot(letter, LETTER_FIELDS)),
    )
    return letter


@transaction.atomic(durable=True)
def letter_rectification(
    *, actor: User, letter_id: int, rectification: str, note: str = "", on=None
) -> SupervisionLetter:
    """What the addressee did about it: rectified, not rectified, or nothing needed."""
    letter = _letter(actor, letter_id)
    if letter.replied_on is None:
        raise ServiceError(
            _("Record the reply first; the rectification follows it."), code=Code.NOT_REPLIED
        )
    rectification = cleaning.choice(rectification, Rectification, field="rectification")
    if rectification == Rectification.PENDING:
        raise ServiceError(
            _("Choose rectified, not rectified or no rectification needed."),
            field="rectification",
        )
    before = audit.snapshot(letter, LETTER_FIELDS)
    letter.rectification = rectification
    letter.rectified_on = _on(on, letter, "on")
    letter.rectification_note = cleaning.text(note, field="note", max_length=500)
    letter.save(update_fields=["rectification", "rectified_on", "rectification_note"])
    audit.record(
        actor=actor,
        action=Action.LETTER_RECTIFIED,
        obj=letter,
        changes=audit.diff(before, audit.snapshot(letter, LETTER_FIELDS)),
    )
    return letter
