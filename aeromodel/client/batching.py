"""Batch methods: one BatchCommand per call, one answer per key in key order."""

from __future__ import annotations

import gc
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from . import exception, result_codes
from .command import (
    NEVER_EXPIRES_TTL,
    BatchCommand,
    BatchResult,
    Command,
    Net,
    Op,
    Result,
    ttl_of,
)
from .commands import batch as build
from .commands.flags import net_of, read_flags, wire_ttl, write_flags
from .helpers.batch.records import Apply, BatchRecord, BatchRecords, Read, Remove, Write
from .keys import check_bin_name, key_tuple, parse_key, parse_keys
from .results import AerospikeKey, ExistsResult, Record, RecordMetadata

new = tuple.__new__
new_object = object.__new__

BATCH_FAILED = -16  # a batch's own result when some record failed (AEROSPIKE_BATCH_FAILED)
_UNANSWERED = Result(-15, msg="no response: the batch failed before this record")

if TYPE_CHECKING:
    from .codec import Codec
    from .commands.operations import OpCompiler
    from .policies import PolicySet
    from .transport import Transport

list_ = list
_FIELDS = {  # the attributes batch_write() reads from each kind of batch record
    Read: ("key", "ops", "read_all_bins", "policy"),
    Write: ("key", "ops", "meta", "policy"),
    Remove: ("key", "policy"),
}
Parsed = tuple[str, "str | None", Any, bytes]


def _keys(keys: Any) -> list[Parsed]:
    if not isinstance(keys, (list, tuple)):
        raise exception.error(
            exception.ParamError, "keys should be a list of aerospike key tuples"  # official text
        )
    return parse_keys(keys)


class BatchMixin:
    """The batch methods of Client: each call sends one BatchCommand."""

    _policies: PolicySet
    _codec: Codec
    _ops: OpCompiler
    _transport: Transport
    _connected: bool
    _meta: Callable[[Result], RecordMetadata]
    _meta_at: Callable[[Result, float], RecordMetadata]
    _now: Callable[[], float]

    def _run_batch(self, batch: BatchCommand, net: Net) -> BatchResult:
        if not self._connected:
            from .client import not_connected

            raise not_connected()
        answer = self._transport.execute_batch(batch, net)
        missing = len(batch.records) - len(answer.records)
        if missing > 0:
            # The batch failed as a whole (e.g. its filter expression is malformed): a record it
            # never answered is NoResponse (-15), as the official client leaves it.
            answer = answer._replace(records=[*answer.records, *[_UNANSWERED] * missing])
        return answer

    @staticmethod
    def _batch_code(res: BatchResult) -> int:
        """A BatchRecords' own result: the batch's code (the first error, when the batch policy
        does not ask for every key's answer), else -16 when some record failed with an error
        other than not-found or filtered-out, else 0 — as the official client reports it."""
        if res.code:
            return res.code
        for r in res.records:
            code = r[0]
            if code and code != 2 and code != 27:
                return BATCH_FAILED
        return 0

    def _read_batch(
        self, keys: Any, what: int, ops: list[Op] | None, policy: Mapping[str, Any] | None
    ) -> tuple[list[Parsed], BatchResult]:
        parsed = _keys(keys)
        pol = self._policies.resolve("batch", policy)
        return parsed, self._run_batch(build.reads(parsed, what, ops, pol), net_of(pol))

    def _check_batch(self, answer: BatchResult, keys: Any) -> None:
        """Raise the error of a batch that failed (as a whole, or at a record other than
        not found or filtered out): the calls that answer records, not result codes."""
        for i, res in enumerate(answer.records):
            if res is _UNANSWERED:
                raise exception.error(answer.code, answer.msg or result_codes.message(answer.code))
            if res.code and res.code not in (2, 27):
                raise exception.error(res.code, res.msg or result_codes.message(res.code), key=keys[i])

    def _ops_bins(self, r: Result) -> dict[str, Any]:
        from_wire = self._codec.from_wire
        return {name: from_wire(v) for name, v in r.ops or ()}

    # -- classic batch reads ---------------------------------------------------------------

    def get_many(self, keys: Any, policy: Mapping[str, Any] | None = None) -> list[Record]:
        """Read many records; a missing record answers (key, None, None)."""
        parsed, answer = self._read_batch(keys, build.READ_ALL, None, policy)
        results = answer.records
        self._check_batch(answer, keys)
        bins_of = self._codec.bins_from_wire
        return [
            Record(key_tuple(*p), self._meta(r), bins_of(r.bins or {}))
            if r.code == 0
            else Record(key_tuple(*p), None, None)
            for p, r in zip(parsed, results)
        ]

    def exists_many(self, keys: Any, policy: Mapping[str, Any] | None = None) -> list[ExistsResult]:
        """Read the metadata of many records; a missing record answers (key, None)."""
        parsed, answer = self._read_batch(keys, build.READ_META, None, policy)
        results = answer.records
        self._check_batch(answer, keys)
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
        ops: list[Op] = [(1, check_bin_name(b), None) for b in bins]
        parsed, answer = self._read_batch(keys, 0, ops, policy)
        results = answer.records
        self._check_batch(answer, keys)
        return [
            Record(key_tuple(*p), self._meta(r), self._ops_bins(r))
            if r.code == 0
            else Record(key_tuple(*p), None, None)
            for p, r in zip(parsed, results)
        ]

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
        wire, has_write, _ttl, _respond_all = self._ops.compile(operations)
        if has_write:
            raise exception.error(
                exception.ParamError, "batch_get_ops() takes read operations only"
            )
        _parsed, answer = self._read_batch(keys, 0, wire, policy)
        results = answer.records
        if results and results[-1] is _UNANSWERED:
            raise exception.error(answer.code, answer.msg or result_codes.message(answer.code))
        return [
            (key, exception.class_for_code(r.code), None) if r.code
            else (key, self._meta(r), self._ops_bins(r))
            for key, r in zip(keys, results)
        ]

    def _batch_read_plain(self, keys: Any) -> list[tuple[int, Any, Any]]:
        """``batch_read(keys)`` with the default batch policy, answered as one plain (result
        code, meta, bins) per key (meta and bins None unless the code is 0): the model layer's
        batch read, which would only take the BatchRecords apart again."""
        _, answer = self._read_batch(keys, build.READ_ALL, None, None)
        bins_of = self._codec.bins_from_wire
        meta_at = self._meta_at
        now = self._now()
        return [
            (0, meta_at(r, now), bins_of(r[3] or {})) if r[0] == 0 else (r[0], None, None)
            for r in answer.records
        ]

    # -- BatchRecords API ------------------------------------------------------------------

    def batch_read(
        self, keys: Any, bins: Sequence[str] | None = None, policy: Mapping[str, Any] | None = None
    ) -> BatchRecords:
        """Read many records; each BatchRecord has its own result code.

        ``bins=None`` reads whole records, a list reads those bins, ``[]`` reads metadata only
        (each record is then a (key, meta) pair).
        """
        # A batch builds several small containers a key (none can form a cycle): the cyclic
        # collector is paused meanwhile, as for a scan's results, rather than run once or more a
        # batch (~12 % of a 100-key batch_read).
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._batch_read(keys, bins, policy)
        finally:
            if paused:
                gc.enable()

    def _batch_read(
        self, keys: Any, bins: Sequence[str] | None, policy: Mapping[str, Any] | None
    ) -> BatchRecords:
        if bins is None:
            parsed, answer = self._read_batch(keys, build.READ_ALL, None, policy)
        elif isinstance(bins, (list, tuple)):
            if bins:
                not_text = "Bin name should be a string or unicode string."  # official words
                ops: list[Op] = [(1, check_bin_name(b, not_text=not_text), None) for b in bins]
                parsed, answer = self._read_batch(keys, 0, ops, policy)
            else:
                parsed, answer = self._read_batch(keys, build.READ_META, None, policy)
        else:
            raise exception.error(exception.ParamError, "Bins argument should be a list.")
        out = BatchRecords()
        out.result = self._batch_code(answer)
        meta_at = self._meta_at
        now = self._now()
        append = out.batch_records.append
        if bins is None:
            # Whole records, the common batch: each BatchRecord is filled as BatchRecord(key)
            # and the assignments of the loop below would fill it, its metadata as _meta_at
            # fills it, without those calls (~1,000 instructions a key).
            bins_of = self._codec.bins_from_wire
            for p, r in zip(parsed, answer.records):
                key = new(AerospikeKey, (p[0], p[1] or None, p[2], bytearray(p[3])))
                br = new_object(BatchRecord)
                br.key = key
                code = br.result = r[0]
                if code == 0:
                    meta = RecordMetadata()
                    vt = r[2]
                    meta["ttl"] = ttl_of(vt, now) if vt else NEVER_EXPIRES_TTL
                    meta["gen"] = r[1]
                    br.record = new(Record, (key, meta, bins_of(r[3] or {})))
                else:
                    br.record = None
                br.in_doubt = False
                append(br)
            return out
        for p, r in zip(parsed, answer.records):
            br = BatchRecord(new(AerospikeKey, (p[0], p[1] or None, p[2], bytearray(p[3]))))
            code = r[0]
            if code == 0:
                if bins:
                    br.record = new(Record, (br.key, meta_at(r, now), self._ops_bins(r)))
                else:
                    br.record = new(ExistsResult, (br.key, meta_at(r, now)))
            else:
                br.result = code
            append(br)
        return out

    def _sub_write(
        self, parsed: Parsed, ops: Any, meta: Mapping[str, Any] | None, pol: Mapping[str, Any]
    ) -> Command:
        wire, _has_write, touch_ttl, respond_all = self._ops.compile(ops)
        if touch_ttl is not None:
            if meta is not None and not isinstance(meta, Mapping):
                raise exception.error(
                    exception.ParamError, "Metadata should be of type dictionary"
                )
            meta = {**(meta or {}), "ttl": touch_ttl}
        return build.sub_write(parsed, wire, write_flags(pol, meta), respond_all)

    def _sub_remove(self, parsed: Parsed, pol: Mapping[str, Any]) -> Command:
        return build.sub_remove(parsed, write_flags(pol, None, build.generation_of(pol)))

    def _fill(
        self, records: list_[BatchRecord], batch: BatchCommand, net: Net
    ) -> int:
        """Run the batch, set each record's result; answers the batch's own result code."""
        answer = self._run_batch(batch, net)
        bins_of = self._codec.bins_from_wire
        for br, cmd, r in zip(records, batch.records, answer.records):
            br.result = r.code
            br.in_doubt = False
            if r.code == 0:
                out_key = key_tuple(cmd.ns, cmd.set_name, br.key[2], cmd.digest)
                bins = bins_of(r.bins) if r.bins is not None else self._ops_bins(r)
                br.record = Record(out_key, self._meta(r), bins)
            else:
                br.record = None
        return self._batch_code(answer)

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
        batch_pol = self._policies.resolve("batch", policy_batch)
        subs: list_[Command] = []
        if any(isinstance(br, Apply) for br in batch_records.batch_records):
            raise exception.error(
                exception.ClientError,
                "batch_write() with an Apply record needs UDFs, which this release does not have",
            )
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
                subs.append(self._sub_write(parsed, br.ops, br.meta, pol))
            elif isinstance(br, Read):
                pol = self._policies.resolve("batch_read", br.policy)
                if br.ops is not None:
                    if not br.ops:
                        raise exception.error(
                            exception.ParamError, f"batch record {i}: ops must not be empty"
                        )
                    compiled = self._ops.compile(br.ops)
                    if compiled.has_write:
                        raise exception.error(
                            exception.ParamError,
                            f"batch record {i}: a Read takes read operations only (use a Write)",
                        )
                    subs.append(self._sub_write(parsed, br.ops, None, pol))
                else:
                    what = build.READ_ALL if br.read_all_bins else build.READ_META
                    subs.append(build.sub_read(parsed, what, None, read_flags(pol)))
            else:
                pol = self._policies.resolve("batch_remove", br.policy)
                subs.append(self._sub_remove(parsed, pol))
        batch_records.result = self._fill(
            batch_records.batch_records, build.mixed(subs, batch_pol), net_of(batch_pol)
        )
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
        batch_pol = self._policies.resolve("batch", policy_batch)
        pol = self._policies.resolve("batch_write", policy_batch_write)
        meta = None
        if ttl is not None:
            wire_ttl(ttl)
            meta = {"ttl": ttl}
        subs = [self._sub_write(p, ops, meta, pol) for p in parsed]
        records = [BatchRecord(key_tuple(*p)) for p in parsed]
        out = BatchRecords(records)
        out.result = self._fill(records, build.mixed(subs, batch_pol), net_of(batch_pol))
        return out

    def batch_remove(
        self,
        keys: Any,
        policy_batch: Mapping[str, Any] | None = None,
        policy_batch_remove: Mapping[str, Any] | None = None,
    ) -> BatchRecords:
        """Delete many records; each BatchRecord has its own result (2 for a missing record)."""
        parsed = _keys(keys)
        batch_pol = self._policies.resolve("batch", policy_batch)
        pol = self._policies.resolve("batch_remove", policy_batch_remove)
        subs = [self._sub_remove(p, pol) for p in parsed]
        records = [BatchRecord(key_tuple(*p)) for p in parsed]
        out = BatchRecords(records)
        out.result = self._fill(records, build.mixed(subs, batch_pol), net_of(batch_pol))
        return out
