"""Word outputs in the official-document format, GB/T 9704-2012 (issue 12 item 4).

Each document is opened with python-docx and its section, styles, grid, footer and font
table are read back: A4, margins 37/35/28/26 mm, title 方正小标宋 2号, body 仿宋_GB2312 3号,
22 lines of 28 characters, headings 黑体/楷体, page numbers "— 1 —" outside.
"""

import io
import re
import zipfile

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gonghui.core.docx_official import OfficialDocument
from gonghui.core.figures import REGISTRY
from gonghui.reports import summary_output

pytestmark = pytest.mark.one_db


def _east_asian_font(style) -> str:
    return style.element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def check_official(data: bytes, lang: str = "zh-hans") -> docx.document.Document:
    """The layout every Word output must have; returns the opened document."""
    document = docx.Document(io.BytesIO(data))
    assert len(document.sections) == 1
    section = document.sections[0]
    for length, mm in (
        (section.page_width, 210),
        (section.page_height, 297),
        (section.top_margin, 37),
        (section.bottom_margin, 35),
        (section.left_margin, 28),
        (section.right_margin, 26),
    ):
        assert abs(length.mm - mm) < 0.1, (length.mm, mm)
    styles = document.styles
    title, body = styles["公文标题"], styles["Normal"]
    if lang == "zh-hans":
        assert _east_asian_font(title) == "方正小标宋简体" and title.font.size == Pt(22)
        assert _east_asian_font(body) == "仿宋_GB2312" and body.font.size == Pt(16)
        assert _east_asian_font(styles["一级标题"]) == "黑体"
        assert _east_asian_font(styles["二级标题"]) == "楷体_GB2312"
        assert styles["一级标题"].font.size == styles["二级标题"].font.size == Pt(16)
        assert not styles["一级标题"].font.bold
        assert body.paragraph_format.first_line_indent == Pt(32)  # two characters
        # 22 lines of 28 characters: the document grid over a 156 × 225 mm text block.
        grid = section._sectPr.find(qn("w:docGrid"))
        assert grid.get(qn("w:type")) == "linesAndChars"
        pitch = int(grid.get(qn("w:linePitch"))) / 20  # points
        assert int(225 / 25.4 * 72 / pitch) == 22
        char = 16 + int(grid.get(qn("w:charSpace"))) / 4096
        assert int(156 / 25.4 * 72 / char) == 28
        # Fonts a computer may lack have their alternative in the font table.
        fonts = zipfile.ZipFile(io.BytesIO(data)).read("word/fontTable.xml").decode()
        for name, alternative in (("方正小标宋简体", "宋体"), ("仿宋_GB2312", "仿宋")):
            assert re.search(f'w:name="{name}"><w:altName w:val="{alternative}"/>', fonts)
    # The title is the first paragraph, centred, in the title style.
    first = document.paragraphs[0]
    assert first.style.name == "公文标题"
    assert title.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    # Page numbers "— 1 —", odd pages on the right, even pages on the left.
    assert document.settings.odd_and_even_pages_header_footer
    odd, even = section.footer.paragraphs[0], section.even_page_footer.paragraphs[0]
    for footer, side in ((odd, WD_ALIGN_PARAGRAPH.RIGHT), (even, WD_ALIGN_PARAGRAPH.LEFT)):
        assert footer.text == "— 1 —" and footer.alignment == side
        assert "PAGE" in footer._p.xml and "w:fldChar" in footer._p.xml
    return document


def test_the_page():
    document = OfficialDocument("zh-hans", "辽宁省总工会2022年工会工作综述")
    document.heading("一、思想引领 唱响时代主旋律")
    document.heading("（一）宣传教育", 2)
    document.paragraph("全年共开展宣传教育活动1.2万场次。")
    opened = check_official(document.bytes())
    assert [p.style.name for p in opened.paragraphs] == [
        "公文标题",
        "一级标题",
        "二级标题",
        "Normal",
    ]


def test_traditional_and_english_pages():
    check_official(OfficialDocument("zh-hant", "遼寧省總工會").bytes(), "zh-hant")
    check_official(OfficialDocument("en", "Liaoning").bytes(), "en")


CONTENT = {
    "lang": "zh-hans",
    "title": "辽宁省总工会2022年工会工作综述",
    "note": "注：本文数字依据平台记录统计。",
    "sections": [
        {
            "key": "service",
            "number": 1,
            "heading": "1 用心用情 服务职工有作为",
            "paragraphs": [
                {"sentences": [{"text": "全年发放救助金2.52万元。", "figures": ["campaigns.paid"]}]}
            ],
        }
    ],
    "figures": [
        {
            "key": "campaigns.paid",
            "label": "发放金额",
            "value": 2523600,
            "unit": "分",
            "written": "2.52万元",
            "used": True,
        },
        {
            "key": "members.total",
            "label": "会员总数",
            "value": 64287,
            "unit": "人",
            "written": "",
            "used": False,
        },
    ],
}


def test_the_summary_is_official_with_no_codes_and_money_in_yuan():
    assert "campaigns.paid" in REGISTRY
    document = check_official(summary_output.to_docx(CONTENT))
    texts = [p.text for p in document.paragraphs]
    assert texts[:3] == [
        CONTENT["title"],
        "一、用心用情 服务职工有作为",
        "全年发放救助金2.52万元。",
    ]
    assert document.paragraphs[1].style.name == "一级标题"
    rows = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert rows[0] == ["指标", "数值", "单位", "文中写法"]
    assert rows[1] == ["发放金额", "25,236.00", "元", "2.52万元"]
    assert rows[2] == ["会员总数", "64287", "人", ""]
    everything = " ".join(texts + [c for row in rows for c in row])
    assert not any(key in everything for key in REGISTRY)  # no internal codes
    assert "分" not in [row[2] for row in rows]
