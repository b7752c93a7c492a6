"""Command builders, assert_compile style: call arguments in, wire command out — on a MockTransport
(no engine), and the pure builders of ``commands`` called directly."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import command as w
from aeromodel.client import exception
from aeromodel.client.command import BatchCommand, Command, Net, Result
from aeromodel.client.commands import batch as batch_build
from aeromodel.client.commands import records as build
from aeromodel.client.commands.flags import net_of, read_flags, write_flags
from aeromodel.client.digest import compute_digest
from aeromodel.client.helpers import operations as ops
from aeromodel.client.helpers.batch.records import BatchRecords, Read, Remove, Write
from aeromodel.client.keys import parse_key
from aeromodel.client.policies import PolicySet
from aeromodel.client.transport import MockTransport

KEY = ("test", "demo", "k")
DIGEST = compute_digest("demo", "k")
POLICIES = PolicySet(None)
NOW = w.CITRUSLEAF_EPOCH + 5000


def mocked(answer: Result | None = None, **config: Any) -> tuple[aerospike.Client, MockTransport]:
    mock = MockTransport(lambda cmd: answer or Result(0, 1, 0, bins={}, ops=[]), clock=lambda: NOW)
    return aerospike.Client(config, transport=mock), mock


def sent(call: Any, answer: Result | None = None, **config: Any) -> Command:
    """The one command a call sends."""
    client, mock = mocked(answer, **config)
    call(client)
    assert len(mock.commands) == 1
    return mock.commands[0]


# -- reads --------------------------------------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda c, p: c.get(KEY, p),
    lambda c, p: c.select(KEY, ["a"], p),
    lambda c, p: c.exists(KEY, p),
])
def test_every_read_carries_the_read_modes_and_compression(call: Any) -> None:
    policy = {
        "read_mode_ap": aerospike.POLICY_READ_MODE_AP_ALL,
        "read_mode_sc": aerospike.POLICY_READ_MODE_SC_LINEARIZE,
        "compress": True,
    }
    cmd = sent(lambda c: call(c, policy))
    assert cmd.info1 & w.INFO1_READ_MODE_AP_ALL
    assert cmd.info1 & w.INFO1_COMPRESS_RESPONSE
    assert cmd.info3 == w.INFO3_SC_READ_TYPE
    plain = sent(lambda c: call(c, None))
    assert not plain.info1 & (w.INFO1_READ_MODE_AP_ALL | w.INFO1_COMPRESS_RESPONSE)
    assert plain.info3 == 0


@pytest.mark.parametrize(("mode", "bits"), [
    (aerospike.POLICY_READ_MODE_SC_SESSION, 0),
    (aerospike.POLICY_READ_MODE_SC_LINEARIZE, w.INFO3_SC_READ_TYPE),
    (aerospike.POLICY_READ_MODE_SC_ALLOW_REPLICA, w.INFO3_SC_READ_RELAX),
    (aerospike.POLICY_READ_MODE_SC_ALLOW_UNAVAILABLE, w.INFO3_SC_READ_TYPE | w.INFO3_SC_READ_RELAX),
])
def test_read_mode_sc_bits(mode: int, bits: int) -> None:
    assert read_flags(POLICIES.resolve("read", {"read_mode_sc": mode})).info3 == bits


@pytest.mark.parametrize("call", [
    lambda c, p: c.get(KEY, p),
    lambda c, p: c.select(KEY, ["a"], p),
    lambda c, p: c.exists(KEY, p),
    lambda c, p: c.put(KEY, {"a": 1}, policy=p),
    lambda c, p: c.remove(KEY, policy=p),
    lambda c, p: c.operate(KEY, [ops.read("a")], policy=p),
    lambda c, p: c.operate(KEY, [ops.write("a", 1)], policy=p),
    lambda c, p: c.increment(KEY, "a", 1, policy=p),
])
def test_key_send_carries_the_user_key_on_reads_and_writes(call: Any) -> None:
    assert sent(lambda c: call(c, {"key": aerospike.POLICY_KEY_SEND})).user_key == "k"
    assert sent(lambda c: call(c, None)).user_key is None


def test_get_is_a_read_all_with_the_digest() -> None:
    cmd = sent(lambda c: c.get(KEY))
    assert cmd == Command(
        "test", "demo", DIGEST, None, w.INFO1_READ | w.INFO1_GET_ALL, 0, 0, 0, 0, None, None
    )


# -- writes -------------------------------------------------------------------------------------


def test_write_policy_flags() -> None:
    cmd = sent(lambda c: c.put(KEY, {"a": 1}, {"gen": 7, "ttl": 60}, {
        "exists": aerospike.POLICY_EXISTS_CREATE,
        "gen": aerospike.POLICY_GEN_EQ,
        "commit_level": aerospike.POLICY_COMMIT_LEVEL_MASTER,
        "durable_delete": True,
        "compress": True,
    }))
    assert cmd.info2 == (
        w.INFO2_WRITE | w.INFO2_CREATE_ONLY | w.INFO2_GENERATION | w.INFO2_DURABLE_DELETE
    )
    assert cmd.info3 == w.INFO3_COMMIT_MASTER
    assert cmd.info1 == w.INFO1_COMPRESS_RESPONSE
    assert (cmd.gen, cmd.ttl, cmd.ops) == (7, 60, [(w.OP_WRITE, "a", 1)])


@pytest.mark.parametrize(("exists", "info2", "info3"), [
    (aerospike.POLICY_EXISTS_IGNORE, 0, 0),
    (aerospike.POLICY_EXISTS_CREATE, w.INFO2_CREATE_ONLY, 0),
    (aerospike.POLICY_EXISTS_UPDATE, 0, w.INFO3_UPDATE_ONLY),
    (aerospike.POLICY_EXISTS_REPLACE, 0, w.INFO3_REPLACE_ONLY),
    (aerospike.POLICY_EXISTS_CREATE_OR_REPLACE, 0, w.INFO3_CREATE_OR_REPLACE),
])
def test_exists_policies(exists: int, info2: int, info3: int) -> None:
    cmd = sent(lambda c: c.put(KEY, {"a": 1}, policy={"exists": exists}))
    assert (cmd.info2, cmd.info3) == (w.INFO2_WRITE | info2, info3)


def test_remove_carries_the_policy_generation_as_batch_remove_does() -> None:
    policy = {"gen": aerospike.POLICY_GEN_EQ, "generation": 5}
    cmd = sent(lambda c: c.remove(KEY, policy=policy))
    assert cmd.info2 == w.INFO2_WRITE | w.INFO2_DELETE | w.INFO2_GENERATION
    assert cmd.gen == 5
    client, mock = mocked()
    client.batch_remove([KEY], policy_batch_remove=policy)
    [batch] = mock.batches
    # a batch remove also asks for every operation's answer, as the official client's does
    assert (batch.records[0].info2, batch.records[0].gen) == (cmd.info2 | w.INFO2_RESPOND_ALL_OPS, 5)
    # meta's gen wins over the policy's
    assert sent(lambda c: c.remove(KEY, {"gen": 9}, policy)).gen == 9


def test_ttl_forms() -> None:
    def ttl(meta: Any, policy: Any = None) -> int:
        return sent(lambda c: c.put(KEY, {"a": 1}, meta, policy)).ttl

    assert ttl(None) == 0
    assert ttl({"ttl": -1}) == w.TTL_NEVER_EXPIRE
    assert ttl({"ttl": -2}) == w.TTL_DONT_UPDATE
    assert ttl({"ttl": 0}, {"ttl": 50}) == 0
    assert ttl(None, {"ttl": 50}) == 50
    assert ttl({"ttl": aerospike.TTL_CLIENT_DEFAULT}, {"ttl": 50}) == 50


def test_touch_and_operate_shapes() -> None:
    cmd = sent(lambda c: c.touch(KEY, 30))
    assert (cmd.ops, cmd.ttl, cmd.info2) == ([(w.OP_TOUCH, "", None)], 30, w.INFO2_WRITE)
    cmd = sent(lambda c: c.operate(KEY, [ops.increment("n", 1), ops.read("n")], policy={
        "read_mode_ap": aerospike.POLICY_READ_MODE_AP_ALL}))
    assert cmd.info1 == w.INFO1_READ | w.INFO1_READ_MODE_AP_ALL
    assert cmd.info2 == w.INFO2_WRITE
    cmd = sent(lambda c: c.operate(KEY, [ops.read("n")]))
    assert (cmd.info1, cmd.info2, cmd.gen, cmd.ttl) == (w.INFO1_READ, 0, 0, 0)


# -- what travels beside the command ------------------------------------------------------------


def test_net_travels_beside_the_command() -> None:
    client, mock = mocked()
    client.get(KEY, {"total_timeout": 77, "socket_timeout": 5, "max_retries": 4,
                     "sleep_between_retries": 9, "replica": aerospike.POLICY_REPLICA_MASTER})
    assert mock.nets == [Net(77, 5, 4, 9, aerospike.POLICY_REPLICA_MASTER)]
    client.put(KEY, {"a": 1})
    assert mock.nets[-1] == net_of(POLICIES.resolve("write", None))
    assert "total_timeout" not in Command._fields


# -- batches: one BatchCommand per call ---------------------------------------------------------


def test_batch_read_is_one_batch_command() -> None:
    client, mock = mocked(Result(0, 1, 0, bins={"a": 1}))
    keys = [("test", "demo", i) for i in range(3)]
    client.batch_read(keys, policy={"respond_all_keys": False, "allow_inline_ssd": True,
                                    "read_mode_ap": aerospike.POLICY_READ_MODE_AP_ALL})
    [batch] = mock.batches
    assert isinstance(batch, BatchCommand)
    assert batch.flags == w.BATCH_ALLOW_INLINE | w.BATCH_ALLOW_INLINE_SSD
    assert [c.digest for c in batch.records] == [compute_digest("demo", i) for i in range(3)]
    assert all(
        c.info1 == w.INFO1_READ | w.INFO1_GET_ALL | w.INFO1_READ_MODE_AP_ALL for c in batch.records
    )


def test_batch_write_sub_commands() -> None:
    client, mock = mocked()
    records = BatchRecords([
        Write(KEY, [ops.write("a", 1)], meta={"gen": 3}, policy={"gen": aerospike.POLICY_GEN_EQ,
                                                                  "key": aerospike.POLICY_KEY_SEND}),
        Read(("test", "demo", "r"), read_all_bins=True),
        Remove(("test", "demo", "x")),
    ])
    client.batch_write(records)
    [batch] = mock.batches
    write, read, remove = batch.records
    assert write.info2 == w.INFO2_WRITE | w.INFO2_GENERATION | w.INFO2_RESPOND_ALL_OPS
    assert (write.gen, write.user_key) == (3, "k")
    assert read.info1 == w.INFO1_READ | w.INFO1_GET_ALL and read.info2 == 0
    assert write.info1 == 0  # no read bits without a read op, as the official client sends it
    assert remove.info2 == w.INFO2_WRITE | w.INFO2_DELETE | w.INFO2_RESPOND_ALL_OPS


def test_pure_builders_need_no_client() -> None:
    parsed = parse_key(KEY)
    flags = write_flags(POLICIES.resolve("operate", None), {"ttl": 5})
    cmd = build.write(parsed, [(w.OP_WRITE, "a", 1)], flags)
    assert (cmd.ns, cmd.digest, cmd.ttl, cmd.info2) == ("test", DIGEST, 5, w.INFO2_WRITE)
    batch = batch_build.reads([parsed], batch_build.READ_META, None, POLICIES.resolve("batch"))
    assert batch.records[0].info1 == w.INFO1_READ | w.INFO1_GET_NOBINDATA


# -- results: the void time becomes a ttl once, in the front-end ---------------------------------


def test_void_time_becomes_ttl() -> None:
    client, _ = mocked(Result(0, 4, 5000 - w.CITRUSLEAF_EPOCH + w.CITRUSLEAF_EPOCH + 60, bins={}))
    assert client.get(KEY).meta == {"gen": 4, "ttl": 60}
    client, _ = mocked(Result(0, 4, 0, bins={}))
    assert client.get(KEY).meta.ttl == 0xFFFFFFFF
    client, _ = mocked(Result(0, 4, 5000, bins={}))  # the void-time second itself: ttl 1
    assert client.get(KEY).meta.ttl == 1


# -- refused, not ignored: nothing is sent ------------------------------------------------------


@pytest.mark.parametrize("call", [
    lambda c: c.remove(KEY, policy={"expressions": [1, 2]}),
    lambda c: c.get(KEY, {"expressions": [1, 2]}),
    lambda c: c.put(KEY, {"a": 1}, policy={"txn": object()}),
    lambda c: c.put(KEY, {"a": 1}, {"tll": 60}),
    lambda c: c.touch(KEY, 5, {"generation": 1}),
    lambda c: c.operate(KEY, [ops.write("a", 1)], {"ttl": 5, "x": 1}),
    lambda c: c.batch_read([KEY], policy={"expressions": [1]}),
])
def test_features_not_built_are_refused_before_sending(call: Any) -> None:
    client, mock = mocked()
    with pytest.raises(exception.ParamError) as info:
        call(client)
    assert any(name in str(info.value.msg) for name in ("expressions", "txn", "tll", "generation",
                                                          "'x'", "read_touch_ttl_percent"))
    assert mock.commands == [] and mock.batches == []


SEED = [("127.0.0.1", 3000)]


@pytest.mark.parametrize(
    ("config", "message"),
    [
        (1, "Config must be a dict"),
        ({}, "Hosts must be a list"),
        ({"": SEED}, "Hosts must be a list"),  # no hosts comes first, as there
        ({"hosts": ()}, "Hosts must be a list"),
        ({"hosts": []}, "Hosts must not be empty"),
        ({"hosts": [3000]}, "Invalid host"),
        ({"hosts": [SEED[0], ()]}, "Invalid host"),
        ({"hosts": [("127.0.0.1", "3000")]}, "Invalid host -> The host port must be an integer"),
        ({"hosts": SEED, "a": 1}, '"a" is an invalid client config dictionary key'),
        ({"hosts": SEED, "lua": {"a": 1}}, '"a" is an invalid client config dictionary key'),
        ({"hosts": SEED, "tls": {"a": 1}}, '"a" is an invalid client config dictionary key'),
        ({"hosts": SEED, "shm": {"a": 1}}, '"a" is an invalid client config dictionary key'),
        ({"hosts": SEED, "lua": {"user_path": "a" * 256}}, "Lua user path too long"),
        ({"hosts": SEED, "validate_keys": "True"}, 'config["validate_keys"] must be a boolean'),
        ({"hosts": SEED, "compression_threshold": -1}, "Compression value must not be negative"),
        ({"hosts": SEED, "serialization": (5, lambda x: x)}, "Serializer must be callable"),
        ({"hosts": SEED, "serialization": (lambda x: x, 5)}, "Deserializer must be callable"),
    ],
)
def test_config_errors_say_what_the_official_client_says(config: Any, message: str) -> None:
    """Word for word: the official client's own suite compares these messages."""
    with pytest.raises(exception.ParamError) as info:
        aerospike.client(config)
    assert info.value.msg == message
    assert info.value.code == -2


def test_config_refusals_the_official_client_raises_as_type_errors() -> None:
    with pytest.raises(exception.ParamError, match="No config argument") as info:
        aerospike.client()
    assert type(info.value.__context__) is TypeError
    with pytest.raises(TypeError, match="app_id"):
        aerospike.client({"hosts": SEED, "app_id": 1})


def test_a_lua_user_path_of_255_bytes_is_taken() -> None:
    aerospike.client({"embedded": {"name": "lua-path"}, "lua": {"user_path": "a" * 255}}).close()


@pytest.mark.parametrize("config", [
    {"embedded": {"name": "x"}, "hostz": []},
    {"embedded": {"name": "x", "namespace": {}}},
    {"embedded": {"name": "x"}, "lua": {"user_path": "/tmp", "cache_enabled": True}},
    {"embedded": {"name": "x"}, "lua": {"user_path": 7}},
    {"embedded": {"name": "x"}, "tls": {"enable": True}},
    {"embedded": {"name": "x"}, "user": "admin", "password": "pw"},
    {"embedded": {"name": "x"}, "hosts": [("127.0.0.1", 3000)]},
    {"embedded": {"name": "x"}, "max_conns_per_node": "many"},
])
def test_config_keys_unknown_or_not_built_are_refused(config: dict[str, Any]) -> None:
    with pytest.raises(exception.ParamError) as info:
        aerospike.client(config)
    named = [k for k in ("hostz", "namespace", "lua", "cache_enabled", "tls", "user", "hosts",
                         "max_conns_per_node")
             if k in str(info.value.msg)]
    assert named


def test_network_settings_are_accepted() -> None:
    client, _ = mocked(max_conns_per_node=10, tend_interval=500, use_shared_connection=True,
                       tls={"enable": False})
    assert client.is_connected()


def test_single_bin_errors_carry_key_and_bin() -> None:
    client, _ = mocked(Result(3, msg="generation"))
    with pytest.raises(exception.RecordGenerationError) as info:
        client.prepend(KEY, "name", "x", {"gen": 99}, {"gen": aerospike.POLICY_GEN_EQ})
    assert (info.value.key, info.value.bin) == (KEY, "name")
    with pytest.raises(exception.RecordGenerationError) as info:
        client.put(KEY, {"a": 1})
    assert (info.value.key, info.value.bin) == (KEY, {"a": 1})  # put: the bins, as official
    with pytest.raises(exception.RecordGenerationError) as info:
        client.touch(KEY, 5)
    assert (info.value.key, info.value.bin) == (KEY, None)


def test_too_many_bins_are_refused_by_the_client() -> None:
    client, mock = mocked()
    with pytest.raises(exception.BinNameError):
        client.put(KEY, {f"b{i}": i for i in range(65536)})
    assert mock.commands == []
    client.put(KEY, {f"b{i}": i for i in range(65535)})
    assert len(mock.commands) == 1


def test_a_refused_filtered_remove_leaves_the_record(client: aerospike.Client) -> None:
    key = ("test", "demo", "kept")
    client.put(key, {"a": 1})
    with pytest.raises(exception.ParamError):
        client.remove(key, policy={"expressions": [1]})
    with pytest.raises(exception.ParamError):
        client.batch_remove([key], policy_batch={"expressions": [1]})
    assert client.get(key).bins == {"a": 1}
    assert client.get(key).meta.gen == 1


def test_info_node_checks_the_node_before_sending(client: aerospike.Client) -> None:
    key = ("test", "demo", "kept")
    client.put(key, {"a": 1})
    with pytest.raises(exception.ParamError):
        client.info_single_node("truncate:namespace=test;set=demo", "NO-SUCH-NODE")
    with pytest.raises(exception.InvalidHostError):
        client.info_node("truncate:namespace=test;set=demo", ("10.9.9.9", 1))
    assert client.get(key).bins == {"a": 1}


def test_calc_digest_and_partition_id_limit_set_names_to_63_bytes(client: aerospike.Client) -> None:
    with pytest.raises(exception.ParamError):
        aerospike.calc_digest("test", "é" * 32, "k")
    assert len(aerospike.calc_digest("test", "a" * 63, "k")) == 20
    with pytest.raises(exception.ParamError):
        client.get_key_partition_id("test", "é" * 32, "k")
    with pytest.raises(exception.ParamError):
        client.get_key_partition_id("test", None, "k")  # type: ignore[arg-type]
    d = aerospike.calc_digest("test", "demo", "k")
    assert client.get_key_partition_id("test", "demo", "k") == (d[0] | d[1] << 8) & 0xFFF


@pytest.mark.parametrize("op", [
    {"op": aerospike.OPERATOR_WRITE, "bin": "a", "val": 1, "ctx": []},
    {"op": aerospike.OPERATOR_READ, "bin": "a", "index": 3},
    {"op": aerospike.OPERATOR_DELETE, "bin": "a"},
    {"op": aerospike.OP_LIST_SIZE, "bin": "l", "bogus": 1},
    {"op": aerospike.OP_MAP_GET_BY_KEY, "bin": "m", "key": "k", "return_typ": 7},
    {"op": aerospike.OP_BIT_COUNT, "bin": "b", "bit_offset": 0, "bit_size": 8, "sign": True,
     "extra": 1},
    {"op": aerospike.OP_HLL_GET_COUNT, "bin": "h", "policy": {}},
])
def test_an_operation_key_the_operation_does_not_take_is_refused(op: dict[str, Any]) -> None:
    client, mock = mocked()
    with pytest.raises(exception.ParamError) as info:
        client.operate(KEY, [op])
    assert "unknown key" in str(info.value.msg)
    assert mock.commands == []


def test_a_persisted_list_index_goes_in_the_list_flags() -> None:
    from aeromodel.client.helpers import cdt_ctx
    from aeromodel.client.helpers.operations import list_operations as lo

    client, mock = mocked()
    # As the official client, ours only warns about such an order.
    with pytest.warns(DeprecationWarning, match="list_order must be inclusively between 0 and 1"):
        client.operate(KEY, [
            lo.list_create("l", aerospike.LIST_ORDERED, False, True),
            lo.list_create("l", aerospike.LIST_UNORDERED, False, True),
            lo.list_set_order("l", 0x11),
            lo.list_create("l", aerospike.LIST_ORDERED, False, True, [cdt_ctx.cdt_ctx_list_index(0)]),
        ])
    ops = mock.commands[0].ops
    assert [op[2] for op in ops[:3]] == [(0, 0x11), (0, 0x10), (0, 0x11)]  # set-type: the flags
    # In a context the flag is not sent (the server would drop it from a nested list anyway).
    assert ops[3][2] == (0xFF, [0x10 | 0xC0, 0], (0, 1))


def test_a_persisted_map_index_goes_in_the_map_flags() -> None:
    from aeromodel.client.helpers.operations import map_operations as mo

    client, mock = mocked()
    client.operate(KEY, [
        mo.map_put("m", "k", 1, {"map_order": aerospike.MAP_KEY_ORDERED, "persist_index": True}),
        mo.map_create("m", aerospike.MAP_KEY_VALUE_ORDERED, True),
        mo.map_set_policy("m", {"map_order": aerospike.MAP_UNORDERED, "persist_index": True}),
    ])
    ops = mock.commands[0].ops
    assert ops[0][2] == (67, "k", 1, 0x11)  # put: key, value, then the attributes
    assert ops[1][2] == (64, 0x13) and ops[2][2] == (64, 0x10)  # set-type: the flags
