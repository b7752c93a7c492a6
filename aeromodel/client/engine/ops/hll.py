"""HyperLogLog operations (OP_HLL_MODIFY, OP_HLL_READ), as the server's particle_hll.c runs them.

The wire value is ``(op code, args...)``. A stored HLL bin is ``TypedBlob(AS_BYTES_HLL, bytes)``
(the server's HLL particle) laid out as ``hll_sketch`` describes. Checks come in the server's
order: the bin's type, the arguments, the create/update flags, then what the op itself needs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ... import op_codes as O
from ...command import OP_HLL_MODIFY, OP_HLL_READ
from ...values import AS_BYTES_HLL, TypedBlob, Unpackable, pack
from .. import messages as m
from ..codes import (
    ERR_BIN_EXISTS,
    ERR_BIN_NOT_FOUND,
    ERR_INCOMPATIBLE,
    ERR_SERVER,
    OpError,
    invalid,
    not_applicable,
)
from ..storage import Record
from . import hll_sketch as hs
from .registry import NO_RESULT, register, set_bin

# Flags (as_hll_flags).
CREATE_ONLY: Final = 1
UPDATE_ONLY: Final = 2
NO_FAIL: Final = 4
ALLOW_FOLD: Final = 8


class _Op:
    """An operation's parsed arguments (None: a bit count not given, -1 on the wire)."""

    __slots__ = ("elements", "flags", "hlls", "index_bits", "minhash_bits", "name")

    def __init__(self, name: str) -> None:
        self.name = name
        self.elements: list[bytes] = []
        self.hlls: list[hs.Sketch] = []
        self.index_bits: int | None = None
        self.minhash_bits: int | None = None
        self.flags = 0


# -- argument parsers -------------------------------------------------------------------------


def _int(value: Any, what: str, op: _Op) -> int:
    if type(value) is not int:
        raise invalid(f"{op.name}: {what} must be an integer")
    return value


def _parse_index_bits(value: Any, op: _Op, _allowed: int) -> None:
    n = _int(value, "index bit count", op)
    if n != -1 and not hs.valid_index_bits(n):
        raise invalid(f"{op.name}: index bit count {n} is out of range (4 to 16)")
    op.index_bits = None if n == -1 else n


def _parse_minhash_bits(value: Any, op: _Op, _allowed: int) -> None:
    n = _int(value, "min-hash bit count", op)
    if n == -1:
        op.minhash_bits = None
        return
    if not hs.valid_minhash_bits(n):
        raise invalid(f"{op.name}: min-hash bit count {n} is out of range (0, or 4 to 51)")
    if op.index_bits is not None and op.index_bits + n > hs.MAX_COMBINED_BITS:
        raise invalid(
            f"{op.name}: index bits ({op.index_bits}) and min-hash bits ({n}) add up to more "
            "than 64"
        )
    op.minhash_bits = n


def _parse_flags(value: Any, op: _Op, allowed: int) -> None:
    flags = _int(value, "flags", op)
    if not 0 <= flags <= 0xFFFFFFFFFFFFFFFF:
        raise invalid(f"{op.name}: flags must be an unsigned integer")
    if flags & ~allowed:
        raise invalid(f"{op.name}: invalid flags {flags:#x}")
    if flags & CREATE_ONLY and flags & UPDATE_ONLY:
        raise invalid(f"{op.name}: create-only and update-only flags together")
    op.flags = flags


def _parse_elements(value: Any, op: _Op, _allowed: int) -> None:
    if type(value) not in (list, tuple) or not value:
        raise invalid(f"{op.name}: values must be a non-empty list")
    op.elements = [packed(v, op) for v in value]


def _parse_hlls(value: Any, op: _Op, _allowed: int) -> None:
    items = value if type(value) in (list, tuple) else [value]
    if not items:
        raise invalid(f"{op.name}: the list of HLLs is empty")
    out = []
    for i, item in enumerate(items):
        data = _blob_data(item)
        if data is None or len(data) < hs.HEADER:
            raise invalid(f"{op.name}: HLL {i} is not an HLL value")
        if data[0] != 0:
            raise invalid(f"{op.name}: HLL {i} has unknown flags {data[0]:#x}")
        if not hs.valid_index_bits(data[1]):
            raise invalid(f"{op.name}: HLL {i} has index bit count {data[1]} out of range")
        if not hs.valid_minhash_bits(data[2]):
            raise invalid(f"{op.name}: HLL {i} has min-hash bit count {data[2]} out of range")
        if len(data) != hs.size(data[1], data[2]):
            raise invalid(
                f"{op.name}: HLL {i} has {len(data)} bytes, its shape needs "
                f"{hs.size(data[1], data[2])}"
            )
        out.append(hs.Sketch.parse(data))
    op.hlls = out


def _parse_hlls_intersect(value: Any, op: _Op, allowed: int) -> None:
    _parse_hlls(value, op, allowed)
    if len(op.hlls) <= 2:
        return
    minhash_bits = op.hlls[0].minhash_bits
    if any(h.minhash_bits != minhash_bits for h in op.hlls) or minhash_bits == 0:
        raise invalid(f"{op.name}: more than 2 HLLs need the same, non-zero min-hash bit count")


def _blob_data(item: Any) -> bytes | None:
    """The bytes of an HLL argument (msgpack bytes or text: the server skips the type byte)."""
    if isinstance(item, TypedBlob):
        return bytes(item.data)
    if isinstance(item, (bytes, bytearray)):
        return bytes(item)
    if isinstance(item, str):
        return item.encode()
    return None


# -- the msgpack form a value is hashed in ----------------------------------------------------


def packed(value: Any, op: _Op | None = None) -> bytes:
    """A value's msgpack form as the client sends it and the server normalizes it (the smallest
    integer form; text and blobs with a str header and their particle type byte), which is what
    the server hashes. Raises OpError (4) for lists and maps, which an HLL does not take."""
    try:
        return pack(value, containers=False)
    except Unpackable:
        pass
    t = type(value)
    if t is int:
        raise invalid(f"integer {m.shown(value)} is outside 64 bits")
    name = op.name if op is not None else "hll"
    if isinstance(value, (list, tuple, dict)):
        raise invalid(f"{name}: a list or map value cannot be added to an HLL")
    raise invalid(f"{name}: a value of type {t.__name__} is not a wire value")


# -- the op tables ----------------------------------------------------------------------------

_Parser = Callable[[Any, _Op, int], None]


class _Def:
    __slots__ = ("allowed", "args", "max_args", "min_args", "name")

    def __init__(
        self, name: str, allowed: int, min_args: int, max_args: int, *args: _Parser
    ) -> None:
        self.name = name
        self.allowed = allowed
        self.min_args = min_args
        self.max_args = max_args
        self.args = args


_MODIFY_DEFS: Final = {
    O.HLL_INIT: _Def(
        "hll_init",
        CREATE_ONLY | UPDATE_ONLY | NO_FAIL,
        0,
        3,
        _parse_index_bits,
        _parse_minhash_bits,
        _parse_flags,
    ),
    O.HLL_ADD: _Def(
        "hll_add",
        CREATE_ONLY | NO_FAIL,
        1,
        4,
        _parse_elements,
        _parse_index_bits,
        _parse_minhash_bits,
        _parse_flags,
    ),
    O.HLL_SET_UNION: _Def(
        "hll_set_union",
        CREATE_ONLY | UPDATE_ONLY | ALLOW_FOLD | NO_FAIL,
        1,
        2,
        _parse_hlls,
        _parse_flags,
    ),
    O.HLL_REFRESH_COUNT: _Def("hll_refresh_count", 0, 0, 0),
    O.HLL_FOLD: _Def("hll_fold", 0, 1, 1, _parse_index_bits),
}

_READ_DEFS: Final = {
    O.HLL_COUNT: _Def("hll_get_count", 0, 0, 0),
    O.HLL_GET_UNION: _Def("hll_get_union", 0, 1, 1, _parse_hlls),
    O.HLL_UNION_COUNT: _Def("hll_get_union_count", 0, 1, 1, _parse_hlls),
    O.HLL_INTERSECT_COUNT: _Def("hll_get_intersect_count", 0, 1, 1, _parse_hlls_intersect),
    O.HLL_SIMILARITY: _Def("hll_get_similarity", 0, 1, 1, _parse_hlls_intersect),
    O.HLL_DESCRIBE: _Def("hll_describe", 0, 0, 0),
    O.HLL_MAY_CONTAIN: _Def("hll_may_contain", 0, 1, 1, _parse_elements),
}


def _lookup(value: Any, defs: dict[int, _Def], kind: str) -> tuple[int, _Def, Any]:
    """The op code, its definition and its arguments. OpError 4 for what is not an HLL op."""
    if type(value) not in (list, tuple) or not value:
        raise invalid("an HLL operation needs an op code and its arguments")
    code = value[0]
    if type(code) is not int or code not in defs:
        raise invalid(f"op code {m.shown(code)} is not an HLL {kind} operation")
    return code, defs[code], value[1:]


def _parse(d: _Def, args: Any) -> _Op:
    """The arguments parsed in order. OpError 4 for a wrong count or a bad argument."""
    op = _Op(d.name)
    if not d.min_args <= len(args) <= d.max_args:
        raise invalid(f"{d.name}: {len(args)} arguments, expected {d.min_args} to {d.max_args}")
    for parse, arg in zip(d.args, args):
        parse(arg, op, d.allowed)
    return op


def _stored(rec: Record, name: str) -> hs.Sketch | None:
    """The bin's HLL (None when the bin is missing). OpError 12 for another type, 1 for an HLL
    that is not well formed."""
    current = rec.get(name)
    if current is None:
        return None
    if type(current) is not TypedBlob or current.subtype != AS_BYTES_HLL:
        raise OpError(
            ERR_INCOMPATIBLE,
            f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: bin {name!r} is not an HLL",
        )
    if not hs.is_valid(current.data):
        raise OpError(ERR_SERVER, f"AEROSPIKE_ERR_SERVER: bin {name!r} holds a malformed HLL")
    return hs.Sketch.parse(current.data)


# -- modify -----------------------------------------------------------------------------------


def _shape_for_create(op: _Op) -> tuple[int, int]:
    if op.index_bits is None:
        raise not_applicable(f"{op.name}: cannot create an HLL without an index bit count")
    return op.index_bits, 0 if op.minhash_bits is None else op.minhash_bits


def _init(op: _Op, old: hs.Sketch | None) -> tuple[hs.Sketch, Any]:
    if old is None:
        return hs.Sketch(*_shape_for_create(op)), None
    index_bits = old.index_bits if op.index_bits is None else op.index_bits
    minhash_bits = old.minhash_bits if op.minhash_bits is None else op.minhash_bits
    if not hs.valid_bits(index_bits, minhash_bits):
        raise not_applicable(
            f"{op.name}: index bits {index_bits} and min-hash bits {minhash_bits} together "
            "are more than 64"
        )
    return hs.Sketch(index_bits, minhash_bits), None


def _add(op: _Op, old: hs.Sketch | None) -> tuple[hs.Sketch, Any]:
    sketch = hs.Sketch(*_shape_for_create(op)) if old is None else old
    added = 0
    for element in op.elements:
        if hs.add(sketch, element):
            added += 1
    return sketch, added


def _set_union(op: _Op, old: hs.Sketch | None) -> tuple[hs.Sketch, Any]:
    if old is not None:
        index_bits, minhash_bits = hs.template(op.hlls)
        if not op.flags & ALLOW_FOLD:
            if old.index_bits > index_bits:
                raise not_applicable(f"{op.name}: cannot reduce the bin's index bits")
            if old.minhash_bits and old.minhash_bits != minhash_bits:
                raise not_applicable(f"{op.name}: cannot reduce the bin's min-hash bits")
    return hs.union_of(op.hlls if old is None else [*op.hlls, old]), None


def _refresh_count(op: _Op, old: hs.Sketch | None) -> tuple[hs.Sketch, Any]:
    if old is None:
        raise OpError(ERR_BIN_NOT_FOUND, f"AEROSPIKE_ERR_BIN_NOT_FOUND: {op.name} on no bin")
    old.cache = hs.estimate(old)
    return old, old.cache


def _fold(op: _Op, old: hs.Sketch | None) -> tuple[hs.Sketch, Any]:
    if old is None:
        raise OpError(ERR_BIN_NOT_FOUND, f"AEROSPIKE_ERR_BIN_NOT_FOUND: {op.name} on no bin")
    if old.minhash_bits:
        raise not_applicable(f"{op.name}: cannot fold an HLL that has min-hash bits")
    if op.index_bits is None or old.index_bits < op.index_bits:
        raise not_applicable(
            f"{op.name}: the bin has {old.index_bits} index bits, fewer than "
            f"{-1 if op.index_bits is None else op.index_bits}"
        )
    return hs.fold(old, op.index_bits), None


_MODIFY: Final[dict[int, Callable[[_Op, hs.Sketch | None], tuple[hs.Sketch, Any]]]] = {
    O.HLL_INIT: _init,
    O.HLL_ADD: _add,
    O.HLL_SET_UNION: _set_union,
    O.HLL_REFRESH_COUNT: _refresh_count,
    O.HLL_FOLD: _fold,
}


@register(OP_HLL_MODIFY)
def modify(rec: Record, name: str, value: Any) -> Any:
    """An HLL write operation; answers what it returns (hll_add: how many values changed a
    register; hll_refresh_count: the count) or nil (init, set_union, fold), as the server does. OpError 4 for bad arguments, 6 / 17
    for the create-only / update-only flags, 26 for what the op cannot do to this HLL."""
    code, d, args = _lookup(value, _MODIFY_DEFS, "modify")
    old = _stored(rec, name)
    op = _parse(d, args)
    if old is not None and op.flags & CREATE_ONLY:
        if op.flags & NO_FAIL:
            return None
        raise OpError(ERR_BIN_EXISTS, f"AEROSPIKE_ERR_BIN_EXISTS: {op.name} would update")
    if old is None and op.flags & UPDATE_ONLY:
        if op.flags & NO_FAIL:
            return None
        raise OpError(ERR_BIN_NOT_FOUND, f"AEROSPIKE_ERR_BIN_NOT_FOUND: {op.name} would create")
    sketch, result = _MODIFY[code](op, old)
    data = sketch.to_bytes()
    set_bin(rec, name, TypedBlob(AS_BYTES_HLL, data), 5 + len(data))
    return result


# -- read -------------------------------------------------------------------------------------


def _describe(_op: _Op, h: hs.Sketch) -> Any:
    return [h.index_bits, h.minhash_bits]


def _get_union(op: _Op, h: hs.Sketch) -> Any:
    return TypedBlob(AS_BYTES_HLL, hs.union_of([*op.hlls, h]).to_bytes())


def _check_intersect(op: _Op, h: hs.Sketch) -> list[hs.Sketch]:
    if len(op.hlls) > 2 and (h.minhash_bits == 0 or h.minhash_bits != op.hlls[0].minhash_bits):
        raise not_applicable(
            f"{op.name}: more than 2 HLLs and the bin's min-hash bits do not match theirs"
        )
    return [*op.hlls, h]


def _may_contain(op: _Op, h: hs.Sketch) -> Any:
    return int(all(hs.may_contain(h, e) for e in op.elements))


_READ: Final[dict[int, Callable[[_Op, hs.Sketch], Any]]] = {
    O.HLL_COUNT: lambda _op, h: hs.estimate(h),
    O.HLL_GET_UNION: _get_union,
    O.HLL_UNION_COUNT: lambda op, h: hs.union_count([*op.hlls, h]),
    O.HLL_INTERSECT_COUNT: lambda op, h: hs.intersect_count(_check_intersect(op, h)),
    O.HLL_SIMILARITY: lambda op, h: hs.similarity(_check_intersect(op, h)),
    O.HLL_DESCRIBE: _describe,
    O.HLL_MAY_CONTAIN: _may_contain,
}


@register(OP_HLL_READ)
def read(rec: Record, name: str, value: Any) -> Any:
    """An HLL read operation (nothing for a missing bin). OpError 4 for bad arguments, 12 for a
    bin of another type, 26 for intersecting more than 3 HLLs of unlike min-hash bits."""
    if rec.get(name) is None:
        return NO_RESULT
    code, d, args = _lookup(value, _READ_DEFS, "read")
    h = _stored(rec, name)
    assert h is not None
    op = _parse(d, args)
    return _READ[code](op, h)


__all__ = ["modify", "packed", "read"]
