"""The one msgpack reader: what the server and the client put inside list/map particles, CDT
results and compiled expressions, decoded into the shared vocabulary's wire values.

Two steps, because an expression's strings are names or typed values by position: ``decode``
gives a tree whose msgpack str/bin stay ``Raw`` (maps as ``MsgMap``, ext values as ``Ext``);
``wire`` turns such a tree into wire values (typed strings to str/bytes/GeoJSON/TypedBlob, maps
with a flags entry to KeyOrderedDict/FlaggedMap, ordered lists to OrderedList, wildcard and
infinity). ``unpack`` does both. Errors are ``MsgpackError`` (a ValueError); callers word them.
"""

from __future__ import annotations

import struct
from typing import Any

from .ordering import INFINITY, WILDCARD
from .values import (
    AS_BYTES_BLOB,
    AS_BYTES_GEOJSON,
    AS_BYTES_STRING,
    FlaggedMap,
    GeoJSON,
    KeyOrderedDict,
    OrderedList,
    TypedBlob,
)

MAX_DEPTH = 256
PRESERVE_ORDER = 8
"""The map flag a server puts on a key-value result (MAP_RETURN_KEY_VALUE): read as a flat
[k, v, k, v, ...] list when ``wire(..., key_value_lists=True)``, as the engine answers it."""


class MsgpackError(ValueError):
    """Malformed msgpack, or a value with no wire form; ``args[0]`` says what."""


class Raw(bytes):
    """A msgpack str or bin, undecoded: a name or a typed value, as its position says."""

    __slots__ = ()


class Ext:
    """A msgpack ext value (the server's map/list flags, wildcard, infinity)."""

    __slots__ = ("data", "type")

    def __init__(self, ext_type: int, data: bytes) -> None:
        self.type = ext_type
        self.data = data

    def __repr__(self) -> str:
        return f"Ext({self.type}, {self.data!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ext) and (other.type, other.data) == (self.type, self.data)

    def __hash__(self) -> int:
        return hash((self.type, self.data))


class MsgMap(list[tuple[Any, Any]]):
    """A decoded msgpack map: its entries in wire order (keys may be unhashable until wired)."""

    __slots__ = ()


_FIXED = {0xC0: None, 0xC2: False, 0xC3: True}
_INTS = {
    0xCC: (1, False), 0xCD: (2, False), 0xCE: (4, False), 0xCF: (8, False),
    0xD0: (1, True), 0xD1: (2, True), 0xD2: (4, True), 0xD3: (8, True),
}
_STR_LEN = {0xD9: 1, 0xDA: 2, 0xDB: 4, 0xC4: 1, 0xC5: 2, 0xC6: 4}
_FIXEXT = {0xD4: 1, 0xD5: 2, 0xD6: 4, 0xD7: 8, 0xD8: 16}
_EXT_LEN = {0xC7: 1, 0xC8: 2, 0xC9: 4}
ENDS_EARLY = "the msgpack ends early"


class _Reader:
    __slots__ = ("buf", "pos")

    def __init__(self, buf: bytes, pos: int = 0) -> None:
        self.buf = buf
        self.pos = pos

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.buf):
            raise MsgpackError(ENDS_EARLY)
        out = self.buf[self.pos : end]
        self.pos = end
        return out

    def uint(self, n: int) -> int:
        return int.from_bytes(self.take(n), "big")

    def item(self, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise MsgpackError("nested too deeply")
        b = self.uint(1)
        if b < 0x80:
            return b
        if b >= 0xE0:
            return b - 0x100
        if b <= 0x8F:
            return self.map(b & 0x0F, depth)
        if b <= 0x9F:
            return self.list(b & 0x0F, depth)
        if b <= 0xBF:
            return Raw(self.take(b & 0x1F))
        if b in _FIXED:
            return _FIXED[b]
        if b in _INTS:
            n, signed = _INTS[b]
            return int.from_bytes(self.take(n), "big", signed=signed)
        if b in _STR_LEN:
            return Raw(self.take(self.uint(_STR_LEN[b])))
        if b == 0xCA:
            return float(struct.unpack(">f", self.take(4))[0])
        if b == 0xCB:
            return float(struct.unpack(">d", self.take(8))[0])
        if b == 0xDC or b == 0xDD:
            return self.list(self.uint(2 if b == 0xDC else 4), depth)
        if b == 0xDE or b == 0xDF:
            return self.map(self.uint(2 if b == 0xDE else 4), depth)
        if b in _FIXEXT:
            ext_type = self.uint(1)
            return Ext(ext_type, self.take(_FIXEXT[b]))
        if b in _EXT_LEN:
            n = self.uint(_EXT_LEN[b])
            ext_type = self.uint(1)
            return Ext(ext_type, self.take(n))
        raise MsgpackError(f"msgpack byte {b:#x} is not a value")

    def list(self, n: int, depth: int) -> list[Any]:
        if n > len(self.buf) - self.pos:
            raise MsgpackError(ENDS_EARLY)
        return [self.item(depth + 1) for _ in range(n)]

    def map(self, n: int, depth: int) -> MsgMap:
        if 2 * n > len(self.buf) - self.pos:
            raise MsgpackError(ENDS_EARLY)
        return MsgMap([(self.item(depth + 1), self.item(depth + 1)) for _ in range(n)])


def decode(data: bytes) -> Any:
    """The one msgpack item ``data`` holds, strings kept Raw. MsgpackError when it is malformed
    (message "the msgpack ends early", ...) or has trailing bytes ("bytes after the value")."""
    reader = _Reader(bytes(data))
    item = reader.item(0)
    if reader.pos != len(reader.buf):
        raise MsgpackError("bytes after the value")
    return item


def decode_from(data: bytes, pos: int) -> tuple[Any, int]:
    """One msgpack item of ``data`` starting at ``pos``, and where it ends. MsgpackError."""
    reader = _Reader(data, pos)
    return reader.item(0), reader.pos


def unpack(data: bytes, key_value_lists: bool = False) -> Any:
    """The wire value ``data`` packs (``decode`` then ``wire``). MsgpackError."""
    return wire(decode(data), key_value_lists)


def wire(item: Any, key_value_lists: bool = False) -> Any:
    """A decoded tree as wire values. ``key_value_lists``: a map flagged PRESERVE_ORDER (a
    key-value result) becomes the flat list the engine answers. MsgpackError for what has no
    wire form (a map key that is not int, str or bytes; an unknown ext value)."""
    t = type(item)
    if t is Raw:
        return typed(item)
    if t is list:
        if item and type(item[0]) is Ext and not item[0].data:
            values = [wire(v, key_value_lists) for v in item[1:]]
            return OrderedList(values) if item[0].type & 1 else values
        return [wire(v, key_value_lists) for v in item]
    if t is MsgMap:
        flags = 0
        entries = item
        if item and type(item[0][0]) is Ext and not item[0][0].data:
            flags = item[0][0].type
            entries = MsgMap(item[1:])
        pairs = [(wire(k, key_value_lists), wire(v, key_value_lists)) for k, v in entries]
        if key_value_lists and flags & PRESERVE_ORDER:
            return [x for pair in pairs for x in pair]
        for k, _ in pairs:
            if type(k) not in (int, str, bytes):
                raise MsgpackError(
                    f"a map key of type {type(k).__name__} (map keys are int, str or bytes)"
                )
        if flags & 3 == 0:
            return dict(pairs)
        if flags & 3 == 1:
            return KeyOrderedDict(pairs)
        return FlaggedMap(pairs, flags & 3)
    if t is Ext:
        if item.type == 0xFF and item.data == b"\x00":
            return WILDCARD
        if item.type == 0xFF and item.data == b"\x01":
            return INFINITY
        raise MsgpackError(f"unexpected msgpack ext value (type {item.type})")
    return item


def typed(raw: bytes) -> Any:
    """A typed string (particle type byte, then the data) as a value. MsgpackError for an empty
    one, text that is not UTF-8 or GeoJSON that does not parse."""
    if not raw:
        raise MsgpackError("a value string without its particle type byte")
    kind = raw[0]
    data = bytes(raw[1:])
    if kind == AS_BYTES_STRING:
        try:
            return data.decode()
        except UnicodeDecodeError:
            raise MsgpackError("a string value that is not UTF-8") from None
    if kind == AS_BYTES_BLOB:
        return data
    if kind == AS_BYTES_GEOJSON:
        try:
            return GeoJSON(data.decode())
        except Exception:  # the value type's own error: not ours to pass on
            raise MsgpackError("invalid geojson value") from None
    return TypedBlob(kind, data)
