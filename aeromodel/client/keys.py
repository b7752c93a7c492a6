"""Key tuples: validation, digests, and the key tuple a call answers with."""

from __future__ import annotations

import struct
from collections.abc import Sequence
from typing import Any

from . import exception
from .digest import _INTEGER, _STRING, _new_hasher, _pack_int64, compute_digest, partition_id
from .results import AerospikeKey

INT64_MIN = -(2**63)
INT64_MAX = 2**63 - 1
_UNSEEN = object()  # no key's namespace or set name


def _fail(msg: str) -> exception.AerospikeError:
    return exception.error(exception.ParamError, msg)


def parse_key(key: Any) -> tuple[str, str | None, Any, bytes]:
    """Validate a key tuple; returns (namespace, set, user key or None, digest).

    Raises ParamError naming what is wrong with the key.
    """
    if type(key) is tuple and len(key) == 3 and _new_hasher is not None:
        # The common case, kept short: ("ns", "set", "key") or ("ns", "set", 123), hashed here.
        ns, set_name, user_key = key
        # A set name is at most 63 bytes: 15 characters always fit (UTF-8 takes at most 4 bytes
        # a character); a longer name takes this path only if it is ASCII (one byte a character).
        if (
            type(set_name) is str and type(ns) is str and ns
            and (len(set_name) < 16 or (len(set_name) < 64 and set_name.isascii()))
        ):
            t = type(user_key)
            if t is str:
                try:
                    data = (set_name + "\x03" + user_key).encode()
                except UnicodeError:
                    raise _fail(
                        "key and set name must be valid Unicode text (no lone surrogates)"
                    ) from None
            elif t is int:
                try:
                    data = (set_name + "\x01").encode() + _pack_int64(user_key)
                except (struct.error, UnicodeError):  # out of range, or a bad set name
                    return _parse_key(key)  # which raises, saying so
            else:
                return _parse_key(key)
            h = _new_hasher()
            h.update(data)
            return ns, set_name, user_key, h.digest()
    return _parse_key(key)


def parse_keys(keys: Sequence[Any]) -> list[tuple[str, str | None, Any, bytes]]:
    """``parse_key`` of every key, in order; the first bad key raises its ParamError.

    A batch's keys mostly share one namespace and set name: once ``parse_key`` has accepted a
    key, the next keys with the very same names need only their str or int key hashed (in line,
    as ``compute_digest`` hashes it). Every other key goes through ``parse_key``.
    """
    new_hasher = _new_hasher
    if new_hasher is None:
        return [parse_key(k) for k in keys]
    out: list[tuple[str, str | None, Any, bytes]] = []
    append = out.append
    ns_ok: Any = _UNSEEN  # the names of the last key parse_key accepted
    set_ok: Any = _UNSEEN
    str_prefix = ""
    int_prefix = b""
    for key in keys:
        if type(key) is tuple and len(key) == 3:
            ns, set_name, user_key = key
            if ns is ns_ok and set_name is set_ok:
                t = type(user_key)
                try:
                    if t is str:
                        data = (str_prefix + user_key).encode()
                    elif t is int:
                        data = int_prefix + _pack_int64(user_key)
                    else:
                        data = None
                except (UnicodeError, struct.error):  # parse_key says what is wrong
                    data = None
                if data is not None:
                    h = new_hasher()
                    h.update(data)
                    append((ns, set_name, user_key, h.digest()))
                    continue
            append(parse_key(key))
            ns_ok, set_ok = ns, set_name
            str_prefix = (set_name or "") + _STRING
            int_prefix = ((set_name or "") + _INTEGER).encode()
            continue
        append(parse_key(key))
    return out


def _parse_key(key: Any) -> tuple[str, str | None, Any, bytes]:
    """``parse_key`` for every key its common case leaves out."""
    if type(key) is not tuple and not isinstance(key, tuple):
        raise _fail(f"key must be a tuple (namespace, set, key[, digest]), not {type(key).__name__}")
    n = len(key)
    if n == 3:
        ns, set_name, user_key = key
        digest = None
    elif n == 4:
        ns, set_name, user_key, digest = key
    else:
        raise _fail(f"key tuple must have 3 or 4 items, not {n}")
    if type(ns) is not str:
        raise _fail(f"key namespace must be a str, not {type(ns).__name__}")
    if not ns:
        raise _fail("key namespace must not be empty")
    if set_name is not None:
        if type(set_name) is not str:
            raise _fail(f"key set must be a str or None, not {type(set_name).__name__}")
        if len(set_name) > 63 or not set_name.isascii():
            try:
                size = len(set_name.encode())
            except UnicodeError:  # checked here too: a digest key never encodes the set name
                raise _fail("set name must be valid Unicode text (no lone surrogates)") from None
            if size > 63:
                raise _fail(f"key set name {set_name[:20]!r}... is longer than 63 bytes")
    t = type(user_key)
    if t is bytes or t is bytearray:
        if not user_key:
            raise _fail("a bytes key must not be empty")
        try:
            return ns, set_name, user_key, compute_digest(set_name, bytes(user_key))
        except UnicodeError:
            raise _fail("set name must be valid Unicode text (no lone surrogates)") from None
    elif t is int:
        if not INT64_MIN <= user_key <= INT64_MAX:
            raise _fail(
                f"integer key {exception.describe(user_key)} is outside the signed 64-bit range"
            )
    elif t is bool:  # as the official client: True and False are the integer keys 1 and 0
        user_key = int(user_key)
    elif user_key is None:
        if digest is None:
            raise _fail("key is None and no digest was given")
        if not isinstance(digest, (bytes, bytearray)) or len(digest) != 20:
            raise _fail("digest must be 20 bytes (bytes or bytearray)")
        return ns, set_name, None, bytes(digest)
    elif t is not str:
        raise _fail(
            f"key must be a str, int, bytes or bytearray (or None with a digest), not {t.__name__}"
        )
    try:
        return ns, set_name, user_key, compute_digest(set_name, user_key)
    except UnicodeError:
        raise _fail("key and set name must be valid Unicode text (no lone surrogates)") from None


def key_partition_id(ns: str, set: str | None, key: str | int | bytes | bytearray) -> int:
    """The partition (0..4095) holding the record of ``(ns, set, key)``.

    The first two digest bytes, little-endian, masked to 12 bits. Validates as ``parse_key``;
    raises ParamError for a bad namespace, set name or key (None included).
    """
    return partition_id(parse_key((ns, set, key))[3])


def key_tuple(ns: str, set_name: str | None, user_key: Any, digest: bytes) -> AerospikeKey:
    """The key tuple a call answers with."""
    return AerospikeKey(ns, set_name or None, user_key, bytearray(digest))


GOOD_BIN_NAMES: set[str] = set()
"""Bin names already checked (bounded): the common case costs one set lookup."""


def check_bin_name(name: Any) -> str:
    """Validate a bin name: a str of at most 15 bytes. Raises ParamError / BinNameError."""
    if type(name) is not str:
        raise exception.error(
            exception.ParamError, f"bin name must be a str, not {type(name).__name__}"
        )
    if name in GOOD_BIN_NAMES:
        return name
    try:
        size = len(name.encode())
    except UnicodeError:
        raise exception.error(
            exception.ParamError, "bin name must be valid Unicode text (no lone surrogates)"
        ) from None
    if size > 15:
        raise exception.error(
            exception.BinNameError, f"bin name {name!r} is longer than 15 bytes", bin=name
        )
    if len(GOOD_BIN_NAMES) < 100_000:
        GOOD_BIN_NAMES.add(name)
    return name
