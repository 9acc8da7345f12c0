"""The summary as a background job, its pages, its Word document and its workbook."""

import io
from dataclasses import replace
from datetime import date

import docx
import openpyxl
import pytest
from django.utils import timezone

from gonghui.assistance.demo import build_demo as build_aid_demo
from gonghui.campaigns.demo import build_demo as build_money_demo
from gonghui.members.models import Membership
from gonghui.reports import summary, summary_output, tasks
from gonghui.reports.models import SummaryJob
from gonghui.stations.demo import build_demo as build_station_demo

from ..factories import OrgKind, make_member, make_org
from .test_summary import YEAR, build_small, check_against_tables, oracle


@pytest.fixture
def small(world):
    return build_small(world)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _request(client, org, year=YEAR, language="zh-hans", **extra):
    return client.post(
        "/reports/summary/",
        {"org": str(org.pk), "year": str(year), "language": language},
        HTTP_ACCEPT_LANGUAGE="en",
        **extra,
    )


def test_job_runs_with_progress_and_writes_page_word_and_workbook(
    small, media, as_user, django_capture_on_commit_callbacks
):
    client = as_user(small.province_staff)
    form = client.get("/reports/summary/").content.decode()
    # The form offers the three languages (the page's own language switch is another list).
    for code in ("zh-hans", "zh-hant", "en"):
        offered = form.split('id="summary-language">', 1)[1].split("</select>")[0]
        assert f'<option value="{code}"' in offered
    with django_capture_on_commit_callbacks(execute=True):
        response = _request(client, small.province)
    job = SummaryJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/summary/{job.pk}/"
    assert job.status == "done" and job.error == "" and job.finished_at
    # Progress counted every step, figures to the last drill-down sheet, and reached the end.
    with_data = [f for f in job.content["figures"] if f["value"]]
    assert job.total == 1 + len(summary.SECTIONS) + 1 + len(with_data) + 1 == job.done
    status = client.get(f"/reports/summary/{job.pk}/status").json()
    assert status["finished"] and status["done"] == status["total"] == job.total
    check_against_tables(job.content, small.province.path)

    page = client.get(f"/reports/summary/{job.pk}/").content.decode()
    assert job.content["title"] in page and "1 思想引领 唱响时代主旋律" in page
    assert "2523.63万元" in page and "<progress" not in page

    # Word: the title, the numbered headings, every paragraph, the table of figures.
    word = client.get(f"/reports/summary/{job.pk}/summary.docx")
    assert word.status_code == 200 and word["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    document = docx.Document(io.BytesIO(b"".join(word.streaming_content)))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "辽宁省总工会2022年工会工作综述"
    headings = [s["heading"] for s in job.content["sections"]]
    assert headings == [
        "1 思想引领 唱响时代主旋律",
        "2 用心用情 服务职工有作为",
        "3 夯实基础 狠抓自身见实效",
    ]
    for section in job.content["sections"]:
        # 一、思想引领…: the official format numbers level-1 headings 一、二、三、
        number = "一二三四"[section["number"] - 1]
        assert f"{number}、{section['heading'].split(' ', 1)[1]}" in texts
        for paragraph in section["paragraphs"]:
            assert summary.paragraph_text(paragraph, "zh-hans") in texts
    table = document.tables[0]
    assert len(table.rows) == 1 + len(job.content["figures"])
    assert [c.text for c in table.rows[0].cells] == ["指标", "数值", "单位", "文中写法"]

    # Excel: every figure on the first sheet, then each figure's records on its own sheet.
    book = openpyxl.load_workbook(
        io.BytesIO(
            b"".join(client.get(f"/reports/summary/{job.pk}/summary.xlsx").streaming_content)
        )
    )
    first = book.worksheets[0]
    assert first.title == "指标" and first.max_row == 2 + len(job.content["figures"])
    assert len(book.worksheets) == 1 + len(with_data)
    truth = oracle(small.province.path, date(YEAR, 1, 1), date(YEAR, 12, 31))
    rows_of = {
        "members.total": truth["members.total"],
        "stations.visits": 2,
        "campaigns.sent_down.by_kind.winter": 1,
        "activities.total": 4,
    }
    for row in first.iter_rows(min_row=3, values_only=True):
        key, _label, value, _unit, written, sheet = row
        if key in rows_of:
            records = book[sheet]
            assert records.max_row - 2 == rows_of[key], key  # two header rows
            assert records.cell(1, 1).value == key and records.cell(1, 3).value == value
    paid = book[
        next(r[5] for r in first.iter_rows(min_row=3, values_only=True) if r[0] == "campaigns.paid")
    ]
    assert sum(r[2] for r in paid.iter_rows(min_row=3, values_only=True)) == 1600_00

    # The list shows it with its links.
    listing = client.get("/reports/summary/?status=done&sort=year").content.decode()
    assert f"/reports/summary/{job.pk}/summary.docx" in listing


def test_job_in_english_and_traditional(small, media, as_user, django_capture_on_commit_callbacks):
    client = as_user(small.county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _request(client, small.county, language="en")
        _request(client, small.county, language="zh-hant")
    en, hant = SummaryJob.objects.order_by("pk")
    assert en.status == hant.status == "done"
    document = docx.Document(en.docx.path)
    # English names the union in English (issue 12 item 2)
    assert document.paragraphs[0].text == (
        "Heping District Federation of Trade Unions: the work of the unions in 2022"
    )
    assert any(
        "In 2022, unions at all levels across the district held" in p.text  # after the lead
        for p in document.paragraphs
    )
    assert openpyxl.load_workbook(en.xlsx.path).worksheets[0].title == "Figures"
    assert hant.content["title"] == "和平區總工會2022年工會工作綜述"
    assert docx.Document(hant.docx.path).paragraphs[0].text == hant.content["title"]


def test_a_county_cannot_write_or_read_another_countys_summary(
    small, media, as_user, django_capture_on_commit_callbacks
):
    sibling = as_user(small.sibling_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _request(sibling, small.sibling)
    job = SummaryJob.objects.get()
    county = as_user(small.county_staff)
    for url in ("", "status", "summary.docx", "summary.xlsx"):
        assert county.get(f"/reports/summary/{job.pk}/{url}").status_code == 404
    assert (
        f"/reports/summary/{job.pk}/" not in county.get("/reports/summary/?all=1").content.decode()
    )
    # Asking for the sibling county: refused like an unknown name, and nothing is queued.
    response = _request(county, small.sibling)
    assert response.status_code == 400 and "No organization" in response.content.decode()
    assert SummaryJob.objects.count() == 1
    # The province sees the county's job; a member sees no summary page at all.
    assert as_user(small.province_staff).get(f"/reports/summary/{job.pk}/").status_code == 200
    assert as_user(small.member).get("/reports/summary/").status_code == 404
    assert as_user(small.member).get(f"/reports/summary/{job.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("year", str(timezone.localdate().year + 1), "The year must be between 2000 and"),
        ("year", "1999", "The year must be between 2000 and"),
        ("year", "二〇二二", "Give the year as four digits"),
        ("language", "fr", "Choose one of the languages: zh-hans, zh-hant, en."),
        ("org", "no such union", "No organization with this name"),
    ],
)
def test_bad_input_is_refused_and_queues_nothing(world, as_user, field, value, message):
    data = {"org": str(world.county.pk), "year": "2022", "language": "zh-hans", field: value}
    response = as_user(world.county_staff).post(
        "/reports/summary/", data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400 and message in response.content.decode()
    assert 'class="invalid"' in response.content.decode()
    assert SummaryJob.objects.count() == 0
    with pytest.raises(tasks.ServiceError) as error:
        tasks.summary_job_create(
            actor=world.county_staff,
            org_ref=data["org"],
            year=data["year"],
            language=data["language"],
        )
    assert field in error.value.fields


def test_an_account_without_a_role_may_not_request_a_summary(world):
    with pytest.raises(tasks.ServiceError) as refused:
        tasks.summary_job_create(
            actor=world.member, org_ref=world.county.pk, year=YEAR, language="en"
        )
    assert refused.value.code == "forbidden" and SummaryJob.objects.count() == 0


def test_a_job_whose_requester_lost_the_organization_fails_with_a_reason(
    world, media, django_capture_on_commit_callbacks
):
    job = tasks.summary_job_create(
        actor=world.county_staff, org_ref=world.county.pk, year=YEAR, language="en"
    )
    world.county_staff.roles.all().delete()
    tasks.summary_job_run(job.pk)
    job.refresh_from_db()
    assert job.status == "failed" and "no longer in your subtree" in job.error


def test_the_drill_down_sheet_says_when_it_is_cut(small, media, monkeypatch):
    monkeypatch.setattr(summary_output, "MAX_ROWS", 2)
    period = summary.period_for(YEAR)
    content = summary.summary_compose(
        actor=small.province_staff, org_id=small.province.pk, year=YEAR, lang="zh-hans"
    )
    book = openpyxl.load_workbook(
        io.BytesIO(
            summary_output.to_xlsx(
                content, actor=small.province_staff, org_id=small.province.pk, period=period
            )
        )
    )
    first = book.worksheets[0]
    sheet = next(
        r[5] for r in first.iter_rows(min_row=3, values_only=True) if r[0] == "members.total"
    )
    rows = list(book[sheet].iter_rows(values_only=True))
    assert (
        len(rows) == 2 + 2 + 1
        and rows[-1][0] == "仅列出前2条，共7条；全部记录可在平台中按指标查询。"
    )


def test_an_estimated_total_says_it_is_one(small, media, monkeypatch):
    """Above 10,000 records a cut sheet's total is the planner's estimate: the workbook, an
    official document, writes 约 / about before it instead of passing it off as a count."""
    monkeypatch.setattr(summary_output, "MAX_ROWS", 2)
    period = summary.period_for(YEAR)
    read = dict(actor=small.province_staff, org_id=small.province.pk, period=period)
    for lang, line in (
        ("zh-hans", "仅列出前2条，共约12345条；全部记录可在平台中按指标查询。"),
        ("en", "Only the first 2 of about 12345 records are listed; the platform lists them all."),
    ):
        content = summary.summary_compose(
            actor=small.province_staff, org_id=small.province.pk, year=YEAR, lang=lang
        )
        values = {f["key"]: f["value"] for f in content["figures"] if f["value"]}
        drills = summary_output.drill_downs(**read, values=values)
        cut = drills["members.total"]
        assert cut.total == 7 and not cut.estimated  # what the planner gives a small list
        drills["members.total"] = replace(cut, total=12_345, estimated=True)  # a province's
        book = openpyxl.load_workbook(
            io.BytesIO(summary_output.to_xlsx(content, **read, drills=drills))
        )
        last_lines = [list(ws.iter_rows(values_only=True))[-1][0] for ws in book.worksheets[1:]]
        assert line in last_lines, lang


def test_the_demo_data(world):
    """The capabilities' own demo builders on the test world: a province, several unions."""
    for org in [world.grassroots, world.sibling_grassroots]:
        for n in range(25):
            make_member(
                org,
                f"职工{org.pk}-{n:02d}",
                joined_on=f"{2018 + n % 8}-0{1 + n % 9}-11",
                work_kind=["regular", "courier", "truck_driver", "delivery_rider"][n % 4],
            )
    make_org(
        "沈阳市直属工会", OrgKind.GRASSROOTS, world.city, "210100", founded_on=date(2023, 3, 1)
    )
    Membership.objects.filter(pk__in=Membership.objects.order_by("pk")[:3].values("pk")).update(
        ended_on=date(2024, 2, 1)
    )
    build_aid_demo("small", 7)
    build_money_demo("small", 7)
    build_station_demo("small", 7)
    this_year = timezone.localdate().year
    checked = 0
    for org, actor in [
        (world.province, world.province_staff),
        (world.county, world.county_staff),
        (world.sibling, world.sibling_staff),
    ]:
        for year in range(2019, this_year + 1):
            content = summary.summary_compose(actor=actor, org_id=org.pk, year=year, lang="zh-hans")
            checked += check_against_tables(content, org.path)
    assert checked > 60


def test_the_languages_queued_together_are_written_from_one_reading(small, media, monkeypatch):
    """Three languages of one summary cost little more than one: the first task writes the
    others from the same figures and records; their own tasks then do nothing."""
    jobs = [
        tasks.summary_job_create(
            actor=small.province_staff, org_ref=small.province.pk, year=YEAR, language=lang
        )
        for lang in ("zh-hans", "zh-hant", "en")
    ]
    other = tasks.summary_job_create(  # another organization: not written with them
        actor=small.province_staff, org_ref=small.county.pk, year=YEAR, language="en"
    )
    reads = []
    drill_downs = summary_output.drill_downs
    monkeypatch.setattr(
        summary_output, "drill_downs", lambda **kw: reads.append(kw) or drill_downs(**kw)
    )
    tasks.summary_job_run(jobs[0].pk)
    assert len(reads) == 1
    for job in jobs:
        job.refresh_from_db()
        assert job.status == "done" and job.done == job.total and job.finished_at
        assert job.content == summary.summary_compose(
            actor=small.province_staff, org_id=small.province.pk, year=YEAR, lang=job.language
        )
        sheets = openpyxl.load_workbook(job.xlsx.path).sheetnames
        assert len(sheets) == 1 + len([f for f in job.content["figures"] if f["value"]])
    assert "the work of the unions" in jobs[2].content["title"]
    assert "綜述" in jobs[1].content["title"]
    other.refresh_from_db()
    assert other.status == "queued"
    finished = jobs[1].finished_at
    tasks.summary_job_run(jobs[1].pk)  # its own task, delivered later: nothing to do
    jobs[1].refresh_from_db()
    assert jobs[1].finished_at == finished and len(reads) == 1
    tasks.summary_job_run(other.pk)
    other.refresh_from_db()
    assert other.status == "done" and len(reads) == 2


def test_sheets_of_figures_over_the_same_rows_share_one_query(small, monkeypatch):
    """A count and a sum of the same records (activities held, their attendance) are
    read for the workbook in one query; each sheet still lists its own columns, and a cut
    sheet says how many records there are in all."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gonghui.core.figures import REGISTRY

    monkeypatch.setattr(summary_output, "MAX_ROWS", 2)
    period = summary.period_for(YEAR)
    keys = ["activities.attendance", "activities.total"]
    values = {key: REGISTRY[key].value(small.province.path, period) for key in keys}
    assert values == {"activities.attendance": 155, "activities.total": 4}
    read = dict(actor=small.province_staff, org_id=small.province.pk, period=period)
    summary_output.drill_downs(**read, values=values)  # learns what a record's text reads

    def reads(values):
        with CaptureQueriesContext(connection) as queries:
            drills = summary_output.drill_downs(**read, values=values)
        return drills, len([q for q in queries if "activities_activity" in q["sql"]])

    _drills, alone = reads({"activities.total": values["activities.total"]})
    drills, both = reads(values)
    # the same rows, and the count of the cut sum's rows (PostgreSQL asks its planner first)
    assert both == alone + (2 if connection.vendor == "postgresql" else 1)
    counted, summed = drills["activities.total"], drills["activities.attendance"]
    assert [len(line) for line in counted.rows] == [2, 2] and counted.total == 4
    assert [line[:2] for line in summed.rows] == counted.rows and summed.total == 4
    assert [line[2] for line in summed.rows] == [15, 20]
