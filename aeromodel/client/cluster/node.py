"""A node of the cluster: its name, address, a pool of connections for commands, and its own
connection for tending (as the C client keeps one)."""

from __future__ import annotations

import threading
import time
from collections import deque

from ..wire import info as winfo
from ..wire.proto import ProtocolError
from ..wire.reader import InfoText
from .connection import Connection


class PoolExhausted(Exception):
    """The node has ``max_conns`` connections in use."""


def info_exchange(conn: Connection, request: str, until: float | None) -> str:
    """Send an info request on ``conn`` and answer its text. Raises OSError, socket.timeout,
    EOFError or ProtocolError."""
    conn.send(winfo.encode_request(request), until)
    event = conn.receive(until)
    if not isinstance(event, InfoText):
        raise ProtocolError("an info request answered with a message")
    return winfo.decode_answer(event.body)


class Node:
    """One server. ``failures`` counts consecutive failed tends; ``active`` is False once removed.

    The circuit breaker (the C client's): ``errors`` counts the failures of commands on this node
    (connection errors, timeouts, cluster-in-flux and overload answers) since the last reset, which
    the tender does every ``error_rate_window`` tends; while it is above ``max_errors`` a command is
    not sent here (MaxErrorRateExceeded, -14, if no other attempt succeeds). After a window that
    breached it the limit halves; after a quiet one it doubles back towards the configured one."""

    def __init__(
        self, name: str, host: str, port: int, max_conns: int = 100, max_error_rate: int = 100
    ) -> None:
        self.name = name
        self.host = host
        self.port = port
        self.max_conns = max_conns
        self.max_error_rate = max_error_rate
        self.max_errors = max_error_rate
        self.errors = 0
        self.idle: deque[Connection] = deque()
        self.open_count = 0
        self.lock = threading.Lock()
        self.active = True
        self.failures = 0
        self.partition_generation = -1
        self.peers_generation = -1
        self.replicas: dict[str, tuple[int, list[bytes]]] = {}
        self.tend_conn: Connection | None = None

    def __repr__(self) -> str:
        return f"Node({self.name!r}, {self.host}:{self.port})"

    def connection(self, until: float | None) -> Connection:
        """An idle pooled connection, or a new one. Raises PoolExhausted, OSError or
        socket.timeout."""
        try:
            return self.idle.pop()
        except IndexError:
            pass
        with self.lock:
            if self.open_count >= self.max_conns:
                raise PoolExhausted(f"node {self.name} has {self.max_conns} connections in use")
            self.open_count += 1
        try:
            return Connection.open(self.host, self.port, until)
        except BaseException:
            with self.lock:
                self.open_count -= 1
            raise

    def release(self, conn: Connection) -> None:
        """Give a connection back after a complete answer (closed instead if the node is gone or
        bytes are pending)."""
        if self.active and conn.reader.idle:
            conn.used = time.monotonic()
            self.idle.append(conn)
        else:
            self.discard(conn)

    def discard(self, conn: Connection) -> None:
        """Close a connection that failed or may hold unread bytes."""
        conn.close()
        with self.lock:
            self.open_count -= 1

    def info(self, request: str, until: float | None) -> str:
        """An info request on a pooled connection. Raises PoolExhausted, OSError, socket.timeout,
        EOFError or ProtocolError."""
        conn = self.connection(until)
        try:
            text = info_exchange(conn, request, until)
        except BaseException:
            self.discard(conn)
            raise
        self.release(conn)
        return text

    def tend_info(self, request: str, until: float | None) -> str:
        """An info request on the tend connection (opened on demand, dropped on failure)."""
        if self.tend_conn is None:
            self.tend_conn = Connection.open(self.host, self.port, until)
        try:
            return info_exchange(self.tend_conn, request, until)
        except BaseException:
            self.tend_conn.close()
            self.tend_conn = None
            raise

    def reset_errors(self) -> None:
        """End an error-rate window (the tender calls this every ``error_rate_window`` tends)."""
        if self.errors <= self.max_errors:
            self.max_errors = min(self.max_errors * 2, self.max_error_rate)
        else:
            self.max_errors = self.max_errors // 2 if self.max_errors >= 4 else 1
        self.errors = 0

    def fill(self, min_conns: int, until: float | None) -> None:
        """Open connections until ``min_conns`` are open (errors end the filling quietly: the
        pool opens connections on demand anyway)."""
        while True:
            with self.lock:
                if self.open_count >= min(min_conns, self.max_conns) or not self.active:
                    return
                self.open_count += 1
            try:
                conn = Connection.open(self.host, self.port, until)
            except OSError:
                with self.lock:
                    self.open_count -= 1
                return
            self.idle.append(conn)

    def close_idle(self, max_idle: float, min_conns: int = 0) -> None:
        """Close pooled connections idle for more than ``max_idle`` seconds (0: keep them), keeping
        at least ``min_conns`` open."""
        if max_idle <= 0:
            return
        cutoff = time.monotonic() - max_idle
        for _ in range(len(self.idle)):
            if self.open_count <= min_conns:
                return
            try:
                conn = self.idle.popleft()
            except IndexError:
                return
            if conn.used < cutoff:
                self.discard(conn)
            else:
                self.idle.append(conn)

    def close(self) -> None:
        """Mark the node gone and close its connections (those in use close on release)."""
        self.active = False
        while True:
            try:
                conn = self.idle.pop()
            except IndexError:
                break
            self.discard(conn)
        if self.tend_conn is not None:
            self.tend_conn.close()
            self.tend_conn = None
