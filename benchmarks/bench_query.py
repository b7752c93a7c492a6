"""Query and scan benchmark on a 200,000-record set: an indexed equality query finding 100
records beside a 100-key batch_read (goal: within 2x), a range query finding 1 %, and full-scan
records/s without bins (goal: 1,000,000/s) and with them. Prints figures and ratios.
Run: python3 benchmarks/bench_query.py [--records N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections import deque
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aeromodel.client as aerospike
from aeromodel.client import predicates as p
from aeromodel.client.command import ScanCommand


def best_seconds(fn: Callable[[], object], repeat: int) -> float:
    """The median time of one call over ``repeat`` calls."""
    runs = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        runs.append(time.perf_counter() - t0)
    return statistics.median(runs)


def minor_faults() -> int:
    """The process's minor page faults so far (0 where the platform does not say)."""
    try:
        import resource
    except ImportError:
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--records", type=int, default=200_000)
    n = parser.parse_args().records
    client = aerospike.client({"embedded": {"name": "bench_query"}})
    ns, st = "test", "bench_query"
    for i in range(n):
        client.put((ns, st, i), {"id": i, "g": i % (n // 100), "name": f"user{i}", "score": i * 3})
    client.index_integer_create(ns, st, "g", "bench_query_g")
    client.index_integer_create(ns, st, "id", "bench_query_id")

    eq = client.query(ns, st)
    eq.where(p.equals("g", 7))
    assert len(eq.results()) == 100
    keys = [(ns, st, i) for i in range(7, n, n // 100)][:100]
    assert len(client.batch_read(keys).batch_records) == 100
    rounds = []
    for _ in range(9):
        q = best_seconds(eq.results, 20)
        b = best_seconds(lambda: client.batch_read(keys), 20)
        rounds.append((q, b, q / b))
    q_us = statistics.median(r[0] for r in rounds) * 1e6
    b_us = statistics.median(r[1] for r in rounds) * 1e6
    ratio = statistics.median(r[2] for r in rounds)
    print(f"equality query, 100 records: {q_us:8.0f} us   100-key batch_read: {b_us:8.0f} us"
          f"   ratio {ratio:.2f}x (goal <= 2x)")

    rq = client.query(ns, st)
    rq.where(p.between("id", 0, n // 100 - 1))
    found = len(rq.results())
    r_s = best_seconds(rq.results, 9)
    print(f"range query, {found} records (1 %): {r_s * 1e3:8.1f} ms   {found / r_s:,.0f} records/s")

    scan = client.scan(ns, st)
    nobins = client.query(ns, st)
    faults = minor_faults()
    s_nobins = best_seconds(lambda: nobins.results(options={"nobins": True}), 5)
    faults = (minor_faults() - faults) // 5
    print(f"full scan, nobins: {n / s_nobins:12,.0f} records/s   ({s_nobins * 1e3:.0f} ms;"
          f" goal >= 1,000,000/s, {n / s_nobins / 1e6:.2f}x of it)")
    if faults:
        print(f"   {faults:,} page faults a run: the record objects' fresh memory "
              f"({faults * 4096 // n} bytes a record)")
    s_bins = best_seconds(scan.results, 5)
    print(f"full scan, bins:   {n / s_bins:12,.0f} records/s   ({s_bins * 1e3:.0f} ms)")
    cmd = ScanCommand(ns, st, nobins=True)
    transport = client._transport
    s_engine = best_seconds(lambda: deque(transport.execute_scan(cmd).records, maxlen=0), 5)
    print(f"full scan, nobins, the engine's stream alone (no record tuples): "
          f"{n / s_engine:12,.0f} records/s")
    count = [0]

    def counting(_rec: object) -> None:
        count[0] += 1

    s_each = best_seconds(lambda: scan.foreach(counting, options={"nobins": True}), 5)
    print(f"full scan, foreach nobins: {n / s_each:12,.0f} records/s")
    client.index_remove(ns, "bench_query_g")
    client.index_remove(ns, "bench_query_id")
    client.truncate(ns, st, 0)


if __name__ == "__main__":
    main()
