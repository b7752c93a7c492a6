"""Secondary indexes: definitions, upkeep through the storage hooks, and lookups in server order.

An ``Index`` maps each indexed value (its *key*: an int for numeric, the str or bytes itself for
string and blob, an S2 cell id for geo2dsphere) to the records holding it, per partition. A record
adds each distinct key of its bin once (a list holding 7 twice is one entry, as on the server);
a value of another type is not indexed. Expression indexes compute their value through the
expression evaluator (``engine/exp``) when a record is written.

Lookups, for the query work (each a generator of ``(partition id, key, digest)``; the digests may
belong to records that have expired but are not swept yet, or that changed since: the caller
reads the record and checks it, as the server does)::

    index.equal(value, partitions=None)        # int, str or bytes
    index.between(low, high, partitions=None)  # numeric: low <= key <= high
    index.geo(shape, partitions=None)          # shape from geo.query_shape: candidates by cell

``partitions`` is a collection of partition ids (None: all). Results come partition by partition
in partition order; within a partition as the server's index tree holds them: by key (signed;
cell ids unsigned), then by digest. A geo query walks its cell ranges in turn (each range a walk of
its own). A range walk over a list or map index drops a record met twice within one burst of 100
entries (the server's de-dup), so a record whose values lie further apart comes twice, as from
the server. The cost of a lookup is proportional to what it finds: keys are found by bisection in
a sorted list, entries are grouped by partition after.

``Sindexes`` is a namespace's set of indexes (``Namespace.sindexes``): create, rename (same
definition, new name), drop, and the storage hook that keeps every index current on each write,
remove, expiry and truncate.
"""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..values import GeoJSON
from . import geo, geo_cells
from .codes import OpError

if TYPE_CHECKING:
    from .storage import Namespace, Record

KTYPES = ("numeric", "string", "blob", "geo2dsphere")
ITYPES = ("default", "list", "mapkeys", "mapvalues")
MAX_INDEXES = 256  # per namespace (MAX_N_SINDEXES)
MAX_KEY_BYTES = 2048  # a longer string or blob bin is not indexed (MAX_STRING_KSIZE)
BURST = 100  # entries a query takes from the tree at a time (MAX_QUERY_BURST)

Entry = tuple[int, Any, bytes]
"""What a lookup yields: (partition id, key, digest)."""


@dataclass(frozen=True, slots=True)
class IndexDef:
    """What an index is on. ``ctx`` is the packed CDT context and ``exp`` the compiled
    expression, each as the base64 text the create command carried (the server compares them
    as text); ``bin`` is None for an expression index, ``set`` None for the whole namespace."""

    ns: str
    set: str | None
    bin: str | None
    ktype: str
    itype: str = "default"
    ctx: str | None = None
    exp: str | None = None


def partition_of(digest: bytes) -> int:
    return (digest[0] | digest[1] << 8) & 0xFFF


_MISSING: Any = object()


def _expression_value(exp: bytes, rec: Record, digest: bytes) -> Any:
    """An expression index's value for a record (``_MISSING`` when it has none: unknown, or an
    expression that cannot run), evaluated as of now."""
    from .exp import UNK, build, evaluate  # here: exp imports storage, which imports this

    try:
        value = evaluate(build(exp), rec, digest, time.time())
    except OpError:
        return _MISSING
    return _MISSING if value is UNK else value


def _is_list(v: Any) -> bool:
    return isinstance(v, (list, tuple))


class Index:
    """One secondary index: its definition and its entries."""

    def __init__(
        self, name: str, definition: IndexDef, ctx: list[tuple[int, Any]] | None = None,
        exp: bytes | None = None,
    ) -> None:
        self.name = name
        self.definition = definition
        self.ctx = ctx
        self.exp = exp
        self.lock = threading.Lock()
        self.by_record: dict[bytes, tuple[Any, ...]] = {}
        self.entries: dict[Any, dict[int, list[bytes]]] = {}
        self.keys: list[Any] = []  # sorted distinct keys (numeric and geo: ranges)
        self.n_entries = 0
        self.ranged = definition.ktype in ("numeric", "geo2dsphere")

    # -- what a record is indexed under -----------------------------------------------------

    def keys_of(self, rec: Record, digest: bytes) -> tuple[Any, ...]:
        """The distinct keys a record is indexed under (empty: not indexed)."""
        d = self.definition
        if self.exp is not None:
            value = _expression_value(self.exp, rec, digest)
        else:
            value = rec.get(d.bin, _MISSING)  # type: ignore[arg-type]
        if value is _MISSING:
            return ()
        if self.ctx is not None:
            if not (_is_list(value) or isinstance(value, dict)):
                return ()
            from .ops import cdt_context  # here: ops imports storage, which imports this

            try:
                value = cdt_context.find(value, self.ctx)
            except OpError:
                return ()
        if d.itype == "default":
            return self._scalar(value, simple=True)
        if d.itype == "list":
            items: Any = value if _is_list(value) else None
        elif not isinstance(value, dict):
            items = None
        else:
            items = value.keys() if d.itype == "mapkeys" else value.values()
        if items is None:
            return ()
        out: list[Any] = []
        for item in items:
            out.extend(self._scalar(item, simple=False))
        return tuple(dict.fromkeys(out))

    def _scalar(self, v: Any, simple: bool) -> tuple[Any, ...]:
        kt = self.definition.ktype
        t = type(v)
        if kt == "numeric":
            return (v,) if t is int else ()
        if kt == "string":
            if t is not str or (simple and len(v.encode(errors="surrogatepass")) > MAX_KEY_BYTES):
                return ()
            return (v,)
        if kt == "blob":
            return (v,) if t is bytes and not (simple and len(v) > MAX_KEY_BYTES) else ()
        return tuple(dict.fromkeys(geo_cells.index_cells(v))) if t is GeoJSON else ()

    # -- upkeep -----------------------------------------------------------------------------

    def update(self, digest: bytes, new: Record | None) -> None:
        """Index ``new`` (None: the record is gone) in place of what the digest had."""
        keys = self.keys_of(new, digest) if new is not None else ()
        with self.lock:
            old = self.by_record.get(digest, ())
            if old == keys:
                return
            pid = partition_of(digest)
            for k in old:
                if k not in keys:
                    self._remove(k, pid, digest)
            for k in keys:
                if k not in old:
                    self._add(k, pid, digest)
            if keys:
                self.by_record[digest] = keys
            else:
                self.by_record.pop(digest, None)

    def _add(self, key: Any, pid: int, digest: bytes) -> None:
        parts = self.entries.get(key)
        if parts is None:
            parts = self.entries[key] = {}
            if self.ranged:
                bisect.insort(self.keys, key)
        digests = parts.get(pid)
        if digests is None:
            parts[pid] = [digest]
        else:
            bisect.insort(digests, digest)
        self.n_entries += 1

    def _remove(self, key: Any, pid: int, digest: bytes) -> None:
        parts = self.entries[key]
        digests = parts[pid]
        del digests[bisect.bisect_left(digests, digest)]
        self.n_entries -= 1
        if not digests:
            del parts[pid]
            if not parts:
                del self.entries[key]
                if self.ranged:
                    del self.keys[bisect.bisect_left(self.keys, key)]

    def clear(self) -> None:
        with self.lock:
            self.by_record.clear()
            self.entries.clear()
            self.keys.clear()
            self.n_entries = 0

    # -- lookups ----------------------------------------------------------------------------

    def equal(self, value: Any, partitions: Collection[int] | None = None) -> Iterator[Entry]:
        """Records indexed under ``value`` (an int, str or bytes of the index's type)."""
        kt = self.definition.ktype
        ok = {"numeric": int, "string": str, "blob": bytes}.get(kt)
        if ok is None or type(value) is not ok:
            return iter(())
        return self._walk([(value, value)], partitions, dedup=False)

    def between(self, low: int, high: int, partitions: Collection[int] | None = None) -> Iterator[Entry]:
        """Records indexed under a number in [low, high] (numeric indexes)."""
        if self.definition.ktype != "numeric":
            return iter(())
        return self._walk([(low, high)], partitions, dedup=self.definition.itype != "default")

    def geo(self, shape: geo.Shape, partitions: Collection[int] | None = None) -> Iterator[Entry]:
        """Candidates of a geo query (``geo.query_shape``): records indexed under a cell in one
        of the query's ranges. The caller tests each with ``geo.query_matches``."""
        if self.definition.ktype != "geo2dsphere":
            return iter(())
        ranges = geo_cells.query_ranges(shape)
        return self._walk(ranges, partitions, dedup=self.definition.itype != "default")

    def _walk(
        self, ranges: list[tuple[Any, Any]], partitions: Collection[int] | None, dedup: bool
    ) -> Iterator[Entry]:
        # Gather what matches (proportional to it), grouped by partition; then yield in order.
        found: dict[int, list[tuple[int, Any, tuple[bytes, ...]]]] = {}
        with self.lock:
            for r, (low, high) in enumerate(ranges):
                if self.ranged:
                    lo = bisect.bisect_left(self.keys, low)
                    hi = bisect.bisect_right(self.keys, high)
                    keys = self.keys[lo:hi]
                else:
                    keys = [low] if low in self.entries else []
                for key in keys:
                    for pid, digests in self.entries[key].items():
                        if partitions is None or pid in partitions:
                            found.setdefault(pid, []).append((r, key, tuple(digests)))
        return self._emit(found, dedup)

    @staticmethod
    def _emit(
        found: dict[int, list[tuple[int, Any, tuple[bytes, ...]]]], dedup: bool
    ) -> Iterator[Entry]:
        for pid in sorted(found):
            groups = found[pid]
            groups.sort(key=lambda g: (g[0], g[1]))
            walk = -1
            taken = 0
            seen: set[bytes] = set()
            for r, key, digests in groups:
                if r != walk:  # each range is a walk of its own
                    walk, taken, seen = r, 0, set()
                for d in digests:
                    if not dedup:
                        yield pid, key, d
                        continue
                    if d not in seen:
                        seen.add(d)
                        yield pid, key, d
                    taken += 1
                    if taken == BURST:
                        taken, seen = 0, set()


class Sindexes:
    """A namespace's secondary indexes, in the server's slot order (a new index takes the
    lowest free slot), and the storage hook that keeps them current."""

    def __init__(self, ns: Namespace) -> None:
        self.ns = ns
        self.slots: list[Index | None] = []
        self._lock = threading.Lock()
        self._live: tuple[Index, ...] = ()

    def __iter__(self) -> Iterator[Index]:
        return iter(self._live)

    def __len__(self) -> int:
        return len(self._live)

    def by_name(self, name: str) -> Index | None:
        for ix in self._live:
            if ix.name == name:
                return ix
        return None

    def by_definition(self, definition: IndexDef) -> Index | None:
        for ix in self._live:
            if ix.definition == definition:
                return ix
        return None

    def for_set(self, set_name: str) -> int:
        """How many indexes are on this set (``sets/...``'s sindexes)."""
        return sum(1 for ix in self._live if ix.definition.set == set_name)

    def add(self, ix: Index) -> None:
        """Add an index and build it over the namespace's records (writes made meanwhile reach
        it through the hook, under the same partition locks)."""
        with self._lock:
            for i, slot in enumerate(self.slots):
                if slot is None:
                    self.slots[i] = ix
                    break
            else:
                self.slots.append(ix)
            self._refresh()
        want = ix.definition.set
        for part in self.ns.live_partitions():
            with part.lock:
                for digest, rec in part.records.items():
                    if want is None or rec.set_name == want:
                        ix.update(digest, rec)

    def rename(self, ix: Index, name: str) -> None:
        ix.name = name

    def drop(self, ix: Index) -> None:
        with self._lock:
            self.slots[self.slots.index(ix)] = None
            self._refresh()
        ix.clear()

    def _refresh(self) -> None:
        self._live = tuple(ix for ix in self.slots if ix is not None)
        hooks = self.ns.hooks
        if self._live and self.on_change not in hooks:
            hooks.append(self.on_change)
        elif not self._live and self.on_change in hooks:
            hooks.remove(self.on_change)

    def on_change(self, digest: bytes, old: Record | None, new: Record | None) -> None:
        """The storage hook: a record was written (new), or removed, expired or truncated."""
        rec = new if new is not None else old
        if rec is None:
            return
        set_name = rec.set_name
        for ix in self._live:
            want = ix.definition.set
            if want is None or want == set_name:
                ix.update(digest, new)
