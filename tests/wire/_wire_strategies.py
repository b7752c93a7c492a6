"""Hypothesis strategies for the wire codec's tests: wire values, commands, results, scans."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from aeromodel.client.command import Command, Predicate, Result, ScanCommand
from aeromodel.client.values import Expression, GeoJSON, KeyOrderedDict, OrderedList, pack
from aeromodel.client.wire.scans import partition_of

INT64 = st.integers(-(1 << 63), (1 << 63) - 1)
U32 = st.integers(0, 0xFFFFFFFF)
U8 = st.integers(0, 255)
NAMES = st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=14)
DIGESTS = st.binary(min_size=20, max_size=20)
KEYS = st.one_of(INT64, st.text(max_size=20), st.binary(max_size=20))
SCALARS = st.one_of(
    INT64, st.floats(allow_nan=False), st.text(max_size=20), st.binary(max_size=20), st.booleans()
)
GEO = st.builds(
    lambda x, y: GeoJSON({"type": "Point", "coordinates": [x, y]}),
    st.floats(-180, 180), st.floats(-90, 90),
)


def _containers(children: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    keys = st.one_of(INT64, st.text(max_size=8), st.binary(max_size=8))
    return st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(keys, children, max_size=5),
        st.dictionaries(keys, children, max_size=5).map(KeyOrderedDict),
        st.lists(children, max_size=5).map(OrderedList),
    )


ITEMS = st.recursive(st.one_of(SCALARS, st.none()), _containers, max_leaves=12)
BIN_VALUES = st.one_of(SCALARS, GEO, _containers(ITEMS))
EXPRESSIONS = st.lists(ITEMS.filter(lambda v: v is not None), min_size=1, max_size=3).map(
    lambda v: Expression(pack(v, True, True))
)


def strict(v: Any) -> Any:
    """A value with its types spelled out, so True != 1 and a tuple != a list."""
    t = type(v).__name__
    if isinstance(v, dict):
        return (t, sorted((repr(strict(k)), strict(x)) for k, x in v.items()))
    if isinstance(v, (list, tuple)):
        return (t, [strict(x) for x in v])
    if isinstance(v, float):
        return (t, repr(v))
    return (t, v)


def _scalar_op() -> st.SearchStrategy[tuple[int, str, Any]]:
    return st.one_of(
        st.tuples(st.just(1), NAMES, st.none()),
        st.tuples(st.sampled_from((2, 5, 9, 10)), NAMES, BIN_VALUES),
        st.tuples(st.sampled_from((11, 14)), st.just(""), st.none()),
    )


def _cdt_op() -> st.SearchStrategy[tuple[int, str, Any]]:
    args = st.lists(ITEMS, max_size=4).map(tuple)
    return st.tuples(
        st.sampled_from((3, 4, 12, 13, 15, 16)), NAMES,
        st.tuples(st.integers(0, 255), args).map(lambda t: (t[0], *t[1])),
    )


def _exp_op() -> st.SearchStrategy[tuple[int, str, Any]]:
    return st.tuples(
        st.sampled_from((7, 8)), NAMES, st.tuples(EXPRESSIONS, st.integers(0, 16))
    )


OPS = st.lists(st.one_of(_scalar_op(), _cdt_op(), _exp_op()), min_size=1, max_size=6)


@st.composite
def commands(draw: st.DrawFn, batch_row: bool = False) -> Command:
    """A single-record command (as a batch row: a read's generation is not sent)."""
    info2 = draw(U8)
    gen = draw(U32)
    if batch_row:
        gen = gen & 0xFFFF if info2 & 3 else 0
    return Command(
        draw(NAMES), draw(st.none() | NAMES), draw(DIGESTS), draw(st.none() | KEYS),
        draw(U8), info2, draw(U8), gen, draw(U32),
        draw(st.none() | OPS), draw(st.none() | EXPRESSIONS),
    )


@st.composite
def results(draw: st.DrawFn) -> tuple[Result, Command]:
    """A result and a command asking for its shape (whole record or per operation)."""
    code, gen, void = draw(U8), draw(U32), draw(U32)
    names = st.lists(st.tuples(NAMES, st.none() | BIN_VALUES), max_size=5)
    if draw(st.booleans()):
        pairs = draw(names)
        cmd = Command("test", None, bytes(20), None, 1, 0, 0, 0, 0, [(1, n, None) for n, _ in pairs])
        return Result(code, gen, void, None, pairs), cmd
    bins = dict(draw(st.lists(st.tuples(NAMES, BIN_VALUES), max_size=5)))
    cmd = Command("test", None, bytes(20), None, 3, 0, 0, 0, 0, None)
    if code:
        return Result(code, gen, void), cmd
    return Result(0, gen, void, bins), cmd


@st.composite
def predicates(draw: st.DrawFn) -> Predicate:
    kind = draw(st.sampled_from((1, 3, 23)))
    value = INT64 if kind == 1 else st.text(max_size=30)
    begin = draw(value)
    end = draw(value) if kind == 1 else begin
    return Predicate(
        draw(NAMES), draw(st.integers(0, 3)), kind, begin, end,
        draw(st.none() | st.binary(min_size=1, max_size=10)),
        draw(st.none() | NAMES), draw(st.none() | st.binary(min_size=1, max_size=10)),
    )


@st.composite
def scan_commands(draw: st.DrawFn) -> ScanCommand:
    pred = draw(st.none() | predicates())
    partitions = None
    if draw(st.booleans()):
        full = draw(st.lists(st.integers(0, 4095), max_size=5, unique=True))
        digests = draw(st.lists(DIGESTS, max_size=3))
        partitions = [(p, None, 0) for p in full]
        partitions += [
            (partition_of(d), d, draw(INT64) if pred is not None else 0) for d in digests
        ]
    return ScanCommand(
        draw(NAMES), draw(st.none() | NAMES),
        draw(st.none() | st.lists(NAMES, min_size=1, max_size=3).map(tuple)),
        draw(st.booleans()), pred, draw(st.none() | EXPRESSIONS), partitions,
        draw(st.integers(0, (1 << 63) - 1)), draw(U32),
    )
