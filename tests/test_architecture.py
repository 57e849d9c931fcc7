"""DESIGN.md's rules about layers, checked on the source.

Imports point one way: core ← domain ← {matching, fix} ← kraken ← venue ← gateways ← cli ← testing
(client sits beside gateways and may use the FIX engine; sim drives the venue). Nothing below
gateways imports asyncio, sockets, ssl or a web framework, or reads the wall clock.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "krakenbox"

# Each layer and the layers it may import (besides itself).
ALLOWED: dict[str, set[str]] = {
    "core": set(),
    "domain": {"core"},
    "matching": {"core", "domain"},
    "fix": {"core", "domain"},
    "kraken": {"core", "domain", "matching", "fix"},
    "venue": {"core", "domain", "matching", "fix", "kraken"},
    "gateways": {"core", "domain", "matching", "fix", "kraken", "venue"},
    "client": {"core", "fix", "kraken", "gateways"},
    "sim": {"core", "domain", "kraken", "venue"},
    "cli": {"core", "domain", "matching", "fix", "kraken", "venue", "gateways", "client", "sim"},
    "testing": {"core", "cli"},
}
BELOW_GATEWAYS = {"core", "domain", "matching", "fix", "kraken", "venue"}
IO_MODULES = {"asyncio", "socket", "ssl", "selectors", "aiohttp", "websockets", "uvloop", "http"}
WALL_CLOCK_CALLS = {
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "monotonic_ns"),
    ("time", "perf_counter"),
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("date", "today"),
}
# The one place allowed to read the wall clock.
CLOCK_MODULE = PACKAGE / "core" / "clock.py"


def modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py"))


def layer_of(path: Path) -> str | None:
    parts = path.relative_to(PACKAGE).parts
    return parts[0] if len(parts) > 1 else None


def imported_names(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_every_package_is_a_known_layer() -> None:
    layers = {layer_of(path) for path in modules()} - {None}
    assert layers <= set(ALLOWED), f"unknown layers: {layers - set(ALLOWED)}"


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(PACKAGE)))
def test_imports_point_one_way(path: Path) -> None:
    layer = layer_of(path)
    if layer is None:
        return
    tree = ast.parse(path.read_text())
    for name in imported_names(tree):
        parts = name.split(".")
        if parts[0] != "krakenbox" or len(parts) < 2 or parts[1] not in ALLOWED:
            continue
        target = parts[1]
        assert target == layer or target in ALLOWED[layer], f"{layer} must not import {name}"
    if layer in BELOW_GATEWAYS:
        io = {name for name in imported_names(tree) if name.split(".")[0] in IO_MODULES}
        assert not io, f"{layer} is below gateways and must not import {sorted(io)}"


@pytest.mark.parametrize(
    "path",
    [path for path in modules() if layer_of(path) in BELOW_GATEWAYS and path != CLOCK_MODULE],
    ids=lambda path: str(path.relative_to(PACKAGE)),
)
def test_no_wall_clock_below_gateways(path: Path) -> None:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner = node.func.value
            owner_name = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", None)
            assert (owner_name, node.func.attr) not in WALL_CLOCK_CALLS, (
                f"{path.name}:{node.lineno} reads the wall clock; take a Clock instead"
            )
