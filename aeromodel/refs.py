"""Typed field references: ``User.age`` on the class (not an instance) is a ``FieldRef`` that
builds query conditions (``User.age > 3``) and CDT actions (``User.tags.append("x")``).

Which class a field gets depends on its annotation (``T | None`` as ``T``): ``int``/``float`` ->
``NumberRef``, ``str`` -> ``StrRef``, lists/sets/tuples -> ``ListRef``, dicts -> ``MapRef``,
nested models -> ``ModelRef``, ``GeoPoint``/``GeoRegion`` -> ``GeoRef``, anything else ->
``FieldRef``. The mypy plugin (``aeromodel.mypy``) applies the same rule, so mypy sees what runs.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel

from . import actions
from . import conditions as c
from .actions import Action, Selection
from .codecs import Codec, ListCodec, MapCodec, NestedCodec, strip_optional
from .geo import GeoPoint, GeoRegion
from .paths import EACH, LIST_INDEX, MAP_KEY, FieldPath

T = TypeVar("T")
N = TypeVar("N", int, float)
E = TypeVar("E")
K = TypeVar("K")
V = TypeVar("V")
K2 = TypeVar("K2")
V2 = TypeVar("V2")
E2 = TypeVar("E2")
M = TypeVar("M", bound=BaseModel)


class FieldRef(Generic[T]):
    """A reference to a value of a record (a field, a map entry, a list element)."""

    __slots__ = ("path",)

    def __init__(self, path: FieldPath) -> None:
        self.path = path

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.path.label}>"

    def __hash__(self) -> int:
        return hash((self.path.bin, self.path.steps))

    def __bool__(self) -> bool:
        raise TypeError(f"{self.path.label} is a field reference, not a value")

    def _enc(self, value: Any) -> Any:
        return None if value is None else self.path.codec.encode(value)

    # Conditions.

    def __eq__(self, other: object) -> c.Condition:  # type: ignore[override]
        return c.Compare(self.path, "eq", self._enc(other))

    def __ne__(self, other: object) -> c.Condition:  # type: ignore[override]
        return c.Compare(self.path, "ne", self._enc(other))

    def __gt__(self, other: T) -> c.Condition:
        return c.Compare(self.path, "gt", self._enc(other))

    def __ge__(self, other: T) -> c.Condition:
        return c.Compare(self.path, "ge", self._enc(other))

    def __lt__(self, other: T) -> c.Condition:
        return c.Compare(self.path, "lt", self._enc(other))

    def __le__(self, other: T) -> c.Condition:
        return c.Compare(self.path, "le", self._enc(other))

    def between(self, low: T, high: T) -> c.Condition:
        """``low <= value <= high`` (both ends included)."""
        return c.Between(self.path, self._enc(low), self._enc(high))

    def is_in(self, values: Iterable[T]) -> c.Condition:
        """The value is one of ``values``."""
        return c.In(self.path, tuple(self._enc(v) for v in values))

    def exists(self) -> c.Condition:
        """The value is stored (the bin or entry is there)."""
        return c.Exists(self.path)

    def isnull(self) -> c.Condition:
        """The value is not stored (``None`` fields are not written)."""
        return ~c.Exists(self.path)

    # Actions and reads.

    def set(self, value: T) -> Action:
        """Write ``value`` here (only this bin / entry / element)."""
        return actions.set_value(self.path, value)

    def delete(self) -> Action:
        """Remove the bin, map entry or list element."""
        return actions.delete(self.path)

    def read(self) -> Selection:
        """Read only this value (for ``Model.select``)."""
        return actions.read_value(self.path)


class NumberRef(FieldRef[N]):
    """An int or float value: also ``increment``."""

    __slots__ = ()

    def increment(self, by: N) -> Action:
        """Add ``by`` on the server (atomic)."""
        return actions.increment(self.path, by)


class StrRef(FieldRef[str]):
    """A string value: also ``startswith`` and ``regex``."""

    __slots__ = ()

    def startswith(self, prefix: str) -> c.Condition:
        return c.StartsWith(self.path, prefix)

    def regex(self, pattern: str, flags: int | None = None) -> c.Condition:
        """A POSIX extended regex match (``flags``: ``aerospike.REGEX_*``)."""
        if flags is None:
            return c.Regex(self.path, pattern)
        return c.Regex(self.path, pattern, flags)


class GeoRef(FieldRef[T]):
    """A GeoJSON point or region."""

    __slots__ = ()

    def within(self, region: GeoRegion) -> c.Condition:
        """A point field inside ``region``."""
        return c.GeoWithin(self.path, self._geo(region))

    def within_radius(self, lng: float, lat: float, radius_m: float) -> c.Condition:
        """A point field within ``radius_m`` metres of a point."""
        return self.within(GeoRegion.circle(lng, lat, radius_m))

    def contains_point(self, point: GeoPoint) -> c.Condition:
        """A region field containing ``point``."""
        return c.GeoContains(self.path, self._geo(point))

    @staticmethod
    def _geo(value: GeoPoint | GeoRegion) -> Any:
        from .client import GeoJSON

        return GeoJSON(value.geojson())


class ListRef(FieldRef[list[E]]):
    """A list value: ``contains`` and the list operations."""

    __slots__ = ()

    def _item(self) -> Codec:
        codec = self.path.codec
        return codec.item if isinstance(codec, ListCodec) else Codec()

    def contains(self, value: E) -> c.Condition:
        """The list holds ``value``."""
        return c.Contains(self.path, None if value is None else self._item().encode(value))

    @property
    def any(self: ListRef[M]) -> ModelRef[M]:
        """A list of models: any element (``Order.lines.any.sku == "a"``: some line's sku is
        "a"). Its fields build conditions (``==``, ``!=``, ranges, ``between``, ``is_in``),
        served by the expression index a ``Field(index=True)`` in the element model declares.
        Raises TypeError for a list of anything else."""
        return _any_element(self.path, self._item(), "list")

    def append(self, value: E) -> Action:
        return actions.list_append(self.path, value)

    def extend(self, values: Iterable[E]) -> Action:
        return actions.list_extend(self.path, values)

    def insert(self, index: int, value: E) -> Action:
        return actions.list_insert(self.path, index, value)

    def add_unique(self, value: E) -> Action:
        """Append ``value`` unless it is already there."""
        return actions.list_add_unique(self.path, value)

    def remove(self, *values: E) -> Action:
        """Remove every element equal to one of ``values``."""
        return actions.list_remove(self.path, *values)

    def pop(self, index: int = -1) -> Action:
        return actions.list_pop(self.path, index)

    def clear(self) -> Action:
        return actions.clear(self.path)

    def size(self) -> Selection:
        """Read the list's length (for ``Model.select``)."""
        return actions.read_size(self.path)

    @overload
    def __getitem__(self: ListRef[int], index: int) -> NumberRef[int]: ...
    @overload
    def __getitem__(self: ListRef[float], index: int) -> NumberRef[float]: ...
    @overload
    def __getitem__(self: ListRef[str], index: int) -> StrRef: ...
    @overload
    def __getitem__(self: ListRef[list[E2]], index: int) -> ListRef[E2]: ...
    @overload
    def __getitem__(self: ListRef[dict[K2, V2]], index: int) -> MapRef[K2, V2]: ...
    @overload
    def __getitem__(self, index: int) -> FieldRef[E]: ...
    @overload
    def __getitem__(self, index: slice) -> Selection: ...
    def __getitem__(self, index: int | slice) -> Any:
        """``ref[i]``: the element (a reference); ``ref[a:b]``: a read of that slice."""
        if isinstance(index, slice):
            return _slice(self.path, index)
        item = self._item()
        path = self.path.child((LIST_INDEX, index), item, f"{self.path.label}[{index}]")
        return ref_for_codec(path, item)


def _slice(path: FieldPath, s: slice) -> Selection:
    if s.step not in (None, 1):
        raise ValueError(f"{path.label}: a slice step is not supported")
    start = s.start or 0
    if s.stop is None:
        return actions.read_slice(path, start, None)
    if (start < 0) != (s.stop < 0) and s.stop != 0:
        raise ValueError(f"{path.label}: slice ends must both be >= 0 or both < 0")
    return actions.read_slice(path, start, max(0, s.stop - start))


class MapRef(FieldRef[dict[K, V]]):
    """A map value: ``contains`` (values), ``contains_key``, entries (``ref[key]``) and the map
    operations."""

    __slots__ = ()

    def _codecs(self) -> tuple[Codec, Codec]:
        codec = self.path.codec
        if isinstance(codec, MapCodec):
            return codec.key, codec.value
        return Codec(), Codec()

    def contains(self, value: V) -> c.Condition:
        """The map holds ``value`` as a value."""
        return c.Contains(self.path, None if value is None else self._codecs()[1].encode(value))

    @property
    def any(self: MapRef[K, M]) -> ModelRef[M]:
        """A map of models: any value (``Order.stock.any.qty >= 3``), as ``ListRef.any``.
        Raises TypeError for a map of anything else."""
        return _any_element(self.path, self._codecs()[1], "map")

    def contains_key(self, key: K) -> c.Condition:
        return c.ContainsKey(self.path, self._codecs()[0].encode(key))

    def put(self, key: K, value: V) -> Action:
        return actions.map_put(self.path, key, value)

    def put_many(self, items: Mapping[K, V]) -> Action:
        return actions.map_put_many(self.path, items)

    def remove_keys(self, *keys: K) -> Action:
        return actions.map_remove_keys(self.path, *keys)

    def clear(self) -> Action:
        return actions.clear(self.path)

    def size(self) -> Selection:
        """Read how many entries the map holds (for ``Model.select``)."""
        return actions.read_size(self.path)

    @overload
    def __getitem__(self: MapRef[K, int], key: K) -> NumberRef[int]: ...
    @overload
    def __getitem__(self: MapRef[K, float], key: K) -> NumberRef[float]: ...
    @overload
    def __getitem__(self: MapRef[K, str], key: K) -> StrRef: ...
    @overload
    def __getitem__(self: MapRef[K, list[E2]], key: K) -> ListRef[E2]: ...
    @overload
    def __getitem__(self: MapRef[K, dict[K2, V2]], key: K) -> MapRef[K2, V2]: ...
    @overload
    def __getitem__(self, key: K) -> FieldRef[V]: ...
    def __getitem__(self, key: Any) -> Any:
        """``ref[key]``: the entry at ``key`` (a reference)."""
        kc, vc = self._codecs()
        path = self.path.child((MAP_KEY, kc.encode(key)), vc, f"{self.path.label}[{key!r}]")
        return ref_for_codec(path, vc)


def _any_element(path: FieldPath, item: Codec, each: str) -> ModelRef[Any]:
    if not isinstance(item, NestedCodec):
        raise TypeError(f"{path.label}: .any is for a {each} of models")
    return ModelRef(path.child((EACH, each), item, f"{path.label}[*]"))


class ModelRef(FieldRef[M]):
    """A nested model value: its fields are references too (``User.address.city``)."""

    __slots__ = ()

    def __getattr__(self, name: str) -> Any:
        codec = self.path.codec
        if not isinstance(codec, NestedCodec) or name.startswith("_"):
            raise AttributeError(name)
        for attr, key, sub, annotation in codec.refs:
            if attr == name:
                path = self.path.child((MAP_KEY, key), sub, f"{self.path.label}.{name}")
                return ref_class(annotation)(path)
        raise AttributeError(f"{self.path.label} has no field {name!r}")


def ref_class(annotation: Any) -> Callable[[FieldPath], FieldRef[Any]]:
    """The reference class of a field annotated ``annotation`` (the rule the mypy plugin mirrors)."""
    tp, _ = strip_optional(annotation)
    if typing.get_origin(tp) is typing.Annotated:
        tp = typing.get_args(tp)[0]
    origin = typing.get_origin(tp) or tp
    if tp is int or tp is float:
        return NumberRef
    if tp is str:
        return StrRef
    if origin in (list, set, frozenset, tuple):
        return ListRef
    if origin is dict:
        return MapRef
    if tp is GeoPoint or tp is GeoRegion:
        return GeoRef
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return ModelRef
    return FieldRef


def ref_for_codec(path: FieldPath, codec: Codec) -> FieldRef[Any]:
    """The reference for a map entry or list element, chosen from its codec."""
    from .codecs import FLOAT, GEO, INT, STR, Scalar

    if isinstance(codec, ListCodec):
        return ListRef(path)
    if isinstance(codec, MapCodec):
        return MapRef(path)
    if isinstance(codec, NestedCodec):
        return ModelRef(path)
    if codec.kind == GEO:
        return GeoRef(path)
    if isinstance(codec, Scalar) and codec.kind in (INT, FLOAT):
        return NumberRef(path)
    if isinstance(codec, Scalar) and codec.kind == STR:
        return StrRef(path)
    return FieldRef(path)
