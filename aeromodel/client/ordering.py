"""The total order of values across types, as the server sorts them (CDT ranks, ranges, indexes).

nil < bool < int < str < list < map < bytes < float < geojson, with the wildcard equal to anything
and infinity above everything. This module is the only place that order is written down.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any

# Type ranks, lowest first.
RANK_NIL = 0
RANK_BOOL = 1
RANK_INT = 2
RANK_STR = 3
RANK_LIST = 4
RANK_MAP = 5
RANK_BYTES = 6
RANK_FLOAT = 7
RANK_GEOJSON = 8
RANK_INF = 10


class _Wildcard:
    """Compares equal to every value (used in range and value-list selectors)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "aerospike.CDTWildcard()"


class _Infinity:
    """Compares greater than every value."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "aerospike.CDTInfinite()"


WILDCARD = _Wildcard()
INFINITY = _Infinity()


class _WildKey:
    """Sort key of the wildcard: equal to anything."""

    __slots__ = ()

    def __lt__(self, other: object) -> bool:
        return False

    def __gt__(self, other: object) -> bool:
        return False

    def __le__(self, other: object) -> bool:
        return True

    def __ge__(self, other: object) -> bool:
        return True

    def __eq__(self, other: object) -> bool:
        return True

    def __hash__(self) -> int:
        return 0


_WILD_KEY = _WildKey()


class _WildPrefix:
    """Sort key of the items of a list holding the wildcard: its items before the wildcard, and
    any list starting with them is equal to it (the wildcard matches the rest, as the server's)."""

    __slots__ = ("prefix",)

    def __init__(self, prefix: tuple[Any, ...]) -> None:
        self.prefix = prefix

    def _cmp(self, other: object) -> int:
        if isinstance(other, _WildPrefix):
            other = other.prefix
        if not isinstance(other, tuple):
            return 0
        head = other[: len(self.prefix)]
        if self.prefix < head:
            return -1
        if self.prefix > head:
            return 1
        return 0

    def __lt__(self, other: object) -> bool:
        return self._cmp(other) < 0

    def __gt__(self, other: object) -> bool:
        return self._cmp(other) > 0

    def __le__(self, other: object) -> bool:
        return self._cmp(other) <= 0

    def __ge__(self, other: object) -> bool:
        return self._cmp(other) >= 0

    def __eq__(self, other: object) -> bool:
        return self._cmp(other) == 0

    def __hash__(self) -> int:
        return 0


_first = itemgetter(0)


def sort_key(value: Any) -> Any:
    """A key whose natural order is the server's order of values."""
    t = type(value)
    if t is int:
        return (RANK_INT, value)
    if t is str:
        return (RANK_STR, value)
    if t is float:
        return (RANK_FLOAT, value)
    if t is bytes or t is bytearray:
        return (RANK_BYTES, bytes(value))
    if value is None:
        return (RANK_NIL, 0)
    if t is bool:
        return (RANK_BOOL, value)
    if isinstance(value, (list, tuple)):  # a stored tuple is a flat list
        keys: list[Any] = []
        for v in value:
            if v is WILDCARD:
                return (RANK_LIST, _WildPrefix(tuple(keys)))
            keys.append(sort_key(v))
        return (RANK_LIST, tuple(keys))
    if isinstance(value, dict):
        # Entries in key order: a stored map already is (the engine keeps every map so, and a
        # message carries maps so); a value an embedded call hands over may not be.
        entries = [(sort_key(k), sort_key(v)) for k, v in value.items()]
        entries.sort(key=_first)
        return (RANK_MAP, len(value), tuple(entries))
    if value is WILDCARD:
        return _WILD_KEY
    if value is INFINITY:
        return (RANK_INF, 0)
    name = t.__name__
    if name == "GeoJSON":
        return (RANK_GEOJSON, str(value))
    if name == "TypedBlob":
        return (RANK_BYTES, value.data)
    if name == "NullType":
        return (RANK_NIL, 0)
    if isinstance(value, int):
        return (RANK_INT, int(value))
    if isinstance(value, str):
        return (RANK_STR, str(value))
    if isinstance(value, float):
        return (RANK_FLOAT, float(value))
    raise TypeError(f"no server order for a value of type {name}")


def compare(a: Any, b: Any) -> int:
    """-1, 0 or 1 as a sorts before, with or after b in the server's order."""
    ka, kb = sort_key(a), sort_key(b)
    if ka < kb:
        return -1
    if ka > kb:
        return 1
    return 0
