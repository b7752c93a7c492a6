"""Timeouts and retries as the policies describe them (the C client's ``as_command_execute``).

``total_timeout`` bounds the whole call (0: none), ``socket_timeout`` each attempt's waits (0, or
more than the total: the total); a failed attempt (connection error, client or server timeout,
device overload) is retried up to ``max_retries`` times, ``sleep_between_retries`` ms apart,
while the total timeout allows. A retry steps to the next replica unless the policy says
master-only (a write that timed out stays on its node). A write whose request was sent and whose
answer never came is ``in_doubt``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from .. import constants as C
from .. import exception
from ..command import Net
from ..wire.proto import ProtocolError
from .node import Node, PoolExhausted

T = TypeVar("T")

TIMEOUT = 9
CONNECTION = -10
NO_MORE_CONNECTIONS = -7
MAX_ERROR_RATE = -14
RETRY_CODES = frozenset({TIMEOUT, 11, 18})
"""Server answers worth another attempt: timeout, cluster in flux, device overload."""


class Attempt:
    """One call's progress: the deadline, the current socket timeout, and how many times a
    request was sent (an attempt adds one right after its request goes out)."""

    __slots__ = ("sent", "socket_timeout", "until")

    def __init__(self, until: float | None, socket_timeout: float) -> None:
        self.until = until
        self.socket_timeout = socket_timeout
        self.sent = 0

    def wait_until(self) -> float | None:
        """When the current wait must end: the socket timeout from now, within the deadline."""
        return wait_until(self.until, self.socket_timeout)


def wait_until(until: float | None, socket_timeout: float) -> float | None:
    """When a wait starting now must end: ``socket_timeout`` seconds from now (0: no limit of
    its own), within the deadline ``until`` (None: none)."""
    if socket_timeout <= 0:
        return until
    limit = time.monotonic() + socket_timeout
    return limit if until is None or limit < until else until


class ServerRetry(Exception):
    """A server answer with a retryable code (the connection is still good)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


def _failure(err: BaseException) -> tuple[int, str]:
    if isinstance(err, TimeoutError):
        return TIMEOUT, "timeout"
    if isinstance(err, ServerRetry):
        return err.code, f"server answered {err.code}"
    if isinstance(err, PoolExhausted):
        return NO_MORE_CONNECTIONS, str(err)
    return CONNECTION, f"{type(err).__name__}: {err}" if str(err) else type(err).__name__


def _failed(node: Node, err: BaseException, is_read: bool, state: Attempt) -> tuple[int, str]:
    """Count a failed attempt against its node: (code, message) for the final error. Raises
    ClientError for a ProtocolError (an answer that is not the protocol ends the call)."""
    if isinstance(err, ProtocolError):
        node.errors += 1
        raise exception.error(
            exception.ClientError, f"bad answer from {_name(node)}: {err}",
            in_doubt=_in_doubt(is_read, state.sent, -1),
        ) from None
    code, msg = _failure(err)
    if code != NO_MORE_CONNECTIONS:  # the pool's own limit says nothing about the node
        node.errors += 1
    return code, msg


def _name(node: Node) -> str:
    """How an error names the node it last tried."""
    return f"{node.name} {node.host}:{node.port}"


def _in_doubt(is_read: bool, sent: int, code: int) -> bool:
    """Whether a failed write may have been applied (``as_error_set_in_doubt``): sent more than
    once, or once and then a timeout or a client-side error."""
    return not is_read and (sent > 1 or (sent == 1 and (code == TIMEOUT or code <= 0)))


def socket_seconds(net: Net) -> float:
    """The socket timeout of each wait in seconds; 0 when there is none, or when it is no
    shorter than the total timeout (the deadline alone then bounds every wait, and a wait needs
    no clock reading of its own)."""
    total, sock = net.total_timeout, net.socket_timeout
    return sock / 1000 if sock > 0 and (total <= 0 or sock < total) else 0.0


def run(
    net: Net,
    is_read: bool,
    nodes: Callable[[int], Node | None],
    attempt: Callable[[Node, Attempt], T],
    start: int = 0,
) -> T:
    """Run ``attempt`` on the node ``nodes(replica index)`` picks until it answers, retrying as
    ``net`` says. ``attempt`` raises OSError / EOFError / socket.timeout / PoolExhausted /
    ServerRetry for a failure worth retrying; ProtocolError ends the call (ClientError).
    A node whose circuit breaker is open (see ``Node``) is skipped as a failed attempt.
    Raises TimeoutError (9), ConnectionError (-10), NoMoreConnectionsError (-7),
    MaxErrorRateExceeded (-14), InvalidNodeError (-8) when no node holds the partition, with
    ``in_doubt`` for a write."""
    total = net.total_timeout
    state = Attempt(time.monotonic() + total / 1000 if total > 0 else None, socket_seconds(net))
    return _attempts(net, is_read, nodes, attempt, start, state, None, None)


def resume(
    net: Net,
    is_read: bool,
    nodes: Callable[[int], Node | None],
    attempt: Callable[[Node, Attempt], T],
    start: int,
    state: Attempt,
    node: Node,
    err: BaseException,
) -> T:
    """``run`` after its first attempt, which the caller made itself (a fast path for the
    common case) on ``node`` with ``state`` and which failed with ``err``: that failure is
    counted, then the retries go on as ``run``'s would. Raises what ``run`` raises."""
    return _attempts(net, is_read, nodes, attempt, start, state, node, err)


def _attempts(
    net: Net,
    is_read: bool,
    nodes: Callable[[int], Node | None],
    attempt: Callable[[Node, Attempt], T],
    replica_index: int,
    state: Attempt,
    node: Node | None,
    err: BaseException | None,
) -> T:
    """The retry loop of ``run`` and ``resume``: ``node`` and ``err`` are a first attempt that
    already failed (None: none was made)."""
    iteration = 0
    code, msg = CONNECTION, ""
    failed = False
    if node is not None and err is not None:  # resumed after the caller's own first attempt
        code, msg = _failed(node, err, is_read, state)
        failed = True
    while True:
        if failed:
            iteration += 1
            if iteration > net.max_retries:
                break
            sleep = net.sleep_between_retries
            if net.replica != C.POLICY_REPLICA_MASTER and (
                is_read or code not in (TIMEOUT, NO_MORE_CONNECTIONS, MAX_ERROR_RATE)
            ):
                replica_index += 1
                if iteration == 1:
                    sleep = 0  # the next node is likely another one
            if state.until is not None:
                remaining = state.until - time.monotonic() - sleep / 1000
                if remaining <= 0:
                    break
                state.socket_timeout = min(state.socket_timeout or remaining, remaining)
            if sleep > 0:
                time.sleep(sleep / 1000)
        failed = True
        node = nodes(replica_index)
        if node is None:
            raise exception.error(
                exception.InvalidNodeError, "no node holds the partition (is the cluster up?)"
            )
        if node.errors > node.max_errors:  # the node's circuit breaker is open
            code, msg = MAX_ERROR_RATE, "Max error rate exceeded"
            continue
        try:
            return attempt(node, state)
        except (ProtocolError, OSError, EOFError, PoolExhausted, ServerRetry) as failure:
            code, msg = _failed(node, failure, is_read, state)
    assert node is not None
    in_doubt = _in_doubt(is_read, state.sent, code)
    last = _name(node)
    if code == TIMEOUT:
        text = (
            f"Client timeout: socket={net.socket_timeout} total={net.total_timeout} "
            f"iterations={iteration} lastNode={last}"
        )
        raise exception.error(exception.TimeoutError, text, in_doubt=in_doubt)
    if code == NO_MORE_CONNECTIONS:
        raise exception.error(exception.NoMoreConnectionsError, msg, in_doubt=in_doubt)
    if code == MAX_ERROR_RATE:
        raise exception.error(
            exception.MaxErrorRateExceeded, f"{msg} (node {last})", in_doubt=in_doubt
        )
    if code == CONNECTION:
        raise exception.error(
            exception.ConnectionError, f"{msg} (node {last}, iterations={iteration})",
            in_doubt=in_doubt,
        )
    raise exception.error(code, f"{msg} (node {last})", in_doubt=in_doubt)
