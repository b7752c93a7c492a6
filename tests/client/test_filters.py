"""Filter expressions on every command that takes one: a record that does not pass is FilteredOut
(27) and stays as it was; a missing record is still not found; a write that creates the record
ignores the filter. Each case was checked on a real Aerospike 8.1.2 server with the official
client 19.3.0 (SERVER-FACTS.md, "Filter expressions")."""

from __future__ import annotations

from typing import Any

import pytest
from _support import ClientPool

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers import operations as op
from aeromodel.client.helpers.batch import records as br
from aeromodel.client.helpers.expressions import base as e
from aeromodel.client.values import Expression

pytestmark = pytest.mark.transports

K1 = ("test", "flt", "k1")
K2 = ("test", "flt", "k2")
MISSING = ("test", "flt", "missing")
PASS = e.Eq(e.IntBin("a"), 1).compile()  # true for K1
FAIL = e.Eq(e.IntBin("a"), 99).compile()  # false for both


@pytest.fixture
def c(pool: ClientPool) -> aerospike.Client:
    client = pool.make()
    client.put(K1, {"a": 1, "s": "x"})
    client.put(K2, {"a": 2})
    return client


def unchanged(c: aerospike.Client) -> None:
    """K1 and K2 are as the fixture wrote them (gen 1)."""
    for key, bins in ((K1, {"a": 1, "s": "x"}), (K2, {"a": 2})):
        _, meta, got = c.get(key)
        assert (got, meta["gen"]) == (bins, 1)


def pol(exp: Expression, **more: Any) -> dict[str, Any]:
    return {"expressions": exp, **more}


# -- single-record reads -------------------------------------------------------------------------


def test_reads_of_a_passing_record_answer_as_without_a_filter(c: aerospike.Client) -> None:
    assert c.get(K1, pol(PASS))[2] == {"a": 1, "s": "x"}
    assert c.select(K1, ["s"], pol(PASS))[2] == {"s": "x"}
    assert c.exists(K1, pol(PASS))[1] == {"gen": 1, "ttl": aerospike.TTL_NEVER_EXPIRE}
    assert c.operate(K1, [op.read("a")], policy=pol(PASS))[2] == {"a": 1}


@pytest.mark.parametrize("call", [
    lambda c: c.get(K1, pol(FAIL)),
    lambda c: c.select(K1, ["a"], pol(FAIL)),
    lambda c: c.exists(K1, pol(FAIL)),  # exists too: FilteredOut, not (key, None)
    lambda c: c.operate(K1, [op.read("a")], policy=pol(FAIL)),
])
def test_reads_of_a_failing_record_are_filtered_out(c: aerospike.Client, call: Any) -> None:
    with pytest.raises(exception.FilteredOut) as info:
        call(c)
    assert info.value.code == 27


def test_a_missing_record_is_not_found_whatever_the_filter(c: aerospike.Client) -> None:
    with pytest.raises(exception.RecordNotFound):
        c.get(MISSING, pol(FAIL))
    assert c.exists(MISSING, pol(FAIL))[1] is None


def test_unknown_filters_the_record_out_even_under_not(c: aerospike.Client) -> None:
    # IntBin of a str bin, or of a missing bin, is unknown; Not(unknown) is still unknown.
    for exp in (e.Eq(e.IntBin("s"), 1), e.Eq(e.IntBin("zz"), 1)):
        with pytest.raises(exception.FilteredOut):
            c.get(K1, pol(exp.compile()))
        with pytest.raises(exception.FilteredOut):
            c.get(K1, pol(e.Not(exp).compile()))
    # ... but Or(unknown, true) is true and And(false, unknown) is false.
    either = e.Or(e.Eq(e.IntBin("zz"), 1), e.Eq(e.IntBin("a"), 1))
    assert c.get(K1, pol(either.compile()))[2]["a"] == 1
    neither = e.Not(e.And(e.Eq(e.IntBin("a"), 2), e.Eq(e.IntBin("zz"), 1)))
    assert c.get(K1, pol(neither.compile()))[2]["a"] == 1


def test_a_filter_of_constants_applies_to_every_record(c: aerospike.Client) -> None:
    assert c.get(K2, pol(e.Eq(1, 1).compile()))[2] == {"a": 2}
    with pytest.raises(exception.FilteredOut):
        c.get(K2, pol(e.Eq(1, 2).compile()))


def test_a_filter_that_is_not_boolean_is_an_invalid_request(c: aerospike.Client) -> None:
    with pytest.raises(exception.InvalidRequest) as info:
        c.get(K1, pol(e.IntBin("a").compile()))
    assert info.value.code == 4


def test_malformed_expression_bytes_are_an_invalid_request(c: aerospike.Client) -> None:
    for raw in (b"\xc1", b"\x93\x01", b"\x92\xcc\xff\x01"):
        with pytest.raises(exception.InvalidRequest):
            c.get(K1, pol(Expression(raw)))
    unchanged(c)


def test_a_filter_that_is_not_an_expression_is_refused_by_the_client(c: aerospike.Client) -> None:
    for bad in ([(1, None, None, 2)], "a == 1", b"\x93\x01\x01\x01"):
        with pytest.raises(exception.ParamError) as info:
            c.get(K1, {"expressions": bad})
        assert "expressions" in str(info.value.msg)


# -- single-record writes ------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda c: c.put(K1, {"b": 1}, policy=pol(FAIL)),
    lambda c: c.increment(K1, "a", 1, policy=pol(FAIL)),
    lambda c: c.append(K1, "s", "y", policy=pol(FAIL)),
    lambda c: c.prepend(K1, "s", "y", policy=pol(FAIL)),
    lambda c: c.touch(K1, 100, policy=pol(FAIL)),
    lambda c: c.remove_bin(K1, ["s"], policy=pol(FAIL)),
    lambda c: c.operate(K1, [op.write("b", 1), op.read("a")], policy=pol(FAIL)),
    lambda c: c.remove(K1, policy=pol(FAIL)),
])
def test_writes_to_a_failing_record_are_filtered_out_and_change_nothing(
    c: aerospike.Client, call: Any
) -> None:
    with pytest.raises(exception.FilteredOut):
        call(c)
    unchanged(c)


def test_writes_to_a_passing_record_run(c: aerospike.Client) -> None:
    c.put(K1, {"b": 1}, policy=pol(PASS))
    c.increment(K1, "a", 0, policy=pol(PASS))
    c.touch(K1, 100, policy=pol(PASS))
    assert c.get(K1) [1]["gen"] == 4
    c.remove(K1, policy=pol(PASS))
    assert c.exists(K1)[1] is None


def test_a_put_that_creates_the_record_ignores_the_filter(c: aerospike.Client) -> None:
    c.put(MISSING, {"a": 5}, policy=pol(FAIL))
    assert c.get(MISSING)[2] == {"a": 5}


def test_a_command_that_must_find_the_record_is_not_found_before_the_filter(
    c: aerospike.Client,
) -> None:
    with pytest.raises(exception.RecordNotFound):
        c.put(MISSING, {"a": 5}, policy=pol(FAIL, exists=aerospike.POLICY_EXISTS_UPDATE))
    with pytest.raises(exception.RecordNotFound):
        c.remove(MISSING, policy=pol(FAIL))
    with pytest.raises(exception.RecordNotFound):
        c.touch(MISSING, 10, policy=pol(FAIL))


def test_existence_and_generation_are_checked_before_the_filter(c: aerospike.Client) -> None:
    with pytest.raises(exception.RecordExistsError):
        c.put(K1, {"b": 1}, policy=pol(FAIL, exists=aerospike.POLICY_EXISTS_CREATE))
    gen_eq = {"gen": aerospike.POLICY_GEN_EQ}
    with pytest.raises(exception.RecordGenerationError):
        c.put(K1, {"b": 1}, meta={"gen": 99}, policy=pol(FAIL, **gen_eq))
    with pytest.raises(exception.RecordGenerationError):
        c.remove(K1, policy=pol(FAIL, generation=99, **gen_eq))
    unchanged(c)


def test_an_expired_record_is_recreated_without_the_filter(make_client: Any, clock: Any) -> None:
    c = make_client(clock=clock)
    c.put(K1, {"a": 1}, meta={"ttl": 10})
    clock.advance(11)
    c.put(K1, {"a": 7}, policy=pol(FAIL))
    assert c.get(K1)[2] == {"a": 7}


# -- batches -------------------------------------------------------------------------------------


def test_a_batch_filter_answers_27_per_record(c: aerospike.Client) -> None:
    got = c.batch_read([K1, K2, MISSING], policy={"expressions": PASS})
    assert [r.result for r in got.batch_records] == [0, 27, 2]
    assert got.batch_records[0].record[2] == {"a": 1, "s": "x"}
    assert got.batch_records[1].record is None
    got = c.batch_read([K1, K2], policy={"expressions": FAIL, "respond_all_keys": False})
    assert [r.result for r in got.batch_records] == [27, 27]


def test_get_many_and_exists_many_take_the_filter(c: aerospike.Client) -> None:
    records = c.get_many([K1, K2], {"expressions": PASS})
    assert [r[2] for r in records] == [{"a": 1, "s": "x"}, None]
    found = c.exists_many([K1, K2], {"expressions": PASS})
    assert [r[1] is not None for r in found] == [True, False]


def test_a_batch_records_own_filter_overrides_the_batchs(c: aerospike.Client) -> None:
    records = br.BatchRecords([
        br.Read(K1, [op.read("a")], policy={"expressions": PASS}),
        br.Read(K2, [op.read("a")]),
        br.Write(K2, [op.write("w", 1)], policy={"expressions": PASS}),
    ])
    got = c.batch_write(records, {"expressions": FAIL})
    assert [r.result for r in got.batch_records] == [0, 27, 27]
    assert got.batch_records[0].record[2] == {"a": 1}
    unchanged(c)


def test_batch_writes_and_removes_skip_failing_records(c: aerospike.Client) -> None:
    got = c.batch_operate([K1, K2], [op.write("z", 1)], policy_batch={"expressions": PASS})
    assert [r.result for r in got.batch_records] == [0, 27]
    got = c.batch_remove([K1, K2], policy_batch={"expressions": FAIL})
    assert [r.result for r in got.batch_records] == [27, 27]
    assert c.get(K1)[2] == {"a": 1, "s": "x", "z": 1}
    got = c.batch_remove([K1, K2], policy_batch={"expressions": PASS})
    assert [r.result for r in got.batch_records] == [0, 27]
    assert c.exists(K1)[1] is None and c.get(K2)[2] == {"a": 2}


def test_a_malformed_batch_filter_fails_the_whole_batch(c: aerospike.Client) -> None:
    # The server builds the batch's filter before any record and answers the batch with 4; the
    # official client leaves every record at NoResponse (-15).
    for bad in (Expression(b"\xc1"), e.IntBin("a").compile()):
        got = c.batch_read([K1, K2], policy={"expressions": bad})
        assert got.result == 4
        assert [r.result for r in got.batch_records] == [-15, -15]
        with pytest.raises(exception.InvalidRequest):
            c.get_many([K1, K2], {"expressions": bad})
        got = c.batch_remove([K1, K2], policy_batch={"expressions": bad})
        assert [r.result for r in got.batch_records] == [-15, -15]
    unchanged(c)


def test_a_malformed_record_filter_fails_that_record_only(c: aerospike.Client) -> None:
    records = br.BatchRecords([
        br.Read(K1, [op.read("a")], policy={"expressions": e.IntBin("a").compile()}),
        br.Read(K2, [op.read("a")]),
    ])
    got = c.batch_write(records)
    assert [r.result for r in got.batch_records] == [4, 0]


def test_a_malformed_filter_is_not_built_without_a_record(c: aerospike.Client) -> None:
    # As on the server: the filter is built only when there is a record to filter.
    bad = e.IntBin("a").compile()
    with pytest.raises(exception.RecordNotFound):
        c.get(MISSING, pol(bad))
    c.put(MISSING, {"a": 1}, policy=pol(bad))
    with pytest.raises(exception.InvalidRequest):
        c.get(MISSING, pol(bad))
