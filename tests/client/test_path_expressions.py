"""Path expressions (select_by_path / modify_by_path operations, SelectByPath / ModifyByPath
expressions, loop variables) on the engine, against answers recorded from a real Aerospike CE
8.1.2 server (``data/path_cases.py``; every expectation there is the server's)."""

from __future__ import annotations

import contextlib
import importlib.util
from pathlib import Path
from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers import cdt_ctx as c
from aeromodel.client.helpers.expressions import arithmetic as ar
from aeromodel.client.helpers.expressions import base as e
from aeromodel.client.helpers.expressions import resources as r
from aeromodel.client.helpers.operations import expression_operations as eo
from aeromodel.client.helpers.operations import operations as op
from aeromodel.client.values import KeyOrderedDict

_spec = importlib.util.spec_from_file_location(
    "path_cases", Path(__file__).parent / "data" / "path_cases.py"
)
assert _spec is not None and _spec.loader is not None
_cases = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_cases)
CASES: list[Any] = _cases.CASES
NAMES = {"c": c, "e": e, "r": r, "ar": ar, "op": op, "eo": eo, "A": aerospike, "KOD": KeyOrderedDict}
KEY = ("test", "path_cases", 1)


@pytest.fixture(scope="module")
def client() -> Any:
    return aerospike.client({"embedded": {"name": "path-expressions"}})


@pytest.mark.parametrize("case", CASES, ids=[case[0] for case in CASES])
def test_as_the_server_answers(client: Any, case: Any) -> None:
    _label, bins_src, ops_src, want = case
    bins = eval(bins_src, dict(NAMES))
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(KEY)
    client.put(KEY, bins)
    before = client.get(KEY)[2]
    try:
        _, _, result = client.operate(KEY, eval(ops_src, dict(NAMES)))
    except exception.AerospikeError as err:
        assert want == ("err", err.code), err
        assert client.get(KEY)[2] == before  # a failed operate leaves the record as it was
        return
    after = client.get(KEY)[2]
    assert ("ok", result, None if after == before else after) == want


def test_errors_name_what_is_wrong(client: Any) -> None:
    client.put(KEY, {"m": {"a": 1}, "n": 3})
    with pytest.raises(exception.InvalidRequest, match="context type 0x10 on a map"):
        client.operate(KEY, [op.select_by_path("m", [c.cdt_ctx_list_index(0)], 0)])
    with pytest.raises(exception.InvalidRequest, match="context filter is unknown"):
        client.operate(KEY, [op.select_by_path("m", [c.cdt_ctx_all_children_with_filter(
            e.LoopVarStr(aerospike.EXP_LOOPVAR_VALUE))], 0)])
    with pytest.raises(exception.BinIncompatibleType, match="not a list or map"):
        client.operate(KEY, [op.select_by_path("n", [c.cdt_ctx_all_children()], 0)])
    with pytest.raises(exception.ServerError, match="modify expression is unknown"):
        client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_all_children()],
                                               e.LoopVarStr(aerospike.EXP_LOOPVAR_VALUE), 0)])
    assert client.get(KEY)[2] == {"m": {"a": 1}, "n": 3}


def test_operations_refuse_an_empty_context(client: Any) -> None:
    with pytest.raises(exception.ParamError):
        client.operate(KEY, [op.select_by_path("m", [], 0)])
    with pytest.raises(exception.ParamError):
        client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_all_children()], 3, 0)])


def test_loop_variables_are_unknown_outside_a_path(client: Any) -> None:
    client.put(KEY, {"m": [1]})
    read = eo.expression_read("r", e.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE).compile(),
                              aerospike.EXP_READ_EVAL_NO_FAIL)
    assert client.operate(KEY, [read])[2] == {"r": None}


def test_an_ordered_list_is_sorted_again(client: Any) -> None:
    # server: [1, 2, 3] ordered, every value negated -> [-3, -2, -1]
    from aeromodel.client.helpers.operations import list_operations as lo

    client.put(KEY, {"m": [1, 2, 3]})
    client.operate(KEY, [lo.list_set_order("m", aerospike.LIST_ORDERED)])
    neg = ar.Sub(0, e.LoopVarInt(aerospike.EXP_LOOPVAR_VALUE))
    client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_all_children()], neg, 0)])
    assert client.get(KEY)[2]["m"] == [-3, -2, -1]
    client.operate(KEY, [op.modify_by_path("m", [c.cdt_ctx_list_index(0)], e.RemoveResult(), 0)])
    assert client.get(KEY)[2]["m"] == [-2, -1]  # server: removing index 0 of [1, 2, 3] -> [2, 3]
