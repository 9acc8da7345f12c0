"""The summary as seed 004 writes it (issue 12, items 2 and 5): an opening from the year's
work plan, each section's lead sentence, the lower unions' highlights, and organizations
named in the document's language — in the page's content and in the Word file."""

import io
import re
from datetime import date

import pytest
from docx import Document

from gonghui.activities.models import Activity
from gonghui.core.chinese import to_traditional
from gonghui.core.writing import highlight, section_lead_text
from gonghui.reports import summary, summary_output
from gonghui.workplans.models import Task, WorkPlan

from .test_summary import YEAR, build_small

TASKS = [
    "开展职工思想宣传专项行动",
    "组织开展主题劳动和技能竞赛",
    "组织全省职工技能大赛",
    "深化工会改革和数字化建设",
]


@pytest.fixture
def small(world):
    return build_small(world)


def _plan(world):
    plan = WorkPlan.objects.create(
        owner=world.province,
        year=YEAR,
        title="2022年工会重点工作任务",
        created_by=world.province_staff,
    )
    for number, title in enumerate(TASKS, 1):
        Task.objects.create(
            plan=plan, number=number, title=title, owner=world.province, deadline=date(YEAR, 12, 31)
        )
    return plan


def _compose(world, lang, org=None, actor=None):
    org = org or world.province
    return summary.summary_compose(
        actor=actor or world.province_staff, org_id=org.pk, year=YEAR, lang=lang
    )


def _opening(content) -> str:
    return "".join(s["text"] for p in content["opening"] for s in p["sentences"])


def _sentences(content) -> list[dict]:
    return [s for sec in content["sections"] for p in sec["paragraphs"] for s in p["sentences"]]


def test_the_opening_is_the_years_work_plan(small):
    assert _compose(small, "zh-hans")["opening"] == []  # no plan: no opening is invented
    _plan(small)
    hans = _compose(small, "zh-hans")
    assert _opening(hans) == (
        "2022年，全省各级工会按照辽宁省总工会《2022年工会重点工作任务》的部署，围绕开展职工思想"
        "宣传专项行动、组织开展主题劳动和技能竞赛、组织全省职工技能大赛等4项重点任务开展工作。"
    )
    assert _opening(_compose(small, "zh-hant")) == to_traditional(_opening(hans))
    english = _opening(_compose(small, "en"))
    assert english.startswith(
        "In 2022, unions at all levels across the province worked to the plan of Liaoning "
        "Provincial Federation of Trade Unions, “[zh] 2022年工会重点工作任务”, on its 4 tasks "
        "([zh] 开展职工思想宣传专项行动; "
    )
    # A county has no plan of its own: its summary has no opening.
    assert _compose(small, "zh-hans", small.county, small.county_staff)["opening"] == []


THEME = "建功‘十四五’、奋进新征程"
THEME_EN = "Make Contributions in the 14th Five-Year Plan, Forge Ahead on the New Journey"


def test_the_opening_names_the_years_theme_in_three_languages(small):
    plan = _plan(small)
    plan.theme = THEME
    plan.save()
    hans = _opening(_compose(small, "zh-hans"))
    assert hans == (
        "2022年，全省各级工会以“建功‘十四五’、奋进新征程”为主题，按照辽宁省总工会"
        "《2022年工会重点工作任务》的部署，围绕开展职工思想宣传专项行动、组织开展主题劳动和"
        "技能竞赛、组织全省职工技能大赛等4项重点任务开展工作。"
    )
    assert _opening(_compose(small, "zh-hant")) == to_traditional(hans)
    assert "建功「十四五」" in to_traditional(hans) or "建功‘十四五’" in to_traditional(hans)
    # English: the theme in Chinese, marked, until its English is entered.
    assert _opening(_compose(small, "en")).startswith(
        "In 2022, unions at all levels across the province, under the theme "
        "“[zh] 建功‘十四五’、奋进新征程”, worked to the plan of Liaoning Provincial "
        "Federation of Trade Unions, “[zh] 2022年工会重点工作任务”, on its 4 tasks "
    )
    plan.theme_en, plan.title_en = THEME_EN, "Key Tasks of Trade Union Work in 2022"
    plan.save()
    Task.objects.filter(plan=plan, number=1).update(title_en="ideological publicity")
    english = _opening(_compose(small, "en"))
    assert english.startswith(
        f"In 2022, unions at all levels across the province, under the theme “{THEME_EN}”, "
        "worked to the plan of Liaoning Provincial Federation of Trade Unions, “Key Tasks of "
        "Trade Union Work in 2022”, on its 4 tasks (ideological publicity; [zh] 组织开展"
    )


def test_each_section_opens_with_its_lead(small):
    content = _compose(small, "zh-hans")
    assert content["sections"]
    for section in content["sections"]:
        first = section["paragraphs"][0]["sentences"][0]
        assert first["kind"] == "lead" and first["figures"] == []
        assert first["text"].startswith(("2022年，全省各级工会", "全省各级工会"))
        assert [s for s in _sentences(content) if s.get("kind") == "lead"].count(first) == 1
    service = next(s for s in content["sections"] if s["key"] == "service")
    assert service["paragraphs"][0]["sentences"][0]["text"] == (
        "全省各级工会把竭诚为职工群众服务作为工会一切工作的出发点和落脚点，切实履行维权服务基本职责。"
    )
    english = _compose(small, "en")
    leads = [s["text"] for s in _sentences(english) if s.get("kind") == "lead"]
    assert leads[0].startswith("In 2022, unions at all levels across the province made")
    assert not any(re.search(r"[\u4e00-\u9fff]", t) for t in leads)


def _sibling_meetings(world):
    """和平区 (the county): 4 meetings in 2022, 1 in 2021 (build_small); 沈河区: 6 and 2."""
    for day in [date(YEAR, m, 3) for m in range(1, 7)] + [date(2021, 3, 3), date(2021, 4, 3)]:
        Activity.objects.create(
            union=world.sibling, held_on=day, kind="special", reported_by=world.sibling_staff
        )


def test_the_lower_unions_highlights(small):
    _sibling_meetings(small)
    city = small.city
    city_staff = small.province_staff
    hans = _compose(small, "zh-hans", city, city_staff)
    lower = [s for s in _sentences(hans) if s.get("kind") == "lower"]
    assert (
        "沈河区总工会召开会议、开展学习活动6次，居各县（市、区）总工会首位；和平区总工会召开会议、"
        "开展学习活动4次，同比增长300%，增幅最大。"
    ) in [s["text"] for s in lower]
    assert all(s["lower"] and not s["figures"] for s in lower)
    # The city's own total is written as its own figure, untouched by the highlight.
    written = {f["key"]: f["written"] for f in hans["figures"] if f["used"]}
    assert written["activities.total"] == "10次"

    small.sibling.name_en = "Shenhe District Union Federation"
    small.sibling.save(update_fields=["name_en"])
    english = [s["text"] for s in _sentences(_compose(small, "en", city, city_staff))]
    assert (
        "Shenhe District Union Federation held 6 meetings and study sessions, the most of the "
        "lower unions; Heping District Federation of Trade Unions held 4 meetings and study "
        "sessions, up 300% year on year, the largest growth."
    ) in english


def test_a_highlight_needs_two_lower_unions(small):
    # The province has one city under it: nothing to compare, no highlight.
    assert not [s for s in _sentences(_compose(small, "zh-hans")) if s.get("kind") == "lower"]


def test_highlight_and_lead_are_helpers_any_summary_can_use(small):
    """core.writing's helpers work for any figure, as a capability's summary.py uses them."""
    from gonghui.core.writing import Lower, Voice, Writer

    voice = Voice(
        False,
        "2022年",
        "截至年底",
        "全市各级工会",
        "全市",
        "",
        "沈阳市总工会",
        "各县（市、区）总工会",
    )
    rows = [Lower(small.county, 5, 5), Lower(small.sibling, 9, None)]
    w = Writer({}, voice, lower=lambda key: rows)
    sentence = highlight("members.new", "新发展会员{}", "took in {}", unit="人")
    assert sentence(w) == "沈河区总工会新发展会员9人，居各县（市、区）总工会首位。"
    assert w.take_lower_keys() == ["members.new"] and w.take_keys() == []
    assert section_lead_text("foundation", w).startswith("全市各级工会以建强基层为重点")


def test_english_summary_and_word_name_organizations_in_english(small):
    _plan(small)
    content = _compose(small, "en")
    assert content["title"] == (
        "Liaoning Provincial Federation of Trade Unions: the work of the unions in 2022"
    )
    assert content["org"]["name"] == "Liaoning Provincial Federation of Trade Unions"
    document = Document(io.BytesIO(summary_output.to_docx(content)))
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[0] == content["title"]
    assert texts[1] == _opening(content)  # the opening comes before the first heading
    assert "Liaoning Provincial Federation of Trade Unions" in content["note"]
    for text in texts:
        # Chinese only where people wrote it, and marked: the plan's title and tasks.
        unmarked = re.sub(r"\[zh\] [^;”)]*", "", text)
        assert not re.search(r"[\u4e00-\u9fff]", unmarked), text
    hans = _compose(small, "zh-hans")
    word = [p.text for p in Document(io.BytesIO(summary_output.to_docx(hans))).paragraphs]
    assert _opening(hans) in word
    assert word.index(_opening(hans)) < word.index("一、思想引领 唱响时代主旋律")
