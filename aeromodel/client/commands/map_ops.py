"""Map operation dicts (``map_operations`` and the legacy ``OP_MAP_*`` dicts) compiled to wire
operations.

Each becomes ``(OP_CDT_MODIFY or OP_CDT_READ, bin, (server op code, args...))`` with the arguments
in the order the official C client packs them (``as_map_operations.c``): the return type (with the
inverted flag) first for the get and remove families; key, value, the map's order attributes and
the write flags for puts. What the official client refuses (an argument of the wrong type, a
missing key in the dict) is a ParamError here; what it sends and the server refuses (a float map
key, a string increment, an index outside the map) is the engine's to answer, as the server does.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from .. import constants as C
from .. import exception
from .. import op_codes as O
from ..codec import Codec
from ..command import OP_CDT_MODIFY, OP_CDT_READ, Op
from ..policies import PolicySet
from .cdt import payload
from .operations import family

_INVERTED: Final = 0x10000
_PERSIST_INDEX: Final = 0x10

# Get / remove families: operation constant -> (server op code, modifies, its argument fields).
# A field is (dict key, kind): "val" a value through the codec, "int" an int, "list" a list of
# values, "count?" an optional count.
_SELECTORS: Final[dict[int, tuple[str, int, bool, tuple[tuple[str, str], ...]]]] = {
    C.OP_MAP_REMOVE_BY_KEY: ("map_remove_by_key", O.MAP_REMOVE_BY_KEY, True, (("key", "val"),)),
    C.OP_MAP_REMOVE_BY_INDEX: ("map_remove_by_index", O.MAP_REMOVE_BY_INDEX, True, (("index", "int"),)),
    C.OP_MAP_REMOVE_BY_RANK: ("map_remove_by_rank", O.MAP_REMOVE_BY_RANK, True, (("index", "int"),)),
    C.OP_MAP_REMOVE_BY_KEY_LIST: ("map_remove_by_key_list", O.MAP_REMOVE_BY_KEY_LIST, True, (("val", "list"),)),
    C.OP_MAP_REMOVE_BY_VALUE: ("map_remove_by_value", O.MAP_REMOVE_ALL_BY_VALUE, True, (("val", "val"),)),
    C.OP_MAP_REMOVE_BY_VALUE_LIST: ("map_remove_by_value_list", O.MAP_REMOVE_BY_VALUE_LIST, True, (("val", "list"),)),
    C.OP_MAP_REMOVE_BY_KEY_RANGE: (
        "map_remove_by_key_range",
        O.MAP_REMOVE_BY_KEY_INTERVAL,
        True,
        (("key", "val"), ("val", "val")),
    ),
    C.OP_MAP_REMOVE_BY_INDEX_RANGE: (
        "map_remove_by_index_range",
        O.MAP_REMOVE_BY_INDEX_RANGE,
        True,
        (("index", "int"), ("val", "int")),
    ),
    C.OP_MAP_REMOVE_BY_VALUE_RANGE: (
        "map_remove_by_value_range",
        O.MAP_REMOVE_BY_VALUE_INTERVAL,
        True,
        (("val", "val"), ("range", "val")),
    ),
    C.OP_MAP_REMOVE_BY_RANK_RANGE: (
        "map_remove_by_rank_range",
        O.MAP_REMOVE_BY_RANK_RANGE,
        True,
        (("index", "int"), ("val", "int")),
    ),
    C.OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL: (
        "map_remove_by_key_index_range_relative",
        O.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE,
        True,
        (("key", "val"), ("index", "int"), ("count", "count?")),
    ),
    C.OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL: (
        "map_remove_by_value_rank_range_relative",
        O.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE,
        True,
        (("val", "val"), ("rank", "int"), ("count", "count?")),
    ),
    C.OP_MAP_GET_BY_KEY: ("map_get_by_key", O.MAP_GET_BY_KEY, False, (("key", "val"),)),
    C.OP_MAP_GET_BY_INDEX: ("map_get_by_index", O.MAP_GET_BY_INDEX, False, (("index", "int"),)),
    C.OP_MAP_GET_BY_RANK: ("map_get_by_rank", O.MAP_GET_BY_RANK, False, (("index", "int"),)),
    C.OP_MAP_GET_BY_VALUE: ("map_get_by_value", O.MAP_GET_ALL_BY_VALUE, False, (("val", "val"),)),
    C.OP_MAP_GET_BY_KEY_RANGE: (
        "map_get_by_key_range",
        O.MAP_GET_BY_KEY_INTERVAL,
        False,
        (("key", "val"), ("range", "val")),
    ),
    C.OP_MAP_GET_BY_INDEX_RANGE: (
        "map_get_by_index_range",
        O.MAP_GET_BY_INDEX_RANGE,
        False,
        (("index", "int"), ("val", "int")),
    ),
    C.OP_MAP_GET_BY_VALUE_RANGE: (
        "map_get_by_value_range",
        O.MAP_GET_BY_VALUE_INTERVAL,
        False,
        (("val", "val"), ("range", "val")),
    ),
    C.OP_MAP_GET_BY_RANK_RANGE: (
        "map_get_by_rank_range",
        O.MAP_GET_BY_RANK_RANGE,
        False,
        (("index", "int"), ("val", "int")),
    ),
    C.OP_MAP_GET_BY_KEY_LIST: ("map_get_by_key_list", O.MAP_GET_BY_KEY_LIST, False, (("val", "list"),)),
    C.OP_MAP_GET_BY_VALUE_LIST: ("map_get_by_value_list", O.MAP_GET_BY_VALUE_LIST, False, (("val", "list"),)),
    C.OP_MAP_GET_BY_KEY_INDEX_RANGE_REL: (
        "map_get_by_key_index_range_relative",
        O.MAP_GET_BY_KEY_REL_INDEX_RANGE,
        False,
        (("key", "val"), ("index", "int"), ("count", "count?")),
    ),
    C.OP_MAP_GET_BY_VALUE_RANK_RANGE_REL: (
        "map_get_by_value_rank_range_relative",
        O.MAP_GET_BY_VALUE_REL_RANK_RANGE,
        False,
        (("val", "val"), ("rank", "int"), ("count", "count?")),
    ),
}

_POLICIES: Final = PolicySet(None)  # operation policies have no config-level defaults




def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def _field(op: Mapping[str, Any], key: str, name: str) -> Any:
    if key not in op:
        raise _bad(f"{name}: '{key}' is required")
    return op[key]


def _int(op: Mapping[str, Any], key: str, name: str) -> int:
    n = _field(op, key, name)
    if isinstance(n, bool) or not isinstance(n, int):
        raise _bad(f"{name}: '{key}' must be an int, not {type(n).__name__}")
    if not -(2**63) <= n < 2**63:
        raise _bad(f"{name}: '{key}' {exception.describe(n)} is outside the signed 64-bit range")
    return int(n)


def _return_type(op: Mapping[str, Any], name: str) -> int:
    """The return type with the inverted flag (as the official client: any truthy 'inverted').
    A map operation dict without one returns nothing (MAP_RETURN_NONE), as there; a list
    operation dict must name one (the official client's ParamError)."""
    rt = _int(op, "return_type", name) if "return_type" in op else C.MAP_RETURN_NONE
    inverted = op.get("inverted")
    try:
        if inverted is not None and bool(inverted):
            rt |= _INVERTED
    except Exception:  # bool() of the caller's object failed
        raise _bad(f"{name}: invalid 'inverted' option") from None
    return rt


def _policy(op: Mapping[str, Any]) -> tuple[int, int, int]:
    """(order attributes, write flags, legacy write mode) of the op's map policy."""
    policy = op.get("map_policy")
    resolved = _POLICIES.resolve("map", policy)
    attributes: int = resolved["map_order"]
    if resolved["persist_index"]:
        attributes |= _PERSIST_INDEX
    return attributes, resolved["map_write_flags"], resolved["map_write_mode"]


def _put(op: Mapping[str, Any], name: str, codec: Codec, items: bool) -> tuple[Any, ...]:
    """A put as the C client packs it: without a policy, put with no attributes; with write
    flags, put with attributes and flags; else by the legacy write mode (update-only is a
    replace, create-only an add)."""
    if items:
        entries = _field(op, "val", name)
        if not isinstance(entries, dict):
            raise _bad(f"{name}: 'val' must be a dict, not {type(entries).__name__}")
        args: tuple[Any, ...] = (codec.to_wire(entries),)
    else:
        args = (codec.to_wire(_field(op, "key", name)), codec.to_wire(_field(op, "val", name)))
    if op.get("map_policy") is None:
        return ((O.MAP_PUT_ITEMS if items else O.MAP_PUT), *args, 0)
    attributes, flags, mode = _policy(op)
    if flags != C.MAP_WRITE_FLAGS_DEFAULT:
        return ((O.MAP_PUT_ITEMS if items else O.MAP_PUT), *args, attributes, flags)
    if mode == C.MAP_UPDATE_ONLY:
        return ((O.MAP_REPLACE_ITEMS if items else O.MAP_REPLACE), *args)
    if mode == C.MAP_CREATE_ONLY:
        return ((O.MAP_ADD_ITEMS if items else O.MAP_ADD), *args, attributes)
    return ((O.MAP_PUT_ITEMS if items else O.MAP_PUT), *args, attributes)


_OTHERS: Final = (
    C.OP_MAP_SET_POLICY,
    C.OP_MAP_CREATE,
    C.OP_MAP_PUT,
    C.OP_MAP_PUT_ITEMS,
    C.OP_MAP_INCREMENT,
    C.OP_MAP_DECREMENT,
    C.OP_MAP_SIZE,
    C.OP_MAP_CLEAR,
)


@family(*_OTHERS, *_SELECTORS)
def compile_map(op: Mapping[str, Any], bin_name: str, codec: Codec) -> Op:
    """One map operation dict as its wire operation. Raises ParamError."""
    code = op["op"]
    ctx = op.get("ctx")
    spec = _SELECTORS.get(code)
    if spec is not None:
        name, server_code, modifies, fields = spec
        args: list[Any] = [_return_type(op, name)]
        for key, kind in fields:
            if kind == "int":
                args.append(_int(op, key, name))
            elif kind == "count?":
                if op.get(key) is not None:
                    args.append(_int(op, key, name))
            elif kind == "list":
                values = _field(op, key, name)
                if not isinstance(values, list):
                    raise _bad(f"{name}: '{key}' must be a list, not {type(values).__name__}")
                args.append(codec.to_wire(values))
            else:
                args.append(codec.to_wire(_field(op, key, name)))
        kind_op = OP_CDT_MODIFY if modifies else OP_CDT_READ
        return (kind_op, bin_name, payload(server_code, tuple(args), ctx, codec))
    if code == C.OP_MAP_SET_POLICY:
        policy = _field(op, "map_policy", "map_set_policy")
        if not isinstance(policy, dict):
            raise _bad("map_set_policy: the map policy must be a dict")
        attributes = _policy(op)[0]
        if ctx:
            attributes &= ~_PERSIST_INDEX  # as the C client: nested maps keep no index
        return (OP_CDT_MODIFY, bin_name, payload(O.MAP_SET_TYPE, (attributes,), ctx, codec))
    if code == C.OP_MAP_CREATE:
        order = _int(op, "map_order", "map_create")
        persist = op.get("persist_index")
        if persist is not None and not isinstance(persist, bool):
            raise _bad("map_create: 'persist_index' must be a bool")
        flags = order | (_PERSIST_INDEX if persist and not ctx else 0)
        # With a context the last entry carries the create flag of the map's order (C client).
        create = _CTX_CREATE.get(order, _CTX_CREATE[0]) if ctx else 0
        return (OP_CDT_MODIFY, bin_name, payload(O.MAP_SET_TYPE, (flags,), ctx, codec, flag=create))
    if code in (C.OP_MAP_PUT, C.OP_MAP_PUT_ITEMS):
        name = "map_put" if code == C.OP_MAP_PUT else "map_put_items"
        return (
            OP_CDT_MODIFY,
            bin_name,
            payload(*_split(_put(op, name, codec, code != C.OP_MAP_PUT)), ctx, codec),
        )
    if code in (C.OP_MAP_INCREMENT, C.OP_MAP_DECREMENT):
        name = "map_increment" if code == C.OP_MAP_INCREMENT else "map_decrement"
        key = codec.to_wire(_field(op, "key", name))
        amount = codec.to_wire(_field(op, "val", name))
        attributes = _policy(op)[0] if op.get("map_policy") is not None else 0
        server_code = O.MAP_INCREMENT if code == C.OP_MAP_INCREMENT else O.MAP_DECREMENT
        return (OP_CDT_MODIFY, bin_name, payload(server_code, (key, amount, attributes), ctx, codec))
    if code == C.OP_MAP_SIZE:
        return (OP_CDT_READ, bin_name, payload(O.MAP_SIZE, (), ctx, codec))
    return (OP_CDT_MODIFY, bin_name, payload(O.MAP_CLEAR, (), ctx, codec))


_CTX_CREATE = {0: 0x40, 1: 0x80, 3: 0xC0}
"""Map order -> the create flag on a context entry (unordered, key-ordered, key-value-ordered)."""


def _split(packed: tuple[Any, ...]) -> tuple[int, tuple[Any, ...]]:
    return packed[0], packed[1:]
