"""Malformed expressions are refused with a ParamError naming the class and argument; deliberate
differences from the official client; expression operations compiled for ``operate()``;
``get_expression_base64``."""

from __future__ import annotations

import base64
import math
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import command as w
from aeromodel.client import exception
from aeromodel.client.codec import Codec
from aeromodel.client.command import Command, Result
from aeromodel.client.commands.operations import OpCompiler
from aeromodel.client.helpers import cdt_ctx
from aeromodel.client.helpers import expressions as exp
from aeromodel.client.helpers.expressions import arithmetic
from aeromodel.client.helpers.expressions import list as lst
from aeromodel.client.helpers.expressions import map as mp
from aeromodel.client.helpers.operations import expression_operations as expr_ops
from aeromodel.client.transport import MockTransport
from aeromodel.client.values import Expression

RT = exp.ResultType
KEY = ("test", "demo", "k")


def sent(call: Any) -> Command:
    """The one command a call sends (to a mock transport, no engine)."""
    mock = MockTransport(lambda cmd: Result(0, 1, 0, bins={}, ops=[]), clock=lambda: 0)
    call(aerospike.Client({}, transport=mock))
    assert len(mock.commands) == 1
    return mock.commands[0]


def refused(make: Any, *words: str) -> str:
    with pytest.raises(exception.ParamError) as info:
        expr = make()
        expr.compile()
    msg = str(info.value.msg)
    for word in words:
        assert word in msg, msg
    return msg


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: exp.IntBin(5), ("IntBin", "bin", "str")),
        (lambda: exp.Var(None), ("Var", "var_name")),
        (lambda: exp.DigestMod("3"), ("DigestMod", "mod", "int")),
        (lambda: exp.CmpRegex("i", "a", "b"), ("CmpRegex", "options")),
        (lambda: exp.Eq(exp.IntBin("a"), object()), ("Eq", "object", "wire form")),
        (lambda: exp.Eq(exp.IntBin("a"), (1, 2)), ("Eq", "tuple")),
        (lambda: exp.Eq(exp.IntBin("a"), 2**63), ("Eq", "64-bit")),
        (lambda: exp.Eq(exp.ListBin("a"), [-(2**63) - 1]), ("64-bit",)),
        (lambda: exp.Eq(exp.MapBin("a"), {1.5: 1}), ("map key", "float")),
        (lambda: exp.Eq(exp.Def("x", 1), 2), ("Eq", "Def", "Let")),
        (lambda: exp.Def("x", 1), ("Def", "Let")),
        (lambda: exp.Let(exp.Var("x"), exp.Def("x", 1)), ("Let", "scope")),
        (lambda: exp.Let(exp.IntBin("a"), exp.Var("x")), ("Let", "argument 0", "Def")),
        (lambda: exp.Let(), ("Let",)),
        (lambda: exp.Not(exp.BoolBin("a"), exp.BoolBin("b")), ("Not", "one")),
        (lambda: lst.ListSize([], "a"), ("ListSize", "ctx")),
        (lambda: lst.ListSize("ctx", "a"), ("ListSize", "ctx")),
        (lambda: lst.ListSize([object()], "a"), ("ListSize", "cdt_ctx")),
        (lambda: lst.ListSize(None, 5), ("ListSize", "bin")),
        (lambda: lst.ListAppend(None, "pol", 1, "a"), ("ListAppend", "policy", "dict")),
        (lambda: lst.ListAppend(None, {"write_flags": "x"}, 1, "a"), ("write_flags", "int")),
        (lambda: lst.ListGetByValue(None, aerospike.LIST_RETURN_NONE, 1, "a"), ("return_type",)),
        (lambda: lst.ListGetByIndex(None, aerospike.LIST_RETURN_INDEX, RT.STRING, 0, "a"),
         ("ListGetByIndex", "value_type")),
        (lambda: mp.MapGetByKey(None, aerospike.MAP_RETURN_KEY_VALUE, RT.INTEGER, "k", "m"),
         ("MapGetByKey", "value_type")),
        (lambda: mp.MapGetByKey(None, "7", RT.INTEGER, "k", "m"), ("return_type", "int")),
        (lambda: exp.SelectByPath(None, RT.LIST, 0, exp.ListBin("a")), ("SelectByPath", "ctx")),
        (lambda: exp.ModifyByPath([cdt_ctx.cdt_ctx_list_index(0)], RT.INTEGER, 5, 0, "a"),
         ("ModifyByPath", "mod_exp")),
        (lambda: exp.HLLInit(None, "8", None, "h"), ("HLLInit", "index_bit_count")),
        (lambda: exp.BitResize(None, 4, "front", "b"), ("BitResize", "flags")),
    ],
)
def test_malformed_expressions_are_param_errors(make: Any, words: tuple[str, ...]) -> None:
    refused(make, *words)


def test_an_expression_has_no_truth_value() -> None:
    with pytest.raises(exception.ParamError):
        bool(exp.Eq(exp.IntBin("a"), 1))


def test_compile_returns_expression_bytes() -> None:
    compiled = exp.Eq(exp.IntBin("a"), 5).compile()
    assert type(compiled) is Expression
    assert compiled == bytes.fromhex("9301935102a16105")
    assert compiled == exp.Eq(exp.IntBin("a"), 5).compile()  # compiling twice gives the same bytes


def test_deliberate_differences_from_the_official_client() -> None:
    # Text keeps a NUL (the official client cuts it there, as a C string).
    assert exp.Val("a\x00b").compile() == b"\xa4\x03a\x00b"
    # ``%`` and ``**`` chains nest instead of packing a malformed list.
    assert (exp.Mod(1, 2) % 3).compile() == bytes.fromhex("931a931a010203")
    assert (exp.IntBin("a") ** 2 ** 3).compile() == exp.Pow(exp.IntBin("a"), 8).compile()
    # A MapIncrement policy packs attributes and flags, like MapPut (the official list is malformed).
    inc = mp.MapIncrement(None, {"map_order": 1, "map_write_flags": 2}, "k", 1, "m").compile()
    assert inc == bytes.fromhex("957f05409549a2036b010102935105a16d")


def test_operators_build_arithmetic() -> None:
    a, f = exp.IntBin("a"), exp.FloatBin("f")
    assert (a + 1 + 2).compile() == arithmetic.Add(a, 1, 2).compile()
    assert (a - 1).compile() == arithmetic.Sub(a, 1).compile()
    assert (f // 2.0).compile() == arithmetic.Floor(arithmetic.Div(f, 2.0)).compile()
    assert abs(abs(a)).compile() == arithmetic.Abs(a).compile()
    assert math.floor(f).compile() == arithmetic.Floor(f).compile()
    assert math.ceil(f).compile() == arithmetic.Ceil(f).compile()


def test_modify_by_path_takes_an_expression_or_its_compiled_bytes() -> None:
    mod = arithmetic.Add(exp.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE), 1)
    ctx = [cdt_ctx.cdt_ctx_list_index(0)]
    a = exp.ModifyByPath(ctx, RT.LIST, mod, 0, exp.ListBin("l")).compile()
    b = exp.ModifyByPath(ctx, RT.LIST, mod.compile(), 0, exp.ListBin("l")).compile()
    assert a == b


# -- get_expression_base64 -----------------------------------------------------------------------


def test_get_expression_base64() -> None:
    compiled = exp.Eq(exp.IntBin("a"), 5).compile()
    assert aerospike.get_expression_base64(compiled) == "kwGTUQKhYQU="
    client = aerospike.client({"embedded": {"name": "exp-b64"}})
    assert client.get_expression_base64(compiled) == "kwGTUQKhYQU="
    assert base64.b64decode(client.get_expression_base64(compiled)) == compiled


@pytest.mark.parametrize("bad", [None, b"\x93", "kwGT", exp.IntBin("a"), [(1, None, None, 0)]])
def test_get_expression_base64_refuses_what_is_not_compiled(bad: Any) -> None:
    with pytest.raises(exception.ParamError, match="compiled expression"):
        aerospike.get_expression_base64(bad)
    with pytest.raises(exception.ParamError, match="compiled expression"):
        aerospike.client({"embedded": {"name": "exp-b64"}}).get_expression_base64(bad)


# -- expression operations -------------------------------------------------------------------------


def test_expression_operation_dicts() -> None:
    expr = exp.Add(exp.IntBin("a"), 1).compile()
    assert expr_ops.expression_read("r", expr) == {
        "op": aerospike.OP_EXPR_READ, "bin": "r", "expr": expr, "expr_flags": 0,
    }
    assert expr_ops.expression_write("w", expr, aerospike.EXP_WRITE_CREATE_ONLY) == {
        "op": aerospike.OP_EXPR_WRITE, "bin": "w", "expr": expr,
        "expr_flags": aerospike.EXP_WRITE_CREATE_ONLY,
    }


def test_expression_operations_compile_to_wire_ops() -> None:
    expr = exp.Add(exp.IntBin("a"), 1).compile()
    ops = [
        expr_ops.expression_read("r", expr, aerospike.EXP_READ_EVAL_NO_FAIL),
        expr_ops.expression_write("w", expr),
    ]
    out = OpCompiler(Codec()).compile(ops)
    assert out.ops == [
        (w.OP_EXP_READ, "r", (expr, aerospike.EXP_READ_EVAL_NO_FAIL)),
        (w.OP_EXP_MODIFY, "w", (expr, 0)),
    ]
    assert out.has_write
    assert not OpCompiler(Codec()).compile(ops[:1]).has_write


def test_operate_sends_expression_operations() -> None:
    expr = exp.Mul(exp.IntBin("a"), 2).compile()
    cmd = sent(lambda c: c.operate(KEY, [expr_ops.expression_read("x", expr)]))
    assert cmd.ops == [(w.OP_EXP_READ, "x", (expr, 0))]
    cmd = sent(lambda c: c.operate(KEY, [expr_ops.expression_write("x", expr)]))
    assert cmd.ops == [(w.OP_EXP_MODIFY, "x", (expr, 0))]


def test_an_uncompiled_expression_is_compiled_for_the_operation() -> None:
    tree = exp.Mul(exp.IntBin("a"), 2)
    out = OpCompiler(Codec()).compile([expr_ops.expression_read("x", tree)])
    assert out.ops == [(w.OP_EXP_READ, "x", (tree.compile(), 0))]


@pytest.mark.parametrize(
    ("op", "words"),
    [
        ({"op": aerospike.OP_EXPR_READ, "bin": "x", "expr": "kwGT"}, ("expression_read", "expr")),
        ({"op": aerospike.OP_EXPR_WRITE, "bin": "x"}, ("expression_write", "no 'expr'")),
        ({"op": aerospike.OP_EXPR_READ, "bin": "x", "expr": Expression(b"\x91\x00"),
          "expr_flags": "0"}, ("expr_flags", "int")),
        ({"op": aerospike.OP_EXPR_READ, "bin": "x", "expr": Expression(b"\x91\x00"),
          "expr_flag": 0}, ("unknown key", "expr_flag")),
        ({"op": aerospike.OP_EXPR_READ, "bin": 5, "expr": Expression(b"\x91\x00")}, ("Bin name",)),
    ],
)
def test_malformed_expression_operations(op: dict[str, Any], words: tuple[str, ...]) -> None:
    with pytest.raises(exception.ParamError) as info:
        OpCompiler(Codec()).compile([op])
    for word in words:
        assert word in str(info.value.msg)


def test_public_names() -> None:
    assert {"Eq", "IntBin", "ListGetByIndex", "MapPut", "BitResize", "HLLInit", "Add", "IntAnd",
            "ResultType", "Exclusive", "Let", "Def", "Var", "Cond"} <= set(exp.__all__)
    for name in exp.__all__:
        assert hasattr(exp, name), name
    assert aerospike.helpers.expressions is exp
    assert aerospike.helpers.operations.expression_operations is expr_ops
