"""The msgpack of a compiled expression, decoded with the shared reader (``msgpack_read``): a
tree of ops whose strings stay raw, and the conversion of a value position into wire values.

An expression's strings are of two kinds that the bytes alone cannot tell apart: names (bins,
variables, the regex) are plain text, values carry a leading particle type byte (0x03 text, 0x04
blob, 0x12 HLL, 0x17 GeoJSON). The decoder keeps every msgpack str/bin as ``Raw``; the builder,
which knows the position, makes a name or a value (``wire``) of it. Here the reader's errors
become the server's (OpError 4).
"""

from __future__ import annotations

from typing import Any

from ... import msgpack_read
from ...msgpack_read import MAX_DEPTH, Ext, MsgMap, MsgpackError, Raw
from ..codes import invalid

__all__ = ["MAX_DEPTH", "Ext", "MsgMap", "Raw", "decode", "name", "typed", "wire"]


def decode(data: bytes) -> Any:
    """The one msgpack item ``data`` holds. OpError 4 when it is malformed or has trailing bytes."""
    try:
        return msgpack_read.decode(data)
    except MsgpackError as err:
        text = "bytes after the expression" if err.args[0] == "bytes after the value" else err.args[0]
        raise invalid(f"malformed expression: {text}") from None


def wire(item: Any) -> Any:
    """A decoded value as the engine's wire value: typed strings to str/bytes/GeoJSON/TypedBlob,
    maps with a flags entry to KeyOrderedDict/FlaggedMap, ordered lists to OrderedList, wildcard
    and infinity. OpError 4 for what has no wire form."""
    try:
        return msgpack_read.wire(item)
    except MsgpackError as err:
        raise invalid(err.args[0]) from None


def typed(raw: bytes) -> Any:
    """A typed string as a value. OpError 4 for an empty one or an unknown type byte."""
    try:
        return msgpack_read.typed(raw)
    except MsgpackError as err:
        raise invalid(err.args[0]) from None


def name(raw: Any, what: str) -> str:
    """A plain msgpack string (a bin, variable or regex) as text. OpError 4 if it is not one."""
    if type(raw) is not Raw:
        raise invalid(f"{what} must be a string")
    try:
        return raw.decode()
    except UnicodeDecodeError:
        raise invalid(f"{what} is not UTF-8") from None
