"""Read-touch: a read carrying ``read_touch_ttl_percent`` restarts the ttl of a record that has
lived past that percent of the ttl it was last written with, as a real 8.1 server does (checked
with the official client 19.3 against CE 8.1.2): the read answers the ttl it found, the record
then has its write ttl again from now, its generation unchanged. Over 100 is InvalidRequest (4)
for a record that expires; a record that never expires, or a missing one, answers as usual.
Driven on the engine's commands with a clock moved by hand."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client.command import CITRUSLEAF_EPOCH, BatchCommand, Command
from aeromodel.client.digest import compute_digest
from aeromodel.client.engine.engine import Engine

NS, SET = "test", "read_touch"
START = 1_800_000_000.0  # a whole second: void times are whole seconds
NEVER = 0xFFFFFFFF  # -1 on the wire: never touch


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


def make(clock: Clock, **namespace: Any) -> tuple[aerospike.Client, Engine]:
    name = f"read-touch-{uuid.uuid4().hex}"
    settings: dict[str, Any] = {"name": name, "clock": clock}
    if namespace:
        settings["namespaces"] = {NS: namespace}
    c = aerospike.client({"embedded": settings})
    return c, Engine.shared(name)


@pytest.fixture
def setup(clock: Clock) -> Iterator[tuple[aerospike.Client, Engine]]:
    c, engine = make(clock)
    c.put((NS, SET, "k"), {"a": 1}, meta={"ttl": 100})
    yield c, engine
    Engine.drop(engine.name)


def read(percent: int, info1: int = 1 | 2, key: str = "k") -> Command:
    return Command(NS, SET, compute_digest(SET, key), None, info1, 0, 0, 0, percent, None)


def void_time(engine: Engine) -> int:
    d = compute_digest(SET, "k")
    rec = engine.namespaces[NS].get(d)
    assert rec is not None
    return int(rec.void_time)


WRITTEN_VOID = int(START) - CITRUSLEAF_EPOCH + 100


def test_a_read_before_the_percent_leaves_the_ttl(setup: Any, clock: Clock) -> None:
    _, engine = setup
    clock.now += 19  # 81 s left of 100: not yet in the last 80 %
    res = engine.execute(read(80))
    assert res.code == 0 and res.bins == {"a": 1}
    assert void_time(engine) == WRITTEN_VOID


def test_a_read_past_the_percent_restarts_the_ttl(setup: Any, clock: Clock) -> None:
    c, engine = setup
    clock.now += 20.5  # 80 s left: the last 80 % of the ttl has begun
    res = engine.execute(read(80))
    assert res.code == 0 and res.gen == 1
    assert res.void_time == WRITTEN_VOID  # the read answers what it found
    assert void_time(engine) == WRITTEN_VOID + 20  # now + 100
    _key, meta, bins = c.get((NS, SET, "k"))
    assert meta == {"ttl": 100, "gen": 1} and bins == {"a": 1}  # generation unchanged


def test_a_touch_in_the_second_of_the_write_moves_nothing(setup: Any, clock: Clock) -> None:
    _, engine = setup
    clock.now += 0.5
    assert engine.execute(read(100)).code == 0
    assert void_time(engine) == WRITTEN_VOID


@pytest.mark.parametrize("info1", [1 | 2, 1 | 32, 1], ids=["get", "exists", "select"])
def test_every_read_touches(setup: Any, clock: Clock, info1: int) -> None:
    _, engine = setup
    clock.now += 60
    cmd = read(50, info1)
    if info1 == 1:
        cmd = cmd._replace(ops=[(1, "a", None)])
    assert engine.execute(cmd).code == 0
    assert void_time(engine) == WRITTEN_VOID + 60


def test_a_batch_read_touches(setup: Any, clock: Clock) -> None:
    _, engine = setup
    clock.now += 60
    batch = engine.execute_batch(BatchCommand(0, [read(50), read(50, key="missing")], None))
    assert [r.code for r in batch.records] == [0, 2]
    assert void_time(engine) == WRITTEN_VOID + 60


@pytest.mark.parametrize("percent", [101, 0xFFFFFFFE])
def test_a_percent_over_100_is_invalid_for_a_record_that_expires(
    setup: Any, clock: Clock, percent: int
) -> None:
    c, engine = setup
    assert engine.execute(read(percent)).code == 4
    batch = engine.execute_batch(BatchCommand(0, [read(percent)], None))
    assert batch.code == 4 and batch.records[0].code == 4
    c.put((NS, SET, "k"), {"a": 2}, meta={"ttl": -1})  # never expires: answered as usual
    res = engine.execute(read(percent))
    assert res.code == 0 and res.bins == {"a": 2}
    assert engine.execute(read(percent, key="missing")).code == 2


@pytest.mark.parametrize("percent", [0, NEVER])  # the namespace default (off here), and never
def test_no_touch_reads_as_usual(setup: Any, clock: Clock, percent: int) -> None:
    _, engine = setup
    clock.now += 99
    res = engine.execute(read(percent))
    assert res.code == 0 and res.bins == {"a": 1} and res.gen == 1
    assert void_time(engine) == WRITTEN_VOID


def test_percent_0_takes_the_namespace_default(clock: Clock) -> None:
    c, engine = make(clock, **{"default-read-touch-ttl-pct": 50})
    try:
        c.put((NS, SET, "k"), {"a": 1}, meta={"ttl": 100})
        clock.now += 49
        engine.execute(read(0))
        assert void_time(engine) == WRITTEN_VOID
        clock.now += 1
        engine.execute(read(0))
        assert void_time(engine) == WRITTEN_VOID + 50
        clock.now += 80
        engine.execute(read(NEVER))  # -1 overrides the default
        assert void_time(engine) == WRITTEN_VOID + 50
    finally:
        Engine.drop(engine.name)


def test_a_touched_record_expires_a_ttl_after_the_touch(setup: Any, clock: Clock) -> None:
    c, engine = setup
    clock.now += 90
    engine.execute(read(20))
    clock.now += 99  # 189 s after the write: alive, as the touch gave it 100 s from 90
    assert c.get((NS, SET, "k"))[2] == {"a": 1}
    clock.now += 2
    with pytest.raises(aerospike.exception.RecordNotFound):
        c.get((NS, SET, "k"))


def test_a_batch_under_the_namespace_default_touches(clock: Clock) -> None:
    c, engine = make(clock, **{"default-read-touch-ttl-pct": 50})
    try:
        c.put((NS, SET, "k"), {"a": 1}, meta={"ttl": 100})
        clock.now += 60
        assert engine.execute_batch(BatchCommand(0, [read(0)], None)).records[0].code == 0
        assert void_time(engine) == WRITTEN_VOID + 60
    finally:
        Engine.drop(engine.name)


@pytest.mark.parametrize(
    "call",
    [
        lambda c, k: c.get(k, policy={"read_touch_ttl_percent": 80}),
        lambda c, k: c.exists(k, policy={"read_touch_ttl_percent": 80}),
        lambda c, k: c.select(k, ["a"], policy={"read_touch_ttl_percent": 80}),
        lambda c, k: c.operate(k, [{"op": aerospike.OPERATOR_READ, "bin": "a"}],
                               policy={"read_touch_ttl_percent": 80}),
        lambda c, k: c.batch_read([k], policy={"read_touch_ttl_percent": 80}),
        lambda c, k: c.batch_read([k], ["a"], policy={"read_touch_ttl_percent": 80}),
    ],
    ids=["get", "exists", "select", "operate", "batch_read", "batch_read_bins"],
)
def test_the_client_policy_carries_the_percent(setup: Any, clock: Clock, call: Any) -> None:
    c, engine = setup
    clock.now += 30
    call(c, (NS, SET, "k"))
    assert void_time(engine) == WRITTEN_VOID + 30
    assert c.get((NS, SET, "k"))[1] == {"ttl": 100, "gen": 1}


def test_the_client_checks_the_percent(setup: Any) -> None:
    c, engine = setup
    for bad, message in (("1", "read_touch_ttl_percent is invalid"), (101, "expected -1")):
        with pytest.raises(aerospike.exception.ParamError, match=message):
            c.get((NS, SET, "k"), policy={"read_touch_ttl_percent": bad})
    assert void_time(engine) == WRITTEN_VOID
