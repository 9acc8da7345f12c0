"""Every list exports: CSV (with a BOM so Excel opens Chinese right) or Excel."""

import csv
import io
from collections.abc import Iterable, Sequence

from django.http import HttpResponse, HttpResponseBase, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook

EXPORT_FORMATS = {"csv", "xlsx"}


class _Echo:
    def write(self, value):
        return value


def export_response(
    fmt: str, filename: str, headers: Sequence[str], rows: Iterable[Sequence]
) -> HttpResponseBase:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        writer = csv.writer(_Echo())

        def lines():
            yield "\ufeff" + writer.writerow(headers)
            for row in rows:
                yield writer.writerow(["" if v is None else v for v in row])

        response: HttpResponseBase = StreamingHttpResponse(
            lines(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
        return response
    book = Workbook(write_only=True)
    sheet = book.create_sheet(filename[:31])
    sheet.append(list(headers))
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.xlsx"'
    return response
