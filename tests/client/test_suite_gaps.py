"""Gaps found by running a client test suite against aeromodel three ways (the official client
over ``aeromodel serve``, our cluster transport over it, the embedded engine), each checked here
on every transport.

The answers below were read from a real Aerospike CE 8.1.2 server with the official client 19.3:

- a map expression ``...RangeToEnd`` (index or rank range without a count) selects to the end
  of the map, inverted or not;
- a query's partition status holds, per partition, the index key of the last record found (the
  ``bval``): the integer for a numeric index, the S2 cell id for a geo index, the server's 64-bit
  hash of the value (wyhash) for a string or blob index; the official client shows it unsigned
  (a negative integer ``n`` reads ``2**64 + n``);
- a geo query through an expression index (``index_expr_create`` over a ``GeoBin``) finds the
  records whose expression value matches the region.
"""

from __future__ import annotations

import uuid
from types import ModuleType
from typing import Any

import pytest
from _support import TRUNCATE_HOLDS_GIL, AnyClient

import aeromodel.client as ours
from aeromodel.client import exception as our_exception
from aeromodel.client.engine.wyhash import index_bval, wyhash64
from aeromodel.client.helpers.batch import records as our_records

pytestmark = pytest.mark.transports

U64 = 2**64


def _set() -> str:
    return "gap_" + uuid.uuid4().hex[:8]


# -- map expressions without a count ------------------------------------------------------------

MAPS = {"imap": {1: 1, 2: 2, 3: 6}, "fmap": {1: 1.0, 2: 2.0, 6: 6.0}, "nmap": {1: None, 2: None, 3: None}}


def _to_end_cases(exp: ModuleType, aerospike: ModuleType) -> list[tuple[Any, Any]]:
    rr, value, key = aerospike.MAP_RETURN_REVERSE_RANK, aerospike.MAP_RETURN_VALUE, aerospike.MAP_RETURN_KEY
    return [
        (exp.MapGetByIndexRangeToEnd(None, rr, 1, "fmap", inverted=True), [2]),
        (exp.MapGetByIndexRangeToEnd(None, value, 1, "fmap"), [2.0, 6.0]),
        (exp.MapRemoveByIndexRangeToEnd(None, 1, "imap", inverted=True), {2: 2, 3: 6}),
        (exp.MapRemoveByRankRangeToEnd(None, 1, "imap", inverted=True), {2: 2, 3: 6}),
        (exp.MapGetByRankRangeToEnd(None, value, 0, "nmap", inverted=True), []),
        (exp.MapGetByRankRangeToEnd(None, value, 1, "imap"), [2, 6]),
        (exp.MapGetByRankRangeToEnd(None, key, -2, "imap"), [2, 3]),
        (exp.MapRemoveByIndexRangeToEnd(None, -1, "imap"), {1: 1, 2: 2}),
    ]


def test_map_expressions_to_the_end(
    client: AnyClient, exp: ModuleType, aerospike: ModuleType, expression_operations: ModuleType
) -> None:
    key = ("test", _set(), 1)
    client.put(key, MAPS)
    for expr, expected in _to_end_cases(exp, aerospike):
        _, _, bins = client.operate(key, [expression_operations.expression_read("r", expr.compile())])
        assert bins["r"] == expected
    assert client.get(key)[2] == MAPS  # read expressions change nothing


# -- query bvals and geo expression indexes ------------------------------------------------------


def _bvals(query: Any) -> list[int]:
    status = query.get_partitions_status()
    return [v[4] for k, v in status.items() if isinstance(k, int) and v[1]]


def _query_all(client: AnyClient, set_name: str, pred: Any) -> tuple[list[Any], list[int]]:
    q = client.query("test", set_name)
    q.where(pred)
    recs = q.results(policy={"partition_filter": {"begin": 0, "count": 4096}})
    return [r[2] for r in recs], _bvals(q)


def test_query_bvals_are_the_servers_index_keys(
    client: AnyClient, aerospike: ModuleType, predicates: ModuleType
) -> None:
    s = _set()
    point = aerospike.GeoJSON({"type": "Point", "coordinates": [-121.8, 37.7]})  # S2 face 4
    client.put(("test", s, 1), {"n": -5, "s": "xyz", "b": b"ab\x00c", "loc": point})
    names = [f"{s}_{b}" for b in ("n", "s", "b", "loc")]
    client.index_integer_create("test", s, "n", names[0])
    client.index_string_create("test", s, "s", names[1])
    client.index_blob_create("test", s, "b", names[2])
    client.index_geo2dsphere_create("test", s, "loc", names[3])
    try:
        assert _query_all(client, s, predicates.between("n", -10, 10))[1] == [U64 - 5]
        assert _query_all(client, s, predicates.equals("s", "xyz"))[1] == [2898932355530592869]
        assert _query_all(client, s, predicates.equals("b", b"ab\x00c"))[1] == [9147280904485169012]
        recs, bvals = _query_all(client, s, predicates.geo_within_radius("loc", -121.8, 37.7, 1000))
        assert len(recs) == 1 and bvals == [9263876051594287421]  # the point's cell id
    finally:
        for name in names:
            client.index_remove("test", name)


def test_a_geo_query_resumes_from_its_partition_status(
    client: AnyClient, aerospike: ModuleType, predicates: ModuleType
) -> None:
    s = _set()
    for i in range(40):  # points on S2 face 4 (cell ids of 2**63 and more)
        loc = aerospike.GeoJSON({"type": "Point", "coordinates": [-121.8 + i / 1000, 37.7]})
        client.put(("test", s, i), {"i": i, "loc": loc})
    name = f"{s}_loc"
    client.index_geo2dsphere_create("test", s, "loc", name)
    try:
        seen: list[int] = []
        q = client.query("test", s)
        q.where(predicates.geo_within_radius("loc", -121.78, 37.7, 5000))
        q.max_records = 7
        q.paginate()
        while not q.is_done():
            page = q.results()
            seen.extend(r[2]["i"] for r in page)
        assert sorted(seen) == list(range(40))
    finally:
        client.index_remove("test", name)


def test_geo_queries_through_an_expression_index(
    client: AnyClient, aerospike: ModuleType, exp: ModuleType, predicates: ModuleType
) -> None:
    s = _set()
    for i in range(5):
        side = 5 * (i + 1)
        box = [[0, 0], [side, 0], [side, side], [0, side], [0, 0]]
        client.put(("test", s, i), {
            "i": i,
            "point": aerospike.GeoJSON({"type": "Point", "coordinates": [i, i]}),
            "box": aerospike.GeoJSON({"type": "Polygon", "coordinates": [box]}),
        })
    cases = [
        (exp.GeoBin("box"), predicates.geo_contains_point(None, 23, 23), [4]),
        (exp.GeoBin("point"), predicates.geo_within_radius(None, 0, 0, 300_000), [0, 1]),
    ]
    for expr, pred, expected in cases:
        compiled = expr.compile()
        client.index_expr_create("test", s, aerospike.INDEX_TYPE_DEFAULT, aerospike.INDEX_GEO2DSPHERE,
                                 compiled, f"{s}_x")
        try:
            by_expr = client.query("test", s).where_with_expr(compiled, pred).results()
            by_name = client.query("test", s).where_with_index_name(f"{s}_x", pred).results()
            assert sorted(r[2]["i"] for r in by_expr) == expected
            assert sorted(r[2]["i"] for r in by_name) == expected
        finally:
            client.index_remove("test", f"{s}_x")


# -- what our client takes from a test suite's config, and what it refuses clearly ---------------


def test_lua_paths_and_strict_types_are_accepted() -> None:
    cfg: dict[str, Any] = {
        "embedded": {"name": "gap-config"},
        "lua": {"user_path": "/tmp/lua", "system_path": "/tmp/lua-sys"},
        "strict_types": False,
    }
    with ours.client(cfg) as c:
        assert c.is_connected()
    for bad in ({"lua": {"user_path": "/tmp", "cache_enabled": True}}, {"lua": {"user_path": 7}},
                {"lua": "/tmp"}, {"strict_types": 1}):
        with pytest.raises(our_exception.ParamError):
            ours.client({"embedded": {"name": "gap-config"}, **bad})


def test_udf_calls_are_refused_with_client_error() -> None:
    key = ("test", "demo", 1)
    with ours.client({"embedded": {"name": "gap-udf"}}) as c:
        calls = [
            lambda: c.udf_put("example.lua"),
            lambda: c.udf_remove("example.lua"),
            lambda: c.udf_list(),
            lambda: c.udf_get("example.lua"),
            lambda: c.apply(key, "example", "f", []),
            lambda: c.batch_apply([key], "example", "f", []),
            lambda: c.batch_write(our_records.BatchRecords([our_records.Apply(key, "example", "f", [1])])),
        ]
        for call in calls:
            with pytest.raises(our_exception.ClientError) as info:
                call()
            assert "UDF" in info.value.msg
        with pytest.raises(our_exception.InvalidRequest) as refused:
            c.info_all("udf-list")
        assert "UDF" in refused.value.msg


def test_wyhash_matches_the_servers_index_hashes() -> None:
    # bvals a real 8.1.2 server answered for string values of these lengths (random text).
    assert wyhash64(b"xyz") == 2898932355530592869
    assert wyhash64(b"ab\x00c") == 9147280904485169012
    assert index_bval(b"xyz") == 2898932355530592869
    assert index_bval(b"ab\x00c") == 9147280904485169012
    assert wyhash64(b"") != wyhash64(b"\x00")
    long = bytes(range(256)) * 3
    assert 0 <= wyhash64(long) < U64 and index_bval(long) == (
        wyhash64(long) - U64 if wyhash64(long) >= 2**63 else wyhash64(long)
    )


# -- errors and values, the same on every transport ----------------------------------------------


def test_an_error_answered_by_code_alone_carries_the_codes_name(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType
) -> None:
    key = ("test", _set(), 1)
    with pytest.raises(exception.RecordNotFound) as missing:
        client.put(key, {"a": 1}, policy={"exists": aerospike.POLICY_EXISTS_UPDATE})
    assert "AEROSPIKE_ERR_RECORD_NOT_FOUND" in missing.value.msg
    client.put(key, {"a": 1})
    with pytest.raises(exception.RecordGenerationError) as gen:
        client.put(key, {"a": 2}, {"gen": 5}, {"gen": aerospike.POLICY_GEN_EQ})
    assert "AEROSPIKE_ERR_RECORD_GENERATION" in gen.value.msg


def test_wildcard_and_infinity_are_not_bin_values(
    client: AnyClient, aerospike: ModuleType, exception: ModuleType
) -> None:
    key = ("test", _set(), 1)
    for value in (aerospike.CDTInfinite(), aerospike.CDTWildcard()):
        with pytest.raises(exception.ClientError):
            client.put(key, {"a": value})
        with pytest.raises(exception.ClientError):
            client.operate(key, [{"op": aerospike.OPERATOR_WRITE, "bin": "a", "val": value}])
    assert client.exists(key)[1] is None


def test_a_map_value_matches_whatever_order_its_keys_were_given_in(
    client: AnyClient, aerospike: ModuleType, list_operations: ModuleType, map_operations: ModuleType
) -> None:
    key = ("test", _set(), 1)
    client.put(key, {"l": [{"f": 6, "e": 5, "d": 4}, 1], "m": {"a": {"d": 4, "e": 5, "f": 6}}})
    kod = aerospike.KeyOrderedDict({"f": 6, "e": 5, "d": 4})
    for value in ({"d": 4, "e": 5, "f": 6}, {"f": 6, "e": 5, "d": 4}, kod):
        ops = [
            list_operations.list_get_by_value("l", value, aerospike.LIST_RETURN_INDEX),
            map_operations.map_get_by_value("m", value, aerospike.MAP_RETURN_KEY),
        ]
        assert client.operate(key, ops)[2] == {"l": [0], "m": ["a"]}
    ranked = list_operations.list_get_by_value_rank_range_relative(
        "l", {"f": 6, "e": 5, "d": 4}, 0, aerospike.LIST_RETURN_INDEX, 1
    )
    assert client.operate(key, [ranked])[2] == {"l": [0]}


def test_bit_resize_expression_takes_flags_none(
    client: AnyClient, exp: ModuleType, expression_operations: ModuleType
) -> None:
    key = ("test", _set(), 1)
    client.put(key, {"b": b"\x01"})
    resized = exp.BitResize(None, 3, None, exp.BlobBin("b"))
    _, _, bins = client.operate(key, [expression_operations.expression_read("r", resized.compile())])
    assert bins["r"] == b"\x01\x00\x00"


# -- truncate and nil appends, as a real 8.1.2 server answers them -------------------------------

CITRUSLEAF_EPOCH_NS = 1262304000 * 10**9


@pytest.mark.ours_only(TRUNCATE_HOLDS_GIL)  # the same answers, checked against a serve process
def test_truncate_refuses_a_cut_at_or_before_2010_and_an_empty_namespace(
    client: AnyClient, exception: ModuleType
) -> None:
    s = _set()
    key = ("test", s, 1)
    client.put(key, {"a": 1})
    for nanos in (1, 2**31 + 1, 2**32, 10**18, CITRUSLEAF_EPOCH_NS, CITRUSLEAF_EPOCH_NS + 999_999):
        with pytest.raises(exception.InvalidRequest) as info:
            client.truncate("test", s, nanos)
        assert "would truncate to 0" in info.value.msg
    with pytest.raises(exception.ParamError):  # ours refuses it up front (a server: 20)
        client.truncate("", s, 0)
    with pytest.raises(exception.NamespaceNotFound):  # the request itself, as a server answers it
        client.info_all(f"truncate:namespace=;set={s}")
    assert client.exists(key)[1] is not None  # nothing was cut
    assert client.truncate("test", s, CITRUSLEAF_EPOCH_NS + 1_000_000) == 0  # 1 ms after 2010
    assert client.exists(key)[1] is not None  # written after that cut: kept
    assert client.truncate("nosuchns", s, 0) == 0


def test_a_nil_append_or_prepend_is_invalid_request(
    client: AnyClient, transport: str, aerospike: ModuleType, exception: ModuleType
) -> None:
    """The official client sends ``aerospike.null()`` to append; ours refuses it up front."""
    key = ("test", _set(), 1)
    client.put(key, {"name": "John", "no": 3})
    refused = exception.InvalidRequest if transport == "official" else exception.ParamError
    for operator in (aerospike.OPERATOR_APPEND, aerospike.OPERATOR_PREPEND):
        for name in ("no", "name", "missing"):
            with pytest.raises(refused):
                client.operate(key, [{"op": operator, "bin": name, "val": aerospike.null()}])
    _, meta, bins = client.get(key)
    assert (meta["gen"], bins) == (1, {"name": "John", "no": 3})


def test_a_scan_or_query_selecting_bins_leaves_out_records_holding_none_of_them(
    client: AnyClient, predicates: ModuleType
) -> None:
    s = _set()
    for i in range(5):
        client.put(("test", s, i), {"a": i} if i % 2 else {"b": i})
    client.put(("test", s, 9), {"a": 9, "b": 9})

    def run(obj: Any, *bins: str) -> list[Any]:
        obj.select(*bins)
        return sorted((r[2] for r in obj.results()), key=str)

    assert run(client.scan("test", s), "a") == [{"a": 1}, {"a": 3}, {"a": 9}]
    assert run(client.scan("test", s), "zz") == []
    assert len(client.scan("test", s).results()) == 6  # no selection: every record
    client.index_integer_create("test", s, "a", f"{s}_a")
    try:
        q = client.query("test", s)
        q.where(predicates.between("a", 0, 100))
        assert run(q, "b") == [{"b": 9}]
        assert run(client.query("test", s), "a") == [{"a": 1}, {"a": 3}, {"a": 9}]
    finally:
        client.index_remove("test", f"{s}_a")
