"""Helpers of the program tests and the scope matrix: funds in a union's general
account, a health program, a rest program with a union's places."""

from django.db import transaction

from gonghui.campaigns import ledger
from gonghui.campaigns.ledger import Leg, PostingSpec
from gonghui.core import cleaning
from gonghui.welfare.models import HealthProgram, RestProgram, RestQuota


def fund(org, amount, actor):
    """Money in `org`'s general funds (a grant received)."""
    with transaction.atomic():
        ledger.post(
            PostingSpec(
                "receipt",
                org.pk,
                memo="专项经费",
                legs=[Leg(org.pk, "available", amount), Leg(org.pk, "grants_in", -amount)],
            ),
            actor=actor,
        )


def health_program(owner, actor, *, kind="screening", places=10, name=None):
    return HealthProgram.objects.create(
        owner=owner,
        year=cleaning.today().year,
        kind=kind,
        name=name or f"两癌筛查{owner.pk}{kind}",
        places=places,
        created_by=actor,
    )


def rest_program(owner, actor, *, places=10, name=None, quota_for=None, quota=3):
    program = RestProgram.objects.create(
        owner=owner,
        year=cleaning.today().year,
        name=name or f"疗休养{owner.pk}",
        destination="兴城",
        places=places,
        cost_per_place=3_000_00,
        created_by=actor,
    )
    if quota_for is not None:
        RestQuota.objects.create(program=program, union=quota_for, places=quota, set_by=actor)
    return program
