"""Scans and queries over ``aeromodel serve``, as a real 8.1 server answers them.

What a real server was seen to do (CE 8.1.2, and its source: ``as/src/query/query.c``,
``as/src/base/proto.c``): a partition scan answers each named partition's records, partitions by
id ascending whatever the request's order, then LAST with code 0 — no partition-done marker for a
partition it read, nor for those ``max_records`` kept it from reading (it stops part-way and sends
LAST 0); a partition-done (code 11) comes only for a partition the node does not hold, which a
one-node serve never has. A request it refuses before reading is answered by one message with the
code and no LAST bit: 16 without a partition array or without the partition-done bit, 4 for a
partition named twice or an empty array, 20 for an unknown namespace; the connection stays open.
Pagination with ``max_records`` works over it with our cluster transport and the official client;
a long scan lets other connections in; a peer dropping mid-scan harms nobody else.
"""

from __future__ import annotations

import gc
import random
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from _serve_support import Serve, read_events

import aeromodel.client as aerospike
from aeromodel.client import predicates
from aeromodel.client.command import Command, ScanCommand
from aeromodel.client.digest import compute_digest
from aeromodel.client.wire import Message, Reader, batch, info, records, scans
from aeromodel.client.wire import fields as F
from aeromodel.client.wire.message import encode
from aeromodel.client.wire.reader import InfoText

N = 400
SET = "pscan"


@pytest.fixture(scope="module")
def loaded(serve: Serve) -> Serve:
    local = aerospike.client({"embedded": {"name": serve.engine.name}}).connect()
    for i in range(N):
        local.put(("test", SET, i), {"i": i, "tag": i % 4})
    local.index_integer_create("test", SET, "i", "pscan_i")
    local.close()
    return serve


def _pid(i: int) -> int:
    return scans.partition_of(bytes(compute_digest(SET, i)))


def _by_pid() -> dict[int, list[int]]:
    out: dict[int, list[int]] = {}
    for i in range(N):
        out.setdefault(_pid(i), []).append(i)
    return out


def _scan_msg(parts: Any, max_records: int = 0, **changes: Any) -> Message:
    cmd = ScanCommand("test", SET, partitions=parts, max_records=max_records)
    return scans.request(cmd, random.getrandbits(63))._replace(**changes)


def _is_end(ev: Message) -> bool:
    return bool(ev.info3 & 1) or (ev.result_code != 0 and not ev.info3 & 4)


def _exchange(sock: socket.socket, msg: Message) -> list[Message]:
    sock.sendall(encode(msg))
    return read_events(sock, Reader(), lambda out: bool(out) and _is_end(out[-1]))


@pytest.fixture
def conn(loaded: Serve) -> Iterator[socket.socket]:
    with socket.create_connection(("127.0.0.1", loaded.port), timeout=5) as sock:
        yield sock
    assert loaded.failures == []


def test_a_partition_scan_sends_records_then_last_and_no_markers(conn: socket.socket) -> None:
    groups = _by_pid()
    pids = sorted(p for p, ks in groups.items() if len(ks) >= 2)[:3]
    empty = [p for p in range(4096) if p not in groups][:2]
    # Asked in a shuffled order: the server reads partitions by id.
    asked = [pids[2], empty[0], pids[0], empty[1], pids[1]]
    out = _exchange(conn, _scan_msg([(p, None, None) for p in asked]))
    *recs, last = out
    assert (last.info3, last.result_code) == (1, 0)
    assert not any(m.info3 & 4 for m in recs)  # no partition-done marker
    got = [scans.partition_of(m.field(F.DIGEST) or b"") for m in recs]
    assert got == sorted(got) and sorted(set(got)) == pids
    assert len(recs) == sum(len(groups[p]) for p in pids)


def test_max_records_stops_part_way_without_a_marker(conn: socket.socket) -> None:
    groups = _by_pid()
    pids = sorted(p for p, ks in groups.items() if len(ks) >= 2)[:3]
    out = _exchange(conn, _scan_msg([(p, None, None) for p in pids], max_records=3))
    *recs, last = out
    assert (last.info3, last.result_code) == (1, 0) and len(recs) == 3
    assert not any(m.info3 & 4 for m in recs)
    assert [scans.partition_of(m.field(F.DIGEST) or b"") for m in recs] == [pids[0]] * 2 + [pids[1]]


def _without(msg: Message, *types: int) -> Message:
    return msg._replace(fields=[f for f in msg.fields if f[0] not in types])


def _replacing(msg: Message, ftype: int, data: bytes) -> Message:
    return msg._replace(fields=[(t, data if t == ftype else d) for t, d in msg.fields])


REFUSALS = {
    "no partition array": (lambda: _without(_scan_msg(None), F.PID_ARRAY), 16),
    "no partition-done bit": (lambda: _scan_msg([(1, None, None)], info3=0), 16),
    "a partition named twice": (lambda: _scan_msg([(5, None, None), (5, None, None)]), 4),
    "an empty partition array": (lambda: _replacing(_scan_msg(None), F.PID_ARRAY, b""), 4),
    "partition 4096": (lambda: _replacing(_scan_msg(None), F.PID_ARRAY, b"\x00\x10"), 4),
    "a bval array without digests": (
        lambda: _scan_msg([(1, None, None)])._replace(
            fields=[*_scan_msg([(1, None, None)]).fields, (F.BVAL_ARRAY, bytes(8))]
        ), 4,
    ),
    "an unknown namespace": (lambda: _replacing(_scan_msg(None), F.NAMESPACE, b"nons"), 20),
    "no namespace": (lambda: _without(_scan_msg(None), F.NAMESPACE), 20),
    "a background write query": (lambda: _scan_msg(None, info2=1), 16),
}


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_a_refused_scan_is_one_message_and_the_connection_goes_on(
    conn: socket.socket, case: str
) -> None:
    make, code = REFUSALS[case]
    [msg] = _exchange(conn, make())
    assert (msg.info3, msg.result_code, list(msg.fields), list(msg.ops)) == (0, code, [], [])
    conn.sendall(info.encode_request("node"))
    [ev] = read_events(conn, Reader(), bool)
    assert isinstance(ev, InfoText)


def test_an_odd_byte_after_the_partition_ids_is_ignored(conn: socket.socket) -> None:
    groups = _by_pid()
    pid = max(groups, key=lambda p: len(groups[p]))
    msg = _replacing(_scan_msg(None), F.PID_ARRAY, pid.to_bytes(2, "little") + b"\x07")
    *recs, last = _exchange(conn, msg)
    assert last.result_code == 0 and len(recs) == len(groups[pid])


def test_a_scan_refused_answers_our_cluster_transport_with_the_code(loaded: Serve) -> None:
    c = aerospike.client({"hosts": [("127.0.0.1", loaded.port)]}).connect()
    try:
        query = c.query("test", SET)
        query.where(predicates.equals("nosuchbin", 1))
        with pytest.raises(aerospike.exception.IndexNotFound):
            query.results()
        assert len(c.scan("test", SET).results()) == N  # the same pooled connections go on
    finally:
        c.close()


# -- pagination -----------------------------------------------------------------------------


def _pages(make: Any, page: int) -> tuple[list[int], int]:
    stream = make()
    stream.paginate()
    seen: list[int] = []
    runs = 0
    while not stream.is_done():
        got = stream.results({"max_records": page})
        assert len(got) <= page
        seen += [bins["i"] for _, _, bins in got]
        runs += 1
        assert runs <= N
    return seen, runs


def _paginate_all_ways(client: Any) -> None:
    seen, runs = _pages(lambda: client.scan("test", SET), 37)
    assert sorted(seen) == list(range(N)) and runs in (11, 12)

    def query() -> Any:
        q = client.query("test", SET)
        q.where(predicates.between("i", 100, 299))
        q.max_records = 23  # a query's limit is its attribute (the policy's is ignored)
        return q

    seen, _ = _pages(query, 23)
    assert sorted(seen) == list(range(100, 300))
    # A partition filter, resumed from the status a page left.
    scan = client.scan("test", SET)
    first = scan.results({"partition_filter": {"begin": 0, "count": 2048}, "max_records": 50})
    assert len(first) == 50
    status = scan.get_partitions_status()
    assert not status["done"]
    rest = client.scan("test", SET).results(
        {"partition_filter": {"begin": 0, "count": 2048, "partition_status": status}}
    )
    want = sorted(i for i in range(N) if _pid(i) < 2048)
    assert sorted(b["i"] for _, _, b in first + rest) == want


def test_pagination_over_serve_with_our_cluster_transport(loaded: Serve) -> None:
    c = aerospike.client({"hosts": [("127.0.0.1", loaded.port)]}).connect()
    try:
        _paginate_all_ways(c)
    finally:
        c.close()
    assert loaded.failures == []


def test_pagination_over_serve_with_the_official_client(loaded: Serve) -> None:
    official = pytest.importorskip("aerospike")
    c = official.client({"hosts": [("127.0.0.1", loaded.port)]}).connect()
    try:
        _paginate_all_ways(c)
    finally:
        c.close()
    assert loaded.failures == []


# -- a long scan and the other connections --------------------------------------------------


@pytest.fixture(scope="module")
def big(loaded: Serve) -> Serve:
    local = aerospike.client({"embedded": {"name": loaded.engine.name}}).connect()
    for i in range(30000):
        local.put(("test", "pscan_big", i), {"i": i, "pad": "x" * 40})
    local.close()
    return loaded


def _get(sock: socket.socket, reader: Reader) -> None:
    digest = bytes(compute_digest(SET, 7))
    sock.sendall(records.encode_command(Command("test", SET, digest, None, 3, 0, 0, 0, 0, None)))
    [msg] = read_events(sock, reader, bool)
    assert msg.result_code == 0


def test_a_long_scan_lets_other_connections_in(big: Serve) -> None:
    times: dict[str, float] = {}

    def scan() -> None:
        with socket.create_connection(("127.0.0.1", big.port), timeout=10) as s:
            s.sendall(encode(_replacing(_scan_msg(None), F.SET, b"pscan_big")))

            # Raw bytes, not decoded: the reading thread should not hold the GIL the
            # server's thread needs.
            tail, end = b"", encode(batch.last(0))
            while not tail.endswith(end):
                data = s.recv(1 << 20)
                assert data
                times.setdefault("first", time.monotonic())
                tail = (tail + data)[-len(end):]
            times["last"] = time.monotonic()

    # The collector is paused: a full collection over the engine's records would stall
    # every thread at once, which says nothing of how serve shares its loop.
    gc.collect()
    gc.disable()
    try:
        with socket.create_connection(("127.0.0.1", big.port), timeout=10) as other:
            reader = Reader()
            _get(other, reader)
            thread = threading.Thread(target=scan)
            thread.start()
            while "first" not in times:
                time.sleep(0.001)
            answered = []
            while thread.is_alive():
                t0 = time.monotonic()
                _get(other, reader)
                answered.append((t0, time.monotonic()))
            thread.join()
    finally:
        gc.enable()
    # A loop held for the whole scan would answer at most one get before it ends; several
    # answered while it streams show the loop shared (no latency bound: CI machines are busy).
    during = [b - a for a, b in answered if b < times["last"]]
    took = times["last"] - times["first"]
    assert len(during) >= 3, (len(during), took)
    assert big.failures == []


def test_a_peer_dropping_mid_scan_harms_nobody_else(big: Serve) -> None:
    with socket.create_connection(("127.0.0.1", big.port), timeout=10) as other:
        reader = Reader()
        for _ in range(5):
            s = socket.create_connection(("127.0.0.1", big.port), timeout=10)
            s.sendall(encode(_replacing(_scan_msg(None), F.SET, b"pscan_big")))
            assert s.recv(65536)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
            s.close()  # a reset, mid-answer
            _get(other, reader)
        # And one that stops reading but stays: the server waits on it alone.
        stuck = socket.create_connection(("127.0.0.1", big.port), timeout=10)
        stuck.sendall(encode(_replacing(_scan_msg(None), F.SET, b"pscan_big")))
        for _ in range(20):
            _get(other, reader)
        stuck.close()
    c = aerospike.client({"hosts": [("127.0.0.1", big.port)]}).connect()
    try:
        assert len(c.scan("test", SET).results()) == N
    finally:
        c.close()
    assert big.alive and big.failures == []


def test_a_paced_scan_waits_without_holding_the_loop(loaded: Serve) -> None:
    # 120 records at 300 a second: about 0.4 s, during which others are served at once.
    msg = _scan_msg(None, max_records=120)
    msg = msg._replace(fields=[*msg.fields, (F.RPS, (300).to_bytes(4, "big"))])
    done: dict[str, Any] = {}

    def scan() -> None:
        with socket.create_connection(("127.0.0.1", loaded.port), timeout=10) as s:
            started = time.monotonic()
            done["recs"] = _exchange(s, msg)
            done["took"] = time.monotonic() - started

    thread = threading.Thread(target=scan)
    thread.start()
    latencies = []
    with socket.create_connection(("127.0.0.1", loaded.port), timeout=10) as other:
        reader = Reader()
        while thread.is_alive():
            t0 = time.monotonic()
            _get(other, reader)
            latencies.append(time.monotonic() - t0)
            time.sleep(0.01)
    thread.join()
    assert len(done["recs"]) == 121 and done["took"] >= 0.25
    assert len(latencies) >= 10 and max(latencies) < 0.1
    assert loaded.failures == []
