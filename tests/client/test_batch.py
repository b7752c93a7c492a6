"""Batch reads and writes: get_many, exists_many, select_many, batch_get_ops, batch_read,
batch_write, batch_operate and batch_remove on the embedded engine."""

from __future__ import annotations

from typing import Any

import pytest
from _support import API_3X, FAKE_CLOCK_TTL, AnyClient, ClientPool, ManualClock

from aeromodel.client import calc_digest

pytestmark = pytest.mark.transports

NEVER = 4294967295
NS = "test"
SET = "demo"


def k(user_key: Any, set_name: str = SET) -> tuple[str, str, Any]:
    return (NS, set_name, user_key)


def full_key(user_key: Any, set_name: str = SET) -> tuple[str, str, Any, bytearray]:
    """The key tuple a batch answers with: the caller's key plus its digest (ours, pinned against
    the official client in test_digest)."""
    return (NS, set_name, user_key, calc_digest(NS, set_name, user_key))


@pytest.fixture
def cl(pool: ClientPool, clock: ManualClock) -> AnyClient:
    """A client on a fresh engine with three records: 1, 2, 3 (bins name/age), on a fake clock."""
    c = pool.make(clock=clock)
    for i in (1, 2, 3):
        c.put(k(i), {"name": f"Name{i}", "age": i})
    return c


def count_records(c: AnyClient, set_name: str = SET) -> int:
    answer = c.info_all(f"sets/{NS}/{set_name}")
    (_err, text), = answer.values()
    for part in text.strip().rstrip(";").split(":"):
        if part.startswith("objects="):
            return int(part[len("objects="):])
    return 0


# -- get_many / exists_many / select_many / batch_get_ops -----------------------------------------


@pytest.mark.ours_only(API_3X)
def test_get_many_answers_records_in_key_order_and_none_for_missing(cl: AnyClient) -> None:
    records = cl.get_many([k(1), k(2), k(3), k(4)])
    assert isinstance(records, list)
    assert records == [
        (full_key(1), {"gen": 1, "ttl": NEVER}, {"name": "Name1", "age": 1}),
        (full_key(2), {"gen": 1, "ttl": NEVER}, {"name": "Name2", "age": 2}),
        (full_key(3), {"gen": 1, "ttl": NEVER}, {"name": "Name3", "age": 3}),
        (full_key(4), None, None),
    ]
    assert records[0][1]["gen"] == 1
    assert records[3][1] is None and records[3][2] is None


@pytest.mark.ours_only(API_3X)
def test_get_many_keeps_order_of_keys_given(cl: AnyClient) -> None:
    records = cl.get_many([k(3), k(99), k(1)])
    assert [r[0][2] for r in records] == [3, 99, 1]
    assert [r[2] for r in records] == [{"name": "Name3", "age": 3}, None, {"name": "Name1", "age": 1}]


@pytest.mark.ours_only(API_3X)
def test_get_many_of_no_keys_is_empty(cl: AnyClient) -> None:
    assert cl.get_many([]) == []


@pytest.mark.ours_only(API_3X)
def test_get_many_by_digest_key(cl: AnyClient, aerospike) -> None:
    digest = aerospike.calc_digest(NS, SET, 2)
    (rec,) = cl.get_many([(NS, SET, None, digest)])
    assert rec == ((NS, SET, None, digest), {"gen": 1, "ttl": NEVER}, {"name": "Name2", "age": 2})


@pytest.mark.ours_only(API_3X)
def test_get_many_bins_are_the_callers_copy(cl: AnyClient) -> None:
    cl.put(k(5), {"l": [1, 2]})
    (rec,) = cl.get_many([k(5)])
    rec[2]["l"].append(3)
    assert cl.get(k(5))[2] == {"l": [1, 2]}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
@pytest.mark.ours_only(API_3X)
def test_get_many_reports_generation_and_ttl(cl: AnyClient) -> None:
    cl.put(k(1), {"age": 10}, meta={"ttl": 500})
    (rec,) = cl.get_many([k(1)])
    assert rec[1] == {"gen": 2, "ttl": 500}
    assert rec[2] == {"name": "Name1", "age": 10}


@pytest.mark.ours_only(API_3X)
def test_exists_many_answers_meta_or_none(cl: AnyClient) -> None:
    cl.put(k(2), {"age": 20})
    answers = cl.exists_many([k(1), k(2), k(4)])
    assert answers == [
        (full_key(1), {"gen": 1, "ttl": NEVER}),
        (full_key(2), {"gen": 2, "ttl": NEVER}),
        (full_key(4), None),
    ]
    assert answers[1][1]["gen"] == 2
    assert answers[2][1] is None


@pytest.mark.ours_only(API_3X)
def test_select_many_filters_bins(cl: AnyClient) -> None:
    cl.put(k(3), {"extra": "x"})
    records = cl.select_many([k(1), k(3), k(4)], ["name", "extra"])
    assert records == [
        (full_key(1), {"gen": 1, "ttl": NEVER}, {"name": "Name1"}),
        (full_key(3), {"gen": 2, "ttl": NEVER}, {"name": "Name3", "extra": "x"}),
        (full_key(4), None, None),
    ]


@pytest.mark.ours_only(API_3X)
def test_select_many_of_a_bin_nobody_has_gives_empty_bins(cl: AnyClient) -> None:
    records = cl.select_many([k(1)], ["nope"])
    assert records == [(full_key(1), {"gen": 1, "ttl": NEVER}, {})]


@pytest.mark.ours_only(API_3X)
def test_select_many_rejects_a_long_bin_name(cl: AnyClient, exception) -> None:
    with pytest.raises(exception.BinNameError) as info:
        cl.select_many([k(1)], ["x" * 16])
    assert info.value.code == 21


@pytest.mark.ours_only(API_3X)
def test_select_many_bins_must_be_a_list(cl: AnyClient, exception) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.select_many([k(1)], "name")  # type: ignore[arg-type]
    assert info.value.code == -2


@pytest.mark.ours_only(API_3X)
def test_batch_get_ops_runs_reads_on_every_key(cl: AnyClient, exception, op) -> None:
    # As the official client (and docs/client.md): the caller's key tuple, and the exception class
    # of the error in place of meta for a record that could not be read.
    records = cl.batch_get_ops([k(1), k(2), k(7)], [op.read("age"), op.read("name")])
    assert records == [
        (k(1), {"gen": 1, "ttl": NEVER}, {"age": 1, "name": "Name1"}),
        (k(2), {"gen": 1, "ttl": NEVER}, {"age": 2, "name": "Name2"}),
        (k(7), exception.RecordNotFound, None),
    ]
    assert records[0][1]["gen"] == 1
    assert records[2][1] is exception.RecordNotFound


@pytest.mark.ours_only(API_3X)
def test_batch_get_ops_refuses_write_operations(cl: AnyClient, exception, op) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_get_ops([k(1)], [op.write("age", 5)])
    assert info.value.code == -2
    assert cl.get(k(1))[2] == {"name": "Name1", "age": 1}


# -- batch_read ----------------------------------------------------------------------------


def test_batch_read_whole_records_and_missing_key(cl: AnyClient, br) -> None:
    res = cl.batch_read([k(1), k(9), k(2)])
    assert isinstance(res, br.BatchRecords)
    assert res.result == 0
    assert len(res.batch_records) == 3
    first, missing, second = res.batch_records
    assert first.result == 0
    assert first.key == full_key(1)
    assert first.record == (full_key(1), {"gen": 1, "ttl": NEVER}, {"name": "Name1", "age": 1})
    assert first.record[1]["gen"] == 1
    assert first.in_doubt is False
    assert missing.result == 2
    assert missing.record is None
    assert missing.in_doubt is False
    assert missing.key == full_key(9)
    assert second.record[2] == {"name": "Name2", "age": 2}


def test_batch_read_all_missing_still_succeeds(cl: AnyClient) -> None:
    res = cl.batch_read([k(100), k(101)])
    assert res.result == 0
    assert [(r.result, r.record, r.in_doubt) for r in res.batch_records] == [
        (2, None, False),
        (2, None, False),
    ]


def test_batch_read_empty_bins_answers_key_meta_pairs(cl: AnyClient) -> None:
    cl.put(k(2), {"age": 22})
    res = cl.batch_read([k(1), k(2), k(5)], [])
    assert res.result == 0
    rec1, rec2, rec5 = res.batch_records
    assert rec1.result == 0
    assert len(rec1.record) == 2
    assert rec1.record == (full_key(1), {"gen": 1, "ttl": NEVER})
    assert rec2.record == (full_key(2), {"gen": 2, "ttl": NEVER})
    key, meta = rec2.record
    assert key == full_key(2) and meta["gen"] == 2
    assert (rec5.result, rec5.record) == (2, None)


def test_batch_read_named_bins(cl: AnyClient) -> None:
    res = cl.batch_read([k(1), k(3), k(8)], ["age", "missing_bin"])
    assert [(r.result, r.record) for r in res.batch_records] == [
        (0, (full_key(1), {"gen": 1, "ttl": NEVER}, {"age": 1})),
        (0, (full_key(3), {"gen": 1, "ttl": NEVER}, {"age": 3})),
        (2, None),
    ]


def test_batch_read_bad_bins_argument(cl: AnyClient, exception) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_read([k(1)], "age")  # type: ignore[arg-type]
    assert info.value.code == -2


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_batch_read_sees_expired_records_as_missing(cl: AnyClient, clock: ManualClock) -> None:
    cl.put(k(1), {"age": 1}, meta={"ttl": 10})
    assert cl.batch_read([k(1)]).batch_records[0].record[1] == {"gen": 2, "ttl": 10}
    clock.advance(4)
    assert cl.batch_read([k(1)]).batch_records[0].record[1] == {"gen": 2, "ttl": 6}
    clock.advance(6)  # exactly at the void time: still alive, reported ttl 1
    (rec,) = cl.batch_read([k(1)]).batch_records
    assert (rec.result, rec.record[1]) == (0, {"gen": 2, "ttl": 1})
    clock.advance(1)  # void time now in the past: expired
    (rec,) = cl.batch_read([k(1)]).batch_records
    assert (rec.result, rec.record) == (2, None)


# -- batch_write ---------------------------------------------------------------------------


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_batch_write_mixes_writes_reads_and_removes(cl: AnyClient, op, br) -> None:
    records = br.BatchRecords(
        [
            br.Write(k(1), [op.increment("age", 10), op.read("age")]),
            br.Write(k(20), [op.write("name", "new"), op.write("age", 20)], meta={"ttl": 300}),
            br.Read(k(2), [op.read("name")]),
            br.Read(k(3), read_all_bins=True),
            br.Read(k(30), read_all_bins=True),
            br.Remove(k(31)),
            br.Remove(k(3, "other")),
        ]
    )
    out = cl.batch_write(records)
    assert out is records
    assert out.result == 0
    w1, w20, r2, r3, r30, rm31, rm_other = out.batch_records
    assert (w1.result, w1.in_doubt) == (0, False)
    assert w1.record[1] == {"gen": 2, "ttl": NEVER}
    assert w1.record[2] == {"age": 11}
    assert w20.result == 0
    assert w20.record[1] == {"gen": 1, "ttl": 300}
    assert r2.result == 0
    assert r2.record == (full_key(2), {"gen": 1, "ttl": NEVER}, {"name": "Name2"})
    assert r3.record == (full_key(3), {"gen": 1, "ttl": NEVER}, {"name": "Name3", "age": 3})
    assert (r30.result, r30.record, r30.in_doubt) == (2, None, False)
    assert (rm31.result, rm31.record) == (2, None)
    assert (rm_other.result, rm_other.record) == (2, None)
    # The writes are stored.
    assert cl.get(k(1))[2] == {"name": "Name1", "age": 11}
    assert cl.get(k(20))[1] == {"gen": 1, "ttl": 300}
    assert cl.get(k(20))[2] == {"name": "new", "age": 20}


def test_batch_write_remove_deletes(cl: AnyClient, br) -> None:
    out = cl.batch_write(br.BatchRecords([br.Remove(k(1)), br.Remove(k(2))]))
    assert [r.result for r in out.batch_records] == [0, 0]
    assert cl.exists(k(1))[1] is None
    assert cl.exists(k(2))[1] is None
    assert cl.exists(k(3))[1] == {"gen": 1, "ttl": NEVER}


def test_batch_write_per_record_policies(cl: AnyClient, aerospike, op, br) -> None:
    out = cl.batch_write(
        br.BatchRecords(
            [
                # exists CREATE on an existing record: RecordExistsError (5).
                br.Write(k(1), [op.write("age", 0)], policy={"exists": aerospike.POLICY_EXISTS_CREATE}),
                # exists UPDATE on a missing record: RecordNotFound (2).
                br.Write(k(40), [op.write("age", 0)], policy={"exists": aerospike.POLICY_EXISTS_UPDATE}),
                # gen EQ with the wrong generation: RecordGenerationError (3).
                br.Write(k(2), [op.write("age", 0)], meta={"gen": 7},
                         policy={"gen": aerospike.POLICY_GEN_EQ}),
                # gen EQ with the right generation.
                br.Write(k(3), [op.write("age", 33)], meta={"gen": 1},
                         policy={"gen": aerospike.POLICY_GEN_EQ}),
            ]
        )
    )
    assert out.result == -16  # some records failed with errors other than not-found
    assert [r.result for r in out.batch_records] == [5, 2, 3, 0]
    assert [r.record for r in out.batch_records[:3]] == [None, None, None]
    assert out.batch_records[3].record[1]["gen"] == 2
    assert cl.get(k(1))[1]["gen"] == 1
    assert cl.exists(k(40))[1] is None
    assert cl.get(k(2))[2]["age"] == 2
    assert cl.get(k(3))[2]["age"] == 33


def test_batch_write_operation_error_is_per_record(cl: AnyClient, op, br) -> None:
    out = cl.batch_write(
        br.BatchRecords(
            [
                br.Write(k(1), [op.append("age", "x")]),  # int bin: BinIncompatibleType
                br.Write(k(2), [op.append("name", "!")]),
            ]
        )
    )
    assert out.result == -16
    assert [r.result for r in out.batch_records] == [12, 0]
    assert out.batch_records[0].record is None
    assert cl.get(k(1))[1:] == ({"gen": 1, "ttl": NEVER}, {"name": "Name1", "age": 1})
    assert cl.get(k(2))[2]["name"] == "Name2!"


def test_batch_write_takes_batch_records_only(cl: AnyClient, exception, op, br) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_write([br.Write(k(9), [op.write("a", 1)])])  # type: ignore[arg-type]
    assert info.value.code == -2
    assert cl.exists(k(9))[1] is None


def test_batch_write_bad_key_inside_writes_nothing(cl: AnyClient, exception, op, br) -> None:
    records = br.BatchRecords(
        [
            br.Write(k(50), [op.write("a", 1)]),
            br.Write((NS, SET), [op.write("a", 2)]),  # type: ignore[arg-type]
            br.Remove(k(1)),
        ]
    )
    with pytest.raises(exception.ParamError) as info:
        cl.batch_write(records)
    assert info.value.code == -2
    assert cl.exists(k(50))[1] is None
    assert cl.exists(k(1))[1] == {"gen": 1, "ttl": NEVER}


def test_batch_write_unknown_record_type(cl: AnyClient, exception, op, br) -> None:
    records = br.BatchRecords([br.Write(k(60), [op.write("a", 1)]), br.BatchRecord(k(61))])
    with pytest.raises(exception.ParamError) as info:
        cl.batch_write(records)
    assert info.value.code == -2
    assert cl.exists(k(60))[1] is None


# -- batch_operate -------------------------------------------------------------------------


def test_batch_operate_runs_ops_on_many_keys_creating_missing(cl: AnyClient, op, br) -> None:
    res = cl.batch_operate([k(1), k(2), k(70)], [op.increment("age", 100), op.read("age")])
    assert isinstance(res, br.BatchRecords)
    assert res.result == 0
    assert [(r.result, r.in_doubt) for r in res.batch_records] == [(0, False)] * 3
    assert [r.record[2] for r in res.batch_records] == [{"age": 101}, {"age": 102}, {"age": 100}]
    assert [r.record[1]["gen"] for r in res.batch_records] == [2, 2, 1]
    assert [r.key for r in res.batch_records] == [full_key(1), full_key(2), full_key(70)]
    assert cl.get(k(70))[2] == {"age": 100}
    assert cl.get(k(70))[1] == {"gen": 1, "ttl": NEVER}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_batch_operate_ttl_argument(cl: AnyClient, clock: ManualClock, op) -> None:
    res = cl.batch_operate([k(1), k(71)], [op.write("flag", 1)], ttl=120)
    assert [r.record[1] for r in res.batch_records] == [
        {"gen": 2, "ttl": 120},
        {"gen": 1, "ttl": 120},
    ]
    assert cl.exists(k(71))[1] == {"gen": 1, "ttl": 120}
    clock.advance(120)  # exactly at the void time: still alive, reported ttl 1
    assert cl.exists(k(71))[1] == {"gen": 1, "ttl": 1}
    assert cl.exists(k(1))[1] == {"gen": 2, "ttl": 1}
    clock.advance(1)  # void time now in the past: expired
    assert cl.exists(k(71))[1] is None
    assert cl.exists(k(1))[1] is None
    assert cl.exists(k(2))[1] == {"gen": 1, "ttl": NEVER}


def test_batch_operate_without_ttl_uses_namespace_default(cl: AnyClient, op) -> None:
    cl.put(k(1), {"age": 5}, meta={"ttl": 60})
    res = cl.batch_operate([k(1)], [op.write("age", 6)])
    assert res.batch_records[0].record[1] == {"gen": 3, "ttl": NEVER}


def test_batch_operate_read_only_on_missing_key(cl: AnyClient, op) -> None:
    res = cl.batch_operate([k(1), k(72)], [op.read("name")])
    assert res.result == 0  # not-found does not fail the batch
    assert [r.result for r in res.batch_records] == [0, 2]
    assert res.batch_records[0].record[2] == {"name": "Name1"}
    assert res.batch_records[1].record is None
    assert cl.exists(k(72))[1] is None


def test_batch_operate_type_error_is_per_record(cl: AnyClient, op) -> None:
    cl.put(k(2), {"age": "two"})
    res = cl.batch_operate([k(1), k(2)], [op.increment("age", 1)])
    assert res.result == -16
    assert [r.result for r in res.batch_records] == [0, 12]
    assert cl.get(k(1))[2]["age"] == 2
    assert cl.get(k(2))[2]["age"] == "two"


def test_batch_operate_bad_op_writes_nothing(cl: AnyClient, exception, op) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_operate([k(1), k(73)], [op.write("age", 9), op.increment("age", "one")])
    assert info.value.code == -2
    assert cl.get(k(1))[2]["age"] == 1
    assert cl.exists(k(73))[1] is None


def test_batch_operate_bad_ttl(cl: AnyClient, exception, op) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_operate([k(1)], [op.write("age", 9)], ttl="60")  # type: ignore[arg-type]
    assert info.value.code == -2
    assert cl.get(k(1))[2]["age"] == 1


# -- batch_remove --------------------------------------------------------------------------


def test_batch_remove_missing_key_is_result_2(cl: AnyClient) -> None:
    res = cl.batch_remove([k(1), k(80), k(3)])
    assert res.result == 0
    assert [r.result for r in res.batch_records] == [0, 2, 0]
    assert res.batch_records[1].record is None
    assert [r.key for r in res.batch_records] == [full_key(1), full_key(80), full_key(3)]
    assert [cl.exists(k(i))[1] for i in (1, 2, 3)] == [
        None,
        {"gen": 1, "ttl": NEVER},
        None,
    ]
    assert count_records(cl) == 1


def test_batch_remove_with_generation_policy(cl: AnyClient, aerospike) -> None:
    res = cl.batch_remove(
        [k(1)], policy_batch_remove={"gen": aerospike.POLICY_GEN_EQ, "generation": 5}
    )
    assert res.result == -16
    assert [r.result for r in res.batch_records] == [3]
    assert cl.exists(k(1))[1] == {"gen": 1, "ttl": NEVER}
    res = cl.batch_remove(
        [k(1)], policy_batch_remove={"gen": aerospike.POLICY_GEN_EQ, "generation": 1}
    )
    assert res.result == 0
    assert [r.result for r in res.batch_records] == [0]
    assert cl.exists(k(1))[1] is None


# -- bad input -----------------------------------------------------------------------------


@pytest.mark.parametrize("keys", ["test", None, 5, {"a": 1}, 1.5], ids=repr)
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c, keys, op: c.get_many(keys), marks=pytest.mark.ours_only(API_3X)),
        pytest.param(lambda c, keys, op: c.exists_many(keys), marks=pytest.mark.ours_only(API_3X)),
        pytest.param(
            lambda c, keys, op: c.select_many(keys, ["age"]), marks=pytest.mark.ours_only(API_3X)
        ),
        pytest.param(
            lambda c, keys, op: c.batch_get_ops(keys, [op.read("age")]),
            marks=pytest.mark.ours_only(API_3X),
        ),
        lambda c, keys, op: c.batch_read(keys),
        lambda c, keys, op: c.batch_operate(keys, [op.write("age", 0)]),
        lambda c, keys, op: c.batch_remove(keys),
    ],
    ids=["get_many", "exists_many", "select_many", "batch_get_ops", "batch_read",
         "batch_operate", "batch_remove"],
)
def test_keys_not_a_list_is_param_error(cl: AnyClient, keys: Any, call: Any, exception, op) -> None:
    with pytest.raises(exception.ParamError) as info:
        call(cl, keys, op)
    assert info.value.code == -2
    assert [cl.get(k(i))[1:] for i in (1, 2, 3)] == [
        ({"gen": 1, "ttl": NEVER}, {"name": f"Name{i}", "age": i}) for i in (1, 2, 3)
    ]


BAD_KEYS = [
    (NS, SET),
    [NS, SET, 90],
    (NS, SET, 1.5),
    (NS, SET, None),
    (5, SET, 90),
    (NS, 7, 90),
    (NS, SET, 2**63),
    "test",
]


@pytest.mark.parametrize("bad", BAD_KEYS, ids=repr)
def test_bad_key_inside_batch_operate_writes_nothing(cl: AnyClient, bad: Any, exception, op) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_operate([k(90), bad, k(1)], [op.write("age", 0)])
    assert info.value.code == -2
    assert cl.exists(k(90))[1] is None
    assert cl.get(k(1))[2]["age"] == 1


@pytest.mark.parametrize("bad", BAD_KEYS, ids=repr)
def test_bad_key_inside_batch_remove_removes_nothing(cl: AnyClient, bad: Any, exception) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_remove([k(1), bad])
    assert info.value.code == -2
    assert cl.exists(k(1))[1] == {"gen": 1, "ttl": NEVER}


@pytest.mark.parametrize("bad", BAD_KEYS, ids=repr)
@pytest.mark.parametrize(
    "call",
    [
        pytest.param(lambda c, keys: c.get_many(keys), marks=pytest.mark.ours_only(API_3X)),
        pytest.param(lambda c, keys: c.exists_many(keys), marks=pytest.mark.ours_only(API_3X)),
        pytest.param(
            lambda c, keys: c.select_many(keys, ["age"]), marks=pytest.mark.ours_only(API_3X)
        ),
        lambda c, keys: c.batch_read(keys),
    ],
    ids=["get_many", "exists_many", "select_many", "batch_read"],
)
def test_bad_key_inside_batch_reads(cl: AnyClient, bad: Any, call: Any, exception) -> None:
    with pytest.raises(exception.ParamError) as info:
        call(cl, [k(1), bad])
    assert info.value.code == -2


def test_unknown_batch_policy_key_is_param_error(cl: AnyClient, make_client, exception, op) -> None:
    # Ours refuses an unknown policy key always; the official client only with validate_keys.
    checked = make_client(config={"validate_keys": True})
    with pytest.raises(exception.ParamError) as info:
        checked.batch_read([k(1)], policy={"no_such_policy_key": 1})
    assert info.value.code == -2


@pytest.mark.ours_only("does not check policy values: exists=99 writes as if it were absent")
def test_bad_batch_policy_value_is_param_error(cl: AnyClient, exception, op) -> None:
    with pytest.raises(exception.ParamError) as info:
        cl.batch_operate([k(91)], [op.write("a", 1)], policy_batch_write={"exists": 99})
    assert info.value.code == -2
    assert cl.exists(k(91))[1] is None


def test_batch_on_a_closed_client_is_cluster_error(cl: AnyClient, exception, op) -> None:
    cl.close()
    for call in (
        lambda: cl.batch_read([k(1)]),
        lambda: cl.batch_remove([k(1)]),
        lambda: cl.batch_operate([k(1)], [op.write("age", 0)]),
    ):
        with pytest.raises(exception.ClusterError) as info:
            call()
        assert info.value.code == 11
    cl.connect()
    assert cl.get(k(1))[2] == {"name": "Name1", "age": 1}


@pytest.mark.ours_only("pauses the cyclic collector while a batch builds its records")
def test_batch_read_leaves_the_collector_as_it_found_it(client: Any, exception: Any) -> None:
    import gc

    client.put(("test", "gcb", 1), {"a": 1})
    assert gc.isenabled()
    assert client.batch_read([("test", "gcb", 1)]).batch_records[0].record[2] == {"a": 1}
    assert gc.isenabled()
    with pytest.raises(exception.ParamError):
        client.batch_read([("test", "gcb", 1), 5])
    assert gc.isenabled()  # re-enabled after a refused batch too
    gc.disable()
    try:
        client.batch_read([("test", "gcb", 1)])
        assert not gc.isenabled()  # a collector the caller paused stays paused
    finally:
        gc.enable()
