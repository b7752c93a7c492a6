"""Resumable page cursors: a query's partition status (``get_partitions_status()``) packed into
a short URL-safe string, bound to the query it came from by a fingerprint."""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
import zlib
from typing import Any

from ..errors import QueryError

N_PARTITIONS = 4096
_VERSION = 1
_HEAD = struct.Struct("<BB8sH")
_ENTRY = struct.Struct("<H20sq")


def fingerprint(*parts: Any) -> bytes:
    """8 bytes naming a query (namespace, set, predicate, filter, bins)."""
    return hashlib.sha1(repr(parts).encode()).digest()[:8]


def encode(status: dict[Any, Any], fp: bytes) -> str:
    """The cursor of a partition status."""
    retry = bytearray(N_PARTITIONS // 8)
    entries = []
    for pid in range(N_PARTITIONS):
        entry = status.get(pid)
        if entry is None:
            continue
        _, init, again, digest, bval = entry
        if again:
            retry[pid >> 3] |= 1 << (pid & 7)
        if init:
            bval = bval if isinstance(bval, int) and -(2**63) <= bval < 2**63 else 0
            entries.append(_ENTRY.pack(pid, bytes(digest), bval))
    flags = (1 if status.get("done") else 0) | (2 if status.get("retry") else 0)
    raw = _HEAD.pack(_VERSION, flags, fp, len(entries)) + bytes(retry) + b"".join(entries)
    return base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def decode(token: str, fp: bytes) -> dict[Any, Any]:
    """The partition status a cursor holds. Raises QueryError for a cursor that is malformed or
    belongs to another query."""
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        version, flags, their_fp, n = _HEAD.unpack_from(raw)
        if version != _VERSION:
            raise ValueError(version)
        retry = raw[_HEAD.size: _HEAD.size + N_PARTITIONS // 8]
        status: dict[Any, Any] = {"done": bool(flags & 1), "retry": bool(flags & 2)}
        for pid in range(N_PARTITIONS):
            again = bool(retry[pid >> 3] & (1 << (pid & 7)))
            status[pid] = (pid, False, again, bytearray(20), 0)
        base = _HEAD.size + N_PARTITIONS // 8
        for i in range(n):
            pid, digest, bval = _ENTRY.unpack_from(raw, base + i * _ENTRY.size)
            status[pid] = (pid, True, status[pid][2], bytearray(digest), bval)
    except (ValueError, struct.error, zlib.error, binascii.Error, IndexError, TypeError):
        raise QueryError(QueryError.code, "malformed query cursor") from None
    if their_fp != fp:
        raise QueryError(QueryError.code, "this cursor belongs to another query")
    return status
