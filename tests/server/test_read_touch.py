"""A read carrying a read-touch percent (the official client's ``read_touch_ttl_percent``) is
refused by the engine, embedded or through ``aeromodel serve``, never served as a plain read that
leaves the record's ttl alone."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest

import aeromodel.client as aerospike
from aeromodel.client.command import BatchCommand, Command
from aeromodel.client.digest import compute_digest
from aeromodel.client.engine.engine import Engine

NS, SET = "test", "read_touch"


@pytest.fixture
def engine() -> Iterator[Engine]:
    name = f"read-touch-{uuid.uuid4().hex}"
    c = aerospike.client({"embedded": {"name": name}})
    c.put((NS, SET, "k"), {"a": 1}, meta={"ttl": 100})
    yield Engine.shared(name)
    Engine.drop(name)


def read(percent: int, info1: int = 1 | 2) -> Command:
    return Command(NS, SET, compute_digest(SET, "k"), None, info1, 0, 0, 0, percent, None)


@pytest.mark.parametrize("percent", [1, 80, 100])
def test_a_read_touch_percent_is_refused(engine: Engine, percent: int) -> None:
    res = engine.execute(read(percent))
    assert res.code == 16 and "read_touch_ttl_percent" in (res.msg or "")
    batch = engine.execute_batch(BatchCommand(0, [read(percent)], None))
    assert batch.records[0].code == 16


@pytest.mark.parametrize("percent", [0, 0xFFFFFFFF])  # the namespace default (off), and never
def test_no_touch_reads_as_usual(engine: Engine, percent: int) -> None:
    res = engine.execute(read(percent))
    assert res.code == 0 and res.bins == {"a": 1} and res.gen == 1
