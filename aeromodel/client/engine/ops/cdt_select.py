"""Path expressions: the CDT select operation (server op 0xFE, ``cdt.c``'s cdt_select), run by a
CDT read or modify operation and by the SelectByPath / ModifyByPath expressions.

A select walks a list or map level by level, each level picking elements with one context entry
(index, rank, key, value, a key list, or every child with an optional filter expression on the
loop variables, plus an optional AND filter), and answers the matching tree, the leaves (values,
map keys or both) or, for a modify, the bin with every selected leaf replaced or removed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Final

from ... import op_codes as O
from ...values import Expression, FlaggedMap, KeyOrderedDict, OrderedList
from .. import intake
from ..codes import ERR_INCOMPATIBLE, ERR_SERVER, OpError, invalid
from ..exp import types as T
from ..exp.build import Builder, Fn
from ..exp.logic import REMOVE
from ..exp.wire import decode
from ..storage import Record
from . import cdt_context
from .registry import NO_RESULT

SELECT: Final = 0xFE
TREE, LEAF_LIST, LEAF_MAP_KEY, LEAF_MAP_KEY_VALUE, APPLY = 0, 1, 2, 3, 4
NO_FAIL: Final = 0x10
MAX_LEVELS: Final = 64

CTX_INDEX, CTX_RANK, CTX_KEY, CTX_VALUE, CTX_EXP, CTX_KEY_LIST = 0, 1, 2, 3, 4, 10
CTX_AND: Final = 0x200
_LIST, _MAP = 0x10, 0x20

_CONTAINERS: Final = intake.CONTAINERS
_NO_RECORD: Final = Record()  # no bins: what a loop's expressions see of the record
Filter = Callable[[Any, Any, Any], Any]
"""``f(key, value, index)``: the filter's or modify expression's value for one element."""


def _incompatible(what: str) -> OpError:
    return OpError(ERR_INCOMPATIBLE, f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: select: {what}")


def _loop_exp(tree: Any, what: str) -> Filter:
    """A filter or modify expression built for a loop: the loop variables are its key, value and
    index; bins and record metadata are unknown (the server runs it with no record)."""
    if isinstance(tree, (bytes, bytearray)):
        tree = decode(bytes(tree))
    if type(tree) is not list or not tree:
        raise invalid(f"select: invalid {what} expression")
    b = Builder(loop=True)
    fn: Fn = b.node(tree).fn
    pad = [None] * (2 + b.max_vars)

    def run(key: Any, value: Any, index: Any) -> Any:
        return fn(_NO_RECORD, [*pad, key, value, index])

    return run


class Level:
    """One level of a select: its context type, what it picks by, and its AND filter."""

    __slots__ = ("and_exp", "arg", "base", "type")

    def __init__(self, ctx_type: int, arg: Any) -> None:
        self.type = ctx_type
        self.base = ctx_type & 0x0F
        self.arg = arg  # index/rank int, key/value, key list, or filter (None: every child)
        self.and_exp: Filter | None = None


class Select:
    """A parsed select: its levels, mode, no-fail flag and (for APPLY) the modify expression."""

    __slots__ = ("levels", "mode", "modify", "no_fail")

    def __init__(self, levels: list[Level], mode: int, no_fail: bool, modify: Filter | None) -> None:
        self.levels = levels
        self.mode = mode
        self.no_fail = no_fail
        self.modify = modify


def parse(payload: Any, is_modify: bool) -> Select:
    """A select payload ``(0xFE, ctx, flags[, modify expression])``, as cdt_process_state_select
    reads it. OpError 4 for a malformed one."""
    if not isinstance(payload, (list, tuple)) or len(payload) < 3:
        raise invalid("select: expected (0xfe, ctx, flags[, exp])")
    ctx = payload[1]
    if not isinstance(ctx, (list, tuple)) or not ctx or len(ctx) % 2:
        raise invalid("select: the context must be a non-empty list of (type, value) pairs")
    if len(ctx) // 2 > MAX_LEVELS:
        raise invalid(f"select: more than {MAX_LEVELS} context levels")
    levels = _levels(ctx)
    flags = payload[2]
    if type(flags) is not int or not -(1 << 63) <= flags < 1 << 63:
        raise invalid("select: flags must be an integer")
    mode = flags & 0x0F
    if mode > APPLY:
        raise invalid(f"select: invalid select type {mode:#04x}")
    if len(payload) != (4 if mode == APPLY else 3):
        raise invalid(f"select: {len(payload) - 1} parameters, expected {3 if mode == APPLY else 2}")
    modify = None
    if mode == APPLY:
        if not is_modify:
            raise invalid("select: the apply flag is invalid for a read")
        modify = _loop_exp(payload[3], "apply")
    return Select(levels, mode, bool(flags & NO_FAIL), modify)


def _levels(ctx: Any) -> list[Level]:
    levels: list[Level] = []
    for j in range(0, len(ctx), 2):
        t, v = ctx[j], ctx[j + 1]
        if type(t) is not int or t < 0:
            raise invalid(f"select: context type {t!r} at pair {j // 2} is not an integer")
        if t & CTX_AND:
            if t != CTX_AND | CTX_EXP:
                raise invalid(f"select: invalid AND context type {t:#x}")
            if not levels:
                raise invalid("select: an AND context has no entry before it")
            prev = levels[-1]
            if prev.and_exp is not None:
                raise invalid("select: two AND contexts on one level")
            if prev.base == CTX_EXP:
                raise invalid("select: an AND context on an expression context")
            if type(v) is list or isinstance(v, (bytes, bytearray)):
                prev.and_exp = _loop_exp(v, "AND")
            elif v is not True:
                raise invalid("select: invalid AND expression")
            else:
                prev.and_exp = _always
            continue
        base = t & 0x0F
        if base in (CTX_INDEX, CTX_RANK):
            if type(v) is not int or not -(1 << 63) <= v < 1 << 63:
                raise invalid(f"select: invalid index at pair {j // 2}")
            levels.append(Level(t, v))
        elif base in (CTX_KEY, CTX_VALUE, CTX_KEY_LIST):
            levels.append(Level(t, v))
        elif base == CTX_EXP:
            if v is True:
                levels.append(Level(t, None))
            elif type(v) is list or type(v) is Expression:
                levels.append(Level(t, _loop_exp(v, "filter")))
            else:
                raise invalid(f"select: invalid expression at pair {j // 2}")
        else:
            raise invalid(f"select: invalid context type {t:#x} at pair {j // 2}")
    return levels


def _always(_k: Any, _v: Any, _i: Any) -> Any:
    return True


# -- walking ------------------------------------------------------------------------------------


def _is_cdt(v: Any) -> bool:
    return type(v) in _CONTAINERS


def _tri(sel: Select, f: Filter, key: Any, value: Any, index: Any) -> bool:
    """A filter's verdict; unknown (or not a boolean) fails the select unless no-fail."""
    r = f(key, value, index)
    if r is True or r is False:
        return r
    if not sel.no_fail:
        raise invalid("select: a context filter is unknown")
    return False


def _picks_list(sel: Select, items: Any, level: int) -> Iterator[tuple[int, Any]]:
    """(index, element) of each list element a level selects, in order."""
    lv = sel.levels[level]
    if lv.type & 0x30 not in (0, _LIST):
        raise invalid(f"select: context type {lv.type:#x} on a list")
    if lv.base in (CTX_INDEX, CTX_RANK):
        code = O.CTX_LIST_INDEX if lv.base == CTX_INDEX else O.CTX_LIST_RANK
        i = cdt_context._list_pick(items, code, lv.arg)
        if i is None:
            return
        if lv.and_exp is None or lv.and_exp(T.UNK, items[i], i) is True:
            yield i, items[i]
        return
    for i, x in enumerate(items):
        if lv.base == CTX_EXP:
            ok = lv.arg is None or _tri(sel, lv.arg, T.UNK, x, i)
        elif lv.base == CTX_VALUE:
            ok = cdt_context._key(x) == cdt_context._key(lv.arg)
        else:
            ok = _tri(sel, _unknown, T.UNK, x, i)
        if ok and lv.and_exp is not None:
            ok = _tri(sel, lv.and_exp, T.UNK, x, i)
        if ok:
            yield i, x


def _unknown(_k: Any, _v: Any, _i: Any) -> Any:
    return T.UNK


def _picks_map(sel: Select, mp: Any, level: int) -> Iterator[tuple[Any, Any]]:
    """(key, value) of each map entry a level selects, in key order."""
    lv = sel.levels[level]
    if lv.type & 0xF0 not in (0, _MAP):
        raise invalid(f"select: context type {lv.type:#x} on a map")
    if lv.base in (CTX_INDEX, CTX_RANK):
        code = O.CTX_MAP_INDEX if lv.base == CTX_INDEX else O.CTX_MAP_RANK
        k = cdt_context._map_pick(mp, code, lv.arg)
        if k is cdt_context._MISSING:
            return
        if lv.and_exp is None or lv.and_exp(k, mp[k], T.UNK) is True:
            yield k, mp[k]
        return
    wanted: set[Any] | None = None
    if lv.base == CTX_KEY_LIST:
        if not isinstance(lv.arg, (list, tuple)):
            raise invalid("select: invalid key list")
        wanted = {cdt_context._key(k) for k in lv.arg}
    target = cdt_context._key(lv.arg) if lv.base in (CTX_KEY, CTX_VALUE) else None
    found = False
    for k, v in mp.items():
        if found:
            ok = False
        elif lv.base == CTX_EXP:
            ok = lv.arg is None or _tri(sel, lv.arg, k, v, T.UNK)
        elif lv.base == CTX_KEY:
            ok = found = cdt_context._key(k) == target
        elif lv.base == CTX_VALUE:
            ok = cdt_context._key(v) == target
        elif wanted is not None:
            ok = cdt_context._key(k) in wanted
        else:
            ok = _tri(sel, _unknown, k, v, T.UNK)
        if ok and lv.and_exp is not None:
            ok = _tri(sel, lv.and_exp, k, v, T.UNK)
        if ok:
            yield k, v


def _tree(sel: Select, node: Any, level: int) -> Any:
    leaf = level + 1 == len(sel.levels)
    if isinstance(node, dict):
        out: dict[Any, Any] = {}
        for k, v in _picks_map(sel, node, level) if node else ():
            out[k] = _tree(sel, v, level + 1) if not leaf and _is_cdt(v) else v
        return out
    return [_tree(sel, x, level + 1) if not leaf and _is_cdt(x) else x
            for _i, x in (_picks_list(sel, node, level) if node else ())]


def _leaves(sel: Select, node: Any, level: int, out: list[Any]) -> None:
    leaf = level + 1 == len(sel.levels)
    if not node:
        return
    if isinstance(node, dict):
        for k, v in _picks_map(sel, node, level):
            if not leaf:
                if _is_cdt(v):
                    _leaves(sel, v, level + 1, out)
                continue
            if sel.mode & LEAF_MAP_KEY:
                out.append(k)
            if sel.mode & LEAF_LIST:
                out.append(v)
        return
    if leaf and sel.mode & LEAF_MAP_KEY:
        if not sel.no_fail:
            raise _incompatible("map keys asked of a list")
        return
    for _i, x in _picks_list(sel, node, level):
        if not leaf:
            if _is_cdt(x):
                _leaves(sel, x, level + 1, out)
        else:
            out.append(x)


_KEEP: Final = object()


def _modified(sel: Select, key: Any, value: Any, index: Any) -> Any:
    """A leaf's replacement, REMOVE, or _KEEP (unknown under no-fail)."""
    assert sel.modify is not None
    r = sel.modify(key, value, index)
    if r is T.UNK:
        if not sel.no_fail:
            raise OpError(ERR_SERVER, "AEROSPIKE_ERR_SERVER: select: the modify expression is unknown")
        return _KEEP
    return r


def _apply(sel: Select, node: Any, level: int) -> Any:
    """The node with every selected leaf replaced or removed (the same object when unchanged)."""
    leaf = level + 1 == len(sel.levels)
    if not node:
        return node
    changed = False
    if isinstance(node, dict):
        new: dict[Any, Any] = dict(node)
        for k, v in list(_picks_map(sel, node, level)):
            r = _modified(sel, k, v, T.UNK) if leaf else (_apply(sel, v, level + 1) if _is_cdt(v) else v)
            if r is REMOVE:
                del new[k]
            elif r is not _KEEP and r is not v:
                new[k] = r
            else:
                continue
            changed = True
        if not changed:
            return node
        if type(node) is KeyOrderedDict:
            return KeyOrderedDict(new)
        if type(node) is FlaggedMap:
            return FlaggedMap(new, node.flags)
        return new
    items: list[Any] = list(node)
    removed: set[int] = set()
    for i, x in list(_picks_list(sel, node, level)):
        r = _modified(sel, T.UNK, x, i) if leaf else (_apply(sel, x, level + 1) if _is_cdt(x) else x)
        if r is REMOVE:
            removed.add(i)
        elif r is not _KEEP and r is not x:
            items[i] = r
        else:
            continue
        changed = True
    if not changed:
        return node
    kept = [x for i, x in enumerate(items) if i not in removed]
    if type(node) is OrderedList:
        kept.sort(key=cdt_context._key)
        return OrderedList(kept)
    return kept


# -- running ------------------------------------------------------------------------------------


def run_read(sel: Select, value: Any) -> Any:
    """What a select answers for a bin value (a missing bin answers nothing)."""
    if value is None:
        return NO_RESULT
    if not isinstance(value, (dict, list, tuple)):
        raise _incompatible("the bin is not a list or map")
    if sel.mode == TREE:
        return _tree(sel, value, 0)
    out: list[Any] = []
    _leaves(sel, value, 0, out)
    return out


def run_apply(sel: Select, value: Any) -> Any:
    """The bin value after a modify by path (the same object when nothing changed)."""
    if not isinstance(value, (dict, list, tuple)):
        raise _incompatible("the bin is not a list or map")
    new = _apply(sel, value, 0)
    return new if new is value else intake.stored(new)
