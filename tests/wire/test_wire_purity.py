"""The codec does no I/O: no module of ``wire/`` (or the shared msgpack reader) imports
socket, asyncio, time, threading or the engine."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import aeromodel.client.wire

WIRE = Path(aeromodel.client.wire.__file__).resolve().parent
MODULES = [*sorted(WIRE.glob("*.py")), WIRE.parent / "msgpack_read.py"]
FORBIDDEN = {"socket", "asyncio", "time", "threading", "selectors"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_no_io_and_no_engine(path: Path) -> None:
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
            if node.level and "engine" in (node.module or ""):
                pytest.fail(f"{path.name} imports the engine")
        else:
            continue
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"
