"""Bins, the record's key and its metadata (ttl, void time, last update, size, set, digest)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...command import CITRUSLEAF_EPOCH, ttl_of
from .. import intake
from ..ops import lists
from . import types as T
from .build import RECORD_OPS, Builder, Built, Fn, count, fail, op
from .types import UNK, is_type, particle_type
from .wire import name

_NS = 1_000_000_000
_INT_TYPES = {T.INT: int, T.STR: str, T.BLOB: bytes, T.FLOAT: float, T.BOOL: bool}


def _bin_name(raw: Any, label: str) -> str:
    text = name(raw, "a bin name")
    if len(text.encode()) > intake.MAX_BIN_NAME:
        raise fail(label, f"invalid bin name {text!r} (longer than 15 bytes)")
    return text


@op(81, "bin")
def _bin(_b: Builder, args: list[Any]) -> Built:
    count("bin", args, 2)
    t, raw = args
    if type(t) is not int or t < 0:
        raise fail("bin", "failed to parse the bin type")
    if t >= T.INPUT_END:
        raise fail("bin", f"invalid type {t}")
    bin_name = _bin_name(raw, "bin")
    want = _INT_TYPES.get(t)
    if want is not None:

        def scalar_bin(rec: Any, _ctx: Any) -> Any:
            v = rec.get(bin_name)
            return v if type(v) is want else UNK

        return Built(scalar_bin, t, 81, bin=bin_name)

    def bin_(rec: Any, _ctx: Any) -> Any:
        v = rec.get(bin_name)
        return v if v is not None and is_type(v, t) else UNK

    if t == T.LIST:

        def list_bin(rec: Any, _ctx: Any) -> Any:
            v = rec.get(bin_name)
            return lists.unindexed(v) if v is not None and is_type(v, t) else UNK

        return Built(list_bin, t, 81)
    return Built(bin_, t, 81)


@op(82, "bin_type")
def _bin_type(_b: Builder, args: list[Any]) -> Built:
    count("bin_type", args, 1)
    bin_name = _bin_name(args[0], "bin_type")

    def bin_type(rec: Any, _ctx: Any) -> Any:
        return particle_type(rec.get(bin_name))

    return Built(bin_type, T.INT)


@op(80, "key")
def _key(_b: Builder, args: list[Any]) -> Built:
    count("key", args, 1)
    t = args[0]
    if type(t) is not int or t not in (T.INT, T.STR, T.BLOB):
        raise fail("key", f"invalid result type {t!r}")
    want = _INT_TYPES[t]

    def key(rec: Any, _ctx: Any) -> Any:
        k = rec.key
        return k if type(k) is want else UNK

    return Built(key, t)


def _meta(code: int, label: str, t: int, uses_ctx: bool = False) -> Callable[[Fn], Fn]:
    def register(fn: Fn) -> Fn:
        def build(b: Builder, args: list[Any]) -> Built:
            count(label, args, 0)
            if uses_ctx:
                b.uses_ctx = True
            return Built(fn, t)

        op(code, label)(build)
        RECORD_OPS.add(code)
        return fn

    return register


@_meta(65, "device_size", T.INT)
def _device_size(_rec: Any, _ctx: Any) -> Any:
    return 0  # the engine's namespaces keep their records in memory, as storage-engine memory


@_meta(73, "memory_size", T.INT)
def _memory_size(rec: Any, _ctx: Any) -> Any:
    return (rec.size + 15) & ~15  # stored in 16-byte blocks, as the server counts it


@_meta(74, "record_size", T.INT)
def _record_size(rec: Any, _ctx: Any) -> Any:
    return (rec.size + 15) & ~15


@_meta(66, "last_update", T.INT)
def _last_update(rec: Any, _ctx: Any) -> Any:
    return int(rec.lut * 1000) * 1_000_000


@_meta(67, "since_update", T.INT, uses_ctx=True)
def _since_update(rec: Any, ctx: Any) -> Any:
    return max(int(ctx[1] * 1000) - int(rec.lut * 1000), 0)


@_meta(68, "void_time", T.INT)
def _void_time(rec: Any, _ctx: Any) -> Any:
    vt = rec.void_time
    return (vt + CITRUSLEAF_EPOCH) * _NS if vt else -1


@_meta(69, "ttl", T.INT, uses_ctx=True)
def _ttl(rec: Any, ctx: Any) -> Any:
    return ttl_of(rec.void_time, ctx[1]) if rec.void_time else -1


@_meta(70, "set_name", T.STR)
def _set_name(rec: Any, _ctx: Any) -> Any:
    return rec.set_name or ""


@_meta(71, "key_exists", T.BOOL)
def _key_exists(rec: Any, _ctx: Any) -> Any:
    return rec.key is not None


@_meta(72, "is_tombstone", T.BOOL)
def _is_tombstone(_rec: Any, _ctx: Any) -> Any:
    return False  # the engine keeps no tombstones


@op(64, "digest_modulo")
def _digest_mod(b: Builder, args: list[Any]) -> Built:
    count("digest_modulo", args, 1)
    mod = args[0]
    if type(mod) is not int:
        raise fail("digest_modulo", "failed to parse an integer")
    mod = ((mod + (1 << 31)) % (1 << 32)) - (1 << 31)  # the server keeps 32 bits of it
    if mod == 0:
        raise fail("digest_modulo", "cannot modulo by zero")
    b.uses_ctx = True
    divisor = abs(mod)  # C's remainder of a non-negative number has its sign

    def digest_modulo(_rec: Any, ctx: Any) -> Any:
        return int.from_bytes(ctx[0][16:20], "little") % divisor

    return Built(digest_modulo, T.INT)


__all__ = ["UNK"]


RECORD_OPS.update({80, 81, 82, 64})  # key, bin, bin type, digest modulo
