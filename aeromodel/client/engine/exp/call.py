"""CALL: a list, map, bit or HLL operation run on a value (a bin's, a literal's, or another
call's), by the engine's own operation handlers on a scratch one-bin record. A read answers the
operation's result; a modify ("modify local") answers the changed value and stores nothing.
Anything the operation refuses makes the call unknown, as on the server."""

from __future__ import annotations

from typing import Any

from ...command import (
    OP_BIT_MODIFY,
    OP_BIT_READ,
    OP_CDT_MODIFY,
    OP_CDT_READ,
    OP_HLL_MODIFY,
    OP_HLL_READ,
)
from ...op_codes import CTX
from ...values import IMMUTABLE, TypedBlob
from .. import intake
from ..codes import OpError
from ..ops.registry import HANDLERS, NO_RESULT
from ..storage import Record
from . import types as T
from .build import Builder, Built, Fn, fail, op
from .types import UNK, KeyValueMap, is_type
from .wire import wire

SELECT = 0xFE
MAP_OPS_FIRST = 64  # the server's map operation codes
MAP_OPS_LAST = 127
KEY_VALUE = 8  # the map return type answering key-value pairs
INVERTED = 0x10000
MODIFY_LOCAL = 0x40
_SYSTEMS = {
    0: ("cdt", OP_CDT_READ, OP_CDT_MODIFY, (T.LIST, T.MAP)),
    1: ("bits", OP_BIT_READ, OP_BIT_MODIFY, (T.BLOB,)),
    2: ("hll", OP_HLL_READ, OP_HLL_MODIFY, (T.HLL,)),
}
_SCRATCH = "b"


class _Arg:
    """An argument evaluated at run time (an expression in the payload)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Fn) -> None:
        self.fn = fn


def _args(b: Builder, items: list[Any]) -> list[Any]:
    """The payload's arguments: lists are expressions, anything else a wire value."""
    return [_Arg(b.node(item).fn) if type(item) is list else wire(item) for item in items]


@op(127, "call")
def _call(b: Builder, args: list[Any]) -> Built:
    if len(args) != 4:
        raise fail("call", f"expected 4 args, found {len(args)}")
    rtype, system, payload, bin_item = args
    if type(rtype) is not int or rtype < 0 or rtype >= T.INPUT_END:
        raise fail("call", f"invalid result type {rtype!r}")
    if type(system) is not int or system & ~MODIFY_LOCAL not in _SYSTEMS:
        raise fail("call", f"invalid system {system!r}")
    if type(payload) is not list or not payload or type(payload[0]) is not int:
        raise fail("call", "invalid msgpack list")
    label, read_type, modify_type, bin_types = _SYSTEMS[system & ~MODIFY_LOCAL]
    modify = bool(system & MODIFY_LOCAL)
    code = payload[0]
    ctx: Any = None
    if code == CTX:
        if len(payload) != 3 or type(payload[2]) is not list or not payload[2]:
            raise fail("call", "invalid msgpack list: a context call is (0xff, ctx, op)")
        ctx = wire(payload[1])
        inner = payload[2]
        if type(inner[0]) is not int:
            raise fail("call", "invalid msgpack list")
        head = [inner[0], *_args(b, inner[1:])]
    elif code == SELECT:
        raise fail("call", "path expressions (select/modify by path) are not supported")
    else:
        head = [code, *_args(b, payload[1:])]
    target = b.node(bin_item)
    if target.type != T.NIL and target.type not in bin_types:
        raise fail(f"call ({label})", f"bin arg is {T.type_name(target.type)}, not "
                           f"{' or '.join(T.type_name(t) for t in bin_types)}")
    handler = HANDLERS[modify_type if modify else read_type]
    pairs = (  # a map read answering key-value pairs: a map, as the server's result is
        system == 0 and MAP_OPS_FIRST <= head[0] <= MAP_OPS_LAST and len(head) > 1
        and type(head[1]) is int and head[1] & ~INVERTED == KEY_VALUE
    )
    return Built(_call_fn(handler, modify, ctx, head, target.fn, rtype, pairs), rtype)


def _call_fn(handler: Any, modify: bool, ctx_value: Any, head: list[Any], target: Fn,
             rtype: int, pairs: bool = False) -> Fn:
    dynamic = [i for i, a in enumerate(head) if type(a) is _Arg]
    template = head

    def call(rec: Any, ctx: Any) -> Any:
        ops = list(template)
        for i in dynamic:
            v = template[i].fn(rec, ctx)
            if v is UNK:
                return UNK
            ops[i] = v
        payload: Any = ops if ctx_value is None else [CTX, ctx_value, ops]
        value = target(rec, ctx)
        if value is UNK:
            return UNK
        tv = type(value)
        if tv in T.LISTS or tv in T.MAPS:
            value = intake.stored(value)
        elif tv not in (bytes, TypedBlob) and value is not None:
            return UNK  # an int, a string...: no operation runs on it
        scratch = Record()
        scratch.size = 0
        scratch.ident = None
        if value is not None:
            scratch[_SCRATCH] = value
        try:
            result = handler(scratch, _SCRATCH, payload)
        except OpError:
            return UNK
        if modify:
            result = scratch.get(_SCRATCH)
        elif result is NO_RESULT:
            result = None
        elif pairs and type(result) is list:
            result = KeyValueMap(zip(result[::2], result[1::2], strict=True))
        elif type(result) not in IMMUTABLE and type(result) is not TypedBlob:
            result = intake.stored(result)
        return result if is_type(result, rtype) else UNK

    return call
