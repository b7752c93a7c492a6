"""Map expressions: read or modify (a copy of) a map bin or nested map
(``aerospike_helpers.expressions.map``). Modifies answer the changed map; the record is not
written."""

from __future__ import annotations

from typing import Any

from ... import constants as C
from ... import op_codes as O
from ...ordering import INFINITY
from ._cdt import MODIFY, _MapCall, ctx_type, map_policy, map_type, rtype_of
from .resources import ResultType, _BaseExpr, _ExprOp, _operands, check_int

TypeCTX = Any
TypePolicy = Any
TypeKey = Any
TypeKeyList = Any
TypeValue = Any
TypeListValue = Any
TypeBinName = Any
TypeIndex = Any
TypeRank = Any
TypeCount = Any


class _Modify(_MapCall):
    __slots__ = ()
    _system = _MapCall._system | MODIFY

    def _modify(self, ctx: Any, args: tuple[Any, ...], bin: Any) -> None:
        self._setup(ctx_type(ctx, ResultType.MAP), ctx, args, bin)

    def _remove(self, ctx: Any, args: tuple[Any, ...], bin: Any, invert: bool = False) -> None:
        rt = rtype_of(type(self).__name__, C.MAP_RETURN_NONE, invert)
        self._modify(ctx, (rt, *args), bin)


class _Read(_MapCall):
    __slots__ = ()

    def _read(self, ctx: Any, return_type: int, invert: bool, args: tuple[Any, ...], bin: Any,
              multi: bool = True, value_type: int | None = None) -> None:
        owner = type(self).__name__
        rt = rtype_of(owner, return_type, invert)
        self._setup(map_type(owner, rt, multi, value_type), ctx, (rt, *args), bin)


class MapPut(_Modify):
    """Puts ``key: value``."""

    __slots__ = ()
    _code = O.MAP_PUT

    def __init__(
        self,
        ctx: TypeCTX,
        policy: TypePolicy,
        key: TypeKey,
        value: TypeValue,
        bin: TypeBinName,
    ):
        self._modify(ctx, (key, value, *map_policy("MapPut", policy)), bin)


class MapPutItems(_Modify):
    """Puts every entry of ``map``."""

    __slots__ = ()
    _code = O.MAP_PUT_ITEMS

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, map: Any, bin: TypeBinName):
        self._modify(ctx, (map, *map_policy("MapPutItems", policy)), bin)


class MapIncrement(_Modify):
    """Adds ``value`` to the number at ``key``."""

    __slots__ = ()
    _code = O.MAP_INCREMENT

    def __init__(
        self,
        ctx: TypeCTX,
        policy: TypePolicy,
        key: TypeKey,
        value: TypeValue,
        bin: TypeBinName,
    ):
        self._modify(ctx, (key, value, *map_policy("MapIncrement", policy)), bin)


class MapClear(_Modify):
    """Removes every entry."""

    __slots__ = ()
    _code = O.MAP_CLEAR

    def __init__(self, ctx: TypeCTX, bin: TypeBinName):
        self._modify(ctx, (), bin)


class MapRemoveByKey(_Modify):
    """Removes the entry with ``key``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_KEY

    def __init__(self, ctx: TypeCTX, key: TypeKey, bin: TypeBinName):
        self._remove(ctx, (key,), bin)


class MapRemoveByKeyList(_Modify):
    """Removes the entries whose key is in ``keys``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_KEY_LIST

    def __init__(self, ctx: TypeCTX, keys: TypeKeyList, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (keys,), bin, inverted)


class MapRemoveByKeyRange(_Modify):
    """Removes the entries with keys in ``[begin, end)`` (``end`` None: no upper bound)."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_KEY_INTERVAL

    def __init__(
        self,
        ctx: TypeCTX,
        begin: TypeValue,
        end: TypeValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (begin, INFINITY if end is None else end), bin, inverted)


class MapRemoveByKeyRelIndexRangeToEnd(_Modify):
    """Removes the entries from ``index`` relative to ``key`` to the end."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        key: TypeKey,
        index: TypeIndex,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (key, index), bin, inverted)


class MapRemoveByKeyRelIndexRange(_Modify):
    """Removes ``count`` entries from ``index`` relative to ``key``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        key: TypeKey,
        index: TypeIndex,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (key, index, count), bin, inverted)


class MapRemoveByValue(_Modify):
    """Removes the entries whose value is ``value``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_ALL_BY_VALUE

    def __init__(self, ctx: TypeCTX, value: TypeValue, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (value,), bin, inverted)


class MapRemoveByValueList(_Modify):
    """Removes the entries whose value is in ``values``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_VALUE_LIST

    def __init__(
        self,
        ctx: TypeCTX,
        values: TypeListValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (values,), bin, inverted)


class MapRemoveByValueRange(_Modify):
    """Removes the entries with values in ``[begin, end)``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_VALUE_INTERVAL

    def __init__(
        self,
        ctx: TypeCTX,
        begin: TypeValue,
        end: TypeValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (begin, end), bin, inverted)


class MapRemoveByValueRelRankRangeToEnd(_Modify):
    """Removes the entries from rank ``rank`` relative to ``value`` to the end."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        value: TypeValue,
        rank: TypeRank,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (value, rank), bin, inverted)


class MapRemoveByValueRelRankRange(_Modify):
    """Removes ``count`` entries from rank ``rank`` relative to ``value``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        value: TypeValue,
        rank: TypeRank,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (value, rank, count), bin, inverted)


class MapRemoveByIndex(_Modify):
    """Removes the entry at ``index`` (key order)."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_INDEX

    def __init__(self, ctx: TypeCTX, index: TypeIndex, bin: TypeBinName):
        self._remove(ctx, (index,), bin)


class MapRemoveByIndexRangeToEnd(_Modify):
    """Removes the entries from ``index`` to the end."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_INDEX_RANGE

    def __init__(self, ctx: TypeCTX, index: TypeIndex, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (index,), bin, inverted)


class MapRemoveByIndexRange(_Modify):
    """Removes ``count`` entries from ``index``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        index: TypeIndex,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (index, count), bin, inverted)


class MapRemoveByRank(_Modify):
    """Removes the entry of value rank ``rank``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_RANK

    def __init__(self, ctx: TypeCTX, rank: TypeRank, bin: TypeBinName):
        self._remove(ctx, (rank,), bin)


class MapRemoveByRankRangeToEnd(_Modify):
    """Removes the entries from rank ``rank`` to the largest."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_RANK_RANGE

    def __init__(self, ctx: TypeCTX, rank: TypeRank, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (rank,), bin, inverted)


class MapRemoveByRankRange(_Modify):
    """Removes ``count`` entries from rank ``rank``."""

    __slots__ = ()
    _code = O.MAP_REMOVE_BY_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        rank: TypeRank,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._remove(ctx, (rank, count), bin, inverted)


class MapSize(_MapCall):
    """The number of entries."""

    __slots__ = ()
    _code = O.MAP_SIZE

    def __init__(self, ctx: TypeCTX, bin: TypeBinName):
        self._setup(ResultType.INTEGER, ctx, (), bin)


class MapGetByKey(_Read):
    """The entry with ``key``; ``value_type`` is what it answers."""

    __slots__ = ()
    _code = O.MAP_GET_BY_KEY

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value_type: int,
        key: TypeKey,
        bin: TypeBinName,
    ):
        self._read(ctx, return_type, False, (key,), bin, False,
                   check_int("MapGetByKey", "value_type", value_type))


class MapGetByKeyRange(_Read):
    """The entries with keys in ``[begin, end)``."""

    __slots__ = ()
    _code = O.MAP_GET_BY_KEY_INTERVAL

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        begin: TypeValue,
        end: TypeValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (begin, end), bin)


class MapGetByKeyList(_Read):
    """The entries whose key is in ``keys``."""

    __slots__ = ()
    _code = O.MAP_GET_BY_KEY_LIST

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        keys: TypeKeyList,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (keys,), bin)


class MapGetByKeyRelIndexRangeToEnd(_Read):
    """The entries from ``index`` relative to ``key`` to the end."""

    __slots__ = ()
    _code = O.MAP_GET_BY_KEY_REL_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        key: TypeKey,
        index: TypeIndex,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (key, index), bin)


class MapGetByKeyRelIndexRange(_Read):
    """``count`` entries from ``index`` relative to ``key``."""

    __slots__ = ()
    _code = O.MAP_GET_BY_KEY_REL_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        key: TypeKey,
        index: TypeIndex,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (key, index, count), bin)


class MapGetByValue(_Read):
    """The entries whose value is ``value``."""

    __slots__ = ()
    _code = O.MAP_GET_ALL_BY_VALUE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value: TypeValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (value,), bin)


class MapGetByValueRange(_Read):
    """The entries with values in ``[value_begin, value_end)`` (``value_end`` None: no upper
    bound)."""

    __slots__ = ()
    _code = O.MAP_GET_BY_VALUE_INTERVAL

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value_begin: TypeValue,
        value_end: TypeValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        end = INFINITY if value_end is None else value_end
        self._read(ctx, return_type, inverted, (value_begin, end), bin)


class MapGetByValueList(_Read):
    """The entries whose value is in ``value`` (a list)."""

    __slots__ = ()
    _code = O.MAP_GET_BY_VALUE_LIST

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value: TypeValue,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (value,), bin)


class MapGetByValueRelRankRangeToEnd(_Read):
    """The entries from rank ``rank`` relative to ``value`` to the end."""

    __slots__ = ()
    _code = O.MAP_GET_BY_VALUE_REL_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value: TypeValue,
        rank: TypeRank,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (value, rank), bin)


class MapGetByValueRelRankRange(_Read):
    """``count`` entries from rank ``rank`` relative to ``value``."""

    __slots__ = ()
    _code = O.MAP_GET_BY_VALUE_REL_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value: TypeValue,
        rank: TypeRank,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (value, rank, count), bin)


class MapGetByIndex(_Read):
    """The entry at ``index`` (key order); ``value_type`` is what it answers."""

    __slots__ = ()
    _code = O.MAP_GET_BY_INDEX

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value_type: int,
        index: TypeIndex,
        bin: TypeBinName,
    ):
        self._read(ctx, return_type, False, (index,), bin, False,
                   check_int("MapGetByIndex", "value_type", value_type))


class MapGetByIndexRangeToEnd(_Read):
    """The entries from ``index`` to the end."""

    __slots__ = ()
    _code = O.MAP_GET_BY_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        index: TypeIndex,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (index,), bin)


class MapGetByIndexRange(_Read):
    """``count`` entries from ``index``."""

    __slots__ = ()
    _code = O.MAP_GET_BY_INDEX_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        index: TypeIndex,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (index, count), bin)


class MapGetByRank(_Read):
    """The entry of value rank ``rank``; ``value_type`` is what it answers."""

    __slots__ = ()
    _code = O.MAP_GET_BY_RANK

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        value_type: int,
        rank: TypeRank,
        bin: TypeBinName,
    ):
        self._read(ctx, return_type, False, (rank,), bin, False,
                   check_int("MapGetByRank", "value_type", value_type))


class MapGetByRankRangeToEnd(_Read):
    """The entries from rank ``rank`` to the largest."""

    __slots__ = ()
    _code = O.MAP_GET_BY_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        rank: TypeRank,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (rank,), bin)


class MapGetByRankRange(_Read):
    """``count`` entries from rank ``rank``."""

    __slots__ = ()
    _code = O.MAP_GET_BY_RANK_RANGE

    def __init__(
        self,
        ctx: TypeCTX,
        return_type: int,
        rank: TypeRank,
        count: TypeCount,
        bin: TypeBinName,
        inverted: bool = False,
    ):
        self._read(ctx, return_type, inverted, (rank, count), bin)


class MapGetKeys(_BaseExpr):
    """The keys of a map expression, as a list."""

    __slots__ = ()
    _op = _ExprOp.MAP_KEYS_IN

    def __init__(self, map_value: Any):
        self._children = _operands("MapGetKeys", (map_value,))


class MapGetValues(_BaseExpr):
    """The values of a map expression, as a list."""

    __slots__ = ()
    _op = _ExprOp.MAP_VALUES_IN

    def __init__(self, map_value: Any):
        self._children = _operands("MapGetValues", (map_value,))


__all__ = [
    "MapClear",
    "MapGetByIndex",
    "MapGetByIndexRange",
    "MapGetByIndexRangeToEnd",
    "MapGetByKey",
    "MapGetByKeyList",
    "MapGetByKeyRange",
    "MapGetByKeyRelIndexRange",
    "MapGetByKeyRelIndexRangeToEnd",
    "MapGetByRank",
    "MapGetByRankRange",
    "MapGetByRankRangeToEnd",
    "MapGetByValue",
    "MapGetByValueList",
    "MapGetByValueRange",
    "MapGetByValueRelRankRange",
    "MapGetByValueRelRankRangeToEnd",
    "MapGetKeys",
    "MapGetValues",
    "MapIncrement",
    "MapPut",
    "MapPutItems",
    "MapRemoveByIndex",
    "MapRemoveByIndexRange",
    "MapRemoveByIndexRangeToEnd",
    "MapRemoveByKey",
    "MapRemoveByKeyList",
    "MapRemoveByKeyRange",
    "MapRemoveByKeyRelIndexRange",
    "MapRemoveByKeyRelIndexRangeToEnd",
    "MapRemoveByRank",
    "MapRemoveByRankRange",
    "MapRemoveByRankRangeToEnd",
    "MapRemoveByValue",
    "MapRemoveByValueList",
    "MapRemoveByValueRange",
    "MapRemoveByValueRelRankRange",
    "MapRemoveByValueRelRankRangeToEnd",
    "MapSize",
]
