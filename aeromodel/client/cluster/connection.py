"""One blocking socket to a node and the incremental reader of its bytes.

Timeouts are given per call as an absolute monotonic deadline (None: wait for ever); a read that
passes it raises ``socket.timeout``, a closed peer ``EOFError``.
"""

from __future__ import annotations

import contextlib
import socket
import time

from ..command import Command, Result
from ..wire import records
from ..wire.message import Message
from ..wire.proto import HEADER_SIZE, TYPE_MESSAGE, VERSION, NeedData, ProtocolError
from ..wire.reader import InfoText, Reader

RECV_SIZE = 1 << 16


def _left(until: float | None) -> float | None:
    if until is None:
        return None
    left = until - time.monotonic()
    if left <= 0:
        raise TimeoutError("deadline passed")
    return left


class Connection:
    """A socket with its reader. Not thread-safe: a pool hands it to one caller at a time."""

    __slots__ = ("reader", "sock", "used")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.reader = Reader()
        self.used = time.monotonic()

    @classmethod
    def open(cls, host: str, port: int, until: float | None) -> Connection:
        """Connect to ``host:port``. Raises OSError (refused, unreachable) or socket.timeout."""
        sock = socket.create_connection((host, port), timeout=_left(until))
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return cls(sock)

    def send(self, data: bytes, until: float | None) -> None:
        """Send all of ``data``. Raises OSError or socket.timeout."""
        self.sock.settimeout(_left(until))
        self.sock.sendall(data)

    def receive(self, until: float | None) -> Message | InfoText:
        """The next message or info frame. Raises socket.timeout, EOFError (the peer closed),
        OSError, or ProtocolError (bytes that are not the protocol)."""
        reader = self.reader
        while True:
            event = reader.next_event()
            if not isinstance(event, NeedData):
                return event
            self.sock.settimeout(_left(until))
            data = self.sock.recv(RECV_SIZE)
            if not data:
                raise EOFError("the node closed the connection")
            reader.feed(data)

    def receive_result(self, cmd: Command, until: float | None) -> Result:
        """The answer to a single-record command, decoded for ``cmd``. Raises what ``receive``
        raises, and ProtocolError for an info frame."""
        reader = self.reader
        if reader.idle:
            # The common case, kept short: one recv brings the whole one-message answer frame,
            # decoded straight from its bytes.
            sock = self.sock
            sock.settimeout(_left(until))
            data = sock.recv(RECV_SIZE)
            if not data:
                raise EOFError("the node closed the connection")
            if (
                len(data) >= HEADER_SIZE
                and data[0] == VERSION
                and data[1] == TYPE_MESSAGE
                and int.from_bytes(data[2:8], "big") == len(data) - HEADER_SIZE
            ):
                res, end = records.decode_answer(data, HEADER_SIZE, cmd)
                if end == len(data):
                    return res
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
            self.sock.settimeout(_left(until))
            data = self.sock.recv(RECV_SIZE)
            if not data:
                raise EOFError("the node closed the connection")
            reader.feed(data)

    @property
    def clean(self) -> bool:
        """True when no answer bytes are pending: the connection may go back to its pool."""
        return self.reader.idle

    def close(self) -> None:
        """Close the socket (errors ignored)."""
        with contextlib.suppress(OSError):
            self.sock.close()
