"""Every read of notices, surveys and news items, restricted to the caller's subtrees."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from gonghui.accounts.models import User
from gonghui.core.errors import ServiceError
from gonghui.core.lists import related_count
from gonghui.core.scoping import get_visible_or_404
from gonghui.members.models import Membership, MembershipStatus
from gonghui.orgs.models import Industry, Organization, Region, WorkKind
from gonghui.orgs.selectors import org_get

from .models import (
    AgeBand,
    Answer,
    Delivery,
    EducationBase,
    Entry,
    Like,
    Message,
    MessagePreference,
    NewsItem,
    NewsStatus,
    Notice,
    QuestionKind,
    Receipt,
    Response,
    Survey,
    SurveyStatus,
    WorksCampaign,
)

# A group in a cross-tab is shown only with at least this many answers, so that no one is
# picked out by the groups they belong to.
MIN_GROUP = 10


# ---- notices -------------------------------------------------------------------------


def notice_list(
    *,
    actor: User,
    q: str = "",
    under_id: int | None = None,
    sent_from: date | None = None,
    sent_to: date | None = None,
) -> QuerySet[Notice]:
    """Notices sent within the actor's subtrees, with their counts of receivers."""
    qs = (
        Notice.objects.visible_to(actor)
        .select_related("union")
        .annotate(
            n_deliveries=related_count(Delivery, "notice"),
            n_read=related_count(Delivery, "notice", read_at__isnull=False),
            n_reported=related_count(Delivery, "notice", reported_at__isnull=False),
        )
    )
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    if sent_from:
        qs = qs.filter(sent_at__date__gte=sent_from)
    if sent_to:
        qs = qs.filter(sent_at__date__lte=sent_to)
    return qs


def notice_get(*, actor: User, notice_id: int) -> Notice:
    """A notice the actor's subtree sent, or one that a union of their subtree received,
    itself or forwarded (a forward shows the text it passes on)."""
    notice = (
        Notice.objects.select_related("union", "parent", "parent__union")
        .filter(pk=notice_id)
        .first()
    )
    if notice is None:
        raise Http404
    if Notice.objects.visible_to(actor).filter(pk=notice.pk).exists():
        return notice
    ids, frontier = [notice.pk], [notice.pk]
    for _level in range(8):  # forwards of forwards, down the tree
        frontier = list(Notice.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        if not frontier:
            break
        ids += frontier
    if not Delivery.objects.visible_to(actor).filter(notice_id__in=ids).exists():
        raise Http404
    return notice


def notice_chain(notice: Notice) -> list[Notice]:
    """The notice as first sent, then each forward down to this one."""
    chain = [notice]
    while chain[0].parent is not None:
        chain.insert(0, chain[0].parent)
    return chain


def delivery_list(
    *,
    actor: User,
    notice_id: int | None = None,
    state: str = "",
    q: str = "",
    mine: bool = False,
) -> QuerySet[Delivery]:
    """Notices received within the actor's subtrees (mine: by the unions they act for)."""
    qs = Delivery.objects.visible_to(actor).select_related("notice", "notice__union", "union")
    if notice_id is not None:
        qs = qs.filter(notice_id=notice_id)
    if mine:
        qs = qs.filter(union_id__in=actor.writing_org_ids())
    if q.strip():
        qs = qs.filter(Q(notice__title__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    today = timezone.localdate()
    late = Q(
        reported_at__isnull=True,
        notice__report_required=True,
        notice__report_due__lt=today,
    )
    if state == "unread":
        qs = qs.filter(read_at__isnull=True).exclude(late)
    elif state == "read":
        qs = qs.filter(read_at__isnull=False, reported_at__isnull=True).exclude(late)
    elif state == "reported":
        qs = qs.filter(reported_at__isnull=False)
    elif state == "late":
        qs = qs.filter(late)
    return qs


def delivery_get(*, actor: User, delivery_id: int, write: bool = False) -> Delivery:
    return get_visible_or_404(
        Delivery.objects.select_related("notice", "notice__union", "union", "forwarded_as"),
        actor,
        write=write,
        pk=delivery_id,
    )


def notice_counts(notice: Notice) -> dict[str, int]:
    """How many received it, have read it, reported back, are late."""
    today = timezone.localdate()
    qs = Delivery.objects.filter(notice=notice)
    late = Q(reported_at__isnull=True)
    late_count = (
        qs.filter(late).count()
        if notice.report_required and notice.report_due and notice.report_due < today
        else 0
    )
    got = qs.aggregate(
        total=Count("pk"),
        read=Count("pk", filter=Q(read_at__isnull=False)),
        reported=Count("pk", filter=Q(reported_at__isnull=False)),
    )
    return {**got, "late": late_count, "unread": got["total"] - got["read"]}


def notices_waiting(actor: User) -> QuerySet[Delivery]:
    """To-do: notices the actor's unions received and have not read, or must still report
    back on."""
    qs = Delivery.objects.visible_to(actor, write=True).filter(union_id__in=actor.writing_org_ids())
    return qs.filter(
        Q(read_at__isnull=True) | Q(notice__report_required=True, reported_at__isnull=True)
    )


def notices_late(actor: User) -> QuerySet[Delivery]:
    """To-do of the sender: receivers past the deadline without a report."""
    return Delivery.objects.visible_to(actor, write=True).filter(
        notice__union_id__in=actor.writing_org_ids(),
        notice__report_required=True,
        notice__report_due__lt=timezone.localdate(),
        reported_at__isnull=True,
    )


# ---- surveys -------------------------------------------------------------------------


def survey_list(
    *, actor: User, q: str = "", status: str = "", under_id: int | None = None
) -> QuerySet[Survey]:
    qs = (
        Survey.objects.visible_to(actor)
        .select_related("union")
        .annotate(n_responses=related_count(Response, "survey"))
    )
    if q.strip():
        qs = qs.filter(title__icontains=q.strip())
    if status:
        qs = qs.filter(status=status)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    return qs


def survey_get(*, actor: User, survey_id: int, write: bool = False) -> Survey:
    return get_visible_or_404(
        Survey.objects.select_related("union"), actor, write=write, pk=survey_id
    )


def surveys_for_member(*, actor: User | AnonymousUser) -> list[tuple[Survey, bool]]:
    """Open surveys of the federations above the member's union: (survey, answered)."""
    if not actor.is_authenticated:
        return []
    from .services import respondent_key

    memberships = Membership.objects.select_related("union", "person").filter(
        person__user=actor, status=MembershipStatus.ACTIVE
    )
    out: dict[int, tuple[Survey, bool]] = {}
    for m in memberships:
        paths = [m.union.path[: i + 1] for i, c in enumerate(m.union.path) if c == "/"][1:]
        for s in Survey.objects.filter(
            status=SurveyStatus.OPEN, union__path__in=paths
        ).select_related("union"):
            answered = Response.objects.filter(
                survey=s, respondent=respondent_key(s.pk, m.person_id)
            ).exists()
            out[s.pk] = (s, answered)
    return list(out.values())


def survey_for_member(*, actor: User, survey_id: int) -> Survey:
    survey = Survey.objects.select_related("union").filter(pk=survey_id).first()
    from .services import member_of

    if survey is None or survey.status == SurveyStatus.DRAFT or member_of(actor, survey) is None:
        raise Http404
    return survey


DIMENSIONS = {
    "region": "region",
    "industry": "industry",
    "age_band": "age_band",
    "work_kind": "work_kind",
}


def _group_labels(dimension: str, keys: list[str]) -> dict[str, str]:
    if dimension == "region":
        return dict(Region.objects.filter(code__in=keys).values_list("code", "name"))
    choices = {"industry": Industry, "age_band": AgeBand, "work_kind": WorkKind}[dimension]
    return {k: str(v) for k, v in choices.choices}


@dataclass
class QuestionResult:
    question_id: int
    text: str
    kind: str
    answered: int
    rows: list[tuple[str, int]]  # (choice label, count)
    mean: float | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class CrossTab:
    question_id: int
    dimension: str
    choices: list[str]
    groups: list[tuple[str, int, list[int]]]  # (group label, answers, counts per choice)
    hidden: int  # groups left out for having fewer than MIN_GROUP answers


def survey_results(*, survey: Survey, texts: int = 50) -> tuple[int, list[QuestionResult]]:
    """Counts per choice of every question: a few grouped queries, whatever the number of
    answers (bench/bench_communication.py)."""
    total = Response.objects.filter(survey=survey).count()
    questions = list(survey.questions.all())
    ids = [q.pk for q in questions]
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    for qid, value, n in (
        Answer.objects.filter(question_id__in=ids, value__isnull=False)
        .order_by()
        .values_list("question_id", "value")
        .annotate(n=Count("*"))
    ):
        counts[qid][value] = n
    # One row per response, but for a multiple choice (its responses counted apart) and a
    # text (only those who wrote one have a row).
    answered = {qid: sum(by_value.values()) for qid, by_value in counts.items()}
    for q in questions:
        if q.kind == QuestionKind.MULTIPLE:
            answered[q.pk] = (
                Answer.objects.filter(question=q).values("response_id").distinct().count()
            )
        elif q.kind == QuestionKind.TEXT:
            answered[q.pk] = Answer.objects.filter(question=q).count()
    results = []
    for q in questions:
        rows = [(label, counts[q.pk].get(v, 0)) for v, label in q.options()]
        mean = None
        if q.kind == QuestionKind.SCALE:
            n = sum(c for _l, c in rows)
            mean = round(sum(int(v) * c for (v, c) in rows) / n, 2) if n else None
        shown_texts = []
        if q.kind == QuestionKind.TEXT:
            shown_texts = list(
                Answer.objects.filter(question=q)
                .order_by("-pk")
                .values_list("text", flat=True)[:texts]
            )
        results.append(
            QuestionResult(q.pk, q.text, q.kind, answered.get(q.pk, 0), rows, mean, shown_texts)
        )
    return total, results


def survey_crosstab(*, survey: Survey, question_id: int, dimension: str) -> CrossTab:
    """Counts per choice for each group (region, industry, age band, work kind); groups of
    fewer than MIN_GROUP answers to the question are not shown."""
    if dimension not in DIMENSIONS:
        raise ServiceError("region, industry, age_band or work_kind", field="dimension")
    question = survey.questions.filter(pk=question_id).exclude(kind=QuestionKind.TEXT).first()
    if question is None:
        raise Http404
    column = f"response__{DIMENSIONS[dimension]}"
    cells: dict[str, dict[int, int]] = defaultdict(dict)
    for group, value, n in (
        Answer.objects.filter(question=question)
        .order_by()
        .values_list(column, "value")
        .annotate(n=Count("*"))
    ):
        cells[group][value] = n
    if question.kind == QuestionKind.MULTIPLE:  # a response may have several rows
        sizes = dict(
            Answer.objects.filter(question=question)
            .order_by()
            .values_list(column)
            .annotate(n=Count("response_id", distinct=True))
        )
    else:
        sizes = {group: sum(by_value.values()) for group, by_value in cells.items()}
    options = question.options()
    labels = _group_labels(dimension, [k for k in sizes if k])
    shown = sorted((g for g, n in sizes.items() if n >= MIN_GROUP), key=lambda g: (g == "", g))
    groups = [
        (labels.get(g, g) or "—", sizes[g], [cells[g].get(v, 0) for v, _l in options])
        for g in shown
    ]
    return CrossTab(
        question.pk,
        dimension,
        [label for _v, label in options],
        groups,
        hidden=len(sizes) - len(shown),
    )


# ---- news ----------------------------------------------------------------------------


def news_list(
    *, actor: User, q: str = "", status: str = "", under_id: int | None = None, to_me: bool = False
) -> QuerySet[NewsItem]:
    qs = NewsItem.objects.visible_to(actor).select_related("union", "to_union")
    if q.strip():
        qs = qs.filter(Q(title__icontains=q.strip()) | Q(union__name__icontains=q.strip()))
    if status:
        qs = qs.filter(status=status)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    if to_me:
        qs = qs.filter(to_union_id__in=actor.writing_org_ids())
    return qs


def news_get(*, actor: User, item_id: int, write: bool = False) -> NewsItem:
    return get_visible_or_404(
        NewsItem.objects.select_related("union", "to_union"), actor, write=write, pk=item_id
    )


def news_waiting(actor: User) -> QuerySet[NewsItem]:
    """To-do: items submitted to a federation the actor acts for, not yet decided."""
    return (
        NewsItem.objects.visible_to(actor, write=True)
        .filter(to_union_id__in=actor.writing_org_ids(), status=NewsStatus.SUBMITTED)
        .exclude(submitted_by=actor)
    )


def news_published(*, org: Organization) -> QuerySet[NewsItem]:
    """The public news page of a federation: what it adopted, newest first."""
    return (
        NewsItem.objects.filter(to_union=org, status=NewsStatus.ADOPTED)
        .select_related("union")
        .order_by("-decided_at", "-id")
    )


def news_published_get(*, org: Organization, item_id: int) -> NewsItem:
    item = news_published(org=org).filter(pk=item_id).first()
    if item is None:
        raise Http404
    return item


# ---- campaigns of works ----------------------------------------------------------------


def works_campaign_list(
    *, actor: User, q: str = "", kind: str = "", under_id: int | None = None
) -> QuerySet[WorksCampaign]:
    qs = (
        (
            WorksCampaign.objects.visible_to(actor)
            | WorksCampaign.objects.filter(union__path__in=_above(actor))
        )
        .select_related("union")
        .annotate(
            n_entries=related_count(Entry, "campaign"),
            n_selected=related_count(Entry, "campaign", selected_at__isnull=False),
        )
    )
    if q.strip():
        qs = qs.filter(title__icontains=q.strip())
    if kind:
        qs = qs.filter(kind=kind)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    return qs


def _above(actor: User) -> list[str]:
    """The paths of the organizations above the actor's subtrees: a campaign there is
    open to the units of the actor's subtree."""
    return [
        path[: i + 1]
        for path in actor.visible_paths()
        for i, c in enumerate(path[:-1])
        if c == "/" and i > 0
    ]


def works_campaign_get(*, actor: User, campaign_id: int) -> WorksCampaign:
    """A campaign of the actor's subtree, or of a federation above it (its units take part)."""
    campaign = WorksCampaign.objects.select_related("union").filter(pk=campaign_id).first()
    if campaign is None or not (
        campaign.union.path.startswith(tuple(actor.visible_paths()) or ("\0",))
        or campaign.union.path in _above(actor)
    ):
        raise Http404
    return campaign


def entry_list(*, actor: User, campaign_id: int) -> QuerySet[Entry]:
    """The works of a campaign the actor sees (units of their subtree), with their likes."""
    return (
        Entry.objects.visible_to(actor)
        .filter(campaign_id=campaign_id)
        .select_related("union", "campaign")
        .annotate(n_likes=related_count(Like, "entry"))
        .order_by("-selected_at", "-submitted_at", "-id")
    )


def entry_get(*, actor: User, entry_id: int) -> Entry:
    return get_visible_or_404(
        Entry.objects.select_related("union", "campaign__union"), actor, pk=entry_id
    )


def works_for_member(*, actor: User | AnonymousUser) -> list[tuple[WorksCampaign, list]]:
    """Open campaigns of the federations above the member's union, with their selected
    works: (campaign, [(entry, likes, liked by me)])."""
    if not actor.is_authenticated:
        return []
    memberships = Membership.objects.select_related("union").filter(
        person__user=actor, status=MembershipStatus.ACTIVE
    )
    today = timezone.localdate()
    out = []
    for m in memberships:
        paths = [m.union.path[: i + 1] for i, c in enumerate(m.union.path) if c == "/"][1:]
        campaigns = WorksCampaign.objects.filter(
            union__path__in=paths, opens_on__lte=today, closes_on__gte=today
        ).select_related("union")
        for c in campaigns:
            entries = (
                Entry.objects.filter(campaign=c, selected_at__isnull=False)
                .select_related("union")
                .annotate(n_likes=Count("likes"))
                .order_by("-n_likes", "id")
            )
            mine = set(
                Like.objects.filter(entry__campaign=c, person_id=m.person_id).values_list(
                    "entry_id", flat=True
                )
            )
            out.append((c, [(e, e.n_likes, e.pk in mine) for e in entries]))
    return out


# ---- messages to members ---------------------------------------------------------------


def message_list(
    *,
    actor: User,
    q: str = "",
    category: str = "",
    status: str = "",
    under_id: int | None = None,
    sent_from: date | None = None,
    sent_to: date | None = None,
) -> QuerySet[Message]:
    """Messages sent within the actor's subtrees."""
    qs = Message.objects.visible_to(actor).select_related("union", "notice")
    if q:
        qs = qs.filter(title__icontains=q)
    if category:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    if sent_from:
        qs = qs.filter(sent_at__date__gte=sent_from)
    if sent_to:
        qs = qs.filter(sent_at__date__lte=sent_to)
    return qs


def message_get(*, actor: User, message_id: int) -> Message:
    return get_visible_or_404(
        Message.objects.select_related("union", "notice", "sent_by"), actor, pk=message_id
    )


def message_counts(*, actor: User, message: Message) -> dict[str, int]:
    """Of the copies in the actor's subtree: how many, read, and by SMS sent or failed."""
    qs = Receipt.objects.visible_to(actor).filter(message=message)
    return qs.aggregate(
        receipts=Count("id"),
        read=Count("id", filter=Q(read_at__isnull=False)),
        sms_waiting=Count("id", filter=Q(sms_status="pending")),
        sms_sent=Count("id", filter=Q(sms_status="sent")),
        sms_failed=Count("id", filter=Q(sms_status="failed")),
    )


def inbox(*, actor: User, unread: bool | None = None) -> QuerySet[Receipt]:
    """The member's own copies, newest first."""
    if not actor.is_authenticated:
        return Receipt.objects.none()
    qs = Receipt.objects.filter(person__user=actor).select_related("message", "message__union")
    if unread is not None:
        qs = qs.filter(read_at__isnull=unread)
    return qs.order_by("-message__sent_at", "-id")


def unread_count(actor: User) -> int:
    if not actor.is_authenticated:
        return 0
    return Receipt.objects.filter(person__user=actor, read_at__isnull=True).count()


def my_receipt(*, actor: User, receipt_id: int) -> Receipt:
    """The member's own copy; another's is a 404."""
    if not actor.is_authenticated:
        raise Http404
    return get_visible_or_404(
        Receipt.objects.filter(person__user=actor).select_related("message", "message__union"),
        actor,
        own=True,
        pk=receipt_id,
    )


def my_preference(actor: User) -> MessagePreference | None:
    person = getattr(actor, "person", None) if actor.is_authenticated else None
    if person is None:
        return None
    return MessagePreference.objects.filter(person=person).first() or MessagePreference(
        person=person
    )


# ---- education bases -------------------------------------------------------------------


def base_list(
    *,
    actor: User,
    q: str = "",
    under_id: int | None = None,
    active: bool | None = None,
    year: int | None = None,
) -> QuerySet[EducationBase]:
    qs = EducationBase.objects.visible_to(actor).select_related("union")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(address__icontains=q))
    if under_id is not None:
        qs = qs.filter(union__path__startswith=org_get(actor=actor, org_id=under_id).path)
    if active is not None:
        qs = qs.filter(is_active=active)
    if year is not None:
        qs = qs.filter(named_on__year=year)
    return qs


def base_get(*, actor: User, base_id: int) -> EducationBase:
    return get_visible_or_404(EducationBase.objects.select_related("union"), actor, pk=base_id)


def base_map_points(
    *, actor: User, bbox: tuple[float, float, float, float] | None, limit: int
) -> tuple[list[dict], int]:
    """Active bases for the staff map (stations' map layer), inside a
    (min_lng, min_lat, max_lng, max_lat) box."""
    qs = base_list(actor=actor, active=True)
    if bbox is not None:
        min_lng, min_lat, max_lng, max_lat = bbox
        qs = qs.filter(lat__gte=min_lat, lat__lte=max_lat, lng__gte=min_lng, lng__lte=max_lng)
    total = qs.count()
    rows = qs.order_by("id").values("id", "name", "lat", "lng")[:limit]
    return [dict(r) for r in rows], total
