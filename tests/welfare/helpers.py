"""A county's plan with its members enrolled, and a member's claim: shared by the tests
and the scope matrix."""

import uuid
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core import cleaning
from gonghui.welfare import services

from ..factories import make_member, make_user

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
    b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
    b"\x00\x00\x00\x00IEND\xaeB`\x82"
)
COVERS = [
    {"kind": "hospital", "deductible": 1_000_00, "ratio_percent": 60, "cap_per_year": 5_000_00},
    {"kind": "serious", "deductible": 0, "ratio_percent": 100, "cap_per_year": 20_000_00},
    {"kind": "women", "deductible": 0, "ratio_percent": 80, "cap_per_year": 10_000_00},
]


def bill():
    return SimpleUploadedFile("发票.png", PNG, content_type="image/png")


def key() -> str:
    return uuid.uuid4().hex


def last_week() -> date:
    day = cleaning.today() - timedelta(days=7)
    return day if day.year == cleaning.today().year else cleaning.today()


def make_plan(world, owner=None, *, free_for_gig=True, name="职工医疗互助保障"):
    owner = owner or world.county
    actor = world.county_staff if owner == world.county else world.province_staff
    if owner not in (world.county, world.province):
        actor = make_user(f"plan_maker_{owner.pk}", "staff", owner)
    return services.plan_create(
        actor=actor,
        owner_id=owner.pk,
        year=cleaning.today().year,
        name=name,
        premium=60_00,
        covers=COVERS,
        free_for_gig=free_for_gig,
    )


def covered_member(world, union=None, user=None, name="王小明", **member):
    """A member of `union` (the grassroots union) enrolled in the county's plan."""
    union = union or world.grassroots
    make_member(union, name, user=user, **member)
    return union


def file_claim(user, *, bills=10_000_00, kind="hospital", idem=None, **changes):
    fields = {
        "kind": kind,
        "incurred_on": last_week(),
        "bills": bills,
        "illness": "急性阑尾炎，住院手术7天",
        "idempotency_key": idem or key(),
        "documents": [bill()],
    }
    fields.update(changes)
    claim, _replayed = services.claim_submit(actor=user, **fields)
    return claim
