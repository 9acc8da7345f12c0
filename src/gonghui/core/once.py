"""A write that takes effect once per request key: a double tap, a retried request, a stale
second tab. Every service that pays or records money once per key goes through
`once_per_key`, so a repeat answers with the first record and never posts twice.

The record's table holds a unique constraint on its key; `make` runs in a savepoint so
that a concurrent twin's insert fails there (IntegrityError), not in the caller's
transaction, and the twin's committed record is then answered instead.
"""

from collections.abc import Callable
from typing import TypeVar

from django.db import IntegrityError, transaction

from gonghui.core.errors import ServiceError

R = TypeVar("R")


def once_per_key(
    find: Callable[[], R | None],
    make: Callable[[], R],
    *,
    same: Callable[[R], bool],
    refused: Callable[[], ServiceError],
) -> tuple[R, bool]:
    """(record, replayed). `find` looks the key's record up; `make` checks the request
    and creates the record (only when there is none yet); `same(record)` says whether a
    record found under the key answers this request; if not, `refused()` is raised (the
    key was used for something else: nothing is written)."""
    done = find()
    if done is None:
        try:
            with transaction.atomic():
                return make(), False
        except IntegrityError:
            done = find()
            if done is None:  # another rule's constraint, not the key's
                raise
    if not same(done):
        raise refused()
    return done, True
