"""What the join form's pickers look up: places (GB/T 2260) and enterprises by name or
pinyin, and the union a worker's request would go to. Public reads, each answer bounded.

Places are a fixed table of about 3,500 rows, changed only by a migration: they are
searched in memory, from an index built once per process with each place's pinyin (the
Region table has no pinyin column). Enterprises are searched in the database, within the
province of the chosen place (a range on the region's key), at most PICK_LIMIT rows.
"""

import dataclasses
import functools
import re

from django.db.models import Q
from pypinyin import lazy_pinyin

from gonghui.orgs.models import Enterprise, Region

PICK_LIMIT = 12
QUERY_MAX = 40
CODE = re.compile(r"^\d{6}$")
_SUFFIX = re.compile(
    r"(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|自治州|自治县|地区|省|市|区|县|旗|盟)$"
)


@dataclasses.dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str | None
    label: str  # 辽宁省 沈阳市 和平区
    keys: tuple[str, ...]  # the label, its full pinyin, its initials; also without suffixes
    own: tuple[str, ...]  # its own name, full pinyin and initials


def _syllables(name: str) -> tuple[str, ...]:
    """One pinyin syllable per character, as orgs.models.name_pinyin reads them."""
    return tuple(s.lower() for s in lazy_pinyin(name, errors="default"))


def _keys(parts: list[tuple[str, tuple[str, ...]]]) -> tuple[str, str, str]:
    return (
        "".join(name for name, _ in parts),
        "".join("".join(syl) for _, syl in parts),
        "".join(s[:1] for _, syl in parts for s in syl),
    )


@functools.cache
def _places() -> dict[str, Place]:
    rows: dict[str, dict] = {
        r["code"]: dict(r) for r in Region.objects.values("code", "name", "level", "parent_id")
    }
    # Each distinct name read once (a county's province and city recur in every county).
    readings = functools.cache(_syllables)
    places: dict[str, Place] = {}
    for code, row in rows.items():
        chain: list[str] = []
        at: dict | None = row
        while at is not None:
            chain.insert(0, at["name"])
            at = rows.get(at["parent_id"]) if at["parent_id"] else None
        full = [(part, readings(part)) for part in chain]
        # Also without the administrative suffix: "syhp" and "沈阳和平" find 沈阳市和平区.
        short = []
        for part, syllables in full:
            bare = _SUFFIX.sub("", part) or part
            one_each = len(syllables) == len(part)
            short.append((bare, syllables[: len(bare)] if one_each else readings(bare)))
        places[code] = Place(
            code=code,
            name=row["name"],
            level=row["level"],
            parent=row["parent_id"],
            label=" ".join(chain),
            keys=_keys(full) + _keys(short),
            own=_keys(full[-1:]),
        )
    return places


def place(code: str) -> Place | None:
    return _places().get((code or "").strip())


def place_children(parent: str = "") -> list[Place]:
    """The provinces (no parent), or a province's cities, or a city's counties: the picker
    browsed step by step. Unbounded but small: at most a few dozen rows."""
    wanted = parent or None
    return sorted((p for p in _places().values() if p.parent == wanted), key=lambda p: p.code)


def place_search(q: str, *, limit: int = PICK_LIMIT) -> list[Place]:
    """Counties and districts whose name (or their city's or province's) matches every word
    of `q`, in characters, full pinyin or initials; a 6-digit code finds its own place.
    Exact names first, then names that start with the words, then the rest by code."""
    q = q.strip().lower()[:QUERY_MAX]
    if not q:
        return []
    if CODE.match(q):
        found = place(q)
        return [found] if found else []
    words = q.replace("·", " ").split()
    hits = []
    for p in _places().values():
        if p.level != Region.Level.COUNTY:
            continue
        if all(any(w in key for key in p.keys) for w in words):
            rank = 0 if q in p.own else 1 if any(k.startswith(words[0]) for k in p.own) else 2
            hits.append((rank, p.code, p))
    hits.sort(key=lambda hit: hit[:2])
    return [p for _, _, p in hits[:limit]]


def place_resolve(text: str) -> tuple[Place | None, list[Place]]:
    """What a typed place means without the picker's help: (the place, []) when it is a
    code or exactly one county matches; (None, the candidates) otherwise."""
    found = place_search(text, limit=PICK_LIMIT)
    exact = [p for p in found if text.strip() in (p.code, p.name, p.label)]
    if len(exact) == 1:
        return exact[0], []
    if len(found) == 1:
        return found[0], []
    return None, found


def _province_range(code: str) -> tuple[str, str]:
    return code[:2] + "0000", code[:2] + "9999"


def enterprise_search(q: str, *, region: str = "", limit: int = PICK_LIMIT) -> list[Enterprise]:
    """Enterprises on file whose name, pinyin or credit code matches `q`, within the
    province of `region` when one is given: names equal to `q` first, then names that start
    with it, then by pinyin. Needs two characters (or one Chinese character)."""
    q = q.strip()[:QUERY_MAX]
    if len(q) < 2 and not (q and "\u4e00" <= q[0] <= "\u9fff"):
        return []
    qs = Enterprise.objects.all()
    if place(region):
        low, high = _province_range(region)
        qs = qs.filter(region_id__gte=low, region_id__lte=high)
    qs = qs.filter(
        Q(name__contains=q) | Q(name_pinyin__contains=q.lower()) | Q(credit_code=q.upper())
    )
    # A bounded handful, ranked here: ordering the whole match in SQL would read all of it.
    found = list(qs.only("id", "name", "name_pinyin", "credit_code", "region_id")[: limit * 4])
    found.sort(key=lambda e: (e.name != q, not e.name.startswith(q), e.name_pinyin, e.pk))
    return found[:limit]


def enterprise_resolve(
    text: str, *, region: str = ""
) -> tuple[Enterprise | None, list[Enterprise]]:
    """A typed employer without the picker's help: (the enterprise, []) when exactly one on
    file has this name or credit code; (None, the near matches) otherwise."""
    text = text.strip()
    found = enterprise_search(text, region=region)
    exact = [e for e in found if text in (e.name, e.credit_code)]
    if len(exact) == 1:
        return exact[0], []
    return None, found
