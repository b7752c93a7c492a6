"""A model query finding 100 records beside the raw ``client.query`` it makes, in the same run
(goal <= 1.5x), on the 10-field model of bench_models.py with an index on ``age``
(5,000 records, 100 per age). Run: ``python3 benchmarks/bench_models_query.py [--quick]``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_models as bm

import aeromodel
import aeromodel.client as aerospike
from aeromodel import Field, Model
from aeromodel.client import predicates


class Member(Model, namespace="test", set="bench_members"):
    id: str = Field(primary_key=True)
    name: str
    email: str
    age: int = Field(index=True)
    score: float
    active: bool
    city: str
    logins: int
    tags: list[str] = Field(default_factory=list)
    prefs: dict[str, int] = Field(default_factory=dict)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer calls (a smoke run)")
    args = parser.parse_args()
    n, rounds = (20, 3) if args.quick else (300, 9)
    client = aerospike.client({"embedded": {"name": "bench-models-query"}})
    aeromodel.connect(client)
    client.index_single_value_create("test", "bench_members", "age", aerospike.INDEX_NUMERIC,
                                     "bench_members_age_idx")
    for i in range(5000):
        Member(id=f"m{i}", **bm.bins(i)).save()  # type: ignore[arg-type]
    q = Member.query().where(age=33)
    assert len(q.all()) == 100 and q.explain().mode == "query"

    def raw() -> object:
        rq = client.query("test", "bench_members")
        rq.where(predicates.equals("age", 33))
        return rq.results()

    def raw_nobins() -> object:
        rq = client.query("test", "bench_members")
        rq.where(predicates.equals("age", 33))
        return rq.results(None, {"nobins": True})

    rows = [
        ("query().where(age=33).all() vs client.query (100)", q.all, raw, 1.5),
        ("query ... streamed (for m in q) vs client.query", lambda: list(q), raw, 1.5),
        ("query().where(age=33).count() vs client.query nobins",
         q.count, raw_nobins, 1.5),
    ]
    print(f"{'call':<55} {'model µs':>9} {'raw µs':>9} {'ratio':>6} {'goal':>5}")
    for label, model, rawfn, goal in rows:
        m, r, ratio = bm.pair(model, rawfn, n, rounds)
        flag = "" if ratio <= goal else "  (missed)"
        print(f"{label:<55} {m:9.1f} {r:9.1f} {ratio:6.2f} {goal:5.1f}{flag}")


if __name__ == "__main__":
    main()
