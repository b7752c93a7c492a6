"""Scans: every live record of a namespace (or one set), partition by partition, streamed.

Within a partition a record comes in the order the server's primary index walks it: by digest,
descending (a real 8.1 server was seen to do this). A scan resumed after a digest reads the
records below it. Each partition is read at once into columns (C-level passes over its dict, no
Python step per record in the common case), which become ScanRecords or, when the command
carries ``make``, the caller's records: memory holds one partition, never the set.
"""

from __future__ import annotations

import bisect
import itertools
import time
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from typing import Any

from ..command import CITRUSLEAF_EPOCH, ScanColumns, ScanCommand, ScanRecord
from .codes import OpError
from .storage import N_PARTITIONS, Namespace, Record

Filter = Callable[[Any, bytes, float], bool]
Specs = Iterable[tuple[int, "bytes | None", Any]]

ALL_PARTITIONS: tuple[tuple[int, None, None], ...] = tuple((p, None, None) for p in range(N_PARTITIONS))

_GEN = attrgetter("gen")
_VOID_TIME = attrgetter("void_time")
_IDENT = attrgetter("ident")
_repeat = itertools.repeat


def stream(ns: Namespace, cmd: ScanCommand, flt: Filter | None, clock: Callable[[], float]) -> Iterator[Any]:
    """The records of a scan (ScanRecords, or what ``cmd.make`` builds of each partition),
    limited and paced as the command asks."""
    make = cmd.make or rows
    records = itertools.chain.from_iterable(map(make, _partitions(ns, cmd, flt, clock)))
    return limit(records, cmd.max_records, cmd.records_per_second)


def rows(cols: ScanColumns) -> Iterator[ScanRecord]:
    """A partition's columns as ScanRecords (a scan's records have no bval)."""
    digests, gens, void_times, bins, keys, sets = cols
    return zip(
        digests, gens, _repeat(0) if void_times is None else void_times,
        _repeat(None) if bins is None else bins, keys, sets, _repeat(None),
    )


def limit(records: Iterator[Any], max_records: int, rps: int) -> Iterator[Any]:
    """Stop after ``max_records`` (0: no limit); pace to ``rps`` records a second (0: no pace)."""
    if rps:
        records = _paced(records, rps)
    if max_records:
        records = itertools.islice(records, max_records)
    return records


def _paced(records: Iterator[Any], rps: int) -> Iterator[Any]:
    start = time.monotonic()
    for n, rec in enumerate(records, 1):
        yield rec
        if n % rps == 0:
            wait = start + n / rps - time.monotonic()
            if wait > 0:
                time.sleep(wait)


def _partitions(
    ns: Namespace, cmd: ScanCommand, flt: Filter | None, clock: Callable[[], float]
) -> Iterator[ScanColumns]:
    want = cmd.set_name
    nobins = cmd.nobins
    names = cmd.bins
    picks = bool(names) and not nobins  # as a server: a record holding none of them is left out
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
        if not digests:  # nothing below the resume point (or emptied meanwhile)
            continue
        now = clock()
        sec = int(now) - CITRUSLEAF_EPOCH
        try:
            recs: list[Record] = list(map(store.__getitem__, digests))
        except KeyError:  # one removed since the walk began
            recs = []
        void_times, idents, one_set = _metadata(recs)
        # C-level passes tell whether a record must be left out (removed, expired, of another
        # set, filtered out, holding none of the bins asked); only then a Python pass does it.
        if (
            len(recs) != len(digests) or flt is not None or picks
            or (any(void_times) and min(filter(None, void_times)) < sec)
            or (want is not None and not (one_set and idents[0] == want))
        ):
            digests, recs = _live(store, digests, want, flt, names if picks else None, now)
            if not digests:
                continue
            void_times, idents, one_set = _metadata(recs)
        if one_set:
            sets: Iterable[Any] = _repeat(idents[0])
            keys: Iterable[Any] = _repeat(None)
        else:
            sets = [i[0] if type(i) is tuple else i for i in idents]
            keys = [i[1] if type(i) is tuple else None for i in idents]
        if nobins:
            bins: list[Any] | None = None
        elif names is None:
            bins = recs
        else:
            bins = [{b: r[b] for b in names if b in r} for r in recs]
        yield digests, list(map(_GEN, recs)), void_times if any(void_times) else None, bins, keys, sets


def _metadata(recs: list[Record]) -> tuple[list[int], list[Any], bool]:
    """The records' void times, their idents (set name, or (set name, user key)), and whether
    all share one set and none has a user key."""
    idents = list(map(_IDENT, recs))
    first = idents[0] if idents else None
    return (
        list(map(_VOID_TIME, recs)), idents,
        type(first) is not tuple and idents.count(first) == len(idents),
    )


def _live(
    store: dict[bytes, Record], digests: list[bytes], want: str | None, flt: Filter | None,
    names: tuple[str, ...] | None, now: float,
) -> tuple[list[bytes], list[Record]]:
    """The digests and records of a partition that are there, live, of the set asked for,
    pass the filter and hold one of ``names`` (when given)."""
    sec = int(now) - CITRUSLEAF_EPOCH
    live = [
        (d, r) for d in digests
        if (r := store.get(d)) is not None and not (r.void_time and r.void_time < sec)
    ]
    if want is not None:
        live = [
            (d, r) for d, r in live
            if (i := r.ident) == want or (type(i) is tuple and i[0] == want)
        ]
    if flt is not None:
        live = [(d, r) for d, r in live if _passes(flt, r, d, now)]
    if names:
        live = [(d, r) for d, r in live if any(b in r for b in names)]
    return [d for d, _ in live], [r for _, r in live]


def _passes(flt: Filter, rec: Any, digest: bytes, now: float) -> bool:
    """A record passes a filter only when it evaluates true; one it cannot be evaluated on
    (an error while evaluating) is left out, as the server does."""
    try:
        return flt(rec, digest, now)
    except OpError:
        return False

