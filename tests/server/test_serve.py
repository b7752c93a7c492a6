"""``aeromodel serve`` over a real socket: our codec as the client, and the official client
(when ``aerospike`` is importable, or AEROMODEL_OFFICIAL_PYTHON names an interpreter that has
it) running get/put/operate/batch/scan against it."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from aeromodel.client.command import BatchCommand, Command, Result
from aeromodel.client.digest import compute_digest
from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.app import start
from aeromodel.client.wire import NEED_DATA, Message, Reader, batch, info, records
from aeromodel.client.wire.reader import InfoText


@pytest.fixture(scope="module")
def port() -> Iterator[int]:
    loop = asyncio.new_event_loop()
    engine = Engine.shared("test-serve")
    server = loop.run_until_complete(start(engine, "127.0.0.1", 0))
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    yield server.sockets[0].getsockname()[1]
    loop.call_soon_threadsafe(server.close)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)


def exchange(port: int, data: bytes, want: int = 1) -> list[Any]:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(data)
        reader = Reader()
        out: list[Any] = []
        while len(out) < want:
            chunk = sock.recv(65536)
            assert chunk, "the server closed the connection"
            reader.feed(chunk)
            while (ev := reader.next_event()) is not NEED_DATA:
                out.append(ev)
        return out


def _cmd(key: str, info1: int, info2: int, ops: Any) -> Command:
    digest = bytes(compute_digest("test", key))
    return Command("test", "serve", digest, None, info1, info2, 0, 0, 0, ops)


def test_put_then_get_over_the_socket(port: int) -> None:
    put = _cmd("a", 0, 1, [(2, "x", 5), (2, "l", [1, "two"])])
    [msg] = exchange(port, records.encode_command(put))
    assert isinstance(msg, Message) and msg.result_code == 0
    get = _cmd("a", 3, 0, None)
    [msg] = exchange(port, records.encode_command(get))
    res = records.decode_result(msg, get)
    assert (res.code, res.gen, res.bins) == (0, 1, {"x": 5, "l": [1, "two"]})


def test_batch_over_the_socket(port: int) -> None:
    exchange(port, records.encode_command(_cmd("b", 0, 1, [(2, "x", 1)])))
    cmd = BatchCommand(5, [_cmd("b", 3, 0, None), _cmd("missing", 3, 0, None)])
    msgs = exchange(port, batch.encode_batch(cmd), want=3)
    res = batch.decode_batch_result(msgs, cmd)
    assert [r.code for r in res.records] == [0, 2]
    assert res.records[0] == Result(0, 1, 0, {"x": 1})


def test_tend_info(port: int) -> None:
    [ev] = exchange(port, info.encode_request("node\npartition-generation\nreplicas\nnamespaces"))
    assert isinstance(ev, InfoText)
    answers = info.answer_pairs(info.decode_answer(ev.body))
    assert answers["partition-generation"] == "0"
    assert answers["namespaces"] == "test;bar"
    assert answers["replicas"].startswith("test:0,1,////")


def test_an_empty_info_request_answers_the_default_set(port: int) -> None:
    [ev] = exchange(port, info.encode_request(""))
    assert isinstance(ev, InfoText)
    answers = info.answer_pairs(info.decode_answer(ev.body))
    assert answers["build"] == "8.1.2.0"
    assert answers["node"] == Engine.shared("test-serve").node_name


def test_garbage_closes_only_that_connection(port: int) -> None:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as bad:
        bad.sendall(b"\x09" * 16)
        assert bad.recv(100) == b""
    [ev] = exchange(port, info.encode_request("node"))
    assert isinstance(ev, InfoText)


OFFICIAL_SCRIPT = """
import sys, aerospike
from aerospike_helpers.operations import operations as ops, list_operations as lops
c = aerospike.client({"hosts": [("127.0.0.1", int(sys.argv[1]))]}).connect()
k = ("test", "official", "k1")
c.put(k, {"a": 1, "l": [1, 2], "m": {"x": 1}, "s": "hi", "f": 1.5})
_, meta, bins = c.get(k)
assert bins == {"a": 1, "l": [1, 2], "m": {"x": 1}, "s": "hi", "f": 1.5}, bins
_, _, bins = c.operate(k, [ops.increment("a", 2), lops.list_append("l", 3), ops.read("a")])
assert bins == {"a": 3, "l": 3}, bins
recs = c.batch_read([k, ("test", "official", "nope")]).batch_records
assert [r.result for r in recs] == [0, 2], [r.result for r in recs]
assert len(c.scan("test", "official").results()) == 1
c.remove(k)
assert c.exists(k)[1] is None
print("ok")
"""


def test_the_official_client_works_against_serve(port: int) -> None:
    # In a process of its own (the official client is a test dependency): a blocking call of
    # its holds the GIL, which an in-process serve would need.
    proc = subprocess.run(
        [sys.executable, "-c", OFFICIAL_SCRIPT, str(port)], capture_output=True, text=True,
        timeout=60,
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stdout + proc.stderr
