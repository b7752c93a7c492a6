"""Threads writing distinct keys: puts per second with 1 thread and with 8, and their ratio.

Writers on different keys take different partition locks, so 8 threads should keep close to one
thread's throughput (the GIL runs one at a time either way; what must not happen is threads queueing
behind one lock). Run: python3 benchmarks/bench_threads.py [--seconds S]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aeromodel.client as aerospike
from aeromodel.client.engine.engine import Engine


def puts_per_second(threads: int, seconds: float) -> float:
    """Total puts per second of ``threads`` threads, each writing its own keys for ``seconds``."""
    name = f"bench-threads-{threads}"
    client = aerospike.client({"embedded": {"name": name}})
    keys = [[("test", "bench", f"t{t}-{i}") for i in range(2000)] for t in range(threads)]
    counts = [0] * threads
    start = threading.Barrier(threads + 1)
    stop = threading.Event()

    def work(t: int) -> None:
        mine = keys[t]
        put = client.put
        n = 0
        start.wait()
        while not stop.is_set():
            for key in mine[:200]:
                put(key, {"n": n, "s": "value"})
                n += 1
            mine = mine[200:] + mine[:200]
        counts[t] = n

    workers = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for w in workers:
        w.start()
    start.wait()
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - t0
    client.close()
    Engine.drop(name)
    return sum(counts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=1.0, help="per measurement")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    # 1 and 8 threads measured in turn, several times: a shared machine's speed drifts, and the
    # median ratio of neighbouring measurements is what stays put.
    ones, eights, ratios = [], [], []
    for _ in range(args.rounds):
        one = puts_per_second(1, args.seconds)
        eight = puts_per_second(8, args.seconds)
        ones.append(one)
        eights.append(eight)
        ratios.append(eight / one)
    print(f"1 thread : {statistics.median(ones):>10,.0f} puts/s (median of {args.rounds})")
    print(f"8 threads: {statistics.median(eights):>10,.0f} puts/s")
    print(f"ratio    : {statistics.median(ratios):>10.2f}   (goal >= 0.80; rounds: "
          + ", ".join(f"{r:.2f}" for r in ratios) + ")")


if __name__ == "__main__":
    main()
