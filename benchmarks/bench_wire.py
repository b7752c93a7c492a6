"""The cluster transport against the official client, both over one ``aeromodel serve``.

Starts ``python -m aeromodel serve`` on a free port, then measures (same workload, same server):
single-record put and get latency (median µs), 100-key batch_read records/s, and a scan's
records/s — ours in this process, the official client's in a subprocess (``import aerospike``
here, or AEROMODEL_OFFICIAL_PYTHON / /tmp/oracle/venv/bin/python). The two take turns, round
after round, and each ratio is the median of the rounds' ratios: a machine whose speed drifts
(a shared VM) slows both alike.

    PYTHONPATH=. python3 benchmarks/bench_wire.py [--n 1000] [--rounds 7]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time

WORKLOAD = r'''
import json, statistics, sys, time

class Workload:
    """One client's side: ``step(kind, n)`` runs n calls of a kind and answers its figure."""

    def __init__(self, aerospike, port, tag):
        self.c = aerospike.client({"hosts": [("127.0.0.1", port)]}).connect()
        self.set = "cl_bench_" + tag
        self.keys = [("test", self.set, i) for i in range(1000)]
        for i, k in enumerate(self.keys):
            self.c.put(k, {"i": i, "s": "value-%d" % i})

    def step(self, kind, n):
        c, keys = self.c, self.keys
        if kind in ("put", "get"):
            lat = []
            for i in range(n):
                k = keys[i % 1000]
                t = time.perf_counter()
                if kind == "put":
                    c.put(k, {"i": i, "s": "value-%d" % i})
                else:
                    c.get(k)
                lat.append(time.perf_counter() - t)
            return statistics.median(lat) * 1e6
        if kind == "batch":
            rounds = max(5, n // 50)
            t = time.perf_counter()
            for r in range(rounds):
                start = (r * 100) % 900
                c.batch_read(keys[start:start + 100])
            return rounds * 100 / (time.perf_counter() - t)
        t = time.perf_counter()
        recs = c.scan("test", self.set).results()
        return len(recs) / (time.perf_counter() - t)

if __name__ == "__main__":
    import aerospike
    w = Workload(aerospike, int(sys.argv[1]), sys.argv[2])
    print("ready", flush=True)
    for line in sys.stdin:
        kind, n = line.split()
        print(json.dumps(w.step(kind, int(n))), flush=True)
'''

def floor_us(port: int, n: int) -> tuple[float, float]:
    """Median µs of a put and a get sent as ready-made bytes on a plain blocking socket: what
    any client written in Python pays for the round trip before it encodes or decodes a thing."""
    from aeromodel.client.command import Command
    from aeromodel.client.digest import compute_digest
    from aeromodel.client.wire import records

    digest = compute_digest("cl_bench_floor", 1)
    put = records.encode_command(
        Command("test", "cl_bench_floor", digest, None, 0, 1, 0, 0, 0, [(2, "i", 1), (2, "s", "v")])
    )
    get = records.encode_command(Command("test", "cl_bench_floor", digest, None, 3, 0, 0, 0, 0, None))
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    out = []
    for data in (put, get):
        lat = []
        for _ in range(n):
            t = time.perf_counter()
            sock.sendall(data)
            head = sock.recv(8)
            size = int.from_bytes(head[2:8], "big")
            while size:
                size -= len(sock.recv(size))
            lat.append(time.perf_counter() - t)
        out.append(statistics.median(lat) * 1e6)
    sock.close()
    return out[0], out[1]


KINDS = (("put", "put µs", False), ("get", "get µs", False), ("batch", "batch rec/s", True),
         ("scan", "scan rec/s", True))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def official_python() -> str | None:
    try:
        import aerospike  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        for candidate in (os.environ.get("AEROMODEL_OFFICIAL_PYTHON"), "/tmp/oracle/venv/bin/python"):
            if candidate and os.path.exists(candidate):
                return candidate
        return None
    return sys.executable


def wait_for_port(port: int) -> None:
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    port = free_port()
    env = {**os.environ, "PYTHONPATH": os.getcwd()}
    server = subprocess.Popen(
        [sys.executable, "-m", "aeromodel", "serve", "--port", str(port)], env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    official = None
    try:
        wait_for_port(port)
        ns: dict[str, object] = {}
        exec(WORKLOAD, ns)
        import aeromodel.client as ours

        mine = ns["Workload"](ours, port, "ours")  # type: ignore[operator]
        python = official_python()
        if python:
            official = subprocess.Popen(
                [python, "-c", WORKLOAD, str(port), "official"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
            )
            assert official.stdout is not None and official.stdin is not None
            assert official.stdout.readline().strip() == "ready"

        def theirs(kind: str, n: int) -> float:
            assert official is not None and official.stdin and official.stdout
            official.stdin.write(f"{kind} {n}\n")
            official.stdin.flush()
            return float(json.loads(official.stdout.readline()))

        figures: dict[str, list[tuple[float, float | None]]] = {k: [] for k, _l, _h in KINDS}
        floors: list[tuple[float, float]] = []
        for _ in range(args.rounds):
            floors.append(floor_us(port, args.n))
            for kind, _label, _higher in KINDS:
                a = float(mine.step(kind, args.n))  # type: ignore[attr-defined]
                b = theirs(kind, args.n) if official else None
                figures[kind].append((a, b))
    finally:
        if official is not None:
            official.kill()
        server.terminate()
        server.wait(5)
    print(f"{'':14}{'aeromodel':>12}{'official':>12}{'ratio':>8}   goal")
    for kind, label, higher in KINDS:
        rows = figures[kind]
        a = statistics.median(r[0] for r in rows)
        if rows[0][1] is None:
            print(f"{label:14}{a:12,.1f}")
            continue
        b = statistics.median(r[1] for r in rows if r[1] is not None)
        ratio = statistics.median(r[0] / r[1] for r in rows if r[1])
        if kind == "scan":
            goal = "(reported)"
        elif higher:
            goal = f">= 1.0x {'ok' if ratio >= 1.0 else 'MISSED'}"
        else:
            goal = f"<= 1.3x {'ok' if ratio <= 1.3 else 'MISSED'}"
        print(f"{label:14}{a:12,.1f}{b:12,.1f}{ratio:7.2f}x   {goal}")
    print("ratio: ours/official (latency: lower is better; records/s: higher is better)")
    print(
        f"floor (ready-made bytes on a plain Python socket, same server): put "
        f"{statistics.median(f[0] for f in floors):.1f} µs, get "
        f"{statistics.median(f[1] for f in floors):.1f} µs"
    )


if __name__ == "__main__":
    main()
