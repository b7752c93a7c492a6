"""Arithmetic and integer bit operations, with C's semantics: 64-bit ints wrap, integer division
and remainder truncate toward zero (by zero: unknown), float operations give inf and nan where C
does (never a Python exception), shift counts are taken modulo 64 (as x86 does)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from . import types as T
from .build import Builder, Built, Fn, count, fail, op
from .types import UNK

_MASK = (1 << 64) - 1
_SIGN = 1 << 63
INT_MIN = -(1 << 63)


def wrap(v: int) -> int:
    """A Python int as a signed 64-bit one (two's complement wrap)."""
    if INT_MIN <= v < _SIGN:
        return v
    v &= _MASK
    return v - (1 << 64) if v & _SIGN else v


def _trunc_div(a: int, b: int) -> int:
    q = abs(a) // abs(b)
    return wrap(q if (a < 0) == (b < 0) else -q)


def _trunc_mod(a: int, b: int) -> int:
    r = abs(a) % abs(b)
    return r if a >= 0 else -r


def fdiv(a: float, b: float) -> float:
    """C's float division."""
    if b == 0.0:
        if a == 0.0 or math.isnan(a):
            return math.nan
        return math.copysign(math.inf, a) * math.copysign(1.0, b)
    return a / b


def cpow(a: float, b: float) -> float:
    """C's pow(): nan for a domain error, inf for an overflow."""
    try:
        return math.pow(a, b)
    except ValueError:
        if a == 0.0 and b < 0:
            odd = b.is_integer() and int(b) % 2 == 1
            return math.copysign(math.inf, a) if odd else math.inf
        return math.nan
    except OverflowError:
        odd = b.is_integer() and int(b) % 2 == 1
        return -math.inf if a < 0 and odd else math.inf


def clog(a: float) -> float:
    """C's log()."""
    if math.isnan(a) or a < 0:
        return math.nan
    if a == 0.0:
        return -math.inf
    return math.log(a)


def to_int(a: float) -> int:
    """C's (int64_t) cast as x86 does it: out of range or nan gives INT64_MIN."""
    if math.isnan(a) or math.isinf(a):
        return INT_MIN
    v = int(a)
    return v if INT_MIN <= v < _SIGN else INT_MIN


def _numeric_args(b: Builder, label: str, args: list[Any]) -> tuple[int, tuple[Fn, ...]]:
    if not args:
        raise fail(label, "too few args 0")
    want = -1
    fns = []
    for i, arg in enumerate(args):
        built = b.node(arg)
        if built.type not in (T.INT, T.FLOAT):
            raise fail(label, f"invalid type {T.type_name(built.type)} at arg {i + 1}")
        if want == -1:
            want = built.type
        elif built.type != want:
            raise fail(label, f"mixed types at arg {i + 1}")
        fns.append(built.fn)
    return want, tuple(fns)


def _fold(fns: tuple[Fn, ...], step: Callable[[Any, Any], Any]) -> Fn:
    first, rest = fns[0], fns[1:]

    def fold(rec: Any, ctx: Any) -> Any:
        acc = first(rec, ctx)
        if acc is UNK:
            return UNK
        for f in rest:
            v = f(rec, ctx)
            if v is UNK:
                return UNK
            acc = step(acc, v)
        return acc

    return fold


def _vargs(code: int, label: str, int_step: Callable[[int, int], int],
           float_step: Callable[[float, float], float]) -> None:
    def build(b: Builder, args: list[Any]) -> Built:
        t, fns = _numeric_args(b, label, args)
        return Built(_fold(fns, int_step if t == T.INT else float_step), t)

    op(code, label)(build)


_vargs(20, "add", lambda a, b: wrap(a + b), lambda a, b: a + b)
_vargs(22, "mul", lambda a, b: wrap(a * b), lambda a, b: a * b)
_vargs(50, "min", lambda a, b: b if a > b else a, lambda a, b: b if a > b else a)
_vargs(51, "max", lambda a, b: b if a < b else a, lambda a, b: b if a < b else a)


@op(21, "sub")
def _sub(b: Builder, args: list[Any]) -> Built:
    t, fns = _numeric_args(b, "sub", args)
    if len(fns) == 1:
        f = fns[0]

        def negate(rec: Any, ctx: Any) -> Any:
            v = f(rec, ctx)
            return v if v is UNK else (wrap(-v) if t == T.INT else 0.0 - v)

        return Built(negate, t)
    step: Callable[[Any, Any], Any] = (lambda a, c: wrap(a - c)) if t == T.INT else (
        lambda a, c: a - c)
    return Built(_fold(fns, step), t)


@op(23, "div")
def _div(b: Builder, args: list[Any]) -> Built:
    t, fns = _numeric_args(b, "div", args)
    first, rest = fns[0], fns[1:]
    is_int = t == T.INT

    def div(rec: Any, ctx: Any) -> Any:
        a = first(rec, ctx)
        if a is UNK:
            return UNK
        product: Any = 1 if is_int else 1.0
        for f in rest:
            v = f(rec, ctx)
            if v is UNK:
                return UNK
            product = wrap(product * v) if is_int else product * v
        if not rest:
            a, product = (1 if is_int else 1.0), a
        if is_int:
            return UNK if product == 0 else _trunc_div(a, product)
        return fdiv(a, product)

    return Built(div, t)


def _two(b: Builder, label: str, args: list[Any], t0: int, t1: int, what: str) -> tuple[Fn, Fn]:
    count(label, args, 2)
    left = b.node(args[0])
    right = b.node(args[1])
    if left.type != t0 or right.type != t1:
        raise fail(label, f"{what} - {T.type_name(left.type)}, {T.type_name(right.type)}")
    return left.fn, right.fn


def _binary(lf: Fn, rf: Fn, fn: Callable[[Any, Any], Any]) -> Fn:
    def binary(rec: Any, ctx: Any) -> Any:
        a = lf(rec, ctx)
        if a is UNK:
            return UNK
        c = rf(rec, ctx)
        if c is UNK:
            return UNK
        return fn(a, c)

    return binary


@op(24, "pow")
def _pow(b: Builder, args: list[Any]) -> Built:
    lf, rf = _two(b, "pow", args, T.FLOAT, T.FLOAT, "args are not both float")
    return Built(_binary(lf, rf, cpow), T.FLOAT)


@op(25, "log")
def _log(b: Builder, args: list[Any]) -> Built:
    lf, rf = _two(b, "log", args, T.FLOAT, T.FLOAT, "args are not both float")
    return Built(_binary(lf, rf, lambda a, c: fdiv(clog(a), clog(c))), T.FLOAT)


@op(26, "mod")
def _mod(b: Builder, args: list[Any]) -> Built:
    lf, rf = _two(b, "mod", args, T.INT, T.INT, "args are not integers")
    return Built(_binary(lf, rf, lambda a, c: UNK if c == 0 else _trunc_mod(a, c)), T.INT)


def _unary(code: int, label: str, accepts: tuple[int, ...], result: int | None,
           fn: Callable[[Any], Any]) -> None:
    def build(b: Builder, args: list[Any]) -> Built:
        count(label, args, 1)
        arg = b.typed(args[0], label, accepts)
        f = arg.fn

        def unary(rec: Any, ctx: Any) -> Any:
            v = f(rec, ctx)
            return v if v is UNK else fn(v)

        return Built(unary, arg.type if result is None else result)

    op(code, label)(build)


def _floor(v: float) -> float:
    if math.isnan(v) or math.isinf(v):
        return v
    r = float(math.floor(v))
    return math.copysign(r, v) if r == 0 else r  # C floor keeps -0.0


def _ceil(v: float) -> float:
    if math.isnan(v) or math.isinf(v):
        return v
    r = float(math.ceil(v))
    return math.copysign(r, v) if r == 0 else r  # C ceil(-0.5) is -0.0


_unary(27, "abs", (T.INT, T.FLOAT), None, lambda v: abs(v) if type(v) is float else wrap(abs(v)))
_unary(28, "floor", (T.FLOAT,), T.FLOAT, _floor)
_unary(29, "ceil", (T.FLOAT,), T.FLOAT, _ceil)
_unary(30, "to_int", (T.FLOAT,), T.INT, to_int)
_unary(31, "to_float", (T.INT,), T.FLOAT, float)
_unary(35, "int_not", (T.INT,), T.INT, lambda v: ~v)
_unary(39, "int_count", (T.INT,), T.INT, lambda v: (v & _MASK).bit_count())


def _int_vargs(code: int, label: str, step: Callable[[int, int], int]) -> None:
    def build(b: Builder, args: list[Any]) -> Built:
        if not args:
            raise fail(label, "too few args 0")
        fns = tuple(b.typed(a, label, (T.INT,), f"arg {i + 1}").fn for i, a in enumerate(args))
        return Built(_fold(fns, step), T.INT)

    op(code, label)(build)


_int_vargs(32, "int_and", lambda a, b: a & b)
_int_vargs(33, "int_or", lambda a, b: a | b)
_int_vargs(34, "int_xor", lambda a, b: a ^ b)


def _shift(code: int, label: str, fn: Callable[[int, int], int]) -> None:
    def build(b: Builder, args: list[Any]) -> Built:
        lf, rf = _two(b, label, args, T.INT, T.INT, "args are not both int")
        return Built(_binary(lf, rf, lambda v, s: fn(v, s & 63)), T.INT)

    op(code, label)(build)


_shift(36, "int_lshift", lambda v, s: wrap(v << s))
_shift(37, "int_rshift", lambda v, s: wrap((v & _MASK) >> s))
_shift(38, "int_arshift", lambda v, s: v >> s)


def _lscan(v: int, bit: bool) -> int:
    u = (v if bit else ~v) & _MASK
    return 64 - u.bit_length() if u else -1


def _rscan(v: int, bit: bool) -> int:
    u = (v if bit else ~v) & _MASK
    return 63 - ((u & -u).bit_length() - 1) if u else -1


def _scan(code: int, label: str, fn: Callable[[int, bool], int]) -> None:
    def build(b: Builder, args: list[Any]) -> Built:
        lf, rf = _two(b, label, args, T.INT, T.BOOL, "args are not int and bool")
        return Built(_binary(lf, rf, fn), T.INT)

    op(code, label)(build)


_scan(40, "int_lscan", _lscan)
_scan(41, "int_rscan", _rscan)
