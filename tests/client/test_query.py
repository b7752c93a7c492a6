"""Queries on the embedded engine: every predicate and index type (bins, lists, map keys and
values, contexts, expressions, geo), IndexNotFound, the server's order, limits, pagination, and
a hypothesis test against a filter over every record written."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from _support import AnyClient, ClientPool
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel.client as ours
from aeromodel.client import predicates as our_predicates

pytestmark = pytest.mark.transports

S = "qry_q"
# Plain ints, the same in the official module (test_constants pins them).
LIST, MAPKEYS, MAPVALUES = ours.INDEX_TYPE_LIST, ours.INDEX_TYPE_MAPKEYS, ours.INDEX_TYPE_MAPVALUES


def pid_of(digest: bytes | bytearray) -> int:
    return (digest[0] | digest[1] << 8) & 0xFFF


def keys_of(recs: list[Any]) -> list[Any]:
    return sorted(r[0][2] for r in recs)


def run(c: AnyClient, pred: Any, ctx: Any = None, set_name: str | None = S) -> list[Any]:
    q = c.query("test", set_name)
    q.where(pred, ctx) if ctx is not None else q.where(pred)
    return keys_of(q.results())


SEND = {"key": ours.POLICY_KEY_SEND}


def put(c: AnyClient, key: Any, bins: dict[str, Any], set_name: str = S) -> None:
    c.put(("test", set_name, key), bins, policy=SEND)


def test_bin_indexes(client: AnyClient, predicates) -> None:
    c = client
    c.index_integer_create("test", S, "i", "qry_i")
    c.index_string_create("test", S, "s", "qry_s")
    c.index_blob_create("test", S, "b", "qry_b")
    for k in range(10):
        put(c, k, {"i": k, "s": f"s{k % 3}", "b": bytes([k % 2])})
    put(c, "wrong", {"i": "7", "s": 7, "b": "x"})  # wrong types: not indexed, no error
    assert run(c, predicates.equals("i", 7)) == [7]
    assert run(c, predicates.between("i", 3, 5)) == [3, 4, 5]
    assert run(c, predicates.equals("s", "s1")) == [1, 4, 7]
    assert run(c, predicates.equals("b", b"\x01")) == [1, 3, 5, 7, 9]
    assert run(c, predicates.between("i", 20, 30)) == []


def test_collection_indexes(pool: ClientPool, client: AnyClient, aerospike, predicates) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_list_create("test", S, "l", aerospike.INDEX_NUMERIC, "qry_l")
    ix.index_list_create("test", S, "ls", aerospike.INDEX_STRING, "qry_ls")
    ix.index_map_keys_create("test", S, "m", aerospike.INDEX_STRING, "qry_mk")
    ix.index_map_values_create("test", S, "m", aerospike.INDEX_NUMERIC, "qry_mv")
    put(c, 1, {"l": [1, 5, 5], "ls": ["a", "b"], "m": {"x": 10, "y": 20}})
    put(c, 2, {"l": [7], "ls": ["b"], "m": {"y": 30}})
    put(c, 3, {"l": 5, "m": [1]})  # not a list / map: not indexed
    assert run(c, predicates.contains("l", LIST, 5)) == [1]
    assert run(c, predicates.range("l", LIST, 4, 8)) == [1, 2]  # a record met twice comes once
    assert run(c, predicates.contains("ls", LIST, "b")) == [1, 2]
    assert run(c, predicates.contains("m", MAPKEYS, "y")) == [1, 2]
    assert run(c, predicates.contains("m", MAPVALUES, 30)) == [2]
    assert run(c, predicates.range("m", MAPVALUES, 10, 20)) == [1]


def test_context_indexes(client: AnyClient, aerospike, exception, predicates, cdt_ctx) -> None:
    c = client
    ctx = [cdt_ctx.cdt_ctx_map_key("inner")]
    c.index_cdt_create("test", S, "m", aerospike.INDEX_TYPE_DEFAULT, aerospike.INDEX_NUMERIC, "qry_ctx", ctx)
    put(c, 1, {"m": {"inner": 4}})
    put(c, 2, {"m": {"inner": 9, "other": 4}})
    assert run(c, predicates.equals("m", 4), ctx) == [1]
    assert run(c, predicates.between("m", 0, 10), ctx) == [1, 2]
    with pytest.raises(exception.IndexNotFound):
        run(c, predicates.equals("m", 4))  # the same bin without the context is another index
    with pytest.raises(exception.IndexNotFound):
        run(c, predicates.equals("m", 4), [cdt_ctx.cdt_ctx_map_key("other")])


def test_expression_index_and_index_name(pool: ClientPool, client: AnyClient, aerospike, exception, predicates, exp) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    doubled = exp.Mul(exp.IntBin("a"), 2).compile()
    c.index_expr_create("test", S, aerospike.INDEX_TYPE_DEFAULT, aerospike.INDEX_NUMERIC, doubled, "qry_x")
    ix.index_integer_create("test", S, "a", "qry_a")
    for k in range(5):
        put(c, k, {"a": k})
    q = c.query("test", S).where_with_expr(doubled, predicates.equals(None, 6))
    assert keys_of(q.results()) == [3]
    b64 = c.get_expression_base64(doubled)
    assert keys_of(c.query("test", S).where_with_expr(b64, predicates.between(None, 0, 4)).results()) == [0, 1, 2]
    q = c.query("test", S).where_with_index_name("qry_a", predicates.between(None, 3, 9))
    assert keys_of(q.results()) == [3, 4]
    with pytest.raises(exception.IndexNotFound):
        c.query("test", S).where_with_index_name("qry_none", predicates.equals(None, 1)).results()


def test_geo_queries(pool: ClientPool, client: AnyClient, aerospike, exception, predicates) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_geo2dsphere_create("test", S, "g", "qry_g")
    ix.index_list_create("test", S, "gl", aerospike.INDEX_GEO2DSPHERE, "qry_gl")
    point = lambda x, y: aerospike.GeoJSON({"type": "Point", "coordinates": [x, y]})  # noqa: E731
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    put(c, "in", {"g": point(0.5, 0.5)})
    put(c, "out", {"g": point(5.0, 5.0)})
    put(c, "poly", {"g": aerospike.GeoJSON(square)})
    put(c, "listed", {"gl": [point(9, 9), point(0.25, 0.25)]})
    region = aerospike.GeoJSON(square).dumps()
    assert run(c, predicates.geo_within_geojson_region("g", region)) == ["in"]
    assert run(c, predicates.geo_within_radius("g", 5.0, 5.0, 1000.0)) == ["out"]
    assert run(c, predicates.geo_contains_point("g", 0.25, 0.75)) == ["poly"]
    assert run(c, predicates.geo_contains_geojson_point("g", point(0.25, 0.75).dumps())) == ["poly"]
    assert run(c, predicates.geo_within_geojson_region("gl", region, LIST)) == ["listed"]
    with pytest.raises(exception.AerospikeError):
        run(c, predicates.geo_within_geojson_region("g", '{"type": "Nope"}'))


def test_index_not_found(pool: ClientPool, client: AnyClient, exception, predicates) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_integer_create("test", S, "n", "qry_n")
    put(c, 1, {"n": 1})
    for pred in (predicates.equals("x", 1), predicates.equals("n", "1"), predicates.contains("n", LIST, 1)):
        with pytest.raises(exception.IndexNotFound) as err:
            run(c, pred)
        assert err.value.code == 201
    with pytest.raises(exception.IndexNotFound):
        run(c, predicates.equals("n", 1), set_name="qry_other")  # an index on another set
    with pytest.raises(exception.IndexNotFound):
        run(c, predicates.equals("n", 1), set_name=None)  # a set's index does not serve the namespace


def test_a_namespace_index_serves_every_set(pool: ClientPool, client: AnyClient, predicates) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_integer_create("test", None, "n", "qry_ns_n")
    put(c, "a", {"n": 1}, "qry_a")
    put(c, "b", {"n": 1}, "qry_b")
    assert run(c, predicates.equals("n", 1), set_name="qry_a") == ["a"]
    assert run(c, predicates.equals("n", 1), set_name=None) == ["a", "b"]


def test_order_is_by_partition_then_value_then_digest(pool: ClientPool, client: AnyClient, predicates) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_integer_create("test", S, "n", "qry_n")
    i, ks = 0, []
    while len(ks) < 30:
        if pid_of(ours.calc_digest("test", S, i)) == 7:
            ks.append(i)
        i += 1
    for k in ks:
        put(c, k, {"n": k % 4})
    for k in range(100):
        put(c, f"x{k}", {"n": k % 4})
    q = c.query("test", S)
    q.where(predicates.between("n", 0, 3))
    recs = q.results()
    pids = [pid_of(r[0][3]) for r in recs]
    assert pids == sorted(pids)
    in7 = [(r[2]["n"], bytes(r[0][3])) for r in recs if pid_of(r[0][3]) == 7]
    assert len(in7) >= 30 and in7 == sorted(in7)  # seen on a real server


def test_stale_and_expired_entries_are_rechecked(pool: ClientPool, make_client: Any, clock: Any, predicates) -> None:
    c = make_client(clock=clock)
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_integer_create("test", S, "n", "qry_n")
    c.put(("test", S, 1), {"n": 1}, meta={"ttl": 5}, policy=SEND)
    put(c, 2, {"n": 1})
    clock.advance(6)
    assert run(c, predicates.equals("n", 1)) == [2]


def test_filter_select_nobins_and_max_records(pool: ClientPool, client: AnyClient, predicates, exp) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_integer_create("test", S, "n", "qry_n")
    for k in range(30):
        put(c, k, {"n": k, "odd": k % 2, "other": "x"})
    q = c.query("test", S)
    q.where(predicates.between("n", 0, 19))
    q.select("n")
    recs = q.results({"expressions": exp.Eq(exp.IntBin("odd"), 1).compile()})
    assert keys_of(recs) == list(range(1, 20, 2)) and all(set(r[2]) == {"n"} for r in recs)
    assert all(r[2] == {} for r in q.results(options={"nobins": True}))
    q.max_records = 4
    assert len(q.results()) == 4
    q2 = c.query("test", S)
    assert len(q2.results({"max_records": 4})) == 30  # the policy's is ignored since 7.0.0
    seen: list[Any] = []
    c.query("test", S).foreach(lambda r: seen.append(r) if len(seen) < 2 else False)
    assert len(seen) == 2


def test_query_pagination_with_values(pool: ClientPool, client: AnyClient, predicates) -> None:
    c = client
    ix = pool.ours_beside(c)  # index setup, fast (see ClientPool.ours_beside)
    ix.index_integer_create("test", S, "n", "qry_n")
    for k in range(25):
        put(c, k, {"n": k % 5})
    q = c.query("test", S)
    q.where(predicates.between("n", 0, 4))
    q.max_records = 4
    q.paginate()
    got: list[Any] = []
    while not q.is_done():
        page = q.results()
        assert len(page) <= 4
        got += page
    assert keys_of(got) == list(range(25))
    status = q.get_partitions_status()
    rec = got[0]
    entry = status[pid_of(rec[0][3])]
    assert entry[1] is True and isinstance(entry[4], int)


@settings(max_examples=40, deadline=None)
@given(
    values=st.lists(st.one_of(st.integers(-5, 5), st.lists(st.integers(-5, 5), max_size=3),
                              st.text("ab", max_size=2)), max_size=25),
    low=st.integers(-6, 6),
    span=st.integers(0, 6),
)
def test_queries_agree_with_a_filter_over_every_record(values: list[Any], low: int, span: int) -> None:
    # A fresh engine per example: a truncate cuts at a millisecond, and a record the previous
    # example wrote in that same millisecond would (rightly) survive it.
    c = ours.client({"embedded": {"name": f"qry_hypothesis_{uuid.uuid4().hex}"}})
    try:
        c.index_integer_create("test", S, "v", "qry_h_n")
        c.index_list_create("test", S, "v", ours.INDEX_NUMERIC, "qry_h_l")
        c.index_string_create("test", S, "v", "qry_h_s")
        written = {}
        for k, v in enumerate(values):
            put(c, k, {"v": v})
            written[k] = v
        high = low + span

        def expect(match: Any) -> list[int]:
            return sorted(k for k, v in written.items() if match(v))

        assert run(c, our_predicates.between("v", low, high)) == expect(
            lambda v: type(v) is int and low <= v <= high)
        assert run(c, our_predicates.equals("v", low)) == expect(lambda v: v == low and type(v) is int)
        assert run(c, our_predicates.range("v", LIST, low, high)) == expect(
            lambda v: type(v) is list and any(low <= x <= high for x in v))
        assert run(c, our_predicates.contains("v", LIST, low)) == expect(lambda v: type(v) is list and low in v)
        assert run(c, our_predicates.equals("v", "ab")) == expect(lambda v: v == "ab")
        scan = {r[0][2] for r in c.scan("test", S).results()}
        assert scan == set(written)
    finally:
        c.close()
