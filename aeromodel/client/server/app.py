"""The asyncio server: one Dispatcher per connection over a shared engine. A connection that
sends a frame header that is not the protocol, or stops part-way through a frame for longer than
``frame_timeout``, is closed; others are not affected. A long answer (a scan) is written frame
by frame, letting the other connections in between frames and waiting while the peer is slow
to read (or while a scan is paced to its records per second), so it neither holds the loop nor
piles up in memory."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from ..engine.engine import Engine
from ..wire.proto import ProtocolError
from .cluster_info import ClusterInfo
from .dispatch import Dispatcher, Wait

FRAME_TIMEOUT = 30.0
"""Seconds a connection may leave a frame half-sent before it is closed. (A real server keeps
any connection for ever by default — proto-fd-idle-ms 0 — serve bounds what a peer that
stopped part-way holds; an idle connection between requests is kept, as clients pool them.)"""

log = logging.getLogger("aeromodel.serve")


async def _connection(
    engine: Engine, cluster: ClusterInfo, frame_timeout: float | None,
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
) -> None:
    session = Dispatcher(engine, cluster)
    clean = True
    try:
        while True:
            if session.mid_frame and frame_timeout:
                data = await asyncio.wait_for(reader.read(65536), frame_timeout)
            else:
                data = await reader.read(65536)
            if not data:
                break
            session.feed(data)
            first = True
            for out in session.answers():
                if isinstance(out, Wait):
                    await asyncio.sleep(out.seconds)
                    continue
                if not first:
                    await asyncio.sleep(0)  # between the frames of a long answer: others go
                first = False
                writer.write(out)
                await writer.drain()
    except (ProtocolError, ConnectionError, asyncio.TimeoutError):
        clean = False
    except (GeneratorExit, asyncio.CancelledError):  # the loop is closing: close, await nothing
        with contextlib.suppress(RuntimeError):  # a loop already closed
            writer.transport.abort()
        raise
    except Exception:  # a bug: the connection goes, the server stays
        log.exception("aeromodel serve: a connection failed")
        clean = False
    if not clean:
        writer.transport.abort()  # nothing more for this peer: do not wait on its reading
        return
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()


async def start(
    engine: Engine, host: str = "127.0.0.1", port: int = 3000,
    frame_timeout: float | None = FRAME_TIMEOUT,
) -> asyncio.Server:
    """Start serving ``engine`` (port 0: any free port, see the server's sockets;
    ``frame_timeout`` None: wait for the rest of a frame for ever)."""
    cluster = ClusterInfo(engine, port)
    server = await asyncio.start_server(
        lambda r, w: _connection(engine, cluster, frame_timeout, r, w), host, port
    )
    if port == 0:
        cluster.port = server.sockets[0].getsockname()[1]
    return server


def serve(engine: Engine, host: str = "127.0.0.1", port: int = 3000) -> None:
    """Serve until interrupted."""

    async def main() -> None:
        server = await start(engine, host, port)
        async with server:
            await server.serve_forever()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())
