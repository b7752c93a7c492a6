"""List operations (``aerospike_helpers.operations.list_operations``), as ``operate()`` dicts.

Lists are unordered (insertion order) or ordered (``LIST_ORDERED``: kept in the value order).
``policy`` is a list policy ``{"list_order": LIST_*, "write_flags": LIST_WRITE_*}``; ``return_type``
is one of ``LIST_RETURN_*``; ``inverted=True`` selects every element the range does not; ``ctx``
is a list of ``cdt_ctx`` entries for an operation on a nested list. Negative indexes and ranks
count from the end; a range past the end is cut to the list.
"""

from __future__ import annotations

from typing import Any

from ...constants import (
    OP_LIST_APPEND,
    OP_LIST_APPEND_ITEMS,
    OP_LIST_CLEAR,
    OP_LIST_CREATE,
    OP_LIST_GET,
    OP_LIST_GET_BY_INDEX,
    OP_LIST_GET_BY_INDEX_RANGE,
    OP_LIST_GET_BY_RANK,
    OP_LIST_GET_BY_RANK_RANGE,
    OP_LIST_GET_BY_VALUE,
    OP_LIST_GET_BY_VALUE_LIST,
    OP_LIST_GET_BY_VALUE_RANGE,
    OP_LIST_GET_BY_VALUE_RANK_RANGE_REL,
    OP_LIST_GET_RANGE,
    OP_LIST_INCREMENT,
    OP_LIST_INSERT,
    OP_LIST_INSERT_ITEMS,
    OP_LIST_POP,
    OP_LIST_POP_RANGE,
    OP_LIST_REMOVE,
    OP_LIST_REMOVE_BY_INDEX,
    OP_LIST_REMOVE_BY_INDEX_RANGE,
    OP_LIST_REMOVE_BY_RANK,
    OP_LIST_REMOVE_BY_RANK_RANGE,
    OP_LIST_REMOVE_BY_VALUE,
    OP_LIST_REMOVE_BY_VALUE_LIST,
    OP_LIST_REMOVE_BY_VALUE_RANGE,
    OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL,
    OP_LIST_REMOVE_RANGE,
    OP_LIST_SET,
    OP_LIST_SET_ORDER,
    OP_LIST_SIZE,
    OP_LIST_SORT,
    OP_LIST_TRIM,
)

OP_KEY = "op"
BIN_KEY = "bin"
VALUE_KEY = "val"
INDEX_KEY = "index"
LIST_POLICY_KEY = "list_policy"
INVERTED_KEY = "inverted"
RETURN_TYPE_KEY = "return_type"
COUNT_KEY = "count"
RANK_KEY = "rank"
VALUE_BEGIN_KEY = "value_begin"
VALUE_END_KEY = "value_end"
VALUE_LIST_KEY = "value_list"
LIST_ORDER_KEY = "list_order"
SORT_FLAGS_KEY = "sort_flags"
CTX_KEY = "ctx"
PAD_KEY = "pad"
PERSIST_INDEX_KEY = "persist_index"



def list_create(
    bin_name: str,
    list_order: int,
    pad: bool,
    persist_index: bool,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Create an empty list (with its order) where the context points, or set the bin's order."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_CREATE, BIN_KEY: bin_name, LIST_ORDER_KEY: list_order, PAD_KEY: pad, PERSIST_INDEX_KEY: persist_index}
    if ctx is not None:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_append(
    bin_name: str,
    value: Any,
    policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Append a value (into its place on an ordered list); answers the new size."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_APPEND, BIN_KEY: bin_name, VALUE_KEY: value}
    if policy:
        op_dict[LIST_POLICY_KEY] = policy
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_append_items(
    bin_name: str,
    values: Any,
    policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Append several values; answers the new size."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_APPEND_ITEMS, BIN_KEY: bin_name, VALUE_KEY: values}
    if policy:
        op_dict[LIST_POLICY_KEY] = policy
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_insert(
    bin_name: str,
    index: Any,
    value: Any,
    policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Insert a value at ``index`` (past the end pads with None); answers the new size."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_INSERT, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: value}
    if policy:
        op_dict[LIST_POLICY_KEY] = policy
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_insert_items(
    bin_name: str,
    index: Any,
    values: Any,
    policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Insert several values at ``index``; answers the new size."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_INSERT_ITEMS, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: values}
    if policy:
        op_dict[LIST_POLICY_KEY] = policy
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_increment(
    bin_name: str,
    index: Any,
    value: Any,
    policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Add ``value`` to the number at ``index`` (creating it past the end); answers the new number."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_INCREMENT, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: value}
    if policy:
        op_dict[LIST_POLICY_KEY] = policy
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_pop(
    bin_name: str,
    index: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the element at ``index`` and answer it."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_POP, BIN_KEY: bin_name, INDEX_KEY: index}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_pop_range(
    bin_name: str,
    index: Any,
    count: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``count`` elements from ``index`` and answer them."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_POP_RANGE, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: count}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove(
    bin_name: str,
    index: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the element at ``index``; answers 1."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE, BIN_KEY: bin_name, INDEX_KEY: index}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_range(
    bin_name: str,
    index: Any,
    count: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``count`` elements from ``index``; answers how many were removed."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_RANGE, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: count}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_clear(
    bin_name: str,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove every element (the list stays, empty)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_CLEAR, BIN_KEY: bin_name}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_set(
    bin_name: str,
    index: Any,
    value: Any,
    policy: dict[str, Any] | None = None,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Set the element at ``index`` (past the end pads with None)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_SET, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: value}
    if policy:
        op_dict[LIST_POLICY_KEY] = policy
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get(
    bin_name: str,
    index: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the element at ``index``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET, BIN_KEY: bin_name, INDEX_KEY: index}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_range(
    bin_name: str,
    index: Any,
    count: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer ``count`` elements from ``index``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_RANGE, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: count}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_trim(
    bin_name: str,
    index: Any,
    count: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Keep only ``count`` elements from ``index``; answers how many were removed."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_TRIM, BIN_KEY: bin_name, INDEX_KEY: index, VALUE_KEY: count}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_size(
    bin_name: str,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the number of elements."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_SIZE, BIN_KEY: bin_name}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_index(
    bin_name: str,
    index: Any,
    return_type: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the element at ``index`` as ``return_type`` says."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_INDEX, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, INDEX_KEY: index}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_index_range(
    bin_name: str,
    index: Any,
    return_type: Any,
    count: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer ``count`` elements from ``index`` (all to the end without a count)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_INDEX_RANGE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, INDEX_KEY: index, INVERTED_KEY: inverted}
    if count is not None:
        op_dict[COUNT_KEY] = count
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_rank(
    bin_name: str,
    rank: Any,
    return_type: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the element of rank ``rank`` (0 the smallest, -1 the largest)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_RANK, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, RANK_KEY: rank}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_rank_range(
    bin_name: str,
    rank: Any,
    return_type: Any,
    count: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer ``count`` elements from rank ``rank`` (all to the largest without a count)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_RANK_RANGE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, RANK_KEY: rank, INVERTED_KEY: inverted}
    if count is not None:
        op_dict[COUNT_KEY] = count
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_value(
    bin_name: str,
    value: Any,
    return_type: Any,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the elements equal to ``value``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_VALUE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, VALUE_KEY: value, INVERTED_KEY: inverted}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_value_list(
    bin_name: str,
    value_list: Any,
    return_type: Any,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the elements equal to one of ``value_list``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_VALUE_LIST, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, VALUE_LIST_KEY: value_list, INVERTED_KEY: inverted}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_value_range(
    bin_name: str,
    return_type: Any,
    value_begin: Any,
    value_end: Any,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer the elements in ``[value_begin, value_end)`` (no end: up to the largest)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_VALUE_RANGE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, INVERTED_KEY: inverted}
    if value_begin is not None:
        op_dict[VALUE_BEGIN_KEY] = value_begin
    if value_end is not None:
        op_dict[VALUE_END_KEY] = value_end
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_index(
    bin_name: str,
    index: Any,
    return_type: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the element at ``index``; answers it as ``return_type`` says."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_INDEX, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, INDEX_KEY: index}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_index_range(
    bin_name: str,
    index: Any,
    return_type: Any,
    count: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``count`` elements from ``index`` (all to the end without a count)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_INDEX_RANGE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, INDEX_KEY: index, INVERTED_KEY: inverted}
    if count is not None:
        op_dict[COUNT_KEY] = count
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_rank(
    bin_name: str,
    rank: Any,
    return_type: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the element of rank ``rank``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_RANK, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, RANK_KEY: rank}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_rank_range(
    bin_name: str,
    rank: Any,
    return_type: Any,
    count: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``count`` elements from rank ``rank``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_RANK_RANGE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, RANK_KEY: rank, INVERTED_KEY: inverted}
    if count is not None:
        op_dict[COUNT_KEY] = count
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_value(
    bin_name: str,
    value: Any,
    return_type: Any,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the elements equal to ``value``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_VALUE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, VALUE_KEY: value, INVERTED_KEY: inverted}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_value_list(
    bin_name: str,
    value_list: Any,
    return_type: Any,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the elements equal to one of ``value_list``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_VALUE_LIST, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, VALUE_LIST_KEY: value_list, INVERTED_KEY: inverted}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_value_range(
    bin_name: str,
    return_type: Any,
    value_begin: Any = None,
    value_end: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove the elements in ``[value_begin, value_end)``."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_VALUE_RANGE, BIN_KEY: bin_name, RETURN_TYPE_KEY: return_type, INVERTED_KEY: inverted}
    if value_begin is not None:
        op_dict[VALUE_BEGIN_KEY] = value_begin
    if value_end is not None:
        op_dict[VALUE_END_KEY] = value_end
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_set_order(
    bin_name: str,
    list_order: Any,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Make the list ordered or unordered (``LIST_ORDERED`` sorts it)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_SET_ORDER, BIN_KEY: bin_name, LIST_ORDER_KEY: list_order}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_sort(
    bin_name: str,
    sort_flags: int = 0,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Sort the list (``LIST_SORT_DROP_DUPLICATES`` also drops repeated values)."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_SORT, BIN_KEY: bin_name, SORT_FLAGS_KEY: sort_flags}
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_get_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: Any,
    return_type: Any,
    count: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Answer ``count`` elements from rank ``offset`` relative to where ``value`` would rank."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_GET_BY_VALUE_RANK_RANGE_REL, BIN_KEY: bin_name, VALUE_KEY: value, RANK_KEY: offset, RETURN_TYPE_KEY: return_type, INVERTED_KEY: inverted}
    if count is not None:
        op_dict[COUNT_KEY] = count
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict


def list_remove_by_value_rank_range_relative(
    bin_name: str,
    value: Any,
    offset: Any,
    return_type: Any,
    count: Any = None,
    inverted: Any = False,
    ctx: list[Any] | None = None,
) -> dict[str, Any]:
    """Remove ``count`` elements from rank ``offset`` relative to where ``value`` would rank."""
    op_dict: dict[str, Any] = {OP_KEY: OP_LIST_REMOVE_BY_VALUE_RANK_RANGE_REL, BIN_KEY: bin_name, VALUE_KEY: value, RANK_KEY: offset, RETURN_TYPE_KEY: return_type, INVERTED_KEY: inverted}
    if count is not None:
        op_dict[COUNT_KEY] = count
    if ctx:
        op_dict[CTX_KEY] = ctx
    return op_dict
