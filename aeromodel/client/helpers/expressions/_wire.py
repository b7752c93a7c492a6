"""The msgpack writer of compiled expressions: how each Python literal goes on the wire.

Literals follow the official client: str, bytes and GeoJSON carry their particle type byte, a top-level
list is quoted (``[126, list]``) so the server does not read it as an expression, maps are packed in
the server's key order (the C client stores them in an ordered map), and a KeyOrderedDict leads with
the key-ordered flag entry. Bin and variable names are plain msgpack str.
"""

from __future__ import annotations

import struct
from typing import Any, Final

from ... import exception, values
from ...ordering import INFINITY, WILDCARD

INT64_MIN: Final = -(1 << 63)
INT64_MAX: Final = (1 << 63) - 1
QUOTE: Final = 126
_KEY_ORDERED_ENTRY: Final = b"\xc7\x00\x01\xc0"  # ext(type 1 = key ordered, no data): nil
_KEY_RANK: Final = {int: 2, str: 3, bytes: 6}
_MAX_DEPTH: Final = 256


def bad(msg: str) -> exception.ParamError:
    """The error every malformed expression raises."""
    return exception.error(exception.ParamError, msg)


def _header(n: int, fix: int, code16: int, code32: int) -> bytes:
    if n < 16:
        return bytes((fix | n,))
    if n < 0x10000:
        return bytes((code16,)) + n.to_bytes(2, "big")
    return bytes((code32,)) + n.to_bytes(4, "big")


def _map_key(key: Any, where: str) -> tuple[int, Any]:
    """A map key's rank in the server's order; only int, str and bytes keys have one."""
    t = type(key)
    if t is bool or not isinstance(key, (int, str, bytes, bytearray)):
        raise bad(f"{where}: a map key must be an int, str or bytes, not {t.__name__}")
    if isinstance(key, int):
        return (2, int(key))
    if isinstance(key, str):
        return (3, str(key))
    return (6, bytes(key))


class Writer:
    """Accumulates one expression's bytes. Nodes call ``header``/``num``/``raw``/``child``."""

    __slots__ = ("buf",)

    def __init__(self) -> None:
        self.buf = bytearray()

    def header(self, n: int) -> None:
        """A list header of ``n`` items."""
        self.buf += _header(n, 0x90, 0xDC, 0xDD)

    def num(self, v: int) -> None:
        """A fixed int (op code, type, flags): the smallest msgpack form."""
        self.buf += values.pack(v)

    def raw(self, name: str) -> None:
        """A plain msgpack str (bin names, variable names, regex text)."""
        data = name.encode()
        self.buf += values._str_header(len(data)) + data

    def child(self, item: Any, owner: str) -> None:
        """An operand: an expression node packs itself, anything else is a literal."""
        pack = getattr(item, "_pack", None)
        if pack is not None:
            pack(self)
        else:
            self.value(item, owner)

    def value(self, v: Any, owner: str) -> None:
        """A literal operand; ``owner`` names the class in errors. Raises ParamError."""
        if isinstance(v, list):
            self.buf += b"\x92\x7e"  # [QUOTE, list]
        self.nested(v, owner, 0)

    def nested(self, v: Any, owner: str, depth: int) -> None:
        t = type(v)
        if t is bool or t is float or v is None or v is values.NULL or v is WILDCARD or v is INFINITY:
            self.buf += values.pack(v)
        elif isinstance(v, int):
            if not INT64_MIN <= v <= INT64_MAX:
                raise bad(f"{owner}: integer {v} is outside the signed 64-bit range")
            self.buf += values.pack(int(v))
        elif isinstance(v, str):
            self.buf += values.pack(str(v))
        elif isinstance(v, (bytes, bytearray)):
            self.buf += values.pack(bytes(v))
        elif t is values.GeoJSON:
            self.buf += values.pack(v)
        elif isinstance(v, float):
            self.buf += b"\xcb" + struct.pack(">d", v)
        elif isinstance(v, list):
            if depth > _MAX_DEPTH:
                raise bad(f"{owner}: value is nested too deeply")
            self.header(len(v))
            for item in v:
                self.nested(item, owner, depth + 1)
        elif isinstance(v, dict):
            if depth > _MAX_DEPTH:
                raise bad(f"{owner}: value is nested too deeply")
            items = sorted(v.items(), key=lambda kv: _map_key(kv[0], owner))
            if isinstance(v, values.KeyOrderedDict):
                self.buf += _header(len(items) + 1, 0x80, 0xDE, 0xDF) + _KEY_ORDERED_ENTRY
            else:
                self.buf += _header(len(items), 0x80, 0xDE, 0xDF)
            for key, item in items:
                self.nested(key, owner, depth + 1)
                self.nested(item, owner, depth + 1)
        else:
            raise bad(f"{owner}: a value of type {t.__name__} has no expression wire form")

    def append(self, data: bytes) -> None:
        """Bytes already compiled (a nested compiled expression)."""
        self.buf += data
