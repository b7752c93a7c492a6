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
    """The records of a scan, limited and paced as the command asks."""
    records = _scan(ns, cmd, flt, clock)
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


def _scan(ns: Namespace, cmd: ScanCommand, flt: Filter | None, clock: Callable[[], float]) -> Iterator[ScanRecord]:
    want = cmd.set_name
    nobins = cmd.nobins
    names = cmd.bins
    stores = ns.stores
    for pid, after, _bval in cmd.partitions or ALL_PARTITIONS:
        store = stores[pid]
        if not store:
            continue
        digests = sorted(store)
        if after is not None:
            del digests[bisect.bisect_left(digests, after):]
        digests.reverse()
        now = clock()
        sec = int(now) - CITRUSLEAF_EPOCH
        get = store.get
        for d in digests:
            rec = get(d)
            if rec is None:
                continue  # removed since the walk began
            vt = rec.void_time
            if vt and vt < sec:
                continue  # expired, not swept yet
            ident = rec.ident
            if type(ident) is tuple:
                set_name, key = ident
            else:
                set_name, key = ident, None
            if want is not None and set_name != want:
                continue
            if flt is not None and not _passes(flt, rec, d, now):
                continue
            if nobins:
                yield d, rec.gen, vt, None, key, set_name, None
            elif names is None:
                yield d, rec.gen, vt, rec, key, set_name, None
            else:
                yield d, rec.gen, vt, {b: rec[b] for b in names if b in rec}, key, set_name, None


def _passes(flt: Filter, rec: Any, digest: bytes, now: float) -> bool:
    """A record passes a filter only when it evaluates true; one it cannot be evaluated on
    (an error while evaluating) is left out, as the server does."""
    try:
        return flt(rec, digest, now)
    except OpError:
        return False


def bins_of(rec: Any, nobins: bool, names: tuple[str, ...] | None) -> dict[str, Any] | None:
    """What a streamed record carries of its bins."""
    if nobins:
        return None
    if names is None:
        return rec  # type: ignore[no-any-return]
    return {b: rec[b] for b in names if b in rec}
