"""Single-record commands and their answers: ``Command`` <-> message, ``Result`` <-> message.

Requests are laid out as the official C client lays them out: namespace, set, digest, user key
(sent only when the command carries one), filter expression; then the operations. The
transaction-ttl slot carries the server-side timeout (``server_timeout``).
"""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from ..command import (
    INFO1_GET_NOBINDATA,
    INFO1_READ,
    OP_BIT_MODIFY,
    OP_BIT_READ,
    OP_CDT_MODIFY,
    OP_CDT_READ,
    OP_EXP_MODIFY,
    OP_EXP_READ,
    OP_HLL_MODIFY,
    OP_HLL_READ,
    OP_READ,
    Command,
    Net,
    Op,
    Result,
    new,
)
from ..msgpack_read import MsgpackError, decode_from, wire
from ..msgpack_read import decode as decode_tree
from ..values import Expression, FlatBins
from . import fields as F
from . import particles
from .message import _FIELD, _OP, MSG_HEADER_SIZE, Message, WireOp, encode, skip_fields
from .proto import TYPE_MESSAGE, VERSION, ProtocolError

CDT_OPS = frozenset({OP_CDT_READ, OP_CDT_MODIFY, OP_BIT_READ, OP_BIT_MODIFY, OP_HLL_READ, OP_HLL_MODIFY})
"""Operations whose value is their argument list in msgpack (a blob particle)."""
EXP_OPS = frozenset({OP_EXP_READ, OP_EXP_MODIFY})
"""Operations whose value is (compiled expression, flags) in msgpack."""


def server_timeout(net: Net | None) -> int:
    """The transaction-ttl a request carries: the socket timeout when it is set and shorter than
    the total timeout, else the total timeout (the C client's rule)."""
    if net is None:
        return 1000
    st, tt = net.socket_timeout, net.total_timeout
    return st if 0 < st < tt else tt


def key_fields(ns: str, set_name: str | None, digest: bytes, user_key: Any) -> list[tuple[int, bytes]]:
    """The fields naming a record, in the C client's order. Raises ProtocolError."""
    out = [(F.NAMESPACE, ns.encode())]
    if set_name:
        out.append((F.SET, set_name.encode()))
    out.append((F.DIGEST, bytes(digest)))
    if user_key is not None:
        out.append((F.KEY, F.key(user_key)))
    return out


def wire_op(op: Op) -> WireOp:
    """An operation's wire form. Raises ProtocolError for a value with no wire form."""
    op_type, name, value = op
    if op_type in CDT_OPS or op_type in EXP_OPS:
        return WireOp(op_type, particles.BLOB, name, particles.pack_value(value))
    ptype, data = particles.encode(value)
    return WireOp(op_type, ptype, name, data)


def command_op(op: WireOp) -> Op:
    """The (op type, bin, value) a wire operation carries. Raises ProtocolError."""
    if op.op in EXP_OPS:
        return op.op, op.name, _exp_args(op.data)
    if op.op in CDT_OPS:
        try:
            value = _cdt_value(decode_tree(op.data))
        except MsgpackError as err:
            raise ProtocolError(f"bad operation arguments: {err.args[0]}") from None
        return op.op, op.name, tuple(value) if type(value) is list else value
    return op.op, op.name, particles.decode(op.ptype, op.data)


_SELECT = 0xFE  # a path operation: (SELECT, ctx, flags[, modify expression])
_CTX = 0xFF  # an operation through a context: (CTX, ctx, operation)
_CTX_EXP = 0x04  # a context entry whose value is an expression (a filter)


def _cdt_value(tree: Any) -> Any:
    """The wire value of a CDT operation's decoded arguments. Expressions inside them (context
    filters, AND filters, a path modify expression) stay as decoded, for the engine's expression
    builder: read as CDT values, their strings would lose a first byte to a particle type."""
    if type(tree) is not list or len(tree) < 2 or tree[0] not in (_SELECT, _CTX):
        return wire(tree)
    out = [tree[0], _ctx_value(tree[1])]
    if tree[0] == _SELECT:
        out += [wire(x) for x in tree[2:3]]
        out += tree[3:4]  # the modify expression
        out += [wire(x) for x in tree[4:]]
    else:
        out += [_cdt_value(x) for x in tree[2:]]
    return out


def _ctx_value(ctx: Any) -> Any:
    if type(ctx) is not list:
        return wire(ctx)
    out = []
    for j, item in enumerate(ctx):
        prev = ctx[j - 1] if j % 2 else None
        is_exp = j % 2 and type(prev) is int and prev & 0x0F == _CTX_EXP and type(item) is list
        out.append(item if is_exp else wire(item))
    return out


def _exp_args(data: bytes) -> tuple[Any, ...]:
    """(Expression, flags) of an expression operation: the expression stays its bytes."""
    try:
        tree = decode_tree(data)
        if type(tree) is not list or not tree:
            raise ProtocolError("an expression operation that is not a msgpack list")
        start = 1 if data[0] & 0xF0 == 0x90 else 3 if data[0] == 0xDC else 5
        _first, end = decode_from(data, start)
        return (Expression(data[start:end]), *(wire(x) for x in tree[1:]))
    except MsgpackError as err:
        raise ProtocolError(f"bad expression operation: {err.args[0]}") from None


def request(cmd: Command, timeout: int = 1000) -> Message:
    """The message of a single-record command."""
    flds = key_fields(cmd.ns, cmd.set_name, cmd.digest, cmd.user_key)
    if cmd.filter_exp is not None:
        flds.append((F.FILTER, bytes(cmd.filter_exp)))
    ops = [wire_op(op) for op in cmd.ops] if cmd.ops is not None else []
    return Message(
        cmd.info1, cmd.info2, cmd.info3, 0, 0, cmd.gen, cmd.ttl, timeout, flds, ops
    )


_DIGEST_FIELD = _FIELD.pack(21, F.DIGEST)
_PREAMBLE = struct.Struct(">QBBBBBBIIIHH")
"""The proto header (read as one integer: version, type, then the 48-bit size) and a message
header, packed at once."""
_MESSAGE_FRAME = (VERSION << 56) | (TYPE_MESSAGE << 48)
_INT = struct.Struct(">q")
_ANSWER_HEADER = struct.Struct(">B4xBII4xHH")
"""Of a message header, what an answer's reader needs: header size, result code, generation,
ttl, field and operation counts."""
_OP_READ = struct.Struct(">IxBxB")
"""Of an operation's header, what a reader needs: size, particle type, name length."""
_INLINE_OPS = frozenset(range(256)) - CDT_OPS - EXP_OPS
"""Operations whose value is a plain particle (``encode_command`` packs int and str inline)."""
_key_heads: dict[tuple[str, str | None], tuple[bytes, int]] = {}


def _key_head(ns: str, set_name: str | None) -> tuple[bytes, int]:
    """The namespace and set fields and the digest field's header, and their field count:
    the same for every call on a set, so ``encode_command`` keeps them (a few thousand sets
    at most)."""
    flds = [(F.NAMESPACE, ns.encode())]
    if set_name:
        flds.append((F.SET, set_name.encode()))
    head = b"".join(_FIELD.pack(len(data) + 1, t) + data for t, data in flds) + _DIGEST_FIELD
    if len(_key_heads) < 4096:
        _key_heads[(ns, set_name)] = (head, len(flds) + 1)
    return head, len(flds) + 1


def encode_command(cmd: Command, timeout: int = 1000) -> bytes:
    """The request frame of a single-record command (the bytes of ``encode(request(cmd))``,
    packed straight from the command: this runs on every call, so int and str bins are packed
    inline). Raises ProtocolError."""
    ns, set_name, digest, user_key, info1, info2, info3, gen, ttl, ops, filter_exp = cmd
    head, nfields = _key_heads.get((ns, set_name)) or _key_head(ns, set_name)
    parts = [head, digest]
    if user_key is not None:
        data = F.key(user_key)
        parts += (_FIELD.pack(len(data) + 1, F.KEY), data)
        nfields += 1
    if filter_exp is not None:
        data = bytes(filter_exp)
        parts += (_FIELD.pack(len(data) + 1, F.FILTER), data)
        nfields += 1
    nops = 0
    if ops is not None:
        nops = len(ops)
        pack_op = _OP.pack
        for op in ops:
            op_type, name, value = op
            t = type(value)
            if t is str and op_type in _INLINE_OPS:
                ptype, data = particles.STRING, value.encode()
            elif t is int and op_type in _INLINE_OPS and -_2_63 <= value < _2_63:
                ptype, data = particles.INTEGER, _INT.pack(value)
            else:
                wop = wire_op(op)
                ptype, data = wop.ptype, wop.data
            bname = name.encode()
            if len(bname) > 255:
                raise ProtocolError(f"bin name of {len(bname)} bytes")
            parts += (pack_op(len(bname) + len(data) + 4, op_type, ptype, 0, len(bname)), bname, data)
    rest = b"".join(parts)
    return _PREAMBLE.pack(
        _MESSAGE_FRAME + MSG_HEADER_SIZE + len(rest), MSG_HEADER_SIZE, info1, info2, info3, 0, 0,
        gen, ttl, timeout, nfields, nops,
    ) + rest


_2_63 = 1 << 63


def decode_command(msg: Message) -> Command:
    """The command a request message carries (what a server executes). Raises ProtocolError
    when the namespace or digest is missing."""
    ns = msg.field(F.NAMESPACE)
    digest = msg.field(F.DIGEST)
    if ns is None or digest is None or len(digest) != 20:
        raise ProtocolError("a record request without its namespace or digest")
    set_name = msg.field(F.SET)
    key = msg.field(F.KEY)
    filt = msg.field(F.FILTER)
    return Command(
        F.text(ns, "namespace"),
        F.text(set_name, "set name") if set_name is not None else None,
        bytes(digest),
        F.user_key(key) if key is not None else None,
        msg.info1, msg.info2, msg.info3, msg.generation, msg.ttl,
        [command_op(op) for op in msg.ops] if msg.ops else None,
        Expression(filt) if filt is not None else None,
    )


def result_ops(res: Result) -> list[WireOp]:
    """The operations of an answer: a record's bins, or one per operation result. Results
    carry op type READ: clients read answers by bin name and particle type."""
    pairs: Sequence[tuple[str, Any]] = list(res.bins.items()) if res.bins is not None else res.ops or ()
    out = []
    for name, value in pairs:
        ptype, data = particles.encode(value)
        if ptype in (particles.LIST, particles.MAP):
            data = particles.pack_value(value)
        out.append(WireOp(OP_READ, ptype, name, data))
    return out


def answer(res: Result) -> Message:
    """The answer message of a single-record result."""
    return Message(0, 0, 0, 0, res.code, res.gen, res.void_time, 0, (), result_ops(res))


def encode_result(res: Result) -> bytes:
    """The answer frame of a single-record result (what a server sends). Raises ProtocolError."""
    return encode(answer(res))


def decode_result(msg: Message, cmd: Command) -> Result:
    """The result an answer carries, shaped by the command that asked: a whole-record read
    gets ``bins``, a command with operations gets ``ops`` (one pair per operation answered).
    Raises ProtocolError."""
    values = [(op.name, particles.decode(op.ptype, op.data)) for op in msg.ops]
    return shaped_result(cmd, msg.result_code, msg.generation, msg.ttl, values)


def decode_answer(data: bytes, pos: int, cmd: Command) -> tuple[Result, int]:
    """The result of the answer message at ``pos`` of ``data``, and where the message ends:
    ``decode_result(parse_one(data, pos)[0], cmd)`` straight from the bytes (this runs on every
    single-record call). Raises ProtocolError."""
    if len(data) - pos < MSG_HEADER_SIZE:
        raise ProtocolError("a message shorter than its header")
    hsz, code, gen, ttl, nfields, nops = _ANSWER_HEADER.unpack_from(data, pos)
    if hsz < MSG_HEADER_SIZE:
        raise ProtocolError(f"message header size {hsz}")
    end = pos + hsz
    if nfields:
        end = skip_fields(data, end, nfields)
    if nops:
        values, end, flat = read_values(data, end, nops)
        return shaped_result(cmd, code, gen, ttl, values, flat), end
    return shaped_result(cmd, code, gen, ttl, [], True), end


def shaped_result(
    cmd: Command, code: int, gen: int, ttl: int, values: list[tuple[str, Any]], flat: bool = False
) -> Result:
    """The result of an answer's header values and (bin, value) pairs, shaped by ``cmd``: a
    command with operations gets ``ops`` (one pair per operation answered), a whole-record read
    that found its record ``bins``, anything else neither. ``flat``: every value is an int,
    float, str, bytes, bool or None (the bins are then a FlatBins, which the front-end copies
    without looking at each value)."""
    if cmd[9] is not None:  # ops
        return new(Result, (code, gen, ttl, None, values, None, None))
    if code == 0 and cmd[4] & _READ_BINS == INFO1_READ:  # info1
        bins = FlatBins(values) if flat else dict(values)
        return new(Result, (code, gen, ttl, bins, None, None, None))
    return new(Result, (code, gen, ttl, None, None, None, None))


_READ_BINS = INFO1_READ | INFO1_GET_NOBINDATA
"""Of info1: a read that returns bins is READ without GET_NOBINDATA."""


def read_values(body: bytes, p: int, count: int) -> tuple[list[tuple[str, Any]], int, bool]:
    """The (bin, value) pairs of ``count`` operations from ``p`` of a frame body, where they
    end (``message.parse_one``'s checks, without building its WireOps), and whether every
    value is flat (see ``shaped_result``). Integers and strings, the common bins, are read
    inline (``particles.decode`` reads the rest). Raises ProtocolError."""
    end = len(body)
    values = []
    unpack = _OP_READ.unpack_from
    decode = particles.decode
    flat = True
    try:
        for _ in range(count):
            size, ptype, nlen = unpack(body, p)
            start, stop = p + 8 + nlen, p + 4 + size
            if start > stop or stop > end:
                raise ProtocolError("an operation cut short")
            try:
                name = body[p + 8 : start].decode()
            except UnicodeDecodeError:
                raise ProtocolError("a bin name that is not UTF-8") from None
            if ptype == _INTEGER and stop - start == 8:
                values.append((name, _INT.unpack_from(body, start)[0]))
            elif ptype == _STRING:
                try:
                    values.append((name, body[start:stop].decode()))
                except UnicodeDecodeError:
                    raise ProtocolError("a string that is not UTF-8") from None
            else:
                values.append((name, decode(ptype, body[start:stop])))
                if ptype not in particles.FLAT:
                    flat = False
            p = stop
    except struct.error:  # fewer than 8 bytes left for an operation's header
        raise ProtocolError("an operation cut short") from None
    return values, p, flat


_STRING = particles.STRING
_INTEGER = particles.INTEGER
