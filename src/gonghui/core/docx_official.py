"""Word documents in the official-document format, GB/T 9704-2012 (党政机关公文格式).

Every Word output of the platform (the annual summary, the meetings round-up, …) is
written through `OfficialDocument`, so they share one layout:

* A4 paper; margins 37 mm top, 35 mm bottom, 28 mm left, 26 mm right (版心 156 × 225 mm);
* the title in 方正小标宋 2号 (22 pt), centred;
* the body in 仿宋_GB2312 3号 (16 pt), first lines indented two characters, on a grid of
  22 lines of 28 characters (docGrid: line pitch 28.95 pt, characters 15.79 pt apart);
* headings in 黑体 (level 1) and 楷体_GB2312 (level 2), 3号, not bold;
* page numbers "— 1 —" in 4号 宋体 below the text, outside: odd pages on the right,
  even pages on the left, one character in from the edge of the text.

Fonts are named, not embedded. Where a federation's computer lacks the GB fonts, Word
takes the font table's alternative (w:altName): 宋体 for 方正小标宋, 仿宋 for 仿宋_GB2312,
楷体 for 楷体_GB2312. Traditional Chinese uses those common fonts directly (the GB2312
ones have no Traditional glyphs); English documents use Times New Roman on the same page.
The text given is written as it is: callers keep internal codes out and write money in 元.
"""

import io
import math
from dataclasses import dataclass

# Page and grid (GB/T 9704-2012 §5.2): millimetres.
PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = 37, 35, 28, 26
LINES, CHARACTERS = 22, 28
TITLE_SIZE, BODY_SIZE, PAGE_NUMBER_SIZE = 22.0, 16.0, 14.0  # 2号, 3号, 4号 in points

_MM_PER_PT = 25.4 / 72
# 225 mm / 22 lines, in twentieths of a point (Word's unit for the line pitch): 579.
LINE_PITCH_TWIPS = math.floor((PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM) / LINES / _MM_PER_PT * 20)
# 156 mm / 28 characters, less the 16 pt character, in 1/4096 pt (Word's charSpace): -849.
CHAR_SPACE = math.floor(
    ((PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT) / CHARACTERS / _MM_PER_PT - BODY_SIZE) * 4096
)


@dataclass(frozen=True)
class Fonts:
    title: str
    heading1: str
    heading2: str
    body: str
    page_number: str
    lang: str  # w:lang


FONTS = {
    "zh-hans": Fonts("方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体", "zh-CN"),
    "zh-hant": Fonts("宋体", "黑体", "楷体", "仿宋", "宋体", "zh-TW"),
    "en": Fonts(
        "Times New Roman",
        "Times New Roman",
        "Times New Roman",
        "Times New Roman",
        "Times New Roman",
        "en-US",
    ),
}
# What Word uses when the named font is missing (the font table's altName).
FALLBACK = {"方正小标宋简体": "宋体", "仿宋_GB2312": "仿宋", "楷体_GB2312": "楷体"}

STYLE_TITLE, STYLE_HEADING1, STYLE_HEADING2, STYLE_TABLE = (
    "公文标题",
    "一级标题",
    "二级标题",
    "表格文字",
)


def _set_fonts(run_or_style, name: str, size_pt: float, lang: str, bold: bool = False) -> None:
    """Name the font for Latin and East Asian text alike, its size, and the language."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    run_or_style.font.name = name
    run_or_style.font.size = Pt(size_pt)
    run_or_style.font.bold = bold
    r_pr = run_or_style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = r_pr.makeelement(qn("w:rFonts"), {})
        r_pr.insert(0, fonts)
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)
    language = r_pr.find(qn("w:lang"))
    if language is None:
        language = r_pr.makeelement(qn("w:lang"), {})
        r_pr.append(language)
    language.set(qn("w:val" if lang == "en-US" else "w:eastAsia"), lang)


class OfficialDocument:
    """A Word document laid out by GB/T 9704-2012; add text in reading order, then bytes()."""

    def __init__(self, lang: str, title: str):
        from docx import Document
        from docx.enum.section import WD_ORIENT
        from docx.enum.style import WD_STYLE_TYPE
        from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
        from docx.shared import Mm, Pt

        if lang not in FONTS:
            raise ValueError(f"lang is one of {list(FONTS)}")
        self.lang = lang
        self.english = lang == "en"
        self.fonts = fonts = FONTS[lang]
        self.document = document = Document()
        document.core_properties.title = title
        document.core_properties.language = fonts.lang

        section = document.sections[0]
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(PAGE_WIDTH), Mm(PAGE_HEIGHT)
        section.top_margin, section.bottom_margin = Mm(MARGIN_TOP), Mm(MARGIN_BOTTOM)
        section.left_margin, section.right_margin = Mm(MARGIN_LEFT), Mm(MARGIN_RIGHT)
        section.header_distance = Mm(15)
        # The page number's rule sits 7 mm below the text (§7.5): its line's foot is ~5 mm lower.
        section.footer_distance = Mm(MARGIN_BOTTOM - 7) - Pt(PAGE_NUMBER_SIZE)
        self._grid(section)

        body_size = 12.0 if self.english else BODY_SIZE
        line = Pt(18) if self.english else Pt(LINE_PITCH_TWIPS / 20)
        normal = document.styles["Normal"]
        _set_fonts(normal, fonts.body, body_size, fonts.lang)
        normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
        normal.paragraph_format.line_spacing = line
        normal.paragraph_format.space_before = Pt(0)
        normal.paragraph_format.space_after = Pt(6) if self.english else Pt(0)
        normal.paragraph_format.first_line_indent = None if self.english else Pt(BODY_SIZE * 2)
        normal.paragraph_format.widow_control = True

        def style(name, font, size, *, outline=None, center=False, indent=None, bold=False):
            s = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            s.base_style = normal
            s.next_paragraph_style = normal
            s.quick_style = True
            _set_fonts(s, font, size, fonts.lang, bold)
            s.paragraph_format.first_line_indent = indent
            if center:
                s.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
            if outline is not None:
                from docx.oxml.ns import qn

                p_pr = s.element.get_or_add_pPr()
                level = p_pr.makeelement(qn("w:outlineLvl"), {qn("w:val"): str(outline)})
                p_pr.append(level)
                s.paragraph_format.keep_with_next = True
            return s

        title_style = style(
            STYLE_TITLE,
            fonts.title,
            16.0 if self.english else TITLE_SIZE,
            center=True,
            indent=Pt(0),
            bold=self.english,
        )
        # The title stands on its own line with an empty line below (§7.3.3).
        title_style.paragraph_format.line_spacing = Pt(36) if not self.english else Pt(24)
        title_style.paragraph_format.space_after = line
        heading_indent = None if self.english else Pt(BODY_SIZE * 2)
        style(STYLE_HEADING1, fonts.heading1, body_size, outline=0, indent=heading_indent,
              bold=self.english)  # fmt: skip
        style(STYLE_HEADING2, fonts.heading2, body_size, outline=1, indent=heading_indent,
              bold=False)  # fmt: skip
        table_style = style(STYLE_TABLE, fonts.body, 10.5 if self.english else 12.0, indent=Pt(0))
        table_style.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
        self._fallbacks()
        self._page_numbers(section)
        document.add_paragraph(title, style=STYLE_TITLE)

    # ---- content --------------------------------------------------------------------

    def heading(self, text: str, level: int = 1):
        return self.document.add_paragraph(
            text, style=STYLE_HEADING1 if level == 1 else STYLE_HEADING2
        )

    def paragraph(self, text: str):
        return self.document.add_paragraph(text)

    def table(self, header: list[str], rows: list[list[str]]):
        """A plain grid table (the figures' appendix): header row, then the rows."""
        table = self.document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        # The style's id, looked up once: python-docx looks it up among all styles for
        # each paragraph given the style object (9 s for a province's 200 figures).
        style_id = self.document.styles[STYLE_TABLE].style_id
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.paragraphs[0]._p.style = style_id
            run = cell.paragraphs[0].add_run(text)
            run.font.bold = True
        for values in rows:
            for cell, text in zip(table.add_row().cells, values, strict=True):
                cell.paragraphs[0]._p.style = style_id
                cell.paragraphs[0].add_run(text)
        return table

    def bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()

    # ---- the page -------------------------------------------------------------------

    def _grid(self, section) -> None:
        """22 lines of 28 characters: Word's document grid (ignored for English)."""
        from docx.oxml.ns import qn

        sect_pr = section._sectPr
        grid = sect_pr.find(qn("w:docGrid"))
        if grid is None:
            grid = sect_pr.makeelement(qn("w:docGrid"), {})
            sect_pr.append(grid)
        if self.english:
            grid.set(qn("w:type"), "default")
            return
        grid.set(qn("w:type"), "linesAndChars")
        grid.set(qn("w:linePitch"), str(LINE_PITCH_TWIPS))
        grid.set(qn("w:charSpace"), str(CHAR_SPACE))

    def _fallbacks(self) -> None:
        """The font table names each GB font's common alternative (w:altName)."""
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import parse_xml
        from docx.oxml.ns import nsdecls
        from lxml import etree

        part = self.document.part.part_related_by(RT.FONT_TABLE)
        root = parse_xml(part.blob)
        for name, alternative in FALLBACK.items():
            font = parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                '<w:charset w:val="86"/><w:family w:val="modern"/><w:pitch w:val="fixed"/>'
                "</w:font>"
            )
            root.append(font)
        part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)

    def _page_numbers(self, section) -> None:
        """ "— 1 —": odd pages at the right, even pages at the left, one character in."""
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.shared import Pt

        self.document.settings.odd_and_even_pages_header_footer = True
        indent = Pt(PAGE_NUMBER_SIZE)
        for footer, alignment in (
            (section.footer, WD_ALIGN_PARAGRAPH.RIGHT),
            (section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT),
        ):
            footer.is_linked_to_previous = False
            p = footer.paragraphs[0]
            p.alignment = alignment
            p.paragraph_format.first_line_indent = Pt(0)
            if alignment == WD_ALIGN_PARAGRAPH.RIGHT:
                p.paragraph_format.right_indent = indent
            else:
                p.paragraph_format.left_indent = indent
            self._number_run(p, "— ")
            self._field(p, "PAGE")
            self._number_run(p, " —")

    def _number_run(self, paragraph, text: str):
        run = paragraph.add_run(text)
        _set_fonts(run, self.fonts.page_number, PAGE_NUMBER_SIZE, self.fonts.lang)
        return run

    def _field(self, paragraph, instruction: str) -> None:
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        def char(kind: str):
            run = self._number_run(paragraph, "")
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
            run._r.append(element)

        char("begin")
        run = self._number_run(paragraph, "")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = f" {instruction} "
        run._r.append(text)
        char("separate")
        self._number_run(paragraph, "1")
        char("end")
