"""Every file of rows the platform writes: CSV (with a BOM so Excel opens Chinese right)
or Excel, and the cells in them.

A cell is data, never a formula (OWASP, CSV injection): a name typed as
`=HYPERLINK("http://…","x")` must not become a live link in the reader's spreadsheet. In
CSV a text beginning with = + - @ tab or carriage return gets a leading apostrophe, which
spreadsheets show as text; in Excel every text is written as a string cell. Every writer
of CSV or XLSX in the platform goes through `csv_writer` / `xlsx_row` below.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

EXPORT_FORMATS = {"csv", "xlsx"}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> Any:
    """A CSV cell a spreadsheet reads as the text it is."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeWriter:
    """csv.writer whose rows are made of csv_cell()s."""

    def __init__(self, stream: Any):
        self._writer = csv.writer(stream)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow([csv_cell(v) for v in row])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def csv_writer(stream: Any) -> SafeWriter:
    return SafeWriter(stream)


def xlsx_row(sheet: WriteOnlyWorksheet, row: Iterable[Any]) -> list[Any]:
    """A row for a write-only sheet: text as string cells, never formulas."""
    cells: list[Any] = []
    for value in row:
        if isinstance(value, str):
            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"  # openpyxl would store "=..." as a formula
            cells.append(cell)
        else:
            cells.append("" if value is None else value)
    return cells


class _Echo:
    def write(self, value):
        return value


def export_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponseBase:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = csv_writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(headers)
            for row in rows:
                yield writer.writerow(row)

        response: HttpResponseBase = StreamingHttpResponse(
            lines(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response
    book = Workbook(write_only=True)
    sheet = book.create_sheet(filename[:31])
    sheet.append(xlsx_row(sheet, headers))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
