"""Scope matrix entries of the competitions capability (loaded by tests/scope.py)."""

import itertools
from datetime import date

from gonghui.accounts.models import WRITING_ROLES
from gonghui.orgs.models import OrgKind
from tests.factories import EnterpriseFactory
from tests.scope import (
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _api_ids,
    _clerk,
    _html_has,
    register,
)

_serial = itertools.count(1)


def _now(obj):
    return type(obj).objects.get(pk=obj.pk)


def _competition(world, org, **fields):
    from gonghui.competitions.models import Competition

    values = {
        "union": org,
        "kind": "skills",
        "title": f"{org.name}技能竞赛{next(_serial)}",
        "starts_on": date(2022, 3, 1),
        "ends_on": date(2022, 11, 30),
        "created_by": world.province_staff,
    }
    values.update(fields)
    return Competition.objects.create(**values)


def _make_competition(world, org):
    competition = _competition(world, org)
    # an enterprise kept there that does not yet take part: what a writer records
    competition.spare = EnterpriseFactory(keeper=org)
    return competition


def _provincial_writer(user, competition) -> bool:
    """Staff writing at a provincial federation at or above the organizer."""
    return any(
        r.kind in WRITING_ROLES
        and r.organization.kind == OrgKind.PROVINCIAL
        and competition.union.path.startswith(r.organization.path)
        for r in user.roles.all()
    )


register(
    ScopedThing(
        name="competition",
        model="competitions.Competition",
        make=_make_competition,
        reads=[
            Read(lambda c: f"/api/v1/competitions/{c.pk}", DENIED_API),
            Read(lambda c: f"/api/v1/competitions/{c.pk}/enterprises", DENIED_API),
            Read(lambda c: f"/api/v1/competitions?under_id={c.union_id}", DENIED_API),
            Read(lambda c: f"/competitions/{c.pk}/", DENIED_PAGE),
            Read(lambda c: f"/competitions/{c.pk}/sub/new/", DENIED_PAGE),
            Read(lambda c: f"/competitions/{c.pk}/edit/", DENIED_PAGE, write=True),
            Read(lambda c: f"/admin/competitions/competition/{c.pk}/change/", {302}),
        ],
        listings=[
            Listing(lambda c: "/api/v1/competitions?limit=500", _api_ids),
            Listing(lambda c: "/competitions/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(lambda c: "/competitions/?export=csv", _html_has(lambda c: c.title)),
        ],
        writes=[
            Write(
                "patch",
                lambda c: f"/api/v1/competitions/{c.pk}",
                lambda c: {"title": c.title + "（改）"},
                200,
                lambda c: _now(c).title == c.title,
            ),
            Write(
                "post",
                lambda c: f"/api/v1/competitions/{c.pk}/library/propose",
                lambda c: {},
                200,
                lambda c: _now(c).library_status == "none",
            ),
            Write(
                "post",
                lambda c: f"/competitions/{c.pk}/library/propose/",
                lambda c: {},
                302,
                lambda c: _now(c).library_status == "none",
            ),
            Write(
                "post",
                lambda c: f"/api/v1/competitions/{c.pk}/enterprises",
                lambda c: {"enterprise_id": c.spare.pk, "workers": 300},
                201,
                lambda c: not c.participations.exists(),
            ),
            Write(
                "post",
                lambda c: f"/competitions/{c.pk}/enterprises/",
                lambda c: {"enterprise": c.spare.credit_code, "workers": "300"},
                302,
                lambda c: not c.participations.exists(),
            ),
            Write(
                "post",
                lambda c: f"/api/v1/competitions/{c.pk}/events",
                lambda c: {"trade": "焊工", "round": "county", "held_on": "2022-06-01"},
                201,
                lambda c: not c.events.exists(),
            ),
            Write(
                "post",
                lambda c: f"/competitions/{c.pk}/events/",
                lambda c: {
                    "trade": "焊工",
                    "round": "county",
                    "held_on": "2022-06-01",
                    "participants": "30",
                },
                302,
                lambda c: not c.events.exists(),
            ),
        ],
    )
)


def _make_proposed(world, org):
    return _competition(world, org, kind="labour", library_status="proposed", proposed_by=_clerk())


register(
    ScopedThing(
        name="competition proposed for the project library",
        model="competitions.Competition",
        make=_make_proposed,
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/competitions/{c.pk}/library/decide",
                lambda c: {"listed": True},
                200,
                lambda c: _now(c).library_status == "proposed",
                may=_provincial_writer,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda c: f"/competitions/{c.pk}/library/list/",
                lambda c: {},
                302,
                lambda c: _now(c).library_status == "proposed",
                may=_provincial_writer,
                denied={400, 404},
            ),
            Write(
                "post",
                lambda c: f"/competitions/{c.pk}/library/refuse/",
                lambda c: {},
                302,
                lambda c: _now(c).library_status == "proposed",
                may=_provincial_writer,
                denied={400, 404},
            ),
        ],
    )
)


def _make_participation(world, org):
    from gonghui.competitions.models import Participation

    competition = _competition(world, org, kind="labour")
    return Participation.objects.create(
        competition=competition,
        enterprise=EnterpriseFactory(keeper=org),
        union=org,
        workers=420,
        recorded_by=world.province_staff,
    )


register(
    ScopedThing(
        name="competition enterprise",
        model="competitions.Participation",
        make=_make_participation,
        listings=[
            Listing(
                lambda p: f"/competitions/{p.competition_id}/",
                _html_has(lambda p: p.enterprise.name),
            ),
        ],
        writes=[
            Write(
                "delete",
                lambda p: f"/api/v1/competitions/enterprises/{p.pk}",
                lambda p: {},
                204,
                lambda p: type(p).objects.filter(pk=p.pk).exists(),
            ),
            Write(
                "post",
                lambda p: f"/competitions/enterprises/{p.pk}/remove/",
                lambda p: {},
                302,
                lambda p: type(p).objects.filter(pk=p.pk).exists(),
            ),
        ],
    )
)


def _make_event(world, org):
    from gonghui.competitions.models import Event

    competition = _competition(world, org)
    return Event.objects.create(
        competition=competition,
        union=org,
        trade=f"{org.name}焊工{next(_serial)}",
        round="county",
        held_on=date(2099, 6, 1),
        participants=40,
        open_for_entries=True,
        created_by=world.province_staff,
    )


register(
    ScopedThing(
        name="contest event",
        model="competitions.Event",
        make=_make_event,
        reads=[
            Read(lambda e: f"/api/v1/competitions/events/{e.pk}", DENIED_API),
            Read(lambda e: f"/competitions/events/{e.pk}/", DENIED_PAGE),
            Read(
                lambda e: f"/api/v1/competitions/events?competition_id={e.competition_id}",
                DENIED_API,
            ),
        ],
        listings=[
            Listing(lambda e: "/api/v1/competitions/events?limit=500", _api_ids),
            Listing(lambda e: "/competitions/events/", _html_has(lambda e: f'data-id="{e.pk}"')),
            Listing(lambda e: "/competitions/events/?export=csv", _html_has(lambda e: e.trade)),
        ],
        writes=[
            Write(
                "patch",
                lambda e: f"/api/v1/competitions/events/{e.pk}",
                lambda e: {"participants": 99},
                200,
                lambda e: _now(e).participants == 40,
            ),
            Write(
                "post",
                lambda e: f"/api/v1/competitions/events/{e.pk}/contestants",
                lambda e: {"name": "选手甲"},
                201,
                lambda e: not e.contestants.exists(),
            ),
            Write(
                "post",
                lambda e: f"/competitions/events/{e.pk}/contestants/",
                lambda e: {"name": "选手甲", "employer": "华晨"},
                302,
                lambda e: not e.contestants.exists(),
            ),
            # a worker enters from their phone; none of the personas is a member there
            Write(
                "post",
                lambda e: f"/my/contests/{e.pk}/enter/",
                lambda e: {},
                302,
                lambda e: not e.contestants.exists(),
                may=lambda user, e: False,
            ),
        ],
    )
)


def _make_contestant(world, org, status="applied"):
    from gonghui.competitions.models import Contestant

    return Contestant.objects.create(
        event=_make_event(world, org),
        name=f"选手{next(_serial)}",
        employer=f"{org.name}所属企业",
        status=status,
        entered_by=_clerk(),
        reviewed_by=_clerk() if status == "accepted" else None,
    )


register(
    ScopedThing(
        name="contestant",
        model="competitions.Contestant",
        make=_make_contestant,
        reads=[
            Read(lambda c: f"/api/v1/competitions/contestants/{c.pk}", DENIED_API),
            Read(lambda c: f"/api/v1/competitions/contestants?event_id={c.event_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda c: "/api/v1/competitions/contestants?limit=500", _api_ids),
            Listing(
                lambda c: f"/competitions/events/{c.event_id}/",
                _html_has(lambda c: f'data-id="{c.pk}"'),
            ),
        ],
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/competitions/contestants/{c.pk}/review",
                lambda c: {"accept": True},
                200,
                lambda c: _now(c).status == "applied",
            ),
            Write(
                "post",
                lambda c: f"/competitions/contestants/{c.pk}/accept/",
                lambda c: {},
                302,
                lambda c: _now(c).status == "applied",
            ),
            Write(
                "post",
                lambda c: f"/competitions/contestants/{c.pk}/refuse/",
                lambda c: {"note": "不符合参赛条件"},
                302,
                lambda c: _now(c).status == "applied",
            ),
        ],
    )
)

register(
    ScopedThing(
        name="accepted contestant",
        model="competitions.Contestant",
        make=lambda world, org: _make_contestant(world, org, status="accepted"),
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/competitions/contestants/{c.pk}/result",
                lambda c: {"score": "95.5", "rank": 1, "title": "技术能手"},
                200,
                lambda c: _now(c).rank is None,
            ),
            Write(
                "post",
                lambda c: f"/competitions/contestants/{c.pk}/result/",
                lambda c: {"score": "95.5", "rank": "1", "title": "技术能手"},
                302,
                lambda c: _now(c).rank is None,
            ),
        ],
    )
)


def _make_training(world, org):
    from gonghui.competitions.models import TrainingSession

    return TrainingSession.objects.create(
        union=org,
        enterprise=EnterpriseFactory(keeper=org),
        kind="on_site",
        course=f"{org.name}数控培训{next(_serial)}",
        held_on=date(2022, 6, 1),
        trainees=80,
        subsidy=160_000,
        recorded_by=_clerk(),
    )


register(
    ScopedThing(
        name="training session",
        model="competitions.TrainingSession",
        make=_make_training,
        reads=[
            Read(lambda t: f"/api/v1/competitions/training/{t.pk}", DENIED_API),
            Read(lambda t: f"/competitions/training/{t.pk}/", DENIED_PAGE),
            Read(lambda t: f"/api/v1/competitions/training?under_id={t.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda t: "/api/v1/competitions/training?limit=500", _api_ids),
            Listing(lambda t: "/competitions/training/", _html_has(lambda t: f'data-id="{t.pk}"')),
            Listing(lambda t: "/competitions/training/?export=csv", _html_has(lambda t: t.course)),
        ],
        writes=[
            Write(
                "post",
                lambda t: f"/api/v1/competitions/training/{t.pk}/review",
                lambda t: {"approve": True},
                200,
                lambda t: _now(t).status == "recorded",
            ),
            Write(
                "post",
                lambda t: f"/competitions/training/{t.pk}/approve/",
                lambda t: {},
                302,
                lambda t: _now(t).status == "recorded",
            ),
            Write(
                "post",
                lambda t: f"/competitions/training/{t.pk}/reject/",
                lambda t: {},
                302,
                lambda t: _now(t).status == "recorded",
            ),
        ],
    )
)


def _make_approved_training(world, org):
    """An approved session whose organizer has the funds for its subsidy."""
    from gonghui.campaigns import ledger
    from gonghui.campaigns.ledger import Leg, PostingSpec
    from gonghui.campaigns.models import AccountKind, PostingKind

    session = _make_training(world, org)
    type(session).objects.filter(pk=session.pk).update(status="approved", reviewed_by=_clerk())
    ledger.post(
        PostingSpec(
            PostingKind.RECEIPT,
            org.pk,
            legs=[
                Leg(org.pk, AccountKind.AVAILABLE, 160_000),
                Leg(org.pk, AccountKind.DUES, -160_000),
            ],
        ),
        actor=None,
    )
    return _now(session)


register(
    ScopedThing(
        name="approved training session, its subsidy to pay",
        model="competitions.TrainingSession",
        make=_make_approved_training,
        writes=[
            Write(
                "post",
                lambda t: f"/competitions/training/{t.pk}/pay/",
                lambda t: {},
                302,
                lambda t: _now(t).posting_id is None,
            )
        ],
    )
)
