"""The annual summary as a Word document and as an Excel workbook of its figures.

Both are drawn from the content that summary.compose writes; the workbook adds, for every
figure with data, the records behind it (the drill-down), read through the scoped
selector so that it holds nothing the requester may not see.
"""

import io
from collections.abc import Callable

from gonghui.accounts.models import User
from gonghui.core.chinese import to_traditional
from gonghui.core.exports import xlsx_row
from gonghui.core.figures import REGISTRY, Period

from . import selectors
from .summary import paragraph_text

MAX_ROWS = 100_000  # per drill-down sheet: Excel takes a million, people read far fewer

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
    },
}


def _words(lang: str) -> dict[str, str]:
    if lang == "zh-hant":
        return {k: to_traditional(v) for k, v in _WORDS["zh-hans"].items()}
    return _WORDS["en" if lang == "en" else "zh-hans"]


# ---- Word -------------------------------------------------------------------------------

# GB/T 9704 (official documents): title in 小标宋, headings in 黑体, body in 仿宋, first
# lines indented two characters. Fonts are named, not embedded: Word substitutes if missing.
_FONTS = {
    "zh-hans": ("方正小标宋简体", "黑体", "仿宋_GB2312", "zh-CN"),
    "zh-hant": ("標楷體", "微軟正黑體", "新細明體", "zh-TW"),
    "en": ("Times New Roman", "Times New Roman", "Times New Roman", "en-US"),
}


def _font(run_or_style, name: str, size, lang: str, bold: bool = False) -> None:
    from docx.oxml.ns import qn

    run_or_style.font.name = name
    run_or_style.font.size = size
    run_or_style.font.bold = bold or None
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.append(fonts)
    fonts.set(qn("w:eastAsia"), name)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = r_pr.makeelement(qn("w:lang"), {})
        r_pr.append(language)
    language.set(qn("w:val" if lang == "en-US" else "w:eastAsia"), lang)


def to_docx(content: dict) -> bytes:
    """Title, numbered section headings, paragraphs, a note, and the table of figures."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    lang = content["lang"]
    title_font, heading_font, body_font, tag = _FONTS[lang]
    english = lang == "en"
    body = Pt(12 if english else 16)
    words = _words(lang)
    document = Document()
    document.core_properties.title = content["title"]
    document.core_properties.language = tag
    normal = document.styles["Normal"]
    _font(normal, body_font, body, tag)
    normal.paragraph_format.line_spacing = Pt(18 if english else 28)

    def paragraph(text: str, font: str, size, *, center=False, indent=True, bold=False):
        p = document.add_paragraph()
        if center:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        if indent and not english:
            p.paragraph_format.first_line_indent = body * 2
        p.paragraph_format.space_after = Pt(6 if english else 0)
        _font(p.add_run(text), font, size, tag, bold)
        return p

    paragraph(content["title"], title_font, Pt(16 if english else 22), center=True, indent=False)
    for section in content["sections"]:
        paragraph(section["heading"], heading_font, body, indent=not english, bold=english)
        for para in section["paragraphs"]:
            paragraph(paragraph_text(para, lang), body_font, body)
    paragraph(content["note"], body_font, Pt(10 if english else 12))

    paragraph(words["appendix"], heading_font, body, indent=False, bold=english)
    columns = ["figure", "key", "value", "unit", "written"]
    table = document.add_table(rows=1, cols=len(columns))
    table.style = "Table Grid"
    small = Pt(9 if english else 10.5)
    for cell, column in zip(table.rows[0].cells, columns, strict=True):
        _font(cell.paragraphs[0].add_run(words[column]), heading_font, small, tag, True)
    for figure in content["figures"]:
        cells = table.add_row().cells
        for cell, value in zip(
            cells,
            [
                figure["label"],
                figure["key"],
                str(figure["value"]),
                figure["unit"],
                figure["written"],
            ],
            strict=True,
        ):
            _font(cell.paragraphs[0].add_run(value), body_font, small, tag)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# ---- Excel ------------------------------------------------------------------------------


def sheet_title(index: int, key: str) -> str:
    """Excel allows 31 characters; the number keeps truncated keys apart."""
    return f"{index} {key}"[:31]


def _with_relations(qs):
    """Join the rows' direct foreign keys: str(record) reads them, 100,000 times over."""
    names = [
        f.name
        for f in qs.model._meta.concrete_fields
        if f.is_relation and (f.many_to_one or f.one_to_one)
    ]
    return qs.select_related(*names) if names else qs


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
) -> bytes:
    """Sheet 1: every figure. Then one sheet per figure with data: the records behind it."""
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

    for f in with_data:
        figure = REGISTRY[f["key"]]
        sheet = book.create_sheet(titles[f["key"]])
        _append(sheet, [f["key"], f["label"], f["value"], f["unit"]])
        header = [words["id"], words["record"]]
        if figure.sum_field:
            header.append(words["amount"] if f["unit"] in ("分", "fen") else figure.sum_field)
        _append(sheet, header)
        rows = selectors.figure_records(
            actor=actor, org_id=org_id, key=f["key"], period=period
        ).order_by("pk")
        shown = 0
        for record in _with_relations(rows)[:MAX_ROWS].iterator(chunk_size=2000):
            line = [record.pk, str(record)]
            if figure.sum_field:
                line.append(getattr(record, figure.sum_field))
            _append(sheet, line)
            shown += 1
        if shown == MAX_ROWS and (total := rows.count()) > MAX_ROWS:
            _append(sheet, [words["cut"].format(shown=MAX_ROWS, total=total)])
        if progress:
            progress()
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
