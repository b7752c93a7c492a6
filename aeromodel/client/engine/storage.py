"""Record storage: namespaces, their settings, and the records they hold.

Stored records are never changed after they are stored (a write stores a new record), so a reader
may hand one out after releasing the namespace lock.
"""

from __future__ import annotations

import threading
from typing import Any

from ..values import FlatBins

DEFAULT_MAX_RECORD_SIZE = 1024 * 1024
LIMIT_MAX_RECORD_SIZE = 8 * 1024 * 1024
MAX_TTL = 10 * 365 * 24 * 3600  # max-ttl: ten years, the server's ceiling


class Record(dict[str, Any]):
    """One stored record: its bins (the dict itself) and its metadata.

    A record is never changed once stored: a write stores a new Record in its place, so a reader
    holding one sees a consistent snapshot without the lock. ``lut`` is the last-update time in
    seconds (a float: cheaper to keep than an int of milliseconds).
    """

    __slots__ = ("gen", "ident", "lut", "size", "void_time")

    gen: int
    size: int  # an upper bound of the flat size, in 16-byte blocks (as the server's rblocks)
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

    def identify(self, set_name: str | None, key: Any) -> None:
        """Set the record's set and stored key."""
        self.ident = set_name if key is None else (set_name, key)


class FlatRecord(Record, FlatBins):
    """A record whose bins are all immutable scalars: a reader copies it with dict() alone."""

    __slots__ = ()


class Namespace:
    """A namespace: its settings and its records keyed by digest."""

    def __init__(
        self,
        name: str,
        default_ttl: int = 0,
        max_record_size: int = DEFAULT_MAX_RECORD_SIZE,
        nsup_period: int = 1,
        allow_ttl_without_nsup: bool = False,
    ) -> None:
        self.name = name
        self.default_ttl = default_ttl
        self.max_record_size = max_record_size
        self.nsup_period = nsup_period
        self.allow_ttl_without_nsup = allow_ttl_without_nsup
        self.records: dict[bytes, Record] = {}
        self.lock = threading.Lock()
        # Truncation cuts in milliseconds: whole namespace, and per set.
        self.truncate_lut = 0
        self.set_truncate_lut: dict[str, int] = {}
        # Sets ever written (a set exists on a server once a record has been written to it).
        self.sets: dict[str, None] = {}

    def expire(self, now: int) -> int:
        """Drop every expired record; returns how many went."""
        dead = [d for d, r in self.records.items() if r.void_time and r.void_time < now]
        for d in dead:
            del self.records[d]
        return len(dead)
