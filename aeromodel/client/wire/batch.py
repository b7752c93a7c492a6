"""Batch-index requests and their answers.

A request is one message (info1 BATCH) whose batch field holds: the row count (4), flags (1:
0x08 always, allow-inline 1, allow-inline-ssd 2, respond-all-keys 4), then per row its index (4)
and digest (20), then either REPEAT (0x01: as the row before, this digest) or a full row: a
type byte (0x02 info, 0x04 generation, 0x08 ttl), info1, info2, info3, then for writes the
generation (2) and for all the ttl (4), field and operation counts (2 + 2), namespace and set
(always, even empty), filter expression, user key, and the operations. The official client
repeats a row when it has the same namespace, set, attributes and the same operations object
(and no user key); we repeat when the operations are equal: the same bytes for the calls that
share one operation list (batch_read, batch_operate), a shorter message with the same meaning
when separate records happen to be equal.

The answer streams one message per record (the transaction-ttl slot holds the row index), then
a message with info3 LAST whose result code is the batch's own.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable, Sequence

from ..command import (
    INFO1_BATCH,
    INFO1_GET_NOBINDATA,
    INFO1_READ,
    INFO2_DELETE,
    INFO2_WRITE,
    INFO3_LAST,
    BatchCommand,
    BatchResult,
    Command,
    Result,
    new,
)
from ..values import Expression, FlatBins
from . import fields as F
from . import records
from .message import _HEADER, MSG_HEADER_SIZE, Message, encode, pack, parse, parse_one, skip_fields
from .proto import ProtocolError

FLAGS_ALWAYS = 0x08
ROW_REPEAT = 0x01
ROW_INFO = 0x02
ROW_GEN = 0x04
ROW_TTL = 0x08
ROW_INFO4 = 0x10
_READ_BINS = INFO1_READ | INFO1_GET_NOBINDATA
_ROW_HEAD = struct.Struct(">I20s")
_ROW_REPEAT = struct.Struct(">I20sB")
_ROW_AS_MSG = bytes((22,)) + bytes(17)
"""A row's counts, fields and operations are a message after its first 18 header bytes."""


def _is_write(cmd: Command) -> bool:
    return bool(cmd.info2 & (INFO2_WRITE | INFO2_DELETE))


def _row(cmd: Command) -> bytes:
    flds = [(F.NAMESPACE, cmd.ns.encode()), (F.SET, (cmd.set_name or "").encode())]
    if cmd.filter_exp is not None:
        flds.append((F.FILTER, bytes(cmd.filter_exp)))
    if cmd.user_key is not None:
        flds.append((F.KEY, F.key(cmd.user_key)))
    ops = [records.wire_op(op) for op in cmd.ops or ()]
    body = pack(Message(fields=flds, ops=ops))[18:]  # the counts, fields and operations
    attrs = bytes((cmd.info1, cmd.info2, cmd.info3))
    if _is_write(cmd):
        head = bytes((ROW_INFO | ROW_GEN | ROW_TTL,)) + attrs + struct.pack(">HI", cmd.gen, cmd.ttl)
    else:
        head = bytes((ROW_INFO | ROW_TTL,)) + attrs + struct.pack(">I", cmd.ttl)
    return head + body


def batch_field(batch: BatchCommand) -> bytes:
    """The batch field's data. A row repeats the one before when it has no user key and the
    same namespace, set (None and "" are the same on the wire), attributes, operations and
    filter. Raises ProtocolError."""
    parts = [struct.pack(">IB", len(batch.records), FLAGS_ALWAYS | batch.flags)]
    append = parts.append
    pns = pset = ptail = None
    for i, cmd in enumerate(batch.records):
        ns, set_name = cmd[0], cmd[1]
        if (
            ptail is not None
            and cmd[3] is None  # no user key
            and cmd[4:] == ptail  # info1, info2, info3, gen, ttl, ops, filter_exp
            and ns == pns
            and (set_name == pset or (set_name or "") == (pset or ""))
        ):
            append(_ROW_REPEAT.pack(i, cmd[2], ROW_REPEAT))
        else:
            append(_ROW_HEAD.pack(i, cmd[2]))
            append(_row(cmd))
            pns, pset, ptail = ns, set_name, cmd[4:]
    return b"".join(parts)


def request(batch: BatchCommand, timeout: int = 1000) -> Message:
    """The message of a batch command."""
    flds = []
    if batch.filter_exp is not None:
        flds.append((F.FILTER, bytes(batch.filter_exp)))
    flds.append((F.BATCH_INDEX, batch_field(batch)))
    return Message(INFO1_BATCH, timeout=timeout, fields=flds)


def encode_batch(batch: BatchCommand, timeout: int = 1000) -> bytes:
    """The request frame of a batch command. Raises ProtocolError."""
    return encode(request(batch, timeout))


def decode_batch(msg: Message) -> BatchCommand:
    """The batch command a request message carries. Raises ProtocolError."""
    data = msg.field(F.BATCH_INDEX)
    if data is None or len(data) < 5:
        raise ProtocolError("a batch request without its batch field")
    count, flags = struct.unpack_from(">IB", data)
    pos = 5
    rows: list[Command] = []
    prev: Command | None = None
    for _ in range(count):
        if len(data) - pos < 25:
            raise ProtocolError("a batch row cut short")
        _index, digest = _ROW_HEAD.unpack_from(data, pos)
        kind = data[pos + 24]
        pos += 25
        if kind & ROW_REPEAT:
            if prev is None:
                raise ProtocolError("a batch row repeats nothing")
            rows.append(prev._replace(digest=digest, user_key=None))
            continue
        prev, pos = _parse_row(data, pos, kind, digest)
        rows.append(prev)
    if pos != len(data):
        raise ProtocolError("bytes after the batch rows")
    filt = msg.field(F.FILTER)
    return BatchCommand(flags & 7, rows, Expression(filt) if filt is not None else None)


def _parse_row(data: bytes, pos: int, kind: int, digest: bytes) -> tuple[Command, int]:
    need = 3 + (kind & ROW_INFO4 and 1) + (kind & ROW_GEN and 2) + (kind & ROW_TTL and 4) + 4
    if not kind & ROW_INFO or len(data) - pos < need:
        raise ProtocolError("a batch row without its attributes")
    info1, info2, info3 = data[pos], data[pos + 1], data[pos + 2]
    pos += 3 + (1 if kind & ROW_INFO4 else 0)
    gen = ttl = 0
    if kind & ROW_GEN:
        gen = int.from_bytes(data[pos : pos + 2], "big")
        pos += 2
    if kind & ROW_TTL:
        ttl = int.from_bytes(data[pos : pos + 4], "big")
        pos += 4
    # The counts and what follows are a message body after a header: parse them as one.
    sub, end = parse_one(_ROW_AS_MSG + data[pos:])
    pos += end - len(_ROW_AS_MSG)
    cmd = records.decode_command(
        sub._replace(
            fields=[*sub.fields, (F.DIGEST, digest)],
            info1=info1, info2=info2, info3=info3, generation=gen, ttl=ttl,
        )
    )
    if cmd.set_name == "":
        cmd = cmd._replace(set_name=None)
    return cmd, pos


def record_answer(index: int, res: Result) -> Message:
    """The answer message of one batch row."""
    return Message(
        0, 0, 0, 0, res.code, res.gen, res.void_time, index, (), records.result_ops(res)
    )


def last(code: int = 0) -> Message:
    """The message that ends a batch, scan or query answer (info3 LAST)."""
    return Message(info3=INFO3_LAST, result_code=code)


def encode_batch_result(res: BatchResult) -> bytes:
    """The answer frame of a batch result: a message per record run (row i for the i-th), then
    LAST with the batch's code. Raises ProtocolError."""
    msgs = [record_answer(i, r) for i, r in enumerate(res.records)]
    return encode(*msgs, last(res.code))


def decode_batch_result(msgs: Iterable[Message], batch: BatchCommand) -> BatchResult:
    """The batch result of the answer's messages (up to and including LAST), each row's result
    shaped by its sub-command, in row order. Raises ProtocolError for a row index out of range
    or an answer without LAST."""
    rows: dict[int, Result] = {}
    rec: Sequence[Command] = batch.records
    for msg in msgs:
        if msg.info3 & INFO3_LAST:
            return BatchResult(msg.result_code, [rows[i] for i in sorted(rows)])
        if not 0 <= msg.timeout < len(rec):
            raise ProtocolError(f"a batch answer for row {msg.timeout} of {len(rec)}")
        rows[msg.timeout] = records.decode_result(msg, rec[msg.timeout])
    raise ProtocolError("a batch answer without its last message")


def decode_rows(body: bytes, batch: BatchCommand, rows: dict[int, Result]) -> tuple[int, bool] | None:
    """Decode the row answers of one answer frame's body into ``rows`` (by row index), straight
    from the bytes (``decode_batch_result`` over ``parse(body)`` without the Messages). Once the
    frame holds LAST: (the batch's code, whether messages follow LAST); else None. Raises
    ProtocolError."""
    rec: Sequence[Command] = batch.records
    count = len(rec)
    end = len(body)
    pos = 0
    unpack = _HEADER.unpack_from
    read_values, shaped_result = records.read_values, records.shaped_result
    while pos < end:
        try:
            hsz, _i1, _i2, i3, _i4, rc, gen, ttl, index, nf, no = unpack(body, pos)
        except struct.error:
            raise ProtocolError("a message shorter than its header") from None
        if i3 & INFO3_LAST:
            _msg, pos = parse_one(body, pos)
            return rc, bool(parse(body[pos:]))
        if hsz < MSG_HEADER_SIZE:
            raise ProtocolError(f"message header size {hsz}")
        pos += hsz
        if nf:
            pos = skip_fields(body, pos, nf)
        values, pos, flat = read_values(body, pos, no)
        if not 0 <= index < count:
            raise ProtocolError(f"a batch answer for row {index} of {count}")
        cmd = rec[index]
        if rc == 0 and cmd[9] is None and cmd[4] & _READ_BINS == INFO1_READ:
            # A whole-record read that found its record (shaped_result's commonest case).
            bins = FlatBins(values) if flat else dict(values)
            rows[index] = new(Result, (0, gen, ttl, bins, None, None, None))
        else:
            rows[index] = shaped_result(cmd, rc, gen, ttl, values, flat)
    return None
