"""The documented API over the cluster transport against ``aeromodel serve``: info, truncate,
indexes, nodes, close and reconnect, paginated scans; and the tend answers' parsers."""

from __future__ import annotations

import asyncio
import base64
import threading
import uuid
from collections.abc import Iterator

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.cluster.partition_map import parse_replicas
from aeromodel.client.cluster.peers import parse_peers
from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.app import start

S = "cl_serve"


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    loop = asyncio.new_event_loop()
    name = f"cluster-serve-{uuid.uuid4().hex}"
    server = loop.run_until_complete(start(Engine.shared(name), "127.0.0.1", 0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield server.sockets[0].getsockname()[1]
    loop.call_soon_threadsafe(server.close)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    Engine.drop(name)


@pytest.fixture
def client(port: int) -> Iterator[aerospike.Client]:
    c = aerospike.client({"hosts": [("127.0.0.1", port)]}).connect()
    yield c
    c.close()


def test_nodes_and_info_calls(client: aerospike.Client, port: int) -> None:
    assert client.is_connected()
    assert client.get_nodes() == [("127.0.0.1", port)]
    [node] = client.get_node_names()
    name = node["node_name"]
    assert client.info_all("namespaces") == {name: (None, "test;bar\n")}
    assert client.info_single_node("namespaces", name) == "namespaces\ttest;bar\n"
    assert client.info_random_node("node") == f"node\t{name}\n"
    with pytest.raises(exception.ParamError):
        client.info_single_node("node", "NOSUCHNODE")


def test_truncate_and_indexes(client: aerospike.Client) -> None:
    for i in range(10):
        client.put(("test", S, i), {"n": i})
    client.index_integer_create("test", S, "n", "cl_serve_n")
    from aeromodel.client import predicates as p

    query = client.query("test", S)
    query.select("n")
    query.where(p.between("n", 3, 5))
    got = query.results()
    assert sorted(r[2]["n"] for r in got) == [3, 4, 5]
    client.index_remove("test", "cl_serve_n")
    client.truncate("test", S, 0)
    assert client.scan("test", S).results() == []


def test_close_then_connect_again(client: aerospike.Client) -> None:
    key = ("test", S, "reopen")
    client.put(key, {"a": 1})
    client.close()
    assert not client.is_connected()
    with pytest.raises(exception.ClusterError):
        client.get(key)
    client.connect()
    assert client.get(key)[2] == {"a": 1}


def test_paginated_scan_resumes_where_it_stopped(client: aerospike.Client) -> None:
    for i in range(50):
        client.put(("test", "cl_page", i), {"i": i})
    scan = client.scan("test", "cl_page")
    scan.paginate()
    seen: list[int] = []
    while not scan.is_done():
        page = scan.results({"max_records": 7})
        assert len(page) <= 7
        seen += [r[2]["i"] for r in page]
    assert sorted(seen) == list(range(50))


def test_replica_policies_all_reach_the_one_node(client: aerospike.Client) -> None:
    key = ("test", S, "replica")
    client.put(key, {"a": 1})
    for replica in (
        aerospike.POLICY_REPLICA_MASTER, aerospike.POLICY_REPLICA_SEQUENCE,
        aerospike.POLICY_REPLICA_ANY, aerospike.POLICY_REPLICA_RANDOM,
    ):
        assert client.get(key, policy={"replica": replica})[2] == {"a": 1}


def test_many_threads_share_one_client(client: aerospike.Client) -> None:
    errors: list[BaseException] = []

    def work(t: int) -> None:
        try:
            for i in range(50):
                key = ("test", S, f"t{t}-{i}")
                client.put(key, {"v": i})
                assert client.get(key)[2] == {"v": i}
        except BaseException as err:  # pragma: no cover - reported below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_parse_peers() -> None:
    assert parse_peers("0,3000,[]") == (0, [])
    gen, peers = parse_peers("7,3000,[[BB9,,[10.0.0.1:3100,10.0.0.2]],[BB8,tls,[[::1]:3001]]]")
    assert gen == 7
    assert peers[0] == ("BB9", [("10.0.0.1", 3100), ("10.0.0.2", 3000)])
    assert peers[1] == ("BB8", [("::1", 3001)])
    with pytest.raises(ValueError):
        parse_peers("garbage")


def test_parse_replicas_with_and_without_regime() -> None:
    half = base64.b64encode(b"\xf0" * 512).decode()
    none = base64.b64encode(bytes(512)).decode()
    assert parse_replicas(f"test:3,2,{half},{none};bar:1,{none}") == {
        "test": [b"\xf0" * 512, bytes(512)],
        "bar": [bytes(512)],
    }
    with pytest.raises(ValueError):
        parse_replicas("test:0,2,AAAA")
