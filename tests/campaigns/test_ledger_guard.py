"""The ledger's postings and entries are append-only like the audit (code and database);
the reconciliation recomputes from the entries, so a balance changed by hand shows, and
its total row is balanced for a campaign that sends money down the tree (issue 23, 5)."""

import pytest
from django.db import connection

from gonghui.campaigns import selectors, services
from gonghui.campaigns.models import Account, Entry, Posting
from gonghui.core import append_only
from gonghui.core.models import AppendOnlyError

from ..core.test_audit import refused, rewrite_statement, rows
from .helpers import assert_ledger_sound, listed, make_campaign, money_state, pay


@pytest.fixture
def paid_down_the_tree(world):
    """10,000 yuan at the province; 6,000 to the city, 2,500 of it on to the county, which
    pays 500 to one worker."""
    campaign = make_campaign(world, budget=10_000_00)
    services.allocate(
        actor=world.province_staff,
        campaign_id=campaign.pk,
        from_org_id=world.province.pk,
        to_org_id=world.city.pk,
        amount=6_000_00,
    )
    services.allocate(
        actor=world.province_staff,
        campaign_id=campaign.pk,
        from_org_id=world.city.pk,
        to_org_id=world.county.pk,
        amount=2_500_00,
    )
    pay(world, listed(world, campaign, amount=500_00))
    return campaign


# ---- the guard ----------------------------------------------------------------------


def test_code_cannot_change_or_delete_ledger_rows(world, paid_down_the_tree):
    entry = Entry.objects.first()
    entry.amount += 1
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        Entry.objects.filter(pk=entry.pk).update(amount=1)
    with pytest.raises(AppendOnlyError):
        Posting.objects.all().delete()


LEDGER_STATEMENTS = {
    "sqlite": ["UPDATE {t} SET {col} = {col} || ''", "DELETE FROM {t}", "REPLACE"],
    "postgresql": ["UPDATE {t} SET {col} = {col}", "DELETE FROM {t}", "TRUNCATE {t} CASCADE"],
}
CHANGED = {"campaigns_entry": ("amount", 1), "campaigns_posting": ("memo", "改过")}


@pytest.mark.parametrize("table", append_only.LEDGER_TABLES)
@pytest.mark.parametrize("index", range(3))
def test_database_refuses_raw_changes_to_the_ledger(world, paid_down_the_tree, table, index):
    append_only.install(connection)  # the suite lifts them; this test's transaction restores
    before, money = rows(table), money_state()
    column, value = CHANGED[table]

    statement = LEDGER_STATEMENTS[connection.vendor][index]
    if statement == "REPLACE":
        assert refused(*rewrite_statement(table, {column: value}))
    else:
        assert refused(statement.format(t=table, col=column))
    assert rows(table) == before and money_state() == money
    assert_ledger_sound()


def test_money_still_moves_with_the_guards_on(world, paid_down_the_tree):
    # The posting engine updates stored balances (not guarded) and only inserts entries.
    append_only.install(connection)
    pay(world, listed(world, paid_down_the_tree, name="李娜", amount=300_00))
    assert (
        Account.objects.get(
            organization=world.county, kind="paid", campaign=paid_down_the_tree
        ).balance
        == 800_00
    )
    assert_ledger_sound()


# ---- the reconciliation ---------------------------------------------------------------


def test_total_row_is_balanced_when_money_is_allocated_down(world, paid_down_the_tree, as_user):
    campaign = paid_down_the_tree
    rows_, total = selectors.campaign_reconciliation(
        actor=world.province_staff, campaign_id=campaign.pk
    )
    assert [(r.org.name, r.budget, r.allocated, r.paid, r.left) for r in rows_] == [
        ("辽宁省总工会", 10_000_00, 6_000_00, 0, 4_000_00),
        ("沈阳市总工会", 6_000_00, 2_500_00, 0, 3_500_00),
        ("和平区总工会", 2_500_00, 0, 500_00, 2_000_00),
    ]
    assert all(r.balanced for r in rows_)
    # Money moved between the unions shown is inside the total, on neither side of it.
    assert (total.budget, total.allocated, total.paid, total.left) == (
        10_000_00,
        0,
        500_00,
        9_500_00,
    )
    assert total.balanced

    body = (
        as_user(world.province_staff).get(f"/api/v1/campaigns/{campaign.pk}/reconciliation").json()
    )
    assert body["total"]["balanced"] is True and body["total"]["difference"] == 0
    # The city sees its part: what it received from the province, paid and left below it.
    _rows, city_total = selectors.campaign_reconciliation(
        actor=world.city_leader, campaign_id=campaign.pk
    )
    assert (
        city_total.budget,
        city_total.allocated,
        city_total.paid,
        city_total.left,
        city_total.balanced,
    ) == (6_000_00, 0, 500_00, 5_500_00, True)
    page = as_user(world.province_staff).get(f"/campaigns/{campaign.pk}/reconcile/")
    assert '<tr class="total">' in page.content.decode()
    assert page.content.decode().split('<tr class="total">')[1].split("</tr>")[0].count("✓") == 1


def _county_account(campaign, kind):
    return Account.objects.get(organization__name="和平区总工会", kind=kind, campaign=campaign)


def test_a_stored_balance_changed_by_hand_shows_as_a_difference(world, paid_down_the_tree, as_user):
    campaign = paid_down_the_tree
    left = _county_account(campaign, "available")
    with connection.cursor() as cursor:  # the balances are not append-only: the engine keeps them
        cursor.execute(
            "UPDATE campaigns_account SET balance = balance + 100000 WHERE id = %s", [left.pk]
        )

    rows_, total = selectors.campaign_reconciliation(
        actor=world.province_staff, campaign_id=campaign.pk
    )
    county = next(r for r in rows_ if r.org.name == "和平区总工会")
    assert county.left == 2_000_00  # from the entries, not the tampered 3,000 yuan
    assert county.difference == 1_000_00 and not county.balanced
    assert not total.balanced and total.difference == 1_000_00
    body = (
        as_user(world.province_staff).get(f"/api/v1/campaigns/{campaign.pk}/reconciliation").json()
    )
    assert body["total"]["balanced"] is False
    by_org = {r["org_name"]: r["balanced"] for r in body["rows"]}
    assert by_org == {"辽宁省总工会": True, "沈阳市总工会": True, "和平区总工会": False}
    page = as_user(world.province_staff).get(
        f"/campaigns/{campaign.pk}/reconcile/", headers={"accept-language": "en"}
    )
    assert "differ from their ledger entries by ¥1,000.00" in page.content.decode()
    # The union's own table says so too.
    [(_c, row)] = selectors.org_reconciliation(actor=world.province_staff, org_id=world.county.pk)
    assert not row.balanced and row.left == 2_000_00


def test_an_entry_changed_with_the_guards_lifted_shows_as_unbalanced(world, paid_down_the_tree):
    # The suite runs with the triggers lifted, as an attacker who dropped them would.
    paid = _county_account(paid_down_the_tree, "paid")
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE campaigns_entry SET amount = amount - 10000 WHERE account_id = %s", [paid.pk]
        )
    rows_, total = selectors.campaign_reconciliation(
        actor=world.province_staff, campaign_id=paid_down_the_tree.pk
    )
    county = next(r for r in rows_ if r.org.name == "和平区总工会")
    assert county.paid == 400_00 and not county.balanced and not total.balanced
