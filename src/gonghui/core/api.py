"""The API at /api/v1: authentication, and one shape for every error.

Errors are JSON: {"code": ..., "message": ..., "fields": {field: [messages]}}, in the
caller's language (Accept-Language, or the session's choice).
"""

from collections.abc import Callable
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from annotated_types import Ge, Gt, Le, Lt
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Schema
from ninja import pagination as ninja_pagination
from ninja.conf import settings as ninja_settings
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.pagination import LimitOffsetPagination
from ninja.parser import Parser
from ninja.security import HttpBearer, SessionAuth, django_auth
from ninja.signature.details import ViewSignature
from pydantic import BaseModel, WithJsonSchema

from .apirows import plan_for
from .errors import ServiceError
from .lists import EXACT_COUNT_LIMIT, bounded_count
from .throttle import Throttled


class TokenAuth(HttpBearer):
    """Bearer tokens for other systems (accounts.ApiToken)."""

    def authenticate(self, request, token):
        from gonghui.accounts.services import token_user

        user = token_user(token)
        if user is not None:
            request.user = user
        return user


def _staff(user):
    """A signed-in caller without a role gets 404 from staff routes, as for anything outside
    their scope (pages do the same: accounts.decorators.staff_required)."""
    if user and not user.has_staff_role:
        raise Http404
    return user


class StaffTokenAuth(TokenAuth):
    def authenticate(self, request, token):
        return _staff(super().authenticate(request, token))


class StaffSessionAuth(SessionAuth):
    def authenticate(self, request, key):
        return _staff(super().authenticate(request, key))


# `auth=STAFF` on a route (or on a router's mount below): for users with a role only.
# Anonymous callers still get 401; members get 404.
STAFF = [StaffTokenAuth(), StaffSessionAuth()]


class EmptyFormAsNoBody(Parser):
    """A POST without a JSON body (an empty form, as `curl -X POST` or a button sends) is an
    empty body, so an action whose options all have defaults needs none."""

    def parse_body(self, request):
        if not request.content_type.endswith("json") and not request.POST:
            return {}
        return super().parse_body(request)


REF_PREFIX = REF_TEMPLATE.replace("{model}", "")

ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "required": ["code", "message", "fields"],
    "properties": {
        "code": {"type": "string", "description": "stable: callers may branch on it"},
        "message": {"type": "string", "description": "in the caller's language"},
        "fields": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "description": "the inputs at fault, each with its messages",
        },
    },
}
# The errors an operation may answer, in the shape above (the handlers below): a caller
# and a contract tester read them from the document instead of meeting them. Every status a
# ServiceError (or a subclass, in any capability) carries is declared on every operation,
# so a new kind of refusal is documented the moment it exists (tests/test_api_contract.py).
ERROR_DESCRIPTIONS = {
    400: "Refused by a rule; `code` says which, `fields` the input at fault.",
    401: "Not logged in, and no valid bearer token.",
    403: "A signed-in browser's write without its CSRF token.",
    404: "Not found, or outside the caller's organizations.",
    409: "Changed by someone else meanwhile, or already done.",
    422: "An input is malformed or out of range; `fields` names it.",
    429: "Too many requests from this address; see Retry-After.",
}


def _service_error_statuses() -> set[int]:
    found, todo = set(), [ServiceError]
    while todo:
        cls = todo.pop()
        found.add(cls.status)
        todo.extend(cls.__subclasses__())
    return found


def error_statuses(method: str) -> list[int]:
    """The error statuses an operation of this method can answer."""
    statuses = _service_error_statuses() | {401, 404, 422, 429}
    if method != "get":
        statuses.add(403)  # ninja's CSRF check on a session-authenticated write
    return sorted(statuses)


class ContractSchema(OpenAPISchema):
    """ninja's document, with one component per schema: ninja files each model's nested
    schemas under their class name, so two `RevealIn` of two capabilities were one, and an
    operation documented another's body. A name taken by a different schema is qualified
    with its capability (`RevealIn_assistance`)."""

    def operation_details(self, operation):
        self._module = operation.view_func.__module__
        return super().operation_details(operation)

    def _create_schema_from_model(self, model, *args, **kwargs):
        # ninja moves `$defs` into the components as it builds; build first, then rename.
        taken, self.schemas = self.schemas, {}
        try:
            schema, required = super()._create_schema_from_model(model, *args, **kwargs)
        finally:
            built, self.schemas = self.schemas, taken
        renames = {}
        for name, definition in built.items():
            if name in taken and taken[name] != definition:
                package = getattr(self, "_module", "").split(".")[-2:][0]
                new, n = f"{name}_{package}", 2
                while new in taken and taken[new] != definition:
                    new, n = f"{name}_{package}{n}", n + 1
                renames[name] = new
        if renames:
            schema, built = _renamed_refs((schema, built), renames)
            built = {renames.get(k, k): v for k, v in built.items()}
        self.schemas.update(built)
        return schema, required


def _renamed_refs(value, renames: dict[str, str]):
    if isinstance(value, dict):
        ref = value.get("$ref", "")
        name = ref.rpartition("/")[2]
        if ref.startswith(REF_PREFIX) and name in renames:
            value = {**value, "$ref": REF_PREFIX + renames[name]}
        return {k: _renamed_refs(v, renames) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_renamed_refs(v, renames) for v in value)
    return value


# ---- what a field accepts, written in the document the one way (issue 22, item 2) -------
# A schema that allows what the service refuses makes a caller meet the rule instead of
# reading it: these say the rules of core.cleaning and the shared grammars in the schema.

# At least one character that is not a space, as core.cleaning.text(required=True) wants
# after stripping. Python's strip() also removes \x1c-\x1f, which the regex engines'
# \s leaves: named here so that every engine (pydantic's, a client's) agrees.
NOT_BLANK = r"[^\s\x1c-\x1f]"


def required_text(max_length: int, **kwargs: Any) -> Any:
    """`Annotated[str, required_text(50)]`: text that core.cleaning.text(required=True)
    keeps; blank or spaces only is refused with 422 naming the field."""
    return Field(min_length=1, max_length=max_length, pattern=NOT_BLANK, **kwargs)


# The document of an input that is given: text with a character that is not a space, an id.
GIVEN_TEXT = {"type": "string", "pattern": NOT_BLANK}
GIVEN_ID = {"type": "integer", "minimum": 1}


def at_least_one(**given: dict) -> dict:
    """A Schema's `model_config = ConfigDict(json_schema_extra=at_least_one(name=GIVEN_TEXT,
    enterprise_id=GIVEN_ID))`: the body gives at least one of these inputs (a name, or the
    record on file it is taken from), each as its schema says: JSON Schema's anyOf."""
    return {
        "anyOf": [
            {"required": [name], "properties": {name: schema}} for name, schema in given.items()
        ]
    }


# The key of a request that must take effect once (a payment, a claim): the grammar the
# services check (campaigns, welfare).
IDEMPOTENCY_KEY_PATTERN = r"^[A-Za-z0-9._:\-]+$"
IdempotencyKey = Annotated[
    str,
    Field(
        min_length=8,
        max_length=100,
        pattern=IDEMPOTENCY_KEY_PATTERN,
        description="8 to 100 letters, digits or . _ : - ; the same key again replays",
    ),
]

# A phone number as the services take it (core.validators.normalize_phone, then a mobile
# or a landline with its area code), or empty; written without spaces in the API.
PHONE_PATTERN = r"^$|^(\+?86)?1[3-9][0-9]{9}$|^0[0-9]{2,3}-?[0-9]{7,8}$"
# A mainland mobile number only (where the union must reach the worker by SMS), or empty.
MOBILE_PATTERN = r"^$|^(\+?86)?1[3-9][0-9]{9}$"

# Shared components of the document, built when it is: a long enumeration (the GB/T 2260
# division codes) written once and referred to by every field that takes it.
COMPONENTS: dict[str, Callable[[], dict]] = {}


def documented_as(name: str, build: Callable[[], dict]) -> WithJsonSchema:
    """`Annotated[str, Field(...), documented_as("RegionCode", build)]`: the field's
    document is a reference to the component `name`, which `build()` returns."""
    COMPONENTS[name] = build
    # A marker, made a $ref once the document is built: pydantic resolves a $ref it is
    # given against its own definitions, where this one is not.
    return WithJsonSchema({COMPONENT_MARK: name})


COMPONENT_MARK = "x-gonghui-component"


def _component_refs(value):
    if isinstance(value, dict):
        if COMPONENT_MARK in value:
            return {"$ref": REF_PREFIX + value[COMPONENT_MARK]}
        return {k: _component_refs(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_component_refs(v) for v in value]
    return value


class GonghuiAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """The document ninja builds, with every operation's error responses declared."""
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        schema = ContractSchema(self, path_prefix)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components["Error"] = ERROR_SCHEMA
        if COMPONENTS:
            schema["paths"] = _component_refs(schema["paths"])
            schema["components"] = _component_refs(schema["components"])
            schema["components"]["schemas"].update({n: b() for n, b in COMPONENTS.items()})
        body = {"application/json": {"schema": {"$ref": REF_PREFIX + "Error"}}}
        for operations in schema["paths"].values():
            for method, operation in operations.items():
                responses = operation.setdefault("responses", {})
                for status in error_statuses(method):
                    responses.setdefault(
                        str(status), {"description": ERROR_DESCRIPTIONS[status], "content": body}
                    )
        return schema


api = GonghuiAPI(
    parser=EmptyFormAsNoBody(),
    title="Gonghui API 工会平台接口",
    version="1",
    urls_namespace="api",
    docs_url=None,  # served at /api/docs, see gonghui.urls
    auth=[TokenAuth(), django_auth],
)


def _pydantic_message(err: dict) -> str:
    kind, ctx = err.get("type", ""), err.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind == "string_too_long":
        return _("At most %(n)s characters.") % {"n": ctx.get("max_length")}
    if kind == "string_too_short":
        return _("At least %(n)s characters.") % {"n": ctx.get("min_length")}
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"enum", "literal_error"}:
        return _("Choose one of: %(choices)s.") % {"choices": ctx.get("expected", "")}
    if kind == "string_pattern_mismatch":
        return _("The format is wrong.")
    if kind.startswith("date"):
        return _("Enter a date as YYYY-MM-DD.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind == "json_invalid":
        return _("The request body is not valid JSON.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Must be at least %(n)s.") % {"n": ctx.get("ge", ctx.get("gt"))}
    if kind in {"less_than_equal", "less_than"}:
        return _("Must be at most %(n)s.") % {"n": ctx.get("le", ctx.get("lt"))}
    return str(err.get("msg", _("Invalid value.")))


# Every list API pages with ninja's LimitOffsetPagination, whose offset and limit have no
# upper bound: a number past the database's BIGINT answered 500. Its input is bounded
# here; CoreConfig.ready imports this module, so before any router is declared (a route
# takes the input then). tests/test_api_ranges.py sends every list route numbers out of range.
MAX_OFFSET = 2**63 - 1
# Offsets past this are refused (422, naming `offset`): the database reads and drops every
# row before the page, so a deep page of a big list is slow. The big lists page by key
# instead (core.keyset, `after`), however deep.
MAX_PAGE_OFFSET = 10_000
MAX_LIMIT = min(ninja_settings.PAGINATION_MAX_LIMIT, 2**63 - 1)


class PageInput(Schema):
    limit: int = Field(ninja_settings.PAGINATION_PER_PAGE, ge=1, le=MAX_LIMIT)
    offset: int = Field(
        0,
        ge=0,
        le=MAX_PAGE_OFFSET,
        description=f"At most {MAX_PAGE_OFFSET:,}: deeper, filter the list or page by key.",
    )


LimitOffsetPagination.Input = PageInput  # type: ignore[misc, assignment]


class PageOutput(Schema):
    """The envelope of every list API page."""

    items: list[Any]
    count: int | None = Field(
        description=(
            "The rows in the list: exact up to "
            f"{EXACT_COUNT_LIMIT:,} rows, above that PostgreSQL's estimate (`estimated`)."
        )
    )
    estimated: bool = Field(
        False,
        description="true when `count` is an estimate: PostgreSQL's planner puts the list "
        f"above {EXACT_COUNT_LIMIT:,} rows, and they were not counted.",
    )

    # ninja's paginate() writes the page's items back as `result["items"]`.
    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def __setitem__(self, key: str, value: Any) -> None:
        setattr(self, key, value)


LimitOffsetPagination.Output = PageOutput  # type: ignore[misc, assignment]


def page_response(
    paginator: Any, request: Any, objects: Any, *, count: int | None, estimated: bool, **more: Any
) -> Any:
    """The page as ninja's response schema for the route, its rows built by
    core.apirows (no validation of rows that need none), or a plain dict before ninja
    has told the paginator its schema."""
    paged, plan = getattr(paginator, "paged_schema", None), getattr(paginator, "row_plan", None)
    if paged is None or plan is None:
        return {"items": list(objects), "count": count, "estimated": estimated, **more}
    rows = plan.rows(objects, {"request": request, "response_status": 200})
    return paged.model_construct(items=rows, count=count, estimated=estimated, **more)


def _page(self, queryset, pagination, request=None, **params):
    """An offset page and its count. A page shorter than asked (not past the end) is the
    last one: its count is known without counting. Otherwise core.lists.bounded_count, as
    on the list pages: the planner's estimate (PostgreSQL) above
    core.lists.EXACT_COUNT_LIMIT rows, an exact count below it; never COUNT(*) over
    millions."""
    offset, limit = pagination.offset, min(pagination.limit, self.max_limit)
    objects = list(queryset[offset : offset + limit])
    if len(objects) < limit and (objects or offset == 0):
        count, estimated = offset + len(objects), False
    elif isinstance(queryset, QuerySet):
        count, estimated = bounded_count(queryset)
        count = max(count, offset + len(objects))
    else:
        count, estimated = len(queryset), False
    return page_response(self, request, objects, count=count, estimated=estimated)


LimitOffsetPagination.paginate_queryset = _page  # type: ignore[method-assign]

_make_response_paginated = ninja_pagination.make_response_paginated


def _paged_with_rows(paginator, op) -> None:
    """ninja's own step (the route's response becomes `Paged<Item>`), and the paginator
    keeps that schema and the plan of its rows for page_response."""
    _status, item_schema = ninja_pagination._find_collection_response(op)
    _make_response_paginated(paginator, op)
    paged = op.response_models[_status].model_fields["response"].annotation
    rows_of_a_schema = isinstance(item_schema, type) and issubclass(item_schema, BaseModel)
    if rows_of_a_schema and isinstance(paged, type) and issubclass(paged, PageOutput):
        paginator.paged_schema = paged
        paginator.row_plan = plan_for(item_schema)


ninja_pagination.make_response_paginated = _paged_with_rows


# A record's id in a path is a primary key: 1 up to BIGINT, documented and enforced, so
# an id past the database's integers answers 422 naming it, not 500 (SQLite cannot even
# bind it). Patched where ninja reads a view's signature, so every router declared after
# this import (all of them: see above) gets it without writing it.
RecordId = Annotated[int, Field(ge=1, le=MAX_OFFSET)]
_plain_param_type = ViewSignature._get_param_type


def _bounded_path_ids(self, name, arg):
    param = _plain_param_type(self, name, arg)
    if name in self.path_params_names and param.annotation is int:
        return param._replace(annotation=RecordId)
    return param


ViewSignature._get_param_type = _bounded_path_ids  # type: ignore[method-assign]


# Every whole number a schema takes is at most a BIGINT (and at least its negative): a
# larger one passed validation and reached the database, where SQLite cannot bind it and
# PostgreSQL refuses it (500). Added to each ninja Schema declared after this import (a
# filter, a body) unless its field says its own bound; the document shows the bound.
def _is_int(annotation) -> bool:
    return annotation is int or (
        get_origin(annotation) in (Union, UnionType) and int in get_args(annotation)
    )


def _bounded_ints(cls, **kwargs):
    changed = False
    for name, info in cls.model_fields.items():
        if not _is_int(info.annotation):
            continue
        # A year filters with __year, which builds a date: 1 to 9999 (as campaigns say).
        low, high = (1, 9999) if name.endswith("year") else (-MAX_OFFSET - 1, MAX_OFFSET)
        kinds = {type(m) for m in info.metadata}
        if not kinds & {Ge, Gt}:
            info.metadata.append(Ge(low))
            changed = True
        if not kinds & {Le, Lt}:
            info.metadata.append(Le(high))
            changed = True
    if changed:
        cls.model_rebuild(force=True)


Schema.__pydantic_init_subclass__ = classmethod(_bounded_ints)  # type: ignore[method-assign, assignment]


def _field_name(loc) -> str:
    # ("body", "payload", "name") -> "name"; ("query", "filters", "lat") -> "lat"
    parts = [
        str(p) for p in loc if p not in ("body", "query", "path", "payload", "form", "filters")
    ]
    return ".".join(parts) or "__all__"


def _field_message(field: str, err: dict) -> str:
    if field == "offset" and err.get("type") == "less_than_equal":
        return _(
            "At most %(n)s rows can be skipped: narrow the list with its filters, or page "
            "with `after` where the list offers it."
        ) % {"n": MAX_PAGE_OFFSET}
    return _pydantic_message(err)


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc):
    fields: dict[str, list[str]] = {}
    for err in exc.errors:
        field = _field_name(err.get("loc", ()))
        fields.setdefault(field, []).append(_field_message(field, err))
    first = next(iter(fields.values()))[0] if fields else _("Invalid input.")
    return api.create_response(
        request, {"code": "invalid", "message": first, "fields": fields}, status=422
    )


@api.exception_handler(ServiceError)
def on_service_error(request, exc):
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(Throttled)
def on_throttled(request, exc):
    response = api.create_response(request, exc.as_dict(), status=exc.status)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def on_not_found(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": _("Not found."), "fields": {}}, status=404
    )


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request, exc):
    return api.create_response(
        request,
        {
            "code": "unauthenticated",
            "message": _("Log in, or send a valid bearer token."),
            "fields": {},
        },
        status=401,
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc):
    return api.create_response(
        request, {"code": "error", "message": str(exc), "fields": {}}, status=exc.status_code
    )


def register_routers() -> None:
    """Each capability adds its router here; called once from gonghui.urls."""
    from gonghui.accounts.api import router as accounts_router
    from gonghui.accounts.audit_api import router as audit_router
    from gonghui.activities.api import router as activities_router
    from gonghui.assistance.api import router as assistance_router
    from gonghui.campaigns.api import router as campaigns_router
    from gonghui.communication.api import router as communication_router
    from gonghui.competitions.api import router as competitions_router
    from gonghui.employment.api import router as employment_router
    from gonghui.finance.api import router as finance_router
    from gonghui.honours.api import router as honours_router
    from gonghui.innovation.api import router as innovation_router
    from gonghui.members.api import router as members_router
    from gonghui.orgs.api import router as orgs_router
    from gonghui.outreach.api import router as outreach_router
    from gonghui.reports.api import router as reports_router
    from gonghui.rights.api import router as rights_router
    from gonghui.rights.api_contracts import router as contracts_router
    from gonghui.rights.api_democracy import router as democracy_router
    from gonghui.stations.api import router as stations_router
    from gonghui.welfare.api import router as welfare_router
    from gonghui.workplans.api import router as workplans_router

    # Routers with nothing for a member are staff-only as a whole (routes that set their
    # own auth, such as the public nearest-station search, keep it); the others mark
    # their staff routes with auth=STAFF. tests/test_outsiders.py walks them all.
    api.add_router("/", accounts_router)
    api.add_router("/", orgs_router, auth=STAFF)
    api.add_router("/", members_router)
    api.add_router("/", assistance_router)
    api.add_router("/", campaigns_router)
    api.add_router("/", reports_router, auth=STAFF)
    api.add_router("/", activities_router, auth=STAFF)
    api.add_router("/", workplans_router, auth=STAFF)
    api.add_router("/", communication_router, auth=STAFF)
    api.add_router("/", stations_router, auth=STAFF)
    api.add_router("/", honours_router, auth=STAFF)
    api.add_router("/", finance_router, auth=STAFF)
    api.add_router("/", competitions_router, auth=STAFF)
    api.add_router("/", innovation_router, auth=STAFF)
    api.add_router("/", outreach_router, auth=STAFF)
    api.add_router("/", employment_router)  # its routes say auth=STAFF; the seeker reads their own
    api.add_router("/", rights_router)  # the worker's own cases; staff routes say auth=STAFF
    api.add_router("/", democracy_router, auth=STAFF)
    api.add_router("/", contracts_router, auth=STAFF)  # collective consultation
    api.add_router("/", welfare_router)  # the member's own claims; staff routes say auth=STAFF
    api.add_router("/", audit_router, auth=STAFF)
