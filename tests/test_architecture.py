"""The import graph of src/gonghui has no cycle (issue 10 item 4, docs/architecture.md).

Every `import` and `from … import` in every .py file is an edge, at module level or inside
a function alike: a function-level import hides a dependency, it does not remove it.

- Between domain packages (gonghui.X for each package X under src/gonghui): no cycle.
  A capability builds on the ones below it (orgs at the bottom, then accounts, members,
  assistance, campaigns …); one that needs something from a capability above it gets it
  through a seam (a composition point such as the demo command or the `web` package).
- `core` is imported by every domain and imports none, except at the composition points
  listed in CORE_HOOKS.
- Between modules: no cycle either.

A failure prints the cycle and the file and line of each import in it.
"""

import ast
from collections import defaultdict
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
ROOT = SRC / "gonghui"

# core's only imports of domain packages: (importing module, imported package) -> why.
# They are left out of both graphs; the test fails if one of them no longer exists, so the
# list stays true.
CORE_HOOKS = {
    (
        "gonghui.core.api",
        "accounts",
    ): "register_routers(), called once from gonghui.urls, mounts each capability's router; "
    "TokenAuth asks accounts.services for the user of a bearer token",
    ("gonghui.core.api", "activities"): "register_routers()",
    ("gonghui.core.api", "assistance"): "register_routers()",
    ("gonghui.core.api", "campaigns"): "register_routers()",
    ("gonghui.core.api", "communication"): "register_routers()",
    ("gonghui.core.api", "competitions"): "register_routers()",
    ("gonghui.core.api", "innovation"): "register_routers()",
    ("gonghui.core.api", "employment"): "register_routers()",
    ("gonghui.core.api", "finance"): "register_routers()",
    ("gonghui.core.api", "honours"): "register_routers()",
    ("gonghui.core.api", "members"): "register_routers()",
    ("gonghui.core.api", "orgs"): "register_routers()",
    ("gonghui.core.api", "outreach"): "register_routers()",
    ("gonghui.core.api", "reports"): "register_routers()",
    ("gonghui.core.api", "rights"): "register_routers()",
    ("gonghui.core.api", "stations"): "register_routers()",
    ("gonghui.core.api", "workplans"): "register_routers()",
    ("gonghui.core.api", "welfare"): "register_routers()",
    (
        "gonghui.core.management.commands.up",
        "orgs",
    ): "`gonghui up` composes migrate, the demo and serve; it asks whether the tree exists",
}


def _modules() -> dict[str, Path]:
    modules = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(modules: dict[str, Path]) -> dict[str, dict[str, int]]:
    """module -> {imported module of gonghui: line of the first import of it}."""
    graph: dict[str, dict[str, int]] = defaultdict(dict)
    for name, path in modules.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[: len(package) - node.level + 1]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                # `from pkg import mod` imports the module pkg.mod; `from mod import name`, mod.
                targets = [f"{module}.{alias.name}" for alias in node.names]
                targets = [t if t in modules else module for t in targets]
            else:
                continue
            for target in targets:
                while target not in modules and "." in target:
                    target = target.rsplit(".", 1)[0]
                if target in modules and target != name and target.startswith("gonghui."):
                    graph[name].setdefault(target, node.lineno)
    return graph


def _package(module: str) -> str:
    """gonghui.campaigns.services -> campaigns; top-level modules (gonghui.urls) -> ''."""
    parts = module.split(".")
    return parts[1] if len(parts) > 2 or (ROOT / parts[-1]).is_dir() else ""


def _cycles(graph: dict[str, set[str]]) -> list[tuple[list[str], set[str]]]:
    """Each strongly connected component of more than one node (Tarjan), with one cycle
    (a -> b -> … -> a) in it."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for succ in sorted(graph.get(node, ())):
            if succ not in index:
                visit(succ)
                low[node] = min(low[node], low[succ])
            elif succ in on_stack:
                low[node] = min(low[node], index[succ])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    cycles = []
    for component in components:
        # The shortest way back to the start, inside the component (breadth first).
        start = min(component)
        paths = {start: [start]}
        queue = [start]
        while queue:
            node = queue.pop(0)
            for succ in sorted(graph.get(node, ())):
                if succ == start:
                    cycles.append((paths[node] + [start], component))
                    queue = []
                    break
                if succ in component and succ not in paths:
                    paths[succ] = paths[node] + [succ]
                    queue.append(succ)
    return cycles


@pytest.fixture(scope="module")
def imports():
    return _imports(_modules())


def _is_hook(module: str, target: str) -> bool:
    return (module, _package(target)) in CORE_HOOKS


def _where(imports, module: str, target_package: str | None = None, target: str | None = None):
    modules = _modules()
    return [
        f"{modules[module].relative_to(SRC.parent)}:{line} imports {imported}"
        for imported, line in imports[module].items()
        if imported == target or _package(imported) == target_package
    ]


@pytest.mark.one_db
def test_no_cycle_between_domain_packages(imports):
    graph: dict[str, set[str]] = defaultdict(set)
    by_edge: dict[tuple[str, str], list[str]] = defaultdict(list)
    for module, targets in imports.items():
        for target in targets:
            a, b = _package(module), _package(target)
            if a and b and a != b and not _is_hook(module, target):
                graph[a].add(b)
                by_edge[a, b].append(module)
    cycles = _cycles(graph)
    report = []
    for cycle, component in cycles:
        report.append(
            "cycle between packages: "
            + " -> ".join(cycle)
            + f"; every import between {sorted(component)}:"
        )
        for a, b in sorted(by_edge):
            if a in component and b in component:
                for module in sorted(set(by_edge[a, b])):
                    report += ["    " + line for line in _where(imports, module, target_package=b)]
    assert not cycles, "\n".join(report)


@pytest.mark.one_db
def test_core_imports_no_domain_but_its_hooks(imports):
    found = set()
    stray = []
    for module, targets in imports.items():
        if _package(module) != "core":
            continue
        for target in targets:
            package = _package(target)
            if package in {"", "core"}:
                continue
            if (module, package) in CORE_HOOKS:
                found.add((module, package))
            else:
                stray += _where(imports, module, target=target)
    assert not stray, "core imports a domain package outside CORE_HOOKS:\n" + "\n".join(stray)
    gone = set(CORE_HOOKS) - found
    assert not gone, f"CORE_HOOKS lists imports that no longer exist: {sorted(gone)}"


@pytest.mark.one_db
def test_no_cycle_between_modules(imports):
    graph = {
        module: {t for t in targets if not _is_hook(module, t)}
        for module, targets in imports.items()
    }
    cycles = _cycles(graph)
    report = []
    for cycle, component in cycles:
        report.append(
            "cycle between modules: "
            + " -> ".join(cycle)
            + f"; every import between {sorted(component)}:"
        )
        for a in sorted(component):
            for b in sorted(graph[a] & component):
                report += ["    " + line for line in _where(imports, a, target=b)]
    assert not cycles, "\n".join(report)


@pytest.mark.one_db
def test_the_graph_sees_every_kind_of_import():
    """The walker itself: relative, function-level and `from pkg import module` imports."""
    imports = _imports(_modules())
    # a relative import (`from .models import …`)
    assert "gonghui.campaigns.models" in imports["gonghui.campaigns.services"]
    # absolute imports of another package
    assert "gonghui.orgs.models" in imports["gonghui.members.models"]
    # `from gonghui.core import crypto` is the module crypto, not the package core
    assert "gonghui.core.crypto" in imports["gonghui.accounts.demo"]
    # an import inside a function (TokenAuth.authenticate)
    assert "gonghui.accounts.services" in imports["gonghui.core.api"]
    # a cycle is found, and only where there is one
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [
        (["a", "b", "c", "a"], {"a", "b", "c"})
    ]
    assert _cycles({"a": {"b"}, "b": {"c"}}) == []
