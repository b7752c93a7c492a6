"""Expiry, as the server's nsup does it: an index of void times, and a background sweep.

The index is a heap of (void time, digest), soonest first, pushed on every write that gives a
record a new void time. Entries go stale when a record is rewritten or removed; they are skipped
when popped, and the heap is compacted when stale entries come to dominate it, so a sweep costs
what expired rather than a walk of every record. The sweeping thread sleeps in real time and asks
its engine to sweep what has expired on the engine's own clock (which tests may drive by hand).
"""

from __future__ import annotations

import heapq
import threading
import weakref
from collections.abc import Callable
from typing import Protocol

MIN_COMPACT = 1024
POLL_SECONDS = 1.0  # how often the thread looks: nsup-period is a whole number of seconds


class ExpiryIndex:
    """Void times of records that expire, soonest first."""

    __slots__ = ("_compact_at", "_heap", "_is_live", "_lock")

    def __init__(self, is_live: Callable[[int, bytes], bool]) -> None:
        self._heap: list[tuple[int, bytes]] = []
        self._lock = threading.Lock()
        self._is_live = is_live  # does the stored record of this digest still have this void time?
        self._compact_at = MIN_COMPACT

    def __len__(self) -> int:
        return len(self._heap)

    def push(self, void_time: int, digest: bytes) -> None:
        """Note that the record of ``digest`` now expires at ``void_time``."""
        with self._lock:
            heapq.heappush(self._heap, (void_time, digest))
            if len(self._heap) > self._compact_at:
                self._compact()

    def due(self, now: int) -> list[tuple[int, bytes]]:
        """Take out every entry whose void time is before ``now`` (some may be stale)."""
        heap = self._heap
        out: list[tuple[int, bytes]] = []
        with self._lock:
            while heap and heap[0][0] < now:
                out.append(heapq.heappop(heap))
        return out

    def _compact(self) -> None:
        """Drop stale and repeated entries (the lock is held)."""
        live = self._is_live
        self._heap = [e for e in set(self._heap) if live(*e)]
        heapq.heapify(self._heap)
        self._compact_at = max(MIN_COMPACT, 2 * len(self._heap))

    def reinit_lock(self) -> None:
        """A fresh lock (in a forked child)."""
        self._lock = threading.Lock()


class Sweeps(Protocol):
    """What the thread drives: an engine's nsup()."""

    def nsup(self, force: bool = False) -> int:
        """Sweep the namespaces whose sweep is due; how many records went."""
        ...


class NsupThread:
    """A daemon thread that asks an engine to sweep every POLL_SECONDS of real time.

    It holds the engine only by a weak reference, so it never keeps a dropped engine alive; it
    ends when the engine is gone or stop() is called.
    """

    def __init__(self, engine: Sweeps, name: str, interval: float | None = None) -> None:
        self._engine = weakref.ref(engine)
        self._stop = threading.Event()
        self.interval = POLL_SECONDS if interval is None else interval
        self.thread = threading.Thread(target=self._run, name=f"nsup-{name}", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            engine = self._engine()
            if engine is None:
                return
            engine.nsup()
            del engine

    def stop(self) -> None:
        """Ask the thread to end (it ends within one interval)."""
        self._stop.set()

    def is_alive(self) -> bool:
        return self.thread.is_alive()
