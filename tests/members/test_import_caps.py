"""Member register uploads keep to the shared caps (core.uploads): over the size or the
workbook-expansion cap, refused in the request with the limit named and nothing kept; past
the row cap, the import stops with the limit named. The upload never outlives its job."""

import csv
import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from gonghui.core.errors import ServiceError
from gonghui.core.uploads import MB
from gonghui.members import importer
from gonghui.members.models import ImportJob, Membership, Person

from ..core.test_uploads import zip_bomb
from . import test_import as base
from .test_import import person_row, write_csv

english, media, union = base.english, base.media, base.union  # the import tests' fixtures


@pytest.fixture
def never_parsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file over a cap")

    monkeypatch.setattr(importer, "load_workbook", refuse)


def _post(client, name: str, content: bytes, **fields):
    return client.post(
        "/members/import/",
        {"file": SimpleUploadedFile(name, content), "mode": "good_rows", **fields},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _nothing_kept(media) -> bool:
    return not ImportJob.objects.exists() and not [p for p in Path(media).rglob("*") if p.is_file()]


def test_register_over_the_size_cap_is_refused_at_once(
    world, union, tmp_path, media, settings, as_user
):
    settings.GONGHUI_UPLOAD_MAX_MB = 1
    content = write_csv(tmp_path, [person_row(union)]).read_bytes() + b"\n" * MB
    response = _post(as_user(world.county_staff), "名册.csv", content)
    assert response.status_code == 400
    assert "an upload may be at most 1 MB" in response.content.decode()
    assert _nothing_kept(media) and not Person.objects.exists()


def test_zip_bomb_register_is_refused_before_parsing(
    world, union, media, settings, as_user, never_parsed
):
    settings.GONGHUI_WORKBOOK_MAX_MB = 20
    response = _post(as_user(world.county_staff), "名册.xlsx", zip_bomb(30))
    assert response.status_code == 400
    page = response.content.decode()
    assert "expands to" in page and "at most 20 MB" in page
    assert _nothing_kept(media)
    # The terminal import of the same file is refused the same way.
    path = Path(media).parent / "bomb.xlsx"
    path.write_bytes(zip_bomb(30))
    with pytest.raises(ServiceError, match="at most 20 MB"):
        importer.import_members(actor=world.county_staff, path=path)


def test_reading_stops_at_the_row_cap(world, union, tmp_path):
    path = write_csv(tmp_path, [person_row(union, f"张{i}") for i in range(5)])
    with pytest.raises(ServiceError) as exc:
        importer.import_members(
            actor=world.county_staff, path=path, max_rows=4, mode="all_or_nothing"
        )
    assert exc.value.code == "too_many_rows" and "more than 4 rows" in str(exc.value.message)
    assert not Person.objects.exists() and not Membership.objects.exists()
    report = importer.import_members(actor=world.county_staff, path=path, max_rows=5)
    assert report.imported == 5  # exactly the cap is taken

    with pytest.raises(CommandError) as cli:
        call_command(
            "import-members",
            str(write_csv(tmp_path, [person_row(union, "李某")] * 3, name="b.csv")),
            "--as",
            "county_staff",
            "--max-rows",
            "2",
        )
    assert cli.value.returncode == 2 and "more than 2 rows" in str(cli.value)


def test_job_past_the_row_cap_fails_naming_it_and_its_upload_is_gone(
    world, union, tmp_path, media, settings, as_user, django_capture_on_commit_callbacks
):
    settings.GONGHUI_IMPORT_MAX_ROWS = 3
    content = write_csv(tmp_path, [person_row(union, f"王{i}") for i in range(4)]).read_bytes()
    client = as_user(world.county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = _post(client, "名册.csv", content, mode="all_or_nothing")
    job = ImportJob.objects.get()
    assert response.status_code == 302 and job.status == ImportJob.Status.FAILED
    assert "more than 3 rows" in job.error
    assert "more than 3 rows" in client.get(f"/members/import/{job.pk}/").content.decode()
    assert not Person.objects.exists()
    assert not job.file and not list(Path(media).rglob("*.csv"))  # the upload is deleted

    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "名册.csv", content[: content.rindex(b"\r\n", 0, -2) + 2])  # 3 rows
    job = ImportJob.objects.latest("pk")
    assert job.status == ImportJob.Status.DONE and job.imported == 3
    assert not job.file and not list(Path(media).rglob("*.csv"))


def test_bad_rows_past_the_page_cap_are_all_in_the_sealed_csv(
    world,
    union,
    tmp_path,
    media,
    settings,
    as_user,
    django_capture_on_commit_callbacks,
    monkeypatch,
):
    monkeypatch.setattr(importer, "BAD_ROWS_SHOWN", 3)
    rows = [person_row(union, f"赵{i}", 手机号="1") for i in range(7)]  # 7 bad phones
    rows.append(person_row(union, "钱某"))
    content = write_csv(tmp_path, rows).read_bytes()
    client = as_user(world.county_staff)
    with django_capture_on_commit_callbacks(execute=True):
        _post(client, "名册.csv", content)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.DONE and job.imported == 1
    # The job keeps the count and the first rows; the rest are in its file, not the row.
    assert job.bad_count == 7 and [line for line, _reason in job.bad_rows] == [2, 3, 4]
    stored = Path(job.bad_rows_file.path)
    raw = stored.read_bytes()
    assert b"mobile number" not in raw and stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert client.get(f"/members/import/{job.pk}/status").json()["bad"] == 7

    page = client.get(f"/members/import/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert page.count("The mobile number") == 3 and "The first 3 are shown" in page
    assert "8 rows: 1 members imported, 0 already imported, 7 bad." in page
    download = client.get(f"/members/import/{job.pk}/bad-rows.csv", HTTP_ACCEPT_LANGUAGE="en")
    lines = list(csv.reader(b"".join(download.streaming_content).decode("utf-8-sig").splitlines()))
    # The register's columns as written, then the line and the reasons (issue 11 item 4).
    assert lines[0][-2:] == ["line (ignored on import)", "reasons (ignored on import)"]
    assert len(lines) == 8 and [int(line[-2]) for line in lines[1:]] == list(range(2, 9))
    assert all("The mobile number must have 11 digits" in line[-1] for line in lines[1:])
    assert [line[0] for line in lines[1:]] == [f"赵{i}" for i in range(7)]
    assert not list(Path(media).rglob("*.csv"))  # the upload is gone; the report stays


def test_jobs_from_before_the_file_still_download_their_bad_rows(world, union, media, as_user):
    job = ImportJob.objects.create(
        file="",
        file_name="x.csv",
        org_path=union.path,
        language="en",
        created_by=world.county_staff,
        status=ImportJob.Status.DONE,
        bad_rows=[[2, "old reason"], [5, "another"]],
        bad_count=2,
    )
    download = as_user(world.county_staff).get(f"/members/import/{job.pk}/bad-rows.csv")
    lines = b"".join(download.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[1:] == ["2,old reason", "5,another"]
