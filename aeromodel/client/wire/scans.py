"""Partition scans and queries: the request, and the stream of answers.

The request (as the official client sends it): info1 READ (+ GET_NOBINDATA without bins),
info3 PARTITION_DONE, record ttl -1, the total timeout in the transaction-ttl slot; fields
namespace, set, records per second, socket timeout, task id, the index predicate (index type,
range: count 1, bin name, particle type, begin and end each with a 4-byte length; context;
index name; index expression), the filter expression, the partitions to read (ids as 2-byte
little-endian, partitions resumed after a digest in the digest array, a query's bvals as 8-byte
little-endian), max records; the selected bins as read operations without values.

The answer streams messages: a record (fields namespace, digest, set, user key, a query's bval;
its bins as operations), a partition done (info3 PARTITION_DONE, the partition id in the
generation slot, a result code: the partition could not be read to its end), and LAST (with a
result code: the scan was abandoned part-way). A real 8.1 server sends a partition done only for
a partition it does not hold (code 11, unavailable), never for one it read, nor for the
partitions ``max_records`` kept it from reading; a request it refuses before reading anything is
answered by one message with the code and no LAST bit.
"""

from __future__ import annotations

import struct
from operator import itemgetter
from typing import Any, NamedTuple

from ..command import (
    INFO1_GET_NOBINDATA,
    INFO1_READ,
    INFO3_LAST,
    INFO3_PARTITION_DONE,
    OP_READ,
    PARTICLE_GEOJSON,
    PARTICLE_INTEGER,
    PartitionSpec,
    Predicate,
    ScanCommand,
    ScanRecord,
)
from ..values import Expression
from . import fields as F
from . import particles, records
from .message import _FIELD, MSG_HEADER_SIZE, Message, WireOp, encode
from .proto import ProtocolError

N_PARTITIONS = 4096
READ_TTL_NONE = 0xFFFFFFFF
_PID, _AFTER = itemgetter(0), itemgetter(1)  # of a PartitionSpec
ALL_PARTITIONS = b"".join(i.to_bytes(2, "little") for i in range(N_PARTITIONS))


class PartitionDone(NamedTuple):
    """A partition the server could not finish (``code``); the client retries it."""

    pid: int
    code: int


class Last(NamedTuple):
    """The end of a scan's answer from one node, with its result code."""

    code: int


def partition_of(digest: bytes) -> int:
    """The partition owning a digest: its first 12 bits, little-endian."""
    return (digest[0] | digest[1] << 8) & 0xFFF


def _range_value(ptype: int, value: Any) -> bytes:
    if ptype == PARTICLE_INTEGER:
        data = int(value).to_bytes(8, "big", signed=True)
    elif isinstance(value, str):
        data = value.encode()
    elif isinstance(value, (bytes, bytearray)):
        data = bytes(value)
    else:
        data = str(value).encode()  # a GeoJSON value: its text
    return len(data).to_bytes(4, "big") + data


def _predicate_fields(pred: Predicate) -> list[tuple[int, bytes]]:
    out = []
    if pred.itype:
        out.append((F.INDEX_TYPE, bytes((pred.itype,))))
    if pred.bin is not None or pred.ptype:  # an expression index's range has no bin name
        name = (pred.bin or "").encode()
        rng = bytes((1, len(name))) + name + bytes((pred.ptype,))
        rng += _range_value(pred.ptype, pred.begin) + _range_value(pred.ptype, pred.end)
        out.append((F.INDEX_RANGE, rng))
    if pred.ctx:
        out.append((F.INDEX_CONTEXT, bytes(pred.ctx)))
    if pred.index_name:
        out.append((F.INDEX_NAME, pred.index_name.encode()))
    if pred.exp:
        out.append((F.INDEX_EXPRESSION, bytes(pred.exp)))
    return out


def _partition_fields(cmd: ScanCommand) -> list[tuple[int, bytes]]:
    if cmd.partitions is None:
        return [(F.PID_ARRAY, ALL_PARTITIONS)]
    parts = cmd.partitions
    if list(map(_AFTER, parts)).count(None) == len(parts):  # the common case, at C speed
        return [(F.PID_ARRAY, struct.pack(f"<{len(parts)}H", *map(_PID, parts)))]
    full = [p[0] for p in parts if p[1] is None]
    partial = [p for p in parts if p[1] is not None]
    out = []
    if full:  # up to 4,096 ids: packed at once
        out.append((F.PID_ARRAY, struct.pack(f"<{len(full)}H", *full)))
    if partial:
        out.append((F.DIGEST_ARRAY, b"".join(bytes(p[1] or b"") for p in partial)))
        if cmd.predicate is not None:
            bvals = b"".join(int(p[2] or 0).to_bytes(8, "little", signed=True) for p in partial)
            out.append((F.BVAL_ARRAY, bvals))
    return out


def request(cmd: ScanCommand, task_id: int, socket_timeout: int = 30000, total_timeout: int = 0) -> Message:
    """The message of a scan or query."""
    flds = [(F.NAMESPACE, cmd.ns.encode())]
    if cmd.set_name:
        flds.append((F.SET, cmd.set_name.encode()))
    if cmd.records_per_second > 0:
        flds.append((F.RPS, cmd.records_per_second.to_bytes(4, "big")))
    flds.append((F.SOCKET_TIMEOUT, socket_timeout.to_bytes(4, "big")))
    flds.append((F.TASK_ID, task_id.to_bytes(8, "big")))
    if cmd.predicate is not None:
        flds += _predicate_fields(cmd.predicate)
    if cmd.filter_exp is not None:
        flds.append((F.FILTER, bytes(cmd.filter_exp)))
    flds += _partition_fields(cmd)
    if cmd.max_records > 0:
        flds.append((F.MAX_RECORDS, cmd.max_records.to_bytes(8, "big")))
    info1 = INFO1_READ | (INFO1_GET_NOBINDATA if cmd.nobins else 0)
    ops = [WireOp(OP_READ, particles.NULL, b, b"") for b in cmd.bins or ()]
    return Message(info1, 0, INFO3_PARTITION_DONE, 0, 0, 0, READ_TTL_NONE, total_timeout, flds, ops)


def encode_scan(cmd: ScanCommand, task_id: int, socket_timeout: int = 30000, total_timeout: int = 0) -> bytes:
    """The request frame of a scan or query (``task_id``: the client's random 64-bit id).
    Raises ProtocolError."""
    return encode(request(cmd, task_id, socket_timeout, total_timeout))


def _predicate(msg: Message) -> Predicate | None:
    rng = msg.field(F.INDEX_RANGE)
    itype = msg.field(F.INDEX_TYPE)
    ctx = msg.field(F.INDEX_CONTEXT)
    name = msg.field(F.INDEX_NAME)
    iexp = msg.field(F.INDEX_EXPRESSION)
    if rng is None and name is None and iexp is None:
        return None
    bin_name: str | None = None
    ptype, begin, end = 0, None, None
    if rng is not None:
        bin_name, ptype, begin, end = _range(rng)
        bin_name = bin_name or None
    return Predicate(
        bin_name,
        itype[0] if itype else 0,
        ptype,
        begin,
        end,
        bytes(ctx) if ctx is not None else None,
        F.text(name, "index name") if name is not None else None,
        bytes(iexp) if iexp is not None else None,
    )


def _range(data: bytes) -> tuple[str, int, Any, Any]:
    try:
        if data[0] != 1:
            raise ProtocolError(f"an index range with {data[0]} ranges (the server takes 1)")
        n = data[1]
        name = F.text(data[2 : 2 + n], "index bin")
        pos = 2 + n
        ptype = data[pos]
        pos += 1
        vals = []
        for _ in range(2):
            size = int.from_bytes(data[pos : pos + 4], "big")
            raw = data[pos + 4 : pos + 4 + size]
            if len(raw) != size:
                raise IndexError
            vals.append(_range_decode(ptype, raw))
            pos += 4 + size
    except IndexError:
        raise ProtocolError("an index range cut short") from None
    if pos != len(data):
        raise ProtocolError("bytes after the index range")
    return name, ptype, vals[0], vals[1]


def _range_decode(ptype: int, raw: bytes) -> Any:
    if ptype == PARTICLE_INTEGER:
        return particles.decode(particles.INTEGER, raw)
    if ptype in (particles.STRING, PARTICLE_GEOJSON):
        return F.text(raw, "index range value")
    return bytes(raw)


def _partitions(msg: Message) -> list[PartitionSpec] | None:
    pids = msg.field(F.PID_ARRAY)
    digests = msg.field(F.DIGEST_ARRAY)
    bvals = msg.field(F.BVAL_ARRAY)
    if pids == ALL_PARTITIONS and digests is None:
        return None
    out: list[PartitionSpec] = []
    if pids is not None:
        if len(pids) % 2:
            raise ProtocolError("a partition id array of odd length")
        out += [(int.from_bytes(pids[i : i + 2], "little"), None, 0) for i in range(0, len(pids), 2)]
    if digests is not None:
        if len(digests) % 20:
            raise ProtocolError("a digest array of a length not a multiple of 20")
        n = len(digests) // 20
        if bvals is not None and len(bvals) != 8 * n:
            raise ProtocolError("a bval array that does not match the digest array")
        for i in range(n):
            d = bytes(digests[20 * i : 20 * i + 20])
            bval = int.from_bytes(bvals[8 * i : 8 * i + 8], "little", signed=True) if bvals else 0
            out.append((partition_of(d), d, bval))
    for pid, _d, _b in out:
        if pid >= N_PARTITIONS:
            raise ProtocolError(f"partition {pid} (there are {N_PARTITIONS})")
    return out


def decode_scan(msg: Message) -> tuple[ScanCommand, int]:
    """The scan or query a request carries, and its task id. Raises ProtocolError."""
    ns = msg.field(F.NAMESPACE)
    if ns is None:
        raise ProtocolError("a scan without its namespace")
    set_name = msg.field(F.SET)
    rps = msg.field(F.RPS)
    maxr = msg.field(F.MAX_RECORDS)
    task = msg.field(F.TASK_ID)
    filt = msg.field(F.FILTER)
    pred = _predicate(msg)
    cmd = ScanCommand(
        F.text(ns, "namespace"),
        F.text(set_name, "set name") if set_name else None,
        tuple(op.name for op in msg.ops) if msg.ops else None,
        bool(msg.info1 & INFO1_GET_NOBINDATA),
        pred,
        Expression(filt) if filt is not None else None,
        _partitions(msg),
        F.uint(maxr, 8, "max records") if maxr is not None else 0,
        F.uint(rps, 4, "records per second") if rps is not None else 0,
    )
    return cmd, F.uint(task, 8, "task id") if task is not None else 0


def record_answer(rec: ScanRecord, ns: str) -> Message:
    """The answer message of one record a scan or query found."""
    digest, gen, void_time, bins, key, set_name, bval = rec
    flds = [(F.NAMESPACE, ns.encode()), (F.DIGEST, bytes(digest))]
    if set_name:
        flds.append((F.SET, set_name.encode()))
    if key is not None:
        flds.append((F.KEY, F.key(key)))
    if bval is not None:
        flds.append((F.BVAL_ARRAY, _bval(bval)))
    ops = []
    for name, value in (bins or {}).items():
        ptype, data = particles.encode(value)
        ops.append(WireOp(OP_READ, ptype, name, data))
    return Message(0, 0, 0, 0, 0, gen, void_time, 0, flds, ops)


def _bval(bval: Any) -> bytes:
    if isinstance(bval, int) and not isinstance(bval, bool):
        return bval.to_bytes(8, "little", signed=True)
    return struct.pack("<q", 0)


def partition_done(pid: int, code: int) -> Message:
    """The message saying a partition could not be finished."""
    return Message(info3=INFO3_PARTITION_DONE, result_code=code, generation=pid)


def refused(code: int) -> Message:
    """The answer to a scan or query refused before any record is read: the code alone."""
    return Message(result_code=code)


def decode_answer(msg: Message, nobins: bool = False) -> ScanRecord | PartitionDone | Last:
    """What one answer message says: a record, a partition not finished, or the end (LAST, or
    a refusal: a message with a result code that is not a partition done).
    Raises ProtocolError for a record without its digest."""
    if msg.info3 & INFO3_LAST:
        return Last(msg.result_code)
    if msg.info3 & INFO3_PARTITION_DONE:
        return PartitionDone(msg.generation, msg.result_code)
    if msg.result_code:
        return Last(msg.result_code)
    digest = msg.field(F.DIGEST)
    if digest is None or len(digest) != 20:
        raise ProtocolError("a scan record without its digest")
    set_name = msg.field(F.SET)
    key = msg.field(F.KEY)
    bval = msg.field(F.BVAL_ARRAY)
    bins = None
    if not nobins:
        bins = {op.name: particles.decode(op.ptype, op.data) for op in msg.ops}
    return (
        bytes(digest),
        msg.generation,
        msg.ttl,
        bins,
        F.user_key(key) if key is not None else None,
        F.text(set_name, "set name") if set_name else None,
        int.from_bytes(bval, "little", signed=True) if bval is not None and len(bval) == 8 else None,
    )


_DIGEST, _SET, _KEY, _BVAL = F.DIGEST, F.SET, F.KEY, F.BVAL_ARRAY
_ANSWER_HEADER = struct.Struct(">B2xB1xBII4xHH")
"""Of a message header, what a scan's reader needs: header size, info3, result code,
generation, ttl, field and operation counts."""
Answer = ScanRecord | PartitionDone | Last
"""One answer message of a scan or query, as ``decode_answer`` reads it."""


def decode_frame(body: bytes, nobins: bool = False) -> list[Answer]:
    """What each message of an answer frame's body says, in order: ``decode_answer`` over
    ``parse(body)``, straight from the bytes (this runs for every record a scan streams). The
    whole frame is read before any of it is used, as ``parse`` reads it. Raises ProtocolError."""
    out: list[Answer] = []
    end = len(body)
    pos = 0
    unpack, unpack_field = _ANSWER_HEADER.unpack_from, _FIELD.unpack_from
    read_values = records.read_values
    sets: dict[bytes, str] = {}  # set names repeat: each is decoded once
    while pos < end:
        try:
            hsz, i3, rc, gen, ttl, nf, no = unpack(body, pos)
        except struct.error:
            raise ProtocolError("a message shorter than its header") from None
        if hsz < MSG_HEADER_SIZE:
            raise ProtocolError(f"message header size {hsz}")
        pos += hsz
        digest = set_name = key = bval = None
        try:
            for _ in range(nf):
                size, ftype = unpack_field(body, pos)
                start, pos = pos + 5, pos + 4 + size
                if size < 1 or pos > end:
                    raise ProtocolError("a field cut short")
                if ftype == _DIGEST:
                    if digest is None:
                        digest = body[start:pos]
                elif ftype == _SET:
                    if set_name is None:
                        set_name = body[start:pos]
                elif ftype == _KEY:
                    if key is None:
                        key = body[start:pos]
                elif ftype == _BVAL and bval is None:
                    bval = body[start:pos]
        except struct.error:  # fewer than 5 bytes left for a field's header
            raise ProtocolError("a field cut short") from None
        values, pos, _flat = read_values(body, pos, no)
        if i3 & INFO3_LAST or (rc and not i3 & INFO3_PARTITION_DONE):
            out.append(Last(rc))
        elif i3 & INFO3_PARTITION_DONE:
            out.append(PartitionDone(gen, rc))
        elif digest is None or len(digest) != 20:
            raise ProtocolError("a scan record without its digest")
        else:
            set_text = None
            if set_name:
                set_text = sets.get(set_name)
                if set_text is None:
                    set_text = sets[set_name] = F.text(set_name, "set name")
            out.append((
                digest,
                gen,
                ttl,
                None if nobins else dict(values),
                F.user_key(key) if key is not None else None,
                set_text,
                int.from_bytes(bval, "little", signed=True) if bval is not None and len(bval) == 8 else None,
            ))
    return out
