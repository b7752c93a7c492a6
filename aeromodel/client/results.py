"""Typed results: named tuples that unpack exactly like the classic tuples.

``key, meta, bins = client.get(k)`` and ``rec.bins`` / ``rec.meta.gen`` both work. The metadata is a
dict (as in the classic API: ``meta["gen"]``) that also answers ``meta.gen`` and ``meta.ttl``.
"""

from __future__ import annotations

from typing import Any, NamedTuple


class AerospikeKey(NamedTuple):
    """A key tuple: (namespace, set, user key or None, digest)."""

    namespace: str
    set_name: str | None
    user_key: Any
    digest: bytearray | None


class RecordMetadata(dict[str, Any]):
    """Record metadata ``{'gen': ..., 'ttl': ...}``, also readable as ``meta.gen`` / ``meta.ttl``."""

    __slots__ = ()

    @property
    def gen(self) -> int:
        """The record's generation."""
        return int(self["gen"])

    @property
    def ttl(self) -> int:
        """Seconds until the record expires (4294967295: never)."""
        return int(self["ttl"])

    def __reduce__(self) -> tuple[Any, ...]:
        return (RecordMetadata, (dict(self),))


def metadata(gen: int, ttl: int) -> RecordMetadata:
    """Build record metadata."""
    return RecordMetadata({"ttl": ttl, "gen": gen})


class Record(NamedTuple):
    """A record tuple: (key, meta, bins)."""

    key: Any
    meta: RecordMetadata | None
    bins: dict[str, Any] | None


class ExistsResult(NamedTuple):
    """The answer of exists(): (key, meta); meta is None when the record does not exist."""

    key: Any
    meta: RecordMetadata | None


class BinTuple(NamedTuple):
    """One (bin name, value) pair of an ordered operate result."""

    name: str
    value: Any


class OperateOrderedResult(NamedTuple):
    """The answer of operate_ordered(): (key, meta, [(bin, value), ...])."""

    key: Any
    meta: RecordMetadata | None
    ordered_bins: list[BinTuple]


class InfoNodeResult(NamedTuple):
    """One node's answer to an info request."""

    node_name: str
    error_code: int
    response: str
