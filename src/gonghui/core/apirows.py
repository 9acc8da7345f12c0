"""The rows of a list API page, built without pydantic reading each object through ninja.

ninja turns a response into JSON by validating every object against the item schema
through its DjangoGetter: each field is an attribute look-up, and a dotted alias
("person.name") is parsed and resolved by Django's template `Variable` every time (a page
of 50 members was 3,565 look-ups, about as long as its four queries; bench/bench_api.py).
Here each item schema gets a plan once: per field, where its value comes from (its
`resolve_` method, or its alias walked attribute by attribute, as ninja reads it) and the
exact types it may have. A row whose values all have their field's type is built with
`model_construct`: validation would return the same values, so there is nothing to check.
Any other row (a lazy translation, an int where a float is declared, a missing value) is
validated as ninja does, so the JSON is the same either way.

core.api's list paginators use it for every list route: the one way a list API writes
its page (tests/core/test_api_rows.py compares it with ninja's own output).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from types import NoneType, UnionType
from typing import Annotated, Any, Literal, Union, get_args, get_origin
from uuid import UUID

from django.template import Variable, VariableDoesNotExist
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import BaseModel

_SIMPLE: frozenset[type] = frozenset(
    {int, str, bool, float, Decimal, date, datetime, time, UUID, NoneType}
)
_ANY = None  # a field typed Any: pydantic passes its value through as it is


class _Missing(Exception):
    """The object has no value for a field (ninja's getter raised AttributeError)."""


def _types(annotation: Any) -> frozenset[type] | None | bool:
    """The exact types a value of `annotation` may have to be taken without validation;
    None for Any; False when the field needs pydantic (a nested schema, a list, a dict)."""
    if annotation is Any:
        return _ANY
    if annotation is None or annotation is NoneType:
        return frozenset({NoneType})
    origin = get_origin(annotation)
    if origin is Annotated:
        return _types(get_args(annotation)[0])
    if origin in (Union, UnionType):
        found: set[type] = set()
        for arg in get_args(annotation):
            kinds = _types(arg)
            if not isinstance(kinds, frozenset):
                return False
            found |= kinds
        return frozenset(found)
    if origin is Literal:
        return frozenset(type(v) for v in get_args(annotation))
    if isinstance(annotation, type) and annotation in _SIMPLE:
        return frozenset({annotation})
    return False


def _convert(value: Any) -> Any:
    """What ninja's DjangoGetter makes of a value (a manager's rows, a callable's result)."""
    if type(value) in _SIMPLE:
        return value
    return DjangoGetter._convert_result(None, value)  # type: ignore[arg-type]


def _getter(key: str) -> Callable[[Any], Any]:
    """The value ninja's DjangoGetter reads for `key` (a field's alias, or its name)."""
    if "." not in key:

        def plain(obj: Any) -> Any:
            if isinstance(obj, dict):
                if key not in obj:
                    raise _Missing
                return obj[key]
            try:
                return getattr(obj, key)
            except AttributeError:
                raise _Missing from None

        return plain

    bits = key.split(".")
    variable = Variable(key)  # parsed once, for the cases the walk below leaves to it

    def dotted(obj: Any) -> Any:
        # Django's Variable tries obj[bit] before getattr and calls what is callable: walk
        # plain attributes here, and leave anything else to it, so the value is the same.
        current = obj
        try:
            for bit in bits:
                if hasattr(type(current), "__getitem__"):
                    raise LookupError
                current = getattr(current, bit)
                if callable(current):
                    raise LookupError
            return current
        except (LookupError, AttributeError):
            pass
        try:
            return variable.resolve(obj)
        except VariableDoesNotExist:
            raise _Missing from None

    return dotted


def _resolved(func: Callable[..., Any], with_context: bool) -> Callable[[Any, dict], Any]:
    """A schema's `resolve_<field>(obj)` (or `(obj, context)`), as ninja calls it."""
    if with_context:
        return lambda obj, ctx: func(obj, context=ctx)
    return lambda obj, ctx: func(obj)


def _read(get: Callable[[Any], Any]) -> Callable[[Any, dict], Any]:
    return lambda obj, ctx: _convert(get(obj))


@dataclass(frozen=True)
class _Field:
    name: str
    read: Callable[[Any, dict], Any]
    types: frozenset[type] | None  # None: any value
    nested: RowPlan | None = None
    many: bool = False


class RowPlan:
    """How rows of one item schema are built (see the module's docstring)."""

    def __init__(self, schema: type[BaseModel]) -> None:
        self.schema = schema
        self.fields: list[_Field] | None = []
        resolvers = getattr(schema, "_ninja_resolvers", {})
        for name, info in schema.model_fields.items():
            key = info.alias or name
            resolver = resolvers.get(key)
            if resolver is not None:
                if not resolver._static:
                    self.fields = None  # ninja itself refuses these: leave it to it
                    return
                read = _resolved(resolver._func, resolver._takes_context)
            else:
                read = _read(_getter(key))
            kinds = _types(info.annotation)
            if kinds is not False:
                self.fields.append(_Field(name, read, kinds))  # type: ignore[arg-type]
                continue
            nested, many = _nested(info.annotation)
            if nested is None:
                self.fields = None  # a list of numbers, a dict: pydantic writes those rows
                return
            self.fields.append(_Field(name, read, frozenset(), plan_for(nested), many))

    def row(self, obj: Any, context: dict) -> BaseModel:
        """`obj` as an instance of the schema, as ninja would have validated it."""
        if self.fields is None:
            return self.schema.model_validate(obj, context=context)
        values: dict[str, Any] = {}
        try:
            for field in self.fields:
                value = field.read(obj, context)
                if field.nested is not None:
                    if value is None:
                        raise _Missing
                    value = (
                        [field.nested.row(v, context) for v in value]
                        if field.many
                        else field.nested.row(value, context)
                    )
                elif field.types is not None and type(value) not in field.types:
                    raise _Missing
                values[field.name] = value
        except _Missing:
            return self.schema.model_validate(obj, context=context)
        return self.schema.model_construct(**values)

    def rows(self, objects: Any, context: dict) -> list[BaseModel]:
        return [self.row(obj, context) for obj in objects]


def _nested(annotation: Any) -> tuple[type[Schema] | None, bool]:
    """(schema, many) for a field holding one nested ninja schema or a list of them."""
    if get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    if isinstance(annotation, type) and issubclass(annotation, Schema):
        return annotation, False
    if get_origin(annotation) is list:
        (item,) = get_args(annotation) or (None,)
        if isinstance(item, type) and issubclass(item, Schema):
            return item, True
    return None, False


_PLANS: dict[type[BaseModel], RowPlan] = {}


def plan_for(schema: type[BaseModel]) -> RowPlan:
    plan = _PLANS.get(schema)
    if plan is None:
        plan = _PLANS[schema] = RowPlan(schema)
    return plan
