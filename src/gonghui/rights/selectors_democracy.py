"""Reads of democratic management, each restricted to the actor's subtrees: sessions,
openness items, worker board members, demonstration units and their assessments, and the
coverage (建制率) of the enterprises the actor's unions keep."""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet

from gonghui.core import cleaning
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.models import Enterprise, Ownership, Size
from gonghui.orgs.selectors import within

from .models_democracy import (
    ENTERPRISE_PATH,
    Assessment,
    BoardSeat,
    CongressSession,
    DemocracyProfile,
    DemonstrationUnit,
    OpennessItem,
    Resolution,
    WorkerBoardMember,
)

KEEPER = "keeper_path"


def in_office(seat: str, on: date) -> QuerySet[WorkerBoardMember]:
    """The worker board members of `seat` in office on `on`."""
    return WorkerBoardMember.objects.filter(
        seat=seat, elected_on__lte=on, term_ends__gte=on
    ).filter(Q(left_on__isnull=True) | Q(left_on__gt=on))


def seated(seat: str, on: date) -> Exists:
    """Whether the enterprise has a worker board member of `seat` in office on `on`."""
    return Exists(in_office(seat, on).filter(enterprise=OuterRef("pk")))


def congress_condition(on: date, via: str = "") -> Q:
    """A workers' congress system on `on`: of a profile, or `via` a relation to one."""
    return Q(**{f"{via}congress_since__lte": on})


def openness_condition(on: date, via: str = "") -> Q:
    """厂务公开 on `on`: of a profile, or `via` a relation to one."""
    return Q(**{f"{via}openness_since__lte": on})


def with_congress(on: date) -> QuerySet[DemocracyProfile]:
    """The profiles of enterprises with a workers' congress system on `on`."""
    return DemocracyProfile.objects.filter(congress_condition(on))


def with_openness(on: date) -> QuerySet[DemocracyProfile]:
    """The profiles of enterprises with 厂务公开 on `on`."""
    return DemocracyProfile.objects.filter(openness_condition(on))


def with_systems(qs: QuerySet[Enterprise], on: date) -> QuerySet[Enterprise]:
    """Enterprises annotated with the systems they have on `on` (has_congress, has_openness,
    has_directors, has_supervisors)."""
    # Exists, not a join: an enterprise with no profile has neither (False, never NULL).
    return qs.annotate(
        has_congress=Exists(with_congress(on).filter(enterprise=OuterRef("pk"))),
        has_openness=Exists(with_openness(on).filter(enterprise=OuterRef("pk"))),
        has_directors=seated(BoardSeat.DIRECTOR, on),
        has_supervisors=seated(BoardSeat.SUPERVISOR, on),
    )


def coverage_enterprises(
    *,
    actor: Actor,
    q: str = "",
    size: str = "",
    ownership: str = "",
    congress: bool | None = None,
    openness: bool | None = None,
    directors: bool | None = None,
    on: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Enterprise]:
    """The enterprises behind the coverage rates, with what they had set up on `on`
    (today when None)."""
    qs = with_systems(
        Enterprise.objects.visible_to(actor).select_related("keeper", "democracy"),
        on or cleaning.today(),
    )
    q = q.strip()
    if q:
        qs = qs.filter(name__icontains=q)
    if size:
        qs = qs.filter(size=size)
    if ownership:
        qs = qs.filter(ownership=ownership)
    for name, value in (
        ("has_congress", congress),
        ("has_openness", openness),
        ("has_directors", directors),
    ):
        if value is not None:
            qs = qs.filter(**{name: value})
    return within(qs, actor, under_id, KEEPER)


@dataclass(frozen=True)
class CoverageRow:
    key: str
    label: str
    enterprises: int
    congress: int
    openness: int
    directors: int

    def rate(self, part: int) -> str:
        if not self.enterprises:
            return "—"
        tenths = (part * 1000 + self.enterprises // 2) // self.enterprises
        return f"{tenths // 10}.{tenths % 10}%"

    @property
    def congress_rate(self) -> str:
        return self.rate(self.congress)

    @property
    def openness_rate(self) -> str:
        return self.rate(self.openness)

    @property
    def directors_rate(self) -> str:
        return self.rate(self.directors)


def coverages(
    *, actor: Actor, under_id: int | None = None, on: date | None = None
) -> dict[str, list[CoverageRow]]:
    """Coverage rates (建制率) over the enterprises the actor sees, by size and by ownership
    ({"size": rows, "ownership": rows}: one row per choice and a last row for them all),
    counted in one grouped statement.

    The congress and openness come from the enterprise's one profile, joined once (a LEFT
    JOIN: one hash of the profiles); worker directors are `pk IN (those in office)`, a
    small hash. Not an EXISTS per enterprise: three index look-ups for each of a
    province's 222,220 (bench/RESULTS.md, "Province lists, second pass"), nor a hashed
    subquery per system (each parallel worker builds its own hashes: 280 → 200 ms at
    province scale, "Democracy coverage, one join")."""
    on = on or cleaning.today()
    congress, openness = (
        congress_condition(on, "democracy__"),
        openness_condition(on, "democracy__"),
    )
    directors = Q(pk__in=in_office(BoardSeat.DIRECTOR, on).order_by().values("enterprise_id"))
    qs = within(Enterprise.objects.visible_to(actor), actor, under_id, KEEPER)
    counts = list(
        qs.order_by()
        .values("size", "ownership")
        .annotate(
            n=Count("pk"),
            c=Count("pk", filter=congress),
            o=Count("pk", filter=openness),
            d=Count("pk", filter=directors),
        )
    )
    return {
        by: _coverage_rows(counts, by, choices)
        for by, choices in (("size", Size.choices), ("ownership", Ownership.choices))
    }


def _coverage_rows(counts: Sequence[Mapping[str, Any]], by: str, choices) -> list[CoverageRow]:
    grouped: dict[str, dict[str, int]] = {}
    for row in counts:
        g = grouped.setdefault(row[by], {"n": 0, "c": 0, "o": 0, "d": 0})
        for k in g:
            g[k] += row[k]
    rows = []
    for value, label in choices:
        g = grouped.get(value, {})
        rows.append(
            CoverageRow(
                value, str(label), g.get("n", 0), g.get("c", 0), g.get("o", 0), g.get("d", 0)
            )
        )
    total = CoverageRow(
        "",
        "",
        sum(r.enterprises for r in rows),
        sum(r.congress for r in rows),
        sum(r.openness for r in rows),
        sum(r.directors for r in rows),
    )
    return [*rows, total]


def session_list(
    *,
    actor: Actor,
    q: str = "",
    status: str = "",
    kind: str = "",
    quorum_missed: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[CongressSession]:
    qs = CongressSession.objects.visible_to(actor).select_related("enterprise")
    qs = qs.annotate(resolution_count=related_count(Resolution, "session"))
    q = q.strip()
    if q:
        qs = qs.filter(enterprise__name__icontains=q)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    if quorum_missed:
        # Fewer than two thirds of the delegates present: the session could not decide.
        qs = (
            qs.filter(status="held").alias(a3=F("attendance") * 3).filter(a3__lt=F("delegates") * 2)
        )
    if date_from:
        qs = qs.filter(held_on__gte=date_from)
    if date_to:
        qs = qs.filter(held_on__lte=date_to)
    return within(qs, actor, under_id, ENTERPRISE_PATH)


def session_get(*, actor: Actor, session_id: int) -> CongressSession:
    return get_visible_or_404(
        CongressSession.objects.select_related("enterprise__keeper"), actor, pk=session_id
    )


def openness_list(
    *,
    actor: Actor,
    q: str = "",
    topic: str = "",
    period: str = "",
    medium: str = "",
    year: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[OpennessItem]:
    qs = OpennessItem.objects.visible_to(actor).select_related("enterprise")
    q = q.strip()
    if q:
        qs = qs.filter(Q(enterprise__name__icontains=q) | Q(title__icontains=q))
    for name, value in (("topic", topic), ("period", period), ("medium", medium)):
        if value:
            qs = qs.filter(**{name: value})
    if year is not None:
        qs = qs.filter(year=year)
    if date_from:
        qs = qs.filter(published_on__gte=date_from)
    if date_to:
        qs = qs.filter(published_on__lte=date_to)
    return within(qs, actor, under_id, ENTERPRISE_PATH)


def board_list(
    *,
    actor: Actor,
    q: str = "",
    seat: str = "",
    in_office: bool = False,
    under_id: int | None = None,
) -> QuerySet[WorkerBoardMember]:
    qs = WorkerBoardMember.objects.visible_to(actor).select_related("enterprise")
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(enterprise__name__icontains=q))
    if seat:
        qs = qs.filter(seat=seat)
    if in_office:
        today = cleaning.today()
        qs = qs.filter(left_on__isnull=True, term_ends__gte=today)
    return within(qs, actor, under_id, ENTERPRISE_PATH)


def board_member_get(*, actor: Actor, member_id: int) -> WorkerBoardMember:
    return get_visible_or_404(
        WorkerBoardMember.objects.select_related("enterprise__keeper"), actor, pk=member_id
    )


def unit_list(
    *,
    actor: Actor,
    q: str = "",
    kind: str = "",
    named_in: int | None = None,
    under_id: int | None = None,
) -> QuerySet[DemonstrationUnit]:
    qs = DemonstrationUnit.objects.visible_to(actor).select_related("enterprise")
    q = q.strip()
    if q:
        qs = qs.filter(enterprise__name__icontains=q)
    if kind:
        qs = qs.filter(kind=kind)
    if named_in is not None:
        qs = qs.filter(named_on__year=named_in)
    return within(qs, actor, under_id, ENTERPRISE_PATH)


def unit_get(*, actor: Actor, unit_id: int) -> DemonstrationUnit:
    return get_visible_or_404(
        DemonstrationUnit.objects.select_related("enterprise__keeper"), actor, pk=unit_id
    )


def assessment_list(
    *,
    actor: Actor,
    q: str = "",
    kind: str = "",
    year: int | None = None,
    result: str = "",
    score_below: int | None = None,
    under_id: int | None = None,
) -> QuerySet[Assessment]:
    qs = Assessment.objects.visible_to(actor).select_related("unit__enterprise")
    q = q.strip()
    if q:
        qs = qs.filter(unit__enterprise__name__icontains=q)
    if kind:
        qs = qs.filter(unit__kind=kind)
    if year is not None:
        qs = qs.filter(year=year)
    if result:
        qs = qs.filter(result=result)
    if score_below is not None:
        qs = qs.filter(score__lt=score_below)
    return within(qs, actor, under_id, "unit__enterprise__keeper_path")
