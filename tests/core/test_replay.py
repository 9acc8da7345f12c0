"""Every API write that takes a request key documents the one way a repeat is answered
(core.replay): its 201 answer may carry `Idempotent-Replayed: true`. Each route's
behaviour is checked in its package's tests with tests/replay.py."""

import pytest
from django.urls import resolve

from gonghui.core.replay import REPLAYED_HEADER

KEY_INPUTS = {"idempotency_key", "request_key"}


def _document() -> dict:
    resolve("/api/v1/me")  # the URLs, and so every router, are loaded
    from gonghui.core.api import api

    return api.get_openapi_schema()


def _keyed_operations(doc: dict) -> dict[str, dict]:
    schemas = doc["components"]["schemas"]

    def deref(schema: dict) -> dict:
        while "$ref" in schema:
            schema = schemas[schema["$ref"].rpartition("/")[2]]
        return schema

    found = {}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            for content in operation.get("requestBody", {}).get("content", {}).values():
                if KEY_INPUTS & set(deref(content["schema"]).get("properties", {})):
                    found[f"{method} {path}"] = operation
    return found


@pytest.mark.one_db
def test_every_keyed_write_documents_the_replay_header():
    keyed = _keyed_operations(_document())
    # The walk finds the writes it is about (a change to the document's shape would make
    # it find none and pass).
    assert {
        "post /api/v1/campaigns/{campaign_id}/disbursements",
        "post /api/v1/welfare/claims/mine",
        "post /api/v1/employment/fund/allotments",
        "post /api/v1/employment/fund/payments",
        "post /api/v1/finance/expenses",
        "post /api/v1/outreach/grants",
    } <= set(keyed)
    for name, operation in keyed.items():
        responses = {str(status): answer for status, answer in operation["responses"].items()}
        # One status for the first answer and its repeat: no 200 beside the 201.
        assert "200" not in responses, name
        assert REPLAYED_HEADER in responses["201"].get("headers", {}), name
