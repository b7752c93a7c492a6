"""The AS_MSG message: a 22-byte header, then fields, then operations (all big-endian).

Header: header size (22), info1, info2, info3, info4, result code, generation (4), record ttl
or void time (4), transaction ttl (4: the server-side timeout in ms; a batch answer's row index),
field count (2), operation count (2). A field is size (4, counting the type byte), type (1),
data. An operation is size (4, counting the 4 bytes after it), op type, particle type, version
(0), name length (1), name, value. One message frame may hold several messages (batch, scan
and query answers stream them).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import NamedTuple

from .proto import TYPE_MESSAGE, ProtocolError, frame

MSG_HEADER_SIZE = 22
_HEADER = struct.Struct(">BBBBBBIIIHH")
_FIELD = struct.Struct(">IB")
_OP = struct.Struct(">IBBBB")


class WireOp(NamedTuple):
    """One operation as the wire carries it: op type, particle type, bin name, value bytes."""

    op: int
    ptype: int
    name: str
    data: bytes


class Message(NamedTuple):
    """One AS_MSG, decoded only down to fields (type, bytes) and operations (WireOp)."""

    info1: int = 0
    info2: int = 0
    info3: int = 0
    info4: int = 0
    result_code: int = 0
    generation: int = 0
    ttl: int = 0
    timeout: int = 0
    fields: Sequence[tuple[int, bytes]] = ()
    ops: Sequence[WireOp] = ()

    def field(self, ftype: int) -> bytes | None:
        """The data of the first field of this type, or None."""
        for t, data in self.fields:
            if t == ftype:
                return data
        return None


def pack(msg: Message) -> bytes:
    """The message's bytes (no proto header). Raises ProtocolError for a name over 255 bytes."""
    parts = [
        _HEADER.pack(
            MSG_HEADER_SIZE, msg.info1, msg.info2, msg.info3, msg.info4, msg.result_code,
            msg.generation, msg.ttl, msg.timeout, len(msg.fields), len(msg.ops),
        )
    ]
    for ftype, data in msg.fields:
        parts.append(_FIELD.pack(len(data) + 1, ftype))
        parts.append(data)
    for op in msg.ops:
        name = op.name.encode()
        if len(name) > 255:
            raise ProtocolError(f"bin name of {len(name)} bytes")
        parts.append(_OP.pack(len(name) + len(op.data) + 4, op.op, op.ptype, 0, len(name)))
        parts.append(name)
        parts.append(op.data)
    return b"".join(parts)


def encode(*msgs: Message) -> bytes:
    """A message frame holding these messages."""
    return frame(TYPE_MESSAGE, b"".join(pack(m) for m in msgs))


def parse_one(body: bytes, pos: int = 0) -> tuple[Message, int]:
    """The message starting at ``pos`` of a frame body, and where it ends. Raises ProtocolError
    when it is cut short or its sizes disagree."""
    end = len(body)
    if end - pos < MSG_HEADER_SIZE:
        raise ProtocolError("a message shorter than its header")
    hsz, i1, i2, i3, i4, rc, gen, ttl, tmo, nf, no = _HEADER.unpack_from(body, pos)
    if hsz < MSG_HEADER_SIZE:
        raise ProtocolError(f"message header size {hsz}")
    p = pos + hsz
    fields = []
    for _ in range(nf):
        if end - p < 5:
            raise ProtocolError("a field cut short")
        size, ftype = _FIELD.unpack_from(body, p)
        if size < 1 or p + 4 + size > end:
            raise ProtocolError("a field cut short")
        fields.append((ftype, body[p + 5 : p + 4 + size]))
        p += 4 + size
    ops = []
    for _ in range(no):
        if end - p < 8:
            raise ProtocolError("an operation cut short")
        size, op, ptype, _version, nlen = _OP.unpack_from(body, p)
        if size < 4 + nlen or p + 4 + size > end:
            raise ProtocolError("an operation cut short")
        try:
            name = body[p + 8 : p + 8 + nlen].decode()
        except UnicodeDecodeError:
            raise ProtocolError("a bin name that is not UTF-8") from None
        ops.append(WireOp(op, ptype, name, body[p + 8 + nlen : p + 4 + size]))
        p += 4 + size
    return Message(i1, i2, i3, i4, rc, gen, ttl, tmo, fields, ops), p


def skip_fields(body: bytes, p: int, count: int) -> int:
    """Where ``count`` fields starting at ``p`` end (``parse_one``'s checks, for a reader that
    needs none of them). Raises ProtocolError."""
    end = len(body)
    for _ in range(count):
        if end - p < 5:
            raise ProtocolError("a field cut short")
        size, _ftype = _FIELD.unpack_from(body, p)
        if size < 1 or p + 4 + size > end:
            raise ProtocolError("a field cut short")
        p += 4 + size
    return p


def parse(body: bytes) -> list[Message]:
    """Every message of a frame body. Raises ProtocolError."""
    out = []
    pos = 0
    while pos < len(body):
        msg, pos = parse_one(body, pos)
        out.append(msg)
    return out


def parse_single(body: bytes) -> Message:
    """The one message a frame body holds. Raises ProtocolError if there is more or less."""
    msg, pos = parse_one(body)
    if pos != len(body):
        raise ProtocolError("bytes after the message")
    return msg
