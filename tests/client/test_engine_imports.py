"""The engine imports only the standard library, itself, and the shared vocabulary modules: it
never reaches into the client front-end (DESIGN "The engine"; the transport is the seam)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import aeromodel.client.engine.engine

ENGINE = Path(aeromodel.client.engine.engine.__file__).resolve().parent
SHARED = {
    "aeromodel.client.command",
    "aeromodel.client.values",
    "aeromodel.client.ordering",
    "aeromodel.client.op_codes",  # constants only
    "aeromodel.client.msgpack_read",  # the one msgpack reader
}
THIRD_PARTY = {"s2geometry"}  # the server's geometry library (engine/geo.py)
MODULES = sorted(ENGINE.rglob("*.py"))


def _package_of(path: Path) -> list[str]:
    rel = path.relative_to(ENGINE.parent.parent.parent).with_suffix("")
    parts = list(rel.parts)
    return parts[:-1]  # a module's package (for __init__, the package itself)


def imported(path: Path, source: str | None = None) -> set[str]:
    """Absolute names of every module ``path`` imports (relative imports resolved)."""
    package = _package_of(path)
    names: set[str] = set()
    text = path.read_text() if source is None else source
    for node in ast.walk(ast.parse(text, str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            # "from . import x" / "from .. import values": each name may be a module.
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def allowed(name: str) -> bool:
    top = name.partition(".")[0]
    if top in sys.stdlib_module_names or top == "__future__" or top in THIRD_PARTY:
        return True
    if name.startswith("aeromodel.client.engine"):
        return True
    if name in ("aeromodel", "aeromodel.client"):
        return True  # the package path of a relative import; its names are checked one by one
    return any(name == s or name.startswith(s + ".") for s in SHARED)


def violations(path: Path, source: str | None = None) -> list[str]:
    out = []
    for name in sorted(imported(path, source)):
        if allowed(name):
            continue
        # "from ..values import GeoJSON" also yields "aeromodel.client.values.GeoJSON": fine.
        parent = name.rpartition(".")[0]
        if parent in SHARED or parent.startswith("aeromodel.client.engine"):
            continue
        out.append(name)
    return out


def test_the_engine_has_modules_to_check() -> None:
    names = {p.name for p in MODULES}
    assert {"engine.py", "storage.py", "intake.py", "commands.py", "scalar.py"} <= names


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(ENGINE)))
def test_engine_module_imports_only_the_stdlib_the_engine_and_shared_types(path: Path) -> None:
    assert violations(path) == []


def test_engine_code_does_not_match_types_by_class_name() -> None:
    for path in MODULES:
        assert "__name__ ==" not in path.read_text(), path


def test_the_rule_catches_front_end_imports() -> None:
    probe = ENGINE / "ops" / "probe.py"  # parsed as if it were there; never written
    source = (
        "from .. import intake\nfrom ...exception import describe\nimport json\n"
        "from ... import keys\nimport aeromodel.client.codec\n"
    )
    assert violations(probe, source) == [
        "aeromodel.client.codec",
        "aeromodel.client.exception",
        "aeromodel.client.exception.describe",
        "aeromodel.client.keys",
    ]
