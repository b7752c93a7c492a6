"""A scan on the embedded engine builds its records a partition at a time from columns
(ScanCommand.make); a transport that streams ScanRecords instead gets the same records built
one by one. The two paths are compared here on records of every shape."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from _support import ManualClock

import aeromodel.client as aerospike
from aeromodel.client.command import ScanCommand, ScanResult
from aeromodel.client.engine import scan
from aeromodel.client.engine.engine import Engine
from aeromodel.client.helpers.expressions import base as exp
from aeromodel.client.results import AerospikeKey, Record, RecordMetadata
from aeromodel.client.transport import EmbeddedTransport

START = 1_700_000_000.25
S = "cols"


class RecordAtATime(EmbeddedTransport):
    """The embedded transport, streaming ScanRecords as a network transport does."""

    def __init__(self, engine: Engine) -> None:
        super().__init__(engine)
        self.execute_scan = self._scan  # type: ignore[method-assign]

    def _scan(self, cmd: ScanCommand, net: object = None) -> ScanResult:
        return self.engine.execute_scan(cmd._replace(make=None))


@pytest.fixture
def clients() -> Iterator[tuple[aerospike.Client, aerospike.Client]]:
    clock = ManualClock(START)
    name = f"scan-columns-{uuid.uuid4().hex}"
    bulk = aerospike.client({"embedded": {"name": name, "clock": clock}})
    engine = bulk._transport.engine  # type: ignore[attr-defined]
    one_by_one = aerospike.Client({"hosts": [("127.0.0.1", 3000)]}, transport=RecordAtATime(engine))
    yield bulk, one_by_one
    Engine.drop(name)


def fill(c: aerospike.Client) -> dict[bytes, tuple[Any, ...]]:
    """Records of every shape; what a scan should answer for each, by digest."""
    send = {"key": aerospike.POLICY_KEY_SEND}
    expected = {}
    for i in range(300):
        bins: dict[str, Any] = {"n": i, "l": [i, "x"], "m": {"a": i}} if i % 3 else {"n": i}
        ttl = 100 + i if i % 4 == 0 else aerospike.TTL_NEVER_EXPIRE
        c.put(("test", S, i), bins, meta={"ttl": ttl}, policy=send if i % 5 == 0 else None)
        key = ("test", S, i if i % 5 == 0 else None, aerospike.calc_digest("test", S, i))
        expected[bytes(key[3])] = (key, {"ttl": ttl if i % 4 == 0 else 0xFFFFFFFF, "gen": 1}, bins)
    for i in range(50):
        c.put(("test", "other", i), {"o": i})
        c.put(("test", "other", i), {"o": -i})
        c.put(("test", None, f"k{i}"), {"z": i}, policy=send)
        key = ("test", "other", None, aerospike.calc_digest("test", "other", i))
        expected[bytes(key[3])] = (key, {"ttl": 0xFFFFFFFF, "gen": 2}, {"o": -i})
        key = ("test", None, f"k{i}", aerospike.calc_digest("test", None, f"k{i}"))
        expected[bytes(key[3])] = (key, {"ttl": 0xFFFFFFFF, "gen": 1}, {"z": i})
    return expected


def test_every_shape_of_record_reads_back(clients: tuple[aerospike.Client, aerospike.Client]) -> None:
    bulk, _ = clients
    expected = fill(bulk)
    got = {bytes(r.key.digest): r for r in bulk.scan("test").results()}
    assert got == expected
    shapes(list(got.values()))
    assert len(bulk.scan("test", S).results()) == 300


def shapes(records: list[Any]) -> None:
    for rec in records:
        assert type(rec) is Record and type(rec.key) is AerospikeKey
        assert type(rec.key.digest) is bytearray and type(rec.meta) is RecordMetadata
        assert list(rec.meta) == ["ttl", "gen"] and type(rec.bins) is dict


@pytest.mark.parametrize("set_name", [S, None])
@pytest.mark.parametrize(
    "run",
    [
        lambda s: s.results(),
        lambda s: s.results(options={"nobins": True}),
        lambda s: s.results({"max_records": 77}),
        lambda s: s.results({"expressions": exp.GT(exp.IntBin("n"), 100).compile()}),
        lambda s: (s.select("n", "m"), s.results())[1],
        lambda s: (s.select(), s.results())[1],
        lambda s: (lambda out: (s.foreach(out.append), out)[1])([]),
    ],
)
def test_bulk_and_record_at_a_time_agree(
    clients: tuple[aerospike.Client, aerospike.Client], set_name: str | None, run: Any
) -> None:
    bulk, one_by_one = clients
    fill(bulk)
    got = run(bulk.query("test", set_name))
    assert got == run(one_by_one.query("test", set_name))
    assert got
    shapes(got)


def test_a_record_removed_while_its_partition_is_read_is_left_out() -> None:
    clock = ManualClock(START)
    name = f"scan-columns-{uuid.uuid4().hex}"
    c = aerospike.client({"embedded": {"name": name, "clock": clock}})
    try:
        for i in range(200):
            c.put(("test", S, i), {"n": i})
        engine: Engine = c._transport.engine  # type: ignore[attr-defined]
        ns = engine.namespaces["test"]
        pid = next(p for p, store in enumerate(ns.stores) if len(store) > 1)
        gone = max(ns.stores[pid])

        def removing_clock() -> float:  # read after the partition's digests are listed
            store = ns.stores[pid]
            if gone in store:
                ns.partitions[pid].remove(gone, store[gone])
            return clock()

        cmd = ScanCommand("test", S, partitions=[(pid, None, None)])
        found = list(scan.stream(ns, cmd, None, removing_clock))
        assert found and gone not in [r[0] for r in found]
        assert [r[0] for r in found] == sorted(ns.stores[pid], reverse=True)
    finally:
        Engine.drop(name)


def test_blobs_go_through_a_clients_deserializer() -> None:
    name = f"scan-columns-{uuid.uuid4().hex}"
    plain = aerospike.client({"embedded": {"name": name}})
    decoding = aerospike.client(
        {"embedded": {"name": name}, "serialization": (bytes, lambda data: ("decoded", data))}
    )
    try:
        plain.put(("test", S, 1), {"b": bytearray(b"raw"), "n": 1})
        ((_, _, bins),) = decoding.scan("test", S).results()
        assert bins == plain.get(("test", S, 1))[2] | {"b": ("decoded", b"raw")}
        assert decoding.get(("test", S, 1))[2] == bins
        assert plain.scan("test", S).results()[0].bins == plain.get(("test", S, 1))[2]
    finally:
        Engine.drop(name)
