"""The access log keeps no ID number or phone in clear (searches are GET requests)."""

import pytest

from gonghui.core.accesslog import mask_sensitive

pytestmark = pytest.mark.one_db  # text only


@pytest.mark.parametrize(
    "line,kept,gone",
    [
        ("GET /members/?q=21010219750601123X HTTP/1.1", "210***********123X", "19750601"),
        ("GET /members/?q=210102197506011233&export=csv", "210***********1233", "19750601"),
        ("GET /api/v1/members?q=13912345678&limit=20", "139****5678", "13912345678"),
        ("GET /members/?q=139%200000%200002", "139**********0002", "0000%20"),  # as typed
        ("GET /members/?q=139-0000-0002&x=1", "139******0002", "-0000-"),
    ],
)
def test_sensitive_numbers_are_masked(line, kept, gone):
    masked = mask_sensitive(line)
    assert kept in masked and (gone is None or gone not in masked)


def test_other_numbers_stay():
    line = "GET /reports/?year=2022&org=1234567&page=10000000000 HTTP/1.1"
    assert mask_sensitive(line) == line
