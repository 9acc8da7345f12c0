"""Limits on every upload, checked in the request before anything is stored.

Three caps, set in settings from environment variables (docs/operator-guide.md):
- GONGHUI_UPLOAD_MAX_MB: the size of any uploaded file (`check_size`). Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE does not cover files, so `CappedUploadHandler` also stops
  keeping an upload's bytes past the cap while the request is read.
- GONGHUI_WORKBOOK_MAX_MB: what an .xlsx expands to (`check_workbook`): the sum of its zip
  members' stated sizes, read from the zip directory before openpyxl opens anything.
  Python's zipfile never inflates a member past its stated size, so the sum is a bound.
- GONGHUI_IMPORT_MAX_ROWS: data rows an import reads (`cap_rows`), counted while reading.
"""

import io
import zipfile
from collections.abc import Iterable, Iterator
from typing import TypeVar

from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext as _

from .errors import Code, ServiceError

MB = 1024 * 1024
T = TypeVar("T")


def _mb(size: int) -> str:
    return f"{size / MB:.1f}"


def max_upload_bytes() -> int:
    return settings.GONGHUI_UPLOAD_MAX_MB * MB


def check_size(upload, *, field: str = "file") -> None:
    """Refuse a file over GONGHUI_UPLOAD_MAX_MB, naming the limit."""
    if upload.size > max_upload_bytes():
        raise ServiceError(
            _("The file is %(size)s MB; an upload may be at most %(limit)s MB.")
            % {"size": _mb(upload.size), "limit": settings.GONGHUI_UPLOAD_MAX_MB},
            code=Code.TOO_LARGE,
            field=field,
        )


def check_workbook(upload, *, field: str = "file") -> None:
    """Refuse an .xlsx that is not a zip, or whose sheets expand past GONGHUI_WORKBOOK_MAX_MB
    (a zip bomb), before any of it is inflated. `upload` is a file object or a path."""
    limit = settings.GONGHUI_WORKBOOK_MAX_MB
    seekable = hasattr(upload, "seek")
    try:
        if seekable:
            upload.seek(0)
        with zipfile.ZipFile(upload) as book:
            expanded = sum(member.file_size for member in book.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise ServiceError(
            _("This file could not be read as an Excel workbook (.xlsx)."), field=field
        ) from exc
    finally:
        if seekable:
            upload.seek(0)
    if expanded > limit * MB:
        raise ServiceError(
            _(
                "The workbook expands to %(size)s MB when opened; a workbook may expand to at "
                "most %(limit)s MB. Split it into smaller files."
            )
            % {"size": _mb(expanded), "limit": limit},
            code=Code.TOO_LARGE,
            field=field,
        )


def check_upload(upload, *, field: str = "file", workbook: bool = False) -> None:
    """Both checks an uploaded spreadsheet needs: its size, then (for .xlsx) its expansion."""
    check_size(upload, field=field)
    if workbook:
        check_workbook(upload, field=field)


def row_limit() -> int:
    return settings.GONGHUI_IMPORT_MAX_ROWS


def cap_rows(rows: Iterable[T], limit: int | None = None, *, field: str = "file") -> Iterator[T]:
    """The rows, stopping with a named limit when there are more than `limit` (default
    GONGHUI_IMPORT_MAX_ROWS; 0 means no limit)."""
    limit = row_limit() if limit is None else limit
    for count, row in enumerate(rows, start=1):
        if limit and count > limit:
            raise too_many_rows(limit, field=field)
        yield row


def too_many_rows(limit: int, *, field: str = "file") -> ServiceError:
    return ServiceError(
        _(
            "The file has more than %(limit)s rows, the most one import takes. "
            "Split it into smaller files."
        )
        % {"limit": limit},
        code=Code.TOO_MANY_ROWS,
        field=field,
    )


class CappedUploadHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: past GONGHUI_UPLOAD_MAX_MB, an upload's bytes are no
    longer passed on to be kept (in memory or in a temporary file); the request gets an
    empty file of the real size, which `check_size` then refuses with the limit named."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > max_upload_bytes():
            self.over = True
        return None if self.over else raw_data

    def file_complete(self, file_size):
        if not self.over:
            return None  # the next handler returns the file it kept
        return InMemoryUploadedFile(
            io.BytesIO(),
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )
