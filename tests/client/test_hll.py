"""HyperLogLog operations through the client: results, flags, errors, and agreement with a real
server's answers."""

from __future__ import annotations

from typing import Any

import pytest
from _support import POLICY_CHECKS, AnyClient
from hypothesis import given, settings
from hypothesis import strategies as st

# Plain ints, the same in the official module (test_constants pins them).
import aeromodel.client as our_aerospike
from aeromodel.client.helpers.operations import hll_operations as our_hll

pytestmark = pytest.mark.transports

KEY = ("test", "demo", "hll")
OTHER = ("test", "demo", "hll-2")
CREATE_ONLY = {"flags": our_aerospike.HLL_WRITE_CREATE_ONLY}
UPDATE_ONLY = {"flags": our_aerospike.HLL_WRITE_UPDATE_ONLY}
NO_FAIL = our_aerospike.HLL_WRITE_NO_FAIL


def items(lo: int, hi: int) -> list[str]:
    return [f"item{i}" for i in range(lo, hi)]


def make_hll(client: AnyClient, hll: Any, values: list[Any], index_bits: int, mh_bits: int = 0) -> Any:
    client.operate(OTHER, [hll.hll_init("t", index_bits, mh_bits), hll.hll_add("t", values)])
    return client.get(OTHER)[2]["t"]


@pytest.fixture
def hll(hll_operations):
    """The transport's ``hll_operations``."""
    return hll_operations


# -- a real server's answers --------------------------------------------------------------------


def test_the_official_documentation_example_gives_the_servers_numbers(client, hll, op):
    # aerospike_helpers.operations.hll_operations' example, whose printed output came from a
    # real server: intersection 251, union 1010, similarity 24.888393%.
    keys = [("test", "demo", name) for name in ("Amy", "Farnsworth", "Scruffy")]
    for key, viewed in zip(keys, [items(0, 500), items(0, 750), items(250, 1000)]):
        client.operate(key, [op.write("name", key[2]), hll.hll_add("viewed", viewed, 12, 24)])
    viewed = [client.get(keys[1])[2]["viewed"], client.get(keys[2])[2]["viewed"]]
    assert client.operate(keys[0], [hll.hll_get_intersect_count("viewed", viewed)])[2] == {
        "viewed": 251
    }
    assert client.operate(keys[0], [hll.hll_get_union_count("viewed", viewed)])[2] == {
        "viewed": 1010
    }
    similarity = client.operate(keys[0], [hll.hll_get_similarity("viewed", viewed)])[2]["viewed"]
    assert "%f%%" % (similarity * 100) == "24.888393%"


def test_the_node_client_documentation_example_counts_five(client, hll):
    res = client.operate(
        KEY,
        [
            hll.hll_init("demo", 10),
            hll.hll_add("demo", ["blue", "green", "red"]),
            hll.hll_add("demo", ["green", "orange", "yellow"]),
            hll.hll_add("demo", ["red", "blue"]),
            hll.hll_get_count("demo"),
        ],
    )
    assert res[2] == {"demo": 5}


# -- results --------------------------------------------------------------------------------------


def test_add_creates_the_bin_and_answers_how_many_values_changed_it(client, hll):
    res = client.operate(KEY, [hll.hll_add("h", ["a", "b", "c"], 8), hll.hll_get_count("h")])
    assert res[2] == {"h": 3}
    res = client.operate_ordered(
        KEY, [hll.hll_add("h", ["a", "b", "d"]), hll.hll_get_count("h"), hll.hll_describe("h")]
    )
    assert res[2] == [("h", 1), ("h", 4), ("h", [8, 0])]
    assert res[1]["gen"] == 2


def test_an_hll_bin_reads_back_as_a_hyperloglog_of_the_servers_layout(client, hll, helpers):
    client.operate(KEY, [hll.hll_add("h", ["a"], 4)])
    value = client.get(KEY)[2]["h"]
    assert type(value) is helpers.HyperLogLog
    assert isinstance(value, bytes)
    # header: flags, 4 index bits, 0 min-hash bits, no cached count; then 16 6-bit registers,
    # where "a" set register 5 (bits 30-35) to 4.
    assert value == b"\x00\x04\x00" + bytes(8) + bytes([0, 0, 0, 0, 0b01000000]) + bytes(7)
    assert repr(value).startswith("HyperLogLog(b'")


def test_a_hyperloglog_written_as_a_bin_is_an_hll(client, hll, helpers):
    h = make_hll(client, hll, items(0, 100), 10)
    count = client.operate(OTHER, [hll.hll_get_count("t")])[2]["t"]
    client.put(KEY, {"copy": helpers.HyperLogLog(bytes(h))})
    assert client.operate(KEY, [hll.hll_get_count("copy")])[2] == {"copy": count}
    assert type(client.get(KEY)[2]["copy"]) is helpers.HyperLogLog


def test_the_hyperloglog_class_is_in_the_client_module_and_the_helpers() -> None:
    assert our_aerospike.helpers.HyperLogLog is our_aerospike.HyperLogLog


def test_refresh_count_stores_the_count_in_the_hll(client, hll):
    client.operate(KEY, [hll.hll_add("h", items(0, 50), 8)])
    assert client.get(KEY)[2]["h"][3:11] == bytes(8)
    count = client.operate(KEY, [hll.hll_get_count("h")])[2]["h"]
    assert abs(count - 50) <= 5
    assert client.operate(KEY, [hll.hll_refresh_count("h")])[2] == {"h": count}
    assert client.get(KEY)[2]["h"][3:11] == count.to_bytes(8, "little")
    client.operate(KEY, [hll.hll_add("h", ["new one"])])  # a register grows: cache dropped
    assert client.get(KEY)[2]["h"][3:11] == bytes(8)


def test_init_resets_and_reshapes(client, hll):
    client.operate(KEY, [hll.hll_add("h", items(0, 10), 8, 4)])
    client.operate(KEY, [hll.hll_init("h")])
    assert client.operate(KEY, [hll.hll_get_count("h"), hll.hll_describe("h")])[2] == {
        "h": [8, 4]
    }
    client.operate(KEY, [hll.hll_init("h", 10)])  # min-hash bits kept
    assert client.operate(KEY, [hll.hll_describe("h")])[2] == {"h": [10, 4]}
    client.operate(KEY, [hll.hll_init("h", mh_bit_count=0)])
    assert client.operate(KEY, [hll.hll_describe("h")])[2] == {"h": [10, 0]}
    assert client.operate(KEY, [hll.hll_get_count("h")])[2] == {"h": 0}


def test_union_ops(client, hll, helpers):
    client.operate(KEY, [hll.hll_add("h", items(0, 300), 10)])
    other = make_hll(client, hll, items(200, 400), 10)
    union = client.operate(KEY, [hll.hll_get_union("h", [other])])[2]["h"]
    assert type(union) is helpers.HyperLogLog
    count = client.operate(KEY, [hll.hll_get_union_count("h", [other])])[2]["h"]
    assert abs(count - 400) < 40
    client.operate(KEY, [hll.hll_set_union("h", [other])])
    assert client.get(KEY)[2]["h"] == union
    assert client.operate(KEY, [hll.hll_get_count("h")])[2] == {"h": count}


def test_set_union_creates_the_bin_in_the_smallest_shape(client, hll):
    a = make_hll(client, hll, items(0, 10), 12, 8)
    b = make_hll(client, hll, items(5, 20), 10, 8)
    client.operate(KEY, [hll.hll_set_union("h", [a, b])])
    assert client.operate(KEY, [hll.hll_describe("h")])[2] == {"h": [10, 8]}
    c = make_hll(client, hll, items(5, 20), 10, 0)
    client.operate(KEY, [hll.hll_set_union("g", [a, c])])
    assert client.operate(KEY, [hll.hll_describe("g")])[2] == {"g": [10, 0]}


def test_set_union_needs_allow_fold_to_shrink_the_bin(client, hll, exception, aerospike):
    client.operate(KEY, [hll.hll_add("h", items(0, 100), 12, 8)])
    small = make_hll(client, hll, items(0, 10), 10, 8)
    no_mh = make_hll(client, hll, items(0, 10), 12, 0)
    before = client.get(KEY)
    for hlls in ([small], [no_mh]):
        with pytest.raises(exception.OpNotApplicable):
            client.operate(KEY, [hll.hll_set_union("h", hlls)])
    assert client.get(KEY) == before
    fold = {"flags": aerospike.HLL_WRITE_ALLOW_FOLD}
    client.operate(KEY, [hll.hll_set_union("h", [small, no_mh], fold)])
    assert client.operate(KEY, [hll.hll_describe("h")])[2] == {"h": [10, 0]}


def test_fold(client, hll, exception):
    client.operate(KEY, [hll.hll_add("h", items(0, 1000), 12)])
    client.operate(KEY, [hll.hll_fold("h", 8)])
    assert client.operate(KEY, [hll.hll_describe("h")])[2] == {"h": [8, 0]}
    client.operate(OTHER, [hll.hll_add("h", items(0, 1000), 8)])
    assert client.get(KEY)[2]["h"] == client.get(OTHER)[2]["h"]
    with pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [hll.hll_fold("h", 10)])  # more index bits than the bin has
    client.operate(KEY, [hll.hll_add("m", ["x"], 8, 4)])
    with pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [hll.hll_fold("m", 4)])  # min-hash bits: no folding


def test_intersect_and_similarity_without_minhash_bits(client, hll):
    client.operate(KEY, [hll.hll_add("h", items(0, 1000), 14)])
    other = make_hll(client, hll, items(500, 1500), 14)
    res = client.operate_ordered(
        KEY, [hll.hll_get_intersect_count("h", [other]), hll.hll_get_similarity("h", [other])]
    )
    (_, intersect), (_, similarity) = res[2]
    assert abs(intersect - 500) < 100
    assert isinstance(similarity, float) and abs(similarity - 1 / 3) < 0.05


def test_intersecting_more_than_three_needs_matching_minhash_bits(client, hll, exception):
    client.operate(KEY, [hll.hll_add("h", items(0, 100), 8, 0)])
    hlls = [make_hll(client, hll, items(0, 50), 8, 6) for _ in range(3)]
    with pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [hll.hll_get_intersect_count("h", hlls)])
    client.operate(KEY, [hll.hll_init("h", 8, 6), hll.hll_add("h", items(0, 100))])
    count = client.operate(KEY, [hll.hll_get_intersect_count("h", hlls)])[2]["h"]
    assert abs(count - 50) < 15


def test_reads_of_a_missing_bin_answer_none(client, hll):
    # As on a real 8.1.2 server: HLL operations ask for every answer (RESPOND_ALL_OPS).
    client.put(KEY, {"a": 1})
    res = client.operate_ordered(KEY, [hll.hll_get_count("h"), hll.hll_describe("h")])
    assert [tuple(p) for p in res[2]] == [("h", None), ("h", None)]


# -- flags ----------------------------------------------------------------------------------------


def test_create_only(client, hll, exception, aerospike):
    client.operate(KEY, [hll.hll_init("h", 8, policy=CREATE_ONLY)])
    before = client.get(KEY)
    with pytest.raises(exception.BinExistsError) as err:
        client.operate(KEY, [hll.hll_init("h", 8, policy=CREATE_ONLY)])
    assert err.value.code == 6
    with pytest.raises(exception.BinExistsError):
        client.operate(KEY, [hll.hll_add("h", ["a"], 8, policy=CREATE_ONLY)])
    assert client.get(KEY) == before
    silent = {"flags": aerospike.HLL_WRITE_CREATE_ONLY | NO_FAIL}
    res = client.operate(KEY, [hll.hll_add("h", ["a"], 8, policy=silent), hll.hll_get_count("h")])
    assert res[2] == {"h": 0}


def test_update_only(client, hll, exception, aerospike):
    client.put(KEY, {"a": 1})
    with pytest.raises(exception.BinNotFound) as err:
        client.operate(KEY, [hll.hll_init("h", 8, policy=UPDATE_ONLY)])
    assert err.value.code == 17
    silent = {"flags": aerospike.HLL_WRITE_UPDATE_ONLY | NO_FAIL}
    client.operate(KEY, [hll.hll_init("h", 8, policy=silent)])
    client.operate(KEY, [hll.hll_set_union("h", [make_hll(client, hll, ["x"], 8)], policy=silent)])
    assert client.get(KEY)[2] == {"a": 1}
    assert client.get(KEY)[1]["gen"] == 3  # each write counts, even one that changed nothing


# -- errors ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda hll: hll.hll_add("h", ["a"]),  # no index bits to create with
        lambda hll: hll.hll_add("h", ["a"], mh_bit_count=8),
        lambda hll: hll.hll_init("h"),
    ],
)
def test_creating_needs_index_bits(client, make, hll, op, exception):
    client.put(KEY, {"a": 1})
    with pytest.raises(exception.OpNotApplicable) as err:
        client.operate(KEY, [op.write("b", 2), make(hll)])
    assert err.value.code == 26
    assert client.get(KEY)[2] == {"a": 1}


@pytest.mark.parametrize("make", [lambda hll: hll.hll_refresh_count("h"), lambda hll: hll.hll_fold("h", 4)])
def test_refresh_and_fold_need_the_bin(client, make, hll, exception):
    client.put(KEY, {"a": 1})
    with pytest.raises(exception.BinNotFound):
        client.operate(KEY, [make(hll)])


@pytest.mark.parametrize(
    "make", [lambda hll: hll.hll_add("s", ["a"], 8), lambda hll: hll.hll_get_count("s"), lambda hll: hll.hll_describe("s")]
)
def test_an_hll_op_on_another_type_is_incompatible(client, make, hll, exception):
    client.put(KEY, {"s": "text"})
    with pytest.raises(exception.BinIncompatibleType) as err:
        client.operate(KEY, [make(hll)])
    assert err.value.code == 12
    assert client.get(KEY)[2] == {"s": "text"}


def test_scalar_writes_on_an_hll_bin_are_incompatible(client, hll, exception):
    client.operate(KEY, [hll.hll_add("h", ["a"], 8)])
    with pytest.raises(exception.BinIncompatibleType):
        client.append(KEY, "h", b"x")


GOOD = b"\x00\x04\x00" + bytes(8 + 12)  # an empty HLL: 4 index bits, no min-hash bits


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda hll: hll.hll_add("h", ["a"], "8"), "must be an int"),
        (lambda hll: hll.hll_add("h", "abc", 8), "must be a list"),
        pytest.param(
            lambda hll: hll.hll_init("h", 8, policy={"flags": 64}), "flags",
            marks=pytest.mark.ours_only(POLICY_CHECKS),
        ),
        pytest.param(
            lambda hll: hll.hll_init("h", 8, policy={"nope": 1}), "nope",
            marks=pytest.mark.ours_only(POLICY_CHECKS),
        ),
        (lambda hll: hll.hll_fold("h", None), "required"),
    ],
)
def test_arguments_of_the_wrong_type_are_refused_before_sending(client, make, says, hll, exception):
    client.operate(KEY, [hll.hll_add("h", ["a"], 8)])
    before = client.get(KEY)
    with pytest.raises(exception.ParamError) as err:
        client.operate(KEY, [make(hll)])
    assert says in str(err.value.msg)
    assert client.get(KEY) == before


@pytest.mark.parametrize(
    "make",
    [
        lambda hll: hll.hll_add("h", ["a"], 3),
        lambda hll: hll.hll_add("h", ["a"], 17),
        lambda hll: hll.hll_add("h", ["a"], 8, 3),
        lambda hll: hll.hll_add("h", ["a"], 8, 52),
        lambda hll: hll.hll_init("h", 16, 49),
        lambda hll: hll.hll_add("h", [["a"]], 8),
        lambda hll: hll.hll_add("h", [{"a": 1}], 8),
        lambda hll: hll.hll_add("h", ["a"], 8, policy={"flags": our_aerospike.HLL_WRITE_UPDATE_ONLY}),
        lambda hll: hll.hll_init("h", 8, policy={"flags": our_aerospike.HLL_WRITE_ALLOW_FOLD}),
        lambda hll: hll.hll_init("h", 8, policy={"flags": 3}),
        lambda hll: hll.hll_fold("h", 3),
        lambda hll: hll.hll_add("h", [], 8),
        lambda hll: hll.hll_set_union("h", []),
        lambda hll: hll.hll_get_union_count("h", []),
        lambda hll: hll.hll_set_union("h", ["text"]),  # not an HLL: sent for the server to refuse
        lambda hll: hll.hll_get_union("h", [5]),
    ],
)
def test_what_the_server_refuses_is_invalid_request_and_changes_nothing(client, make, hll, exception):
    # The official client sends these; a real 8.1 server answers 4 (checked side by side).
    client.operate(KEY, [hll.hll_add("h", ["a"], 8)])
    before = client.get(KEY)
    with pytest.raises(exception.InvalidRequest):
        client.operate(KEY, [make(hll)])
    assert client.get(KEY) == before


def test_malformed_or_too_many_hlls_are_invalid_requests(client, hll, helpers, exception):
    client.operate(KEY, [hll.hll_add("h", ["a"], 8)])
    before = client.get(KEY)
    hlls = helpers.HyperLogLog
    for make in [
        lambda: hll.hll_get_union("h", [hlls(GOOD[:-1])]),  # a register short
        lambda: hll.hll_get_union_count("h", [hlls(b"\x01" + GOOD[1:])]),  # unknown flags
        lambda: hll.hll_get_similarity("h", [hlls(GOOD)] * 3),
    ]:
        with pytest.raises(exception.InvalidRequest):
            client.operate(KEY, [make()])
    assert client.get(KEY) == before


def test_fold_to_no_index_bits_is_not_applicable(client, hll, exception):
    # A real 8.1 server answers 26 for index_bit_count -1, as for an add without bit counts on a
    # missing bin (checked side by side).
    client.operate(KEY, [hll.hll_add("h", ["a"], 8)])
    with pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [hll.hll_fold("h", -1)])
    with pytest.raises(exception.OpNotApplicable):
        client.operate(KEY, [hll.hll_add("fresh", ["a"])])


def test_hll_sizes_count_towards_the_record_size_exactly(client, hll, exception):
    # The largest one-blob record (bin "b", set "demo", key "k") is 1,048,524 bytes of blob; an
    # HLL bin "h" takes 1 + 1 + 5 + its bytes of that (16 index, 48 min-hash bits: 442,379).
    key = ("test", "demo", "k")
    room = 1_048_524 - (1 + 1 + 5 + 442_379)
    client.put(key, {"b": b"x" * (room + 1)})
    with pytest.raises(exception.RecordTooBig):
        client.operate(key, [hll.hll_init("h", 16, 48)])
    client.put(key, {"b": b"x" * room})
    client.operate(key, [hll.hll_init("h", 16, 48)])
    assert len(client.get(key)[2]["h"]) == 442_379


# -- properties -----------------------------------------------------------------------------------

VALUES = st.lists(st.text(max_size=5) | st.integers(-50, 50) | st.binary(max_size=4), max_size=40)


@settings(max_examples=40, deadline=None)
@given(VALUES, VALUES, st.integers(4, 12), st.sampled_from([0, 4, 12]))
def test_hll_properties_through_the_client(a, b, index_bits, mh_bits):
    client = our_aerospike.client({"embedded": {"name": "hll-properties"}})
    try:
        client.truncate("test", None, 0)
        ops = [our_hll.hll_init("a", index_bits, mh_bits), our_hll.hll_init("b", index_bits, mh_bits)]
        if a:
            ops.append(our_hll.hll_add("a", a))
        if b:
            ops.append(our_hll.hll_add("b", b))
        client.operate(KEY, ops)
        bins = client.get(KEY).bins
        res = client.operate_ordered(
            KEY,
            [
                our_hll.hll_describe("a"),
                our_hll.hll_get_count("a"),
                our_hll.hll_get_count("b"),
                our_hll.hll_get_union_count("a", [bins["b"]]),
                our_hll.hll_set_union("a", [bins["b"]]),
                our_hll.hll_get_count("a"),
            ],
        )
        # set_union answers nil, as on the server: one pair more than the reads
        describe, count_a, count_b, union, nil, count_union = (v for _, v in res.ordered_bins)
        assert nil is None
        assert describe == [index_bits, mh_bits]
        assert union >= max(count_a, count_b)
        assert count_union == union
        if len(set(map(repr, a))) <= 1 and len(set(map(repr, b))) <= 1:
            assert count_a == len(set(map(repr, a)))
    finally:
        client.close()


def test_a_malformed_hyperloglog_bin_is_refused_and_nothing_is_written(client, helpers, exception):
    key = ("test", "hll", "bad")
    client.put(key, {"a": 1})
    with pytest.raises(exception.InvalidRequest):
        client.put(key, {"h": helpers.HyperLogLog(b"not an hll")})
    assert client.get(key)[2] == {"a": 1}
    assert client.get(key)[1]["gen"] == 1
