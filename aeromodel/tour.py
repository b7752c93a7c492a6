"""A short, runnable tour of the client API on the embedded engine (``aeromodel demo --client``)."""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from typing import TextIO

import aeromodel.client as aerospike
from aeromodel.client import exception, predicates
from aeromodel.client.helpers import operations as ops
from aeromodel.client.helpers.batch import records as br
from aeromodel.client.helpers.expressions import base as exp
from aeromodel.client.helpers.expressions import bitwise_operators as bw


def _show(label: str, value: object) -> None:
    print(f"  {label:<34} {value}")


def tour(out: TextIO | None = None) -> None:
    """Walk through records, metadata, policies, operate, batches and info on an embedded engine,
    printing to ``out`` (default: standard output)."""
    with contextlib.redirect_stdout(out or sys.stdout):
        _tour()


def _tour() -> None:
    client = aerospike.client({"embedded": {"name": "demo"}})
    key = ("test", "users", "ada")
    print("aeromodel client tour (embedded engine, Aerospike 8.1 semantics)")

    print("\n1. put / get")
    client.put(key, {"name": "Ada", "age": 36, "langs": ["en", "fr"], "score": 9.5},
               policy={"key": aerospike.POLICY_KEY_SEND})
    _, meta, bins = client.get(key)
    assert meta is not None
    _show("get -> bins", bins)
    _show("meta (gen, ttl: never expires)", (meta.gen, meta.ttl))
    _show("digest (from calc_digest)", aerospike.calc_digest("test", "users", "ada").hex())

    print("\n2. generation-checked write (optimistic locking)")
    client.put(key, {"age": 37}, meta={"gen": meta.gen}, policy={"gen": aerospike.POLICY_GEN_EQ})
    _show("write with the current gen", "ok")
    try:
        client.put(key, {"age": 99}, meta={"gen": meta.gen}, policy={"gen": aerospike.POLICY_GEN_EQ})
    except exception.RecordGenerationError as err:
        _show("write with a stale gen", f"RecordGenerationError code={err.code}")

    print("\n3. operate: several operations, one atomic call")
    _, meta, bins = client.operate(
        key, [ops.increment("age", 1), ops.append("name", " Lovelace"), ops.read("age"), ops.read("name")]
    )
    _show("operate -> bins", bins)
    assert meta is not None
    _show("gen (one operate = one write)", meta.gen)

    print("\n4. ttl")
    client.put(("test", "sessions", "s1"), {"user": "ada"}, meta={"ttl": 3600})
    session = client.exists(("test", "sessions", "s1")).meta
    _show("ttl of a session", session.ttl if session else None)

    print("\n5. batches")
    keys = [("test", "users", f"u{i}") for i in range(3)]
    for i, kk in enumerate(keys[:2]):
        client.put(kk, {"n": i})
    result = client.batch_read(keys)
    _show("batch_read result codes", [r.result for r in result.batch_records])
    batch = br.BatchRecords([br.Write(keys[2], [ops.write("n", 2)]), br.Remove(keys[0])])
    client.batch_write(batch)
    _show("batch_write result codes", [r.result for r in batch.batch_records])

    print("\n6. filter expressions, a secondary index and a query")
    for i in range(20):
        client.put(("test", "people", i), {"name": f"p{i}", "age": 18 + i},
                   policy={"key": aerospike.POLICY_KEY_SEND})
    adult_with_even_age = exp.And(
        exp.GE(exp.IntBin("age"), 21), exp.Eq(bw.IntAnd(exp.IntBin("age"), 1), 0)
    ).compile()
    try:
        client.get(("test", "people", 0), {"expressions": adult_with_even_age})
    except exception.FilteredOut as err:
        _show("get of age 18 with the filter", f"FilteredOut code={err.code}")
    client.index_integer_create("test", "people", "age", "idx_people_age")
    query = client.query("test", "people")
    query.where(predicates.between("age", 20, 30))
    found = query.results({"expressions": adult_with_even_age})
    _show("query age 20..30, filtered", sorted((rec.bins or {})["age"] for rec in found))

    print("\n7. errors are the documented exceptions")
    refusals: list[tuple[str, Callable[[], object]]] = [
        ("missing record", lambda: client.get(("test", "users", "nobody"))),
        ("bin name over 15 bytes", lambda: client.put(key, {"a_very_long_bin_name": 1})),
        ("unknown namespace", lambda: client.get(("nope", "users", 1))),
        ("int outside 64 bits", lambda: client.put(key, {"big": 2**64})),
    ]
    for label, call in refusals:
        try:
            call()
        except exception.AerospikeError as err:
            _show(label, f"{type(err).__name__} code={err.code}")
    _show("record untouched after refusals", (client.get(key).bins or {})["age"])

    print("\n8. info")
    _show("build", client.info_all("build"))
    _show("sets/test/users", next(iter(client.info_all("sets/test/users").values()))[1].split(":")[0])
    time.sleep(0.002)  # truncate cuts at "now" in whole ms; same-ms records survive, as on a server
    client.truncate("test", "users", 0)
    _show("after truncate", client.exists(key).meta)
    client.close()
    print("\ndone.")


if __name__ == "__main__":
    tour()
