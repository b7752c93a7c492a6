"""Message field types (the C client's AS_FIELD_*, the server's AS_MSG_FIELD_TYPE_*) and the
small encodings some fields use."""

from __future__ import annotations

from typing import Any

from . import particles
from .proto import ProtocolError

NAMESPACE = 0
SET = 1
KEY = 2
RECORD_VERSION = 3
DIGEST = 4
TXN_ID = 5
TXN_DEADLINE = 6
TASK_ID = 7
SOCKET_TIMEOUT = 9
RPS = 10
PID_ARRAY = 11
DIGEST_ARRAY = 12
MAX_RECORDS = 13
BVAL_ARRAY = 15
INDEX_NAME = 21
INDEX_RANGE = 22
INDEX_CONTEXT = 23
INDEX_EXPRESSION = 24
INDEX_TYPE = 26
UDF_PACKAGE_NAME = 30
UDF_FUNCTION = 31
UDF_ARGLIST = 32
UDF_OP = 33
QUERY_BINS = 40
BATCH_INDEX = 41
FILTER = 43
ERROR_DETAILS = 45


def key(user_key: Any) -> bytes:
    """A user key field's data: its particle type, then the value (int, str or bytes).
    Raises ProtocolError for another type."""
    ptype, data = particles.encode(user_key)
    if ptype not in (particles.INTEGER, particles.STRING, particles.BLOB):
        raise ProtocolError(f"a user key of type {type(user_key).__name__}")
    return bytes((ptype,)) + data


def user_key(data: bytes) -> Any:
    """The user key a key field holds. Raises ProtocolError."""
    if not data:
        raise ProtocolError("an empty key field")
    return particles.decode(data[0], data[1:])


def text(data: bytes, what: str) -> str:
    """A text field (namespace, set, index name). Raises ProtocolError if not UTF-8."""
    try:
        return data.decode()
    except UnicodeDecodeError:
        raise ProtocolError(f"the {what} is not UTF-8") from None


def uint(data: bytes, size: int, what: str) -> int:
    """A big-endian unsigned field of ``size`` bytes. Raises ProtocolError on another size."""
    if len(data) != size:
        raise ProtocolError(f"the {what} field has {len(data)} bytes (expected {size})")
    return int.from_bytes(data, "big")
