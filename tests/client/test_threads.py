"""Clients shared across threads, and clients sharing one embedded engine by name."""

from __future__ import annotations

import contextlib
import sys
import threading
import uuid
from collections.abc import Iterator

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.command import INFO2_WRITE, OP_WRITE, Command
from aeromodel.client.engine.counters import namespace_totals, set_totals
from aeromodel.client.engine.engine import Engine
from aeromodel.client.engine.intake import record_size

KEY = ("test", "demo", "counter")


def run_threads(count, target):
    """Start ``count`` threads on ``target(i)`` behind a barrier; re-raise the first failure."""
    barrier = threading.Barrier(count)
    errors: list[BaseException] = []

    def body(i):
        try:
            barrier.wait()
            target(i)
        except BaseException as err:  # handed back to the test thread
            errors.append(err)

    threads = [threading.Thread(target=body, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert not any(t.is_alive() for t in threads)
    if errors:
        raise errors[0]


@pytest.fixture
def switch_often() -> Iterator[None]:
    """Make the interpreter switch threads every microsecond, so that a read-modify-write without
    a lock loses updates (at the default 5 ms such races hide)."""
    before = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)
    try:
        yield
    finally:
        sys.setswitchinterval(before)


def test_increments_from_threads_switching_often_lose_nothing(client, switch_often):
    def work(_i):
        for _ in range(300):
            client.increment(KEY, "n", 1)

    run_threads(8, work)
    rec = client.get(KEY)
    assert rec.bins == {"n": 2400}
    assert rec.meta.gen == 2400


def test_appends_from_threads_switching_often_lose_nothing(client, switch_often):
    client.put(KEY, {"s": ""})

    def work(i):
        for _ in range(200):
            client.append(KEY, "s", "abcdefgh"[i])

    run_threads(8, work)
    text = client.get(KEY).bins["s"]
    assert sorted(text) == sorted("abcdefgh" * 200)


def _walk(client):
    ns = client._transport.engine.namespaces["test"]
    records = [r for p in ns.live_partitions() for r in p.records.values()]
    return ns, records


def test_counters_match_the_records_after_threads_write_and_remove(client, switch_often):
    def work(i):
        for j in range(150):
            key = ("test", f"s{j % 3}", f"k{j % 40}")  # threads share keys and partitions
            if (i + j) % 5 == 0:
                with contextlib.suppress(exception.RecordNotFound):
                    client.remove(key)
            else:
                client.put(key, {"i": i, "pad": "x" * (j % 37)}, {"ttl": -1 if j % 2 else 0})

    run_threads(8, work)
    ns, records = _walk(client)
    totals = namespace_totals(ns)
    assert totals.objects == len(records)
    assert totals.non_expirable == sum(1 for r in records if not r.void_time)
    assert totals.data_used_bytes == sum((r.size + 15) & -16 for r in records)
    for r in records:
        assert r.size == record_size(r, r.key, r.set_name, r.void_time != 0)
    per_set = set_totals(ns)
    for name in ("s0", "s1", "s2"):
        mine = [r for r in records if r.set_name == name]
        assert per_set[name] == (len(mine), sum((r.size + 15) & -16 for r in mine))


def test_info_while_namespaces_are_added(switch_often):
    name = f"ns-added-{uuid.uuid4().hex}"
    eng = Engine.shared(name)
    stop = threading.Event()
    errors: list[BaseException] = []

    def ask():
        while not stop.is_set():
            try:
                for request in ("sets", "statistics", "namespaces", "namespace/test"):
                    eng.info(request)
            except BaseException as err:
                errors.append(err)
                return

    askers = [threading.Thread(target=ask) for _ in range(2)]
    for t in askers:
        t.start()
    try:
        for i in range(300):
            Engine.shared(name, {f"n{i}": {}})
            eng.execute(
                Command(f"n{i}", f"set{i}", bytes(20), None, 0, INFO2_WRITE, 0, 0, 0,
                        [(OP_WRITE, "a", i)])
            )
    finally:
        stop.set()
        for t in askers:
            t.join()
        Engine.drop(name)
    assert errors == []
    assert len(eng.namespaces) == 302


def test_shared_client_increments_lose_nothing(client):
    def work(_i):
        for _ in range(500):
            client.increment(KEY, "n", 1)

    run_threads(8, work)
    rec = client.get(KEY)
    assert rec.bins == {"n": 4000}
    assert rec.meta.gen == 4000


def test_shared_client_operate_increments_lose_nothing(client):
    client.put(KEY, {"n": 0})
    seen: list[list[int]] = [[] for _ in range(4)]

    def work(i):
        for _ in range(250):
            rec = client.operate(
                KEY,
                [
                    {"op": aerospike.OPERATOR_INCR, "bin": "n", "val": 1},
                    {"op": aerospike.OPERATOR_READ, "bin": "n"},
                ],
            )
            seen[i].append(rec.bins["n"])

    run_threads(4, work)
    assert client.get(KEY).bins == {"n": 1000}
    # Every increment answered a distinct running total: each operate was atomic.
    totals = sorted(v for values in seen for v in values)
    assert totals == list(range(1, 1001))


def test_generation_checked_read_modify_write_loses_no_update(client):
    client.put(KEY, {"n": 0, "log": []})
    retries = [0] * 6

    def work(i):
        for _ in range(60):
            while True:
                _key, meta, bins = client.get(KEY)
                try:
                    client.put(
                        KEY,
                        {"n": bins["n"] + 1, "log": [*bins["log"], i]},
                        meta={"gen": meta.gen},
                        policy={"gen": aerospike.POLICY_GEN_EQ},
                    )
                    break
                except exception.RecordGenerationError as err:
                    assert err.code == 3
                    retries[i] += 1

    run_threads(6, work)
    rec = client.get(KEY)
    assert rec.bins["n"] == 360
    assert rec.meta.gen == 361
    assert sorted(rec.bins["log"]) == sorted(i for i in range(6) for _ in range(60))


def test_without_a_generation_check_read_modify_write_can_lose_updates(client):
    # The contrast to the test above: it shows the check is what makes the loop safe, and that
    # the threads really do interleave between get() and put().
    client.put(KEY, {"n": 0})
    barrier = threading.Barrier(2)

    def work(_i):
        value = client.get(KEY).bins["n"]
        barrier.wait()
        client.put(KEY, {"n": value + 1})

    run_threads(2, work)
    rec = client.get(KEY)
    assert rec.bins == {"n": 1}
    assert rec.meta.gen == 3


def test_threads_writing_distinct_records(client):
    def work(i):
        for j in range(100):
            client.put(("test", "demo", f"t{i}-{j}"), {"i": i, "j": j})

    run_threads(8, work)
    for i in range(8):
        for j in (0, 57, 99):
            assert client.get(("test", "demo", f"t{i}-{j}")).bins == {"i": i, "j": j}


# -- engines shared by name --------------------------------------------------------------------


def test_clients_with_the_same_embedded_name_share_data(make_client):
    name = f"shared-{uuid.uuid4().hex}"
    first = make_client(name)
    second = make_client(name)
    first.put(KEY, {"a": 1})
    assert second.get(KEY).bins == {"a": 1}
    second.increment(KEY, "a", 1)
    rec = first.get(KEY)
    assert rec.bins == {"a": 2}
    assert rec.meta.gen == 2
    second.remove(KEY)
    assert first.exists(KEY).meta is None


def test_clients_with_different_embedded_names_are_isolated(make_client):
    first = make_client()
    second = make_client()
    first.put(KEY, {"a": 1})
    with pytest.raises(exception.RecordNotFound) as excinfo:
        second.get(KEY)
    assert excinfo.value.code == 2
    assert second.exists(KEY).meta is None
    second.put(KEY, {"b": 2})
    assert first.get(KEY).bins == {"a": 1}
    assert second.get(KEY).bins == {"b": 2}


def test_closing_one_client_leaves_the_shared_engine_to_the_other(make_client):
    name = f"shared-{uuid.uuid4().hex}"
    first = make_client(name)
    second = make_client(name)
    first.put(KEY, {"a": 1})
    first.close()
    assert second.get(KEY).bins == {"a": 1}
    with pytest.raises(exception.ClusterError) as excinfo:  # as the official client raises
        first.get(KEY)
    assert excinfo.value.code == 11
    first.connect()
    assert first.get(KEY).bins == {"a": 1}


def test_clients_sharing_an_engine_across_threads(make_client):
    name = f"shared-{uuid.uuid4().hex}"
    clients = [make_client(name) for _ in range(4)]

    def work(i):
        for _ in range(200):
            clients[i].increment(KEY, "n", 1)

    run_threads(4, work)
    assert clients[0].get(KEY).bins == {"n": 800}
    assert clients[3].get(KEY).meta.gen == 800
