"""The package's layers flow one way: data → analysis → presentation → publish, with
intake writing what data reads and the CLI on top. A module that imports against the
flow (or in a cycle) makes the code hard to carry on; this test names it."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "trygghet"
LAYERS = ["data", "analysis", "intake", "present", "publish", "cli"]
# What each layer may import from the package (besides itself).
ALLOWED = {
    "data": set(),
    "analysis": {"data"},
    "intake": {"data"},
    "present": {"data", "analysis"},
    "publish": {"data", "analysis", "present"},
    "cli": {"data", "analysis", "intake", "present", "publish"},
}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "cli"


def package_imports(path: Path) -> set[str]:
    """Every trygghet module the file imports, at any depth of the code."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("trygghet"):
            if node.module == "trygghet" or node.module.count(".") == 1:
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
            else:
                found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("trygghet")}
    return found


def modules() -> dict[str, Path]:
    return {
        "trygghet." + ".".join(p.relative_to(PACKAGE).with_suffix("").parts): p
        for p in sorted(PACKAGE.rglob("*.py")) if p.name != "__init__.py"
    }


def test_every_module_sits_in_a_layer():
    for name in modules():
        assert layer_of(name) in LAYERS, f"{name} ligger utanför lagren {LAYERS}"


@pytest.mark.parametrize("name", sorted(modules()))
def test_imports_follow_the_layers(name):
    own = layer_of(name)
    for imported in package_imports(modules()[name]):
        other = layer_of(imported)
        assert other == own or other in ALLOWED[own], (
            f"{name} ({own}) importerar {imported} ({other}) mot lagrens riktning")


def test_no_import_cycles():
    graph = {name: {i for i in package_imports(path) if i in modules()}
             for name, path in modules().items()}
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for nxt in graph[node]:
            if state.get(nxt) == 1:
                raise AssertionError("Importcykel: " + " → ".join([*trail, node, nxt]))
            if nxt not in state:
                visit(nxt, [*trail, node])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [])
