"""The one answer of a once-per-key write in the API (core.replay), checked the same way for
every route that has one: first call created (201, no header); the same key and body again
answers 201 with the same record and `Idempotent-Replayed: true`, writing nothing; the same
key with another body is refused (409), writing nothing."""

from collections.abc import Callable
from typing import Any

from gonghui.core.replay import REPLAYED_HEADER


def check_once_per_key(
    send: Callable[[dict], Any],
    body: dict,
    other: dict,
    *,
    rows: Callable[[], Any],
    refused_code: str,
) -> tuple[dict, dict]:
    """`send(body)` posts to the route; `rows()` counts what a write leaves behind (its
    records, postings, audit rows). Returns the first answer's JSON and the refusal's."""
    before = rows()
    first = send(body)
    assert first.status_code == 201, first.content
    assert REPLAYED_HEADER not in first
    written = rows()
    assert written != before, "the first call wrote nothing"

    again = send(body)
    assert again.status_code == 201, again.content
    assert again[REPLAYED_HEADER] == "true"
    assert again.json() == first.json()
    assert rows() == written, "a replay wrote something"

    clash = send(other)
    assert clash.status_code == 409, clash.content
    assert clash.json()["code"] == refused_code
    assert REPLAYED_HEADER not in clash
    assert rows() == written, "a refused key wrote something"
    return first.json(), clash.json()
