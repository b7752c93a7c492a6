"""Seeds, discovery and tending: the cluster's nodes and partition map, kept up to date by a
daemon thread every ``tend_interval`` ms.

A tend asks each node ``node``, ``peers-generation`` and ``partition-generation``; a changed
peers generation asks ``peers-clear-std`` (new peers become nodes), a changed partition
generation asks ``replicas`` (the map is rebuilt). A node failing 5 tends in a row, or answering
with another name, is removed; with no node left the seeds are tried again (the C client's rules).
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Iterable

from ..wire import info as winfo
from ..wire.proto import ProtocolError
from .connection import Connection
from .node import Node, info_exchange
from .partition_map import PartitionMap, parse_replicas_regime
from .peers import parse_peers

MAX_FAILURES = 5
BALANCE_EVERY = 30
"""Tends between two checks of each node's minimum connections (the C client's)."""
TEND_REQUEST = "node\npeers-generation\npartition-generation"


class TendError(Exception):
    """A node answered the tend commands with something unusable."""


class Cluster:
    """The nodes and partition map of one cluster, reached from ``seeds``."""

    def __init__(
        self,
        seeds: list[tuple[str, int]],
        *,
        tend_interval: int = 1000,
        connect_timeout: int = 1000,
        max_conns: int = 100,
        max_idle: int = 0,
        min_conns: int = 0,
        max_error_rate: int = 100,
        error_rate_window: int = 1,
    ) -> None:
        self.seeds = seeds
        self.tend_interval = max(tend_interval, 10) / 1000
        self.connect_timeout = (connect_timeout or 1000) / 1000
        self.max_conns = max_conns
        self.max_idle = max_idle
        self.min_conns = min_conns
        self.max_error_rate = max_error_rate
        self.error_rate_window = max(error_rate_window, 1)
        self.tend_count = 0
        self.nodes: dict[str, Node] = {}
        self.node_list: list[Node] = []
        self.partitions = PartitionMap()
        self.lock = threading.RLock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.last_error: str = ""

    # -- discovery ----------------------------------------------------------------------------

    def _until(self) -> float:
        return time.monotonic() + self.connect_timeout

    def _probe(self, host: str, port: int) -> Node | None:
        """A node for the server at host:port (its tend connection open), or None."""
        try:
            conn = Connection.open(host, port, self._until())
        except OSError as err:
            self.last_error = f"{host}:{port}: {err}"
            return None
        try:
            name = winfo.answer_pairs(info_exchange(conn, "node", self._until())).get("node", "")
        except (OSError, EOFError, ProtocolError) as err:
            self.last_error = f"{host}:{port}: {err}"
            conn.close()
            return None
        if not name:
            conn.close()
            return None
        node = Node(name, host, port, self.max_conns, self.max_error_rate)
        node.tend_conn = conn
        return node

    def _add(self, node: Node) -> None:
        self.nodes[node.name] = node
        self.node_list = list(self.nodes.values())
        if self.min_conns:
            node.fill(self.min_conns, self._until())

    def seed(self) -> bool:
        """Try the seeds until one answers; True when the cluster has a node."""
        for host, port in self.seeds:
            node = self._probe(host, port)
            if node is not None:
                with self.lock:
                    if node.name not in self.nodes:
                        self._add(node)
                    else:
                        node.close()
                return True
        return False

    # -- tending ------------------------------------------------------------------------------

    def tend(self) -> None:
        """One tend round over every node (seeding first when there is none)."""
        with self.lock:
            if not self.nodes:
                self.seed()
            changed = False
            peers: list[tuple[str, list[tuple[str, int]]]] = []
            for node in list(self.node_list):
                try:
                    changed |= self._refresh(node, peers)
                    node.failures = 0
                except (OSError, EOFError, ProtocolError, TendError, ValueError) as err:
                    node.failures += 1
                    self.last_error = f"{node}: {err}"
                    if node.failures >= MAX_FAILURES or isinstance(err, TendError):
                        changed |= self._remove(node)
            for name, hosts in peers:
                if name not in self.nodes:
                    changed |= self._discover(name, hosts)
            if changed:
                self.partitions = PartitionMap(self.node_list)
            self.tend_count += 1
            if self.tend_count % self.error_rate_window == 0:
                for node in self.node_list:
                    node.reset_errors()
            if self.min_conns and self.tend_count % BALANCE_EVERY == 0:
                for node in self.node_list:
                    if node.errors <= node.max_errors:
                        node.fill(self.min_conns, self._until())

    def _refresh(self, node: Node, peers: list[tuple[str, list[tuple[str, int]]]]) -> bool:
        """Refresh one node; answers whether the partition map must be rebuilt."""
        until = self._until()
        answers = winfo.answer_pairs(node.tend_info(TEND_REQUEST, until))
        if answers.get("node") != node.name:
            raise TendError(f"the node at {node.host}:{node.port} is now {answers.get('node')!r}")
        changed = False
        peers_gen = int(answers.get("peers-generation", "0"))
        if peers_gen != node.peers_generation:
            text = winfo.answer_pairs(node.tend_info("peers-clear-std", until))
            _gen, found = parse_peers(text.get("peers-clear-std", ""))
            peers.extend((p.name, p.hosts) for p in found)
            node.peers_generation = peers_gen
        part_gen = int(answers.get("partition-generation", "0"))
        if part_gen != node.partition_generation:
            text = winfo.answer_pairs(node.tend_info("replicas", until))
            node.replicas = parse_replicas_regime(text.get("replicas", ""))
            node.partition_generation = part_gen
            changed = True
        node.close_idle(self.max_idle, self.min_conns)
        return changed

    def _discover(self, name: str, hosts: Iterable[tuple[str, int]]) -> bool:
        for host, port in hosts:
            node = self._probe(host, port)
            if node is None:
                continue
            if node.name != name:
                node.close()
                continue
            self._add(node)
            with contextlib.suppress(OSError, EOFError, ProtocolError, TendError, ValueError):
                self._refresh(node, [])
            return True
        return False

    def _remove(self, node: Node) -> bool:
        self.nodes.pop(node.name, None)
        self.node_list = list(self.nodes.values())
        node.close()
        return True

    # -- the thread ---------------------------------------------------------------------------

    def start(self) -> None:
        """Start the tend thread (a daemon holding the cluster by weak reference)."""
        if self._thread is not None:
            return
        self._stop.clear()
        ref = weakref.ref(self)
        stop = self._stop
        interval = self.tend_interval

        def run() -> None:
            while not stop.wait(interval):
                cluster = ref()
                if cluster is None:
                    return
                with contextlib.suppress(Exception):
                    cluster.tend()
                del cluster

        self._thread = threading.Thread(target=run, name="aeromodel-tend", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop tending and close every node's connections."""
        self._stop.set()
        thread, self._thread = self._thread, None
        if thread is not None and thread is not threading.current_thread():
            thread.join(self.tend_interval + self.connect_timeout + 1)
        with self.lock:
            for node in self.node_list:
                node.close()
            self.nodes.clear()
            self.node_list = []
            self.partitions = PartitionMap()

