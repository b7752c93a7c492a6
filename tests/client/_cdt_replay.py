"""Replays CDT cases recorded on a real server (tests/client/data/*_server.json) through a client.

A case is ``init`` and ``ops``: operation specs ``[family, helper name, args(, ctx)]`` with values
in a JSON form (``{"m": pairs}`` a map, ``{"km": pairs}`` a key-ordered map, ``{"f": repr}`` a
float, ``{"b": hex}`` bytes). After each operation the record's bins, generation and exact size
are compared: ``size`` is RecordSize (which counts in 16-byte steps) and the first length 1..16
of a blob bin ``zz`` that moves it, which together pin the size to the byte. Long answers and
bins are recorded as a sha1 of their JSON.

The operations, contexts and expressions are built with the modules of the client's transport
(ours, or the official client's), so the official client replays with its own objects.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import warnings
from typing import Any

from _support import api_module

GROWS = frozenset({
    "list_append", "list_append_items", "list_insert", "list_insert_items", "list_set",
    "list_increment",
})


def squash(x: Any) -> Any:
    """A long JSON value as its sha1 (as the fixtures keep it)."""
    s = json.dumps(x, sort_keys=True)
    return x if len(s) <= 240 else {"sha": hashlib.sha1(s.encode()).hexdigest()[:16]}


class Replayer:
    """Builds and replays recorded cases with the modules of one transport."""

    def __init__(self, transport: str) -> None:
        self.aerospike = api_module("aerospike", transport)
        self.exception = api_module("exception", transport)
        self.cdt_ctx = api_module("cdt_ctx", transport)
        self.families = {
            "lo": api_module("list_operations", transport),
            "mo": api_module("map_operations", transport),
        }
        self.op = api_module("op", transport)
        self.eo = api_module("expression_operations", transport)
        self.record_size = api_module("exp", transport).RecordSize().compile()

    def enc(self, v: Any) -> Any:
        if isinstance(v, dict):
            tag = "km" if isinstance(v, self.aerospike.KeyOrderedDict) else "m"
            return {tag: [[self.enc(k), self.enc(x)] for k, x in v.items()]}
        if isinstance(v, (list, tuple)):
            return [self.enc(x) for x in v]
        if isinstance(v, (bytes, bytearray)):
            return {"b": bytes(v).hex()}
        if isinstance(v, float):
            return {"f": repr(v)}
        return v

    def dec(self, v: Any) -> Any:
        if isinstance(v, dict):
            if "m" in v:
                return {self.dec(k): self.dec(x) for k, x in v["m"]}
            if "km" in v:
                return self.aerospike.KeyOrderedDict({self.dec(k): self.dec(x) for k, x in v["km"]})
            if "f" in v:
                return float(v["f"])
            return bytes.fromhex(v["b"])
        if isinstance(v, list):
            return [self.dec(x) for x in v]
        return v

    def build(self, spec: list[Any]) -> Any:
        kw: dict[str, Any] = {}
        if len(spec) > 3:
            kw["ctx"] = [
                getattr(self.cdt_ctx, name)(*[self.dec(a) for a in a_]) for name, a_ in spec[3]
            ]
        return getattr(self.families[spec[0]], spec[1])(*[self.dec(a) for a in spec[2]], **kw)

    def one(self, client: Any, key: Any, spec: list[Any]) -> dict[str, Any]:
        # The cases set list orders with the persist-index bit (16, 17): both clients warn.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "list_order must be", DeprecationWarning)
            try:
                got = client.operate_ordered(key, [self.build(spec)])[2]
            except self.exception.AerospikeError as err:
                return {"err": err.code}
        return {"res": squash(self.enc(got))}

    def size(self, client: Any, key: Any) -> int:
        read = self.eo.expression_read("r", self.record_size)
        got: int = client.operate(key, [read])[2]["r"]
        return got

    def state(self, client: Any, key: Any) -> dict[str, Any]:
        try:
            _, meta, bins = client.get(key)
        except self.exception.AerospikeError as err:
            return {"err": err.code}
        # The blob's 17 writes, as recorded (each moves the generation); RecordSize is read after
        # each until it moves.
        first, moved = 0, None
        for n in range(17):
            client.operate(key, [self.op.write("zz", bytearray(b"x" * n))])
            if moved is None:
                size = self.size(client, key)
                if n == 0:
                    first = size
                elif size != first:
                    moved = n
        client.operate(key, [self.op.write("zz", None)])
        return {"bins": squash(self.enc(bins)), "gen": meta["gen"], "size": [first, moved]}

    def _holds_128(self, client: Any, key: Any) -> bool:
        with contextlib.suppress(self.exception.AerospikeError):
            v = client.get(key)[2].get("l")
            return isinstance(v, list) and len(v) == 128
        return False

    def replay(self, client: Any, key: Any, case: dict[str, Any]) -> dict[str, Any]:
        """The case's answers on ``client``, in the fixture's form. As when it was recorded, an op
        growing a list of exactly 128 items is skipped (it crashes an 8.1.2 server when the list
        is unordered with a persisted index)."""
        with contextlib.suppress(self.exception.RecordNotFound):
            client.remove(key)
        out: dict[str, Any] = {"init": [self.one(client, key, s) for s in case["init"]]}
        out["init_after"] = self.state(client, key)
        out["ops"] = []
        for spec in case["ops"]:
            grows = spec[0] == "lo" and len(spec) == 3 and spec[1] in GROWS
            if grows and self._holds_128(client, key):
                out["ops"].append({"skip": True})
                continue
            got = self.one(client, key, spec)
            got["after"] = self.state(client, key)
            out["ops"].append(got)
        return out
