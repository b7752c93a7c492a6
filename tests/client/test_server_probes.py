"""Behaviour checked against a real Aerospike 8.1.2 server with the official client 19.3 (a
differential probe): batches without respond_all_keys, linearized reads on Community Edition,
truncate_lut on the server's clock, the command and record limits."""

from __future__ import annotations

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.command import CITRUSLEAF_EPOCH
from aeromodel.client.helpers.batch.records import BatchRecords, Read, Remove, Write
from aeromodel.client.helpers.operations import operations as ops

NO_RESPOND_ALL = {"respond_all_keys": False}


def keys(n: int, set_name: str = "probe") -> list[tuple[str, str, int]]:
    return [("test", set_name, i) for i in range(n)]


def test_without_respond_all_keys_every_record_runs_and_the_first_error_is_the_batch_result(
    client: aerospike.Client,
) -> None:
    k = keys(4)
    client.put(k[0], {"i": 10})
    client.put(k[1], {"i": "text"})
    client.put(k[2], {"i": 10})
    out = client.batch_operate(k, [ops.increment("i", 1)], policy_batch=NO_RESPOND_ALL)
    assert out.result == 12
    assert [br.result for br in out.batch_records] == [0, 12, 0, 0]
    assert client.get(k[2]).bins == {"i": 11}  # after the failed record: applied
    assert client.get(k[3]).bins == {"i": 1}  # a missing record is created
    assert client.get(k[1]).bins == {"i": "text"}


def test_batch_write_without_respond_all_keys_fills_the_records(client: aerospike.Client) -> None:
    k = keys(3, "bw")
    for key in k:
        client.put(key, {"x": 1})
    records = BatchRecords([
        Write(k[0], [ops.write("x", 2)]),
        Write(k[1], [ops.write("x", 2)], meta={"gen": 9}, policy={"gen": aerospike.POLICY_GEN_EQ}),
        Remove(k[2]),
    ])
    out = client.batch_write(records, NO_RESPOND_ALL)
    assert out is records and out.result == 3
    assert [br.result for br in out.batch_records] == [0, 3, 0]
    assert client.exists(k[2]).meta is None
    assert out.batch_records[2].record.meta == {"gen": 0, "ttl": 0xFFFFFFFF}
    assert client.get(k[1]).bins == {"x": 1}


def test_with_respond_all_keys_a_failed_record_makes_the_batch_failed(
    client: aerospike.Client,
) -> None:
    k = keys(3, "ra")
    client.put(k[1], {"i": "text"})
    out = client.batch_operate(k, [ops.increment("i", 1)])
    assert out.result == -16
    assert [br.result for br in out.batch_records] == [0, 12, 0]
    out = client.batch_read([k[0], ("nons", "s", 1), k[2]])
    assert out.result == -16
    assert [br.result for br in out.batch_records] == [0, 20, 0]


@pytest.mark.parametrize("read", [
    lambda c, k, p: c.get(k, p),
    lambda c, k, p: c.exists(k, p),
    lambda c, k, p: c.select(k, ["a"], p),
    lambda c, k, p: c.operate(k, [ops.read("a")], policy=p),
])
def test_linearized_reads_are_enterprise_only(client: aerospike.Client, read) -> None:
    key = ("test", "lin", 1)
    client.put(key, {"a": 1})
    with pytest.raises(exception.AerospikeError) as info:
        read(client, key, {"read_mode_sc": aerospike.POLICY_READ_MODE_SC_LINEARIZE})
    assert info.value.code == 25
    for mode in (aerospike.POLICY_READ_MODE_SC_SESSION,
                 aerospike.POLICY_READ_MODE_SC_ALLOW_REPLICA,
                 aerospike.POLICY_READ_MODE_SC_ALLOW_UNAVAILABLE):
        read(client, key, {"read_mode_sc": mode})
    out = client.batch_read([key], policy={"read_mode_sc": aerospike.POLICY_READ_MODE_SC_LINEARIZE})
    assert (out.result, out.batch_records[0].result) == (-16, 25)


def test_truncate_lut_is_on_the_servers_clock(timed_client: aerospike.Client, clock) -> None:
    timed_client.put(("test", "tr", 1), {"a": 1})
    clock.advance(1)
    timed_client.truncate("test", "tr", 0)
    expected = int(clock() * 1000) - CITRUSLEAF_EPOCH * 1000
    ns = dict(kv.split("=", 1) for kv in timed_client.info_all("namespace/test")[
        next(iter(timed_client.info_all("node")))][1].strip().split(";"))
    assert int(ns["truncate_lut"]) == 0  # the namespace was not truncated, one set was
    sets = timed_client.info_all("sets/test/tr")
    text = next(iter(sets.values()))[1]
    lut = int(next(p for p in text.split(":") if p.startswith("truncate_lut="))[13:])
    assert lut == expected


def test_command_and_record_limits(client: aerospike.Client) -> None:
    key = ("test", "lim", 1)
    client.operate(key, [ops.write(f"b{i}", i) for i in range(32767)])
    with pytest.raises(exception.InvalidRequest):
        client.operate(("test", "lim", 2), [ops.write(f"b{i}", i) for i in range(32768)])
    with pytest.raises(exception.InvalidRequest):
        client.put(key, {"one_more": 1})  # 32,768 bins in the record
    assert len(client.get(key).bins) == 32767


def test_a_map_operation_makes_every_operation_answer(client: aerospike.Client) -> None:
    # The official client asks the server to answer every operation when a map operation is among
    # them: a write answers nil, a map read of a missing bin answers nil; lists do not ask.
    from aeromodel.client.helpers.operations import list_operations as lo
    from aeromodel.client.helpers.operations import map_operations as mo

    key = ("test", "cdtnil", 1)
    client.put(key, {"m": {"a": 1}, "l": [1, 2], "x": 1})
    assert client.operate(key, [mo.map_size("nob")]).bins == {"nob": None}
    assert client.operate(key, [lo.list_size("nob")]).bins == {}
    assert client.operate_ordered(key, [mo.map_size("nob"), ops.write("x", 2)]).ordered_bins == [
        ("nob", None), ("x", None)
    ]
    assert client.operate_ordered(key, [lo.list_size("nob"), ops.write("x", 2)]).ordered_bins == []
    assert client.operate(key, [mo.map_get_by_key("m", "a", aerospike.MAP_RETURN_NONE)]).bins == {
        "m": None
    }
    assert client.operate(key, [lo.list_get_by_value("l", 1, aerospike.LIST_RETURN_NONE)]).bins == {}
    assert client.operate(key, [mo.map_clear("m")]).bins == {"m": None}
    assert client.operate(key, [lo.list_clear("l")]).bins == {}
    assert client.operate(key, [mo.map_put("m", "b", 2)]).bins == {"m": 1}


def test_map_operations_in_contexts(client: aerospike.Client) -> None:
    # Checked step by step against a real 8.1.2 server.
    from aeromodel.client.helpers import cdt_ctx as cc
    from aeromodel.client.helpers.operations import list_operations as lo
    from aeromodel.client.helpers.operations import map_operations as mo

    key = ("test", "mapctx", 1)
    client.put(key, {"x": 0})
    client.operate(key, [mo.map_put("m", "a", {"x": 1, "y": [3, 1, 2]})])
    a = [cc.cdt_ctx_map_key("a")]
    assert client.operate(key, [mo.map_put("m", "z", 5, ctx=a)]).bins == {"m": 3}
    assert client.operate(key, [mo.map_increment("m", "x", 10, ctx=a)]).bins == {"m": 11}
    deeper = [*a, cc.cdt_ctx_map_key("y")]
    assert client.operate(key, [lo.list_append("m", 9, ctx=deeper)]).bins == {"m": 4}
    ranked = client.operate(key, [mo.map_get_by_rank("m", 0, aerospike.MAP_RETURN_KEY_VALUE, ctx=a)])
    assert ranked.bins == {"m": ["z", 5]}
    create = [cc.cdt_ctx_map_key_create("b", aerospike.MAP_KEY_ORDERED)]
    assert client.operate(key, [mo.map_create("m", aerospike.MAP_KEY_ORDERED, False, ctx=create)]
                          ).bins == {"m": None}
    assert type(client.get(key).bins["m"]["b"]) is aerospike.KeyOrderedDict
    with pytest.raises(exception.OpNotApplicable):
        client.operate(key, [mo.map_put("m", "x", 1, ctx=[cc.cdt_ctx_map_key("nope")])])
    two = [cc.cdt_ctx_map_key_create("n1", aerospike.MAP_KEY_VALUE_ORDERED),
           cc.cdt_ctx_map_key_create("n2", aerospike.MAP_UNORDERED)]
    assert client.operate(key, [mo.map_put("m", "deep", 1, ctx=two)]).bins == {"m": 1}
    assert client.get(key).bins["m"]["n1"] == {"n2": {"deep": 1}}


def test_an_unknown_namespace_in_a_batch_is_a_record_error_only(client: aerospike.Client) -> None:
    k = keys(2, "nsb")
    client.put(k[0], {"a": 1})
    out = client.batch_read([k[0], ("nons", "s", 1), k[1]], policy=NO_RESPOND_ALL)
    assert out.result == -16
    assert [br.result for br in out.batch_records] == [0, 20, 2]


def test_a_durable_delete_is_enterprise_only_whatever_deletes(client: aerospike.Client) -> None:
    # On a Community server any write that would delete the record with durable_delete is 25;
    # writes that keep it are fine (checked side by side).
    dd = {"durable_delete": True}
    key = ("test", "dd", 1)
    client.put(key, {"a": 1, "b": 2}, policy=dd)
    client.operate(key, [ops.write("a", 5)], policy=dd)
    client.remove_bin(key, ["b"], policy=dd)
    for call in (
        lambda: client.remove_bin(key, ["a"], policy=dd),
        lambda: client.operate(key, [ops.delete()], policy=dd),
        lambda: client.remove(key, policy=dd),
    ):
        with pytest.raises(exception.AerospikeError) as info:
            call()
        assert info.value.code == 25
    assert client.get(key).bins == {"a": 5} and client.get(key).meta.gen == 3


def test_a_batch_read_record_takes_read_operations_only(client: aerospike.Client) -> None:
    key = ("test", "br", 1)
    client.put(key, {"a": 1})
    for write in (ops.write("a", 99), ops.increment("a", 1)):
        with pytest.raises(exception.ParamError):
            client.batch_write(BatchRecords([Read(key, [write])]))
    assert client.get(key).bins == {"a": 1} and client.get(key).meta.gen == 1


def test_settings_that_would_be_ignored_are_refused(client: aerospike.Client, make_client) -> None:
    from aeromodel.client.helpers.operations import list_operations as lo

    key = ("test", "refuse", 1)
    client.put(key, {"l": [1]})
    with pytest.raises(exception.ParamError):
        client.put(key, {"a": 1}, policy={"on_locking_only": True})
    with pytest.raises(exception.ParamError):
        client.put(key, {"a": 1}, serializer=99)
    with pytest.raises(exception.InvalidRequest):
        client.operate(key, [lo.list_increment("l", 0, float("inf"))])
    assert client.get(key).bins == {"l": [1]}
    first = make_client(name="clock-shared", clock=lambda: 1_700_000_000.0)
    with pytest.raises(exception.ParamError):
        make_client(name="clock-shared", clock=lambda: 1_800_000_000.0)
    with pytest.raises(exception.ParamError):
        make_client(name="clock-bad", clock=lambda: 1 / 0)
    assert first.is_connected()
