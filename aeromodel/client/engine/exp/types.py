"""Expression result types (the server's ``result_type``), how runtime values map onto them, and
the unknown value."""

from __future__ import annotations

from typing import Any, Final

from ...values import (
    AS_BYTES_HLL,
    FlaggedMap,
    FlatMap,
    GeoJSON,
    IndexedList,
    IndexedOrderedList,
    KeyOrderedDict,
    OrderedList,
    TypedBlob,
)

NIL: Final = 0
BOOL: Final = 1  # the server's trilean: true, false or unknown
INT: Final = 2
STR: Final = 3
LIST: Final = 4
MAP: Final = 5
BLOB: Final = 6
FLOAT: Final = 7
GEOJSON: Final = 8
HLL: Final = 9
INPUT_END: Final = 10  # types a bin, a call or a variable may declare are below this
RESULT_REMOVE: Final = 11
ANY: Final = 12  # a raw msgpack value: the server's TYPE_END (no fixed type)

NAMES: Final = {
    NIL: "nil", BOOL: "bool", INT: "int", STR: "str", LIST: "list", MAP: "map", BLOB: "blob",
    FLOAT: "float", GEOJSON: "geojson", HLL: "hll", RESULT_REMOVE: "result_remove", ANY: "msgpack",
}


def type_name(t: int) -> str:
    return NAMES.get(t, "invalid")


class Unknown:
    """The type of UNK."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "UNK"


UNK: Final = Unknown()
"""The unknown value: a missing bin, a bin of another type, a failed operation."""

class KeyValueMap(dict[Any, Any]):
    """A map operation's key-value answer inside an expression: a map in the selection's order
    (not key-ordered, so comparing it is unknown), as the server's result is; an expression
    read hands it out as the flat [k, v, ...] list operate() answers (what the official client
    shows for it)."""

    __slots__ = ()

    def flat(self) -> list[Any]:
        return [x for pair in self.items() for x in pair]


LISTS: Final = frozenset({list, tuple, OrderedList, IndexedList, IndexedOrderedList})
MAPS: Final = frozenset({dict, FlatMap, KeyOrderedDict, FlaggedMap, KeyValueMap})


def is_type(value: Any, t: int) -> bool:
    """Whether a runtime value is of result type ``t``."""
    vt = type(value)
    if t == INT:
        return vt is int
    if t == STR:
        return vt is str
    if t == FLOAT:
        return vt is float
    if t == BOOL:
        return vt is bool
    if t == NIL:
        return value is None
    if t == LIST:
        return vt in LISTS
    if t == MAP:
        return vt in MAPS
    if t == BLOB:
        return vt is bytes
    if t == HLL:
        return vt is TypedBlob and value.subtype == AS_BYTES_HLL
    if t == GEOJSON:
        return vt is GeoJSON
    return False


PARTICLE_TYPES: Final = {
    int: 1, float: 2, str: 3, bytes: 4, bool: 17, GeoJSON: 23,
    list: 20, tuple: 20, OrderedList: 20, IndexedList: 20, IndexedOrderedList: 20, dict: 19, FlatMap: 19, KeyOrderedDict: 19, FlaggedMap: 19,
}


def particle_type(value: Any) -> int:
    """The server's particle type of a stored bin value (0: no bin)."""
    if value is None:
        return 0
    if type(value) is TypedBlob:
        return int(value.subtype)
    return PARTICLE_TYPES.get(type(value), 0)
