"""Values as the wire carries them: a particle type and its bytes.

Integers are 8 bytes big-endian (signed), floats IEEE-754 big-endian, text UTF-8, blobs as they
are (a client-specific blob keeps its subtype as its particle type), booleans one byte, GeoJSON a
flags byte and a cell count (2) with that many 8-byte S2 cells (a client sends none; a server
answers with the cover it stored), then the text; lists and maps msgpack (``values.pack``, maps
in the server's key order as the official client packs them, read back with ``msgpack_read``).
"""

from __future__ import annotations

import struct
from typing import Any

from ..msgpack_read import MsgpackError, unpack
from ..values import (
    GeoJSON,
    HyperLogLog,
    NullType,
    TypedBlob,
    Unpackable,
    pack,
)
from .proto import ProtocolError

NULL = 0
INTEGER = 1
FLOAT = 2
STRING = 3
BLOB = 4
BOOL = 17
HLL = 18
MAP = 19
LIST = 20
GEOJSON = 23
FLAT = frozenset({NULL, INTEGER, FLOAT, STRING, BLOB, BOOL})
"""The particle types that decode to an immutable value (None, int, float, str, bytes, bool)."""

_DOUBLE = struct.Struct(">d")


def pack_value(value: Any) -> bytes:
    """A list or map item in msgpack, as the official client packs it (maps in the server's key
    order, a key-ordered map led by its flags entry, an Expression as its bytes) and as the
    server answers a stored value (an ordered list or flagged map led by its flags ext entry).
    Raises ProtocolError for what has no msgpack form."""
    try:
        return _pack(value)
    except Unpackable as err:
        raise ProtocolError(f"no wire form for {type(err.args[0]).__name__} value") from None


def _header(n: int, fix: int, big: int) -> bytes:
    if n < 16:
        return bytes((fix | n,))
    if n < 0x10000:
        return bytes((big,)) + n.to_bytes(2, "big")
    return bytes((big + 1,)) + n.to_bytes(4, "big")


def _pack(value: Any) -> bytes:
    """A list, map or CDT value as a message carries it (``values.pack``'s message form)."""
    return pack(value, True, True)


def encode(value: Any) -> tuple[int, bytes]:
    """(particle type, bytes) of a wire value. Raises ProtocolError for an int outside 64 bits
    or a value with no wire form."""
    t = type(value)
    if value is None or t is NullType:
        return NULL, b""
    if t is bool:
        return BOOL, b"\x01" if value else b"\x00"
    if t is int:
        if value >= 1 << 63:  # unsigned 64-bit values travel as their two's complement
            value -= 1 << 64
        try:
            return INTEGER, value.to_bytes(8, "big", signed=True)
        except OverflowError:
            raise ProtocolError(f"integer {value} is outside 64 bits") from None
    if t is float:
        return FLOAT, _DOUBLE.pack(value)
    if t is str:
        return STRING, value.encode()
    if t is bytes or t is bytearray:
        return BLOB, bytes(value)
    if t is HyperLogLog:
        return HLL, bytes(value)
    if t is TypedBlob:
        return value.subtype, bytes(value.data)
    if t is GeoJSON:
        return GEOJSON, b"\x00\x00\x00" + str(value).encode()
    if isinstance(value, dict):
        return MAP, pack_value(value)
    if isinstance(value, (list, tuple)):
        return LIST, pack_value(value)
    raise ProtocolError(f"no wire form for {t.__name__} value")


def decode(ptype: int, data: bytes) -> Any:
    """The wire value of (particle type, bytes); an unknown type reads as a TypedBlob.
    Raises ProtocolError when the bytes do not fit the type."""
    if ptype == NULL:
        return None
    if ptype == INTEGER:
        if len(data) != 8:
            raise ProtocolError(f"an integer of {len(data)} bytes")
        return int.from_bytes(data, "big", signed=True)
    if ptype == FLOAT:
        if len(data) != 8:
            raise ProtocolError(f"a float of {len(data)} bytes")
        return float(_DOUBLE.unpack(data)[0])
    if ptype == STRING:
        try:
            return data.decode()
        except UnicodeDecodeError:
            raise ProtocolError("a string that is not UTF-8") from None
    if ptype == BLOB:
        return bytes(data)
    if ptype == BOOL:
        if len(data) != 1:
            raise ProtocolError(f"a bool of {len(data)} bytes")
        return data != b"\x00"
    if ptype in (MAP, LIST):
        try:
            return unpack(data, key_value_lists=True)
        except MsgpackError as err:
            raise ProtocolError(f"bad msgpack value: {err.args[0]}") from None
    if ptype == GEOJSON:
        return _geojson(data)
    return TypedBlob(ptype, bytes(data))


def _geojson(data: bytes) -> GeoJSON:
    if len(data) < 3:
        raise ProtocolError("a geojson value cut short")
    ncells = int.from_bytes(data[1:3], "big")
    start = 3 + 8 * ncells
    if start > len(data):
        raise ProtocolError("a geojson value cut short")
    try:
        return GeoJSON(data[start:].decode())
    except Exception:  # the value type's own error: not ours to pass on
        raise ProtocolError("invalid geojson text") from None
