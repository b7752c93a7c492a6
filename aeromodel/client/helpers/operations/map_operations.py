"""Map operations (``aerospike_helpers.operations.map_operations``), as ``operate()`` dicts.

Entries are addressed by key, by value, by index (position in key order) or by rank (position in
value order, ties in key order); ``return_type`` is a ``MAP_RETURN_*`` constant and ``inverted``
selects every entry but those named. ``map_policy`` is ``{"map_order": MAP_*, "map_write_flags":
MAP_WRITE_FLAGS_*, "persist_index": bool}`` (or the 3.x ``map_write_mode``); the order applies when
the operation creates the map. ``ctx`` (nested maps and lists) is accepted as in the official
helpers.
"""

from __future__ import annotations

from typing import Any

from ...constants import (
    OP_MAP_CLEAR,
    OP_MAP_CREATE,
    OP_MAP_DECREMENT,
    OP_MAP_GET_BY_INDEX,
    OP_MAP_GET_BY_INDEX_RANGE,
    OP_MAP_GET_BY_KEY,
    OP_MAP_GET_BY_KEY_INDEX_RANGE_REL,
    OP_MAP_GET_BY_KEY_LIST,
    OP_MAP_GET_BY_KEY_RANGE,
    OP_MAP_GET_BY_RANK,
    OP_MAP_GET_BY_RANK_RANGE,
    OP_MAP_GET_BY_VALUE,
    OP_MAP_GET_BY_VALUE_LIST,
    OP_MAP_GET_BY_VALUE_RANGE,
    OP_MAP_GET_BY_VALUE_RANK_RANGE_REL,
    OP_MAP_INCREMENT,
    OP_MAP_PUT,
    OP_MAP_PUT_ITEMS,
    OP_MAP_REMOVE_BY_INDEX,
    OP_MAP_REMOVE_BY_INDEX_RANGE,
    OP_MAP_REMOVE_BY_KEY,
    OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL,
    OP_MAP_REMOVE_BY_KEY_LIST,
    OP_MAP_REMOVE_BY_KEY_RANGE,
    OP_MAP_REMOVE_BY_RANK,
    OP_MAP_REMOVE_BY_RANK_RANGE,
    OP_MAP_REMOVE_BY_VALUE,
    OP_MAP_REMOVE_BY_VALUE_LIST,
    OP_MAP_REMOVE_BY_VALUE_RANGE,
    OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL,
    OP_MAP_SET_POLICY,
    OP_MAP_SIZE,
)

OP_KEY = "op"
BIN_KEY = "bin"
POLICY_KEY = "map_policy"
VALUE_KEY = "val"
KEY_KEY = "key"
INDEX_KEY = "index"
RETURN_TYPE_KEY = "return_type"
INVERTED_KEY = "inverted"
RANGE_KEY = "range"
COUNT_KEY = "count"
RANK_KEY = "rank"
CTX_KEY = "ctx"
MAP_ORDER_KEY = "map_order"
PERSIST_INDEX_KEY = "persist_index"


def _sorted(items: Any) -> Any:
    """The items in key order when the keys compare (as the official helper sends them)."""
    try:
        return dict(sorted(items.items()))
    except Exception:  # keys of mixed types, or not a dict: sent as given
        return items


def map_set_policy(
    bin_name: str, policy: dict[str, Any], ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Set the map's order (``map_order`` of the map policy); creates an empty map on a missing bin."""
    op: dict[str, Any] = {OP_KEY: OP_MAP_SET_POLICY, BIN_KEY: bin_name, POLICY_KEY: policy}
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_create(
    bin_name: str, map_order: int, persist_index: bool, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Create a map of the given order (or set the order of the bin's map)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_CREATE,
        BIN_KEY: bin_name,
        MAP_ORDER_KEY: map_order,
        PERSIST_INDEX_KEY: persist_index,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_put(
    bin_name: str,
    key: Any,
    value: Any,
    map_policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Put one entry. Returns the map's new size."""
    op: dict[str, Any] = {OP_KEY: OP_MAP_PUT, BIN_KEY: bin_name, KEY_KEY: key, VALUE_KEY: value}
    if map_policy is not None:
        op[POLICY_KEY] = map_policy
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_put_items(
    bin_name: str,
    item_dict: dict[Any, Any],
    map_policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Put the entries of a dict. Returns the map's new size."""
    op: dict[str, Any] = {OP_KEY: OP_MAP_PUT_ITEMS, BIN_KEY: bin_name}
    if map_policy is not None:
        op[POLICY_KEY] = map_policy
    op[VALUE_KEY] = _sorted(item_dict)
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_increment(
    bin_name: str,
    key: Any,
    amount: Any,
    map_policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Add ``amount`` to the entry's number (creating it). Returns the new number."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_INCREMENT,
        BIN_KEY: bin_name,
        KEY_KEY: key,
        VALUE_KEY: amount,
    }
    if map_policy is not None:
        op[POLICY_KEY] = map_policy
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_decrement(
    bin_name: str,
    key: Any,
    amount: Any,
    map_policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Subtract ``amount`` from the entry's number (creating it). Returns the new number."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_DECREMENT,
        BIN_KEY: bin_name,
        KEY_KEY: key,
        VALUE_KEY: amount,
    }
    if map_policy is not None:
        op[POLICY_KEY] = map_policy
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_size(bin_name: str, ctx: list[Any] | None = None) -> dict[str, Any]:
    """Return the number of entries."""
    op: dict[str, Any] = {OP_KEY: OP_MAP_SIZE, BIN_KEY: bin_name}
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_clear(bin_name: str, ctx: list[Any] | None = None) -> dict[str, Any]:
    """Remove every entry (the map stays, empty)."""
    op: dict[str, Any] = {OP_KEY: OP_MAP_CLEAR, BIN_KEY: bin_name}
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_key(
    bin_name: str, key: Any, return_type: int, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Remove the entry with the key."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_KEY,
        BIN_KEY: bin_name,
        KEY_KEY: key,
        RETURN_TYPE_KEY: return_type,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_key_list(
    bin_name: str,
    key_list: list[Any],
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries with the keys."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_KEY_LIST,
        BIN_KEY: bin_name,
        VALUE_KEY: key_list,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_key_range(
    bin_name: str,
    key_range_start: Any,
    key_range_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries with keys from start (inclusive) to end (exclusive)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_KEY_RANGE,
        BIN_KEY: bin_name,
        KEY_KEY: key_range_start,
        VALUE_KEY: key_range_end,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_value(
    bin_name: str,
    value: Any,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries with the value."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_VALUE,
        BIN_KEY: bin_name,
        VALUE_KEY: value,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_value_list(
    bin_name: str,
    value_list: list[Any],
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries with any of the values."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_VALUE_LIST,
        BIN_KEY: bin_name,
        VALUE_KEY: value_list,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_value_range(
    bin_name: str,
    value_start: Any,
    value_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries with values from start (inclusive) to end (exclusive)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_VALUE_RANGE,
        BIN_KEY: bin_name,
        VALUE_KEY: value_start,
        RANGE_KEY: value_end,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_index(
    bin_name: str, index: int, return_type: int, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Remove the entry at the index (key order)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_INDEX,
        BIN_KEY: bin_name,
        INDEX_KEY: index,
        RETURN_TYPE_KEY: return_type,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_index_range(
    bin_name: str,
    index_start: int,
    remove_amt: int,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``remove_amt`` entries from the index."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_INDEX_RANGE,
        BIN_KEY: bin_name,
        INDEX_KEY: index_start,
        VALUE_KEY: remove_amt,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_rank(
    bin_name: str, rank: int, return_type: int, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Remove the entry of the rank (value order)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_RANK,
        BIN_KEY: bin_name,
        INDEX_KEY: rank,
        RETURN_TYPE_KEY: return_type,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_rank_range(
    bin_name: str,
    rank_start: int,
    remove_amt: int,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``remove_amt`` entries from the rank."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_RANK_RANGE,
        BIN_KEY: bin_name,
        INDEX_KEY: rank_start,
        VALUE_KEY: remove_amt,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx is not None:
        op[CTX_KEY] = ctx
    return op


def map_get_by_key(
    bin_name: str, key: Any, return_type: int, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Get the entry with the key."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_KEY,
        BIN_KEY: bin_name,
        KEY_KEY: key,
        RETURN_TYPE_KEY: return_type,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_key_range(
    bin_name: str,
    key_range_start: Any,
    key_range_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries with keys from start (inclusive) to end (exclusive)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_KEY_RANGE,
        BIN_KEY: bin_name,
        KEY_KEY: key_range_start,
        RANGE_KEY: key_range_end,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_key_list(
    bin_name: str,
    key_list: list[Any],
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries with the keys."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_KEY_LIST,
        BIN_KEY: bin_name,
        VALUE_KEY: key_list,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_value(
    bin_name: str,
    value: Any,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries with the value."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_VALUE,
        BIN_KEY: bin_name,
        VALUE_KEY: value,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_value_range(
    bin_name: str,
    value_start: Any,
    value_end: Any,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries with values from start (inclusive) to end (exclusive)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_VALUE_RANGE,
        BIN_KEY: bin_name,
        VALUE_KEY: value_start,
        RANGE_KEY: value_end,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_value_list(
    bin_name: str,
    key_list: list[Any],
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries with any of the values."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_VALUE_LIST,
        BIN_KEY: bin_name,
        VALUE_KEY: key_list,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_index(
    bin_name: str, index: int, return_type: int, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Get the entry at the index (key order)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_INDEX,
        BIN_KEY: bin_name,
        INDEX_KEY: index,
        RETURN_TYPE_KEY: return_type,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_index_range(
    bin_name: str,
    index_start: int,
    get_amt: int,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get ``get_amt`` entries from the index."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_INDEX_RANGE,
        BIN_KEY: bin_name,
        INDEX_KEY: index_start,
        VALUE_KEY: get_amt,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_rank(
    bin_name: str, rank: int, return_type: int, ctx: list[Any] | None = None
) -> dict[str, Any]:
    """Get the entry of the rank (value order)."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_RANK,
        BIN_KEY: bin_name,
        INDEX_KEY: rank,
        RETURN_TYPE_KEY: return_type,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_rank_range(
    bin_name: str,
    rank_start: int,
    get_amt: int,
    return_type: int,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get ``get_amt`` entries from the rank."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_RANK_RANGE,
        BIN_KEY: bin_name,
        INDEX_KEY: rank_start,
        VALUE_KEY: get_amt,
        RETURN_TYPE_KEY: return_type,
        INVERTED_KEY: inverted,
    }
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries from the rank of ``value`` (where it would rank) plus ``offset``; ``count`` entries, or all up to the highest rank."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_VALUE_RANK_RANGE_REL,
        BIN_KEY: bin_name,
        VALUE_KEY: value,
        RANK_KEY: offset,
        RETURN_TYPE_KEY: return_type,
    }
    if count is not None:
        op[COUNT_KEY] = count
    if inverted:
        op[INVERTED_KEY] = True
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries from the rank of ``value`` (where it would rank) plus ``offset``; ``count`` entries, or all up to the highest rank."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_VALUE_RANK_RANGE_REL,
        BIN_KEY: bin_name,
        VALUE_KEY: value,
        RANK_KEY: offset,
        RETURN_TYPE_KEY: return_type,
    }
    if count is not None:
        op[COUNT_KEY] = count
    if inverted:
        op[INVERTED_KEY] = True
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_remove_by_key_index_range_relative(
    bin_name: str,
    key: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the entries from the index of ``key`` (where it would be) plus ``offset``; ``count`` entries, or all to the end."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_REMOVE_BY_KEY_INDEX_RANGE_REL,
        BIN_KEY: bin_name,
        KEY_KEY: key,
        INDEX_KEY: offset,
        RETURN_TYPE_KEY: return_type,
    }
    if count is not None:
        op[COUNT_KEY] = count
    if inverted:
        op[INVERTED_KEY] = True
    if ctx:
        op[CTX_KEY] = ctx
    return op


def map_get_by_key_index_range_relative(
    bin_name: str,
    value: Any,
    offset: int,
    return_type: int,
    count: int | None = None,
    inverted: bool = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Get the entries from the index of key ``value`` (where it would be) plus ``offset``; ``count`` entries, or all to the end."""
    op: dict[str, Any] = {
        OP_KEY: OP_MAP_GET_BY_KEY_INDEX_RANGE_REL,
        BIN_KEY: bin_name,
        KEY_KEY: value,
        INDEX_KEY: offset,
        RETURN_TYPE_KEY: return_type,
    }
    if count is not None:
        op[COUNT_KEY] = count
    if inverted:
        op[INVERTED_KEY] = True
    if ctx:
        op[CTX_KEY] = ctx
    return op
