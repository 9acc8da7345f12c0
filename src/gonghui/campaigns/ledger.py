"""The posting engine: the only code that changes account balances.

Called by the services of this package inside their transaction. A posting's legs must
sum to zero; the accounts it touches are locked (SELECT ... FOR UPDATE, always in
primary-key order, so two postings never wait on each other in a circle), their new
balances checked against zero, and only then written with the entries.

Accounts are created before any lock is taken: a transaction that holds account locks
never waits on another's uncommitted account insert.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from gonghui.accounts.models import User
from gonghui.core.bulk import insert_rows
from gonghui.core.errors import ServiceError
from gonghui.core.money import yuan

from .codes import Code
from .models import ACCOUNT_KINDS, CREDIT_NORMAL, POSTING_KINDS, Account, Entry, Posting

BATCH = 2000  # rows per INSERT when many postings are written at once


def register_account_kind(value: str, label: str | Promise, *, credit_normal: bool = False) -> None:
    """Let another capability keep money in accounts of its own kind.

    Called from its AppConfig.ready. `credit_normal` for an account money comes from
    (income, a fund received), which grows with credits."""
    _register(ACCOUNT_KINDS, value, label)
    if credit_normal:
        CREDIT_NORMAL.add(value)
    elif value in CREDIT_NORMAL:
        raise ValueError(f"account kind {value!r} is already credit-normal")


def register_posting_kind(value: str, label: str | Promise) -> None:
    _register(POSTING_KINDS, value, label)


def _register(kinds: dict[str, str | Promise], value: str, label: str | Promise) -> None:
    if not value or len(value) > 24:
        raise ValueError(f"a ledger kind is 1 to 24 characters: {value!r}")
    if value in kinds and str(kinds[value]) != str(label):
        raise ValueError(f"ledger kind {value!r} is already registered as {kinds[value]!r}")
    kinds[value] = label


@dataclass(frozen=True)
class Leg:
    org_id: int
    kind: str
    amount: int  # fen; debit positive, credit negative
    campaign_id: int | None = None

    @property
    def key(self) -> tuple[int, str, int | None]:
        return (self.org_id, self.kind, self.campaign_id)


@dataclass
class PostingSpec:
    kind: str
    organization_id: int  # the union that makes the posting (for scoped reading)
    legs: Sequence[Leg]
    memo: str = ""
    campaign_id: int | None = None
    # Filled in once written.
    posting: Posting | None = field(default=None, init=False)


class Unbalanced(ServiceError):
    def __init__(self, total: int):
        super().__init__(
            _("A posting's legs must sum to zero; these sum to %(total)s fen.") % {"total": total},
            code=Code.UNBALANCED,
        )


class Insufficient(ServiceError):
    """An account would go below zero."""

    def __init__(self, account: Account, needed: int, field_name: str):
        self.account, self.needed = account, needed
        self.available = account.balance
        super().__init__(
            _(
                "Not enough money: %(org)s has %(left)s yuan (%(account)s); this needs "
                "%(needed)s yuan."
            )
            % {
                "org": account.organization.name,
                "left": yuan(account.balance),
                "account": account.get_kind_display(),
                "needed": yuan(needed),
            },
            code=Code.INSUFFICIENT,
            field=field_name,
        )


def check_balanced(legs: Sequence[Leg]) -> None:
    if not legs:
        raise Unbalanced(0)
    for leg in legs:
        if isinstance(leg.amount, bool) or not isinstance(leg.amount, int) or leg.amount == 0:
            raise ServiceError(
                _("Every leg of a posting moves a whole, non-zero number of fen."),
                code=Code.UNBALANCED,
            )
    total = sum(leg.amount for leg in legs)
    if total != 0:
        raise Unbalanced(total)


ACCOUNT_CHUNK = 500  # account keys or ids per statement where a statement lists them


def _chunks(items: list, size: int) -> Iterable[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _find_accounts(keys: set[tuple[int, str, int | None]]) -> dict:
    """The id of each (organization, kind, campaign) that has an account. On PostgreSQL
    the keys are joined as arrays (one statement whatever their number: a province's
    month of shares names some 80,000 accounts); elsewhere by organization in chunks."""
    if not keys:
        return {}
    if connection.vendor == "postgresql":
        table = Account._meta.db_table
        funds = [k for k in keys if k[2] is None]
        kept = [k for k in keys if k[2] is not None]
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT a.id, a.organization_id, a.kind, a.campaign_id FROM {table} AS a "
                "JOIN unnest(%s::bigint[], %s::text[]) AS k(org, kind) "
                "ON a.organization_id = k.org AND a.kind = k.kind AND a.campaign_id IS NULL "
                "UNION ALL "
                f"SELECT a.id, a.organization_id, a.kind, a.campaign_id FROM {table} AS a "
                "JOIN unnest(%s::bigint[], %s::text[], %s::bigint[]) AS k(org, kind, campaign) "
                "ON a.organization_id = k.org AND a.kind = k.kind AND a.campaign_id = k.campaign",
                [
                    [k[0] for k in funds],
                    [k[1] for k in funds],
                    [k[0] for k in kept],
                    [k[1] for k in kept],
                    [k[2] for k in kept],
                ],
            )
            return {(org, kind, campaign): pk for pk, org, kind, campaign in cursor.fetchall()}
    found: dict = {}
    for orgs in _chunks(sorted({k[0] for k in keys}), ACCOUNT_CHUNK):
        rows = Account.objects.filter(
            organization_id__in=orgs, kind__in={k[1] for k in keys}
        ).values_list("pk", "organization_id", "kind", "campaign_id")
        found.update({(org, kind, campaign): pk for pk, org, kind, campaign in rows})
    return {key: pk for key, pk in found.items() if key in keys}


def _ensure_accounts(keys: set[tuple[int, str, int | None]]) -> dict:
    """The id of the account for each (organization, kind, campaign), made if missing."""
    accounts = _find_accounts(keys)
    missing = keys - accounts.keys()
    if missing:
        # One statement; an account made meanwhile by a concurrent posting is kept.
        Account.objects.bulk_create(
            [
                Account(organization_id=k[0], kind=k[1], campaign_id=k[2])
                for k in sorted(missing, key=lambda k: (k[0], k[1], k[2] or 0))
            ],
            ignore_conflicts=True,
            batch_size=BATCH,
        )
        accounts.update(_find_accounts(missing))
    return accounts


def _lock_balances(ids: list[int]) -> dict[int, tuple[str, int]]:
    """Lock the accounts (ids sorted: primary-key order) and read their kind and
    balance, without model instances (a big posting locks tens of thousands)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id, kind, balance FROM {Account._meta.db_table} "
                "WHERE id = ANY(%s) ORDER BY id FOR UPDATE",
                [ids],
            )
            return {pk: (kind, balance) for pk, kind, balance in cursor.fetchall()}
    locked = {}
    for chunk in _chunks(ids, ACCOUNT_CHUNK):
        rows = (
            Account.objects.select_for_update()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list("pk", "kind", "balance")
        )
        locked.update({pk: (kind, balance) for pk, kind, balance in rows})
    return locked


def _apply(specs: Sequence[PostingSpec], field: str) -> dict:
    """Check the postings, lock their accounts in primary-key order and write the new
    balances; the account id of each leg's key."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger postings are written inside a service's transaction")
    for spec in specs:
        check_balanced(spec.legs)
        unknown = ({spec.kind} - POSTING_KINDS.keys()) | (
            {leg.kind for leg in spec.legs} - ACCOUNT_KINDS.keys()
        )
        if unknown:  # a programming error: register the kind in AppConfig.ready
            raise ValueError(f"unregistered ledger kind(s): {sorted(unknown)}")
    ids = _ensure_accounts({leg.key for spec in specs for leg in spec.legs})
    locked = _lock_balances(sorted(set(ids.values())))
    sign = {pk: -1 if kind in CREDIT_NORMAL else 1 for pk, (kind, _b) in locked.items()}
    balances = {pk: balance for pk, (_k, balance) in locked.items()}
    touched: set[int] = set()
    for spec in specs:
        for leg in spec.legs:
            pk = ids[leg.key]
            after = balances[pk] + leg.amount * sign[pk]
            if after < 0:
                account = Account.objects.select_related("organization").get(pk=pk)
                account.balance = balances[pk]
                raise Insufficient(account, abs(leg.amount), field)
            balances[pk] = after
            touched.add(pk)
    _save_balances([(pk, balances[pk]) for pk in sorted(touched)])
    return ids


def _save_balances(balances: list[tuple[int, int]]) -> None:
    """The new balances (account id, balance) in one statement (in batches elsewhere
    than PostgreSQL)."""
    if connection.vendor != "postgresql":
        Account.objects.bulk_update(
            [Account(pk=pk, balance=balance) for pk, balance in balances],
            ["balance"],
            batch_size=500,
        )
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Account._meta.db_table} AS a SET balance = v.balance "
            "FROM unnest(%s::bigint[], %s::bigint[]) AS v(id, balance) WHERE a.id = v.id",
            [[pk for pk, _b in balances], [b for _pk, b in balances]],
        )


def _insert_entries(specs: Sequence[PostingSpec], posting_ids: Sequence[int], ids: dict) -> None:
    # Entries are rows of three numbers, inserted without model instances (COPY on
    # PostgreSQL): the bulk of a large batch.
    insert_rows(
        Entry._meta.db_table,
        ["posting_id", "account_id", "amount"],
        (
            (posting_id, ids[leg.key], leg.amount)
            for spec, posting_id in zip(specs, posting_ids, strict=True)
            for leg in spec.legs
        ),
    )


def post_many(
    specs: Sequence[PostingSpec], *, actor: User | None, field: str = "amount"
) -> list[Posting]:
    """Write several postings at once (one lock round): all of them, or none."""
    ids = _apply(specs, field)
    postings = _create_postings(specs, actor)
    _insert_entries(specs, [p.pk for p in postings], ids)
    for spec, posting in zip(specs, postings, strict=True):
        spec.posting = posting
    return postings


def post_bulk(
    specs: Sequence[PostingSpec], *, actor: User | None, field: str = "amount"
) -> list[int]:
    """post_many for very many postings (a province's month of union funds shared): the
    same checks and locks, the postings' ids returned instead of model objects, and on
    PostgreSQL the postings too written by COPY under ids taken from their sequence."""
    ids = _apply(specs, field)
    if connection.vendor != "postgresql":
        posting_ids = [p.pk for p in _create_postings(specs, actor)]
        _insert_entries(specs, posting_ids, ids)
        return posting_ids
    table = Posting._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, %s)",
            [len(specs)],
        )
        posting_ids = [row[0] for row in cursor.fetchall()]
    now = timezone.now()
    actor_id = actor.pk if actor is not None else None
    insert_rows(
        table,
        ["id", "kind", "campaign_id", "organization_id", "memo", "actor_id", "created_at"],
        (
            (pk, s.kind, s.campaign_id, s.organization_id, s.memo[:200], actor_id, now)
            for pk, s in zip(posting_ids, specs, strict=True)
        ),
    )
    _insert_entries(specs, posting_ids, ids)
    return posting_ids


def _create_postings(specs: Sequence[PostingSpec], actor: User | None) -> list[Posting]:
    return Posting.objects.bulk_create(
        [
            Posting(
                kind=spec.kind,
                campaign_id=spec.campaign_id,
                organization_id=spec.organization_id,
                memo=spec.memo[:200],
                actor=actor,
            )
            for spec in specs
        ],
        batch_size=BATCH,
    )


def post(spec: PostingSpec, *, actor: User | None, field: str = "amount") -> Posting:
    return post_many([spec], actor=actor, field=field)[0]


def balance(org_id: int, kind: str, campaign_id: int | None = None) -> int:
    # campaign_id=None is `IS NULL` to Django; the stubs accept no None in a lookup.
    account = Account.objects.filter(
        organization_id=org_id, kind=kind, campaign_id=campaign_id
    ).first()  # type: ignore[misc]
    return account.balance if account else 0
