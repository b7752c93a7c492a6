"""The operation registry: one handler per wire operation type, shared by read and write commands.

A handler is called as ``handler(rec, bin_name, value)`` with the wire operation's bin name and
value (a CDT operation's argument list, for those families) and answers the operation's result, or
NO_RESULT when it answers nothing. ``rec`` is the record the command works on: for a write, the new
record being built (a copy of the stored one), which the handler changes through set_bin /
remove_bin / clear_bins (or by keeping ``rec.size`` exact itself); for a read, the stored record,
which it must not change. A handler raises OpError to fail the whole command: nothing the command
did is then stored.

The record being built is its own work area (no object per command): ``rec.size`` is a running flat
size that operations move by exactly the bytes they add or remove (the command knows what it
started from), and its class says whether every value is still an immutable scalar (FlatRecord).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ...values import IMMUTABLE
from .. import intake
from ..storage import FlatRecord, Record, unflatten


class NoResult:
    """The type of NO_RESULT."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NO_RESULT"


NO_RESULT: Final = NoResult()

Handler = Callable[[Record, str, Any], Any]

HANDLERS: dict[int, Handler] = {}
"""Wire operation type -> its handler."""


def register(op_type: int) -> Callable[[Handler], Handler]:
    """Decorator: make the handler the one for ``op_type``. Raises ValueError if taken."""

    def add(handler: Handler) -> Handler:
        if op_type in HANDLERS:
            raise ValueError(f"operation type {op_type} already has a handler")
        HANDLERS[op_type] = handler
        return handler

    return add


def set_bin(
    rec: Record,
    name: str,
    value: Any,
    particle: int,
    sized: Callable[[Any], int] = intake.particle_size,
) -> None:
    """Set a bin to a stored value whose particle takes ``particle`` bytes (``sized`` sizes the
    value it replaces)."""
    old = rec.get(name)
    if old is None:
        rec.size += intake.name_size(name) + particle
    else:
        rec.size += particle - sized(old)
    rec[name] = value
    if type(value) not in IMMUTABLE and type(rec) is FlatRecord:
        unflatten(rec)


def remove_bin(rec: Record, name: str) -> None:
    """Remove a bin as the server does: the last bin moves into its slot (bin order shows it)."""
    old = rec.get(name)
    if old is None:
        return
    rec.size -= intake.bin_size(name, old)
    last = next(reversed(rec))
    if last == name:
        del rec[name]
        return
    moved = rec.pop(last)
    items = [(last, moved) if k == name else (k, v) for k, v in rec.items()]
    rec.clear()
    rec.update(items)


def clear_bins(rec: Record) -> None:
    """Remove every bin."""
    for name, value in rec.items():
        rec.size -= intake.bin_size(name, value)
    rec.clear()
