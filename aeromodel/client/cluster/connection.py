"""One blocking socket to a node and the incremental reader of its bytes.

Timeouts are given per call as an absolute monotonic deadline (None: wait for ever); a read that
passes it raises ``socket.timeout``, a closed peer ``EOFError``.

Where the kernel has send and receive timeouts (``SO_SNDTIMEO`` / ``SO_RCVTIMEO``: Linux, the
BSDs, macOS) the socket stays blocking and the kernel enforces the deadline: a call is then one
system call, where Python's own socket timeouts add a ``poll`` before every send and receive.
"""

from __future__ import annotations

import contextlib
import socket
import struct
import sys
import time

from ..command import Command, Result
from ..wire import records
from ..wire.message import Message
from ..wire.proto import HEADER_SIZE, TYPE_MESSAGE, VERSION, NeedData, ProtocolError
from ..wire.reader import InfoText, Reader

RECV_SIZE = 1 << 16
SLACK = 0.001
"""How far (seconds) a socket's timeout may be off the deadline before it is set again: setting
it costs a system call, and the deadline moves on every call."""


monotonic = time.monotonic
KERNEL_TIMEOUTS = sys.platform != "win32" and hasattr(socket, "SO_RCVTIMEO")
_TIMEVAL = struct.Struct("@ll")  # struct timeval: seconds, microseconds
_PROTO = struct.Struct(">Q")
_ONE_MESSAGE = (VERSION << 56) | (TYPE_MESSAGE << 48)
"""A proto header read as one integer: version, message type, then the body's size."""


def _left(until: float | None) -> float | None:
    if until is None:
        return None
    left = until - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


class Connection:
    """A socket with its reader. Not thread-safe: a pool hands it to one caller at a time."""

    __slots__ = ("armed", "reader", "sock", "timeout", "used")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = Reader()
        self.used = time.monotonic()
        self.timeout = sock.gettimeout()
        self.armed: float | None = None  # the deadline the socket's timeout was last set for
        if KERNEL_TIMEOUTS:
            sock.settimeout(None)
            self.timeout = None

    def _arm(self, until: float | None) -> None:
        """Make the socket's timeout end at ``until`` (within SLACK). Raises TimeoutError."""
        current = self.timeout
        self.armed = until
        if until is None:
            if current is not None:
                self._set_timeout(None)
            return
        left = until - monotonic()
        if left <= 0:
            raise TimeoutError("deadline passed")
        if current is None or not left - SLACK <= current <= left + SLACK:
            self._set_timeout(left)

    def _set_timeout(self, seconds: float | None) -> None:
        if KERNEL_TIMEOUTS:
            if seconds is None:
                tv = _TIMEVAL.pack(0, 0)  # no timeout
            else:
                usec = max(1, int(seconds * 1e6))  # 0 would mean "no timeout"
                tv = _TIMEVAL.pack(usec // 1_000_000, usec % 1_000_000)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, tv)
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, tv)
        else:
            self.sock.settimeout(seconds)
        self.timeout = seconds

    def _recv(self, until: float | None) -> bytes:
        """The bytes the next receive brings. Raises TimeoutError, EOFError or OSError."""
        self._arm(until)
        try:
            data = self.sock.recv(RECV_SIZE)
        except BlockingIOError:  # the kernel's timeout (EAGAIN on a blocking socket)
            raise TimeoutError("timed out") from None
        if not data:
            raise EOFError("the node closed the connection")
        return data

    @classmethod
    def open(cls, host: str, port: int, until: float | None) -> Connection:
        """Connect to ``host:port``. Raises OSError (refused, unreachable) or socket.timeout."""
        sock = socket.create_connection((host, port), timeout=_left(until))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock)

    def send(self, data: bytes, until: float | None) -> None:
        """Send all of ``data``. Raises OSError or socket.timeout."""
        self._arm(until)
        try:
            self.sock.sendall(data)
        except BlockingIOError:  # the kernel's timeout: part of the request may have gone
            raise TimeoutError("timed out") from None

    def receive(self, until: float | None) -> Message | InfoText:
        """The next message or info frame. Raises socket.timeout, EOFError (the peer closed),
        OSError, or ProtocolError (bytes that are not the protocol)."""
        reader = self.reader
        while True:
            event = reader.next_event()
            if not isinstance(event, NeedData):
                return event
            reader.feed(self._recv(until))

    def receive_result(self, cmd: Command, until: float | None) -> Result:
        """The answer to a single-record command, decoded for ``cmd``. Raises what ``receive``
        raises, and ProtocolError for an info frame."""
        reader = self.reader
        if reader.idle:
            # The common case, kept short: one recv brings the whole one-message answer frame,
            # decoded straight from its bytes. The request's send has just set the socket's
            # timeout for this deadline: the first recv needs no clock reading.
            if until != self.armed:
                self._arm(until)
            try:
                data = self.sock.recv(RECV_SIZE)
            except BlockingIOError:  # the kernel's timeout
                raise TimeoutError("timed out") from None
            size = len(data) - HEADER_SIZE
            if size >= 0 and _PROTO.unpack_from(data)[0] == _ONE_MESSAGE + size:
                res, end = records.decode_answer(data, HEADER_SIZE, cmd)
                if end == len(data):
                    return res
            if not data:
                raise EOFError("the node closed the connection")
            reader.feed(data)
        msg = self.receive(until)
        if not isinstance(msg, Message):
            raise ProtocolError("a command answered with an info frame")
        return records.decode_result(msg, cmd)

    def receive_frame(self, until: float | None) -> bytes:
        """The body of the next message frame, its messages unparsed (batch answers). Raises
        what ``receive`` raises; ProtocolError for an info frame."""
        reader = self.reader
        while True:
            frame = reader.next_frame()
            if not isinstance(frame, NeedData):
                if frame.type != TYPE_MESSAGE:
                    raise ProtocolError("a command answered with an info frame")
                return frame.body
            reader.feed(self._recv(until))

    @property
    def clean(self) -> bool:
        """True when no answer bytes are pending: the connection may go back to its pool."""
        return self.reader.idle

    def close(self) -> None:
        """Close the socket (errors ignored)."""
        with contextlib.suppress(OSError):
            self.sock.close()
