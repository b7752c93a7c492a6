"""The ``aeromodel`` command (also ``python -m aeromodel``), on the standard library's argparse.

Each subcommand is a ``Command`` in a module listed in ``COMMAND_MODULES``; a new one (say
``aeromodel serve``) is one more module path there. Commands print to ``ctx.out`` and answer an
exit status: 0 done, 1 failed (conflict, drift, a failed migration), 2 a usage error."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TextIO

from .. import __version__
from ..client import exception
from ..errors import ModelError
from . import settings as conn

# Modules each defining ``COMMANDS``: a tuple of Command, in the order `--help` lists them.
COMMAND_MODULES = (
    "aeromodel.cli.demo",
    "aeromodel.cli.indexes",
    "aeromodel.cli.migrate",
    "aeromodel.cli.serve",
)
DEFAULT_COMMAND = "demo"  # what `aeromodel` with no subcommand runs


@dataclass
class Context:
    """What a command runs with: its output streams and, when it connects, the client."""

    args: argparse.Namespace
    out: TextIO
    err: TextIO
    _settings: conn.Settings | None = None
    _client: Any = None
    cleanups: list[Callable[[], None]] = field(default_factory=list)

    @property
    def settings(self) -> conn.Settings:
        if self._settings is None:
            self._settings = conn.resolve(self.args)
        return self._settings

    def client(self) -> Any:
        """The client of the connection settings (connected once, closed when the command ends)."""
        if self._client is None:
            from .. import client as aerospike

            self._client = aerospike.client(self.settings.client)
            self.cleanups.append(self._client.close)
        return self._client


@dataclass(frozen=True)
class Command:
    """A subcommand: ``configure`` adds its arguments, ``run`` does it and answers the exit
    status. ``connects``: it takes the connection flags."""

    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[Context], int]
    connects: bool = True
    description: str = ""


def commands() -> list[Command]:
    out: list[Command] = []
    for path in COMMAND_MODULES:
        out.extend(importlib.import_module(path).COMMANDS)
    return out


def build_parser(cmds: Sequence[Command]) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="aeromodel",
        description="aeromodel: an ORM-style object mapper for Aerospike. "
                    f"With no command, runs `aeromodel {DEFAULT_COMMAND}`.",
    )
    parser.add_argument("--version", action="version", version=f"aeromodel {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for cmd in cmds:
        p = sub.add_parser(cmd.name, help=cmd.help, description=cmd.description or cmd.help)
        cmd.configure(p)
        if cmd.connects:
            conn.add_arguments(p)
        p.set_defaults(_command=cmd)
    return parser


def main(argv: Sequence[str] | None = None, *, out: TextIO | None = None,
         err: TextIO | None = None) -> int:
    """Run the ``aeromodel`` command with ``argv`` (default: the process's arguments) and answer
    its exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    argv = list(sys.argv[1:] if argv is None else argv)
    cmds = commands()
    parser = build_parser(cmds)
    if not argv:
        argv = [DEFAULT_COMMAND]
    try:
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err  # argparse prints help and errors there
        try:
            args = parser.parse_args(argv)
        finally:
            sys.stdout, sys.stderr = saved
    except SystemExit as stop:
        return stop.code if isinstance(stop.code, int) else 2
    cmd: Command | None = getattr(args, "_command", None)
    if cmd is None:
        parser.print_help(out)
        return 2
    ctx = Context(args, out, err)
    try:
        return cmd.run(ctx)
    except conn.SettingsError as error:
        err.write(f"aeromodel {cmd.name}: {error}\n")
        return 2
    except (ModelError, exception.AerospikeError, ImportError, OSError) as error:
        err.write(f"aeromodel {cmd.name}: {_message(error)}\n")
        return 1
    except KeyboardInterrupt:
        err.write(f"aeromodel {cmd.name}: interrupted\n")
        return 130
    finally:
        for cleanup in reversed(ctx.cleanups):
            cleanup()


def _message(error: BaseException) -> str:
    if isinstance(error, exception.AerospikeError) and not isinstance(error, ModelError):
        msg = getattr(error, "msg", None) or str(error)
        return f"{type(error).__name__}: {msg}"
    return str(error) or type(error).__name__
