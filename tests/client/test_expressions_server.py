"""A recorded differential run: 1,247 expressions (hand-picked list, map, bit, HLL, regex and
metadata cases, and 1,500 random arithmetic, bitwise, comparison and logic trees over edge values)
evaluated with ``expression_read`` (EVAL_NO_FAIL) on a real Aerospike 8.1.2 server through the
official client 19.3.0, on the record written below; aeromodel must answer each the same.

The data (``data/expression_values.json``) holds each expression's source, as evaluable with the
helpers imported here, and the ``repr`` of the official answer (bytes as ``bytes:<hex>``; an
exception as ``EXC <class> <code>``). Random trees never divide INT64_MIN by -1 (that would trap
the server's CPU).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception as ex
from aeromodel.client.helpers import cdt_ctx as ctx
from aeromodel.client.helpers.expressions import arithmetic as ar
from aeromodel.client.helpers.expressions import base as e
from aeromodel.client.helpers.expressions import bitwise as bw
from aeromodel.client.helpers.expressions import bitwise_operators as bo
from aeromodel.client.helpers.expressions import hll as hl
from aeromodel.client.helpers.expressions import list as le
from aeromodel.client.helpers.expressions import map as me
from aeromodel.client.helpers.operations import expression_operations as eo
from aeromodel.client.helpers.operations import hll_operations as ho

CASES = json.loads((Path(__file__).parent / "data" / "expression_values.json").read_text("utf-8"))
KEY = ("test", "expdiff", "k")
NAMES = {
    "e": e, "le": le, "me": me, "ar": ar, "bw": bw, "hl": hl, "bo": bo, "ctx": ctx,
    "R": aerospike, "L": e.ListBin("l"), "M": e.MapBin("m"),
}


@pytest.fixture(scope="module")
def record_client() -> Any:
    c = aerospike.client({"embedded": {"name": "expressions-server-diff"}}).connect()
    c.put(KEY, {
        "j": -3, "g": -0.5, "t": "abc", "b": True, "l": [5, 1, 4, 1, [7, 8], "x", 2.5],
        "ol": [1, 2, 3], "m": {"a": 3, "b": 1, "c": [1, 2], "d": {"z": 1}}, "i": 12,
        "s": "Hello World", "f": 1.25, "blob": bytearray(b"\x0f\xf0\x55"), "n": 0,
        "km": aerospike.KeyOrderedDict({"x": 1, "y": 2}),
    })
    c.operate(KEY, [ho.hll_add("h", ["a", "b", "c", "d"], 8)])
    yield c
    c.close()


def answer(c: aerospike.Client, source: str) -> str:
    try:
        exp = eval(source, NAMES)  # the recorded sources use only the helpers above
        ops = [eo.expression_read("r", exp.compile(), aerospike.EXP_READ_EVAL_NO_FAIL)]
        out = c.operate(KEY, ops)[2]["r"]
    except ex.AerospikeError as err:
        return f"EXC {type(err).__name__} {err.code}"
    except (TypeError, AttributeError) as err:  # a wrong argument count; a bare literal
        return f"EXC {type(err).__name__} "
    if isinstance(out, (bytes, bytearray)):
        return repr("bytes:" + bytes(out).hex())
    return repr(out)


def test_every_recorded_expression_answers_as_the_server(record_client: Any) -> None:
    wrong = [
        (source, want, got)
        for source, want in CASES
        if (got := answer(record_client, source)) != want
    ]
    assert not wrong, wrong[:10]
    assert len(CASES) > 1200
