"""What every expression shares: result types, return-type flags, and the node base class.

A node knows its own wire form (``_pack``); ``compile()`` walks the tree once into a ``Writer`` and
returns the bytes the server decodes. Python operators on nodes build arithmetic nodes, as in the
official helpers.
"""

from __future__ import annotations

from typing import Any, ClassVar, Final

from ...values import Expression
from ._wire import Writer, bad


class ResultType:
    """The type an expression evaluates to (the server's ``as_exp_type``)."""

    NIL: Final = 0
    BOOLEAN: Final = 1
    INTEGER: Final = 2
    STRING: Final = 3
    LIST: Final = 4
    MAP: Final = 5
    BLOB: Final = 6
    FLOAT: Final = 7
    GEOJSON: Final = 8
    HLL: Final = 9


class ReturnType:
    """The inverted flag or-ed into a list or map return type (``inverted=True``)."""

    LIST_RETURN_INVERTED: Final = 0x10000
    MAP_RETURN_INVERTED: Final = 0x10000


class _ExprOp:
    """Wire op codes of the expression language (as_exp.h)."""

    UNKNOWN: Final = 0
    EQ: Final = 1
    NE: Final = 2
    GT: Final = 3
    GE: Final = 4
    LT: Final = 5
    LE: Final = 6
    CMP_REGEX: Final = 7
    CMP_GEO: Final = 8
    IN_LIST: Final = 9
    AND: Final = 16
    OR: Final = 17
    NOT: Final = 18
    EXCLUSIVE: Final = 19
    ADD: Final = 20
    SUB: Final = 21
    MUL: Final = 22
    DIV: Final = 23
    POW: Final = 24
    LOG: Final = 25
    MOD: Final = 26
    ABS: Final = 27
    FLOOR: Final = 28
    CEIL: Final = 29
    TO_INT: Final = 30
    TO_FLOAT: Final = 31
    INT_AND: Final = 32
    INT_OR: Final = 33
    INT_XOR: Final = 34
    INT_NOT: Final = 35
    INT_LSHIFT: Final = 36
    INT_RSHIFT: Final = 37
    INT_ARSHIFT: Final = 38
    INT_COUNT: Final = 39
    INT_LSCAN: Final = 40
    INT_RSCAN: Final = 41
    MIN: Final = 50
    MAX: Final = 51
    DIGEST_MODULO: Final = 64
    DEVICE_SIZE: Final = 65
    LAST_UPDATE: Final = 66
    SINCE_UPDATE: Final = 67
    VOID_TIME: Final = 68
    TTL: Final = 69
    SET_NAME: Final = 70
    KEY_EXISTS: Final = 71
    IS_TOMBSTONE: Final = 72
    MEMORY_SIZE: Final = 73
    RECORD_SIZE: Final = 74
    KEY: Final = 80
    BIN: Final = 81
    BIN_TYPE: Final = 82
    REMOVE_RESULT: Final = 100
    MAP_KEYS_IN: Final = 101
    MAP_VALUES_IN: Final = 102
    LOOPVAR: Final = 122
    COND: Final = 123
    VAR: Final = 124
    LET: Final = 125
    QUOTE: Final = 126
    CALL: Final = 127


class _AtomExpr:
    """The root of every expression class (kept for ``isinstance`` checks written for the official
    helpers)."""

    __slots__ = ()


class _BaseExpr(_AtomExpr):
    """An expression node: an op code and its operands (nodes or literals). Subclasses whose wire
    form is not ``[op, operand, ...]`` override ``_pack``."""

    __slots__ = ("_children",)
    _op: ClassVar[int] = 0
    _children: tuple[Any, ...]

    def __init__(self, *children: Any) -> None:
        self._children = _operands(type(self).__name__, children)

    def _pack(self, w: Writer) -> None:
        w.header(1 + len(self._children))
        w.num(self._op)
        owner = type(self).__name__
        for child in self._children:
            w.child(child, owner)

    def compile(self) -> Expression:
        """The wire bytes of this expression (what a filter or an expression operation carries).
        Raises ParamError for a literal with no wire form."""
        w = Writer()
        self._pack(w)
        return Expression(bytes(w.buf))

    def __repr__(self) -> str:
        return f"{type(self).__name__}{self._children!r}"

    def __bool__(self) -> bool:
        raise bad(f"{type(self).__name__}: an expression has no truth value (use And/Or/Not)")

    # -- Python operators build arithmetic nodes, flattening chains of the same operator ----------

    def _chain(self, right: Any, cls: type[_BaseExpr]) -> _BaseExpr:
        left = self._children if type(self) is cls else (self,)
        more = right._children if type(right) is cls else (right,)
        return cls(*left, *more)

    def _unary(self, cls: type[_BaseExpr]) -> _BaseExpr:
        return self if type(self) is cls else cls(self)

    def __add__(self, right: Any) -> _BaseExpr:
        return self._chain(right, _arith("Add"))

    def __sub__(self, right: Any) -> _BaseExpr:
        return self._chain(right, _arith("Sub"))

    def __mul__(self, right: Any) -> _BaseExpr:
        return self._chain(right, _arith("Mul"))

    def __truediv__(self, right: Any) -> _BaseExpr:
        return self._chain(right, _arith("Div"))

    def __floordiv__(self, right: Any) -> _BaseExpr:
        return _arith("Floor")(self.__truediv__(right))

    def __pow__(self, right: Any) -> _BaseExpr:
        return _arith("Pow")(self, right)

    def __mod__(self, right: Any) -> _BaseExpr:
        return _arith("Mod")(self, right)

    def __abs__(self) -> _BaseExpr:
        return self._unary(_arith("Abs"))

    def __floor__(self) -> _BaseExpr:
        return self._unary(_arith("Floor"))

    def __ceil__(self) -> _BaseExpr:
        return self._unary(_arith("Ceil"))


def _arith(name: str) -> type[_BaseExpr]:
    from . import arithmetic  # arithmetic's classes derive from this module's base

    cls: type[_BaseExpr] = getattr(arithmetic, name)
    return cls


def _operands(owner: str, children: tuple[Any, ...]) -> tuple[Any, ...]:
    """Operands as given; a Def is refused here (it only makes sense directly inside a Let)."""
    for child in children:
        if getattr(child, "_is_def", False):
            raise bad(f"{owner}: Def may only appear directly inside Let")
    return children


def check_int(owner: str, arg: str, value: Any) -> int:
    """A fixed int argument (return type, flags, sizes given as numbers). Raises ParamError."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise bad(f"{owner}: {arg} must be an int, not {type(value).__name__}")
    return int(value)


def check_name(owner: str, arg: str, value: Any) -> str:
    """A bin or variable name. Raises ParamError."""
    if not isinstance(value, str):
        raise bad(f"{owner}: {arg} must be a str, not {type(value).__name__}")
    return str(value)


__all__ = ["ResultType", "ReturnType"]
