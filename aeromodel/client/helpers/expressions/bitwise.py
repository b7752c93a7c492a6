"""Bit expressions on (a copy of) a blob bin (``aerospike_helpers.expressions.bitwise``). Modifies
answer the changed blob; reads answer bytes, ints or text. Offsets and sizes may be expressions."""

from __future__ import annotations

from typing import Any, Final

from ... import op_codes as O
from ._cdt import BITS, MODIFY, _BitCall, bit_flags
from .resources import ResultType, check_int

TypePolicy = Any
TypeBinName = Any
TypeBitValue = Any

_B64_ENCODE: Final = 55


class _Modify(_BitCall):
    __slots__ = ()
    _system = BITS | MODIFY

    def _modify(self, args: tuple[Any, ...], bin: Any) -> None:
        self._setup(ResultType.BLOB, None, args, bin)


class _Read(_BitCall):
    __slots__ = ()
    _system = BITS


class BitResize(_Modify):
    """Resizes the blob to ``byte_size`` bytes (``flags``: ``BIT_RESIZE_*``)."""

    __slots__ = ()
    _code = O.BIT_RESIZE

    def __init__(self, policy: TypePolicy, byte_size: int, flags: int | None, bin: TypeBinName):
        pol = bit_flags("BitResize", policy)
        resize = 0 if flags is None else check_int("BitResize", "flags", flags)  # None: 0, as official
        self._modify((byte_size, pol, resize), bin)


class BitInsert(_Modify):
    """Inserts the bytes ``value`` at ``byte_offset``."""

    __slots__ = ()
    _code = O.BIT_INSERT

    def __init__(self, policy: TypePolicy, byte_offset: int, value: TypeBitValue,
                 bin: TypeBinName):
        self._modify((byte_offset, value, bit_flags("BitInsert", policy)), bin)


class BitRemove(_Modify):
    """Removes ``byte_size`` bytes from ``byte_offset``."""

    __slots__ = ()
    _code = O.BIT_REMOVE

    def __init__(self, policy: TypePolicy, byte_offset: int, byte_size: int, bin: TypeBinName):
        self._modify((byte_offset, byte_size, bit_flags("BitRemove", policy)), bin)


class _Logic(_Modify):
    """set / or / xor / and: ``bit_size`` bits at ``bit_offset`` with the bytes ``value``."""

    __slots__ = ()

    def __init__(self, policy: TypePolicy, bit_offset: int, bit_size: int, value: TypeBitValue,
                 bin: TypeBinName):
        flags = bit_flags(type(self).__name__, policy)
        self._modify((bit_offset, bit_size, value, flags), bin)


class BitSet(_Logic):
    """Overwrites ``bit_size`` bits at ``bit_offset`` with ``value``."""

    __slots__ = ()
    _code = O.BIT_SET


class BitOr(_Logic):
    """Ors ``value`` into ``bit_size`` bits at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_OR


class BitXor(_Logic):
    """Xors ``value`` into ``bit_size`` bits at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_XOR


class BitAnd(_Logic):
    """Ands ``value`` into ``bit_size`` bits at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_AND


class BitNot(_Modify):
    """Inverts ``bit_size`` bits at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_NOT

    def __init__(self, policy: TypePolicy, bit_offset: int, bit_size: int, bin: TypeBinName):
        self._modify((bit_offset, bit_size, bit_flags("BitNot", policy)), bin)


class _Shift(_Modify):
    __slots__ = ()

    def __init__(self, policy: TypePolicy, bit_offset: int, bit_size: int, shift: int,
                 bin: TypeBinName):
        flags = bit_flags(type(self).__name__, policy)
        self._modify((bit_offset, bit_size, shift, flags), bin)


class BitLeftShift(_Shift):
    """Shifts ``bit_size`` bits at ``bit_offset`` left by ``shift``."""

    __slots__ = ()
    _code = O.BIT_LSHIFT


class BitRightShift(_Shift):
    """Shifts ``bit_size`` bits at ``bit_offset`` right by ``shift``."""

    __slots__ = ()
    _code = O.BIT_RSHIFT


class _Math(_Modify):
    __slots__ = ()

    def __init__(self, policy: TypePolicy, bit_offset: int, bit_size: int, value: int,
                 action: int, bin: TypeBinName):
        owner = type(self).__name__
        flags = bit_flags(owner, policy)
        self._modify((bit_offset, bit_size, value, flags, check_int(owner, "action", action)), bin)


class BitAdd(_Math):
    """Adds ``value`` to the ``bit_size``-bit int at ``bit_offset`` (``action``: overflow)."""

    __slots__ = ()
    _code = O.BIT_ADD


class BitSubtract(_Math):
    """Subtracts ``value`` from the ``bit_size``-bit int at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_SUBTRACT


class BitSetInt(_Modify):
    """Writes the int ``value`` into ``bit_size`` bits at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_SET_INT

    def __init__(self, policy: TypePolicy, bit_offset: int, bit_size: int, value: int,
                 bin: TypeBinName):
        self._modify((bit_offset, bit_size, value, bit_flags("BitSetInt", policy)), bin)


class BitGet(_Read):
    """The ``bit_size`` bits at ``bit_offset``, as bytes."""

    __slots__ = ()
    _code = O.BIT_GET

    def __init__(self, bit_offset: int, bit_size: int, bin: TypeBinName):
        self._setup(ResultType.BLOB, None, (bit_offset, bit_size), bin)


class BitCount(_Read):
    """The number of set bits among ``bit_size`` bits at ``bit_offset``."""

    __slots__ = ()
    _code = O.BIT_COUNT

    def __init__(self, bit_offset: int, bit_size: int, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (bit_offset, bit_size), bin)


class BitLeftScan(_Read):
    """The position of the first bit equal to ``value`` (-1: none), scanning left to right."""

    __slots__ = ()
    _code = O.BIT_LSCAN

    def __init__(self, bit_offset: int, bit_size: int, value: bool, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (bit_offset, bit_size, value), bin)


class BitRightScan(_Read):
    """The position of the last bit equal to ``value`` (-1: none)."""

    __slots__ = ()
    _code = O.BIT_RSCAN

    def __init__(self, bit_offset: int, bit_size: int, value: bool, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (bit_offset, bit_size, value), bin)


class BitGetInt(_Read):
    """The ``bit_size`` bits at ``bit_offset`` as an int (``sign``: two's complement)."""

    __slots__ = ()
    _code = O.BIT_GET_INT

    def __init__(self, bit_offset: int, bit_size: int, sign: bool, bin: TypeBinName):
        self._setup(ResultType.INTEGER, None, (bit_offset, bit_size, 1 if sign else 0), bin)


class BitB64Encode(_Read):
    """Base64 text of ``byte_size`` bytes at ``byte_offset`` (``byte_size`` None: the whole blob;
    ``invert_size``: the bytes outside that range)."""

    __slots__ = ()
    _code = _B64_ENCODE

    def __init__(self, byte_offset: int, byte_size: int | None, invert_size: bool,
                 bin: TypeBinName):
        args = () if byte_size is None else (byte_offset, byte_size, 1 if invert_size else 0)
        self._setup(ResultType.STRING, None, args, bin)


__all__ = [
    "BitAdd", "BitAnd", "BitB64Encode", "BitCount", "BitGet", "BitGetInt", "BitInsert",
    "BitLeftScan", "BitLeftShift", "BitNot", "BitOr", "BitRemove", "BitResize", "BitRightScan",
    "BitRightShift", "BitSet", "BitSetInt", "BitSubtract", "BitXor",
]
