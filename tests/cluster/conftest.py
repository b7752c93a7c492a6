"""Fixtures for the cluster transport: ``aeromodel serve`` in-process, and a scripted stub
server (threads, blocking sockets) that answers the tend commands but may stay silent, drop the
connection, or answer only some requests — for timeouts, retries and in_doubt."""

from __future__ import annotations

import contextlib
import socket
import threading
import uuid
from collections.abc import Callable, Iterator

import pytest

from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.cluster_info import ClusterInfo
from aeromodel.client.server.dispatch import Dispatcher
from aeromodel.client.wire import NEED_DATA, InfoText, Message, Reader, info

Behaviour = Callable[[int], str]
"""Given the number of the command (1, 2, ...), what the stub does: answer, silent or drop."""


class Stub:
    """A one-node cluster on a free port whose commands go through ``behaviour``."""

    def __init__(self, behaviour: Behaviour, port: int = 0, engine: Engine | None = None) -> None:
        self.owns_engine = engine is None
        self.engine = engine or Engine.shared(f"stub-{uuid.uuid4().hex}")
        self.behaviour = behaviour
        self.commands = 0
        self.lock = threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", port))
        self.port = self.listener.getsockname()[1]
        self.cluster = ClusterInfo(self.engine, self.port)
        self.conns: list[socket.socket] = []
        self.closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._serve, args=(conn,), daemon=True).start()

    def _serve(self, conn: socket.socket) -> None:
        reader = Reader()
        dispatcher = Dispatcher(self.engine, self.cluster)
        try:
            while data := conn.recv(65536):
                reader.feed(data)
                while (ev := reader.next_event()) is not NEED_DATA:
                    if isinstance(ev, InfoText):
                        text = self.cluster.answer(info.decode_request(ev.body))
                        conn.sendall(info.encode_text(text))
                        continue
                    self.seen(ev)  # type: ignore[arg-type]
                    with self.lock:
                        self.commands += 1
                        n = self.commands
                    what = self.behaviour(n)
                    if what == "drop":
                        conn.close()
                        return
                    if what == "answer":
                        conn.sendall(b"".join(dispatcher.run(ev)))  # type: ignore[arg-type]
        except OSError:
            pass

    def seen(self, msg: Message) -> None:
        """Called with each command message before it is answered (a hook for subclasses)."""

    def close(self) -> None:
        """Stop listening and drop every connection (the node goes away)."""
        with contextlib.suppress(OSError):  # wakes the thread blocked in accept()
            self.listener.shutdown(socket.SHUT_RDWR)
        self.listener.close()
        for c in self.conns:
            with contextlib.suppress(OSError):
                c.shutdown(socket.SHUT_RDWR)
            c.close()
        if self.owns_engine:
            Engine.drop(self.engine.name)


@pytest.fixture
def stub() -> Iterator[Callable[..., Stub]]:
    made: list[Stub] = []

    def make(behaviour: Behaviour = lambda n: "answer", port: int = 0) -> Stub:
        s = Stub(behaviour, port)
        made.append(s)
        return s

    yield make
    for s in made:
        s.close()


@pytest.fixture
def listener() -> Iterator[int]:
    """A bare listening socket that accepts and never answers."""
    sock = socket.create_server(("127.0.0.1", 0))
    sock.listen(16)
    yield sock.getsockname()[1]
    sock.close()


@pytest.fixture
def refused_port() -> int:
    """A port nothing listens on."""
    sock = socket.create_server(("127.0.0.1", 0))
    port: int = sock.getsockname()[1]
    sock.close()
    return port
