"""Namespace and set statistics, added up from the partitions' counters.

Each partition keeps its own counters under its own lock (so writers never share one); a total is
a sum over at most 4,096 partitions, whatever the number of records.
"""

from __future__ import annotations

from typing import NamedTuple

from .storage import Namespace


class Totals(NamedTuple):
    """A namespace's (or a set's) counts: objects, those that never expire, and data used in
    bytes (each record rounded up to 16 bytes, as the server allocates)."""

    objects: int
    non_expirable: int
    data_used_bytes: int


def namespace_totals(ns: Namespace) -> Totals:
    """The namespace's counts."""
    objects = never = used = 0
    for part in ns.live_partitions():
        objects += part.objects
        never += part.never
        used += part.used
    return Totals(objects, never, used)


def set_totals(ns: Namespace) -> dict[str, tuple[int, int]]:
    """Objects and data used per set, for every set ever written (in the order first written)."""
    totals = dict.fromkeys(list(ns.sets), (0, 0))
    for part in ns.live_partitions():
        with part.lock:  # a write may be adding a set to this partition
            counts = [(name, c[0], c[1]) for name, c in part.sets.items()]
        for name, objects, used in counts:
            o, u = totals.get(name, (0, 0))
            totals[name] = (o + objects, u + used)
    return totals
