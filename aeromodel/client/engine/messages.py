"""The messages the engine answers with, kept together (the server's result-code names)."""

from __future__ import annotations

from typing import Any

NOT_FOUND = "AEROSPIKE_ERR_RECORD_NOT_FOUND"
READ_TOUCH_PCT = "read_touch_ttl_percent must be -1, 0 or a percent from 1 to 100"
GENERATION = "AEROSPIKE_ERR_RECORD_GENERATION"
EXISTS = "AEROSPIKE_ERR_RECORD_EXISTS"
TOO_BIG = "AEROSPIKE_ERR_RECORD_TOO_BIG"
TTL_TOO_BIG = "AEROSPIKE_ERR_REQUEST_INVALID: ttl exceeds the namespace max-ttl"
NO_OPS = "AEROSPIKE_ERR_REQUEST_INVALID: a write needs at least one operation"
NO_BINS = "AEROSPIKE_ERR_REQUEST_INVALID: a read names no bins"
REPLACE_OPS = "AEROSPIKE_ERR_REQUEST_INVALID: a replace takes plain bin writes (and reads) only"
TTL_WITHOUT_NSUP = (
    "AEROSPIKE_ERR_FAIL_FORBIDDEN: a ttl needs nsup-period > 0 (or allow-ttl-without-nsup)"
)
DURABLE_DELETE = "AEROSPIKE_ERR_ENTERPRISE_ONLY: durable delete needs Enterprise Edition"
LINEARIZE = (
    "AEROSPIKE_ERR_ENTERPRISE_ONLY: linearized reads (read_mode_sc LINEARIZE) need strong "
    "consistency, an Enterprise Edition feature"
)
NAMESPACE_NOT_FOUND = "AEROSPIKE_ERR_NAMESPACE_NOT_FOUND"
FILTERED_OUT = "AEROSPIKE_FILTERED_OUT"


TOO_MANY_OPS = "AEROSPIKE_ERR_REQUEST_INVALID: a command carries at most 32768 operations"
TOO_MANY_BINS = "AEROSPIKE_ERR_REQUEST_INVALID: a record holds at most 32767 bins"


def invalid(what: str) -> str:
    return f"AEROSPIKE_ERR_REQUEST_INVALID: {what}"


def not_applicable(what: str) -> str:
    return f"AEROSPIKE_ERR_OP_NOT_APPLICABLE: {what}"


def bin_name_too_long(name: str) -> str:
    return f"AEROSPIKE_ERR_BIN_NAME: bin name {name!r} is longer than 15 bytes"


def unknown_op(op_type: int) -> str:
    return f"AEROSPIKE_ERR_REQUEST_INVALID: unknown operation type {op_type}"


def namespace_not_found(ns: str) -> str:
    return f"{NAMESPACE_NOT_FOUND}: namespace {ns!r} is not configured"


def bad_read_op(op_type: int) -> str:
    return f"AEROSPIKE_ERR_REQUEST_INVALID: operation type {op_type} in a read command"


def unsupported_op(op_type: int) -> str:
    return f"AEROSPIKE_ERR_UNSUPPORTED_FEATURE: operation type {op_type} is not supported"


def incompatible(what: str, current: Any, value: Any) -> str:
    return (
        f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: cannot {what} a {type(current).__name__} bin "
        f"with a {type(value).__name__}"
    )


def shown(value: Any, limit: int = 60) -> str:
    """A value in a message: its repr, cut short; never raises (an int too long for str() has
    none)."""
    try:
        text = repr(value)
    except Exception:
        text = f"<{type(value).__name__}>"
    return text if len(text) <= limit else text[: limit - 3] + "..."
