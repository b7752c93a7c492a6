"""Engine expressions: comparisons, logic and unknown, build-time errors, cond/let, literals."""

from __future__ import annotations

from typing import Any

import pytest
from exp_helpers import ev, passes, record
from exp_tree import (
    GT,
    LE,
    LT,
    NE,
    And,
    BlobBin,
    BoolBin,
    Cond,
    Eq,
    FloatBin,
    IntBin,
    Let,
    ListBin,
    MapBin,
    Name,
    Not,
    Op,
    Or,
    Quote,
    Raw,
    StrBin,
    Unknown,
    Var,
    Xor,
    compile_tree,
)

from aeromodel.client.engine.codes import OpError
from aeromodel.client.engine.exp import UNK, build, filter_of
from aeromodel.client.ordering import INFINITY
from aeromodel.client.values import Expression, KeyOrderedDict, pack

REC = record({"i": 5, "f": 1.5, "s": "abc", "b": b"\x01", "t": True, "l": [1, 2], "m": {"a": 1}})


@pytest.mark.parametrize(
    ("tree", "want"),
    [
        (Eq(IntBin("i"), 5), True),
        (NE(IntBin("i"), 5), False),
        (GT(IntBin("i"), 4), True),
        (LE(IntBin("i"), 4), False),
        (LT(FloatBin("f"), 2.0), True),
        (Eq(StrBin("s"), "abc"), True),
        (LT(StrBin("s"), "abd"), True),
        (LT(StrBin("s"), "ab"), False),
        (Eq(BlobBin("b"), b"\x01"), True),
        (GT(BoolBin("t"), False), True),
        (Eq(None, None), True),
        (LT(None, None), False),
        (Eq(ListBin("l"), Quote([1, 2])), True),
        (LT(ListBin("l"), Quote([1, 3])), True),
        (GT(ListBin("l"), Quote([1])), True),
        (Eq(IntBin("s"), 1), UNK),  # a bin of another type
        (Eq(IntBin("nope"), 1), UNK),  # a missing bin
        (Eq(IntBin("t"), 1), UNK),  # a bool bin is not an int
        (Eq(MapBin("m"), {"a": 1}), UNK),  # maps not key-ordered cannot be compared
        (Eq(float("nan"), float("nan")), False),
    ],
)
def test_compare(tree: Any, want: Any) -> None:
    assert ev(tree, REC) is want


def test_key_ordered_maps_compare() -> None:
    rec = record({"m": KeyOrderedDict({"a": 1, "b": 2})})
    flagged = Raw(b"\x83\xc7\x00\x01\xc0" + pack("a") + pack(1) + pack("b") + pack(2))
    assert ev(Eq(MapBin("m"), flagged), rec) is True
    assert ev(LT(MapBin("m"), flagged), rec) is False
    assert ev(Eq(MapBin("m"), {"a": 1, "b": 2}), rec) is UNK


@pytest.mark.parametrize(
    ("tree", "want"),
    [
        (And(True, True), True),
        (And(True, False), False),
        (And(Unknown(), False), False),
        (And(Unknown(), True), UNK),
        (Or(Unknown(), True), True),
        (Or(Unknown(), False), UNK),
        (Not(Unknown()), UNK),
        (Not(False), True),
        (Xor(True, False), True),
        (Xor(True, True), False),
        (Xor(True, Unknown()), UNK),
        (Xor(False, False, True), True),
    ],
)
def test_logic(tree: Any, want: Any) -> None:
    assert ev(tree) is want


def test_filter_passes_only_on_true() -> None:
    assert passes(Eq(IntBin("i"), 5), REC)
    assert not passes(Eq(IntBin("i"), 6), REC)
    assert not passes(Eq(IntBin("s"), 1), REC)
    assert not passes(Not(Eq(IntBin("s"), 1)), REC)  # unknown even under Not
    three = And(Eq(IntBin("i"), 5), GT(FloatBin("f"), 1.0), Eq(StrBin("s"), "abc"))
    assert passes(three, REC)
    assert filter_of(compile_tree(three)) is filter_of(compile_tree(three))  # cached


@pytest.mark.parametrize(
    ("tree", "words"),
    [
        (Op(81, 2, Name("i")), "must be boolean"),
        (Eq(IntBin("i"), "x"), "mismatched arg types int and str"),
        (And(True), "too few args"),
        (And(True, 1), "arg 2 is int"),
        (Not(1), "expected bool"),
        (Op(1, 1), "expected 2 args, found 1"),
        (Op(99), "invalid op code 99"),
        (Op(81, 2, Name("a" * 16)), "invalid bin name"),
        (Op(81, 12, Name("a")), "invalid type 12"),
        (Cond(True, 1, False, 2), "requires a default case"),
        (Cond(True, 1, "x"), "mismatched type str"),
        (Let(("x", 1), Var("y")), "undefined var name 'y'"),
        (Let(("x", Var("x")), True), "while defining it"),
        (Let(("1x", 1), True), "illegal variable name"),
        (Let(("x", 1), Let(("x", 2), True)), "duplicate var name"),
        (Op(7, 1, Name("("), StrBin("s")), "regex compile"),
        (Op(7, 1, Name("a"), IntBin("s")), "is int, expected str"),
        (Op(24, 1, 2.0), "not both float"),
        (Op(20, 1, 2.0), "mixed types at arg 2"),
        (Op(26, 1.0, 2), "not integers"),
        (Op(64, 0), "cannot modulo by zero"),
        (Eq(Op(8, 1, 2), True), "is int, expected geojson"),
        (Op(1, Raw(b"\xc1"), 1), "malformed"),
    ],
)
def test_build_errors(tree: Any, words: str) -> None:
    with pytest.raises(OpError) as err:
        filter_of(compile_tree(tree))
    assert err.value.code == 4
    assert words in err.value.msg


@pytest.mark.parametrize(
    "data",
    [b"", b"\x90", b"\x93\x01\x01", b"\x93\x01\x01\x01\x01", b"\x91\xa1x", b"\xc1"],
)
def test_malformed_bytes(data: bytes) -> None:
    with pytest.raises(OpError) as err:
        filter_of(Expression(data))
    assert err.value.code == 4


def test_cond_and_let() -> None:
    rec = record({"i": 5})
    tree = Let(
        ("x", IntBin("i")),
        ("y", Op(20, Var("x"), 10)),
        Cond(GT(Var("x"), 10), Op(20, Var("y"), 1), LT(Var("x"), 0), Unknown(), Var("y")),
    )
    assert ev(tree, rec) == 15
    assert ev(tree, record({"i": 20})) == 31
    assert ev(tree, record({"i": -1})) is UNK
    assert ev(tree, record({})) is UNK  # the condition on an unknown var
    nested = Let(("a", 1), Let(("b", 2), Op(20, Var("a"), Var("b"))))
    assert ev(nested) == 3
    assert build(compile_tree(nested)).ctx_len == 4


def test_literals() -> None:
    assert list(ev(Quote([1, "a", [2]]))) == [1, "a", (2,)]
    assert ev({"k": 1}) == {"k": 1}
    assert ev(Op(101, {"k": 1, "j": 2})) == ["j", "k"]  # map_keys
    assert ev(Op(102, {"k": 1, "j": 2})) == [2, 1]
    assert ev(Op(9, 2, Quote([1, 2]))) is True  # in_list
    assert ev(Op(9, "2", Quote([1, 2]))) is False
    with pytest.raises(OpError):
        build(compile_tree(INFINITY))  # a bare msgpack value has no type


def test_bin_type_and_exists() -> None:
    assert ev(Op(82, Name("i")), REC) == 1
    assert ev(Op(82, Name("l")), REC) == 20
    assert ev(Op(82, Name("m")), REC) == 19
    assert ev(Op(82, Name("t")), REC) == 17
    assert ev(Op(82, Name("zz")), REC) == 0
    assert ev(NE(Op(82, Name("s")), 0), REC) is True
