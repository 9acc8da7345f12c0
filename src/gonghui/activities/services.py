"""Every write about reported meetings: atomic, checked, audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core import audit, cleaning
from gonghui.core.errors import ServiceError, from_validation_error
from gonghui.core.updates import audited_update
from gonghui.orgs.services import writable_org

from . import selectors
from .codes import Action
from .models import Activity, Kind, Lead, Photo

ACTIVITY_FIELDS = [
    "union",
    "held_on",
    "kind",
    "title",
    "title_en",
    "topic",
    "topic_en",
    "points",
    "attendance",
]
MAX_POINTS = 30
MAX_POINT_LENGTH = 2000
MAX_ATTENDANCE = 10_000_000
MAX_PHOTO_BYTES = 5 * 1024 * 1024
# What a photo's first bytes say it is; the file name and the browser's word are not trusted.
PHOTO_SIGNATURES = [(b"\xff\xd8\xff", "image/jpeg"), (b"\x89PNG\r\n\x1a\n", "image/png")]


def _points(points) -> list[dict]:
    """The points as stored: each a known lead and a non-empty text, in order."""
    if points is None:
        return []
    if not isinstance(points, list):
        raise ServiceError(_("Give the points as a list."), field="points")
    if len(points) > MAX_POINTS:
        raise ServiceError(_("At most %(n)s points.") % {"n": MAX_POINTS}, field="points")
    cleaned = []
    for i, point in enumerate(points, start=1):
        if hasattr(point, "dict"):
            point = point.dict()
        if not isinstance(point, dict):
            raise ServiceError(
                _("Point %(n)s: give how it was put and its text.") % {"n": i},
                field=f"points.{i - 1}",
            )
        lead, text = point.get("lead"), str(point.get("text") or "").strip()
        if lead not in Lead.values:
            raise ServiceError(
                _(
                    "Point %(n)s: choose how it was put (stressed, required, "
                    "pointed out, made clear, also required)."
                )
                % {"n": i},
                field=f"points.{i - 1}.lead",
            )
        if not text:
            raise ServiceError(
                _(
                    "Point %(n)s is empty: write what the meeting stressed or "
                    "required, or remove the point."
                )
                % {"n": i},
                field=f"points.{i - 1}.text",
            )
        if len(text) > MAX_POINT_LENGTH:
            raise ServiceError(
                _("Point %(n)s is too long (at most %(max)s characters).")
                % {"n": i, "max": MAX_POINT_LENGTH},
                field=f"points.{i - 1}.text",
            )
        cleaned.append({"lead": lead, "text": text})
    return cleaned


def _check(activity: Activity) -> None:
    """The rules a report must meet, each against the field at fault."""
    if activity.held_on and activity.held_on > cleaning.today():
        raise ServiceError(
            _("A meeting is reported once it has been held: the date cannot be in the future."),
            field="held_on",
        )
    if activity.kind == Kind.OTHER and not activity.title:
        raise ServiceError(_("Give the name of the activity."), field="title")
    if activity.attendance is not None and not 0 <= activity.attendance <= MAX_ATTENDANCE:
        raise ServiceError(
            _("Attendance is a number of people between 0 and %(max)s.") % {"max": MAX_ATTENDANCE},
            field="attendance",
        )
    try:
        activity.full_clean(exclude=["union", "reported_by", "points"])
    except ValidationError as exc:
        raise from_validation_error(exc) from exc


def _title(value) -> str:
    return cleaning.text(value, field="title")  # the model's max_length is checked by _check


def _topic(value) -> str:
    return cleaning.text(value, field="topic")


def _title_en(value) -> str:
    return cleaning.english(value, field="title_en")  # the length is checked by _check


def _topic_en(value) -> str:
    return cleaning.english(value, field="topic_en")


@transaction.atomic(durable=True)
def activity_create(
    *,
    actor: User,
    union_id: int,
    held_on: date,
    kind: str,
    title: str = "",
    topic: str = "",
    points=None,
    attendance: int | None = None,
    title_en: str = "",
    topic_en: str = "",
) -> Activity:
    """A union reports a meeting or activity it held."""
    activity = Activity(
        union=writable_org(actor, union_id, "union_id", active=True),
        held_on=held_on,
        kind=kind,
        title=_title(title),
        topic=_topic(topic),
        title_en=_title_en(title_en),
        topic_en=_topic_en(topic_en),
        points=_points(points),
        attendance=attendance,
        reported_by=actor,
    )
    _check(activity)
    activity.save()
    audit.record(
        actor=actor,
        action=Action.CREATE,
        obj=activity,
        changes=audit.snapshot(activity, ACTIVITY_FIELDS),
    )
    return activity


@transaction.atomic(durable=True)
def activity_update(*, actor: User, activity_id: int, **changes) -> Activity:
    activity = selectors.activity_get(actor=actor, activity_id=activity_id, write=True)
    activity = Activity.objects.select_for_update().select_related("union").get(pk=activity.pk)
    audited_update(
        activity,
        changes,
        actor=actor,
        editable={
            "union_id": lambda v: writable_org(actor, v, "union_id", active=True).pk,
            "points": _points,
            "title": _title,
            "topic": _topic,
            "title_en": _title_en,
            "topic_en": _topic_en,
            "held_on": None,
            "kind": None,
            "attendance": None,
        },
        audit_fields=ACTIVITY_FIELDS,
        check=_check,
        action=Action.UPDATE,
    )
    return activity


@transaction.atomic(durable=True)
def activity_delete(*, actor: User, activity_id: int) -> None:
    """Withdraw a report made in error; its photos go with it."""
    activity = selectors.activity_get(actor=actor, activity_id=activity_id, write=True)
    files = [p.file for p in activity.photos.all()]
    audit.record(
        actor=actor,
        action=Action.DELETE,
        obj=activity,
        changes=audit.snapshot(activity, ACTIVITY_FIELDS),
    )
    activity.delete()

    def delete_files() -> None:
        for f in files:
            assert f.name  # a saved photo always has a file name
            f.storage.delete(f.name)

    transaction.on_commit(delete_files)


def _photo_type(upload) -> str:
    if upload is None:
        raise ServiceError(_("Choose a photo to upload."), field="file")
    if upload.size > MAX_PHOTO_BYTES:
        raise ServiceError(_("A photo may be at most 5 MB."), field="file")
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in PHOTO_SIGNATURES:
        if head.startswith(signature):
            return content_type
    raise ServiceError(_("Upload a JPEG or PNG photo."), field="file")


@transaction.atomic(durable=True)
def photo_add(*, actor: User, activity_id: int, upload, caption: str = "") -> Photo:
    activity = selectors.activity_get(actor=actor, activity_id=activity_id, write=True)
    content_type = _photo_type(upload)
    caption = cleaning.text(caption, field="caption", max_length=200)
    extension = ".jpg" if content_type == "image/jpeg" else ".png"
    photo = Photo(activity=activity, content_type=content_type, caption=caption, uploaded_by=actor)
    photo.file.save(f"{activity.pk}{extension}", upload, save=False)
    name = photo.file.name
    assert name is not None  # file.save() just set it
    try:
        photo.save()
        audit.record(
            actor=actor,
            action=Action.PHOTO_ADD,
            obj=activity,
            changes={"photo": name, "caption": caption},
        )
    except Exception:
        photo.file.storage.delete(name)
        raise
    return photo


@transaction.atomic(durable=True)
def photo_delete(*, actor: User, activity_id: int, photo_id: int) -> None:
    photo = selectors.photo_get(actor=actor, activity_id=activity_id, photo_id=photo_id, write=True)
    activity, name = photo.activity, photo.file.name
    assert name is not None  # a saved photo always has a file name
    audit.record(actor=actor, action=Action.PHOTO_DELETE, obj=activity, changes={"photo": name})
    photo.delete()
    transaction.on_commit(lambda: photo.file.storage.delete(name))
