"""``python -m aeromodel``: the demo tour on the embedded engine; ``aeromodel serve`` runs the
wire-protocol server over an embedded engine."""

from __future__ import annotations

import argparse
import sys

from .demo import tour


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``aeromodel`` command."""
    args = sys.argv[1:] if argv is None else argv
    if args and args[0] == "serve":
        parser = argparse.ArgumentParser(prog="aeromodel serve")
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=3000)
        parser.add_argument("--engine", default="default", help="the embedded engine's name")
        opts = parser.parse_args(args[1:])
        from .client.engine.engine import Engine
        from .client.server import serve

        serve(Engine.shared(opts.engine), opts.host, opts.port)
        return
    tour()


if __name__ == "__main__":
    main()
