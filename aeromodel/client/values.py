"""Value types both sides share: the client codec makes them, the engine stores and answers them.

Null, GeoJSON, key-ordered maps, blobs with a subtype, and the markers the engine puts on containers
whose contents are all immutable (a reader copies those with one C call). The wildcard and infinity
values live with the value order, in ``ordering``.
"""

from __future__ import annotations

import json
import struct
from typing import Any

from . import exception
from .ordering import INFINITY, WILDCARD

# Blob particle subtypes that matter to the Python client.
AS_BYTES_BLOB = 4
AS_BYTES_PYTHON = 9
AS_BYTES_HLL = 18


class NullType:
    """A server-side null: as a bin value in a write, it removes the bin."""

    __slots__ = ()
    _instance: NullType | None = None

    def __new__(cls) -> NullType:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "aerospike.null()"

    def __reduce__(self) -> str:
        return "NULL"


NULL = NullType()


def null() -> NullType:
    """Return the server-side null marker (removes a bin when written)."""
    return NULL


class KeyOrderedDict(dict[Any, Any]):
    """A dict stored on the server as a key-ordered map; key-ordered maps read back as this type."""


class GeoJSON:
    """A GeoJSON value (point, polygon, AeroCircle, ...), stored as the server's geojson type."""

    __slots__ = ("_data",)

    def __init__(self, geo_data: dict[str, Any] | str | None = None) -> None:
        self._data: dict[str, Any] = {}
        if isinstance(geo_data, str):
            self.loads(geo_data)
        elif geo_data is not None:
            self.wrap(geo_data)

    def wrap(self, geo_data: dict[str, Any]) -> None:
        """Set the value from a dict. Raises ParamError if it is not a dict."""
        if not isinstance(geo_data, dict):
            raise exception.error(exception.ParamError, "GeoJSON.wrap() expects a dict")
        self._data = geo_data

    def unwrap(self) -> dict[str, Any]:
        """Return the value as a dict."""
        return self._data

    def loads(self, raw_geo: str) -> None:
        """Set the value from GeoJSON text. As the official client: text that is not JSON is a
        ClientError (-1), JSON that is not an object a ParamError."""
        try:
            data = json.loads(raw_geo)
        except (TypeError, ValueError, RecursionError) as err:
            raise exception.error(
                exception.ClientError,
                f"String is not GeoJSON serializable -> Unable to load GeoJSON ({err})",
            ) from None
        if not isinstance(data, dict):
            raise exception.error(
                exception.ParamError, "Geospatial data should be a dictionary or raw GeoJSON string"
            )
        self._data = data

    def dumps(self) -> str:
        """Return the value as GeoJSON text. Raises ParamError if the value is not JSON data."""
        try:
            return json.dumps(self._data)
        except (TypeError, ValueError, RecursionError) as err:
            raise exception.error(
                exception.ParamError, f"GeoJSON value is not JSON data: {err}"
            ) from None

    def __str__(self) -> str:
        return self.dumps()

    def __repr__(self) -> str:
        try:
            return repr(self.dumps())
        except exception.AerospikeError:
            return f"GeoJSON({exception.describe(self._data)})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GeoJSON) and other._data == self._data

    def __hash__(self) -> int:
        try:
            return hash(self.dumps())
        except exception.AerospikeError:  # not JSON data: still hashable, as its type promises
            return hash(GeoJSON)


def geodata(geo_data: dict[str, Any] | None = None) -> GeoJSON:
    """Build a GeoJSON value from a dict."""
    return GeoJSON(geo_data)


def geojson(geojson_str: str | None = None) -> GeoJSON:
    """Build a GeoJSON value from GeoJSON text."""
    if geojson_str is None:
        return GeoJSON()
    if not isinstance(geojson_str, str):
        raise exception.error(exception.ParamError, "geojson() expects a str")
    return GeoJSON(geojson_str)


class TypedBlob:
    """A blob with a client-specific subtype (e.g. pickled Python, AS_BYTES_PYTHON)."""

    __slots__ = ("data", "subtype")

    def __init__(self, subtype: int, data: bytes) -> None:
        self.subtype = subtype
        self.data = data

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, TypedBlob)
            and other.subtype == self.subtype
            and other.data == self.data
        )

    def __hash__(self) -> int:
        return hash((self.subtype, self.data))

    def __repr__(self) -> str:
        return f"TypedBlob({self.subtype}, {self.data!r})"


class HyperLogLog(bytes):
    """An HLL value (``aerospike_helpers.HyperLogLog``): HLL bins and ``hll_get_union`` read back
    as this; written as a bin value it is stored as an HLL, not a blob."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({super().__repr__()})"

    def __str__(self) -> str:
        return self.__repr__()


class Expression(bytes):
    """A compiled Aerospike expression: the msgpack bytes a command's filter field (and an
    expression operation) carries on the wire, exactly as the official client packs them, so
    ``get_expression_base64`` is their base64 text. ``.compile()`` of the expression helpers makes
    one; the engine decodes and evaluates it (its plans are cached by these bytes)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({super().__repr__()})"


# Stored values that never need copying (a list of these is stored as a tuple)...
IMMUTABLE = frozenset({int, str, float, bool, bytes, type(None)})
# ... and those handed out as they are when a deserializer must see every blob.
IMMUTABLE_NO_BYTES = IMMUTABLE - {bytes}


class OrderedList(tuple[Any, ...]):
    """A stored ordered list (``LIST_ORDERED``): its items kept in the value order. The engine
    stores ordered lists as this so the flag survives; a reader gets a plain list."""

    __slots__ = ()


class IndexedList(tuple[Any, ...]):
    """A bin's top-level unordered list stored with a persisted index (list flag ``0x10``). Only
    the engine holds one (the server keeps the index at the top level only and never sends it);
    it reads back as a plain list."""

    __slots__ = ()


class IndexedOrderedList(tuple[Any, ...]):
    """A bin's top-level ordered list stored with a persisted index (list flags ``0x11``); it
    reads back as a plain list, and goes on the wire as an ordered list."""

    __slots__ = ()


class FlatMap(dict[Any, Any]):
    """A stored (unordered) map whose values are all immutable: dict() copies it."""

    __slots__ = ()


class FlaggedMap(dict[Any, Any]):
    """A stored map whose server flags are neither unordered (0) nor key-ordered (1): a
    key-value-ordered map (3), or value-ordered only (2). The engine keeps its entries in key order
    and its flags (stored as the map's leading ext entry); it reads back as a plain dict, as the
    official client reads such a map."""

    __slots__ = ("flags",)

    def __init__(self, items: Any = (), flags: int = 3) -> None:
        super().__init__(items)
        self.flags = flags


class FlatBins(dict[str, Any]):
    """Stored bins whose values are all immutable (int, str, float, bool, bytes): dict() copies them."""

    __slots__ = ()


# -- the msgpack form of a wire value -------------------------------------------------------------

AS_BYTES_STRING = 3
AS_BYTES_GEOJSON = 23


class Unpackable(ValueError):
    """A value ``pack`` has no form for (``args[0]``): an int outside 64 bits, a container when
    containers are refused, or a type that is not a wire value. Callers word their own error."""


def _str_header(n: int) -> bytes:
    if n < 32:
        return bytes((0xA0 | n,))
    if n < 0x100:
        return bytes((0xD9, n))
    if n < 0x10000:
        return b"\xda" + n.to_bytes(2, "big")
    return b"\xdb" + n.to_bytes(4, "big")


def _typed(type_byte: int, data: bytes) -> bytes:
    """Text and blobs as the client packs them: a str header, the particle type byte, the data."""
    return _str_header(len(data) + 1) + bytes((type_byte,)) + data


def _container_header(n: int, fix: int, codes: tuple[int, int]) -> bytes:
    if n < 16:
        return bytes((fix | n,))
    if n < 0x10000:
        return bytes((codes[0],)) + n.to_bytes(2, "big")
    return bytes((codes[1],)) + n.to_bytes(4, "big")


def _int(v: int) -> bytes:
    if v >= 0:
        if v < 0x80:
            return bytes((v,))
        if v < 0x100:
            return bytes((0xCC, v))
        if v < 0x10000:
            return b"\xcd" + v.to_bytes(2, "big")
        if v < 0x100000000:
            return b"\xce" + v.to_bytes(4, "big")
        if v < 1 << 64:
            return b"\xcf" + v.to_bytes(8, "big")
        raise Unpackable(v)
    if v >= -32:
        return bytes((v & 0xFF,))
    if v >= -0x80:
        return b"\xd0" + v.to_bytes(1, "big", signed=True)
    if v >= -0x8000:
        return b"\xd1" + v.to_bytes(2, "big", signed=True)
    if v >= -0x80000000:
        return b"\xd2" + v.to_bytes(4, "big", signed=True)
    if v >= -(1 << 63):
        return b"\xd3" + v.to_bytes(8, "big", signed=True)
    raise Unpackable(v)


def _map_key_rank(key: Any) -> tuple[int, Any]:
    t = type(key)
    if t is int:
        return (2, key)
    if t is str:
        return (3, key)
    if t is bytes:
        return (6, key)
    raise Unpackable(key)


def pack(value: Any, containers: bool = True, sort_maps: bool = False) -> bytes:
    """A wire value's msgpack form as the official client packs it (the smallest int form; text,
    blobs and GeoJSON with their particle type byte; wildcard and infinity as ext values), which
    is also the form the server hashes. ``sort_maps``: the form a message's values take (and
    contexts): maps in the server's key order, an ordered map or list led by its flag entry, an
    Expression as its bytes, an HLL as its particle.
    Raises Unpackable."""
    t = type(value)
    if sort_maps:
        if t is Expression:
            return bytes(value)
        if t is HyperLogLog:
            return _typed(AS_BYTES_HLL, bytes(value))
        if isinstance(value, (list, tuple)):
            body = b"".join(pack(v, True, True) for v in value)
            if t is OrderedList or t is IndexedOrderedList:  # led by its ext flag entry
                return _container_header(len(value) + 1, 0x90, (0xDC, 0xDD)) + b"\xc7\x00\x01" + body
            return _container_header(len(value), 0x90, (0xDC, 0xDD)) + body
        if isinstance(value, dict):
            items = sorted(value.items(), key=lambda kv: _map_key_rank(kv[0]))
            flags = (
                value.flags & ~0x10 if isinstance(value, FlaggedMap)  # a persisted index stays
                else 1 if isinstance(value, KeyOrderedDict) else 0  # on the server, unsent
            )
            body = b"".join(pack(k, True, True) + pack(v, True, True) for k, v in items)
            head = _container_header(len(items) + (flags != 0), 0x80, (0xDE, 0xDF))
            return head + (b"\xc7\x00" + bytes((flags,)) + b"\xc0" if flags else b"") + body
    if value is None or t is NullType:
        return b"\xc0"
    if t is bool:
        return b"\xc3" if value else b"\xc2"
    if t is int:
        return _int(value)
    if t is float:
        return b"\xcb" + struct.pack(">d", value)
    if t is str:
        return _typed(AS_BYTES_STRING, value.encode())
    if t is bytes or t is bytearray:
        return _typed(AS_BYTES_BLOB, bytes(value))
    if t is TypedBlob:
        return _typed(value.subtype, bytes(value.data))
    if t is GeoJSON:
        return _typed(AS_BYTES_GEOJSON, str(value).encode())
    if value is WILDCARD:
        return b"\xd4\xff\x00"
    if value is INFINITY:
        return b"\xd4\xff\x01"
    if containers and isinstance(value, (list, tuple)):
        head = _container_header(len(value), 0x90, (0xDC, 0xDD))
        return head + b"".join(pack(v) for v in value)
    if containers and isinstance(value, dict):
        body = b"".join(pack(k) + pack(v) for k, v in value.items())
        return _container_header(len(value), 0x80, (0xDE, 0xDF)) + body
    raise Unpackable(value)


__all__ = [
    "AS_BYTES_BLOB",
    "AS_BYTES_HLL",
    "AS_BYTES_PYTHON",
    "IMMUTABLE",
    "IMMUTABLE_NO_BYTES",
    "INFINITY",
    "NULL",
    "WILDCARD",
    "Expression",
    "FlaggedMap",
    "FlatBins",
    "FlatMap",
    "GeoJSON",
    "HyperLogLog",
    "IndexedList",
    "IndexedOrderedList",
    "KeyOrderedDict",
    "NullType",
    "OrderedList",
    "TypedBlob",
    "Unpackable",
    "geodata",
    "geojson",
    "null",
    "pack",
]
