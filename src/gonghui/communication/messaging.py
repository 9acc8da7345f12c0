"""The background half of messages to members: writing the receipts and sending the SMS.

`fan_out(message_id)` walks the audience by membership id in batches, bulk-inserts one
Receipt per member (members who muted the category are left out; those who turned SMS
on and have a phone are marked for SMS when a gateway is configured) and moves the
message's progress after each batch, so the staff page shows how far it is. A job that
is run again skips the receipts already written (one per message and member).
`send_sms(message_id)` then sends the waiting texts through sms.py.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.html import strip_tags

from gonghui.core import crypto
from gonghui.members.models import Membership, MembershipStatus

from . import sms
from .models import Delivery, Message, MessageStatus, Receipt, SmsStatus

logger = logging.getLogger("gonghui.communication")

BATCH = 5000


def audience(message: Message) -> QuerySet[Membership]:
    """The active memberships the message goes to: the sender's subtree, or the unions the
    notice went to; without the members who muted the category."""
    qs = Membership.objects.filter(
        status=MembershipStatus.ACTIVE, union__path__startswith=message.union.path
    )
    if message.notice_id is not None:
        qs = qs.filter(
            union_id__in=Delivery.objects.filter(notice_id=message.notice_id).values("union_id")
        )
    return qs.exclude(
        person__message_preference__muted__contains=f",{message.category},"
    ).order_by()


def fan_out(message_id: int) -> Message:
    message = Message.objects.select_related("union").get(pk=message_id)
    if message.status not in {MessageStatus.QUEUED, MessageStatus.SENDING}:
        return message
    members = audience(message)
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENDING, total=members.count()
    )
    with_sms = sms.configured()
    last = 0
    done = Receipt.objects.filter(message=message).count()
    try:
        while True:
            rows = list(
                members.filter(pk__gt=last)
                .order_by("pk")
                .values_list(
                    "pk", "person_id", "union_id", "person__phone_cipher",
                    "person__message_preference__sms",
                )[:BATCH]
            )  # fmt: skip
            if not rows:
                break
            last = rows[-1][0]
            receipts = [
                Receipt(
                    message_id=message.pk,
                    person_id=person_id,
                    union_id=union_id,
                    sms_status=SmsStatus.PENDING if with_sms and wants and phone else "",
                )
                for _pk, person_id, union_id, phone, wants in rows
            ]
            with transaction.atomic():
                Receipt.objects.bulk_create(receipts, ignore_conflicts=True)
                done = Receipt.objects.filter(message=message).count()
                Message.objects.filter(pk=message.pk).update(done=done)
    except Exception as e:  # the job page says what happened; the job can be run again
        logger.exception("message %s: fan-out failed", message.pk)
        Message.objects.filter(pk=message.pk).update(
            status=MessageStatus.FAILED, error=str(e)[:500], finished_at=timezone.now()
        )
        raise
    Message.objects.filter(pk=message.pk).update(
        status=MessageStatus.SENT, done=done, total=done, finished_at=timezone.now()
    )
    message.refresh_from_db()
    return message


def sms_text(message: Message) -> str:
    return f"【{message.union.name}】{message.title} {strip_tags(message.body)}".strip()


def send_sms(message_id: int) -> dict[str, int]:
    """Send every waiting text of the message; each receipt keeps its outcome."""
    counts = {"sent": 0, "failed": 0}
    if not sms.configured():
        return counts  # nothing leaves the platform without a gateway
    message = Message.objects.select_related("union").get(pk=message_id)
    text = sms_text(message)
    limiter = sms.RateLimiter(settings.GONGHUI_SMS_RATE)
    waiting = (
        Receipt.objects.filter(
            ~Q(person__phone_cipher=""), message=message, sms_status=SmsStatus.PENDING
        )
        .order_by("pk")
        .values_list("pk", "person__phone_cipher")
    )
    for pk, cipher in waiting.iterator(chunk_size=1000):
        outcome, attempts = sms.send_with_retries(crypto.decrypt(cipher), text, f"r{pk}", limiter)
        Receipt.objects.filter(pk=pk).update(
            sms_status=SmsStatus.SENT if outcome.ok else SmsStatus.FAILED,
            sms_attempts=attempts,
            sms_error=outcome.error[:200],
            sms_at=timezone.now() if outcome.ok else None,
        )
        counts["sent" if outcome.ok else "failed"] += 1
    return counts


def run(message_id: int) -> None:
    fan_out(message_id)
    send_sms(message_id)


def interrupted(message_id: int) -> None:
    """The worker died mid-job (core/jobs): say so; a run again resumes where it stopped."""
    Message.objects.filter(pk=message_id, status=MessageStatus.SENDING).update(
        status=MessageStatus.FAILED,
        error="interrupted: the worker ended while the message was being sent",
        finished_at=timezone.now(),
    )
