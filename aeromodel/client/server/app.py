"""The asyncio server: one Dispatcher per connection over a shared engine. A connection that
sends bytes that are not the protocol is closed; others are not affected."""

from __future__ import annotations

import asyncio
import contextlib

from ..engine.engine import Engine
from ..wire.proto import ProtocolError
from .cluster_info import ClusterInfo
from .dispatch import Dispatcher


async def _connection(
    engine: Engine, cluster: ClusterInfo, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
) -> None:
    session = Dispatcher(engine, cluster)
    try:
        while data := await reader.read(65536):
            session.feed(data)
            for out in session.answers():
                writer.write(out)
            await writer.drain()
    except (ProtocolError, ConnectionError):
        pass
    except (GeneratorExit, asyncio.CancelledError):  # the loop is closing: close, await nothing
        writer.close()
        raise
    writer.close()
    with contextlib.suppress(ConnectionError):
        await writer.wait_closed()


async def start(engine: Engine, host: str = "127.0.0.1", port: int = 3000) -> asyncio.Server:
    """Start serving ``engine`` (port 0: any free port, see the server's sockets)."""
    cluster = ClusterInfo(engine, port)
    server = await asyncio.start_server(
        lambda r, w: _connection(engine, cluster, r, w), host, port
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
