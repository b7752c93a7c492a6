"""Django-style lookups: ``where(age__gte=18, address__city="Paris", visits__home__gt=3)``.
Each ``<lookup>`` is a small registered class with a ``lookup_name`` that turns a field reference
and a value into a condition (through the typed references, so both spellings build one tree)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar

from .. import conditions as c
from ..codecs import NestedCodec
from ..errors import QueryError
from ..geo import GeoPoint, GeoRegion
from ..refs import FieldRef, GeoRef, ListRef, MapRef, ModelRef, StrRef

LOOKUPS: dict[str, type[Lookup]] = {}


class Lookup(ABC):
    """One ``field__<lookup_name>=value``; ``needs`` is the reference class it works on."""

    lookup_name: ClassVar[str]
    needs: ClassVar[tuple[type[FieldRef[Any]], ...]] = (FieldRef,)

    def __init_subclass__(cls) -> None:
        LOOKUPS[cls.lookup_name] = cls

    @classmethod
    @abstractmethod
    def build(cls, ref: Any, value: Any) -> c.Condition:
        """The condition ``ref__<lookup_name>=value`` stands for."""


def _simple(name: str, fn: Callable[[Any, Any], c.Condition],
            needs: tuple[type[FieldRef[Any]], ...] = (FieldRef,)) -> None:
    type(f"{name.title()}Lookup", (Lookup,), {
        "lookup_name": name, "needs": needs, "build": classmethod(lambda cls, ref, v: fn(ref, v)),
    })


_simple("eq", lambda r, v: r == v)
_simple("ne", lambda r, v: r != v)
_simple("gt", lambda r, v: r > v)
_simple("gte", lambda r, v: r >= v)
_simple("lt", lambda r, v: r < v)
_simple("lte", lambda r, v: r <= v)
_simple("in", lambda r, v: r.is_in(v))
_simple("exists", lambda r, v: r.exists() if v else r.isnull())
_simple("isnull", lambda r, v: r.isnull() if v else r.exists())
_simple("startswith", lambda r, v: r.startswith(v), (StrRef,))
_simple("regex", lambda r, v: r.regex(v), (StrRef,))
_simple("contains", lambda r, v: r.contains(v), (ListRef, MapRef))
_simple("contains_key", lambda r, v: r.contains_key(v), (MapRef,))
_simple("within_region", lambda r, v: r.within(v), (GeoRef,))
_simple("contains_point", lambda r, v: r.contains_point(v), (GeoRef,))


class BetweenLookup(Lookup):
    """``field__between=(low, high)``, both ends included."""

    lookup_name = "between"

    @classmethod
    def build(cls, ref: Any, value: Any) -> c.Condition:
        try:
            low, high = value
        except (TypeError, ValueError):
            raise QueryError(QueryError.code, f"{ref.path.label}__between takes (low, high)") from None
        return ref.between(low, high)  # type: ignore[no-any-return]


class WithinRadiusLookup(Lookup):
    """``where__within_radius=(lng, lat, metres)`` or ``(GeoPoint, metres)``."""

    lookup_name = "within_radius"
    needs = (GeoRef,)

    @classmethod
    def build(cls, ref: Any, value: Any) -> c.Condition:
        if len(value) == 2 and isinstance(value[0], GeoPoint):
            return ref.within_radius(value[0].lng, value[0].lat, value[1])  # type: ignore[no-any-return]
        lng, lat, radius = value
        return ref.within_radius(lng, lat, radius)  # type: ignore[no-any-return]




_THROUGH_EACH = ("eq", "ne", "gt", "gte", "lt", "lte", "between", "in")


def resolve(model: Any, name: str, value: Any) -> c.Condition:
    """The condition ``name=value`` means on ``model`` (``field[__part...][__lookup]``). Raises
    QueryError for an unknown field, key or lookup, or a lookup the field's type does not have."""
    parts = name.split("__")
    lookup = LOOKUPS["eq"]
    if len(parts) > 1 and parts[-1] in LOOKUPS:
        lookup = LOOKUPS[parts.pop()]
    info = model.__aeromodel__
    head = parts[0]
    spec = info.fields.get(head)
    if spec is None or spec.primary_key:
        what = "the primary key (get it with get())" if spec is not None else "no such field"
        raise QueryError(QueryError.code, f"{model.__name__}.{head}: {what} in lookup {name!r}")
    ref: Any = getattr(model, head)
    for part in parts[1:]:
        ref = _step(ref, part, name)
    if ref.path.each and lookup.lookup_name not in _THROUGH_EACH:
        raise QueryError(
            QueryError.code,
            f"{ref.path.label}: through a list of models, lookups are "
            f"{', '.join(_THROUGH_EACH)} (any element matching), not {lookup.lookup_name!r}",
        )
    if not isinstance(ref, lookup.needs):
        kinds = " or ".join(n.__name__ for n in lookup.needs)
        raise QueryError(
            QueryError.code,
            f"{ref.path.label}: lookup {lookup.lookup_name!r} needs a {kinds}, not a {type(ref).__name__}",
        )
    if lookup.lookup_name in ("within_region",) and not isinstance(value, GeoRegion):
        raise QueryError(QueryError.code, f"{name}: give a GeoRegion")
    try:
        return lookup.build(ref, value)
    except TypeError as err:
        if not ref.path.each:
            raise
        raise QueryError(QueryError.code, str(err)) from None


def _step(ref: Any, part: str, name: str) -> Any:
    if isinstance(ref, ModelRef):
        try:
            return getattr(ref, part)
        except AttributeError:
            raise QueryError(QueryError.code, f"{ref.path.label} has no field {part!r} ({name!r})") from None
    if isinstance(ref, MapRef):
        kc = ref._codecs()[0]
        key: Any = part
        if kc.kind == "int":
            try:
                key = int(part)
            except ValueError:
                raise QueryError(QueryError.code, f"{ref.path.label}: map keys are ints ({name!r})") from None
        return ref[key]
    if isinstance(ref, ListRef):
        try:
            return ref[int(part)]
        except ValueError:
            pass
        if isinstance(ref._item(), NestedCodec):  # a field of any element: lines__sku="a"
            return _step(ref.any, part, name)
        raise QueryError(QueryError.code, f"{ref.path.label}: {part!r} is not a list index ({name!r})")
    raise QueryError(
        QueryError.code,
        f"{ref.path.label} has no parts, and {part!r} is no lookup (known: {', '.join(sorted(LOOKUPS))})",
    )
