"""The cluster transport against a cluster of several nodes: discovery from one seed, routing of
every command to the partition's master (or a replica, per the read policy), batches split by
node, scans covering each partition once, and nodes joining and leaving.

The nodes are in-process servers sharing one engine (so any node could answer any record, as a
proxying server would): what the tests check is where the client *sends* each command. Each
node answers the tend commands for its place in the cluster: its own name, its peers, and a
``replicas`` map in which node ``i`` is the master of the partitions ``p`` with ``p % n == i``
and holds the replica of those with ``(p + 1) % n == i`` (replication factor 2).
"""

from __future__ import annotations

import base64
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from conftest import Stub

import aeromodel.client as aerospike
from aeromodel.client import predicates
from aeromodel.client.command import INFO1_BATCH
from aeromodel.client.engine.engine import Engine
from aeromodel.client.wire import batch, scans
from aeromodel.client.wire import fields as F
from aeromodel.client.wire.message import Message

NS, SET = "test", "multi"
N_PARTITIONS = 4096


def pid_of(digest: bytes) -> int:
    return (digest[0] | digest[1] << 8) & 0xFFF


def bitmap(pids: set[int]) -> str:
    bits = bytearray(N_PARTITIONS // 8)
    for p in pids:
        bits[p // 8] |= 0x80 >> (p % 8)
    return base64.b64encode(bytes(bits)).decode()


class FakeNode(Stub):
    """One node: a stub server on the cluster's shared engine, answering the tend commands for
    its place in the cluster and logging each command it gets."""

    def __init__(self, cluster: FakeCluster, index: int) -> None:
        super().__init__(lambda _n: "answer", engine=cluster.engine)
        self.fake = cluster
        self.index = index
        self.name = f"BB9{index:011X}"
        self.cluster.fixed.update({
            "node": lambda _: self.name,
            "peers-generation": lambda _: str(cluster.peers_gen),
            "partition-generation": lambda _: str(cluster.part_gen),
            "peers-clear-std": lambda _: cluster.peers_text(self),
            "replicas": lambda _: cluster.replicas_text(self),
        })
        self.up = True

    def seen(self, msg: Message) -> None:
        self.fake.log(self, msg)

    def stop(self) -> None:
        """The node goes away: no more connections, every open one dropped."""
        self.up = False
        self.close()


class FakeCluster:
    """``n`` nodes over one engine; ``sent`` logs (node index, kind, partition ids) per request."""

    def __init__(self, n: int) -> None:
        self.engine = Engine.shared(f"multi-{uuid.uuid4().hex}")
        self.peers_gen = 1
        self.part_gen = 1
        self.lock = threading.Lock()
        self.sent: list[tuple[int, str, list[int]]] = []
        self.nodes: list[FakeNode] = []
        for _ in range(n):
            self.add()

    def add(self) -> FakeNode:
        node = FakeNode(self, len(self.nodes))
        self.nodes.append(node)
        self.peers_gen += 1
        self.part_gen += 1
        return node

    def remove(self, node: FakeNode) -> None:
        node.stop()
        self.peers_gen += 1
        self.part_gen += 1

    @property
    def live(self) -> list[FakeNode]:
        return [n for n in self.nodes if n.up]

    def master(self, pid: int) -> FakeNode:
        live = self.live
        return live[pid % len(live)]

    def replica(self, pid: int) -> FakeNode:
        live = self.live
        return live[(pid + len(live) - 1) % len(live)]

    def peers_text(self, me: FakeNode) -> str:
        others = ",".join(
            f"[{n.name},,[127.0.0.1:{n.port}]]" for n in self.live if n is not me
        )
        return f"{self.peers_gen},3000,[{others}]"

    def replicas_text(self, me: FakeNode) -> str:
        live = self.live
        if me not in live:
            return ""
        masters = {p for p in range(N_PARTITIONS) if self.master(p) is me}
        replicas = {p for p in range(N_PARTITIONS) if len(live) > 1 and self.replica(p) is me}
        return ";".join(
            f"{ns}:0,2,{bitmap(masters)},{bitmap(replicas)}" for ns in self.engine.namespaces
        )

    def log(self, node: FakeNode, msg: Message) -> None:
        if msg.info1 & INFO1_BATCH:
            kind, pids = "batch", [pid_of(c.digest) for c in batch.decode_batch(msg).records]
        elif msg.field(F.TASK_ID) is not None:
            cmd, _task = scans.decode_scan(msg)
            kind = "scan"
            pids = [p[0] for p in cmd.partitions] if cmd.partitions is not None else [-1]
        else:
            digest = msg.field(F.DIGEST)
            assert digest is not None
            kind, pids = "record", [pid_of(digest)]
        with self.lock:
            self.sent.append((node.index, kind, pids))

    def take(self) -> list[tuple[int, str, list[int]]]:
        with self.lock:
            out, self.sent = self.sent, []
        return out

    def close(self) -> None:
        for n in self.nodes:
            if n.up:
                n.stop()
        Engine.drop(self.engine.name)


@pytest.fixture
def cluster() -> Iterator[FakeCluster]:
    c = FakeCluster(3)
    yield c
    c.close()


@pytest.fixture
def client(cluster: FakeCluster) -> Iterator[aerospike.Client]:
    seed = cluster.nodes[0]
    c = aerospike.client(
        {"hosts": [("127.0.0.1", seed.port)], "tend_interval": 20}
    ).connect()
    yield c
    c.close()


def keys(n: int, set_name: str = SET) -> list[tuple[str, str, int]]:
    return [(NS, set_name, i) for i in range(n)]


def digest_pid(client: aerospike.Client, key: tuple[str, str, int]) -> int:
    return pid_of(bytes(client.get_key_digest(key[0], key[1], key[2])))


def wait_for(predicate: Any, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting for the cluster to change")
        time.sleep(0.02)


def test_every_node_is_discovered_from_one_seed(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    names = {n["node_name"] for n in client.get_node_names()}
    assert names == {n.name for n in cluster.nodes}
    assert sorted(p for _h, p in client.get_nodes()) == sorted(n.port for n in cluster.nodes)
    answers = client.info_all("node")
    assert {v[1].strip() for v in answers.values()} == names


def test_every_record_command_goes_to_the_partition_master(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    cluster.take()
    ks = keys(120)
    for i, k in enumerate(ks):
        client.put(k, {"i": i})
        assert client.get(k)[2] == {"i": i}
        client.increment(k, "i", 1)
        client.exists(k)
    client.remove(ks[0])
    sent = cluster.take()
    assert len(sent) == 4 * len(ks) + 1
    for node, kind, (pid,) in sent:
        assert kind == "record"
        assert node == cluster.master(pid).index, (node, pid)
    assert {node for node, _k, _p in sent} == {0, 1, 2}  # keys of every node's partitions


@pytest.mark.parametrize(
    ("replica", "expect"),
    [
        (aerospike.POLICY_REPLICA_MASTER, {"master"}),
        (aerospike.POLICY_REPLICA_SEQUENCE, {"master"}),
        (aerospike.POLICY_REPLICA_ANY, {"master", "replica"}),
    ],
)
def test_reads_follow_the_replica_policy_and_writes_go_to_the_master(
    cluster: FakeCluster, client: aerospike.Client, replica: int, expect: set[str]
) -> None:
    ks = keys(60)
    for k in ks:
        client.put(k, {"v": 1})
    cluster.take()
    for k in ks:
        client.get(k, policy={"replica": replica})
    seen = set()
    for node, _kind, (pid,) in cluster.take():
        if node == cluster.master(pid).index:
            seen.add("master")
        else:
            assert node == cluster.replica(pid).index
            seen.add("replica")
    assert seen == expect
    for k in ks:  # a write ignores the read's replica choice
        client.put(k, {"v": 2}, policy={"replica": replica})
    assert all(node == cluster.master(p).index for node, _k, (p,) in cluster.take())


def test_a_batch_is_split_into_one_request_per_node(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    ks = keys(200)
    for i, k in enumerate(ks):
        client.put(k, {"i": i})
    cluster.take()
    res = client.batch_read(ks)
    assert [br.record[2]["i"] for br in res.batch_records] == list(range(200))  # key order
    sent = cluster.take()
    assert sorted(node for node, _k, _p in sent) == [0, 1, 2]  # one request per node
    for node, kind, pids in sent:
        assert kind == "batch"
        assert all(cluster.master(p).index == node for p in pids)
    assert sum(len(p) for _n, _k, p in sent) == 200
    # The other batch calls route the same way.
    got = client.get_many(ks)
    assert [r[2]["i"] for r in got] == list(range(200))
    assert all(
        all(cluster.master(p).index == node for p in pids) for node, _k, pids in cluster.take()
    )


def test_a_scan_reads_each_partition_once_from_its_master(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    ks = keys(300, "multi_scan")
    for i, k in enumerate(ks):
        client.put(k, {"i": i})
    cluster.take()
    found = client.scan(NS, "multi_scan").results()
    assert sorted(r[2]["i"] for r in found) == list(range(300))
    sent = cluster.take()
    assert sorted(node for node, _k, _p in sent) == [0, 1, 2]
    covered: list[int] = []
    for node, kind, pids in sent:
        assert kind == "scan"
        assert all(cluster.master(p).index == node for p in pids)
        covered.extend(pids)
    assert sorted(covered) == list(range(N_PARTITIONS))


def test_a_query_reads_each_partition_once_from_its_master(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    for i, k in enumerate(keys(300, "multi_query")):
        client.put(k, {"i": i, "g": i % 3})
    client.index_integer_create(NS, "multi_query", "g", "multi_query_g")
    cluster.take()
    q = client.query(NS, "multi_query")
    q.where(predicates.equals("g", 1))
    found = q.results()
    assert sorted(r[2]["i"] for r in found) == list(range(1, 300, 3))
    covered = [p for _n, _k, pids in cluster.take() for p in pids]
    assert sorted(covered) == list(range(N_PARTITIONS))


def test_a_read_falls_back_to_the_replica_when_the_master_is_gone(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    ks = keys(60)
    for k in ks:
        client.put(k, {"v": 1})
    gone = cluster.nodes[1]
    mastered = [k for k in ks if cluster.master(digest_pid(client, k)) is gone]
    assert mastered
    gone.stop()  # stopped, not yet removed from the others' answers
    cluster.take()
    pol = {"replica": aerospike.POLICY_REPLICA_SEQUENCE, "max_retries": 2}
    for k in mastered:
        assert client.get(k, policy=pol)[2] == {"v": 1}
    assert {node for node, _k, _p in cluster.take()} <= {0, 2}


def test_a_node_leaving_hands_its_partitions_over(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    ks = keys(90)
    for k in ks:
        client.put(k, {"v": 1})
    cluster.remove(cluster.nodes[2])
    wait_for(lambda: len(client.get_nodes()) == 2)
    cluster.take()
    wait_for(lambda: client.get(ks[0]) is not None)
    for k in ks:
        client.put(k, {"v": 2})
        assert client.get(k)[2] == {"v": 2}
    sent = cluster.take()
    assert {node for node, _k, _p in sent} == {0, 1}
    assert all(node == cluster.master(p).index for node, _k, (p,) in sent)


def test_a_node_joining_is_found_and_gets_its_partitions(
    cluster: FakeCluster, client: aerospike.Client
) -> None:
    new = cluster.add()
    wait_for(lambda: len(client.get_nodes()) == 4)
    assert new.name in {n["node_name"] for n in client.get_node_names()}
    ks = keys(120)
    cluster.take()

    def routed_by_the_new_map() -> bool:
        client.put(ks[0], {"v": 0})
        sent = cluster.take()
        return all(node == cluster.master(p).index for node, _k, (p,) in sent)

    wait_for(routed_by_the_new_map)
    for k in ks:
        client.put(k, {"v": 1})
    sent = cluster.take()
    assert 3 in {node for node, _k, _p in sent}
    assert all(node == cluster.master(p).index for node, _k, (p,) in sent)


def test_a_stale_claim_with_a_lower_regime_loses_whatever_the_node_order() -> None:
    from types import SimpleNamespace

    from aeromodel.client.cluster.partition_map import PartitionMap, parse_replicas_regime

    everything, evens = bitmap(set(range(N_PARTITIONS))), bitmap(set(range(0, N_PARTITIONS, 2)))
    stale = SimpleNamespace(replicas=parse_replicas_regime(f"test:3,1,{everything}"))
    fresh = SimpleNamespace(replicas=parse_replicas_regime(f"test:4,1,{evens}"))
    for order in ([stale, fresh], [fresh, stale]):
        pmap = PartitionMap(order)  # type: ignore[arg-type]
        assert pmap.replicas("test", 0) == [fresh]
        assert pmap.replicas("test", 1) == [stale]  # nobody newer claims the odd ones
    # Without a regime (an older server), the later answer wins.
    a = SimpleNamespace(replicas=parse_replicas_regime(f"test:1,{everything}"))
    b = SimpleNamespace(replicas=parse_replicas_regime(f"test:1,{evens}"))
    assert PartitionMap([a, b]).replicas("test", 0) == [b]  # type: ignore[list-item]
