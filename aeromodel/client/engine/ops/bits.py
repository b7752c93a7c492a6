"""Bit operations on blob bins (OP_BIT_MODIFY, OP_BIT_READ), as the server's particle_blob.c
runs them.

Strategy: check the argument list in the server's order and with its result codes, then work on the
bytes an operation's bit window touches as one big-endian Python int.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ... import op_codes as O
from ...command import OP_BIT_MODIFY, OP_BIT_READ
from .. import intake
from .. import messages as m
from ..codes import (
    ERR_BIN_EXISTS,
    ERR_BIN_NOT_FOUND,
    ERR_INCOMPATIBLE,
    OpError,
    invalid,
    not_applicable,
)
from ..storage import Record
from .registry import NO_RESULT, register, set_bin

# Write flags (as_bits_flags), integer subflags and resize subflags (proto.h).
CREATE_ONLY: Final = 1
UPDATE_ONLY: Final = 2
NO_FAIL: Final = 4
PARTIAL: Final = 8
SIGNED: Final = 1
SATURATE: Final = 2
WRAP: Final = 4
FROM_FRONT: Final = 1
GROW_ONLY: Final = 2
SHRINK_ONLY: Final = 4

PROTO_SIZE_MAX: Final = 128 * 1024 * 1024  # the server's limit on sizes and offsets, in bytes
_U64: Final = (1 << 64) - 1
_I64_MIN: Final = -(1 << 63)
_I64_MAX: Final = (1 << 63) - 1


class _Op:
    """One parsed bit operation. ``offset`` is in bits until normalized (then 0..7, the byte
    offset apart); ``size`` is in bits; ``value`` an unsigned 64-bit int (or a shift, or 0/1)."""

    __slots__ = ("buf", "flags", "name", "offset", "size", "subflags", "value")

    def __init__(self, name: str) -> None:
        self.name = name
        self.offset = 0
        self.size = 0
        self.value = 0
        self.buf = b""
        self.flags = 0
        self.subflags = 0


def _invalid(op: _Op, what: str) -> OpError:
    return invalid(f"{op.name}: {what}")


def _not_applicable(op: _Op, what: str) -> OpError:
    return not_applicable(f"{op.name}: {what}")


# -- argument parsers (each as the server's bits_parse_*) -------------------------------------

Parser = Callable[[_Op, Any, int], None]


def _uint(op: _Op, value: Any, what: str) -> int:
    """A msgpack integer read as unsigned 64 bits (a negative one wraps, as on the server)."""
    if type(value) is not int or not _I64_MIN <= value <= _U64:
        raise _invalid(op, f"unable to parse {what}")
    return value & _U64


def _sint(op: _Op, value: Any, what: str) -> int:
    if type(value) is not int or not _I64_MIN <= value <= _I64_MAX:
        raise _invalid(op, f"unable to parse {what}")
    return value


def _byte_offset(op: _Op, value: Any, _allowed: int) -> None:
    offset = _sint(op, value, "offset")
    if abs(offset) > PROTO_SIZE_MAX:
        raise _invalid(op, f"offset ({offset}) larger than max ({PROTO_SIZE_MAX})")
    op.offset = offset * 8


def _bit_offset(op: _Op, value: Any, _allowed: int) -> None:
    offset = _sint(op, value, "offset")
    if abs(offset) > PROTO_SIZE_MAX * 8:
        raise _invalid(op, f"offset ({offset}) is larger than max ({PROTO_SIZE_MAX * 8})")
    op.offset = offset


def _integer_size(op: _Op, value: Any, _allowed: int) -> None:
    size = _uint(op, value, "size")
    if size == 0:
        raise _invalid(op, "size may not be 0")
    if size > 64:
        raise _invalid(op, f"size ({size}) larger than max (64)")
    op.size = size


def _byte_size(op: _Op, value: Any, _allowed: int) -> None:
    size = _uint(op, value, "byte_size")
    if size == 0:
        raise _invalid(op, "size may not be 0")
    if size > PROTO_SIZE_MAX:
        raise _invalid(op, f"size ({size}) larger than max ({PROTO_SIZE_MAX})")
    op.size = size * 8


def _byte_size_allow_zero(op: _Op, value: Any, _allowed: int) -> None:
    size = _uint(op, value, "byte_size")
    if size > PROTO_SIZE_MAX:
        raise _invalid(op, f"size ({size}) larger than max ({PROTO_SIZE_MAX})")
    op.size = size * 8


def _bit_size(op: _Op, value: Any, _allowed: int) -> None:
    size = _uint(op, value, "size")
    if size == 0:
        raise _invalid(op, "size may not be 0")
    if size > PROTO_SIZE_MAX * 8:
        raise _invalid(op, f"size ({size}) is larger than max ({PROTO_SIZE_MAX * 8})")
    op.size = size


def _boolean(op: _Op, value: Any, _allowed: int) -> None:
    if value is not True and value is not False:
        raise _invalid(op, "unable to parse boolean")
    op.value = 1 if value else 0


def _n_bits(op: _Op, value: Any, _allowed: int) -> None:
    shift = _uint(op, value, "number")
    if shift > PROTO_SIZE_MAX * 8:
        raise _invalid(op, f"n_bits value ({shift}) is larger than max ({PROTO_SIZE_MAX * 8})")
    op.value = shift


def _integer(op: _Op, value: Any, _allowed: int) -> None:
    op.value = _uint(op, value, "number")


def _buf(op: _Op, value: Any, _allowed: int) -> None:
    if type(value) is not bytes or not value:
        raise _invalid(op, "parsed invalid buffer")
    bits = len(value) * 8
    if op.size:
        if bits < op.size:
            raise _invalid(op, f"buffer of {bits} bits is smaller than size {op.size}")
    else:
        op.size = bits
    op.buf = value


def _flags(op: _Op, value: Any, allowed: int) -> None:
    flags = _uint(op, value, "flags")
    if flags & ~allowed:
        raise _invalid(op, f"invalid flags (0x{flags:x})")
    if flags & CREATE_ONLY and flags & UPDATE_ONLY:
        raise _invalid(op, f"invalid flags combination (0x{flags:x})")
    op.flags = flags


def _subflags(mask: int, exclusive: int) -> Callable[[_Op, Any, int], None]:
    """A parser of an op's subflags: only ``mask`` bits, and not both bits of ``exclusive``."""

    def parse(op: _Op, value: Any, _allowed: int) -> None:
        sub = _uint(op, value, "subflags")
        if sub & ~mask:
            raise _invalid(op, f"invalid subflags (0x{sub:x})")
        if exclusive and sub & exclusive == exclusive:
            raise _invalid(op, f"invalid subflags combination (0x{sub:x})")
        op.subflags = sub

    return parse


_resize_subflags = _subflags(FROM_FRONT | GROW_ONLY | SHRINK_ONLY, GROW_ONLY | SHRINK_ONLY)
_arithmetic_subflags = _subflags(SIGNED | SATURATE | WRAP, SATURATE | WRAP)


_get_integer_subflags = _subflags(SIGNED, 0)


# -- the bit window ---------------------------------------------------------------------------


def _load(blob: bytes, at: int, op: _Op) -> tuple[int, int, int]:
    """The bytes from ``at`` holding the window as an int, their count, and the bits after it."""
    n = (op.offset + op.size + 7) // 8
    return int.from_bytes(blob[at : at + n], "big"), n, n * 8 - op.offset - op.size


def _window(blob: bytes, at: int, op: _Op) -> int:
    chunk, _n, tail = _load(blob, at, op)
    return (chunk >> tail) & ((1 << op.size) - 1)


def _store(blob: bytes, at: int, op: _Op, value: int) -> bytes:
    """``blob`` with its window set to the low ``op.size`` bits of ``value``."""
    chunk, n, tail = _load(blob, at, op)
    mask = ((1 << op.size) - 1) << tail
    chunk = (chunk & ~mask) | ((value << tail) & mask)
    return blob[:at] + chunk.to_bytes(n, "big") + blob[at + n :]


def _fits(op: _Op, blob: bytes, at: int, partial: bool) -> bool:
    """Whether the window lies in the blob (OpNotApplicable, or nothing under NO_FAIL, if not).
    ``partial`` (with the PARTIAL flag) cuts a window running past the end down to the end."""
    size = len(blob)
    if at >= size:
        return _fail(op, _not_applicable(op, "operation may not expand blob"))
    if at + (op.offset + op.size + 7) // 8 > size:
        if not (partial and op.flags & PARTIAL):
            return _fail(op, _not_applicable(op, "operation too large for blob"))
        op.size = (size - at) * 8 - op.offset
    return True


def _fail(op: _Op, err: OpError) -> bool:
    """False (the operation does nothing) under NO_FAIL; raises ``err`` otherwise."""
    if op.flags & NO_FAIL:
        return False
    raise err


def _grown(op: _Op, new_size: int) -> None:
    if new_size >= PROTO_SIZE_MAX:
        raise _invalid(op, f"result blob size {new_size} is larger than max {PROTO_SIZE_MAX}")


# -- modify operations: (op, blob, byte offset) -> the new blob, or None for no change -----------


def _resize(op: _Op, blob: bytes, _at: int) -> bytes | None:
    old = len(blob)
    new = op.size // 8
    front = op.subflags & FROM_FRONT
    if new < old:
        if op.subflags & GROW_ONLY:
            _fail(op, _invalid(op, "cannot shrink with grow_only set"))
            return None
        return blob[old - new :] if front else blob[:new]
    if new > old:
        if op.subflags & SHRINK_ONLY:
            _fail(op, _invalid(op, "cannot grow with shrink_only set"))
            return None
        _grown(op, new)
        zeros = bytes(new - old)
        return zeros + blob if front else blob + zeros
    return None


def _insert(op: _Op, blob: bytes, at: int) -> bytes | None:
    old = len(blob)
    _grown(op, max(at, old) + len(op.buf))
    if at >= old:
        return blob + bytes(at - old) + op.buf
    return blob[:at] + op.buf + blob[at:]


def _remove(op: _Op, blob: bytes, at: int) -> bytes | None:
    old = len(blob)
    n = op.size // 8
    if at >= old:
        _fail(op, _invalid(op, "tried to remove past the end of blob"))
        return None
    if at + n > old:
        if not op.flags & PARTIAL:
            _fail(op, _invalid(op, "remove size extended past end of blob without partial"))
            return None
        return blob[:at]
    return blob[:at] + blob[at + n :]


def _bitwise(combine: Callable[[_Op, int], int]) -> Callable[[_Op, bytes, int], bytes | None]:
    """A window operation (set, or, xor, and, not, shifts): the new window from the old one."""

    def run(op: _Op, blob: bytes, at: int) -> bytes | None:
        if not _fits(op, blob, at, partial=True):
            return None
        return _store(blob, at, op, combine(op, _window(blob, at, op)))

    return run


def _not(_op: _Op, window: int) -> int:
    return ~window


def _lshift(op: _Op, window: int) -> int:
    return window << op.value if op.value < op.size else 0


def _value_bits(op: _Op) -> int:
    """The value's first ``op.size`` bits."""
    return int.from_bytes(op.buf, "big") >> (len(op.buf) * 8 - op.size)


def _sext(value: int, bits: int) -> int:
    """The low ``bits`` of ``value`` as a signed int."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def _signed_overflow(op: _Op, load: int, value: int, result: int) -> int | None:
    """The result after the server's signed overflow check (handle_signed_overflow), or None for
    an overflow to fail on. Only same-signed operands and a strictly opposite-signed result count:
    a sum that wraps to exactly 0 passes, as on the server."""
    bits = op.size
    s_result, s_load, s_value = _sext(result, bits), _sext(load, bits), _sext(value, bits)
    if s_load < 0 and s_value < 0 and s_result > 0:
        return 1 << (bits - 1) if op.subflags & SATURATE else None
    if s_load > 0 and s_value > 0 and s_result < 0:
        return ((1 << bits) - 1) >> 1 if op.subflags & SATURATE else None
    return result


def _arithmetic(subtract: bool) -> Callable[[_Op, bytes, int], bytes | None]:
    def run(op: _Op, blob: bytes, at: int) -> bytes | None:
        if not _fits(op, blob, at, partial=False):
            return None
        mask = (1 << op.size) - 1
        load = _window(blob, at, op)
        value = op.value & mask
        result: int | None = ((load - value) if subtract else (load + value)) & mask
        if not op.subflags & WRAP:
            if op.subflags & SIGNED:
                # The server checks a subtraction as the addition of the negated value.
                addend = ((-value) & _U64) if subtract else value
                result = _signed_overflow(op, load, addend, result)  # type: ignore[arg-type]
            elif (result > load) if subtract else (result < load):  # type: ignore[operator]
                result = (0 if subtract else mask) if op.subflags & SATURATE else None
        if result is None:
            _fail(op, _not_applicable(op, "overflow"))
            return None
        return _store(blob, at, op, result)

    return run


def _set_int(op: _Op, blob: bytes, at: int) -> bytes | None:
    if not _fits(op, blob, at, partial=False):
        return None
    return _store(blob, at, op, op.value)


# -- read operations: (op, blob, byte offset) -> the result ------------------------------------


def _get(op: _Op, blob: bytes, at: int) -> bytes:
    n = (op.size + 7) // 8
    return (_window(blob, at, op) << (n * 8 - op.size)).to_bytes(n, "big")


def _count(op: _Op, blob: bytes, at: int) -> int:
    return _window(blob, at, op).bit_count()


def _lscan(op: _Op, blob: bytes, at: int) -> int:
    window = _window(blob, at, op)
    if not op.value:
        window ^= (1 << op.size) - 1
    return op.size - window.bit_length() if window else -1


def _rscan(op: _Op, blob: bytes, at: int) -> int:
    """The last match in the window, or -1. As on the server (bits_read_op_rscan), the bits of
    the window's first byte before the offset are scanned too: a match found only there answers
    its (negative) position relative to the offset."""
    chunk, _n, tail = _load(blob, at, op)
    width = op.offset + op.size
    bits = chunk >> tail
    if not op.value:
        bits ^= (1 << width) - 1
    if not bits:
        return -1
    return width - (bits & -bits).bit_length() - op.offset


def _get_int(op: _Op, blob: bytes, at: int) -> int:
    """The window as an int; the answer is a signed 64-bit integer, so 64 unsigned bits with
    the top one set read back negative, as from the server."""
    return _sext(_window(blob, at, op), op.size if op.subflags & SIGNED else 64)


# -- the tables and handlers ------------------------------------------------------------------


class _Def:
    __slots__ = ("allowed", "max_args", "min_args", "name", "parsers", "run")

    def __init__(
        self,
        name: str,
        min_args: int,
        parsers: tuple[Parser, ...],
        run: Callable[[_Op, bytes, int], Any],
        allowed: int = 0,
    ) -> None:
        self.name = name
        self.min_args = min_args
        self.max_args = len(parsers)
        self.parsers = parsers
        self.run = run
        self.allowed = allowed


_WINDOW_FLAGS: Final = UPDATE_ONLY | NO_FAIL | PARTIAL
_INT_FLAGS: Final = UPDATE_ONLY | NO_FAIL
_CREATE_FLAGS: Final = CREATE_ONLY | UPDATE_ONLY | NO_FAIL
_BYTE_MATH: Final = (_bit_offset, _bit_size, _buf, _flags)
_SHIFT: Final = (_bit_offset, _bit_size, _n_bits, _flags)
_MATH: Final = (_bit_offset, _integer_size, _integer, _flags, _arithmetic_subflags)

MODIFY: Final[dict[int, _Def]] = {
    O.BIT_RESIZE: _Def(
        "bit_resize", 1, (_byte_size_allow_zero, _flags, _resize_subflags), _resize, _CREATE_FLAGS
    ),
    O.BIT_INSERT: _Def("bit_insert", 2, (_byte_offset, _buf, _flags), _insert, _CREATE_FLAGS),
    O.BIT_REMOVE: _Def("bit_remove", 2, (_byte_offset, _byte_size, _flags), _remove, _WINDOW_FLAGS),
    O.BIT_SET: _Def("bit_set", 3, _BYTE_MATH, _bitwise(lambda op, w: _value_bits(op)), _WINDOW_FLAGS),
    O.BIT_OR: _Def("bit_or", 3, _BYTE_MATH, _bitwise(lambda op, w: w | _value_bits(op)), _WINDOW_FLAGS),
    O.BIT_XOR: _Def("bit_xor", 3, _BYTE_MATH, _bitwise(lambda op, w: w ^ _value_bits(op)), _WINDOW_FLAGS),
    O.BIT_AND: _Def("bit_and", 3, _BYTE_MATH, _bitwise(lambda op, w: w & _value_bits(op)), _WINDOW_FLAGS),
    O.BIT_NOT: _Def("bit_not", 2, (_bit_offset, _bit_size, _flags), _bitwise(_not), _WINDOW_FLAGS),
    O.BIT_LSHIFT: _Def("bit_lshift", 3, _SHIFT, _bitwise(_lshift), _WINDOW_FLAGS),
    O.BIT_RSHIFT: _Def("bit_rshift", 3, _SHIFT, _bitwise(lambda op, w: w >> op.value), _WINDOW_FLAGS),
    O.BIT_ADD: _Def("bit_add", 3, _MATH, _arithmetic(subtract=False), _INT_FLAGS),
    O.BIT_SUBTRACT: _Def("bit_subtract", 3, _MATH, _arithmetic(subtract=True), _INT_FLAGS),
    O.BIT_SET_INT: _Def("bit_set_int", 3, _MATH[:4], _set_int, _INT_FLAGS),
}
"""Modify operations by code: name, least arguments, argument parsers, run, allowed write flags."""

READ: Final[dict[int, _Def]] = {
    O.BIT_GET: _Def("bit_get", 2, (_bit_offset, _bit_size), _get),
    O.BIT_COUNT: _Def("bit_count", 2, (_bit_offset, _bit_size), _count),
    O.BIT_LSCAN: _Def("bit_lscan", 3, (_bit_offset, _bit_size, _boolean), _lscan),
    O.BIT_RSCAN: _Def("bit_rscan", 3, (_bit_offset, _bit_size, _boolean), _rscan),
    O.BIT_GET_INT: _Def("bit_get_int", 2, (_bit_offset, _integer_size, _get_integer_subflags), _get_int),
}
"""Read operations by code."""


def _parse(args: Any, table: dict[int, _Def], kind: str) -> tuple[_Def, _Op]:
    """The operation's definition and its checked arguments (OpError 4 for anything malformed)."""
    if type(args) not in (list, tuple) or not args:
        raise invalid("bit operation: insufficient args")
    code = args[0]
    d = table.get(code) if type(code) is int else None
    if d is None:
        raise invalid(f"bit operation: op {m.shown(code)} expected {kind} op")
    op = _Op(d.name)
    n = len(args) - 1
    if not d.min_args <= n <= d.max_args:
        raise _invalid(op, f"unexpected number of args {n}")
    for parse, value in zip(d.parsers, args[1:]):
        parse(op, value, d.allowed)
    return d, op


def _normalize(op: _Op, size: int) -> int:
    """Turn the bit offset into (byte offset, returned; bit in that byte, kept in ``op``); a
    negative offset counts from the end. OpError 4 for one before the start."""
    if op.offset < 0:
        if -op.offset > size * 8:
            raise _invalid(op, "offset is before the start of the blob")
        op.offset += size * 8
    at = op.offset // 8
    op.offset %= 8
    return at


def _incompatible(op: _Op, value: Any) -> OpError:
    return OpError(
        ERR_INCOMPATIBLE,
        f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: {op.name} needs a blob bin, found a "
        f"{type(value).__name__}",
    )


@register(OP_BIT_MODIFY)
def modify(rec: Record, name: str, args: Any) -> Any:
    """Run a bit modify operation (bits_modify). Answers nil, as the server does for a bit
    modify (done, or nothing done under BIT_WRITE_NO_FAIL)."""
    d, op = _parse(args, MODIFY, "modify")
    blob = rec.get(name)
    if blob is not None:
        if op.flags & CREATE_ONLY:
            exists = OpError(ERR_BIN_EXISTS, f"AEROSPIKE_ERR_BIN_EXISTS: {op.name}: would update")
            if not _fail(op, exists):
                return None
        if type(blob) is not bytes:
            raise _incompatible(op, blob)
    else:
        if (d.run is not _insert and d.run is not _resize) or op.flags & UPDATE_ONLY:
            missing = OpError(
                ERR_BIN_NOT_FOUND, f"AEROSPIKE_ERR_BIN_NOT_FOUND: {op.name}: would create"
            )
            if not _fail(op, missing):
                return None
        if op.offset < 0:
            raise _invalid(op, "cannot use negative offset on non-existent bin")
        blob = b""
    new = d.run(op, blob, _normalize(op, len(blob)))
    if new is not None:
        set_bin(rec, name, *intake.bin_value(new))
    return None


@register(OP_BIT_READ)
def read(rec: Record, name: str, args: Any) -> Any:
    """Run a bit read operation: bytes for bit_get, an int for the others; nothing for a missing
    bin (whose arguments the server never looks at)."""
    blob = rec.get(name)
    if blob is None:
        return NO_RESULT
    d, op = _parse(args, READ, "read")
    if type(blob) is not bytes:
        raise _incompatible(op, blob)
    at = _normalize(op, len(blob))
    _fits(op, blob, at, partial=False)
    return d.run(op, blob, at)
