"""One connection's protocol, without I/O: request bytes in (``feed``), answer bytes out.

As on a real server, a frame holds one request: an info frame, or one message — a batch (info1
BATCH), a scan or query (no digest field), or a single-record command. A frame whose header is
not the protocol ends the connection (ProtocolError); a sound frame whose message is malformed
is answered with code 4 (parameter error) and the connection goes on. A scan's answer is made
in chunks, so a big scan is neither built in memory at once nor sent in one piece.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from itertools import islice
from typing import NamedTuple

from ..command import INFO1_BATCH
from ..engine.engine import Engine
from ..wire import batch, info, records, scans
from ..wire import fields as F
from ..wire.message import Message, encode, parse_single
from ..wire.proto import TYPE_INFO, FrameBodyError, FrameReader, NeedData, ProtocolError
from . import scan_request
from .cluster_info import ClusterInfo

SCAN_CHUNK = 256
"""Records a scan answers per frame."""


class Wait(NamedTuple):
    """Between two frames of a paced scan (records per second): wait this long first."""

    seconds: float


ERR_UNKNOWN = 1
ERR_PARAMETER = 4
ERR_NAMESPACE = 20

log = logging.getLogger("aeromodel.serve")
_Run = Callable[[Message], bytes]
_Error = Callable[[int], Message]


class Dispatcher:
    """Feed bytes; iterate ``answers()`` for the frames to send back, one at a time (a scan's
    are made as they are taken, with a ``Wait`` between them when the scan is paced). Raises
    ProtocolError for a frame header that is not the protocol (the connection should then be
    closed). ``failures`` counts requests that met an error inside the server (answered with
    code 1, and logged)."""

    def __init__(self, engine: Engine, cluster: ClusterInfo) -> None:
        self.engine = engine
        self.cluster = cluster
        self.frames = FrameReader()
        self.failures = 0

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self.frames.feed(data)

    @property
    def mid_frame(self) -> bool:
        """Whether part of a frame is waiting for the rest."""
        return self.frames.buffered > 0

    def answers(self) -> Iterator[bytes | Wait]:
        """Answer every whole request received so far. Raises ProtocolError."""
        while True:
            try:
                frame = self.frames.next_frame()
            except FrameBodyError:
                yield encode(Message(result_code=ERR_PARAMETER))
                continue
            if isinstance(frame, NeedData):
                return
            if frame.type == TYPE_INFO:
                yield self._info(frame.body)
                continue
            try:
                msg = parse_single(frame.body)
            except ProtocolError:
                yield encode(Message(result_code=ERR_PARAMETER))
                continue
            yield from self.run(msg)

    def _info(self, body: bytes) -> bytes:
        # A name that is not UTF-8 is a name no command has: answered, not fatal. An index must
        # not be created under such a name (a real 8.1.2 server aborts storing it): refused.
        lines: list[str] = []
        refused: list[str] = []
        for raw in body.split(b"\n"):
            if not raw:
                continue
            try:
                lines.append(raw.decode())
            except UnicodeDecodeError:
                line = raw.decode(errors="replace")
                if line.startswith("sindex-create"):
                    refused.append(f"{line}\tERROR:{ERR_PARAMETER}:a name is not UTF-8\n")
                else:
                    lines.append(line)
        try:
            text = self.cluster.answer(lines) if lines or not refused else ""
        except Exception:
            self._failed("info request")
            text = "".join(f"{line}\tERROR::internal\n" for line in lines)
        return info.encode_text("".join(refused) + text)

    def run(self, msg: Message) -> Iterator[bytes | Wait]:
        """The answer frames of one request message."""
        if msg.info1 & INFO1_BATCH:
            yield self._guarded(self._batch, msg, batch.last)
        elif msg.field(F.NAMESPACE) is None:
            yield encode(Message(result_code=ERR_NAMESPACE))
        elif msg.field(F.DIGEST) is None:
            yield from self._scan(msg)
        else:
            yield self._guarded(self._record, msg, lambda code: Message(result_code=code))

    def _guarded(self, run: _Run, msg: Message, error: _Error) -> bytes:
        try:
            return run(msg)
        except ProtocolError:
            return encode(error(ERR_PARAMETER))
        except Exception:
            self._failed("request")
            return encode(error(ERR_UNKNOWN))

    def _batch(self, msg: Message) -> bytes:
        cmd = batch.decode_batch(msg)
        return batch.encode_batch_result(self.engine.execute_batch(cmd))

    def _record(self, msg: Message) -> bytes:
        return records.encode_result(self.engine.execute(records.decode_command(msg)))

    def _scan(self, msg: Message) -> Iterator[bytes | Wait]:
        ns = msg.field(F.NAMESPACE)
        if bytes(ns or b"").decode(errors="replace") not in self.engine.namespaces:
            yield encode(scans.refused(ERR_NAMESPACE))
            return
        parts = scan_request.partitions(msg)
        if isinstance(parts, int):
            yield encode(scans.refused(parts))
            return
        try:
            plain = msg._replace(
                fields=[f for f in msg.fields if f[0] not in scan_request.PARTITION_FIELDS]
            )
            cmd = scans.decode_scan(plain)[0]._replace(partitions=parts)
            # Paced here, between frames, not by the engine (which would sleep in the loop).
            rps = cmd.records_per_second
            res = self.engine.execute_scan(cmd._replace(records_per_second=0))
        except ProtocolError:
            yield encode(scans.refused(ERR_PARAMETER))
            return
        except Exception:
            self._failed("scan")
            yield encode(scans.refused(ERR_UNKNOWN))
            return
        if res.code:
            yield encode(scans.refused(res.code))
            return
        # Serve holds every partition: none is ever unavailable, so no partition-done marker
        # is sent (a real server sends one only for a partition it does not hold).
        code = 0
        # A paced scan sends a tenth of a second's records a frame.
        size = max(1, min(SCAN_CHUNK, rps // 10)) if rps else SCAN_CHUNK
        started, sent = time.monotonic(), 0
        while True:
            try:
                chunk = list(islice(res.records, size))
                if not chunk:
                    break
                data = encode(*(scans.record_answer(r, cmd.ns) for r in chunk))
            except Exception:
                self._failed("scan")
                code = ERR_UNKNOWN  # abandoned part-way: LAST carries the code
                break
            if rps:
                ahead = started + sent / rps - time.monotonic()
                if ahead > 0:
                    yield Wait(ahead)
            sent += len(chunk)
            yield data
        yield encode(batch.last(code))

    def _failed(self, what: str) -> None:
        self.failures += 1
        log.exception("aeromodel serve: a %s failed inside the server", what)
