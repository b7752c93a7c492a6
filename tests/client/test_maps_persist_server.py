"""Maps with a persisted index (``persist_index=True``) compared with a real Aerospike 8.1.2 server.

``data/map_persist_server.json`` holds 150 random cases run on the server with the official client
19.3.0 (see its ``source``): maps of the three orders made persisted by ``map_create``,
``map_set_policy`` or a put's policy, then random selections, writes and policy changes, some
through a context into a nested map. Each case is replayed here on the embedded engine and every
answer, error code, stored map, generation and ``RecordSize`` must be the server's.

The answers that only a key-value-ordered map's value order index changes (``test_value_index_*``)
follow the server's source (particle_map.c's indexed paths); see docs/client.md.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.engine import intake
from aeromodel.client.helpers import cdt_ctx
from aeromodel.client.helpers.expressions import base as eb
from aeromodel.client.helpers.operations import expression_operations as eo
from aeromodel.client.helpers.operations import map_operations as mo
from aeromodel.client.values import FlaggedMap

DATA = json.loads((Path(__file__).parent / "data" / "map_persist_server.json").read_text())
K = ("test", "pp_persist", "k")  # the set the server cases used (its name counts in sizes)


def _enc(v: Any) -> Any:
    if isinstance(v, dict):
        tag = "km" if isinstance(v, aerospike.KeyOrderedDict) else "m"
        return {tag: [[_enc(k), _enc(x)] for k, x in v.items()]}
    if isinstance(v, (list, tuple)):
        return [_enc(x) for x in v]
    if isinstance(v, (bytes, bytearray)):
        return {"b": bytes(v).hex()}
    if isinstance(v, float):
        return {"f": repr(v)}
    return v


def _dec(v: Any) -> Any:
    if isinstance(v, dict):
        if "m" in v:
            return {_dec(k): _dec(x) for k, x in v["m"]}
        if "km" in v:
            return aerospike.KeyOrderedDict({_dec(k): _dec(x) for k, x in v["km"]})
        if "f" in v:
            return float(v["f"])
        return bytes.fromhex(v["b"])
    if isinstance(v, list):
        return [_dec(x) for x in v]
    return v


def _op(spec: list[Any]) -> dict[str, Any]:
    args = [_dec(a) for a in spec[2]]
    kw: dict[str, Any] = {}
    if len(spec) > 3:
        kw["ctx"] = [getattr(cdt_ctx, name)(*[_dec(a) for a in a_]) for name, a_ in spec[3]]
    op: dict[str, Any] = getattr(mo, spec[1])(*args, **kw)
    return op


def _one(client: Any, spec: list[Any]) -> dict[str, Any]:
    try:
        return {"res": _enc(client.operate_ordered(K, [_op(spec)])[2])}
    except exception.AerospikeError as err:
        return {"err": err.code}


def _state(client: Any) -> dict[str, Any]:
    _, meta, bins = client.get(K)
    size = client.operate(K, [eo.expression_read("rs", eb.RecordSize().compile())])[2]["rs"]
    return {"bins": _enc(bins), "gen": meta["gen"], "size": size}


@pytest.fixture(scope="module")
def client() -> Any:
    return aerospike.client({"embedded": {"name": "maps-persist-server"}}).connect()


@pytest.mark.parametrize("n", range(len(DATA["cases"])))
def test_server_case(client: Any, n: int) -> None:
    case = DATA["cases"][n]
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(K)
    want = case["want"]
    assert [_one(client, s) for s in case["init"]] == want["init"]
    for spec, w in zip(case["ops"], want["ops"]):
        got = _one(client, spec)
        got["after"] = _state(client)
        assert got == w, spec


# -- a key-value-ordered map's value order index ------------------------------------------------

V = aerospike.MAP_RETURN_VALUE
IX = aerospike.MAP_RETURN_INDEX
RI = aerospike.MAP_RETURN_REVERSE_INDEX
R = aerospike.MAP_RETURN_RANK
RR = aerospike.MAP_RETURN_REVERSE_RANK
KV = aerospike.MAP_RETURN_KEY_VALUE


def _fresh(client: Any) -> None:
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(K)
    client.put(K, {"x": 1})


def _kv_map(client: Any, persist: bool) -> None:
    _fresh(client)
    client.operate(K, [mo.map_create("m", aerospike.MAP_KEY_VALUE_ORDERED, persist),
                       mo.map_put_items("m", {"a": 3, "b": 1, "c": 2, "d": 1})])


@pytest.mark.parametrize(
    ("op", "indexed", "plain"),
    [
        # value ranges: entries and indexes in rank order through the index, else by index
        (mo.map_get_by_value_range("m", 1, 4, V), [1, 1, 2, 3], [3, 1, 2, 1]),
        (mo.map_get_by_value_range("m", 1, 4, IX), [1, 3, 2, 0], [0, 1, 2, 3]),
        (mo.map_get_by_value_range("m", 2, 4, RI), [1, 3], [3, 1]),
        (mo.map_get_by_value_range("m", 1, 3, KV), ["b", 1, "d", 1, "c", 2], ["b", 1, "c", 2, "d", 1]),
        (mo.map_get_by_value("m", 1, IX), [1, 3], [1, 3]),
        (mo.map_get_by_value_range("m", 2, 10, R), [2, 3], [2, 3]),
        # inverted: by mask (index order) on both paths
        (mo.map_get_by_value_range("m", 2, 3, IX, True), [0, 1, 3], [0, 1, 3]),
        # nothing found, inverted: every index; through the index each reversed on its own
        (mo.map_get_by_value("m", 9, RI, True), [3, 2, 1, 0], [0, 1, 2, 3]),
        # value lists: each listed value's run in rank order, a value listed twice answers twice
        (mo.map_get_by_value_list("m", [2, 1], IX), [2, 1, 3], [1, 2, 3]),
        (mo.map_get_by_value_list("m", [1, 1], IX), [1, 3, 1, 3], [1, 3]),
        (mo.map_get_by_value_list("m", [2, 1], R), [2, 0, 1], [2, 0, 1]),
        (mo.map_get_by_value_list("m", [3, 3], RR), [0, 0], [0]),
    ],
)
def test_value_index_answers(client: Any, op: dict[str, Any], indexed: Any, plain: Any) -> None:
    _kv_map(client, True)
    assert client.operate(K, [op])[2]["m"] == indexed
    _kv_map(client, False)
    assert client.operate(K, [op])[2]["m"] == plain


def test_value_index_removes_what_it_answers(client: Any) -> None:
    _kv_map(client, True)
    _, _, bins = client.operate_ordered(K, [mo.map_remove_by_value_range("m", 1, 3, IX),
                                            mo.map_size("m")])
    assert bins == [("m", [1, 3, 2]), ("m", 1)]
    assert client.get(K)[2]["m"] == {"a": 3}


def test_persisted_index_stays_top_level(client: Any) -> None:
    """A nested map never keeps the flag: its size is the plain map's, as on the server."""
    _fresh(client)
    client.operate(K, [mo.map_put("m", "n", {"a": 1, "b": 2}),
                       mo.map_set_policy("m", {"map_order": 3, "persist_index": True},
                                         [cdt_ctx.cdt_ctx_map_key("n")])])
    sized = client.operate(K, [eo.expression_read("rs", eb.RecordSize().compile())])[2]["rs"]
    _fresh(client)
    client.operate(K, [mo.map_put("m", "n", {"a": 1, "b": 2}),
                       mo.map_set_policy("m", {"map_order": 3}, [cdt_ctx.cdt_ctx_map_key("n")])])
    assert client.operate(K, [eo.expression_read("rs", eb.RecordSize().compile())])[2]["rs"] == sized


def test_index_sizes() -> None:
    """The stored index: an offset per entry (1-4 bytes by the content's size), and for a
    key-value-ordered map a rank per entry too (by the entry count), in the map's ext entry."""
    small = {i: i for i in range(5)}  # 10 content bytes
    plain = intake.particle_size(FlaggedMap(small, 1))
    # the flags' empty ext8 entry becomes an ext8 of 5 (or 10) bytes
    assert intake.particle_size(FlaggedMap(small, 0x11)) == plain + 5
    assert intake.particle_size(FlaggedMap(small, 0x13)) == plain + 10
    assert intake.particle_size(FlaggedMap({1: 1}, 0x13)) == intake.particle_size(FlaggedMap({1: 1}, 3))
    two = {1: 1, 2: 2}
    # a fixext4 (2-byte header) in place of the empty ext8 (3 bytes)
    assert intake.particle_size(FlaggedMap(two, 0x13)) == intake.particle_size(FlaggedMap(two, 3)) + 4 - 1
    big = {i: b"x" * 300 for i in range(300)}  # content over 64 KiB: 3-byte offsets, 2-byte ranks
    assert intake.particle_size(FlaggedMap(big, 0x13)) == (
        intake.particle_size(FlaggedMap(big, 3)) + 300 * 3 + 300 * 2 + 1
    )


def test_record_too_big_counts_the_index(client: Any) -> None:
    """The index counts against the record-size limit."""
    _fresh(client)
    client.operate(K, [mo.map_create("m", aerospike.MAP_KEY_VALUE_ORDERED, True),
                       mo.map_put_items("m", {i: b"x" * 1000 for i in range(1000)})])
    rec = client.operate(K, [eo.expression_read("rs", eb.RecordSize().compile())])[2]["rs"]
    with pytest.raises(exception.RecordTooBig):
        client.operate(K, [mo.map_put("m", 5000, b"y" * (1048576 - rec + 8))])
