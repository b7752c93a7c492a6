"""Expiry as the server's nsup does it: records past their void time are swept every nsup-period
of the engine's clock, statistics stop counting them, and the sweeping thread never outlives (or
keeps alive) its engine."""

from __future__ import annotations

import gc
import time
import uuid
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from _support import ManualClock

from aeromodel.client.command import INFO1_GET_ALL, INFO1_READ, INFO2_WRITE, OP_WRITE, Command
from aeromodel.client.engine import expiry
from aeromodel.client.engine.counters import namespace_totals, set_totals
from aeromodel.client.engine.engine import Engine

START = 1_700_000_000.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(START)


@pytest.fixture
def engine(clock: ManualClock) -> Iterator[Engine]:
    name = f"engine-exp-{uuid.uuid4().hex}"
    eng = Engine.shared(name, {"slow": {"nsup-period": 10}, "off": {
        "nsup-period": 0, "allow-ttl-without-nsup": True}}, clock=clock)
    yield eng
    Engine.drop(name)


def digest(i: int) -> bytes:
    return i.to_bytes(4, "little") + bytes(16)


def put(eng: Engine, i: int, ttl: int = 0, ns: str = "test", set_name: str = "demo") -> Any:
    cmd = Command(ns, set_name, digest(i), None, 0, INFO2_WRITE, 0, 0, ttl, [(OP_WRITE, "a", i)])
    res = eng.execute(cmd)
    assert res.code == 0
    return res


def stored(eng: Engine, ns: str = "test") -> int:
    return sum(len(p.records) for p in eng.namespaces[ns].live_partitions())


def found(eng: Engine, i: int, ns: str = "test") -> bool:
    cmd = Command(ns, "demo", digest(i), None, INFO1_READ | INFO1_GET_ALL, 0, 0, 0, 0, None)
    return eng.execute(cmd).code == 0


def test_a_sweep_removes_what_expired_and_only_that(engine: Engine, clock: ManualClock) -> None:
    for i in range(10):
        put(engine, i, ttl=5 if i % 2 else 0)
    put(engine, 100, ttl=50)
    clock.advance(5)  # during the void-time second: still alive
    assert engine.nsup() == 0
    assert stored(engine) == 11
    clock.advance(1)
    assert engine.nsup() == 5
    assert stored(engine) == 6
    assert namespace_totals(engine.namespaces["test"]).objects == 6
    assert set_totals(engine.namespaces["test"])["demo"][0] == 6
    assert [found(engine, i) for i in (0, 1, 100)] == [True, False, True]


def test_an_expired_record_reads_as_missing_before_the_sweep(engine: Engine, clock: ManualClock) -> None:
    put(engine, 1, ttl=5)
    clock.advance(6)
    assert not found(engine, 1)
    assert stored(engine) == 1  # still there until nsup runs
    engine.nsup()
    assert stored(engine) == 0


def test_sweeps_run_every_nsup_period_of_the_engines_clock(engine: Engine, clock: ManualClock) -> None:
    put(engine, 1, ttl=3, ns="slow")
    put(engine, 2, ttl=3)
    clock.advance(4)
    assert engine.nsup() == 1  # "test" (period 1) is due; "slow" (period 10) is not yet
    assert stored(engine, "slow") == 1
    clock.advance(6)
    assert engine.nsup() == 1
    assert stored(engine, "slow") == 0


def test_nothing_is_swept_with_nsup_period_0(engine: Engine, clock: ManualClock) -> None:
    put(engine, 1, ttl=3, ns="off")
    clock.advance(100)
    assert engine.nsup(force=True) == 0
    assert stored(engine, "off") == 1
    assert not found(engine, 1, ns="off")


def test_statistics_stop_counting_swept_records(engine: Engine, clock: ManualClock) -> None:
    for i in range(4):
        put(engine, i, ttl=10 if i < 3 else 0)
    ns_info = dict(
        kv.split("=") for kv in engine.info("namespace/test").split("\t")[1].strip().split(";")
    )
    assert (ns_info["objects"], ns_info["non_expirable_objects"]) == ("4", "1")
    clock.advance(11)
    engine.nsup()
    text = engine.info("namespace/test\nsets/test/demo\nstatistics")
    assert "objects=1;" in text.split("\n")[0]
    assert "objects=1:" in text.split("\n")[1]
    assert "objects=1;" in text.split("\n")[2]


def test_rewriting_a_record_with_a_later_void_time_keeps_it(engine: Engine, clock: ManualClock) -> None:
    put(engine, 1, ttl=5)
    put(engine, 1, ttl=100)  # the first index entry is stale now
    clock.advance(10)
    assert engine.nsup() == 0
    assert found(engine, 1)
    clock.advance(100)
    assert engine.nsup() == 1


def test_the_expiry_index_is_compacted_when_stale_entries_dominate(engine: Engine) -> None:
    index = engine.namespaces["test"].expiry
    for ttl in range(1, 3 * expiry.MIN_COMPACT):
        put(engine, 1, ttl=ttl)  # one live entry, the rest stale
    assert len(index) <= expiry.MIN_COMPACT + 1


# -- the thread ----------------------------------------------------------------------------------


def test_the_thread_starts_with_the_first_expiring_write(engine: Engine) -> None:
    put(engine, 1)
    assert not engine.nsup_running
    put(engine, 2, ttl=100)
    assert engine.nsup_running
    assert engine._nsup is not None and engine._nsup.thread.daemon


def test_the_thread_sweeps_by_itself(engine: Engine, clock: ManualClock, monkeypatch: Any) -> None:
    monkeypatch.setattr(expiry, "POLL_SECONDS", 0.01)
    put(engine, 1, ttl=5)
    clock.advance(6)
    deadline = time.monotonic() + 5
    while stored(engine) and time.monotonic() < deadline:
        time.sleep(0.01)
    assert stored(engine) == 0


def test_dropping_an_engine_stops_its_thread(clock: ManualClock, monkeypatch: Any) -> None:
    monkeypatch.setattr(expiry, "POLL_SECONDS", 0.01)
    name = f"engine-exp-{uuid.uuid4().hex}"
    eng = Engine.shared(name, clock=clock)
    put(eng, 1, ttl=5)
    assert eng._nsup is not None
    thread = eng._nsup.thread
    Engine.drop(name)
    thread.join(timeout=5)
    assert not thread.is_alive()


def test_the_thread_does_not_keep_its_engine_alive(clock: ManualClock, monkeypatch: Any) -> None:
    monkeypatch.setattr(expiry, "POLL_SECONDS", 0.01)
    eng = Engine("unshared", clock=clock)  # not in the registry: only we hold it
    put(eng, 1, ttl=5)
    assert eng._nsup is not None
    thread = eng._nsup.thread
    ref = weakref.ref(eng)
    del eng
    gc.collect()
    assert ref() is None
    thread.join(timeout=5)
    assert not thread.is_alive()
