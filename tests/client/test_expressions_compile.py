"""Compiled expressions are byte-identical to the official client's.

``data/expression_encodings.json`` holds (source, base64) pairs recorded from the official client
19.3.0: a script run in its virtualenv evaluated each source with ``aerospike_helpers`` (every
expression class with its variants, literals at every msgpack size boundary, contexts of every
kind, and a few hundred random nested trees and literals from a seeded generator) and stored
``client.get_expression_base64(expr.compile())``. Sources the official client refuses, or packs into
malformed msgpack, were left out (their handling here is tested in test_expressions_errors.py).
Each source is evaluated here with aeromodel's helpers under the same names.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import HyperLogLog
from aeromodel.client.helpers import cdt_ctx
from aeromodel.client.helpers.expressions import (
    arithmetic,
    base,
    bitwise,
    bitwise_operators,
    hll,
    resources,
)
from aeromodel.client.helpers.expressions import list as lst
from aeromodel.client.helpers.expressions import map as mp
from aeromodel.client.values import Expression, KeyOrderedDict

DATA = json.loads((Path(__file__).parent / "data" / "expression_encodings.json").read_text("utf-8"))
NAMES: dict[str, Any] = {
    "base": base, "arithmetic": arithmetic, "bo": bitwise_operators, "lst": lst, "mp": mp,
    "bitwise": bitwise, "hll": hll, "resources": resources, "ctx": cdt_ctx, "aerospike": aerospike,
    "math": math, "HyperLogLog": HyperLogLog, "KeyOrderedDict": KeyOrderedDict,
}
CTX_DATA = json.loads((Path(__file__).parent / "data" / "ctx_encodings.json").read_text("utf-8"))


def test_the_recorded_set_is_broad() -> None:
    assert len(DATA) > 500
    for module in (base, arithmetic, bitwise_operators, lst, mp, bitwise, hll):
        for name in module.__all__:
            if name == "LoopVar":  # abstract: only its typed subclasses are used
                continue
            assert any(f".{name}(" in item["src"] for item in DATA), name


@pytest.mark.parametrize("item", DATA, ids=[str(i) for i in range(len(DATA))])
def test_compiles_to_the_official_bytes(item: dict[str, str]) -> None:
    compiled = eval(item["src"], dict(NAMES))
    assert isinstance(compiled, Expression) is False
    wire = compiled.compile()
    assert type(wire) is Expression
    assert aerospike.get_expression_base64(wire) == item["b64"], item["src"]


@pytest.mark.parametrize("item", CTX_DATA, ids=[str(i) for i in range(len(CTX_DATA))])
def test_contexts_encode_as_the_official_client(item: dict[str, str]) -> None:
    """``get_cdtctx_base64`` recorded from the official client 19.3.0: map values packed in the
    server's key order (a KeyOrderedDict led by its flag entry), path-expression entries."""
    ctx = eval(item["src"], dict(NAMES))
    client = aerospike.client({"embedded": {}})
    assert client.get_cdtctx_base64(ctx) == item["b64"], item["src"]
