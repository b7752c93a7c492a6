"""List expressions: read or modify (a copy of) a list bin or nested list
(``aerospike_helpers.expressions.list``). Modifies answer the changed list; the record is not
written."""

from __future__ import annotations

from typing import Any, Final

from ... import constants as C
from ... import op_codes as O
from ...ordering import INFINITY
from ._cdt import MODIFY, _ListCall, ctx_type, list_policy, list_type, rtype_of
from .resources import ResultType, _BaseExpr, _ExprOp, _operands, check_int

TypeCTX = Any
TypePolicy = Any
TypeValue = Any
TypeListValue = Any
TypeBinName = Any
TypeIndex = Any
TypeRank = Any
TypeCount = Any

_JOIN: Final = 28
_LIST: Final = ResultType.LIST


class _Modify(_ListCall):
    __slots__ = ()
    _system = _ListCall._system | MODIFY

    def _modify(self, ctx: Any, args: tuple[Any, ...], bin: Any) -> None:
        self._setup(ctx_type(ctx, _LIST), ctx, args, bin)


class _Remove(_Modify):
    """A remove: (return type NONE, with the inverted flag when asked) then its operands."""

    __slots__ = ()

    def _remove(self, ctx: Any, args: tuple[Any, ...], bin: Any, invert: bool = False) -> None:
        rt = rtype_of(type(self).__name__, C.LIST_RETURN_NONE, invert)
        self._modify(ctx, (rt, *args), bin)


class _Read(_ListCall):
    __slots__ = ()

    def _read(self, ctx: Any, return_type: int, invert: bool, args: tuple[Any, ...], bin: Any,
              multi: bool = True, value_type: int | None = None) -> None:
        owner = type(self).__name__
        rt = rtype_of(owner, return_type, invert)
        self._setup(list_type(owner, rt, multi, value_type), ctx, (rt, *args), bin)


class ListAppend(_Modify):
    """Appends ``value`` to the list."""

    __slots__ = ()
    _code = O.LIST_APPEND

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, value: TypeValue, bin: TypeBinName):
        self._modify(ctx, (value, *list_policy("ListAppend", policy, True)), bin)


class ListAppendItems(_Modify):
    """Appends each item of ``value`` to the list."""

    __slots__ = ()
    _code = O.LIST_APPEND_ITEMS

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, value: TypeValue, bin: TypeBinName):
        self._modify(ctx, (value, *list_policy("ListAppendItems", policy, True)), bin)


class ListInsert(_Modify):
    """Inserts ``value`` at ``index``."""

    __slots__ = ()
    _code = O.LIST_INSERT

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, index: TypeIndex, value: TypeValue,
                 bin: TypeBinName):
        self._modify(ctx, (index, value, *list_policy("ListInsert", policy, False)), bin)


class ListInsertItems(_Modify):
    """Inserts the items of ``values`` at ``index``."""

    __slots__ = ()
    _code = O.LIST_INSERT_ITEMS

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, index: TypeIndex, values: TypeListValue,
                 bin: TypeBinName):
        self._modify(ctx, (index, values, *list_policy("ListInsertItems", policy, False)), bin)


class ListIncrement(_Modify):
    """Adds ``value`` to the number at ``index``."""

    __slots__ = ()
    _code = O.LIST_INCREMENT

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, index: TypeIndex, value: TypeValue,
                 bin: TypeBinName):
        self._modify(ctx, (index, value, *list_policy("ListIncrement", policy, True)), bin)


class ListSet(_Modify):
    """Sets the item at ``index`` to ``value``."""

    __slots__ = ()
    _code = O.LIST_SET

    def __init__(self, ctx: TypeCTX, policy: TypePolicy, index: TypeIndex, value: TypeValue,
                 bin: TypeBinName):
        self._modify(ctx, (index, value, *list_policy("ListSet", policy, False)), bin)


class ListClear(_Modify):
    """Removes every item."""

    __slots__ = ()
    _code = O.LIST_CLEAR

    def __init__(self, ctx: TypeCTX, bin: TypeBinName):
        self._modify(ctx, (), bin)


class ListSort(_Modify):
    """Sorts the list (``order``: ``LIST_SORT_*`` flags)."""

    __slots__ = ()
    _code = O.LIST_SORT

    def __init__(self, ctx: TypeCTX, order: int, bin: TypeBinName):
        self._modify(ctx, (check_int("ListSort", "order", order),), bin)


class ListRemoveByValue(_Remove):
    """Removes the items equal to ``value``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_ALL_BY_VALUE

    def __init__(self, ctx: TypeCTX, value: TypeValue, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (value,), bin, inverted)


class ListRemoveByValueList(_Remove):
    """Removes the items equal to any of ``values``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_ALL_BY_VALUE_LIST

    def __init__(self, ctx: TypeCTX, values: TypeListValue, bin: TypeBinName,
                 inverted: bool = False):
        self._remove(ctx, (values,), bin, inverted)


class ListRemoveByValueRange(_Remove):
    """Removes the items in ``[begin, end)`` (``end`` None: no upper bound)."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_VALUE_INTERVAL

    def __init__(self, ctx: TypeCTX, begin: TypeValue, end: TypeValue, bin: TypeBinName,
                 inverted: bool = False):
        self._remove(ctx, (begin, INFINITY if end is None else end), bin, inverted)


class ListRemoveByValueRelRankToEnd(_Remove):
    """Removes the items from rank ``rank`` relative to ``value`` to the end."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE

    def __init__(self, ctx: TypeCTX, value: TypeValue, rank: TypeRank, bin: TypeBinName,
                 inverted: bool = False):
        self._remove(ctx, (value, rank), bin, inverted)


class ListRemoveByValueRelRankRange(_Remove):
    """Removes ``count`` items from rank ``rank`` relative to ``value``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE

    def __init__(self, ctx: TypeCTX, value: TypeValue, rank: TypeRank, count: TypeCount,
                 bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (value, rank, count), bin, inverted)


class ListRemoveByIndex(_Remove):
    """Removes the item at ``index``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_INDEX

    def __init__(self, ctx: TypeCTX, index: TypeIndex, bin: TypeBinName):
        self._remove(ctx, (index,), bin)


class ListRemoveByIndexRangeToEnd(_Remove):
    """Removes the items from ``index`` to the end."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_INDEX_RANGE

    def __init__(self, ctx: TypeCTX, index: TypeIndex, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (index,), bin, inverted)


class ListRemoveByIndexRange(_Remove):
    """Removes ``count`` items from ``index``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_INDEX_RANGE

    def __init__(self, ctx: TypeCTX, index: TypeIndex, count: TypeCount, bin: TypeBinName,
                 inverted: bool = False):
        self._remove(ctx, (index, count), bin, inverted)


class ListRemoveByRank(_Remove):
    """Removes the item of rank ``rank``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_RANK

    def __init__(self, ctx: TypeCTX, rank: TypeRank, bin: TypeBinName):
        self._remove(ctx, (rank,), bin)


class ListRemoveByRankRangeToEnd(_Remove):
    """Removes the items from rank ``rank`` to the largest."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_RANK_RANGE

    def __init__(self, ctx: TypeCTX, rank: TypeRank, bin: TypeBinName, inverted: bool = False):
        self._remove(ctx, (rank,), bin, inverted)


class ListRemoveByRankRange(_Remove):
    """Removes ``count`` items from rank ``rank``."""

    __slots__ = ()
    _code = O.LIST_REMOVE_BY_RANK_RANGE

    def __init__(self, ctx: TypeCTX, rank: TypeRank, count: TypeCount, bin: TypeBinName,
                 inverted: bool = False):
        self._remove(ctx, (rank, count), bin, inverted)


class ListSize(_ListCall):
    """The number of items."""

    __slots__ = ()
    _code = O.LIST_SIZE

    def __init__(self, ctx: TypeCTX, bin: TypeBinName):
        self._setup(ResultType.INTEGER, ctx, (), bin)


class ListGetByValue(_Read):
    """The items equal to ``value``, as ``return_type`` asks."""

    __slots__ = ()
    _code = O.LIST_GET_ALL_BY_VALUE

    def __init__(self, ctx: TypeCTX, return_type: int, value: TypeValue, bin: TypeBinName,
                 inverted: bool = False):
        self._read(ctx, return_type, inverted, (value,), bin)


class ListGetByValueRange(_Read):
    """The items in ``[value_begin, value_end)``."""

    __slots__ = ()
    _code = O.LIST_GET_BY_VALUE_INTERVAL

    def __init__(self, ctx: TypeCTX, return_type: int, value_begin: TypeValue,
                 value_end: TypeValue, bin: TypeBinName, inverted: bool = False):
        self._read(ctx, return_type, inverted, (value_begin, value_end), bin)


class ListGetByValueList(_Read):
    """The items equal to any of ``value`` (a list)."""

    __slots__ = ()
    _code = O.LIST_GET_ALL_BY_VALUE_LIST

    def __init__(self, ctx: TypeCTX, return_type: int, value: TypeListValue, bin: TypeBinName,
                 inverted: bool = False):
        self._read(ctx, return_type, inverted, (value,), bin)


class ListGetByValueRelRankRangeToEnd(_Read):
    """The items from rank ``rank`` relative to ``value`` to the end."""

    __slots__ = ()
    _code = O.LIST_GET_BY_VALUE_REL_RANK_RANGE

    def __init__(self, ctx: TypeCTX, return_type: int, value: TypeValue, rank: TypeRank,
                 bin: TypeBinName, inverted: bool = False):
        self._read(ctx, return_type, inverted, (value, rank), bin)


class ListGetByValueRelRankRange(_Read):
    """``count`` items from rank ``rank`` relative to ``value``."""

    __slots__ = ()
    _code = O.LIST_GET_BY_VALUE_REL_RANK_RANGE

    def __init__(self, ctx: TypeCTX, return_type: int, value: TypeValue, rank: TypeRank,
                 count: TypeCount, bin: TypeBinName, inverted: bool = False):
        self._read(ctx, return_type, inverted, (value, rank, count), bin)


class ListGetByIndex(_Read):
    """The item at ``index``; ``value_type`` is its type (a ``ResultType``)."""

    __slots__ = ()
    _code = O.LIST_GET_BY_INDEX

    def __init__(self, ctx: TypeCTX, return_type: int, value_type: int, index: TypeIndex,
                 bin: TypeBinName):
        self._read(ctx, return_type, False, (index,), bin, False,
                   check_int("ListGetByIndex", "value_type", value_type))


class ListGetByIndexRangeToEnd(_Read):
    """The items from ``index`` to the end."""

    __slots__ = ()
    _code = O.LIST_GET_BY_INDEX_RANGE

    def __init__(self, ctx: TypeCTX, return_type: int, index: TypeIndex, bin: TypeBinName,
                 inverted: bool = False):
        self._read(ctx, return_type, inverted, (index,), bin)


class ListGetByIndexRange(_Read):
    """``count`` items from ``index``."""

    __slots__ = ()
    _code = O.LIST_GET_BY_INDEX_RANGE

    def __init__(self, ctx: TypeCTX, return_type: int, index: TypeIndex, count: TypeCount,
                 bin: TypeBinName, inverted: bool = False):
        self._read(ctx, return_type, inverted, (index, count), bin)


class ListGetByRank(_Read):
    """The item of rank ``rank``; ``value_type`` is its type (a ``ResultType``)."""

    __slots__ = ()
    _code = O.LIST_GET_BY_RANK

    def __init__(self, ctx: TypeCTX, return_type: int, value_type: int, rank: TypeRank,
                 bin: TypeBinName):
        self._read(ctx, return_type, False, (rank,), bin, False,
                   check_int("ListGetByRank", "value_type", value_type))


class ListGetByRankRangeToEnd(_Read):
    """The items from rank ``rank`` to the largest."""

    __slots__ = ()
    _code = O.LIST_GET_BY_RANK_RANGE

    def __init__(self, ctx: TypeCTX, return_type: int, rank: TypeRank, bin: TypeBinName,
                 inverted: bool = False):
        self._read(ctx, return_type, inverted, (rank,), bin)


class ListGetByRankRange(_Read):
    """``count`` items from rank ``rank``."""

    __slots__ = ()
    _code = O.LIST_GET_BY_RANK_RANGE

    def __init__(self, ctx: TypeCTX, return_type: int, rank: TypeRank, count: TypeCount,
                 bin: TypeBinName, inverted: bool = False):
        self._read(ctx, return_type, inverted, (rank, count), bin)


class ListJoin(_ListCall):
    """The list's str items joined with ``separator`` (None: no separator)."""

    __slots__ = ()
    _code = _JOIN

    def __init__(self, ctx: TypeCTX, separator: str | None, bin: TypeBinName):
        self._setup(ResultType.STRING, ctx, () if separator is None else (separator,), bin)


class InList(_BaseExpr):
    """True if ``value`` is an item of the list ``bin`` (a bin name or a list expression)."""

    __slots__ = ()
    _op = _ExprOp.IN_LIST

    def __init__(self, value: TypeValue, bin: TypeBinName):
        from .base import ListBin

        target = ListBin(bin) if isinstance(bin, str) else bin
        self._children = _operands("InList", (value, target))


__all__ = [
    "InList", "ListAppend", "ListAppendItems", "ListClear", "ListGetByIndex", "ListGetByIndexRange",
    "ListGetByIndexRangeToEnd", "ListGetByRank", "ListGetByRankRange", "ListGetByRankRangeToEnd",
    "ListGetByValue", "ListGetByValueList", "ListGetByValueRange", "ListGetByValueRelRankRange",
    "ListGetByValueRelRankRangeToEnd", "ListIncrement", "ListInsert", "ListInsertItems", "ListJoin",
    "ListRemoveByIndex", "ListRemoveByIndexRange", "ListRemoveByIndexRangeToEnd",
    "ListRemoveByRank", "ListRemoveByRankRange", "ListRemoveByRankRangeToEnd", "ListRemoveByValue",
    "ListRemoveByValueList", "ListRemoveByValueRange", "ListRemoveByValueRelRankRange",
    "ListRemoveByValueRelRankToEnd", "ListSet", "ListSize", "ListSort",
]
