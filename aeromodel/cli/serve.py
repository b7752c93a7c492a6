"""``aeromodel serve``: the Aerospike wire protocol over an embedded engine, so that any Aerospike
client (the official one included) and several processes can share it."""

from __future__ import annotations

import argparse
import contextlib

from . import Command, Context


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=3000, help="port to listen on (default 3000)")
    p.add_argument("--engine", default="default", metavar="NAME",
                   help="the embedded engine's name (default 'default')")


def run(ctx: Context) -> int:
    from ..client.engine.engine import Engine
    from ..client.server import serve

    print(f"aeromodel serve: listening on {ctx.args.host}:{ctx.args.port} "
          f"(engine {ctx.args.engine!r}); Ctrl-C stops it", file=ctx.out, flush=True)
    with contextlib.suppress(KeyboardInterrupt):
        serve(Engine.shared(ctx.args.engine), ctx.args.host, ctx.args.port)
    return 0


COMMANDS = (
    Command("serve", "serve the wire protocol over an embedded engine", configure, run,
            connects=False,
            description="A one-node Aerospike cluster over the embedded engine: the official "
                        "client and aeromodel's own clients connect to it unchanged."),
)
