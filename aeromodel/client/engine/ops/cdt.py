"""The CDT handler: list and map operations (registered in ``cdt_registry``) run on a bin.

The handler unpacks the wire payload, finds the registered operation by its server op code, runs
it on the bin's stored value and stores what it answers, keeping the record's size exact. A read
of a missing bin answers nothing, as on the server.
"""

from __future__ import annotations

from typing import Any

from ...command import OP_CDT_MODIFY, OP_CDT_READ
from .. import intake
from .. import messages as m
from ..codes import ERR_PARAMETER, OpError
from ..storage import Record
from .cdt_registry import CDT_OPS, CTX, UNCHANGED, CdtOp
from .registry import NO_RESULT, register, remove_bin, set_bin


def _unpack(payload: Any) -> tuple[CdtOp, tuple[Any, ...]]:
    """The operation and its arguments. OpError 4 for a malformed payload or an unknown op code;
    a payload with a context is refused until contexts are built."""
    if not isinstance(payload, (tuple, list)) or not payload:
        raise OpError(ERR_PARAMETER, m.invalid("a CDT operation needs an op code"))
    code = payload[0]
    if code == CTX:
        raise OpError(ERR_PARAMETER, m.invalid("CDT contexts are not supported by this engine yet"))
    op = CDT_OPS.get(code) if type(code) is int else None
    if op is None:
        raise OpError(ERR_PARAMETER, m.invalid(f"unknown CDT op code {code!r}"))
    return op, tuple(payload[1:])


@register(OP_CDT_READ)
def read(rec: Record, name: str, payload: Any) -> Any:
    """A CDT read: the operation's result, or nothing for a missing bin."""
    op, args = _unpack(payload)
    if op.modifies:
        raise OpError(ERR_PARAMETER, m.invalid(f"{op.name} modifies: it cannot be a read"))
    value = rec.get(name)
    if value is None:
        return NO_RESULT
    return op.run(value, args)


@register(OP_CDT_MODIFY)
def modify(rec: Record, name: str, payload: Any) -> Any:
    """A CDT modify (a read operation may come this way too): runs it and stores the new value."""
    op, args = _unpack(payload)
    value = rec.get(name)
    if not op.modifies:
        return NO_RESULT if value is None else op.run(value, args)
    new, result = op.run(value, args)
    if new is UNCHANGED:
        return result
    if new is None:
        remove_bin(rec, name)
    else:
        set_bin(rec, name, new, intake.particle_size(new))
    return result
