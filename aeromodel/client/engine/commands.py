"""Single-record commands, as the server runs them: read, write (its operations run by the
registered handlers) and delete.

Reads take no lock: a stored record never changes. Writes and deletes hold the record's partition
lock from the lookup to the store, so a read-modify-write is atomic.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from ..command import (
    CITRUSLEAF_EPOCH,
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO2_CREATE_ONLY,
    INFO2_DURABLE_DELETE,
    INFO2_GENERATION,
    INFO2_GENERATION_GT,
    INFO2_RESPOND_ALL_OPS,
    INFO3_CREATE_OR_REPLACE,
    INFO3_REPLACE_ONLY,
    INFO3_UPDATE_ONLY,
    OP_CDT_READ,
    OP_TOUCH,
    OP_WRITE,
    READ_OPS,
    TTL_DONT_UPDATE,
    TTL_NEVER_EXPIRE,
    Command,
    Result,
    new,
)
from . import intake
from . import messages as m
from .codes import (
    ERR_ENTERPRISE_ONLY,
    ERR_EXISTS,
    ERR_FILTERED_OUT,
    ERR_FORBIDDEN,
    ERR_GENERATION,
    ERR_NOT_FOUND,
    ERR_PARAMETER,
    ERR_TOO_BIG,
    ERR_UNSUPPORTED,
    OK,
    OpError,
)
from .config import MAX_TTL
from .exp import filter_of
from .ops import HANDLERS, NO_RESULT
from .ops.exp_ops import EXP_HANDLERS
from .storage import FlatRecord, Namespace, Partition, Record

MAX_OPS = 32 * 1024  # operations in one command (the server's MAX_N_OPS)
MAX_BINS = 0x7FFF  # bins in one record (the server's RECORD_MAX_BINS)

# Operation types the server knows but no handler here runs yet (answered "unsupported"); any
# other unknown type is a malformed request, as on the server.
KNOWN_OPS = frozenset({1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16})

FAST_PLAIN_WRITES = True
"""Plain writes of str, int and float run in line in the command loop (the write handler gives the
same result; tests run both ways and compare)."""
_I64_MIN = -(1 << 63)
_I64_MAX = (1 << 63) - 1
_op_type = itemgetter(0)
_sizes = intake.SIZES
_REPLACE = INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY
_MUST_EXIST = INFO3_UPDATE_ONLY | INFO3_REPLACE_ONLY
_GEN_CHECK = INFO2_GENERATION | INFO2_GENERATION_GT
_FILTERED_OUT = Result(ERR_FILTERED_OUT, msg=m.FILTERED_OUT)


def no_handler(op_type: int) -> Result:
    """The answer to an operation type without a handler."""
    if op_type in KNOWN_OPS:
        return Result(ERR_UNSUPPORTED, msg=m.unsupported_op(op_type))
    return Result(ERR_PARAMETER, msg=m.unknown_op(op_type))


def read(cmd: Command, rec: Record | None, clock: Callable[[], float] = time.time) -> Result:
    """A read of a live record (None: missing or expired); ``clock`` gives expression
    operations the time."""
    if rec is None:
        return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
    if cmd.info1 & INFO1_GET_ALL:
        return Result(OK, rec.gen, rec.void_time, bins=rec, key=rec.key)
    if cmd.info1 & INFO1_GET_NOBINDATA:
        return Result(OK, rec.gen, rec.void_time, key=rec.key)
    ops = cmd.ops
    if not ops:
        return Result(ERR_PARAMETER, msg=m.NO_BINS)
    if len(ops) > MAX_OPS:
        return Result(ERR_PARAMETER, msg=m.TOO_MANY_OPS)
    out: list[tuple[str, Any]] = []
    handlers = HANDLERS
    respond_all = cmd.info2 & INFO2_RESPOND_ALL_OPS
    try:
        for op_type, name, value in ops:
            if op_type not in READ_OPS:
                return Result(ERR_PARAMETER, msg=m.bad_read_op(op_type))
            handler = handlers.get(op_type)
            if handler is not None:
                res = handler(rec, name, value)
            elif op_type in EXP_HANDLERS:
                res = EXP_HANDLERS[op_type](rec, name, value, cmd.digest, clock())
            else:
                return no_handler(op_type)
            if respond_all:  # every operation answers (nil for nothing), as for map operations
                out.append((name, None if res is NO_RESULT else res))
            # A read command leaves out a CDT read's nil answer; a write command answers it.
            elif res is not NO_RESULT and (res is not None or op_type != OP_CDT_READ):
                out.append((name, res))
    except OpError as err:
        return Result(err.code, msg=err.msg)
    return Result(OK, rec.gen, rec.void_time, ops=out, key=rec.key)


def _generation_ok(cmd: Command, current: int) -> bool:
    if cmd.info2 & INFO2_GENERATION:
        return cmd.gen == current
    if cmd.info2 & INFO2_GENERATION_GT:
        return cmd.gen > current
    return True


def filtered_out(data: bytes, rec: Record, digest: bytes, now: float) -> Result | None:
    """None when the record passes the filter expression ``data`` (a compiled expression's
    bytes); else the answer: FilteredOut (27), or the error that building the filter met."""
    try:
        if filter_of(data)(rec, digest, now):
            return None
    except OpError as err:
        return Result(err.code, msg=err.msg)
    return _FILTERED_OUT


def delete(
    ns: Namespace, cmd: Command, clock: Callable[[], float], filter_exp: bytes | None = None
) -> Result:
    """Delete a record, if it passes the filter expression (checked after the generation, as
    the server does)."""
    if cmd.info2 & INFO2_DURABLE_DELETE:
        return Result(ERR_ENTERPRISE_ONLY, msg=m.DURABLE_DELETE)
    digest = cmd.digest
    part = ns.partition(digest)
    with part.lock:
        now = clock()
        rec = part.get(digest)
        if rec is None or (rec.void_time and rec.void_time < int(now) - CITRUSLEAF_EPOCH):
            return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
        if not _generation_ok(cmd, rec.gen):
            return Result(ERR_GENERATION, msg=m.GENERATION)
        if filter_exp is not None:
            refused = filtered_out(filter_exp, rec, digest, now)
            if refused is not None:
                return refused
        part.remove(digest, rec)
    return Result(OK, 0, 0)  # a deleted record reports void time 0: ttl "never"


def write(
    ns: Namespace, cmd: Command, clock: Callable[[], float], filter_exp: bytes | None = None
) -> Result:
    """Run a write command: its operations in order on a copy of the record, then store it.
    A record that exists must pass the filter expression (one being created is not filtered).

    The time is read under the partition's lock, so a write that lands after a truncate has swept
    its partition is stamped after the cut (and survives it, as a later write should)."""
    ops = cmd.ops
    if not ops:
        return Result(ERR_PARAMETER, msg=m.NO_OPS)
    if len(ops) > MAX_OPS:
        return Result(ERR_PARAMETER, msg=m.TOO_MANY_OPS)
    if cmd.info3 & _REPLACE and not all(
        op[0] in READ_OPS or (op[0] == OP_WRITE and op[2] is not None) for op in ops
    ):
        # A replace writes a whole new record: only plain bin writes (and reads) make sense.
        return Result(ERR_PARAMETER, msg=m.REPLACE_OPS)
    part = ns.partition(cmd.digest)
    with part.lock:
        now = clock()
        return _write(ns, part, cmd, ops, now, int(now) - CITRUSLEAF_EPOCH, filter_exp)


def _write(
    ns: Namespace,
    part: Partition,
    cmd: Command,
    ops: Any,
    now: float,
    sec: int,
    filter_exp: bytes | None,
) -> Result:
    digest = cmd.digest
    info2 = cmd.info2
    info3 = cmd.info3
    stored = part.get(digest)
    rec = stored
    if rec is not None and rec.void_time and rec.void_time < sec:
        rec = None  # expired: as good as gone (nsup removes it; this write replaces it)
    fresh = False  # the record is built afresh from the operations (created, or replaced)
    if rec is None:
        # Commands that must not create a record fail before the generation check: update and
        # replace policies, and any command with a touch.
        if info3 & _MUST_EXIST or OP_TOUCH in map(_op_type, ops):
            return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
        current = 0
        work: Record = FlatRecord()
        work.size = 0  # the size of the bins only: the rest is added below
    else:
        if info2 & INFO2_CREATE_ONLY:
            return Result(ERR_EXISTS, msg=m.EXISTS)
        current = rec.gen
        if info3 & _REPLACE or _rewrites(rec, ops):
            fresh = True
            work = FlatRecord()
            work.size = 0
        else:
            work = FlatRecord(rec) if type(rec) is FlatRecord else Record(rec)
            work.size = rec.size  # the whole record as it was: what changed is adjusted below
    if info2 & _GEN_CHECK and not _generation_ok(cmd, current):
        return Result(ERR_GENERATION, msg=m.GENERATION)
    if filter_exp is not None and rec is not None:
        refused = filtered_out(filter_exp, rec, digest, now)
        if refused is not None:
            return refused
    ttl = cmd.ttl
    void_time = 0 if not ttl and not ns.default_ttl else _void_time(ns, ttl, rec, sec)
    if void_time < 0:
        return Result(ERR_PARAMETER, msg=m.TTL_TOO_BIG)
    if (
        void_time
        and not ns.nsup_period
        and not ns.allow_ttl_without_nsup
        and (rec is None or void_time != rec.void_time)
    ):
        return Result(ERR_FORBIDDEN, msg=m.TTL_WITHOUT_NSUP)

    out: list[tuple[str, Any]] | None = None
    respond_all = info2 & INFO2_RESPOND_ALL_OPS  # batch writes: one answer per operation
    if respond_all:
        out = []
    handlers = HANDLERS
    fast = FAST_PLAIN_WRITES
    size = work.size  # kept in a local by the fast path; in work.size around a handler
    try:
        for op_type, name, value in ops:
            if op_type == OP_WRITE and fast:
                # The write handler's own result for a str, int or float over a missing bin or
                # one of those types, done in line: most puts are nothing else.
                t = type(value)
                if t is str and value.isascii():
                    particle = 5 + len(value)
                elif t is int and _I64_MIN <= value <= _I64_MAX:
                    particle = (
                        3 if 0 <= value <= 0xFF else 4 if 0 < value <= 0xFFFF
                        else 6 if 0 < value <= 0xFFFFFFFF else 10
                    )
                elif t is float:
                    particle = 9
                else:
                    particle = -1
                if particle >= 0:
                    old = work.get(name)
                    if old is None:
                        if len(name) <= intake.MAX_BIN_NAME and name.isascii():
                            size += 1 + len(name) + particle
                            work[name] = value
                            if respond_all:
                                out.append((name, None))  # type: ignore[union-attr]
                            continue
                    else:
                        to = type(old)
                        if to is str and old.isascii():
                            size += particle - 5 - len(old)
                        elif to is int:
                            size += particle - (
                                3 if 0 <= old <= 0xFF else 4 if 0 < old <= 0xFFFF
                                else 6 if 0 < old <= 0xFFFFFFFF else 10
                            )
                        elif to is float:
                            size += particle - 9
                        else:
                            size += particle - intake.particle_size(old)
                        work[name] = value
                        if respond_all:
                            out.append((name, None))  # type: ignore[union-attr]
                        continue
            handler = handlers.get(op_type)
            work.size = size
            if handler is not None:
                res = handler(work, name, value)
            elif op_type in EXP_HANDLERS:
                res = EXP_HANDLERS[op_type](work, name, value, digest, now)
            else:
                return no_handler(op_type)
            size = work.size
            if res is not NO_RESULT:
                if out is None:
                    out = []
                out.append((name, res))
            elif respond_all:
                out.append((name, None))  # type: ignore[union-attr]
            elif out is None and op_type != OP_WRITE and op_type in READ_OPS:
                out = []
    except OpError as err:
        return Result(err.code, msg=err.msg)

    work.size = size
    n = len(work)
    if not n:
        if rec is None:
            # Nothing to create: null bins or a delete on a missing record.
            return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
        # The last bin went: the record goes with it — a delete, so a durable one is
        # Enterprise-only, as on a Community server (nothing changes).
        if info2 & INFO2_DURABLE_DELETE:
            return Result(ERR_ENTERPRISE_ONLY, msg=m.DURABLE_DELETE)
        part.remove(digest, stored)  # type: ignore[arg-type]
        return Result(OK, 0, 0, ops=out)
    if n > MAX_BINS:
        return Result(ERR_PARAMETER, msg=m.TOO_MANY_BINS)

    set_name = cmd.set_name
    key = cmd.user_key
    if key is not None:
        try:
            key = intake.stored_key(key)
        except OpError as err:
            return Result(err.code, msg=err.msg)
    if rec is not None and not fresh:
        # The old record's size, moved by the operations: adjust for what else changed.
        size = work.size
        old_n = len(rec)
        if old_n != n and (old_n >= 0x80 or n >= 0x80):
            size += intake.uintvar_size(n) - intake.uintvar_size(old_n)
        if (void_time != 0) != (rec.void_time != 0):
            size += intake.VOID_TIME if void_time else -intake.VOID_TIME
        old_ident = rec.ident
        old_key = old_ident[1] if type(old_ident) is tuple else None
        old_set = old_ident[0] if type(old_ident) is tuple else old_ident
        if key is None:
            key = old_key
        elif old_key is None or type(old_key) is not type(key) or old_key != key:
            size += intake.meta_size(0, key, None, False) - intake.meta_size(0, old_key, None, False)
        if set_name != old_set:
            size += intake.set_size(set_name) - intake.set_size(old_set)
    else:
        if key is None and rec is not None:
            key = rec.key
        tk = type(key)
        if n < 0x80 and set_name and set_name.isascii() and (
            key is None or tk is int or (tk is str and len(key) < 0x7E and key.isascii())
        ):
            # meta_size's answer for the common records, in line: set name and bin count, the
            # void time, and a key of one length byte, its type byte and 8 bytes or its text.
            size = work.size + intake.BASE + 2 + len(set_name)
            if void_time:
                size += intake.VOID_TIME
            if key is not None:
                size += 10 if tk is int else 2 + len(key)
        else:
            size = work.size + intake.meta_size(n, key, set_name, void_time != 0)
    if size > ns.max_record_size:
        return Result(ERR_TOO_BIG, msg=m.TOO_BIG)

    new_rec = work
    new_rec.size = _sizes.setdefault(size, size) if size < intake.INTERNED_SIZES else size
    if rec is None:
        new_rec.gen = 1
    else:
        gen = rec.gen + 1
        new_rec.gen = gen if gen <= 0xFFFF else 1
    new_rec.void_time = void_time
    new_rec.lut = now
    new_rec.ident = set_name if key is None else (set_name, key)
    part.put(digest, stored, new_rec)
    return new(Result, (OK, new_rec.gen, void_time, None, out, None, None))


def _rewrites(rec: Record, ops: Any) -> bool:
    """Whether ``ops`` are writes of a value to every bin of ``rec``, in its order, and nothing
    else — a put of the record's whole shape. The record is then built afresh, as a replace
    builds it (the same bins in the same order), and the values it overwrites are never sized:
    for a list or map that is a walk of the old value."""
    if len(ops) != len(rec):
        return False
    for (op_type, name, value), old in zip(ops, rec):
        if op_type != OP_WRITE or name != old or value is None:
            return False
    return True


def _void_time(ns: Namespace, ttl: int, rec: Record | None, sec: int) -> int:
    """Void time (server clock; 0 = never) for a write's ttl; -1 if the ttl is over max-ttl."""
    if ttl == TTL_NEVER_EXPIRE:
        return 0
    if ttl == TTL_DONT_UPDATE:
        if rec is not None:
            return rec.void_time
        ttl = 0
    if ttl == 0:
        ttl = ns.default_ttl
        if ttl == 0:
            return 0
    if ttl > MAX_TTL:
        return -1
    return sec + ttl


def server_now(now: float) -> int:
    """Unix time as whole seconds on the server's clock."""
    return int(now) - CITRUSLEAF_EPOCH
