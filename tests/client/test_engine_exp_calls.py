"""Engine expressions: list, map, bit and HLL calls (run by the engine's own operation code on a
scratch bin; a modify answers the changed value and stores nothing) and the expression
operations' flags and result codes (checked on a real 8.1 server)."""

from __future__ import annotations

from typing import Any

import pytest
from exp_helpers import DIGEST, NOW, ev, record
from exp_tree import (
    Call,
    Eq,
    HLLBin,
    IntBin,
    ListBin,
    MapBin,
    Op,
    Quote,
    StrBin,
    compile_tree,
)

from aeromodel.client.engine.codes import OpError
from aeromodel.client.engine.exp import UNK
from aeromodel.client.engine.ops import HANDLERS
from aeromodel.client.engine.ops.exp_ops import EXP_HANDLERS, exp_modify, exp_read
from aeromodel.client.engine.ops.registry import NO_RESULT
from aeromodel.client.values import AS_BYTES_HLL, TypedBlob

INT, LIST, MAP, BLOB = 2, 4, 5, 6
REC = record({"l": [3, 1, 2], "nested": [[5, 6], [7]], "m": {"a": 1, "b": 2}, "b": b"\x0f\xf0",
              "i": 2, "s": "x"})


def test_list_reads() -> None:
    assert ev(Call(INT, 0, [16], ListBin("l")), REC) == 3  # size
    assert ev(Call(INT, 0, [19, 7, 0], ListBin("l")), REC) == 3  # get_by_index value
    assert ev(Call(INT, 0, [19, 7, 5], ListBin("l")), REC) is UNK  # out of range
    assert ev(Call(INT, 0, [19, 7, 1], ListBin("l")), REC) == 1
    assert ev(Call(STR_T, 0, [19, 7, 0], ListBin("l")), REC) is UNK  # not the declared type
    # with a context: the second list's first element
    assert ev(Call(INT, 0, [0xFF, [0x10, 1], [19, 7, 0]], ListBin("nested")), REC) == 7
    # an argument computed by an expression: count of values in [i, i + 1)
    count = Call(INT, 0, [25, 5, IntBin("i"), Op(20, IntBin("i"), 1)], ListBin("l"))
    assert ev(count, REC) == 1
    assert ev(Call(INT, 0, [16], ListBin("missing")), REC) is UNK
    assert ev(Call(INT, 0, [16], Quote([1, 2])), REC) == 2  # on a literal


STR_T = 3


def test_list_modify_returns_the_value_and_stores_nothing() -> None:
    appended = Call(LIST, 0x40, [1, 5], ListBin("l"))
    assert list(ev(appended, REC)) == [3, 1, 2, 5]
    assert list(REC["l"]) == [3, 1, 2]
    sized = Call(INT, 0, [16], appended)
    assert ev(sized, REC) == 4
    created = Call(LIST, 0x40, [1, 5], ListBin("missing"))
    assert ev(created, REC) is UNK  # a missing bin is unknown before the call runs
    on_nil = Call(LIST, 0x40, [1, 5], None)
    assert list(ev(on_nil, REC)) == [5]
    sorted_ = Call(LIST, 0x40, [13, 0], ListBin("l"))  # list_sort
    assert list(ev(sorted_, REC)) == [1, 2, 3]


def test_map_calls() -> None:
    assert ev(Call(INT, 0, [97, 7, "b"], MapBin("m")), REC) == 2  # get_by_key value
    put = Call(MAP, 0x40, [67, "c", 3], MapBin("m"))
    assert dict(ev(put, REC)) == {"a": 1, "b": 2, "c": 3}
    assert dict(REC["m"]) == {"a": 1, "b": 2}
    assert ev(Call(INT, 0, [96], put), REC) == 3  # size of the put result
    assert ev(Eq(Call(INT, 0, [97, 7, "zz"], MapBin("m")), 1), REC) is UNK


def test_bin_names_are_plain_strings() -> None:
    # "b" packed as a value is the name "\x03b": no such bin
    assert ev(Call(INT, 1, [54, 0, 8, 0], Op(81, BLOB, "b")), REC) is UNK


def test_bit_and_hll_calls() -> None:
    from exp_tree import Name

    blob = Op(81, BLOB, Name("b"))
    assert ev(Call(INT, 1, [54, 0, 8, 0], blob), REC) == 0x0F  # bit_get_int
    assert ev(Call(INT, 1, [51, 0, 16], blob), REC) == 8  # bit_count
    got = ev(Call(BLOB, 0x41, [3, 0, 8, b"\xff", 0], blob), REC)  # bit_set
    assert got == b"\xff\xf0" and REC["b"] == b"\x0f\xf0"
    hll = Call(9, 0x42, [1, Quote([1, 2, 3]), 4, 0, 0], None)  # hll_add on nothing: a new HLL
    made = ev(hll, REC)
    assert type(made) is TypedBlob and made.subtype == AS_BYTES_HLL
    assert ev(Call(INT, 2, [50], hll), REC) == 3  # hll_get_count
    rec = record({"h": made})
    assert ev(Call(INT, 2, [50], HLLBin("h")), rec) == 3


def test_call_build_errors() -> None:
    for tree, words in [
        (Call(INT, 0, [16], IntBin("i")), "bin arg is int"),
        (Call(INT, 7, [16], ListBin("l")), "invalid system"),
        (Call(INT, 0, [], ListBin("l")), "invalid msgpack list"),
        (Call(12, 0, [16], ListBin("l")), "invalid result type"),
        (Call(INT, 1, [54, 0, 8, 0], StrBin("s")), "not blob"),
    ]:
        with pytest.raises(OpError) as err:
            ev(Eq(tree, 1))
        assert err.value.code == 4 and words in err.value.msg, (words, err.value.msg)


# -- expression operations -----------------------------------------------------------------------


def _op(tree: Any, flags: int | None = None) -> Any:
    data = compile_tree(tree)
    return (data,) if flags is None else (data, flags)


def _fail_code(fn: Any, *args: Any) -> int:
    with pytest.raises(OpError) as err:
        fn(*args)
    return err.value.code


def test_exp_read() -> None:
    rec = record({"i": 5})
    assert EXP_HANDLERS[7] is exp_read and EXP_HANDLERS[8] is exp_modify
    assert exp_read(rec, "x", _op(Op(20, IntBin("i"), 1)), DIGEST, NOW) == 6
    assert exp_read(rec, "x", _op(Eq(1, 1)), DIGEST, NOW) is True
    assert exp_read(rec, "x", _op(None), DIGEST, NOW) is None
    assert _fail_code(exp_read, rec, "x", _op(IntBin("zz")), DIGEST, NOW) == 26
    assert exp_read(rec, "x", _op(IntBin("zz"), 16), DIGEST, NOW) is None  # EVAL_NO_FAIL
    assert _fail_code(exp_read, rec, "x", _op(1, 2), DIGEST, NOW) == 4  # a modify flag
    assert _fail_code(exp_read, rec, "x", _op(Op(1, 1)), DIGEST, NOW) == 4


@pytest.mark.parametrize(
    ("bin_name", "tree", "flags", "code", "after"),
    [
        ("n", Op(20, IntBin("i"), 1), 0, 0, {"i": 5, "n": 6}),
        ("i", Op(20, IntBin("i"), 1), 0, 0, {"i": 6}),
        ("i", 1, 1, 6, None),  # CREATE_ONLY on an existing bin
        ("i", 1, 1 | 8, 0, {"i": 5}),  # ... with POLICY_NO_FAIL: nothing done
        ("n", 1, 1, 0, {"i": 5, "n": 1}),
        ("n", 1, 2, 17, None),  # UPDATE_ONLY on a missing bin
        ("n", 1, 2 | 8, 0, {"i": 5}),
        ("i", 1, 2, 0, {"i": 1}),
        ("i", None, 0, 26, None),  # nil on an existing bin without ALLOW_DELETE
        ("i", None, 4, 0, {}),  # ALLOW_DELETE
        ("i", None, 16, 0, {"i": 5}),  # any other flag: nothing done (the server's code)
        ("i", None, 2, 0, {"i": 5}),
        ("n", None, 0, 0, {"i": 5}),  # nil on a missing bin: nothing to do
        ("i", IntBin("zz"), 0, 26, None),  # unknown
        ("i", IntBin("zz"), 16, 0, {"i": 5}),  # ... EVAL_NO_FAIL: nothing done
        ("i", IntBin("zz"), 8, 26, None),  # POLICY_NO_FAIL does not cover it
        ("n", Eq(1, 1), 0, 0, {"i": 5, "n": True}),
        ("n", Quote([1, 2]), 0, 0, {"i": 5, "n": (1, 2)}),
        ("n", 1, 32, 4, None),  # an unknown flag
    ],
)
def test_exp_modify(bin_name: str, tree: Any, flags: int, code: int, after: Any) -> None:
    rec = record({"i": 5})
    if code:
        assert _fail_code(exp_modify, rec, bin_name, _op(tree, flags), DIGEST, NOW) == code
        return
    assert exp_modify(rec, bin_name, _op(tree, flags), DIGEST, NOW) is NO_RESULT
    assert {k: (tuple(v) if isinstance(v, list) else v) for k, v in rec.items()} == after
    if rec:  # (a record left without bins is deleted by the command)
        assert rec.size == record(dict(rec)).size  # kept exact


def test_exp_handlers_are_not_in_the_registry() -> None:
    assert 7 not in HANDLERS and 8 not in HANDLERS
