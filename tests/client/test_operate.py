"""operate() and operate_ordered() with scalar operations, as dicts and from the helpers."""

from __future__ import annotations

from types import ModuleType

import pytest
from _support import FAKE_CLOCK_TTL, NAMED_RESULTS, api_module

# Plain ints, the same in the official module (test_constants pins them).
from aeromodel.client import (
    OPERATOR_APPEND,
    OPERATOR_INCR,
    OPERATOR_READ,
    OPERATOR_TOUCH,
    OPERATOR_WRITE,
    calc_digest,
)

pytestmark = pytest.mark.transports

NEVER = 0xFFFFFFFF
KEY = ("test", "demo", "op-1")


class DictOps:
    """Operation dicts written by hand, as in the 3.x manual, with the constants of ``module``."""

    def __init__(self, module: ModuleType) -> None:
        self.module = module

    def read(self, name):
        return {"op": self.module.OPERATOR_READ, "bin": name}

    def write(self, name, value):
        return {"op": self.module.OPERATOR_WRITE, "bin": name, "val": value}

    def increment(self, name, value):
        return {"op": self.module.OPERATOR_INCR, "bin": name, "val": value}

    def append(self, name, value):
        return {"op": self.module.OPERATOR_APPEND, "bin": name, "val": value}

    def prepend(self, name, value):
        return {"op": self.module.OPERATOR_PREPEND, "bin": name, "val": value}

    def touch(self, ttl=None):
        if ttl is None:
            return {"op": self.module.OPERATOR_TOUCH}
        return {"op": self.module.OPERATOR_TOUCH, "val": ttl}

    def delete(self):
        return {"op": self.module.OPERATOR_DELETE}


@pytest.fixture(params=["dict", "helpers"])
def ops(request, transport, aerospike):
    """Both ways of writing operations (for the transport's client); they must behave the same."""
    return DictOps(aerospike) if request.param == "dict" else api_module("op", transport)


def digest():
    return calc_digest(*KEY)


def test_helpers_build_the_documented_dicts(aerospike, op):
    assert op.read("a") == {"op": aerospike.OPERATOR_READ, "bin": "a"}
    assert op.write("a", 1) == {"op": aerospike.OPERATOR_WRITE, "bin": "a", "val": 1}
    assert op.increment("a", 2) == {"op": aerospike.OPERATOR_INCR, "bin": "a", "val": 2}
    assert op.append("a", "x") == {"op": aerospike.OPERATOR_APPEND, "bin": "a", "val": "x"}
    assert op.prepend("a", "x") == {
        "op": aerospike.OPERATOR_PREPEND,
        "bin": "a",
        "val": "x",
    }
    assert op.touch() == {"op": aerospike.OPERATOR_TOUCH}
    with pytest.warns(DeprecationWarning, match="touch"):  # as the official helper warns
        assert op.touch(10) == {"op": aerospike.OPERATOR_TOUCH, "val": 10}
    assert op.delete() == {"op": aerospike.OPERATOR_DELETE}


# -- results ----------------------------------------------------------------------------------


def test_operate_answers_key_meta_and_one_value_per_bin(client, ops):
    client.put(KEY, {"n": 1, "s": "b", "x": 0})
    key, meta, bins = client.operate(
        KEY,
        [
            ops.increment("n", 2),
            ops.read("n"),
            ops.append("s", "c"),
            ops.prepend("s", "a"),
            ops.read("s"),
            ops.write("w", [1]),
            ops.read("w"),
        ],
    )
    assert key == ("test", "demo", "op-1", digest())
    assert meta == {"gen": 2, "ttl": NEVER}
    assert bins == {"n": 3, "s": "abc", "w": [1]}
    assert client.get(KEY)[2] == {"n": 3, "s": "abc", "x": 0, "w": [1]}


def test_operate_last_read_of_a_bin_wins(client, ops):
    client.put(KEY, {"n": 1})
    rec = client.operate(
        KEY,
        [ops.read("n"), ops.increment("n", 10), ops.read("n"), ops.increment("n", 100), ops.read("n")],
    )
    assert rec[2] == {"n": 111}


def test_operate_write_only_answers_no_bins(client, ops):
    client.put(KEY, {"n": 1})
    rec = client.operate(KEY, [ops.increment("n", 1), ops.write("m", "x")])
    assert rec[2] == {}
    assert rec[1] == {"gen": 2, "ttl": NEVER}
    assert client.get(KEY)[2] == {"n": 2, "m": "x"}


def test_operate_read_of_a_missing_bin_is_left_out(client, ops):
    client.put(KEY, {"n": 1})
    assert client.operate(KEY, [ops.read("n"), ops.read("nope")])[2] == {"n": 1}


def test_operate_ordered_gives_one_pair_per_read_in_order(client, ops):
    client.put(KEY, {"n": 1, "s": "x"})
    key, meta, pairs = client.operate_ordered(
        KEY,
        [
            ops.read("s"),
            ops.increment("n", 1),
            ops.read("n"),
            ops.read("nope"),
            ops.append("s", "y"),
            ops.read("s"),
            ops.read("n"),
        ],
    )
    assert key == ("test", "demo", "op-1", digest())
    assert meta == {"gen": 2, "ttl": NEVER}
    assert pairs == [("s", "x"), ("n", 2), ("s", "xy"), ("n", 2)]


@pytest.mark.ours_only(NAMED_RESULTS)
def test_operate_ordered_pairs_are_named(client, op):
    client.put(KEY, {"s": "x"})
    (pair,) = client.operate_ordered(KEY, [op.read("s")]).ordered_bins
    assert pair.name == "s" and pair.value == "x"


def test_operate_ordered_with_only_writes_answers_an_empty_list(client, ops):
    client.put(KEY, {"n": 1})
    result = client.operate_ordered(KEY, [ops.increment("n", 1), ops.write("m", 2)])
    assert result[2] == []
    assert result[1] == {"gen": 2, "ttl": NEVER}


def test_reads_see_earlier_writes_of_the_same_call(client, ops):
    client.put(KEY, {"a": 1})
    pairs = client.operate_ordered(
        KEY,
        [
            ops.write("a", 5),
            ops.read("a"),
            ops.write("a", None),
            ops.read("a"),
            ops.write("a", "s"),
            ops.read("a"),
        ],
    )[2]
    assert pairs == [("a", 5), ("a", "s")]


def test_operate_reads_only_leave_the_record_alone(client, ops):
    client.put(KEY, {"a": 1})
    rec = client.operate(KEY, [ops.read("a")])
    assert rec[1] == {"gen": 1, "ttl": NEVER}
    assert client.get(KEY)[1]["gen"] == 1


def test_operate_values_are_converted_like_get(client, ops):
    client.put(KEY, {"m": {"b": 1, "a": 2}, "by": bytearray(b"\x01"), "t": True})
    bins = client.operate(KEY, [ops.read("m"), ops.read("by"), ops.read("t")])[2]
    assert list(bins["m"].items()) == [("a", 2), ("b", 1)]
    assert type(bins["by"]) is bytes
    assert bins["t"] is True


# -- missing records, delete -----------------------------------------------------------------


def test_reads_only_on_a_missing_record_is_record_not_found(client, ops, exception):
    for method in (client.operate, client.operate_ordered):
        with pytest.raises(exception.RecordNotFound) as excinfo:
            method(KEY, [ops.read("a")])
        assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None


def test_write_and_read_on_a_missing_record_creates_it(client, ops):
    rec = client.operate(KEY, [ops.write("a", 1), ops.increment("n", 5), ops.read("n")])
    assert rec[1] == {"gen": 1, "ttl": NEVER}
    assert rec[2] == {"n": 5}
    assert client.get(KEY)[2] == {"a": 1, "n": 5}


@pytest.mark.filterwarnings("ignore:touch\\(ttl\\) is deprecated:DeprecationWarning")
def test_touch_on_a_missing_record_is_record_not_found(client, ops, exception):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.operate(KEY, [ops.touch(10)])
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None


def test_delete_then_write_keeps_counting_generation(client, ops):
    client.put(KEY, {"a": 1, "b": 2})
    client.put(KEY, {"a": 3})
    rec = client.operate(KEY, [ops.delete(), ops.write("c", 1), ops.read("a"), ops.read("c")])
    assert rec[1] == {"gen": 3, "ttl": NEVER}
    assert rec[2] == {"c": 1}
    got = client.get(KEY)
    assert got[2] == {"c": 1}
    assert got[1]["gen"] == 3


def test_delete_alone_removes_the_record(client, ops, exception):
    client.put(KEY, {"a": 1})
    client.operate(KEY, [ops.delete()])
    assert client.exists(KEY)[1] is None
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(KEY)
    assert excinfo.value.code == 2


def test_writing_none_to_every_bin_removes_the_record(client, ops, aerospike):
    client.put(KEY, {"a": 1, "b": 2})
    client.operate(KEY, [ops.write("a", None), ops.write("b", aerospike.null())])
    assert client.exists(KEY)[1] is None


def test_operate_increment_wraps_and_appends_empty_string(client, ops):
    client.put(KEY, {"n": 2**63 - 1})
    rec = client.operate(
        KEY, [ops.increment("n", 1), ops.append("s", ""), ops.read("n"), ops.read("s")]
    )
    assert rec[2] == {"n": -(2**63), "s": ""}


# -- ttl, meta and policies ------------------------------------------------------------------


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
@pytest.mark.filterwarnings("ignore:touch\\(ttl\\) is deprecated:DeprecationWarning")
def test_touch_op_sets_the_ttl(timed_client, clock, ops):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    clock.advance(50)
    rec = timed_client.operate(KEY, [ops.touch(500), ops.read("a")])
    assert rec[1] == {"gen": 2, "ttl": 500}
    assert rec[2] == {"a": 1}
    assert timed_client.get(KEY)[1] == {"gen": 2, "ttl": 500}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_touch_op_takes_the_meta_ttl(timed_client, ops):
    timed_client.put(KEY, {"a": 1})
    rec = timed_client.operate(KEY, [ops.touch()], meta={"ttl": 60})
    assert rec[1] == {"gen": 2, "ttl": 60}


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_operate_write_ttl_from_meta_and_expiry(timed_client, clock, ops, exception):
    rec = timed_client.operate(KEY, [ops.write("a", 1)], meta={"ttl": 30})
    assert rec[1] == {"gen": 1, "ttl": 30}
    clock.advance(10)
    assert timed_client.operate(KEY, [ops.read("a")])[1] == {"gen": 1, "ttl": 20}
    clock.advance(20)  # exactly at the void time: still alive, reported ttl 1
    rec = timed_client.operate(KEY, [ops.read("a")])
    assert (rec[2], rec[1]) == ({"a": 1}, {"gen": 1, "ttl": 1})
    clock.advance(1)  # void time now in the past: expired
    with pytest.raises(exception.RecordNotFound) as excinfo:
        timed_client.operate(KEY, [ops.read("a")])
    assert excinfo.value.code == 2


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_operate_write_without_ttl_resets_to_the_namespace_default(timed_client, ops, aerospike):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    rec = timed_client.operate(KEY, [ops.increment("a", 1)])
    assert rec[1] == {"gen": 2, "ttl": NEVER}
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    rec = timed_client.operate(KEY, [ops.increment("a", 1)], meta={"ttl": aerospike.TTL_DONT_UPDATE})
    assert rec[1] == {"gen": 4, "ttl": 100}


def test_operate_generation_policy(client, ops, aerospike, exception):
    client.put(KEY, {"n": 1})
    client.put(KEY, {"n": 2})
    before = client.get(KEY)
    with pytest.raises(exception.RecordGenerationError) as excinfo:
        client.operate(
            KEY, [ops.increment("n", 1)], meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ}
        )
    assert excinfo.value.code == 3
    assert client.get(KEY) == before
    rec = client.operate(
        KEY,
        [ops.increment("n", 1), ops.read("n")],
        meta={"gen": 2},
        policy={"gen": aerospike.POLICY_GEN_EQ},
    )
    assert rec[1]["gen"] == 3
    assert rec[2] == {"n": 3}


def test_operate_exists_policy(client, ops, aerospike, exception):
    client.operate(KEY, [ops.write("a", 1)], policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    before = client.get(KEY)
    with pytest.raises(exception.RecordExistsError) as excinfo:
        client.operate(KEY, [ops.write("a", 2)], policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    assert excinfo.value.code == 5
    assert client.get(KEY) == before
    other = ("test", "demo", "op-2")
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.operate(other, [ops.write("a", 1)], policy={"exists": aerospike.POLICY_EXISTS_UPDATE})
    assert excinfo.value.code == 2
    assert client.exists(other)[1] is None


def test_operate_echoes_the_callers_key(client, ops):
    key = ("test", None, 7)
    client.put(key, {"a": 1})
    expected = ("test", None, 7, calc_digest("test", None, 7))
    assert client.operate(key, [ops.read("a")])[0] == expected
    assert client.operate_ordered(key, [ops.increment("a", 1)])[0] == expected
    by_digest = ("test", None, None, expected[3])
    assert client.operate(by_digest, [ops.read("a")]) == (
        (*by_digest[:3], expected[3]),
        {"gen": 2, "ttl": NEVER},
        {"a": 2},
    )


# -- refused operations ----------------------------------------------------------------------


@pytest.fixture
def stored(client):
    client.put(KEY, {"n": 1, "s": "str"})
    client.put(KEY, {"n": 2})
    return client.get(KEY)


BAD_OPERATIONS = [
    pytest.param([{"bin": "n", "val": 1}], id="missing-op"),
    pytest.param([{"op": 9999, "bin": "n", "val": 1}], id="unknown-operator"),
    pytest.param([{"op": "incr", "bin": "n", "val": 1}], id="operator-not-int"),
    pytest.param([{"op": OPERATOR_INCR, "val": 1}], id="missing-bin"),
    pytest.param([{"op": OPERATOR_READ}], id="read-missing-bin"),
    pytest.param([{"op": OPERATOR_INCR, "bin": "n"}], id="missing-val"),
    pytest.param([{"op": OPERATOR_WRITE, "bin": "n"}], id="write-missing-val"),
    pytest.param([{"op": OPERATOR_INCR, "bin": 5, "val": 1}], id="bin-not-str"),
    pytest.param([{"op": OPERATOR_INCR, "bin": "n", "val": "1"}], id="incr-str"),
    pytest.param([{"op": OPERATOR_APPEND, "bin": "s", "val": 1}], id="append-int"),
    pytest.param([{"op": OPERATOR_WRITE, "bin": "n", "val": 2**64}], id="int-range"),
    pytest.param(
        [{"op": OPERATOR_WRITE, "bin": "m", "val": {1.5: 1}}],
        id="float-key",
        marks=pytest.mark.ours_only("drops a float map key with a warning (SERVER-FACTS: quirk)"),
    ),
    pytest.param([{"op": OPERATOR_TOUCH, "val": "10"}], id="touch-ttl-str"),
    pytest.param(
        [{"op": OPERATOR_INCR, "bin": "n", "val": 1}, "read n"],
        id="not-dict",
        marks=pytest.mark.ours_only("operate() skips an operation that is not a dict"),
    ),
    pytest.param({"op": OPERATOR_READ, "bin": "n"}, id="dict-not-list"),
    pytest.param("read", id="str-not-list"),
    pytest.param(None, id="none"),
    pytest.param([], id="empty-list"),
]


@pytest.mark.parametrize("operations", BAD_OPERATIONS)
def test_bad_operations_are_param_errors(client, stored, operations, exception):
    for method in (client.operate, client.operate_ordered):
        with pytest.raises(exception.ParamError) as excinfo:
            method(KEY, operations)
        assert excinfo.value.code == -2
    assert client.get(KEY) == stored


@pytest.mark.parametrize("operations", BAD_OPERATIONS[:3])
def test_a_bad_operation_after_a_good_write_changes_nothing(client, stored, operations, aerospike, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.operate(KEY, [{"op": aerospike.OPERATOR_WRITE, "bin": "x", "val": 1}, *operations])
    assert excinfo.value.code == -2
    assert client.get(KEY) == stored


def test_an_operate_failing_midway_changes_nothing(client, stored, ops, exception):
    for operations in (
        [ops.write("b", 1), ops.increment("n", 5), ops.increment("s", 1)],
        [ops.write("b", 1), ops.append("n", "x")],
        [ops.delete(), ops.write("n", 1), ops.increment("n", 1.5)],
        [ops.write("n", 1.5), ops.increment("n", 1)],
    ):
        with pytest.raises(exception.BinIncompatibleType) as excinfo:
            client.operate(KEY, operations)
        assert excinfo.value.code == 12
        assert client.get(KEY) == stored


def test_operate_too_big_changes_nothing(client, stored, ops, exception):
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.operate(KEY, [ops.write("a", "x" * 700_000), ops.append("a", "y" * 700_000)])
    assert excinfo.value.code == 13
    assert client.get(KEY) == stored


def test_operate_bin_name_too_long(client, stored, ops, exception):
    for operations in ([ops.read("n" * 16)], [ops.write("ok", 1), ops.increment("é" * 8, 1)]):
        with pytest.raises(exception.BinNameError) as excinfo:
            client.operate(KEY, operations)
        assert excinfo.value.code == 21
    assert client.get(KEY) == stored


def test_operate_unknown_namespace(client, ops, exception):
    with pytest.raises(exception.NamespaceNotFound) as excinfo:
        client.operate(("nope", "demo", "k"), [ops.write("a", 1)])
    assert excinfo.value.code == 20


def test_operate_bad_meta_and_policy(client, make_client, stored, ops, exception):
    with pytest.raises(exception.ParamError) as excinfo:
        client.operate(KEY, [ops.write("a", 1)], meta={"ttl": "x"})
    assert excinfo.value.code == -2
    assert client.get(KEY) == stored
    # Ours refuses an unknown policy key always; the official client only with validate_keys.
    checked = make_client(config={"validate_keys": True})
    with pytest.raises(exception.ParamError) as excinfo:
        checked.operate(KEY, [ops.write("a", 1)], policy={"no_such_key": 1})
    assert excinfo.value.code == -2
    assert checked.exists(KEY)[1] is None


def test_increment_by_a_bool_adds_it_as_an_int(client):
    # As the official client: increment(key, bin, True) adds 1.
    client.put(KEY, {"n": 5})
    client.increment(KEY, "n", True)
    assert client.get(KEY)[2] == {"n": 6}


def test_replace_takes_plain_writes_and_reads_only(client, aerospike, exception, op):
    # A real 8.1 server: a replace with increments, appends, touches, deletes or null bins is
    # InvalidRequest and changes nothing; plain writes with reads work.
    replace = {"exists": aerospike.POLICY_EXISTS_REPLACE}
    client.put(KEY, {"a": 1, "b": "x"})
    before = client.get(KEY)
    for bad in (
        [op.increment("a", 1)],
        [op.append("b", "y")],
        [op.touch()],
        [op.delete(), op.write("a", 2)],
        [op.write("a", None)],
    ):
        with pytest.raises(exception.InvalidRequest) as excinfo:
            client.operate(KEY, bad, policy=replace)
        assert excinfo.value.code == 4
    assert client.get(KEY) == before
    rec = client.operate(KEY, [op.write("c", 3), op.read("c")], policy=replace)
    assert rec[2] == {"c": 3}
    assert client.get(KEY)[2] == {"c": 3}


def test_touch_never_creates_a_record(client, exception, op):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.operate(KEY, [op.write("a", 1), op.touch()])
    assert excinfo.value.code == 2
    assert client.exists(KEY)[1] is None
