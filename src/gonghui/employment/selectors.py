"""Every read of the employment services, already restricted to the caller's subtrees.

Open posts are job adverts: matching reads the open posts of the seeker's whole province
(the federation's post pool), whichever union published them; everything else — events,
seekers, services, placements, and the post records themselves — is read through
`visible_to`.
"""

from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Sum, Value, When
from django.http import Http404
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.errors import ServiceError
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.core.types import Actor
from gonghui.orgs.models import Organization, Region
from gonghui.orgs.selectors import within

from .codes import Code
from .models import (
    Application,
    ApplicationStatus,
    Exhibitor,
    FundAllotment,
    FundPayment,
    FundUse,
    Group,
    Matching,
    Placement,
    Post,
    RecruitmentEvent,
    Seeker,
    SeekerStatus,
    Service,
    Trainee,
    TrainingSession,
)

MATCH_LIMIT = 20


def _period(qs: QuerySet, field: str, date_from: date | None, date_to: date | None):
    if date_from:
        qs = qs.filter(**{f"{field}__gte": date_from})
    if date_to:
        qs = qs.filter(**{f"{field}__lte": date_to})
    return qs


# ---- events ---------------------------------------------------------------------------------


def event_list(
    *,
    actor: User,
    q: str = "",
    mode: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[RecruitmentEvent]:
    qs = (
        RecruitmentEvent.objects.visible_to(actor)
        .select_related("union")
        .annotate(
            exhibitor_count=related_count(Exhibitor, "event"),
        )
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(place__icontains=q) | Q(union__name__icontains=q))
    if mode:
        qs = qs.filter(mode=mode)
    return within(_period(qs, "held_on", date_from, date_to), actor, under_id)


def event_get(*, actor: User, event_id: int, write: bool = False) -> RecruitmentEvent:
    return get_visible_or_404(
        RecruitmentEvent.objects.select_related("union"), actor, write=write, pk=event_id
    )


def event_exhibitors(*, actor: User, event: RecruitmentEvent) -> QuerySet[Exhibitor]:
    return (
        Exhibitor.objects.visible_to(actor)
        .filter(event=event)
        .prefetch_related("posts")
        .order_by("name")
    )


# ---- posts ----------------------------------------------------------------------------------


def post_list(
    *,
    actor: User,
    q: str = "",
    trade: str = "",
    region_code: str = "",
    open_only: bool = False,
    pay_from: int | None = None,
    event_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Post]:
    qs: QuerySet[Post] = Post.objects.visible_to(actor).select_related(
        "union", "region", "exhibitor"
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(employer_name__icontains=q))
    if trade:
        qs = qs.filter(trade=trade)
    if region_code:
        qs = in_place(qs, region_code)
    if open_only:
        qs = qs.filter(is_open=True)
    if pay_from is not None:
        qs = qs.filter(pay_max__gte=pay_from)
    if event_id is not None:
        qs = qs.filter(exhibitor__event_id=event_id)
    return within(_period(qs, "opened_on", date_from, date_to), actor, under_id)


def post_get(*, actor: User, post_id: int, write: bool = False) -> Post:
    return get_visible_or_404(
        Post.objects.select_related("union", "region", "exhibitor__event"),
        actor,
        write=write,
        pk=post_id,
    )


def province_path(path: str) -> str:
    """ "/1/23/456/" -> "/1/": the root federation's subtree, where a seeker's posts are."""
    return "/" + path.strip("/").split("/")[0] + "/"


def region_prefix(code: str) -> str:
    """A division code as the prefix of the codes inside it: 210102 (a district) stays,
    210100 (沈阳市) is 2101, 210000 (辽宁省) is 21."""
    code = str(code).strip()
    while code.endswith("00") and len(code) > 2:
        code = code[:-2]
    return code


def open_posts(province: str) -> QuerySet[Post]:
    """The open posts of a province's pool (job adverts, seen by its seekers and cadres).
    When the province is the only root of the tree (one platform per province, as
    deployed) the pool is every open post, with no join to the organizations."""
    qs = Post.objects.filter(is_open=True)
    roots = list(
        Organization.objects.filter(parent__isnull=True).values_list("path", flat=True)[:2]
    )
    if roots != [province]:
        qs = qs.filter(union__path__startswith=province)
    return qs


def in_place(qs: QuerySet[Post], code: str) -> QuerySet[Post]:
    """Posts in a place and the places inside it, as the codes themselves (an index
    look-up each) rather than a text prefix."""
    prefix = region_prefix(code)
    if len(prefix) == 6:
        return qs.filter(region_id=prefix)
    codes = list(Region.objects.filter(code__startswith=prefix).values_list("code", flat=True))
    return qs.filter(region_id__in=codes)


def match_posts(seeker: Seeker, limit: int = MATCH_LIMIT) -> list[Post]:
    """Open posts for the seeker's wishes: one of their trades, in the place they wish,
    paying up to at least what they ask; best paid first, then newest."""
    return list(match_query(seeker, limit))


def match_query(seeker: Seeker, limit: int = MATCH_LIMIT) -> QuerySet[Post]:
    qs = open_posts(province_path(seeker.union.path))
    if seeker.trades:
        qs = qs.filter(trade__in=seeker.trades)
    if seeker.region_id:
        qs = in_place(qs, seeker.region_id)
    if seeker.pay_min:
        qs = qs.filter(pay_max__gte=seeker.pay_min)
    return qs.select_related("region").order_by("-pay_max", "-opened_on", "-id")[:limit]


def matches(*, actor: User, seeker_id: int, limit: int = MATCH_LIMIT) -> list[Post]:
    """The posts matched to a seeker the actor follows (or to the actor's own record),
    only with the seeker's consent."""
    seeker = seeker_get(actor=actor, seeker_id=seeker_id, own=True)
    if not seeker.has_consented:
        raise ServiceError(
            _("The seeker has not agreed to be matched to posts."), code=Code.NO_CONSENT
        )
    return match_posts(seeker, limit)


def post_for_matching(*, post_id: int, seeker: Seeker | None) -> Post:
    """A post of the seeker's province pool (to recommend or to place from)."""
    qs = Post.objects.select_related("region")
    if seeker is not None:
        qs = qs.filter(union__path__startswith=province_path(seeker.union.path))
    post = qs.filter(pk=post_id).first()
    if post is None:
        raise ServiceError(_("No such post."), field="post_id")
    return post


def posts_near(*, region_code: str, province: str, limit: int = 50) -> QuerySet[Post]:
    """Open posts in a place (a worker's phone page), best paid first."""
    qs = open_posts(province).select_related("region")
    if region_code:
        qs = in_place(qs, region_code)
    return qs.order_by("-pay_max", "-opened_on", "-id")[:limit]


# ---- seekers --------------------------------------------------------------------------------


def seeker_list(
    *,
    actor: User,
    q: str = "",
    group: str = "",
    status: str = "",
    consented: bool | None = None,
    mine: bool = False,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Seeker]:
    qs = (
        Seeker.objects.visible_to(actor)
        .select_related("union", "cadre", "region")
        .annotate(service_count=related_count(Service, "seeker"))
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(skills__icontains=q) | Q(school__icontains=q))
    if group:
        qs = qs.filter(group=group)
    if status:
        qs = qs.filter(status=status)
    if consented is not None:
        qs = qs.filter(consented_at__isnull=not consented)
    if mine:
        qs = qs.filter(cadre=actor)
    return within(_period(qs, "registered_on", date_from, date_to), actor, under_id)


def seeker_get(*, actor: User, seeker_id: int, write: bool = False, own: bool = False) -> Seeker:
    return get_visible_or_404(
        Seeker.objects.select_related("union", "cadre", "region", "person"),
        actor,
        write=write,
        own=own,
        pk=seeker_id,
    )


def own_seekers(*, actor: User) -> QuerySet[Seeker]:
    """The actor's own seeker records (a worker on their phone)."""
    if not actor.is_authenticated:
        return Seeker.objects.none()
    return Seeker.objects.filter(person__user=actor).select_related("union", "region")


def graduates_waiting(*, actor: Actor) -> QuerySet[Seeker]:
    """Graduates of needy families in the actor's charge who are not placed yet: the
    cadre's to-do (包人包户 until placement)."""
    return Seeker.objects.visible_to(actor, write=True).filter(
        cadre_id=actor.pk, group=Group.NEEDY_GRADUATE, status=SeekerStatus.SEEKING
    )


# ---- services and placements -------------------------------------------------------------


def service_list(
    *,
    actor: User,
    kind: str = "",
    channel: str = "",
    seeker_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Service]:
    qs = Service.objects.visible_to(actor).select_related("union", "seeker", "post", "given_by")
    if kind:
        qs = qs.filter(kind=kind)
    if channel:
        qs = qs.filter(channel=channel)
    if seeker_id is not None:
        qs = qs.filter(seeker_id=seeker_id)
    return within(_period(qs, "given_on", date_from, date_to), actor, under_id)


def placement_list(
    *,
    actor: User,
    q: str = "",
    status: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Placement]:
    qs = Placement.objects.visible_to(actor).select_related(
        "seeker__union", "post", "region", "recorded_by", "checked_by"
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(seeker__name__icontains=q) | Q(employer_name__icontains=q))
    if status:
        qs = qs.filter(status=status)
    return within(
        _period(qs, "placed_on", date_from, date_to), actor, under_id, "seeker__union__path"
    )


def placement_get(*, actor: User, placement_id: int, write: bool = False) -> Placement:
    return get_visible_or_404(
        Placement.objects.select_related("seeker__union", "post", "region", "recorded_by"),
        actor,
        write=write,
        pk=placement_id,
    )


def matching_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[Matching]:
    qs = Matching.objects.visible_to(actor).select_related("union")
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(partners__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return within(_period(qs, "held_on", date_from, date_to), actor, under_id)


def training_list(
    *,
    actor: User,
    q: str = "",
    kind: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[TrainingSession]:
    qs = (
        TrainingSession.objects.visible_to(actor)
        .select_related("union")
        .annotate(trainee_count=related_count(Trainee, "session"))
    )
    q = q.strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(employer_name__icontains=q))
    if kind:
        qs = qs.filter(kind=kind)
    return within(_period(qs, "starts_on", date_from, date_to), actor, under_id)


def training_get(*, actor: User, session_id: int) -> TrainingSession:
    return get_visible_or_404(TrainingSession.objects.select_related("union"), actor, pk=session_id)


# ---- the seeker on the phone: posts near them, their applications -------------------------


def posts_for_seeker(seeker: Seeker, *, any_trade: bool = False, limit: int = 50) -> QuerySet[Post]:
    """Open posts near a seeker: in the city they look in (their wished place, else their
    union's), of their trades (unless any_trade); the posts in their own county or
    district first, then the rest of the city; best paid first within each."""
    qs = open_posts(province_path(seeker.union.path)).select_related("region")
    place = seeker.region_id or seeker.union.region_id or ""
    if place:
        city = region_prefix(place)[:4]
        qs = in_place(qs, city.ljust(6, "0"))
        near = Case(
            When(region_id=place, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        qs = qs.annotate(distance=near)
    else:
        qs = qs.annotate(distance=Value(0, output_field=IntegerField()))
    if seeker.trades and not any_trade:
        qs = qs.filter(trade__in=seeker.trades)
    return qs.order_by("distance", "-pay_max", "-opened_on", "-id")[:limit]


def post_for_seeker(*, actor: User, post_id: int) -> tuple[Seeker | None, Post]:
    """A post as the worker reads it on the phone: one of their province's pool (open or
    one they applied to); 404 for anything else."""
    seeker = own_seekers(actor=actor).first()
    if seeker is None:
        raise Http404
    post = (
        Post.objects.select_related("region", "union")
        .filter(pk=post_id, union__path__startswith=province_path(seeker.union.path))
        .filter(Q(is_open=True) | Q(applications__seeker=seeker))
        .distinct()
        .first()
    )
    if post is None:
        raise Http404
    return seeker, post


def my_applications(*, actor: User) -> QuerySet[Application]:
    """The worker's own applications, newest first."""
    if not actor.is_authenticated:
        return Application.objects.none()
    return (
        Application.objects.filter(seeker__person__user=actor)
        .select_related("post__region", "placement")
        .order_by("-applied_on", "-id")
    )


def application_list(
    *,
    actor: User,
    q: str = "",
    status: str = "",
    post_id: int | None = None,
    seeker_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Application]:
    """Applications the actor follows: of seekers of their unions, or to posts their
    unions published (a fair's organizer)."""
    qs = Application.objects.visible_to(actor).select_related(
        "seeker__union", "post__union", "post__region", "updated_by"
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(seeker__name__icontains=q)
            | Q(post__title__icontains=q)
            | Q(post__employer_name__icontains=q)
        )
    if status:
        qs = qs.filter(status=status)
    if post_id is not None:
        qs = qs.filter(post_id=post_id)
    if seeker_id is not None:
        qs = qs.filter(seeker_id=seeker_id)
    return _period(qs, "applied_on", date_from, date_to)


def application_get(*, actor: User, application_id: int, write: bool = False) -> Application:
    return get_visible_or_404(
        Application.objects.select_related("seeker__union", "post__union", "post__region"),
        actor,
        write=write,
        pk=application_id,
    )


def applications_waiting(*, actor: Actor) -> QuerySet[Application]:
    """Applications not yet seen, of seekers or posts the actor's unions follow: a to-do."""
    return Application.objects.visible_to(actor, write=True).filter(
        status=ApplicationStatus.APPLIED
    )


# ---- the employment fund --------------------------------------------------------------------


def fund_balance(*, actor: User, union_id: int) -> dict:
    """What a union's employment fund holds, was given and paid, from the ledger."""
    from gonghui.campaigns import ledger

    from .codes import FUND_ACCOUNT, PAID_ACCOUNT

    union = get_visible_or_404(Organization.objects.all(), actor, pk=union_id)
    allotted = FundAllotment.objects.filter(union=union).aggregate(s=Sum("amount"))["s"] or 0
    received = (
        FundPayment.objects.filter(to_org=union, use=FundUse.GRANT).aggregate(s=Sum("amount"))["s"]
        or 0
    )
    return {
        "union": union,
        "balance": ledger.balance(union.pk, FUND_ACCOUNT),
        "allotted": allotted,
        "received": received,
        "paid": ledger.balance(union.pk, PAID_ACCOUNT),
        "granted": FundPayment.objects.filter(union=union, use=FundUse.GRANT).aggregate(
            s=Sum("amount")
        )["s"]
        or 0,
    }


def fund_allotment_list(
    *,
    actor: User,
    q: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[FundAllotment]:
    qs = FundAllotment.objects.visible_to(actor).select_related("union", "created_by")
    q = q.strip()
    if q:
        qs = qs.filter(Q(memo__icontains=q) | Q(union__name__icontains=q))
    return within(_period(qs, "allotted_on", date_from, date_to), actor, under_id)


def fund_payment_list(
    *,
    actor: User,
    q: str = "",
    use: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
    under_id: int | None = None,
) -> QuerySet[FundPayment]:
    qs = FundPayment.objects.visible_to(actor).select_related(
        "union", "seeker", "session", "to_org", "created_by"
    )
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(memo__icontains=q) | Q(union__name__icontains=q) | Q(to_org__name__icontains=q)
        )
    if use:
        qs = qs.filter(use=use)
    return within(_period(qs, "paid_on", date_from, date_to), actor, under_id)
