"""The station sheet upload keeps to the shared upload caps: refused in the request, with
the limit named, before openpyxl opens anything, and nothing is written."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gonghui.core.models import AuditEvent
from gonghui.core.uploads import MB
from gonghui.stations import importer
from gonghui.stations.models import Station

from ..core.test_uploads import zip_bomb
from .test_import import _row, _sheet


@pytest.fixture
def never_parsed(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl opened a file over a cap")

    monkeypatch.setattr(importer, "load_workbook", refuse)


def _post(as_user, world, upload):
    return as_user(world.cadre).post(
        "/stations/import/", {"file": upload}, headers={"accept-language": "en"}
    )


def test_sheet_over_the_size_cap_is_refused(world, as_user, settings, never_parsed):
    settings.GONGHUI_UPLOAD_MAX_MB = 1
    big = SimpleUploadedFile("positions.xlsx", _sheet([_row(world)]).read() + b"\0" * MB)
    response = _post(as_user, world, big)
    assert response.status_code == 400
    assert "an upload may be at most 1 MB" in response.context["errors"]["file"][0]
    assert not Station.objects.exists() and not AuditEvent.objects.filter(action="import")


def test_zip_bomb_sheet_is_refused_before_parsing(world, as_user, settings, never_parsed):
    settings.GONGHUI_WORKBOOK_MAX_MB = 20
    response = _post(as_user, world, SimpleUploadedFile("positions.xlsx", zip_bomb(30)))
    assert response.status_code == 400
    message = response.context["errors"]["file"][0]
    assert "expands to" in message and "at most 20 MB" in message
    assert not Station.objects.exists()
