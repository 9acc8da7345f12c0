"""Every write about positions, photos, visits and problems: atomic, checked, audited."""

import secrets
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import NotFound, ServiceError, from_validation_error
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.updates import audited_update
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Organization, Region

from . import hours as hours_mod
from . import selectors
from .codes import Action, Code
from .models import (
    AMENITY_FIELDS,
    Amenity,
    Kind,
    Photo,
    Problem,
    ProblemKind,
    ProblemStatus,
    Station,
    Status,
    Visit,
)

STATION_FIELDS = [
    "name",
    "kind",
    "union",
    "address",
    "region",
    "lat",
    "lng",
    "weekly_hours",
    "special_days",
    *AMENITY_FIELDS.values(),
    "phone",
    "note",
    "status",
    "qr_version",
]
# One browser (or one member) counts as one visit per position in this window.
VISIT_WINDOW = timedelta(minutes=10)
MAX_PROBLEMS_PER_VISIT = 3
# Ratings and problems follow a scan within this time.
FEEDBACK_WINDOW = timedelta(hours=24)
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = {b"\xff\xd8\xff": ("image/jpeg", "jpg"), b"\x89PNG\r\n\x1a\n": ("image/png", "png")}


def _validate(obj: Station) -> None:
    try:
        obj.full_clean(exclude=["union", "region"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _writable_union(actor: User, union_id: int) -> Organization:
    try:
        return org_selectors.org_get(actor=actor, org_id=union_id, write=True)
    except Http404 as exc:
        raise NotFound(_("No such union in your subtree."), field="union_id") from exc


def _region(code: str | None) -> Region | None:
    if not code:
        return None
    region = Region.objects.filter(code=code).first()
    if region is None:
        raise ServiceError(
            _("Unknown division code %(code)s (GB/T 2260).") % {"code": code}, field="region"
        )
    return region


def _required(field: str, max_length: int) -> Callable[[Any], str]:
    return lambda value: cleaning.text(value, field=field, max_length=max_length, required=True)


def _optional(field: str, max_length: int) -> Callable[[Any], str]:
    return lambda value: cleaning.text(value, field=field, max_length=max_length)


# What a caller may change of a position, each with its cleaner (see station_update).
_name, _address = _required("name", 100), _required("address", 200)
_phone, _note = _optional("phone", 20), _optional("note", 300)


def _kind(value: Any) -> str:
    return cleaning.choice(value, Kind, field="kind")


def _status(value: Any) -> str:
    return cleaning.choice(value, Status, field="status")


def _amenities(values) -> list[str]:
    values = list(values or [])
    unknown = [v for v in values if v not in Amenity.values]
    if unknown:
        raise ServiceError(
            _("Unknown amenity: %(names)s. Choose from %(choices)s.")
            % {"names": ", ".join(map(str, unknown)), "choices": ", ".join(Amenity.values)},
            field="amenities",
        )
    return values


def _weekly(value) -> list[str]:
    try:
        if isinstance(value, str):
            return hours_mod.parse_hours_text(value)
        return hours_mod.normalize_weekly(value)
    except hours_mod.HoursError as exc:
        raise ServiceError(str(exc), field="hours") from exc


def _special(value) -> list[dict]:
    try:
        if isinstance(value, str):
            return hours_mod.parse_special_days(value)
        return hours_mod.normalize_special_days(value or [])
    except hours_mod.HoursError as exc:
        raise ServiceError(str(exc), field="special_days") from exc


def _no_twin(station: Station) -> None:
    twins = Station.objects.filter(union=station.union, name=station.name).exclude(pk=station.pk)
    if twins.exists():
        raise ServiceError(
            _("%(union)s already keeps a position named %(name)s.")
            % {"union": station.union.name, "name": station.name},
            code=Code.DUPLICATE,
            field="name",
        )


def _check(station: Station) -> None:
    _no_twin(station)
    _validate(station)


@transaction.atomic  # also one row of station_import, in its savepoint
def station_create(
    *,
    actor: User,
    name: str,
    kind: str,
    union_id: int,
    address: str,
    lat,
    lng,
    region: str | None = None,
    hours="每天 08:00-20:00",
    special_days=(),
    amenities=(),
    status: str = Status.OPEN,
    phone: str = "",
    note: str = "",
) -> Station:
    union = _writable_union(actor, union_id)
    station = Station(
        name=_name(name),
        kind=_kind(kind),
        union=union,
        address=_address(address),
        region=_region(region) or union.region,
        weekly_hours=_weekly(hours),
        special_days=_special(special_days),
        status=_status(status),
        phone=_phone(phone),
        note=_note(note),
    )
    station.lat, station.lng = selectors.check_coordinates(lat, lng)
    station.set_amenities(_amenities(amenities))
    _check(station)
    station.save()
    audit.record(
        actor=actor,
        action=Action.CREATE,
        obj=station,
        changes=audit.snapshot(station, STATION_FIELDS),
    )
    return station


def _as_fields(station: Station, changes: dict[str, Any]) -> dict[str, Any]:
    """A caller's changes as the station's fields: `hours` is weekly_hours, `amenities`
    the has_* columns, and a new latitude or longitude is checked with the other one."""
    fields = dict(changes)
    if "hours" in fields:
        fields["weekly_hours"] = fields.pop("hours")
    if "amenities" in fields:
        chosen = _amenities(fields.pop("amenities"))
        fields.update({column: a in chosen for a, column in AMENITY_FIELDS.items()})
    if "lat" in fields or "lng" in fields:
        fields["lat"], fields["lng"] = selectors.check_coordinates(
            fields.get("lat", station.lat), fields.get("lng", station.lng)
        )
    return fields


@transaction.atomic(durable=True)
def station_update(*, actor: User, station_id: int, **changes: Any) -> Station:
    station = selectors.station_get(actor=actor, station_id=station_id, write=True)
    station = Station.objects.select_for_update().select_related("union").get(pk=station.pk)
    audited_update(
        station,
        _as_fields(station, changes),
        actor=actor,
        editable={
            "name": _name,
            "kind": _kind,
            "union_id": lambda v: _writable_union(actor, v).pk,
            "address": _address,
            "region": _region,
            "lat": None,  # checked together by _as_fields
            "lng": None,
            "weekly_hours": _weekly,
            "special_days": _special,
            **dict.fromkeys(AMENITY_FIELDS.values()),  # from the checked amenities
            "phone": _phone,
            "note": _note,
            "status": _status,
        },
        audit_fields=STATION_FIELDS,
        check=_check,
        action=Action.UPDATE,
    )
    return station


@transaction.atomic(durable=True)
def station_poster_renew(*, actor: User, station_id: int) -> Station:
    """Retire every printed poster of this position: their QR codes stop working."""
    station = selectors.station_get(actor=actor, station_id=station_id, write=True)
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.qr_version += 1
    station.save(update_fields=["qr_version", "updated_at"])
    audit.record(
        actor=actor,
        action=Action.POSTER_RENEW,
        obj=station,
        changes={"qr_version": [station.qr_version - 1, station.qr_version]},
    )
    return station


# ---- photos ------------------------------------------------------------------------------
@transaction.atomic(durable=True)
def photo_add(*, actor: User, station_id: int, upload, caption: str = "") -> Photo:
    station = selectors.station_get(actor=actor, station_id=station_id, write=True)
    if upload is None:
        raise ServiceError(_("Choose a photo to upload."), field="image")
    if upload.size > PHOTO_MAX_BYTES:
        raise ServiceError(_("A photo may be at most 5 MB."), field="image")
    head = upload.read(8)
    upload.seek(0)
    kind = next((v for magic, v in PHOTO_TYPES.items() if head.startswith(magic)), None)
    if kind is None:
        raise ServiceError(_("Upload a JPEG or PNG picture."), field="image")
    upload.name = f"photo.{kind[1]}"
    photo = Photo(
        station=station,
        image=upload,
        content_type=kind[0],
        caption=cleaning.text(caption, field="caption", max_length=100),
    )
    photo.save()
    audit.record(
        actor=actor,
        action=Action.PHOTO_ADD,
        obj=photo,
        changes={"station": station.pk, "caption": photo.caption},
    )
    return photo


@transaction.atomic(durable=True)
def photo_delete(*, actor: User, station_id: int, photo_id: int) -> None:
    try:
        photo = get_visible_or_404(
            Photo.objects.select_related("station__union"),
            actor,
            write=True,
            pk=photo_id,
            station_id=station_id,
        )
    except Http404 as exc:
        raise NotFound(_("No such photo in your subtree."), field="photo") from exc
    audit.record(
        actor=actor,
        action=Action.PHOTO_DELETE,
        obj=photo,
        changes={"station": photo.station_id},
    )
    storage, name = photo.image.storage, photo.image.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


# ---- import --------------------------------------------------------------------------------
class ImportRefused(ServiceError):
    """An import with bad rows: nothing was written; `rows` says which and why."""

    def __init__(self, rows: list[tuple[int, str]]):
        self.rows = rows
        lines = [
            _("Line %(line)s: %(reason)s") % {"line": line, "reason": reason}
            for line, reason in rows
        ]
        super().__init__(
            _("%(n)s rows have errors; nothing was imported.") % {"n": len(rows)},
            code=Code.BAD_ROWS,
            fields={"file": lines},
        )


@transaction.atomic(durable=True)
def station_import(*, actor: User, upload, dry_run: bool = False) -> list[Station]:
    """Positions from an Excel sheet, all or nothing: one bad row and none is written."""
    from . import importer

    rows = importer.read_rows(upload)
    if not rows:
        raise ServiceError(_("The sheet has no rows below its header."), field="file")
    problems: list[tuple[int, str]] = []
    created: list[Station] = []
    seen: set[tuple[int, str]] = set()
    for line, raw in rows:
        try:
            fields = importer.clean_row(raw, actor=actor)
            key = (fields["union_id"], fields["name"])
            if key in seen:
                raise ServiceError(_("The same union and name appear twice in the file."))
            seen.add(key)
            with transaction.atomic():
                created.append(station_create(actor=actor, **fields))
        except ServiceError as exc:
            column = next(
                (importer.COLUMN_OF[f] for f in exc.fields if f in importer.COLUMN_OF), ""
            )
            problems.append((line, f"{column}: {exc.message}" if column else str(exc.message)))
        if len(problems) >= 500:
            break
    if problems:
        raise ImportRefused(problems)
    if dry_run:
        transaction.set_rollback(True)
    else:
        audit.record(
            actor=actor,
            action=Action.IMPORT,
            org_path=_common_path(created),
            changes={"count": len(created), "ids": [s.pk for s in created][:1000]},
        )
    return created


def _common_path(stations: list[Station]) -> str:
    paths = sorted({s.union.path for s in stations})
    if not paths:
        return ""
    first, last = paths[0], paths[-1]
    i = 0
    while i < min(len(first), len(last)) and first[i] == last[i]:
        i += 1
    return first[: first.rfind("/", 0, i + 1) + 1] if i < len(first) else first


# ---- visits and problems -------------------------------------------------------------------
def new_visitor_id() -> str:
    return secrets.token_hex(16)


def _recent_visit(station: Station, *, visitor: str, user: User | None) -> Visit | None:
    since = timezone.now() - VISIT_WINDOW
    qs = station.visits.filter(at__gte=since)
    same = qs.filter(visitor=visitor)
    if user is not None:
        same = same | qs.filter(user=user)
    return same.order_by("-at").first()


def _member(user: User | AnonymousUser | None) -> User | None:
    """The signed-in member behind a public action; None for an anonymous worker."""
    return user if isinstance(user, User) and user.is_authenticated else None


@transaction.atomic(durable=True)
def visit_record(
    *, token: str, visitor: str, user: User | AnonymousUser | None = None
) -> tuple[Visit, bool]:
    """A scan of a poster. Returns the visit and whether it is new: the same browser (or
    member) scanning the same position again within ten minutes counts once."""
    station = selectors.station_for_token(token)
    if station is None:
        raise NotFound(
            _("This QR code is not valid any more. Please tell the union."), field="token"
        )
    if station.status == Status.CLOSED:
        raise ServiceError(_("This position has closed."), code=Code.CLOSED, field="token")
    if not visitor or len(visitor) > 32:
        raise ServiceError(_("Your browser must accept cookies to check in."), field="visitor")
    member = _member(user)
    # Serialize scans of one position, so that two quick scans cannot both count.
    station = Station.objects.select_for_update().select_related("union").get(pk=station.pk)
    recent = _recent_visit(station, visitor=visitor, user=member)
    if recent is not None:
        return recent, False
    visit = Visit.objects.create(station=station, user=member, visitor=visitor)
    audit.record(
        actor=member, actor_name="" if member else "visitor", action=Action.VISIT, obj=visit
    )
    return visit, True


def _own_visit(visit_id: int, visitor: str) -> Visit:
    """The visit this browser made (its visitor id is the proof), if recent enough."""
    visit = (
        Visit.objects.select_related("station", "station__union")
        .filter(pk=visit_id, visitor=visitor)
        .first()
        if visitor
        else None
    )
    if visit is None:
        raise NotFound(_("Scan the position's QR code first."), field="visit")
    if timezone.now() - visit.at > FEEDBACK_WINDOW:
        raise ServiceError(
            _("This visit is too long ago to rate; scan the code again."), field="visit"
        )
    return visit


@transaction.atomic(durable=True)
def visit_rate(
    *, visit_id: int, visitor: str, rating: Any, user: User | AnonymousUser | None = None
) -> Visit:
    visit = _own_visit(visit_id, visitor)
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise ServiceError(_("Give 1 to 5 stars."), field="rating")
    before = visit.rating
    visit.rating = rating
    visit.save(update_fields=["rating"])
    member = _member(user)
    audit.record(
        actor=member,
        actor_name="" if member else "visitor",
        action=Action.RATE,
        obj=visit,
        changes={"rating": [before, rating]},
    )
    return visit


@transaction.atomic(durable=True)
def problem_report(
    *,
    visit_id: int,
    visitor: str,
    kind: str,
    text: str = "",
    user: User | AnonymousUser | None = None,
) -> Problem:
    visit = _own_visit(visit_id, visitor)
    kind = cleaning.choice(kind, ProblemKind, field="kind")
    text = cleaning.text(text, field="text", max_length=500, required=kind == ProblemKind.OTHER)
    if visit.problems.count() >= MAX_PROBLEMS_PER_VISIT:
        raise ServiceError(
            _("Thank you: this visit has already reported enough problems."),
            code=Code.TOO_MANY,
            field="kind",
        )
    member = _member(user)
    problem = Problem.objects.create(
        station=visit.station, visit=visit, kind=kind, text=text, reported_by=member
    )
    audit.record(
        actor=member,
        actor_name="" if member else "visitor",
        action=Action.PROBLEM_REPORT,
        obj=problem,
        changes={"kind": kind, "text": text},
    )
    return problem


@transaction.atomic(durable=True)
def problem_close(*, actor: User, problem_id: int, note: str) -> Problem:
    problem = selectors.problem_get(actor=actor, problem_id=problem_id, write=True)
    problem = (
        Problem.objects.select_for_update().select_related("station__union").get(pk=problem.pk)
    )
    note = cleaning.text(note, field="note", max_length=500, required=True)
    if problem.status == ProblemStatus.CLOSED:
        raise ServiceError(_("This problem was already closed."), code=Code.CLOSED, field="note")
    problem.status = ProblemStatus.CLOSED
    problem.closed_at = timezone.now()
    problem.closed_by = actor
    problem.close_note = note
    problem.save()
    audit.record(
        actor=actor,
        action=Action.PROBLEM_CLOSE,
        obj=problem,
        changes={"status": ["open", "closed"], "note": note},
    )
    return problem
