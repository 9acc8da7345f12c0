"""Reading a sheet of positions (Excel .xlsx) into the arguments of station_create.

Columns, by their header in the first row (order free, extra columns ignored):
    名称  类型  所属工会  地址  纬度  经度  设施  开放时间      required
    联系电话  备注  特殊日期                                optional
类型 and 设施 are written in Chinese as cadres say them (工会驿站, 职工之家; 饮水，热饭);
所属工会 is the union's credit code or its exact name.
"""

import re
from decimal import Decimal

from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from gonghui.accounts.models import User
from gonghui.core import uploads
from gonghui.core.errors import ServiceError
from gonghui.orgs.models import Organization

from .models import Amenity, Kind

HEADERS = ["名称", "类型", "所属工会", "地址", "纬度", "经度", "设施", "开放时间"]
OPTIONAL = ["联系电话", "备注", "特殊日期"]
MAX_ROWS = 20_000
# Which column a refused field came from, to name it in the row's reason.
COLUMN_OF = {
    "name": "名称",
    "kind": "类型",
    "union_id": "所属工会",
    "address": "地址",
    "lat": "纬度",
    "lng": "经度",
    "amenities": "设施",
    "hours": "开放时间",
    "phone": "联系电话",
    "note": "备注",
    "special_days": "特殊日期",
}

KIND_WORDS = {
    "户外劳动者服务站点": Kind.OUTDOOR,
    "户外劳动者服务站": Kind.OUTDOOR,
    "工会驿站": Kind.OUTDOOR,
    "驿站": Kind.OUTDOOR,
    "爱心驿站": Kind.OUTDOOR,
    "服务站点": Kind.OUTDOOR,
    "职工之家": Kind.WORKER_HOME,
    "职工文化宫": Kind.CULTURAL_PALACE,
    "工人文化宫": Kind.CULTURAL_PALACE,
    "文化宫": Kind.CULTURAL_PALACE,
    "职工书屋": Kind.LIBRARY,
    "职工图书馆": Kind.LIBRARY,
    "母婴室": Kind.MOTHER_BABY,
    "爱心妈妈小屋": Kind.MOTHER_BABY,
    "妈咪暖心小屋": Kind.MOTHER_BABY,
    "其他": Kind.OTHER,
    **{k: k for k in Kind.values},
}
AMENITY_WORDS = {
    "饮水": Amenity.WATER,
    "喝水": Amenity.WATER,
    "饮用水": Amenity.WATER,
    "热水": Amenity.WATER,
    "热饭": Amenity.MEAL,
    "加热": Amenity.MEAL,
    "热饭菜": Amenity.MEAL,
    "微波炉": Amenity.MEAL,
    "休息": Amenity.REST,
    "歇脚": Amenity.REST,
    "座椅": Amenity.REST,
    "休息座椅": Amenity.REST,
    "如厕": Amenity.TOILET,
    "厕所": Amenity.TOILET,
    "卫生间": Amenity.TOILET,
    "充电": Amenity.CHARGING,
    "手机充电": Amenity.CHARGING,
    "急救": Amenity.FIRST_AID,
    "药箱": Amenity.FIRST_AID,
    "医药箱": Amenity.FIRST_AID,
    "空调": Amenity.AIR_CON,
    "纳凉": Amenity.AIR_CON,
    "取暖": Amenity.AIR_CON,
    **{k: k for k in Amenity.values},
}


def read_rows(upload) -> list[tuple[int, dict]]:
    """(line number as Excel shows it, {header: value}) for each non-empty row."""
    if upload is None:
        raise ServiceError(_("Choose an Excel file (.xlsx) to import."), field="file")
    uploads.check_upload(upload, workbook=True)  # size, then expansion: before openpyxl
    try:
        book = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not .xlsx
        raise ServiceError(_("This is not an Excel .xlsx file."), field="file") from exc
    sheet = book.worksheets[0]
    # In read-only mode openpyxl stops at the sheet's stated <dimension>, which other
    # programs write too small: the rows past it were dropped without a word.
    sheet.reset_dimensions()
    rows = sheet.iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [h for h in HEADERS if h not in header]
    if missing:
        raise ServiceError(
            _("The first row must name the columns; missing: %(cols)s.")
            % {"cols": "、".join(missing)},
            field="file",
        )
    result: list[tuple[int, dict]] = []
    for line, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(result) >= MAX_ROWS:
            raise ServiceError(_("At most %(n)s rows per file.") % {"n": MAX_ROWS}, field="file")
        result.append(
            (line, {h: values[i] if i < len(values) else None for i, h in enumerate(header) if h})
        )
    book.close()
    return result


def _cell(raw: dict, name: str) -> str:
    value = raw.get(name)
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _number(raw: dict, name: str):
    value = raw.get(name)
    if isinstance(value, (int, float, Decimal)):
        return float(value)
    text = _cell(raw, name)
    if not text:
        raise ServiceError(_("%(col)s is empty.") % {"col": name})
    try:
        return float(text)
    except ValueError:
        raise ServiceError(
            _("%(col)s must be a number of degrees, not “%(v)s”.") % {"col": name, "v": text}
        ) from None


def union_for(ref: str, *, actor: User) -> Organization:
    """A union the actor may write to, named by credit code or exact name."""
    ref = ref.strip()
    if not ref:
        raise ServiceError(_("所属工会 is empty."))
    qs = Organization.objects.visible_to(actor, write=True).filter(is_active=True)
    found = list(qs.filter(Q(credit_code=ref.upper()) | Q(name=ref))[:2])
    if not found:
        raise ServiceError(_("No union “%(ref)s” in your subtree.") % {"ref": ref})
    if len(found) > 1:
        raise ServiceError(
            _("Several unions are named “%(ref)s”; give the credit code.") % {"ref": ref}
        )
    return found[0]


def clean_row(raw: dict, *, actor: User) -> dict:
    """The row as station_create arguments; a ServiceError says what is wrong with it."""
    kind_text = _cell(raw, "类型")
    if kind_text not in KIND_WORDS:
        raise ServiceError(
            _(
                "Unknown kind “%(v)s”; write one of 工会驿站, 职工之家, 职工文化宫, "
                "职工书屋, 母婴室, 其他."
            )
            % {"v": kind_text}
        )
    amenities = []
    for word in re.split(r"[,，、;；/\s]+", _cell(raw, "设施")):
        if not word:
            continue
        if word not in AMENITY_WORDS:
            raise ServiceError(
                _("Unknown amenity “%(v)s”; write 饮水, 热饭, 休息, 如厕, 充电, 急救 or 空调.")
                % {"v": word}
            )
        if AMENITY_WORDS[word] not in amenities:
            amenities.append(AMENITY_WORDS[word])
    try:
        union = union_for(_cell(raw, "所属工会"), actor=actor)
    except Http404 as exc:
        raise ServiceError(_("No such union in your subtree.")) from exc
    return {
        "name": _cell(raw, "名称"),
        "kind": KIND_WORDS[kind_text],
        "union_id": union.pk,
        "address": _cell(raw, "地址"),
        "lat": _number(raw, "纬度"),
        "lng": _number(raw, "经度"),
        "amenities": amenities,
        "hours": _cell(raw, "开放时间") or "每天 08:00-20:00",
        "special_days": _cell(raw, "特殊日期"),
        "phone": _cell(raw, "联系电话"),
        "note": _cell(raw, "备注"),
    }
