"""Map operations: every helper, the three map orders, return types, errors with the record left
unchanged. Expected values are what a real 8.1.2 server answered with the official client 19.3."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any

import pytest
from _support import API_3X_CDT, CDT_ARGS_CHECKED, AnyClient

# Plain ints, the same in the official module (test_constants pins them).
from aeromodel.client import (
    MAP_CREATE_ONLY,
    MAP_RETURN_COUNT,
    MAP_RETURN_EXISTS,
    MAP_RETURN_INDEX,
    MAP_RETURN_KEY,
    MAP_RETURN_KEY_VALUE,
    MAP_RETURN_NONE,
    MAP_RETURN_ORDERED_MAP,
    MAP_RETURN_RANK,
    MAP_RETURN_REVERSE_INDEX,
    MAP_RETURN_UNORDERED_MAP,
    MAP_RETURN_VALUE,
    MAP_UPDATE_ONLY,
    MAP_WRITE_FLAGS_CREATE_ONLY,
    MAP_WRITE_FLAGS_UPDATE_ONLY,
    OP_MAP_GET_BY_INDEX,
    OP_MAP_GET_BY_KEY,
    OP_MAP_GET_BY_KEY_LIST,
    OP_MAP_PUT_ITEMS,
)
from aeromodel.client.engine.intake import particle_size
from aeromodel.client.values import FlaggedMap, KeyOrderedDict

pytestmark = pytest.mark.transports

KEY = ("test", "maps", "k")
U = {"b": 2, "a": 1, "c": 3}

MapOp = Callable[[ModuleType], dict[str, Any]]
"""An operation built from the transport's ``map_operations`` module."""


def op1(client: AnyClient, op: dict[str, Any]) -> Any:
    return client.operate(KEY, [op])[2].get("m")


@pytest.fixture
def c(client: AnyClient) -> AnyClient:
    client.put(KEY, {"m": U, "x": 1})
    return client


@pytest.fixture
def mo(map_operations: ModuleType) -> ModuleType:
    """The transport's ``map_operations`` under a short name."""
    return map_operations


@pytest.mark.parametrize(
    ("op", "left"),
    [
        ({"key": "c"}, {"a": 1, "b": 2}),
        ({"index": 0}, {"b": 2, "c": 3}),
    ],
)
def test_a_map_operation_dict_without_return_type_returns_nothing(
    c: AnyClient, aerospike: ModuleType, op: dict[str, Any], left: dict[str, Any]
) -> None:
    """The dict form (``{"op": OP_MAP_REMOVE_BY_KEY, ...}``) defaults to MAP_RETURN_NONE, as the
    official client does (checked against a real 8.1 server)."""
    code = aerospike.OP_MAP_REMOVE_BY_KEY if "key" in op else aerospike.OP_MAP_REMOVE_BY_INDEX
    assert c.operate(KEY, [{"op": code, "bin": "m", **op}])[2] == {"m": None}
    assert c.get(KEY)[2]["m"] == left


def test_put_answers_size_and_reads_back_sorted(c: AnyClient, mo: ModuleType) -> None:
    assert op1(c, mo.map_put("m", "0", 1)) == 4
    assert list(c.get(KEY)[2]["m"].items()) == [("0", 1), ("a", 1), ("b", 2), ("c", 3)]


def test_order_applies_when_the_map_is_created(
    c: AnyClient, mo: ModuleType, aerospike: ModuleType
) -> None:
    op1(c, mo.map_put("m", "d", 4, {"map_order": aerospike.MAP_KEY_ORDERED}))
    assert type(c.get(KEY)[2]["m"]) is dict
    op1(c, mo.map_put("n", "d", 4, {"map_order": aerospike.MAP_KEY_ORDERED}))
    assert type(c.get(KEY)[2]["n"]) is aerospike.KeyOrderedDict


def test_key_value_ordered_reads_back_as_dict_and_keeps_its_flags(
    c: AnyClient, mo: ModuleType, aerospike: ModuleType
) -> None:
    c.operate(KEY, [mo.map_set_policy("m", {"map_order": aerospike.MAP_KEY_VALUE_ORDERED})])
    assert type(c.get(KEY)[2]["m"]) is dict  # as the official client reads flags 3
    c.operate(KEY, [mo.map_put("m", "z", 0)])
    assert c.get(KEY)[2]["m"] == {"a": 1, "b": 2, "c": 3, "z": 0}


def test_flagged_map_has_the_ext_header_size() -> None:
    plain = particle_size({"a": 1})
    assert particle_size(FlaggedMap({"a": 1}, 3)) == plain + 4
    assert particle_size(KeyOrderedDict({"a": 1})) == plain + 4


def test_key_ordered_round_trip(c: AnyClient, aerospike: ModuleType) -> None:
    c.put(KEY, {"k": aerospike.KeyOrderedDict({"z": 1, "a": 2})})
    got = c.get(KEY)[2]["k"]
    assert type(got) is aerospike.KeyOrderedDict and list(got) == ["a", "z"]
    c.put(KEY, {"k2": got})
    assert type(c.get(KEY)[2]["k2"]) is aerospike.KeyOrderedDict


@pytest.mark.parametrize(
    ("rt", "found", "missing"),
    [
        (MAP_RETURN_NONE, None, None),
        (MAP_RETURN_INDEX, 0, -1),
        (MAP_RETURN_REVERSE_INDEX, 2, -1),
        (MAP_RETURN_RANK, 0, -1),
        (MAP_RETURN_COUNT, 1, 0),
        (MAP_RETURN_KEY, "a", None),
        (MAP_RETURN_VALUE, 1, None),
        (MAP_RETURN_KEY_VALUE, ["a", 1], []),
        (MAP_RETURN_EXISTS, True, False),
        (MAP_RETURN_UNORDERED_MAP, {"a": 1}, {}),
        (MAP_RETURN_ORDERED_MAP, {"a": 1}, {}),
    ],
)
def test_get_by_key_return_types(
    c: AnyClient, mo: ModuleType, rt: int, found: Any, missing: Any
) -> None:
    assert op1(c, mo.map_get_by_key("m", "a", rt)) == found
    assert op1(c, mo.map_get_by_key("m", "zz", rt)) == missing


def test_ordered_map_result_is_key_ordered_dict(
    c: AnyClient, mo: ModuleType, aerospike: ModuleType
) -> None:
    got = op1(c, mo.map_get_by_key_range("m", "a", "c", aerospike.MAP_RETURN_ORDERED_MAP))
    assert type(got) is aerospike.KeyOrderedDict and got == {"a": 1, "b": 2}
    got = op1(c, mo.map_get_by_key_range("m", "a", "c", aerospike.MAP_RETURN_UNORDERED_MAP))
    assert type(got) is dict


def test_ranges_and_relatives(c: AnyClient, mo: ModuleType, aerospike: ModuleType) -> None:
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

    def r(op: dict[str, Any]) -> Any:
        return c.operate(KEY, [op])[2]["r"]

    assert r(mo.map_get_by_key_index_range_relative("r", 5, 0, key)) == [6, 10, 15]
    assert r(mo.map_get_by_key_index_range_relative("r", 5, -1, key, 3)) == [0, 6, 10]
    assert r(mo.map_get_by_value_rank_range_relative("r", 7, -1, key, 3)) == [0, 6, 10]
    assert r(mo.map_get_by_value_rank_range_relative("r", 5, 0, key, 2)) == [0, 6]


def test_increment_semantics(c: AnyClient, mo: ModuleType) -> None:
    c.put(KEY, {"m": {"i": 1, "f": 1.5, "s": "x", "t": True}})
    assert op1(c, mo.map_increment("m", "i", 2.7)) == 3
    assert op1(c, mo.map_increment("m", "f", 2)) == 3.5
    assert op1(c, mo.map_increment("m", "n", 2.5)) == 2.5
    assert op1(c, mo.map_increment("m", "i", None)) == 4
    assert op1(c, mo.map_decrement("m", "i", 5)) == -1
    c.put(KEY, {"m": {"i": 2**63 - 1}})
    assert op1(c, mo.map_increment("m", "i", 1)) == -(2**63)


@pytest.mark.parametrize(
    "make",
    [
        lambda mo: mo.map_increment("m", "s", 1),
        lambda mo: mo.map_increment("m", "t", 1),
        lambda mo: mo.map_increment("m", "i", "x"),
        lambda mo: mo.map_put("m", 1.5, 1),
    ],
)
def test_invalid_requests_leave_the_record(
    c: AnyClient, mo: ModuleType, exception: ModuleType, make: MapOp
) -> None:
    c.put(KEY, {"m": {"i": 1, "s": "x", "t": True}})
    before = c.get(KEY)
    with pytest.raises(exception.InvalidRequest):
        c.operate(KEY, [mo.map_put("m", "new", 1), make(mo)])
    after = c.get(KEY)
    assert after[2] == before[2] and after[1]["gen"] == before[1]["gen"]


@pytest.mark.parametrize(
    ("make", "exc"),
    [
        (lambda mo: mo.map_get_by_index("m", 3, MAP_RETURN_KEY), "OpNotApplicable"),
        (lambda mo: mo.map_remove_by_index("m", -4, MAP_RETURN_KEY), "OpNotApplicable"),
        (lambda mo: mo.map_get_by_rank("m", 3, MAP_RETURN_KEY), "OpNotApplicable"),
        (lambda mo: mo.map_get_by_key_list("m", ["a"], MAP_RETURN_RANK), "OpNotApplicable"),
        pytest.param(
            lambda mo: mo.map_set_policy("m", {"map_order": 7}),
            "ParamError",
            marks=pytest.mark.ours_only(CDT_ARGS_CHECKED),
        ),
        (
            lambda mo: mo.map_put("m", "a", 9, {"map_write_flags": MAP_WRITE_FLAGS_CREATE_ONLY}),
            "ElementExistsError",
        ),
        (
            lambda mo: mo.map_put("m", "q", 9, {"map_write_flags": MAP_WRITE_FLAGS_UPDATE_ONLY}),
            "ElementNotFoundError",
        ),
        pytest.param(
            lambda mo: mo.map_put("m", "q", 9, {"map_write_mode": MAP_UPDATE_ONLY}),
            "ElementNotFoundError",
            marks=pytest.mark.ours_only(API_3X_CDT),
        ),
        pytest.param(
            lambda mo: mo.map_put("m", "a", 9, {"map_write_mode": MAP_CREATE_ONLY}),
            "ElementExistsError",
            marks=pytest.mark.ours_only(API_3X_CDT),
        ),
        (lambda mo: mo.map_put("x", "a", 1), "BinIncompatibleType"),
        (lambda mo: mo.map_size("x"), "BinIncompatibleType"),
    ],
)
def test_errors(
    c: AnyClient, mo: ModuleType, exception: ModuleType, make: MapOp, exc: str
) -> None:
    before = c.get(KEY)
    with pytest.raises(getattr(exception, exc)):
        c.operate(KEY, [make(mo)])
    assert c.get(KEY) == before


def test_write_flags_no_fail_and_partial(
    c: AnyClient, mo: ModuleType, aerospike: ModuleType
) -> None:
    cf = aerospike.MAP_WRITE_FLAGS_CREATE_ONLY
    nf, part = aerospike.MAP_WRITE_FLAGS_NO_FAIL, aerospike.MAP_WRITE_FLAGS_PARTIAL
    assert op1(c, mo.map_put_items("m", {"a": 9, "d": 4}, {"map_write_flags": cf | nf})) == 3
    assert op1(c, mo.map_put_items("m", {"a": 9, "d": 4}, {"map_write_flags": cf | nf | part})) == 4
    assert c.get(KEY)[2]["m"] == {"a": 1, "b": 2, "c": 3, "d": 4}
    uo = aerospike.MAP_WRITE_FLAGS_UPDATE_ONLY
    # As the server: update-only, no-fail and partial on an empty map writes every item.
    put = mo.map_put_items("e", {"a": 1}, {"map_write_flags": uo | nf | part})
    assert c.operate(KEY, [put])[2]["e"] == 1


def test_set_policy_and_create(c: AnyClient, mo: ModuleType, aerospike: ModuleType) -> None:
    op1(c, mo.map_set_policy("m", {"map_order": aerospike.MAP_KEY_ORDERED}))
    assert type(c.get(KEY)[2]["m"]) is aerospike.KeyOrderedDict
    c.operate(KEY, [mo.map_create("n", aerospike.MAP_KEY_ORDERED, False)])
    assert c.get(KEY)[2]["n"] == aerospike.KeyOrderedDict()
    op1(c, mo.map_clear("m"))
    m = c.get(KEY)[2]["m"]
    assert m == {} and type(m) is aerospike.KeyOrderedDict


def test_missing_bin_writes_and_removes(
    c: AnyClient, mo: ModuleType, aerospike: ModuleType
) -> None:
    got = c.operate(KEY, [mo.map_remove_by_key("n", "a", aerospike.MAP_RETURN_VALUE)])[2]
    assert got == {"n": None}
    assert c.operate(KEY, [mo.map_put_items("n", {})])[2]["n"] == 0
    assert c.get(KEY)[2]["n"] == {}


def test_remove_all_leaves_an_empty_map(
    c: AnyClient, mo: ModuleType, aerospike: ModuleType
) -> None:
    assert op1(c, mo.map_remove_by_key_list("m", ["a", "b", "c"], aerospike.MAP_RETURN_COUNT)) == 3
    assert c.get(KEY)[2]["m"] == {}


@pytest.mark.parametrize(
    "name",
    [
        "map_get_by_key_list",
        "map_remove_by_key_list",
        "map_get_by_value_list",
        "map_remove_by_value_list",
    ],
)
@pytest.mark.parametrize("rt", [MAP_RETURN_KEY, MAP_RETURN_VALUE, MAP_RETURN_KEY_VALUE])
def test_empty_list_inverted_answers(c: AnyClient, mo: ModuleType, name: str, rt: int) -> None:
    # A real 8.1.2 server crashes on this request; here it selects every entry.
    got = op1(c, getattr(mo, name)("m", [], rt, True))
    assert len(got) == (6 if rt == MAP_RETURN_KEY_VALUE else 3)


@pytest.mark.ours_only(API_3X_CDT)
def test_client_methods(c: AnyClient, aerospike: ModuleType) -> None:
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


def test_legacy_op_dicts(c: AnyClient, aerospike: ModuleType) -> None:
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
    assert rec[2]["m"] == 26


@pytest.mark.parametrize(
    "op",
    [
        {"op": OP_MAP_GET_BY_INDEX, "bin": "m", "index": "0", "return_type": 7},
        {"op": OP_MAP_GET_BY_KEY, "bin": "m", "key": "a", "return_type": "7"},
        {"op": OP_MAP_GET_BY_KEY, "bin": "m", "return_type": 7},
        pytest.param(
            {"op": OP_MAP_GET_BY_KEY_LIST, "bin": "m", "val": "a", "return_type": 7},
            marks=pytest.mark.ours_only(CDT_ARGS_CHECKED),
        ),
        pytest.param(
            {"op": OP_MAP_PUT_ITEMS, "bin": "m", "val": [1]},
            marks=pytest.mark.ours_only(CDT_ARGS_CHECKED),
        ),
    ],
)
def test_param_errors_before_sending(
    c: AnyClient, exception: ModuleType, op: dict[str, Any]
) -> None:
    with pytest.raises(exception.ParamError):
        c.operate(KEY, [op])
