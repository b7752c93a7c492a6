"""``aeromodel migrate`` and ``aeromodel makemigration``."""

from __future__ import annotations

import argparse
from typing import Any

from ..migrations import Runner, makemigration
from . import Command, Context
from .progress import Progress

DEFAULT_DIR = "migrations"


def _directory(ctx: Context) -> str:
    return str(ctx.args.dir or ctx.settings.option("migrations", DEFAULT_DIR))


def configure_migrate(p: argparse.ArgumentParser) -> None:
    p.add_argument("--dir", metavar="DIR",
                   help=f"the migrations directory (default: [aeromodel] migrations, or ./{DEFAULT_DIR})")
    p.add_argument("--namespace", metavar="NS",
                   help="where migration records and the lock live (default: [aeromodel] namespace, or test)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--list", action="store_true", help="show each migration's state and exit")
    mode.add_argument("--dry-run", action="store_true", help="show what would run, run nothing")
    p.add_argument("--to", metavar="ID",
                   help="apply up to this migration (or roll back to it, with the later ones' down())")
    p.add_argument("--lock-wait", type=float, default=60.0, metavar="SECONDS",
                   help="how long to wait for another run's lock (default 60)")
    p.add_argument("--lock-ttl", type=int, default=300, metavar="SECONDS",
                   help="the lock expires this long after its last renewal (default 300)")


def run_migrate(ctx: Context) -> int:
    a = ctx.args
    out = ctx.out
    namespace = a.namespace or ctx.settings.option("namespace", "test")

    def progress(total: int | None, label: str) -> Any:
        return Progress(total, label, out)

    runner = Runner(_directory(ctx), ctx.client(), namespace, out=out, progress=progress,
                    lock_ttl=a.lock_ttl, lock_wait=a.lock_wait)
    if a.list:
        print(f"migrations in {runner.directory} (records in {namespace}):", file=out)
        print(runner.status().render(), file=out)
        return 0
    if a.dry_run:
        up, back = runner.plan(a.to)
        for m in back:
            print(f"would roll back {m.id}", file=out)
        for m in up:
            print(f"would apply {m.id}" + (f": {m.doc}" if m.doc else ""), file=out)
        if not up and not back:
            print("nothing to apply", file=out)
        return 0
    done = runner.run(a.to)
    print(f"{len(done)} migration step(s) done" if done else "database is up to date", file=out)
    return 0


def configure_make(p: argparse.ArgumentParser) -> None:
    p.add_argument("name", help="what the migration does, e.g. add_display_name")
    p.add_argument("--dir", metavar="DIR", default=DEFAULT_DIR,
                   help=f"the migrations directory (default ./{DEFAULT_DIR})")


def run_make(ctx: Context) -> int:
    path = makemigration(ctx.args.dir, ctx.args.name)
    print(f"wrote {path}", file=ctx.out)
    return 0


COMMANDS = (
    Command("migrate", "apply pending migrations (and record them in the database)",
            configure_migrate, run_migrate,
            description="Apply the pending migrations in dependency order under a lock, recording "
                        "each in the database. Exits 1 on a missing dependency, a changed applied "
                        "migration, or a failure (saying what was done and how to resume)."),
    Command("makemigration", "write a new migration file skeleton", configure_make, run_make,
            connects=False),
)
