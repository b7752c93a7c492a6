"""Helpers for the serve tests: ``aeromodel serve`` on a free port, on an event loop of its own
in a background thread, with what went wrong inside it (exceptions it logged) kept for the tests
to check; and reading answer events from a socket."""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import uuid
from typing import Any

from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.app import start
from aeromodel.client.wire import NEED_DATA, Reader


class _Failures(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


class Serve:
    """One serve instance over its own engine: ``port``, ``engine``, ``failures`` (the errors
    it logged: a failure inside the server), ``alive`` (its loop still runs)."""

    def __init__(self, frame_timeout: float | None = 30.0) -> None:
        self.engine = Engine.shared(f"serve-test-{uuid.uuid4().hex}")
        self.loop = asyncio.new_event_loop()
        self.server = self.loop.run_until_complete(
            start(self.engine, "127.0.0.1", 0, frame_timeout=frame_timeout)
        )
        self.port: int = self.server.sockets[0].getsockname()[1]
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self._handler = _Failures()
        logging.getLogger("aeromodel.serve").addHandler(self._handler)

    @property
    def failures(self) -> list[str]:
        return [r.getMessage() + (f": {r.exc_info[1]!r}" if r.exc_info else "") for r in self._handler.records]

    @property
    def alive(self) -> bool:
        return self.thread.is_alive() and self.loop.is_running()

    def close(self) -> None:
        logging.getLogger("aeromodel.serve").removeHandler(self._handler)

        async def shutdown() -> None:
            self.server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self.loop).result(5)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        Engine.drop(self.engine.name)


def read_events(sock: socket.socket, reader: Reader, until: Any) -> list[Any]:
    """Events from ``sock`` until ``until(events)`` holds (the socket's timeout bounds each
    read; AssertionError if the server closes first)."""
    out: list[Any] = []
    while not until(out):
        data = sock.recv(65536)
        assert data, f"the server closed the connection after {out!r}"
        reader.feed(data)
        while (ev := reader.next_event()) is not NEED_DATA:
            out.append(ev)
    return out
