"""Secondary indexes: upkeep, lookups in the server's order, info answers and the client methods.

Server facts (8.1.2, checked with the official client 19.3): see docs/client.md, "Secondary
indexes"; the requests below are the ones the official client was seen to send (strace).
The tests of what a client sees run three ways (``transports``); the rest look inside the embedded
engine's indexes (their entries and order) or send it raw info requests.
"""

from __future__ import annotations

import warnings
from typing import Any

import pytest
from _support import AnyClient, ClientPool
from hypothesis import given, settings
from hypothesis import strategies as st

import aeromodel.client as aerospike
from aeromodel.client.commands import indexes as build
from aeromodel.client.engine import geo
from aeromodel.client.engine.sindex import BURST, Index
from aeromodel.client.engine.storage import partition_id
from aeromodel.client.helpers import cdt_ctx, operations
from aeromodel.client.transport import MockTransport
from aeromodel.client.values import Expression, GeoJSON

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")
S = "sidx_t"


def _ix(c: aerospike.Client, name: str) -> Index:
    ix = c._transport.engine.namespaces["test"].sindexes.by_name(name)  # type: ignore[attr-defined]
    assert ix is not None
    return ix


def _key(c: aerospike.Client, k: Any) -> bytes:
    return bytes(aerospike.calc_digest("test", S, k))


def _digests(entries: Any) -> list[bytes]:
    return [d for _p, _k, d in entries]


# -- the requests the official client sends --------------------------------------------------


def test_builders_write_the_official_requests() -> None:
    assert build.create("test", S, "n", 0, aerospike.INDEX_INTEGER, "i") == (
        "sindex-create:namespace=test;set=sidx_t;indexname=i;bin=n;type=NUMERIC"
    )
    assert build.create("test", None, "v", 0, aerospike.INDEX_STRING, "i") == (
        "sindex-create:namespace=test;indexname=i;bin=v;type=STRING"
    )
    ctx = [cdt_ctx.cdt_ctx_map_key("a"), cdt_ctx.cdt_ctx_list_index(-1)]
    assert build.create("test", S, "m", 1, aerospike.INDEX_NUMERIC, "i", ctx) == (
        "sindex-create:namespace=test;set=sidx_t;indexname=i;context=lCKiA2EQ/w==;"
        "indextype=LIST;bin=m;type=NUMERIC"
    )
    exp = Expression(b"\x93Q\x02\xa1x")  # IntBin("x")
    assert build.create_expression("test", S, 0, aerospike.INDEX_NUMERIC, exp, "i") == (
        "sindex-create:namespace=test;set=sidx_t;indexname=i;exp=k1ECoXg=;type=NUMERIC"
    )
    assert build.remove("test", "i") == "sindex-delete:namespace=test;indexname=i"


def test_methods_go_through_the_info_path() -> None:
    mock = MockTransport()
    mock.info_answers["sindex-stat"] = "entries=0;load_pct=100"
    c = aerospike.Client({"hosts": [("127.0.0.1", 3000)]}, transport=mock).connect()
    assert c.index_map_keys_create("test", S, "m", aerospike.INDEX_STRING, "k") == 0
    c.index_remove("test", "k")
    assert mock.info_requests == [
        "sindex-create:namespace=test;set=sidx_t;indexname=k;indextype=MAPKEYS;bin=m;type=STRING",
        "sindex-stat:namespace=test;indexname=k",
        "sindex-delete:namespace=test;indexname=k",
    ]


@pytest.mark.transports
@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.index_integer_create(1, S, "n", "i"), "Namespace should be a string"),
        (lambda c: c.index_integer_create("test", 1, "n", "i"), "Set should be string"),
        (lambda c: c.index_integer_create("test", S, 1, "i"), "Bin should be a string"),
        (lambda c: c.index_integer_create("test", S, "n", 1), "Index name should be string"),
        (lambda c: c.index_integer_create("test", S, "n", "i", 5), "policy must be a dict"),
        (lambda c: c.index_list_create("test", S, "n", "x", "i"), "must be an integer"),
        (lambda c: c.index_list_create("test", S, "n", 1, "i", ctx=5), "Failed to convert ctx"),
        (lambda c: c.index_cdt_create("test", S, "n", 0, 1, "i", None), "ctx cannot be None"),
        (lambda c: c.index_remove("test", None), "Index name should be string"),
    ],
)
def test_bad_arguments_are_param_errors(client: AnyClient, call: Any, message: str, exception) -> None:
    with pytest.raises(exception.ParamError, match=message):
        call(client)


# -- info answers and errors, as the server gives them --------------------------------------


@pytest.mark.transports
def test_create_is_idempotent_and_a_name_keeps_its_definition(
    pool: ClientPool, client: AnyClient, exception
) -> None:
    ix = pool.ours_beside(client)  # the creates that are not the subject: fast
    assert ix.index_integer_create("test", S, "n", "sidx_n") == 0
    assert client.index_integer_create("test", S, "n", "sidx_n") == 0
    with pytest.raises(exception.IndexFoundError) as err:
        client.index_string_create("test", S, "n", "sidx_n")
    node = "{}:{}".format(*client.get_nodes()[0])  # an info error names the node that answered
    assert err.value.msg == f"'indexname' already exists with different definition from {node}"
    # The same definition under a new name renames the index (the server keys it by definition).
    ix.index_integer_create("test", S, "n", "sidx_n2")
    listed = client.info_all("sindex-list")
    assert next(iter(listed.values()))[1] == (
        "ns=test:indexname=sidx_n2:set=sidx_t:bin=n:type=numeric:indextype=default:"
        "context=null:exp=null:state=RW\n"
    )
    assert client.index_remove("test", "sidx_n2") == 0
    assert client.index_remove("test", "sidx_unknown") == 0
    assert next(iter(client.info_all("sindex-list").values()))[1] == "\n"


@pytest.mark.transports
def test_names_are_c_strings_and_a_bin_may_be_a_bytearray(
    client: AnyClient, exception, predicates, transport: str
) -> None:
    """As the official client sends them: each name ends at its first NUL, and a bin name may be a
    bytearray (the official suite's query tests index ``bytearray("sal\\0kj")``). A real 8.1
    server lists the index below exactly so."""
    assert client.index_integer_create("test", S + "\0x", bytearray(b"sal\0kj"), "sidx_b\0z") == 0
    listed = next(iter(client.info_all("sindex-list").values()))[1]
    assert listed == (
        "ns=test:indexname=sidx_b:set=sidx_t:bin=sal:type=numeric:indextype=default:"
        "context=null:exp=null:state=RW\n"
    )
    client.put(("test", S, "r"), {"sal": 7})
    query = client.query("test", S)
    query.where(predicates.equals("sal", 7))
    assert [r[2] for r in query.results()] == [{"sal": 7}]
    # Not UTF-8: the official client sends it, and a real 8.1.2 server aborts storing it. Our
    # client refuses it; `aeromodel serve` answers the official client's request with an error.
    refused = exception.InvalidRequest if transport == "official" else exception.ParamError
    with pytest.raises(refused, match="UTF-8"):
        client.index_integer_create("test", S, bytearray(b"\xff\xfe"), "sidx_bad")
    with pytest.raises(exception.ParamError, match="Bin should be a string"):
        client.index_integer_create("test", S, b"sal", "sidx_bad")  # bytes: refused, as there
    with pytest.raises(exception.InvalidRequest, match="missing 'bin' value"):
        client.index_integer_create("test", S, "\0sal", "sidx_bad")
    assert client.index_remove("test", "sidx_b") == 0
    assert next(iter(client.info_all("sindex-list").values()))[1] == "\n"


@pytest.mark.transports
def test_list_stat_exists_and_sets(
    pool: ClientPool, client: AnyClient, aerospike, exception, cdt_ctx
) -> None:
    ix = pool.ours_beside(client)  # index setup, fast (see ClientPool.ours_beside)
    ctx = [cdt_ctx.cdt_ctx_map_key("a"), cdt_ctx.cdt_ctx_list_index(-1)]
    ix.index_list_create("test", S, "m", aerospike.INDEX_NUMERIC, "sidx_l", ctx=ctx)
    ix.index_single_value_create("test", None, "v", aerospike.INDEX_STRING, "sidx_v")
    client.put(("test", S, 1), {"m": {"a": [0, [5, 6, 5]]}, "v": "x"})

    def info(req: str) -> str:
        return str(next(iter(client.info_all(req).values()))[1])

    assert info("sindex-list:ns=test") == (
        "ns=test:indexname=sidx_l:set=sidx_t:bin=m:type=numeric:indextype=list:"
        "context=[map_key(<string#1>), list_index(-1)]:exp=null:state=RW;"
        "ns=test:indexname=sidx_v:set=null:bin=v:type=string:indextype=default:"
        "context=null:exp=null:state=RW\n"
    )
    assert "context=lCKiA2EQ/w==" in info("sindex-list:ns=test;b64=true")
    stats = "entries=2;used_bytes=16777216;entries_per_bval=0;entries_per_rec=0;" \
        "load_pct=100;load_time=0;stat_gc_recs=0\n"
    assert info("sindex/test/sidx_l") == stats  # 5 twice in one record: one entry
    assert info("sindex-stat:namespace=test;indexname=sidx_l") == stats
    assert info("sindex-exists:ns=test;indexname=sidx_l") == "true\n"
    assert info("sindex-exists:ns=test;indexname=nope") == "false\n"
    assert ":sindexes=1:" in info(f"sets/test/{S}")
    with pytest.raises(exception.IndexNotFound, match="no index"):
        client.info_all("sindex/test/nope")
    assert info("sindex/nope") == "ns_type=unknown\n"


@pytest.mark.parametrize(
    ("request_text", "answer"),
    [
        ("sindex-create:ns=test;set=s;indexname=i;bin=z", "ERROR:4:both 'indexdata' and 'type' are missing"),
        ("sindex-create:ns=test;set=s;indexname=i;bin=z;type=float",
         "ERROR:4:bad 'type' - must be one of 'numeric', 'string', 'blob', 'geo2dsphere'"),
        ("sindex-create:ns=test;indexname=i;bin=z;type=string;indextype=foo",
         "ERROR:4:bad 'indextype' - must be one of 'default', 'list', 'mapkeys', 'mapvalues'"),
        ("sindex-create:ns=test;indexname=i;bin=z;type=geo2dsphere;indextype=mapkeys",
         "ERROR:4:bad 'indexdata' bin type for 'indextype' 'mapkeys' - must be one of "
         "'numeric', 'string', 'blob'"),
        ("sindex-create:set=s;indexname=i;bin=z;type=string", "ERROR:20:missing 'namespace'"),
        ("sindex-create:ns=nope;indexname=i;bin=z;type=string", "ok"),
        ("sindex-create:ns=test;indexname=i;bin=abcdefghijklmnop;type=string",
         "ERROR:4:'bin' value too long"),
        ("sindex-create:ns=test;indexname=i;indexdata=abcdefghijklmnop,string",
         "ERROR:4:'indexdata' bin name too long"),
        ("sindex-create:ns=test;indexname=i;indexdata=a,string;type=string",
         "ERROR:4:both 'indexdata' and 'type' are specified"),
        ("sindex-create:ns=test;indexname=" + "x" * 64 + ";bin=a;type=string",
         "ERROR:4:'indexname' value too long"),
        ("sindex-create:ns=test;indexname=i;bin=a;type=string;context=kA==",
         "ERROR:4:'context' invalid cdt context"),
        ("sindex-delete:ns=test", "ERROR:4:missing 'indexname'ok"),
        ("sindex-list:ns=nope",
         "ERROR:20:namespace not found on node;ERROR:20:namespace not found on node"),
        ("sindex-list:b64=yes", "ERROR:4:bad b64"),
        ("sindex-exists:ns=nope;indexname=x", "ERROR:20:namespace not found on node"),
    ],
)
def test_raw_info_answers(client: aerospike.Client, request_text: str, answer: str) -> None:
    engine = client._transport.engine  # type: ignore[attr-defined]
    assert engine.info(request_text) == f"{request_text}\t{answer}\n"


def test_old_syntax_is_case_blind(client: aerospike.Client) -> None:
    engine = client._transport.engine  # type: ignore[attr-defined]
    req = "sindex-create:ns=test;set=s;indexname=i3;indexdata=a,STRING;indextype=LIST"
    assert engine.info(req).endswith("\tok\n")
    assert "bin=a:type=string:indextype=list" in engine.info("sindex-list")


def test_count_limit(client: aerospike.Client) -> None:
    engine = client._transport.engine  # type: ignore[attr-defined]
    for i in range(256):
        assert engine.info(f"sindex-create:ns=bar;indexname=i{i};bin=b{i};type=numeric").endswith("ok\n")
    over = engine.info("sindex-create:ns=bar;indexname=more;bin=x;type=numeric")
    assert over.endswith("\tERROR:206:already at sindex definition limit\n")
    # Renaming is allowed at the limit.
    assert engine.info("sindex-create:ns=bar;indexname=j0;bin=b0;type=numeric").endswith("ok\n")


# -- what is indexed, and upkeep -------------------------------------------------------------


def test_every_type_and_collection(client: aerospike.Client) -> None:
    c = client
    c.index_single_value_create("test", S, "i", aerospike.INDEX_NUMERIC, "sidx_i")
    c.index_single_value_create("test", S, "s", aerospike.INDEX_STRING, "sidx_s")
    c.index_single_value_create("test", S, "b", aerospike.INDEX_BLOB, "sidx_b")
    c.index_list_create("test", S, "l", aerospike.INDEX_STRING, "sidx_ls")
    c.index_map_keys_create("test", S, "m", aerospike.INDEX_NUMERIC, "sidx_mk")
    c.index_map_values_create("test", S, "m", aerospike.INDEX_STRING, "sidx_mv")
    c.index_cdt_create("test", S, "m", 0, aerospike.INDEX_NUMERIC, "sidx_ctx",
                       [cdt_ctx.cdt_ctx_map_key("x")])
    rec = {"i": 7, "s": "a", "b": b"\x01", "l": ["p", 1, "q", "p"], "m": {1: "one", "x": 9}}
    c.put(("test", S, 1), rec)
    c.put(("test", S, 2), {"i": 7.0, "s": 1, "b": "x", "l": {"p": 1}, "m": [1], "x": True})
    d1 = _key(c, 1)
    assert _digests(_ix(c, "sidx_i").equal(7)) == [d1]
    assert _digests(_ix(c, "sidx_s").equal("a")) == [d1]
    assert _digests(_ix(c, "sidx_b").equal(b"\x01")) == [d1]
    assert _digests(_ix(c, "sidx_ls").equal("p")) == [d1]
    assert _digests(_ix(c, "sidx_ls").equal(1)) == []  # wrong type: neither indexed nor an error
    assert _digests(_ix(c, "sidx_mk").equal(1)) == [d1]
    assert _digests(_ix(c, "sidx_mv").equal("one")) == [d1]
    assert _digests(_ix(c, "sidx_ctx").equal(9)) == [d1]
    assert _ix(c, "sidx_ls").n_entries == 2


def test_geo_index(client: aerospike.Client) -> None:
    c = client
    c.index_geo2dsphere_create("test", S, "g", "sidx_g")
    c.put(("test", S, "in"), {"g": GeoJSON({"type": "Point", "coordinates": [0.5, 0.5]})})
    c.put(("test", S, "out"), {"g": GeoJSON({"type": "Point", "coordinates": [5.0, 5.0]})})
    square = {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}
    c.put(("test", S, "poly"), {"g": GeoJSON(square)})
    shape = geo.query_shape(GeoJSON(square))
    found = {d for d in _digests(_ix(c, "sidx_g").geo(shape))}
    assert _key(c, "in") in found and _key(c, "out") not in found
    point = geo.query_shape(GeoJSON({"type": "Point", "coordinates": [0.25, 0.75]}))
    assert _key(c, "poly") in set(_digests(_ix(c, "sidx_g").geo(point)))


def test_upkeep_under_operate_remove_truncate_and_expiry(
    timed_client: aerospike.Client, clock: Any
) -> None:
    c = timed_client
    c.index_integer_create("test", S, "n", "sidx_n")
    ix = _ix(c, "sidx_n")
    c.put(("test", S, 1), {"n": 1})
    c.operate(("test", S, 1), [operations.increment("n", 1)])
    assert _digests(ix.equal(1)) == [] and _digests(ix.equal(2)) == [_key(c, 1)]
    c.put(("test", S, 1), {"n": "text"})  # now the wrong type: out of the index
    assert ix.n_entries == 0
    c.put(("test", S, 2), {"n": 3})
    c.remove(("test", S, 2))
    assert ix.n_entries == 0
    c.put(("test", S, 3), {"n": 4}, meta={"ttl": 10})
    c.put(("test", S, 4), {"n": 4})
    clock.advance(12)
    c._transport.engine.nsup(force=True)  # type: ignore[attr-defined]
    assert _digests(ix.equal(4)) == [_key(c, 4)]
    clock.advance(1)
    c.truncate("test", S, 0)
    assert ix.n_entries == 0


def test_built_over_existing_records(client: aerospike.Client) -> None:
    for i in range(50):
        client.put(("test", S, i), {"n": i % 5})
        client.put(("test", "sidx_other", i), {"n": i % 5})
    client.index_integer_create("test", S, "n", "sidx_n")
    assert len(list(_ix(client, "sidx_n").equal(3))) == 10
    client.index_integer_create("test", None, "n", "sidx_all")
    assert len(list(_ix(client, "sidx_all").equal(3))) == 20


# -- order -----------------------------------------------------------------------------------


def test_order_is_partition_then_value_then_digest(client: aerospike.Client) -> None:
    for i in range(300):
        client.put(("test", S, i), {"n": i % 7})
    client.index_integer_create("test", S, "n", "sidx_n")
    got = list(_ix(client, "sidx_n").between(2, 5))
    assert [(p, k, d) for p, k, d in got] == sorted(got)
    assert all(p == partition_id(d) for p, _k, d in got)
    some = {p for p, _k, _d in got[:5]}
    assert {p for p, _k, _d in _ix(client, "sidx_n").between(2, 5, some)} == some


def test_list_range_drops_a_record_met_twice_within_a_burst_only(client: aerospike.Client) -> None:
    # As on the server: a record whose values lie over a burst (100 entries) apart comes twice.
    keys, i = [], 0
    while len(keys) < BURST + 30:
        if partition_id(_key(client, i)) == 5:
            keys.append(i)
        i += 1
    client.index_list_create("test", S, "l", aerospike.INDEX_NUMERIC, "sidx_l")
    client.put(("test", S, keys[0]), {"l": [1, 200]})
    for k in keys[1:]:
        client.put(("test", S, k), {"l": [100]})
    r = _key(client, keys[0])
    assert _digests(_ix(client, "sidx_l").between(1, 200)).count(r) == 2
    assert _digests(_ix(client, "sidx_l").between(1, 100)).count(r) == 1
    assert _digests(_ix(client, "sidx_l").equal(1)).count(r) == 1


# -- against a brute-force scan --------------------------------------------------------------

VALUES = st.one_of(
    st.integers(-3, 3), st.sampled_from(["a", "b", 1.5, True]),
    st.lists(st.one_of(st.integers(-3, 3), st.sampled_from(["a", "b"])), max_size=4),
)


@settings(max_examples=40, deadline=None)
@given(
    writes=st.lists(st.tuples(st.integers(0, 30), st.one_of(VALUES, st.just("DELETE"))), max_size=40),
    low=st.integers(-3, 3), span=st.integers(0, 4),
)
def test_lookups_agree_with_a_scan(writes: list[tuple[int, Any]], low: int, span: int) -> None:
    name = "sidx_hyp"
    c = aerospike.client({"embedded": {"name": name}}).connect()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            c.index_integer_create("test", S, "v", "sidx_v")
            c.index_list_create("test", S, "v", aerospike.INDEX_NUMERIC, "sidx_lv")
        live: dict[int, Any] = {}
        for k, v in writes:
            if v == "DELETE":
                if k in live:
                    c.remove(("test", S, k))
                    del live[k]
            else:
                c.put(("test", S, k), {"v": v})
                live[k] = v
        high = low + span

        def order(keys: list[int], val: Any) -> list[bytes]:
            digs = [(partition_id(_key(c, k)), val(k), _key(c, k)) for k in keys]
            return [d for _p, _v, d in sorted(digs)]

        plain = [k for k, v in live.items() if type(v) is int and low <= v <= high]
        assert _digests(_ix(c, "sidx_v").between(low, high)) == order(plain, lambda k: live[k])
        in_list = [k for k, v in live.items() if isinstance(v, list) and low in v]
        assert _digests(_ix(c, "sidx_lv").equal(low)) == order(in_list, lambda k: low)
    finally:
        c.close()
        from aeromodel.client.engine.engine import Engine

        Engine.drop(name)


# -- expression indexes ------------------------------------------------------------------------


def test_an_expression_index_holds_each_records_value(client: aerospike.Client) -> None:
    from aeromodel.client.helpers.expressions import arithmetic as ar
    from aeromodel.client.helpers.expressions import base as e

    c = client
    c.put(("test", S, 1), {"a": 2, "b": 3})
    total = ar.Add(e.IntBin("a"), e.IntBin("b")).compile()
    c.index_expr_create("test", S, aerospike.INDEX_TYPE_DEFAULT, aerospike.INDEX_NUMERIC, total,
                        "sidx_exp")
    c.put(("test", S, 2), {"a": 10, "b": 1})
    c.put(("test", S, 3), {"a": "x", "b": 1})  # unknown: not indexed, no error
    ix = _ix(c, "sidx_exp")
    assert _digests(ix.equal(5)) == [_key(c, 1)]
    assert _digests(ix.equal(11)) == [_key(c, 2)]
    assert ix.n_entries == 2
    c.put(("test", S, 2), {"a": 0})
    assert _digests(ix.equal(11)) == [] and _digests(ix.equal(1)) == [_key(c, 2)]


@pytest.mark.transports
def test_an_expression_of_the_wrong_type_is_refused_at_create(
    client: AnyClient, aerospike, exception, exp
) -> None:
    text = exp.StrBin("s").compile()
    with pytest.raises(exception.InvalidRequest) as info:
        client.index_expr_create("test", S, aerospike.INDEX_TYPE_DEFAULT, aerospike.INDEX_NUMERIC,
                                 text, "sidx_bad")
    assert "expression type 'string' does not match expected type 'numeric'" in str(info.value.msg)
    with pytest.raises(exception.InvalidRequest) as info:  # a truncated expression
        client.info_random_node(
            f"sindex-create:namespace=test;set={S};indexname=sidx_bad;type=numeric;exp=kwE="
        )
    assert info.value.msg == "bad 'exp' from {}:{}".format(*client.get_nodes()[0])
    assert "sidx_bad" not in client.info_random_node("sindex-list")
