"""List operations and contexts compared with a real Aerospike 8.1.2 server: each case ran on the
server with the official client 19.3.0 (operate_ordered, then get), and its answers, errors and the
record afterwards (bins and generation) are recorded here."""

from __future__ import annotations

import contextlib
import warnings
from types import ModuleType
from typing import Any

import pytest
from _support import AnyClient

pytestmark = pytest.mark.transports

K = ("test", "lq", "k1")
Cases = dict[str, tuple[Any, list[dict[str, Any]]]]


def q1(lo: ModuleType, A: ModuleType) -> Cases:
    """Cases of one bin's list, built with the transport's ``list_operations``."""
    return {
        "append_missing": (None, [lo.list_append("l", 5)]),
        "append": ({"l": [1, 2]}, [lo.list_append("l", 5)]),
        "set_res": ({"l": [1, 2]}, [lo.list_set("l", 0, 9)]),
        "set_pad": ({"l": [1, 2]}, [lo.list_set("l", 4, 9)]),
        "clear_res": ({"l": [1, 2]}, [lo.list_clear("l")]),
        "sort_res": ({"l": [3, 1, 2]}, [lo.list_sort("l")]),
        "sort_desc": ({"l": [3, 1, 2, 1]}, [lo.list_sort("l", 1)]),
        "sort_missing": ({"x": 1}, [lo.list_sort("l")]),
        "pop_missing": ({"x": 1}, [lo.list_pop("l", 0)]),
        "remove_missing": ({"x": 1}, [lo.list_remove("l", 0)]),
        "get_missing": ({"x": 1}, [lo.list_get("l", 0)]),
        "size_missing": ({"x": 1}, [lo.list_size("l")]),
        "get_oob": ({"l": [1, 2]}, [lo.list_get("l", 5)]),
        "get_neg_oob": ({"l": [1, 2]}, [lo.list_get("l", -3)]),
        "remove_res": ({"l": [1, 2]}, [lo.list_remove("l", 0)]),
        "remove_range_res": ({"l": [1, 2, 3]}, [lo.list_remove_range("l", 0, 2)]),
        "trim_res": ({"l": [1, 2, 3, 4]}, [lo.list_trim("l", 1, 2)]),
        "insert_pad": ({"l": [1]}, [lo.list_insert("l", 3, 7)]),
        "insert_neg_oob": ({"l": [1]}, [lo.list_insert("l", -3, 7)]),
        "insert_bounded": (
            {"l": [1]},
            [lo.list_insert("l", 3, 7, {"write_flags": A.LIST_WRITE_INSERT_BOUNDED})],
        ),
        "insert_bounded_nofail": (
            {"l": [1]},
            [
                lo.list_insert(
                    "l", 3, 7, {"write_flags": A.LIST_WRITE_INSERT_BOUNDED | A.LIST_WRITE_NO_FAIL}
                )
            ],
        ),
        "insert_ordered": (
            {"x": 1},
            [lo.list_set_order("l", A.LIST_ORDERED), lo.list_insert("l", 0, 7)],
        ),
        "append_unique": (
            {"l": [1]},
            [lo.list_append("l", 1, {"write_flags": A.LIST_WRITE_ADD_UNIQUE})],
        ),
        "append_unique_nofail": (
            {"l": [1]},
            [lo.list_append("l", 1, {"write_flags": A.LIST_WRITE_ADD_UNIQUE | A.LIST_WRITE_NO_FAIL})],
        ),
        "items_unique_dup_in_payload": (
            {"l": [1]},
            [lo.list_append_items("l", [2, 2], {"write_flags": A.LIST_WRITE_ADD_UNIQUE})],
        ),
        "items_unique_partial": (
            {"l": [1]},
            [
                lo.list_append_items(
                    "l",
                    [1, 2, 2, 3],
                    {
                        "write_flags": A.LIST_WRITE_ADD_UNIQUE
                        | A.LIST_WRITE_NO_FAIL
                        | A.LIST_WRITE_PARTIAL
                    },
                )
            ],
        ),
        "incr_missing": (None, [lo.list_increment("l", 2, 5)]),
        "incr_float": ({"l": [1, 2.5]}, [lo.list_increment("l", 0, 1.5), lo.list_increment("l", 1, 2)]),
        "incr_str": ({"l": ["a"]}, [lo.list_increment("l", 0, 1)]),
        "incr_overflow": ({"l": [2**63 - 1]}, [lo.list_increment("l", 0, 1)]),
        "rank_order": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_rank_range("l", 0, A.LIST_RETURN_VALUE, 3)],
        ),
        "rank_idx": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_rank_range("l", 0, A.LIST_RETURN_INDEX, 3)],
        ),
        "index_rank": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_index_range("l", 0, A.LIST_RETURN_RANK, 3)],
        ),
        "value_rank": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_value_range("l", A.LIST_RETURN_RANK, 1, 5)],
        ),
        "vlist": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_value_list("l", [4, 1, 9], A.LIST_RETURN_VALUE)],
        ),
        "vlist_rank": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_value_list("l", [4, 1, 9], A.LIST_RETURN_RANK)],
        ),
        "rank_inv": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_rank_range("l", 0, A.LIST_RETURN_VALUE, 2, True)],
        ),
        "rank_inv_rank": (
            {"l": [5, 1, 4, 1, 3]},
            [lo.list_get_by_rank_range("l", 0, A.LIST_RETURN_RANK, 2, True)],
        ),
        "revrank": (
            {"l": [5, 1, 4, 1, 3]},
            [
                lo.list_get_by_rank_range("l", 0, A.LIST_RETURN_REVERSE_RANK, 3),
                lo.list_get_by_index_range("l", 1, A.LIST_RETURN_REVERSE_INDEX, 3),
            ],
        ),
        "by_index_inv": ({"l": [5, 1, 4]}, [lo.list_get_by_index("l", 0, A.LIST_RETURN_VALUE)]),
        "by_rank_single": ({"l": [5, 1, 4, 1]}, [lo.list_get_by_rank("l", 1, A.LIST_RETURN_INDEX)]),
        "ret_none": ({"l": [5, 1, 4, 1]}, [lo.list_remove_by_index("l", 0, A.LIST_RETURN_NONE)]),
        "ret_key": ({"l": [5, 1, 4, 1]}, [lo.list_get_by_index_range("l", 0, 6, 2)]),
        "ret_bad": ({"l": [5, 1, 4, 1]}, [lo.list_get_by_index_range("l", 0, 99, 2)]),
        "rel": (
            {"l": [0, 4, 5, 9, 11, 15]},
            [lo.list_get_by_value_rank_range_relative("l", 5, -1, A.LIST_RETURN_VALUE, 3)],
        ),
        "rel2": (
            {"l": [0, 4, 5, 9, 11, 15]},
            [lo.list_get_by_value_rank_range_relative("l", 3, -3, A.LIST_RETURN_VALUE, 2)],
        ),
        "set_type_bad": ({"l": [1]}, [lo.list_set_order("l", 2)]),
        "set_type_4": ({"l": [3, 1]}, [lo.list_set_order("l", 0x10), lo.list_get_range("l", 0, 5)]),
        "count_neg": ({"l": [3, 1, 2]}, [lo.list_get_range("l", 1, -1)]),
        "map_bin": ({"l": {"a": 1}}, [lo.list_size("l")]),
        "int_bin_mod": ({"l": 1}, [lo.list_append("l", 1)]),
        "ord_incr_oob": (
            {"x": 1},
            [
                lo.list_append_items("l", [1, 5], {"list_order": A.LIST_ORDERED}),
                lo.list_increment("l", 4, 3),
            ],
        ),
        "ord_incr": (
            {"x": 1},
            [
                lo.list_append_items("l", [1, 5, 7], {"list_order": A.LIST_ORDERED}),
                lo.list_increment("l", 0, 10),
            ],
        ),
    }


def q2(lo: ModuleType, cc: ModuleType, A: ModuleType) -> Cases:
    """Cases with contexts, built with the transport's ``list_operations`` and ``cdt_ctx``."""
    return {
        "incr_ctx_create": (
            {"l": [[], True, b"\x01"]},
            [lo.list_increment("l", 6, -2, None, [cc.cdt_ctx_list_index_create(6, 0, True)])],
        ),
        "incr_ctx_create0": (
            {"l": [[], True, b"\x01"]},
            [lo.list_increment("l", 0, -2, None, [cc.cdt_ctx_list_index_create(3, 0, False)])],
        ),
        "incr_ctx_create2": (
            {"l": [[], True, b"\x01"]},
            [lo.list_increment("l", 2, -2, None, [cc.cdt_ctx_list_index_create(3, 0, False)])],
        ),
        "append_ctx_create_pad": (
            {"l": [[], True, b"\x01"]},
            [lo.list_append("l", 5, None, [cc.cdt_ctx_list_index_create(6, 0, True)])],
        ),
        "insert_ctx_create_pad": (
            {"l": [[], True]},
            [lo.list_insert("l", 2, 5, None, [cc.cdt_ctx_list_index_create(2, 0, False)])],
        ),
        "set_ctx_create_pad": (
            {"l": [[], True]},
            [lo.list_set("l", 2, 5, None, [cc.cdt_ctx_list_index_create(2, 0, False)])],
        ),
        "ordered_idx_rank": (
            {"x": 1},
            [
                lo.list_append_items("l", [3, 1, 2, 2, 0], {"list_order": 1}),
                lo.list_get_by_index_range("l", 0, A.LIST_RETURN_RANK, 5),
                lo.list_get_by_index_range("l", 1, A.LIST_RETURN_RANK, 2, True),
            ],
        ),
        "unord_inv_idx_rank": (
            {"l": [3, 1, 2, 2, 0]},
            [
                lo.list_get_by_index_range("l", 1, A.LIST_RETURN_RANK, 2, True),
                lo.list_get_by_index_range("l", 1, A.LIST_RETURN_REVERSE_INDEX, 2, True),
                lo.list_get_by_index_range("l", 1, A.LIST_RETURN_VALUE, 2, True),
            ],
        ),
        "nested_empty_create": (
            {"l": []},
            [lo.list_append("l", 1, None, [cc.cdt_ctx_list_index_create(-1, 0, False)])],
        ),
        "bin_create_map": (
            {"x": 1},
            [lo.list_append("l", 1, None, [cc.cdt_ctx_map_key_create("a", A.MAP_KEY_ORDERED)])],
        ),
        "bin_create_chain": (
            {"x": 1},
            [
                lo.list_append(
                    "l",
                    1,
                    None,
                    [
                        cc.cdt_ctx_list_index_create(2, 0, True),
                        cc.cdt_ctx_map_key_create("a"),
                        cc.cdt_ctx_list_index_create(0, 1),
                    ],
                )
            ],
        ),
        "map_nav": (
            {"m": {"b": [1, 2], "a": {"z": [5]}}},
            [
                lo.list_append("m", 9, None, [cc.cdt_ctx_map_key("a"), cc.cdt_ctx_map_key("z")]),
                lo.list_get_by_rank("m", -1, A.LIST_RETURN_VALUE, [cc.cdt_ctx_map_index(1)]),
                lo.list_size("m", [cc.cdt_ctx_map_value([1, 2])]),
                lo.list_size("m", [cc.cdt_ctx_map_rank(0)]),
            ],
        ),
        "ord_parent_resort": (
            {"x": 1},
            [
                lo.list_append_items("l", [[1], [5], [9]], {"list_order": 1}),
                lo.list_append("l", 100, None, [cc.cdt_ctx_list_index(0)]),
                lo.list_append("l", 0, None, [cc.cdt_ctx_list_index_create(5, 0, False)]),
            ],
        ),
        "read_missing_bin_in_write": (
            {"x": 1},
            [
                lo.list_append("q", 1),
                lo.list_size("l"),
                lo.list_get_by_index("l", 0, A.LIST_RETURN_NONE),
            ],
        ),
        "ctx_empty_legacy": ({"l": [1]}, [{"op": A.OP_LIST_SIZE, "bin": "l", "ctx": []}]),
        "wild": (
            {"l": [[1, "a"], [1, "b", 3], [2, "a"]]},
            [
                lo.list_get_by_value("l", [1, A.CDTWildcard()], A.LIST_RETURN_INDEX),
                lo.list_get_by_value_range(
                    "l", A.LIST_RETURN_INDEX, [1, A.CDTWildcard()], [2, A.CDTWildcard()]
                ),
                lo.list_get_by_value_range("l", A.LIST_RETURN_INDEX, [1, "b"], A.CDTInfinite()),
            ],
        ),
    }


SERVER: dict[str, dict[str, Any]] = {
    "append_missing": {"res": [["l", 1]], "rec": {"l": [5], "x": 0}, "gen": 2},
    "append": {"res": [["l", 3]], "rec": {"l": [1, 2, 5]}, "gen": 2},
    "set_res": {"res": [], "rec": {"l": [9, 2]}, "gen": 2},
    "set_pad": {"res": [], "rec": {"l": [1, 2, None, None, 9]}, "gen": 2},
    "clear_res": {"res": [], "rec": {"l": []}, "gen": 2},
    "sort_res": {"res": [], "rec": {"l": [1, 2, 3]}, "gen": 2},
    "sort_desc": {"res": [], "rec": {"l": [3, 2, 1, 1]}, "gen": 2},
    "sort_missing": {"err": ["BinIncompatibleType", 12], "rec": {"x": 1}, "gen": 1},
    "pop_missing": {"res": [], "rec": {"x": 1}, "gen": 2},
    "remove_missing": {"res": [], "rec": {"x": 1}, "gen": 2},
    "get_missing": {"res": [], "rec": {"x": 1}, "gen": 1},
    "size_missing": {"res": [], "rec": {"x": 1}, "gen": 1},
    "get_oob": {"err": ["OpNotApplicable", 26], "rec": {"l": [1, 2]}, "gen": 1},
    "get_neg_oob": {"err": ["OpNotApplicable", 26], "rec": {"l": [1, 2]}, "gen": 1},
    "remove_res": {"res": [["l", 1]], "rec": {"l": [2]}, "gen": 2},
    "remove_range_res": {"res": [["l", 2]], "rec": {"l": [3]}, "gen": 2},
    "trim_res": {"res": [["l", 2]], "rec": {"l": [2, 3]}, "gen": 2},
    "insert_pad": {"res": [["l", 4]], "rec": {"l": [1, None, None, 7]}, "gen": 2},
    "insert_neg_oob": {"err": ["OpNotApplicable", 26], "rec": {"l": [1]}, "gen": 1},
    "insert_bounded": {"err": ["OpNotApplicable", 26], "rec": {"l": [1]}, "gen": 1},
    "insert_bounded_nofail": {"res": [["l", 1]], "rec": {"l": [1]}, "gen": 2},
    "insert_ordered": {"err": ["OpNotApplicable", 26], "rec": {"x": 1}, "gen": 1},
    "append_unique": {"err": ["ElementExistsError", 24], "rec": {"l": [1]}, "gen": 1},
    "append_unique_nofail": {"res": [["l", 1]], "rec": {"l": [1]}, "gen": 2},
    "items_unique_dup_in_payload": {"err": ["OpNotApplicable", 26], "rec": {"l": [1]}, "gen": 1},
    "items_unique_partial": {"res": [["l", 3]], "rec": {"l": [1, 2, 3]}, "gen": 2},
    "incr_missing": {"res": [["l", 5]], "rec": {"l": [None, None, 5], "x": 0}, "gen": 2},
    "incr_float": {"res": [["l", 2], ["l", {"f": 4.5}]], "rec": {"l": [2, {"f": 4.5}]}, "gen": 2},
    "incr_str": {"err": ["InvalidRequest", 4], "rec": {"l": ["a"]}, "gen": 1},
    "incr_overflow": {
        "res": [["l", -9223372036854775808]],
        "rec": {"l": [-9223372036854775808]},
        "gen": 2,
    },
    "rank_order": {"res": [["l", [3, 1, 1]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "rank_idx": {"res": [["l", [1, 3, 4]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "index_rank": {"res": [["l", [4, 0, 3]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "value_rank": {"res": [["l", [0, 1, 2, 3]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "vlist": {"res": [["l", [1, 4, 1]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "vlist_rank": {"res": [["l", [3, 0, 1]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "rank_inv": {"res": [["l", [5, 4, 3]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "rank_inv_rank": {"res": [["l", [2, 3, 4]]], "rec": {"l": [5, 1, 4, 1, 3]}, "gen": 1},
    "revrank": {
        "res": [["l", [2, 3, 4]], ["l", [1, 2, 3]]],
        "rec": {"l": [5, 1, 4, 1, 3]},
        "gen": 1,
    },
    "by_index_inv": {"res": [["l", 5]], "rec": {"l": [5, 1, 4]}, "gen": 1},
    "by_rank_single": {"res": [["l", 3]], "rec": {"l": [5, 1, 4, 1]}, "gen": 1},
    "ret_none": {"res": [], "rec": {"l": [1, 4, 1]}, "gen": 2},
    "ret_key": {"err": ["OpNotApplicable", 26], "rec": {"l": [5, 1, 4, 1]}, "gen": 1},
    "ret_bad": {"err": ["OpNotApplicable", 26], "rec": {"l": [5, 1, 4, 1]}, "gen": 1},
    "rel": {"res": [["l", [9, 5, 4]]], "rec": {"l": [0, 4, 5, 9, 11, 15]}, "gen": 1},
    "rel2": {"res": [["l", []]], "rec": {"l": [0, 4, 5, 9, 11, 15]}, "gen": 1},
    "set_type_bad": {"err": ["OpNotApplicable", 26], "rec": {"l": [1]}, "gen": 1},
    "set_type_4": {"res": [["l", [3, 1]]], "rec": {"l": [3, 1]}, "gen": 2},
    "count_neg": {"res": [["l", [1, 2]]], "rec": {"l": [3, 1, 2]}, "gen": 1},
    "map_bin": {
        "err": ["BinIncompatibleType", 12],
        "rec": {"l": {"__map__": [["a", 1]], "t": False}},
        "gen": 1,
    },
    "int_bin_mod": {"err": ["BinIncompatibleType", 12], "rec": {"l": 1}, "gen": 1},
    "ord_incr_oob": {"err": ["OpNotApplicable", 26], "rec": {"x": 1}, "gen": 1},
    "ord_incr": {"res": [["l", 3], ["l", 11]], "rec": {"l": [5, 7, 11], "x": 1}, "gen": 2},
    "incr_ctx_create": {
        "res": [["l", -2]],
        "rec": {
            "l": [[], True, "b:01", None, None, None, [None, None, None, None, None, None, -2]]
        },
        "gen": 2,
    },
    "incr_ctx_create0": {"res": [["l", -2]], "rec": {"l": [[], True, "b:01", [-2]]}, "gen": 2},
    "incr_ctx_create2": {
        "res": [["l", -2]],
        "rec": {"l": [[], True, "b:01", [None, None, -2]]},
        "gen": 2,
    },
    "append_ctx_create_pad": {
        "res": [["l", 1]],
        "rec": {"l": [[], True, "b:01", None, None, None, [5]]},
        "gen": 2,
    },
    "insert_ctx_create_pad": {
        "res": [["l", 3]],
        "rec": {"l": [[], True, [None, None, 5]]},
        "gen": 2,
    },
    "set_ctx_create_pad": {"res": [], "rec": {"l": [[], True, [None, None, 5]]}, "gen": 2},
    "ordered_idx_rank": {
        "res": [["l", 5], ["l", [0, 1, 2, 3, 4]], ["l", [0, 3, 4]]],
        "rec": {"l": [0, 1, 2, 2, 3], "x": 1},
        "gen": 2,
    },
    "unord_inv_idx_rank": {
        "res": [["l", [4, 2, 0]], ["l", [4, 0, 1]], ["l", [3, 2, 0]]],
        "rec": {"l": [3, 1, 2, 2, 0]},
        "gen": 1,
    },
    "nested_empty_create": {"res": [["l", 1]], "rec": {"l": [[1]]}, "gen": 2},
    "bin_create_map": {
        "res": [["l", 1]],
        "rec": {"l": {"__map__": [["a", [1]]], "t": True}, "x": 1},
        "gen": 2,
    },
    "bin_create_chain": {
        "res": [["l", 1]],
        "rec": {"l": [None, None, {"__map__": [["a", [[1]]]], "t": False}], "x": 1},
        "gen": 2,
    },
    "map_nav": {
        "res": [["m", 2], ["m", 2], ["m", 2], ["m", 2]],
        "rec": {
            "m": {
                "__map__": [["a", {"__map__": [["z", [5, 9]]], "t": False}], ["b", [1, 2]]],
                "t": False,
            }
        },
        "gen": 2,
    },
    "ord_parent_resort": {
        "res": [["l", 3], ["l", 2], ["l", 1]],
        "rec": {"l": [[0], [1, 100], [5], [9]], "x": 1},
        "gen": 2,
    },
    "read_missing_bin_in_write": {"res": [["q", 1]], "rec": {"q": [1], "x": 1}, "gen": 2},
    "ctx_empty_legacy": {"err": ["InvalidRequest", 4], "rec": {"l": [1]}, "gen": 1},
    "wild": {
        "res": [["l", [0, 1]], ["l", [0, 1]], ["l", [1, 2]]],
        "rec": {"l": [[1, "a"], [1, "b", 3], [2, "a"]]},
        "gen": 1,
    },
}


# The official client's warnings on these cases (it sends the order all the same).
WARNED = {
    "set_type_bad": ["list_order must be inclusively between 0 and 1, but received 2 instead."],
    "set_type_4": ["list_order must be inclusively between 0 and 1, but received 16 instead."],
}


def _norm(v: Any) -> Any:
    if isinstance(v, (bytes, bytearray)):
        return "b:" + bytes(v).hex()
    if isinstance(v, dict):
        return {
            "__map__": [[_norm(k), _norm(x)] for k, x in v.items()],
            "t": type(v).__name__ == "KeyOrderedDict",
        }
    if isinstance(v, (list, tuple)):
        return [_norm(x) for x in v]
    if isinstance(v, float):
        return {"f": v}
    return v


def _run(
    client: AnyClient, exception: ModuleType, bins: Any, ops: list[dict[str, Any]]
) -> dict[str, Any]:
    with contextlib.suppress(exception.RecordNotFound):
        client.remove(K)
    client.put(K, bins if bins is not None else {"x": 0})
    out: dict[str, Any] = {}
    try:
        _, _, res = client.operate_ordered(K, ops)
        out["res"] = [[n, _norm(v)] for n, v in res]
    except exception.AerospikeError as err:
        out["err"] = [type(err).__name__, err.code]
    _, meta, rec = client.get(K)
    out["rec"] = {n: _norm(v) for n, v in sorted(rec.items())}
    out["gen"] = meta["gen"]
    return out


@pytest.mark.parametrize("name", sorted(SERVER))
def test_the_servers_answer(
    client: AnyClient,
    aerospike: ModuleType,
    exception: ModuleType,
    list_operations: ModuleType,
    cdt_ctx: ModuleType,
    name: str,
) -> None:
    cases = {**q1(list_operations, aerospike), **q2(list_operations, cdt_ctx, aerospike)}
    assert cases.keys() == SERVER.keys()
    bins, ops = cases[name]
    with warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        got = _run(client, exception, bins, ops)
    assert got == SERVER[name]
    assert [str(w.message) for w in warned] == WARNED.get(name, [])
