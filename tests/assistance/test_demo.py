"""The demo adds files, applications, campaigns and grants that obey every rule (the aid
demo, then the campaigns' demo, in the demo command's order)."""

from django.db.models import Count

from gonghui.assistance.demo import build_demo
from gonghui.assistance.models import AidApplication, HardshipFile
from gonghui.campaigns.demo import build_demo as build_money_demo
from gonghui.campaigns.models import Campaign, Disbursement, Grant
from gonghui.campaigns.selectors import campaign_reconciliation

from ..campaigns.helpers import assert_ledger_sound
from ..factories import OrgKind, make_member, make_org


def test_demo_on_the_test_world(world):
    for i, union in enumerate([world.grassroots, world.sibling_grassroots]):
        for n in range(30):
            make_member(union, f"职工{i}{n:02d}")
    make_org("沈阳市直属工会", OrgKind.GRASSROOTS, world.city, "210100")
    counts = build_demo("small", 7)
    counts.update(build_money_demo("small", 7))
    assert counts["needy-worker files"] == 24
    assert HardshipFile.objects.count() == 24
    assert counts["aid applications"] == AidApplication.objects.count() > 0
    assert Campaign.objects.count() == 2 and Grant.objects.count() == 2
    assert counts["campaign payments"] == Disbursement.objects.count() > 0
    assert_ledger_sound()
    # Files are encrypted and carry a consent; nobody is paid twice in a campaign.
    assert all(
        f.consent_id and f.income_cipher.startswith("v1:") for f in HardshipFile.objects.all()
    )
    assert (
        not Disbursement.objects.values("campaign", "person")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .exists()
    )
    for campaign in Campaign.objects.all():
        rows, total = campaign_reconciliation(actor=world.province_staff, campaign_id=campaign.pk)
        assert all(r.balanced for r in rows)
        assert total.paid + total.left == campaign.budget
