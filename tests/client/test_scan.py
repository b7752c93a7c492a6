"""Scans on the embedded engine: the server's order, whole-namespace scans, expiry, filters,
foreach, max_records, partition filters and pagination (shapes pinned on a real 8.1.2 server
with the official client 19.3)."""

from __future__ import annotations

from typing import Any

import pytest
from _support import FAKE_CLOCK_TTL, AnyClient

from aeromodel.client import calc_digest

pytestmark = pytest.mark.transports

S = "qry_scan"


def pid_of(digest: bytes | bytearray) -> int:
    return (digest[0] | digest[1] << 8) & 0xFFF


def keys_in_partition(ns: str, set_name: str, pid: int, n: int) -> list[int]:
    out, i = [], 0
    while len(out) < n:
        if pid_of(calc_digest(ns, set_name, i)) == pid:
            out.append(i)
        i += 1
    return out


def fill(c: AnyClient, n: int = 40, set_name: str = S) -> None:
    for i in range(n):
        c.put(("test", set_name, i), {"n": i, "odd": i % 2})


def test_order_is_by_partition_then_descending_digest(client: AnyClient) -> None:
    c = client
    keys = keys_in_partition("test", S, 7, 30)
    for k in keys:
        c.put(("test", S, k), {"k": k})
    fill(c, 50)
    digests = [bytes(r[0][3]) for r in c.scan("test", S).results()]
    pids = [pid_of(d) for d in digests]
    assert pids == sorted(pids)
    in7 = [d for d in digests if pid_of(d) == 7]
    assert len(in7) >= 30 and in7 == sorted(in7, reverse=True)  # seen on a real server


def test_whole_namespace_scan_and_query_cover_every_set(client: AnyClient) -> None:
    c = client
    c.put(("test", "qry_a", 1), {"x": 1})
    c.put(("test", "qry_b", 1), {"x": 2})
    c.put(("test", None, 1), {"x": 3})
    c.put(("bar", "qry_a", 1), {"x": 4})
    for stream in (c.scan("test"), c.query("test", None)):
        found = sorted((r[0][1] or "", r[2]["x"]) for r in stream.results())
        assert found == [("", 3), ("qry_a", 1), ("qry_b", 2)]
    assert [r[2] for r in c.scan("test", "qry_b").results()] == [{"x": 2}]
    assert c.scan("test", "qry_none").results() == []


def test_keys_meta_and_bins(client: AnyClient, aerospike) -> None:
    c = client
    c.put(("test", S, "sent"), {"a": 1, "b": [1, 2]}, policy={"key": aerospike.POLICY_KEY_SEND})
    c.put(("test", S, "digest"), {"a": 2})
    recs = {r[2]["a"]: r for r in c.scan("test", S).results()}
    assert recs[1][0] == ("test", S, "sent", calc_digest("test", S, "sent"))
    assert recs[2][0][2] is None
    assert recs[1][1] == {"ttl": 0xFFFFFFFF, "gen": 1} and recs[1][2] == {"a": 1, "b": [1, 2]}
    assert recs[2][1]["ttl"] == 0xFFFFFFFF
    recs[1][2]["b"].append(3)  # the caller's copy
    assert c.get(("test", S, "sent"))[2]["b"] == [1, 2]
    s = c.scan("test", S)
    s.select("b", "missing")
    # A record holding none of the selected bins is left out, as a real 8.1.2 server does.
    assert [r[2] for r in s.results()] == [{"b": [1, 2]}]
    got: list[Any] = []
    c.scan("test", S).foreach(got.append, options={"nobins": True})
    assert [r[2] for r in got] == [{}, {}]


@pytest.mark.ours_only(FAKE_CLOCK_TTL)
def test_a_scan_reads_the_ttl(timed_client: AnyClient) -> None:
    timed_client.put(("test", S, 1), {"a": 1}, meta={"ttl": 100})
    ((_key, meta, _bins),) = timed_client.scan("test", S).results()
    assert meta == {"ttl": 100, "gen": 1}


def test_expired_records_are_skipped(make_client: Any, clock: Any) -> None:
    c = make_client(clock=clock)
    c.put(("test", S, 1), {"a": 1}, meta={"ttl": 10})
    c.put(("test", S, 2), {"a": 2})
    clock.advance(11)  # expired, not swept yet
    assert [r[2] for r in c.scan("test", S).results()] == [{"a": 2}]


def test_filter_expression(client: AnyClient, exception, exp) -> None:
    fill(client)
    odd = exp.Eq(exp.IntBin("odd"), 1).compile()
    recs = client.scan("test", S).results({"expressions": odd})
    assert sorted(r[2]["n"] for r in recs) == list(range(1, 40, 2))
    # A record the filter cannot be evaluated on (a string bin) is left out, no error.
    client.put(("test", S, "s"), {"odd": "text"})
    assert len(client.scan("test", S).results({"expressions": odd})) == 20
    with pytest.raises(exception.InvalidRequest):
        client.scan("test", S).results({"expressions": exp.IntBin("odd").compile()})


def test_foreach_stops_on_false(client: AnyClient) -> None:
    fill(client)
    seen: list[Any] = []

    def take_five(rec: Any) -> Any:
        seen.append(rec)
        return len(seen) < 5 and None

    client.scan("test", S).foreach(take_five)
    assert len(seen) == 5


@pytest.mark.parametrize("kind", ["scan", "query"])
def test_a_callback_that_raises_stops_the_stream_with_client_error(
    client: AnyClient, exception, kind: str
) -> None:
    """As the official client: ClientError (-1), whatever the callback raised (here its cause)."""
    fill(client)
    seen: list[Any] = []

    def fails_on_third(rec: Any) -> None:
        seen.append(rec)
        if len(seen) == 3:
            raise ValueError("callback error")

    with pytest.raises(exception.ClientError) as info:
        getattr(client, kind)("test", S).foreach(fails_on_third)
    assert info.value.code == -1
    assert len(seen) == 3
    with pytest.raises(exception.ClientError) as info:
        getattr(client, kind)("test", S).foreach(lambda: None)  # takes no record: a TypeError
    assert info.value.code == -1
    with pytest.raises(exception.ClientError) as info:
        getattr(client, kind)("test", S).foreach(5)
    assert info.value.code == -1


def test_a_scan_needs_a_namespace_and_a_client(client: AnyClient, exception, aerospike) -> None:
    for kind in ("scan", "query"):
        with pytest.raises(exception.ParamError):
            getattr(client, kind)()
    with pytest.raises(TypeError):
        aerospike.Scan("test", S)
    with pytest.raises(TypeError):
        aerospike.Query("test", S)


def test_max_records_from_the_scan_policy(client: AnyClient) -> None:
    fill(client)
    assert len(client.scan("test", S).results({"max_records": 7})) == 7
    assert len(client.scan("test", S).results({"records_per_second": 1000})) == 40


def test_unknown_namespace(client: AnyClient, exception) -> None:
    with pytest.raises(exception.NamespaceNotFound):
        client.scan("nope", S).results()


def test_partition_filter_by_range_and_foreach_gets_partition_ids(client: AnyClient) -> None:
    fill(client, 200)
    recs = client.scan("test", S).results({"partition_filter": {"begin": 1000, "count": 1000}})
    assert recs and all(1000 <= pid_of(r[0][3]) < 2000 for r in recs)
    calls: list[tuple[Any, ...]] = []
    client.scan("test", S).foreach(lambda *a: calls.append(a), {"partition_filter": {}})
    assert len(calls) == 200 and all(len(a) == 2 and a[0] == pid_of(a[1][0][3]) for a in calls)


@pytest.mark.ours_only("sends a partition filter's bytearray digest as zeros (takes only a str)")
def test_partition_filter_by_digest_resumes_after_it(client: AnyClient) -> None:
    c = client
    for k in keys_in_partition("test", S, 9, 10):
        c.put(("test", S, k), {"k": k})
    whole = c.scan("test", S).results({"partition_filter": {"begin": 9, "count": 1}})
    after = whole[3][0][3]
    rest = c.scan("test", S).results(
        {"partition_filter": {"begin": 9, "count": 1, "digest": {"init": True, "value": after}}}
    )
    assert [r[0] for r in rest] == [r[0] for r in whole[4:]]


def _count_init(status: dict[Any, Any]) -> int:
    return sum(1 for k, v in status.items() if isinstance(k, int) and v[1])


def test_pagination(client: AnyClient) -> None:
    fill(client, 23)
    s = client.scan("test", S)
    s.paginate()
    assert s.get_partitions_status() == {} and not s.is_done()
    pages = []
    while not s.is_done():
        pages.append(s.results({"max_records": 5}))
    assert [len(p) for p in pages] == [5, 5, 5, 5, 3]
    assert sorted(r[2]["n"] for p in pages for r in p) == list(range(23))
    status = s.get_partitions_status()
    assert status["done"] is True and status["retry"] is False and len(status) == 4098
    _pid, init, retry, digest, bval = status[pid_of(pages[0][0][0][3])]
    assert (init, retry, bval, type(digest)) == (True, False, 0, bytearray)


def test_exact_last_page_needs_one_more_run(client: AnyClient) -> None:
    fill(client, 10)
    s = client.scan("test", S)
    s.paginate()
    assert len(s.results({"max_records": 5})) == 5
    st = s.get_partitions_status()
    assert (st["done"], st["retry"]) == (False, False)
    assert all(v[2] for k, v in st.items() if isinstance(k, int))  # every partition to retry
    assert len(s.results({"max_records": 5})) == 5 and not s.is_done()
    assert s.results({"max_records": 5}) == [] and s.is_done()


def test_resume_from_a_saved_status(client: AnyClient) -> None:
    fill(client, 20)
    s = client.scan("test", S)
    s.paginate()
    first = s.results({"max_records": 5})
    saved = s.get_partitions_status()
    again = client.scan("test", S)
    rest = again.results({"partition_filter": {"partition_status": saved}})
    assert len(rest) == 15 and again.is_done()
    assert {r[2]["n"] for r in first} | {r[2]["n"] for r in rest} == set(range(20))


def test_a_stopped_foreach_resumes_where_it_stopped(client: AnyClient) -> None:
    fill(client, 20)
    s = client.scan("test", S)
    s.paginate()
    seen: list[Any] = []
    s.foreach(lambda r: seen.append(r) if len(seen) < 3 else False)
    st = s.get_partitions_status()
    assert (st["done"], st["retry"], _count_init(st)) == (False, True, 3)
    rest = s.results()
    assert len(rest) == 17 and s.is_done()
    assert {r[2]["n"] for r in seen + rest} == set(range(20))


def test_untracked_runs_have_no_status(client: AnyClient) -> None:
    fill(client, 5)
    s = client.scan("test", S)
    s.results()
    assert s.get_partitions_status() == {} and not s.is_done()
    s.results({"partition_filter": {"begin": 0, "count": 2048}})
    assert s.is_done() and len(s.get_partitions_status()) == 2050


def test_nodename_is_accepted(client: AnyClient) -> None:
    fill(client, 3)
    node = client.get_node_names()[0]["node_name"]
    assert len(client.scan("test", S).results(nodename=node)) == 3
