"""Scope matrix entries of the honours capability (loaded by tests/scope.py)."""

import json
from datetime import date, timedelta

from gonghui.accounts.models import WRITING_ROLES
from tests.factories import id_number, make_org
from tests.scope import (
    CHILD_KIND,
    DENIED_API,
    DENIED_PAGE,
    Listing,
    Read,
    ScopedThing,
    Write,
    _api_ids,
    _clerk,
    _exists,
    _html_has,
    register,
)


def _province(world, org):
    return (
        world.other_province if org.path.startswith(world.other_province.path) else world.province
    )


def _scheme(world, owner, title=""):
    from gonghui.honours.models import Scheme

    year = date.today().year
    return Scheme.objects.create(
        owner=owner,
        kind="model_worker",
        level="provincial",
        title=title or f"{owner.name}{year}年劳动模范评选{owner.pk}号",
        year=year,
        opens_on=date(year, 1, 1),
        closes_on=date(year, 12, 31),
        created_by=_clerk(),
    )


def _writes_exactly_at(org_id_of):
    """`may`: the persona holds a writing role at that very organization (a step's union,
    the scheme's federation)."""

    def may(user, obj):
        org_id = org_id_of(obj)
        return any(
            r.organization_id == org_id and r.kind in WRITING_ROLES for r in user.roles.all()
        )

    return may


# ---- schemes and quotas -----------------------------------------------------------------


def _make_scheme(world, org):
    scheme = _scheme(world, org)
    scheme.lower = (
        make_org(f"{org.name}下设工会{scheme.pk}", CHILD_KIND[org.kind], org, org.region_id)
        if org.kind in CHILD_KIND
        else None
    )
    return scheme


def _no_quota(s) -> bool:
    return not s.quotas.exists()


register(
    ScopedThing(
        name="honour scheme",
        model="honours.Scheme",
        make=_make_scheme,
        reads=[
            Read(lambda s: f"/api/v1/honours/schemes/{s.pk}", DENIED_API),
            Read(lambda s: f"/honours/schemes/{s.pk}/", DENIED_PAGE),
            Read(lambda s: f"/api/v1/honours/schemes/{s.pk}/quotas", DENIED_API),
        ],
        listings=[
            Listing(lambda s: "/api/v1/honours/schemes?limit=500", _api_ids),
            Listing(lambda s: "/honours/schemes/", _html_has(lambda s: f'data-id="{s.pk}"')),
            Listing(lambda s: "/honours/schemes/?export=csv", _html_has(lambda s: s.title)),
        ],
        writes=[
            Write(
                "post",
                lambda s: f"/api/v1/honours/schemes/{s.pk}/quotas",
                lambda s: {"union_id": s.lower.pk, "people": 3} if s.lower else None,
                200,
                _no_quota,
            ),
            Write(
                "post",
                lambda s: f"/honours/schemes/{s.pk}/quotas/",
                lambda s: {"union": s.lower.pk, "people": 3, "collectives": 1} if s.lower else None,
                302,
                _no_quota,
            ),
        ],
    )
)


def _make_quota(world, org):
    from gonghui.honours.models import Quota

    return Quota.objects.create(
        scheme=_scheme(world, org), union=org, people=5, collectives=1, set_by=_clerk()
    )


register(
    ScopedThing(
        name="honour quota",
        model="honours.Quota",
        make=_make_quota,
        listings=[
            Listing(
                lambda q: f"/api/v1/honours/schemes/{q.scheme_id}/quotas",
                lambda body, q: any(item["id"] == q.pk for item in json.loads(body)),
            ),
        ],
    )
)


# ---- nominations -----------------------------------------------------------------------


def _make_nomination(world, org, *, status="reviewing"):
    from gonghui.core import crypto
    from gonghui.honours.models import Nomination, Step
    from gonghui.honours.services import chain_for

    owner = _province(world, org)
    scheme = _scheme(world, owner)
    number = id_number("19750101", "210102")
    today = date.today()
    nomination = Nomination.objects.create(
        scheme=scheme,
        union=org,
        subject="person",
        name=f"候选人{org.pk}号",
        id_cipher=crypto.encrypt(number),
        id_index=crypto.blind_index(number),
        employer="某机械厂",
        category="frontline",
        deeds="事迹",
        status=status,
        entered_by=_clerk(),
        **(
            {"notice_from": today - timedelta(days=6), "notice_to": today - timedelta(days=1)}
            if status == "notice"
            else {}
        ),
    )
    Step.objects.bulk_create(
        Step(
            nomination=nomination,
            order=i,
            org=o,
            decision="pending" if status == "reviewing" else "approved",
        )
        for i, o in enumerate(chain_for(org, owner), start=1)
    )
    return nomination


def _still(status):
    return lambda n: type(n).objects.get(pk=n.pk).status == status


register(
    ScopedThing(
        name="honour nomination",
        model="honours.Nomination",
        make=_make_nomination,
        reads=[
            Read(lambda n: f"/api/v1/honours/nominations/{n.pk}", DENIED_API),
            Read(lambda n: f"/honours/nominations/{n.pk}/", DENIED_PAGE),
            Read(lambda n: f"/api/v1/honours/nominations?under_id={n.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda n: "/api/v1/honours/nominations?limit=500", _api_ids),
            Listing(lambda n: "/honours/", _html_has(lambda n: f'data-id="{n.pk}"')),
            Listing(lambda n: "/honours/?export=csv", _html_has(lambda n: n.name)),
        ],
        writes=[
            Write(
                "post",
                lambda n: f"/api/v1/honours/nominations/{n.pk}/withdraw",
                lambda n: {},
                200,
                _still("reviewing"),
            ),
            Write(
                "post",
                lambda n: f"/honours/nominations/{n.pk}/withdraw/",
                lambda n: {},
                302,
                _still("reviewing"),
            ),
            Write(
                "post",
                lambda n: f"/api/v1/honours/nominations/{n.pk}/decide",
                lambda n: {"step": 1, "decision": "approved", "opinion": "同意"},
                200,
                lambda n: n.steps.get(order=1).decision == "pending",
                may=_writes_exactly_at(lambda n: n.steps.get(order=1).org_id),
                denied={400},
            ),
            Write(
                "post",
                lambda n: f"/honours/nominations/{n.pk}/decide/",
                lambda n: {"decision": "approved", "opinion": "同意"},
                302,
                lambda n: n.steps.get(order=1).decision == "pending",
                may=_writes_exactly_at(lambda n: n.steps.get(order=1).org_id),
                denied={400},
            ),
        ],
    )
)

register(
    ScopedThing(
        name="honour nomination after its notice",
        model="honours.Nomination",
        make=lambda world, org: _make_nomination(world, org, status="notice"),
        writes=[
            Write(
                "post",
                lambda n: f"/api/v1/honours/nominations/{n.pk}/award",
                lambda n: {"certificate_number": f"ZS{n.pk}"},
                200,
                _still("notice"),
                may=_writes_exactly_at(lambda n: n.scheme.owner_id),
                denied={400},
            ),
            Write(
                "post",
                lambda n: f"/honours/nominations/{n.pk}/award/",
                lambda n: {"certificate_number": f"ZS{n.pk}"},
                302,
                _still("notice"),
                may=_writes_exactly_at(lambda n: n.scheme.owner_id),
                denied={400},
            ),
        ],
    )
)


def _make_step(world, org):
    return _make_nomination(world, org).steps.get(order=1)


register(
    ScopedThing(
        name="honour review step",
        model="honours.Step",
        make=_make_step,
        reads=[Read(lambda s: f"/api/v1/honours/nominations/{s.nomination_id}", DENIED_API)],
    )
)


def _make_objection(world, org):
    from gonghui.honours.models import Objection

    nomination = _make_nomination(world, org, status="notice")
    return Objection.objects.create(
        nomination=nomination, text=f"异议{nomination.pk}号", received_on=date.today()
    )


def _objection_open(o) -> bool:
    return type(o).objects.get(pk=o.pk).status == "open"


register(
    ScopedThing(
        name="honour objection",
        model="honours.Objection",
        make=_make_objection,
        listings=[
            Listing(
                lambda o: f"/api/v1/honours/nominations/{o.nomination_id}/objections",
                lambda body, o: any(item["id"] == o.pk for item in json.loads(body)),
            ),
            Listing(
                lambda o: f"/honours/nominations/{o.nomination_id}/", _html_has(lambda o: o.text)
            ),
        ],
        writes=[
            Write(
                "post",
                lambda o: f"/api/v1/honours/objections/{o.pk}/resolve",
                lambda o: {"outcome": "dismissed", "resolution": "经核实不属实"},
                200,
                _objection_open,
                may=_writes_exactly_at(lambda o: o.nomination.scheme.owner_id),
                denied={400},
            ),
            Write(
                "post",
                lambda o: f"/honours/objections/{o.pk}/resolve/",
                lambda o: {"outcome": "dismissed", "resolution": "经核实不属实"},
                302,
                _objection_open,
                may=_writes_exactly_at(lambda o: o.nomination.scheme.owner_id),
                denied={400},
            ),
        ],
    )
)


# ---- the register ----------------------------------------------------------------------


def _make_worker(world, org):
    from gonghui.honours.models import ModelWorker, Title

    worker = ModelWorker.objects.create(
        union=org, name=f"劳模{org.pk}号", employer=f"{org.name}所在企业"
    )
    Title.objects.create(
        worker=worker, kind="model_worker", level="provincial", year=2020, name="省劳动模范"
    )
    return worker


register(
    ScopedThing(
        name="model worker",
        model="honours.ModelWorker",
        make=_make_worker,
        reads=[
            Read(lambda m: f"/api/v1/honours/workers/{m.pk}", DENIED_API),
            Read(lambda m: f"/honours/workers/{m.pk}/", DENIED_PAGE),
            Read(lambda m: f"/api/v1/honours/workers?under_id={m.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda m: "/api/v1/honours/workers?limit=500", _api_ids),
            Listing(lambda m: "/honours/workers/", _html_has(lambda m: f'data-id="{m.pk}"')),
            Listing(lambda m: "/honours/workers/?export=csv", _html_has(lambda m: m.name)),
        ],
        writes=[
            Write(
                "patch",
                lambda m: f"/api/v1/honours/workers/{m.pk}",
                lambda m: {"status": "retired"},
                200,
                lambda m: type(m).objects.get(pk=m.pk).status == "working",
            ),
            Write(
                "post",
                lambda m: f"/api/v1/honours/workers/{m.pk}/care",
                # no money: who may give care is the point here (paying it: tests/honours/test_pages.py)
                lambda m: {"kind": "health_check", "given_on": "2024-05-01", "amount": 0},
                201,
                lambda m: not m.care.exists(),
            ),
            Write(
                "post",
                lambda m: f"/honours/workers/{m.pk}/edit/",
                lambda m: {"employer": "新单位", "status": "retired", "contact": ""},
                302,
                lambda m: type(m).objects.get(pk=m.pk).status == "working",
            ),
            Write(
                "post",
                lambda m: f"/api/v1/honours/workers/{m.pk}/titles",
                lambda m: {"kind": "model_worker", "level": "city", "year": 2015, "name": "市劳模"},
                201,
                lambda m: m.titles.count() == 1,
            ),
            Write(
                "post",
                lambda m: f"/honours/workers/{m.pk}/care/",
                lambda m: {"kind": "health_check", "given_on": "2024-05-01", "amount": ""},
                302,
                lambda m: not m.care.exists(),
            ),
        ],
    )
)

register(
    ScopedThing(
        name="model worker's title",
        model="honours.Title",
        make=lambda world, org: _make_worker(world, org).titles.get(),
        reads=[Read(lambda t: f"/api/v1/honours/workers/{t.worker_id}", DENIED_API)],
    )
)


def _make_care(world, org):
    from gonghui.honours.models import Care

    return Care.objects.create(
        worker=_make_worker(world, org),
        kind="recuperation",
        given_on=date(2024, 7, 1),
        amount=300000,
        note=f"疗休养{org.pk}号",
        entered_by=_clerk(),
    )


register(
    ScopedThing(
        name="model worker care",
        model="honours.Care",
        make=_make_care,
        listings=[
            Listing(lambda c: "/api/v1/honours/care?limit=500", _api_ids),
            Listing(lambda c: "/honours/care/", _html_has(lambda c: f'data-id="{c.pk}"')),
            Listing(lambda c: "/honours/care/?export=csv", _html_has(lambda c: c.note)),
        ],
    )
)


def _make_event(world, org):
    from gonghui.honours.models import Event

    return Event.objects.create(
        union=org,
        kind="school",
        held_on=date(2022, 5, 20),
        title=f"劳模工匠进校园{org.pk}号",
        place="某中学",
        attendance=200,
        entered_by=_clerk(),
    )


register(
    ScopedThing(
        name="model workers' activity",
        model="honours.Event",
        make=_make_event,
        reads=[
            Read(lambda e: f"/api/v1/honours/events/{e.pk}", DENIED_API),
            Read(lambda e: f"/honours/events/{e.pk}/", DENIED_PAGE),
            Read(lambda e: f"/api/v1/honours/events?under_id={e.union_id}", DENIED_API),
        ],
        listings=[
            Listing(lambda e: "/api/v1/honours/events?limit=500", _api_ids),
            Listing(lambda e: "/honours/events/", _html_has(lambda e: f'data-id="{e.pk}"')),
            Listing(lambda e: "/honours/events/?export=csv", _html_has(lambda e: e.title)),
        ],
        writes=[
            Write("delete", lambda e: f"/api/v1/honours/events/{e.pk}", lambda e: {}, 204, _exists),
            Write(
                "post", lambda e: f"/honours/events/{e.pk}/withdraw/", lambda e: {}, 302, _exists
            ),
        ],
    )
)


# ---- contest winners put forward, hardship care on the needy-worker file (issue 17) -------


def _make_winner(world, org):
    """A first place of a contest held at `org`, and an open scheme of its province."""
    from tests.competitions.scope import _make_contestant

    winner = _make_contestant(world, org, status="accepted")
    type(winner).objects.filter(pk=winner.pk).update(rank=1)
    winner.rank = 1
    winner.scheme = _scheme(world, _province(world, org))
    winner.id_number = id_number("19500101", "210102")
    return winner


def _nominated(c) -> bool:
    from gonghui.honours.models import Nomination

    return Nomination.objects.filter(source_id=c.pk).exists()


register(
    ScopedThing(
        name="contest winner put forward to honours",
        model="competitions.Contestant",
        make=_make_winner,
        reads=[Read(lambda c: f"/honours/from-results/{c.event_id}/", DENIED_PAGE)],
        writes=[
            Write(
                "post",
                lambda c: f"/honours/from-results/{c.event_id}/nominate/",
                lambda c: {
                    "scheme": c.scheme.pk,
                    "union": c.event.union_id,
                    "category": "technician",
                    "contestant_ids": [c.pk],
                    f"id_number_{c.pk}": c.id_number,
                },
                302,
                lambda c: not _nominated(c),
                # one who sees the contest but writes nowhere there is told so on the page
                denied={404, 400},
            )
        ],
    )
)


def _make_hardship_care(world, org):
    from gonghui.assistance.models import HardshipFile
    from gonghui.honours.models import Care
    from tests.factories import make_member

    worker = _make_worker(world, org)
    person = make_member(org, f"劳模{org.pk}号").person
    type(worker).objects.filter(pk=worker.pk).update(person=person)
    today = date.today()
    file = HardshipFile.objects.create(
        number=f"KN{org.pk:06d}{person.pk:08d}",
        person=person,
        union=org,
        tier="deep",
        opened_on=today,
        next_review_due=today + timedelta(days=365),
        created_by=_clerk(),
    )
    care = Care.objects.create(
        worker=worker, kind="hardship", given_on=today, note="困难帮扶", entered_by=_clerk()
    )
    care.file = file
    return care


register(
    ScopedThing(
        name="hardship care linked to a needy-worker file",
        model="honours.Care",
        make=_make_hardship_care,
        writes=[
            Write(
                "post",
                lambda c: f"/honours/care/{c.pk}/file/",
                lambda c: {"file": c.file.pk},
                302,
                lambda c: type(c).objects.get(pk=c.pk).aid_file_id is None,
            )
        ],
    )
)
