"""How calls become wire commands: checked on a MockTransport, with no engine behind it."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import command as w
from aeromodel.client import exception
from aeromodel.client.command import Command, Result
from aeromodel.client.digest import compute_digest
from aeromodel.client.helpers import operations as ops
from aeromodel.client.transport import MockTransport

KEY = ("test", "demo", "k")
DIGEST = compute_digest("demo", "k")


NOW = w.CITRUSLEAF_EPOCH + 1000  # the mock's clock: a void time of 1000 + t is a ttl of t


def mocked(answer: Result | None = None, **config: Any) -> tuple[aerospike.Client, MockTransport]:
    mock = MockTransport(lambda cmd: answer or Result(0, 1, 1100, bins={}, ops=[]), clock=lambda: NOW)
    return aerospike.Client(config, transport=mock), mock


def only(mock: MockTransport) -> Command:
    assert len(mock.commands) == 1
    return mock.commands[0]


def test_get_is_a_read_all_with_the_digest() -> None:
    client, mock = mocked()
    client.get(KEY)
    cmd = only(mock)
    assert (cmd.ns, cmd.set_name, cmd.digest) == ("test", "demo", DIGEST)
    assert cmd.info1 == w.INFO1_READ | w.INFO1_GET_ALL
    assert (cmd.info2, cmd.info3, cmd.ops, cmd.user_key) == (0, 0, None, None)


def test_exists_reads_no_bin_data() -> None:
    client, mock = mocked()
    client.exists(KEY)
    assert only(mock).info1 == w.INFO1_READ | w.INFO1_GET_NOBINDATA


def test_select_reads_each_bin() -> None:
    client, mock = mocked()
    client.select(KEY, ["a", "b"])
    cmd = only(mock)
    assert cmd.info1 == w.INFO1_READ
    assert cmd.ops == [(w.OP_READ, "a", None), (w.OP_READ, "b", None)]


def test_put_defaults() -> None:
    client, mock = mocked()
    client.put(KEY, {"a": 1, "b": "x"})
    cmd = only(mock)
    assert cmd.info2 == w.INFO2_WRITE
    assert (cmd.info3, cmd.gen, cmd.ttl, cmd.user_key) == (0, 0, 0, None)
    assert cmd.ops == [(w.OP_WRITE, "a", 1), (w.OP_WRITE, "b", "x")]


@pytest.mark.parametrize(
    ("exists", "info2", "info3"),
    [
        (aerospike.POLICY_EXISTS_IGNORE, 0, 0),
        (aerospike.POLICY_EXISTS_CREATE, w.INFO2_CREATE_ONLY, 0),
        (aerospike.POLICY_EXISTS_UPDATE, 0, w.INFO3_UPDATE_ONLY),
        (aerospike.POLICY_EXISTS_REPLACE, 0, w.INFO3_REPLACE_ONLY),
        (aerospike.POLICY_EXISTS_CREATE_OR_REPLACE, 0, w.INFO3_CREATE_OR_REPLACE),
    ],
)
def test_exists_policy_bits(exists: int, info2: int, info3: int) -> None:
    client, mock = mocked()
    client.put(KEY, {"a": 1}, policy={"exists": exists})
    cmd = only(mock)
    assert cmd.info2 == w.INFO2_WRITE | info2
    assert cmd.info3 == info3


def test_generation_policies_carry_meta_gen() -> None:
    client, mock = mocked()
    client.put(KEY, {"a": 1}, meta={"gen": 7}, policy={"gen": aerospike.POLICY_GEN_EQ})
    client.put(KEY, {"a": 1}, meta={"gen": 9}, policy={"gen": aerospike.POLICY_GEN_GT})
    eq, gt = mock.commands
    assert eq.info2 & w.INFO2_GENERATION and eq.gen == 7
    assert gt.info2 & w.INFO2_GENERATION_GT and gt.gen == 9


@pytest.mark.parametrize(
    ("ttl", "wire"),
    [(0, 0), (120, 120), (-1, 0xFFFFFFFF), (-2, 0xFFFFFFFE),
     (aerospike.TTL_NEVER_EXPIRE, 0xFFFFFFFF), (aerospike.TTL_DONT_UPDATE, 0xFFFFFFFE)],
)
def test_meta_ttl_on_the_wire(ttl: int, wire: int) -> None:
    client, mock = mocked()
    client.put(KEY, {"a": 1}, meta={"ttl": ttl})
    assert only(mock).ttl == wire


def test_client_default_ttl_takes_the_policy_ttl() -> None:
    client, mock = mocked(policies={"write": {"ttl": 300}})
    client.put(KEY, {"a": 1})
    client.put(KEY, {"a": 1}, meta={"ttl": aerospike.TTL_CLIENT_DEFAULT})
    assert [c.ttl for c in mock.commands] == [300, 300]


def test_key_send_carries_the_user_key() -> None:
    client, mock = mocked()
    client.put(KEY, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
    assert only(mock).user_key == "k"


def test_commit_level_master_and_durable_delete() -> None:
    client, mock = mocked()
    client.put(
        KEY, {"a": 1},
        policy={"commit_level": aerospike.POLICY_COMMIT_LEVEL_MASTER, "durable_delete": True},
    )
    cmd = only(mock)
    assert cmd.info3 & w.INFO3_COMMIT_MASTER
    assert cmd.info2 & w.INFO2_DURABLE_DELETE


def test_remove_is_a_delete_write() -> None:
    client, mock = mocked()
    client.remove(KEY, meta={"gen": 3}, policy={"gen": aerospike.POLICY_GEN_EQ})
    cmd = only(mock)
    assert cmd.info2 == w.INFO2_WRITE | w.INFO2_DELETE | w.INFO2_GENERATION
    assert (cmd.gen, cmd.ops) == (3, None)


def test_touch_sends_its_ttl() -> None:
    client, mock = mocked()
    client.touch(KEY, 60)
    cmd = only(mock)
    assert cmd.ops == [(w.OP_TOUCH, "", None)]
    assert cmd.ttl == 60


def test_scalar_methods_compile_to_one_operation() -> None:
    client, mock = mocked()
    client.append(KEY, "s", "x")
    client.prepend(KEY, "s", "y")
    client.increment(KEY, "n", 2)
    client.remove_bin(KEY, ["a", "b"])
    assert [c.ops for c in mock.commands] == [
        [(w.OP_APPEND, "s", "x")],
        [(w.OP_PREPEND, "s", "y")],
        [(w.OP_INCR, "n", 2)],
        [(w.OP_WRITE, "a", None), (w.OP_WRITE, "b", None)],
    ]


def test_operate_compiles_in_order() -> None:
    client, mock = mocked(Result(0, 2, 1010, ops=[("n", 3)]))
    with pytest.warns(DeprecationWarning):
        touch = ops.touch(30)
    rec = client.operate(KEY, [ops.increment("n", 1), ops.read("n"), touch, ops.delete()])
    cmd = only(mock)
    assert cmd.ops == [
        (w.OP_INCR, "n", 1), (w.OP_READ, "n", None), (w.OP_TOUCH, "", None), (w.OP_DELETE, "", None)
    ]
    assert cmd.info2 & w.INFO2_WRITE and cmd.info1 & w.INFO1_READ
    assert cmd.ttl == 30
    assert rec.bins == {"n": 3} and rec.meta == {"gen": 2, "ttl": 10}


def test_read_only_operate_is_a_read() -> None:
    client, mock = mocked(Result(0, 1, 5, ops=[]))
    client.operate(KEY, [ops.read("a")])
    cmd = only(mock)
    assert (cmd.info1, cmd.info2) == (w.INFO1_READ, 0)


def test_server_codes_become_the_documented_exceptions() -> None:
    for code, cls in [(2, exception.RecordNotFound), (3, exception.RecordGenerationError),
                      (13, exception.RecordTooBig), (20, exception.NamespaceNotFound)]:
        client, _ = mocked(Result(code))
        with pytest.raises(cls) as info:
            client.get(KEY)
        assert info.value.code == code


def test_refused_calls_send_nothing() -> None:
    client, mock = mocked()
    for call in (
        lambda: client.put(KEY, {"a": 2**63}),
        lambda: client.put(KEY, {"a_very_long_bin_name": 1}),
        lambda: client.put(("test", "demo", 1.5), {"a": 1}),
        lambda: client.increment(KEY, "n", "1"),
        lambda: client.put(KEY, {"m": {1.5: 1}}),
    ):
        with pytest.raises(exception.AerospikeError):
            call()
    assert mock.commands == []


def test_batch_read_is_one_command_per_key() -> None:
    client, mock = mocked(Result(0, 1, 1, bins={"a": 1}))
    keys = [("test", "demo", i) for i in range(3)]
    out = client.batch_read(keys)
    assert [c.digest for c in mock.commands] == [compute_digest("demo", i) for i in range(3)]
    assert [br.result for br in out.batch_records] == [0, 0, 0]


def test_truncate_is_an_info_command() -> None:
    client, mock = mocked()
    mock.info_answers["truncate"] = "ok"
    mock.info_answers["truncate-namespace"] = "ok"
    assert client.truncate("test", "demo", 0) == 0
    assert client.truncate("test", None, 123) == 0
    assert mock.info_requests == [
        "truncate:namespace=test;set=demo", "truncate-namespace:namespace=test;lut=123"
    ]
