"""How a field's Python value becomes a bin value and back: one codec per annotation, built once
when the class is defined. Most fields need none (``identity``); the hot paths skip them."""

from __future__ import annotations

import enum
import types
import typing
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

from .client import GeoJSON
from .geo import GeoPoint, GeoRegion

EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
_MICRO = timedelta(microseconds=1)

# The stored type of a value, as a secondary index or an expression sees it.
INT, FLOAT, STR, BYTES, BOOL, LIST, MAP, GEO, ANY = (
    "int", "float", "str", "bytes", "bool", "list", "map", "geo", "any",
)


class Codec:
    """Turns a field value into what is stored (``encode``) and back (``decode``).

    ``kind`` is the stored type; ``identity`` says both directions are the identity for scalar
    values (containers are still copied on load, so a loaded instance never shares a list with
    the state dirty tracking compares against).
    """

    kind: str = ANY
    identity: bool = False

    def encode(self, value: Any) -> Any:
        return value

    def decode(self, value: Any) -> Any:
        return value


class Scalar(Codec):
    identity = True

    def __init__(self, kind: str) -> None:
        self.kind = kind


class DatetimeCodec(Codec):
    """An aware datetime as int microseconds since the Unix epoch (UTC): ranges query through a
    numeric index and sort in time order. Loaded back in UTC; naive datetimes are refused."""

    kind = INT

    def encode(self, value: Any) -> Any:
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("naive datetime: give it a time zone (e.g. tzinfo=timezone.utc)")
        return (value - EPOCH) // _MICRO

    def decode(self, value: Any) -> Any:
        return EPOCH + timedelta(microseconds=value)


class DateCodec(Codec):
    """A date as int days since 1970-01-01 (negative before)."""

    kind = INT

    def encode(self, value: Any) -> Any:
        return value.toordinal() - EPOCH_ORDINAL

    def decode(self, value: Any) -> Any:
        return date.fromordinal(value + EPOCH_ORDINAL)


class TimedeltaCodec(Codec):
    """A timedelta as int microseconds."""

    kind = INT

    def encode(self, value: Any) -> Any:
        return value // _MICRO

    def decode(self, value: Any) -> Any:
        return timedelta(microseconds=value)


class DecimalCodec(Codec):
    """A Decimal as its exact string (no float rounding; not range-queryable)."""

    kind = STR

    def encode(self, value: Any) -> Any:
        return str(value)

    def decode(self, value: Any) -> Any:
        return Decimal(value)


class UUIDCodec(Codec):
    """A UUID as its 36-character string (readable by every tool, indexable as a string)."""

    kind = STR

    def encode(self, value: Any) -> Any:
        return str(value)

    def decode(self, value: Any) -> Any:
        return uuid.UUID(value)


class EnumCodec(Codec):
    """An Enum member as its value."""

    def __init__(self, enum_type: type[enum.Enum]) -> None:
        self.enum_type = enum_type
        values = {type(m.value) for m in enum_type}
        self.kind = _kind_of_values(values)

    def encode(self, value: Any) -> Any:
        return value.value

    def decode(self, value: Any) -> Any:
        return self.enum_type(value)


class ListCodec(Codec):
    kind = LIST

    def __init__(self, item: Codec, as_type: type = list) -> None:
        self.item = item
        self.as_type = as_type
        self.identity = item.identity and as_type is list

    def encode(self, value: Any) -> Any:
        enc = self.item.encode
        return [enc(v) for v in value]

    def decode(self, value: Any) -> Any:
        if self.identity:
            return copy_tree(value)
        dec = self.item.decode
        return self.as_type(dec(v) for v in value)


class MapCodec(Codec):
    kind = MAP

    def __init__(self, key: Codec, value: Codec) -> None:
        self.key = key
        self.value = value
        self.identity = key.identity and value.identity

    def encode(self, value: Any) -> Any:
        ek, ev = self.key.encode, self.value.encode
        return {ek(k): ev(v) for k, v in value.items()}

    def decode(self, value: Any) -> Any:
        if self.identity:
            return copy_tree(value)
        dk, dv = self.key.decode, self.value.decode
        return {dk(k): dv(v) for k, v in value.items()}


class GeoCodec(Codec):
    """A GeoPoint / GeoRegion as the client's ``GeoJSON`` value."""

    kind = GEO

    def __init__(self, geo_type: type[GeoPoint] | type[GeoRegion]) -> None:
        self.geo_type = geo_type

    def encode(self, value: Any) -> Any:
        return GeoJSON(value.geojson())

    def decode(self, value: Any) -> Any:
        data = value.unwrap() if hasattr(value, "unwrap") else value
        if self.geo_type is GeoPoint:
            lng, lat = data["coordinates"]
            return GeoPoint(lng=lng, lat=lat)
        return GeoRegion(geometry=data)


class NestedCodec(Codec):
    """A nested pydantic model as a map of its fields (bin names for aeromodel models; ``None``
    fields left out). Loaded without validation, as top-level records are."""

    kind = MAP

    def __init__(self, model: type[BaseModel], fields: list[tuple[str, str, Codec, Any]]) -> None:
        self.model = model
        self.set_fields(fields)

    def set_fields(self, fields: list[tuple[str, str, Codec, Any]]) -> None:
        """Give the codec its fields (a recursive model's codec is made before its fields)."""
        self.refs = fields  # (attribute, stored key, codec, annotation)
        self.fields = [(name, key, codec, codec.identity and codec.kind not in (LIST, MAP))
                       for name, key, codec, _ in fields]

    def encode(self, value: Any) -> Any:
        out = {}
        d = value.__dict__
        for name, key, codec, plain in self.fields:
            v = d[name]
            if v is not None:
                out[key] = v if plain else codec.encode(v)
        return out

    def decode(self, value: Any) -> Any:
        values = {}
        for name, key, codec, plain in self.fields:
            if key in value:
                v = value[key]
                values[name] = v if plain or v is None else codec.decode(v)
        return self.model.model_construct(**values)


@dataclass(frozen=True)
class CustomType:
    """A codec for a type of yours: ``register_type(Money, CustomType(encode, decode, kind="int"))``,
    or per field with ``Annotated[Money, CustomType(...)]``. ``kind`` is the stored type
    (``int``, ``float``, ``str``, ``bytes``, ``bool``, ``list``, ``map``, ``geo``)."""

    encode: Callable[[Any], Any]
    decode: Callable[[Any], Any]
    kind: str = ANY


class _Custom(Codec):
    def __init__(self, spec: CustomType) -> None:
        self.kind = spec.kind
        self.spec = spec

    def encode(self, value: Any) -> Any:
        return self.spec.encode(value)

    def decode(self, value: Any) -> Any:
        return self.spec.decode(value)


_registry: dict[type, CustomType] = {}


def register_type(tp: type, codec: CustomType) -> None:
    """Store every field of type ``tp`` with ``codec`` (models defined after the call)."""
    _registry[tp] = codec


def _kind_of_values(types_: set[type]) -> str:
    if types_ <= {bool}:
        return BOOL
    if types_ <= {int}:
        return INT
    if types_ <= {str}:
        return STR
    if types_ <= {float}:
        return FLOAT
    if types_ <= {bytes}:
        return BYTES
    return ANY


_SCALARS: dict[Any, str] = {bool: BOOL, int: INT, float: FLOAT, str: STR, bytes: BYTES}


def strip_optional(tp: Any) -> tuple[Any, bool]:
    """``(T, True)`` for ``T | None``; ``(tp, False)`` otherwise."""
    origin = typing.get_origin(tp)
    if origin is Union or origin is types.UnionType:
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1 and len(args) < len(typing.get_args(tp)):
            return args[0], True
    return tp, False


def codec_for(tp: Any, nested: Callable[[type[BaseModel]], Codec]) -> Codec:
    """The codec of annotation ``tp``; ``nested`` builds the codec of a nested model.
    Raises TypeError for a type aeromodel cannot store (register it with ``register_type``)."""
    tp, _ = strip_optional(tp)
    origin = typing.get_origin(tp)
    if origin is Annotated:
        for meta in tp.__metadata__:
            if isinstance(meta, CustomType):
                return _Custom(meta)
        return codec_for(typing.get_args(tp)[0], nested)
    if isinstance(tp, type) and tp in _registry:
        return _Custom(_registry[tp])
    if tp in _SCALARS:
        return Scalar(_SCALARS[tp])
    if tp is bytearray:
        return Scalar(BYTES)
    if origin is Literal:
        return Scalar(_kind_of_values({type(v) for v in typing.get_args(tp)}))
    if tp is datetime:
        return DatetimeCodec()
    if tp is date:
        return DateCodec()
    if tp is timedelta:
        return TimedeltaCodec()
    if tp is Decimal:
        return DecimalCodec()
    if tp is uuid.UUID:
        return UUIDCodec()
    if tp is GeoPoint or tp is GeoRegion:
        return GeoCodec(tp)
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return EnumCodec(tp)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return nested(tp)
    if origin in (list, set, frozenset, tuple) or tp in (list, set, frozenset, tuple):
        args = typing.get_args(tp)
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            raise TypeError(f"cannot store {tp!r}: use tuple[X, ...] or list[X]")
        item = codec_for(args[0], nested) if args else Codec()
        return ListCodec(item, origin or tp)
    if origin is dict or tp is dict:
        args = typing.get_args(tp)
        k, v = (codec_for(a, nested) for a in args) if args else (Codec(), Codec())
        if k.kind not in (INT, STR, BYTES, ANY):
            raise TypeError(f"cannot store {tp!r}: map keys are int, str or bytes")
        return MapCodec(k, v)
    if tp is Any or tp is object:
        return Codec()
    raise TypeError(
        f"aeromodel cannot store {tp!r}: register a codec with aeromodel.register_type "
        "or annotate the field with Annotated[..., CustomType(encode, decode)]"
    )


def copy_tree(value: Any) -> Any:
    """A copy of nested lists and dicts (their scalars shared)."""
    t = type(value)
    if t is list:
        return [copy_tree(v) if type(v) in _CONTAINERS else v for v in value]
    if t is dict:
        return {k: copy_tree(v) if type(v) in _CONTAINERS else v for k, v in value.items()}
    return value


_CONTAINERS = (list, dict)
