# The record digest: RIPEMD-160(set name + particle type byte + key bytes), as every client computes it.
# Hot path of every get/put: one str concat + encode, then a copy of a pre-built hasher.
"""Key digests and partition ids, computed as the official Aerospike clients do."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable
from typing import Any

from aeromodel.client import _ripemd160

__all__ = ["N_PARTITIONS", "compute_digest", "partition_id", "ripemd160"]

N_PARTITIONS = 4096
_PARTITION_MASK = N_PARTITIONS - 1

# Particle types prefixed to the key bytes (as_bytes_type in the C client, ParticleType in Java);
# kept as str so the set name, type and str key are encoded in one go (ASCII: one byte each).
_INTEGER = "\x01"
_STRING = "\x03"
_BLOB = "\x04"

_pack_int64 = struct.Struct(">q").pack


def _openssl_hasher() -> Callable[[], Any] | None:
    """A maker of fresh hashlib RIPEMD-160 hashers, or None when OpenSSL lacks the algorithm.

    Copying a pre-built hasher skips OpenSSL 3's per-call algorithm fetch: ~2x faster than new().
    """
    try:
        return hashlib.new("ripemd160").copy
    except ValueError:  # OpenSSL 3 without the legacy provider
        return None


def _bind_ripemd160(new_hasher: Callable[[], Any] | None) -> Callable[[bytes], bytes]:
    """RIPEMD-160 over ``new_hasher``'s hashers, or the pure-Python one when it is None."""
    if new_hasher is None:
        return _ripemd160.ripemd160

    def ripemd160(data: bytes) -> bytes:
        """Return the 20-byte RIPEMD-160 digest of ``data``."""
        h = new_hasher()
        h.update(data)
        return h.digest()  # type: ignore[no-any-return]

    return ripemd160


# The one choice between OpenSSL and the fallback, made at import. compute_digest and the fast
# path of keys.parse_key hash with _new_hasher when it is set, else call ripemd160 (the fallback).
_new_hasher = _openssl_hasher()
ripemd160: Callable[[bytes], bytes] = _bind_ripemd160(_new_hasher)


def compute_digest(set_name: str | None, key: str | int | bytes | bytearray) -> bytes:
    """Return the 20-byte digest of ``key`` in ``set_name`` (``None`` hashes as the empty set).

    str keys hash as UTF-8 (type 3), ints as 8-byte big-endian two's complement (type 1),
    bytes and bytearray as raw bytes (type 4). The namespace is not part of the digest.
    Raises TypeError for another key type (bool included) or a set name that is not a str,
    ValueError for an int outside the signed 64-bit range, UnicodeEncodeError (a ValueError)
    for a str holding lone surrogates.
    """
    if set_name is None:
        set_name = ""
    if type(key) is str:
        data = (set_name + _STRING + key).encode()
    elif type(key) is int:
        try:
            packed = _pack_int64(key)
        except struct.error:
            raise ValueError(f"integer key out of the signed 64-bit range: {key}") from None
        data = (set_name + _INTEGER).encode() + packed
    elif type(key) is bytes or type(key) is bytearray:
        data = (set_name + _BLOB).encode() + key
    else:
        return compute_digest(set_name, _exact_key(key))
    if _new_hasher is None:
        return ripemd160(data)
    h = _new_hasher()  # inlined ripemd160(): this runs on every call
    h.update(data)
    return h.digest()  # type: ignore[no-any-return]


def _exact_key(key: object) -> str | int | bytes:
    """Reduce a subclass of a key type (an IntEnum, a str subclass) to its exact base type."""
    if isinstance(key, bool):
        raise TypeError("a bool is not a valid key")
    if isinstance(key, str):
        return str.__str__(key)
    if isinstance(key, int):
        return int.__index__(key)
    if isinstance(key, (bytes, bytearray)):
        return bytes(memoryview(key))
    raise TypeError(f"key must be str, int, bytes or bytearray, not {type(key).__name__}")


def partition_id(digest: bytes | bytearray) -> int:
    """Return the partition (0..4095) owning ``digest``: its first bytes, little-endian, & 4095.

    Only the first two bytes matter; the caller checks the digest is 20 bytes long.
    """
    return (digest[0] | (digest[1] << 8)) & _PARTITION_MASK
