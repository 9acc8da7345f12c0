"""Every read of the tree, already restricted to the caller's subtrees."""

from typing import TypeVar

from django.db.models import Case, CharField, Count, OuterRef, Q, QuerySet, Subquery, Value, When

from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor

from .models import Enterprise, Organization, OrgKind, Region


def _search(qs: QuerySet, q: str, extra: tuple[str, ...] = ()) -> QuerySet:
    """Name, pinyin (全拼 or initials), and code fields."""
    q = q.strip()
    if not q:
        return qs
    cond = Q(name__icontains=q) | Q(name_pinyin__contains=q.lower())
    for f in extra:
        cond |= Q(**{f"{f}__iexact": q})
    return qs.filter(cond)


# The official order of organizations: by division code (the province 210000, then each
# city 210100, 210200 … followed by its counties 210102, 210103 …), then by level, then by
# name in pinyin, then by id; stored on each row (models.official_sort_key) and indexed with
# the id, so that a page of it is an index range.
OFFICIAL_ORDER = ("sort_key", "id")


def org_list(
    *,
    actor: Actor,
    q: str = "",
    kind: str = "",
    parent_id: int | None = None,
    under_id: int | None = None,
    active: bool | None = None,
    write: bool = False,
) -> QuerySet[Organization]:
    """The organizations the actor may see that match the filters, in the official order
    (OFFICIAL_ORDER; lists.ORGS sorts them as asked). `shown_parent` is the parent's name,
    or "" where the parent lies above the actor's subtree (their own top organizations):
    read by a subquery, not a join, so that a page's ids are found in the official order's
    index alone (core.lists.ids_first keeps a join of an annotation in its inner query)."""
    qs: QuerySet[Organization] = Organization.objects.visible_to(actor, write=write)
    roots = actor.visible_paths() if actor.is_authenticated else []
    parent_name = Organization.objects.filter(pk=OuterRef("parent_id")).values("name")[:1]
    qs = qs.select_related("parent", "region").annotate(
        shown_parent=Case(
            When(Q(parent=None) | Q(path__in=roots), then=Value("")),
            default=Subquery(parent_name),
            output_field=CharField(),
        )
    )
    qs = _search(qs, q, ("credit_code",))
    if kind:
        qs = qs.filter(kind=kind)
    if parent_id is not None:
        qs = qs.filter(parent_id=parent_id)
    if under_id is not None:
        root = org_get(actor=actor, org_id=under_id)
        qs = qs.filter(path__startswith=root.path)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by(*OFFICIAL_ORDER)


def org_get(*, actor: Actor, org_id: int, write: bool = False) -> Organization:
    return get_visible_or_404(
        Organization.objects.select_related("parent", "region"), actor, write=write, pk=org_id
    )


def org_roots(*, actor: Actor) -> QuerySet[Organization]:
    """The top of each subtree the actor sees: where their tree browser starts."""
    if not actor.is_authenticated:
        return Organization.objects.none()
    return Organization.objects.filter(path__in=actor.visible_paths()).order_by(*OFFICIAL_ORDER)


def org_ancestors(*, actor: Actor, org: Organization) -> list[Organization]:
    """Breadcrumbs: only the ancestors the actor may see."""
    ancestors = Organization.objects.visible_to(actor).filter(path__in=org.ancestors_paths())
    by_path = {o.path: o for o in ancestors}
    return [by_path[p] for p in org.ancestors_paths() if p in by_path]


def subtree_counts(org: Organization) -> dict[str, int]:
    """Organizations of each kind in the subtree below `org`, and enterprises kept there."""
    rows = (
        Organization.objects.filter(path__startswith=org.path, is_active=True)
        .exclude(pk=org.pk)
        .values("kind")
        .annotate(n=Count("id"))
    )
    counts = {k: 0 for k in OrgKind.values}
    counts.update({r["kind"]: r["n"] for r in rows})
    counts["enterprises"] = Enterprise.objects.filter(keeper_path__startswith=org.path).count()
    counts["total"] = sum(v for k, v in counts.items() if k in OrgKind.values)
    return counts


def children_with_counts(*, actor: Actor, org: Organization) -> list[tuple[Organization, int]]:
    """Direct children with the size of their subtrees, for the tree browser."""
    children = list(org_list(actor=actor, parent_id=org.pk))
    result = []
    for child in children:
        n = Organization.objects.filter(path__startswith=child.path).count() - 1
        result.append((child, n))
    return result


def enterprise_list(
    *,
    actor: Actor,
    q: str = "",
    industry: str = "",
    ownership: str = "",
    size: str = "",
    region: str = "",
    keeper_id: int | None = None,
    write: bool = False,
) -> QuerySet[Enterprise]:
    """The enterprises the actor may see that match the filters, unsorted (lists.ENTERPRISES
    sorts them)."""
    qs: QuerySet[Enterprise] = Enterprise.objects.visible_to(actor, write=write)
    qs = qs.select_related("region", "keeper")
    qs = _search(qs, q, ("credit_code",))
    for field, value in (("industry", industry), ("ownership", ownership), ("size", size)):
        if value:
            qs = qs.filter(**{field: value})
    if region:
        qs = qs.filter(region__code__startswith=region_prefix(region))
    if keeper_id is not None:
        keeper = org_get(actor=actor, org_id=keeper_id)
        qs = qs.filter(keeper_path__startswith=keeper.path)
    return qs


def enterprise_get(*, actor: Actor, enterprise_id: int, write: bool = False) -> Enterprise:
    return get_visible_or_404(
        Enterprise.objects.select_related("region", "keeper"), actor, write=write, pk=enterprise_id
    )


def region_prefix(code: str) -> str:
    """210000 -> '21' (the province), 210100 -> '2101' (the city), 210102 -> itself."""
    if code.endswith("0000"):
        return code[:2]
    if code.endswith("00"):
        return code[:4]
    return code


def region_list(*, q: str = "", parent: str = "", level: str = "") -> QuerySet[Region]:
    """Regions are public reference data (GB/T 2260): no scope."""
    qs = Region.objects.all()
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(code__startswith=q))
    if parent:
        qs = qs.filter(parent_id=parent)
    if level:
        qs = qs.filter(level=level)
    return qs


def org_suggestions(
    *, actor: Actor, write: bool = False, limit: int = 200
) -> QuerySet[Organization]:
    """The top of the actor's tree (their own organizations first), for a form's suggestions."""
    return org_list(actor=actor, write=write, active=True).order_by("depth", *OFFICIAL_ORDER)[
        :limit
    ]


def org_by_reference(*, actor: Actor, ref: str | int, write: bool = False) -> Organization | None:
    """An organization in the actor's subtree named by its id, credit code or exact name."""
    ref = str(ref or "").strip()
    if not ref:
        return None
    qs = Organization.objects.visible_to(actor, write=write)
    cond = Q(name=ref) | Q(credit_code=ref.upper())
    if ref.isdigit() and len(ref) < 18:
        cond |= Q(pk=int(ref))
    return qs.filter(cond).order_by("path").first()


_QS = TypeVar("_QS", bound=QuerySet)


def within(qs: _QS, actor: Actor, under_id: int | None, field: str = "union__path") -> _QS:
    """`qs` narrowed to the subtree of organization `under_id` (the lists' "under" filter),
    when the actor may see it (404 otherwise); unnarrowed for None."""
    if under_id is None:
        return qs
    path = org_get(actor=actor, org_id=under_id).path
    return qs.filter(**{f"{field}__startswith": path})
