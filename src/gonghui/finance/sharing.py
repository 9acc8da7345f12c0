"""The arithmetic of union funds: 2 % of a payroll, the split of a payment between the
levels and the ledger legs that carry it. Pure functions, no database: the services and
the benchmark call them, the property tests try them on any input."""

from collections.abc import Iterable, Mapping
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
    if sum(bps.values()) != FULL:
        raise ValueError("the shares of a rule sum to 10000 basis points")
    shares = {level: amount * bps.get(level, 0) // FULL for level in LEVELS}
    shares[remainder_to] += amount - sum(shares.values())
    return shares


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
    return netted_legs([(amount, shares, union)], orgs)


def netted_legs(
    payments: Iterable[tuple[int, Mapping[str, int], int | None]], orgs: LevelOrgs
) -> list[Leg]:
    """The legs of one posting that shares several payments of one collector (amount,
    shares, the enterprise's union): the sum of each payment's legs, one per account."""
    total = 0
    upper = {Level.PROVINCE: 0, Level.CITY: 0, Level.COUNTY: 0, Level.NATIONAL: 0}
    grassroots: dict[int | None, int] = {}
    for amount, shares, union in payments:
        total += amount
        for level in upper:
            upper[level] += shares[level]
        grassroots[union] = grassroots.get(union, 0) + shares[Level.GRASSROOTS]
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
