"""The round-up of seed 002, written from the eight city meetings reported as records."""

import difflib
import io
import re
from datetime import date

import pytest
from docx import Document

from gonghui.activities import roundup, selectors, services
from gonghui.activities.models import Activity
from gonghui.core.chinese import to_traditional
from gonghui.orgs.models import OrgKind

from ..core.test_docx_official import check_official
from ..factories import make_org
from .seed002 import MEETINGS

THEME = "传达学习党的二十届三中全会精神"
JULY = {"date_from": date(2024, 7, 1), "date_to": date(2024, 7, 31)}
# Date order; meetings of one day in administrative order (division codes).
ORDER = [
    ("7月22日", "沈阳市总工会"),
    ("7月22日", "营口市总工会"),
    ("7月24日", "锦州市总工会"),
    ("7月24日", "盘锦市总工会"),
    ("7月24日", "葫芦岛市总工会"),
    ("7月25日", "大连市总工会"),
    ("7月25日", "鞍山市总工会"),
    ("7月26日", "抚顺市总工会"),
]


def _report(world, union, meeting, actor=None, **changes):
    fields = {k: meeting[k] for k in ("kind", "title", "topic", "points")}
    fields["held_on"] = date.fromisoformat(meeting["held_on"])
    fields.update(changes)
    return services.activity_create(
        actor=actor or world.province_staff, union_id=union.pk, **fields
    )


@pytest.fixture
def liaoning(world):
    """The province's cities (made in reverse, so tree order is not date order), their
    meetings as seed 002 reports them, and meetings the round-up must leave out."""
    cities = {"沈阳市总工会": world.city}
    for m in reversed(MEETINGS):
        if m["union"] not in cities:
            cities[m["union"]] = make_org(m["union"], OrgKind.CITY, world.province, m["region"])
    for m in reversed(MEETINGS):
        _report(world, cities[m["union"]], m)
    noise = MEETINGS[1]
    _report(world, world.county, noise, title="", topic="区总工会学习")  # a level lower
    _report(world, world.province, noise, title="", topic="省总工会自己的会议")  # the parent's own
    _report(world, world.city, noise, title="", topic="八月的会议", held_on=date(2024, 8, 2))
    _report(world, world.other_grassroots, noise, world.outsider, title="", topic="吉林的会议")
    world.cities = cities
    return world


def _compose(world, lang="zh-hans", **kwargs):
    options = {"levels": kwargs.pop("levels", 1), "include_own": kwargs.pop("include_own", False)}
    parent, activities = selectors.roundup_activities(
        actor=world.province_staff, parent_id=world.province.pk, **JULY, **options
    )
    return roundup.compose(parent, activities, **JULY, lang=lang, **kwargs)


def test_the_roundup_is_seed_002_in_date_order(liaoning):
    result = _compose(liaoning, theme=THEME)
    assert [(p.date_text, p.union) for p in result.paragraphs] == ORDER
    seed = {m["union"]: m["seed"] for m in MEETINGS}
    for paragraph in result.paragraphs:
        # Word for word the paragraph seed 002 printed for this city.
        assert paragraph.text == seed[paragraph.union], paragraph.union
        assert paragraph.text.startswith(f"{paragraph.date_text}，{paragraph.union}")
    assert result.title == f"辽宁省总工会所属各工会{THEME}"
    assert result.opening == f"7月22日至7月26日，辽宁省总工会所属8个工会纷纷召开会议，{THEME}。"


def test_the_required_sentences(liaoning):
    by_union = {p.union: p for p in _compose(liaoning).paragraphs}
    anshan = by_union["鞍山市总工会"]
    # Four points stressed in a row share one sentence; the union's own demand follows.
    assert [s[:5] for s in anshan.points] == ["会议强调，", "此外，鞍山"]
    assert anshan.points[0].count("；") == 3 and anshan.points[1].startswith(
        "此外，鞍山市总工会还要求全市工会要加强工会工作法治化建设"
    )
    assert [s[:5] for s in by_union["盘锦市总工会"].points] == ["会议要求，", "会议明确，"]
    assert [s[:5] for s in by_union["抚顺市总工会"].points] == ["会议要求，"]
    assert by_union["盘锦市总工会"].opening == (
        "7月24日，盘锦市总工会第六届委员会第七次全体会议召开，传达学习贯彻党的二十届三中全会精神。"
    )
    assert by_union["葫芦岛市总工会"].opening == (
        "7月24日，葫芦岛市总工会召开学习贯彻党的二十届三中全会精神会议。"
    )
    for paragraph in by_union.values():
        assert all(s.endswith("。") for s in paragraph.points)


def test_levels_own_meetings_and_period(liaoning):
    unions = [p.union for p in _compose(liaoning).paragraphs]
    assert "和平区总工会" not in unions and "辽宁省总工会" not in unions and len(unions) == 8
    deeper = [p.union for p in _compose(liaoning, levels=0).paragraphs]
    assert "和平区总工会" in deeper and len(deeper) == 9
    own = _compose(liaoning, include_own=True)
    assert own.paragraphs[5].union == "辽宁省总工会"  # 7月25日, before its cities (division code)
    assert "八月的会议" not in _compose(liaoning, levels=0).as_text()
    assert "吉林" not in _compose(liaoning, levels=0).as_text()


def test_traditional_chinese_is_close_to_the_seed_as_printed(liaoning):
    seed = {m["union"]: m["seed_traditional"] for m in MEETINGS}
    simplified = _compose(liaoning).paragraphs
    # core.chinese writes the forms the newspaper printed (群眾, 為); it writes 瀋陽 and 幹部
    # where the newspaper kept 沈陽 and 干部 (tests/core/test_chinese.py lists the seed's damage).
    result = _compose(liaoning, lang="zh-hant", theme=THEME)
    assert result.opening.startswith("7月22日至7月26日，遼寧省總工會所屬8個工會")
    for original, paragraph in zip(simplified, result.paragraphs, strict=True):
        assert paragraph.union == to_traditional(original.union)
        ratio = difflib.SequenceMatcher(None, paragraph.text, seed[original.union]).ratio()
        assert ratio > 0.98, (original.union, ratio)
        assert paragraph.points[0][:5] in {"會議強調，", "會議要求，"}
        assert "睏" not in paragraph.text and "爲" not in paragraph.text


def test_a_theme_lists_only_the_meetings_on_it(liaoning):
    dalian = liaoning.cities["大连市总工会"]
    _report(
        liaoning,
        dalian,
        MEETINGS[0],
        title="",
        topic="部署“安康杯”竞赛活动",
        points=[],
        held_on=date(2024, 7, 23),
    )
    themed = _compose(liaoning, theme=THEME)
    assert [(p.date_text, p.union) for p in themed.paragraphs] == ORDER
    assert "安康杯" not in themed.as_text()
    assert themed.opening.startswith("7月22日至7月26日，辽宁省总工会所属8个工会")
    assert "安康杯" in _compose(liaoning).as_text()  # without a theme: every meeting
    # The study verbs may differ (传达学习 / 学习贯彻): the subject decides.
    assert len(_compose(liaoning, theme="学习贯彻二十届三中全会精神").paragraphs) == 8
    assert _compose(liaoning, theme="学习贯彻党的二十大精神").paragraphs == []


def test_a_meeting_name_never_repeats_its_union(liaoning):
    shenyang = liaoning.cities["沈阳市总工会"]
    Activity.objects.filter(union=shenyang, held_on=date(2024, 7, 22)).update(
        title="沈阳市总工会党组2024年第25次（扩大）会议"
    )
    Activity.objects.filter(union=liaoning.cities["鞍山市总工会"]).update(
        title="鞍山市总工会党组理论学习中心组学习会议"
    )
    by_union = {p.union: p for p in _compose(liaoning).paragraphs}
    assert by_union["沈阳市总工会"].opening.startswith(
        "7月22日，沈阳市总工会党组2024年第25次（扩大）会议召开，"
    )
    assert by_union["鞍山市总工会"].opening.startswith(
        "7月25日，鞍山市总工会召开党组理论学习中心组学习会议"
    )
    english = _compose(liaoning, lang="en", theme=THEME).paragraphs[0].opening
    assert "([zh] 党组2024年第25次（扩大）会议)" in english
    for p in [*by_union.values()]:
        assert p.union + p.union not in p.text


def test_english(liaoning):
    """Unions by their English names; what the unions wrote in Chinese stays Chinese,
    marked [zh] (no English was entered for it)."""
    result = _compose(liaoning, lang="en", theme=THEME)
    first = result.paragraphs[0]
    assert first.date_text == "July 22"
    assert first.opening == (
        "On July 22, Shenyang Federation of Trade Unions held a leadership-group meeting "
        "([zh] 党组2024年第25次（扩大）会议): [zh] 传达学习贯彻党的二十届三中全会精神."
    )
    assert first.points[0].startswith("The meeting stressed: [zh] 要精心组织“学”")
    anshan = next(p for p in result.paragraphs if p.union == "Anshan Federation of Trade Unions")
    assert anshan.points[1].startswith(
        "Anshan Federation of Trade Unions also required: [zh] 全市工会要"
    )
    assert result.opening == (
        "From July 22 to July 26, 8 unions under Liaoning Provincial Federation of Trade "
        f"Unions held meetings: [zh] {THEME}."
    )
    assert [p.date_text for p in result.paragraphs][-1] == "July 26"
    # Every Chinese phrase left in the English text is one the unions wrote, marked.
    for paragraph in result.paragraphs:
        for sentence in [paragraph.opening, *paragraph.points]:
            unmarked = re.sub(r"\[zh\] [^:;.()]*", "", sentence.replace("（", "").replace("）", ""))
            assert not re.search(r"[\u4e00-\u9fff]", unmarked), sentence


def test_english_uses_the_english_title_and_topic_entered(liaoning, as_user):
    """Issue 12 item 2: the English a union entered for its meeting's name and topic
    replaces the marked Chinese in the English round-up; Chinese is refused there."""
    first = _compose(liaoning, lang="en", theme=THEME).paragraphs[0]
    meeting = Activity.objects.get(pk=first.activity_id)
    client = as_user(liaoning.province_staff)
    english = {
        "title_en": "25th (enlarged) meeting of its leadership group in 2024",
        "topic_en": "studied the spirit of the Third Plenary Session of the 20th CPC Central "
        "Committee.",
    }
    response = client.patch(
        f"/api/v1/activities/{meeting.pk}", data=english, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["topic_en"] == english["topic_en"]
    assert _compose(liaoning, lang="en", theme=THEME).paragraphs[0].opening == (
        "On July 22, Shenyang Federation of Trade Unions held a leadership-group meeting "
        "(25th (enlarged) meeting of its leadership group in 2024): studied the spirit of the "
        "Third Plenary Session of the 20th CPC Central Committee."
    )
    # The Chinese round-up is what the union wrote in Chinese, unchanged.
    assert "[zh]" not in _compose(liaoning, theme=THEME).paragraphs[0].text
    refused = client.patch(
        f"/api/v1/activities/{meeting.pk}",
        data={"topic_en": "传达学习三中全会精神"},
        content_type="application/json",
    )
    assert refused.status_code == 400 and list(refused.json()["fields"]) == ["topic_en"]
    meeting.refresh_from_db()
    assert meeting.topic_en == english["topic_en"]


def test_english_uses_the_english_name_entered(liaoning):
    city = liaoning.cities["大连市总工会"]
    city.name_en = "Dalian Municipal Federation of Trade Unions"
    city.save(update_fields=["name_en"])
    result = _compose(liaoning, lang="en", theme=THEME)
    assert "Dalian Municipal Federation of Trade Unions" in [p.union for p in result.paragraphs]
    # The Word file, as a reader opens it.
    texts = [p.text for p in Document(io.BytesIO(roundup.to_docx(result))).paragraphs]
    assert texts[0] == (
        "Unions under Liaoning Provincial Federation of Trade Unions: [zh] " + THEME
    )
    assert any(
        t.startswith("On July 25, Dalian Municipal Federation of Trade Unions") for t in texts
    )


def test_word_document(liaoning):
    result = _compose(liaoning, theme=THEME)
    document = Document(io.BytesIO(roundup.to_docx(result)))
    texts = [p.text for p in document.paragraphs]
    assert texts == [result.title, result.opening, *(p.text for p in result.paragraphs)]
    assert document.core_properties.title == result.title
    # GB/T 9704-2012: A4, margins, fonts, grid, page numbers (tests/core/test_docx_official.py)
    check_official(roundup.to_docx(result))
    check_official(roundup.to_docx(_compose(liaoning, lang="en", theme=THEME)), "en")


def test_api_and_page(liaoning, as_user):
    client = as_user(liaoning.province_staff)
    q = f"org_id={liaoning.province.pk}&date_from=2024-07-01&date_to=2024-07-31"
    body = client.get(f"/api/v1/activities/roundup?{q}&theme={THEME}").json()
    assert [p["union"] for p in body["paragraphs"]] == [u for _d, u in ORDER]
    assert body["paragraphs"][0]["date_text"] == "7月22日"
    docx = client.get(f"/api/v1/activities/roundup.docx?{q}&lang=zh-hant")
    assert docx.status_code == 200 and docx["Content-Type"].endswith("wordprocessingml.document")
    assert "瀋陽市總工會" in Document(io.BytesIO(docx.content)).paragraphs[2].text
    page = client.get(
        f"/activities/roundup/?org=辽宁省总工会&date_from=2024-07-01"
        f"&date_to=2024-07-31&levels=1&lang=zh-hans&theme={THEME}"
    )
    assert page.status_code == 200 and MEETINGS[0]["seed"] in page.content.decode()
    word = client.get(
        f"/activities/roundup/?org={liaoning.province.pk}&date_from=2024-07-01"
        "&date_to=2024-07-31&levels=1&lang=en&format=docx"
    )
    assert word.status_code == 200 and word.content[:2] == b"PK"
    # The county's staff cannot write the province's round-up, nor learn it exists.
    county = as_user(liaoning.county_staff)
    assert county.get(f"/api/v1/activities/roundup?{q}").status_code == 404
    bad = client.get(
        f"/api/v1/activities/roundup?org_id={liaoning.province.pk}"
        "&date_from=2024-07-31&date_to=2024-07-01"
    )
    assert bad.status_code == 400 and "date_to" in bad.json()["fields"]


def test_years_are_written_when_the_period_spans_two(liaoning):
    parent, activities = selectors.roundup_activities(
        actor=liaoning.province_staff,
        parent_id=liaoning.province.pk,
        date_from=date(2023, 12, 1),
        date_to=date(2024, 7, 31),
    )
    result = roundup.compose(
        parent, activities, date_from=date(2023, 12, 1), date_to=date(2024, 7, 31)
    )
    assert result.paragraphs[0].date_text == "2024年7月22日"
    empty = roundup.compose(parent, [], date_from=date(2024, 1, 1), date_to=date(2024, 1, 31))
    assert empty.paragraphs == [] and "没有报送" in empty.opening
