"""Scalar operations: read, write, increment, append, prepend, touch and delete of whole bins."""

from __future__ import annotations

from typing import Any

from ...command import OP_APPEND, OP_DELETE, OP_INCR, OP_PREPEND, OP_READ, OP_TOUCH, OP_WRITE
from ...values import IMMUTABLE, NullType
from .. import intake
from .. import messages as m
from ..codes import ERR_INCOMPATIBLE, ERR_PARAMETER, OpError
from ..storage import FlatRecord, Record, unflatten
from .registry import NO_RESULT, clear_bins, register, remove_bin, set_bin

_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1
_INT_WRAP = 1 << 64
_INT_SIGN = 1 << 63


@register(OP_READ)
def read(rec: Record, name: str, _value: Any) -> Any:
    """A bin's value (nothing for a missing bin)."""
    value = rec.get(name)
    return NO_RESULT if value is None else value


@register(OP_WRITE)
def write(rec: Record, name: str, value: Any) -> Any:
    """Set a bin; a nil value removes it. (The hot path of every put: common sizes inlined.)"""
    t = type(value)
    if t is str and value.isascii():
        particle = 5 + len(value)
    elif t is int and _I64_MIN <= value <= _I64_MAX:
        particle = (
            3
            if 0 <= value <= 0xFF
            else 4
            if 0 < value <= 0xFFFF
            else 6
            if 0 < value <= 0xFFFFFFFF
            else 10
        )
    elif t is float:
        particle = 9
    elif value is None or t is NullType:
        remove_bin(rec, name)
        return NO_RESULT
    else:
        value, particle = intake.bin_value(value)
        if type(value) not in IMMUTABLE and type(rec) is FlatRecord:
            unflatten(rec)
    old = rec.get(name)
    if old is None:
        if len(name) <= intake.MAX_BIN_NAME and name.isascii():
            rec.size += 1 + len(name) + particle
        else:
            rec.size += intake.name_size(name) + particle
    else:
        to = type(old)
        if to is str and old.isascii():
            rec.size += particle - 5 - len(old)
        elif to is int:
            rec.size += particle - (
                3
                if 0 <= old <= 0xFF
                else 4
                if 0 < old <= 0xFFFF
                else 6
                if 0 < old <= 0xFFFFFFFF
                else 10
            )
        elif to is float:
            rec.size += particle - 9
        else:
            rec.size += particle - intake.particle_size(old)
    rec[name] = value
    return NO_RESULT


def _create(rec: Record, name: str, value: Any) -> None:
    """A modify operation on a missing bin creates it from the operation's value, as the server
    does whatever the operation."""
    set_bin(rec, name, *intake.bin_value(value))


@register(OP_INCR)
def incr(rec: Record, name: str, delta: Any) -> Any:
    """Add to an int (wrapping at 64 bits) or float bin. OpError 12 for other pairs of types."""
    current = rec.get(name)
    if current is None or delta is None:
        if delta is not None:
            _create(rec, name, delta)
        return NO_RESULT
    tc = type(current)
    td = type(delta)
    if tc is int and td is int:
        total = current + delta
        if not -_INT_SIGN <= total < _INT_SIGN:
            total = ((total + _INT_SIGN) % _INT_WRAP) - _INT_SIGN
        set_bin(rec, name, total, intake.particle_size(total))
    elif tc is float and td is float:
        set_bin(rec, name, current + delta, 9)
    else:
        raise OpError(ERR_INCOMPATIBLE, m.incompatible("increment", current, delta))
    return NO_RESULT


def _concat(rec: Record, name: str, value: Any, before: bool) -> None:
    if value is None or type(value) is NullType:  # as a server: a nil append is malformed
        raise OpError(ERR_PARAMETER, m.invalid(f"{'prepend' if before else 'append'} of nil"))
    current = rec.get(name)
    if current is None:
        _create(rec, name, value)
        return
    value = intake.stored(value)
    tc = type(current)
    if tc is type(value) and (tc is str or tc is bytes):
        joined = value + current if before else current + value
        set_bin(rec, name, joined, intake.particle_size(joined))
        return
    raise OpError(
        ERR_INCOMPATIBLE, m.incompatible("prepend" if before else "append", current, value)
    )


@register(OP_APPEND)
def append(rec: Record, name: str, value: Any) -> Any:
    """Append to a str or blob bin. OpError 12 for other types."""
    _concat(rec, name, value, False)
    return NO_RESULT


@register(OP_PREPEND)
def prepend(rec: Record, name: str, value: Any) -> Any:
    """Prepend to a str or blob bin. OpError 12 for other types."""
    _concat(rec, name, value, True)
    return NO_RESULT


@register(OP_TOUCH)
def touch(_rec: Record, _name: str, _value: Any) -> Any:
    """Nothing to the bins: the command's write gives the record its new ttl and generation."""
    return NO_RESULT


@register(OP_DELETE)
def delete(rec: Record, _name: str, _value: Any) -> Any:
    """Remove every bin (later operations may write new ones)."""
    clear_bins(rec)
    return NO_RESULT
