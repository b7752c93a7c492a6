"""The server's 64-bit hash of a string or blob index value (``cf_wyhash64``: wyhash, final
version 3, with the server's seed): the ``bval`` a query answers for a record it found through a
string or blob index, as a signed int64 (the server's index key for such a value)."""

from __future__ import annotations

_MASK = (1 << 64) - 1
_S0 = 0xA0761D6478BD642F
_S1 = 0xE7037ED1A0B428DB
_S2 = 0x8EBC6AF09C88C6E3
_S3 = 0x589965CC75374CC3
_SEED = 0x29FBB14CC886F ^ _S0


def _mix(a: int, b: int) -> int:
    """The 128-bit product of two 64-bit words, its halves xored."""
    r = a * b
    return (r & _MASK) ^ (r >> 64)


def _u64(p: bytes, i: int) -> int:
    return int.from_bytes(p[i : i + 8], "little")


def _u32(p: bytes, i: int) -> int:
    return int.from_bytes(p[i : i + 4], "little")


def wyhash64(data: bytes) -> int:
    """The unsigned 64-bit hash of ``data``."""
    n = len(data)
    seed = _SEED
    if n <= 16:
        if n >= 4:
            q = (n >> 3) << 2
            a = (_u32(data, 0) << 32) | _u32(data, q)
            b = (_u32(data, n - 4) << 32) | _u32(data, n - 4 - q)
        elif n > 0:
            a = (data[0] << 16) | (data[n >> 1] << 8) | data[n - 1]
            b = 0
        else:
            a = b = 0
    else:
        left, at = n, 0
        if left > 48:
            see1 = see2 = seed
            while left > 48:
                seed = _mix(_u64(data, at) ^ _S1, _u64(data, at + 8) ^ seed)
                see1 = _mix(_u64(data, at + 16) ^ _S2, _u64(data, at + 24) ^ see1)
                see2 = _mix(_u64(data, at + 32) ^ _S3, _u64(data, at + 40) ^ see2)
                at += 48
                left -= 48
            seed ^= see1 ^ see2
        while left > 16:
            seed = _mix(_u64(data, at) ^ _S1, _u64(data, at + 8) ^ seed)
            at += 16
            left -= 16
        a = _u64(data, at + left - 16)
        b = _u64(data, at + left - 8)
    return _mix(_S1 ^ n, _mix(a ^ _S1, b ^ seed))


def index_bval(value: bytes) -> int:
    """The server's index key of a string or blob value: its hash as a signed int64."""
    h = wyhash64(value)
    return h - (1 << 64) if h >> 63 else h
