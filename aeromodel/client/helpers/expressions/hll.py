"""HyperLogLog expressions (``aerospike_helpers.expressions.hll``): modifies answer the changed
HLL (the record is not written); reads answer counts, similarity, a union or a description."""

from __future__ import annotations

from typing import Any

from ... import op_codes as O
from ._cdt import HLL, MODIFY, _HLLCall, hll_flags
from .resources import ResultType, check_int

TypePolicy = Any
TypeBinName = Any
TypeListValue = Any
TypeValue = Any


def _bits(owner: str, arg: str, value: int | None) -> int:
    return -1 if value is None else check_int(owner, arg, value)


class HLLInit(_HLLCall):
    """Creates or resets the HLL (None bit counts: keep the bin's own)."""

    __slots__ = ()
    _system = HLL | MODIFY
    _code = O.HLL_INIT

    def __init__(self, policy: TypePolicy, index_bit_count: int | None,
                 mh_bit_count: int | None, bin: TypeBinName):
        args = (_bits("HLLInit", "index_bit_count", index_bit_count),
                _bits("HLLInit", "mh_bit_count", mh_bit_count), hll_flags("HLLInit", policy))
        self._setup(ResultType.HLL, None, args, bin)


class HLLAdd(_HLLCall):
    """Adds the values of ``list`` to the HLL, creating it with the bit counts when missing."""

    __slots__ = ()
    _system = HLL | MODIFY
    _code = O.HLL_ADD

    def __init__(self, policy: TypePolicy, list: TypeListValue, index_bit_count: int | None,
                 mh_bit_count: int | None, bin: TypeBinName):
        args = (list, _bits("HLLAdd", "index_bit_count", index_bit_count),
                _bits("HLLAdd", "mh_bit_count", mh_bit_count), hll_flags("HLLAdd", policy))
        self._setup(ResultType.HLL, None, args, bin)


class _Read(_HLLCall):
    __slots__ = ()
    _system = HLL


class HLLGetCount(_Read):
    """The estimated number of distinct values."""

    __slots__ = ()
    _code = O.HLL_COUNT

    def __init__(self, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (), bin)


class HLLGetUnion(_Read):
    """The union of the HLL with the HLLs of ``values`` (a list), as an HLL."""

    __slots__ = ()
    _code = O.HLL_GET_UNION

    def __init__(self, values: TypeValue, bin: TypeBinName):
        self._setup(ResultType.HLL, None, (values,), bin)


class HLLGetUnionCount(_Read):
    """The estimated count of the union with ``values``."""

    __slots__ = ()
    _code = O.HLL_UNION_COUNT

    def __init__(self, values: TypeValue, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (values,), bin)


class HLLGetIntersectCount(_Read):
    """The estimated count of the intersection with ``values``."""

    __slots__ = ()
    _code = O.HLL_INTERSECT_COUNT

    def __init__(self, values: TypeValue, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (values,), bin)


class HLLGetSimilarity(_Read):
    """The estimated similarity (Jaccard index) with ``values``, a float."""

    __slots__ = ()
    _code = O.HLL_SIMILARITY

    def __init__(self, values: TypeValue, bin: TypeBinName):
        self._setup(ResultType.FLOAT, None, (values,), bin)


class HLLDescribe(_Read):
    """``[index_bit_count, mh_bit_count]`` of the HLL."""

    __slots__ = ()
    _code = O.HLL_DESCRIBE

    def __init__(self, bin: TypeBinName):
        self._setup(ResultType.LIST, None, (), bin)


class HLLMayContain(_Read):
    """1 if every value of ``list`` may be in the HLL, else 0."""

    __slots__ = ()
    _code = O.HLL_MAY_CONTAIN

    def __init__(self, list: TypeListValue, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (list,), bin)


__all__ = [
    "HLLAdd", "HLLDescribe", "HLLGetCount", "HLLGetIntersectCount", "HLLGetSimilarity",
    "HLLGetUnion", "HLLGetUnionCount", "HLLInit", "HLLMayContain",
]
