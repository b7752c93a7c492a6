"""Expression operations through operate(): expression_read answers a computed value under the
operation's bin name, expression_write stores one; their flags give the server's result codes
(checked on a real 8.1.2 server with the official client 19.3.0)."""

from __future__ import annotations

import pytest
from _support import AnyClient

pytestmark = pytest.mark.transports

KEY = ("test", "expops", "k")


@pytest.fixture
def c(client: AnyClient) -> AnyClient:
    client.put(KEY, {"a": 3, "b": 4})
    return client


def test_read_answers_a_computed_value_and_changes_nothing(c: AnyClient, expression_operations, op, exp) -> None:
    total = exp.Add(exp.IntBin("a"), exp.IntBin("b"))
    _, meta, bins = c.operate(KEY, [expression_operations.expression_read("sum", total.compile()), op.read("a")])
    assert bins == {"sum": 7, "a": 3}
    assert meta["gen"] == 1


def test_write_stores_a_computed_value_in_one_atomic_command(c: AnyClient, expression_operations, op, exp) -> None:
    total = exp.Mul(exp.IntBin("a"), exp.IntBin("b"))
    c.operate(KEY, [expression_operations.expression_write("c", total.compile()), op.increment("a", 1)])
    _, meta, bins = c.get(KEY)
    assert bins == {"a": 4, "b": 4, "c": 12}
    assert meta["gen"] == 2
    # Later operations see earlier ones: the expression reads "a" after the increment.
    ops = [op.increment("a", 1), expression_operations.expression_write("d", exp.Add(exp.IntBin("a"), 0).compile())]
    c.operate(KEY, ops)
    assert c.get(KEY)[2]["d"] == 5


def test_unknown_is_op_not_applicable_unless_eval_no_fail(c: AnyClient, expression_operations, aerospike, exception, exp) -> None:
    missing = exp.Add(exp.IntBin("zz"), 1).compile()
    with pytest.raises(exception.OpNotApplicable):
        c.operate(KEY, [expression_operations.expression_read("r", missing)])
    flags = aerospike.EXP_READ_EVAL_NO_FAIL
    assert c.operate(KEY, [expression_operations.expression_read("r", missing, flags)])[2] == {"r": None}
    with pytest.raises(exception.OpNotApplicable):
        c.operate(KEY, [expression_operations.expression_write("c", missing)])
    c.operate(KEY, [expression_operations.expression_write("c", missing, aerospike.EXP_WRITE_EVAL_NO_FAIL)])
    assert c.get(KEY)[2] == {"a": 3, "b": 4}


def test_write_flags_give_the_servers_codes_and_leave_the_record(c: AnyClient, expression_operations, aerospike, exception, exp) -> None:
    five = exp.Add(0, 5).compile()
    with pytest.raises(exception.BinExistsError):  # 6
        c.operate(KEY, [expression_operations.expression_write("a", five, aerospike.EXP_WRITE_CREATE_ONLY)])
    with pytest.raises(exception.BinNotFound):  # 17
        c.operate(KEY, [expression_operations.expression_write("z", five, aerospike.EXP_WRITE_UPDATE_ONLY)])
    assert c.get(KEY)[1]["gen"] == 1
    no_fail = aerospike.EXP_WRITE_CREATE_ONLY | aerospike.EXP_WRITE_POLICY_NO_FAIL
    # A write operation answers None under its bin name, as on the server; the record is
    # written (its generation moves) though the operation changed nothing.
    assert c.operate(KEY, [expression_operations.expression_write("a", five, no_fail)])[2] == {"a": None}
    assert c.get(KEY)[2] == {"a": 3, "b": 4}
    assert c.get(KEY)[1]["gen"] == 2


def test_a_nil_result_deletes_the_bin_only_with_allow_delete(c: AnyClient, expression_operations, aerospike, exception, exp) -> None:
    nil = exp.Cond(exp.Eq(1, 2), 1, exp.Unknown()).compile()  # unknown: not nil
    with pytest.raises(exception.OpNotApplicable):
        c.operate(KEY, [expression_operations.expression_write("a", nil)])
    none = exp.Val(None).compile()
    with pytest.raises(exception.OpNotApplicable):
        c.operate(KEY, [expression_operations.expression_write("a", none)])
    c.operate(KEY, [expression_operations.expression_write("a", none, aerospike.EXP_WRITE_ALLOW_DELETE)])
    assert c.get(KEY)[2] == {"b": 4}


def test_a_filter_and_an_expression_operation_together(c: AnyClient, expression_operations, exception, exp) -> None:
    ops = [expression_operations.expression_write("c", exp.Add(exp.IntBin("a"), 1).compile())]
    with pytest.raises(exception.FilteredOut):
        c.operate(KEY, ops, policy={"expressions": exp.GT(exp.IntBin("a"), 3).compile()})
    c.operate(KEY, ops, policy={"expressions": exp.GT(exp.IntBin("a"), 2).compile()})
    assert c.get(KEY)[2]["c"] == 4


def test_a_key_value_map_answer_is_a_map_inside_and_a_flat_list_outside(
    client: AnyClient, expression_operations, aerospike, exp,
) -> None:
    # Server (8.1.2, official client 19.3): a map selection answering KEY_VALUE is a map in the
    # selection's order inside the expression (MapSize works on it; comparing it is unknown),
    # and an expression read shows it as operate() does, a flat [k, v, ...] list.
    client.put(KEY, {"m": {"a": 3, "b": 1, "c": 2}})
    m = exp.MapBin("m")
    by_rank = exp.MapGetByRankRange(None, aerospike.MAP_RETURN_KEY_VALUE, 0, 2, m)
    by_keys = exp.MapGetByKeyList(None, aerospike.MAP_RETURN_KEY_VALUE, ["a", "b"], m)
    missing = exp.MapGetByKey(None, aerospike.MAP_RETURN_KEY_VALUE, 5, "zz", m)
    flags = aerospike.EXP_READ_EVAL_NO_FAIL

    def read(x: object) -> object:
        return client.operate(KEY, [expression_operations.expression_read("r", x.compile(), flags)])[2]["r"]  # type: ignore[attr-defined]

    assert read(by_rank) == ["b", 1, "c", 2]
    assert read(exp.MapSize(None, by_keys)) == 2
    assert read(missing) == []
    assert read(exp.Eq(by_keys, aerospike.KeyOrderedDict({"a": 3, "b": 1}))) is None
