"""Arithmetic expressions (``aerospike_helpers.expressions.arithmetic``). Operands are int or float
expressions or literals, all of one type; ``+ - * / // ** %`` and ``abs``/``math.floor``/
``math.ceil`` on expressions build these too."""

from __future__ import annotations

from typing import Any

from .resources import _BaseExpr, _ExprOp, _operands

TypeNumber = Any
TypeFloat = Any
TypeInteger = Any


class _Unary(_BaseExpr):
    __slots__ = ()

    def __init__(self, value: Any) -> None:
        self._children = _operands(type(self).__name__, (value,))


class _Binary(_BaseExpr):
    __slots__ = ()

    def __init__(self, left: Any, right: Any) -> None:
        self._children = _operands(type(self).__name__, (left, right))


class Add(_BaseExpr):
    """The sum of the operands."""

    __slots__ = ()
    _op = _ExprOp.ADD


class Sub(_BaseExpr):
    """The first operand minus the others (with one operand: its negation)."""

    __slots__ = ()
    _op = _ExprOp.SUB


class Mul(_BaseExpr):
    """The product of the operands."""

    __slots__ = ()
    _op = _ExprOp.MUL


class Div(_BaseExpr):
    """The first operand divided by the others (integer division for ints)."""

    __slots__ = ()
    _op = _ExprOp.DIV


class Pow(_Binary):
    """``base ** exponent`` (floats)."""

    __slots__ = ()
    _op = _ExprOp.POW

    def __init__(self, base: TypeFloat, exponent: TypeFloat) -> None:
        super().__init__(base, exponent)


class Log(_Binary):
    """The logarithm of ``num`` in ``base`` (floats)."""

    __slots__ = ()
    _op = _ExprOp.LOG

    def __init__(self, num: TypeFloat, base: TypeFloat) -> None:
        super().__init__(num, base)


class Mod(_Binary):
    """``numerator % denominator`` (ints)."""

    __slots__ = ()
    _op = _ExprOp.MOD

    def __init__(self, numerator: TypeInteger, denominator: TypeInteger) -> None:
        super().__init__(numerator, denominator)


class Abs(_Unary):
    """The absolute value."""

    __slots__ = ()
    _op = _ExprOp.ABS


class Floor(_Unary):
    """The largest whole float not above the value."""

    __slots__ = ()
    _op = _ExprOp.FLOOR


class Ceil(_Unary):
    """The smallest whole float not below the value."""

    __slots__ = ()
    _op = _ExprOp.CEIL


class ToInt(_Unary):
    """A float truncated to an int."""

    __slots__ = ()
    _op = _ExprOp.TO_INT


class ToFloat(_Unary):
    """An int as a float."""

    __slots__ = ()
    _op = _ExprOp.TO_FLOAT


class Min(_BaseExpr):
    """The smallest operand."""

    __slots__ = ()
    _op = _ExprOp.MIN


class Max(_BaseExpr):
    """The largest operand."""

    __slots__ = ()
    _op = _ExprOp.MAX


__all__ = ["Abs", "Add", "Ceil", "Div", "Floor", "Log", "Max", "Min", "Mod", "Mul", "Pow", "Sub",
           "ToFloat", "ToInt"]
