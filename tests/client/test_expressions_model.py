"""Random well-typed expressions, evaluated by the engine and by a small reference evaluator
written here: both must agree on every value, on "unknown", and on whether a filter passes.

The reference follows what a real Aerospike 8.1.2 server was seen to do: 64-bit integer
arithmetic wraps; a missing bin, or a bin of another type, is unknown; And is false if any
operand is false, Or true if any is true, else unknown if any is; Exclusive runs left to right,
unknown at the first unknown operand and false at the second true one; Not, comparisons,
arithmetic and Cond conditions propagate unknown; integer division by zero is unknown; a
float's ToInt out of range (or NaN) is INT64_MIN, as the server's C cast gives on x86.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest
from _support import ClientPool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers.expressions import arithmetic as ar
from aeromodel.client.helpers.expressions import base as e
from aeromodel.client.helpers.expressions import bitwise_operators as bo
from aeromodel.client.helpers.operations import expression_operations as eo

UNK = object()  # the reference's "unknown"
I64_MIN = -(1 << 63)
I64_MAX = (1 << 63) - 1
BINS = {"i1": 7, "i2": -3, "f1": 2.5, "f2": -0.75, "s1": "abc", "b1": True}
KEY = ("test", "expmodel", "k")

Ref = Callable[[], Any]
Node = tuple[Any, Ref]  # (aeromodel expression, reference evaluation)


def wrap(v: int) -> int:
    v &= (1 << 64) - 1
    return v - (1 << 64) if v >= 1 << 63 else v


def strict(fn: Callable[..., Any], *refs: Ref) -> Ref:
    """A reference that is unknown when any operand is."""

    def run() -> Any:
        args = [r() for r in refs]
        return UNK if any(a is UNK for a in args) else fn(*args)

    return run


def bin_ref(name: str, kind: type) -> Ref:
    value = BINS.get(name)
    return (lambda: value) if type(value) is kind else (lambda: UNK)


ints = st.integers(I64_MIN, I64_MAX)
floats = st.floats(allow_nan=False, allow_infinity=False, width=64)
small_ints = st.integers(-1000, 1000)
edge_ints = st.sampled_from([I64_MIN, I64_MIN + 1, -(1 << 62), -1, 0, 1, 1 << 62, I64_MAX - 1, I64_MAX])


def to_int(f: float) -> int:
    if math.isnan(f) or not -(2.0**63) <= f < 2.0**63:
        return I64_MIN
    return int(f)


def c_round(fn: Callable[[float], int], v: float) -> float:
    """C floor / ceil: infinities stay, and a zero result keeps the argument's sign."""
    if not math.isfinite(v):
        return v
    r = float(fn(v))
    return math.copysign(r, v) if r == 0 else r


def c_div(a: int, b: int) -> Any:
    if b == 0:
        return UNK
    q = abs(a) // abs(b)
    return wrap(q if (a < 0) == (b < 0) else -q)


def c_mod(a: int, b: int) -> Any:
    if b == 0:
        return UNK
    r = abs(a) % abs(b)
    return r if a >= 0 else -r


@st.composite
def int_exp(draw: st.DrawFn, depth: int = 3) -> Node:
    leaves = ["lit", "bin"]
    kinds = leaves if depth <= 0 else [*leaves, "add", "sub", "mul", "div", "mod", "abs",
                                       "minmax", "bits", "not", "toint", "cond", "let"]
    kind = draw(st.sampled_from(kinds))
    if kind == "lit":
        v = draw(st.one_of(edge_ints, ints, small_ints))
        return v, (lambda: v)
    if kind == "bin":
        name = draw(st.sampled_from(["i1", "i2", "f1", "s1", "zz"]))
        return e.IntBin(name), bin_ref(name, int)
    sub = int_exp(depth - 1)
    if kind in ("add", "sub", "mul"):
        args = draw(st.lists(sub, min_size=2, max_size=3))
        exps = [a for a, _ in args]
        refs = [r for _, r in args]
        if kind == "add":
            return ar.Add(*exps), strict(lambda *v: wrap(sum(v)), *refs)
        if kind == "sub":
            return ar.Sub(*exps), strict(lambda *v: wrap(v[0] - sum(v[1:])), *refs)
        return ar.Mul(*exps), strict(lambda *v: wrap(math.prod(v)), *refs)
    if kind in ("div", "mod"):
        (a, ra), (b, rb) = draw(sub), draw(sub)
        if kind == "div":
            return ar.Div(a, b), strict(c_div, ra, rb)
        return ar.Mod(a, b), strict(c_mod, ra, rb)
    if kind == "abs":
        a, ra = draw(sub)
        return ar.Abs(a), strict(lambda v: wrap(abs(v)), ra)
    if kind == "minmax":
        args = draw(st.lists(sub, min_size=1, max_size=3))
        pick = draw(st.sampled_from([(ar.Min, min), (ar.Max, max)]))
        return pick[0](*[a for a, _ in args]), strict(lambda *v: pick[1](v), *[r for _, r in args])
    if kind == "bits":
        (a, ra), (b, rb) = draw(sub), draw(sub)
        cls, fn = draw(st.sampled_from([
            (bo.IntAnd, lambda x, y: x & y), (bo.IntOr, lambda x, y: x | y),
            (bo.IntXOr, lambda x, y: x ^ y),
        ]))
        return cls(a, b), strict(fn, ra, rb)
    if kind == "not":
        a, ra = draw(sub)
        return bo.IntNot(a), strict(lambda v: ~v, ra)
    if kind == "toint":
        f, rf = draw(float_exp(depth - 1))
        return ar.ToInt(f), strict(to_int, rf)
    if kind == "let":
        (d, rd), (x, rx) = draw(sub), draw(sub)
        # Let(x = d) in Add(Var x, x'): the variable is used, so an unknown definition shows.
        name = f"v{depth}"  # nested lets may not reuse a name (the server refuses it)
        return (
            e.Let(e.Def(name, d), ar.Add(e.Var(name), x)),
            strict(lambda a, b: wrap(a + b), rd, rx),
        )
    (c, rc), (a, ra), (b, rb) = draw(bool_exp(depth - 1)), draw(sub), draw(sub)

    def cond() -> Any:
        chosen = rc()
        if chosen is UNK:
            return UNK
        return ra() if chosen else rb()

    return e.Cond(c, a, b), cond


@st.composite
def float_exp(draw: st.DrawFn, depth: int = 2) -> Node:
    kinds = ["lit", "bin"] if depth <= 0 else ["lit", "bin", "add", "mul", "tofloat", "abs",
                                               "floor", "minmax"]
    kind = draw(st.sampled_from(kinds))
    if kind == "lit":
        v = draw(floats)
        return v, (lambda: v)
    if kind == "bin":
        name = draw(st.sampled_from(["f1", "f2", "i1", "zz"]))
        return e.FloatBin(name), bin_ref(name, float)
    if kind == "tofloat":
        a, ra = draw(int_exp(depth - 1))
        return ar.ToFloat(a), strict(float, ra)
    sub = float_exp(depth - 1)
    if kind in ("add", "mul"):
        (a, ra), (b, rb) = draw(sub), draw(sub)
        if kind == "add":
            return ar.Add(a, b), strict(lambda x, y: x + y, ra, rb)
        return ar.Mul(a, b), strict(lambda x, y: x * y, ra, rb)
    if kind == "abs":
        a, ra = draw(sub)
        return ar.Abs(a), strict(abs, ra)
    if kind == "floor":
        a, ra = draw(sub)
        pick = draw(st.sampled_from([(ar.Floor, math.floor), (ar.Ceil, math.ceil)]))
        return pick[0](a), strict(lambda v: c_round(pick[1], v), ra)
    args = draw(st.lists(sub, min_size=1, max_size=3))
    pick = draw(st.sampled_from([(ar.Min, min), (ar.Max, max)]))
    return pick[0](*[a for a, _ in args]), strict(lambda *v: pick[1](v), *[r for _, r in args])


COMPARISONS = [
    (e.Eq, lambda a, b: a == b), (e.NE, lambda a, b: a != b), (e.GT, lambda a, b: a > b),
    (e.GE, lambda a, b: a >= b), (e.LT, lambda a, b: a < b), (e.LE, lambda a, b: a <= b),
]


@st.composite
def bool_exp(draw: st.DrawFn, depth: int = 2) -> Node:
    kinds = ["cmp_int", "exists", "cmp_str"] if depth <= 0 else [
        "cmp_int", "cmp_float", "cmp_str", "exists", "and", "or", "not", "xor"]
    kind = draw(st.sampled_from(kinds))
    cls, fn = draw(st.sampled_from(COMPARISONS))
    if kind == "cmp_int":
        (a, ra), (b, rb) = draw(int_exp(depth - 1)), draw(int_exp(depth - 1))
        return cls(a, b), strict(fn, ra, rb)
    if kind == "cmp_float":
        (a, ra), (b, rb) = draw(float_exp(depth - 1)), draw(float_exp(depth - 1))
        return cls(a, b), strict(fn, ra, rb)
    if kind == "cmp_str":
        name = draw(st.sampled_from(["s1", "i1", "zz"]))
        text = draw(st.sampled_from(["abc", "ab", "abd", "", "é"]))
        return cls(e.StrBin(name), text), strict(lambda v: fn(v, text), bin_ref(name, str))
    if kind == "exists":
        name = draw(st.sampled_from(["i1", "s1", "zz"]))
        return e.BinExists(name), (lambda: name in BINS)
    if kind == "not":
        a, ra = draw(bool_exp(depth - 1))
        return e.Not(a), strict(lambda v: not v, ra)
    args = draw(st.lists(bool_exp(depth - 1), min_size=2, max_size=3))
    exps = [a for a, _ in args]
    refs = [r for _, r in args]
    if kind == "xor":

        def exclusive() -> Any:  # left to right: unknown stops it, and so does a second true
            seen = 0
            for r in refs:
                v = r()
                if v is UNK:
                    return UNK
                seen += v
                if seen == 2:
                    return False
            return seen == 1

        return e.Exclusive(*exps), exclusive
    dominant = kind == "or"  # Or: any true is true; And: any false is false

    def logic() -> Any:
        values = [r() for r in refs]
        if dominant in values:
            return dominant
        return UNK if UNK in values else not dominant

    return (e.Or if kind == "or" else e.And)(*exps), logic


@pytest.fixture(scope="module")
def model_client() -> Any:
    pool = ClientPool()
    client = pool.make()
    client.put(KEY, BINS)
    yield client
    pool.close()


def engine_value(client: aerospike.Client, exp: Any) -> Any:
    ops = [eo.expression_read("r", exp.compile(), aerospike.EXP_READ_EVAL_NO_FAIL)]
    return client.operate(KEY, ops)[2]["r"]


def same(got: Any, want: Any) -> bool:
    if want is UNK:
        return got is None
    if isinstance(want, float):
        if type(got) is not float:
            return False
        if math.isnan(want):
            return math.isnan(got)
        return got == want and math.copysign(1, got) == math.copysign(1, want)
    return type(got) is type(want) and got == want


SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(int_exp())
def test_integer_expressions_match_the_reference(model_client: Any, node: Node) -> None:
    exp, ref = node
    if not hasattr(exp, "compile"):
        exp = ar.Add(exp, 0)  # a bare literal: make it an expression
    want = ref()
    assert same(engine_value(model_client, exp), want), (exp, want)


@SETTINGS
@given(float_exp())
def test_float_expressions_match_the_reference(model_client: Any, node: Node) -> None:
    exp, ref = node
    if not hasattr(exp, "compile"):
        exp = ar.Add(exp, -0.0)  # the IEEE identity: x + -0.0 is x, signed zeros included
    want = ref()
    assert same(engine_value(model_client, exp), want), (exp, want)


@SETTINGS
@given(bool_exp(3))
def test_boolean_expressions_match_the_reference_as_values_and_filters(
    model_client: Any, node: Node
) -> None:
    exp, ref = node
    want = ref()
    assert same(engine_value(model_client, exp), want), (exp, want)
    try:
        model_client.get(KEY, {"expressions": exp.compile()})
        passed = True
    except exception.FilteredOut:
        passed = False
    assert passed == (want is True)
