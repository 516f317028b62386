"""The layers of the code base: one namespace, imports only downwards, no import cycles.

Reads every module's imports with :mod:`ast` (module level, inside functions and under
``TYPE_CHECKING`` alike), so a cycle hidden in a type-checking block or a lazy import fails too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"convergence": "convergence", "model": "convergence.model", "scenarios": "convergence.scenarios",
            "runner": "convergence.runner", "experiments": "convergence.experiments",
            "calibration": "convergence.calibration", "cli": "convergence.cli"}
"""Top-level folder -> the package it installs as (pyproject.toml's package-dir)."""
ALLOWED = {
    "convergence": set(),
    "convergence.scenarios": set(),
    "convergence.model": set(),
    "convergence.runner": {"convergence.model"},
    "convergence.experiments": {"convergence.model", "convergence.runner"},
    "convergence.calibration": {"convergence.model", "convergence.runner"},
    "convergence.cli": {"convergence.model", "convergence.runner", "convergence.experiments",
                        "convergence.calibration"},
}
"""The layers each package may import (besides itself); docs/EXTENDING.md draws the same picture."""


def _modules() -> dict[str, Path]:
    modules = {}
    for folder, package in PACKAGES.items():
        for path in sorted((ROOT / folder).rglob("*.py")):
            parts = path.relative_to(ROOT / folder).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            modules[".".join((package, *parts))] = path
    return modules


MODULES = _modules()


def _imports(module: str, path: Path) -> set[str]:
    """Project modules ``module`` imports (resolving ``from package import module``)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
                base = ".".join([*package.split(".")[: len(package.split(".")) - node.level + 1], node.module])
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in MODULES)
    return {name for name in found if name in MODULES or name.split(".")[0] in PACKAGES}


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _package(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2]) if len(parts) > 1 else parts[0]


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle of ``graph`` (as a path that returns to its start), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == 1:
                return stack[stack.index(target):] + [target]
            if target not in state and (found := visit(target)):
                return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_nothing_is_imported_from_a_top_level_model_scenarios_or_experiments_package():
    stray = {module: sorted(name for name in imports if name.split(".")[0] in set(PACKAGES) - {"convergence"})
             for module, imports in GRAPH.items()}
    assert not {m: s for m, s in stray.items() if s}, "import these as convergence.<package>"


def test_no_import_cycle_between_modules():
    graph = {module: {name for name in imports if name in MODULES and name != module}
             for module, imports in GRAPH.items()}
    assert _cycle(graph) is None, " -> ".join(_cycle(graph) or [])


def test_packages_import_only_the_layers_below_them():
    wrong = set()
    for module, imports in GRAPH.items():
        package = _package(module)
        for name in imports:
            target = _package(name)
            if target != package and target not in ALLOWED[package]:
                wrong.add(f"{module} imports {name}")
    assert not wrong, sorted(wrong)


@pytest.mark.parametrize("case", ["module", "package"])
def test_the_cycle_finder_finds_cycles(case):
    # The checks above are only as good as the cycle finder: it must see a cycle when there is one.
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}} if case == "module" else {"x": {"y"}, "y": {"x"}}
    assert _cycle(graph) is not None
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": set()}) is None
