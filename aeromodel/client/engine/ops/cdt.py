"""The CDT handler: list and map operations (registered in ``cdt_registry``) run on a bin, or on
an element nested inside it (a context, ``cdt_context``).

The handler unpacks the wire payload, finds the registered operation by its server op code, runs
it on the value (the bin's, or the element the context selects, creating it where the context
says so) and stores what it answers, rebuilding the containers above a nested element and keeping
the record's size exact. A read of a missing bin answers nothing, as on the server.
"""

from __future__ import annotations

from typing import Any, Final

from ...command import OP_CDT_MODIFY, OP_CDT_READ
from ...op_codes import CTX
from ...values import FlaggedMap, OrderedList
from .. import intake
from .. import messages as m
from ..codes import ERR_INCOMPATIBLE, OpError, invalid
from ..storage import Record
from . import cdt_context, cdt_select, lists, maps
from .cdt_registry import CDT_OPS, EMPTY_IF_NEW, UNCHANGED, CdtOp
from .registry import NO_RESULT, register, remove_bin, set_bin


def _unpack(payload: Any) -> tuple[CdtOp, tuple[Any, ...], list[tuple[int, Any]] | None]:
    """The operation, its arguments and its context (None for the bin itself). OpError 4 for a
    malformed payload or an unknown op code."""
    if not isinstance(payload, (tuple, list)) or not payload:
        raise invalid("a CDT operation needs an op code")
    ctx = None
    if payload[0] == CTX and type(payload[0]) is int:
        if len(payload) != 3 or not isinstance(payload[2], (tuple, list)) or not payload[2]:
            raise invalid("a CDT context payload is (0xff, ctx, op)")
        ctx = cdt_context.parse(payload[1])
        payload = payload[2]
    code = payload[0]
    op = CDT_OPS.get(code) if type(code) is int else None
    if op is None:
        raise invalid(f"unknown CDT op code {m.shown(code)}")
    return op, tuple(payload[1:]), ctx


def _select(payload: Any, is_modify: bool) -> cdt_select.Select | None:
    """The parsed select of a path payload (a Select already parsed by an expression), or None."""
    if type(payload) is cdt_select.Select:
        return payload
    if isinstance(payload, (tuple, list)) and payload and payload[0] == cdt_select.SELECT \
            and type(payload[0]) is int:
        return cdt_select.parse(payload, is_modify)
    return None


def _apply(rec: Record, name: str, sel: cdt_select.Select) -> Any:
    value = rec.get(name)
    kept = lists.is_indexed(value)
    new = cdt_select.run_apply(sel, lists.unindexed(value) if kept else value)
    if kept:
        new = value if new is lists.unindexed(value) else lists.indexed(new)
    if new is not value:
        set_bin(rec, name, new, intake.cdt_particle_size(new), intake.cdt_particle_size)
    return NO_RESULT


def _nested(value: Any) -> Any:
    """A value going inside a list or map: a persisted index is kept only by a bin's top-level
    map, so the server drops the flag (silently) from a nested one."""
    if type(value) is FlaggedMap and value.flags & maps.PERSIST_INDEX:
        return maps.build(list(value.items()), value.flags & ~maps.PERSIST_INDEX)
    return lists.unindexed(value)


# List operations that may create a bin's list, with the position of their create flags.
_LIST_CREATE_ARG = {"list_append": 1, "list_append_items": 1, "list_increment": 2}
# Removals that leave an empty list as the server's empty list of the old order (no index).
_EMPTIED_UNINDEXED = frozenset({
    "list_clear", "list_pop", "list_remove", "list_pop_range", "list_remove_range", "list_trim",
})


# Value removals that store the server's empty list even when the list was empty already.
_EMPTY_AGAIN: Final = frozenset({
    "list_remove_by_value", "list_remove_by_value_list", "list_remove_by_value_range",
})


def _drops_index(name: str, old: Any) -> bool:
    """Whether emptying a list with ``name`` drops its persisted index: every removal does but a
    rank selection on an unordered list (the server removes those through a mask, keeping the
    list's flags)."""
    if name in _EMPTIED_UNINDEXED:
        return True
    if name.startswith("list_remove_by_"):
        return "rank" not in name or type(old) is OrderedList
    return False


def _list_index(op: CdtOp, args: tuple[Any, ...], old: Any, was: bool, new: Any) -> Any:
    """A bin's top-level list after ``op``, its persisted index kept, set or dropped as the server
    does: set exactly by list_set_order / list_create, given by the create flags of an op that
    creates the list, kept by every other op (the list emptied by some removals excepted)."""
    name = op.name
    if name == "list_set_order":
        want = bool(args[0] & lists.PERSIST_INDEX)
        if new is UNCHANGED:
            if want == was:
                return UNCHANGED
            new = old
        return lists.indexed(new) if want else new
    if (was and new is UNCHANGED and not old and name in _EMPTY_AGAIN
            and (name != "list_remove_by_value_range" or type(old) is not OrderedList)):
        return old  # nothing removed from an empty list: its index still goes
    if new is UNCHANGED or new is None or not lists.is_list(new):
        return new
    if was:
        if not new and _drops_index(name, old):
            return new
        return lists.indexed(new)
    at = _LIST_CREATE_ARG.get(name)
    if old is None and at is not None and len(args) > at:
        flags = args[at]
        if type(flags) is int and flags & lists.PERSIST_INDEX and not flags & ~0x11:
            return lists.indexed(new)
    return new


@register(OP_CDT_READ)
def read(rec: Record, name: str, payload: Any) -> Any:
    """A CDT read: the operation's result, or nothing for a missing bin."""
    sel = _select(payload, False)
    if sel is not None:
        return cdt_select.run_read(sel, lists.unindexed(rec.get(name)))
    op, args, ctx = _unpack(payload)
    if op.modifies:
        raise invalid(f"{op.name} modifies: it cannot be a read")
    return _read(rec, name, op, args, ctx)


def _read(rec: Record, name: str, op: CdtOp, args: tuple[Any, ...], ctx: Any) -> Any:
    value = lists.unindexed(rec.get(name))
    if value is None:
        return NO_RESULT
    if ctx is not None:
        value = cdt_context.find(value, ctx)
    result = op.run(value, args)
    # A read that answers nothing (return type NONE) still answers the bin, with nil.
    return None if result is NO_RESULT else result


@register(OP_CDT_MODIFY)
def modify(rec: Record, name: str, payload: Any) -> Any:
    """A CDT modify (a read operation may come this way too): runs it and stores the new value."""
    sel = _select(payload, True)
    if sel is not None:
        if sel.mode == cdt_select.APPLY:
            return _apply(rec, name, sel)
        return cdt_select.run_read(sel, lists.unindexed(rec.get(name)))
    op, args, ctx = _unpack(payload)
    if not op.modifies:
        return _read(rec, name, op, args, ctx)
    value = rec.get(name)
    was = lists.is_indexed(value)
    if was:
        value = lists.unindexed(value)
    if ctx is None:
        new, result = op.run(value, args)
        if new is EMPTY_IF_NEW:
            new = ()
        if op.name.startswith("list_") or was:
            new = _list_index(op, args, value, was, new)
    else:
        path = cdt_context.dig(value, ctx)
        if value is None and op.name == "list_sort":
            raise OpError(ERR_INCOMPATIBLE, "AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: list_sort of no bin")
        if path.found and path.leaf is None:
            raise OpError(ERR_INCOMPATIBLE, f"AEROSPIKE_ERR_BIN_INCOMPATIBLE_TYPE: {op.name} on nil")
        if path.leaf is None and op.name == "list_sort":
            return NO_RESULT  # sorting a list the context would create: nothing to do
        leaf, result = op.run(path.leaf, args)
        if leaf is UNCHANGED or leaf is EMPTY_IF_NEW:
            new = UNCHANGED
        else:
            new = cdt_context.rebuild(path, _nested(leaf))
            if was:
                new = lists.indexed(new)
    if result is None:
        result = NO_RESULT  # a modify's nil answer (a popped nil, ...) is left out, as the server's
    if new is UNCHANGED:
        return result
    if new is None:
        remove_bin(rec, name)
    else:
        set_bin(rec, name, new, intake.cdt_particle_size(new), intake.cdt_particle_size)
    return result
