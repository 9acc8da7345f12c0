"""core.lists: one declaration drives the page, the API and the export (issue 10 item 3).

The meetings list is the instance under test; every list declared with ListSpec behaves
the same way."""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from gonghui.activities import services
from gonghui.activities.lists import ACTIVITIES
from gonghui.core import lists
from gonghui.rights import services as rights_services


def _meeting(world, union, held_on, topic, kind="leadership"):
    return services.activity_create(
        actor=world.province_staff, union_id=union.pk, held_on=held_on, kind=kind, topic=topic
    )


def _csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_page_api_and_export_answer_the_same_filters_and_sorts(world, as_user):
    _meeting(world, world.grassroots, date(2024, 3, 1), "三月学习", kind="lecture_tour")
    _meeting(world, world.sibling_grassroots, date(2024, 5, 1), "五月学习")
    client = as_user(world.city_leader)
    query = "kind=lecture_tour&sort=held_on"
    api = [a["topic"] for a in client.get(f"/api/v1/activities?{query}").json()["items"]]
    rows = _csv(client.get(f"/activities/?{query}&export=csv"))
    page = client.get(f"/activities/?{query}").content.decode()
    assert api == ["三月学习"]
    assert [r[5] for r in rows[1:]] == ["三月学习"]
    assert "三月学习" in page and "五月学习" not in page
    # The export has every declared column, the page only those marked for it.
    assert rows[0] == [str(c.label) for c in ACTIVITIES.columns]
    assert ">ID<" not in page
    # The sorts offered on the page are the sorts the API accepts.
    for key in ACTIVITIES.sorts:
        assert f'value="{key}"' in page
        assert client.get(f"/api/v1/activities?sort={key}").status_code == 200


def test_a_bad_value_is_an_error_on_the_api_and_no_filter_on_the_page(world, as_user):
    _meeting(world, world.grassroots, date(2024, 3, 1), "三月学习")
    client = as_user(world.city_leader)
    for bad in ("kind=bogus", "date_from=2024-13-01", "sort=password", "under_id=abc"):
        answer = client.get(f"/api/v1/activities?{bad}")
        assert answer.status_code == 422, bad
        assert answer.json()["code"] == "invalid"
        # A stale or hand-edited link shows the whole list rather than an error page.
        page = client.get(f"/activities/?{bad}")
        assert page.status_code == 200 and "三月学习" in page.content.decode(), bad


def test_an_old_query_name_still_filters_the_page(world, as_user):
    _meeting(world, world.grassroots, date(2024, 3, 1), "县里的学习")
    _meeting(world, world.sibling_grassroots, date(2024, 5, 1), "邻县的学习")
    page = as_user(world.city_leader).get(f"/activities/?under={world.county.pk}")
    assert "县里的学习" in page.content.decode()
    assert "邻县的学习" not in page.content.decode()


# The cell as the list template wrote it before core.lists.Cell.html wrote it in Python.
TEMPLATE_CELL = (
    '<td{% if cell.narrow or cell.short %} class="{% if cell.narrow %}hide-sm{% endif %}'
    '{% if cell.narrow and cell.short %} {% endif %}{% if cell.short %}nw{% endif %}"'
    '{% endif %}>{% if cell.link %}<a href="'
    '{{ cell.link }}">{{ cell.text|default_if_none:"—" }}</a>{% else %}'
    '{{ cell.text|default_if_none:"—" }}{% endif %}{% if cell.note %}<br>'
    '<span class="muted small">{{ cell.note }}</span>{% endif %}</td>'
)


@pytest.mark.one_db
@pytest.mark.parametrize(
    "cell",
    [
        lists.Cell("维2022-000001", link="/rights/cases/1/?a=1&b=<2>"),
        lists.Cell(None),
        lists.Cell(""),
        lists.Cell(0, narrow=True),
        lists.Cell(1234567),
        lists.Cell(Decimal("1234.50")),
        lists.Cell("<script>alert('x')</script> & \"q\"", note="<b>某公司</b>"),
        lists.Cell(gettext_lazy("overdue"), note=gettext_lazy("overdue")),
        lists.Cell(mark_safe("<em>safe</em>"), narrow=True),
        lists.Cell(date(2022, 3, 1)),
        lists.Cell(datetime(2022, 3, 1, 16, 30, tzinfo=UTC)),  # shown in Shanghai time
        lists.Cell(True),
    ],
    ids=repr,
)
def test_a_cell_is_written_as_the_template_would_write_it(cell):
    """Every list page's cells are written in Python (a template's lookups for ~500
    cells cost more than the page's SQL): the same markup, localized and escaped as a
    template does it."""
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert cell.html() == Template(TEMPLATE_CELL).render(Context({"cell": cell}))


@pytest.mark.one_db
def test_a_short_cell_stays_on_one_line_and_a_long_one_wraps():
    assert lists.Cell("2022-12-22").html() == '<td class="nw">2022-12-22</td>'
    assert 'class="hide-sm nw"' in lists.Cell("李秀梅", narrow=True).html()
    assert "nw" not in lists.Cell("大连联通汽车零部件有限公司工会委员会").html()


def test_a_choice_label_is_the_fields_display_in_the_request_language(world):
    case = rights_services.case_open(
        actor=world.county_staff,
        union_id=world.county.pk,
        kind="wage_arrears",
        channel="hotline",
        worker_name="李娜",
        employer="沈阳某厂",
        description="拖欠工资",
    )
    for name in ("kind", "channel", "stage", "status", "outcome"):
        for language in ("zh-hans", "en"):
            with translation.override(language):
                expected = getattr(case, f"get_{name}_display")()
                assert lists.choice_label(name)(case) == expected, (name, language)
    with translation.override("zh-hans"):
        assert lists.choice_label("kind")(case) == "拖欠工资"
    case.kind = "not-a-kind"  # a value outside the choices is shown as it is
    assert lists.choice_label("kind")(case) == "not-a-kind"
