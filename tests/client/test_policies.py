"""Policy kinds, documented defaults, client-config overrides and per-call validation.

Most tests check our ``PolicySet`` itself (no client, so they run once); the tests taking a client
check what a client does with its config and call policies, three ways."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from _support import POLICY_CHECKS, AnyClient

from aeromodel.client import constants as C
from aeromodel.client import exception
from aeromodel.client.policies import CONFIG_KINDS, POLICY_KINDS, PolicySet

DEFAULTS = PolicySet(None)
KEY = ("test", "demo", "policy-1")

pytestmark = pytest.mark.transports

# (kind, key, documented default): client.rst / scan.rst / query.rst of the official client 19.x,
# the 3.x manual for the keys only it documents.
DOCUMENTED_DEFAULTS: list[tuple[str, str, Any]] = [
    ("read", "total_timeout", 1000),
    ("read", "socket_timeout", 30000),
    ("read", "max_retries", 2),
    ("read", "sleep_between_retries", 0),
    ("read", "timeout_delay", 3000),
    ("read", "connect_timeout", 0),
    ("read", "compress", False),
    ("read", "expressions", None),
    ("read", "key", C.POLICY_KEY_DIGEST),
    ("read", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("read", "deserialize", True),
    ("read", "read_mode_ap", C.POLICY_READ_MODE_AP_ONE),
    ("read", "read_mode_sc", C.POLICY_READ_MODE_SC_SESSION),
    ("read", "read_touch_ttl_percent", 0),
    ("read", "consistency_level", C.POLICY_CONSISTENCY_ONE),
    ("read", "linearize_read", False),
    ("write", "total_timeout", 1000),
    ("write", "socket_timeout", 30000),
    ("write", "max_retries", 0),
    ("write", "key", C.POLICY_KEY_DIGEST),
    ("write", "exists", C.POLICY_EXISTS_IGNORE),
    ("write", "gen", C.POLICY_GEN_IGNORE),
    ("write", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("write", "durable_delete", False),
    ("write", "ttl", C.TTL_NAMESPACE_DEFAULT),
    ("write", "compression_threshold", 0),
    ("write", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("write", "on_locking_only", False),
    ("operate", "max_retries", 0),
    ("operate", "total_timeout", 1000),
    ("operate", "key", C.POLICY_KEY_DIGEST),
    ("operate", "gen", C.POLICY_GEN_IGNORE),
    ("operate", "exists", C.POLICY_EXISTS_IGNORE),
    ("operate", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("operate", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("operate", "read_mode_ap", C.POLICY_READ_MODE_AP_ONE),
    ("operate", "read_mode_sc", C.POLICY_READ_MODE_SC_SESSION),
    ("operate", "deserialize", True),
    ("operate", "durable_delete", False),
    ("operate", "ttl", 0),
    ("operate", "read_touch_ttl_percent", 0),
    ("apply", "max_retries", 0),
    ("apply", "total_timeout", 1000),
    ("apply", "key", C.POLICY_KEY_DIGEST),
    ("apply", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("apply", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("apply", "durable_delete", False),
    ("apply", "ttl", 0),
    ("apply", "gen", C.POLICY_GEN_IGNORE),
    ("remove", "max_retries", 0),
    ("remove", "total_timeout", 1000),
    ("remove", "key", C.POLICY_KEY_DIGEST),
    ("remove", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("remove", "gen", C.POLICY_GEN_IGNORE),
    ("remove", "generation", 0),
    ("remove", "durable_delete", False),
    ("remove", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("batch", "total_timeout", 1000),
    ("batch", "socket_timeout", 30000),
    ("batch", "max_retries", 2),
    ("batch", "concurrent", False),
    ("batch", "allow_inline", True),
    ("batch", "allow_inline_ssd", False),
    ("batch", "send_set_name", False),
    ("batch", "deserialize", True),
    ("batch", "respond_all_keys", True),
    ("batch", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("batch", "read_mode_ap", C.POLICY_READ_MODE_AP_ONE),
    ("batch", "read_mode_sc", C.POLICY_READ_MODE_SC_SESSION),
    ("batch", "read_touch_ttl_percent", 0),
    ("batch_parent_write", "max_retries", 0),
    ("batch_parent_write", "total_timeout", 1000),
    ("batch_write", "key", C.POLICY_KEY_DIGEST),
    ("batch_write", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("batch_write", "gen", C.POLICY_GEN_IGNORE),
    ("batch_write", "exists", C.POLICY_EXISTS_IGNORE),
    ("batch_write", "durable_delete", False),
    ("batch_write", "expressions", None),
    ("batch_write", "ttl", 0),
    ("batch_read", "read_mode_ap", C.POLICY_READ_MODE_AP_ONE),
    ("batch_read", "read_mode_sc", C.POLICY_READ_MODE_SC_SESSION),
    ("batch_read", "expressions", None),
    ("batch_read", "read_touch_ttl_percent", 0),
    ("batch_remove", "key", C.POLICY_KEY_DIGEST),
    ("batch_remove", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("batch_remove", "gen", C.POLICY_GEN_IGNORE),
    ("batch_remove", "generation", 0),
    ("batch_remove", "durable_delete", False),
    ("batch_apply", "key", C.POLICY_KEY_DIGEST),
    ("batch_apply", "commit_level", C.POLICY_COMMIT_LEVEL_ALL),
    ("batch_apply", "ttl", 0),
    ("batch_apply", "durable_delete", False),
    ("scan", "total_timeout", 0),
    ("scan", "socket_timeout", 30000),
    ("scan", "durable_delete", False),
    ("scan", "records_per_second", 0),
    ("scan", "max_records", 0),
    ("scan", "partition_filter", {}),
    ("scan", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("scan", "ttl", 0),
    ("scan", "fail_on_cluster_change", False),
    ("query", "total_timeout", 0),
    ("query", "socket_timeout", 30000),
    ("query", "deserialize", True),
    ("query", "expected_duration", C.QUERY_DURATION_LONG),
    ("query", "short_query", False),
    ("query", "partition_filter", {}),
    ("query", "replica", C.POLICY_REPLICA_SEQUENCE),
    ("info", "timeout", 1000),
    ("admin", "timeout", 1000),
    ("list", "write_flags", C.LIST_WRITE_DEFAULT),
    ("list", "list_order", C.LIST_UNORDERED),
    ("map", "map_write_flags", C.MAP_WRITE_FLAGS_DEFAULT),
    ("map", "map_order", C.MAP_UNORDERED),
    ("map", "persist_index", False),
    ("bit", "bit_write_flags", C.BIT_WRITE_DEFAULT),
    ("hll", "flags", C.HLL_WRITE_DEFAULT),
]


def param_error(call: Any, *args: Any) -> exception.ParamError:
    """The ParamError ``call(*args)`` raises (code -2)."""
    with pytest.raises(exception.ParamError) as info:
        call(*args)
    assert info.value.code == -2
    assert isinstance(info.value.msg, str)
    return info.value


# Kinds and defaults


def test_policy_kinds_cover_the_documented_kinds() -> None:
    required = {
        "read", "write", "operate", "apply", "remove", "batch", "batch_write", "batch_read",
        "batch_remove", "batch_apply", "scan", "query", "info", "admin",
    }  # fmt: skip
    assert required <= set(POLICY_KINDS)
    assert len(set(POLICY_KINDS)) == len(POLICY_KINDS)
    assert set(CONFIG_KINDS) <= set(POLICY_KINDS)


@pytest.mark.parametrize(("kind", "key", "default"), DOCUMENTED_DEFAULTS)
def test_documented_default(kind: str, key: str, default: Any) -> None:
    assert DEFAULTS.resolve(kind, None)[key] == default


@pytest.mark.parametrize("kind", POLICY_KINDS)
def test_defaults_pass_their_own_validation(kind: str) -> None:
    defaults = DEFAULTS.resolve(kind, None)
    assert dict(DEFAULTS.resolve(kind, dict(defaults))) == dict(defaults)


@pytest.mark.parametrize("kind", [k for k in POLICY_KINDS if k not in ("info", "admin")])
def test_command_kinds_take_expressions_except_operation_policies(kind: str) -> None:
    keys = set(DEFAULTS.resolve(kind, None))
    assert ("expressions" in keys) == (kind not in ("list", "map", "bit", "hll"))


def test_expressions_only_not_filter_expression() -> None:
    # The official client reads "expressions"; "filter_expression" is another client's name.
    expr = [("fake", "compiled", "expression")]
    assert DEFAULTS.resolve("read", {"expressions": None})["expressions"] is None
    error = param_error(DEFAULTS.resolve, "read", {"filter_expression": expr})
    assert "filter_expression" in str(error.msg)


def test_composite_kinds_take_both_key_sets() -> None:
    scan_apply = DEFAULTS.resolve("scan_apply", {"timeout": 5, "records_per_second": 10})
    assert scan_apply["timeout"] == 5
    assert scan_apply["records_per_second"] == 10
    query_apply = DEFAULTS.resolve("query_apply", None)
    assert set(query_apply) == set(DEFAULTS.resolve("write", None)) | set(
        DEFAULTS.resolve("info", None)
    )


# Client config


def test_config_kind_overrides_defaults_of_that_kind_only() -> None:
    policies = PolicySet({"read": {"total_timeout": 50, "key": C.POLICY_KEY_SEND}})
    read = policies.resolve("read", None)
    assert read["total_timeout"] == 50
    assert read["key"] == C.POLICY_KEY_SEND
    assert read["max_retries"] == 2
    assert policies.resolve("write", None)["total_timeout"] == 1000
    assert policies.resolve("write", None)["key"] == C.POLICY_KEY_DIGEST


def test_call_policy_beats_config() -> None:
    policies = PolicySet({"write": {"total_timeout": 50, "exists": C.POLICY_EXISTS_CREATE}})
    write = policies.resolve("write", {"total_timeout": 70})
    assert write["total_timeout"] == 70
    assert write["exists"] == C.POLICY_EXISTS_CREATE
    assert write["max_retries"] == 0


def test_config_none_and_empty_give_documented_defaults() -> None:
    for config in (None, {}, {"read": None}):
        policies = PolicySet(config)
        for kind in POLICY_KINDS:
            assert policies.resolve(kind, None) == DEFAULTS.resolve(kind, None)


@pytest.mark.parametrize(
    ("key", "value", "kinds"),
    [
        ("total_timeout", 1234, ("read", "write", "apply", "operate", "remove", "query", "scan", "batch")),
        ("socket_timeout", 77, ("read", "write", "apply", "operate", "remove", "query", "scan", "batch")),
        ("max_retries", 4, ("read", "write", "apply", "operate", "remove", "query", "scan", "batch")),
        ("key", C.POLICY_KEY_SEND, ("read", "write", "apply", "operate", "remove")),
        ("exists", C.POLICY_EXISTS_CREATE, ("write",)),
        ("replica", C.POLICY_REPLICA_MASTER, ("read", "write", "apply", "operate", "remove", "batch", "scan", "query")),
        ("commit_level", C.POLICY_COMMIT_LEVEL_MASTER, ("write", "apply", "operate", "remove")),
        ("read_mode_ap", C.POLICY_READ_MODE_AP_ALL, ("read", "operate", "batch")),
        ("read_mode_sc", C.POLICY_READ_MODE_SC_LINEARIZE, ("read", "operate", "batch")),
        ("consistency_level", C.POLICY_CONSISTENCY_ALL, ("read", "operate", "batch")),
    ],
)  # fmt: skip
def test_deprecated_top_level_key_sets_defaults_of_its_kinds(
    key: str, value: Any, kinds: tuple[str, ...]
) -> None:
    policies = PolicySet({key: value})
    for kind in POLICY_KINDS:
        resolved = policies.resolve(kind, None)
        if kind in kinds:
            assert resolved[key] == value, kind
        elif key in resolved and kind not in ("scan_apply", "query_apply"):
            assert resolved[key] == DEFAULTS.resolve(kind, None)[key], kind


def test_per_kind_dict_beats_top_level_key_in_either_order() -> None:
    for config in (
        {"total_timeout": 5, "read": {"total_timeout": 6}},
        {"read": {"total_timeout": 6}, "total_timeout": 5},
    ):
        policies = PolicySet(config)
        assert policies.resolve("read", None)["total_timeout"] == 6
        assert policies.resolve("write", None)["total_timeout"] == 5
        assert policies.resolve("read", {"total_timeout": 7})["total_timeout"] == 7


def test_composite_kinds_follow_their_parts_config() -> None:
    policies = PolicySet({"scan": {"total_timeout": 9}, "info": {"timeout": 8}})
    resolved = policies.resolve("scan_apply", None)
    assert (resolved["total_timeout"], resolved["timeout"]) == (9, 8)


def test_client_settings() -> None:
    assert DEFAULTS.client_settings["auth_mode"] == C.AUTH_INTERNAL
    assert DEFAULTS.client_settings["login_timeout_ms"] == 5000
    policies = PolicySet({"auth_mode": C.AUTH_EXTERNAL, "login_timeout_ms": 10})
    assert policies.client_settings["auth_mode"] == C.AUTH_EXTERNAL
    assert policies.client_settings["login_timeout_ms"] == 10
    assert PolicySet({"auth_mode": None}).client_settings["auth_mode"] == C.AUTH_INTERNAL
    assert "auth_mode" in str(param_error(PolicySet, {"auth_mode": 42}).msg)


def test_config_is_copied_not_kept() -> None:
    config: dict[str, Any] = {"read": {"total_timeout": 5}}
    policies = PolicySet(config)
    config["read"]["total_timeout"] = 6
    config["write"] = {"total_timeout": 6}
    assert policies.resolve("read", None)["total_timeout"] == 5
    assert policies.resolve("write", None)["total_timeout"] == 1000


def test_config_rejects_unknown_kind_and_keys() -> None:
    # The official client's words (with validate_keys; here always), compared by its own suite.
    assert param_error(PolicySet, {"bogus": {}}).msg == (
        '"bogus" is an invalid client config dictionary key'
    )
    error = param_error(PolicySet, {"read": {"total_timout": 5}})
    assert error.msg == '"total_timout" is an invalid policy dictionary key'
    # batch_read and the operation policies are per call only, as in the official client.
    assert "batch_read" in str(param_error(PolicySet, {"batch_read": {}}).msg)
    assert "map" in str(param_error(PolicySet, {"map": {}}).msg)


def test_config_rejects_bad_values_and_shapes() -> None:
    assert "policies" in str(param_error(PolicySet, [("read", {})]).msg)
    assert "read" in str(param_error(PolicySet, {"read": 5}).msg)
    error = param_error(PolicySet, {"total_timeout": -1})
    assert "total_timeout" in str(error.msg)
    error = param_error(PolicySet, {"write": {"exists": 99}})
    assert "exists" in str(error.msg)
    assert "99" in str(error.msg)
    assert "key" in str(param_error(PolicySet, {"key": "send"}).msg)


@pytest.mark.parametrize("key", ["expressions", "txn", "on_locking_only"])
def test_config_rejects_call_only_keys(key: str) -> None:
    error = param_error(PolicySet, {"write": {key: None}})
    assert key in str(error.msg)


# Call validation


@pytest.mark.parametrize(
    ("kind", "key"),
    [
        ("read", "xyz"),
        ("write", "total_timout"),
        ("read", "exists"),
        ("batch_write", "max_retries"),
    ],
)
def test_unknown_key(kind: str, key: str) -> None:
    error = param_error(DEFAULTS.resolve, kind, {key: 1})
    assert error.msg == f'"{key}" is an invalid policy dictionary key'


def test_non_string_key_is_unknown() -> None:
    assert param_error(DEFAULTS.resolve, "read", {1: 1}).msg == (
        '"1" is an invalid policy dictionary key'
    )


@pytest.mark.parametrize(
    ("kind", "key", "value", "expected_type"),
    [
        ("read", "total_timeout", "100", "int"),
        ("read", "total_timeout", 1.5, "int"),
        ("read", "max_retries", True, "int"),
        ("read", "key", None, "int"),
        ("write", "durable_delete", "yes", "bool"),
        ("write", "durable_delete", 2, "bool"),
        ("read", "deserialize", None, "bool"),
        ("read", "expressions", "expr", "compiled expression"),
        ("scan", "partition_filter", [1], "dict"),
        ("write", "ttl", "60", "int"),
    ],
)
def test_wrong_type(kind: str, key: str, value: Any, expected_type: str) -> None:
    error = param_error(DEFAULTS.resolve, kind, {key: value})
    assert error.msg == f"{key} is invalid"  # the official client's words


@pytest.mark.parametrize(
    ("kind", "key", "value"),
    [
        ("write", "exists", 5),
        ("write", "exists", -1),
        ("read", "key", 2),
        ("write", "gen", 3),
        ("write", "commit_level", 2),
        ("read", "replica", 5),
        ("read", "read_mode_ap", 2),
        ("read", "read_mode_sc", 4),
        ("read", "consistency_level", 2),
        ("query", "expected_duration", 3),
        ("read", "read_touch_ttl_percent", 101),
        ("read", "read_touch_ttl_percent", -2),
        ("remove", "generation", 1 << 16),
        ("write", "ttl", -3),
        ("write", "ttl", C.TTL_CLIENT_DEFAULT),
        ("write", "ttl", 1 << 32),
        ("list", "write_flags", 16),
        ("map", "map_order", 2),
        ("map", "map_write_mode", 3),
        ("bit", "bit_write_flags", -1),
        ("hll", "flags", 32),
    ],
)
def test_value_out_of_range(kind: str, key: str, value: Any) -> None:
    error = param_error(DEFAULTS.resolve, kind, {key: value})
    assert f"'{key}'" in str(error.msg)
    assert repr(value) in str(error.msg)


@pytest.mark.parametrize(
    "key",
    [
        "total_timeout",
        "socket_timeout",
        "timeout_delay",
        "connect_timeout",
        "sleep_between_retries",
    ],
)
def test_negative_timeouts(key: str) -> None:
    error = param_error(DEFAULTS.resolve, "read", {key: -1})
    assert f"'{key}'" in str(error.msg)
    assert "-1" in str(error.msg)
    assert f"'{key}'" in str(param_error(DEFAULTS.resolve, "scan", {key: -5}).msg)
    assert "timeout" in str(param_error(DEFAULTS.resolve, "info", {"timeout": -1}).msg)


@pytest.mark.parametrize("policy", ["", 0, [], "read", [("key", 1)], 5, (), object()])
def test_policy_not_a_dict(policy: Any) -> None:
    error = param_error(DEFAULTS.resolve, "read", policy)
    assert "dict" in str(error.msg)


def test_unknown_kind_is_a_caller_bug() -> None:
    with pytest.raises(ValueError, match="nope"):
        DEFAULTS.resolve("nope", None)
    with pytest.raises(ValueError, match="nope"):
        DEFAULTS.resolve("nope", {"key": 1})


def test_all_enum_values_are_accepted() -> None:
    for name in dir(C):
        if name.startswith("POLICY_EXISTS_"):
            value = getattr(C, name)
            assert DEFAULTS.resolve("write", {"exists": value})["exists"] == value
        elif name.startswith("POLICY_REPLICA_"):
            value = getattr(C, name)
            assert DEFAULTS.resolve("read", {"replica": value})["replica"] == value
    flags = C.LIST_WRITE_ADD_UNIQUE | C.LIST_WRITE_INSERT_BOUNDED | C.LIST_WRITE_NO_FAIL
    assert DEFAULTS.resolve("list", {"write_flags": flags})["write_flags"] == flags


def test_canonical_values() -> None:
    # Negative ttls become their unsigned 32-bit form, as on the wire.
    assert DEFAULTS.resolve("write", {"ttl": -1})["ttl"] == C.TTL_NEVER_EXPIRE
    assert DEFAULTS.resolve("write", {"ttl": -2})["ttl"] == C.TTL_DONT_UPDATE
    assert DEFAULTS.resolve("write", {"ttl": C.TTL_NEVER_EXPIRE})["ttl"] == C.TTL_NEVER_EXPIRE
    # 0 and 1 pass for bools, as the official client takes any int there.
    assert DEFAULTS.resolve("write", {"durable_delete": 1})["durable_delete"] is True
    # None keeps the default where the official client reads None so.
    assert DEFAULTS.resolve("list", {"list_order": None})["list_order"] == C.LIST_UNORDERED
    assert DEFAULTS.resolve("hll", {"flags": None})["flags"] == C.HLL_WRITE_DEFAULT
    assert DEFAULTS.resolve("read", {"expressions": None})["expressions"] is None


# Fast path and immutability


@pytest.mark.parametrize("kind", POLICY_KINDS)
def test_no_policy_returns_the_same_precomputed_mapping(kind: str) -> None:
    policies = PolicySet({"read": {"total_timeout": 5}})
    first = policies.resolve(kind, None)
    assert policies.resolve(kind, None) is first
    assert policies.resolve(kind, {}) is first
    assert isinstance(first, Mapping)


def test_resolved_mappings_are_read_only() -> None:
    policies = PolicySet(None)
    for resolved in (policies.resolve("read", None), policies.resolve("read", {"key": 1})):
        with pytest.raises(TypeError):
            resolved["total_timeout"] = 1  # type: ignore[index]
        with pytest.raises((TypeError, AttributeError)):
            resolved.pop("total_timeout")  # type: ignore[attr-defined]
        with pytest.raises(TypeError):
            del resolved["key"]  # type: ignore[attr-defined]
    partition_filter = policies.resolve("scan", None)["partition_filter"]
    with pytest.raises(TypeError):
        partition_filter["begin"] = 1
    assert policies.resolve("read", None)["total_timeout"] == 1000
    assert policies.resolve("scan", None)["partition_filter"] == {}


def test_a_call_policy_does_not_leak_into_later_calls() -> None:
    policies = PolicySet(None)
    policy = {"key": C.POLICY_KEY_SEND}
    resolved = policies.resolve("write", policy)
    assert resolved["key"] == C.POLICY_KEY_SEND
    policy["key"] = C.POLICY_KEY_DIGEST
    policy["bogus"] = 1
    assert resolved["key"] == C.POLICY_KEY_SEND
    assert "bogus" not in resolved
    assert policies.resolve("write", None)["key"] == C.POLICY_KEY_DIGEST
    assert policies.resolve("write", {"total_timeout": 1})["key"] == C.POLICY_KEY_DIGEST


def test_failed_resolve_leaves_defaults_untouched() -> None:
    policies = PolicySet(None)
    param_error(policies.resolve, "write", {"key": C.POLICY_KEY_SEND, "exists": 99})
    assert policies.resolve("write", None)["key"] == C.POLICY_KEY_DIGEST


# Policies through a client


def test_config_write_policy_applies_to_every_put_and_a_call_policy_beats_it(
    make_client: Any, aerospike: Any, exception: Any
) -> None:
    write = {"key": aerospike.POLICY_KEY_SEND, "exists": aerospike.POLICY_EXISTS_CREATE}
    c = make_client(config={"policies": {"write": write}})
    assert c.put(KEY, {"a": 1}) == 0
    with pytest.raises(exception.RecordExistsError) as excinfo:
        c.put(KEY, {"a": 2})
    assert excinfo.value.code == 5
    assert c.put(KEY, {"a": 3}, policy={"exists": aerospike.POLICY_EXISTS_IGNORE}) == 0
    assert c.get(KEY)[1:] == ({"gen": 2, "ttl": 0xFFFFFFFF}, {"a": 3})
    # The config's key policy still applied: the user key was stored.
    assert [rec[0][2] for rec in c.scan("test", "demo").results()] == ["policy-1"]


def test_deprecated_top_level_config_keys_apply_to_their_kinds(
    make_client: Any, aerospike: Any, exception: Any
) -> None:
    config = {
        "policies": {"exists": aerospike.POLICY_EXISTS_CREATE, "key": aerospike.POLICY_KEY_SEND}
    }
    c = make_client(config=config)
    assert c.put(KEY, {"a": 1}) == 0
    with pytest.raises(exception.RecordExistsError):
        c.put(KEY, {"a": 2})
    assert [rec[0][2] for rec in c.scan("test", "demo").results()] == ["policy-1"]
    # The read kind took the key policy too: get answers the stored user key.
    assert c.get(KEY)[0][2] == "policy-1"


def test_read_policy_key_send_answers_the_stored_user_key(
    client: AnyClient, aerospike: Any
) -> None:
    client.put(KEY, {"a": 1}, policy={"key": aerospike.POLICY_KEY_SEND})
    assert client.get(KEY)[0][2] is None
    assert client.get(KEY, policy={"key": aerospike.POLICY_KEY_SEND})[0][2] == "policy-1"


@pytest.mark.parametrize("policy", ["read", 5, [("key", 1)]])
def test_a_call_policy_that_is_not_a_dict_is_param_error(
    client: AnyClient, exception: Any, policy: Any
) -> None:
    for call in (
        lambda: client.put(KEY, {"a": 1}, policy=policy),
        lambda: client.get(KEY, policy=policy),
    ):
        with pytest.raises(exception.ParamError) as excinfo:
            call()
        assert excinfo.value.code == -2
    assert client.exists(KEY)[1] is None


def test_a_timeout_that_is_not_an_int_is_param_error(client: AnyClient, exception: Any) -> None:
    for value in ("100", 1.5):
        with pytest.raises(exception.ParamError) as excinfo:
            client.put(KEY, {"a": 1}, policy={"total_timeout": value})
        assert excinfo.value.code == -2
    assert client.exists(KEY)[1] is None


def test_a_config_policy_kind_that_is_not_a_dict_is_param_error(
    make_client: Any, exception: Any
) -> None:
    with pytest.raises(exception.ParamError) as excinfo:
        make_client(config={"policies": {"read": 5}})
    assert excinfo.value.code == -2


@pytest.mark.ours_only(POLICY_CHECKS)
def test_unknown_keys_and_values_out_of_range_are_refused_by_the_client(
    make_client: Any, exception: Any
) -> None:
    c = make_client()
    calls = [
        lambda: c.get(KEY, policy={"xyz": 1}),
        lambda: c.put(KEY, {"a": 1}, policy={"exists": 99}),
        lambda: make_client(config={"policies": {"bogus": {}}}),
        lambda: make_client(config={"policies": {"read": {"total_timout": 5}}}),
    ]
    for call in calls:
        with pytest.raises(exception.ParamError) as excinfo:
            call()
        assert excinfo.value.code == -2
    assert c.exists(KEY)[1] is None
