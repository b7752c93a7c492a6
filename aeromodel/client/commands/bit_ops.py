"""Bit operation dicts (``bitwise_operations``) compiled to wire operations.

A bit operation travels as ``(OP_BIT_MODIFY or OP_BIT_READ, bin, (bit op code, args...))`` with the
arguments in the order the C client packs them. Types are checked here (ParamError, as the
official client does before sending); ranges and flag combinations are the server's to judge
(InvalidRequest).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import constants as C
from .. import exception
from .. import op_codes as O
from ..codec import Codec
from ..command import OP_BIT_MODIFY, OP_BIT_READ, Op
from ..policies import PolicySet
from .operations import family

_INT_SIGNED: Final = 1  # the arithmetic flag the C client ors into the overflow action
_U32_MAX: Final = 0xFFFFFFFF
_I64_MIN: Final = -(1 << 63)
_I64_MAX: Final = (1 << 63) - 1
_U64: Final = (1 << 64) - 1

_policies = PolicySet(None)  # checks a bit policy dict; bit policies have no config defaults

_NAMES: Final = {
    C.OP_BIT_RESIZE: "bit_resize",
    C.OP_BIT_INSERT: "bit_insert",
    C.OP_BIT_REMOVE: "bit_remove",
    C.OP_BIT_SET: "bit_set",
    C.OP_BIT_OR: "bit_or",
    C.OP_BIT_XOR: "bit_xor",
    C.OP_BIT_AND: "bit_and",
    C.OP_BIT_NOT: "bit_not",
    C.OP_BIT_LSHIFT: "bit_lshift",
    C.OP_BIT_RSHIFT: "bit_rshift",
    C.OP_BIT_ADD: "bit_add",
    C.OP_BIT_SUBTRACT: "bit_subtract",
    C.OP_BIT_SET_INT: "bit_set_int",
    C.OP_BIT_GET: "bit_get",
    C.OP_BIT_COUNT: "bit_count",
    C.OP_BIT_LSCAN: "bit_lscan",
    C.OP_BIT_RSCAN: "bit_rscan",
    C.OP_BIT_GET_INT: "bit_get_int",
}


def _bad(op: Mapping[str, Any], msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, f"{_NAMES[op['op']]}: {msg}")


def _int(op: Mapping[str, Any], key: str, lo: int, hi: int, default: int | None = None) -> int:
    """An int entry within [lo, hi] (``default`` when absent, if given)."""
    if key not in op:
        if default is not None:
            return default
        raise _bad(op, f"missing '{key}'")
    value = op[key]
    if type(value) is not int:
        if not isinstance(value, int):
            raise _bad(op, f"{key} must be an int, not {type(value).__name__}")
        value = int(value)  # a bool too: True is 1, as the official client takes it
    if not lo <= value <= hi:
        raise _bad(op, f"{key} {exception.describe(value)} is outside [{lo}, {hi}]")
    return value


def _offset(op: Mapping[str, Any], key: str = "bit_offset") -> int:
    return _int(op, key, _I64_MIN, _I64_MAX)


def _size(op: Mapping[str, Any], key: str = "bit_size") -> int:
    return _int(op, key, 0, _U32_MAX)


def _bool(op: Mapping[str, Any], key: str) -> bool:
    if key not in op:
        raise _bad(op, f"missing '{key}'")
    value = op[key]
    if value is not True and value is not False:
        raise _bad(op, f"{key} must be a bool, not {type(value).__name__}")
    return value


def _blob(op: Mapping[str, Any], codec: Codec) -> bytes:
    if "value" not in op:
        raise _bad(op, "missing 'value'")
    value = op["value"]
    if not isinstance(value, (bytes, bytearray)):
        raise _bad(op, f"value must be bytes or bytearray, not {type(value).__name__}")
    # value_byte_size is deprecated and not looked at (the official client ignores it too).
    wire: bytes = codec.to_wire(bytes(value))
    return wire


def _flags(op: Mapping[str, Any]) -> int:
    """The bit policy's write flags (ParamError for a policy that is not a bit policy dict)."""
    flags: int = _policies.resolve("bit", op.get("policy"))["bit_write_flags"]
    return flags


def _modify(name: str, args: tuple[Any, ...]) -> Op:
    return (OP_BIT_MODIFY, name, args)


def _read(name: str, args: tuple[Any, ...]) -> Op:
    return (OP_BIT_READ, name, args)


@family(C.OP_BIT_RESIZE)
def resize(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[byte_size, write flags, resize flags]."""
    flags = _flags(op)
    resize_flags = _int(op, "resize_flags", _I64_MIN, _I64_MAX, default=0)
    return _modify(name, (O.BIT_RESIZE, _size(op, "byte_size"), flags, resize_flags & _U64))


@family(C.OP_BIT_INSERT)
def insert(op: Mapping[str, Any], name: str, codec: Codec) -> Op:
    """[byte_offset, value, write flags]."""
    flags = _flags(op)
    return _modify(name, (O.BIT_INSERT, _offset(op, "byte_offset"), _blob(op, codec), flags))


@family(C.OP_BIT_REMOVE)
def remove(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[byte_offset, byte_size, write flags]."""
    flags = _flags(op)
    offset = _offset(op, "byte_offset")
    return _modify(name, (O.BIT_REMOVE, offset, _size(op, "byte_size"), flags))


_BYTE_MATH: Final = {
    C.OP_BIT_SET: O.BIT_SET,
    C.OP_BIT_OR: O.BIT_OR,
    C.OP_BIT_XOR: O.BIT_XOR,
    C.OP_BIT_AND: O.BIT_AND,
}


@family(*_BYTE_MATH)
def byte_math(op: Mapping[str, Any], name: str, codec: Codec) -> Op:
    """set / or / xor / and: [bit_offset, bit_size, value, write flags]."""
    flags = _flags(op)
    offset = _offset(op)
    size = _size(op)
    return _modify(name, (_BYTE_MATH[op["op"]], offset, size, _blob(op, codec), flags))


@family(C.OP_BIT_NOT)
def not_(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size, write flags]."""
    flags = _flags(op)
    return _modify(name, (O.BIT_NOT, _offset(op), _size(op), flags))


@family(C.OP_BIT_LSHIFT, C.OP_BIT_RSHIFT)
def shift(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size, shift, write flags] (the shift is the dict's 'value')."""
    flags = _flags(op)
    code = O.BIT_LSHIFT if op["op"] == C.OP_BIT_LSHIFT else O.BIT_RSHIFT
    return _modify(name, (code, _offset(op), _size(op), _size(op, "value"), flags))


@family(C.OP_BIT_ADD, C.OP_BIT_SUBTRACT)
def math(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size, value (unsigned 64 bits), write flags, action | signed]."""
    flags = _flags(op)
    offset = _offset(op)
    value = _int(op, "value", 0, _U64)  # unsigned 64 bits: the official client's range
    signed = _bool(op, "sign")
    action = _int(op, "action", _I64_MIN, _I64_MAX)
    size = _size(op)
    code = O.BIT_ADD if op["op"] == C.OP_BIT_ADD else O.BIT_SUBTRACT
    subflags = (action | (_INT_SIGNED if signed else 0)) & _U64
    return _modify(name, (code, offset, size, value & _U64, flags, subflags))


@family(C.OP_BIT_SET_INT)
def set_int(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size, value, write flags]."""
    flags = _flags(op)
    offset = _offset(op)
    size = _size(op)
    value = _int(op, "value", _I64_MIN, _I64_MAX)
    return _modify(name, (O.BIT_SET_INT, offset, size, value, flags))


@family(C.OP_BIT_GET, C.OP_BIT_COUNT)
def get_or_count(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size]."""
    code = O.BIT_GET if op["op"] == C.OP_BIT_GET else O.BIT_COUNT
    return _read(name, (code, _offset(op), _size(op)))


@family(C.OP_BIT_LSCAN, C.OP_BIT_RSCAN)
def scan(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size, value (bool)]."""
    value = _bool(op, "value")
    code = O.BIT_LSCAN if op["op"] == C.OP_BIT_LSCAN else O.BIT_RSCAN
    return _read(name, (code, _offset(op), _size(op), value))


@family(C.OP_BIT_GET_INT)
def get_int(op: Mapping[str, Any], name: str, _codec: Codec) -> Op:
    """[bit_offset, bit_size] or, signed, [bit_offset, bit_size, signed flag]."""
    signed = _bool(op, "sign")
    args = (O.BIT_GET_INT, _offset(op), _size(op))
    return _read(name, (*args, _INT_SIGNED) if signed else args)
