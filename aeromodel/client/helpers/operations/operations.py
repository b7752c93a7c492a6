"""Scalar bin operations, as the dictionaries ``operate()`` takes."""

from __future__ import annotations

from typing import Any

from ...constants import (
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
    """Reset the record's ttl (the meta ttl of the call, or ``ttl`` when given)."""
    op: dict[str, Any] = {"op": OPERATOR_TOUCH}
    if ttl is not None:
        op["val"] = ttl
    return op


def delete() -> dict[str, Any]:
    """Delete the record (later operations of the same call may write it again)."""
    return {"op": OPERATOR_DELETE}
