"""Record storage: namespaces of 4,096 partitions, each holding its records under its own lock.

Every change goes through one small interface (``Partition.put`` / ``Partition.remove``, called
with the partition's lock held, and ``Namespace.expire`` / ``Namespace.truncate``), which keeps the
partition's counters and the expiry index current and tells the namespace's hooks (its secondary
indexes, ``sindex.Sindexes``) about it; a durable store would implement the same methods. A stored record never
changes once stored (a write stores a new one), so a reader may use one without any lock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from ..values import FlatBins
from .config import NamespaceConfig
from .expiry import ExpiryIndex
from .sindex import Sindexes

N_PARTITIONS = 4096
PARTITION_MASK = N_PARTITIONS - 1


def partition_id(digest: bytes) -> int:
    """The partition of a digest, as the server computes it (its first 12 bits, little-endian)."""
    return (digest[0] | digest[1] << 8) & PARTITION_MASK


class Record(dict[str, Any]):
    """One stored record: its bins (the dict itself) and its metadata.

    ``void_time`` is on the server's clock (seconds since 2010; 0: never expires); ``lut`` is the
    last-update time in unix seconds (a float: cheaper to keep than an int of milliseconds);
    ``size`` the exact flat size in bytes (an interned int, so it costs nothing per record).
    """

    __slots__ = ("gen", "ident", "lut", "size", "void_time")

    gen: int
    size: int
    lut: float
    void_time: int
    ident: Any  # the set name, or (set name, stored user key): one slot, as most records have no key

    @property
    def set_name(self) -> str | None:
        """The record's set (None: no set)."""
        ident = self.ident
        return ident[0] if type(ident) is tuple else ident  # type: ignore[no-any-return]

    @property
    def key(self) -> Any:
        """The stored user key (None unless written with POLICY_KEY_SEND)."""
        ident = self.ident
        return ident[1] if type(ident) is tuple else None


class FlatRecord(Record, FlatBins):
    """A record whose bins are all immutable scalars: a reader copies it with dict() alone."""

    __slots__ = ()


def unflatten(rec: Record) -> None:
    """Mark a record being built as holding a value that is not an immutable scalar."""
    rec.__class__ = Record


def _set_of(ident: Any) -> str | None:
    return ident[0] if type(ident) is tuple else ident  # type: ignore[no-any-return]


Hook = Callable[[bytes, "Record | None", "Record | None"], None]
"""Told of every change: (digest, old record or None, new record or None)."""


class Partition:
    """One partition: its records by digest, its lock, and its counters.

    The counters (objects, non-expirable objects, data used in 16-byte blocks, and per set objects
    and bytes) change only under the partition's lock, so writers to different partitions never
    share one; info answers add the partitions up.
    """

    __slots__ = ("lock", "never", "ns", "objects", "pid", "records", "sets", "used")

    def __init__(self, ns: Namespace, pid: int) -> None:
        self.ns = ns
        self.pid = pid
        self.records: dict[bytes, Record] = {}
        self.lock = threading.Lock()
        self.objects = 0
        self.never = 0  # records that never expire
        self.used = 0  # bytes, each record rounded up to 16
        self.sets: dict[str, list[int]] = {}  # set name -> [objects, used bytes]

    def get(self, digest: bytes) -> Record | None:
        """The stored record (maybe expired: the caller compares its void time with now)."""
        return self.records.get(digest)

    def put(self, digest: bytes, old: Record | None, new: Record) -> None:
        """Store ``new`` in place of ``old`` (what get() answered; None for a new record)."""
        self.records[digest] = new
        used = (new.size + 15) & -16
        vt = new.void_time
        if old is None:
            self.objects += 1
            if not vt:
                self.never += 1
            self.used += used
            name = _set_of(new.ident)
            if name:
                self._count_set(name, 1, used)
        else:
            old_used = (old.size + 15) & -16
            if not vt:
                if old.void_time:
                    self.never += 1
            elif not old.void_time:
                self.never -= 1
            self.used += used - old_used
            name = _set_of(new.ident)
            old_name = _set_of(old.ident)
            if name == old_name:
                if name and used != old_used:
                    self.sets[name][1] += used - old_used
            else:
                if old_name:
                    self._count_set(old_name, -1, -old_used)
                if name:
                    self._count_set(name, 1, used)
        if vt and (old is None or old.void_time != vt):
            self.ns.expiry.push(vt, digest)
        if self.ns.hooks:
            for hook in self.ns.hooks:
                hook(digest, old, new)

    def remove(self, digest: bytes, old: Record) -> None:
        """Remove the stored record ``old`` (what get() answered)."""
        del self.records[digest]
        self.objects -= 1
        if not old.void_time:
            self.never -= 1
        used = (old.size + 15) & -16
        self.used -= used
        name = _set_of(old.ident)
        if name:
            self._count_set(name, -1, -used)
        if self.ns.hooks:
            for hook in self.ns.hooks:
                hook(digest, old, None)

    def _count_set(self, name: str, objects: int, used: int) -> None:
        counts = self.sets.get(name)
        if counts is None:
            self.sets[name] = [objects, used]
            if name not in self.ns.sets:
                self.ns.sets[name] = None
        else:
            counts[0] += objects
            counts[1] += used

    def reinit_lock(self) -> None:
        """A fresh lock (in a forked child, where the old one may be held by a thread that is gone)."""
        self.lock = threading.Lock()


class Namespace:
    """A namespace: its settings, its partitions, its expiry index and its truncation cuts."""

    def __init__(self, name: str, config: NamespaceConfig | None = None) -> None:
        config = config or NamespaceConfig()
        self.name = name
        self.config = config
        self.default_ttl = config.default_ttl
        self.read_touch_pct = config.default_read_touch_ttl_pct  # what a read's percent 0 means
        self.max_record_size = config.max_record_size
        self.nsup_period = config.nsup_period
        self.allow_ttl_without_nsup = config.allow_ttl_without_nsup
        # Partitions are made on first write; until then a slot holds the shared empty one, so a
        # lookup is one index whether or not the partition exists.
        self.partitions: list[Partition] = [_EMPTY] * N_PARTITIONS
        self.stores: list[dict[bytes, Record]] = [_EMPTY.records] * N_PARTITIONS
        self._create_lock = threading.Lock()
        self.expiry = ExpiryIndex(self._is_live)
        self.next_nsup = 0  # server-clock second of the next due sweep (set by the engine)
        self.hooks: list[Hook] = []
        self.sindexes = Sindexes(self)
        # Truncation cuts in milliseconds: whole namespace, and per set.
        self.truncate_lut = 0
        self.set_truncate_lut: dict[str, int] = {}
        # Sets ever written, in order (a set exists on a server once a record was written to it).
        self.sets: dict[str, None] = {}

    def get(self, digest: bytes) -> Record | None:
        """The stored record of a digest, without a lock (maybe expired)."""
        return self.stores[(digest[0] | digest[1] << 8) & PARTITION_MASK].get(digest)

    def partition(self, digest: bytes) -> Partition:
        """The partition of a digest, made if it does not exist yet (hold its lock to change it)."""
        pid = (digest[0] | digest[1] << 8) & PARTITION_MASK
        part = self.partitions[pid]
        if part is _EMPTY:
            with self._create_lock:
                part = self.partitions[pid]
                if part is _EMPTY:
                    part = Partition(self, pid)
                    self.stores[pid] = part.records
                    self.partitions[pid] = part
        return part

    def live_partitions(self) -> list[Partition]:
        """The partitions that exist, in partition order."""
        return [p for p in self.partitions if p is not _EMPTY]

    def _is_live(self, void_time: int, digest: bytes) -> bool:
        rec = self.get(digest)
        return rec is not None and rec.void_time == void_time

    def expire(self, now: int) -> int:
        """Remove every record whose void time is before ``now`` (server clock); how many went."""
        gone = 0
        for vt, digest in self.expiry.due(now):
            part = self.partition(digest)
            with part.lock:
                rec = part.records.get(digest)
                if rec is not None and rec.void_time == vt:
                    part.remove(digest, rec)
                    gone += 1
        return gone

    def truncate(self, set_name: str | None, cut_ms: int) -> int:
        """Remove the records (of one set, or all) last updated before ``cut_ms``; how many went."""
        if set_name:
            self.set_truncate_lut[set_name] = cut_ms
        else:
            self.truncate_lut = cut_ms
        gone = 0
        for part in self.live_partitions():
            with part.lock:
                dead = [
                    (d, r)
                    for d, r in part.records.items()
                    if int(r.lut * 1000) < cut_ms and (not set_name or r.set_name == set_name)
                ]
                for d, r in dead:
                    part.remove(d, r)
                gone += len(dead)
        return gone

    def reinit_locks(self) -> None:
        """Fresh locks everywhere (in a forked child)."""
        self._create_lock = threading.Lock()
        self.expiry.reinit_lock()
        for part in self.live_partitions():
            part.reinit_lock()


class _NoNamespace(Namespace):
    """Owner of the shared empty partition (never written)."""

    def __init__(self) -> None:  # no partitions of its own
        self.name = ""


_EMPTY = Partition(_NoNamespace(), -1)
