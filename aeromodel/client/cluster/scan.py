"""A scan or query over the cluster: the partitions asked are split by the node that holds them,
each node's answer is streamed, and partitions the node could not finish (a partition-done
with an error, a dropped connection, a timeout) are asked again, resuming after the last record
delivered, up to ``max_retries`` rounds within ``total_timeout``."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from itertools import compress, repeat
from operator import is_
from typing import Any

from .. import exception
from ..command import Net, PartitionSpec, ScanCommand, ScanRecord, ScanResult
from ..wire import scans
from .node import Node, PoolExhausted
from .tend import Cluster

N_PARTITIONS = 4096
ALL = range(N_PARTITIONS)


class _Failed(Exception):
    """A node answered the whole request with an error code."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class ScanRun:
    """One run of a scan or query: ``start()`` reads until the first record (or the error that
    ends the run before any) and answers the ScanResult streaming the rest."""

    def __init__(self, cluster: Cluster, cmd: ScanCommand, net: Net) -> None:
        self.cluster = cluster
        self.cmd = cmd
        self.net = net
        specs = cmd.partitions
        self.pending: dict[int, PartitionSpec]
        if specs is None:  # built at C speed: a scan pays this before its first record
            self.pending = dict(zip(ALL, zip(ALL, repeat(None), repeat(None))))
        else:
            self.pending = {s[0]: s for s in specs}
        self.task_id = random.getrandbits(63)
        self.delivered = 0
        total = net.total_timeout
        self.until = time.monotonic() + total / 1000 if total > 0 else None
        sock = net.socket_timeout
        self.socket_timeout = (total if total > 0 and (sock == 0 or sock > total) else sock) / 1000

    def start(self) -> ScanResult:
        """Raises ConnectionError / TimeoutError / InvalidNodeError when no node can be asked."""
        stream = self._records()
        try:
            first = next(stream)
        except StopIteration:
            return ScanResult(0, iter(()))
        except _Failed as err:
            return ScanResult(err.code, iter(()))
        return ScanResult(0, self._chain(first, stream))

    def _chain(self, first: ScanRecord, rest: Iterator[ScanRecord]) -> Iterator[ScanRecord]:
        yield first
        try:
            yield from rest
        except _Failed as err:
            raise exception.error(err.code, f"the scan stopped with result code {err.code}") from None

    def _wait_until(self) -> float | None:
        if self.socket_timeout <= 0:
            return self.until
        limit = time.monotonic() + self.socket_timeout
        return limit if self.until is None or limit < self.until else self.until

    def _groups(self) -> dict[Node, list[int]]:
        """{node: the pending partitions it is asked for}, each partition going to its first
        active replica. Raises _Failed(20) for a namespace the cluster does not have, and
        InvalidNodeError for a partition no active node holds."""
        pids = sorted(self.pending)
        rows = self.cluster.partitions.tables.get(self.cmd.ns)
        if rows:
            # The common case at C speed (this covers 4,096 partitions a scan): every pending
            # partition's master is up, and each master's share is picked out at once.
            owners = list(map(rows[0].__getitem__, pids))
            nodes = list(dict.fromkeys(owners))  # in the order of their first partition
            if all(node is not None and node.active for node in nodes):
                return {
                    node: list(compress(pids, map(is_, owners, repeat(node))))
                    for node in nodes
                    if node is not None
                }
        return self._groups_by_replica(pids)

    def _groups_by_replica(self, pids: list[int]) -> dict[Node, list[int]]:
        """``_groups`` partition by partition, down each one's replicas."""
        table = self.cluster.partitions
        rows = table.tables.get(self.cmd.ns) or ()
        groups: dict[Node, list[int]] = {}
        for pid in pids:
            node = None
            for row in rows:
                owner = row[pid]
                if owner is not None and owner.active:
                    node = owner
                    break
            if node is None:
                if not table.tables.get(self.cmd.ns) and self.cluster.node_list:
                    raise _Failed(20)  # the namespace is not in the cluster
                raise exception.error(
                    exception.InvalidNodeError, f"no node holds partition {pid} of {self.cmd.ns}"
                )
            groups.setdefault(node, []).append(pid)
        return groups

    def _records(self) -> Iterator[ScanRecord]:
        tries = 0
        failure: tuple[int, str] | None = None
        while self.pending:
            groups = self._groups()
            failure = None
            for node, pids in groups.items():
                try:
                    yield from self._node(node, pids, len(groups))
                except TimeoutError:
                    failure = (9, f"scan timeout on {node}")
                except (OSError, EOFError, PoolExhausted) as err:
                    failure = (-10, f"scan connection to {node}: {err}")
                if self._limit_reached():
                    return
            if not self.pending:
                return
            tries += 1
            if tries > self.net.max_retries or (
                self.until is not None and time.monotonic() >= self.until
            ):
                code, msg = failure or (-11, f"{len(self.pending)} partitions were not available")
                raise exception.error(code, msg)
            if self.net.sleep_between_retries:
                time.sleep(self.net.sleep_between_retries / 1000)
            self.cluster.tend()

    def _limit_reached(self) -> bool:
        return 0 < self.cmd.max_records <= self.delivered

    def _node(self, node: Node, pids: list[int], n_nodes: int) -> Iterator[ScanRecord]:
        """Stream one node's answer to the partitions ``pids``; those it finishes leave
        ``pending``, the others stay with the last record delivered."""
        cmd = self.cmd
        max_records = 0
        if cmd.max_records:
            left = cmd.max_records - self.delivered
            max_records = max(1, -(-left // n_nodes))
        sub = cmd._replace(partitions=list(map(self.pending.__getitem__, pids)), max_records=max_records)
        total = 0
        if self.until is not None:
            total = max(1, int((self.until - time.monotonic()) * 1000))
        data = scans.encode_scan(
            sub, self.task_id, int(self.socket_timeout * 1000) or 0, total
        )
        unfinished: set[int] = set()
        pending = self.pending
        nobins = cmd.nobins
        conn = node.connection(self._wait_until())
        done = clean = stopped = False
        try:
            conn.send(data, self._wait_until())
            while not done and not stopped:
                answers: list[Any] = scans.decode_frame(
                    conn.receive_frame(self._wait_until()), nobins
                )
                for i, event in enumerate(answers):
                    if type(event) is tuple:  # a record (Last and PartitionDone are named)
                        digest = event[0]
                        pid = (digest[0] | digest[1] << 8) & 0xFFF
                        if pid in pending:
                            pending[pid] = (pid, digest, event[6])
                        self.delivered += 1
                        yield event
                        # One node was asked for exactly what is left: it stops there and
                        # sends LAST (read, so the connection goes back to the pool). Several
                        # were each asked for a share rounded up: the run stops at the limit.
                        if n_nodes > 1 and self._limit_reached():
                            stopped = True
                            break
                    elif isinstance(event, scans.Last):
                        done = True
                        clean = i == len(answers) - 1  # nothing after LAST
                        if event.code and event.code != 2:  # 2: nothing found
                            raise _Failed(event.code)
                        break
                    elif event.code:  # a partition done
                        unfinished.add(event.pid)
                    else:
                        pending.pop(event.pid, None)
        finally:
            if clean:
                node.release(conn)
            else:
                node.discard(conn)
        for pid in pids:
            if pid not in unfinished:
                self.pending.pop(pid, None)
