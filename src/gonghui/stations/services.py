"""Every write about positions, photos, visits and problems: atomic, checked, audited."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from gonghui.core import audit
from gonghui.core.errors import NotFound, ServiceError, from_validation_error
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs import selectors as org_selectors
from gonghui.orgs.models import Organization, Region

from . import hours as hours_mod
from . import selectors
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


def _validate(obj) -> None:
    try:
        obj.full_clean(exclude=["union", "region"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _writable_union(actor, union_id) -> Organization:
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


def _text(value, field: str, max_length: int, *, required: bool = True) -> str:
    value = (value or "").strip() if isinstance(value, str) or value is None else None
    if value is None:
        raise ServiceError(_("Enter text."), field=field)
    if required and not value:
        raise ServiceError(_("This field is required."), field=field)
    if len(value) > max_length:
        raise ServiceError(_("At most %(n)s characters.") % {"n": max_length}, field=field)
    return value


def _choice(value, choices, field: str) -> str:
    if value not in choices.values:
        raise ServiceError(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(choices.values)}, field=field
        )
    return value


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


def _coordinates(station: Station, lat, lng) -> None:
    station.lat, station.lng = selectors.check_coordinates(lat, lng)


def _no_twin(station: Station) -> None:
    twins = Station.objects.filter(union=station.union, name=station.name).exclude(pk=station.pk)
    if twins.exists():
        raise ServiceError(
            _("%(union)s already keeps a position named %(name)s.")
            % {"union": station.union.name, "name": station.name},
            code="duplicate",
            field="name",
        )


@transaction.atomic
def station_create(
    *,
    actor,
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
    request=None,
) -> Station:
    union = _writable_union(actor, union_id)
    station = Station(
        name=_text(name, "name", 100),
        kind=_choice(kind, Kind, "kind"),
        union=union,
        address=_text(address, "address", 200),
        region=_region(region) or union.region,
        weekly_hours=_weekly(hours),
        special_days=_special(special_days),
        status=_choice(status, Status, "status"),
        phone=_text(phone, "phone", 20, required=False),
        note=_text(note, "note", 300, required=False),
    )
    _coordinates(station, lat, lng)
    station.set_amenities(_amenities(amenities))
    _no_twin(station)
    _validate(station)
    station.save()
    audit.record(
        actor=actor,
        action="create",
        obj=station,
        org_path=union.path,
        changes=audit.snapshot(station, STATION_FIELDS),
        ip=audit.client_ip(request),
    )
    return station


@transaction.atomic
def station_update(*, actor, station_id: int, request=None, **changes) -> Station:
    station = selectors.station_get(actor=actor, station_id=station_id, write=True)
    station = Station.objects.select_for_update().select_related("union").get(pk=station.pk)
    before = audit.snapshot(station, STATION_FIELDS)
    if "lat" in changes or "lng" in changes:
        _coordinates(station, changes.pop("lat", station.lat), changes.pop("lng", station.lng))
    for field, value in changes.items():
        if field == "union_id":
            station.union = _writable_union(actor, value)
        elif field == "region":
            station.region = _region(value)
        elif field == "hours":
            station.weekly_hours = _weekly(value)
        elif field == "special_days":
            station.special_days = _special(value)
        elif field == "amenities":
            station.set_amenities(_amenities(value))
        elif field == "kind":
            station.kind = _choice(value, Kind, "kind")
        elif field == "status":
            station.status = _choice(value, Status, "status")
        elif field in {"name", "address"}:
            setattr(station, field, _text(value, field, 100 if field == "name" else 200))
        elif field in {"phone", "note"}:
            setattr(
                station, field, _text(value, field, 20 if field == "phone" else 300, required=False)
            )
        else:
            raise ServiceError(
                _("Field %(field)s cannot be changed here.") % {"field": field}, field=field
            )
    _no_twin(station)
    _validate(station)
    station.save()
    change_set = audit.diff(before, audit.snapshot(station, STATION_FIELDS))
    if change_set:
        audit.record(
            actor=actor,
            action="update",
            obj=station,
            org_path=station.union.path,
            changes=change_set,
            ip=audit.client_ip(request),
        )
    return station


@transaction.atomic
def station_poster_renew(*, actor, station_id: int, request=None) -> Station:
    """Retire every printed poster of this position: their QR codes stop working."""
    station = selectors.station_get(actor=actor, station_id=station_id, write=True)
    station = Station.objects.select_for_update().get(pk=station.pk)
    station.qr_version += 1
    station.save(update_fields=["qr_version", "updated_at"])
    audit.record(
        actor=actor,
        action="poster_renew",
        obj=station,
        org_path=station.union.path if station.union_id else "",
        changes={"qr_version": [station.qr_version - 1, station.qr_version]},
        ip=audit.client_ip(request),
    )
    return station


# ---- photos ------------------------------------------------------------------------------
@transaction.atomic
def photo_add(*, actor, station_id: int, upload, caption: str = "", request=None) -> Photo:
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
        caption=_text(caption, "caption", 100, required=False),
    )
    photo.save()
    audit.record(
        actor=actor,
        action="photo_add",
        obj=photo,
        org_path=station.union.path,
        changes={"station": station.pk, "caption": photo.caption},
        ip=audit.client_ip(request),
    )
    return photo


@transaction.atomic
def photo_delete(*, actor, photo_id: int, request=None) -> None:
    try:
        photo = get_visible_or_404(
            Photo.objects.select_related("station__union"), actor, write=True, pk=photo_id
        )
    except Http404 as exc:
        raise NotFound(_("No such photo in your subtree."), field="photo") from exc
    audit.record(
        actor=actor,
        action="photo_delete",
        obj=photo,
        org_path=photo.station.union.path,
        changes={"station": photo.station_id},
        ip=audit.client_ip(request),
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
            code="bad_rows",
            fields={"file": lines},
        )


@transaction.atomic
def station_import(*, actor, upload, dry_run: bool = False, request=None) -> list[Station]:
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
                created.append(station_create(actor=actor, request=request, **fields))
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
            action="import",
            org_path=_common_path(created),
            changes={"count": len(created), "ids": [s.pk for s in created][:1000]},
            ip=audit.client_ip(request),
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


def _recent_visit(station: Station, *, visitor: str, user) -> Visit | None:
    since = timezone.now() - VISIT_WINDOW
    qs = station.visits.filter(at__gte=since)
    same = qs.filter(visitor=visitor)
    if user is not None:
        same = same | qs.filter(user=user)
    return same.order_by("-at").first()


@transaction.atomic
def visit_record(*, token: str, visitor: str, user=None, request=None) -> tuple[Visit, bool]:
    """A scan of a poster. Returns the visit and whether it is new: the same browser (or
    member) scanning the same position again within ten minutes counts once."""
    station = selectors.station_for_token(token)
    if station is None:
        raise NotFound(
            _("This QR code is not valid any more. Please tell the union."), field="token"
        )
    if station.status == Status.CLOSED:
        raise ServiceError(_("This position has closed."), code="closed", field="token")
    if not visitor or len(visitor) > 32:
        raise ServiceError(_("Your browser must accept cookies to check in."), field="visitor")
    user = user if getattr(user, "is_authenticated", False) else None
    # Serialize scans of one position, so that two quick scans cannot both count.
    station = Station.objects.select_for_update().select_related("union").get(pk=station.pk)
    recent = _recent_visit(station, visitor=visitor, user=user)
    if recent is not None:
        return recent, False
    visit = Visit.objects.create(station=station, user=user, visitor=visitor)
    audit.record(
        actor=user,
        actor_name="" if user else "visitor",
        action="visit",
        obj=visit,
        org_path=station.union.path,
        ip=audit.client_ip(request),
    )
    return visit, True


def _own_visit(visit_id, visitor: str) -> Visit:
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


@transaction.atomic
def visit_rate(*, visit_id: int, visitor: str, rating, user=None, request=None) -> Visit:
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
    audit.record(
        actor=user if getattr(user, "pk", None) else None,
        actor_name="" if getattr(user, "pk", None) else "visitor",
        action="rate",
        obj=visit,
        org_path=visit.station.union.path,
        changes={"rating": [before, rating]},
        ip=audit.client_ip(request),
    )
    return visit


@transaction.atomic
def problem_report(
    *, visit_id: int, visitor: str, kind: str, text: str = "", user=None, request=None
) -> Problem:
    visit = _own_visit(visit_id, visitor)
    kind = _choice(kind, ProblemKind, "kind")
    text = _text(text, "text", 500, required=(kind == ProblemKind.OTHER))
    if visit.problems.count() >= MAX_PROBLEMS_PER_VISIT:
        raise ServiceError(
            _("Thank you: this visit has already reported enough problems."),
            code="too_many",
            field="kind",
        )
    user = user if getattr(user, "pk", None) else None
    problem = Problem.objects.create(
        station=visit.station, visit=visit, kind=kind, text=text, reported_by=user
    )
    audit.record(
        actor=user,
        actor_name="" if user else "visitor",
        action="problem_report",
        obj=problem,
        org_path=visit.station.union.path,
        changes={"kind": kind, "text": text},
        ip=audit.client_ip(request),
    )
    return problem


@transaction.atomic
def problem_close(*, actor, problem_id: int, note: str, request=None) -> Problem:
    problem = selectors.problem_get(actor=actor, problem_id=problem_id, write=True)
    problem = (
        Problem.objects.select_for_update().select_related("station__union").get(pk=problem.pk)
    )
    note = _text(note, "note", 500)
    if problem.status == ProblemStatus.CLOSED:
        raise ServiceError(_("This problem was already closed."), code="closed", field="note")
    problem.status = ProblemStatus.CLOSED
    problem.closed_at = timezone.now()
    problem.closed_by = actor
    problem.close_note = note
    problem.save()
    audit.record(
        actor=actor,
        action="problem_close",
        obj=problem,
        org_path=problem.station.union.path,
        changes={"status": ["open", "closed"], "note": note},
        ip=audit.client_ip(request),
    )
    return problem
