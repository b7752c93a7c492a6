"""CDT contexts: finding the element a nested list or map operation works on, as the server's
``cdt_context_dig`` does, and rebuilding the containers above it once the operation changed it.

A context is the flat wire list ``[type, value, type, value, ...]``. Stored values are never
changed in place: a modify rebuilds every container on the path, and an ordered list above a changed
element moves that element to its new place in the value order (the server's unwind).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Final

from ... import op_codes as O
from ...ordering import sort_key
from ...values import IMMUTABLE, FlaggedMap, FlatMap, KeyOrderedDict, OrderedList
from .. import intake
from .. import messages as m
from ..codes import invalid, not_applicable
from . import lists

# Create flags of a context type (its low 6 bits are the type).
CREATE_MASK: Final = 0xC0
PERSIST_INDEX: Final = 0x100
LIST_CREATE_UNORDERED: Final = 0x40
LIST_CREATE_PAD: Final = 0x80
LIST_CREATE_ORDERED: Final = 0xC0
MAP_CREATE_KEY_ORDERED: Final = 0x80
MAP_CREATE_KV_ORDERED: Final = 0xC0
_READ_TYPES: Final = frozenset({
    O.CTX_LIST_INDEX, O.CTX_LIST_RANK, O.CTX_LIST_VALUE,
    O.CTX_MAP_INDEX, O.CTX_MAP_RANK, O.CTX_MAP_KEY, O.CTX_MAP_VALUE,
})

MakeMap = Callable[[list[tuple[Any, Any]], int], Any]
"""Builds a stored map from sorted entries and map create flags (0x40/0x80/0xC0)."""


def parse(ctx: Any) -> list[tuple[int, Any]]:
    """The (type, value) pairs of a wire context. OpError 4 when malformed, 26 for a type the
    server does not know."""
    if not isinstance(ctx, (list, tuple)) or not ctx or len(ctx) % 2:
        raise invalid("a CDT context must be a non-empty list of type/value pairs")
    out: list[tuple[int, Any]] = []
    for i in range(0, len(ctx), 2):
        t = ctx[i]
        if type(t) is not int or t < 0:
            raise invalid("a CDT context type must be an integer")
        base = t & 0x3F
        if base not in _READ_TYPES or (t & ~(0x3F | CREATE_MASK | PERSIST_INDEX)):
            raise not_applicable(f"invalid context type {t:#x}")
        if base in (O.CTX_LIST_INDEX, O.CTX_LIST_RANK, O.CTX_MAP_INDEX, O.CTX_MAP_RANK) and type(ctx[i + 1]) is not int:
            raise not_applicable("an index or rank context needs an integer")
        out.append((t, ctx[i + 1]))
    return out


def has_create(ctx: list[tuple[int, Any]]) -> bool:
    """True when any context entry carries create flags (not allowed in a read)."""
    return any(t & (CREATE_MASK | PERSIST_INDEX) for t, _ in ctx)


def _is_map(v: Any) -> bool:
    return isinstance(v, dict)


def _key(v: Any) -> Any:
    try:
        return sort_key(v)
    except TypeError:
        raise invalid("a context value of a type the server cannot order") from None


# -- one level ----------------------------------------------------------------------------------


def _list_pick(items: Any, t: int, v: Any) -> int | None:
    """Index of the element a list context entry selects, or None when there is none."""
    n = len(items)
    base = t & 0x3F
    if base == O.CTX_LIST_INDEX or (base == O.CTX_LIST_RANK and type(items) is OrderedList):
        if v >= n or lists._calc_index(v, n) < 0:
            return None
        return lists._calc_index(v, n)
    if base == O.CTX_LIST_RANK:
        if v >= n or lists._calc_index(v, n) < 0:
            return None
        keys = [_key(x) for x in items]
        return lists._heap_select(keys, lists._calc_index(v, n), 1)[0]
    if base == O.CTX_LIST_VALUE:
        k = _key(v)
        for i, x in enumerate(items):
            if _key(x) == k:
                return i
        return None
    raise not_applicable(f"context type {t:#x} on a list element")


def _map_pick(mp: Any, t: int, v: Any) -> Any:
    """Key of the entry a map context entry selects, or a missing-marker tuple."""
    keys = list(mp)
    n = len(keys)
    base = t & 0x3F
    if base == O.CTX_MAP_KEY:
        k = _key(v)
        for key in keys:
            if _key(key) == k:
                return key
        return _MISSING
    if base == O.CTX_MAP_INDEX:
        if v >= n or lists._calc_index(v, n) < 0:
            return _MISSING
        return keys[lists._calc_index(v, n)]
    if base == O.CTX_MAP_RANK:
        if v >= n or lists._calc_index(v, n) < 0:
            return _MISSING
        order = sorted(range(n), key=lambda i: _key(mp[keys[i]]))
        return keys[order[lists._calc_index(v, n)]]
    if base == O.CTX_MAP_VALUE:
        k = _key(v)
        for key in keys:
            if _key(mp[key]) == k:
                return key
        return _MISSING
    raise not_applicable(f"context type {t:#x} on a map element")


_MISSING: Final = object()


# -- reads ------------------------------------------------------------------------------------


def find(root: Any, ctx: list[tuple[int, Any]]) -> Any:
    """The element a context selects in ``root`` (a read: create flags find, never create).
    OpError 26 when a level is not a list or map of the kind the entry needs, or the element is
    not there."""
    cur = root
    for t, v in ctx:
        cur = _step(cur, t, v)
    return cur


def _step(cur: Any, t: int, v: Any) -> Any:
    if lists.is_list(cur):
        if t & 0x20:
            raise not_applicable("a map context entry on a list element")
        i = _list_pick(cur, t, v)
        if i is None:
            raise not_applicable("the context selects no list element")
        return cur[i]
    if _is_map(cur):
        if t & 0x10:
            raise not_applicable("a list context entry on a map element")
        key = _map_pick(cur, t, v)
        if key is _MISSING:
            raise not_applicable("the context selects no map entry")
        return cur[key]
    raise not_applicable("the context goes into a value that is not a list or map")


# -- modifies -----------------------------------------------------------------------------------


class Path:
    """Where a modify's element is: the containers from the bin down, the place in each, and the
    part of the context still to be created (when the element does not exist yet)."""

    __slots__ = ("create", "found", "leaf", "steps")

    def __init__(self) -> None:
        self.found = False  # the element exists (its value may be nil)
        self.steps: list[tuple[Any, Any]] = []  # (container, index or key) from the top
        self.leaf: Any = None  # the element, or None when it is to be created
        self.create: list[tuple[int, Any]] = []  # context entries whose containers are new


def dig(root: Any, ctx: list[tuple[int, Any]]) -> Path:
    """Follow a context for a modify. ``root`` is the bin's value (None when the bin is missing).
    Raises OpError (4 for a bin that is not a list or map, 26 for a missing element without
    create flags or a create the server cannot do)."""
    path = Path()
    if root is None:
        t0 = ctx[0][0]
        if not t0 & CREATE_MASK:
            raise not_applicable("the bin is empty and the context has no create flag")
        path.create = list(ctx)
        _check_new_chain(path.create, top=True)
        return path
    if not (lists.is_list(root) or _is_map(root)):
        raise invalid("a context needs a list or map bin")
    cur = root
    for pos, (t, v) in enumerate(ctx):
        if lists.is_list(cur):
            if t & 0x20:
                raise not_applicable("a map context entry on a list element")
            i = _list_pick(cur, t, v)
            if i is None:
                i = _list_create_at(cur, t, v)
                path.steps.append((cur, i))
                path.create = list(ctx[pos + 1:])
                _check_new_chain(path.create)
                return path
            path.steps.append((cur, i))
            cur = cur[i]
        elif _is_map(cur):
            if t & 0x10:
                raise not_applicable("a list context entry on a map element")
            key = _map_pick(cur, t, v)
            if key is _MISSING:
                if (t & 0x3F) != O.CTX_MAP_KEY or not t & CREATE_MASK:
                    raise not_applicable("the context selects no map entry")
                path.steps.append((cur, _NewKey(intake.stored(v))))
                path.create = list(ctx[pos + 1:])
                _check_new_chain(path.create)
                return path
            path.steps.append((cur, key))
            cur = cur[key]
        else:
            raise not_applicable("the context goes into a value that is not a list or map")
    path.leaf = cur
    path.found = True
    return path


class _NewKey:
    """A key to add to an existing map (a map_key_create context entry that found no entry)."""

    __slots__ = ("key",)

    def __init__(self, key: Any) -> None:
        self.key = key


class _NewIndex(int):
    """An index where a new element goes into an existing list (padding first)."""


def _list_create_at(items: Any, t: int, v: Any) -> int:
    """Where a list_index_create entry puts a missing element in an existing list."""
    n = len(items)
    if (t & 0x3F) != O.CTX_LIST_INDEX or not t & CREATE_MASK:
        raise not_applicable("the context selects no list element")
    create = t & CREATE_MASK
    if n == 0 and v == -1:
        return _NewIndex(0)
    if v == n:
        return _NewIndex(n)
    if type(items) is OrderedList:
        return _NewIndex(n)
    if create == LIST_CREATE_PAD and not t & PERSIST_INDEX:  # the server pads only for 0x80 exactly
        if v < 0:
            # A real 8.1.2 server crashes on this request; answer a clear error instead.
            raise not_applicable(
                f"list index {v} is before the start of a list of {n} elements: "
                "a padded list_index_create needs an index at or after the end"
            )
        lists.check_padding(n, v, 1)
        return _NewIndex(v)
    raise not_applicable(f"list index {v} out of bounds for {n} elements")


def _check_new_chain(entries: list[tuple[int, Any]], top: bool = False) -> None:
    """Each entry of a chain of new containers must be a list index or a map key; only the first
    of a bin's new top-level container (``top``) may ask for a persisted index (0x100)."""
    for i, (t, v) in enumerate(entries):
        base = t & 0x3F
        persist = bool(t & PERSIST_INDEX)
        if persist and not (top and i == 0):
            raise not_applicable("a persisted index (0x100) is only for a bin's top-level container")
        if base == O.CTX_MAP_KEY:
            continue
        if base != O.CTX_LIST_INDEX:
            raise not_applicable(f"context type {t:#x} cannot create an element")
        if persist:
            # A real 8.1.2 server crashes creating a bin's list with a persisted index from a
            # context (a size mismatch in cdt_context_create_new_particle_crnew): refused here.
            raise not_applicable(
                "a list created by a context cannot have a persisted index (0x100): "
                "create the list first, then list_create(..., persist_index=True)"
            )
        if type(v) is not int or v < -1:
            raise not_applicable(f"invalid context index {m.shown(v)} for a new list")
        create = t & CREATE_MASK
        if v > 0 and create in (0, LIST_CREATE_UNORDERED):
            raise not_applicable(f"invalid context index {v} for a new list")


def _new_container(t: int, v: Any, child: Any, make_map: MakeMap, top: bool) -> Any:
    """A new container (its type and flags from context entry ``t``) holding ``child``; a bin's
    new top-level map (``top``) keeps a persisted index when the entry asks (0x100)."""
    persist = top and bool(t & PERSIST_INDEX)
    if (t & 0x3F) == O.CTX_MAP_KEY:
        return make_map([(intake.stored(v), child)], t & CREATE_MASK | (PERSIST_INDEX if persist else 0))
    create = t & CREATE_MASK
    if create == LIST_CREATE_ORDERED:
        return lists.make([child], True)
    pad = v if (create == LIST_CREATE_PAD and v > 0) else 0
    if pad:
        lists.check_padding(0, pad, 1)
    return lists.make([None] * pad + [child], False)


def default_make_map(entries: list[tuple[Any, Any]], flags: int) -> Any:
    """A stored map of entries with the order of map create flags (0x40 unordered, 0x80
    key-ordered, 0xC0 key-value-ordered) and a persisted index when 0x100 is set."""
    entries = sorted(entries, key=lambda e: sort_key(e[0]))
    order = {MAP_CREATE_KEY_ORDERED: 1, MAP_CREATE_KV_ORDERED: 3}.get(flags & CREATE_MASK, 0)
    if flags & PERSIST_INDEX:
        order |= 0x10
    if order == 1:
        return KeyOrderedDict(entries)
    if order:
        return FlaggedMap(entries, order)
    if all(type(x) in IMMUTABLE for _, x in entries):
        return FlatMap(entries)
    return dict(entries)


def rebuild(path: Path, leaf: Any, make_map: MakeMap = default_make_map) -> Any:
    """The bin's new value once the element at ``path`` became ``leaf``."""
    value = leaf
    top = not path.steps
    for i in range(len(path.create) - 1, -1, -1):
        t, v = path.create[i]
        value = _new_container(t, v, value, make_map, top and i == 0)
    for container, where in reversed(path.steps):
        value = _replace(container, where, value, make_map)
    return value


def _replace(container: Any, where: Any, child: Any, make_map: MakeMap) -> Any:
    if lists.is_list(container):
        items = list(container)
        i = int(where)
        if isinstance(where, _NewIndex):
            if i > len(items):
                items.extend([None] * (i - len(items)))
            items.insert(i, child)
        else:
            items[i] = child
        if type(container) is OrderedList:
            del items[i]
            lists._insert_sorted(items, child)
            return lists.make(items, True)
        return lists.make(items, False)
    key = where.key if isinstance(where, _NewKey) else where
    if isinstance(where, _NewKey):
        entries = [*list(container.items()), (key, child)]
        entries.sort(key=lambda e: sort_key(e[0]))
    else:
        entries = [(k, child if k is key else x) for k, x in container.items()]
    t = type(container)
    if t is FlatMap or t is dict:
        if all(type(x) in IMMUTABLE for _, x in entries):
            return FlatMap(entries)
        return dict(entries)
    if t is FlaggedMap:
        return FlaggedMap(entries, container.flags)
    return t(entries)
