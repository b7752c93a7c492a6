"""The engine driven directly with wire commands: the operation registry, the server's limits on
operations and bins, refusals that leave the record untouched, generation wrap, config checks."""

from __future__ import annotations

import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from _support import ManualClock
from hypothesis import given, settings
from hypothesis import strategies as st

from aeromodel.client.command import (
    BATCH_RESPOND_ALL_KEYS,
    INFO1_GET_ALL,
    INFO1_READ,
    INFO2_WRITE,
    OP_CDT_MODIFY,
    OP_CDT_READ,
    OP_INCR,
    OP_READ,
    OP_WRITE,
    BatchCommand,
    Command,
)
from aeromodel.client.engine import commands
from aeromodel.client.engine.commands import MAX_BINS, MAX_OPS
from aeromodel.client.engine.engine import Engine, EngineConfigError, node_name_of
from aeromodel.client.engine.ops import HANDLERS, NO_RESULT, register
from aeromodel.client.engine.storage import FlatRecord
from aeromodel.client.helpers.expressions import base as e
from aeromodel.client.values import Expression

START = 1_700_000_000.0
FILTER = e.GT(e.IntBin("a"), 4).compile()  # a filter: bin a > 4
PASSES_1 = e.Eq(e.IntBin("a"), 1).compile()


@pytest.fixture
def engine() -> Iterator[Engine]:
    name = f"engine-cmd-{uuid.uuid4().hex}"
    eng = Engine.shared(name, clock=ManualClock(START))
    yield eng
    Engine.drop(name)


def digest(i: int) -> bytes:
    return i.to_bytes(4, "little") + bytes(16)


def write(d: bytes, ops: list[tuple[int, str, Any]], **kw: Any) -> Command:
    return Command("test", "demo", d, None, 0, INFO2_WRITE, 0, 0, 0, ops, kw.get("filter_exp"))


def get(d: bytes, filter_exp: Any = None) -> Command:
    return Command("test", "demo", d, None, INFO1_READ | INFO1_GET_ALL, 0, 0, 0, 0, None, filter_exp)


def read(d: bytes, ops: list[tuple[int, str, Any]]) -> Command:
    return Command("test", "demo", d, None, INFO1_READ, 0, 0, 0, 0, ops)


def bins_of(engine: Engine, d: bytes) -> Any:
    res = engine.execute(get(d))
    return (res.code, res.gen, dict(res.bins) if res.bins is not None else None)


# -- the registry -------------------------------------------------------------------------------


def test_every_scalar_operation_has_a_registered_handler() -> None:
    assert {1, 2, 5, 9, 10, 11, 14} <= set(HANDLERS)


@pytest.mark.parametrize("op_type", [7, 8])
def test_an_expression_operation_with_a_malformed_value_is_invalid(
    engine: Engine, op_type: int
) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    res = engine.execute(write(digest(1), [(OP_WRITE, "a", 2), (op_type, "a", [0])]))
    assert res.code == 4
    assert bins_of(engine, digest(1)) == (0, 1, {"a": 1})


@pytest.mark.parametrize("op_type", [0, 6, 17, 99])
def test_an_operation_type_the_server_does_not_know_is_invalid(engine: Engine, op_type: int) -> None:
    res = engine.execute(write(digest(1), [(OP_WRITE, "a", 2), (op_type, "a", 1)]))
    assert res.code == 4
    assert bins_of(engine, digest(1))[0] == 2


def test_a_read_command_carrying_a_write_operation_is_invalid(engine: Engine) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    assert engine.execute(read(digest(1), [(OP_READ, "a", None), (OP_WRITE, "a", 5)])).code == 4
    assert engine.execute(read(digest(1), [(OP_INCR, "a", 5)])).code == 4
    assert bins_of(engine, digest(1)) == (0, 1, {"a": 1})


def test_a_registered_handler_serves_reads_and_writes(engine: Engine) -> None:
    op_type = 200  # an unused type, registered for the test only

    @register(op_type)
    def doubled(rec: Any, name: str, _value: Any) -> Any:
        value = rec.get(name)
        return NO_RESULT if value is None else 2 * value

    try:
        engine.execute(write(digest(1), [(OP_WRITE, "a", 21)]))
        res = engine.execute(write(digest(1), [(OP_WRITE, "a", 4), (op_type, "a", None)]))
        assert (res.code, res.ops) == (0, [("a", 8)])
        with pytest.raises(ValueError, match="already has a handler"):
            register(op_type)(doubled)
    finally:
        del HANDLERS[op_type]


# -- filter expressions -------------------------------------------------------------------------


def test_a_record_failing_the_filter_is_filtered_out_and_unchanged(engine: Engine) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    res = engine.execute(write(digest(1), [(OP_WRITE, "a", 2)], filter_exp=FILTER))
    assert res.code == 27
    assert engine.execute(get(digest(1), FILTER)).code == 27
    assert engine.execute(get(digest(2), FILTER)).code == 2  # missing: not found, not filtered
    assert bins_of(engine, digest(1)) == (0, 1, {"a": 1})
    engine.execute(write(digest(1), [(OP_WRITE, "a", 5)]))
    assert engine.execute(get(digest(1), FILTER)).code == 0


def test_a_batchs_filter_applies_to_records_without_their_own(engine: Engine) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    engine.execute(write(digest(2), [(OP_WRITE, "a", 5)]))
    records = [get(digest(1)), get(digest(2)), get(digest(1), PASSES_1), get(digest(3))]
    res = engine.execute_batch(BatchCommand(BATCH_RESPOND_ALL_KEYS, records, FILTER))
    assert [r.code for r in res.records] == [27, 0, 0, 2]


def test_a_batchs_whole_record_reads_answer_as_single_reads(engine: Engine) -> None:
    """The batch's in-line whole-record read answers what execute() does: stored user key,
    generation and void time included."""
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    engine.execute(write(digest(2), [(OP_WRITE, "a", 2)])._replace(user_key="k2", ttl=100))
    engine.execute(write(digest(2), [(OP_WRITE, "b", [1, 2])]))
    records = [get(digest(1)), get(digest(2)), get(digest(3))]
    res = engine.execute_batch(BatchCommand(BATCH_RESPOND_ALL_KEYS, records))
    assert res.records == [engine.execute(cmd) for cmd in records]
    assert [(r.code, r.gen, r.key) for r in res.records] == [(0, 1, None), (0, 2, "k2"), (2, 0, None)]


def test_a_malformed_batch_filter_fails_the_batch_before_any_record(engine: Engine) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    batch = BatchCommand(BATCH_RESPOND_ALL_KEYS, [write(digest(1), [(OP_WRITE, "a", 9)])],
                         Expression(b"\x93\x01"))
    res = engine.execute_batch(batch)
    assert (res.code, res.records) == (4, [])
    assert bins_of(engine, digest(1)) == (0, 1, {"a": 1})


# -- the server's limits (as/src/transaction/write.c, read.c: MAX_N_OPS, RECORD_MAX_BINS) -------


def test_more_than_32768_operations_is_invalid(engine: Engine) -> None:
    ops = [(OP_WRITE, "a", i) for i in range(MAX_OPS + 1)]
    assert engine.execute(write(digest(1), ops)).code == 4
    assert engine.execute(get(digest(1))).code == 2
    assert engine.execute(write(digest(1), ops[:MAX_OPS])).code == 0
    assert engine.execute(read(digest(1), [(OP_READ, "a", None)] * (MAX_OPS + 1))).code == 4


def test_a_record_of_more_than_32767_bins_is_invalid(engine: Engine) -> None:
    names = [format(i, "x") for i in range(MAX_BINS + 1)]
    res = engine.execute(write(digest(1), [(OP_WRITE, n, 1) for n in names]))
    assert res.code == 4
    assert engine.execute(get(digest(1))).code == 2
    assert engine.execute(write(digest(1), [(OP_WRITE, n, 1) for n in names[:-1]])).code == 0
    # One more bin on a full record is refused too, and the record stays as it was.
    assert engine.execute(write(digest(1), [(OP_WRITE, names[-1], 1)])).code == 4
    code, gen, bins = bins_of(engine, digest(1))
    assert (code, gen, len(bins)) == (0, 1, MAX_BINS)
    # Replacing a bin of a full record is fine.
    assert engine.execute(write(digest(1), [(OP_WRITE, names[0], 2)])).code == 0


def test_no_operations_is_invalid(engine: Engine) -> None:
    assert engine.execute(write(digest(1), [])).code == 4


# -- refusals leave the record untouched --------------------------------------------------------


@pytest.mark.parametrize(
    "ops",
    [
        [(OP_WRITE, "b", 2), (OP_INCR, "s", 1)],  # incompatible type: 12
        [(OP_WRITE, "b", 2), (OP_WRITE, "c", 2**63)],  # not a wire int: 4
        [(OP_WRITE, "b", 2), (OP_WRITE, "c", {1.5: 1})],  # float map key: 4
        [(OP_WRITE, "b", 2), (OP_WRITE, "c", object())],  # not a wire value: 4
        [(OP_WRITE, "b", 2), (OP_WRITE, "sixteen-bytes-xx", 1)],  # bin name over 15 bytes: 21
    ],
)
def test_a_failing_operation_stores_nothing(engine: Engine, ops: Any) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "s", "x")]))
    res = engine.execute(write(digest(1), ops))
    assert res.code in (4, 12, 21)
    assert bins_of(engine, digest(1)) == (0, 1, {"s": "x"})


# -- generation ---------------------------------------------------------------------------------


def test_generation_wraps_from_65535_to_1(engine: Engine) -> None:
    d = digest(7)
    engine.execute(write(d, [(OP_WRITE, "a", 1)]))
    ns = engine.namespaces["test"]
    part = ns.partition(d)
    with part.lock:
        old = part.get(d)
        assert old is not None
        rec = FlatRecord(old)
        rec.gen, rec.size, rec.void_time, rec.lut, rec.ident = 0xFFFF, old.size, 0, old.lut, "demo"
        part.put(d, old, rec)
    assert engine.execute(get(d)).gen == 0xFFFF
    res = engine.execute(write(d, [(OP_WRITE, "a", 2)]))
    assert (res.code, res.gen) == (0, 1)
    assert bins_of(engine, d) == (0, 1, {"a": 2})
    assert engine.execute(write(d, [(OP_WRITE, "a", 3)])).gen == 2


# -- engine configuration -----------------------------------------------------------------------


def test_a_namespace_configured_again_with_other_settings_is_refused() -> None:
    name = f"engine-cfg-{uuid.uuid4().hex}"
    try:
        eng = Engine.shared(name, {"users": {"default-ttl": 30}})
        assert Engine.shared(name, {"users": {"default-ttl": 30}}) is eng
        assert Engine.shared(name, {"users": {"default_ttl": 30}, "more": {}}) is eng
        assert "more" in eng.namespaces
        with pytest.raises(EngineConfigError, match=r"users.*default-ttl"):
            Engine.shared(name, {"users": {"default-ttl": 60}})
        with pytest.raises(EngineConfigError, match=r"test.*max-record-size"):
            Engine.shared(name, {"test": {"max-record-size": 4096}})
        with pytest.raises(EngineConfigError, match="unknown setting"):
            Engine.shared(name, {"users": {"default-ttl": 30, "colour": 1}})
        assert eng.namespaces["users"].default_ttl == 30
        assert eng.namespaces["test"].max_record_size == 1024 * 1024
    finally:
        Engine.drop(name)


def test_the_node_name_is_the_same_in_every_process() -> None:
    name = "stable-node-name"
    here = node_name_of(name)
    assert len(here) == 16 and here.startswith("BB9") and here.endswith("0")
    int(here[3:15], 16)
    code = (
        "from aeromodel.client.engine.engine import node_name_of;"
        f"print(node_name_of({name!r}))"
    )
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PYTHONPATH": ":".join(sys.path)},
        )
        assert out.stdout.strip() == here
    assert node_name_of("another") != here


# -- the in-line fast path for plain writes gives the write handler's result --------------------

PLAIN = st.one_of(
    st.integers(-(2**64), 2**64),
    st.floats(allow_nan=False),
    st.text(max_size=20),
    st.binary(max_size=5),
    st.none(),
    st.lists(st.integers(0, 3), max_size=3),
)
OPS = st.lists(
    st.tuples(st.sampled_from([OP_WRITE, OP_WRITE, OP_WRITE, OP_INCR, OP_READ]),
              st.sampled_from(["a", "b", "é", "sixteen-bytes-xx"]), PLAIN),
    min_size=1,
    max_size=8,
)


def _run(fast: bool, writes: list[Any]) -> list[Any]:
    name = f"fast-path-{fast}"
    eng = Engine.shared(name, clock=ManualClock(START))
    old = commands.FAST_PLAIN_WRITES
    commands.FAST_PLAIN_WRITES = fast
    try:
        seen = []
        for ops in writes:
            res = eng.execute(write(digest(3), ops))
            rec = eng.namespaces["test"].get(digest(3))
            seen.append((res.code, res.gen, res.ops, None if rec is None else
                         (list(rec.items()), rec.size, type(rec).__name__)))
        return seen
    finally:
        commands.FAST_PLAIN_WRITES = old
        Engine.drop(name)


@settings(max_examples=150, deadline=None)
@given(st.lists(OPS, min_size=1, max_size=5))
def test_plain_writes_in_line_match_the_write_handler(writes: list[Any]) -> None:
    assert _run(True, writes) == _run(False, writes)


@pytest.mark.parametrize("payload", [[], [9999], [0xFF, [0x10], [1, 5]], "x"])
def test_a_cdt_operation_the_engine_does_not_know_is_invalid(engine: Engine, payload: Any) -> None:
    engine.execute(write(digest(1), [(OP_WRITE, "a", 1)]))
    for op_type in (OP_CDT_READ, OP_CDT_MODIFY):
        res = engine.execute(write(digest(1), [(OP_WRITE, "a", 2), (op_type, "l", payload)]))
        assert res.code == 4
    assert bins_of(engine, digest(1)) == (0, 1, {"a": 1})
