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


class Reader(FrameReader):
    """Bytes in, events out: a frame reader that also hands a message frame's messages out one
    by one. Raises ProtocolError (from ``next_event``) on bytes that are not the protocol; the
    connection should then be dropped."""

    __slots__ = ("_ready",)

    def __init__(self) -> None:
        super().__init__()
        self._ready: deque[Message] = deque()

    @property
    def idle(self) -> bool:
        """True when nothing is buffered: a clean place for the peer to stop. (Read on every
        command: kept to one attribute test each.)"""
        return not self._ready and not self._buf

    def next_frame(self) -> Frame | NeedData:
        """The next whole frame as it came (a message frame's messages unparsed), or NEED_DATA;
        for a caller that takes frames only. Raises ProtocolError."""
        if self._ready:
            raise ProtocolError("messages of a parsed frame are pending")
        return FrameReader.next_frame(self)

    def next_event(self) -> Message | InfoText | NeedData:
        """The next message or info frame, or NEED_DATA. Raises ProtocolError."""
        if self._ready:
            return self._ready.popleft()
        frame = FrameReader.next_frame(self)
        if isinstance(frame, NeedData):
            return NEED_DATA
        if frame.type == TYPE_INFO:
            return InfoText(frame.body)
        self._ready.extend(parse(frame.body))
        if not self._ready:
            return self.next_event()
        return self._ready.popleft()
