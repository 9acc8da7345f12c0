"""The annual summary as a Word document and as an Excel workbook of its figures.

Both are drawn from the content that summary.compose writes; the workbook adds, for every
figure with data, the records behind it (the drill-down), read through the scoped
selector so that it holds nothing the requester may not see.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import F, QuerySet
from django.utils import translation

from gonghui.accounts.models import User
from gonghui.core.chinese import to_traditional
from gonghui.core.docx_official import OfficialDocument
from gonghui.core.exports import xlsx_row
from gonghui.core.figures import REGISTRY, Period
from gonghui.core.lists import bounded_count
from gonghui.core.money import yuan
from gonghui.orgs.selectors import org_get

from . import selectors
from .summary import paragraph_text

# Per drill-down sheet: a sample that shows what the figure counts. The records page
# (and its export) lists them all; a province's millions would take minutes to write
# into every workbook, in each language.
MAX_ROWS = 100

# The document's own words (its language, not the interface's); zh-hant is converted.
_WORDS = {
    "zh-hans": {
        "appendix": "附表 指标一览",
        "figure": "指标",
        "key": "代码",
        "value": "数值",
        "unit": "单位",
        "written": "文中写法",
        "figures": "指标",
        "sheet": "明细表",
        "id": "编号",
        "record": "记录",
        "amount": "金额（分）",
        "cut": "仅列出前{shown}条，共{total}条；全部记录可在平台中按指标查询。",
        "about": "约{n}",
    },
    "en": {
        "appendix": "Appendix: the figures",
        "figure": "Figure",
        "key": "Key",
        "value": "Value",
        "unit": "Unit",
        "written": "As written",
        "figures": "Figures",
        "sheet": "Records sheet",
        "id": "ID",
        "record": "Record",
        "amount": "Amount (fen)",
        "cut": "Only the first {shown} of {total} records are listed; the platform lists them all.",
        "about": "about {n}",
    },
}


def _words(lang: str) -> dict[str, str]:
    if lang == "zh-hant":
        return {k: to_traditional(v) for k, v in _WORDS["zh-hans"].items()}
    return _WORDS["en" if lang == "en" else "zh-hans"]


# ---- Word -------------------------------------------------------------------------------

_NUMERALS = "一二三四五六七八九十"


def _is_money(key: str) -> bool:
    figure = REGISTRY.get(key)
    if figure is None:
        return False
    with translation.override("en"):
        return str(figure.unit) == "fen"


def _appendix_row(figure: dict, lang: str) -> list[str]:
    """Label, value, unit, as written: no figure keys, money in 元 (the records keep fen)."""
    value, unit = figure["value"], figure["unit"]
    if _is_money(figure["key"]):
        value, unit = yuan(value), "yuan" if lang == "en" else "元"
    else:
        value = f"{value:,}" if lang == "en" else str(value)
    return [figure["label"], value, unit, figure["written"]]


def to_docx(content: dict) -> bytes:
    """Title, numbered section headings, paragraphs, a note, and the table of figures, in
    the official-document format (core.docx_official, GB/T 9704-2012)."""
    lang = content["lang"]
    words = _words(lang)
    document = OfficialDocument(lang, content["title"])
    for para in content.get("opening", []):  # summaries written before the opening have none
        document.paragraph(paragraph_text(para, lang))
    for section in content["sections"]:
        heading = section["heading"]
        if lang != "en" and 0 < section["number"] <= len(_NUMERALS):
            # 一、思想引领…: level-1 headings are numbered 一、二、 (GB/T 9704 §7.3.3)
            heading = f"{_NUMERALS[section['number'] - 1]}、{heading.split(' ', 1)[-1]}"
        document.heading(heading, 1)
        for para in section["paragraphs"]:
            document.paragraph(paragraph_text(para, lang))
    document.paragraph(content["note"])
    document.heading(words["appendix"], 1)
    document.table(
        [words[c] for c in ("figure", "value", "unit", "written")],
        [_appendix_row(figure, lang) for figure in content["figures"]],
    )
    return document.bytes()


# ---- Excel ------------------------------------------------------------------------------


def sheet_title(index: int, key: str) -> str:
    """Excel allows 31 characters; the number keeps truncated keys apart."""
    return f"{index} {key}"[:31]


def _loaded(obj, prefix: str = "") -> list[str]:
    """The relations str(obj) went to the database for (Django keeps each it loaded in
    the instance's field cache), as select_related paths."""
    forward = {
        f.name
        for f in obj._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one)
    }
    paths = []
    for name, related in obj._state.fields_cache.items():
        if name in forward and related is not None and prefix.count("__") < 3:
            paths.append(prefix + name)
            paths.extend(_loaded(related, f"{prefix}{name}__"))
    return paths


# The relations str(record) reads, per model: learned from one record the first time a
# sheet of the model is written, then joined straight away (a property of the records'
# __str__, not of the data or the figure: the probe cost a query per sheet, every workbook).
_RELATIONS: dict[str, list[str]] = {}


def _with_relations(qs):
    """Join the relations str(record) reads: one record is written first to learn them.
    Joining every foreign key instead made each sheet's query ten joins wide (100 ms of
    planning alone); loading them one record at a time, 100 queries a sheet."""
    model = qs.model._meta.label
    if model in _RELATIONS:
        paths = _RELATIONS[model]
        return qs.select_related(*paths) if paths else qs
    probe = next(iter(qs[:1]), None)
    if probe is None:
        return qs
    str(probe)
    paths = _RELATIONS[model] = _loaded(probe)
    return qs.select_related(*paths) if paths else qs


@dataclass(frozen=True)
class Drill:
    """The records behind one figure as its drill-down sheet lists them: [id, record,
    amount?] rows and, when the sheet is cut, how many records there are in all. The
    same in every language of the summary, so read once for all of them."""

    rows: list[list]
    total: int | None = None
    estimated: bool = False  # the total is the planner's estimate (core.lists.bounded_count)


def drill_downs(
    *, actor: User, org_id: int, period: Period, values: dict[str, int]
) -> dict[str, Drill]:
    """Per figure with data, the first MAX_ROWS records behind it (in the figure's
    drill_order), read through the scoped selector (the organization checked once, not
    per sheet). Figures over the same rows (a count and its sums: finance.shared and its
    five levels) share one query."""
    org = org_get(actor=actor, org_id=org_id)
    groups: dict[tuple, list[tuple[str, QuerySet]]] = {}
    ids_sql: dict[tuple, tuple[str, tuple]] = {}
    for key in sorted(values):
        if values[key] and key in REGISTRY:
            rows = selectors.records_of(org=org, key=key, period=period)
            try:  # the first ids' query: the same rows when the same SQL
                sql, params = rows.values_list("pk")[: MAX_ROWS + 1].query.sql_with_params()
            except EmptyResultSet:  # a filter that matches nothing (pk__in=[])
                sql, params = "SELECT NULL::integer WHERE false", ()
            same = (rows.model, rows.db, sql, tuple(map(repr, params)))
            groups.setdefault(same, []).append((key, rows))
            ids_sql[same] = (sql, tuple(params))
    sums = sorted({f for key in values if key in REGISTRY and (f := REGISTRY[key].sum_field)})
    alias = {field: f"figure_amount_{i}" for i, field in enumerate(sums)}
    records = _first_records(list(groups.values()), list(ids_sql.values()), alias)
    drills: dict[str, Drill] = {}
    for members, first in zip(groups.values(), records, strict=True):
        drills.update(_drill(members, values, alias, first))
    return {key: drills[key] for key in sorted(drills)}


# Sheets whose first ids are asked in one statement (PostgreSQL: ARRAY(SELECT id ...)).
IDS_BATCH = 100


def _annotated(qs, members, alias):
    """`qs` with the amounts its sheets show (a lookup, "course__hours", as well as a field)."""
    fields = {f for key, _r in members if (f := REGISTRY[key].sum_field)}
    return qs.annotate(**{alias[f]: F(f) for f in sorted(fields)}) if fields else qs


def _first_records(
    groups: list[list[tuple[str, QuerySet]]], ids_sql: list[tuple[str, tuple]], alias
) -> list[list]:
    """Per group of sheets, its first MAX_ROWS + 1 records (the + 1 says whether it was
    cut). On PostgreSQL, the ids of every group in a few statements, then the records of
    each model in one query; elsewhere one query a group."""
    dbs = {members[0][1].db for members in groups}
    if len(dbs) != 1 or connections[dbs.pop()].vendor != "postgresql":
        return [
            list(_with_relations(_annotated(m[0][1], m, alias))[: MAX_ROWS + 1]) for m in groups
        ]
    ids: list[list[int]] = []
    for n in range(0, len(groups), IDS_BATCH):
        parts: list[str] = []
        params: list = []
        for _members, (sql, p) in zip(
            groups[n : n + IDS_BATCH], ids_sql[n : n + IDS_BATCH], strict=True
        ):
            parts.append(f"ARRAY({sql})")
            params.extend(p)
        with connections[groups[0][0][1].db].cursor() as cursor:
            cursor.execute("SELECT " + ", ".join(parts), params)
            ids.extend(list(batch) for batch in cursor.fetchone())
    loaded: dict[type, dict[int, object]] = {}
    for model in dict.fromkeys(m[0][1].model for m in groups):
        of_model = [(m, i) for m, i in zip(groups, ids, strict=True) if m[0][1].model is model]
        wanted = sorted({pk for _m, group_ids in of_model for pk in group_ids})
        every = [member for m, _i in of_model for member in m]
        qs = _annotated(model._base_manager.filter(pk__in=wanted), every, alias)
        loaded[model] = {r.pk: r for r in _with_relations(qs)} if wanted else {}
    return [
        [loaded[m[0][1].model][pk] for pk in group_ids]
        for m, group_ids in zip(groups, ids, strict=True)
    ]


def _drill(
    members: list[tuple[str, QuerySet]], values: dict[str, int], alias, records: list
) -> dict[str, Drill]:
    """The sheets of figures whose records are the same rows."""
    rows = members[0][1]
    texts = [(record.pk, str(record)) for record in records[:MAX_ROWS]]
    cut = len(records) > MAX_ROWS
    counted: list[tuple[int, bool]] = []
    drills = {}
    for key, _rows in members:
        field = REGISTRY[key].sum_field
        if field is None:
            lines = [[pk, text] for pk, text in texts]
        else:
            a = alias[field]
            lines = [
                [pk, text, getattr(record, a)]
                for (pk, text), record in zip(texts, records, strict=False)
            ]
        if not cut:
            drills[key] = Drill(lines)
            continue
        # A count figure's value is its number of rows; a sum's rows are counted, within
        # bounds (core.lists.bounded_count), once for the figures sharing them.
        if field is not None and not counted:
            counted.append(bounded_count(rows))
        if field is None:
            drills[key] = Drill(lines, values[key])
        else:
            drills[key] = Drill(lines, *counted[0])
    return drills


def _append(sheet, values: list) -> None:
    """A row whose text is never a formula (a union named "=..." stays a name)."""
    sheet.append(xlsx_row(sheet, values))


def to_xlsx(
    content: dict,
    *,
    actor: User,
    org_id: int,
    period: Period,
    progress: Callable[[], None] | None = None,
    drills: dict[str, Drill] | None = None,
) -> bytes:
    """Sheet 1: every figure. Then one sheet per figure with data: the records behind it
    (`drills`, read once for every language of a summary; read here when not given)."""
    from openpyxl import Workbook

    words = _words(content["lang"])
    book = Workbook(write_only=True)  # streamed: a province's sheets do not fit in memory
    with_data = [f for f in content["figures"] if f["value"] and f["key"] in REGISTRY]
    titles = {f["key"]: sheet_title(i, f["key"]) for i, f in enumerate(with_data, start=2)}

    first = book.create_sheet(words["figures"])
    _append(first, [content["title"]])
    _append(
        first,
        [
            words["key"],
            words["figure"],
            words["value"],
            words["unit"],
            words["written"],
            words["sheet"],
        ],
    )
    for f in content["figures"]:
        _append(
            first,
            [f["key"], f["label"], f["value"], f["unit"], f["written"], titles.get(f["key"], "")],
        )

    if drills is None:
        drills = drill_downs(
            actor=actor,
            org_id=org_id,
            period=period,
            values={f["key"]: f["value"] for f in with_data},
        )
    for f in with_data:
        figure = REGISTRY[f["key"]]
        sheet = book.create_sheet(titles[f["key"]])
        _append(sheet, [f["key"], f["label"], f["value"], f["unit"]])
        header = [words["id"], words["record"]]
        if figure.sum_field:
            header.append(words["amount"] if f["unit"] in ("分", "fen") else figure.sum_field)
        _append(sheet, header)
        drill = drills[f["key"]]
        for line in drill.rows:
            _append(sheet, line)
        if drill.total is not None:
            # An estimate says so: an official workbook never prints one as a count.
            total = words["about"].format(n=drill.total) if drill.estimated else drill.total
            _append(sheet, [words["cut"].format(shown=MAX_ROWS, total=total)])
        if progress:
            progress()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
