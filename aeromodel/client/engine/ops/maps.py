"""Map operations (the server's particle_map.c), registered by their server op codes.

A stored map keeps its entries in key order: a FlatMap or dict when unordered, a KeyOrderedDict
when key-ordered, a FlaggedMap for the other flags (key-value-ordered, or any order with a
persisted index). Unordered maps are kept in key order too, as an 8.1 server keeps them (every map
operation answers in key order). A map's flags are set when the operation creating it asks
(``map_order`` and ``persist_index`` of the policy), and changed only by set-type
(``map_set_policy`` / ``map_create``). A persisted index exists only on a bin's top-level map
(``cdt.py`` drops the flag from nested maps, as the server does); the server then takes its
key-ordered paths for every order, and its value-index paths for a key-value-ordered map.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Callable, Iterable
from typing import Any, Final

from ... import op_codes as O
from ...ordering import sort_key
from ...values import IMMUTABLE, FlaggedMap, FlatMap, KeyOrderedDict
from .. import intake
from ..codes import (
    ERR_ELEMENT_EXISTS,
    ERR_ELEMENT_NOT_FOUND,
    ERR_INCOMPATIBLE,
    OpError,
    invalid,
    not_applicable,
)
from . import map_select as sel
from .cdt_registry import UNCHANGED, cdt_modify, cdt_read
from .map_select import View

# Map flags (AS_PACKED_MAP_FLAG_*) and write flags (AS_CDT_MAP_*).
K_ORDERED: Final = 1
KV_ORDERED: Final = 3
PERSIST_INDEX: Final = 0x10
VALID_FLAGS: Final = KV_ORDERED | PERSIST_INDEX
NO_OVERWRITE: Final = 1
NO_CREATE: Final = 2
NO_FAIL: Final = 4
DO_PARTIAL: Final = 8

INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1


# -- the stored map -----------------------------------------------------------------------------


def _map_of(value: Any, name: str) -> Any:
    """The stored map, or BinIncompatibleType (12) for a bin of another type."""
    if not isinstance(value, dict):
        raise OpError(
            ERR_INCOMPATIBLE,
            f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: {name} needs a map bin, not a "
            f"{type(value).__name__}",
        )
    return value


def has_value_index(flags: int, n: int) -> bool:
    """Whether the server holds a value order index for a map: a persisted one (key-value
    ordered, more than one entry)."""
    return flags & (PERSIST_INDEX | 2) == PERSIST_INDEX | 2 and n > 1


def flags_of(value: Any) -> int:
    """The stored map's order flags."""
    if type(value) is KeyOrderedDict:
        return K_ORDERED
    if type(value) is FlaggedMap:
        return value.flags
    return 0


def build(items: Iterable[tuple[Any, Any]], flags: int) -> Any:
    """A stored map of stored entries (already in key order) with the given order flags."""
    if flags == K_ORDERED:
        return KeyOrderedDict(items)
    if flags:
        return FlaggedMap(items, flags)
    d = dict(items)
    if all(type(v) in IMMUTABLE for v in d.values()):
        return FlatMap(d)
    return d


def create_flags(flags: int) -> int:
    """The flags a map created by a put, add or increment gets (invalid flags: unordered). As
    the server's empty maps by flags, an unordered one never starts with a persisted index."""
    if flags & ~VALID_FLAGS or not flags & KV_ORDERED:
        return 0
    return flags


def _int(arg: Any, what: str) -> int:
    if type(arg) is not int:
        raise invalid(f"{what} must be an integer")
    return arg


def _args(args: tuple[Any, ...], need: int, extra: int, name: str) -> tuple[Any, ...]:
    """The arguments padded with None to need + extra. OpError (4) for a wrong count."""
    if not need <= len(args) <= need + extra:
        raise invalid(f"{name} takes {need} to {need + extra} arguments, not {len(args)}")
    return args + (None,) * (need + extra - len(args))


def _key(key: Any) -> Any:
    """A wire map key as stored (int, str or bytes); OpError (4) for any other."""
    t = type(key)
    if t is int or t is str or t is bytes:
        return intake.stored(key)
    raise invalid(f"a map key of type {t.__name__} (map keys are int, str or bytes)")


# -- put, add, replace -------------------------------------------------------------------------


class _Control:
    __slots__ = ("create", "no_fail", "overwrite", "partial")

    def __init__(self, modify: int) -> None:
        self.overwrite = not modify & NO_OVERWRITE
        self.create = not modify & NO_CREATE
        self.no_fail = bool(modify & NO_FAIL)
        self.partial = bool(modify & DO_PARTIAL)


def _start(value: Any, flags: Any, name: str) -> tuple[Any, int]:
    """(the current map or an empty one, its flags) for a write that may create the map."""
    if value is None:
        f = create_flags(_int(flags, "map flags") if flags is not None else 0)
        return {}, f
    current = _map_of(value, name)
    if flags is not None:
        _int(flags, "map flags")
    return current, flags_of(current)


def _unchanged(value: Any, current: Any, flags: int) -> Any:
    """What a write that changed nothing stores: nothing new, or an empty map it created."""
    return UNCHANGED if value is not None else build(list(current.items()), flags)


def _put_one(
    value: Any, key: Any, val: Any, flags: Any, control: _Control, name: str
) -> tuple[Any, Any]:
    current, f = _start(value, flags, name)
    k = _key(key)
    v = intake.stored(val)
    items = list(current.items())
    view_keys = [sort_key(x) for x, _ in items]
    sk = sort_key(k)
    i = bisect_left(view_keys, sk)
    found = i < len(items) and view_keys[i] == sk
    if found and not control.overwrite:
        if control.no_fail:
            return _unchanged(value, current, f), len(items)
        raise OpError(ERR_ELEMENT_EXISTS, f"AEROSPIKE_ERR_ELEMENT_EXISTS: {name}: key exists")
    if not found and not control.create:
        if control.no_fail:
            return _unchanged(value, current, f), len(items)
        raise OpError(
            ERR_ELEMENT_NOT_FOUND, f"AEROSPIKE_ERR_ELEMENT_NOT_FOUND: {name}: no such key"
        )
    if found:
        items[i] = (k, v)
    else:
        items.insert(i, (k, v))
    return build(items, f), len(items)


def _put_items(
    value: Any, entries: Any, flags: Any, control: _Control, name: str
) -> tuple[Any, Any]:
    if not isinstance(entries, dict):
        raise invalid(f"{name} needs a map of items")
    current, f = _start(value, flags, name)
    new = intake.stored({_key(k): v for k, v in entries.items()})
    n = len(current)
    if not new:
        return _unchanged(value, current, f), n
    merged = dict(current)
    if n == 0 and not control.create:
        # As the server: on an empty map, update-only fails, or with no-fail does nothing, or
        # with no-fail and partial writes every item.
        if not control.no_fail:
            raise OpError(
                ERR_ELEMENT_NOT_FOUND, f"AEROSPIKE_ERR_ELEMENT_NOT_FOUND: {name}: no such key"
            )
        if not control.partial:
            return _unchanged(value, current, f), n
        merged.update(new)
    else:
        for k, v in new.items():
            found = k in merged
            if (found and not control.overwrite) or (not found and not control.create):
                if control.no_fail:
                    if control.partial:
                        continue
                    return _unchanged(value, current, f), n
                if found:
                    raise OpError(
                        ERR_ELEMENT_EXISTS, f"AEROSPIKE_ERR_ELEMENT_EXISTS: {name}: key exists"
                    )
                raise OpError(
                    ERR_ELEMENT_NOT_FOUND, f"AEROSPIKE_ERR_ELEMENT_NOT_FOUND: {name}: no such key"
                )
            merged[k] = v
    items = sorted(merged.items(), key=lambda kv: sort_key(kv[0]))
    return build(items, f), len(items)


@cdt_modify(O.MAP_SET_TYPE, "map_set_type")
def set_type(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    """Set the map's order (creating an empty map on a missing bin). 26 for unknown flags."""
    (flags,) = _args(args, 1, 0, "map_set_type")
    flags = _int(flags, "map flags")
    if flags < 0 or flags & ~VALID_FLAGS:
        raise not_applicable(f"map flags {flags:#x} are not valid")
    current = {} if value is None else _map_of(value, "map_set_type")
    return build(list(current.items()), flags), None


@cdt_modify(O.MAP_ADD, "map_add")
def add(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    key, val, flags = _args(args, 2, 1, "map_add")
    return _put_one(value, key, val, flags, _Control(NO_OVERWRITE), "map_add")


@cdt_modify(O.MAP_ADD_ITEMS, "map_add_items")
def add_items(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    items, flags = _args(args, 1, 1, "map_add_items")
    return _put_items(value, items, flags, _Control(NO_OVERWRITE), "map_add_items")


@cdt_modify(O.MAP_PUT, "map_put")
def put(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    key, val, flags, modify = _args(args, 2, 2, "map_put")
    control = _Control(0 if modify is None else _int(modify, "map write flags"))
    return _put_one(value, key, val, flags, control, "map_put")


@cdt_modify(O.MAP_PUT_ITEMS, "map_put_items")
def put_items(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    items, flags, modify = _args(args, 1, 2, "map_put_items")
    control = _Control(0 if modify is None else _int(modify, "map write flags"))
    return _put_items(value, items, flags, control, "map_put_items")


@cdt_modify(O.MAP_REPLACE, "map_replace")
def replace(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    key, val = _args(args, 2, 0, "map_replace")
    return _put_one(value, key, val, None, _Control(NO_CREATE), "map_replace")


@cdt_modify(O.MAP_REPLACE_ITEMS, "map_replace_items")
def replace_items(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    (items,) = _args(args, 1, 0, "map_replace_items")
    if value is None:
        raise OpError(
            ERR_ELEMENT_NOT_FOUND, "AEROSPIKE_ERR_ELEMENT_NOT_FOUND: map_replace_items: no map"
        )
    return _put_items(value, items, None, _Control(NO_CREATE), "map_replace_items")


# -- increment ----------------------------------------------------------------------------------


def _wrap(n: int) -> int:
    return (n - INT64_MIN) % (1 << 64) + INT64_MIN


def _incremented(current: Any, delta: Any, negate: bool) -> Any:
    """The server's cdt_calc_delta: an int grows by an int (a float delta cut to an int), a float
    by a float; a missing entry starts at 0 of the delta's type. OpError (4) otherwise."""
    td = type(delta)
    if delta is None:
        delta = 1
    elif td is not int and td is not float:
        raise invalid("an increment must be an integer or a float")
    if negate:
        delta = -delta
    tc = type(current)
    if current is None:
        return delta if type(delta) is float else _wrap(delta)
    if tc is int:
        if type(delta) is float:
            if not math.isfinite(delta) or abs(delta) >= 2.0**63:
                raise invalid("a float increment of an integer must fit 64 bits")
            delta = int(delta)
        return _wrap(current + delta)
    if tc is float:
        return current + float(delta)
    raise invalid(f"cannot increment a map value of type {tc.__name__}")


def _increment(value: Any, args: tuple[Any, ...], negate: bool, name: str) -> tuple[Any, Any]:
    key, delta, flags = _args(args, 1, 2, name)
    current, f = _start(value, flags, name)
    k = _key(key)
    found = current.get(k) if k in current else None
    if k in current and type(found) is not int and type(found) is not float:
        raise invalid(f"cannot increment a map value of type {type(found).__name__}")
    new = _incremented(found, delta, negate)
    return _with(current, k, new, f), new


def _with(current: Any, k: Any, v: Any, flags: int) -> Any:
    """The map with k set to v (replaced in place, or inserted in key order)."""
    if k in current:
        d = dict(current)
        d[k] = v  # keeps its place
        return build(d.items(), flags)
    items = list(current.items())
    keys = [sort_key(x) for x, _ in items]
    items.insert(bisect_left(keys, sort_key(k)), (k, v))
    return build(items, flags)


@cdt_modify(O.MAP_INCREMENT, "map_increment")
def increment(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _increment(value, args, False, "map_increment")


@cdt_modify(O.MAP_DECREMENT, "map_decrement")
def decrement(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _increment(value, args, True, "map_decrement")


@cdt_modify(O.MAP_CLEAR, "map_clear")
def clear(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    _args(args, 0, 0, "map_clear")
    if value is None:
        return UNCHANGED, None
    return build([], flags_of(_map_of(value, "map_clear"))), None


@cdt_read(O.MAP_SIZE, "map_size")
def size(value: Any, args: tuple[Any, ...]) -> Any:
    _args(args, 0, 0, "map_size")
    return len(_map_of(value, "map_size"))


# -- get and remove by key, value, index, rank and their ranges ---------------------------------

Selector = Callable[[View, tuple[Any, ...]], list[int]]


def _one_key(view: View, a: tuple[Any, ...]) -> list[int]:
    i = view.find_key(a[0])
    return [] if i < 0 else [i]


def _one_index(view: View, a: tuple[Any, ...]) -> list[int]:
    return [sel.single_index(_int(a[0], "an index"), view.n, "index")]


def _one_rank(view: View, a: tuple[Any, ...]) -> list[int]:
    return [view.order[sel.single_index(_int(a[0], "a rank"), view.n, "rank")]]


def _list_arg(arg: Any, what: str) -> Any:
    if not isinstance(arg, (list, tuple)):
        raise invalid(f"{what} must be a list")
    return arg


def _count(arg: Any) -> int:
    return sel.UINT64 - 1 if arg is None else _int(arg, "a count")


def _count_at(a: tuple[Any, ...], i: int) -> int:
    """The optional count at ``a[i]``: left out (an expression's ``...ToEnd``) is to the end."""
    return _count(a[i] if len(a) > i else None)


def _interval(fn: Callable[[View, Any, Any, bool], list[int]]) -> Selector:
    return lambda view, a: fn(view, a[0], a[1], len(a) < 2)


# code -> (name, modifies, multi, required args after the return type, optional, selector)
_SELECT: Final[dict[int, tuple[str, bool, bool, int, int, Selector]]] = {
    O.MAP_REMOVE_BY_KEY: ("map_remove_by_key", True, False, 1, 0, _one_key),
    O.MAP_REMOVE_BY_INDEX: ("map_remove_by_index", True, False, 1, 0, _one_index),
    O.MAP_REMOVE_BY_VALUE: ("map_remove_by_value", True, True, 1, 0, lambda v, a: sel.by_value(v, a[0])),
    O.MAP_REMOVE_BY_RANK: ("map_remove_by_rank", True, False, 1, 0, _one_rank),
    O.MAP_REMOVE_BY_KEY_LIST: (
        "map_remove_by_key_list",
        True,
        True,
        1,
        0,
        lambda v, a: sel.by_key_list(v, _list_arg(a[0], "a key list")),
    ),
    O.MAP_REMOVE_ALL_BY_VALUE: (
        "map_remove_all_by_value",
        True,
        True,
        1,
        0,
        lambda v, a: sel.by_value(v, a[0]),
    ),
    O.MAP_REMOVE_BY_VALUE_LIST: (
        "map_remove_by_value_list",
        True,
        True,
        1,
        0,
        lambda v, a: sel.by_value_list(v, _list_arg(a[0], "a value list")),
    ),
    O.MAP_REMOVE_BY_KEY_INTERVAL: ("map_remove_by_key_range", True, True, 1, 1, _interval(sel.by_key_interval)),
    O.MAP_REMOVE_BY_INDEX_RANGE: (
        "map_remove_by_index_range",
        True,
        True,
        1,
        1,
        lambda v, a: sel.by_index_range(v, _int(a[0], "an index"), _count_at(a, 1)),
    ),
    O.MAP_REMOVE_BY_VALUE_INTERVAL: ("map_remove_by_value_range", True, True, 1, 1, _interval(sel.by_value_interval)),
    O.MAP_REMOVE_BY_RANK_RANGE: (
        "map_remove_by_rank_range",
        True,
        True,
        1,
        1,
        lambda v, a: sel.by_rank_range(v, _int(a[0], "a rank"), _count_at(a, 1)),
    ),
    O.MAP_REMOVE_BY_KEY_REL_INDEX_RANGE: (
        "map_remove_by_key_rel_index_range",
        True,
        True,
        2,
        1,
        lambda v, a: sel.by_key_rel_index(v, a[0], _int(a[1], "an index"), _opt(a, 2)),
    ),
    O.MAP_REMOVE_BY_VALUE_REL_RANK_RANGE: (
        "map_remove_by_value_rel_rank_range",
        True,
        True,
        2,
        1,
        lambda v, a: sel.by_value_rel_rank(v, a[0], _int(a[1], "a rank"), _opt(a, 2)),
    ),
    O.MAP_GET_BY_KEY: ("map_get_by_key", False, False, 1, 0, _one_key),
    O.MAP_GET_BY_INDEX: ("map_get_by_index", False, False, 1, 0, _one_index),
    O.MAP_GET_BY_VALUE: (
        "map_get_by_value",
        False,
        True,
        1,
        0,
        lambda v, a: sel.by_value(v, a[0]),
    ),
    O.MAP_GET_BY_RANK: ("map_get_by_rank", False, False, 1, 0, _one_rank),
    O.MAP_GET_ALL_BY_VALUE: (
        "map_get_all_by_value",
        False,
        True,
        1,
        0,
        lambda v, a: sel.by_value(v, a[0]),
    ),
    O.MAP_GET_BY_KEY_INTERVAL: ("map_get_by_key_range", False, True, 1, 1, _interval(sel.by_key_interval)),
    O.MAP_GET_BY_INDEX_RANGE: (
        "map_get_by_index_range",
        False,
        True,
        1,
        1,
        lambda v, a: sel.by_index_range(v, _int(a[0], "an index"), _count_at(a, 1)),
    ),
    O.MAP_GET_BY_VALUE_INTERVAL: ("map_get_by_value_range", False, True, 1, 1, _interval(sel.by_value_interval)),
    O.MAP_GET_BY_RANK_RANGE: (
        "map_get_by_rank_range",
        False,
        True,
        1,
        1,
        lambda v, a: sel.by_rank_range(v, _int(a[0], "a rank"), _count_at(a, 1)),
    ),
    O.MAP_GET_BY_KEY_LIST: (
        "map_get_by_key_list",
        False,
        True,
        1,
        0,
        lambda v, a: sel.by_key_list(v, _list_arg(a[0], "a key list")),
    ),
    O.MAP_GET_BY_VALUE_LIST: (
        "map_get_by_value_list",
        False,
        True,
        1,
        0,
        lambda v, a: sel.by_value_list(v, _list_arg(a[0], "a value list")),
    ),
    O.MAP_GET_BY_KEY_REL_INDEX_RANGE: (
        "map_get_by_key_rel_index_range",
        False,
        True,
        2,
        1,
        lambda v, a: sel.by_key_rel_index(v, a[0], _int(a[1], "an index"), _opt(a, 2)),
    ),
    O.MAP_GET_BY_VALUE_REL_RANK_RANGE: (
        "map_get_by_value_rel_rank_range",
        False,
        True,
        2,
        1,
        lambda v, a: sel.by_value_rel_rank(v, a[0], _int(a[1], "a rank"), _opt(a, 2)),
    ),
}


def _opt(a: tuple[Any, ...], i: int) -> int | None:
    return None if len(a) <= i else _int(a[i], "a count")


def _select(
    value: Any,
    args: tuple[Any, ...],
    name: str,
    multi: bool,
    need: int,
    extra: int,
    selector: Selector,
) -> tuple[Any, list[int], Any]:
    """(the map, the kept entries' indexes' complement: the selected indexes, the answer)."""
    current = _map_of(value, name)
    if not need + 1 <= len(args) <= need + 1 + extra:
        raise invalid(f"{name} takes {need + 1} to {need + 1 + extra} arguments, not {len(args)}")
    rt, inverted = sel.return_type(args[0])
    if name.endswith("_key_list") and rt in (sel.RANK, sel.REVERSE_RANK):
        raise not_applicable(f"{name} cannot answer ranks")  # as the server
    view = View(current)
    flags = flags_of(current)
    ordered = flags != 0  # the server's is_k_ordered: any flag, persisted index included
    resolver = _RESOLVE.get(name)
    if multi and resolver is not None:
        if has_value_index(flags, view.n):
            resolver = _RESOLVE_INDEXED.get(name, resolver)
        picked, result = resolver(view, args[1:], rt, inverted, ordered)
        return current, picked, result
    picked = selector(view, args[1:])
    if inverted:
        picked = sel.invert(view, picked, "value" in name or "rank" in name)
        multi = True
    return current, picked, sel.answer(view, rt, picked, multi, ordered)


# -- multi-entry answers in the server's order (see map_select's paths) -------------------------

Resolver = Callable[[View, tuple[Any, ...], int, bool, bool], "sel.Resolved"]


def _r_index(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    start, cnt = sel.index_range(_int(a[0], "an index"), _count_at(a, 1), view.n)
    return sel.index_path(view, rt, start, cnt, inv, ko)


def _r_rel_index(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    found = bisect_left(view.key_sks, sel._sk(a[0]))
    start, cnt = sel.rel_range(found, _int(a[1], "an index"), _opt(a, 2), view.n)
    return sel.index_path(view, rt, start, cnt, inv, ko)


def _r_rank(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    start, cnt = sel.index_range(_int(a[0], "a rank"), _count_at(a, 1), view.n)
    return sel.rank_path(view, rt, start, cnt, inv)


def _values_below(view: View, value: Any) -> int:
    target = sel._sk(value)
    return sum(1 for v in view.values if sort_key(v) < target)


def _r_rel_rank(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    found = _values_below(view, a[0])
    start, cnt = sel.rel_range(found, _int(a[1], "a rank"), _opt(a, 2), view.n)
    return sel.rank_path(view, rt, start, cnt, inv)


def _r_value(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    matched = sorted(sel.by_value(view, a[0]))
    return sel.value_path(view, rt, matched, _values_below(view, a[0]), inv)


def _r_value_range(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    matched = sorted(sel.by_value_interval(view, a[0], a[1] if len(a) > 1 else None, len(a) < 2))
    return sel.value_path(view, rt, matched, _values_below(view, a[0]), inv)


def _r_key_range(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    chosen = sel.by_key_interval(view, a[0], a[1] if len(a) > 1 else None, len(a) < 2)
    start = bisect_left(view.key_sks, sel._sk(a[0]))
    if ko:
        return sel.index_path(view, rt, start, len(chosen), inv, True)
    return sel.key_range_unordered(view, rt, start, len(chosen), inv)


def _r_empty_list(view: View, rt: int, inv: bool) -> sel.Resolved:
    if inv:
        return sel._all(view, rt)
    return [], sel.answer(view, rt, [], True)


def _r_key_list(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    keys = list(_list_arg(a[0], "a key list"))
    if not keys:
        return _r_empty_list(view, rt, inv)
    return sel.key_list_path(view, rt, keys, inv, ko)


def _r_value_list(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    values = list(_list_arg(a[0], "a value list"))
    if not values:
        return _r_empty_list(view, rt, inv)
    if view.n <= 1:  # the server's order index of 0 or 1 entries is always valid
        return sel.value_list_indexed(view, rt, values, inv)
    return sel.value_list_path(view, rt, values, inv)


def _r_value_list_indexed(
    view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool
) -> sel.Resolved:
    values = list(_list_arg(a[0], "a value list"))
    if not values:
        return _r_empty_list(view, rt, inv)
    return sel.value_list_indexed(view, rt, values, inv)


def _r_value_indexed(view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool) -> sel.Resolved:
    below = _values_below(view, a[0])
    count = len(sel.by_value(view, a[0]))
    return sel.value_path_indexed(view, rt, below, count, inv)


def _r_value_range_indexed(
    view: View, a: tuple[Any, ...], rt: int, inv: bool, ko: bool
) -> sel.Resolved:
    below = _values_below(view, a[0])
    count = len(sel.by_value_interval(view, a[0], a[1] if len(a) > 1 else None, len(a) < 2))
    return sel.value_path_indexed(view, rt, below, count, inv)


_RESOLVE: Final[dict[str, Resolver]] = {}
for _kind in ("get", "remove"):
    _RESOLVE[f"map_{_kind}_by_index_range"] = _r_index
    _RESOLVE[f"map_{_kind}_by_key_rel_index_range"] = _r_rel_index
    _RESOLVE[f"map_{_kind}_by_rank_range"] = _r_rank
    _RESOLVE[f"map_{_kind}_by_value_rel_rank_range"] = _r_rel_rank
    _RESOLVE[f"map_{_kind}_by_value"] = _r_value
    _RESOLVE[f"map_{_kind}_all_by_value"] = _r_value
    _RESOLVE[f"map_{_kind}_by_value_range"] = _r_value_range
    _RESOLVE[f"map_{_kind}_by_key_range"] = _r_key_range
    _RESOLVE[f"map_{_kind}_by_key_list"] = _r_key_list
    _RESOLVE[f"map_{_kind}_by_value_list"] = _r_value_list

# A map with a persisted value order index (key-value-ordered): the server's indexed paths.
_RESOLVE_INDEXED: Final[dict[str, Resolver]] = {}
for _kind in ("get", "remove"):
    _RESOLVE_INDEXED[f"map_{_kind}_by_value"] = _r_value_indexed
    _RESOLVE_INDEXED[f"map_{_kind}_all_by_value"] = _r_value_indexed
    _RESOLVE_INDEXED[f"map_{_kind}_by_value_range"] = _r_value_range_indexed
    _RESOLVE_INDEXED[f"map_{_kind}_by_value_list"] = _r_value_list_indexed


def _register(code: int, spec: tuple[str, bool, bool, int, int, Selector]) -> None:
    name, modifies, multi, need, extra, selector = spec
    if modifies:

        def remove(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
            if value is None:
                return UNCHANGED, None
            current, picked, result = _select(value, args, name, multi, need, extra, selector)
            if not picked:
                return UNCHANGED, result
            gone = set(picked)
            items = [kv for i, kv in enumerate(current.items()) if i not in gone]
            return build(items, flags_of(current)), result

        cdt_modify(code, name)(remove)
    else:

        def get(value: Any, args: tuple[Any, ...]) -> Any:
            return _select(value, args, name, multi, need, extra, selector)[2]

        cdt_read(code, name)(get)


for _code, _spec in _SELECT.items():
    _register(_code, _spec)
