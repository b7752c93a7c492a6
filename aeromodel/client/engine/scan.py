"""Scans: every live record of a namespace (or one set), partition by partition, streamed.

Within a partition a record comes in the order the server's primary index walks it: by digest,
descending (a real 8.1 server was seen to do this). A scan resumed after a digest reads the
records below it. The hot loop reads each partition's dict directly: no copy of the set is made,
only a sorted list of one partition's digests at a time.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..command import CITRUSLEAF_EPOCH, ScanCommand, ScanRecord
from .codes import OpError
from .storage import N_PARTITIONS, Namespace

Filter = Callable[[Any, bytes, float], bool]
Specs = Iterable[tuple[int, "bytes | None", Any]]

ALL_PARTITIONS: tuple[tuple[int, None, None], ...] = tuple((p, None, None) for p in range(N_PARTITIONS))


def stream(ns: Namespace, cmd: ScanCommand, flt: Filter | None, clock: Callable[[], float]) -> Iterator[ScanRecord]:
    """The records of a scan, limited and paced as the command asks. Each partition is read
    into a list of its records at once (comprehensions, no generator frame per record), and
    the lists are chained: memory holds one partition's records, never the set's."""
    records = itertools.chain.from_iterable(_partitions(ns, cmd, flt, clock))
    return limit(records, cmd.max_records, cmd.records_per_second)


def limit(records: Iterator[ScanRecord], max_records: int, rps: int) -> Iterator[ScanRecord]:
    """Stop after ``max_records`` (0: no limit); pace to ``rps`` records a second (0: no pace)."""
    if rps:
        records = _paced(records, rps)
    if max_records:
        records = itertools.islice(records, max_records)
    return records


def _paced(records: Iterator[ScanRecord], rps: int) -> Iterator[ScanRecord]:
    start = time.monotonic()
    for n, rec in enumerate(records, 1):
        yield rec
        if n % rps == 0:
            wait = start + n / rps - time.monotonic()
            if wait > 0:
                time.sleep(wait)


def _partitions(
    ns: Namespace, cmd: ScanCommand, flt: Filter | None, clock: Callable[[], float]
) -> Iterator[list[ScanRecord]]:
    want = cmd.set_name
    nobins = cmd.nobins
    names = cmd.bins
    stores = ns.stores
    for pid, after, _bval in cmd.partitions or ALL_PARTITIONS:
        store = stores[pid]
        if not store:
            continue
        if after is None:
            digests = sorted(store, reverse=True)
        else:
            digests = sorted(store)
            digests = digests[bisect.bisect_left(digests, after) - 1 :: -1] if digests[0] < after else []
        now = clock()
        sec = int(now) - CITRUSLEAF_EPOCH
        get = store.get
        # Live records (a record removed since the walk began is None; an expired one is
        # skipped though nsup has not removed it yet), of the set asked for, that pass the
        # filter; one comprehension for the common case of no filter and every bin or none.
        if flt is None and names is None:
            yield [
                (d, r.gen, vt, None if nobins else r, i[1] if type(i) is tuple else None,
                 i[0] if type(i) is tuple else i, None)
                for d in digests
                if (r := get(d)) is not None
                and not ((vt := r.void_time) and vt < sec)
                and ((i := r.ident) == want or want is None or (type(i) is tuple and i[0] == want))
            ]
            continue
        live = [
            (d, r) for d in digests
            if (r := get(d)) is not None and not (r.void_time and r.void_time < sec)
        ]
        if want is not None:
            live = [
                (d, r) for d, r in live
                if (i := r.ident) == want or (type(i) is tuple and i[0] == want)
            ]
        if flt is not None:
            live = [(d, r) for d, r in live if _passes(flt, r, d, now)]
        if names and not nobins:  # as a server: a record holding none of the bins is left out
            live = [(d, r) for d, r in live if any(b in r for b in names)]
        yield [
            (
                d, r.gen, r.void_time,
                None if nobins else r if names is None else {b: r[b] for b in names if b in r},
                i[1] if type(i := r.ident) is tuple else None,
                i[0] if type(i) is tuple else i,
                None,
            )
            for d, r in live
        ]


def _passes(flt: Filter, rec: Any, digest: bytes, now: float) -> bool:
    """A record passes a filter only when it evaluates true; one it cannot be evaluated on
    (an error while evaluating) is left out, as the server does."""
    try:
        return flt(rec, digest, now)
    except OpError:
        return False

