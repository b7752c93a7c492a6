"""A single-record command's first attempt runs outside the retry loop; when it fails the loop
takes over as if it had made that attempt: server retry codes, protocol errors, the count of
requests sent (in_doubt) and the circuit breaker all come out as they do for a later attempt."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from conftest import Stub

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.command import Result
from aeromodel.client.server.dispatch import Dispatcher
from aeromodel.client.wire import Message, records

K = ("test", "cl_first", "k")


def connect(port: int, **config: Any) -> aerospike.Client:
    return aerospike.client({"hosts": [("127.0.0.1", port)], **config}).connect()


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """Frames the stub sends instead of its answers to the next commands, in order."""
    queued: list[bytes] = []
    run = Dispatcher.run

    def scripted(self: Dispatcher, msg: Message) -> Iterator[Any]:
        if queued:
            return iter([queued.pop(0)])
        return run(self, msg)

    monkeypatch.setattr(Dispatcher, "run", scripted)
    return queued


def test_an_overloaded_answer_is_retried(stub: Callable[..., Stub], answers: list[bytes]) -> None:
    s = stub()
    c = connect(s.port)
    c.put(K, {"a": 1})
    answers.append(records.encode_result(Result(18)))  # device overload
    assert c.get(K, policy={"max_retries": 1})[2] == {"a": 1}
    node = c._transport.cluster.node_list[0]  # type: ignore[attr-defined]
    assert node.errors == 1


def test_an_overloaded_write_without_retries_is_in_doubt_only_when_not_answered(
    stub: Callable[..., Stub], answers: list[bytes]
) -> None:
    s = stub()
    c = connect(s.port)
    answers.append(records.encode_result(Result(18)))
    with pytest.raises(exception.ServerError) as info:
        c.put(K, {"a": 1})
    assert info.value.code == 18 and info.value.in_doubt is False


def test_a_bad_answer_is_a_client_error(stub: Callable[..., Stub], answers: list[bytes]) -> None:
    s = stub()
    c = connect(s.port)
    answers.append(bytes((2, 3, 0, 0, 0, 0, 0, 3)) + b"abc")  # a message cut short
    with pytest.raises(exception.ClientError) as info:
        c.put(K, {"a": 1}, policy={"max_retries": 2})
    assert "bad answer" in info.value.msg and info.value.in_doubt is True
    assert s.commands == 1


def test_a_timeout_with_socket_timeout_shorter_than_total_retries(
    stub: Callable[..., Stub],
) -> None:
    s = stub(lambda n: "silent" if n == 1 else "answer")
    c = connect(s.port)
    with pytest.raises(exception.RecordNotFound):
        c.get(K, policy={"socket_timeout": 50, "total_timeout": 2000, "max_retries": 1})
    assert s.commands == 2
