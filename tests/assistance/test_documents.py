"""Aid evidence at rest: sealed on disk, readable by the server's user only, served whole
through the logged download; over the upload cap, refused with nothing stored."""

import stat
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from gonghui.assistance import services
from gonghui.assistance.models import Document
from gonghui.core.errors import ServiceError
from gonghui.core.models import AuditEvent, SensitiveRead
from gonghui.core.uploads import MB

from ..factories import make_member, make_user
from .helpers import open_file

DIAGNOSIS = b"%PDF-1.4\n(Diagnosis: chronic kidney disease, stage 4) 110105199001011234\n%%EOF"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_stored_document_is_sealed_private_and_served_whole(world, media, as_user):
    file = open_file(world)
    doc = services.document_add(
        actor=world.province_staff,
        file_id=file.pk,
        kind="diagnosis",
        upload=SimpleUploadedFile("诊断证明.pdf", DIAGNOSIS),
    )
    stored = Path(doc.upload.path)
    raw = stored.read_bytes()
    assert b"%PDF" not in raw and b"kidney" not in raw and b"110105199001011234" not in raw
    assert stat.S_IMODE(stored.stat().st_mode) == 0o600
    assert stat.S_IMODE(stored.parent.stat().st_mode) == 0o700
    assert doc.size == len(DIAGNOSIS) and doc.name == "诊断证明.pdf"

    page = as_user(world.province_staff).get(f"/aid/documents/{doc.pk}/")
    assert b"".join(page.streaming_content) == DIAGNOSIS
    assert page["Content-Type"] == "application/pdf"
    api = as_user(world.province_staff).get(f"/api/v1/aid/documents/{doc.pk}")
    assert b"".join(api.streaming_content) == DIAGNOSIS
    assert SensitiveRead.objects.filter(field="document").count() == 2


def test_a_document_stored_before_sealing_is_still_served(world, media, as_user):
    file = open_file(world)
    doc = services.document_add(
        actor=world.province_staff,
        file_id=file.pk,
        kind="diagnosis",
        upload=SimpleUploadedFile("old.pdf", DIAGNOSIS),
    )
    Path(doc.upload.path).write_bytes(DIAGNOSIS)  # as uploads were kept before
    page = as_user(world.province_staff).get(f"/aid/documents/{doc.pk}/")
    assert b"".join(page.streaming_content) == DIAGNOSIS


def test_document_over_the_upload_cap_is_refused_and_nothing_stored(
    world, media, settings, as_user
):
    settings.GONGHUI_UPLOAD_MAX_MB = 1
    file = open_file(world)
    before = AuditEvent.objects.count()
    big = DIAGNOSIS + b"0" * MB
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        services.document_add(
            actor=world.province_staff,
            file_id=file.pk,
            kind="diagnosis",
            upload=SimpleUploadedFile("big.pdf", big),
        )
    assert "at most 1 MB" in str(exc.value.message) and "upload" in exc.value.fields
    # Through the API, the request is refused at once with the limit named.
    response = as_user(world.province_staff).post(
        f"/api/v1/aid/files/{file.pk}/documents",
        {"kind": "diagnosis", "upload": SimpleUploadedFile("big.pdf", big)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400 and "at most 1 MB" in response.content.decode()
    assert not Document.objects.exists() and AuditEvent.objects.count() == before
    assert not list(Path(media).rglob("*.*"))


def test_the_worker_downloads_the_evidence_on_their_own_file_and_no_other_member_does(
    world, media, as_user
):
    file = open_file(world, user=world.member)
    doc = services.document_add(
        actor=world.cadre,
        file_id=file.pk,
        kind="diagnosis",
        upload=SimpleUploadedFile("诊断证明.pdf", DIAGNOSIS),
    )
    own = as_user(world.member).get(f"/api/v1/aid/documents/{doc.pk}")
    assert own.status_code == 200 and b"".join(own.streaming_content) == DIAGNOSIS
    other = make_user("other_member")
    make_member(world.grassroots, "孙七", user=other)
    assert as_user(other).get(f"/api/v1/aid/documents/{doc.pk}").status_code == 404
    assert as_user(world.sibling_staff).get(f"/aid/documents/{doc.pk}/").status_code == 404
    assert SensitiveRead.objects.filter(field="document").count() == 1
