"""Value types both sides share: the client codec makes them, the engine stores and answers them.

Null, GeoJSON, key-ordered maps, blobs with a subtype, and the markers the engine puts on containers
whose contents are all immutable (a reader copies those with one C call). The wildcard and infinity
values live with the value order, in ``ordering``.
"""

from __future__ import annotations

import json
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
        """Set the value from GeoJSON text. Raises ParamError on invalid JSON."""
        try:
            data = json.loads(raw_geo)
        except (TypeError, ValueError, RecursionError) as err:
            raise exception.error(exception.ParamError, f"invalid GeoJSON text: {err}") from None
        if not isinstance(data, dict):
            raise exception.error(exception.ParamError, "GeoJSON text must be a JSON object")
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


# Stored values that never need copying (a list of these is stored as a tuple)...
IMMUTABLE = frozenset({int, str, float, bool, bytes, type(None)})
# ... and those handed out as they are when a deserializer must see every blob.
IMMUTABLE_NO_BYTES = IMMUTABLE - {bytes}


class OrderedList(tuple[Any, ...]):
    """A stored ordered list (``LIST_ORDERED``): its items kept in the value order. The engine
    stores ordered lists as this so the flag survives; a reader gets a plain list."""

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

__all__ = [
    "AS_BYTES_BLOB", "AS_BYTES_HLL", "AS_BYTES_PYTHON", "IMMUTABLE", "IMMUTABLE_NO_BYTES",
    "INFINITY", "NULL", "WILDCARD", "FlaggedMap", "FlatBins", "FlatMap", "GeoJSON", "HyperLogLog",
    "KeyOrderedDict", "NullType", "OrderedList", "TypedBlob", "geodata", "geojson", "null",
]
