"""The proto header every Aerospike message starts with, and the incremental frame reader.

8 bytes: version (2), type (1 info, 3 message, 4 compressed message), 48-bit big-endian size of
what follows. A compressed frame holds the uncompressed size (8 bytes, big-endian) and a zlib
stream of one whole inner frame.
"""

from __future__ import annotations

import zlib
from typing import NamedTuple

VERSION = 2
TYPE_INFO = 1
TYPE_MESSAGE = 3
TYPE_COMPRESSED = 4
HEADER_SIZE = 8
MAX_SIZE = 128 * 1024 * 1024
"""The largest frame we accept (the server refuses proto bodies over 128 MiB too)."""


class ProtocolError(ValueError):
    """Bytes that are not the Aerospike protocol; ``args[0]`` says what is wrong."""


class FrameBodyError(ProtocolError):
    """A frame whose header was sound but whose body is not (a compressed frame that does not
    inflate to one frame): the frame was consumed and the reader can go on."""


class Frame(NamedTuple):
    """One proto frame: its type and body (a compressed frame already unpacked)."""

    type: int
    body: bytes


class NeedData:
    """The reader's answer when the buffered bytes hold no complete frame yet."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "NEED_DATA"


NEED_DATA = NeedData()


def frame(ftype: int, body: bytes) -> bytes:
    """A whole frame: the proto header, then the body."""
    return bytes((VERSION, ftype)) + len(body).to_bytes(6, "big") + body


def compress(inner: bytes, level: int = 6) -> bytes:
    """A compressed (type 4) frame around a whole inner frame."""
    return frame(TYPE_COMPRESSED, len(inner).to_bytes(8, "big") + zlib.compress(inner, level))


def _header(buf: bytes | bytearray, pos: int) -> tuple[int, int]:
    version, ftype = buf[pos], buf[pos + 1]
    if version != VERSION:
        raise ProtocolError(f"proto version {version} (expected {VERSION})")
    if ftype not in (TYPE_INFO, TYPE_MESSAGE, TYPE_COMPRESSED):
        raise ProtocolError(f"proto type {ftype} is not info, message or compressed")
    size = int.from_bytes(buf[pos + 2 : pos + 8], "big")
    if size > MAX_SIZE:
        raise ProtocolError(f"proto size {size} is over {MAX_SIZE}")
    return ftype, size


def _uncompress(body: bytes) -> Frame:
    if len(body) < 8:
        raise FrameBodyError("a compressed frame without its size")
    want = int.from_bytes(body[:8], "big")
    if want > HEADER_SIZE + MAX_SIZE:
        raise FrameBodyError(f"a compressed frame inflating to {want} bytes")
    try:
        # Inflated no further than the size it declares (plus one byte to see it is longer).
        inflate = zlib.decompressobj()
        inner = inflate.decompress(body[8:], want + 1)
        complete = inflate.eof
    except zlib.error as err:
        raise FrameBodyError(f"a compressed frame that does not inflate: {err}") from None
    if len(inner) != want or len(inner) < HEADER_SIZE or not complete:
        raise FrameBodyError("a compressed frame of the wrong size")
    try:
        ftype, size = _header(inner, 0)
    except ProtocolError as err:
        raise FrameBodyError(*err.args) from None
    if ftype == TYPE_COMPRESSED or size != len(inner) - HEADER_SIZE:
        raise FrameBodyError("a compressed frame that does not hold one frame")
    return Frame(ftype, inner[HEADER_SIZE:])


class FrameReader:
    """Bytes in, frames out, no I/O: ``feed`` what the socket gave, then call ``next_frame``
    until it answers NEED_DATA. Raises ProtocolError on a bad header; the reader is then
    unusable (the connection should be dropped)."""

    __slots__ = ("_buf",)

    def __init__(self) -> None:
        self._buf = bytearray()

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self._buf += data

    @property
    def buffered(self) -> int:
        """How many bytes are waiting."""
        return len(self._buf)

    def next_frame(self) -> Frame | NeedData:
        """The next whole frame, or NEED_DATA. Raises ProtocolError."""
        buf = self._buf
        if len(buf) < HEADER_SIZE:
            return NEED_DATA
        ftype, size = _header(buf, 0)
        end = HEADER_SIZE + size
        if len(buf) < end:
            return NEED_DATA
        body = bytes(buf[HEADER_SIZE:end])
        del buf[:end]
        if ftype == TYPE_COMPRESSED:
            return _uncompress(body)
        return Frame(ftype, body)
