"""Limits on uploads (core.uploads), sealed files (core.crypto) and who may read the files
the platform writes: the data directory, the SQLite database, media."""

import io
import os
import stat
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from cryptography.exceptions import InvalidTag
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gonghui.core import crypto, uploads
from gonghui.core.errors import ServiceError


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def zip_bomb(expands_to_mb: int) -> bytes:
    """An .xlsx-shaped zip, a few kB on disk, whose sheet XML inflates to `expands_to_mb`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as book:
        book.writestr("[Content_Types].xml", "<Types/>")
        with book.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            row = b"<row><c><v>1</v></c></row>" * 40_330  # 1 MB (26 bytes each)
            for _ in range(expands_to_mb):
                sheet.write(row)
    return buffer.getvalue()


def test_size_cap_names_the_limit(settings):
    settings.GONGHUI_UPLOAD_MAX_MB = 1
    uploads.check_size(SimpleUploadedFile("a.csv", b"x" * uploads.MB))  # exactly the cap
    with pytest.raises(ServiceError) as exc:
        uploads.check_size(SimpleUploadedFile("a.csv", b"x" * (uploads.MB + 1)))
    assert exc.value.code == "too_large" and "at most 1 MB" in str(exc.value.message)
    assert exc.value.fields == {"file": [str(exc.value.message)]}


def test_zip_bomb_is_refused_from_its_directory(settings):
    settings.GONGHUI_WORKBOOK_MAX_MB = 50
    bomb = zip_bomb(60)
    assert len(bomb) < 200_000  # small on disk
    upload = SimpleUploadedFile("名册.xlsx", bomb)
    uploads.check_size(upload)  # passes the size cap: only the expansion gives it away
    with pytest.raises(ServiceError) as exc:
        uploads.check_workbook(upload)
    message = str(exc.value.message)
    assert "at most 50 MB" in message and "expands to 60." in message
    assert upload.tell() == 0  # left ready to read
    with pytest.raises(ServiceError, match="could not be read as an Excel workbook"):
        uploads.check_workbook(SimpleUploadedFile("x.xlsx", b"not a zip at all"))


def test_row_cap_stops_while_reading():
    read = []

    def rows():
        for i in range(1, 10**9):  # endless: the cap must stop the reading
            read.append(i)
            yield i

    with pytest.raises(ServiceError) as exc:
        list(uploads.cap_rows(rows(), 5))
    assert exc.value.code == "too_many_rows" and "more than 5 rows" in str(exc.value.message)
    assert len(read) == 6
    assert list(uploads.cap_rows(range(5), 5)) == [0, 1, 2, 3, 4]
    assert len(list(uploads.cap_rows(range(50), 0))) == 50  # 0: no limit


def test_upload_handler_keeps_nothing_past_the_cap(settings, rf):
    """A request with a file over the cap yields an empty file of the real size: nothing
    beyond the cap is written to memory or a temporary file, and check_size refuses it."""
    settings.GONGHUI_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("big.csv", b"1," * (uploads.MB))  # 2 MB
    request = rf.post("/x/", {"file": big})
    upload = request.FILES["file"]
    assert upload.size == 2 * uploads.MB and upload.read() == b""
    with pytest.raises(ServiceError, match="2.0 MB; an upload may be at most 1 MB"):
        uploads.check_size(upload)
    small = rf.post("/x/", {"file": SimpleUploadedFile("s.csv", b"a,b\n")}).FILES["file"]
    assert small.read() == b"a,b\n"


def test_sealed_files_round_trip_and_show_nothing():
    content = b"%PDF-1.4 diagnosis of 110105199001011234\n%%EOF"
    sealed = crypto.encrypt_bytes(content)
    assert b"%PDF" not in sealed and b"110105199001011234" not in sealed
    assert crypto.is_sealed(sealed) and not crypto.is_sealed(content)
    assert crypto.decrypt_bytes(sealed) == content
    assert crypto.encrypt_bytes(content) != sealed  # a fresh nonce each time
    tampered = sealed[:-1] + bytes([sealed[-1] ^ 1])
    with pytest.raises(InvalidTag):
        crypto.decrypt_bytes(tampered)
    with pytest.raises(InvalidTag):
        crypto.decrypt_bytes(sealed, secret="another key")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_media_files_and_folders_are_private(settings, tmp_path):
    from django.core.files.base import ContentFile
    from django.core.files.storage import default_storage

    settings.MEDIA_ROOT = tmp_path / "media"
    name = default_storage.save("aid/x.sealed", ContentFile(b"data"))
    assert _mode(Path(settings.MEDIA_ROOT) / name) == 0o600
    assert _mode(Path(settings.MEDIA_ROOT) / "aid") == 0o700
    # An upload large enough to go through a temporary file is moved with the same mode.
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    name = default_storage.save("imports/big.csv", SimpleUploadedFile("big.csv", b"x" * 100))
    assert _mode(Path(settings.MEDIA_ROOT) / name) == 0o600


@pytest.mark.skipif(bool(os.environ.get("DATABASE_URL")), reason="the SQLite database file")
def test_gonghui_creates_data_dir_database_and_media_private(tmp_path):
    data = tmp_path / "data"
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "GONGHUI_FIELD_KEY"}
    }
    env.update(GONGHUI_DATA_DIR=str(data))
    script = (
        "from django.db import connection\n"
        "from django.core.files.base import ContentFile\n"
        "from django.core.files.storage import default_storage\n"
        "with connection.cursor() as c:\n"
        "    c.execute('CREATE TABLE t (x int)'); c.execute('INSERT INTO t VALUES (1)')\n"
        "    import os, stat; from django.conf import settings\n"
        "    db = settings.DATABASES['default']['NAME']\n"
        "    print({s: oct(stat.S_IMODE(os.stat(str(db) + s).st_mode))\n"
        "           for s in ('', '-wal', '-shm')})\n"
        "print(default_storage.save('aid/doc.sealed', ContentFile(b'x')))\n"
    )
    old = os.umask(0o022)  # the usual umask of a shell: the command must not rely on it
    try:
        result = subprocess.run(
            [sys.executable, "-m", "gonghui.cli", "shell", "-c", script],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        os.umask(old)
    assert result.returncode == 0, result.stderr
    modes, media_name = result.stdout.strip().splitlines()[-2:]
    assert modes == "{'': '0o600', '-wal': '0o600', '-shm': '0o600'}"
    assert _mode(data) == 0o700
    assert _mode(data / "field_key") == 0o600
    assert _mode(data / "media" / media_name) == 0o600
    assert _mode(data / "media") == 0o700 and _mode(data / "media" / "aid") == 0o700
