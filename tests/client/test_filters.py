"""Filter expressions on every command that takes one: a record that does not pass is FilteredOut
(27) and stays as it was; a missing record is still not found; a write that creates the record
ignores the filter. Each case was checked on a real Aerospike 8.1.2 server with the official
client 19.3.0 (SERVER-FACTS.md, "Filter expressions")."""

from __future__ import annotations

from typing import Any

import pytest
from _support import API_3X, AnyClient, ClientPool

from aeromodel.client.values import Expression

pytestmark = pytest.mark.transports

K1 = ("test", "flt", "k1")
K2 = ("test", "flt", "k2")
MISSING = ("test", "flt", "missing")
RAW_BYTES = "cannot send expression bytes of our making (its compiled form is its own)"


@pytest.fixture
def passing(exp: Any) -> Any:
    """A compiled filter true for K1 only."""
    return exp.Eq(exp.IntBin("a"), 1).compile()


@pytest.fixture
def failing(exp: Any) -> Any:
    """A compiled filter false for both records."""
    return exp.Eq(exp.IntBin("a"), 99).compile()


@pytest.fixture
def c(pool: ClientPool) -> AnyClient:
    client = pool.make()
    client.put(K1, {"a": 1, "s": "x"})
    client.put(K2, {"a": 2})
    return client


def unchanged(c: AnyClient) -> None:
    """K1 and K2 are as the fixture wrote them (gen 1)."""
    for key, bins in ((K1, {"a": 1, "s": "x"}), (K2, {"a": 2})):
        _, meta, got = c.get(key)
        assert (got, meta["gen"]) == (bins, 1)


def pol(compiled: Any, **more: Any) -> dict[str, Any]:
    return {"expressions": compiled, **more}


# -- single-record reads -------------------------------------------------------------------------


def test_reads_of_a_passing_record_answer_as_without_a_filter(c: AnyClient, aerospike, op, passing) -> None:
    assert c.get(K1, pol(passing))[2] == {"a": 1, "s": "x"}
    assert c.select(K1, ["s"], pol(passing))[2] == {"s": "x"}
    assert c.exists(K1, pol(passing))[1] == {"gen": 1, "ttl": aerospike.TTL_NEVER_EXPIRE}
    assert c.operate(K1, [op.read("a")], policy=pol(passing))[2] == {"a": 1}


@pytest.mark.parametrize("call", [
    lambda c, op, failing: c.get(K1, pol(failing)),
    lambda c, op, failing: c.select(K1, ["a"], pol(failing)),
    lambda c, op, failing: c.exists(K1, pol(failing)),  # exists too: FilteredOut, not (key, None)
    lambda c, op, failing: c.operate(K1, [op.read("a")], policy=pol(failing)),
])
def test_reads_of_a_failing_record_are_filtered_out(c: AnyClient, call: Any, exception, op, failing) -> None:
    with pytest.raises(exception.FilteredOut) as info:
        call(c, op, failing)
    assert info.value.code == 27


def test_a_missing_record_is_not_found_whatever_the_filter(c: AnyClient, exception, failing) -> None:
    with pytest.raises(exception.RecordNotFound):
        c.get(MISSING, pol(failing))
    assert c.exists(MISSING, pol(failing))[1] is None


def test_unknown_filters_the_record_out_even_under_not(c: AnyClient, exception, exp) -> None:
    # IntBin of a str bin, or of a missing bin, is unknown; Not(unknown) is still unknown.
    for tree in (exp.Eq(exp.IntBin("s"), 1), exp.Eq(exp.IntBin("zz"), 1)):
        with pytest.raises(exception.FilteredOut):
            c.get(K1, pol(tree.compile()))
        with pytest.raises(exception.FilteredOut):
            c.get(K1, pol(exp.Not(tree).compile()))
    # ... but Or(unknown, true) is true and And(false, unknown) is false.
    either = exp.Or(exp.Eq(exp.IntBin("zz"), 1), exp.Eq(exp.IntBin("a"), 1))
    assert c.get(K1, pol(either.compile()))[2]["a"] == 1
    neither = exp.Not(exp.And(exp.Eq(exp.IntBin("a"), 2), exp.Eq(exp.IntBin("zz"), 1)))
    assert c.get(K1, pol(neither.compile()))[2]["a"] == 1


def test_a_filter_of_constants_applies_to_every_record(c: AnyClient, exception, exp) -> None:
    assert c.get(K2, pol(exp.Eq(1, 1).compile()))[2] == {"a": 2}
    with pytest.raises(exception.FilteredOut):
        c.get(K2, pol(exp.Eq(1, 2).compile()))


def test_a_filter_that_is_not_boolean_is_an_invalid_request(c: AnyClient, exception, exp) -> None:
    with pytest.raises(exception.InvalidRequest) as info:
        c.get(K1, pol(exp.IntBin("a").compile()))
    assert info.value.code == 4


@pytest.mark.ours_only(RAW_BYTES)
def test_malformed_expression_bytes_are_an_invalid_request(c: AnyClient, exception) -> None:
    for raw in (b"\xc1", b"\x93\x01", b"\x92\xcc\xff\x01"):
        with pytest.raises(exception.InvalidRequest):
            c.get(K1, pol(Expression(raw)))
    unchanged(c)


@pytest.mark.parametrize("bad", [
    pytest.param(
        [(1, None, None, 2)],
        marks=pytest.mark.ours_only("takes a list of 4-tuples: its own compiled form"),
    ),
    "a == 1",
    b"\x93\x01\x01\x01",
], ids=["tuples", "str", "bytes"])
def test_a_filter_that_is_not_an_expression_is_refused_by_the_client(
    c: AnyClient, bad: Any, exception
) -> None:
    with pytest.raises(exception.ParamError) as info:
        c.get(K1, {"expressions": bad})
    assert "expressions" in str(info.value.msg).lower()


# -- single-record writes ------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda c, op, failing: c.put(K1, {"b": 1}, policy=pol(failing)),
    lambda c, op, failing: c.increment(K1, "a", 1, policy=pol(failing)),
    lambda c, op, failing: c.append(K1, "s", "y", policy=pol(failing)),
    lambda c, op, failing: c.prepend(K1, "s", "y", policy=pol(failing)),
    lambda c, op, failing: c.touch(K1, 100, policy=pol(failing)),
    lambda c, op, failing: c.remove_bin(K1, ["s"], policy=pol(failing)),
    lambda c, op, failing: c.operate(K1, [op.write("b", 1), op.read("a")], policy=pol(failing)),
    lambda c, op, failing: c.remove(K1, policy=pol(failing)),
])
def test_writes_to_a_failing_record_are_filtered_out_and_change_nothing(
    c: AnyClient, call: Any, exception, op, failing
) -> None:
    with pytest.raises(exception.FilteredOut):
        call(c, op, failing)
    unchanged(c)


def test_writes_to_a_passing_record_run(c: AnyClient, passing) -> None:
    c.put(K1, {"b": 1}, policy=pol(passing))
    c.increment(K1, "a", 0, policy=pol(passing))
    c.touch(K1, 100, policy=pol(passing))
    assert c.get(K1) [1]["gen"] == 4
    c.remove(K1, policy=pol(passing))
    assert c.exists(K1)[1] is None


def test_a_put_that_creates_the_record_ignores_the_filter(c: AnyClient, failing) -> None:
    c.put(MISSING, {"a": 5}, policy=pol(failing))
    assert c.get(MISSING)[2] == {"a": 5}


def test_a_command_that_must_find_the_record_is_not_found_before_the_filter(
    c: AnyClient, aerospike, exception, failing,
) -> None:
    with pytest.raises(exception.RecordNotFound):
        c.put(MISSING, {"a": 5}, policy=pol(failing, exists=aerospike.POLICY_EXISTS_UPDATE))
    with pytest.raises(exception.RecordNotFound):
        c.remove(MISSING, policy=pol(failing))
    with pytest.raises(exception.RecordNotFound):
        c.touch(MISSING, 10, policy=pol(failing))


def test_existence_and_generation_are_checked_before_the_filter(c: AnyClient, aerospike, exception, failing) -> None:
    with pytest.raises(exception.RecordExistsError):
        c.put(K1, {"b": 1}, policy=pol(failing, exists=aerospike.POLICY_EXISTS_CREATE))
    gen_eq = {"gen": aerospike.POLICY_GEN_EQ}
    with pytest.raises(exception.RecordGenerationError):
        c.put(K1, {"b": 1}, meta={"gen": 99}, policy=pol(failing, **gen_eq))
    with pytest.raises(exception.RecordGenerationError):
        c.remove(K1, policy=pol(failing, generation=99, **gen_eq))
    unchanged(c)


def test_an_expired_record_is_recreated_without_the_filter(make_client: Any, clock: Any, failing) -> None:
    c = make_client(clock=clock)
    c.put(K1, {"a": 1}, meta={"ttl": 10})
    clock.advance(11)
    c.put(K1, {"a": 7}, policy=pol(failing))
    assert c.get(K1)[2] == {"a": 7}


# -- batches -------------------------------------------------------------------------------------


def test_a_batch_filter_answers_27_per_record(c: AnyClient, passing, failing) -> None:
    got = c.batch_read([K1, K2, MISSING], policy={"expressions": passing})
    assert [r.result for r in got.batch_records] == [0, 27, 2]
    assert got.batch_records[0].record[2] == {"a": 1, "s": "x"}
    assert got.batch_records[1].record is None
    got = c.batch_read([K1, K2], policy={"expressions": failing, "respond_all_keys": False})
    assert [r.result for r in got.batch_records] == [27, 27]


@pytest.mark.ours_only(API_3X)
def test_get_many_and_exists_many_take_the_filter(c: AnyClient, passing) -> None:
    records = c.get_many([K1, K2], {"expressions": passing})
    assert [r[2] for r in records] == [{"a": 1, "s": "x"}, None]
    found = c.exists_many([K1, K2], {"expressions": passing})
    assert [r[1] is not None for r in found] == [True, False]


def test_a_batch_records_own_filter_overrides_the_batchs(c: AnyClient, op, br, passing, failing) -> None:
    records = br.BatchRecords([
        br.Read(K1, [op.read("a")], policy={"expressions": passing}),
        br.Read(K2, [op.read("a")]),
        br.Write(K2, [op.write("w", 1)], policy={"expressions": passing}),
    ])
    got = c.batch_write(records, {"expressions": failing})
    assert [r.result for r in got.batch_records] == [0, 27, 27]
    assert got.batch_records[0].record[2] == {"a": 1}
    unchanged(c)


def test_batch_writes_and_removes_skip_failing_records(c: AnyClient, op, passing, failing) -> None:
    got = c.batch_operate([K1, K2], [op.write("z", 1)], policy_batch={"expressions": passing})
    assert [r.result for r in got.batch_records] == [0, 27]
    got = c.batch_remove([K1, K2], policy_batch={"expressions": failing})
    assert [r.result for r in got.batch_records] == [27, 27]
    assert c.get(K1)[2] == {"a": 1, "s": "x", "z": 1}
    got = c.batch_remove([K1, K2], policy_batch={"expressions": passing})
    assert [r.result for r in got.batch_records] == [0, 27]
    assert c.exists(K1)[1] is None and c.get(K2)[2] == {"a": 2}


def test_a_malformed_batch_filter_fails_the_whole_batch(c: AnyClient, exp) -> None:
    # The server builds the batch's filter before any record and answers the batch with 4; the
    # official client leaves every record at NoResponse (-15).
    bad = exp.IntBin("a").compile()
    got = c.batch_read([K1, K2], policy={"expressions": bad})
    assert got.result == 4
    assert [r.result for r in got.batch_records] == [-15, -15]
    got = c.batch_remove([K1, K2], policy_batch={"expressions": bad})
    assert [r.result for r in got.batch_records] == [-15, -15]
    unchanged(c)


@pytest.mark.ours_only(f"{RAW_BYTES}; {API_3X}")
def test_malformed_batch_filter_bytes_fail_the_whole_batch(c: AnyClient, exception, exp) -> None:
    for bad in (Expression(b"\xc1"), exp.IntBin("a").compile()):
        got = c.batch_read([K1, K2], policy={"expressions": bad})
        assert got.result == 4
        assert [r.result for r in got.batch_records] == [-15, -15]
        with pytest.raises(exception.InvalidRequest):
            c.get_many([K1, K2], {"expressions": bad})
    unchanged(c)


def test_a_malformed_record_filter_fails_that_record_only(c: AnyClient, op, exp, br) -> None:
    records = br.BatchRecords([
        br.Read(K1, [op.read("a")], policy={"expressions": exp.IntBin("a").compile()}),
        br.Read(K2, [op.read("a")]),
    ])
    got = c.batch_write(records)
    assert [r.result for r in got.batch_records] == [4, 0]


def test_a_malformed_filter_is_not_built_without_a_record(c: AnyClient, exception, exp) -> None:
    # As on the server: the filter is built only when there is a record to filter.
    bad = exp.IntBin("a").compile()
    with pytest.raises(exception.RecordNotFound):
        c.get(MISSING, pol(bad))
    c.put(MISSING, {"a": 1}, policy=pol(bad))
    with pytest.raises(exception.InvalidRequest):
        c.get(MISSING, pol(bad))
