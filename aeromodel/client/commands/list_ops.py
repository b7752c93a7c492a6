"""List operation dicts (``list_operations`` and the legacy ``OP_LIST_*`` dicts) compiled to wire
operations.

Each becomes ``(OP_CDT_MODIFY or OP_CDT_READ, bin, payload)`` with the arguments in the order the
official C client packs them (``as_list_operations.c``): counts and return types as unsigned 64-bit
values (a negative count wraps, as in C), a missing ``count`` chooses the "to the end" form, and
``inverted`` sets the return type's inverted bit. What the official client refuses (arguments of
the wrong type, missing keys) is a ParamError here; what it sends and the server refuses is left to
the engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import constants as C
from .. import exception
from .. import op_codes as O
from ..codec import Codec
from ..command import OP_CDT_MODIFY, OP_CDT_READ, Op
from .cdt import list_order_flag, payload, warn_out_of_range
from .operations import family

UINT64_MASK: Final = 2**64 - 1
INVERTED: Final = 0x10000
_PERSIST_INDEX: Final = 0x10  # list flag: the list is stored with its offset index

_MISSING: Final = object()


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def _int(op: Mapping[str, Any], key: str, required: bool = True) -> int | None:
    """An int entry (bools count, as in the official client); None when optional and absent."""
    if key not in op:
        if required:
            raise _bad(f"Operation missing required entry {key}")
        return None
    v = op[key]
    if not isinstance(v, int):
        raise _bad(f"{key} must be an integer")
    if not -(2**63) <= v < 2**63:
        raise _bad(f"{key} too large")
    return int(v)


def _u64(v: int) -> int:
    return v & UINT64_MASK


def _value(op: Mapping[str, Any], key: str, codec: Codec) -> Any:
    if key not in op:
        raise _bad(f'Operation must contain a "{key}" entry')
    return codec.to_wire(op[key])


def _values(op: Mapping[str, Any], key: str, codec: Codec) -> list[Any]:
    if key not in op:
        raise _bad('Operation must contain a "values" entry')
    v = op[key]
    if not isinstance(v, list):
        raise _bad("Value must be a list")
    wire: list[Any] = codec.to_wire(v)
    return wire


def _return_type(op: Mapping[str, Any]) -> int:
    rt = _int(op, "return_type")
    assert rt is not None
    inverted = op.get("inverted", False)
    try:
        flag = bool(inverted)
    except Exception:
        raise _bad("Invalid inverted option") from None
    return _u64(rt | INVERTED if flag else rt)


def _policy(op: Mapping[str, Any]) -> tuple[int, int] | None:
    """(order, write flags) of the op's list_policy, or None when it has none."""
    if "list_policy" not in op:
        return None
    policy = op["list_policy"]
    if policy is None:
        return (0, 0)
    if not isinstance(policy, dict):
        raise _bad("List policy must be a dictionary.")
    order, flags = 0, 0
    for key, _v in policy.items():
        if key not in ("list_order", "write_flags"):
            raise _bad(f'"{key}" is an invalid list policy dictionary key')
    o = policy.get("list_order")
    if o is not None:
        if not isinstance(o, int):
            raise _bad("Invalid List order")
        order = int(o)
        warn_out_of_range("list_order", order, 0, 1)
    f = policy.get("write_flags")
    if f is not None:
        if not isinstance(f, int):
            raise _bad("Invalid write_flags")
        flags = int(f)
        warn_out_of_range("write_flags", flags, 0, 15)
    return (order, flags)


def _cdt(op: Mapping[str, Any], bin_name: str, codec: Codec, modifies: bool, code: int,
         *args: Any, flag: int = 0) -> Op:
    ctx = op.get("ctx") if "ctx" in op else None
    return (
        OP_CDT_MODIFY if modifies else OP_CDT_READ,
        bin_name,
        payload(code, args, ctx, codec, flag=flag),
    )


_BY: Final = {
    # constant: (read?, server code, selector, to-end code or None)
    C.OP_LIST_GET_BY_INDEX: (True, O.LIST_GET_BY_INDEX, "index"),
    C.OP_LIST_GET_BY_RANK: (True, O.LIST_GET_BY_RANK, "rank"),
    C.OP_LIST_GET_BY_INDEX_RANGE: (True, O.LIST_GET_BY_INDEX_RANGE, "index_range"),
    C.OP_LIST_GET_BY_RANK_RANGE: (True, O.LIST_GET_BY_RANK_RANGE, "rank_range"),
    C.OP_LIST_GET_BY_VALUE: (True, O.LIST_GET_ALL_BY_VALUE, "value"),
    C.OP_LIST_GET_BY_VALUE_LIST: (True, O.LIST_GET_ALL_BY_VALUE_LIST, "value_list"),
    C.OP_LIST_GET_BY_VALUE_RANGE: (True, O.LIST_GET_BY_VALUE_INTERVAL, "interval"),
    C.OP_LIST_GET_BY_VALUE_RANK_RANGE_REL: (True, O.LIST_GET_BY_VALUE_REL_RANK_RANGE, "rel"),
    C.OP_LIST_REMOVE_BY_INDEX: (False, O.LIST_REMOVE_BY_INDEX, "index"),
    C.OP_LIST_REMOVE_BY_RANK: (False, O.LIST_REMOVE_BY_RANK, "rank"),
    C.OP_LIST_REMOVE_BY_INDEX_RANGE: (False, O.LIST_REMOVE_BY_INDEX_RANGE, "index_range"),
    C.OP_LIST_REMOVE_BY_RANK_RANGE: (False, O.LIST_REMOVE_BY_RANK_RANGE, "rank_range"),
    C.OP_LIST_REMOVE_BY_VALUE: (False, O.LIST_REMOVE_ALL_BY_VALUE, "value"),
    C.OP_LIST_REMOVE_BY_VALUE_LIST: (False, O.LIST_REMOVE_ALL_BY_VALUE_LIST, "value_list"),
    C.OP_LIST_REMOVE_BY_VALUE_RANGE: (False, O.LIST_REMOVE_BY_VALUE_INTERVAL, "interval"),
    C.OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL: (False, O.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE, "rel"),
}


def _compile_by(op: Mapping[str, Any], bin_name: str, codec: Codec, spec: tuple[bool, int, str]) -> Op:
    read, code, kind = spec
    modifies = not read
    if kind in ("index", "rank"):
        pos = _int(op, "index" if kind == "index" else "rank")
        rt = _return_type(op)
        return _cdt(op, bin_name, codec, modifies, code, rt, pos)
    if kind in ("index_range", "rank_range"):
        pos = _int(op, "index" if kind == "index_range" else "rank")
        count = _int(op, "count", required=False)
        rt = _return_type(op)
        if count is None:
            return _cdt(op, bin_name, codec, modifies, code, rt, pos)
        return _cdt(op, bin_name, codec, modifies, code, rt, pos, _u64(count))
    if kind == "value":
        rt = _return_type(op)
        return _cdt(op, bin_name, codec, modifies, code, rt, _value(op, "val", codec))
    if kind == "value_list":
        rt = _return_type(op)
        return _cdt(op, bin_name, codec, modifies, code, rt, _values(op, "value_list", codec))
    if kind == "interval":
        rt = _return_type(op)
        begin = op.get("value_begin")
        end = op.get("value_end")
        wbegin = None if begin is None else codec.to_wire(begin)
        if end is None:
            return _cdt(op, bin_name, codec, modifies, code, rt, wbegin)
        return _cdt(op, bin_name, codec, modifies, code, rt, wbegin, codec.to_wire(end))
    # rel
    rt = _return_type(op)
    rank = _int(op, "rank")
    count = _int(op, "count", required=False)
    value = _value(op, "val", codec)
    if count is None:
        return _cdt(op, bin_name, codec, modifies, code, rt, value, rank)
    return _cdt(op, bin_name, codec, modifies, code, rt, value, rank, _u64(count))


_SIMPLE: Final = frozenset({
    C.OP_LIST_APPEND, C.OP_LIST_APPEND_ITEMS, C.OP_LIST_INSERT, C.OP_LIST_INSERT_ITEMS,
    C.OP_LIST_POP, C.OP_LIST_POP_RANGE, C.OP_LIST_REMOVE, C.OP_LIST_REMOVE_RANGE, C.OP_LIST_CLEAR,
    C.OP_LIST_SET, C.OP_LIST_GET, C.OP_LIST_GET_RANGE, C.OP_LIST_TRIM, C.OP_LIST_SIZE,
    C.OP_LIST_INCREMENT, C.OP_LIST_SET_ORDER, C.OP_LIST_SORT, C.OP_LIST_CREATE,
})


@family(*_SIMPLE, *_BY)
def compile_list(op: Mapping[str, Any], bin_name: str, codec: Codec) -> Op:
    """One list operation dict as its wire operation. Raises ParamError."""
    code = op["op"]
    spec = _BY.get(code)
    if spec is not None:
        return _compile_by(op, bin_name, codec, spec)
    if code in (C.OP_LIST_APPEND, C.OP_LIST_APPEND_ITEMS):
        policy = _policy(op)
        items = code == C.OP_LIST_APPEND_ITEMS
        val = _values(op, "val", codec) if items else _value(op, "val", codec)
        server = O.LIST_APPEND_ITEMS if items else O.LIST_APPEND
        if policy is None:
            return _cdt(op, bin_name, codec, True, server, val)
        return _cdt(op, bin_name, codec, True, server, val, _u64(policy[0]), _u64(policy[1]))
    if code in (C.OP_LIST_INSERT, C.OP_LIST_INSERT_ITEMS):
        index = _int(op, "index")
        policy = _policy(op)
        items = code == C.OP_LIST_INSERT_ITEMS
        val = _values(op, "val", codec) if items else _value(op, "val", codec)
        server = O.LIST_INSERT_ITEMS if items else O.LIST_INSERT
        if policy is None:
            return _cdt(op, bin_name, codec, True, server, index, val)
        return _cdt(op, bin_name, codec, True, server, index, val, _u64(policy[1]))
    if code == C.OP_LIST_INCREMENT:
        policy = _policy(op)
        index = _int(op, "index")
        val = _value(op, "val", codec)
        if policy is None:
            return _cdt(op, bin_name, codec, True, O.LIST_INCREMENT, index, val)
        return _cdt(op, bin_name, codec, True, O.LIST_INCREMENT, index, val, _u64(policy[0]), _u64(policy[1]))
    if code == C.OP_LIST_SET:
        policy = _policy(op)
        index = _int(op, "index")
        val = _value(op, "val", codec)
        if policy is None:
            return _cdt(op, bin_name, codec, True, O.LIST_SET, index, val)
        return _cdt(op, bin_name, codec, True, O.LIST_SET, index, val, _u64(policy[1]))
    if code in (C.OP_LIST_POP, C.OP_LIST_REMOVE, C.OP_LIST_GET):
        index = _int(op, "index")
        server = {C.OP_LIST_POP: O.LIST_POP, C.OP_LIST_REMOVE: O.LIST_REMOVE, C.OP_LIST_GET: O.LIST_GET}[code]
        return _cdt(op, bin_name, codec, code != C.OP_LIST_GET, server, index)
    if code in (C.OP_LIST_POP_RANGE, C.OP_LIST_REMOVE_RANGE, C.OP_LIST_GET_RANGE, C.OP_LIST_TRIM):
        index = _int(op, "index")
        count = _int(op, "val")
        assert count is not None
        server = {
            C.OP_LIST_POP_RANGE: O.LIST_POP_RANGE, C.OP_LIST_REMOVE_RANGE: O.LIST_REMOVE_RANGE,
            C.OP_LIST_GET_RANGE: O.LIST_GET_RANGE, C.OP_LIST_TRIM: O.LIST_TRIM,
        }[code]
        return _cdt(op, bin_name, codec, code != C.OP_LIST_GET_RANGE, server, index, _u64(count))
    if code == C.OP_LIST_CLEAR:
        return _cdt(op, bin_name, codec, True, O.LIST_CLEAR)
    if code == C.OP_LIST_SIZE:
        return _cdt(op, bin_name, codec, False, O.LIST_SIZE)
    if code == C.OP_LIST_SORT:
        flags = _int(op, "sort_flags")
        assert flags is not None
        warn_out_of_range("sort_flags", flags, 0, 2)
        return _cdt(op, bin_name, codec, True, O.LIST_SORT, _u64(flags))
    if code == C.OP_LIST_SET_ORDER:
        order = _int(op, "list_order")
        assert order is not None
        warn_out_of_range("list_order", order, 0, 1)
        return _cdt(op, bin_name, codec, True, O.LIST_SET_TYPE, _u64(order))
    # OP_LIST_CREATE
    order = _int(op, "list_order")
    assert order is not None
    warn_out_of_range("list_order", order, 0, 1)
    pad = _bool(op, "pad")
    persist = _bool(op, "persist_index")
    if op.get("ctx") is None:
        flags = order | (_PERSIST_INDEX if persist else 0)
        return _cdt(op, bin_name, codec, True, O.LIST_SET_TYPE, _u64(flags))
    return _cdt(op, bin_name, codec, True, O.LIST_SET_TYPE, _u64(order), flag=list_order_flag(order, pad))


def _bool(op: Mapping[str, Any], key: str) -> bool:
    if key not in op:
        raise _bad(f"Failed to convert {key}")
    v = op[key]
    if not isinstance(v, bool):
        raise _bad(f"key {key} does not point to a boolean in the dict")
    return v
