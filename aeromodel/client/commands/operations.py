"""Operation dictionaries (``{'op': OPERATOR_*, 'bin': ..., 'val': ...}``) compiled to wire operations."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple

from .. import constants as C
from .. import exception
from ..codec import Codec
from ..command import (
    OP_APPEND,
    OP_BIT_MODIFY,
    OP_BIT_READ,
    OP_DELETE,
    OP_EXP_MODIFY,
    OP_EXP_READ,
    OP_HLL_MODIFY,
    OP_HLL_READ,
    OP_INCR,
    OP_PREPEND,
    OP_READ,
    OP_TOUCH,
    OP_WRITE,
    READ_OPS,
    Op,
)
from ..keys import GOOD_BIN_NAMES, check_bin_name

_SCALAR = {
    C.OPERATOR_READ: OP_READ,
    C.OPERATOR_WRITE: OP_WRITE,
    C.OPERATOR_INCR: OP_INCR,
    C.OPERATOR_APPEND: OP_APPEND,
    C.OPERATOR_PREPEND: OP_PREPEND,
    C.OPERATOR_TOUCH: OP_TOUCH,
    C.OPERATOR_DELETE: OP_DELETE,
}


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


FamilyCompiler = Callable[[Mapping[str, Any], str, Codec], Op]
"""Compiles one operation dict of a family (list, map, bit, HLL, expression) for a checked bin name into its
wire operation ``(op type, bin, (family op code, args...))``. Raises ParamError."""

FAMILIES: dict[int, FamilyCompiler] = {}
"""Operation constant (``OP_LIST_APPEND``, ``OP_BIT_RESIZE``, ...) -> its family's compiler."""


def family(*codes: int) -> Callable[[FamilyCompiler], FamilyCompiler]:
    """Register a compiler for the operation constants ``codes`` (one module per family)."""

    def add(fn: FamilyCompiler) -> FamilyCompiler:
        for code in codes:
            FAMILIES[code] = fn
        return fn

    return add


_WRITE_CODE = C.OPERATOR_WRITE
_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1
_RESPOND_ALL = frozenset(
    {OP_EXP_READ, OP_EXP_MODIFY, OP_BIT_READ, OP_BIT_MODIFY, OP_HLL_READ, OP_HLL_MODIFY}
)
"""Wire types whose operations make the official client ask for every operation's answer
(RESPOND_ALL_OPS, as for map operations): a plain write beside one answers None."""
MAP_OPS_FIRST = C.OP_MAP_SET_POLICY
MAP_OPS_LAST = C.OP_MAP_CREATE


class Compiled(NamedTuple):
    """A compiled operation list."""

    ops: list[Op]
    has_write: bool
    touch_ttl: int | None
    respond_all: bool


_SCALAR_KEYS = {
    OP_READ: frozenset({"op", "bin"}),
    OP_WRITE: frozenset({"op", "bin", "val"}),
    OP_INCR: frozenset({"op", "bin", "val"}),
    OP_APPEND: frozenset({"op", "bin", "val"}),
    OP_PREPEND: frozenset({"op", "bin", "val"}),
    OP_TOUCH: frozenset({"op", "val"}),
    OP_DELETE: frozenset({"op"}),
}
# The keys each family's operation dicts may hold (helpers and legacy dicts alike).
_LIST_KEYS = frozenset({
    "op", "bin", "ctx", "index", "count", "inverted", "list_order", "list_policy", "pad",
    "persist_index", "rank", "return_type", "sort_flags", "val", "value", "value_begin",
    "value_end", "value_list",
})
_MAP_KEYS = frozenset({
    "op", "bin", "ctx", "index", "count", "inverted", "key", "map_order", "map_policy",
    "persist_index", "range", "rank", "return_type", "val", "value", "value_list",
})
_BIT_KEYS = frozenset({
    "op", "bin", "policy", "bit_offset", "bit_size", "byte_offset", "byte_size", "value",
    "value_byte_size", "resize_flags", "sign", "action", "count", "offset",
})
_HLL_KEYS = frozenset({"op", "bin", "value_list", "index_bit_count", "mh_bit_count", "hll_policy"})
_EXP_KEYS = frozenset({"op", "bin", "expr", "expr_flags"})
_PATH_KEYS = frozenset({"op", "bin", "ctx", C._CDT_FLAGS_KEY, C._CDT_APPLY_MOD_EXP_KEY})


def _family_keys(code: int) -> frozenset[str]:
    if C.OP_LIST_APPEND <= code <= C.OP_LIST_CREATE:
        return _LIST_KEYS
    if MAP_OPS_FIRST <= code <= MAP_OPS_LAST:
        return _MAP_KEYS
    if C.OP_BIT_RESIZE <= code <= C.OP_BIT_RSCAN:
        return _BIT_KEYS
    if code in (C.OP_EXPR_READ, C.OP_EXPR_WRITE):
        return _EXP_KEYS
    if code in (C._AS_OPERATOR_CDT_READ, C._AS_OPERATOR_CDT_MODIFY):
        return _PATH_KEYS
    return _HLL_KEYS


def _known_keys(op: Mapping[str, Any], i: int, allowed: frozenset[str]) -> None:
    """Refuse a key the operation does not take (a typo such as 'return_typ' must not fall back
    to a default silently, nor a 'ctx' on an operation that has none)."""
    for key in op:
        if key not in allowed:
            raise _bad(
                f"operation {i}: unknown key {exception.describe(key)} "
                f"(this operation takes {', '.join(sorted(allowed))})"
            )


class OpCompiler:
    """Compiles a call's operation list, converting values with the client's codec."""

    __slots__ = ("codec",)

    def __init__(self, codec: Codec) -> None:
        self.codec = codec

    def scalar(self, operator: int, bin_name: str, val: Any) -> Op:
        """One scalar write operation (append, prepend, increment, write). Raises ParamError."""
        if operator == C.OPERATOR_INCR:
            if not isinstance(val, (int, float)):
                # The official client's words (it takes a float too).
                raise _bad("Unsupported operand type(s) for +: only 'int' allowed")
            if isinstance(val, bool):  # as the official client: True adds 1
                val = int(val)
            return (OP_INCR, bin_name, self.codec.to_wire(val))
        if operator in (C.OPERATOR_APPEND, C.OPERATOR_PREPEND):
            if not isinstance(val, (str, bytes, bytearray)):
                raise _bad("Cannot concatenate 'str' and 'non-str' objects")
            return (_SCALAR[operator], bin_name, self.codec.to_wire(val))
        return (OP_WRITE, bin_name, self.codec.bin_value(val))

    def compile(self, ops: Any) -> Compiled:
        """Compile an operation list: the wire ops, whether any op writes, the ttl a touch op
        gives, and whether every op must answer (the official client asks for that when a map
        operation is among them). Raises ParamError for a malformed or unsupported operation.
        """
        if type(ops) is not list and (not isinstance(ops, Sequence) or isinstance(ops, (str, bytes))):
            raise _bad("Operations should be of type list")
        if not ops:
            raise _bad("No operations defined")
        out: list[Op] = []
        has_write = False
        respond_all = False
        touch_ttl: int | None = None
        good_names = GOOD_BIN_NAMES
        for i, op in enumerate(ops):
            if type(op) is dict and len(op) == 3 and op.get("op") == _WRITE_CODE:
                # A plain write of a checked bin name and an ASCII str, an int or a float: what
                # the general path below makes of it, without its checks (most writes are this).
                name = op.get("bin")
                val: Any = op.get("val")
                t = type(val)
                if type(name) is str and name in good_names and (
                    (t is str and val.isascii()) or t is float
                    or (t is int and _I64_MIN <= val <= _I64_MAX)
                ):
                    out.append((OP_WRITE, name, val))
                    has_write = True
                    continue
            if type(op) is not dict and not isinstance(op, Mapping):
                raise _bad(f"operation {i} must be a dict, not {type(op).__name__}")
            if "op" not in op:
                raise _bad(f"operation {i} has no 'op'")
            code = op["op"]
            wire = _SCALAR.get(code) if type(code) is int else None
            if wire is None:
                compile_family = FAMILIES.get(code) if type(code) is int else None
                if compile_family is None:
                    raise _bad(
                        f"operation {i}: operator {exception.describe(code)} is not supported "
                        "by this client"
                    )
                if "bin" not in op:
                    raise _bad(f"operation {i} has no 'bin'")
                _known_keys(op, i, _family_keys(code))
                compiled = compile_family(op, check_bin_name(op["bin"], raw=True), self.codec)
                out.append(compiled)
                if MAP_OPS_FIRST <= code <= MAP_OPS_LAST or compiled[0] in _RESPOND_ALL:
                    respond_all = True
                if compiled[0] not in READ_OPS:
                    has_write = True
                continue
            _known_keys(op, i, _SCALAR_KEYS[wire])
            if wire == OP_DELETE:
                out.append((OP_DELETE, "", None))
                has_write = True
                continue
            if wire == OP_TOUCH:
                if "val" in op:
                    val = op["val"]
                    if isinstance(val, bool) or not isinstance(val, int):
                        raise _bad(f"operation {i}: touch ttl must be an int")
                    touch_ttl = val
                out.append((OP_TOUCH, "", None))
                has_write = True
                continue
            if "bin" not in op:
                raise _bad(f"operation {i} has no 'bin'")
            name = check_bin_name(op["bin"], raw=True)
            if wire == OP_READ:
                out.append((OP_READ, name, None))
                continue
            if "val" not in op:
                raise _bad(f"operation {i} has no 'val'")
            out.append(self.scalar(code, name, op["val"]))
            has_write = True
        return Compiled(out, has_write, touch_ttl, respond_all)
