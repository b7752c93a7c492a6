"""``aeromodel demo``: the guided tour (the README's first command)."""

from __future__ import annotations

import argparse

from . import Command, Context


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("--client", action="store_true",
                   help="tour the client API (aeromodel.client) instead of the model layer")
    p.add_argument("--records", type=int, default=3000, metavar="N",
                   help="how many records the demo writes (default 3000)")


def run(ctx: Context) -> int:
    if ctx.args.client:
        from ..tour import tour

        tour(ctx.out)
        return 0
    from ..demo import run as demo

    demo(ctx.out, records=ctx.args.records)
    return 0


COMMANDS = (
    Command("demo", "run the demo on the embedded engine (the default command)", configure, run,
            connects=False,
            description="A small application on the embedded engine: models, index sync, "
                        "migrations, a few thousand writes, indexed queries with explain(), "
                        "optimistic locking and CDT helpers, each step's code printed with "
                        "its answer."),
)
