"""GB/T 2260 divisions, read from the table python-stdnum keeps for ID-number checks.

python-stdnum ships the full history of division codes (stdnum/cn/loc.dat); we keep
the names that are current, i.e. whose last period is open-ended ("[2014-]浑南区").
"""

import re
from dataclasses import dataclass
from importlib import resources

# Placeholders that are codes but not places.
_NOT_PLACES = {"市辖区", "县", "市区", "郊区", "省直辖县级行政区划", "自治区直辖县级行政区划"}
_PERIOD = re.compile(r"^\[(\d{4})?-(\d{4})?\](.*)$")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: str  # province | city | county

    @property
    def parent_code(self) -> str | None:
        if self.level == "province":
            return None
        if self.level == "city":
            return self.code[:2] + "0000"
        return self.code[:4] + "00"


def _current_name(spec: str) -> str | None:
    """'[1983-2013]东陵区,[2014-]浑南区' -> '浑南区'; closed periods only -> None."""
    current = None
    for part in spec.split(","):
        m = _PERIOD.match(part)
        if not m:
            current = part
        elif m.group(2) is None:
            current = m.group(3)
    return current


def load_divisions() -> list[Division]:
    text = resources.files("stdnum").joinpath("cn/loc.dat").read_text(encoding="utf-8")
    divisions: list[Division] = []
    province = ""
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, _, rest = line.strip().partition(" ")
        m = re.search(r'(?:province|county)="([^"]*)"', rest)
        if not m:
            continue
        if not line.startswith(" "):
            province = code
            continue
        full = province + code
        name = _current_name(m.group(1))
        if not name or name in _NOT_PLACES:
            continue
        if full.endswith("0000"):
            level = "province"
        elif full.endswith("00"):
            level = "city"
        else:
            level = "county"
        divisions.append(Division(full, name, level))
    return divisions


def region_rows(region_model) -> list:
    """Unsaved Region rows, parents before children, for bulk_create.

    Takes the model class so that the data migration can pass its historical model.
    """
    divisions = load_divisions()
    codes = {d.code for d in divisions}
    rows = []
    for d in divisions:
        parent = d.parent_code
        if parent and parent not in codes:  # counties of a municipality: under the province
            parent = d.code[:2] + "0000"
        rows.append(
            region_model(
                code=d.code,
                name=d.name,
                level=d.level,
                parent_id=parent if parent in codes else None,
            )
        )
    order = {"province": 0, "city": 1, "county": 2}
    return sorted(rows, key=lambda r: order[r.level])
