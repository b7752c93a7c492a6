"""Lazy schema upgrades: a model with ``schema_version = n`` and ``upgrade(bins, version)`` keeps
its version in a bin of each record; a record read at an older version is upgraded in memory, and
the next ``save()`` writes the upgrade back (the changed bins, bins the upgrade dropped removed,
the version bin), for sets too big to rewrite in a migration."""

from __future__ import annotations

from typing import Any

VERSION_BIN = "_schema"  # absent: version 1


def load(cls: Any, key: Any, meta: Any, bins: dict[str, Any], asked: Any) -> Any:
    """An instance of versioned model ``cls`` from a record, upgraded when it is older. Raises
    what ``upgrade`` raises, and ValidationError."""
    info = cls.__aeromodel__
    stored = bins.get(VERSION_BIN, 1)
    if stored >= info.schema_version:
        obj = cls._build(key, meta, bins, asked)
        obj._state().extra.pop(VERSION_BIN, None)
        return obj
    upgraded = dict(info.upgrade(dict(bins), stored))
    upgraded.pop(VERSION_BIN, None)
    obj = cls._build(key, meta, upgraded, asked)
    st = obj._state()
    st.bins = dict(bins)  # as stored: what dirty tracking compares the upgraded fields against
    st.pending = {b: None for b in bins if b not in upgraded and b != VERSION_BIN}
    st.pending[VERSION_BIN] = info.schema_version
    return obj


def stamp(info: Any, bins: dict[str, Any]) -> dict[str, Any]:
    """``bins`` of a new record, with the model's schema version when it has one."""
    if info.schema_version is not None:
        bins[VERSION_BIN] = info.schema_version
    return bins
