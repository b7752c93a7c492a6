"""Storage: records live in the partition of their digest, and every change (write, remove,
expiry, truncate) passes through the one interface that keeps counters and tells hooks."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from _support import ManualClock

from aeromodel.client.command import INFO2_DELETE, INFO2_WRITE, OP_WRITE, Command
from aeromodel.client.engine.counters import namespace_totals, set_totals
from aeromodel.client.engine.engine import Engine
from aeromodel.client.engine.storage import N_PARTITIONS, partition_id

START = 1_700_000_000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def engine(clock: ManualClock) -> Iterator[Engine]:
    name = f"engine-storage-{uuid.uuid4().hex}"
    eng = Engine.shared(name, clock=clock)
    yield eng
    Engine.drop(name)


def digest(i: int) -> bytes:
    return i.to_bytes(2, "little") + bytes(18)


def put(eng: Engine, i: int, set_name: str = "demo", ttl: int = 0) -> None:
    cmd = Command("test", set_name, digest(i), None, 0, INFO2_WRITE, 0, 0, ttl, [(OP_WRITE, "a", i)])
    assert eng.execute(cmd).code == 0


def test_the_partition_is_the_first_12_bits_of_the_digest_little_endian() -> None:
    assert N_PARTITIONS == 4096
    assert partition_id(bytes([0x34, 0x12]) + bytes(18)) == 0x234
    assert partition_id(bytes([0xFF, 0xFF]) + bytes(18)) == 0xFFF
    assert partition_id(bytes(20)) == 0


def test_records_live_in_their_partition(engine: Engine) -> None:
    for i in (0, 1, 0x1234, 0xFFFF):
        put(engine, i)
    ns = engine.namespaces["test"]
    parts = ns.live_partitions()
    assert [p.pid for p in parts] == sorted({partition_id(digest(i)) for i in (0, 1, 0x1234, 0xFFFF)})
    for p in parts:
        assert all(partition_id(d) == p.pid for d in p.records)
    # 0 and 0x1000 share partition 0 (only 12 bits count).
    put(engine, 0x1000)
    assert set(ns.partition(digest(0)).records) == {digest(0), digest(0x1000)}


def test_every_change_reaches_the_hooks(engine: Engine, clock: ManualClock) -> None:
    seen: list[tuple[Any, ...]] = []
    ns = engine.namespaces["test"]
    ns.hooks.append(lambda d, old, new: seen.append((
        int.from_bytes(d[:2], "little"), None if old is None else old["a"],
        None if new is None else new["a"])))
    put(engine, 1)
    put(engine, 1)
    put(engine, 2, ttl=5)
    put(engine, 3, set_name="cut")
    engine.execute(Command("test", "demo", digest(1), None, 0, INFO2_WRITE | INFO2_DELETE, 0, 0,
                           0, None))
    clock.advance(6)
    engine.nsup()
    clock.advance(1)
    engine.info("truncate:namespace=test;set=cut")
    assert seen == [(1, None, 1), (1, 1, 1), (2, None, 2), (3, None, 3), (1, 1, None),
                    (2, 2, None), (3, 3, None)]
    assert namespace_totals(ns).objects == 0
    assert set_totals(ns) == {"demo": (0, 0), "cut": (0, 0)}


def test_a_write_reads_the_time_under_its_partition_lock(clock: ManualClock) -> None:
    # So a write racing a truncate is stamped after the cut if it lands after the sweep of its
    # partition (the truncate reads its cut before sweeping).
    digest = bytes(range(20))
    engine = Engine(f"lock-clock-{uuid.uuid4().hex}", clock=clock)

    def write(value: int) -> None:
        cmd = Command("test", None, digest, None, 0, INFO2_WRITE, 0, 0, 0, [(OP_WRITE, "a", value)])
        assert engine.execute(cmd).code == 0

    write(1)
    part = engine.namespaces["test"].partition(digest)
    held: list[bool] = []

    def watching() -> float:
        held.append(part.lock.locked())
        return clock()

    engine.clock = watching
    write(2)
    assert held and all(held)
