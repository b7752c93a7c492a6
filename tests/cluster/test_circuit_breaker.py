"""The node circuit breaker (``max_error_rate`` per ``error_rate_window`` tends) and the minimum
pool (``min_conns_per_node``), against stub servers."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import pytest
from conftest import Stub

import aeromodel.client as aerospike
from aeromodel.client import exception

K = ("test", "cl_breaker", "k")
FAIL_FAST = {"total_timeout": 60, "max_retries": 0}


def connect(port: int, **config: Any) -> aerospike.Client:
    # A long tend interval: the tests end error windows by calling tend() themselves.
    config.setdefault("tend_interval", 60_000)
    return aerospike.client({"hosts": [("127.0.0.1", port)], **config}).connect()


def tend(c: aerospike.Client) -> None:
    c._transport.cluster.tend()  # type: ignore[attr-defined]


def test_a_node_over_its_error_rate_is_not_sent_commands(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "silent")
    c = connect(s.port, max_error_rate=2, error_rate_window=2)
    for _ in range(3):  # three timeouts: one more than the rate allows
        with pytest.raises(exception.TimeoutError):
            c.get(K, policy=FAIL_FAST)
    assert s.commands == 3
    with pytest.raises(exception.MaxErrorRateExceeded) as info:
        c.get(K, policy=FAIL_FAST)
    assert info.value.code == -14 and "Max error rate exceeded" in info.value.msg
    assert s.commands == 3  # refused without being sent
    with pytest.raises(exception.MaxErrorRateExceeded) as info:
        c.put(K, {"a": 1}, policy=FAIL_FAST)
    assert info.value.in_doubt is False and s.commands == 3


def test_the_window_ends_every_error_rate_window_tends_with_a_halved_limit(
    stub: Callable[..., Stub],
) -> None:
    answering = {"on": False}
    s = stub(lambda n: "answer" if answering["on"] else "silent")
    c = connect(s.port, max_error_rate=4, error_rate_window=2)
    node = c._transport.cluster.node_list[0]  # type: ignore[attr-defined]
    for _ in range(5):
        with pytest.raises(exception.TimeoutError):
            c.get(K, policy=FAIL_FAST)
    with pytest.raises(exception.MaxErrorRateExceeded):
        c.get(K, policy=FAIL_FAST)
    tend(c)  # the connect's tend was the first: this second one ends the window
    assert node.errors == 0 and node.max_errors == 2  # breached: the next limit is half
    answering["on"] = True
    c.put(K, {"a": 1})
    assert c.get(K)[2] == {"a": 1}
    tend(c)
    tend(c)  # a quiet window: the limit doubles back towards the configured one
    assert node.max_errors == 4


def test_answers_that_are_not_failures_do_not_count(stub: Callable[..., Stub]) -> None:
    s = stub()
    c = connect(s.port, max_error_rate=1, error_rate_window=1)
    for i in range(10):
        with pytest.raises(exception.RecordNotFound):
            c.get(("test", "cl_breaker", f"missing{i}"))
    c.put(K, {"a": 1})
    with pytest.raises(exception.RecordExistsError):
        for _ in range(3):
            c.put(K, {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    assert c.get(K)[2] == {"a": 1}


def test_a_read_goes_on_to_another_try_when_the_breaker_is_open(stub: Callable[..., Stub]) -> None:
    s = stub(lambda n: "silent" if n <= 2 else "answer")
    c = connect(s.port, max_error_rate=1, error_rate_window=1)
    for _ in range(2):
        with pytest.raises(exception.TimeoutError):
            c.get(K, policy=FAIL_FAST)
    # Open: every try of this read is refused; the retries do not reach the node either.
    with pytest.raises(exception.MaxErrorRateExceeded):
        c.get(K, policy={"max_retries": 3})
    assert s.commands == 2
    tend(c)
    with pytest.raises(exception.RecordNotFound):
        c.get(K)


@pytest.mark.parametrize(("rate", "window"), [(0, 1), (1, 2), (101, 1), (5, 0)])
def test_a_ratio_outside_1_to_100_is_reset_to_the_defaults_with_a_warning(
    stub: Callable[..., Stub], caplog: pytest.LogCaptureFixture, rate: int, window: int
) -> None:
    s = stub()
    with caplog.at_level(logging.WARNING, logger="aeromodel.client"):
        c = connect(s.port, max_error_rate=rate, error_rate_window=window)
    assert "Invalid circuit breaker configuration" in caplog.text
    cluster = c._transport.cluster  # type: ignore[attr-defined]
    assert (cluster.max_error_rate, cluster.error_rate_window) == (100, 1)


def test_min_conns_per_node_opens_the_pool_at_discovery(stub: Callable[..., Stub]) -> None:
    s = stub()
    c = connect(s.port, min_conns_per_node=3, max_socket_idle=1)
    node = c._transport.cluster.node_list[0]  # type: ignore[attr-defined]
    assert node.open_count == 3 and len(node.idle) == 3
    node.close_idle(0.000001, 3)  # idle trimming keeps the minimum
    assert node.open_count == 3
    node.close_idle(0.000001, 1)
    assert node.open_count == 1
    c.put(K, {"a": 1})
    assert c.get(K)[2] == {"a": 1}


def test_min_conns_per_node_never_exceeds_max_conns_per_node(stub: Callable[..., Stub]) -> None:
    s = stub()
    c = connect(s.port, min_conns_per_node=8, max_conns_per_node=2)
    node = c._transport.cluster.node_list[0]  # type: ignore[attr-defined]
    assert node.open_count == 2
