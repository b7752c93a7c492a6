"""Reading the server's msgpack: the inverse of ``values.pack`` for what an info command carries
(a secondary index's CDT context). Text, blobs and GeoJSON carry their particle type byte."""

from __future__ import annotations

import struct
from typing import Any

from ..values import AS_BYTES_BLOB, INFINITY, WILDCARD, GeoJSON, TypedBlob

_AS_BYTES_STRING = 3
_AS_BYTES_GEOJSON = 23


class MsgpackError(ValueError):
    """The bytes are not one complete msgpack value."""


def unpack(data: bytes) -> Any:
    """The one value ``data`` holds. Raises MsgpackError when malformed or followed by more."""
    try:
        value, end = _read(data, 0)
    except (IndexError, struct.error, UnicodeDecodeError) as err:
        raise MsgpackError(f"truncated or bad msgpack: {err}") from None
    if end != len(data):
        raise MsgpackError("bytes after the value")
    return value


def _typed(raw: bytes) -> Any:
    if not raw:
        return b""
    kind, body = raw[0], raw[1:]
    if kind == _AS_BYTES_STRING:
        return body.decode()
    if kind == AS_BYTES_BLOB:
        return bytes(body)
    if kind == _AS_BYTES_GEOJSON:
        return GeoJSON(body.decode())
    return TypedBlob(kind, bytes(body))


_FIXED = {0xCC: (1, ">B"), 0xCD: (2, ">H"), 0xCE: (4, ">I"), 0xCF: (8, ">Q"),
          0xD0: (1, ">b"), 0xD1: (2, ">h"), 0xD2: (4, ">i"), 0xD3: (8, ">q"),
          0xCA: (4, ">f"), 0xCB: (8, ">d")}
_LENGTHS = {0xD9: 1, 0xDA: 2, 0xDB: 4, 0xC4: 1, 0xC5: 2, 0xC6: 4,
            0xDC: 2, 0xDD: 4, 0xDE: 2, 0xDF: 4, 0xC7: 1, 0xC8: 2, 0xC9: 4}


def _read(buf: bytes, i: int) -> tuple[Any, int]:
    b = buf[i]
    i += 1
    if b < 0x80:
        return b, i
    if b >= 0xE0:
        return b - 0x100, i
    if 0xA0 <= b <= 0xBF:
        n = b & 0x1F
        return _typed(buf[i:i + n]), _need(buf, i + n)
    if 0x90 <= b <= 0x9F:
        return _items(buf, i, b & 0x0F)
    if 0x80 <= b <= 0x8F:
        return _pairs(buf, i, b & 0x0F)
    if b == 0xC0:
        return None, i
    if b in (0xC2, 0xC3):
        return b == 0xC3, i
    if b in _FIXED:
        size, fmt = _FIXED[b]
        return struct.unpack_from(fmt, buf, i)[0], _need(buf, i + size)
    if 0xD4 <= b <= 0xD8:  # fixext 1, 2, 4, 8, 16
        size = 1 << (b - 0xD4)
        kind = buf[i]
        end = _need(buf, i + 1 + size)
        if kind == 0xFF and size == 1:
            return (WILDCARD if buf[i + 1] == 0 else INFINITY), end
        return None, end  # a container's flags: read by _items / _pairs
    if b in _LENGTHS:
        width = _LENGTHS[b]
        n = int.from_bytes(_slice(buf, i, width), "big")
        i += width
        if b in (0xD9, 0xDA, 0xDB):
            return _typed(buf[i:i + n]), _need(buf, i + n)
        if b in (0xC4, 0xC5, 0xC6):
            return bytes(buf[i:i + n]), _need(buf, i + n)
        if b in (0xDC, 0xDD):
            return _items(buf, i, n)
        if b in (0xDE, 0xDF):
            return _pairs(buf, i, n)
        return None, _need(buf, i + 1 + n)  # ext
    raise MsgpackError(f"msgpack type byte {b:#x} is not used")


def _slice(buf: bytes, i: int, n: int) -> bytes:
    _need(buf, i + n)
    return buf[i:i + n]


def _need(buf: bytes, end: int) -> int:
    if end > len(buf):
        raise MsgpackError("truncated msgpack")
    return end


def _is_ext(buf: bytes, i: int) -> bool:
    return i < len(buf) and (0xD4 <= buf[i] <= 0xD8 or buf[i] in (0xC7, 0xC8, 0xC9))


def _items(buf: bytes, i: int, n: int) -> tuple[Any, int]:
    out = []
    if n and _is_ext(buf, i):  # an ordered list's flags
        _, i = _read(buf, i)
        n -= 1
    for _ in range(n):
        v, i = _read(buf, i)
        out.append(v)
    return out, i


def _pairs(buf: bytes, i: int, n: int) -> tuple[Any, int]:
    out: dict[Any, Any] = {}
    if n and _is_ext(buf, i):  # a map's flags, with a nil value
        _, i = _read(buf, i)
        _, i = _read(buf, i)
        n -= 1
    for _ in range(n):
        k, i = _read(buf, i)
        v, i = _read(buf, i)
        out[k] = v
    return out, i
