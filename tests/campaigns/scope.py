"""Scope matrix entries of the campaigns' second-person allocations and threshold (issue 11
item 5; loaded by tests/scope.py)."""

from tests.scope import (
    CHILD_KIND,
    Listing,
    ScopedThing,
    Write,
    _api_ids,
    _make_campaign,
    _money_at,
    _owner_writes,
    register,
)

from ..factories import OrgKind, make_org, make_user


def _make_proposal(world, org):
    """An allocation of `org` down to a new union below it, above the campaign's threshold,
    proposed by someone of `org` who is none of the personas."""
    from gonghui.accounts.models import User
    from gonghui.campaigns.services import allocate

    campaign = _money_at(world, org).campaign
    campaign.allocation_threshold = 0
    campaign.save(update_fields=["allocation_threshold"])
    below = make_org(f"下拨对象{org.pk}", CHILD_KIND.get(org.kind, OrgKind.GRASSROOTS), org)
    maker = User.objects.filter(username=f"scope_alloc_{org.pk}").first() or make_user(
        f"scope_alloc_{org.pk}", "staff", org
    )
    return allocate(
        actor=maker, campaign_id=campaign.pk, from_org_id=org.pk, to_org_id=below.pk, amount=1
    )


def _waiting(p) -> bool:
    return type(p).objects.get(pk=p.pk).status == "proposed"


register(
    ScopedThing(
        name="allocation proposal",
        model="campaigns.AllocationProposal",
        make=_make_proposal,
        listings=[Listing(lambda p: "/api/v1/allocation-proposals?limit=500", _api_ids)],
        writes=[
            Write(
                "post",
                lambda p: f"/api/v1/allocation-proposals/{p.pk}/approve",
                lambda p: {},
                200,
                _waiting,
            ),
            Write(
                "post",
                lambda p: f"/api/v1/allocation-proposals/{p.pk}/reject",
                lambda p: {"reason": "超出计划"},
                200,
                _waiting,
            ),
            *(
                Write(
                    "post",
                    lambda p, act=act: f"/campaigns/proposals/{p.pk}/{act}/",
                    lambda p: {"reason": "超出计划"},
                    302,
                    _waiting,
                    denied={302},  # the waiting page shows the refusal
                )
                for act in ("approve", "reject")
            ),
        ],
    )
)


def _threshold_unchanged(c) -> bool:
    return type(c).objects.get(pk=c.pk).allocation_threshold is None


register(
    ScopedThing(
        name="campaign threshold",
        make=_make_campaign,
        writes=[
            Write(
                "post",
                lambda c: f"/api/v1/campaigns/{c.pk}/threshold",
                lambda c: {"allocation_threshold": 100},
                200,
                _threshold_unchanged,
                may=_owner_writes,
            ),
            Write(
                "post",
                lambda c: f"/campaigns/{c.pk}/threshold/",
                lambda c: {"threshold": "1"},
                302,
                _threshold_unchanged,
                may=_owner_writes,
                denied={302},  # the campaign page shows the refusal
            ),
        ],
    )
)
