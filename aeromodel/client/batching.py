"""Batch methods: one command per key, sent together, one answer per key in key order."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import exception
from .command import (
    BATCH_ALLOW_INLINE,
    BATCH_RESPOND_ALL_KEYS,
    INFO1_GET_ALL,
    INFO1_GET_NOBINDATA,
    INFO1_READ,
    INFO2_DELETE,
    INFO2_RESPOND_ALL_OPS,
    INFO2_WRITE,
    OP_READ,
    BatchCommand,
    Command,
    Op,
    Result,
)
from .helpers.batch.records import BatchRecord, BatchRecords, Read, Remove, Write
from .keys import check_bin_name, key_tuple, parse_key, wire_key
from .results import ExistsResult, Record, RecordMetadata
from .writeflags import read_flags, wire_ttl, write_flags

BATCH_FAILED = -16  # a batch's own result when some record failed (AEROSPIKE_BATCH_FAILED)

if TYPE_CHECKING:
    from .opcodes import OpCompiler
    from .policies import PolicySet
    from .transport import Transport
    from .values import Codec


list_ = list
_FIELDS = {  # the attributes batch_write() reads from each kind of batch record
    Read: ("key", "ops", "read_all_bins", "policy"),
    Write: ("key", "ops", "meta", "policy"),
    Remove: ("key", "policy"),
}


def _keys(keys: Any) -> list[tuple[str, str | None, Any, bytes]]:
    if not isinstance(keys, (list, tuple)):
        raise exception.error(exception.ParamError, "keys must be a list of key tuples")
    return [parse_key(k) for k in keys]


class BatchMixin:
    """The batch methods of Client."""

    _policies: PolicySet
    _codec: Codec
    _ops: OpCompiler
    _transport: Transport
    _connected: bool

    def _meta(self, res: Result) -> RecordMetadata:
        raise NotImplementedError  # provided by Client

    def _run_batch(self, cmds: Sequence[Command], flags: int = BATCH_ALLOW_INLINE | BATCH_RESPOND_ALL_KEYS) -> list[Result]:
        if not self._connected:
            from .client import not_connected

            raise not_connected()
        res = self._transport.execute_batch(BatchCommand(flags, cmds))
        if res.code:
            raise exception.error(res.code, res.msg or f"result code {res.code}")
        return res.records

    def _read_batch(
        self, keys: Any, info1: int, ops: list[Op] | None, policy: Mapping[str, Any] | None
    ) -> tuple[list[tuple[str, str | None, Any, bytes]], list[Result]]:
        parsed = _keys(keys)
        pol = self._policies.resolve("batch", policy)
        info1 |= read_flags(pol)
        exp = pol.get("expressions")
        cmds = [Command(ns, s, d, None, info1, 0, 0, 0, 0, ops, exp) for ns, s, _k, d in parsed]
        return parsed, self._run_batch(cmds)

    def _check_batch(self, results: list[Result], keys: Any) -> None:
        for i, res in enumerate(results):
            if res.code and res.code not in (2, 27):
                raise exception.error(res.code, res.msg or f"result code {res.code}", key=keys[i])

    # -- classic batch reads ---------------------------------------------------------------

    def get_many(self, keys: Any, policy: Mapping[str, Any] | None = None) -> list[Record]:
        """Read many records; a missing record answers (key, None, None)."""
        parsed, results = self._read_batch(keys, INFO1_GET_ALL, None, policy)
        self._check_batch(results, keys)
        bins_of = self._codec.bins_from_stored
        return [
            Record(key_tuple(*p), self._meta(r), bins_of(r.bins or {}))
            if r.code == 0
            else Record(key_tuple(*p), None, None)
            for p, r in zip(parsed, results)
        ]

    def exists_many(self, keys: Any, policy: Mapping[str, Any] | None = None) -> list[ExistsResult]:
        """Read the metadata of many records; a missing record answers (key, None)."""
        parsed, results = self._read_batch(keys, INFO1_GET_NOBINDATA, None, policy)
        self._check_batch(results, keys)
        return [
            ExistsResult(key_tuple(*p), self._meta(r) if r.code == 0 else None)
            for p, r in zip(parsed, results)
        ]

    def select_many(
        self, keys: Any, bins: Sequence[str], policy: Mapping[str, Any] | None = None
    ) -> list[Record]:
        """Read some bins of many records; a missing record answers (key, None, None)."""
        if not isinstance(bins, (list, tuple)):
            raise exception.error(exception.ParamError, "bins must be a list of bin names")
        ops: list[Op] = [(OP_READ, check_bin_name(b), None) for b in bins]
        parsed, results = self._read_batch(keys, 0, ops, policy)
        self._check_batch(results, keys)
        return [self._ops_record(p, r) for p, r in zip(parsed, results)]

    def _ops_record(self, p: tuple[str, str | None, Any, bytes], r: Result) -> Record:
        if r.code:
            return Record(key_tuple(*p), None, None)
        from_stored = self._codec.from_stored
        return Record(
            key_tuple(*p), self._meta(r), {name: from_stored(v) for name, v in r.ops or ()}
        )

    def batch_get_ops(
        self,
        keys: Any,
        list: Any = None,  # the official keyword name
        policy: Mapping[str, Any] | None = None,
        ops: Any = None,
    ) -> list_[tuple[Any, Any, Any]]:
        """Run the same read operations on many records, answering (key, meta, bins) per key.

        As in the official client, the key is the caller's key tuple, and a record that could not
        be read has the exception class of its error (e.g. RecordNotFound) in place of meta.
        Raises ParamError for malformed keys or operations.
        """
        operations = list if list is not None else ops
        wire, has_write, _ttl = self._ops.compile(operations)
        if has_write:
            raise exception.error(
                exception.ParamError, "batch_get_ops() takes read operations only"
            )
        _parsed, results = self._read_batch(keys, 0, wire, policy)
        out: list_[tuple[Any, Any, Any]] = []
        from_stored = self._codec.from_stored
        for key, r in zip(keys, results):
            if r.code:
                out.append((key, exception.class_for_code(r.code), None))
            else:
                out.append(
                    (key, self._meta(r), {name: from_stored(v) for name, v in r.ops or ()})
                )
        return out

    # -- BatchRecords API ------------------------------------------------------------------

    def batch_read(
        self, keys: Any, bins: Sequence[str] | None = None, policy: Mapping[str, Any] | None = None
    ) -> BatchRecords:
        """Read many records; each BatchRecord has its own result code.

        ``bins=None`` reads whole records, a list reads those bins, ``[]`` reads metadata only
        (each record is then a (key, meta) pair).
        """
        if bins is None:
            parsed, results = self._read_batch(keys, INFO1_GET_ALL, None, policy)
        elif isinstance(bins, (list, tuple)):
            if bins:
                ops: list[Op] = [(OP_READ, check_bin_name(b), None) for b in bins]
                parsed, results = self._read_batch(keys, 0, ops, policy)
            else:
                parsed, results = self._read_batch(keys, INFO1_GET_NOBINDATA, None, policy)
        else:
            raise exception.error(exception.ParamError, "bins must be a list of bin names or None")
        out = BatchRecords()
        out.result = BATCH_FAILED if any(r.code not in (0, 2, 27) for r in results) else 0
        for p, r in zip(parsed, results):
            br = BatchRecord(key_tuple(*p))
            br.result = r.code
            if r.code == 0:
                if bins is None:
                    br.record = Record(
                        br.key, self._meta(r), self._codec.bins_from_stored(r.bins or {})
                    )
                elif bins:
                    br.record = self._ops_record(p, r)
                else:
                    br.record = ExistsResult(br.key, self._meta(r))
            out.batch_records.append(br)
        return out

    def _write_cmd(
        self,
        parsed: tuple[str, str | None, Any, bytes],
        ops: Any,
        meta: Mapping[str, Any] | None,
        pol: Mapping[str, Any],
    ) -> Command:
        ns, s, uk, d = parsed
        wire, has_write, touch_ttl = self._ops.compile(ops)
        if touch_ttl is not None:
            if meta is not None and not isinstance(meta, Mapping):
                raise exception.error(
                    exception.ParamError, "meta must be a dict with 'gen' and/or 'ttl'"
                )
            meta = {**(meta or {}), "ttl": touch_ttl}
        if not has_write:
            return Command(ns, s, d, None, read_flags(pol), 0, 0, 0, 0, wire, pol.get("expressions"))
        f = write_flags(pol, meta)
        # Batch writes answer every operation (a write's bin reads back None), as on the server.
        return Command(
            ns, s, d, wire_key(uk) if f.send_key else None, f.info1 | INFO1_READ,
            f.info2 | INFO2_WRITE | INFO2_RESPOND_ALL_OPS, f.info3, f.gen, f.ttl, wire, f.filter_exp,
        )

    def _remove_cmd(
        self, parsed: tuple[str, str | None, Any, bytes], meta: Any, pol: Mapping[str, Any]
    ) -> Command:
        ns, s, uk, d = parsed
        if meta is None and pol.get("generation"):
            meta = {"gen": pol["generation"]}  # the batch remove policy's expected generation
        f = write_flags(pol, meta)
        return Command(
            ns, s, d, wire_key(uk) if f.send_key else None, 0, f.info2 | INFO2_WRITE | INFO2_DELETE,
            f.info3, f.gen, 0, None, f.filter_exp,
        )

    def _fill(self, records: list[BatchRecord], cmds: list[Command]) -> int:
        """Run the commands, set each record's result; answers the batch's own result code."""
        from_stored = self._codec.from_stored
        batch_result = 0
        for br, cmd, r in zip(records, cmds, self._run_batch(cmds)):
            br.result = r.code
            br.in_doubt = False
            if r.code == 0:
                out_key = key_tuple(cmd.ns, cmd.set_name, br.key[2], cmd.digest)
                if r.bins is not None:
                    bins = self._codec.bins_from_stored(r.bins)
                else:
                    bins = {name: from_stored(v) for name, v in r.ops or ()}
                br.record = Record(out_key, self._meta(r), bins)
            else:
                br.record = None
                if r.code not in (2, 27):
                    batch_result = BATCH_FAILED
        return batch_result

    def batch_write(
        self, batch_records: BatchRecords, policy_batch: Mapping[str, Any] | None = None
    ) -> BatchRecords:
        """Run a mix of Read, Write and Remove records; fills in each one's result and record.

        The batch's own ``result`` is 0, or -16 (batch failed) when a record failed with an error
        other than not-found or filtered-out. Raises ParamError for malformed batch records.
        """
        if not isinstance(batch_records, BatchRecords) or not isinstance(
            getattr(batch_records, "batch_records", None), list
        ):
            raise exception.error(exception.ParamError, "batch_write() takes a BatchRecords")
        self._policies.resolve("batch", policy_batch)
        cmds: list[Command] = []
        for i, br in enumerate(batch_records.batch_records):
            if not isinstance(br, (Read, Write, Remove)):
                raise exception.error(
                    exception.ParamError,
                    f"batch record {i} is a {type(br).__name__}; expected Read, Write or Remove",
                )
            kind = Write if isinstance(br, Write) else Read if isinstance(br, Read) else Remove
            for field in _FIELDS[kind]:
                if not hasattr(br, field):  # e.g. made with __new__, or a field deleted
                    raise exception.error(
                        exception.ParamError,
                        f"batch record {i} ({type(br).__name__}) has no {field!r} attribute",
                    )
            parsed = parse_key(br.key)
            if isinstance(br, Write):
                pol = self._policies.resolve("batch_write", br.policy)
                cmds.append(self._write_cmd(parsed, br.ops, br.meta, pol))
            elif isinstance(br, Read):
                pol = self._policies.resolve("batch_read", br.policy)
                ns, s, _uk, d = parsed
                exp = pol.get("expressions")
                if br.ops is not None:
                    if not br.ops:
                        raise exception.error(
                            exception.ParamError, f"batch record {i}: ops must not be empty"
                        )
                    cmds.append(self._write_cmd(parsed, br.ops, None, pol))
                else:
                    info1 = INFO1_READ | (INFO1_GET_ALL if br.read_all_bins else INFO1_GET_NOBINDATA)
                    cmds.append(Command(ns, s, d, None, info1, 0, 0, 0, 0, None, exp))
            else:
                pol = self._policies.resolve("batch_remove", br.policy)
                cmds.append(self._remove_cmd(parsed, None, pol))
        batch_records.result = self._fill(batch_records.batch_records, cmds)
        return batch_records

    def batch_operate(
        self,
        keys: Any,
        ops: Any,
        policy_batch: Mapping[str, Any] | None = None,
        policy_batch_write: Mapping[str, Any] | None = None,
        ttl: int | None = None,
    ) -> BatchRecords:
        """Run the same operations on many records; each BatchRecord has its own result."""
        parsed = _keys(keys)
        self._policies.resolve("batch", policy_batch)
        pol = self._policies.resolve("batch_write", policy_batch_write)
        meta = None
        if ttl is not None:
            wire_ttl(ttl)
            meta = {"ttl": ttl}
        cmds = [self._write_cmd(p, ops, meta, pol) for p in parsed]
        records = [BatchRecord(key_tuple(*p)) for p in parsed]
        out = BatchRecords(records)
        out.result = self._fill(records, cmds)
        return out

    def batch_remove(
        self,
        keys: Any,
        policy_batch: Mapping[str, Any] | None = None,
        policy_batch_remove: Mapping[str, Any] | None = None,
    ) -> BatchRecords:
        """Delete many records; each BatchRecord has its own result (2 for a missing record)."""
        parsed = _keys(keys)
        self._policies.resolve("batch", policy_batch)
        pol = self._policies.resolve("batch_remove", policy_batch_remove)
        cmds = [self._remove_cmd(p, None, pol) for p in parsed]
        records = [BatchRecord(key_tuple(*p)) for p in parsed]
        out = BatchRecords(records)
        out.result = self._fill(records, cmds)
        return out
