"""``aeromodel serve`` fed malformed messages: no crash, no hang, other connections unaffected.

The server runs in a process of its own, its address space capped (a request that made it
allocate without bound fails there, not on the test machine) and its log on a pipe: an error it
logged is a failure inside the server, a bug. Each example opens a connection, sends its bytes,
half-closes, and must see the server answer with well-formed frames and close within a timeout;
an example whose frames are sound (only what is inside a message is wrong) is followed by an info
request on the same connection, which must be answered: a bad message costs its sender nothing
more than an error code. After each example, a connection opened before them all (raw socket)
and our cluster transport still get right answers. (``AEROMODEL_FUZZ_EXAMPLES`` sets how many
examples; with ``HYPOTHESIS_PROFILE=explore`` they are fresh ones.)
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from _serve_support import read_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client.command import Command, ScanCommand
from aeromodel.client.digest import compute_digest
from aeromodel.client.wire import NEED_DATA, InfoText, Message, Reader, WireOp, info, records, scans
from aeromodel.client.wire import fields as F
from aeromodel.client.wire.message import encode, pack
from aeromodel.client.wire.proto import MAX_SIZE, frame

SERVER = """
import asyncio, logging, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
logging.basicConfig(stream=sys.stderr, level=logging.ERROR)
from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.app import start

async def main():
    server = await start(Engine.shared("fuzz"), "127.0.0.1", 0, frame_timeout=0.3)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()

asyncio.run(main())
"""

CAPTURED = Path(__file__).resolve().parent.parent / "wire" / "fixtures" / "captured.json"
CANARY = ("test", "fz_canary", "steady")
CANARY_BINS = {"v": 1, "l": [1, "two", 3.5], "m": {"k": b"\x00"}}


class Server(NamedTuple):
    proc: subprocess.Popen[bytes]
    port: int
    steady: socket.socket
    client: Any


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    port = int(proc.stdout.readline())
    os.set_blocking(proc.stderr.fileno(), False)
    client = aerospike.client({"hosts": [("127.0.0.1", port)]}).connect()
    client.put(CANARY, CANARY_BINS)
    for i in range(40):
        client.put(("test", "fz", i), {"i": i, "l": list(range(i % 5)), "m": {"a": i}})
    steady = socket.create_connection(("127.0.0.1", port), timeout=5)
    try:
        yield Server(proc, port, steady, client)
    finally:
        client.close()
        steady.close()
        proc.terminate()
        proc.wait(5)


# -- what to send ---------------------------------------------------------------------------


class Bad(NamedTuple):
    """Bytes to send; ``framed``: every frame in them is whole and sound (header and size), so
    the server must answer each and keep the connection."""

    data: bytes
    framed: bool


def _seeds() -> list[bytes]:
    calls = json.loads(CAPTURED.read_text())["calls"]
    out = [
        bytes.fromhex(m["hex"]) for c in calls for m in c["messages"] if m["dir"] == "req"
    ]
    digest = bytes(compute_digest("fz", 3))
    scan = ScanCommand("test", "fz", partitions=[(1, None, None), (7, digest, 0)], max_records=5)
    out.append(scans.encode_scan(scan, 77))
    out.append(scans.encode_scan(ScanCommand("test", "fz"), 78))
    out.append(info.encode_request("namespaces\nsets/test/fz\nstatistics"))
    # Whole info or message frames; no truncate (a mutated one could empty the namespace).
    return [s for s in out if s[1] in (1, 3) and b"truncate" not in s]


SEEDS = _seeds()
BOMB = zlib.compress(bytes(16 << 20), 9)
"""A zlib stream of 16 MiB of zeros (16 KiB of it): sent declaring 100 bytes."""
U16 = st.integers(0, 0xFFFF)


def _reframe(ftype: int, body: bytes) -> bytes:
    return frame(ftype, body)


@st.composite
def random_bytes(draw: st.DrawFn) -> Bad:
    return Bad(draw(st.binary(max_size=300)), False)


@st.composite
def bad_headers(draw: st.DrawFn) -> Bad:
    body = draw(st.sampled_from(SEEDS))[8:] if draw(st.booleans()) else draw(st.binary(max_size=60))
    version = draw(st.sampled_from((0, 1, 2, 3, 255)) | st.integers(0, 255))
    ftype = draw(st.sampled_from((0, 1, 2, 3, 4, 5, 255)) | st.integers(0, 255))
    size = draw(st.sampled_from((
        0, 1, len(body), len(body) - 1, len(body) + 1, MAX_SIZE, MAX_SIZE + 1, (1 << 48) - 1,
    )).filter(lambda n: n >= 0))
    return Bad(bytes((version, ftype)) + size.to_bytes(6, "big") + body, False)


@st.composite
def mutated(draw: st.DrawFn) -> Bad:
    """A real request with bytes changed inside its body (the frame stays sound)."""
    seed = bytearray(draw(st.sampled_from(SEEDS)))
    for _ in range(draw(st.integers(1, 4))):
        i = draw(st.integers(8, len(seed) - 1))
        seed[i] = draw(st.integers(0, 255) | st.sampled_from((0x00, 0xFF, 0x7F, 0x80, 0xC1, 0xDD)))
    return Bad(bytes(seed), True)


@st.composite
def bad_counts(draw: st.DrawFn) -> Bad:
    """A real message claiming other field and operation counts."""
    seed = draw(st.sampled_from([s for s in SEEDS if s[1] == 3]))
    body = bytearray(seed[8:])
    body[18:20] = draw(U16).to_bytes(2, "big")
    if draw(st.booleans()):
        body[20:22] = draw(U16).to_bytes(2, "big")
    return Bad(_reframe(3, bytes(body)), True)


@st.composite
def truncated(draw: st.DrawFn) -> Bad:
    """A real message cut short: reframed to its new size (sound), or its frame cut (not)."""
    seed = draw(st.sampled_from(SEEDS))
    cut = draw(st.integers(0, len(seed) - 9))
    if draw(st.booleans()):
        return Bad(_reframe(seed[1], seed[8 : 8 + cut]), True)
    return Bad(seed[: 8 + cut], False)


@st.composite
def bad_sizes(draw: st.DrawFn) -> Bad:
    """A real message whose field or operation sizes lie, up to 2**32 - 1."""
    seed = draw(st.sampled_from([s for s in SEEDS if s[1] == 3]))
    body = bytearray(seed[8:])
    nfields = int.from_bytes(body[18:20], "big")
    if nfields == 0 or len(body) < 27:
        return Bad(seed, True)
    pos = 22
    for _ in range(draw(st.integers(0, nfields - 1))):
        size = int.from_bytes(body[pos : pos + 4], "big")
        if pos + 4 + size + 4 > len(body):
            break
        pos += 4 + size
    body[pos : pos + 4] = draw(
        st.sampled_from((0, 1, 0xFFFFFFFF, 0x7FFFFFFF, MAX_SIZE)) | st.integers(0, (1 << 32) - 1)
    ).to_bytes(4, "big")
    return Bad(_reframe(3, bytes(body)), True)


MSGPACK = st.one_of(
    st.binary(max_size=40),
    st.sampled_from((
        b"\xdd\xff\xff\xff\xff",  # an array of 2**32 - 1 elements, none sent
        b"\xdf\xff\xff\xff\xff\x01",  # a map as big
        b"\xdb\xff\xff\xff\xff",  # a string as big
        b"\xc6\x7f\xff\xff\xff",  # bytes as big
        b"\x91" * 5000 + b"\xc0",  # nested 5,000 deep
        b"\x81" * 3000 + b"\xc0",
        b"\xc1",  # never used
        b"\xd4\x00",  # an ext cut short
        b"\xc7\xff\x05",  # an ext longer than sent
        b"\xca\x7f\x80\x00\x00",  # float32 infinity
        b"\x92\xff\xc0",
        b"\xa3\xff\xfe\xfd",  # a string that is not UTF-8
    )),
    st.binary(max_size=8).map(lambda b: b"\x92" + b),
)


@st.composite
def bad_particles(draw: st.DrawFn) -> Bad:
    """A write or a CDT operation whose value is malformed msgpack (or a particle of the wrong
    size), sent as sound frames."""
    digest = bytes(compute_digest("fz_bad", draw(st.integers(0, 3))))
    kind = draw(st.sampled_from(("write", "cdt", "exp", "batch", "scan_filter")))
    value = draw(MSGPACK)
    fields = [(F.NAMESPACE, b"test"), (F.SET, b"fz_bad"), (F.DIGEST, digest)]
    if kind == "write":
        ptype = draw(st.sampled_from((1, 2, 3, 4, 17, 18, 19, 20, 23, 0, 99)))
        msg = Message(0, 1, 0, 0, 0, 0, 0, 1000, fields, [WireOp(2, ptype, "b", value)])
    elif kind == "cdt":
        op = draw(st.sampled_from((3, 4, 10, 11, 12, 13, 15, 16)))
        msg = Message(3, 1, 0, 0, 0, 0, 0, 1000, fields, [WireOp(op, 4, "b", value)])
    elif kind == "exp":
        msg = Message(3, 0, 0, 0, 0, 0, 0, 1000, [*fields, (F.FILTER, value)], [])
    elif kind == "batch":
        field = draw(st.sampled_from((b"\xff\xff\xff\xff\x08", b"\x00\x00\x00\x00\x08"))) + value
        msg = Message(8, 0, 0, 0, 0, 0, 0, 1000, [(F.BATCH_INDEX, field)], [])
    else:
        req = scans.request(ScanCommand("test", "fz"), 9)
        msg = req._replace(fields=[*req.fields, (F.FILTER, value)])
    return Bad(encode(msg), True)


INFO_NAMES = (
    "namespaces", "node", "build", "statistics", "sets", "sets/test", "sets/test/fz", "bins/test",
    "namespace/test", "sindex", "sindex-list", "sindex/test", "replicas", "partition-generation",
    "peers-clear-std", "service-clear-std", "features", "edition", "version", "cluster-name",
    "get-config", "get-config:context=namespace;id=test", "latencies:", "udf-list", "partitions",
    "racks", "best-practices", "",
)


@st.composite
def bad_info(draw: st.DrawFn) -> Bad:
    lines = draw(st.lists(
        st.sampled_from(INFO_NAMES).flatmap(
            lambda n: st.sampled_from((n, n + ":", n + "/", n + ";")) | st.text(max_size=30).map(lambda t: n + t)
        ) | st.text(max_size=40),
        max_size=4,
    ))
    body = "\n".join(lines).encode("utf-8", "surrogatepass")
    if draw(st.booleans()):
        body += draw(st.binary(max_size=20))  # not UTF-8, or a NUL
    return Bad(frame(1, body), True)


@st.composite
def bad_compressed(draw: st.DrawFn) -> Bad:
    inner = draw(st.sampled_from(SEEDS))
    packed = zlib.compress(inner)
    choice = draw(st.sampled_from(("size", "bomb", "garbage", "cut", "nested")))
    if choice == "size":
        want = draw(st.sampled_from((0, 1, len(inner) - 1, len(inner) + 1, 1 << 40, (1 << 64) - 1)))
        body = max(want, 0).to_bytes(8, "big") + packed
    elif choice == "bomb":
        body = (100).to_bytes(8, "big") + BOMB
    elif choice == "garbage":
        body = len(inner).to_bytes(8, "big") + draw(st.binary(max_size=40))
    elif choice == "cut":
        body = len(inner).to_bytes(8, "big") + packed[: draw(st.integers(0, len(packed) - 1))]
    else:
        again = frame(4, len(inner).to_bytes(8, "big") + packed)
        body = len(again).to_bytes(8, "big") + zlib.compress(again)
    return Bad(frame(4, body), True)


BAD = st.one_of(
    random_bytes(), bad_headers(), mutated(), bad_counts(), truncated(), bad_sizes(),
    bad_particles(), bad_info(), bad_compressed(),
)


# -- the checks -----------------------------------------------------------------------------


def _log(server: Server) -> str:
    assert server.proc.stderr is not None
    data = server.proc.stderr.read()
    return data.decode(errors="replace") if data else ""


def _throw(server: Server, bad: Bad) -> list[Any]:
    """Send, half-close, read to the end: the frames the server answered."""
    probe = info.encode_request("node") if bad.framed else b""
    got = b""
    with socket.create_connection(("127.0.0.1", server.port), timeout=3) as sock:
        try:
            sock.sendall(bad.data + probe)
            sock.shutdown(socket.SHUT_WR)
            while data := sock.recv(1 << 16):
                got += data
        except ConnectionResetError:
            assert not bad.framed, "the server reset a connection whose frames were sound"
    reader = Reader()
    reader.feed(got)
    out = []
    while (ev := reader.next_event()) is not NEED_DATA:
        out.append(ev)
    assert reader.idle, f"the answer ends in a partial frame: {got[-40:].hex()}"
    return out


_CANARY_GET = Command(
    "test", "fz_canary", bytes(compute_digest("fz_canary", "steady")), None, 3, 0, 0, 0, 0, None
)


def _steady_still_answers(server: Server) -> None:
    sock = server.steady
    sock.sendall(records.encode_command(_CANARY_GET) + info.encode_request("node"))
    msg, text = read_events(sock, Reader(), lambda out: len(out) >= 2)
    assert isinstance(msg, Message) and isinstance(text, InfoText)
    res = records.decode_result(msg, _CANARY_GET)
    assert res.code == 0 and res.bins is not None and res.bins["v"] == 1
    assert server.client.get(CANARY)[2] == CANARY_BINS


@settings(
    max_examples=int(os.environ.get("AEROMODEL_FUZZ_EXAMPLES", "1000")), deadline=None, database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(bad=BAD)
def test_malformed_messages_leave_the_server_and_its_other_clients_unharmed(
    server: Server, bad: Bad
) -> None:
    started = time.monotonic()
    answers = _throw(server, bad)
    assert time.monotonic() - started < 2.5, "the server took too long to answer or close"
    if bad.framed:
        assert answers and isinstance(answers[-1], InfoText), (
            f"the info request after a malformed message was not answered: {answers[-3:]!r}"
        )
        assert info.decode_answer(answers[-1].body).startswith("node\t")
    assert server.proc.poll() is None, "the server died"
    assert _log(server) == ""
    _steady_still_answers(server)


def test_a_half_sent_frame_is_dropped_after_the_timeout(server: Server) -> None:
    good = records.encode_command(_CANARY_GET)
    stalled = []
    for cut in (3, 8, 20, len(good) - 1):
        sock = socket.create_connection(("127.0.0.1", server.port), timeout=3)
        sock.sendall(good[:cut])
        stalled.append(sock)
    big = socket.create_connection(("127.0.0.1", server.port), timeout=3)
    big.sendall(b"\x02\x03" + (MAX_SIZE - 1).to_bytes(6, "big") + bytes(1000))  # declares 128 MiB
    stalled.append(big)
    _steady_still_answers(server)  # meanwhile, others are served
    started = time.monotonic()
    for sock in stalled:
        assert sock.recv(100) == b""  # closed, without an answer
        sock.close()
    assert time.monotonic() - started < 2
    assert _log(server) == ""


def test_a_sound_frame_with_a_bad_message_is_answered_4_and_the_connection_goes_on(
    server: Server,
) -> None:
    good = records.encode_command(_CANARY_GET)
    body = good[8:]
    bad_messages = [
        frame(3, b""),  # shorter than a header
        frame(3, body + body),  # two messages in one frame
        frame(3, body + b"\x00"),  # a byte after the message
        frame(3, body[:18] + b"\x00\x09" + body[20:]),  # more fields than sent
    ]
    sock = server.steady
    for bad in bad_messages:
        sock.sendall(bad + good)
        err, ok = read_events(sock, Reader(), lambda out: len(out) >= 2)
        assert (err.result_code, err.info3, list(err.fields), list(err.ops)) == (4, 0, [], [])
        assert records.decode_result(ok, _CANARY_GET).code == 0
    # A message without a namespace: 20, as the server answers it.
    sock.sendall(encode(Message(3, 0, 0, 0, 0, 0, 0, 0, [(F.DIGEST, bytes(20))], [])))
    [msg] = read_events(sock, Reader(), bool)
    assert msg.result_code == 20
    assert pack(msg)  # a plain message
    assert _log(server) == ""


def test_a_list_padded_far_past_its_end_is_refused_without_allocating(server: Server) -> None:
    from aeromodel.client.helpers.operations import list_operations as lo

    key = ("test", "fz_pad", 1)
    server.client.put(key, {"l": [1]})
    codes = []
    for index in ((1 << 31) - 1, 1 << 24, 1 << 31):
        try:
            server.client.operate(key, [lo.list_insert("l", index, 5)])
            codes.append(0)
        except aerospike.exception.AerospikeError as err:
            codes.append(err.code)
    log = _log(server)  # read whatever happens, so that no other test sees it
    assert codes == [4, 13, 26]  # as an 8.1.2 server answers, refused before any padding is made
    assert log == ""
