"""docs/models.md: every python block runs, in order, in one namespace, on its own engine."""

from __future__ import annotations

import re
import sys
import types
from pathlib import Path

import aeromodel

DOC = Path(__file__).resolve().parents[2] / "docs" / "models.md"


def test_guide_examples_run() -> None:
    blocks = re.findall(r"```python\n(.*?)```", DOC.read_text(), re.S)
    assert len(blocks) >= 10
    module = types.ModuleType("docs_models")
    sys.modules["docs_models"] = module
    try:
        for i, block in enumerate(blocks):
            code = compile(block, f"{DOC.name}[block {i}]", "exec")
            exec(code, module.__dict__)
    finally:
        del sys.modules["docs_models"]
        aeromodel.disconnect(close=True)
