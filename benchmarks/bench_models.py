"""Model layer against the raw client, in the same run, on the embedded engine: a 10-field model.

Each pair is timed in turn (model, raw, model, raw, ...) and the median ratio is printed, so that a
machine whose speed drifts changes both alike. Goals: reads <= 1.5x the raw call, writes <= 2x.
Run: python3 benchmarks/bench_models.py [--quick]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aeromodel
import aeromodel.client as aerospike
from aeromodel import Field, Model


class User(Model, namespace="test", set="bench_users"):
    id: str = Field(primary_key=True)
    name: str
    email: str
    age: int
    score: float
    active: bool
    city: str
    logins: int
    tags: list[str] = Field(default_factory=list)
    prefs: dict[str, int] = Field(default_factory=dict)


WHEN = datetime(2024, 1, 1, tzinfo=timezone.utc)


def bins(i: int) -> dict[str, object]:
    return {
        "name": f"user{i}", "email": f"u{i}@example.com", "age": 20 + i % 50, "score": i * 0.5,
        "active": True, "city": "Oslo", "logins": i, "tags": ["a", "b", "c"],
        "prefs": {"x": 1, "y": 2, "z": 3},
    }


def per_call_us(fn: Callable[[], object], n: int) -> float:
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return (time.perf_counter() - t0) / n * 1e6


def pair(model: Callable[[], object], raw: Callable[[], object], n: int, rounds: int) -> tuple[float, float, float]:
    """(model µs, raw µs, median ratio) over ``rounds`` alternating rounds of ``n`` calls."""
    ms, rs, ratios = [], [], []
    for _ in range(rounds):
        m = per_call_us(model, n)
        r = per_call_us(raw, n)
        ms.append(m)
        rs.append(r)
        ratios.append(m / r)
    return statistics.median(ms), statistics.median(rs), statistics.median(ratios)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer calls (a smoke run)")
    args = parser.parse_args()
    n, rounds = (200, 3) if args.quick else (3000, 9)

    client = aerospike.client({"embedded": {"name": "bench-models"}})
    aeromodel.connect(client)
    keys = [f"u{i}" for i in range(100)]
    for i, k in enumerate(keys):
        User(id=k, **bins(i)).save()  # type: ignore[arg-type]
    raw_keys = [("test", "bench_users", k) for k in keys]
    write_policy = {"key": aerospike.POLICY_KEY_SEND}

    loaded = User.get("u1")
    counter = [0]

    def model_save() -> None:
        counter[0] += 1
        loaded.logins = counter[0]
        loaded.save()

    def raw_put() -> None:
        counter[0] += 1
        client.put(raw_keys[2], {"logins": counter[0]}, policy=write_policy)

    fresh_bins = bins(7)
    def model_new_save() -> None:
        User(id="n1", **fresh_bins).save()  # type: ignore[arg-type]

    def raw_new_put() -> None:
        client.put(("test", "bench_users", "n1"), fresh_bins, policy=write_policy)

    rows = [
        ("User.get vs client.get", lambda: User.get("u1"), lambda: client.get(raw_keys[1]), n, 1.5),
        ("save (1 changed field) vs put (1 bin)", model_save, raw_put, n, 2.0),
        ("save (new instance, 10 fields) vs put (10 bins)", model_new_save, raw_new_put, n, 2.0),
        ("get_many (100) vs batch_read (100)", lambda: User.get_many(keys),
         lambda: client.batch_read(raw_keys), max(10, n // 100), 1.5),
    ]
    print(f"{'call':<50} {'model µs':>9} {'raw µs':>9} {'ratio':>6} {'goal':>5}")
    for label, model, raw, calls, goal in rows:
        m, r, ratio = pair(model, raw, calls, rounds)
        flag = "" if ratio <= goal else "  (missed)"
        print(f"{label:<50} {m:9.1f} {r:9.1f} {ratio:6.2f} {goal:5.1f}{flag}")


if __name__ == "__main__":
    main()
