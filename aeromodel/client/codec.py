"""The client codec: Python values <-> wire values, for one client's settings.

Python to wire: validation (64-bit ints, UTF-8 text, map key types, nesting depth), ``send_bool_as``,
and the serializers for types the server has none for. Wire to Python: caller-owned copies, blobs
through a deserializer. What the engine keeps (stored forms, sizes) is the engine's business.
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Callable
from typing import Any

from . import exception
from .ordering import INFINITY, WILDCARD
from .values import (
    AS_BYTES_HLL,
    AS_BYTES_PYTHON,
    IMMUTABLE,
    IMMUTABLE_NO_BYTES,
    NULL,
    FlaggedMap,
    FlatBins,
    FlatMap,
    GeoJSON,
    HyperLogLog,
    IndexedList,
    IndexedOrderedList,
    KeyOrderedDict,
    OrderedList,
    TypedBlob,
)

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1

# send_bool_as values (official 19.x numbering).
SEND_BOOL_INTEGER = 0
SEND_BOOL_AS_BOOL = 1


Serializer = Callable[[Any], Any]

# SERIALIZER_* values as in the official client.
SERIALIZER_NONE = 0
SERIALIZER_PYTHON = 1
SERIALIZER_JSON = 2
SERIALIZER_USER = 3


_INT_TOO_BIG = "integer value exceeds sys.maxsize"  # the official client's words (64 bits)

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

    def to_wire(self, value: Any, mode: int | None = None) -> Any:
        """A bin value as the wire carries it. Raises ParamError for values that cannot be stored."""
        t = type(value)
        if t is int:
            if INT64_MIN <= value <= INT64_MAX:
                return value
            raise exception.error(exception.ParamError, _INT_TOO_BIG)
        if t is str:
            return value if value.isascii() else _text(value)
        if t is float or t is bytes:
            return value
        if t is list:
            return self._list(value, mode, 0)
        if t is dict:
            return self._map(value, mode, 0)
        return self._convert(value, mode, 0)

    def bin_value(self, value: Any, mode: int | None = None) -> Any:
        """A value written to a bin, as ``to_wire``; ClientError for ``CDTWildcard()`` and
        ``CDTInfinite()``, which only a CDT operation's range or pattern takes (as the official
        client: "Invalid value type")."""
        if value is WILDCARD or value is INFINITY:
            raise exception.error(
                exception.ClientError,
                f"Invalid value type: {type(value).__name__.strip('_')} is not a bin value "
                "(only a CDT operation's range end or value pattern)",
            )
        return self.to_wire(value, mode)

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
            raise exception.error(exception.ParamError, _INT_TOO_BIG)
        if isinstance(value, str):  # a str subclass: stored as a plain str
            return _text(str.__str__(value))
        if isinstance(value, float):
            return float(value)
        if isinstance(value, HyperLogLog):
            return TypedBlob(AS_BYTES_HLL, bytes(value))
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        if value is None or value is NULL:
            return None
        if isinstance(value, list):
            return self._list(value, mode, depth)
        if isinstance(value, dict):
            return self._map(value, mode, depth)
        if isinstance(value, GeoJSON):
            return GeoJSON(value.dumps())
        if isinstance(value, TypedBlob):
            return value
        if value is WILDCARD or value is INFINITY:  # range ends and value patterns of CDT ops
            return value
        return self._serialize(value, mode)

    def _list(self, value: list[Any], mode: int | None, depth: int) -> list[Any]:
        """A list converted, item by item (copied first, in C; only odd items are replaced)."""
        if depth > 256:
            raise exception.error(exception.ParamError, "value is nested too deeply")
        out = list(value)
        for i, v in enumerate(out):
            tv = type(v)
            if tv is str:
                if v.isascii():
                    continue
            elif tv is float or (tv is int and INT64_MIN <= v <= INT64_MAX):
                continue
            out[i] = self._nested(v, mode, depth)
        return out

    def _nested(self, v: Any, mode: int | None, depth: int) -> Any:
        """An item of a list or map that is not a plain str/int/float, converted."""
        tv = type(v)
        if tv is list:
            return self._list(v, mode, depth + 1)
        if tv is dict:
            return self._map(v, mode, depth + 1)
        return self._convert(v, mode, depth + 1)

    def _map(self, value: dict[Any, Any], mode: int | None, depth: int) -> dict[Any, Any]:
        """A map converted (a KeyOrderedDict stays one). Map keys must be int, str or bytes."""
        if depth > 256:
            raise exception.error(exception.ParamError, "value is nested too deeply")
        out = KeyOrderedDict() if isinstance(value, KeyOrderedDict) else {}
        for k, v in value.items():
            tk = type(k)
            if tk is not str or not k.isascii():
                if isinstance(k, bool) or not isinstance(k, (int, str, bytes, bytearray)):
                    raise exception.error(
                        exception.ParamError,
                        f"map key {exception.describe(k)} of type {type(k).__name__} "
                        "is not supported (map keys must be int, str or bytes)",
                    )
                k = self._convert(k, mode, depth + 1)
            tv = type(v)
            if not ((tv is str and v.isascii()) or tv is float or (
                tv is int and INT64_MIN <= v <= INT64_MAX
            )):
                v = self._nested(v, mode, depth)
            out[k] = v
        return out

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

    def from_wire(self, value: Any) -> Any:
        """A caller-owned Python value for a wire value (stored forms included: tuples, FlatMaps)."""
        t = type(value)
        if t in IMMUTABLE_NO_BYTES:
            return value
        if t is tuple:
            return list(value)
        if t is list:
            conv = self.from_wire
            return [v if type(v) in IMMUTABLE_NO_BYTES else conv(v) for v in value]
        if t is FlatMap:
            return dict(value)
        if t is dict:
            conv = self.from_wire
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
            return KeyOrderedDict((k, self.from_wire(v)) for k, v in value.items())
        if t is FlaggedMap:  # a key-value-ordered map: a dict, as the official client reads it
            if value.flags & 0xF == 1:  # key-ordered with a persisted index (the flag is not sent)
                return KeyOrderedDict((k, self.from_wire(v)) for k, v in value.items())
            return {k: self.from_wire(v) for k, v in value.items()}
        if t is OrderedList or t is IndexedList or t is IndexedOrderedList:
            conv = self.from_wire
            return [v if type(v) in IMMUTABLE_NO_BYTES else conv(v) for v in value]
        if t is GeoJSON:
            return GeoJSON(value.dumps())
        if t is TypedBlob:
            if value.subtype == AS_BYTES_PYTHON:
                try:
                    return pickle.loads(value.data)
                except Exception:
                    return value.data
            if value.subtype == AS_BYTES_HLL:
                return HyperLogLog(value.data)
            return value.data
        return value

    def bins_from_wire(self, bins: dict[str, Any]) -> dict[str, Any]:
        """A caller-owned copy of a record's bins (a plain dict: ``copy()`` of the stored dict
        subclasses is one, and quicker than ``dict()``)."""
        deserializes = self.deserializer is not None or Serializers.deserializer is not None
        if not deserializes and isinstance(bins, FlatBins):
            return bins.copy()
        out = bins.copy()
        plain = IMMUTABLE_NO_BYTES if deserializes else IMMUTABLE
        for name, value in bins.items():
            t = type(value)
            if t in plain:
                continue
            if t is tuple:  # the stored forms most containers take, copied in C
                out[name] = list(value)
            elif t is FlatMap:
                out[name] = value.copy()
            else:
                out[name] = self.from_wire(value)
        return out


def _text(value: str) -> str:
    """A non-ASCII str, checked to be storable (UTF-8 encodable). Raises ParamError."""
    try:
        value.encode()
    except UnicodeError:
        raise exception.error(
            exception.ParamError, "str values must be valid Unicode text (no lone surrogates)"
        ) from None
    return value

