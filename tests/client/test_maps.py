"""Map operations: every helper, the three map orders, return types, errors with the record left
unchanged. Expected values are what a real 8.1.2 server answered with the official client 19.3."""

from __future__ import annotations

from typing import Any

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception
from aeromodel.client.engine.intake import particle_size
from aeromodel.client.helpers.operations import map_operations as mo
from aeromodel.client.values import FlaggedMap

KEY = ("test", "maps", "k")
U = {"b": 2, "a": 1, "c": 3}


def op1(client: aerospike.Client, op: dict[str, Any]) -> Any:
    return client.operate(KEY, [op]).bins.get("m")


@pytest.fixture
def c(client: aerospike.Client) -> aerospike.Client:
    client.put(KEY, {"m": U, "x": 1})
    return client


def test_put_answers_size_and_reads_back_sorted(c: aerospike.Client) -> None:
    assert op1(c, mo.map_put("m", "0", 1)) == 4
    assert list(c.get(KEY).bins["m"].items()) == [("0", 1), ("a", 1), ("b", 2), ("c", 3)]


def test_order_applies_when_the_map_is_created(c: aerospike.Client) -> None:
    op1(c, mo.map_put("m", "d", 4, {"map_order": aerospike.MAP_KEY_ORDERED}))
    assert type(c.get(KEY).bins["m"]) is dict
    op1(c, mo.map_put("n", "d", 4, {"map_order": aerospike.MAP_KEY_ORDERED}))
    assert type(c.get(KEY).bins["n"]) is aerospike.KeyOrderedDict


def test_key_value_ordered_reads_back_as_dict_and_keeps_its_flags(c: aerospike.Client) -> None:
    c.operate(KEY, [mo.map_set_policy("m", {"map_order": aerospike.MAP_KEY_VALUE_ORDERED})])
    assert type(c.get(KEY).bins["m"]) is dict  # as the official client reads flags 3
    c.operate(KEY, [mo.map_put("m", "z", 0)])
    assert c.get(KEY).bins["m"] == {"a": 1, "b": 2, "c": 3, "z": 0}


def test_flagged_map_has_the_ext_header_size() -> None:
    plain = particle_size({"a": 1})
    assert particle_size(FlaggedMap({"a": 1}, 3)) == plain + 4
    assert particle_size(aerospike.KeyOrderedDict({"a": 1})) == plain + 4


def test_key_ordered_round_trip(c: aerospike.Client) -> None:
    c.put(KEY, {"k": aerospike.KeyOrderedDict({"z": 1, "a": 2})})
    got = c.get(KEY).bins["k"]
    assert type(got) is aerospike.KeyOrderedDict and list(got) == ["a", "z"]
    c.put(KEY, {"k2": got})
    assert type(c.get(KEY).bins["k2"]) is aerospike.KeyOrderedDict


@pytest.mark.parametrize(
    ("rt", "found", "missing"),
    [
        (aerospike.MAP_RETURN_NONE, None, None),
        (aerospike.MAP_RETURN_INDEX, 0, -1),
        (aerospike.MAP_RETURN_REVERSE_INDEX, 2, -1),
        (aerospike.MAP_RETURN_RANK, 0, -1),
        (aerospike.MAP_RETURN_COUNT, 1, 0),
        (aerospike.MAP_RETURN_KEY, "a", None),
        (aerospike.MAP_RETURN_VALUE, 1, None),
        (aerospike.MAP_RETURN_KEY_VALUE, ["a", 1], []),
        (aerospike.MAP_RETURN_EXISTS, True, False),
        (aerospike.MAP_RETURN_UNORDERED_MAP, {"a": 1}, {}),
        (aerospike.MAP_RETURN_ORDERED_MAP, {"a": 1}, {}),
    ],
)
def test_get_by_key_return_types(c: aerospike.Client, rt: int, found: Any, missing: Any) -> None:
    assert op1(c, mo.map_get_by_key("m", "a", rt)) == found
    assert op1(c, mo.map_get_by_key("m", "zz", rt)) == missing


def test_ordered_map_result_is_key_ordered_dict(c: aerospike.Client) -> None:
    got = op1(c, mo.map_get_by_key_range("m", "a", "c", aerospike.MAP_RETURN_ORDERED_MAP))
    assert type(got) is aerospike.KeyOrderedDict and got == {"a": 1, "b": 2}
    got = op1(c, mo.map_get_by_key_range("m", "a", "c", aerospike.MAP_RETURN_UNORDERED_MAP))
    assert type(got) is dict


def test_ranges_and_relatives(c: aerospike.Client) -> None:
    kv = aerospike.MAP_RETURN_KEY_VALUE
    assert op1(c, mo.map_get_by_rank_range("m", 0, 10, kv)) == ["a", 1, "b", 2, "c", 3]
    assert op1(c, mo.map_get_by_key_range("m", "a", None, aerospike.MAP_RETURN_KEY)) == []
    assert op1(c, mo.map_get_by_key_range("m", None, "c", aerospike.MAP_RETURN_KEY)) == ["a", "b"]
    inf = aerospike.CDTInfinite()
    assert op1(c, mo.map_get_by_value_range("m", 2, inf, aerospike.MAP_RETURN_KEY)) == ["b", "c"]
    wild = aerospike.CDTWildcard()
    assert op1(c, mo.map_get_by_value_range("m", 1, wild, aerospike.MAP_RETURN_COUNT)) == 0
    c.put(KEY, {"r": {0: 6, 6: 12, 10: 18, 15: 24}})
    key = aerospike.MAP_RETURN_KEY
    assert c.operate(KEY, [mo.map_get_by_key_index_range_relative("r", 5, 0, key)]).bins["r"] == [
        6,
        10,
        15,
    ]
    assert c.operate(KEY, [mo.map_get_by_key_index_range_relative("r", 5, -1, key, 3)]).bins[
        "r"
    ] == [0, 6, 10]
    assert c.operate(KEY, [mo.map_get_by_value_rank_range_relative("r", 7, -1, key, 3)]).bins[
        "r"
    ] == [0, 6, 10]
    assert c.operate(KEY, [mo.map_get_by_value_rank_range_relative("r", 5, 0, key, 2)]).bins[
        "r"
    ] == [0, 6]


def test_increment_semantics(c: aerospike.Client) -> None:
    c.put(KEY, {"m": {"i": 1, "f": 1.5, "s": "x", "t": True}})
    assert op1(c, mo.map_increment("m", "i", 2.7)) == 3
    assert op1(c, mo.map_increment("m", "f", 2)) == 3.5
    assert op1(c, mo.map_increment("m", "n", 2.5)) == 2.5
    assert op1(c, mo.map_increment("m", "i", None)) == 4
    assert op1(c, mo.map_decrement("m", "i", 5)) == -1
    c.put(KEY, {"m": {"i": 2**63 - 1}})
    assert op1(c, mo.map_increment("m", "i", 1)) == -(2**63)


@pytest.mark.parametrize(
    "op",
    [
        mo.map_increment("m", "s", 1),
        mo.map_increment("m", "t", 1),
        mo.map_increment("m", "i", "x"),
        mo.map_put("m", 1.5, 1),
    ],
)
def test_invalid_requests_leave_the_record(c: aerospike.Client, op: dict[str, Any]) -> None:
    c.put(KEY, {"m": {"i": 1, "s": "x", "t": True}})
    before = c.get(KEY)
    with pytest.raises(exception.InvalidRequest):
        c.operate(KEY, [mo.map_put("m", "new", 1), op])
    after = c.get(KEY)
    assert after.bins == before.bins and after.meta["gen"] == before.meta["gen"]


@pytest.mark.parametrize(
    ("op", "exc"),
    [
        (mo.map_get_by_index("m", 3, aerospike.MAP_RETURN_KEY), exception.OpNotApplicable),
        (mo.map_remove_by_index("m", -4, aerospike.MAP_RETURN_KEY), exception.OpNotApplicable),
        (mo.map_get_by_rank("m", 3, aerospike.MAP_RETURN_KEY), exception.OpNotApplicable),
        (mo.map_get_by_key_list("m", ["a"], aerospike.MAP_RETURN_RANK), exception.OpNotApplicable),
        (mo.map_set_policy("m", {"map_order": 7}), exception.ParamError),
        (
            mo.map_put("m", "a", 9, {"map_write_flags": aerospike.MAP_WRITE_FLAGS_CREATE_ONLY}),
            exception.ElementExistsError,
        ),
        (
            mo.map_put("m", "q", 9, {"map_write_flags": aerospike.MAP_WRITE_FLAGS_UPDATE_ONLY}),
            exception.ElementNotFoundError,
        ),
        (
            mo.map_put("m", "q", 9, {"map_write_mode": aerospike.MAP_UPDATE_ONLY}),
            exception.ElementNotFoundError,
        ),
        (
            mo.map_put("m", "a", 9, {"map_write_mode": aerospike.MAP_CREATE_ONLY}),
            exception.ElementExistsError,
        ),
        (mo.map_put("x", "a", 1), exception.BinIncompatibleType),
        (mo.map_size("x"), exception.BinIncompatibleType),
    ],
)
def test_errors(c: aerospike.Client, op: dict[str, Any], exc: type[Exception]) -> None:
    before = c.get(KEY)
    with pytest.raises(exc):
        c.operate(KEY, [op])
    assert c.get(KEY) == before


def test_write_flags_no_fail_and_partial(c: aerospike.Client) -> None:
    cf = aerospike.MAP_WRITE_FLAGS_CREATE_ONLY
    nf, part = aerospike.MAP_WRITE_FLAGS_NO_FAIL, aerospike.MAP_WRITE_FLAGS_PARTIAL
    assert op1(c, mo.map_put_items("m", {"a": 9, "d": 4}, {"map_write_flags": cf | nf})) == 3
    assert op1(c, mo.map_put_items("m", {"a": 9, "d": 4}, {"map_write_flags": cf | nf | part})) == 4
    assert c.get(KEY).bins["m"] == {"a": 1, "b": 2, "c": 3, "d": 4}
    uo = aerospike.MAP_WRITE_FLAGS_UPDATE_ONLY
    # As the server: update-only, no-fail and partial on an empty map writes every item.
    assert (
        c.operate(KEY, [mo.map_put_items("e", {"a": 1}, {"map_write_flags": uo | nf | part})]).bins[
            "e"
        ]
        == 1
    )


def test_set_policy_and_create(c: aerospike.Client) -> None:
    op1(c, mo.map_set_policy("m", {"map_order": aerospike.MAP_KEY_ORDERED}))
    assert type(c.get(KEY).bins["m"]) is aerospike.KeyOrderedDict
    c.operate(KEY, [mo.map_create("n", aerospike.MAP_KEY_ORDERED, False)])
    assert c.get(KEY).bins["n"] == aerospike.KeyOrderedDict()
    op1(c, mo.map_clear("m"))
    assert c.get(KEY).bins["m"] == {} and type(c.get(KEY).bins["m"]) is aerospike.KeyOrderedDict


def test_missing_bin_writes_and_removes(c: aerospike.Client) -> None:
    assert c.operate(KEY, [mo.map_remove_by_key("n", "a", aerospike.MAP_RETURN_VALUE)]).bins == {
        "n": None
    }
    assert c.operate(KEY, [mo.map_put_items("n", {})]).bins["n"] == 0
    assert c.get(KEY).bins["n"] == {}


def test_remove_all_leaves_an_empty_map(c: aerospike.Client) -> None:
    assert op1(c, mo.map_remove_by_key_list("m", ["a", "b", "c"], aerospike.MAP_RETURN_COUNT)) == 3
    assert c.get(KEY).bins["m"] == {}


@pytest.mark.parametrize(
    "fn",
    [
        mo.map_get_by_key_list,
        mo.map_remove_by_key_list,
        mo.map_get_by_value_list,
        mo.map_remove_by_value_list,
    ],
)
@pytest.mark.parametrize(
    "rt", [aerospike.MAP_RETURN_KEY, aerospike.MAP_RETURN_VALUE, aerospike.MAP_RETURN_KEY_VALUE]
)
def test_empty_list_inverted_answers(c: aerospike.Client, fn: Any, rt: int) -> None:
    # A real 8.1.2 server crashes on this request; here it selects every entry.
    got = op1(c, fn("m", [], rt, True))
    assert len(got) == (6 if rt == aerospike.MAP_RETURN_KEY_VALUE else 3)


def test_client_methods(c: aerospike.Client) -> None:
    assert c.map_put(KEY, "m", "d", 4) == 0
    assert c.map_put_items(KEY, "m", {"e": 5}) == 0
    assert c.map_increment(KEY, "m", "a", 5) == 0
    assert c.map_decrement(KEY, "m", "a", 1) == 0
    assert c.map_size(KEY, "m") == 5
    assert c.map_get_by_key(KEY, "m", "a", aerospike.MAP_RETURN_VALUE) == 5
    assert c.map_get_by_rank_range(KEY, "m", 0, 2, aerospike.MAP_RETURN_KEY) == ["b", "c"]
    assert c.map_get_by_value_range(KEY, "m", 4, 6, aerospike.MAP_RETURN_KEY) == [
        "a",
        "d",
        "e",
    ]  # the server answers a value range by index
    assert c.map_remove_by_index_range(KEY, "m", 0, 1, aerospike.MAP_RETURN_KEY) == ["a"]
    assert c.map_set_policy(KEY, "m", {"map_order": aerospike.MAP_KEY_ORDERED}) == 0
    assert c.map_clear(KEY, "m") == 0
    assert c.map_size(KEY, "m") == 0


def test_legacy_op_dicts(c: aerospike.Client) -> None:
    rec = c.operate(
        KEY,
        [
            {"op": aerospike.OP_MAP_PUT, "bin": "m", "key": "z", "val": 26},
            {
                "op": aerospike.OP_MAP_GET_BY_KEY,
                "bin": "m",
                "key": "z",
                "return_type": aerospike.MAP_RETURN_VALUE,
            },
        ],
    )
    assert rec.bins["m"] == 26


@pytest.mark.parametrize(
    "op",
    [
        {"op": aerospike.OP_MAP_GET_BY_INDEX, "bin": "m", "index": "0", "return_type": 7},
        {"op": aerospike.OP_MAP_GET_BY_KEY, "bin": "m", "key": "a", "return_type": "7"},
        {"op": aerospike.OP_MAP_GET_BY_KEY, "bin": "m", "return_type": 7},
        {"op": aerospike.OP_MAP_GET_BY_KEY_LIST, "bin": "m", "val": "a", "return_type": 7},
        {"op": aerospike.OP_MAP_PUT_ITEMS, "bin": "m", "val": [1]},
    ],
)
def test_param_errors_before_sending(c: aerospike.Client, op: dict[str, Any]) -> None:
    with pytest.raises(exception.ParamError):
        c.operate(KEY, [op])
