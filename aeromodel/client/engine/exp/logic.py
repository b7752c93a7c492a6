"""Comparisons, logic, conditions, variables and literal lists: the ops that decide and bind."""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

from ...ordering import compare as order_compare
from ...values import FlaggedMap, KeyOrderedDict
from . import types as T
from .build import NOCONST, Builder, Built, Fn, const, count, fail, op
from .regex import RegexError, compile_posix
from .types import UNK, is_type
from .wire import name, wire

EQ, NE, GT, GE, LT, LE = 1, 2, 3, 4, 5, 6
_PY_OPS: dict[int, Callable[[Any, Any], Any]] = {EQ: operator.eq, NE: operator.ne, GT: operator.gt, GE: operator.ge, LT: operator.lt,
           LE: operator.le}
_NAMES = {EQ: "eq", NE: "ne", GT: "gt", GE: "ge", LT: "lt", LE: "le"}
_NIL_CMP = {EQ: True, NE: False, GT: False, GE: True, LT: False, LE: True}
_SCALAR_TYPES = {T.INT: int, T.FLOAT: float, T.STR: str, T.BLOB: bytes, T.BOOL: bool}


def _has_unordered_map(value: Any) -> bool:
    """Whether a list or map holds a map that is not key-ordered (the server then cannot order
    the two: the comparison is unknown)."""
    t = type(value)
    if t in T.MAPS:
        if t is not KeyOrderedDict and not (t is FlaggedMap and value.flags & 1):
            return True
        return any(_has_unordered_map(k) or _has_unordered_map(v) for k, v in value.items())
    if t in T.LISTS:
        return any(_has_unordered_map(v) for v in value)
    return False


def _msgpack_cmp(code: int) -> Any:
    py = _PY_OPS[code]

    def cmp(a: Any, b: Any) -> Any:
        if _has_unordered_map(a) or _has_unordered_map(b):
            return UNK
        return py(order_compare(a, b), 0)

    return cmp


def _compare(code: int) -> Any:
    def build(b: Builder, args: list[Any]) -> Built:
        label = _NAMES[code]
        count(label, args, 2)
        left = b.node(args[0])
        right = b.node(args[1])
        if left.type != right.type:
            raise fail(label, f"mismatched arg types {T.type_name(left.type)} and "
                              f"{T.type_name(right.type)}")
        if left.type in (T.GEOJSON, T.HLL):
            raise fail(label, f"cannot compare {T.type_name(left.type)} values")
        return Built(_compare_fn(code, left, right), T.BOOL)

    return build


def _compare_fn(code: int, left: Built, right: Built) -> Fn:
    t = left.type
    if t == T.NIL:
        answer = _NIL_CMP[code]

        def nil_cmp(rec: Any, ctx: Any) -> Any:
            if left.fn(rec, ctx) is UNK or right.fn(rec, ctx) is UNK:
                return UNK
            return answer

        return nil_cmp
    py = _PY_OPS[code] if t in _SCALAR_TYPES else _msgpack_cmp(code)
    lf, rf = left.fn, right.fn
    if right.const is not NOCONST and left.bin is not None and t in _SCALAR_TYPES:
        # The common filter, a bin against a literal, in one frame.
        bin_name, want, c0 = left.bin, _SCALAR_TYPES[t], right.const

        def bin_cmp(rec: Any, _ctx: Any) -> Any:
            v = rec.get(bin_name)
            if type(v) is not want:
                return UNK
            return py(v, c0)

        return bin_cmp
    if right.const is not NOCONST:
        c = right.const

        def cmp_const(rec: Any, ctx: Any) -> Any:
            a = lf(rec, ctx)
            if a is UNK:
                return UNK
            return py(a, c)

        return cmp_const

    def cmp(rec: Any, ctx: Any) -> Any:
        a = lf(rec, ctx)
        if a is UNK:
            return UNK
        b = rf(rec, ctx)
        if b is UNK:
            return UNK
        return py(a, b)

    return cmp


for _code in _PY_OPS:
    op(_code, _NAMES[_code])(_compare(_code))


@op(7, "cmp_regex")
def _regex(b: Builder, args: list[Any]) -> Built:
    count("cmp_regex", args, 3)
    flags = args[0]
    if type(flags) is not int:
        raise fail("cmp_regex", "invalid regex options")
    pattern = name(args[1], "the regex")
    subject = b.typed(args[2], "cmp_regex", (T.STR,))
    try:
        regex = compile_posix(pattern, flags)
    except RegexError as err:
        raise fail("cmp_regex", f"regex compile error: {err}") from None
    search = regex.search
    sf = subject.fn

    def cmp_regex(rec: Any, ctx: Any) -> Any:
        s = sf(rec, ctx)
        if type(s) is not str:
            return UNK
        return search(s.split("\0", 1)[0]) is not None

    return Built(cmp_regex, T.BOOL)


@op(8, "cmp_geo")
def _geo(b: Builder, args: list[Any]) -> Built:
    count("cmp_geo", args, 2)
    left = b.typed(args[0], "cmp_geo", (T.GEOJSON,), "arg 1")
    right = b.typed(args[1], "cmp_geo", (T.GEOJSON,), "arg 2")
    lf, rf = left.fn, right.fn

    def cmp_geo(rec: Any, ctx: Any) -> Any:
        a = lf(rec, ctx)
        if a is UNK:
            return UNK
        q = rf(rec, ctx)
        if q is UNK:
            return UNK
        import importlib  # engine/geo.py is written beside this: found when a geo filter runs

        geo: Any = importlib.import_module("..geo", __package__)
        return bool(geo.matches(a, q))

    return Built(cmp_geo, T.BOOL)


@op(9, "in_list")
def _in_list(b: Builder, args: list[Any]) -> Built:
    count("in_list", args, 2)
    needle = b.node(args[0])
    haystack = b.typed(args[1], "in_list", (T.LIST,), "arg 2")
    nf, hf = needle.fn, haystack.fn

    def in_list(rec: Any, ctx: Any) -> Any:
        v = nf(rec, ctx)
        if v is UNK:
            return UNK
        items = hf(rec, ctx)
        if type(items) not in T.LISTS:
            return UNK
        return any(order_compare(v, item) == 0 for item in items)

    return Built(in_list, T.BOOL)


def _logical_args(b: Builder, label: str, args: list[Any]) -> list[Fn]:
    if len(args) < 2:
        raise fail(label, f"too few args {len(args)}")
    fns = []
    for i, arg in enumerate(args):
        fns.append(b.typed(arg, label, (T.BOOL,), f"arg {i + 1}").fn)
    return fns


@op(16, "and")
def _and(b: Builder, args: list[Any]) -> Built:
    fns = tuple(_logical_args(b, "and", args))

    def and_(rec: Any, ctx: Any) -> Any:
        answer: Any = True
        for f in fns:
            v = f(rec, ctx)
            if v is False:
                return False
            if v is UNK:
                answer = UNK
        return answer

    return Built(and_, T.BOOL)


@op(17, "or")
def _or(b: Builder, args: list[Any]) -> Built:
    fns = tuple(_logical_args(b, "or", args))

    def or_(rec: Any, ctx: Any) -> Any:
        answer: Any = False
        for f in fns:
            v = f(rec, ctx)
            if v is True:
                return True
            if v is UNK:
                answer = UNK
        return answer

    return Built(or_, T.BOOL)


@op(18, "not")
def _not(b: Builder, args: list[Any]) -> Built:
    count("not", args, 1)
    f = b.typed(args[0], "not", (T.BOOL,)).fn

    def not_(rec: Any, ctx: Any) -> Any:
        v = f(rec, ctx)
        return v if v is UNK else not v

    return Built(not_, T.BOOL)


@op(19, "exclusive")
def _exclusive(b: Builder, args: list[Any]) -> Built:
    fns = tuple(_logical_args(b, "exclusive", args))

    def exclusive(rec: Any, ctx: Any) -> Any:
        seen = False
        for f in fns:
            v = f(rec, ctx)
            if v is UNK:
                return UNK
            if v:
                if seen:
                    return False
                seen = True
        return seen

    return Built(exclusive, T.BOOL)


@op(0, "unknown")
def _unknown(_b: Builder, args: list[Any]) -> Built:
    count("unknown", args, 0)

    def unknown(_rec: Any, _ctx: Any) -> Any:
        return UNK

    return Built(unknown, T.BOOL, 0)


@op(123, "cond")
def _cond(b: Builder, args: list[Any]) -> Built:
    if len(args) < 3:
        raise fail("cond", f"too few args {len(args)}")
    if len(args) % 2 == 0:
        raise fail("cond", "requires a default case")
    result = T.ANY
    typed = False
    cases: list[tuple[Fn, Fn]] = []
    for i in range(0, len(args) - 1, 2):
        test = b.typed(args[i], "cond", (T.BOOL,), f"condition {i // 2 + 1}")
        then = b.node(args[i + 1])
        if then.code != 0:
            if not typed:
                result, typed = then.type, True
            elif then.type != result:
                raise fail("cond", f"mismatched type {T.type_name(then.type)}, expected "
                                   f"{T.type_name(result)} at condition {i // 2 + 1}")
        cases.append((test.fn, then.fn))
    default = b.node(args[-1])
    if not typed:
        result = default.type
    elif default.code != 0 and default.type != result:
        raise fail("cond", f"mismatched type {T.type_name(default.type)}, expected "
                           f"{T.type_name(result)} at default condition")
    steps = tuple(cases)
    otherwise = default.fn

    def cond(rec: Any, ctx: Any) -> Any:
        for test, then in steps:
            v = test(rec, ctx)
            if v is True:
                return then(rec, ctx)
            if v is UNK:
                return UNK
        return otherwise(rec, ctx)

    return Built(cond, result)


def _var_name(raw: Any) -> str:
    text = name(raw, "a let variable name")
    if not text:
        raise fail("let", "variable name length is 0")
    if not (text[0] == "_" or (text[0].isascii() and text[0].isalpha())):
        raise fail("let", f"illegal variable name {text!r}: must begin with an alpha or underscore")
    if not all(c == "_" or (c.isascii() and c.isalnum()) for c in text):
        raise fail("let", f"illegal variable name {text!r}: must contain only alpha, digits or "
                          "underscore")
    return text


@op(125, "let")
def _let(b: Builder, args: list[Any]) -> Built:
    if len(args) < 3:
        raise fail("let", f"too few args {len(args)}")
    if len(args) % 2 == 0:
        raise fail("let", f"invalid arg count {len(args)}")
    b.uses_ctx = True
    scope: dict[str, tuple[int, int]] = {}
    b.scopes.append(scope)
    slots: list[tuple[int, Fn]] = []
    for i in range(0, len(args) - 1, 2):
        var = _var_name(args[i])
        if b.find_var(var) is not None:
            raise fail("let", f"duplicate var name {var!r}")
        slot = 2 + b.n_vars
        b.n_vars += 1
        scope[var] = (slot, -1)  # defined: its type is known once its value is built
        value = b.node(args[i + 1])
        scope[var] = (slot, value.type)
        slots.append((slot, value.fn))
    body = b.node(args[-1])
    b.max_vars = max(b.max_vars, b.n_vars)
    b.n_vars -= len(slots)
    b.scopes.pop()
    bindings = tuple(slots)
    bf = body.fn

    def let(rec: Any, ctx: Any) -> Any:
        for slot, f in bindings:
            ctx[slot] = f(rec, ctx)
        return bf(rec, ctx)

    return Built(let, body.type)


@op(124, "var")
def _var(b: Builder, args: list[Any]) -> Built:
    count("var", args, 1)
    var = name(args[0], "a variable name")
    found = b.find_var(var)
    if found is None:
        raise fail("var", f"undefined var name {var!r}")
    slot, vt = found
    if vt == -1:
        raise fail("var", f"using var name {var!r} while defining it")
    if vt == T.ANY:
        raise fail("var", f"var name {var!r} has no fixed type")

    def var_(_rec: Any, ctx: Any) -> Any:
        return ctx[slot]

    return Built(var_, vt)


@op(122, "var_builtin")
def _var_builtin(b: Builder, args: list[Any]) -> Built:
    count("var_builtin", args, 2)
    vt, idx = args
    if type(vt) is not int or type(idx) is not int or vt < 0 or idx < 0:
        raise fail("var_builtin", "expected integer type and index")
    if idx >= 3:
        raise fail("var_builtin", f"invalid builtin var {idx}")
    if idx == 2 and vt != T.INT:
        raise fail("var_builtin", "the index builtin var is an integer")
    if vt >= T.INPUT_END:
        raise fail("var_builtin", f"invalid result type {vt}")

    if not b.loop:
        return Built(lambda _rec, _ctx: UNK, vt)  # set only inside a path expression's loop
    b.uses_ctx = True
    slot = idx - 3  # ctx ends with key, value, index

    def var_builtin(_rec: Any, ctx: Any) -> Any:
        v = ctx[slot]
        return v if is_type(v, vt) else UNK

    return Built(var_builtin, vt)


@op(126, "quote")
def _quote(_b: Builder, args: list[Any]) -> Built:
    count("quote", args, 1)
    if type(args[0]) is not list:
        raise fail("quote", "invalid list arg")
    from .. import intake

    return const(intake.stored(wire(args[0])), T.LIST)


def _map_kv(values: bool) -> Any:
    label = "map_values" if values else "map_keys"

    def build(b: Builder, args: list[Any]) -> Built:
        count(label, args, 1)
        f = b.node(args[0]).fn

        def map_kv(rec: Any, ctx: Any) -> Any:
            m = f(rec, ctx)
            if type(m) not in T.MAPS:
                return UNK
            return list(m.values() if values else m.keys())

        return Built(map_kv, T.LIST)

    return build


op(101, "map_keys")(_map_kv(False))
op(102, "map_values")(_map_kv(True))


class RemoveResult:
    __slots__ = ()


REMOVE = RemoveResult()


@op(100, "result_remove")
def _result_remove(_b: Builder, args: list[Any]) -> Built:
    count("result_remove", args, 0)
    return Built(lambda _r, _c: REMOVE, T.RESULT_REMOVE)
