"""CDT contexts (``aerospike_helpers.cdt_ctx``): where in a nested list or map an operation works.

A context is a list of these entries, outermost first, passed as ``ctx=`` to a list or map
operation. The ``*_create`` entries create the element when it is missing (a modify only): a list
at an index (``pad=True`` fills the gap with None, unordered lists only) or a map at a key. The
``all_children``, ``and_filter`` and ``map_keys_in`` entries are for path expressions only.
"""

from __future__ import annotations

from typing import Any

from ..constants import (
    _AS_CDT_CTX_AND,
    _AS_CDT_CTX_EXP,
    _AS_CDT_CTX_MAP_KEYS_IN,
    _CDT_CTX_FILTER_EXPR_KEY,
    CDT_CTX_LIST_INDEX,
    CDT_CTX_LIST_INDEX_CREATE,
    CDT_CTX_LIST_RANK,
    CDT_CTX_LIST_VALUE,
    CDT_CTX_MAP_INDEX,
    CDT_CTX_MAP_KEY,
    CDT_CTX_MAP_KEY_CREATE,
    CDT_CTX_MAP_RANK,
    CDT_CTX_MAP_VALUE,
    INDEX_GEO2DSPHERE,
    INDEX_NUMERIC,
    INDEX_STRING,
    INDEX_TYPE_DEFAULT,
    INDEX_TYPE_LIST,
    INDEX_TYPE_MAPKEYS,
    INDEX_TYPE_MAPVALUES,
)

CDT_CTX_ORDER_KEY = "order_key"
CDT_CTX_PAD_KEY = "pad_key"


class _cdt_ctx:
    """One context entry: its type (``id``), its index, rank, key or value, and create options."""

    def __init__(
        self, *, id: Any = None, value: Any = None, extra_args: dict[str, Any] | None = None
    ) -> None:
        self.id = id
        self.value = value
        self.extra_args = extra_args

    def __repr__(self) -> str:
        return f"_cdt_ctx(id={self.id!r}, value={self.value!r}, extra_args={self.extra_args!r})"


def cdt_ctx_list_index(index: int) -> _cdt_ctx:
    """The list element at ``index`` (negative: from the end)."""
    return _cdt_ctx(id=CDT_CTX_LIST_INDEX, value=index)


def cdt_ctx_list_rank(rank: int) -> _cdt_ctx:
    """The list element of rank ``rank`` (0 the smallest, -1 the largest)."""
    return _cdt_ctx(id=CDT_CTX_LIST_RANK, value=rank)


def cdt_ctx_list_value(value: Any) -> _cdt_ctx:
    """The (first) list element equal to ``value``."""
    return _cdt_ctx(id=CDT_CTX_LIST_VALUE, value=value)


def cdt_ctx_list_index_create(index: int, order: int = 0, pad: bool = False) -> _cdt_ctx:
    """The list element at ``index``, created as a list of ``order`` when missing."""
    return _cdt_ctx(
        id=CDT_CTX_LIST_INDEX_CREATE,
        value=index,
        extra_args={CDT_CTX_ORDER_KEY: order, CDT_CTX_PAD_KEY: pad},
    )


def cdt_ctx_map_index(index: int) -> _cdt_ctx:
    """The map entry at ``index`` in key order."""
    return _cdt_ctx(id=CDT_CTX_MAP_INDEX, value=index)


def cdt_ctx_map_rank(rank: int) -> _cdt_ctx:
    """The map entry of value rank ``rank``."""
    return _cdt_ctx(id=CDT_CTX_MAP_RANK, value=rank)


def cdt_ctx_map_key(key: Any) -> _cdt_ctx:
    """The map entry with key ``key``."""
    return _cdt_ctx(id=CDT_CTX_MAP_KEY, value=key)


def cdt_ctx_map_value(value: Any) -> _cdt_ctx:
    """The (first, in key order) map entry whose value is ``value``."""
    return _cdt_ctx(id=CDT_CTX_MAP_VALUE, value=value)


def cdt_ctx_map_key_create(key: Any, order: int = 0) -> _cdt_ctx:
    """The map entry with key ``key``, created as a map of ``order`` when missing."""
    return _cdt_ctx(id=CDT_CTX_MAP_KEY_CREATE, value=key, extra_args={CDT_CTX_ORDER_KEY: order})


# -- path expressions (SelectByPath, ModifyByPath, select_by_path, modify_by_path) -------------


def cdt_ctx_all_children() -> _cdt_ctx:
    """Every child of the current level (path expressions only)."""
    return _cdt_ctx(id=_AS_CDT_CTX_EXP)


def cdt_ctx_all_children_with_filter(expression: Any) -> _cdt_ctx:
    """The children of the current level for which ``expression`` (boolean, reading the
    ``LoopVar*`` variables; compiled or not) is true (path expressions only)."""
    return _cdt_ctx(id=_AS_CDT_CTX_EXP, extra_args={_CDT_CTX_FILTER_EXPR_KEY: expression})


def cdt_ctx_and_filter(expression: Any) -> _cdt_ctx:
    """A boolean filter and-ed with the entry before it (not an all-children entry, not first)."""
    return _cdt_ctx(
        id=_AS_CDT_CTX_AND | _AS_CDT_CTX_EXP, extra_args={_CDT_CTX_FILTER_EXPR_KEY: expression}
    )


def cdt_ctx_map_keys_in(keys: list[Any]) -> _cdt_ctx:
    """The map entries whose key is one of ``keys`` (path expressions only)."""
    return _cdt_ctx(id=_AS_CDT_CTX_MAP_KEYS_IN, value=keys)


def index_type_string(index_type: int) -> str:
    """The info-command word of an index type (``default``, ``list``, ``mapkeys``, ...)."""
    return {
        INDEX_TYPE_DEFAULT: "default",
        INDEX_TYPE_LIST: "list",
        INDEX_TYPE_MAPKEYS: "mapkeys",
        INDEX_TYPE_MAPVALUES: "mapvalues",
    }.get(index_type, "invalid")


def index_datatype_string(index_datatype: int) -> str:
    """The info-command word of an index data type (``numeric``, ``string``, ``geo2dsphere``)."""
    return {
        INDEX_NUMERIC: "numeric",
        INDEX_STRING: "string",
        INDEX_GEO2DSPHERE: "geo2dsphere",
    }.get(index_datatype, "invalid")
