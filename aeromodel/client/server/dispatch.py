"""One connection's protocol, without I/O: request bytes in (``feed``), answer bytes out.

A message is a batch (info1 BATCH), a scan or query (a task id field), or a single-record
command; each is decoded with the wire codec, run on the engine and encoded back. A scan's
answer is produced in chunks, so a big scan is not built in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import islice

from ..command import INFO1_BATCH
from ..engine.engine import Engine
from ..wire import batch, info, records, scans
from ..wire import fields as F
from ..wire.message import Message, encode
from ..wire.proto import NeedData
from ..wire.reader import InfoText, Reader
from .cluster_info import ClusterInfo

SCAN_CHUNK = 256
"""Records a scan answers per frame."""


class Dispatcher:
    """Feed bytes; iterate ``answers()`` for the bytes to send back. Raises ProtocolError for
    bytes that are not the protocol (the connection should then be closed)."""

    def __init__(self, engine: Engine, cluster: ClusterInfo) -> None:
        self.engine = engine
        self.cluster = cluster
        self.reader = Reader()

    def feed(self, data: bytes) -> None:
        """Add received bytes."""
        self.reader.feed(data)

    def answers(self) -> Iterator[bytes]:
        """Answer every whole request received so far. Raises ProtocolError."""
        while not isinstance(ev := self.reader.next_event(), NeedData):
            if isinstance(ev, InfoText):
                text = self.cluster.answer(info.decode_request(ev.body))
                yield info.encode_text(text)
            else:
                yield from self.run(ev)

    def run(self, msg: Message) -> Iterator[bytes]:
        """The answer frames of one request message."""
        if msg.info1 & INFO1_BATCH:
            cmd = batch.decode_batch(msg)
            yield batch.encode_batch_result(self.engine.execute_batch(cmd))
        elif msg.field(F.TASK_ID) is not None:
            yield from self._scan(msg)
        else:
            res = self.engine.execute(records.decode_command(msg))
            yield records.encode_result(res)

    def _scan(self, msg: Message) -> Iterator[bytes]:
        cmd, _task = scans.decode_scan(msg)
        res = self.engine.execute_scan(cmd)
        if res.code:
            yield encode(batch.last(res.code))
            return
        while chunk := list(islice(res.records, SCAN_CHUNK)):
            yield encode(*(scans.record_answer(r, cmd.ns) for r in chunk))
        yield encode(batch.last(0))

