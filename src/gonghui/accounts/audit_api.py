"""The audit log at /api/v1/audit: who changed what and when, in the caller's subtree
(as the admin's read-only list shows it). A big list: it pages by key (core.keyset) for
a program that copies it elsewhere."""

from datetime import date, datetime, time
from typing import Annotated

from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from gonghui.core.keyset import KeysetPagination
from gonghui.core.models import AuditEvent

router = Router(tags=["audit 审计日志"])


class AuditFilter(Schema):
    action: Annotated[str, Field(max_length=40)] = ""
    target_type: Annotated[str, Field(max_length=80, description="e.g. members.membership")] = ""
    target_id: Annotated[str, Field(max_length=64)] = ""
    # Calendar days in Asia/Shanghai, any day the document allows (see _start_of).
    on_or_after: date | None = None
    before: date | None = None


class AuditOut(Schema):
    id: int
    at: datetime
    actor_name: str
    action: str
    target_type: str
    target_id: str
    target_repr: str
    org_id: int | None
    changes: dict


# Nothing was recorded before the first day nor after the last: a day outside them filters
# as they do, so any date is taken (midnight of 0001-01-01 in Shanghai is not a UTC time).
FIRST_DAY, LAST_DAY = date(1970, 1, 1), date(9999, 12, 30)


def _start_of(day: date) -> datetime:
    day = min(max(day, FIRST_DAY), LAST_DAY)
    return timezone.make_aware(datetime.combine(day, time.min))


@router.get("/audit", response=list[AuditOut])
@paginate(KeysetPagination)
def list_audit(request, filters: Query[AuditFilter]):
    """Newest first; `after` pages by key in the order recorded."""
    rows = AuditEvent.objects.visible_to(request.user)
    for name in ("action", "target_type", "target_id"):
        if value := getattr(filters, name):
            rows = rows.filter(**{name: value})
    if filters.on_or_after:
        rows = rows.filter(at__gte=_start_of(filters.on_or_after))
    if filters.before:
        rows = rows.filter(at__lt=_start_of(filters.before))
    return rows.order_by("-at", "-id")
