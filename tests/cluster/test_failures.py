"""Timeouts, retries, refused connections, in_doubt and a node going away, against stub servers."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Stub

import aeromodel.client as aerospike
from aeromodel.client import exception

K = ("test", "cl_fail", "k")


def connect(port: int, **config: Any) -> aerospike.Client:
    return aerospike.client({"hosts": [("127.0.0.1", port)], **config}).connect()


def test_a_refused_port_is_connection_error(refused_port: int) -> None:
    # Connected at construction, as the official client 8.0+: client() itself raises.
    with pytest.raises(exception.ConnectionError) as info:
        aerospike.client({"hosts": [("127.0.0.1", refused_port)]})
    assert info.value.code == -10 and info.value.msg == "Failed to connect"
    assert "127.0.0.1" in str(info.value.__cause__)  # what went wrong: the cause


def test_a_seed_that_never_answers_is_connection_error(listener: int) -> None:
    start = time.monotonic()
    with pytest.raises(exception.ConnectionError):
        connect(listener, connect_timeout=100)
    assert time.monotonic() - start < 2


def test_malformed_hosts_are_param_errors() -> None:
    for hosts in ([], [("127.0.0.1",)], [("127.0.0.1", "3000")], [(1, 3000)], "127.0.0.1"):
        with pytest.raises(exception.ParamError):
            aerospike.client({"hosts": hosts})


def test_a_read_that_gets_no_answer_times_out_not_in_doubt(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "silent")
    c = connect(s.port)
    start = time.monotonic()
    with pytest.raises(exception.TimeoutError) as info:
        c.get(K, policy={"total_timeout": 100, "max_retries": 0})
    assert time.monotonic() - start < 1
    assert info.value.code == 9 and info.value.in_doubt is False
    assert "Client timeout" in info.value.msg


def test_a_write_that_gets_no_answer_is_in_doubt(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "silent")
    c = connect(s.port)
    with pytest.raises(exception.TimeoutError) as info:
        c.put(K, {"a": 1}, policy={"total_timeout": 100})
    assert info.value.in_doubt is True


def test_a_write_whose_connection_drops_after_sending_is_in_doubt(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "drop")
    c = connect(s.port)
    with pytest.raises(exception.ConnectionError) as info:
        c.put(K, {"a": 1})
    assert info.value.in_doubt is True and s.commands == 1


def test_socket_timeout_bounds_each_attempt_and_retries_follow_max_retries(
    stub: Callable[..., Stub],
) -> None:
    s = stub(lambda n: "silent")
    c = connect(s.port)
    with pytest.raises(exception.TimeoutError):
        c.get(K, policy={"socket_timeout": 50, "total_timeout": 2000, "max_retries": 3})
    assert s.commands == 4


def test_total_timeout_ends_the_retries(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "silent")
    c = connect(s.port)
    start = time.monotonic()
    with pytest.raises(exception.TimeoutError):
        c.get(K, policy={"socket_timeout": 50, "total_timeout": 120, "max_retries": 10})
    assert time.monotonic() - start < 0.5
    assert 2 <= s.commands <= 3


def test_a_retry_after_a_dropped_connection_succeeds(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "drop" if n == 1 else "answer")
    c = connect(s.port)
    c.put(K, {"a": 1}, policy={"max_retries": 1})
    assert s.commands == 2
    assert c.get(K)[2] == {"a": 1}


def test_sleep_between_retries(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "drop" if n <= 2 else "answer")
    c = connect(s.port)
    start = time.monotonic()
    with pytest.raises(exception.RecordNotFound):
        c.get(K, policy={"max_retries": 2, "sleep_between_retries": 100, "replica": aerospike.POLICY_REPLICA_MASTER})
    assert time.monotonic() - start >= 0.2 and s.commands == 3


def test_a_write_is_not_retried_by_default(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "drop")
    c = connect(s.port)
    with pytest.raises(exception.ConnectionError):
        c.put(K, {"a": 1})
    assert s.commands == 1


def test_a_node_going_away_and_coming_back(stub: Callable[..., Stub]) -> None:
    s = stub()
    port = s.port
    c = connect(port, tend_interval=20)
    c.put(K, {"a": 1})
    assert c.get_nodes() == [("127.0.0.1", port)]
    s.close()
    deadline = time.monotonic() + 5
    while c.get_nodes() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert c.get_nodes() == []
    with pytest.raises(exception.AerospikeError):
        c.get(K)
    stub(port=port)  # a fresh node on the same address: the seeds are tried again
    deadline = time.monotonic() + 5
    while not c.get_nodes() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert c.get_nodes() == [("127.0.0.1", port)]
    # The node's partition map comes with a later tend: until then its namespace is unknown
    # to the client (20), as in the C client.
    deadline = time.monotonic() + 5
    while True:
        try:
            c.get(K)
        except exception.NamespaceNotFound:
            assert time.monotonic() < deadline, "the partition map never came"
            time.sleep(0.02)
            continue
        except exception.RecordNotFound:
            break
        pytest.fail("a fresh node answered a record it never had")
    c.close()
