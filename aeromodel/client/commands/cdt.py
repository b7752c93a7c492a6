"""The payload of a list or map (CDT) wire operation, shared by both families' compilers, and the
wire form of CDT contexts (``helpers.cdt_ctx``), as the official client packs them.

A context becomes the flat list ``[type, value, type, value, ...]``: list index/rank and map
index/rank values are C ints, list/map values and map keys go through the codec, and the create
entries carry their order and pad as flag bits of the type (list: 0x40 unordered, 0x80 padded,
0xC0 ordered; map: 0x40 unordered, 0x80 key-ordered, 0xC0 key-value-ordered). Path-expression
entries: all children ``[4, True]``, with a filter ``[4, expression]``, an AND filter
``[0x204, expression]`` (expressions as their compiled ``values.Expression``), keys in
``[42, [keys]]``.
"""

from __future__ import annotations

import base64
import warnings
from typing import Any, Final

from .. import constants as C
from .. import exception, values
from .. import op_codes as O
from ..codec import Codec

_INT_TYPES: Final = {
    C.CDT_CTX_LIST_INDEX: O.CTX_LIST_INDEX,
    C.CDT_CTX_LIST_RANK: O.CTX_LIST_RANK,
    C.CDT_CTX_MAP_INDEX: O.CTX_MAP_INDEX,
    C.CDT_CTX_MAP_RANK: O.CTX_MAP_RANK,
}
_VALUE_TYPES: Final = {
    C.CDT_CTX_LIST_VALUE: O.CTX_LIST_VALUE,
    C.CDT_CTX_MAP_KEY: O.CTX_MAP_KEY,
    C.CDT_CTX_MAP_VALUE: O.CTX_MAP_VALUE,
}
_DEFAULT_CODEC: Final = Codec()


def _bad(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def warn_out_of_range(name: str, value: int, low: int, high: int) -> None:
    """Warn, as the official client does before sending it anyway, of an order or flags value
    outside the range it expects (a DeprecationWarning: a later client may refuse it)."""
    if not low <= value <= high:
        warnings.warn(
            f"{name} must be inclusively between {low} and {high}, but received {value} instead.",
            DeprecationWarning,
            stacklevel=2,
        )


def list_order_flag(order: int, pad: bool) -> int:
    """The create flag bits of a list context entry (as_list_order_to_flag)."""
    return 0xC0 if order == C.LIST_ORDERED else (0x80 if pad else 0x40)


def map_order_flag(order: int) -> int:
    """The create flag bits of a map context entry (as_map_order_to_flag)."""
    if order == C.MAP_KEY_ORDERED:
        return 0x80
    if order == C.MAP_KEY_VALUE_ORDERED:
        return 0xC0
    return 0x40


def _c_int(value: Any, bits: int = 32) -> int:
    """A Python int as the C int the official client stores it in (wrapping, as C does)."""
    if not isinstance(value, int):
        raise _bad(f"ctx: an index or rank must be an int, not {type(value).__name__}")
    if not -(2**63) <= value < 2**63:
        raise _bad("ctx: an index or rank is outside the signed 64-bit range")
    half = 1 << (bits - 1)
    return ((int(value) + half) & ((1 << bits) - 1)) - half


def _extra(entry: Any, key: str) -> int:
    extra = getattr(entry, "extra_args", None)
    if not isinstance(extra, dict) or key not in extra:
        return 0
    v = extra[key]
    if not isinstance(v, int):
        return 0  # the official client ignores an extra argument it cannot read
    return int(v)


def _filter(entry: Any) -> values.Expression:
    """The filter expression of an all-children or AND entry, compiled."""
    expr = entry.extra_args.get(C._CDT_CTX_FILTER_EXPR_KEY)
    if isinstance(expr, values.Expression):
        return expr
    if hasattr(expr, "_pack") and hasattr(expr, "compile"):
        compiled = expr.compile()
        assert isinstance(compiled, values.Expression)
        return compiled
    raise _bad("ctx: a filter must be an expression (compiled or not)")


def encode_ctx(ctx: Any, codec: Codec | None = None) -> list[Any]:
    """The wire form of a list of context entries. Raises ParamError as the official client does."""
    if not isinstance(ctx, list):
        raise _bad("ctx must be a list of cdt_ctx entries")
    codec = codec or _DEFAULT_CODEC
    out: list[Any] = []
    for entry in ctx:
        try:
            ident = entry.id
            value = entry.value
        except AttributeError:
            raise _bad("ctx: each entry must be made by the cdt_ctx helpers") from None
        if not isinstance(ident, int):
            raise _bad("ctx: an entry's id must be an int")
        if ident in _INT_TYPES:
            out += [_INT_TYPES[ident], _c_int(value)]
        elif ident == C.CDT_CTX_LIST_INDEX_CREATE:
            order = _extra(entry, "order_key")
            warn_out_of_range("order_key", order, 0, 1)
            flag = list_order_flag(order, bool(_extra(entry, "pad_key")))
            out += [O.CTX_LIST_INDEX | flag, _c_int(value)]
        elif ident in _VALUE_TYPES:
            out += [_VALUE_TYPES[ident], codec.to_wire(value)]
        elif ident == C.CDT_CTX_MAP_KEY_CREATE:
            order = _extra(entry, "order_key")
            warn_out_of_range("order_key", order, 0, 3)
            out += [O.CTX_MAP_KEY | map_order_flag(order), codec.to_wire(value)]
        elif ident == C._AS_CDT_CTX_EXP and not isinstance(getattr(entry, "extra_args", None), dict):
            out += [ident, True]  # every child
        elif ident in (C._AS_CDT_CTX_EXP, C._AS_CDT_CTX_AND | C._AS_CDT_CTX_EXP):
            out += [ident, _filter(entry)]
        elif ident == C._AS_CDT_CTX_MAP_KEYS_IN:
            if not isinstance(value, list):
                raise _bad("ctx: cdt_ctx_map_keys_in needs a list of keys")
            out += [ident, codec.to_wire(value)]
        else:
            raise _bad(f"ctx: unknown context type {exception.describe(ident)}")
    return out


def payload(
    code: int, args: tuple[Any, ...], ctx: Any, codec: Codec | None = None, *, flag: int = 0
) -> tuple[Any, ...]:
    """``(server op code, arg, ...)`` for an operation on the bin itself, or
    ``(O.CTX, [ctx...], (op code, arg, ...))`` for one on a nested element. ``flag`` is or-ed into
    the last context entry's type (list_create's create flags). Raises ParamError for a
    malformed context."""
    op = (code, *args)
    if ctx is None:
        return op
    wire = encode_ctx(ctx, codec)
    if flag and wire:
        wire[-2] |= flag
    return (O.CTX, wire, op)


# -- get_cdtctx_base64 -----------------------------------------------------------------------


def ctx_base64(ctx: Any) -> str:
    """Base64 of the msgpack the official client packs for a context (``get_cdtctx_base64``).
    Raises ParamError for a context that is not a non-empty list of entries."""
    if not isinstance(ctx, list):
        raise _bad("parameter is not list type")
    if not ctx:
        raise _bad("cdt ctx list entries are empty")
    wire = encode_ctx(ctx, _DEFAULT_CODEC)
    return base64.b64encode(pack(wire)).decode()


def pack(value: Any) -> bytes:
    """The official client's msgpack of a context: maps in the server's key order (a
    KeyOrderedDict led by its flag entry), compiled expressions as they are. Raises ParamError
    for what has no form."""
    try:
        return values.pack(value, sort_maps=True)
    except values.Unpackable:
        raise _bad(f"ctx: a value of type {type(value).__name__} cannot be packed") from None
