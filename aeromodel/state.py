"""Per-instance storage state and dirty tracking: the bins as last seen in the record, and the
operations that turn them into the instance's current bins (changed bins written; changed keys of
a stored map as map operations)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from . import client as aerospike
from .codecs import copy_tree
from .dialect import Dialect

_WRITE = aerospike.OPERATOR_WRITE
_CONTAINERS = (list, dict)
_NO_COPIERS: Mapping[str, Callable[[Any], Any]] = {}


@dataclass(frozen=True)
class RecordMeta:
    """Where an instance is stored and what the server last said about it. ``generation`` and
    ``ttl`` are None for an instance never loaded or saved."""

    key: tuple[Any, ...] | None
    generation: int | None
    ttl: int | None

    @property
    def loaded(self) -> bool:
        return self.generation is not None


class State:
    """Per-instance storage state (kept in a slot, outside pydantic's fields)."""

    __slots__ = ("bins", "extra", "gen", "key", "pending", "ttl")

    def __init__(self, key: Any, gen: Any, ttl: Any, bins: Any, extra: Any,
                 pending: dict[str, Any] | None = None) -> None:
        self.key = key
        self.pending = pending  # bins a lazy schema upgrade still has to write (versioning.py)
        self.gen = gen
        self.ttl = ttl
        self.bins = bins  # the stored bins as last seen: what dirty tracking compares against
        self.extra = extra


def changes(new: dict[str, Any], old: dict[str, Any], d: Dialect) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The operations (map operations built with dialect ``d``'s helpers) turning the stored bins
    ``old`` into ``new``, and the bins they change."""
    return dirty(tuple((b, b, None) for b in new), new, old, d)


def dirty(
    plan: tuple[tuple[str, str, Callable[[Any], Any] | None], ...],
    values: dict[str, Any],
    old: dict[str, Any],
    d: Dialect,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """``changes`` for an instance's field ``values`` encoded by ``plan`` ((field, bin, encoder or
    None) per stored field), in one pass."""
    ops: list[dict[str, Any]] = []
    changed: dict[str, Any] = {}
    get = old.get
    for name, b, encode in plan:
        v = values[name]
        was = get(b)
        if encode is None:
            if v is was:
                # the object last seen (a scalar: stored containers are never the fields' own)
                continue
        elif v is not None:
            v = encode(v)
        if v == was and type(v) is type(was):
            continue
        changed[b] = v
        if type(v) is dict and type(was) is dict and was:
            ops.extend(map_diff(b, was, v, d))
        else:
            ops.append({"op": _WRITE, "bin": b, "val": v})
    return ops, changed


def map_diff(b: str, old: dict[Any, Any], new: dict[Any, Any], d: Dialect) -> list[dict[str, Any]]:
    changed = {k: v for k, v in new.items() if k not in old or type(old[k]) is not type(v) or old[k] != v}
    removed = [k for k in old if k not in new]
    ops = []
    if removed:
        ops.append(d.mo.map_remove_by_key_list(b, removed, aerospike.MAP_RETURN_NONE))
    if changed:
        ops.append(d.mo.map_put_items(b, changed))
    return ops


def remember(state: State, written: dict[str, Any], fresh: bool,
             copiers: Mapping[str, Callable[[Any], Any]] = _NO_COPIERS) -> None:
    """Record ``written`` as stored: over the bins last seen, or in their place when ``fresh``
    (containers copied, so that later in-place changes of the instance show as changes:
    ``copiers`` names the shallow copy of a bin holding a container of scalars, others are
    copied as trees)."""
    # the last-seen bins are the state's own (a load's caller-owned dict, or an earlier snap)
    snap = {} if fresh or state.bins is None else state.bins
    for b, v in written.items():
        if v is None:
            snap.pop(b, None)
        elif type(v) not in _CONTAINERS:
            snap[b] = v
        else:
            snap[b] = copiers.get(b, copy_tree)(v)
    state.bins = snap
