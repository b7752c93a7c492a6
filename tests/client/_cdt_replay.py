"""Replays CDT cases recorded on a real server (tests/client/data/*_server.json) on the engine.

A case is ``init`` and ``ops``: operation specs ``[family, helper name, args(, ctx)]`` with values
in a JSON form (``{"m": pairs}`` a map, ``{"km": pairs}`` a key-ordered map, ``{"f": repr}`` a
float, ``{"b": hex}`` bytes). After each operation the record's bins, generation and exact size
are compared: ``size`` is RecordSize (which counts in 16-byte steps) and the first length 1..16
of a blob bin ``zz`` that moves it, which together pin the size to the byte. Long answers and
bins are recorded as a sha1 of their JSON.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from typing import Any

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers import cdt_ctx
from aeromodel.client.helpers.expressions import base as eb
from aeromodel.client.helpers.operations import expression_operations as eo
from aeromodel.client.helpers.operations import list_operations as lo
from aeromodel.client.helpers.operations import map_operations as mo
from aeromodel.client.helpers.operations import operations as ops

_FAMILIES = {"lo": lo, "mo": mo}
GROWS = frozenset({
    "list_append", "list_append_items", "list_insert", "list_insert_items", "list_set",
    "list_increment",
})


def enc(v: Any) -> Any:
    if isinstance(v, dict):
        tag = "km" if isinstance(v, aerospike.KeyOrderedDict) else "m"
        return {tag: [[enc(k), enc(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [enc(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return {"b": bytes(v).hex()}
    if isinstance(v, float):
        return {"f": repr(v)}
    return v


def dec(v: Any) -> Any:
    if isinstance(v, dict):
        if "m" in v:
            return {dec(k): dec(x) for k, x in v["m"]}
        if "km" in v:
            return aerospike.KeyOrderedDict({dec(k): dec(x) for k, x in v["km"]})
        if "f" in v:
            return float(v["f"])
        return bytes.fromhex(v["b"])
    if isinstance(v, list):
        return [dec(x) for x in v]
    return v


def squash(x: Any) -> Any:
    """A long JSON value as its sha1 (as the fixtures keep it)."""
    s = json.dumps(x, sort_keys=True)
    return x if len(s) <= 240 else {"sha": hashlib.sha1(s.encode()).hexdigest()[:16]}


def build(spec: list[Any]) -> Any:
    kw: dict[str, Any] = {}
    if len(spec) > 3:
        kw["ctx"] = [getattr(cdt_ctx, name)(*[dec(a) for a in a_]) for name, a_ in spec[3]]
    return getattr(_FAMILIES[spec[0]], spec[1])(*[dec(a) for a in spec[2]], **kw)


def one(client: Any, key: Any, spec: list[Any]) -> dict[str, Any]:
    try:
        return {"res": squash(enc(client.operate_ordered(key, [build(spec)])[2]))}
    except exception.AerospikeError as err:
        return {"err": err.code}


def state(client: Any, key: Any) -> dict[str, Any]:
    try:
        _, meta, bins = client.get(key)
    except exception.AerospikeError as err:
        return {"err": err.code}
    sizes = []
    for n in range(17):
        client.operate(key, [ops.write("zz", bytearray(b"x" * n))])
        sizes.append(client.operate(key, [eo.expression_read("r", eb.RecordSize().compile())])[2]["r"])
    client.operate(key, [ops.write("zz", None)])
    moved = next((n for n in range(1, 17) if sizes[n] != sizes[0]), None)
    return {"bins": squash(enc(bins)), "gen": meta["gen"], "size": [sizes[0], moved]}


def _holds_128(client: Any, key: Any) -> bool:
    with contextlib.suppress(exception.AerospikeError):
        v = client.get(key)[2].get("l")
        return isinstance(v, list) and len(v) == 128
    return False


def replay(client: Any, key: Any, case: dict[str, Any]) -> dict[str, Any]:
    """The case's answers on ``client``, in the fixture's form. As when it was recorded, an op
    growing a list of exactly 128 items is skipped (it crashes an 8.1.2 server when the list is
    unordered with a persisted index)."""
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(key)
    out: dict[str, Any] = {"init": [one(client, key, s) for s in case["init"]]}
    out["init_after"] = state(client, key)
    out["ops"] = []
    for spec in case["ops"]:
        if spec[0] == "lo" and len(spec) == 3 and spec[1] in GROWS and _holds_128(client, key):
            out["ops"].append({"skip": True})
            continue
        got = one(client, key, spec)
        got["after"] = state(client, key)
        out["ops"].append(got)
    return out
