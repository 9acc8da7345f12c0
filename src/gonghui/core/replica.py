"""Reads that may go to a streaming replica (issue 13, item 7).

With `DATABASE_REPLICA_URL` set, settings add the database alias `replica` beside
`default` (the primary). Nothing reads from it unless a view says it may, explicitly:

    @replica.reads            # a dashboard, a figure's records, an export
    def dashboard(request): ...

    replica.serve(request, lambda: ...)   # the same for a function (ListSpec.respond)

Saleor names its replica in settings and passes it with `.using(...)`; here the view says
so once and `ReplicaRouter` routes its reads, so the selectors stay as they are. Even
inside such a view a read goes to the primary when:

- the model is one of PRIMARY_APPS: who the user is and what they may see (sessions,
  accounts and their roles) are read from the primary, so scope holds on the replica
  exactly as on the primary, never a lagging role;
- the session wrote within the last GONGHUI_REPLICA_STICKY_SECONDS (a cookie set by
  `StickyPrimaryMiddleware` after any write or POST) or this request already wrote:
  a user reads what they just saved;
- a transaction is open on the primary (a service's reads stay with its writes);
- the replica cannot be reached: a warning in the log, the primary answers, and the
  replica is tried again after GONGHUI_REPLICA_RETRY_SECONDS. A replica that fails
  during the view (connection lost, a query cancelled by a recovery conflict) makes the
  view run again on the primary: these views only read.

Writes always go to the primary; migrations never run on the replica.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from typing import Any, cast

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.http import HttpRequest, HttpResponseBase, StreamingHttpResponse

logger = logging.getLogger(__name__)

REPLICA = "replica"
STICKY_COOKIE = "gonghui_primary_until"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Read from the primary whatever the view says: identity and roles (scope), sessions,
# and the background jobs a user has just asked for.
PRIMARY_APPS = frozenset(
    {"accounts", "auth", "sessions", "contenttypes", "admin", "django_tasks_db"}
)
# Writes that do not make a session sticky: saving the session itself.
UNSTICKY_APPS = frozenset({"sessions"})


@dataclass
class _RequestState:
    sticky: bool  # the session wrote within the window
    wrote: bool = False  # this request wrote


_request: ContextVar[_RequestState | None] = ContextVar("gonghui_replica_request", default=None)
_allowed: ContextVar[bool] = ContextVar("gonghui_replica_allowed", default=False)
_down_until = 0.0


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _mark_down(reason: object) -> None:
    global _down_until
    retry = settings.GONGHUI_REPLICA_RETRY_SECONDS
    _down_until = time.monotonic() + retry
    logger.warning(
        "The replica cannot be read (%s); reading from the primary, trying the replica "
        "again in %s s.",
        reason,
        retry,
    )
    try:
        connections[REPLICA].close()
    except DatabaseError:
        pass  # a broken connection may fail to close: it is gone either way


def _replica_up() -> bool:
    if time.monotonic() < _down_until:
        return False
    try:
        connections[REPLICA].ensure_connection()
    except DatabaseError as exc:
        _mark_down(exc)
        return False
    return True


def read_alias() -> str:
    """The database a read that may go to the replica goes to now."""
    if not (_allowed.get() and configured()):
        return DEFAULT_DB_ALIAS
    state = _request.get()
    if state is not None and (state.sticky or state.wrote):
        return DEFAULT_DB_ALIAS
    if connections[DEFAULT_DB_ALIAS].in_atomic_block:
        return DEFAULT_DB_ALIAS
    return REPLICA if _replica_up() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Routes reads inside a view that allowed the replica; every write to the primary."""

    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if model._meta.app_label in PRIMARY_APPS:  # type: ignore[attr-defined]
            return DEFAULT_DB_ALIAS
        return read_alias() if _allowed.get() else None

    def db_for_write(self, model: type, **hints: Any) -> str:
        state = _request.get()
        if state is not None and model._meta.app_label not in UNSTICKY_APPS:  # type: ignore[attr-defined]
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool | None:
        # The replica holds the primary's rows: an object read from one may point to one
        # read from the other.
        if {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA}:
            return True
        return None

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool | None:
        return False if db == REPLICA else None


def _sticky(request: HttpRequest) -> bool:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0")) > time.time()
    except ValueError:
        return False


class StickyPrimaryMiddleware:
    """Keeps a session's reads on the primary for a short window after it wrote.

    The window is a cookie holding its end (seconds since the epoch), not a session
    field: marking it costs no write, and a client that drops or forges it only changes
    where its own reads go, never what it may see."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if not configured():
            return self.get_response(request)
        state = _RequestState(sticky=_sticky(request))
        token = _request.set(state)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if state.wrote or request.method not in SAFE_METHODS:
            window = settings.GONGHUI_REPLICA_STICKY_SECONDS
            response.set_cookie(
                STICKY_COOKIE,
                str(int(time.time() + window)),
                max_age=window,
                httponly=True,
                samesite="Lax",
                secure=settings.HTTPS,
            )
        return response


def _replica_used() -> bool:
    return connections[REPLICA].connection is not None


def _streamed_from_replica(chunks: Iterator[Any]) -> Iterator[Any]:
    # A streamed export runs its query after the view has returned: each chunk is made
    # with the replica allowed, as the view was.
    while True:
        token = _allowed.set(True)
        try:
            chunk = next(chunks)
        except StopIteration:
            return
        finally:
            _allowed.reset(token)
        yield chunk


def serve(request: HttpRequest, view: Callable[[], HttpResponseBase]) -> HttpResponseBase:
    """The response of `view()`, a view that only reads, with its reads allowed to go to
    the replica (see the module's docstring for when they still go to the primary)."""
    if not configured() or request.method not in SAFE_METHODS or _allowed.get():
        return view()
    token = _allowed.set(True)
    try:
        response = view()
        streamed = (
            isinstance(response, StreamingHttpResponse)
            and not response.is_async
            and read_alias() == REPLICA
        )
    except DatabaseError as exc:
        if not _replica_used():
            raise
        # Lost, or a query cancelled by a recovery conflict: once more on the primary.
        if connections[REPLICA].is_usable():
            logger.warning("A read on the replica failed (%s); reading from the primary.", exc)
        else:
            _mark_down(exc)
        _allowed.set(False)
        response, streamed = view(), False
    finally:
        _allowed.reset(token)
    if streamed:
        content = cast(Iterator[bytes], cast(StreamingHttpResponse, response).streaming_content)
        response.streaming_content = _streamed_from_replica(iter(content))  # type: ignore[attr-defined]
    return response


def reads(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Decorator: this view only reads; its reads may go to the replica."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        return serve(request, lambda: view(request, *args, **kwargs))

    return wrapped
