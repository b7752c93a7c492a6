"""The incremental reader of a connection's bytes: ``feed`` what arrived, take events until
NEED_DATA. Events are ``Message`` (one AS_MSG: a frame holding several gives them one by one)
and ``InfoText`` (an info frame). No I/O, no clock."""

from __future__ import annotations

from collections import deque
from typing import NamedTuple

from .message import Message, parse
from .proto import NEED_DATA, TYPE_INFO, Frame, FrameReader, NeedData, ProtocolError


class InfoText(NamedTuple):
    """An info frame's body (requests or answers: the caller knows which)."""

    body: bytes


class Reader:
    """Bytes in, events out. Raises ProtocolError (from ``next_event``) on bytes that are not the
    protocol; the connection should then be dropped."""

    __slots__ = ("_frames", "_ready")

    def __init__(self) -> None:
        self._frames = FrameReader()
        self._ready: deque[Message] = deque()

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self._frames.feed(data)

    @property
    def idle(self) -> bool:
        """True when nothing is buffered: a clean place for the peer to stop."""
        return not self._ready and not self._frames.buffered

    def next_frame(self) -> Frame | NeedData:
        """The next whole frame as it came (a message frame's messages unparsed), or NEED_DATA;
        for a caller that takes frames only. Raises ProtocolError."""
        if self._ready:
            raise ProtocolError("messages of a parsed frame are pending")
        return self._frames.next_frame()

    def next_event(self) -> Message | InfoText | NeedData:
        """The next message or info frame, or NEED_DATA. Raises ProtocolError."""
        if self._ready:
            return self._ready.popleft()
        frame = self._frames.next_frame()
        if isinstance(frame, NeedData):
            return NEED_DATA
        if frame.type == TYPE_INFO:
            return InfoText(frame.body)
        self._ready.extend(parse(frame.body))
        if not self._ready:
            return self.next_event()
        return self._ready.popleft()
