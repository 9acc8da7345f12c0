"""Factories for tests. Later capabilities add theirs here or in their own test package."""

import functools
import itertools
from collections import defaultdict
from collections.abc import Iterator
from datetime import datetime, timedelta

import factory
from django.contrib.auth.hashers import make_password
from stdnum.cn import ric, uscc

from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Enterprise, Industry, Organization, OrgKind, Ownership, Region, Size

_serial = itertools.count(1)
DEMO_PASSWORD = "correct-horse-battery-staple"


def credit_code(prefix: str = "91", region: str = "210102") -> str:
    """A valid, unique unified social credit code with the given registration prefix."""
    body = f"{prefix}{region}{next(_serial):09d}"[:17]
    return body + uscc.calc_check_digit(body)


_id_serials: dict[tuple[str, str, bool], Iterator[int]] = defaultdict(itertools.count)


def id_number(birth: str = "19900307", region: str = "210102", male: bool = True) -> str:
    """A valid resident ID number (GB 11643), unique in the process: 499 a birthday, region
    and sex (the sequence code's odd or even numbers), then the next day's. It counted by
    the serial that phones and numbers share, modulo 500: a test making a few hundred
    people (the scope matrix) met one of its own numbers again."""
    n = next(_id_serials[(birth, region, male)])
    born = datetime.strptime(birth, "%Y%m%d").date() + timedelta(days=n // 499)
    seq = (n % 499 + 1) * 2 + (1 if male else 0)
    body = f"{region}{born:%Y%m%d}{seq:03d}"
    return body + ric.calc_check_digit(body + "0")  # the function expects a digit slot


def make_member(
    union,
    name: str = "张伟",
    *,
    number_id: str | None = None,
    user=None,
    work_kind: str = "regular",
    joined_on: str = "2020-05-01",
    phone: str | None = None,
):
    """An active member of `union`, written directly (no join request)."""
    from datetime import date

    from gonghui.members.models import Membership, Person

    person = Person(
        name=name, gender="M", birth_date=date(1990, 3, 7), work_kind=work_kind, user=user
    )
    person.set_id_number(number_id or id_number())
    person.set_phone(phone or f"138{next(_serial):08d}")
    person.save()
    joined = date.fromisoformat(joined_on)
    membership = Membership.objects.create(
        person=person,
        union=union,
        joined_on=joined,
        started_on=joined,
        number=f"{union.region_id or 0:0>6}9{next(_serial):09d}",
    )
    return membership


def make_join_request(
    union,
    name: str = "李娜",
    *,
    number_id: str | None = None,
    applicant=None,
    work_kind: str = "regular",
):
    """A pending join request to `union`, as join_submit writes it for a newcomer."""
    from datetime import date

    from gonghui.members.models import JoinRequest

    join = JoinRequest(
        union=union,
        name=name,
        gender="F",
        birth_date=date(1990, 3, 7),
        work_kind=work_kind,
        applicant=applicant,
    )
    join.set_id_number(number_id or id_number(male=False))
    join.set_phone(f"137{next(_serial):08d}")
    join.save()
    return join


def make_org(
    name: str, kind: str, parent: Organization | None = None, region: str | None = None, **fields
) -> Organization:
    """An organization with a correct path, as org_create would write it."""
    org = Organization(
        name=name,
        kind=kind,
        parent=parent,
        region=Region.objects.filter(code=region).first() if region else None,
        path=f"/tmp-{next(_serial)}/",
        depth=parent.depth + 1 if parent else 0,
        **fields,
    )
    org.save()
    org.path = f"{parent.path if parent else '/'}{org.pk}/"
    org.save(update_fields=["path"])
    return org


class EnterpriseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enterprise

    name = factory.Sequence(lambda n: f"沈阳测试机械制造有限公司{n}")
    credit_code = factory.LazyFunction(credit_code)
    industry = Industry.C
    ownership = Ownership.PRIVATE
    size = Size.SMALL
    employees = 120
    region_id = "210102"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "伟"
    last_name = "张"

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        obj.password = demo_password_hash()
        obj.save()


@functools.cache
def demo_password_hash() -> str:
    # One real Argon2 hash of DEMO_PASSWORD per process, shared by every test user: the
    # hasher costs ~0.2 s of CPU by design and `world` makes eight users per test.
    return make_password(DEMO_PASSWORD)


def make_user(
    username: str,
    role: str | None = None,
    org: Organization | None = None,
    phone: str | None = None,
) -> User:
    user = UserFactory(username=username)
    if phone:
        user.set_phone(phone)
        user.save()
    if role:
        Role.objects.create(user=user, kind=role, organization=org)
    return user


__all__ = [
    "OrgKind",
    "make_org",
    "make_user",
    "make_member",
    "credit_code",
    "id_number",
    "EnterpriseFactory",
]


def fund_org(org, fen: int, actor=None) -> None:
    """Money into an organization's general funds on the one ledger (a grant received from
    outside the tree), so that a test's payment has something to come from."""
    from django.db import transaction

    from gonghui.campaigns import ledger
    from gonghui.campaigns.ledger import Leg, PostingSpec
    from gonghui.campaigns.models import PostingKind

    with transaction.atomic():
        ledger.post(
            PostingSpec(
                PostingKind.RECEIPT,
                org.pk,
                memo="test funds",
                legs=[Leg(org.pk, "available", fen), Leg(org.pk, "grants_in", -fen)],
            ),
            actor=actor,
        )


def unionized_enterprises(counties, per_county: int = 6) -> None:
    """Enterprises kept by each county, each with a grassroots union: what the finance
    demo collects union funds from."""
    for county in counties:
        for i in range(per_county):
            enterprise = EnterpriseFactory(name=f"{county.name}演示企业{i}", keeper=county)
            make_org(
                f"{enterprise.name}工会委员会",
                OrgKind.GRASSROOTS,
                county,
                county.region_id,
                enterprise=enterprise,
            )
