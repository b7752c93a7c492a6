"""``aeromodel serve`` in-process, for running the model suite on the official ``aerospike``
client: one background event loop, one server (on a free port) per engine."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from aeromodel.client.engine.engine import Engine
from aeromodel.client.server.app import start

_loop: list[asyncio.AbstractEventLoop] = []


def _background_loop() -> asyncio.AbstractEventLoop:
    if not _loop:
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, name="models-serve", daemon=True).start()
        _loop.append(loop)
    return _loop[0]


@contextmanager
def serving(engine_name: str) -> Iterator[int]:
    """Serve a fresh shared engine called ``engine_name`` on a free port (yielded); on exit the
    server closes and the engine is dropped."""
    loop = _background_loop()
    engine = Engine.shared(engine_name)
    server = asyncio.run_coroutine_threadsafe(start(engine, "127.0.0.1", 0), loop).result(10)
    try:
        yield server.sockets[0].getsockname()[1]
    finally:

        async def stop() -> None:
            server.close()
            await server.wait_closed()

        asyncio.run_coroutine_threadsafe(stop(), loop).result(10)
        Engine.drop(engine_name)
