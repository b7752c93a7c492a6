"""Single-record commands: read, write (with its scalar operations) and delete, as the server runs them."""

from __future__ import annotations

from typing import Any

from ..command import (
    CITRUSLEAF_EPOCH,
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO2_CREATE_ONLY,
    INFO2_DELETE,
    INFO2_DURABLE_DELETE,
    INFO2_GENERATION,
    INFO2_GENERATION_GT,
    INFO2_RESPOND_ALL_OPS,
    INFO2_WRITE,
    INFO3_CREATE_OR_REPLACE,
    INFO3_REPLACE_ONLY,
    INFO3_UPDATE_ONLY,
    OP_APPEND,
    OP_DELETE,
    OP_INCR,
    OP_PREPEND,
    OP_READ,
    OP_TOUCH,
    OP_WRITE,
    TTL_DONT_UPDATE,
    TTL_NEVER_EXPIRE,
    Command,
    Result,
    new,
)
from ..ordering import sort_key
from ..values import IMMUTABLE, FlatMap, KeyOrderedDict
from . import messages as m
from .size import growth_bound, key_size, record_size
from .storage import MAX_TTL, FlatRecord, Namespace, Record

EMPTY_RECORD_BOUND = 48  # header, end mark, void time, bin count: more than a bin-less record takes
_INT_WRAP = 1 << 64
_INT_SIGN = 1 << 63

# Result codes the engine answers with.
OK = 0
ERR_NOT_FOUND = 2
ERR_GENERATION = 3
ERR_PARAMETER = 4
ERR_EXISTS = 5
ERR_INCOMPATIBLE = 12
ERR_TOO_BIG = 13
ERR_UNSUPPORTED = 16
ERR_FORBIDDEN = 22
ERR_ENTERPRISE_ONLY = 25


class OpError(Exception):
    """Raised inside an operation to abort the whole command with a result code."""

    def __init__(self, code: int, msg: str) -> None:
        super().__init__(code, msg)
        self.code = code
        self.msg = msg


def wire_void_time(void_time: int) -> int:
    """A stored void time (unix seconds, 0: never) on the server's clock, as results carry it."""
    return void_time - CITRUSLEAF_EPOCH if void_time else 0


def execute(ns: Namespace, cmd: Command, now: float) -> Result:
    """Run one command against its namespace (the caller holds the namespace lock)."""
    if cmd.filter_exp is not None:
        return Result(ERR_UNSUPPORTED, msg=m.FILTER_NOT_SUPPORTED)
    sec = int(now)
    rec = ns.records.get(cmd[2])
    if rec is not None and rec.void_time and rec.void_time < sec:
        # Expired (its void time has passed): gone, as if nsup had removed it.
        del ns.records[cmd[2]]
        rec = None
    info2 = cmd.info2
    if info2 & INFO2_DELETE:
        return _delete(ns, cmd, rec)
    if info2 & INFO2_WRITE:
        return _write(ns, cmd, rec, now, sec)
    return _read(cmd, rec, sec)


def _read(cmd: Command, rec: Record | None, sec: int) -> Result:
    if rec is None:
        return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
    if cmd.info1 & INFO1_GET_ALL:
        return Result(OK, rec.gen, wire_void_time(rec.void_time), bins=rec, key=rec.key)
    ops = cmd.ops
    if cmd.info1 & INFO1_GET_NOBINDATA:
        return Result(OK, rec.gen, wire_void_time(rec.void_time), key=rec.key)
    if not ops:
        return Result(ERR_PARAMETER, msg=m.NO_BINS)
    bins = rec
    out: list[tuple[str, Any]] = []
    for op_type, name, _value in ops:
        if op_type != OP_READ:
            return Result(ERR_PARAMETER, msg=m.bad_read_op(op_type))
        if name in bins:
            out.append((name, bins[name]))
    return Result(OK, rec.gen, wire_void_time(rec.void_time), ops=out, key=rec.key)


def _generation_ok(cmd: Command, current: int) -> bool:
    if cmd.info2 & INFO2_GENERATION:
        return cmd.gen == current
    if cmd.info2 & INFO2_GENERATION_GT:
        return cmd.gen > current
    return True


def _delete(ns: Namespace, cmd: Command, rec: Record | None) -> Result:
    if cmd.info2 & INFO2_DURABLE_DELETE:
        return Result(ERR_ENTERPRISE_ONLY, msg=m.DURABLE_DELETE)
    if rec is None:
        return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
    if not _generation_ok(cmd, rec.gen):
        return Result(ERR_GENERATION, msg=m.GENERATION)
    del ns.records[cmd.digest]
    return Result(OK, 0, 0)  # a deleted record reports void time 0: ttl "never"


def _write(ns: Namespace, cmd: Command, rec: Record | None, now: float, sec: int) -> Result:
    info2 = cmd.info2
    info3 = cmd.info3
    ops = cmd.ops or ()
    if info3 & (INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY) and not all(
        op[0] == OP_READ or (op[0] == OP_WRITE and op[2] is not None) for op in ops
    ):
        # A replace writes a whole new record: only plain bin writes (and reads) make sense.
        return Result(ERR_PARAMETER, msg=m.REPLACE_OPS)
    if rec is None:
        # Commands that must not create a record fail before the generation check: update and
        # replace policies, and any command with a touch.
        if info3 & (INFO3_UPDATE_ONLY | INFO3_REPLACE_ONLY) or any(op[0] == OP_TOUCH for op in ops):
            return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
        current = 0
        bins = Record()
        flat = True
    else:
        if info2 & INFO2_CREATE_ONLY:
            return Result(ERR_EXISTS, msg=m.EXISTS)
        current = rec.gen
        if info3 & (INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY):
            bins = Record()
            flat = True
        else:
            bins = Record(rec)
            flat = type(rec) is FlatRecord
    if info2 & (INFO2_GENERATION | INFO2_GENERATION_GT) and not _generation_ok(cmd, current):
        return Result(ERR_GENERATION, msg=m.GENERATION)
    void_time = _void_time(ns, cmd.ttl, rec, sec)
    if void_time < 0:
        return Result(ERR_PARAMETER, msg=m.TTL_TOO_BIG)
    if void_time and not ns.nsup_period and not ns.allow_ttl_without_nsup and (
        rec is None or void_time != rec.void_time
    ):
        return Result(ERR_FORBIDDEN, msg=m.TTL_WITHOUT_NSUP)
    if not ops:
        return Result(ERR_PARAMETER, msg=m.NO_OPS)

    reads: list[tuple[str, Any]] | None = None
    respond_all = info2 & INFO2_RESPOND_ALL_OPS  # batch writes: one answer per operation
    if respond_all:
        reads = []
    immutable = IMMUTABLE
    try:
        for op_type, name, value in ops:
            if op_type == OP_WRITE:
                value = _intake(value)
                if value is None:
                    if name in bins:
                        _remove_bin(bins, name)
                else:
                    bins[name] = value
                    if flat and type(value) not in immutable:
                        flat = False
            elif op_type == OP_READ:
                if reads is None:
                    reads = []
                if name in bins:
                    reads.append((name, bins[name]))
                elif respond_all:
                    reads.append((name, None))
                continue
            elif op_type == OP_INCR:
                bins[name] = _incr(bins.get(name), value)
            elif op_type == OP_APPEND:
                bins[name] = _concat(bins.get(name), value, False)
            elif op_type == OP_PREPEND:
                bins[name] = _concat(bins.get(name), value, True)
            elif op_type == OP_DELETE:
                bins = Record()
            elif op_type != OP_TOUCH:
                return Result(ERR_UNSUPPORTED, msg=m.unsupported_op(op_type))
            if respond_all:
                reads.append((name, None))  # type: ignore[union-attr]
    except OpError as err:
        return Result(err.code, msg=err.msg)

    if flat:
        bins.__class__ = FlatRecord
    if not bins:
        if rec is None:
            # Nothing to create: null bins or a delete on a missing record.
            return Result(ERR_NOT_FOUND, msg=m.NOT_FOUND)
        # The last bin went: the record goes with it.
        del ns.records[cmd.digest]
        return Result(OK, 0, 0, ops=reads)

    key = cmd.user_key if cmd.user_key is not None else (rec.key if rec is not None else None)
    limit = ns.max_record_size
    # An upper bound of the new size: the old size (nothing, for a new or replaced record) plus
    # everything the operations can add. Exact sizing, which walks every bin, is needed only
    # when the bound nears the limit.
    grows = growth_bound(ops)
    if rec is not None and not info3 & (INFO3_CREATE_OR_REPLACE | INFO3_REPLACE_ONLY):
        size = (rec.size << 4) + grows + (4 if void_time else 0)
        if cmd.user_key is not None:
            size += 16 + key_size(key)
    else:
        size = EMPTY_RECORD_BOUND + grows
        if cmd.set_name:
            size += 1 + 4 * len(cmd.set_name)
        if key is not None:
            size += 16 + key_size(key)
    if size > limit:
        size = record_size(bins, key, cmd.set_name, void_time != 0)
        if size > limit:
            return Result(ERR_TOO_BIG, msg=m.TOO_BIG)
    bins.size = (size + 15) >> 4  # in 16-byte blocks: a small int, shared, for most records

    if rec is None:
        bins.gen = 1
        if cmd.set_name and cmd.set_name not in ns.sets:
            ns.sets[cmd.set_name] = None
    else:
        gen = rec.gen + 1
        bins.gen = gen if gen <= 0xFFFF else 1
    bins.void_time = void_time
    bins.lut = now
    bins.identify(cmd.set_name, key)
    ns.records[cmd.digest] = bins
    return new(Result, (OK, bins.gen, wire_void_time(void_time), None, reads, None, None))


def _intake(value: Any) -> Any:
    """A wire value in stored form: lists of immutable items as tuples, maps sorted by key."""
    t = type(value)
    if t in IMMUTABLE:
        return value
    if isinstance(value, (list, tuple)):
        items = [_intake(v) for v in value]
        return tuple(items) if all(type(v) in IMMUTABLE for v in items) else items
    if isinstance(value, dict):
        items = sorted(((k, _intake(v)) for k, v in value.items()), key=_first_sort_key)
        if isinstance(value, KeyOrderedDict):
            return KeyOrderedDict(items)
        return FlatMap(items) if all(type(v) in IMMUTABLE for _k, v in items) else dict(items)
    return value


def _first_sort_key(item: tuple[Any, Any]) -> Any:
    return sort_key(item[0])


def _void_time(ns: Namespace, ttl: int, rec: Record | None, sec: int) -> int:
    """Absolute expiry second for a write's ttl (0 = never); -1 if the ttl is over max-ttl."""
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


def _remove_bin(bins: Record, name: str) -> None:
    """Remove a bin as the server does: the last bin moves into the hole (bin order shows it)."""
    last = next(reversed(bins))
    if last == name:
        del bins[name]
        return
    moved = bins.pop(last)
    items = [(last, moved) if k == name else (k, v) for k, v in bins.items()]
    bins.clear()
    bins.update(items)


def _incr(current: Any, delta: Any) -> Any:
    if current is None:
        return delta
    tc = type(current)
    td = type(delta)
    if tc is int and td is int:
        total = current + delta
        if -_INT_SIGN <= total < _INT_SIGN:
            return total
        return ((total + _INT_SIGN) % _INT_WRAP) - _INT_SIGN
    if tc is float and td is float:
        return current + delta
    raise OpError(ERR_INCOMPATIBLE, m.incompatible("increment", current, delta))


def _concat(current: Any, value: Any, before: bool) -> Any:
    if current is None:
        return value
    if type(current) is type(value) and type(value) in (str, bytes):
        return value + current if before else current + value
    raise OpError(ERR_INCOMPATIBLE, m.incompatible("prepend" if before else "append", current, value))
