"""A list row's counts by core.lists.related_count/related_sum (correlated subqueries, not
a Count over a join: bench/RESULTS.md, "Province lists, second pass") keep their values:
for each list, a row with three related records (one of them of the counted condition's
other kind), a row with none (0, never empty) — each equal to the count over the join
the lists asked before, which is the oracle here."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import pytest
from django.apps import apps
from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from gonghui.activities import selectors as activities
from gonghui.communication import selectors as communication
from gonghui.competitions import selectors as competitions
from gonghui.employment import selectors as employment
from gonghui.honours import selectors as honours
from gonghui.innovation import selectors as innovation
from gonghui.outreach import selectors as outreach
from gonghui.rights import selectors_contracts as contracts
from gonghui.rights.models import ANSWERED
from gonghui.welfare import selectors as welfare

from ..scope import REGISTRY


@pytest.fixture
def world(module_world, db):
    return module_world


@dataclass
class Case:
    name: str
    rows: Any  # (actor, parent) -> the list's queryset
    child: str  # the related model's label (made by its registered `make`)
    to_row: str  # the child's foreign key to the list's row
    # annotation -> the old expression over the join (the oracle)
    values: dict[str, Any]
    # fields set on the second (and third) related record: the other kinds a conditional
    # count tells apart
    other: list[dict[str, Any]] = field(default_factory=list)
    parent: str = ""  # the row's model label, when a related record is made without one
    moved: dict[str, Any] = field(default_factory=dict)  # fields set with the move


NOW = datetime(2024, 5, 1, 9, tzinfo=timezone.get_current_timezone())

CASES = [
    Case(
        "activities",
        lambda actor, p: activities.activity_list(actor=actor),
        "activities.Photo",
        "activity",
        {"photo_count": Count("photos")},
    ),
    Case(
        "notices",
        lambda actor, p: communication.notice_list(actor=actor),
        "communication.Delivery",
        "notice",
        {
            "n_deliveries": Count("deliveries", distinct=True),
            "n_read": Count("deliveries", filter=Q(deliveries__read_at__isnull=False)),
            "n_reported": Count("deliveries", filter=Q(deliveries__reported_at__isnull=False)),
        },
        [{"read_at": NOW, "reported_at": NOW}, {"read_at": NOW}],
    ),
    Case(
        "surveys",
        lambda actor, p: communication.survey_list(actor=actor),
        "communication.Response",
        "survey",
        {"n_responses": Count("responses")},
    ),
    Case(
        "works campaigns",
        lambda actor, p: communication.works_campaign_list(actor=actor),
        "communication.Entry",
        "campaign",
        {
            "n_entries": Count("entries"),
            "n_selected": Count("entries", filter=Q(entries__selected_at__isnull=False)),
        },
        [{"selected_at": NOW}],
    ),
    Case(
        "works",
        lambda actor, row: communication.entry_list(actor=actor, campaign_id=row.campaign_id),
        "communication.Like",
        "entry",
        {"n_likes": Count("likes")},
    ),
    Case(
        "competitions",
        lambda actor, p: competitions.competition_list(actor=actor),
        "competitions.Participation",
        "competition",
        {
            "enterprise_count": Count("participations"),
            "workers_total": Sum("participations__workers"),
        },
        [{"workers": 7}, {"workers": 0}],
    ),
    Case(
        "contest events",
        lambda actor, p: competitions.event_list(actor=actor),
        "competitions.Contestant",
        "event",
        {
            "entries": Count("contestants"),
            "waiting": Count("contestants", filter=Q(contestants__status="applied")),
        },
        [{"status": "refused"}, {"status": "accepted"}],
    ),
    Case(
        "recruitment events",
        lambda actor, p: employment.event_list(actor=actor),
        "employment.Exhibitor",
        "event",
        {"exhibitor_count": Count("exhibitors")},
    ),
    Case(
        "job seekers",
        lambda actor, p: employment.seeker_list(actor=actor),
        "employment.Service",
        "seeker",
        {"service_count": Count("services")},
        parent="employment.Seeker",
    ),
    Case(
        "employment training",
        lambda actor, p: employment.training_list(actor=actor),
        "employment.Trainee",
        "session",
        {"trainee_count": Count("trainees")},
    ),
    Case(
        "honour schemes",
        lambda actor, p: honours.scheme_list(actor=actor),
        "honours.Nomination",
        "scheme",
        {
            "nominated": Count("nominations", filter=~Q(nominations__status="withdrawn")),
            "awarded": Count("nominations", filter=Q(nominations__status="awarded")),
        },
        [{"status": "withdrawn"}, {"status": "awarded"}],
    ),
    Case(
        "model workers",
        lambda actor, p: honours.worker_list(actor=actor),
        "honours.Title",
        "worker",
        {"title_count": Count("titles")},
    ),
    Case(
        "studios",
        lambda actor, p: innovation.studio_list(actor=actor),
        "innovation.StudioMember",
        "studio",
        {
            "members": Count(
                "member_rows", filter=Q(member_rows__removed_on__isnull=True), distinct=True
            )
        },
        [{"removed_on": date(2024, 5, 1)}],
        moved={"role": "member", "person": None},
    ),
    Case(
        "visits",
        lambda actor, p: outreach.visit_list(actor=actor),
        "outreach.Problem",
        "visit",
        {
            "problem_count": Count("problems"),
            "open_count": Count("problems", filter=Q(problems__status="open")),
        },
        [{"status": "solved"}, {"status": "open"}],
    ),
    Case(
        "pairings",
        lambda actor, p: outreach.pairing_list(actor=actor),
        "outreach.Contact",
        "pairing",
        {"contact_count": Count("contacts")},
    ),
    Case(
        "outreach courses",
        lambda actor, p: outreach.course_list(actor=actor),
        "outreach.Trainee",
        "course",
        {"trainee_count": Count("trainees")},
    ),
    Case(
        "offer campaigns",
        lambda actor, p: contracts.campaign_list(actor=actor),
        "rights.CollectiveOffer",
        "campaign",
        {
            "offers_sent": Count("offers"),
            "offers_answered": Count("offers", filter=Q(offers__response__in=ANSWERED)),
            "offers_accepted": Count(
                "offers", filter=Q(offers__response__in=["accepted", "negotiating"])
            ),
        },
        [
            {"response": "accepted", "responded_on": date(2024, 5, 1)},
            {"response": "refused", "responded_on": date(2024, 5, 1)},
        ],
    ),
    Case(
        "health programs",
        lambda actor, p: welfare.health_program_list(actor=actor),
        "welfare.Screening",
        "program",
        {"booked": Count("screenings")},
    ),
    Case(
        "rest programs",
        lambda actor, p: welfare.rest_program_list(actor=actor),
        "welfare.Selection",
        "program",
        {"selected": Count("selections")},
    ),
    Case(
        "rest trips",
        lambda actor, p: welfare.trip_list(actor=actor),
        "welfare.Selection",
        "trip",
        {"people": Count("travellers")},
        parent="welfare.RestTrip",
    ),
]


def _make(world, label, org=None):
    thing = next(t for t in REGISTRY if t.model == label)
    return thing.make(world, org or world.grassroots)


def _oracle(parent, values) -> dict[str, int]:
    exprs = {k: Coalesce(v, 0) if isinstance(v, Sum) else v for k, v in values.items()}
    return type(parent).objects.filter(pk=parent.pk).annotate(**exprs).values(*values).get()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_list_rows_counts_equal_the_count_over_the_join(world, case):
    model = apps.get_model(case.child)
    first = _make(world, case.child)
    # two more records (of other unions: some are one a union), made with rows of their
    # own and moved onto the first's row; their own rows are left with none
    others = [_make(world, case.child, org) for org in (world.sibling_grassroots, world.county)]
    if case.parent:
        parent = _make(world, case.parent)
        empty = []
        model.objects.filter(pk=first.pk).update(**{case.to_row: parent})
    else:
        parent = getattr(first, case.to_row)
        empty = [getattr(o, case.to_row) for o in others]
    moved = {case.to_row: parent, **case.moved}
    model.objects.filter(pk__in=[o.pk for o in others]).update(**moved)
    for other, fields in zip(others, case.other, strict=False):
        model.objects.filter(pk=other.pk).update(**fields)
    total = model.objects.filter(**{case.to_row: parent}).count()
    assert total >= 3  # a row made with a record of its own keeps it

    rows = {r.pk: r for r in case.rows(world.province_staff, parent)}
    assert parent.pk in rows, "the list shows the row"
    want = _oracle(parent, case.values)
    got = {k: getattr(rows[parent.pk], k) for k in case.values}
    assert got == {k: want[k] for k in case.values}
    for k, v in case.values.items():
        if not v.filter and not isinstance(v, Sum):
            assert got[k] == total, k  # every related record, once
    for row in empty:
        if row.pk in rows:
            assert {k: getattr(rows[row.pk], k) for k in case.values} == dict.fromkeys(
                case.values, 0
            )


def test_a_model_worker_activitys_workers_are_counted_once_each(world):
    """Its workers are a many-to-many relation: counted in its table of pairs."""
    event, bare = _make(world, "honours.Event"), _make(world, "honours.Event")
    workers = [_make(world, "honours.ModelWorker") for _ in range(3)]
    event.workers.add(*workers)
    rows = {r.pk: r.worker_count for r in honours.event_list(actor=world.province_staff)}
    assert (rows[event.pk], rows[bare.pk]) == (3, 0)
