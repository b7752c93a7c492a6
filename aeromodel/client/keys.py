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


def _dict_key(key: dict[Any, Any]) -> tuple[Any, ...]:
    """The key tuple of the dict form the official client also takes: ``{"ns": .., "set": ..,
    "key": ..}`` or ``{"ns": .., "set": .., "digest": ..}`` (a user key wins over a digest, which
    is then not looked at; a missing set is no set)."""
    if "ns" not in key:
        raise _fail("key dict has no 'ns' (namespace is required)")
    ns, set_name = key["ns"], key.get("set")
    if key.get("key") is not None:
        return ns, set_name, key["key"]
    if key.get("digest") is not None:
        return ns, set_name, None, key["digest"]
    raise _fail("key dict needs a 'key' or a 'digest' (either key or digest is required)")


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
    """``parse_key`` for every key its common case leaves out. Its messages are the official
    client's, word for word, where it has one (its own suite compares them)."""
    if isinstance(key, dict):
        return _parse_key(_dict_key(key))
    if type(key) is not tuple and not isinstance(key, tuple):
        raise _fail("key is invalid")
    n = len(key)
    if n == 3:
        ns, set_name, user_key = key
        digest = None
    elif n == 4:
        ns, set_name, user_key, digest = key
    else:
        raise _fail("key tuple must be (Namespace, Set, Key) or (Namespace, Set, None, Digest)")
    if type(ns) is not str:
        raise _fail("namespace must be a string")
    if not ns:
        raise _fail("key namespace must not be empty")
    if set_name is not None:
        if type(set_name) is not str:
            raise _fail("set must be a string")
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
            raise _fail("Byte array size cannot be 0")
        try:
            return ns, set_name, user_key, compute_digest(set_name, bytes(user_key))
        except UnicodeError:
            raise _fail("set name must be valid Unicode text (no lone surrogates)") from None
    elif t is int:
        if not INT64_MIN <= user_key <= INT64_MAX:
            raise _fail("integer value for KEY exceeds sys.maxsize")
    elif t is bool:  # as the official client: True and False are the integer keys 1 and 0
        user_key = int(user_key)
    elif user_key is None:
        if digest is None:
            raise _fail("either key or digest is required")
        if not isinstance(digest, (bytes, bytearray)):
            raise _fail("digest is invalid. expected a bytearray")
        if len(digest) != 20:
            raise _fail(f"digest size is invalid. should be 20 bytes, but received {len(digest)}")
        return ns, set_name, None, bytes(digest)
    elif t is not str:
        raise _fail("key is invalid")
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


def c_string(value: Any, raw: bool = True) -> str | None:
    """Text as the official client sends a name, a C string: a str, or with ``raw`` a bytearray of
    UTF-8, up to its first NUL. None for anything else; UnicodeDecodeError for a bytearray that is
    not UTF-8."""
    if isinstance(value, str):
        return str.__str__(value).partition("\0")[0]
    if raw and isinstance(value, bytearray):
        return bytes(value).partition(b"\0")[0].decode()
    return None


NOT_TEXT = "Bin name should be of type string"
"""The official client's words for a bin name that is not text (in operations); some calls have
their own (select, put, remove_bin), passed as ``not_text``."""


def check_bin_name(name: Any, raw: bool = False, not_text: str = NOT_TEXT) -> str:
    """Validate a bin name as the official client reads one: text that ends at its first NUL (a
    C string: ``"a\\0b"`` names the bin ``a``) of at most 15 bytes. ``raw``: a bytearray of UTF-8
    is taken too, where the official client takes one (operations, scan and query selects, index
    and predicate bins). Answers the name to use; raises ParamError / BinNameError."""
    if type(name) is str and name in GOOD_BIN_NAMES:
        return name
    try:
        text = c_string(name, raw)
    except UnicodeDecodeError:
        # The official client sends such bytes; the record then cannot be read back.
        raise exception.error(exception.ParamError, "bin name must be UTF-8 text") from None
    if text is None:
        raise exception.error(exception.ParamError, not_text)
    try:
        size = len(text.encode())
    except UnicodeError:
        raise exception.error(
            exception.ParamError, "bin name must be valid Unicode text (no lone surrogates)"
        ) from None
    if size > 15:
        raise exception.error(
            # The official client's words (the limit is 15 bytes: UTF-8 can take 4 a character).
            exception.BinNameError, "A bin name should not exceed 15 characters limit", bin=text
        )
    if text is name and len(GOOD_BIN_NAMES) < 100_000:
        GOOD_BIN_NAMES.add(text)
    return text
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
