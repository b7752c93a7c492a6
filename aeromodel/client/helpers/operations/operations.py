"""Scalar bin operations, as the dictionaries ``operate()`` takes."""

from __future__ import annotations

import warnings
from typing import Any

from ...constants import (
    _AS_OPERATOR_CDT_MODIFY,
    _AS_OPERATOR_CDT_READ,
    _CDT_APPLY_MOD_EXP_KEY,
    _CDT_FLAGS_KEY,
    OPERATOR_APPEND,
    OPERATOR_DELETE,
    OPERATOR_INCR,
    OPERATOR_PREPEND,
    OPERATOR_READ,
    OPERATOR_TOUCH,
    OPERATOR_WRITE,
)


def read(bin_name: str) -> dict[str, Any]:
    """Read one bin."""
    return {"op": OPERATOR_READ, "bin": bin_name}


def write(bin_name: str, write_item: Any) -> dict[str, Any]:
    """Write a value to a bin (None or aerospike.null() removes the bin)."""
    return {"op": OPERATOR_WRITE, "bin": bin_name, "val": write_item}


def append(bin_name: str, append_item: Any) -> dict[str, Any]:
    """Append a str (or bytes) to a bin."""
    return {"op": OPERATOR_APPEND, "bin": bin_name, "val": append_item}


def prepend(bin_name: str, prepend_item: Any) -> dict[str, Any]:
    """Prepend a str (or bytes) to a bin."""
    return {"op": OPERATOR_PREPEND, "bin": bin_name, "val": prepend_item}


def increment(bin_name: str, amount: int | float) -> dict[str, Any]:
    """Add an int or float to a bin."""
    return {"op": OPERATOR_INCR, "bin": bin_name, "val": amount}


def touch(ttl: int | None = None) -> dict[str, Any]:
    """Reset the record's ttl to the call's meta ttl (a ``ttl`` here is deprecated, as officially)."""
    op: dict[str, Any] = {"op": OPERATOR_TOUCH}
    if ttl:
        warnings.warn(
            "touch(ttl) is deprecated: set the ttl in the operate() meta",
            DeprecationWarning,
            stacklevel=2,
        )
        op["val"] = ttl
    return op


def delete() -> dict[str, Any]:
    """Delete the record (later operations of the same call may write it again)."""
    return {"op": OPERATOR_DELETE}


def select_by_path(bin_name: str, ctx: list[Any], flags: int) -> dict[str, Any]:
    """Read the elements of a list or map bin that ``ctx`` selects (``EXP_PATH_SELECT_*``)."""
    return {"op": _AS_OPERATOR_CDT_READ, "bin": bin_name, "ctx": ctx, _CDT_FLAGS_KEY: flags}


def modify_by_path(bin_name: str, ctx: list[Any], expr: Any, flags: int) -> dict[str, Any]:
    """Replace every element ``ctx`` selects with ``expr`` evaluated on it (``RemoveResult()``
    removes it; ``EXP_PATH_MODIFY_*`` flags); the bin is written back."""
    return {
        "op": _AS_OPERATOR_CDT_MODIFY,
        "bin": bin_name,
        "ctx": ctx,
        _CDT_APPLY_MOD_EXP_KEY: expr,
        _CDT_FLAGS_KEY: flags,
    }
