"""``aeromodel sync-indexes``: make the cluster's secondary indexes match the models'."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from .. import sync
from ..errors import IndexSyncError
from . import Command, Context
from .progress import Progress


def configure(p: argparse.ArgumentParser) -> None:
    p.add_argument("module", nargs="?",
                   help="module or package holding the models (default: [aeromodel] models "
                        "in the config file)")
    mode = p.add_mutually_exclusive_group()
    mode.add_argument("--dry-run", action="store_true", help="print the plan, change nothing")
    mode.add_argument("--check", action="store_true",
                      help="only verify: exit 1 if an index is missing, conflicting or still building")
    p.add_argument("--prune", action="store_true",
                   help="drop indexes on the models' sets that no model declares")
    p.add_argument("--wait", action="store_true", help="wait until new indexes are built")
    p.add_argument("--timeout", type=float, default=None, metavar="SECONDS",
                   help="with --wait: give up after this long (exit 1)")


def import_target(ctx: Context, given: str | None) -> str:
    """The application module to import (the current directory is importable, as with
    ``python -m``). Raises SettingsError when none is named."""
    from .settings import SettingsError

    target = given or ctx.settings.option("models")
    if not target:
        raise SettingsError("name the module holding the models (or set [aeromodel] models)")
    if os.getcwd() not in sys.path:
        sys.path.insert(0, os.getcwd())
    return str(target)


def run(ctx: Context) -> int:
    a = ctx.args
    target = import_target(ctx, a.module)
    client = ctx.client()
    out = ctx.out
    if a.check:
        plan = sync.check_indexes(target, client, prune=a.prune)
        print(plan.render(), file=out)
        if plan.in_sync:
            print("indexes in sync", file=out)
            return 0
        print("indexes NOT in sync (run `aeromodel sync-indexes` to fix, or wait for building ones)",
              file=out)
        return 1
    bars: dict[str, Progress] = {}

    def progress(name: str, pct: float) -> None:
        bar = bars.get(name) or bars.setdefault(name, Progress(100, f"building {name}", out, unit="%"))
        bar.set(pct)
        if pct >= 100:
            bar.close()

    try:
        plan = sync.sync_indexes(target, client, prune=a.prune, dry_run=a.dry_run, wait=a.wait,
                                 timeout=a.timeout, progress=progress,
                                 on_action=lambda act: print(f"done: {act}", file=out))
    except IndexSyncError as err:
        print(str(err), file=ctx.err)
        return 1
    if a.dry_run:
        print(plan.render(), file=out)
        print(f"dry run: {len(plan.changes)} change(s) planned, none made", file=out)
        return 0
    kept: list[Any] = plan.of(sync.UNDECLARED, sync.MATCH)
    for action in kept:
        print(action, file=out)
    print(f"{len(plan.applied)} change(s) made" if plan.applied else "nothing to do: indexes match",
          file=out)
    return 0


COMMANDS = (
    Command("sync-indexes", "create (and with --prune drop) indexes to match the models",
            configure, run,
            description="Import the application's models, read the live indexes (sindex-list), "
                        "print the plan and apply it. Exits 1 on a conflict (nothing changed) "
                        "or, with --check, on any drift."),
)
