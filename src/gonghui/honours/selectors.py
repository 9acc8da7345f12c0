"""Every read of honours, already restricted to the caller's subtrees."""

from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.assistance.models import FileStatus, HardshipFile
from gonghui.competitions import selectors as contests
from gonghui.competitions.models import Contestant, EntryStatus
from gonghui.competitions.models import Event as ContestEvent
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.orgs.models import Organization
from gonghui.orgs.selectors import org_get

from .models import (
    Care,
    Event,
    ModelWorker,
    Nomination,
    Objection,
    ObjectionStatus,
    Quota,
    Scheme,
    Status,
    Step,
    StepDecision,
    Title,
)


def decides_at(actor: User, org: Organization) -> bool:
    """A step of an honour is decided by a writing role held at that very federation."""
    if actor.is_superuser:
        return True
    return actor.writes_at(org)


# ---- schemes ---------------------------------------------------------------------------


def scheme_list(
    *, actor: User, q: str = "", kind: str = "", year: int | None = None, write: bool = False
) -> QuerySet[Scheme]:
    qs = Scheme.objects.visible_to(actor, write=write).select_related("owner")
    qs = qs.annotate(
        nominated=related_count(Nomination, "scheme", ~Q(status=Status.WITHDRAWN)),
        awarded=related_count(Nomination, "scheme", status=Status.AWARDED),
    )
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(owner__name__icontains=q.strip()))
    if kind:
        qs = qs.filter(kind=kind)
    if year:
        qs = qs.filter(year=year)
    return qs


def scheme_get(*, actor: User, scheme_id: int, write: bool = False) -> Scheme:
    return get_visible_or_404(
        Scheme.objects.select_related("owner"), actor, write=write, pk=scheme_id
    )


def schemes_open_to(*, actor: User, on: date | None = None) -> QuerySet[Scheme]:
    """Schemes a lower union of the actor may nominate to today: those its federations
    above announced (a scheme goes down the tree as a notice does), open on `on`. Each
    nomination is still checked against the union the actor writes for."""
    on = on or timezone.localdate()
    prefixes: set[str] = set()
    for path in actor.writable_paths():
        parts = [p for p in path.split("/") if p]
        prefixes.update("/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts)))
    return (
        Scheme.objects.filter(owner__path__in=prefixes, opens_on__lte=on, closes_on__gte=on)
        .select_related("owner")
        .order_by("-year", "title")
    )


def scheme_for_union(*, scheme_id: int, union: Organization) -> Scheme | None:
    """The scheme when its federation is the union or above it (it may take the union's
    nominations), else None."""
    return (
        Scheme.objects.filter(pk=scheme_id, owner__path__in=union.ancestors_paths())
        .select_related("owner")
        .first()
    )


def quota_list(*, actor: User, scheme_id: int) -> QuerySet[Quota]:
    return (
        Quota.objects.visible_to(actor)
        .filter(scheme_id=scheme_id)
        .select_related("union", "scheme")
        .order_by("union__path")
    )


def quota_for(*, scheme: Scheme, union: Organization) -> Quota | None:
    """The places that cover `union`: the quota of the union itself or of the nearest
    union above it that has one."""
    return (
        Quota.objects.filter(scheme=scheme, union__path__in=union.ancestors_paths())
        .select_related("union", "scheme")
        .order_by("-union__depth")
        .first()
    )


def places_taken(quota: Quota) -> dict[str, int]:
    """Nominations under the quota's union that hold a place (all but the withdrawn and
    the not approved): people, collectives and managers."""
    rows = Nomination.objects.filter(
        scheme_id=quota.scheme_id, union__path__startswith=quota.union.path
    ).exclude(status__in=[Status.WITHDRAWN, Status.REJECTED])
    return rows.aggregate(
        people=Count("pk", filter=Q(subject="person")),
        collectives=Count("pk", filter=Q(subject="collective")),
        managers=Count("pk", filter=Q(subject="person", category="manager")),
    )


# ---- nominations -----------------------------------------------------------------------


def nomination_list(
    *,
    actor: User,
    q: str = "",
    scheme_id: int | None = None,
    status: str = "",
    subject: str = "",
    category: str = "",
    under_id: int | None = None,
    waiting: bool = False,
) -> QuerySet[Nomination]:
    """Nominations the actor may see; `waiting`: those at a step the actor decides."""
    qs = Nomination.objects.visible_to(actor).select_related("scheme", "union")
    if q.strip():
        text = q.strip()
        qs = qs.filter(
            Q(name__icontains=text) | Q(employer__icontains=text) | Q(union__name__icontains=text)
        )
    if scheme_id is not None:
        qs = qs.filter(scheme_id=scheme_id)
    if status:
        qs = qs.filter(status=status)
    if subject:
        qs = qs.filter(subject=subject)
    if category:
        qs = qs.filter(category=category)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    if waiting:
        qs = qs.filter(pk__in=steps_waiting(actor=actor).values("nomination_id"))
    return qs


def nomination_get(*, actor: User, nomination_id: int, write: bool = False) -> Nomination:
    return get_visible_or_404(
        Nomination.objects.select_related(
            "scheme__owner", "union", "entered_by", "source__event__competition"
        ),
        actor,
        write=write,
        pk=nomination_id,
    )


def nomination_own(*, actor: User, nomination_id: int) -> Nomination:
    """The nominee's own nomination (or one in the actor's subtree)."""
    return get_visible_or_404(
        Nomination.objects.select_related("scheme", "union"), actor, own=True, pk=nomination_id
    )


def my_nominations(*, actor: User) -> QuerySet[Nomination]:
    """The nominations of the signed-in member: what their page shows them."""
    if not actor.is_authenticated:
        return Nomination.objects.none()
    return (
        Nomination.objects.visible_to(actor, own=True)
        .filter(person__user=actor)
        .exclude(status=Status.WITHDRAWN)
        .select_related("scheme", "union")
    )


def steps_waiting(*, actor: User) -> QuerySet[Step]:
    """Review steps waiting for a federation where the actor holds a writing role, on
    nominations the actor did not enter."""
    orgs = actor.writing_org_ids()
    return (
        Step.objects.visible_to(actor)
        .filter(
            org_id__in=orgs,
            decision=StepDecision.PENDING,
            nomination__status=Status.REVIEWING,
            nomination__current_step=F("order"),
        )
        .exclude(nomination__entered_by=actor)
        .select_related("nomination__scheme", "nomination__union")
    )


def on_notice(*, on: date | None = None) -> QuerySet[Nomination]:
    """The public notice (公示): nominations whose notice runs today, shown to anyone with
    the person's name masked. Public by design, as a printed notice is."""
    on = on or timezone.localdate()
    return (
        Nomination.objects.filter(status=Status.NOTICE, notice_from__lte=on, notice_to__gte=on)
        .select_related("scheme__owner", "union")
        .order_by("scheme_id", "union__path", "id")
    )


def objection_list(*, actor: User, nomination_id: int) -> QuerySet[Objection]:
    return Objection.objects.visible_to(actor).filter(nomination_id=nomination_id)


def objection_get(*, actor: User, objection_id: int, write: bool = False) -> Objection:
    return get_visible_or_404(
        Objection.objects.select_related("nomination__scheme__owner"),
        actor,
        write=write,
        pk=objection_id,
    )


def open_objections(nomination: Nomination) -> int:
    return nomination.objections.filter(status=ObjectionStatus.OPEN).count()


# ---- the register ----------------------------------------------------------------------


def worker_list(
    *,
    actor: User,
    q: str = "",
    status: str = "",
    kind: str = "",
    under_id: int | None = None,
) -> QuerySet[ModelWorker]:
    qs = (
        ModelWorker.objects.visible_to(actor)
        .select_related("union")
        .annotate(title_count=related_count(Title, "worker"))
    )
    if q.strip():
        text = q.strip()
        qs = qs.filter(
            Q(name__icontains=text) | Q(employer__icontains=text) | Q(union__name__icontains=text)
        )
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(titles__kind=kind).distinct()
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    return qs


def worker_get(*, actor: User, worker_id: int, write: bool = False) -> ModelWorker:
    return get_visible_or_404(
        ModelWorker.objects.select_related("union"), actor, write=write, pk=worker_id
    )


def care_list(
    *,
    actor: User,
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    worker_id: int | None = None,
) -> QuerySet[Care]:
    qs = Care.objects.visible_to(actor).select_related("worker__union")
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(given_on__gte=date_from)
    if date_to:
        qs = qs.filter(given_on__lte=date_to)
    if worker_id is not None:
        qs = qs.filter(worker_id=worker_id)
    return qs


# ---- model workers' activities ------------------------------------------------------------


def event_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Event]:
    qs = (
        Event.objects.visible_to(actor)
        .select_related("union")
        .annotate(worker_count=related_count(Event.workers.through, "event"))
    )
    if q.strip():
        text = q.strip()
        qs = qs.filter(Q(title__icontains=text) | Q(place__icontains=text))
    if kind:
        qs = qs.filter(kind=kind)
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    return qs


def event_get(*, actor: User, event_id: int, write: bool = False) -> Event:
    return get_visible_or_404(
        Event.objects.select_related("union"), actor, write=write, pk=event_id
    )


def open_aid_file(*, actor: User, worker: ModelWorker) -> HardshipFile | None:
    """The model worker's open needy-worker file, if the actor may see it."""
    if worker.person_id is None:
        return None
    return (
        HardshipFile.objects.visible_to(actor)
        .filter(person_id=worker.person_id, status=FileStatus.OPEN)
        .first()
    )


def aid_files_of(*, actor: User, worker: ModelWorker) -> QuerySet[HardshipFile]:
    """Every needy-worker file of the model worker the actor may see (newest first)."""
    if worker.person_id is None:
        return HardshipFile.objects.none()
    return HardshipFile.objects.visible_to(actor).filter(person_id=worker.person_id)


def care_on_file(*, actor: User, file: HardshipFile) -> QuerySet[Care]:
    """The care given to a model worker that names this needy-worker file."""
    return (
        Care.objects.visible_to(actor)
        .filter(aid_file=file)
        .select_related("worker", "payer")
        .order_by("-given_on", "-id")
    )


def winners_of(*, actor: User, event_id: int) -> tuple[ContestEvent, list[Contestant]]:
    """The winners of a contest event (first place or a title), each with the nominations
    already made from their result (`nominated`)."""
    event = contests.event_get(actor=actor, event_id=event_id)
    rows = list(
        Contestant.objects.visible_to(actor)
        .filter(event=event, status=EntryStatus.ACCEPTED)
        .filter(Q(rank=1) | ~Q(title=""))
        .select_related("event__competition")
        .order_by("rank", "id")
    )
    made: dict[int, list[Nomination]] = {}
    for n in Nomination.objects.visible_to(actor).filter(source__in=rows).select_related("scheme"):
        made.setdefault(n.source_id or 0, []).append(n)
    for row in rows:
        row.nominated = made.get(row.pk, [])  # type: ignore[attr-defined]
    return event, rows


def care_get(*, actor: User, care_id: int, write: bool = False) -> Care:
    return get_visible_or_404(
        Care.objects.select_related("worker", "aid_file"), actor, write=write, pk=care_id
    )
