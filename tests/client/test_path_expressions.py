"""Path expressions (select_by_path / modify_by_path operations, SelectByPath / ModifyByPath
expressions, loop variables) on the engine, against answers recorded from a real Aerospike CE
8.1.2 server (``data/path_cases.py``; every expectation there is the server's)."""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.transports

_spec = importlib.util.spec_from_file_location(
    "path_cases", Path(__file__).parent / "data" / "path_cases.py"
)
assert _spec is not None and _spec.loader is not None
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
CASES: list[Any] = _cases.CASES
KEY = ("test", "path_cases", 1)


@pytest.fixture
def names(
    aerospike: ModuleType, cdt_ctx: ModuleType, exp: ModuleType, op: ModuleType,
    expression_operations: ModuleType,
) -> dict[str, Any]:
    """The names the recorded cases are written with, from the transport's modules."""
    return {
        "c": cdt_ctx, "e": exp, "r": importlib.import_module(f"{exp.__name__}.resources"),
        "ar": exp, "op": op, "eo": expression_operations, "A": aerospike,
        "KOD": aerospike.KeyOrderedDict,
    }  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_as_the_server_answers(
    client: Any, case: Any, names: dict[str, Any], transport: str, exception
) -> None:
    _label, bins_src, ops_src, want = case
    bins = eval(bins_src, dict(names))
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(KEY)
    client.put(KEY, bins)
    before = client.get(KEY)[2]
    try:
        _, _, result = client.operate(KEY, eval(ops_src, dict(names)))
    except exception.AerospikeError as err:
        assert want == ("err", err.code), err
        assert client.get(KEY)[2] == before  # a failed operate leaves the record as it was
        return
    after = client.get(KEY)[2]
    assert ("ok", result, None if after == before else after) == want


def test_errors_name_what_is_wrong(
    client: Any, transport: str, aerospike, exception, op, cdt_ctx, exp
) -> None:
    c, e = cdt_ctx, exp
    client.put(KEY, {"m": {"a": 1}, "n": 3})
    calls = [
        (exception.InvalidRequest, "context type 0x10 on a map",
         [op.select_by_path("m", [c.cdt_ctx_list_index(0)], 0)]),
        (exception.InvalidRequest, "context filter is unknown",
         [op.select_by_path("m", [c.cdt_ctx_all_children_with_filter(
             e.LoopVarStr(aerospike.EXP_LOOPVAR_VALUE).compile())], 0)]),
        (exception.BinIncompatibleType, "not a list or map",
         [op.select_by_path("n", [c.cdt_ctx_all_children()], 0)]),
        (exception.ServerError, "modify expression is unknown",
         [op.modify_by_path("m", [c.cdt_ctx_all_children()],
                            e.LoopVarStr(aerospike.EXP_LOOPVAR_VALUE).compile(), 0)]),
    ]  # fmt: skip
    for cls, says, ops in calls:
        with pytest.raises(cls) as err:
            client.operate(KEY, ops)
        if transport == "embedded":  # a server sends only the code
            assert says in str(err.value.msg)
    assert client.get(KEY)[2] == {"m": {"a": 1}, "n": 3}


def test_operations_refuse_an_empty_context(client: Any, exception, op, cdt_ctx) -> None:
    c = cdt_ctx
    with pytest.raises(exception.ParamError):
        client.operate(KEY, [op.select_by_path("m", [], 0)])
    with pytest.raises(exception.ParamError):
        client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_all_children()], 3, 0)])


def test_loop_variables_are_unknown_outside_a_path(
    client: Any, aerospike, exp, expression_operations
) -> None:
    e = exp
    client.put(KEY, {"m": [1]})
    read = expression_operations.expression_read("r", e.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE).compile(),
                              aerospike.EXP_READ_EVAL_NO_FAIL)
    assert client.operate(KEY, [read])[2] == {"r": None}


def test_an_ordered_list_is_sorted_again(
    client: Any, aerospike, op, cdt_ctx, exp, list_operations
) -> None:
    # server: [1, 2, 3] ordered, every value negated -> [-3, -2, -1]
    c, e, ar, lo = cdt_ctx, exp, exp, list_operations
    client.put(KEY, {"m": [1, 2, 3]})
    client.operate(KEY, [lo.list_set_order("m", aerospike.LIST_ORDERED)])
    neg = ar.Sub(0, e.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE))
    client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_all_children()], neg.compile(), 0)])
    assert client.get(KEY)[2]["m"] == [-3, -2, -1]
    client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_list_index(0)], e.RemoveResult().compile(), 0)])
    assert client.get(KEY)[2]["m"] == [-2, -1]  # server: removing index 0 of [1, 2, 3] -> [2, 3]
