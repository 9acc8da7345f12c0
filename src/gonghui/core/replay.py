"""How the API answers a write that takes effect once per request key (core.once).

One way for every such route (a payment proposed, a claim filed, an allotment, a fund
payment, an expenditure, a grant), the convention Stripe made common: a repeat of the
request (same key, same details) answers with the first answer's status and the record
the first request made, and says so in the header `Idempotent-Replayed: true`. A caller
that retries after a lost answer reads the same status and body as if the first answer had
arrived, so it needs no second branch; a caller that wants to know (a log, a counter) reads
the header. The same key with other details is refused by the service (core.once).

A route takes ninja's `response: HttpResponse` (the answer's headers), declares
`openapi_extra=replays()` so the document shows the header, and returns
`once_response(response, service(...))`.
"""

from typing import Any, TypeVar

from django.http import HttpResponse
from ninja import Status

R = TypeVar("R")

REPLAYED_HEADER = "Idempotent-Replayed"


def replays(status: int = 201) -> dict[str, Any]:
    """The operation's `openapi_extra`: its `status` answer may carry the header."""
    return {
        "responses": {
            status: {
                "headers": {
                    REPLAYED_HEADER: {
                        "description": (
                            "`true` when this answer repeats the first answer to the same "
                            "idempotency key (nothing new was written); absent otherwise."
                        ),
                        "schema": {"type": "string", "enum": ["true"]},
                    }
                }
            }
        }
    }


def once_response(response: HttpResponse, result: tuple[R, bool], *, status: int = 201) -> Status:
    """The answer to a once-per-key write: `result` is the service's (record, replayed),
    as core.once.once_per_key returns it. The same status either way; a replay says so."""
    record, replayed = result
    if replayed:
        response[REPLAYED_HEADER] = "true"
    return Status(status, record)
