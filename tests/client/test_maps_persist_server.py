"""Maps with a persisted index (``persist_index=True``) compared with a real Aerospike 8.1.2 server.

``data/map_persist_server.json`` holds 150 random cases run on the server with the official client
19.3.0 (see its ``source``): maps of the three orders made persisted by ``map_create``,
``map_set_policy`` or a put's policy, then random selections, writes and policy changes, some
through a context into a nested map. Each case is replayed here through each transport's client
(embedded, ours and the official one over ``aeromodel serve``) and every answer, error code,
stored map, generation and ``RecordSize`` must be the server's.

The answers that only a key-value-ordered map's value order index changes (``test_value_index_*``)
follow the server's source (particle_map.c's indexed paths); see docs/client.md.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from _cdt_replay import Replayer
from _support import AnyClient

# Plain ints, the same in the official module (test_constants pins them).
from aeromodel.client import (
    MAP_RETURN_INDEX,
    MAP_RETURN_KEY_VALUE,
    MAP_RETURN_RANK,
    MAP_RETURN_REVERSE_INDEX,
    MAP_RETURN_REVERSE_RANK,
    MAP_RETURN_VALUE,
)
from aeromodel.client.engine import intake
from aeromodel.client.values import FlaggedMap

pytestmark = pytest.mark.transports

DATA = json.loads((Path(__file__).parent / "data" / "map_persist_server.json").read_text())
K = ("test", "pp_persist", "k")  # the set the server cases used (its name counts in sizes)


@pytest.fixture
def replayer(transport: str) -> Replayer:
    return Replayer(transport)


def _state(client: AnyClient, r: Replayer) -> dict[str, Any]:
    _, meta, bins = client.get(K)
    return {"bins": r.enc(bins), "gen": meta["gen"], "size": r.size(client, K)}


@pytest.mark.parametrize("n", range(len(DATA["cases"])))
def test_server_case(client: AnyClient, replayer: Replayer, n: int) -> None:
    case = DATA["cases"][n]
    r = replayer
    with contextlib.suppress(r.exception.RecordNotFound):
        client.remove(K)
    want = case["want"]

    def one(spec: list[Any]) -> dict[str, Any]:
        try:
            return {"res": r.enc(client.operate_ordered(K, [r.build(["mo", *spec[1:]])])[2])}
        except r.exception.AerospikeError as err:
            return {"err": err.code}

    assert [one(s) for s in case["init"]] == want["init"]
    for spec, w in zip(case["ops"], want["ops"]):
        got = one(spec)
        got["after"] = _state(client, r)
        assert got == w, spec


# -- a key-value-ordered map's value order index ------------------------------------------------

V = MAP_RETURN_VALUE
IX = MAP_RETURN_INDEX
RI = MAP_RETURN_REVERSE_INDEX
R = MAP_RETURN_RANK
RR = MAP_RETURN_REVERSE_RANK
KV = MAP_RETURN_KEY_VALUE

MapOp = Callable[[ModuleType], dict[str, Any]]
"""An operation built from the transport's ``map_operations`` module."""


def _fresh(client: AnyClient, exception: ModuleType) -> None:
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(K)
    client.put(K, {"x": 1})


@pytest.fixture
def kv_map(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, map_operations: ModuleType
) -> Callable[[bool], None]:
    """Makes the record's bin ``m`` a key-value-ordered map, with a persisted index or not."""
    mo = map_operations

    def make(persist: bool) -> None:
        _fresh(client, exception)
        client.operate(K, [mo.map_create("m", aerospike.MAP_KEY_VALUE_ORDERED, persist),
                           mo.map_put_items("m", {"a": 3, "b": 1, "c": 2, "d": 1})])

    return make


@pytest.mark.parametrize(
    ("make", "indexed", "plain"),
    [
        # value ranges: entries and indexes in rank order through the index, else by index
        (lambda mo: mo.map_get_by_value_range("m", 1, 4, V), [1, 1, 2, 3], [3, 1, 2, 1]),
        (lambda mo: mo.map_get_by_value_range("m", 1, 4, IX), [1, 3, 2, 0], [0, 1, 2, 3]),
        (lambda mo: mo.map_get_by_value_range("m", 2, 4, RI), [1, 3], [3, 1]),
        (lambda mo: mo.map_get_by_value_range("m", 1, 3, KV), ["b", 1, "d", 1, "c", 2], ["b", 1, "c", 2, "d", 1]),
        (lambda mo: mo.map_get_by_value("m", 1, IX), [1, 3], [1, 3]),
        (lambda mo: mo.map_get_by_value_range("m", 2, 10, R), [2, 3], [2, 3]),
        # inverted: by mask (index order) on both paths
        (lambda mo: mo.map_get_by_value_range("m", 2, 3, IX, True), [0, 1, 3], [0, 1, 3]),
        # nothing found, inverted: every index; through the index each reversed on its own
        (lambda mo: mo.map_get_by_value("m", 9, RI, True), [3, 2, 1, 0], [0, 1, 2, 3]),
        # value lists: each listed value's run in rank order, a value listed twice answers twice
        (lambda mo: mo.map_get_by_value_list("m", [2, 1], IX), [2, 1, 3], [1, 2, 3]),
        (lambda mo: mo.map_get_by_value_list("m", [1, 1], IX), [1, 3, 1, 3], [1, 3]),
        (lambda mo: mo.map_get_by_value_list("m", [2, 1], R), [2, 0, 1], [2, 0, 1]),
        (lambda mo: mo.map_get_by_value_list("m", [3, 3], RR), [0, 0], [0]),
    ],
)
def test_value_index_answers(
    client: AnyClient, map_operations: ModuleType, kv_map: Callable[[bool], None], make: MapOp,
    indexed: Any, plain: Any,
) -> None:
    kv_map(True)
    assert client.operate(K, [make(map_operations)])[2]["m"] == indexed
    kv_map(False)
    assert client.operate(K, [make(map_operations)])[2]["m"] == plain


def test_value_index_removes_what_it_answers(
    client: AnyClient, map_operations: ModuleType, kv_map: Callable[[bool], None]
) -> None:
    mo = map_operations
    kv_map(True)
    _, _, bins = client.operate_ordered(K, [mo.map_remove_by_value_range("m", 1, 3, IX),
                                            mo.map_size("m")])
    assert bins == [("m", [1, 3, 2]), ("m", 1)]
    assert client.get(K)[2]["m"] == {"a": 3}


def test_persisted_index_stays_top_level(
    client: AnyClient, exception: ModuleType, map_operations: ModuleType, cdt_ctx: ModuleType,
    replayer: Replayer,
) -> None:
    """A nested map never keeps the flag: its size is the plain map's, as on the server."""
    mo, ctx = map_operations, [cdt_ctx.cdt_ctx_map_key("n")]
    _fresh(client, exception)
    client.operate(K, [mo.map_put("m", "n", {"a": 1, "b": 2}),
                       mo.map_set_policy("m", {"map_order": 3, "persist_index": True}, ctx)])
    sized = replayer.size(client, K)
    _fresh(client, exception)
    client.operate(K, [mo.map_put("m", "n", {"a": 1, "b": 2}),
                       mo.map_set_policy("m", {"map_order": 3}, ctx)])
    assert replayer.size(client, K) == sized


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


def test_record_too_big_counts_the_index(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, map_operations: ModuleType,
    replayer: Replayer,
) -> None:
    """The index counts against the record-size limit."""
    mo = map_operations
    _fresh(client, exception)
    client.operate(K, [mo.map_create("m", aerospike.MAP_KEY_VALUE_ORDERED, True),
                       mo.map_put_items("m", {i: b"x" * 1000 for i in range(1000)})])
    rec = replayer.size(client, K)
    with pytest.raises(exception.RecordTooBig):
        client.operate(K, [mo.map_put("m", 5000, b"y" * (1048576 - rec + 8))])
