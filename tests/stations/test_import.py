"""Bulk import from Excel: every bad row named with its line and reason; all or nothing."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gonghui.core.models import AuditEvent
from gonghui.stations.importer import HEADERS
from gonghui.stations.models import Station

from ..factories import credit_code


def _sheet(rows, headers=HEADERS) -> SimpleUploadedFile:
    book = Workbook()
    sheet = book.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("positions.xlsx", buffer.getvalue())


def _row(world, name="中山路工会驿站", **over):
    row = {
        "名称": name,
        "类型": "工会驿站",
        "所属工会": world.grassroots.name,
        "地址": "沈阳市和平区中山路1号",
        "纬度": 41.7968,
        "经度": 123.4291,
        "设施": "饮水，热饭、休息,充电",
        "开放时间": "周一至周五 08:00-20:00；周六 09:00-12:00",
    }
    row.update(over)
    return [row[h] for h in HEADERS]


def test_good_sheet_is_imported(world, as_user):
    union = world.township
    union.credit_code = credit_code("81")
    union.save()
    upload = _sheet(
        [
            _row(world),
            _row(
                world,
                "职工之家一号",
                类型="职工之家",
                设施="空调 如厕",
                所属工会=union.credit_code,
                纬度="41.80",
                经度="123.43",
                开放时间="24小时",
            ),
        ]
    )
    response = as_user(world.county_staff).post("/stations/import/", {"file": upload})
    assert response.status_code == 302
    first, second = Station.objects.order_by("pk")
    assert first.amenities == ["water", "meal", "rest", "charging"]
    assert first.weekly_hours == ["08:00-20:00"] * 5 + ["09:00-12:00", ""]
    assert second.kind == "worker_home" and second.union == union
    assert second.amenities == ["toilet", "air_con"] and second.weekly_hours[6] == "00:00-24:00"
    assert AuditEvent.objects.filter(action="create").count() == 2
    assert AuditEvent.objects.get(action="import").changes["count"] == 2


def test_bad_rows_are_listed_and_nothing_is_imported(world, as_user):
    upload = _sheet(
        [
            _row(world, "好的一行"),
            _row(world, "坐标反了", 纬度=123.4291, 经度=41.7968),
            _row(world, "未知类型", 类型="加油站"),
            _row(world, "未知设施", 设施="饮水，桑拿"),
            _row(world, "别的工会", 所属工会=world.sibling_grassroots.name),
            _row(world, "时间不对", 开放时间="早八晚八"),
            _row(world, ""),
            _row(world, "好的一行"),  # the same name twice
            _row(world, "纬度空", 纬度=None),
        ]
    )
    response = as_user(world.cadre).post(
        "/stations/import/", {"file": upload}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400
    rows = dict(response.context["rows"])
    assert set(rows) == {3, 4, 5, 6, 7, 8, 9, 10}
    assert "swapped" in rows[3] and "加油站" in rows[4] and "桑拿" in rows[5]
    assert world.sibling_grassroots.name in rows[6]  # not in the cadre's subtree
    assert rows[7].startswith("开放时间") and rows[8].startswith("名称")
    assert "twice" in rows[9] and "纬度" in rows[10]
    page = response.content.decode()
    assert "<td>3</td>" in page and "<td>10</td>" in page
    assert not Station.objects.exists() and not AuditEvent.objects.exists()


def test_check_only_imports_nothing(world, as_user):
    upload = _sheet([_row(world)])
    response = as_user(world.cadre).post("/stations/import/", {"file": upload, "dry_run": "1"})
    assert response.status_code == 200 and len(response.context["created"]) == 1
    assert not Station.objects.exists() and not AuditEvent.objects.exists()


def test_wrong_files_are_refused(world, as_user):
    client = as_user(world.cadre)
    not_excel = SimpleUploadedFile("x.xlsx", b"name,lat\n")
    response = client.post(
        "/stations/import/", {"file": not_excel}, headers={"accept-language": "en"}
    )
    assert response.status_code == 400 and "xlsx" in response.context["errors"]["file"][0]
    missing = _sheet([["a", "b"]], headers=["名称", "地址"])
    response = client.post("/stations/import/", {"file": missing})
    assert "纬度" in response.context["errors"]["file"][0]
    empty = _sheet([])
    assert client.post("/stations/import/", {"file": empty}).status_code == 400
    assert client.post("/stations/import/", {}).status_code == 400
    assert as_user(world.city_leader).get("/stations/import/").status_code == 404
    assert not Station.objects.exists()


def _understated(upload: SimpleUploadedFile, ref: str) -> SimpleUploadedFile:
    """The same workbook with the sheet's <dimension ref=...> rewritten to `ref`, as some
    programs that write .xlsx files leave it."""
    import re
    import zipfile

    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(upload.read())) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data, n = re.subn(
                    rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(), data
                )
                assert n == 1
            dst.writestr(item, data)
    return SimpleUploadedFile("positions.xlsx", out.getvalue())


# The sheet says it ends at row 3 (and, in the second, at column B): 10 rows beyond.
@pytest.mark.parametrize("ref", ["A1:H3", "A1:B3"])
def test_rows_past_the_stated_dimension_are_imported(world, as_user, ref):
    names = [f"驿站{i:02d}" for i in range(1, 13)]
    upload = _understated(_sheet([_row(world, name) for name in names]), ref)
    response = as_user(world.county_staff).post("/stations/import/", {"file": upload})
    assert response.status_code == 302
    assert sorted(Station.objects.values_list("name", flat=True)) == names
