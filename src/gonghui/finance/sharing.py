"""The arithmetic of union funds: 2 % of a payroll, the split of a payment between the
levels and the ledger legs that carry it. Pure functions, no database: the services and
the benchmark call them, the property tests try them on any input."""

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from gonghui.campaigns.ledger import Leg

from .models import LEVELS, RATE_BPS, Level

FULL = 10_000  # basis points in a whole


def due_of(payroll: int) -> int:
    """2 % of the payroll in fen, half a fen rounded up (四舍五入到分)."""
    return (payroll * RATE_BPS + FULL // 2) // FULL


def split(amount: int, bps: Mapping[str, int], remainder_to: str) -> dict[str, int]:
    """Each level's share: its basis points of the amount rounded down, and the fen left
    by the rounding to `remainder_to`, so the shares sum to the amount exactly."""
    return dict(zip(LEVELS, splitter(bps, remainder_to)(amount), strict=True))


def splitter(bps: Mapping[str, int], remainder_to: str) -> Callable[[int], tuple[int, ...]]:
    """split() of many amounts under one rule: the shares as a tuple in LEVELS order
    (national, province, city, county, grassroots), the rule checked once."""
    if sum(bps.values()) != FULL:
        raise ValueError("the shares of a rule sum to 10000 basis points")
    n, p, c, k, g = (bps.get(level, 0) for level in LEVELS)
    last = LEVELS.index(remainder_to)

    def cut(amount: int) -> tuple[int, ...]:
        shares = [amount * n // FULL, amount * p // FULL, amount * c // FULL, amount * k // FULL]
        shares.append(amount * g // FULL)
        shares[last] += amount - sum(shares)
        return tuple(shares)

    return cut


@dataclass(frozen=True)
class LevelOrgs:
    """The organizations that keep each level's share of a collector's payments."""

    collector: int
    province: int
    city: int  # the collector itself when a city collects
    county: int  # the collector itself when a city collects
    national: int | None  # None: the tree starts at the province, which owes the share on


def share_legs(
    amount: int, shares: Mapping[str, int], orgs: LevelOrgs, union: int | None
) -> list[Leg]:
    """The legs of one payment's sharing posting, one per account (netted): the
    collector's unshared funds are cleared and its bank pays each level, whose bank
    takes the share in and whose income records it."""
    return netted_legs([(amount, tuple(shares[level] for level in LEVELS), union)], orgs)


def netted_legs(
    payments: Iterable[tuple[int, Sequence[int], int | None]], orgs: LevelOrgs
) -> list[Leg]:
    """The legs of one posting that shares several payments of one collector (amount,
    its shares in LEVELS order as `splitter` gives them, the enterprise's union): the sum
    of each payment's legs, one per account."""
    total = national = province = city = county = 0
    grassroots: dict[int | None, int] = {}
    for amount, (n, p, c, k, g), union in payments:
        total += amount
        national += n
        province += p
        city += c
        county += k
        grassroots[union] = grassroots.get(union, 0) + g
    upper = {
        Level.PROVINCE: province,
        Level.CITY: city,
        Level.COUNTY: county,
        Level.NATIONAL: national,
    }
    moves: dict[tuple[int, str], int] = {}

    def add(org: int, kind: str, fen: int) -> None:
        moves[(org, kind)] = moves.get((org, kind), 0) + fen

    add(orgs.collector, "fin_unshared", total)
    add(orgs.collector, "fin_bank", -total)
    targets = {
        Level.PROVINCE: (orgs.province, "fin_income"),
        Level.CITY: (orgs.city, "fin_income"),
        Level.COUNTY: (orgs.county, "fin_income"),
        Level.NATIONAL: (orgs.national, "fin_income")
        if orgs.national is not None
        else (orgs.province, "fin_up_payable"),
    }
    for level, (org, kind) in targets.items():
        fen = upper[level]
        if fen:
            assert org is not None
            add(org, "fin_bank", fen)
            add(org, kind, -fen)
    for union, fen in grassroots.items():
        if fen:
            org, kind = (union, "fin_income") if union is not None else (orgs.collector, "fin_prep")
            add(org, "fin_bank", fen)
            add(org, kind, -fen)
    return [Leg(org, kind, fen) for (org, kind), fen in moves.items() if fen]
