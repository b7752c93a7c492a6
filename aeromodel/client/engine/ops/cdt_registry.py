"""The registry of collection (CDT) operations: list and map operations by their server op code.

A CDT wire operation is ``(OP_CDT_READ or OP_CDT_MODIFY, bin, payload)`` where the payload is the
server's argument list: ``(op_code, arg, ...)``, or ``(CTX, ctx, (op_code, arg, ...))`` when the
operation works on an element nested inside the bin (``ctx`` is the flat list of context entries,
``[ctx_type, ctx_value, ...]``, as the wire carries it). List op codes and map op codes do not
overlap on the server, so one table holds both families.

An operation here is a pure function of a value: it never sees the record, the bin or the
context. The CDT handler finds the value the operation works on (the bin's, or the element the
context selects, creating it where the context says so), calls the operation, and stores what it
answers back into the record (rebuilding the containers above a nested element, and keeping the
record's size exact).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final, NamedTuple


class Unchanged:
    """The type of UNCHANGED."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNCHANGED"


UNCHANGED: Final = Unchanged()
"""What a modify operation answers as its new value when it changed nothing."""

class EmptyIfNew:
    """The type of EMPTY_IF_NEW."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "EMPTY_IF_NEW"


EMPTY_IF_NEW: Final = EmptyIfNew()
"""What a list modify answers as its new value when its write flags made it a no-op on a list
that did not exist: a missing bin becomes an empty list (the server keeps the list it started),
an element a context would create stays missing."""

ReadOp = Callable[[Any, tuple[Any, ...]], Any]
"""``op(value, args) -> result``: ``value`` is the stored list or map (never None: a read of a
missing bin or element answers nothing without calling it); answers the operation's result, or
``registry.NO_RESULT``. Raises OpError (e.g. 4 for bad arguments, 12 for a value of another type,
26 for an index out of range)."""

ModifyOp = Callable[[Any, tuple[Any, ...]], tuple[Any, Any]]
"""``op(value, args) -> (new value, result)``: ``value`` is the stored list or map, or None when
the bin (or the element) does not exist yet; the new value is a stored value (made with
``intake.stored``: tuples, FlatMaps, sorted maps), ``UNCHANGED``, or None to remove the bin.
Raises OpError, and then nothing the command did is kept."""


class CdtOp(NamedTuple):
    """One registered operation: its name (for messages), whether it modifies, its function."""

    name: str
    modifies: bool
    run: Callable[..., Any]


CDT_OPS: dict[int, CdtOp] = {}
"""Server CDT op code -> the operation."""


def cdt_read(code: int, name: str) -> Callable[[ReadOp], ReadOp]:
    """Register a read operation under its server op code."""

    def add(fn: ReadOp) -> ReadOp:
        _add(code, CdtOp(name, False, fn))
        return fn

    return add


def cdt_modify(code: int, name: str) -> Callable[[ModifyOp], ModifyOp]:
    """Register a modify operation under its server op code."""

    def add(fn: ModifyOp) -> ModifyOp:
        _add(code, CdtOp(name, True, fn))
        return fn

    return add


def _add(code: int, op: CdtOp) -> None:
    if code in CDT_OPS:
        raise ValueError(
            f"CDT op code {code} is registered twice ({CDT_OPS[code].name}, {op.name})"
        )
    CDT_OPS[code] = op
