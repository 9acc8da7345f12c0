"""Factories for tests. Later capabilities add theirs here or in their own test package."""

import itertools

import factory
from stdnum.cn import uscc

from gonghui.accounts.models import Role, User
from gonghui.orgs.models import Enterprise, Industry, Organization, OrgKind, Ownership, Region, Size

_serial = itertools.count(1)
DEMO_PASSWORD = "correct-horse-battery-staple"


def credit_code(prefix: str = "91", region: str = "210102") -> str:
    """A valid, unique unified social credit code with the given registration prefix."""
    body = f"{prefix}{region}{next(_serial):09d}"[:17]
    return body + uscc.calc_check_digit(body)


def make_org(name: str, kind: str, parent: Organization | None = None,
             region: str | None = None, **fields) -> Organization:
    """An organization with a correct path, as org_create would write it."""
    org = Organization(name=name, kind=kind, parent=parent,
                       region=Region.objects.filter(code=region).first() if region else None,
                       path=f"/tmp-{next(_serial)}/", depth=parent.depth + 1 if parent else 0,
                       **fields)
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
    password = factory.PostGenerationMethodCall("set_password", DEMO_PASSWORD)

    @factory.post_generation
    def finish(obj, create, extracted, **kwargs):
        obj.save()


def make_user(username: str, role: str | None = None, org: Organization | None = None,
              phone: str | None = None) -> User:
    user = UserFactory(username=username)
    if phone:
        user.set_phone(phone)
        user.save()
    if role:
        Role.objects.create(user=user, kind=role, organization=org)
    return user


__all__ = ["OrgKind", "make_org", "make_user", "credit_code", "EnterpriseFactory"]
