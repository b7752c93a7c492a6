"""Bitwise operators on 64-bit ints (``aerospike_helpers.expressions.bitwise_operators``)."""

from __future__ import annotations

from typing import Any

from .resources import _BaseExpr, _ExprOp, _operands

TypeInteger = Any
TypeBool = Any


class IntAnd(_BaseExpr):
    """The bitwise and of the operands."""

    __slots__ = ()
    _op = _ExprOp.INT_AND


class IntOr(_BaseExpr):
    """The bitwise or of the operands."""

    __slots__ = ()
    _op = _ExprOp.INT_OR


class IntXOr(_BaseExpr):
    """The bitwise exclusive or of the operands."""

    __slots__ = ()
    _op = _ExprOp.INT_XOR


class IntNot(_BaseExpr):
    """The bitwise inverse."""

    __slots__ = ()
    _op = _ExprOp.INT_NOT

    def __init__(self, expr: TypeInteger) -> None:
        self._children = _operands("IntNot", (expr,))


class _Shift(_BaseExpr):
    __slots__ = ()

    def __init__(self, value: TypeInteger, shift: TypeInteger) -> None:
        self._children = _operands(type(self).__name__, (value, shift))


class IntLeftShift(_Shift):
    """``value << shift``."""

    __slots__ = ()
    _op = _ExprOp.INT_LSHIFT


class IntRightShift(_Shift):
    """``value >> shift``, shifting in zeros."""

    __slots__ = ()
    _op = _ExprOp.INT_RSHIFT


class IntArithmeticRightShift(_Shift):
    """``value >> shift``, keeping the sign."""

    __slots__ = ()
    _op = _ExprOp.INT_ARSHIFT


class IntCount(_BaseExpr):
    """The number of set bits."""

    __slots__ = ()
    _op = _ExprOp.INT_COUNT

    def __init__(self, value: TypeInteger) -> None:
        self._children = _operands("IntCount", (value,))


class _Scan(_BaseExpr):
    __slots__ = ()

    def __init__(self, value: TypeInteger, search: TypeBool) -> None:
        self._children = _operands(type(self).__name__, (value, search))


class IntLeftScan(_Scan):
    """The position of the first bit equal to ``search``, from the most significant (-1: none)."""

    __slots__ = ()
    _op = _ExprOp.INT_LSCAN


class IntRightScan(_Scan):
    """The position of the first bit equal to ``search``, from the least significant."""

    __slots__ = ()
    _op = _ExprOp.INT_RSCAN


__all__ = ["IntAnd", "IntArithmeticRightShift", "IntCount", "IntLeftScan", "IntLeftShift", "IntNot",
           "IntOr", "IntRightScan", "IntRightShift", "IntXOr"]
