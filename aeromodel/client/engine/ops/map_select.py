"""Selecting map entries (by key, value, index, rank and their ranges) and shaping the answer a
return type asks for, as the server's particle_map.c does.

A map's entries are kept in key order (the server's order of keys), so an entry's index is its
position; its rank is its position in value order, ties broken by index. A selection is the list
of selected indexes in the order the server answers them; ``answer`` turns it into the result.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from typing import Any, Final

from ...ordering import sort_key
from ...values import KeyOrderedDict
from ..codes import invalid, not_applicable

# Return types (the server's result_type_t) and the inverted flag.
NONE: Final = 0
INDEX: Final = 1
REVERSE_INDEX: Final = 2
RANK: Final = 3
REVERSE_RANK: Final = 4
COUNT: Final = 5
KEY: Final = 6
VALUE: Final = 7
KEY_VALUE: Final = 8
INDEX_RANGE: Final = 9
REVERSE_INDEX_RANGE: Final = 10
RANK_RANGE: Final = 11
REVERSE_RANK_RANGE: Final = 12
EXISTS: Final = 13
UNORDERED_MAP: Final = 16
ORDERED_MAP: Final = 17
INVERTED: Final = 0x10000
RESULT_MASK: Final = 0xFFFF

_KNOWN: Final = frozenset({0, 1, 2, 3, 4, 5, 6, 7, 8, 13, 16, 17})
UINT64: Final = 1 << 64


class View:
    """A stored map's entries by index, with their value order worked out when first needed."""

    __slots__ = ("_order", "_rank", "_sks", "keys", "n", "values")

    def __init__(self, value: dict[Any, Any]) -> None:
        self.keys = list(value)
        self.values = list(value.values())
        self.n = len(self.keys)
        self._sks: list[Any] | None = None
        self._order: list[int] | None = None
        self._rank: list[int] | None = None

    @property
    def key_sks(self) -> list[Any]:
        """Sort keys of the keys, by index (ascending)."""
        if self._sks is None:
            self._sks = [sort_key(k) for k in self.keys]
        return self._sks

    @property
    def order(self) -> list[int]:
        """Indexes in rank order."""
        if self._order is None:
            vs = [sort_key(v) for v in self.values]
            self._order = sorted(range(self.n), key=lambda i: (vs[i], i))
        return self._order

    @property
    def rank(self) -> list[int]:
        """Rank of each index."""
        if self._rank is None:
            rank = [0] * self.n
            for r, i in enumerate(self.order):
                rank[i] = r
            self._rank = rank
        return self._rank

    def find_key(self, key: Any) -> int:
        """The index of the key, or -1."""
        i = bisect_left(self.key_sks, sort_key(key))
        return i if i < self.n and self.key_sks[i] == sort_key(key) else -1


def _sk(value: Any) -> Any:
    try:
        return sort_key(value)
    except TypeError:
        raise invalid(f"a value of type {type(value).__name__} cannot be compared") from None


# -- index arithmetic (the server's calc_index_count and calc_rel_index_count) -----------------


def index_range(index: int, count: int, n: int) -> tuple[int, int]:
    """(start, count) of a multi-element index or rank range, bounded by n; count is unsigned."""
    count %= UINT64
    if index >= n:
        return n, 0
    if index < 0:
        index += n
        if index < 0:
            if -index < count:
                return 0, min(count + index, n)
            return 0, 0
    return index, min(count, n - index)


def single_index(index: int, n: int, what: str) -> int:
    """A single index or rank; OpNotApplicable (26) when outside the map."""
    if index >= n or index + n < 0:
        raise not_applicable(f"{what} {index} is outside a map of {n} entries")
    return index + n if index < 0 else index


def rel_range(found: int, offset: int, count: int | None, n: int) -> tuple[int, int]:
    """(start, count) of a range relative to a found position (to the end without a count)."""
    cnt = UINT64 - 1 if count is None else count % UINT64
    start = found + offset
    if start < 0:
        cnt = cnt + start if cnt > -start else 0
        start = 0
    return index_range(start, cnt, n)


# -- selections: lists of indexes in the order the server answers them -------------------------


def by_index_range(view: View, index: int, count: int) -> list[int]:
    start, cnt = index_range(index, count, view.n)
    return list(range(start, start + cnt))


def by_rank_range(view: View, rank: int, count: int) -> list[int]:
    start, cnt = index_range(rank, count, view.n)
    return view.order[start : start + cnt]


def by_key_interval(view: View, start: Any, end: Any, to_end: bool) -> list[int]:
    lo, hi = _sk(start), (None if to_end else _sk(end))
    return [i for i, k in enumerate(view.key_sks) if lo <= k and (hi is None or k < hi)]


def by_value_interval(view: View, start: Any, end: Any, to_end: bool) -> list[int]:
    lo, hi = _sk(start), (None if to_end else _sk(end))
    vs = [sort_key(v) for v in view.values]
    return [i for i in view.order if lo <= vs[i] and (hi is None or vs[i] < hi)]


def by_value(view: View, value: Any) -> list[int]:
    target = _sk(value)
    return [i for i in view.order if sort_key(view.values[i]) == target]


def by_key_list(view: View, keys: Iterable[Any]) -> list[int]:
    wanted = [_sk(k) for k in keys]
    return [i for i, k in enumerate(view.key_sks) if any(k == w for w in wanted)]


def by_value_list(view: View, values: Iterable[Any]) -> list[int]:
    wanted = [_sk(v) for v in values]
    return [i for i, v in enumerate(view.values) if any(sort_key(v) == w for w in wanted)]


def by_key_rel_index(view: View, key: Any, offset: int, count: int | None) -> list[int]:
    found = bisect_left(view.key_sks, _sk(key))
    start, cnt = rel_range(found, offset, count, view.n)
    return list(range(start, start + cnt))


def by_value_rel_rank(view: View, value: Any, offset: int, count: int | None) -> list[int]:
    target = _sk(value)
    vs = [sort_key(view.values[i]) for i in view.order]
    found = bisect_left(vs, target)
    start, cnt = rel_range(found, offset, count, view.n)
    return view.order[start : start + cnt]


def invert(view: View, picked: list[int], by_rank: bool) -> list[int]:
    """The entries not picked: in rank order for a selection by value or rank, else by index."""
    chosen = set(picked)
    return [i for i in (view.order if by_rank else range(view.n)) if i not in chosen]


# -- answers --------------------------------------------------------------------------------


def return_type(rtype: Any) -> tuple[int, bool]:
    """(return type, inverted) of a wire return-type argument. Raises OpError (4)."""
    if type(rtype) is not int:
        raise invalid("a map return type must be an integer")
    rt = rtype & RESULT_MASK
    return rt, bool(rtype & INVERTED)


def answer(view: View, rt: int, picked: list[int], multi: bool, ordered: bool = False) -> Any:
    """The result of a selection for a return type (``multi``: a selection of any number of
    entries; else one entry or none). On a key-ordered map (``ordered``) the server answers
    reverse indexes and ranks in ascending order."""
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    if rt == NONE:
        return None
    if rt == COUNT:
        return len(picked)
    if rt == EXISTS:
        return bool(picked)
    n = view.n
    if rt in (INDEX, REVERSE_INDEX, RANK, REVERSE_RANK):
        if rt in (RANK, REVERSE_RANK):
            rank = view.rank
            out = [rank[i] for i in picked]
        else:
            out = list(picked)
        if rt in (REVERSE_INDEX, REVERSE_RANK):
            out = [n - 1 - x for x in out]
            if ordered:
                out.sort()
        if multi:
            return out
        return out[0] if out else -1
    if rt in (KEY, VALUE):
        src = view.keys if rt == KEY else view.values
        out = [src[i] for i in picked]
        if multi:
            return out
        return out[0] if out else None
    if rt == KEY_VALUE:
        flat: list[Any] = []
        for i in picked:
            flat.append(view.keys[i])
            flat.append(view.values[i])
        return flat
    if rt in (UNORDERED_MAP, ORDERED_MAP):
        items = [(view.keys[i], view.values[i]) for i in sorted(picked)]
        return KeyOrderedDict(items) if rt == ORDERED_MAP else dict(items)
    raise not_applicable(f"map return type {rt} is not supported here")


# -- the order of multi-entry answers (particle_map.c's result builders) -----------------------
#
# Every answer below is worked out as the server's path for it builds it. The facts used:
# - a contiguous index or rank range answered as a range (result_data_set_index_rank_count,
#   result_data_set_range) is ascending even when reversed: range(n - start - count, n - start);
#   an inverted one is the range before it then the range after it, each reversed on its own;
# - an answer built from a selection mask (…_by_mask) lists entries by index, each index or rank
#   reversed on its own (n - 1 - x);
# - an answer built from an order index or heap (…_by_ele_idx) lists entries in that order (rank
#   order for a rank range), each reversed on its own;
# - the selection of everything (packed_map_get_remove_all) answers indexes and ranks 0..n-1 for
#   reversed types too;
# - with the inverted flag still set, EXISTS of a range answers "the un-inverted range is empty".
# A map holds a value order index only when it is key-value-ordered with a persisted index and has
# more than one entry: its value, value range and value list selections take the "indexed" paths
# (value_path_indexed, value_list_indexed); every other map takes the "unordered" value paths,
# except a value list on a map of at most one entry (an index of 0 or 1 entries is always valid).


def _rng(start: int, count: int, n: int, rev: bool) -> list[int]:
    if count <= 0:
        return []
    if rev:
        start = n - start - count
    return list(range(start, start + count))


def _each(xs: Iterable[int], n: int, rev: bool) -> list[int]:
    return [n - 1 - x for x in xs] if rev else list(xs)


def _rev(rt: int) -> bool:
    return rt in (REVERSE_INDEX, REVERSE_RANK)


def _none_found(view: View, rt: int) -> Any:
    return answer(view, rt, [], True)


def _range_answer(rt: int, start: int, count: int, n: int, inverted: bool) -> Any:
    """result_data_set_index_rank_count for a multi op."""
    if rt == NONE:
        return None
    if rt == COUNT:
        return n - count if inverted else count
    if rt == EXISTS:
        return count == 0 if inverted else count != 0
    rev = _rev(rt)
    if inverted:
        return _rng(0, start, n, rev) + _rng(start + count, n - start - count, n, rev)
    return _rng(start, count, n, rev)


def _all(view: View, rt: int) -> tuple[list[int], Any]:
    """packed_map_get_remove_all."""
    n = view.n
    everything = list(range(n))
    if rt in (INDEX, REVERSE_INDEX, RANK, REVERSE_RANK):
        return everything, list(everything)
    return everything, answer(view, rt, everything, True)


def _complement(n: int, chosen: Iterable[int]) -> list[int]:
    s = set(chosen)
    return [i for i in range(n) if i not in s]


Resolved = tuple[list[int], Any]


def _uninvert(start: int, count: int, n: int) -> tuple[int, int, bool]:
    """An inverted range that touches an end of the map is a plain range (the server reduces it
    so): (start, count, still inverted)."""
    if count == 0:
        return 0, n, False
    if start == 0:
        return count, n - count, False
    if start + count >= n:
        return 0, start, False
    return start, count, True


def index_path(
    view: View, rt: int, start: int, count: int, inverted: bool, kordered: bool
) -> Resolved:
    """packed_map_get_remove_by_index_range (multi): (entries removed, answer)."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    if inverted:
        start, count, inverted = _uninvert(start, count, n)
        if inverted and kordered:
            return _trim(view, rt, start, count)
    if count == 0:
        return [], _none_found(view, rt)
    if count == n:
        return _all(view, rt)
    chosen = list(range(start, start + count))
    removed = _complement(n, chosen) if inverted else chosen
    if rt in (RANK, REVERSE_RANK):
        rank = view.rank
        return removed, _each((rank[i] for i in removed), n, _rev(rt))
    if rt in (KEY, VALUE, KEY_VALUE, UNORDERED_MAP, ORDERED_MAP):
        return removed, answer(view, rt, removed, True)
    return removed, _range_answer(rt, start, count, n, inverted)


def _trim(view: View, rt: int, start: int, count: int) -> Resolved:
    """packed_map_trim_ordered: keep [start, start + count) of a key-ordered map."""
    n = view.n
    removed = _complement(n, range(start, start + count))
    if rt == NONE:
        return removed, None
    if rt == COUNT:
        return removed, len(removed)
    if rt == EXISTS:
        return removed, bool(removed)
    if rt in (INDEX, REVERSE_INDEX):
        rev = _rev(rt)
        end = start + count
        return removed, _rng(0, start, n, rev) + _rng(end, n - end, n, rev)
    if rt in (RANK, REVERSE_RANK):
        rank = view.rank
        return removed, _each((rank[i] for i in removed), n, _rev(rt))
    return removed, answer(view, rt, removed, True)


def rank_path(view: View, rt: int, start: int, count: int, inverted: bool) -> Resolved:
    """packed_map_get_remove_by_rank_range (multi)."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    if inverted:
        start, count, inverted = _uninvert(start, count, n)
    if count == 0:
        return [], _none_found(view, rt)
    chosen = view.order[start : start + count]
    removed = _complement(n, chosen) if inverted else chosen
    if rt in (INDEX, REVERSE_INDEX):
        return removed, _each(removed, n, _rev(rt))
    if rt in (KEY, VALUE, KEY_VALUE, UNORDERED_MAP, ORDERED_MAP):
        by_mask = inverted or rt == ORDERED_MAP
        return removed, answer(view, rt, sorted(removed) if by_mask else removed, True)
    return removed, _range_answer(rt, start, count, n, inverted)


def _masked(
    view: View,
    rt: int,
    removed: list[int],
    start: int,
    count: int,
    inverted: bool,
    ranks_by_mask: bool,
) -> Any:
    """The answer of a path that selects by mask and answers other types as a range."""
    n = view.n
    if rt in (KEY, VALUE, KEY_VALUE, UNORDERED_MAP, ORDERED_MAP):
        return answer(view, rt, removed, True)
    if rt in (INDEX, REVERSE_INDEX) and not ranks_by_mask:
        return _each(removed, n, _rev(rt))
    if rt in (RANK, REVERSE_RANK) and ranks_by_mask:
        rank = view.rank
        return _each((rank[i] for i in removed), n, _rev(rt))
    return _range_answer(rt, start, count, n, inverted)


def value_path(view: View, rt: int, matched: list[int], rank: int, inverted: bool) -> Resolved:
    """packed_map_get_remove_by_value_interval (multi, no value order index); ``matched``:
    the matching indexes ascending, ``rank``: how many values are below the interval."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    if n == 0:
        return [], _none_found(view, rt)
    if not matched:
        if inverted:
            return _all(view, rt)
        return [], _none_found(view, rt)
    removed = _complement(n, matched) if inverted else matched
    return removed, _masked(view, rt, removed, rank, len(matched), inverted, False)


def key_range_unordered(view: View, rt: int, start: int, count: int, inverted: bool) -> Resolved:
    """packed_map_get_remove_by_key_interval on an unordered map (multi)."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    chosen = list(range(start, start + count))
    removed = _complement(n, chosen) if inverted else chosen
    return removed, _masked(view, rt, removed, start, count, inverted, True)


def _last_of_equals(sks: list[Any]) -> list[bool]:
    """For each item of a list, whether no later item equals it (a stable sort gives the
    count of equal items to the last of them)."""
    out = []
    for i, s in enumerate(sks):
        out.append(all(s != t for t in sks[i + 1 :]))
    return out


def _between(found: list[tuple[int, int]], n: int, rev: bool) -> list[int]:
    """result_data_set_by_itemlist_irc, inverted: the ranges between (start, count) runs
    given in ascending order."""
    out: list[int] = []
    prev = 0
    for start, count in found:
        if count == 0:
            continue
        out += _rng(prev, start - prev, n, rev)
        prev = start + count
    return out + _rng(prev, n - prev, n, rev)


def key_list_path(view: View, rt: int, keys: list[Any], inverted: bool, kordered: bool) -> Resolved:
    """packed_map_get_remove_all_by_key_list_(un)ordered (a non-empty list)."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    sks = [_sk(k) for k in keys]
    hits = [view.find_key(k) for k in keys]
    found = sorted({h for h in hits if h >= 0})
    removed = _complement(n, found) if inverted else found
    if rt == NONE:
        return removed, None
    if rt == COUNT:
        return removed, len(removed)
    if rt == EXISTS:
        return removed, bool(removed)
    if rt in (INDEX, REVERSE_INDEX):
        rev = _rev(rt)
        if kordered:
            if inverted:
                return removed, _each(removed, n, rev)
            return removed, _each((h for h in hits if h >= 0), n, rev)
        last = _last_of_equals(sks)
        if inverted:
            return removed, _between([(h, 1) for h in found], n, rev)
        return removed, _each((h for h, ok in zip(hits, last) if ok and h >= 0), n, rev)
    if rt in (RANK, REVERSE_RANK):
        raise not_applicable("a key list cannot answer ranks")
    return removed, answer(view, rt, removed, True)


def value_list_path(view: View, rt: int, values: list[Any], inverted: bool) -> Resolved:
    """packed_map_get_remove_all_by_value_list (a non-empty list, no value order index)."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    sks = [_sk(v) for v in values]
    vs = [sort_key(v) for v in view.values]
    ordered_vs = [vs[i] for i in view.order]
    matched = sorted(i for i in range(n) if any(vs[i] == s for s in sks))
    removed = _complement(n, matched) if inverted else matched
    if rt == NONE:
        return removed, None
    if rt == COUNT:
        return removed, len(removed)
    if rt == EXISTS:
        return removed, bool(removed)
    if rt in (INDEX, REVERSE_INDEX):
        return removed, _each(removed, n, _rev(rt))
    if rt in (RANK, REVERSE_RANK):
        rev = _rev(rt)
        runs = []
        for s in sks:
            lo = bisect_left(ordered_vs, s)
            hi = lo
            while hi < n and ordered_vs[hi] == s:
                hi += 1
            runs.append((lo, hi - lo))
        last = _last_of_equals(sks)
        if inverted:
            distinct = sorted({r for r, ok in zip(runs, last) if ok})
            return removed, _between(distinct, n, rev)
        out: list[int] = []
        for (lo, cnt), ok in zip(runs, last):
            if ok:
                out += _each(range(lo, lo + cnt), n, rev)
        return removed, out
    return removed, answer(view, rt, removed, True)


def value_path_indexed(view: View, rt: int, rank: int, count: int, inverted: bool) -> Resolved:
    """packed_map_get_remove_by_value_interval with a value order index: the ``count`` values
    from ``rank`` on, picked through the index (a non-empty map)."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    chosen = view.order[rank : rank + count]
    removed = sorted(_complement(n, chosen) if inverted else chosen)
    if rt in (KEY, VALUE, KEY_VALUE, UNORDERED_MAP, ORDERED_MAP):
        by_mask = inverted or rt == ORDERED_MAP
        return removed, answer(view, rt, removed if by_mask else chosen, True)
    if rt in (INDEX, REVERSE_INDEX):
        return removed, _each(removed if inverted else chosen, n, _rev(rt))
    return removed, _range_answer(rt, rank, count, n, inverted)


def value_list_indexed(view: View, rt: int, values: list[Any], inverted: bool) -> Resolved:
    """packed_map_get_remove_all_by_value_list_ordered (a non-empty list): each listed value's
    run of equal values in rank order, a value listed twice answering twice."""
    n = view.n
    if rt not in _KNOWN:
        raise not_applicable(f"unknown map return type {rt}")
    sks = [_sk(v) for v in values]
    vs = [sort_key(view.values[i]) for i in view.order]
    runs = []
    for s in sks:
        lo = bisect_left(vs, s)
        hi = lo
        while hi < n and vs[hi] == s:
            hi += 1
        runs.append((lo, hi - lo))
    chosen = {i for lo, cnt in runs for i in view.order[lo : lo + cnt]}
    removed = _complement(n, chosen) if inverted else sorted(chosen)
    if rt == NONE:
        return removed, None
    if rt == COUNT:
        return removed, len(removed)
    if rt == EXISTS:
        return removed, bool(removed)
    rev = _rev(rt)
    if rt in (INDEX, REVERSE_INDEX):
        if inverted:
            return removed, _each(removed, n, rev)
        return removed, [x for lo, cnt in runs for x in _each(view.order[lo : lo + cnt], n, rev)]
    if rt in (RANK, REVERSE_RANK):
        if inverted:
            rank = view.rank
            return removed, _each((rank[i] for i in removed), n, rev)
        return removed, [x for lo, cnt in runs for x in _rng(lo, cnt, n, rev)]
    return removed, answer(view, rt, removed, True)
