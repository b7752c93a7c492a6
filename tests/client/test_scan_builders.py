"""Scan and query builders and predicates, without a backend; the front-end over a
MockTransport (what it sends)."""

from __future__ import annotations

import pytest

import aeromodel.client as aerospike
from aeromodel.client import exception, predicates
from aeromodel.client.command import (
    PARTICLE_BLOB,
    PARTICLE_GEOJSON,
    PARTICLE_INTEGER,
    PARTICLE_STRING,
    Predicate,
    ScanCommand,
)
from aeromodel.client.commands import scans
from aeromodel.client.helpers import cdt_ctx
from aeromodel.client.helpers.expressions import base as exp
from aeromodel.client.transport import MockTransport

LIST = aerospike.INDEX_TYPE_LIST


@pytest.mark.parametrize(
    ("made", "tuple_form"),
    [
        (predicates.equals("a", 1), (0, 4, "a", 1)),
        (predicates.equals("a", "x"), (0, 0, "a", "x")),
        (predicates.equals("a", b"xy"), (0, 3, "a", b"xy")),
        (predicates.between("a", 1, 5), (1, 4, "a", 1, 5)),
        (predicates.contains("a", LIST, 1), (0, 4, "a", 1, None, 1)),
        (predicates.contains("a", aerospike.INDEX_TYPE_MAPKEYS, "x"), (0, 0, "a", "x", None, 2)),
        (predicates.range("a", aerospike.INDEX_TYPE_MAPVALUES, 1, 4), (1, 4, "a", 1, 4, 3)),
        (
            predicates.geo_within_radius("g", 1.0, 2.0, 100.0),
            (1, 2, "g", '{"type": "AeroCircle", "coordinates": [[1.0, 2.0], 100.0]}', None, 0),
        ),
        (
            predicates.geo_contains_point("g", 1.0, 2.0),
            (1, 2, "g", '{"type": "Point", "coordinates": [1.0, 2.0]}', None, 0),
        ),
        (predicates.geo_within_geojson_region("g", "{}", LIST), (1, 2, "g", "{}", None, 1)),
        (predicates.geo_contains_geojson_point("g", "{}"), (1, 2, "g", "{}", None, 0)),
        # A value of a type no index holds gives None, as the official helpers do.
        (predicates.equals("a", 1.5), None),
        (predicates.between("a", "x", 2), None),
    ],
)
def test_predicates_are_the_official_tuples(made: object, tuple_form: object) -> None:
    assert made == tuple_form


def test_geo_numbers_are_checked() -> None:
    with pytest.raises(exception.ParamError):
        predicates.geo_within_radius("g", "x", 1, 1)  # type: ignore[arg-type]


def test_predicate_to_wire_fields() -> None:
    assert scans.predicate(predicates.equals("a", 7)) == Predicate("a", 0, PARTICLE_INTEGER, 7, 7)
    assert scans.predicate(predicates.between("a", 1, 9)) == Predicate("a", 0, PARTICLE_INTEGER, 1, 9)
    assert scans.predicate(predicates.equals("a", "x")).ptype == PARTICLE_STRING
    assert scans.predicate(predicates.equals("a", bytearray(b"x"))).begin == b"x"
    assert scans.predicate(predicates.equals("a", b"x")).ptype == PARTICLE_BLOB
    geo = scans.predicate(predicates.geo_contains_point("g", 1, 2, LIST))
    assert (geo.itype, geo.ptype, geo.end) == (1, PARTICLE_GEOJSON, None)
    ctx = scans.predicate(predicates.equals("a", 1), [cdt_ctx.cdt_ctx_list_index(0)]).ctx
    assert ctx is not None and ctx.startswith(b"\x92")  # msgpack [type, index]
    named = scans.predicate(predicates.equals(None, 1), index_name="ix")
    assert (named.bin, named.index_name) == (None, "ix")
    compiled = exp.IntBin("a").compile()
    assert scans.predicate(predicates.equals(None, 1), exp=compiled).exp == bytes(compiled)


@pytest.mark.parametrize(
    "bad",
    [None, (), (0, 4, "a"), (7, 4, "a", 1), (0, 99, "a", 1), (0, 4, 5, 1), (0, 4, "a", 1, None, 9),
     (0, 4, "a", "x"), (1, 4, "a", 1, "z")],
)
def test_bad_predicates_are_param_errors(bad: object) -> None:
    with pytest.raises(exception.ParamError):
        scans.predicate(bad)


def test_index_name_or_expression_wants_no_bin() -> None:
    with pytest.raises(exception.ParamError):
        scans.predicate(predicates.equals("a", 1), index_name="ix")


def test_command_builder() -> None:
    cmd = scans.command("test", None, bins=["a"], nobins=False, max_records=5)
    assert cmd == ScanCommand("test", None, ("a",), False, None, None, None, 5, 0)


def _mock() -> tuple[aerospike.Client, MockTransport]:
    t = MockTransport()
    return aerospike.Client({"hosts": [("127.0.0.1", 3000)]}, transport=t), t


def test_query_sends_one_command_with_its_settings() -> None:
    c, t = _mock()
    q = c.query("test", "s")
    q.select("a", "b")
    q.where(predicates.between("n", 1, 3))
    q.max_records = 10
    q.records_per_second = 50
    flt = exp.Eq(exp.IntBin("a"), 1).compile()
    assert q.results({"expressions": flt}) == []
    (cmd,) = t.scans
    assert cmd == ScanCommand(
        "test", "s", ("a", "b"), False, Predicate("n", 0, PARTICLE_INTEGER, 1, 3), flt, None, 10, 50
    )


def test_scan_reads_limits_from_its_policy_and_nobins_from_options() -> None:
    c, t = _mock()
    c.scan("test").foreach(lambda r: None, {"max_records": 3, "records_per_second": 9}, {"nobins": True})
    (cmd,) = t.scans
    assert (cmd.set_name, cmd.nobins, cmd.max_records, cmd.records_per_second) == (None, True, 3, 9)


def test_partition_filter_sends_its_partitions() -> None:
    c, t = _mock()
    d = bytes(range(20))
    c.scan("test", "s").results({"partition_filter": {"begin": 5, "count": 3, "digest": {"init": True, "value": d}}})
    assert t.scans[0].partitions == [(5, d, 0), (6, None, 0), (7, None, 0)]


def test_records_become_record_tuples() -> None:
    c, t = _mock()
    digest = b"\x07\x00" + bytes(18)
    t.scan_records = [(digest, 3, 0, {"a": 1}, "k", "s", None), (digest, 1, 0, None, None, None, None)]
    recs = c.query("test").results()
    assert recs[0] == (("test", "s", "k", bytearray(digest)), {"ttl": 0xFFFFFFFF, "gen": 3}, {"a": 1})
    assert recs[1].bins == {} and recs[1].key.set_name is None


@pytest.mark.parametrize(
    "pf",
    [[1], {"begin": -1}, {"begin": 4096}, {"count": 0}, {"begin": 4000, "count": 200},
     {"partition_status": []}, {"partition_status": {"done": False}},
     {"digest": {"init": True, "value": b"short"}}],
)
def test_bad_partition_filters_are_param_errors(pf: object) -> None:
    c, _ = _mock()
    with pytest.raises(exception.ParamError):
        c.scan("test", "s").results({"partition_filter": pf})


def test_udf_calls_are_refused_by_name() -> None:
    c, _ = _mock()
    q = c.query("test", "s")
    for call in (lambda: q.apply("m", "f"), lambda: q.execute_background(), lambda: q.add_ops([]),
                 lambda: c.scan("test").execute_background(),
                 lambda: c.scan_apply("test", "s", "m", "f"), lambda: c.query_apply("test", "s", None, "m", "f"),
                 lambda: c.job_info(1, aerospike.JOB_SCAN)):
        with pytest.raises(exception.ClientError, match="UDF"):
            call()


def test_select_and_where_only_once() -> None:
    c, _ = _mock()
    q = c.query("test", "s")
    q.select("a")
    with pytest.raises(exception.ClientError, match="more than once"):
        q.select("b")
    q.where(predicates.equals("a", 1))
    with pytest.raises(exception.ParamError, match="Failed to add predicate"):
        q.where(predicates.equals("a", 2))
    with pytest.raises(exception.ParamError, match="predicate is invalid"):
        c.query("test").where(None)


def test_options_and_nodename_are_checked() -> None:
    c, _ = _mock()
    with pytest.raises(exception.ParamError):
        c.query("test").results(options={"nobinz": True})
    with pytest.raises(exception.ParamError):
        c.scan("test").foreach(print, options={"percent": 50})
    with pytest.raises(exception.ParamError):
        c.scan("test").results(nodename="nope")
    assert c.scan("test").results(nodename="MOCK") == []
