"""List operations (the server's ``particle_list.c``), as pure functions of a stored list.

A stored list is a tuple (all items immutable), a list, or an ``OrderedList`` (kept in the value
order of ``ordering.sort_key``). Selections follow the server: index and rank ranges are normalized
as ``calc_index_count`` does, rank ranges pick their elements with the server's partial heap (which
decides the order of VALUE results and which of equal values is taken), value intervals are
``[begin, end)`` with no end meaning "to the largest value".
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any, Final

from ... import op_codes as O
from ...ordering import sort_key
from ...values import IMMUTABLE, IndexedList, IndexedOrderedList, OrderedList
from .. import intake
from .. import messages as m
from ..codes import (
    ERR_ELEMENT_EXISTS,
    ERR_INCOMPATIBLE,
    ERR_TOO_BIG,
    OpError,
    invalid,
    not_applicable,
)
from ..config import LIMIT_MAX_RECORD_SIZE
from .cdt_registry import EMPTY_IF_NEW, UNCHANGED, cdt_modify, cdt_read
from .registry import NO_RESULT

INT64_MAX: Final = 2**63 - 1
INT32_MAX: Final = 2**31 - 1
UINT32_MAX: Final = 2**32 - 1
UINT64_MASK: Final = 2**64 - 1

# Return types (the server's result types for lists) and the inverted flag.
RT_NONE, RT_INDEX, RT_REVINDEX, RT_RANK, RT_REVRANK, RT_COUNT, RT_VALUE, RT_EXISTS = (
    0, 1, 2, 3, 4, 5, 7, 13,
)
INVERTED: Final = 0x10000
_RETURN_TYPES: Final = frozenset({0, 1, 2, 3, 4, 5, 7, 13})

# Write flags of list policies.
ADD_UNIQUE: Final = 1
INSERT_BOUNDED: Final = 2
NO_FAIL: Final = 4
PARTIAL: Final = 8

ORDERED_FLAG: Final = 1
PERSIST_INDEX: Final = 0x10
SORT_DESCENDING: Final = 1
SORT_DROP_DUPLICATES: Final = 2

_NO_END: Final = object()  # a value interval without an end: up to the largest value
_NIL_END: Final = object()  # an interval whose end is given as nil: nil is the lowest value


def check_padding(n: int, index: int, count: int) -> None:
    """Refuse, before any nil is made, a list of ``n`` items padded up to ``index`` for ``count``
    new items: 4 when the end passes 2**31-1 (the server's overflow check), 13 when the nils alone
    (a byte each) are more than the largest record a namespace may allow."""
    if index + count >= INT32_MAX:
        raise invalid(f"list index {index} + count {count} overflows")
    if index - n > LIMIT_MAX_RECORD_SIZE:
        raise OpError(ERR_TOO_BIG, f"{m.TOO_BIG}: {index - n} nils of padding")


def _exists() -> OpError:
    return OpError(ERR_ELEMENT_EXISTS, "AEROSPIKE_ERR_ELEMENT_EXISTS: the value is in the list")


# -- stored lists ----------------------------------------------------------------------------


def is_list(value: Any) -> bool:
    """True for a stored list of any kind."""
    t = type(value)
    return t is tuple or t is list or t is OrderedList


def make(items: Sequence[Any], ordered: bool) -> Any:
    """The stored list of ``items`` (stored values)."""
    if ordered:
        return OrderedList(items)
    for v in items:
        if type(v) not in IMMUTABLE:
            return list(items)
    return tuple(items)


def is_indexed(value: Any) -> bool:
    """True for a bin's top-level list stored with a persisted index (flag 0x10)."""
    t = type(value)
    return t is IndexedList or t is IndexedOrderedList


def unindexed(value: Any) -> Any:
    """The plain stored list of a list with a persisted index (any other value unchanged): what
    list operations, contexts and expressions work on."""
    t = type(value)
    if t is IndexedList:
        return make(value, False)
    if t is IndexedOrderedList:
        return OrderedList(value)
    return value


def indexed(value: Any) -> Any:
    """A plain stored list given a persisted index (a bin's top-level list only)."""
    if type(value) is OrderedList:
        return IndexedOrderedList(value)
    return IndexedList(value)


def result_list(items: Sequence[Any]) -> Any:
    """A list result (a tuple when every item is immutable, as stored lists are)."""
    return make(items, False)


def _items(value: Any, name: str) -> list[Any]:
    if not is_list(value):
        raise OpError(ERR_INCOMPATIBLE, f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: {name} needs a list")
    return list(value)


def _key(v: Any) -> Any:
    try:
        return sort_key(v)
    except TypeError:
        raise invalid("a value of a type the server cannot order") from None


def _keys(items: list[Any]) -> list[Any]:
    """The sort keys of a list's items (one C loop)."""
    try:
        return list(map(sort_key, items))
    except TypeError:
        raise invalid("a value of a type the server cannot order") from None


def _new_value(v: Any) -> Any:
    """A wire value as stored (refusing what cannot be stored: wildcard, infinity...)."""
    return intake.stored(v)


def _insert_sorted(items: list[Any], v: Any) -> None:
    """Insert after every item not greater than v (the server's ordered add)."""
    k = _key(v)
    lo, hi = 0, len(items)
    while lo < hi:
        mid = (lo + hi) // 2
        if k < _key(items[mid]):
            hi = mid
        else:
            lo = mid + 1
    items.insert(lo, v)


# -- arguments -------------------------------------------------------------------------------


def _params(args: tuple[Any, ...], name: str, kinds: str, required: int) -> list[Any]:
    """The op's arguments checked: ``i`` a signed int64, ``u`` an unsigned int64 (a count or
    flags), ``v`` any value. Missing optional ones are None. OpError 4 otherwise."""
    if not required <= len(args) <= len(kinds):
        raise invalid(f"{name}: {len(args)} arguments (expects {required} to {len(kinds)})")
    out: list[Any] = []
    for kind, a in zip(kinds, args):
        if kind == "v":
            out.append(a)
            continue
        if type(a) is not int:
            raise invalid(f"{name}: an integer argument, not {type(a).__name__}")
        if kind == "u":
            a &= UINT64_MASK  # the server reads it as unsigned
        elif not -(2**63) <= a <= INT64_MAX:
            a = ((a + 2**63) & UINT64_MASK) - 2**63
        out.append(a)
    out.extend([None] * (len(kinds) - len(args)))
    return out


def _return_type(rt: int, multi: bool) -> tuple[int, bool]:
    base = rt & ~INVERTED & 0xFFFFFFFF
    inverted = bool(rt & INVERTED)
    if base not in _RETURN_TYPES:
        raise not_applicable(f"return type {rt} is not a list return type")
    if inverted and not multi:
        raise not_applicable("INVERTED is not supported for single result ops")
    return base, inverted


# -- index and rank arithmetic (cdt.c) ---------------------------------------------------------


def _calc_index(index: int, n: int) -> int:
    return n + index if index < 0 else index


def index_count(index: int, count: int, n: int, multi: bool) -> tuple[int, int]:
    """(start, count) of an index (or rank) range; OpError 26 for a single element out of range."""
    if multi:
        if index >= n:
            return n, 0
        index = _calc_index(index, n)
        if index < 0:
            return 0, (min(count + index, n) if -index < count else 0)
        return index, min(count, n - index)
    if index >= n or _calc_index(index, n) < 0:
        raise not_applicable(f"index {index} out of bounds for {n} elements")
    index = _calc_index(index, n)
    return index, min(count, n - index)


def _rel_index_count(index: int, count: int, rel: int) -> tuple[int, int]:
    index += rel
    if index < 0:
        count = count + index if count > -index else 0
        index = 0
    return index, count


def _heap_select(keys: list[Any], start: int, count: int) -> list[int]:
    """The indexes of ranks ``start .. start + count - 1``, in the order the server's partial
    heap leaves them (descending ranks when the range is nearer the bottom, else ascending).

    Without equal values that order is the rank order (or its reverse), so one sort in C gives
    it; equal values need the heap itself, which decides which of them is taken."""
    n = len(keys)
    try:
        distinct = len(set(keys)) == n
    except TypeError:  # a key that cannot be hashed: take the heap's way
        distinct = False
    if distinct:
        chosen = sorted(range(n), key=keys.__getitem__)[start:start + count]
        return chosen[::-1] if start <= n - start - count else chosen
    return _partial_heap(keys, start, count)


def _partial_heap(keys: list[Any], start: int, count: int) -> list[int]:
    """_heap_select the server's way: its partial heap, step by step."""
    n = len(keys)
    tail = n - start - count
    less = start <= tail
    discard = start if less else tail

    def before(a: int, b: int) -> int:  # -1 / 0 / 1 as keys[a] is less / equal / greater
        ka, kb = keys[a], keys[b]
        return -1 if ka < kb else (1 if kb < ka else 0)

    want = -1 if less else 1
    heap = list(range(n))
    filled = n

    def heapify(i: int) -> None:
        while True:
            c1, c2 = 2 * i + 1, 2 * i + 2
            if c1 >= filled:
                return
            if c2 >= filled:
                c = c1
            else:
                cmp = before(heap[c1], heap[c2])
                c = c1 if cmp in (want, 0) else c2
            if before(heap[c], heap[i]) == want:
                heap[i], heap[c] = heap[c], heap[i]
                i = c
            else:
                return

    for i in range(filled // 2 - 1, -1, -1):
        heapify(i)
    end = n - 1
    for _ in range(count + discard):
        top = heap[0]
        filled -= 1
        heap[0] = heap[filled]
        heapify(0)
        heap[end] = top
        end -= 1
    return heap[filled:filled + count]


def stable_ranks(keys: list[Any]) -> list[int]:
    """Rank of each index: equal values ranked by index."""
    order = sorted(range(len(keys)), key=lambda i: keys[i])
    ranks = [0] * len(keys)
    for r, i in enumerate(order):
        ranks[i] = r
    return ranks


def _less_count(keys: list[Any], k: Any) -> int:
    return sum(1 for x in keys if x < k)


# -- results ---------------------------------------------------------------------------------


class Pick:
    """What a selection took: its indexes (VALUE results in this order), and how INDEX and RANK
    results are made: as contiguous ranges (a reverse type maps each range, keeping it
    ascending, as the server's ``cdt_container_builder_add_int_range``), or element by element."""

    __slots__ = ("count", "exists", "idxs", "index_ranges", "rank_ranges", "ranks")

    def __init__(
        self,
        idxs: list[int],
        index_ranges: list[tuple[int, int]] | None = None,
        rank_ranges: list[tuple[int, int]] | None = None,
        ranks: list[int] | None = None,
    ) -> None:
        self.idxs = idxs
        self.count = len(idxs)
        self.index_ranges = index_ranges
        self.rank_ranges = rank_ranges
        self.ranks = ranks
        self.exists = self.count != 0


def _inverted_pick(rest: list[int], ranges: list[tuple[int, int]], matched: int) -> Pick:
    """An inverted rank-range or value-interval pick. The server answers its EXISTS from the
    elements the range matched (true when none did), not from those it selected."""
    pick = Pick(rest, rank_ranges=ranges)
    pick.exists = matched == 0
    return pick


def _complement(start: int, count: int, n: int) -> list[tuple[int, int]]:
    return [(0, start), (start + count, n - start - count)]


def _from_ranges(ranges: list[tuple[int, int]], n: int, rev: bool) -> list[int]:
    out: list[int] = []
    for s, c in ranges:
        if rev:
            s = n - s - c
        out.extend(range(s, s + c))
    return out


def _result(
    items: list[Any], keys: list[Any], pick: Pick, rt: int, multi: bool, value_order: bool = False
) -> Any:
    n = len(items)
    idxs = pick.idxs
    if rt == RT_NONE:
        return NO_RESULT
    if rt == RT_COUNT:
        return pick.count
    if rt == RT_EXISTS:
        return pick.exists
    if rt in (RT_INDEX, RT_REVINDEX):
        rev = rt == RT_REVINDEX
        if not multi:
            if not idxs:
                return -1
            return n - idxs[0] - 1 if rev else idxs[0]
        if pick.index_ranges is not None:
            return result_list(_from_ranges(pick.index_ranges, n, rev))
        return result_list([n - i - 1 if rev else i for i in sorted(idxs)])
    if rt in (RT_RANK, RT_REVRANK):
        rev = rt == RT_REVRANK
        if pick.rank_ranges is not None:
            ranks = _from_ranges(pick.rank_ranges, n, rev)
        else:
            if pick.ranks is not None:
                plain = pick.ranks
            else:  # each element's rank: how many elements are less (equal values share it)
                plain = [_less_count(keys, keys[i]) for i in sorted(idxs)]
            ranks = [n - r - 1 if rev else r for r in plain]
        if not multi:
            return ranks[0] if ranks else -1
        return result_list(ranks)
    # RT_VALUE
    if not multi:
        return items[idxs[0]] if idxs else NO_RESULT
    order = idxs if value_order else sorted(idxs)
    return result_list([items[i] for i in order])


def _by_index(n: int, index: int, count: int, multi: bool, inverted: bool, ordered: bool) -> Pick:
    start, cnt = index_count(index, count, n, multi)
    if inverted:
        if cnt == 0:
            ranges = [(0, n)]
        elif start == 0:
            ranges = [(cnt, n - cnt)]
        elif start + cnt >= n:
            ranges = [(0, start)]
        else:
            ranges = _complement(start, cnt, n)
        idxs = [i for s, c in ranges for i in range(s, s + c)]
        whole = len(idxs) == n  # ranks of a whole list: 0 .. n-1
        return Pick(idxs, ranges, ranges if ordered or whole else None)
    ranges = [(start, cnt)]
    whole = cnt == n
    return Pick(list(range(start, start + cnt)), ranges, ranges if ordered or whole else None)


def _by_rank(
    keys: list[Any], ordered: bool, rank: int, count: int, multi: bool, inverted: bool
) -> tuple[Pick, bool]:
    """The pick and whether its VALUE results keep the pick's order."""
    n = len(keys)
    if ordered:
        return _by_index(n, rank, count, multi, inverted, True), False
    start, cnt = index_count(rank, count, n, multi)
    chosen = _heap_select(keys, start, cnt) if cnt else []
    if inverted:
        taken = set(chosen)
        rest = [i for i in range(n) if i not in taken]
        return _inverted_pick(rest, _complement(start, cnt, n), cnt), False
    return Pick(chosen, rank_ranges=[(start, cnt)]), True


def _in_interval(k: Any, begin: Any, end: Any) -> bool:
    if end is None:  # a single value
        return bool(k == begin)
    if not begin <= k:
        return False
    return end is _NO_END or bool(k < end)


def _by_value_interval(
    keys: list[Any], begin: Any, end: Any, inverted: bool, ordered: bool = False
) -> Pick:
    kb = _key(begin)
    ke = (
        None if end is None else _NO_END if end is _NO_END
        else _key(None) if end is _NIL_END else _key(end)
    )
    hit = [i for i, k in enumerate(keys) if _in_interval(k, kb, ke)]
    rank = _less_count(keys, kb)
    if ordered:  # the matches are one index range (the server's ordered-list path)
        return _by_index(len(keys), rank, len(hit), True, inverted, True)
    if inverted:
        taken = set(hit)
        rest = [i for i in range(len(keys)) if i not in taken]
        return _inverted_pick(rest, _complement(rank, len(hit), len(keys)), len(hit))
    return Pick(hit, rank_ranges=[(rank, len(hit))])


def _by_value_list(keys: list[Any], values: Any, inverted: bool) -> Pick:
    if not isinstance(values, (list, tuple)):
        raise invalid("a value list must be a list")
    wanted = [_key(v) for v in values]
    n = len(keys)
    if not wanted and inverted:  # everything, as the index range 0..n
        return _by_index(n, 0, n, True, False, False)
    hit = [i for i, k in enumerate(keys) if any(k == w for w in wanted)]
    if inverted:
        taken = set(hit)
        rest = [i for i in range(n) if i not in taken]
        all_ranks = stable_ranks(keys)
        hit_ranks = sorted(all_ranks[i] for i in hit)
        ranges: list[tuple[int, int]] = []
        prev = 0
        for r in hit_ranks:
            ranges.append((prev, r - prev))
            prev = r + 1
        ranges.append((prev, n - prev))
        return Pick(rest, rank_ranges=ranges)
    ranks: list[int] = []
    for w in wanted:
        c = sum(1 for k in keys if k == w)
        if c:
            r = _less_count(keys, w)
            ranks.extend(range(r, r + c))
    return Pick(hit, ranks=ranks)


# -- the operations ----------------------------------------------------------------------------

Select = Callable[[list[Any], list[Any], bool, list[Any], bool, bool], tuple[Pick, bool]]


def _selector(kind: str) -> tuple[str, int, Select]:
    """The argument kinds, required count and selection of a get/remove-by family."""

    def by_index(
        items: list[Any], keys: list[Any], ordered: bool, p: list[Any], multi: bool, inv: bool
    ) -> tuple[Pick, bool]:
        count = 1 if not multi else (UINT32_MAX if p[2] is None else p[2])
        return _by_index(len(items), p[1], count, multi, inv, ordered), False

    def by_rank(
        items: list[Any], keys: list[Any], ordered: bool, p: list[Any], multi: bool, inv: bool
    ) -> tuple[Pick, bool]:
        count = 1 if not multi else (UINT32_MAX if p[2] is None else p[2])
        return _by_rank(keys, ordered, p[1], count, multi, inv)

    def by_value(
        items: list[Any], keys: list[Any], ordered: bool, p: list[Any], multi: bool, inv: bool
    ) -> tuple[Pick, bool]:
        return _by_value_interval(keys, p[1], None, inv, ordered and multi), False

    def by_interval(
        items: list[Any], keys: list[Any], ordered: bool, p: list[Any], multi: bool, inv: bool
    ) -> tuple[Pick, bool]:
        return _by_value_interval(keys, p[1], _NO_END if p[2] is None else p[2], inv, ordered), False

    def by_value_list(
        items: list[Any], keys: list[Any], ordered: bool, p: list[Any], multi: bool, inv: bool
    ) -> tuple[Pick, bool]:
        return _by_value_list(keys, p[1], inv), False

    def by_rel_rank(
        items: list[Any], keys: list[Any], ordered: bool, p: list[Any], multi: bool, inv: bool
    ) -> tuple[Pick, bool]:
        rel = _less_count(keys, _key(p[1]))
        count = UINT32_MAX if p[3] is None else p[3]
        index, count = _rel_index_count(p[2], count, rel)
        return _by_rank(keys, ordered, index, count, True, inv)

    table: dict[str, tuple[str, int, Select]] = {
        "index": ("ui", 2, by_index),
        "index_range": ("uiu", 2, by_index),
        "rank": ("ui", 2, by_rank),
        "rank_range": ("uiu", 2, by_rank),
        "value": ("uv", 2, by_value),
        "value_list": ("uv", 2, by_value_list),
        "interval": ("uvv", 2, by_interval),
        "rel_rank": ("uviu", 3, by_rel_rank),
    }
    return table[kind]


def _select(
    value: Any, args: tuple[Any, ...], name: str, kind: str, multi: bool
) -> tuple[list[Any], Pick, Any, int]:
    """Items, pick, result and return type of a get/remove-by op."""
    items = _items(value, name)
    kinds, required, select = _selector(kind)
    p = _params(args, name, kinds, required)
    if kind == "interval" and len(args) > 2 and args[2] is None:
        p[2] = _NIL_END  # an end sent as nil is the nil value (an absent end: no end)
    rt, inverted = _return_type(p[0], multi)
    keys = _keys(items)
    pick, value_order = select(items, keys, type(value) is OrderedList, p, multi, inverted)
    return items, pick, _result(items, keys, pick, rt, multi, value_order), rt


def _register_by(read_code: int | None, modify_code: int, name: str, kind: str, multi: bool) -> None:
    if read_code is not None:

        def get(value: Any, args: tuple[Any, ...]) -> Any:
            return _select(value, args, f"list_get_by_{name}", kind, multi)[2]

        cdt_read(read_code, f"list_get_by_{name}")(get)

    def remove(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
        if value is None:
            return UNCHANGED, NO_RESULT
        items, pick, result, _rt = _select(value, args, f"list_remove_by_{name}", kind, multi)
        if not pick.idxs:
            return UNCHANGED, result
        taken = set(pick.idxs)
        kept = [v for i, v in enumerate(items) if i not in taken]
        return make(kept, type(value) is OrderedList), result

    cdt_modify(modify_code, f"list_remove_by_{name}")(remove)


_register_by(O.LIST_GET_BY_INDEX, O.LIST_REMOVE_BY_INDEX, "index", "index", False)
_register_by(O.LIST_GET_BY_VALUE, O.LIST_REMOVE_BY_VALUE, "value_single", "value", False)
_register_by(O.LIST_GET_BY_RANK, O.LIST_REMOVE_BY_RANK, "rank", "rank", False)
_register_by(O.LIST_GET_ALL_BY_VALUE, O.LIST_REMOVE_ALL_BY_VALUE, "value", "value", True)
_register_by(O.LIST_GET_ALL_BY_VALUE_LIST, O.LIST_REMOVE_ALL_BY_VALUE_LIST, "value_list", "value_list", True)
_register_by(O.LIST_GET_BY_INDEX_RANGE, O.LIST_REMOVE_BY_INDEX_RANGE, "index_range", "index_range", True)
_register_by(O.LIST_GET_BY_VALUE_INTERVAL, O.LIST_REMOVE_BY_VALUE_INTERVAL, "value_range", "interval", True)
_register_by(O.LIST_GET_BY_RANK_RANGE, O.LIST_REMOVE_BY_RANK_RANGE, "rank_range", "rank_range", True)
_register_by(O.LIST_GET_BY_VALUE_REL_RANK_RANGE, O.LIST_REMOVE_BY_VALUE_REL_RANK_RANGE, "value_rank_range_relative", "rel_rank", True)


@cdt_read(O.LIST_SIZE, "list_size")
def size(value: Any, args: tuple[Any, ...]) -> Any:
    _params(args, "list_size", "", 0)
    return len(_items(value, "list_size"))


@cdt_read(O.LIST_GET, "list_get")
def get(value: Any, args: tuple[Any, ...]) -> Any:
    items = _items(value, "list_get")
    (index,) = _params(args, "list_get", "i", 1)
    start, _ = index_count(index, 1, len(items), False)
    return items[start]


@cdt_read(O.LIST_GET_RANGE, "list_get_range")
def get_range(value: Any, args: tuple[Any, ...]) -> Any:
    items = _items(value, "list_get_range")
    index, count = _params(args, "list_get_range", "iu", 1)
    start, cnt = index_count(index, UINT32_MAX if count is None else count, len(items), True)
    return result_list(items[start:start + cnt])


def _start(value: Any, create_flags: int | None, name: str) -> list[Any]:
    """The items of the list an op modifies (a missing list is a new, empty one)."""
    if value is None:
        return []
    return _items(value, name)


def _ordered(value: Any, create_flags: int | None) -> bool:
    if value is None:
        return bool((create_flags or 0) & ORDERED_FLAG)
    return type(value) is OrderedList


def insert_items(
    items: list[Any], ordered: bool, index: int, new: list[Any], flags: int, pad: bool = True
) -> int | None:
    """Insert ``new`` (stored values) at ``index`` into ``items`` in place, as the server's
    packed_list_insert does. Answers the new size, or None when nothing was inserted and the
    op's answer is the old size (a no-op the write flags allow). Raises OpError."""
    n = len(items)
    if index > INT32_MAX or _calc_index(index, n) < 0:
        raise not_applicable(f"index {index} out of bounds for {n} elements")
    index = _calc_index(index, n)
    if flags & INSERT_BOUNDED and index > n:
        if flags & NO_FAIL:
            return None
        raise not_applicable(f"index {index} is past the end of the list (insert bounded)")
    if flags & ADD_UNIQUE:
        keys = _keys(items)
        adding: list[Any] = []
        added_keys: list[Any] = []
        for v in new:
            k = _key(v)
            if any(k == x for x in keys):
                if flags & PARTIAL:
                    continue
                if flags & NO_FAIL:
                    return None
                raise _exists()
            if any(k == x for x in added_keys):
                if not flags & NO_FAIL:
                    raise not_applicable("the values to add repeat a value (add unique)")
                if not flags & PARTIAL:
                    return None
                continue
            adding.append(v)
            added_keys.append(k)
        if not adding:
            if flags & NO_FAIL:
                return None
            raise _exists()
        new = adding
    if index > n:
        check_padding(n, index, len(new))
        items.extend([None] * (index - n))
    items[index:index] = new
    return len(items)


def _add_ordered(items: list[Any], new: list[Any], flags: int) -> int | None:
    """Add values to an ordered list (list_append on an ordered list)."""
    unique = bool(flags & ADD_UNIQUE)
    if unique:
        seen: list[Any] = []
        dedup: list[Any] = []
        for v in sorted(new, key=_key):
            k = _key(v)
            if seen and seen[-1] == k:
                if not flags & NO_FAIL:
                    raise not_applicable("the values to add repeat a value (add unique)")
                if not flags & PARTIAL:
                    return None
                continue
            seen.append(k)
            dedup.append(v)
        new = dedup
    keys = _keys(items)
    adding = []
    for v in sorted(new, key=_key):
        if unique and any(_key(v) == k for k in keys):
            if flags & PARTIAL:
                continue
            if flags & NO_FAIL:
                return None
            raise _exists()
        adding.append(v)
    for v in adding:
        _insert_sorted(items, v)
    return len(items)


def _new_items(v: Any, many: bool, name: str) -> list[Any]:
    """What an append or insert adds, as stored values: ``v``, or its items (``many``)."""
    if not many:
        return [_new_value(v)]
    if not isinstance(v, (list, tuple)):
        raise invalid(f"{name}: the items must be a list")
    return [_new_value(x) for x in v]


def _append(value: Any, args: tuple[Any, ...], name: str, many: bool) -> tuple[Any, Any]:
    v, create, flags = _params(args, name, "vuu", 1)
    flags = flags or 0
    new = _new_items(v, many, name)
    items = _start(value, create, name)
    ordered = _ordered(value, create)
    n = len(items)
    if many and not new:  # nothing to add: a new list is still made
        return (make(items, ordered) if value is None else UNCHANGED), n
    size = _add_ordered(items, new, flags) if ordered else insert_items(items, False, n, new, flags)
    if size is None:
        return _noop(value, items, ordered), n
    return make(items, ordered), size


@cdt_modify(O.LIST_APPEND, "list_append")
def append(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _append(value, args, "list_append", False)


@cdt_modify(O.LIST_APPEND_ITEMS, "list_append_items")
def append_items(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _append(value, args, "list_append_items", True)


def _insert(value: Any, args: tuple[Any, ...], name: str, many: bool) -> tuple[Any, Any]:
    index, v, flags = _params(args, name, "ivu", 2)
    flags = flags or 0
    new = _new_items(v, many, name)
    items = _start(value, None, name)
    if type(value) is OrderedList:
        raise not_applicable(f"{name} on an ordered list")
    n = len(items)
    if many and not new:  # nothing to add: a new list is still made
        return (make(items, False) if value is None else UNCHANGED), n
    size = insert_items(items, False, index, new, flags)
    if size is None:
        return _noop(value, items, False), n
    return make(items, False), size


@cdt_modify(O.LIST_INSERT, "list_insert")
def insert(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _insert(value, args, "list_insert", False)


@cdt_modify(O.LIST_INSERT_ITEMS, "list_insert_items")
def insert_items_op(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _insert(value, args, "list_insert_items", True)


def _set_at(items: list[Any], index: int, v: Any, flags: int) -> bool:
    """list_set on an unordered list, in place; False for a no-op the flags allow."""
    n = len(items)
    if index >= n:
        return insert_items(items, False, index, [v], flags) is not None
    if index > UINT32_MAX or _calc_index(index, n) < 0:
        raise not_applicable(f"index {index} out of bounds for {n} elements")
    index = _calc_index(index, n)
    if flags & ADD_UNIQUE:
        k = _key(v)
        dups = [i for i, x in enumerate(items) if _key(x) == k]
        if dups and (dups[0] != index or len(dups) > 1):
            if flags & NO_FAIL:
                return False
            raise _exists()
    items[index] = v
    return True


@cdt_modify(O.LIST_SET, "list_set")
def set_(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    index, v, flags = _params(args, "list_set", "ivu", 2)
    new = _new_value(v)
    items = _start(value, None, "list_set")
    if type(value) is OrderedList:
        raise not_applicable("list_set on an ordered list")
    if not _set_at(items, index, new, flags or 0):
        return _noop(value, items, False), NO_RESULT
    return make(items, False), NO_RESULT


def _noop(value: Any, items: list[Any], ordered: bool) -> Any:
    """The new value of an op its flags made a no-op."""
    return EMPTY_IF_NEW if value is None else UNCHANGED


def _number(v: Any) -> bool:
    return type(v) is int or type(v) is float


@cdt_modify(O.LIST_INCREMENT, "list_increment")
def increment(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    index, delta, create, flags = _params(args, "list_increment", "ivuu", 1)
    flags = flags or 0
    items = _start(value, create, "list_increment")
    ordered = _ordered(value, create)
    n = len(items)
    if index > INT32_MAX or _calc_index(index, n) < 0:
        raise not_applicable(f"index {index} out of bounds for {n} elements")
    index = _calc_index(index, n)
    if delta is None:
        delta = 1
    if not _number(delta):
        raise invalid("list_increment: the delta must be an integer or a float")
    current = items[index] if index < n else 0
    if not _number(current):
        raise invalid("list_increment: the element is not a number")
    if index >= n:
        new: Any = delta
    elif type(current) is float:
        new = current + float(delta)
    else:  # an integer element stays an integer (a float delta is truncated first)
        if type(delta) is float and not (math.isfinite(delta) and abs(delta) < 2.0**63):
            raise invalid("list_increment: a float delta of an integer must fit 64 bits")
        new = ((current + int(delta) + 2**63) & UINT64_MASK) - 2**63
    if ordered:  # at the end, the new value is added in its place (the server's replace)
        if index > n:
            raise not_applicable(f"index {index} out of bounds for an ordered list")
        if index < n:
            del items[index]
        _insert_sorted(items, new)
        return make(items, True), new
    if not _set_at(items, index, new, flags):
        return _noop(value, items, False), new
    return make(items, False), new


def _remove_range(value: Any, args: tuple[Any, ...], name: str, pop: bool, multi: bool) -> tuple[Any, Any]:
    if value is None:
        return UNCHANGED, NO_RESULT
    items = _items(value, name)
    if multi:
        index, count = _params(args, name, "iu", 1)
        count = UINT32_MAX if count is None else count
    else:
        (index,) = _params(args, name, "i", 1)
        count = 1
    start, cnt = index_count(index, count, len(items), multi)
    taken = items[start:start + cnt]
    if pop:
        result: Any = result_list(taken) if multi else (taken[0] if taken else NO_RESULT)
    else:
        result = cnt
    if not cnt:
        return UNCHANGED, result
    del items[start:start + cnt]
    return make(items, type(value) is OrderedList), result


@cdt_modify(O.LIST_POP, "list_pop")
def pop(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _remove_range(value, args, "list_pop", True, False)


@cdt_modify(O.LIST_POP_RANGE, "list_pop_range")
def pop_range(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _remove_range(value, args, "list_pop_range", True, True)


@cdt_modify(O.LIST_REMOVE, "list_remove")
def remove(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _remove_range(value, args, "list_remove", False, False)


@cdt_modify(O.LIST_REMOVE_RANGE, "list_remove_range")
def remove_range(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    return _remove_range(value, args, "list_remove_range", False, True)


@cdt_modify(O.LIST_TRIM, "list_trim")
def trim(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    if value is None:
        return UNCHANGED, NO_RESULT
    items = _items(value, "list_trim")
    index, count = _params(args, "list_trim", "iu", 1)
    count = UINT32_MAX if count is None else count
    n = len(items)
    start, cnt = index_count(index, count, n, True)
    kept = items[start:start + cnt]
    if len(kept) == n:
        return UNCHANGED, 0
    return make(kept, type(value) is OrderedList), n - len(kept)


@cdt_modify(O.LIST_CLEAR, "list_clear")
def clear(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    if value is None:
        return UNCHANGED, NO_RESULT
    _items(value, "list_clear")
    _params(args, "list_clear", "", 0)
    return make([], type(value) is OrderedList), NO_RESULT


@cdt_modify(O.LIST_SORT, "list_sort")
def sort(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    if value is None:
        raise OpError(ERR_INCOMPATIBLE, "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: list_sort needs a list")
    items = _items(value, "list_sort")
    (flags,) = _params(args, "list_sort", "u", 1)
    ordered = type(value) is OrderedList
    if len(items) <= 1:
        return UNCHANGED, NO_RESULT
    if flags & (SORT_DESCENDING | SORT_DROP_DUPLICATES) == SORT_DESCENDING | SORT_DROP_DUPLICATES:
        raise invalid("list_sort: descending with drop duplicates")
    if not ordered:
        items.sort(key=_key, reverse=bool(flags & SORT_DESCENDING))
    if flags & SORT_DROP_DUPLICATES:
        out: list[Any] = []
        for v in items:
            if not out or _key(out[-1]) != _key(v):
                out.append(v)
        items = out
    return make(items, ordered), NO_RESULT


def set_order(value: Any, flags: int) -> Any:
    """The list with its order flags set (list_set_order / list_create); UNCHANGED when equal."""
    if flags & ~(ORDERED_FLAG | PERSIST_INDEX):
        raise not_applicable(f"invalid list flags {flags:#x}")
    ordered = bool(flags & ORDERED_FLAG)
    if value is None:
        return make([], ordered)
    items = _items(value, "list_set_order")
    if ordered == (type(value) is OrderedList):
        return UNCHANGED
    if ordered:
        items.sort(key=_key)
    return make(items, ordered)


@cdt_modify(O.LIST_SET_TYPE, "list_set_order")
def set_type(value: Any, args: tuple[Any, ...]) -> tuple[Any, Any]:
    (flags,) = _params(args, "list_set_order", "u", 1)
    return set_order(value, flags), NO_RESULT
