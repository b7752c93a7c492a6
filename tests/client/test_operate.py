"""operate() and operate_ordered() with scalar operations, as dicts and from the helpers."""

from __future__ import annotations

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.helpers import operations as ops_helpers

pytestmark = pytest.mark.transports

NEVER = 0xFFFFFFFF
KEY = ("test", "demo", "op-1")


class DictOps:
    """Operation dicts written by hand, as in the 3.x manual."""

    @staticmethod
    def read(name):
        return {"op": aerospike.OPERATOR_READ, "bin": name}

    @staticmethod
    def write(name, value):
        return {"op": aerospike.OPERATOR_WRITE, "bin": name, "val": value}

    @staticmethod
    def increment(name, value):
        return {"op": aerospike.OPERATOR_INCR, "bin": name, "val": value}

    @staticmethod
    def append(name, value):
        return {"op": aerospike.OPERATOR_APPEND, "bin": name, "val": value}

    @staticmethod
    def prepend(name, value):
        return {"op": aerospike.OPERATOR_PREPEND, "bin": name, "val": value}

    @staticmethod
    def touch(ttl=None):
        return (
            {"op": aerospike.OPERATOR_TOUCH}
            if ttl is None
            else {"op": aerospike.OPERATOR_TOUCH, "val": ttl}
        )

    @staticmethod
    def delete():
        return {"op": aerospike.OPERATOR_DELETE}


@pytest.fixture(params=["dict", "helpers"])
def op(request):
    """Both ways of writing operations; they must behave the same."""
    return DictOps if request.param == "dict" else ops_helpers


def digest():
    return aerospike.calc_digest(*KEY)


def test_helpers_build_the_documented_dicts():
    assert ops_helpers.read("a") == {"op": aerospike.OPERATOR_READ, "bin": "a"}
    assert ops_helpers.write("a", 1) == {"op": aerospike.OPERATOR_WRITE, "bin": "a", "val": 1}
    assert ops_helpers.increment("a", 2) == {"op": aerospike.OPERATOR_INCR, "bin": "a", "val": 2}
    assert ops_helpers.append("a", "x") == {"op": aerospike.OPERATOR_APPEND, "bin": "a", "val": "x"}
    assert ops_helpers.prepend("a", "x") == {
        "op": aerospike.OPERATOR_PREPEND,
        "bin": "a",
        "val": "x",
    }
    assert ops_helpers.touch() == {"op": aerospike.OPERATOR_TOUCH}
    with pytest.warns(DeprecationWarning, match="touch"):  # as the official helper warns
        assert ops_helpers.touch(10) == {"op": aerospike.OPERATOR_TOUCH, "val": 10}
    assert ops_helpers.delete() == {"op": aerospike.OPERATOR_DELETE}


# -- results ----------------------------------------------------------------------------------


def test_operate_answers_key_meta_and_one_value_per_bin(client, op):
    client.put(KEY, {"n": 1, "s": "b", "x": 0})
    key, meta, bins = client.operate(
        KEY,
        [
            op.increment("n", 2),
            op.read("n"),
            op.append("s", "c"),
            op.prepend("s", "a"),
            op.read("s"),
            op.write("w", [1]),
            op.read("w"),
        ],
    )
    assert key == ("test", "demo", "op-1", digest())
    assert meta == {"gen": 2, "ttl": NEVER}
    assert bins == {"n": 3, "s": "abc", "w": [1]}
    assert client.get(KEY).bins == {"n": 3, "s": "abc", "x": 0, "w": [1]}


def test_operate_last_read_of_a_bin_wins(client, op):
    client.put(KEY, {"n": 1})
    rec = client.operate(
        KEY,
        [op.read("n"), op.increment("n", 10), op.read("n"), op.increment("n", 100), op.read("n")],
    )
    assert rec.bins == {"n": 111}


def test_operate_write_only_answers_no_bins(client, op):
    client.put(KEY, {"n": 1})
    rec = client.operate(KEY, [op.increment("n", 1), op.write("m", "x")])
    assert rec.bins == {}
    assert rec.meta == {"gen": 2, "ttl": NEVER}
    assert client.get(KEY).bins == {"n": 2, "m": "x"}


def test_operate_read_of_a_missing_bin_is_left_out(client, op):
    client.put(KEY, {"n": 1})
    assert client.operate(KEY, [op.read("n"), op.read("nope")]).bins == {"n": 1}


def test_operate_ordered_gives_one_pair_per_read_in_order(client, op):
    client.put(KEY, {"n": 1, "s": "x"})
    key, meta, pairs = client.operate_ordered(
        KEY,
        [
            op.read("s"),
            op.increment("n", 1),
            op.read("n"),
            op.read("nope"),
            op.append("s", "y"),
            op.read("s"),
            op.read("n"),
        ],
    )
    assert key == ("test", "demo", "op-1", digest())
    assert meta == {"gen": 2, "ttl": NEVER}
    assert pairs == [("s", "x"), ("n", 2), ("s", "xy"), ("n", 2)]
    assert pairs[0].name == "s" and pairs[0].value == "x"


def test_operate_ordered_with_only_writes_answers_an_empty_list(client, op):
    client.put(KEY, {"n": 1})
    result = client.operate_ordered(KEY, [op.increment("n", 1), op.write("m", 2)])
    assert result.ordered_bins == []
    assert result.meta == {"gen": 2, "ttl": NEVER}


def test_reads_see_earlier_writes_of_the_same_call(client, op):
    client.put(KEY, {"a": 1})
    pairs = client.operate_ordered(
        KEY,
        [
            op.write("a", 5),
            op.read("a"),
            op.write("a", None),
            op.read("a"),
            op.write("a", "s"),
            op.read("a"),
        ],
    ).ordered_bins
    assert pairs == [("a", 5), ("a", "s")]


def test_operate_reads_only_leave_the_record_alone(client, op):
    client.put(KEY, {"a": 1})
    rec = client.operate(KEY, [op.read("a")])
    assert rec.meta == {"gen": 1, "ttl": NEVER}
    assert client.get(KEY).meta.gen == 1


def test_operate_values_are_converted_like_get(client, op):
    client.put(KEY, {"m": {"b": 1, "a": 2}, "by": bytearray(b"\x01"), "t": True})
    bins = client.operate(KEY, [op.read("m"), op.read("by"), op.read("t")]).bins
    assert list(bins["m"].items()) == [("a", 2), ("b", 1)]
    assert type(bins["by"]) is bytes
    assert bins["t"] is True


# -- missing records, delete -----------------------------------------------------------------


def test_reads_only_on_a_missing_record_is_record_not_found(client, op):
    for method in (client.operate, client.operate_ordered):
        with pytest.raises(exception.RecordNotFound) as excinfo:
            method(KEY, [op.read("a")])
        assert excinfo.value.code == 2
    assert client.exists(KEY).meta is None


def test_write_and_read_on_a_missing_record_creates_it(client, op):
    rec = client.operate(KEY, [op.write("a", 1), op.increment("n", 5), op.read("n")])
    assert rec.meta == {"gen": 1, "ttl": NEVER}
    assert rec.bins == {"n": 5}
    assert client.get(KEY).bins == {"a": 1, "n": 5}


@pytest.mark.filterwarnings("ignore:touch\\(ttl\\) is deprecated:DeprecationWarning")
def test_touch_on_a_missing_record_is_record_not_found(client, op):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.operate(KEY, [op.touch(10)])
    assert excinfo.value.code == 2
    assert client.exists(KEY).meta is None


def test_delete_then_write_keeps_counting_generation(client, op):
    client.put(KEY, {"a": 1, "b": 2})
    client.put(KEY, {"a": 3})
    rec = client.operate(KEY, [op.delete(), op.write("c", 1), op.read("a"), op.read("c")])
    assert rec.meta == {"gen": 3, "ttl": NEVER}
    assert rec.bins == {"c": 1}
    got = client.get(KEY)
    assert got.bins == {"c": 1}
    assert got.meta.gen == 3


def test_delete_alone_removes_the_record(client, op):
    client.put(KEY, {"a": 1})
    client.operate(KEY, [op.delete()])
    assert client.exists(KEY).meta is None
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.get(KEY)
    assert excinfo.value.code == 2


def test_writing_none_to_every_bin_removes_the_record(client, op):
    client.put(KEY, {"a": 1, "b": 2})
    client.operate(KEY, [op.write("a", None), op.write("b", aerospike.null())])
    assert client.exists(KEY).meta is None


def test_operate_increment_wraps_and_appends_empty_string(client, op):
    client.put(KEY, {"n": 2**63 - 1})
    rec = client.operate(
        KEY, [op.increment("n", 1), op.append("s", ""), op.read("n"), op.read("s")]
    )
    assert rec.bins == {"n": -(2**63), "s": ""}


# -- ttl, meta and policies ------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore:touch\\(ttl\\) is deprecated:DeprecationWarning")
def test_touch_op_sets_the_ttl(timed_client, clock, op):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    clock.advance(50)
    rec = timed_client.operate(KEY, [op.touch(500), op.read("a")])
    assert rec.meta == {"gen": 2, "ttl": 500}
    assert rec.bins == {"a": 1}
    assert timed_client.get(KEY).meta == {"gen": 2, "ttl": 500}


def test_touch_op_takes_the_meta_ttl(timed_client, op):
    timed_client.put(KEY, {"a": 1})
    rec = timed_client.operate(KEY, [op.touch()], meta={"ttl": 60})
    assert rec.meta == {"gen": 2, "ttl": 60}


def test_operate_write_ttl_from_meta_and_expiry(timed_client, clock, op):
    rec = timed_client.operate(KEY, [op.write("a", 1)], meta={"ttl": 30})
    assert rec.meta == {"gen": 1, "ttl": 30}
    clock.advance(10)
    assert timed_client.operate(KEY, [op.read("a")]).meta == {"gen": 1, "ttl": 20}
    clock.advance(20)  # exactly at the void time: still alive, reported ttl 1
    rec = timed_client.operate(KEY, [op.read("a")])
    assert (rec.bins, rec.meta) == ({"a": 1}, {"gen": 1, "ttl": 1})
    clock.advance(1)  # void time now in the past: expired
    with pytest.raises(exception.RecordNotFound) as excinfo:
        timed_client.operate(KEY, [op.read("a")])
    assert excinfo.value.code == 2


def test_operate_write_without_ttl_resets_to_the_namespace_default(timed_client, op):
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    rec = timed_client.operate(KEY, [op.increment("a", 1)])
    assert rec.meta == {"gen": 2, "ttl": NEVER}
    timed_client.put(KEY, {"a": 1}, meta={"ttl": 100})
    rec = timed_client.operate(KEY, [op.increment("a", 1)], meta={"ttl": aerospike.TTL_DONT_UPDATE})
    assert rec.meta == {"gen": 4, "ttl": 100}


def test_operate_generation_policy(client, op):
    client.put(KEY, {"n": 1})
    client.put(KEY, {"n": 2})
    before = client.get(KEY)
    with pytest.raises(exception.RecordGenerationError) as excinfo:
        client.operate(
            KEY, [op.increment("n", 1)], meta={"gen": 1}, policy={"gen": aerospike.POLICY_GEN_EQ}
        )
    assert excinfo.value.code == 3
    assert client.get(KEY) == before
    rec = client.operate(
        KEY,
        [op.increment("n", 1), op.read("n")],
        meta={"gen": 2},
        policy={"gen": aerospike.POLICY_GEN_EQ},
    )
    assert rec.meta.gen == 3
    assert rec.bins == {"n": 3}


def test_operate_exists_policy(client, op):
    client.operate(KEY, [op.write("a", 1)], policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    before = client.get(KEY)
    with pytest.raises(exception.RecordExistsError) as excinfo:
        client.operate(KEY, [op.write("a", 2)], policy={"exists": aerospike.POLICY_EXISTS_CREATE})
    assert excinfo.value.code == 5
    assert client.get(KEY) == before
    other = ("test", "demo", "op-2")
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.operate(other, [op.write("a", 1)], policy={"exists": aerospike.POLICY_EXISTS_UPDATE})
    assert excinfo.value.code == 2
    assert client.exists(other).meta is None


def test_operate_echoes_the_callers_key(client, op):
    key = ("test", None, 7)
    client.put(key, {"a": 1})
    expected = ("test", None, 7, aerospike.calc_digest("test", None, 7))
    assert client.operate(key, [op.read("a")]).key == expected
    assert client.operate_ordered(key, [op.increment("a", 1)]).key == expected
    by_digest = ("test", None, None, expected[3])
    assert client.operate(by_digest, [op.read("a")]) == (
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
    pytest.param([{"op": aerospike.OPERATOR_INCR, "val": 1}], id="missing-bin"),
    pytest.param([{"op": aerospike.OPERATOR_READ}], id="read-missing-bin"),
    pytest.param([{"op": aerospike.OPERATOR_INCR, "bin": "n"}], id="missing-val"),
    pytest.param([{"op": aerospike.OPERATOR_WRITE, "bin": "n"}], id="write-missing-val"),
    pytest.param([{"op": aerospike.OPERATOR_INCR, "bin": 5, "val": 1}], id="bin-not-str"),
    pytest.param([{"op": aerospike.OPERATOR_INCR, "bin": "n", "val": "1"}], id="incr-str"),
    pytest.param([{"op": aerospike.OPERATOR_APPEND, "bin": "s", "val": 1}], id="append-int"),
    pytest.param([{"op": aerospike.OPERATOR_WRITE, "bin": "n", "val": 2**64}], id="int-range"),
    pytest.param([{"op": aerospike.OPERATOR_WRITE, "bin": "m", "val": {1.5: 1}}], id="float-key"),
    pytest.param([{"op": aerospike.OPERATOR_TOUCH, "val": "10"}], id="touch-ttl-str"),
    pytest.param([{"op": aerospike.OPERATOR_INCR, "bin": "n", "val": 1}, "read n"], id="not-dict"),
    pytest.param({"op": aerospike.OPERATOR_READ, "bin": "n"}, id="dict-not-list"),
    pytest.param("read", id="str-not-list"),
    pytest.param(None, id="none"),
    pytest.param([], id="empty-list"),
]


@pytest.mark.parametrize("operations", BAD_OPERATIONS)
def test_bad_operations_are_param_errors(client, stored, operations):
    for method in (client.operate, client.operate_ordered):
        with pytest.raises(exception.ParamError) as excinfo:
            method(KEY, operations)
        assert excinfo.value.code == -2
    assert client.get(KEY) == stored


@pytest.mark.parametrize("operations", BAD_OPERATIONS[:3])
def test_a_bad_operation_after_a_good_write_changes_nothing(client, stored, operations):
    with pytest.raises(exception.ParamError) as excinfo:
        client.operate(KEY, [{"op": aerospike.OPERATOR_WRITE, "bin": "x", "val": 1}, *operations])
    assert excinfo.value.code == -2
    assert client.get(KEY) == stored


def test_an_operate_failing_midway_changes_nothing(client, stored, op):
    for operations in (
        [op.write("b", 1), op.increment("n", 5), op.increment("s", 1)],
        [op.write("b", 1), op.append("n", "x")],
        [op.delete(), op.write("n", 1), op.increment("n", 1.5)],
        [op.write("n", 1.5), op.increment("n", 1)],
    ):
        with pytest.raises(exception.BinIncompatibleType) as excinfo:
            client.operate(KEY, operations)
        assert excinfo.value.code == 12
        assert client.get(KEY) == stored


def test_operate_too_big_changes_nothing(client, stored, op):
    with pytest.raises(exception.RecordTooBig) as excinfo:
        client.operate(KEY, [op.write("a", "x" * 700_000), op.append("a", "y" * 700_000)])
    assert excinfo.value.code == 13
    assert client.get(KEY) == stored


def test_operate_bin_name_too_long(client, stored, op):
    for operations in ([op.read("n" * 16)], [op.write("ok", 1), op.increment("é" * 8, 1)]):
        with pytest.raises(exception.BinNameError) as excinfo:
            client.operate(KEY, operations)
        assert excinfo.value.code == 21
    assert client.get(KEY) == stored


def test_operate_unknown_namespace(client, op):
    with pytest.raises(exception.NamespaceNotFound) as excinfo:
        client.operate(("nope", "demo", "k"), [op.write("a", 1)])
    assert excinfo.value.code == 20


def test_operate_bad_meta_and_policy(client, stored, op):
    with pytest.raises(exception.ParamError) as excinfo:
        client.operate(KEY, [op.write("a", 1)], meta={"ttl": "x"})
    assert excinfo.value.code == -2
    with pytest.raises(exception.ParamError) as excinfo:
        client.operate(KEY, [op.write("a", 1)], policy={"no_such_key": 1})
    assert excinfo.value.code == -2
    assert client.get(KEY) == stored


def test_increment_by_a_bool_adds_it_as_an_int(client):
    # As the official client: increment(key, bin, True) adds 1.
    client.put(KEY, {"n": 5})
    client.increment(KEY, "n", True)
    assert client.get(KEY).bins == {"n": 6}


def test_replace_takes_plain_writes_and_reads_only(client):
    # A real 8.1 server: a replace with increments, appends, touches, deletes or null bins is
    # InvalidRequest and changes nothing; plain writes with reads work.
    replace = {"exists": aerospike.POLICY_EXISTS_REPLACE}
    client.put(KEY, {"a": 1, "b": "x"})
    before = client.get(KEY)
    for bad in (
        [ops_helpers.increment("a", 1)],
        [ops_helpers.append("b", "y")],
        [ops_helpers.touch()],
        [ops_helpers.delete(), ops_helpers.write("a", 2)],
        [ops_helpers.write("a", None)],
    ):
        with pytest.raises(exception.InvalidRequest) as excinfo:
            client.operate(KEY, bad, policy=replace)
        assert excinfo.value.code == 4
    assert client.get(KEY) == before
    rec = client.operate(KEY, [ops_helpers.write("c", 3), ops_helpers.read("c")], policy=replace)
    assert rec.bins == {"c": 3}
    assert client.get(KEY).bins == {"c": 3}


def test_touch_never_creates_a_record(client):
    with pytest.raises(exception.RecordNotFound) as excinfo:
        client.operate(KEY, [ops_helpers.write("a", 1), ops_helpers.touch()])
    assert excinfo.value.code == 2
    assert client.exists(KEY).meta is None
