"""The documented ``Scan`` and ``Query`` classes: a scan or query is built up (``select``,
``where``, ``paginate``, ``max_records``...), then run by ``results`` or ``foreach``, each run
one ``ScanCommand`` through the transport, its records streamed and turned into record tuples
(by the embedded engine itself, a partition at a time, for a scan that tracks no partitions:
``ScanCommand.make``).

Background work (``execute_background``, ``add_ops``) and stream UDFs (``apply``) need UDFs and
background jobs, which are not built: they raise ClientError saying so.
"""

from __future__ import annotations

import gc
import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from . import exception, result_codes
from .command import CITRUSLEAF_EPOCH, NEVER_EXPIRES_TTL, Predicate, ScanColumns
from .commands import scans as build
from .commands.flags import net_of
from .keys import check_bin_name
from .partitions import PartitionStatus
from .results import AerospikeKey, Record, RecordMetadata
from .values import FlatBins

if TYPE_CHECKING:
    from .client import Client

new = tuple.__new__
_repeat = itertools.repeat
_NOT_BUILT = (
    "{what} needs UDFs and background jobs, which this release does not have "
    "(results() and foreach() are built)"
)


def _refuse(what: str) -> exception.AerospikeError:
    return exception.error(exception.ClientError, _NOT_BUILT.format(what=what))


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


class _Stream:
    """What scans and queries share: the bins, pagination, the run and the record tuples."""

    KIND = "scan"
    NAME = "Scan"

    def __init__(self, client: Client, ns: str | None, set: str | None = None) -> None:
        from .client import Client  # (at run time only: the client module imports this one)

        if not isinstance(client, Client):  # as the official class: client.scan() makes one
            raise TypeError(f"{self.NAME} objects are made by client.{self.KIND}(namespace, set)")
        if not isinstance(ns, str):
            raise _bad("namespace must be a string")
        if set is not None and not isinstance(set, str):
            raise _bad("set must be a string or None")
        self._client = client
        self.ns = ns
        self.set = set or None
        self.ttl = 0
        self._bins: tuple[str, ...] | None = None
        self._paginate = False
        self._status: PartitionStatus | None = None
        self._predicate: Predicate | None = None

    # -- building ---------------------------------------------------------------------------

    def select(self, *bins: str) -> None:
        """Return only these bins. Raises ClientError when called twice, ParamError for a
        name that is not a bin name."""
        if self._bins is not None:
            raise exception.error(
                exception.ClientError,
                f"{self.NAME}.select() cannot be called more than once on the same instance.",
            )
        self._bins = tuple(check_bin_name(b, raw=True) for b in bins)

    def paginate(self) -> None:
        """Keep the partition status between runs, so each run goes on where the last one
        stopped (with ``max_records``, one page a run)."""
        self._paginate = True

    def is_done(self) -> bool:
        """Whether the last paginated (or partition-filtered) run read everything."""
        return self._status is not None and self._status.done

    def get_partitions_status(self) -> dict[Any, Any]:
        """The partition status (empty when the runs are not tracked)."""
        return {} if self._status is None else self._status.as_dict()

    def add_ops(self, ops: Any) -> None:
        raise _refuse(f"{self.NAME}.add_ops (background writes)")

    def execute_background(self, policy: Any = None) -> int:
        raise _refuse(f"{self.NAME}.execute_background")

    def apply(self, module: Any, function: Any, arguments: Any = None, policy: Any = None) -> Any:
        raise _refuse(f"{self.NAME}.apply")

    # -- running ----------------------------------------------------------------------------

    def _limits(self, pol: Mapping[str, Any]) -> tuple[int, int]:
        return pol.get("max_records", 0), pol.get("records_per_second", 0)

    def _stream(
        self, policy: Any, nobins: bool
    ) -> tuple[Iterator[Any], PartitionStatus | None, list[Any] | None, int]:
        client = self._client
        client._check_connected()
        if policy is not None and not isinstance(policy, Mapping):
            raise _bad("policy must be a dict")
        pol = client._policies.resolve(self.KIND, policy)
        max_records, rps = self._limits(pol)
        status = self._status
        if policy is not None and "partition_filter" in policy:
            status = PartitionStatus.from_filter(policy["partition_filter"] or {})
        elif self._paginate:
            if status is None:
                status = PartitionStatus()
            elif not max_records:
                status.retry = True  # a run without a limit resumes every partition
        else:
            status = None
        self._status = status
        sent = status.start() if status is not None else None
        cmd = build.command(
            self.ns, self.set, bins=self._bins, nobins=nobins, predicate=self._predicate,
            filter_exp=pol.get("expressions"), partitions=sent, max_records=max_records,
            records_per_second=rps,
        )
        if status is None and self._predicate is None:  # a scan tracking nothing per record
            cmd = cmd._replace(make=self._maker())
        res = client._transport.execute_scan(cmd, net_of(pol))
        if res.code:
            raise exception.error(res.code, res.msg or result_codes.message(res.code))
        return res.records, status, sent, max_records

    def _maker(self) -> Callable[[ScanColumns], list[Record]]:
        """What builds one partition's record tuples from a scan's columns, in C-level passes
        (a transport that reads a partition at a time calls it; see ScanCommand.make)."""
        ns = self.ns
        sec = int(self._client._now()) - CITRUSLEAF_EPOCH
        never = NEVER_EXPIRES_TTL
        codec = self._client._codec

        def make(cols: ScanColumns) -> list[Record]:
            digests, gens, void_times, bins, keys, sets = cols
            n = len(digests)
            ttls = _repeat(never) if void_times is None else [
                (vt - sec if vt > sec else 1) if vt else never for vt in void_times
            ]
            if bins is None:
                copies: Iterable[dict[str, Any]] = itertools.starmap(dict, _repeat((), n))
            elif not codec.deserializes and all(map(isinstance, bins, _repeat(FlatBins))):
                copies = map(dict, bins)  # immutable scalars only: a copy is enough
            else:
                copies = map(codec.bins_from_wire, bins)
            return list(map(new, _repeat(Record), zip(
                map(new, _repeat(AerospikeKey), zip(_repeat(ns), sets, keys, map(bytearray, digests))),
                [RecordMetadata(ttl=t, gen=g) for t, g in zip(ttls, gens)],
                copies,
            )))

        return make

    def _results(self, policy: Any, nobins: bool, plain: bool = False) -> list[Any]:
        records, status, sent, max_records = self._stream(policy, nobins)
        # Building a list of many small containers would run the cyclic collector again and
        # again (none of them can form a cycle): it is paused while the list is built.
        paused = gc.isenabled()
        if paused:
            gc.disable()
        try:
            return self._collect(records, status, sent, max_records, plain)
        finally:
            if paused:
                gc.enable()

    def _collect(
        self, records: Iterator[Any], status: PartitionStatus | None,
        sent: list[Any] | None, max_records: int, plain: bool = False,
    ) -> list[Any]:
        built, records = _built(records)
        if built:
            return list(records)
        ns = self.ns
        sec = int(self._client._now()) - CITRUSLEAF_EPOCH
        never = NEVER_EXPIRES_TTL
        from_wire = self._client._codec.bins_from_wire
        if status is None and plain:
            return [
                ((ns, s, k, d), {"ttl": (vt - sec if vt > sec else 1) if vt else never, "gen": g},
                 {} if b is None else from_wire(b))
                for d, g, vt, b, k, s, _ in records
            ]
        if status is None:
            return [
                new(Record, (
                    new(AerospikeKey, (ns, s, k, bytearray(d))),
                    RecordMetadata(ttl=(vt - sec if vt > sec else 1) if vt else never, gen=g),
                    {} if b is None else from_wire(b),
                ))
                for d, g, vt, b, k, s, _ in records
            ]
        out = []
        delivered = status.delivered
        for d, g, vt, b, k, s, bval in records:
            out.append(new(Record, (
                new(AerospikeKey, (ns, s, k, bytearray(d))),
                RecordMetadata(ttl=(vt - sec if vt > sec else 1) if vt else never, gen=g),
                {} if b is None else from_wire(b),
            )))
            delivered((d[0] | d[1] << 8) & 0xFFF, d, bval)
        assert sent is not None
        status.finish(sent, len(out), max_records)
        return out

    def _plain_results(self, policy: Any = None, options: Any = None) -> list[Any]:
        """``results(policy, options)`` as plain tuples where no partition is tracked: each
        ((namespace, set, user key, digest as bytes), {"ttl", "gen"}, bins) — the model layer's
        read, which builds instances and would only take Records apart (a paginated run, or a
        transport's own records, answer Records as ``results`` does)."""
        return self._results(policy, _nobins(options, _QUERY_OPTIONS), True)

    def _foreach(self, callback: Any, policy: Any, nobins: bool) -> None:
        if not callable(callback):  # the official client's class and code (-1) here
            raise exception.error(exception.ClientError, "the foreach callback must be callable")
        with_pid = policy is not None and "partition_filter" in policy
        records, status, sent, max_records = self._stream(policy, nobins)
        built, records = _built(records)
        if built:  # nothing tracked per record (see _stream)
            for rec in records:
                try:
                    stop = callback(rec) is False
                except Exception as err:
                    raise _callback_failed(err) from err
                if stop:
                    return
            return
        ns = self.ns
        sec = int(self._client._now()) - CITRUSLEAF_EPOCH
        never = NEVER_EXPIRES_TTL
        from_wire = self._client._codec.bins_from_wire
        n = 0
        for d, g, vt, b, k, s, bval in records:
            rec = new(Record, (
                new(AerospikeKey, (ns, s, k, bytearray(d))),
                RecordMetadata(ttl=(vt - sec if vt > sec else 1) if vt else never, gen=g),
                {} if b is None else from_wire(b),
            ))
            pid = (d[0] | d[1] << 8) & 0xFFF
            try:
                stop = (callback(pid, rec) if with_pid else callback(rec)) is False
            except Exception as err:
                raise _callback_failed(err) from err
            if stop:
                return  # stopped: the status keeps its global retry flag set
            n += 1
            if status is not None:
                status.delivered(pid, d, bval)
        if status is not None:
            assert sent is not None
            status.finish(sent, n, max_records)


def _callback_failed(err: Exception) -> exception.AerospikeError:
    """What a foreach raises when its callback raised (the stream stops there): ClientError
    (-1), as the official client; the callback's own exception is its cause."""
    return exception.error(
        exception.ClientError, f"the foreach callback raised {type(err).__name__}: {err}"
    )


def _built(records: Iterator[Any]) -> tuple[bool, Iterator[Any]]:
    """Whether a stream holds the record tuples a transport built (ScanCommand.make) rather
    than ScanRecords, and the whole stream again."""
    records = iter(records)
    first = next(records, None)
    if first is None:
        return False, records
    return type(first) is Record, itertools.chain((first,), records)


def _nobins(options: Any, allowed: frozenset[str]) -> bool:
    if options is None:
        return False
    if not isinstance(options, Mapping):
        raise _bad("options must be a dict")
    for name in options:
        if name not in allowed:
            raise _bad(f"unknown option {name!r}: the options are {', '.join(sorted(allowed))}")
    if options.get("percent", 100) != 100:
        raise _bad("option 'percent' is gone since server 5.6: use the policy's max_records")
    return bool(options.get("nobins", False))


def _check_node(client: Client, nodename: Any) -> None:
    if nodename is None:
        return
    if not isinstance(nodename, str):
        raise _bad("nodename must be a string")
    if nodename not in [name for name, _, _ in client._transport.nodes()]:
        raise exception.error(exception.ParamError, f"Invalid node name: {nodename}")


_SCAN_OPTIONS = frozenset({"nobins", "concurrent", "percent"})
_QUERY_OPTIONS = frozenset({"nobins"})


class Scan(_Stream):
    """Every record of a namespace, or of one set (``client.scan(ns, set)``)."""

    def results(self, policy: Any = None, nodename: Any = None) -> list[Record]:
        """Every record, as a list of (key, meta, bins). Raises on a failed scan."""
        _check_node(self._client, nodename)
        return self._results(policy, False)

    def foreach(
        self, callback: Callable[..., Any], policy: Any = None, options: Any = None,
        nodename: Any = None,
    ) -> None:
        """Call ``callback(record)`` (``callback(partition id, record)`` with a partition
        filter) for each record; a callback answering False stops the scan."""
        _check_node(self._client, nodename)
        self._foreach(callback, policy, _nobins(options, _SCAN_OPTIONS))


class Query(_Stream):
    """The records a secondary-index predicate finds (``where``), or, without one, every
    record of the set or namespace, as a scan."""

    KIND = "query"
    NAME = "Query"

    def __init__(self, client: Client, ns: str | None, set: str | None = None) -> None:
        super().__init__(client, ns, set)
        self.max_records = 0
        self.records_per_second = 0

    def _limits(self, pol: Mapping[str, Any]) -> tuple[int, int]:
        # The policy's max_records and records_per_second are ignored since client 7.0.0.
        for name in ("max_records", "records_per_second"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise _bad(f"Query.{name} must be a non-negative int")
        return self.max_records, self.records_per_second

    def _set_predicate(self, pred: Predicate) -> None:
        if self._predicate is not None:
            raise _bad("Failed to add predicate")
        self._predicate = pred

    def where(self, predicate: Any, ctx: Any = None) -> None:
        """Query with this predicate (one of ``predicates``), on a value inside a list or map
        when ``ctx`` (a list of ``cdt_ctx`` entries) is given. Raises ParamError for a bad or
        second predicate."""
        if predicate is None:
            raise _bad("predicate is invalid.")
        self._set_predicate(build.predicate(predicate, ctx))

    def where_with_expr(self, expr: Any, predicate: Any) -> Query:
        """Query an expression index (the index made with this compiled expression); the
        predicate's bin must be None."""
        if isinstance(expr, str):
            import base64

            try:
                expr = base64.b64decode(expr, validate=True)
            except ValueError:
                raise _bad("expr must be a compiled expression or its base64 text") from None
        self._set_predicate(build.predicate(predicate, exp=expr))
        return self

    def where_with_index_name(self, index_name: Any, predicate: Any) -> Query:
        """Query the index of this name; the predicate's bin must be None."""
        if not isinstance(index_name, str):
            raise _bad("index_name must be a string")
        self._set_predicate(build.predicate(predicate, index_name=index_name))
        return self

    def results(self, policy: Any = None, options: Any = None) -> list[Record]:
        """The records found, as a list of (key, meta, bins). Raises IndexNotFound when no
        index matches the predicate."""
        return self._results(policy, _nobins(options, _QUERY_OPTIONS))

    def foreach(self, callback: Callable[..., Any], policy: Any = None, options: Any = None) -> None:
        """Call ``callback(record)`` (``callback(partition id, record)`` with a partition
        filter) for each record found; a callback answering False stops the query."""
        self._foreach(callback, policy, _nobins(options, _QUERY_OPTIONS))
