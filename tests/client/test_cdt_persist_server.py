"""Persisted indexes (lists, maps' value order, context flag 0x100) and far padding, compared with
a real Aerospike 8.1.2 server.

- ``data/list_persist_server.json``: 180 random cases of lists given a persisted index, then
  random list operations (contexts, emptying removals, order changes, sorts, 129+ items, content
  over 255 bytes); every answer, error code, bins, generation and exact size is the server's.
- ``data/map_value_index_server.json``: key-value-ordered maps with the index and repeated values,
  selected by value, value range and value list; the first 71 cases answer differently without
  the value order index.
- ``data/ctx_persist_server.json``: context entries carrying 0x100 (sent by aeromodel's cluster
  client, with the flag or-ed in as the scenarios below do).

The cases replay through each transport's client: embedded, and ours and the official one over
``aeromodel serve``.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from _cdt_replay import Replayer
from _support import CTX_FLAG_0X100, AnyClient

import aeromodel.client as ours
from aeromodel.client import exception as ours_exception
from aeromodel.client.commands import cdt as cdt_commands
from aeromodel.client.engine import intake
from aeromodel.client.helpers import cdt_ctx as C
from aeromodel.client.helpers.operations import list_operations as ours_lo
from aeromodel.client.helpers.operations import map_operations as mo
from aeromodel.client.values import IndexedList, IndexedOrderedList, OrderedList, pack

pytestmark = pytest.mark.transports

DATA = Path(__file__).parent / "data"
LISTS = json.loads((DATA / "list_persist_server.json").read_text())["cases"]
MAPS = json.loads((DATA / "map_value_index_server.json").read_text())["cases"]
CTX = json.loads((DATA / "ctx_persist_server.json").read_text())["scenarios"]


@pytest.fixture
def replayer(transport: str) -> Replayer:
    return Replayer(transport)


@pytest.mark.parametrize("n", range(len(LISTS)))
def test_list_case(client: AnyClient, replayer: Replayer, n: int) -> None:
    case = LISTS[n]
    assert replayer.replay(client, ("test", case["set"], "k"), case) == case["want"]


@pytest.mark.parametrize("n", range(len(MAPS)))
def test_map_value_index_case(client: AnyClient, replayer: Replayer, n: int) -> None:
    case = MAPS[n]
    assert replayer.replay(client, ("test", case["set"], "k"), case) == case["want"]


# -- the context create flag 0x100 ------------------------------------------------------------
# Sent by patching our context encoder: these run on our client only (CTX_FLAG_0X100).

P = 0x100
K = ("test", "p2_p100", "k")


def _scenarios() -> list[tuple[str, Any, list[int], Any, list[Any]]]:
    out: list[tuple[str, Any, list[int], Any, list[Any]]] = []
    for order in (0, 1, 3):
        def key(k: str) -> Any:
            return C.cdt_ctx_map_key_create(k, order)  # noqa: B023 - used at once
        out += [
            (f"map top order {order}", None, [P], mo.map_put("m", "x", 1, ctx=[key("a")]),
             [mo.map_put_items("m", {"b": 2, "c": "v", "d": 2})]),
            (f"map top order {order} nested", None, [P], mo.map_put("m", "x", 1, ctx=[key("a"), key("b")]), []),
            (f"map second order {order}", None, [0, P], mo.map_put("m", "x", 1, ctx=[key("a"), key("b")]), []),
            (f"map exists order {order}", {"m": {"a": {"q": 1}, "z": 2}}, [P],
             mo.map_put("m", "x", 1, ctx=[key("a")]), []),
            (f"map exists missing order {order}", {"m": {"z": 2}}, [P], mo.map_put("m", "x", 1, ctx=[key("a")]), []),
            (f"map exists missing sub order {order}", {"m": {"z": 2}}, [0, P],
             mo.map_put("m", "x", 1, ctx=[key("a"), key("b")]), []),
        ]
    for lorder, pad in ((0, False), (0, True), (1, False)):
        def at(i: int) -> Any:
            return C.cdt_ctx_list_index_create(i, lorder, pad)  # noqa: B023 - used at once
        lo = ours_lo
        out += [
            (f"list exists pad {lorder} {pad}", {"l": [1, 2]}, [P], lo.list_append("l", 7, ctx=[at(5)]), []),
            (f"list exists end {lorder} {pad}", {"l": [1, 2]}, [P], lo.list_append("l", 7, ctx=[at(2)]), []),
            (f"list second {lorder} {pad}", None, [0, P], lo.list_append("l", 7, ctx=[at(0), at(0)]), []),
        ]
    out += [
        ("bare 0x100 map empty bin", None, [P], mo.map_put("m", "x", 1, ctx=[C.cdt_ctx_map_key("a")]), []),
        ("bare 0x100 map found", {"m": {"a": {"q": 1}}}, [P], mo.map_put("m", "x", 1, ctx=[C.cdt_ctx_map_key("a")]), []),
        ("bare 0x100 map missing", {"m": {"b": {"q": 1}}}, [P], mo.map_put("m", "x", 1, ctx=[C.cdt_ctx_map_key("a")]), []),
        ("bare 0x100 list found", {"l": [[1]]}, [P], ours_lo.list_append("l", 7, ctx=[C.cdt_ctx_list_index(0)]), []),
        ("read 0x100", {"m": {"a": {"q": 1}}}, [P],
         mo.map_get_by_key("m", "q", ours.MAP_RETURN_VALUE, ctx=[C.cdt_ctx_map_key("a")]), []),
        ("read 0x140", {"m": {"a": {"q": 1}}}, [P],
         mo.map_get_by_key("m", "q", ours.MAP_RETURN_VALUE, ctx=[C.cdt_ctx_map_key_create("a", 0)]), []),
    ]
    return out


def _run(client: AnyClient, ops: list[Any]) -> Any:
    try:
        return client.operate_ordered(K, ops)[2]
    except ours_exception.AerospikeError as err:
        return ("ERR", err.code)


@pytest.mark.ours_only(CTX_FLAG_0X100)
@pytest.mark.parametrize("scenario", _scenarios(), ids=lambda s: s[0])
def test_ctx_persist_flag(
    client: AnyClient, replayer: Replayer, monkeypatch: pytest.MonkeyPatch, scenario: Any
) -> None:
    name, setup, extra, op, after = scenario
    plain = cdt_commands.encode_ctx

    def flagged(ctx: Any, codec: Any = None) -> list[Any]:
        out = plain(ctx, codec)
        for i, bits in enumerate(extra):
            out[2 * i] |= bits
        return out

    with contextlib.suppress(ours_exception.RecordNotFound):
        client.remove(K)
    if setup is not None:
        client.put(K, setup)
    monkeypatch.setattr(cdt_commands, "encode_ctx", flagged)
    res = _run(client, [op])
    monkeypatch.setattr(cdt_commands, "encode_ctx", plain)
    rest = [_run(client, [a]) for a in after]
    st = replayer.state(client, K)
    got = {"res": replayer.enc(res), "after": replayer.enc(rest),
           "state": {"bins": st.get("bins"), "size": st.get("size"), "err": st.get("err")}}
    assert got == CTX[name]


@pytest.mark.ours_only(CTX_FLAG_0X100)
def test_a_list_created_by_a_context_with_0x100_is_refused(
    client: AnyClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A real 8.1.2 server crashes on this request (a size mismatch creating the list): refused."""
    plain = cdt_commands.encode_ctx

    def flagged(ctx: Any, codec: Any = None) -> list[Any]:
        out = plain(ctx, codec)
        out[0] |= P
        return out

    with contextlib.suppress(ours_exception.RecordNotFound):
        client.remove(K)
    monkeypatch.setattr(cdt_commands, "encode_ctx", flagged)
    for lorder, pad in ((0, False), (0, True), (1, False)):
        ctx = [C.cdt_ctx_list_index_create(0, lorder, pad)]
        with pytest.raises(ours_exception.OpNotApplicable):
            client.operate(K, [ours_lo.list_append("l", 7, ctx=ctx)])
    assert client.exists(K)[1] is None


# -- lists padded far past their end ----------------------------------------------------------


@pytest.mark.parametrize(
    ("index", "code"),
    # As the server answered (8.1.2): past 8 MiB of nils a record is too big whatever the
    # namespace allows; an end at 2**31-1 or more is a parameter error; past 2**31, 26.
    [(1 << 24, 13), ((1 << 31) - 2, 4), ((1 << 31) - 1, 4), (1 << 31, 26)],
)
def test_padding_far_past_the_end_is_refused_first(
    client: AnyClient, exception: ModuleType, list_operations: ModuleType, index: int, code: int
) -> None:
    lo = list_operations
    for op in (lo.list_insert("l", index, 5), lo.list_insert_items("l", index, [5, 6]),
               lo.list_set("l", index, 5)):
        client.put(K, {"l": [1]})
        with pytest.raises(exception.AerospikeError) as info:
            client.operate(K, [op])
        assert info.value.code == code
        assert client.get(K)[2] == {"l": [1]}


def test_padding_within_a_record_is_built_then_refused_as_too_big(
    client: AnyClient, exception: ModuleType, list_operations: ModuleType, cdt_ctx: ModuleType
) -> None:
    lo, C = list_operations, cdt_ctx
    client.put(K, {"l": [1]})
    with pytest.raises(exception.RecordTooBig):
        client.operate(K, [lo.list_insert("l", 1 << 20, 5)])
    with pytest.raises(exception.RecordTooBig):
        client.operate(K, [lo.list_append("l", 5, ctx=[C.cdt_ctx_list_index_create(1 << 24, 0, True)])])


# -- sizes ------------------------------------------------------------------------------------


def test_list_index_sizes() -> None:
    """An ordered list keeps an offset per item (1-4 bytes by its content's size), an unordered one
    an offset per 128 items (none up to 128 items), in the ext entry that leads the list."""
    small = tuple(range(5))
    assert intake.packed_size(IndexedOrderedList(small)) == intake.packed_size(OrderedList(small)) + 5
    assert intake.packed_size(IndexedList(small)) == intake.packed_size(small) + 3
    assert intake.packed_size(IndexedList(())) == 4 and intake.packed_size(IndexedList((1,))) == 5
    big = tuple(range(200))  # 272 content bytes: 2-byte offsets
    assert intake.packed_size(IndexedOrderedList(big)) == intake.packed_size(OrderedList(big)) + 400 + 1
    # two 2-byte offsets in a fixext4 (2-byte header)
    assert intake.packed_size(IndexedList(big)) == intake.packed_size(big) + 2 + 4
    assert intake.packed_size(IndexedList(tuple(range(128)))) == intake.packed_size(tuple(range(128))) + 3
    assert intake.packed_size(IndexedList(tuple(range(129)))) == intake.packed_size(tuple(range(129))) + 2 + 2


def test_strings_of_32_to_255_bytes_are_str8() -> None:
    """A server stores a string or blob of 32-255 bytes (its type byte included) in a list or map
    with a 2-byte header, whatever the client sent."""
    assert intake.packed_size("x" * 30) == 32 and intake.packed_size("x" * 31) == 34
    assert intake.packed_size("x" * 254) == 257 and intake.packed_size("x" * 255) == 259


def test_an_indexed_list_reads_as_a_plain_list(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType, list_operations: ModuleType,
    expression_operations: ModuleType, exp: ModuleType,
) -> None:
    """Reads and expressions see the list without its index (never sent back)."""
    lo, eo = list_operations, expression_operations
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(K)
    client.operate(K, [lo.list_create("l", aerospike.LIST_ORDERED, False, True),
                       lo.list_append_items("l", [3, 1, 2])])
    assert client.get(K)[2]["l"] == [1, 2, 3]
    size = exp.ListSize(None, exp.ListBin("l")).compile()
    last = exp.ListGetByIndex(None, aerospike.LIST_RETURN_VALUE, exp.ResultType.INTEGER, -1,
                              exp.ListBin("l")).compile()
    bins = client.operate(K, [eo.expression_read("n", size), eo.expression_read("v", last)])[2]
    assert bins == {"n": 3, "v": 3}


def test_an_indexed_list_packs_as_a_plain_list() -> None:
    """The wire form of a list never carries its index."""
    assert pack(IndexedOrderedList((1, 2)), True, True) == pack(OrderedList((1, 2)), True, True)
    assert pack(IndexedList((1, 2)), True, True) == pack((1, 2), True, True)
