"""The cluster transport against the official client, both over one ``aeromodel serve``.

Starts ``python -m aeromodel serve`` on a free port, then measures (same workload, same server):
single-record put and get latency (median µs), 100-key batch_read records/s, and a scan's
records/s — ours in this process, the official client's in a subprocess (``import aerospike``
here, or AEROMODEL_OFFICIAL_PYTHON / /tmp/oracle/venv/bin/python).

    PYTHONPATH=. python3 benchmarks/bench_wire.py [--n 3000]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import time

WORKLOAD = r'''
import json, statistics, sys, time
def run(aerospike, port, n):
    c = aerospike.client({"hosts": [("127.0.0.1", port)]}).connect()
    tag = sys.argv[3] if len(sys.argv) > 3 else "x"
    keys = [("test", "cl_bench_" + tag, i) for i in range(1000)]
    out = {}
    lat = []
    for i in range(n):
        k = keys[i % 1000]
        t = time.perf_counter(); c.put(k, {"i": i, "s": "value-%d" % i}); lat.append(time.perf_counter() - t)
    out["put_us"] = statistics.median(lat) * 1e6
    lat = []
    for i in range(n):
        k = keys[i % 1000]
        t = time.perf_counter(); c.get(k); lat.append(time.perf_counter() - t)
    out["get_us"] = statistics.median(lat) * 1e6
    rounds = max(20, n // 50)
    t = time.perf_counter()
    for r in range(rounds):
        start = (r * 100) % 900
        c.batch_read(keys[start:start + 100])
    out["batch_rps"] = rounds * 100 / (time.perf_counter() - t)
    best = 0.0
    for _ in range(3):
        t = time.perf_counter(); recs = c.scan("test", "cl_bench_" + tag).results()
        best = max(best, len(recs) / (time.perf_counter() - t))
    out["scan_rps"] = best
    out["scan_records"] = len(recs)
    c.close()
    return out
if __name__ == "__main__":
    import aerospike
    print(json.dumps(run(aerospike, int(sys.argv[1]), int(sys.argv[2]))))
'''


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def official_python() -> str | None:
    try:
        import aerospike  # type: ignore[import-not-found]  # noqa: F401
    except ImportError:
        for candidate in (os.environ.get("AEROMODEL_OFFICIAL_PYTHON"), "/tmp/oracle/venv/bin/python"):
            if candidate and os.path.exists(candidate):
                return candidate
        return None
    return sys.executable


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    server = subprocess.Popen(
        [sys.executable, "-m", "aeromodel", "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        ns: dict[str, object] = {}
        exec(WORKLOAD, ns)
        import aeromodel.client as ours

        results = {"aeromodel cluster": ns["run"](ours, port, args.n)}  # type: ignore[operator]
        python = official_python()
        if python:
            proc = subprocess.run(
                [python, "-c", WORKLOAD, str(port), str(args.n), "official"],
                capture_output=True, text=True, check=True,
            )
            results["official client"] = json.loads(proc.stdout)
    finally:
        server.terminate()
        server.wait(5)
    print(f"{'client':20} {'put µs':>8} {'get µs':>8} {'batch rec/s':>12} {'scan rec/s':>11}")
    for name, r in results.items():
        print(
            f"{name:20} {r['put_us']:8.1f} {r['get_us']:8.1f} {r['batch_rps']:12,.0f} "
            f"{r['scan_rps']:11,.0f}  ({r['scan_records']} records scanned)"
        )
    if len(results) == 2:
        a, b = results["aeromodel cluster"], results["official client"]
        print(
            f"ratio ours/official: put {a['put_us'] / b['put_us']:.2f}x, get "
            f"{a['get_us'] / b['get_us']:.2f}x latency; batch {a['batch_rps'] / b['batch_rps']:.2f}x, "
            f"scan {a['scan_rps'] / b['scan_rps']:.2f}x records/s"
        )


if __name__ == "__main__":
    main()
