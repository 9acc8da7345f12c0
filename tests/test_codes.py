"""Audit actions and error codes are enumerations (issue 10 item 2).

Each domain declares `class Action(AuditAction)` and, when it has codes of its own,
`class Code(ErrorCode)` in its `codes.py`. A bare string at a call site is a value nobody
can look up or rename safely; this test reads every call in src/gonghui and names the
file and line of each `action=` given to audit.record and each `code=` given to a
ServiceError that is written as text. At run time `audit.record` and `ServiceError` refuse
anything but the enumerations, so a string built elsewhere fails the test that reaches it.
"""

import ast
import importlib
from pathlib import Path

import pytest
from django.apps import apps

from gonghui.core.audit import AuditAction
from gonghui.core.errors import ErrorCode

pytestmark = pytest.mark.one_db

ROOT = Path(__file__).resolve().parent.parent / "src" / "gonghui"
TEXT = (ast.Constant, ast.JoinedStr, ast.BinOp)
ERRORS = {"ServiceError", "NotFound", "Throttled"}


def _name(func: ast.expr) -> str:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def _bare_strings() -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if not isinstance(node, ast.Call):
                continue
            name = _name(node.func)
            for kw in node.keywords:
                audited = name == "record" and kw.arg == "action"
                refused = name in ERRORS and kw.arg == "code"
                if (audited or refused) and isinstance(kw.value, TEXT):
                    where = f"{path.relative_to(ROOT.parent)}:{node.lineno}"
                    found.append(f"{where} {kw.arg}={ast.unparse(kw.value)}")
    return found


def test_no_action_or_code_is_a_bare_string():
    found = _bare_strings()
    assert not found, "use the domain's Action / Code enumeration (codes.py):\n" + "\n".join(found)


def _members(base) -> dict[str, list[str]]:
    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    return {f"{c.__module__}.{c.__qualname__}": [m.value for m in c] for c in walk(base)}


def test_every_domain_declares_its_enumerations_in_codes_py():
    for config in apps.get_app_configs():
        if config.name.startswith("gonghui.") and (Path(config.path) / "codes.py").exists():
            importlib.import_module(f"{config.name}.codes")
    core = ("gonghui.core.audit.Action", "gonghui.core.errors.Code")
    for base in (AuditAction, ErrorCode):
        for name, values in _members(base).items():
            assert name in core or name.endswith((".codes.Action", ".codes.Code")), name
            assert values, f"{name} declares no member"
            assert all(v == v.lower() and " " not in v for v in values), name


def test_record_and_service_error_refuse_a_bare_string(db):
    from gonghui.core import audit
    from gonghui.core.errors import ServiceError

    with pytest.raises(TypeError):
        audit.record(actor=None, action="something_new")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ServiceError("refused", code="made_up")  # type: ignore[arg-type]
