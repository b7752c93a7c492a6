"""``ClusterTransport``: the Transport protocol over the wire codec and a tended cluster.

Each call is routed to its partition's node (master, or a replica as the read policy says),
encoded once, and run through ``retry.run``; the answer is decoded to the shared vocabulary's
result. The cluster is reached at ``open()`` (the client's ``connect()``), or at the first call.

These paths run on every call, so the common case is kept straight: a single-record command's
first attempt on its master runs without the retry loop (which resumes on a failure), and a
batch's keys are routed from the partition table in one pass.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable, Mapping, Sequence
from itertools import compress, repeat
from operator import is_, itemgetter
from typing import Any

from .. import constants as C
from .. import exception
from ..command import (
    INFO2_DELETE,
    INFO2_WRITE,
    BatchCommand,
    BatchResult,
    Command,
    Net,
    Result,
    ScanCommand,
    ScanResult,
)
from ..log import logger as _log
from ..wire import batch as wbatch
from ..wire import records
from ..wire.proto import ProtocolError
from . import retry
from .node import Node, PoolExhausted
from .partition_map import pick, start_index
from .peers import parse_hosts
from .scan import ScanRun
from .tend import Cluster

DEFAULT_NET = Net()
INFO_NET = Net(10000, 0, 0, 0, 0)
"""An info call may take 10 s (truncate and index commands answer once applied)."""
WRITES = INFO2_WRITE | INFO2_DELETE
monotonic = time.monotonic  # one global lookup, not a module attribute, per call
_NS, _DIGEST, _FIRST = itemgetter(0), itemgetter(2), itemgetter(0)  # of a Command; of a tuple
_U16LE = struct.Struct("<H")
_PID_MASK = 0xFFF
"""A digest's partition: its first two bytes, little-endian, masked to 12 bits."""



def error_rate(config: Mapping[str, Any]) -> dict[str, int]:
    """The circuit breaker's settings: ``max_error_rate`` (100) errors per node per
    ``error_rate_window`` (1) tends. A ratio outside 1..100 is put back to the defaults with a
    warning in the log, as the C client does."""
    rate, window = config.get("max_error_rate", 100), config.get("error_rate_window", 1)
    if window <= 0 or not 1 <= rate / window <= 100:
        _log.warning(
            "Invalid circuit breaker configuration: max_error_rate: %s, error_rate_window: %s. "
            "The ratio (max_error_rate/error_rate_window) must be between 1 and 100. "
            "Resetting to defaults - max_error_rate: 100 and error_rate_window: 1", rate, window,
        )
        rate, window = 100, 1
    return {"max_error_rate": rate, "error_rate_window": window}


class ClusterTransport:
    """Commands over the Aerospike protocol to the cluster a config's ``hosts`` seed."""

    def __init__(self, config: Mapping[str, Any]) -> None:
        """Raises ParamError for malformed hosts. Nothing is connected yet."""
        self.cluster = Cluster(
            parse_hosts(config.get("hosts")),
            tend_interval=config.get("tend_interval", 1000),
            connect_timeout=config.get("connect_timeout", 1000),
            max_conns=config.get("max_conns_per_node", 100),
            max_idle=config.get("max_socket_idle", 0),
            min_conns=config.get("min_conns_per_node", 0),
            **error_rate(config),
        )
        self.now = time.time
        self._open = False

    # -- the cluster --------------------------------------------------------------------------

    def open(self) -> None:
        """Reach the cluster (seeds, first tend) and start tending. Raises ConnectionError (-10)
        when no seed answers."""
        if self._open:
            return
        self.cluster.tend()
        if not self.cluster.nodes:
            # The official client's text; what went wrong shows as the cause in a traceback.
            raise exception.error(exception.ConnectionError, "Failed to connect") from OSError(
                self.cluster.last_error or "no seed answered"
            )
        self.cluster.start()
        self._open = True

    def _replicas(self, ns: str, pid: int) -> list[Node]:
        nodes = self.cluster.partitions.replicas(ns, pid)
        if not nodes:
            if not self._open:
                self.open()
                nodes = self.cluster.partitions.replicas(ns, pid)
            if not nodes and ns not in self.cluster.partitions.tables and self.cluster.nodes:
                raise exception.error(exception.NamespaceNotFound, f"Invalid namespace: {ns}")
        return nodes

    def nodes(self) -> list[tuple[str, str, int]]:
        if not self._open:
            self.open()
        return [(n.name, n.host, n.port) for n in self.cluster.node_list]

    def close(self) -> None:
        self.cluster.close()
        self._open = False

    # -- commands -----------------------------------------------------------------------------

    def execute(self, cmd: Command, net: Net | None = None) -> Result:
        """Run a single-record command. Its first attempt, on the partition's master when the
        policy starts there, runs straight here (the common case: no closures, no retry loop);
        ``retry.resume`` takes over if it fails, and every other case goes through ``retry.run``.
        Raises what ``retry.run`` raises."""
        net = net or DEFAULT_NET
        ns, digest, info2 = cmd[0], cmd[2], cmd[5]  # three items: quicker than unpacking 11
        pid = (digest[0] | digest[1] << 8) & 0xFFF
        is_read = not info2 & WRITES
        total, sock_ms, _retries, _sleep, replica = net
        # records.server_timeout and retry.socket_seconds, inline: this runs on every call.
        data = records.encode_command(cmd, sock_ms if 0 < sock_ms < total else total)
        sock = sock_ms / 1000 if sock_ms > 0 and (total <= 0 or sock_ms < total) else 0.0
        rows = self.cluster.partitions.tables.get(ns)
        node = rows[0][pid] if rows else None
        if (
            node is None
            or not node.active
            or node.errors > node.max_errors
            or replica == C.POLICY_REPLICA_RANDOM
            or (is_read and replica == C.POLICY_REPLICA_ANY)
        ):
            return self._execute(cmd, net, data, pid, is_read)
        until = monotonic() + total / 1000 if total > 0 else None
        wait = until if sock == 0 else retry.wait_until(until, sock)
        sent = 0
        try:
            conn = node.connection(wait)
            try:
                conn.send(data, wait)
                sent = 1
                res = conn.receive_result(cmd, wait if sock == 0 else retry.wait_until(until, sock))
            except BaseException:
                node.discard(conn)
                raise
            node.release(conn)
            if res[0] not in retry.RETRY_CODES:  # res.code
                return res
            raise retry.ServerRetry(res[0])
        except (ProtocolError, OSError, EOFError, PoolExhausted, retry.ServerRetry) as err:
            state = retry.Attempt(until, sock)
            state.sent = sent
            nodes, attempt = self._single(cmd, data, pid, replica)
            return retry.resume(net, is_read, nodes, attempt, 0, state, node, err)

    def _execute(self, cmd: Command, net: Net, data: bytes, pid: int, is_read: bool) -> Result:
        """``execute`` through ``retry.run`` from the replica the policy starts at."""
        replica = net.replica
        nodes, attempt = self._single(cmd, data, pid, replica)
        return retry.run(net, is_read, nodes, attempt, start_index(replica, is_read))

    def _single(
        self, cmd: Command, data: bytes, pid: int, replica: int
    ) -> tuple[Callable[[int], Node | None], Callable[[Node, retry.Attempt], Result]]:
        """The node chooser and the attempt ``retry.run`` takes for a single-record command."""
        replicas = self._replicas(cmd.ns, pid)

        def nodes(index: int) -> Node | None:
            return pick(replicas, replica, index)

        def attempt(node: Node, state: retry.Attempt) -> Result:
            conn = node.connection(state.wait_until())
            try:
                conn.send(data, state.wait_until())
                state.sent += 1
                res = conn.receive_result(cmd, state.wait_until())
            except BaseException:
                node.discard(conn)
                raise
            node.release(conn)
            if res.code in retry.RETRY_CODES:
                raise retry.ServerRetry(res.code)
            return res

        return nodes, attempt

    def execute_batch(self, batch: BatchCommand, net: Net | None = None) -> BatchResult:
        """Run a batch: its keys grouped by the node each goes to, one batch per node. Raises
        what ``retry.run`` raises."""
        net = net or DEFAULT_NET
        subs = batch.records
        is_read = not any(c.info2 & WRITES for c in subs)
        start = start_index(net.replica, is_read)
        groups, routes = self._route_batch(subs, net.replica, start)
        if len(groups) == 1:
            [(node, _)] = groups.items()
            return self._batch_on(batch, routes[node], net, is_read, start)
        code = 0
        results: list[Result | None] = [None] * len(subs)
        for node, rows in groups.items():
            part = BatchCommand(batch.flags, [subs[i] for i in rows], batch.filter_exp)
            res = self._batch_on(part, routes[node], net, is_read, start)
            code = code or res.code
            for i, r in zip(rows, res.records):
                results[i] = r
        return BatchResult(code, [r if r is not None else Result(code) for r in results])

    def _route_batch(
        self, subs: Sequence[Command], replica: int, start: int
    ) -> tuple[dict[Node | None, list[int]], dict[Node | None, list[Node]]]:
        """{node: the indexes of the keys it is asked for} (None: keys no node holds), and
        {node: the replicas of its first key} for its retries. Raises NamespaceNotFound."""
        groups = self._route_to_masters(subs) if start == 0 else None
        if groups is None:
            groups = {}
            for i, c in enumerate(subs):
                d = c[2]
                node = pick(self._replicas(c[0], (d[0] | d[1] << 8) & 0xFFF), replica, start)
                groups.setdefault(node, []).append(i)
        routes: dict[Node | None, list[Node]] = {}
        for node, indexes in groups.items():
            c = subs[indexes[0]]
            routes[node] = self._replicas(c[0], (c[2][0] | c[2][1] << 8) & 0xFFF)
        return groups, routes

    def _route_to_masters(self, subs: Sequence[Command]) -> dict[Node | None, list[int]] | None:
        """The groups of ``_route_batch`` when the policy starts at the master, every key is in
        one namespace and every key's master is up (``pick`` then chooses it): read from the
        partition table at C speed, as a batch is often one node's hundreds of keys. None in
        any other case."""
        ns = subs[0][0] if subs else None
        rows = self.cluster.partitions.tables.get(ns) if ns is not None else None
        if not rows or list(map(_NS, subs)).count(ns) != len(subs):
            return None
        pids = map(_PID_MASK.__and__, map(_FIRST, map(_U16LE.unpack_from, map(_DIGEST, subs))))
        owners = list(map(rows[0].__getitem__, pids))
        nodes = list(dict.fromkeys(owners))  # in the order of their first key
        if not all(node is not None and node.active for node in nodes):
            return None
        if len(nodes) == 1:
            return {nodes[0]: list(range(len(subs)))}
        keys = range(len(subs))
        return {node: list(compress(keys, map(is_, owners, repeat(node)))) for node in nodes}

    def _batch_on(
        self, batch: BatchCommand, replicas: list[Node], net: Net, is_read: bool, start: int
    ) -> BatchResult:
        data = wbatch.encode_batch(batch, records.server_timeout(net))
        replica = net.replica

        def nodes(index: int) -> Node | None:
            return pick(replicas, replica, index)

        def attempt(node: Node, state: retry.Attempt) -> BatchResult:
            conn = node.connection(state.wait_until())
            rows: dict[int, Result] = {}
            try:
                conn.send(data, state.wait_until())
                state.sent += 1
                while True:
                    done = wbatch.decode_rows(conn.receive_frame(state.wait_until()), batch, rows)
                    if done is not None:
                        break
            except BaseException:
                node.discard(conn)
                raise
            code, more = done
            if more:
                node.discard(conn)  # answers after LAST: the connection is not clean
            else:
                node.release(conn)
            if not rows and code in retry.RETRY_CODES:
                raise retry.ServerRetry(code)
            return BatchResult(code, list(map(rows.__getitem__, sorted(rows))))

        return retry.run(net, is_read, nodes, attempt, start)

    def execute_scan(self, cmd: ScanCommand, net: Net | None = None) -> ScanResult:
        if not self._open:
            self.open()
        return ScanRun(self.cluster, cmd, net or Net(0, 30000, 5, 0)).start()

    # -- info ---------------------------------------------------------------------------------

    def info(self, request: str, node: str | None = None) -> dict[str, str]:
        if not self._open:
            self.open()
        if node is None:
            targets = list(self.cluster.node_list)
        else:
            found = self.cluster.nodes.get(node)
            if found is None:
                raise exception.error(exception.InvalidNodeError, f"no node named {node!r}")
            targets = [found]
        return {n.name: _info_on(n, request) for n in targets}


def _info_on(node: Node, request: str) -> str:
    """One node's answer text. Raises TimeoutError or ConnectionError."""

    def nodes(_index: int) -> Node:
        return node

    def attempt(n: Node, state: retry.Attempt) -> str:
        return n.info(request, state.wait_until())

    return retry.run(INFO_NET, True, nodes, attempt)
