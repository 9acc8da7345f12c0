"""Imports report every error of every bad row; the bad-rows file is the original row,
every column, plus its reasons, ready to fix and import again; the import page offers a
template (issue 11 item 4)."""

import csv
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from gonghui.members import importer
from gonghui.members.models import ImportJob, Person

from ..factories import id_number
from .test_import import CN, english, media, person_row, run, union, write_csv  # noqa: F401


def test_every_error_of_a_row_is_reported(world, union, tmp_path):  # noqa: F811
    bad = person_row(
        union,
        "",
        性别="男的",
        手机号="12345",
        学历="幼儿园",
        入会日期="2020-13-40",
        所在工会="没有这个工会",
    )
    report = run(world.county_staff, write_csv(tmp_path, [bad]), dry_run=True)
    [(line, reason)] = report.bad
    assert line == 2
    for fault in (
        "Enter the name",
        "性别 “男的”",
        "mobile number",
        "学历 “幼儿园”",
        "joining date",
        "No union named",
    ):
        assert fault in reason, (fault, reason)


def test_a_register_of_people_born_1950_to_1983_has_no_bad_row(world, union, tmp_path):  # noqa: F811
    rows = [
        person_row(union, f"会员{year}", number=id_number(birth=f"{year}0601"))
        for year in range(1950, 1984)
    ]
    report = run(world.county_staff, write_csv(tmp_path, rows), dry_run=True)
    assert report.bad == [] and report.rows == 34


def test_the_bad_rows_file_is_the_original_rows_with_their_reasons_and_imports_again(
    world,
    union,  # noqa: F811
    tmp_path,
    media,  # noqa: F811
    as_user,
    django_capture_on_commit_callbacks,
):
    client = as_user(world.county_staff)
    good = person_row(union, "甲")
    bad = person_row(union, "乙", 手机号="12345", 入会日期="明天")
    content = write_csv(tmp_path, [good, bad]).read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/members/import/",
            {
                "file": SimpleUploadedFile("名册.csv", content, content_type="text/csv"),
                "mode": "good_rows",
            },
            HTTP_ACCEPT_LANGUAGE="en",
        )
    job = ImportJob.objects.get()
    response = client.get(f"/members/import/{job.pk}/bad-rows.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    header, [row] = rows[0], rows[1:]
    assert header[: len(CN)] == CN and len(header) == len(CN) + 2
    assert row[: len(CN)] == bad  # every column as written
    assert row[len(CN)] == "3" and "mobile number" in row[-1] and "joining date" in row[-1]

    # Fixed in the file itself, it imports: the line and reasons columns are ignored.
    row[3], row[CN.index("入会日期")] = "13912345678", "2021-05-01"
    fixed = tmp_path / "fixed.csv"
    with open(fixed, "w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows([header, row])
    report = run(world.county_staff, fixed, mode="good_rows")
    assert report.bad == [] and report.imported == 1
    assert set(Person.objects.values_list("name", flat=True)) == {"甲", "乙"}

    xlsx = client.get(f"/members/import/{job.pk}/bad-rows.csv?format=xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][0] == "乙"


def test_the_template_has_headers_a_sample_row_and_choice_lists(world, client, tmp_path):
    client.force_login(world.county_staff)
    response = client.get("/members/import/template.xlsx")
    assert response.status_code == 200
    path = tmp_path / "template.xlsx"
    path.write_bytes(response.content)
    sheet = load_workbook(path).active
    header = [c.value for c in sheet[1]]
    assert header[0] == "姓名*" and "身份证号*" in header and "就业形式" in header
    sample = [c.value for c in sheet[2]]
    assert sample[0] == "张伟" and sample[2] == "210102197506011233"
    lists = {
        str(v.sqref).split(":")[0][0]: v.formula1 for v in sheet.data_validations.dataValidation
    }
    assert lists["B"] == '"男,女"' and "外卖配送员" in lists["G"] and "群众" in lists["F"]
    # The sample row itself passes the import's checks but for its placeholder union.
    report = importer.import_members(actor=world.county_staff, path=path, dry_run=True)
    assert report.rows == 1 and "所在工会" in report.bad[0][1] or "union" in report.bad[0][1]
    client.force_login(world.auditor)
    assert client.get("/members/import/template.xlsx").status_code == 404
