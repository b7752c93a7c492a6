"""The value model: what a bin can hold, and the conversion between Python values and stored values.

Stored values are plain Python objects owned by the engine (lists and maps copied, maps sorted by key,
ints range-checked), so a caller mutating its own objects never changes stored data. A list whose
items are all immutable is stored as a tuple (smaller, and copied out in C); engine code treats a
stored tuple as a list.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

from . import exception
from .ordering import sort_key

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# send_bool_as values (official 19.x numbering).
SEND_BOOL_INTEGER = 0
SEND_BOOL_AS_BOOL = 1

# Blob particle subtypes that matter to the Python client.
AS_BYTES_BLOB = 4
AS_BYTES_PYTHON = 9


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


Serializer = Callable[[Any], Any]

# SERIALIZER_* values as in the official client.
SERIALIZER_NONE = 0
SERIALIZER_PYTHON = 1
SERIALIZER_JSON = 2
SERIALIZER_USER = 3


class Serializers:
    """Module-level user (de)serializers, registered by set_serializer() / set_deserializer()."""

    serializer: Serializer | None = None
    deserializer: Serializer | None = None


class Codec:
    """Converts values for one client: serializer choice, instance serializers, send_bool_as."""

    __slots__ = ("deserializer", "send_bool_as", "serializer")

    def __init__(
        self,
        serializer: Serializer | None = None,
        deserializer: Serializer | None = None,
        send_bool_as: int = SEND_BOOL_AS_BOOL,
    ) -> None:
        self.serializer = serializer
        self.deserializer = deserializer
        self.send_bool_as = send_bool_as

    @property
    def deserializes(self) -> bool:
        """Whether blobs read back go through a user deserializer."""
        return self.deserializer is not None or Serializers.deserializer is not None

    # -- Python -> stored ------------------------------------------------------------------

    def to_stored(self, value: Any, mode: int | None = None) -> Any:
        """Convert a bin value for storage. Raises ParamError for values that cannot be stored."""
        t = type(value)
        if t is int:
            if INT64_MIN <= value <= INT64_MAX:
                return value
            raise exception.error(
                exception.ParamError,
                f"integer {exception.describe(value)} is outside the signed 64-bit range",
            )
        if t is str:
            return value if value.isascii() else _text(value)
        if t is float or t is bytes:
            return value
        return self._convert(value, mode, 0)

    def _convert(self, value: Any, mode: int | None, depth: int) -> Any:
        t = type(value)
        if t is str:
            return value if value.isascii() else _text(value)
        if t is float or t is bytes:
            return value
        if t is int and INT64_MIN <= value <= INT64_MAX:
            return value
        if depth > 256:
            raise exception.error(exception.ParamError, "value is nested too deeply")
        if isinstance(value, bool):
            if self.send_bool_as == SEND_BOOL_INTEGER:
                return int(value)
            return value
        if isinstance(value, int):
            if INT64_MIN <= value <= INT64_MAX:
                return int(value)
            raise exception.error(
                exception.ParamError,
                f"integer {exception.describe(value)} is outside the signed 64-bit range",
            )
        if isinstance(value, str):  # a str subclass: stored as a plain str
            return _text(str.__str__(value))
        if isinstance(value, float):
            return float(value)
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        if value is None or value is NULL:
            return None
        if isinstance(value, list):
            return self._list(value, mode, depth)[0]
        if isinstance(value, dict):
            return self._map(value, mode, depth)[0]
        if isinstance(value, GeoJSON):
            return GeoJSON(value.dumps())
        if isinstance(value, TypedBlob):
            return value
        return self._serialize(value, mode)

    def to_stored_bounded(self, value: Any, mode: int | None = None) -> tuple[Any, int]:
        """Convert a bin value, with an upper bound of its stored size (walked once).

        Raises ParamError as to_stored() does.
        """
        if type(value) is list:
            return self._list(value, mode, 0)
        if type(value) is dict:
            return self._map(value, mode, 0)
        stored = self.to_stored(value, mode)
        return stored, stored_bound(stored)

    def _list(self, value: list[Any], mode: int | None, depth: int) -> tuple[Any, int]:
        """A list converted (a tuple when all its items are immutable) and its size bound."""
        if depth > 256:
            raise exception.error(exception.ParamError, "value is nested too deeply")
        out: list[Any] = [None] * len(value)
        flat = True
        bound = 6
        for i, v in enumerate(value):
            tv = type(v)
            if tv is str and v.isascii():
                out[i] = v
                bound += 6 + len(v)
            elif tv is float or (tv is int and INT64_MIN <= v <= INT64_MAX):
                out[i] = v
                bound += 10
            else:
                c, b = self._nested(v, mode, depth)
                out[i] = c
                bound += b
                if flat and type(c) not in IMMUTABLE:
                    flat = False
        # A list of immutable values is stored as a tuple: exact size, and copied out in C.
        return (tuple(out) if flat else out), bound

    def _nested(self, v: Any, mode: int | None, depth: int) -> tuple[Any, int]:
        """An item of a list or map that is not a plain str/int/float: converted, with its bound."""
        tv = type(v)
        if tv is list:
            return self._list(v, mode, depth + 1)
        if tv is dict:
            return self._map(v, mode, depth + 1)
        c = self._convert(v, mode, depth + 1)
        return c, stored_bound(c)

    def _map(self, value: dict[Any, Any], mode: int | None, depth: int) -> tuple[Any, int]:
        """A map converted (its entries sorted by key) and its size bound."""
        if depth > 256:
            raise exception.error(exception.ParamError, "value is nested too deeply")
        items = []
        str_keys = True
        bound = 10
        flat = True
        for k, v in value.items():
            tk = type(k)
            if tk is str:
                bound += 6 + (len(k) if k.isascii() else 4 * len(_text(k)))
            else:
                str_keys = False
                if isinstance(k, bool) or not isinstance(k, (int, str, bytes, bytearray)):
                    raise exception.error(
                        exception.ParamError,
                        f"map key {exception.describe(k)} of type {type(k).__name__} "
                        "is not supported (map keys must be int, str or bytes)",
                    )
                k = self._convert(k, mode, depth + 1)
                bound += stored_bound(k)
            tv = type(v)
            if tv is str and v.isascii():
                bound += 6 + len(v)
            elif tv is float or (tv is int and INT64_MIN <= v <= INT64_MAX):
                bound += 10
            else:
                v, b = self._nested(v, mode, depth)
                bound += b
                if flat and type(v) not in IMMUTABLE:
                    flat = False
            items.append((k, v))
        if str_keys:
            items.sort(key=_first)  # str keys: Python's order is the server's
        else:
            items.sort(key=_item_sort_key)
        if isinstance(value, KeyOrderedDict):
            return KeyOrderedDict(items), bound
        return (FlatMap(items) if flat else dict(items)), bound

    def _serialize(self, value: Any, mode: int | None) -> Any:
        if mode is None:
            # As the official client: an instance serializer is the default; a module-level one is
            # used only when SERIALIZER_USER is asked for (3.x manual, set_serializer()).
            mode = SERIALIZER_USER if self.serializer else SERIALIZER_PYTHON
        if mode == SERIALIZER_NONE:
            raise exception.error(
                exception.ParamError,
                f"cannot store a value of type {type(value).__name__} with SERIALIZER_NONE",
            )
        if mode == SERIALIZER_USER:
            fn = self.serializer or Serializers.serializer
            if fn is None:
                raise exception.error(
                    exception.ParamError, "SERIALIZER_USER requested but no serializer is registered"
                )
            try:
                out = fn(value)
            except Exception as err:
                raise exception.error(
                    exception.ParamError, f"user serializer failed: {err!r}"
                ) from None
            if isinstance(out, str):
                out = out.encode()
            if not isinstance(out, (bytes, bytearray)):
                raise exception.error(
                    exception.ParamError, "user serializer must return bytes or str"
                )
            return bytes(out)
        if mode == SERIALIZER_JSON:
            try:
                return json.dumps(value).encode()
            except (TypeError, ValueError) as err:
                raise exception.error(exception.ParamError, f"JSON serializer failed: {err}") from None
        if mode == SERIALIZER_PYTHON:
            try:
                return TypedBlob(AS_BYTES_PYTHON, pickle.dumps(value))
            except Exception as err:
                raise exception.error(
                    exception.ParamError, f"cannot pickle a {type(value).__name__}: {err}"
                ) from None
        raise exception.error(
            exception.ParamError, f"unknown serializer {exception.describe(mode)}"
        )

    # -- stored -> Python --------------------------------------------------------------

    def from_stored(self, value: Any) -> Any:
        """Return a caller-owned copy of a stored value."""
        t = type(value)
        if t in IMMUTABLE_NO_BYTES:
            return value
        if t is tuple:
            return list(value)
        if t is list:
            conv = self.from_stored
            return [v if type(v) in IMMUTABLE_NO_BYTES else conv(v) for v in value]
        if t is FlatMap:
            return dict(value)
        if t is dict:
            conv = self.from_stored
            return {k: v if type(v) in IMMUTABLE_NO_BYTES else conv(v) for k, v in value.items()}
        if t is bytes:
            fn = self.deserializer or Serializers.deserializer
            if fn is None:
                return value
            try:
                return fn(value)
            except Exception:
                return value
        if t is KeyOrderedDict:
            return KeyOrderedDict((k, self.from_stored(v)) for k, v in value.items())
        if t is GeoJSON:
            return GeoJSON(value.dumps())
        if t is TypedBlob:
            if value.subtype == AS_BYTES_PYTHON:
                try:
                    return pickle.loads(value.data)
                except Exception:
                    return value.data
            return value.data
        return value

    def bins_from_stored(self, bins: dict[str, Any]) -> dict[str, Any]:
        """Copy a stored bin dict for the caller."""
        out = dict(bins)
        deserializes = self.deserializer is not None or Serializers.deserializer is not None
        if isinstance(bins, FlatBins) and not deserializes:
            return out
        plain = IMMUTABLE_NO_BYTES if deserializes else IMMUTABLE
        conv = self.from_stored
        for name, value in bins.items():
            if type(value) not in plain:
                out[name] = conv(value)
        return out


# Stored values that never need copying (a list of these is stored as a tuple)...
IMMUTABLE = frozenset({int, str, float, bool, bytes, type(None)})
# ... and those handed out as they are when a deserializer must see every blob.
IMMUTABLE_NO_BYTES = IMMUTABLE - {bytes}


class FlatMap(dict[Any, Any]):
    """A stored (unordered) map whose values are all immutable: dict() copies it."""

    __slots__ = ()


class FlatBins(dict[str, Any]):
    """Stored bins whose values are all immutable (int, str, float, bool, bytes): dict() copies them."""

    __slots__ = ()


def stored_bound(value: Any) -> int:
    """An upper bound of a stored value's size, as a bin (particle) or inside a list or map."""
    t = type(value)
    if t is str:
        return 6 + (len(value) if value.isascii() else 4 * len(value))
    if t is int or t is float:
        return 10
    if t is bytes:
        return 6 + len(value)
    if value is None or t is bool:
        return 2
    if isinstance(value, (list, tuple)):
        return 6 + sum(stored_bound(v) for v in value)
    if isinstance(value, dict):
        return 10 + sum(stored_bound(k) + stored_bound(v) for k, v in value.items())
    if t is GeoJSON:
        return 6 + 3 + 8 * 256 + 4 * len(value.dumps())  # flags, cells (at most 256), text
    if t is TypedBlob:
        return 6 + len(value.data)
    return 6 + 4 * len(str(value))


def _text(value: str) -> str:
    """A non-ASCII str, checked to be storable (UTF-8 encodable). Raises ParamError."""
    try:
        value.encode()
    except UnicodeError:
        raise exception.error(
            exception.ParamError, "str values must be valid Unicode text (no lone surrogates)"
        ) from None
    return value


def _first(item: tuple[Any, Any]) -> Any:
    return item[0]


def _item_sort_key(item: tuple[Any, Any]) -> Any:
    return sort_key(item[0])
